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
    ``keep_words``: words that are never names here (an idiom such as "alle hens aan dek",
    an author the interviewees cite), in addition to :data:`METHOD_WORDS`.
    """

    organisations: str = "keep"
    keep_organisations: tuple[str, ...] = ()
    dates: str = "keep"
    keep_words: tuple[str, ...] = ()


#: Authors of the method that interviewees and the reports cite ("de vijf voorwaarden van
#: Kaats & Opheij", "leergeschiedenis naar Kleiner & Roth"): never names of participants.
METHOD_WORDS = ("Kaats", "Opheij", "Kleiner", "Roth")


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

    @property
    def kept_words(self) -> tuple[str, ...]:
        """Everything the pseudonymiser must leave: the places, the words of the method
        (:data:`METHOD_WORDS`) and the case's own ``keep_words``."""
        return self.places + METHOD_WORDS + self.privacy.keep_words

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


def _yaml_fix(problem: str) -> str:
    """What to do about a YAML syntax error, from PyYAML's description (with its context)."""
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' between double quotes, e.g. title: \"Samen: een verkenning\""
    if "\\t" in problem:  # PyYAML writes a tab as '\t'
        return "indent with spaces, not tabs"
    if any(opened in problem for opened in ("end of stream", "quoted scalar", "flow sequence", "flow mapping")):
        return "close the quote or bracket that was opened (or put the whole text between double quotes)"
    return "check the indentation (spaces, not tabs) and put text with ':' or '#' between double quotes"


def _yaml_error(exc: yaml.YAMLError, *, display: str) -> CorpusError:
    """A CorpusError naming the line and column (1-based) of a YAML syntax error."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
    problem = getattr(exc, "problem", None) or "invalid YAML"
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and start:
        problem += f" ({context} at line {start.line + 1}, column {start.column + 1})"
    return CorpusError(f"YAML syntax error: {problem}", path=display, where=where, fix=_yaml_fix(problem))


def read_yaml(path: Path, *, display: str) -> dict:
    """Read a YAML mapping; syntax errors name the line and column. The file is only read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError("file not found", path=display,
                          fix="create it; see 'Corpus format' in the README") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError("not UTF-8 text", path=display, where=f"line {data[:err.start].count(10) + 1}",
                          fix="save it as UTF-8 (in a text editor: Save as, encoding UTF-8)") from None
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, display=display) from None
    if not isinstance(loaded, dict):
        raise CorpusError("expected a mapping of keys to values", path=display,
                          fix="start with 'case_id: <id>' on the first line")
    return loaded


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
                   dates=_choice(raw, "dates", DATE_POLICIES, display=display),
                   keep_words=_as_tuple(raw.get("keep_words")))


def csv_format(data: bytes) -> tuple[str, str]:
    """(encoding, delimiter) of a CSV file as saved by a text editor or Excel (also with ';')."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        try:
            data.decode("utf-8-sig")
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            encoding = "cp1252"
    first_line = data.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    for delimiter in (";", "\t"):
        if delimiter in first_line and "," not in first_line:
            return encoding, delimiter
    return encoding, ","


def csv_error(exc: Exception, *, display: str) -> CorpusError:
    """A CorpusError for a CSV that pandas cannot parse, with the line when pandas gives it."""
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
    if fields:
        expected, line, saw = fields.groups()
        return CorpusError(f"the row has {saw} fields but the header has {expected}", path=display,
                           where=f"line {line}", fix="put text that contains a comma between double quotes, "
                                                     "or remove the extra comma")
    return CorpusError(f"cannot read as CSV ({type(exc).__name__})", path=display,
                       fix="save it as UTF-8 CSV with a header row")


def _read_participants_csv(path: Path, *, display: str) -> pd.DataFrame:
    """The raw table, every cell a stripped string; trailing empty rows (Excel) dropped."""
    try:
        encoding, delimiter = csv_format(path.read_bytes())
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, sep=delimiter)
    except FileNotFoundError:
        raise CorpusError("file not found", path=display,
                          fix="create it with columns " + ", ".join(PARTICIPANT_COLUMNS)) from None
    except pd.errors.EmptyDataError:
        raise CorpusError("the file is empty", path=display, fix="write the header "
                          + ",".join(PARTICIPANT_COLUMNS) + " and one row per interview") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise csv_error(exc, display=display) from None
    df.columns = [str(c).strip().lstrip("\ufeff").strip().lower() for c in df.columns]
    df = df.apply(lambda s: s.str.strip())
    filled = (df != "").any(axis=1)
    last = filled[filled].index.max() if filled.any() else -1
    return df.loc[:last].copy()


def _check_columns(df: pd.DataFrame, *, display: str) -> None:
    missing = [c for c in PARTICIPANT_COLUMNS if c not in df.columns]
    if missing:
        raise CorpusError(f"missing column(s) {', '.join(missing)}; the header has "
                          f"{', '.join(c for c in df.columns if c) or 'no names'}",
                          path=display, where="line 1, the header",
                          fix=f"add the column(s) {', '.join(missing)} to the first line and fill them in "
                              "every row; the header must contain " + ", ".join(PARTICIPANT_COLUMNS))


def _interview_dates(df: pd.DataFrame, *, display: str) -> list:
    """The parsed interview dates, after checking every interview id."""
    dates = []
    for row, (iid, value) in enumerate(zip(df["interview_id"], df["interview_date"]), start=2):
        if not iid:
            raise CorpusError("empty interview_id", path=display, where=f"row {row}, column interview_id",
                              fix="fill in the interview_id (e.g. P01) or delete the row")
        if not INTERVIEW_ID.match(iid):
            raise CorpusError(f"invalid interview_id {iid!r}", path=display, where=f"row {row}",
                              fix="use letters, digits, - and _ only (e.g. P01)")
        try:
            dates.append(parse_date(value))
        except ValueError:
            raise CorpusError(f"invalid interview_date {value!r}", path=display,
                              where=f"row {row}, column interview_date",
                              fix="write the date as YYYY-MM-DD") from None
    return dates


def load_participants(path: Path, *, display: str) -> pd.DataFrame:
    """Read and validate ``participants.csv`` (only read, never written).

    UTF-8 (with or without BOM), UTF-16 with BOM and Windows-1252 are read, and ``;`` or
    tab between the columns as Excel writes them. Errors name the file, the row or
    column, and the fix.
    """
    df = _read_participants_csv(path, display=display)
    _check_columns(df, display=display)
    for col in ("transcript", "neighbourhood"):
        if col not in df.columns:
            df[col] = ""
    dates = _interview_dates(df, display=display)
    dup = df["interview_id"][df["interview_id"].duplicated()].tolist()
    if dup:
        rows = [i + 2 for i in df.index[df["interview_id"] == dup[0]]]
        raise CorpusError(f"interview_id {dup[0]!r} occurs more than once", path=display,
                          where=f"rows {', '.join(map(str, rows))}", fix="give every interview its own id")
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
