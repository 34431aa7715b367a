"""Case folders: ``case.yaml`` and ``participants.csv``, validated on load.

See "Corpus format" in the README for the contract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from .errors import CorpusError

CASE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
INTERVIEW_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
PARTICIPANT_COLUMNS = ("interview_id", "pseudonym", "role", "organisation", "domain",
                       "interview_date")
REQUIRED_CASE_KEYS = ("case_id", "title", "language")
ORGANISATION_POLICIES = ("keep", "generalise", "replace")
DATE_POLICIES = ("keep", "month", "year")


@dataclass(frozen=True)
class Privacy:
    """The case's pseudonymisation settings (``pseudonymisation:`` in case.yaml).

    ``organisations``: what happens to organisation names found in the text (keep,
    generalise to a type such as ``[WELZIJNSORGANISATIE]``, or replace by a numbered tag);
    ``keep_organisations`` always stay. ``dates``: keep, or generalise to month or year.
    """

    organisations: str = "keep"
    keep_organisations: tuple[str, ...] = ()
    dates: str = "keep"


@dataclass(frozen=True)
class Phase:
    """A phase of the collaboration as defined by the researcher."""

    name: str
    start: date
    end: date


@dataclass(frozen=True)
class Case:
    """A validated case folder.

    ``participants`` has the columns of :data:`PARTICIPANT_COLUMNS` plus ``transcript``
    (file name in ``transcripts/``) and ``neighbourhood``; ``interview_date`` is a date.
    """

    root: Path
    case_id: str
    title: str
    language: str
    municipality: tuple[str, ...]
    neighbourhood: tuple[str, ...]
    interview_period: tuple[date | None, date | None]
    key_path: Path
    phases: tuple[Phase, ...]
    participants: pd.DataFrame = field(repr=False)
    privacy: Privacy = Privacy()

    @property
    def private_dir(self) -> Path:
        """Where the key and the replacement log live; never read by report notebooks."""
        return self.key_path.parent

    @property
    def log_path(self) -> Path:
        """The private replacement log, written next to the key."""
        return self.private_dir / "replacement_log.csv"

    @property
    def transcripts_dir(self) -> Path:
        return self.root / "transcripts"

    @property
    def places(self) -> tuple[str, ...]:
        """Place names that stay in the text (municipality and neighbourhoods)."""
        return self.municipality + self.neighbourhood

    def interview_dates(self) -> dict[str, date]:
        return dict(zip(self.participants["interview_id"], self.participants["interview_date"]))


def parse_date(value, *, end: bool = False) -> date:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; with ``end`` the last day of the period.

    Examples
    --------
    >>> parse_date("2022-06", end=True), parse_date(2021)
    (datetime.date(2022, 6, 30), datetime.date(2021, 1, 1))
    """
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not m:
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = int(m[1]), m[2], m[3]
    if day:
        return date(year, int(month), int(day))
    if month:
        month = int(month)
        if not end:
            return date(year, month, 1)
        return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()
    return date(year, 12, 31) if end else date(year, 1, 1)


def _as_tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def read_yaml(path: Path, *, display: str) -> dict:
    """Read a YAML mapping; syntax errors name the line and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CorpusError("file not found", path=display,
                          fix="create it; see 'Corpus format' in the README") from None
    except UnicodeDecodeError:
        raise CorpusError("not UTF-8 text", path=display, fix="save it as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise CorpusError(f"YAML syntax error: {problem}", path=display, where=where,
                          fix="check indentation and quotes around text with ':'") from None
    if not isinstance(data, dict):
        raise CorpusError("expected a mapping of keys to values", path=display,
                          fix="start with 'case_id: <id>' on the first line")
    return data


def _phases(raw, *, display: str) -> tuple[Phase, ...]:
    phases = []
    for i, item in enumerate(raw or [], start=1):
        where = f"phases, item {i}"
        if not isinstance(item, dict) or not {"name", "start", "end"} <= set(item):
            raise CorpusError("a phase needs 'name', 'start' and 'end'", path=display,
                              where=where, fix="e.g. '- {name: Fase 1, start: 2020-09, end: 2022-06}'")
        try:
            start, end = parse_date(item["start"]), parse_date(item["end"], end=True)
        except ValueError as exc:
            raise CorpusError(str(exc), path=display, where=where,
                              fix="write dates as YYYY, YYYY-MM or YYYY-MM-DD") from None
        if end < start:
            raise CorpusError("phase ends before it starts", path=display, where=where,
                              fix="swap 'start' and 'end'")
        phases.append(Phase(str(item["name"]), start, end))
    return tuple(phases)


def _choice(raw: dict, name: str, allowed: tuple[str, ...], *, display: str) -> str:
    value = str(raw.get(name, allowed[0])).strip().lower()
    if value not in allowed:
        raise CorpusError(f"unknown value {value!r}", path=display, where=f"pseudonymisation.{name}",
                          fix=f"use one of: {', '.join(allowed)}")
    return value


def _privacy(raw: dict, *, display: str) -> Privacy:
    return Privacy(organisations=_choice(raw, "organisations", ORGANISATION_POLICIES, display=display),
                   keep_organisations=_as_tuple(raw.get("keep_organisations")),
                   dates=_choice(raw, "dates", DATE_POLICIES, display=display))


def load_participants(path: Path, *, display: str) -> pd.DataFrame:
    """Read and validate ``participants.csv``."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise CorpusError("file not found", path=display,
                          fix="create it with columns " + ", ".join(PARTICIPANT_COLUMNS)) from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(f"cannot read as CSV ({type(exc).__name__})", path=display,
                          fix="save it as UTF-8 CSV with a header row") from None
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in PARTICIPANT_COLUMNS if c not in df.columns]
    if missing:
        raise CorpusError(f"missing column(s) {', '.join(missing)}", path=display, where="header",
                          fix="the header must contain " + ", ".join(PARTICIPANT_COLUMNS))
    df = df.apply(lambda s: s.str.strip())
    for col in ("transcript", "neighbourhood"):
        if col not in df.columns:
            df[col] = ""
    dates = []
    for row, (iid, value) in enumerate(zip(df["interview_id"], df["interview_date"]), start=2):
        if not INTERVIEW_ID.match(iid):
            raise CorpusError(f"invalid interview_id {iid!r}", path=display, where=f"row {row}",
                              fix="use letters, digits, - and _ only (e.g. P01)")
        try:
            dates.append(parse_date(value))
        except ValueError:
            raise CorpusError(f"invalid interview_date {value!r}", path=display,
                              where=f"row {row}, column interview_date",
                              fix="write the date as YYYY-MM-DD") from None
    dup = df["interview_id"][df["interview_id"].duplicated()].tolist()
    if dup:
        raise CorpusError(f"interview_id {dup[0]!r} occurs more than once", path=display,
                          fix="give every interview its own id")
    df["interview_date"] = dates
    return df.reset_index(drop=True)


def load_case(case_dir: str | Path) -> Case:
    """Load and validate a case folder.

    Raises
    ------
    CorpusError
        Naming the file, the place and the fix.

    Examples
    --------
    >>> case = load_case("corpora/pittelo")  # doctest: +SKIP
    >>> case.case_id, len(case.participants)  # doctest: +SKIP
    ('pittelo', 6)
    """
    root = Path(case_dir)
    if not root.is_dir():
        raise CorpusError("case folder not found", path=str(root),
                          fix="pass a folder containing case.yaml, participants.csv and transcripts/")
    display = f"{root.name}/case.yaml"
    data = read_yaml(root / "case.yaml", display=display)
    for key in REQUIRED_CASE_KEYS:
        if not data.get(key):
            raise CorpusError(f"missing key '{key}'", path=display, fix=f"add '{key}: ...'")
    case_id = str(data["case_id"])
    if not CASE_ID.match(case_id):
        raise CorpusError(f"invalid case_id {case_id!r}", path=display, where="case_id",
                          fix="use lower-case letters, digits, - and _")
    period = data.get("interview_period") or {}
    try:
        interview_period = (parse_date(period["start"]) if period.get("start") else None,
                            parse_date(period["end"], end=True) if period.get("end") else None)
    except (ValueError, AttributeError, TypeError):
        raise CorpusError("invalid interview_period", path=display, where="interview_period",
                          fix="write 'interview_period: {start: 2023-12-01, end: 2024-02-29}'") from None
    pseudo = data.get("pseudonymisation") or {}
    if not isinstance(pseudo, dict):
        raise CorpusError("expected a mapping", path=display, where="pseudonymisation",
                          fix="write 'pseudonymisation:' with indented keys such as 'dates: keep'")
    key_path = root / str(pseudo.get("key", "private/pseudonym_key.csv"))
    privacy = _privacy(pseudo, display=display)
    participants = load_participants(root / "participants.csv",
                                     display=f"{root.name}/participants.csv")
    return Case(
        root=root, case_id=case_id, title=str(data["title"]), language=str(data["language"]),
        municipality=_as_tuple(data.get("municipality")),
        neighbourhood=_as_tuple(data.get("neighbourhood")),
        interview_period=interview_period, key_path=key_path,
        phases=_phases(data.get("phases"), display=display), participants=participants,
        privacy=privacy,
    )
