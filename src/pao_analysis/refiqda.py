"""REFI-QDA exchange with ATLAS.ti, NVivo, MAXQDA, QualCoder and other QDA programs.

:func:`export_qdpx` writes a case as a REFI-QDA 1.5 project (``.qdpx``): a zip with
exactly ``project.qde`` and a flat ``sources/`` folder holding each pseudonymised
transcript as ``sources/<guid>.txt`` (UTF-8, NFC, ``\\n`` line ends, no BOM). The project
holds one user per coder (the auto-coder included), the codebooks (one folder code per
codebook, its codes below it, with colours and descriptions), one case per interview with
the participant's role, organisation, domain and interview date, and every coded segment
as a ``PlainTextSelection`` whose ``Coding`` names the coder in ``creatingUser``; a coder's
memo is the selection's ``Description``. Positions are Unicode code points from 0, end
exclusive, into exactly the text stored in ``sources/``. GUIDs are ``uuid5`` of stable
names, and zip entries carry a fixed time, so re-exports are byte-identical.
:func:`export_qdc` writes the codebooks alone (``.qdc``).

Every export is validated against the REFI-QDA schemas shipped in
``data/refi-qda/`` and checked for what the schemas cannot see (:func:`check_project`):
unique GUIDs, every reference resolving, every internal file present and
``0 <= start < end <= len(text)``.

:func:`import_qdpx` reads a project written by another program and records its codings
as human coder files of the case (``coding/<coder>.csv``, one per ``creatingUser``, via
:mod:`pao_analysis.journal`: append-only; importing the same file twice records nothing).

* **Sources** are matched to interviews by their text: the source text, with a BOM
  dropped, CRLF/CR made ``\\n`` and NFC applied, must equal the interview's pseudonymised
  text (trailing white space aside). Code in the other program on the texts exported here.
* **Positions** are read as code points into the text as stored; where a program counts
  differently (CRLF as one position, a BOM as a character, UTF-16 units for emoji), the
  reading under which the selections' names agree with the text is used (see
  :class:`Units`), else the standard one. Positions are then converted into the case's
  normalised text.
* **Segments**: a selection codes a case segment when it covers at least half the
  segment, lies inside the segment, or has at least half of itself in the segment
  (:func:`segments_for_span`). Selections in no segment (in an interviewer's question,
  say) are reported, as are codings of a whole document.
* **Codes** are mapped with ``coding/refi_mapping.csv`` (foreign code path -> codebook and
  code id), written with best guesses (an exact match of the code's name with a code id,
  label or short label) on the first import and kept as the researcher edits it; codes
  without a case code are skipped and reported. Hierarchies given as nested codes and as
  ``Parent::Child`` names both become the path ``Parent::Child``.
* **Coders** are the ``creatingUser`` names, made into coder ids (letters, digits, ``-``,
  ``_``). The auto-coder's codings of an export are not imported (it codes the case itself).

Examples
--------
>>> guid("code", "conditions", "ambitie")
'd02ab8ca-1d9f-5382-859d-9f3bcf4c1384'
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from itertools import product
from pathlib import Path, PurePosixPath

import pandas as pd
from lxml import etree

from . import journal
from .codebook import Codebook, load_codebook
from .errors import ExchangeError, logger
from .labels import t
from .render import write_zip
from .workbench import RECORD_FIELDS, coding_folder, decision_row, latest_decisions

__all__ = ["ImportResult", "Units", "check_project", "export_qdc", "export_qdpx", "guid", "import_qdpx",
           "position_map", "project_xml", "segments_for_span", "validate_xml"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMAS = {"project": "Project-mrt2019.xsd", "codebook": "Codebook.xsd"}
#: Namespace of every GUID this module makes (uuid5 of a stable name below it).
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pao-analysis.invalid/refi-qda")
MAPPING_FILE = "refi_mapping.csv"
MAPPING_COLUMNS = ("refi_code", "codebook", "code_id")
#: Name of a human coder's selection: ``<segment id> [<codebook id>]``.
_SELECTION_NAME = re.compile(r"^(?P<segment>\S+) \[(?P<codebook>[a-z][a-z0-9_]*)\]$")
_DATE_VARIABLE = "interview_date"
VARIABLES = ("role", "organisation", "domain", _DATE_VARIABLE)


def guid(*parts: str) -> str:
    """A deterministic GUID (uuid5) for a stable name, so that re-exports are identical."""
    return str(uuid.uuid5(GUID_NAMESPACE, "/".join(parts)))


def _gid(value: str | None) -> str:
    """A GUID as compared here: without braces, lower case ('' for none)."""
    return (value or "").strip("{}").lower()


#: The auto-coder's ``User`` GUID: never the GUID of a human coder (those are ``user/<id>``).
AUTO_USER = guid("auto-coder")


# --------------------------------------------------------------------------- schemas
@cache
def _schema(kind: str) -> etree.XMLSchema:
    path = resources.files("pao_analysis").joinpath("data", "refi-qda", SCHEMAS[kind])
    return etree.XMLSchema(etree.parse(io.BytesIO(path.read_bytes())))


def validate_xml(data: bytes, kind: str, *, display: str) -> etree._Element:
    """Parse ``data`` and validate it against the REFI-QDA ``project`` or ``codebook`` schema.

    Raises
    ------
    ExchangeError
        Naming ``display``, the line and element, what the schema expected and the fix.
    """
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ExchangeError(f"not well-formed XML: {exc.msg}", path=display, where=f"line {exc.lineno}",
                            fix="export the project again from the program that made it") from None
    schema = _schema(kind)
    if not schema.validate(root):
        err = schema.error_log.filter_from_errors()[0]
        raise ExchangeError(f"does not follow the REFI-QDA {kind} schema: {err.message}", path=display,
                            where=f"line {err.line}, {err.path}",
                            fix="export again with the program's REFI-QDA export (File > Export > "
                                "REFI-QDA); if it still fails, report this to its makers")
    return root


def _q(tag: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{tag}"


def _where(el: etree._Element) -> str:
    name = el.get("name")
    return f"line {el.sourceline}, <{etree.QName(el).localname}" + (f' name="{name}"' if name else "") + ">"


def check_project(root: etree._Element, sources: dict[str, str], *, display: str = "project.qde") -> list[str]:
    """What the schema cannot check, as a list of problems (empty when all is well).

    GUIDs unique; every ``targetGUID``, ``creatingUser``/``modifyingUser`` and project user
    reference resolving; every ``internal://`` file in ``sources`` (file name -> text);
    ``0 <= start < end <= len(text)`` for every plain-text selection.
    """
    return [f"{display} ({_where(el)}): {message}" for _, el, message in _problems(root, sources)]


def _problems(root: etree._Element, sources: dict[str, str] | None):
    """(kind, element, message) for every problem :func:`check_project` reports; without
    ``sources`` only GUIDs and references are checked."""
    problems: list[tuple[str, etree._Element, str]] = []
    seen: dict[str, etree._Element] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        g = el.get("guid")
        if g is not None:
            key = _gid(g)
            if key in seen:
                problems.append(("guid", el, f"GUID {g} is used twice"))
            seen[key] = el
    refs = ("targetGUID", "creatingUser", "modifyingUser", "creatingUserGUID", "modifyingUserGUID",
            "originGUID", "representedGUID", "sourceVertex", "targetVertex")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in refs:
            g = el.get(attr)
            if g is not None and _gid(g) not in seen:
                problems.append(("reference", el, f"{attr} {g} refers to nothing in the project"))
    for src in root.iter(_q("TextSource")) if sources is not None else ():
        text = _internal_text(src, sources)
        if text is None:
            problems.append(("file", src, f"plainTextPath {src.get('plainTextPath')!r} is not a file in "
                                          "sources/"))
            continue
        for sel in src.iter(_q("PlainTextSelection")):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            if not 0 <= start < end <= len(text):
                problems.append(("position", sel, f"positions {start}-{end} are outside the text "
                                                  f"(0-{len(text)}) or empty"))
    return problems


def _internal_text(src: etree._Element, sources: dict[str, str]) -> str | None:
    content = src.find(_q("PlainTextContent"))
    if content is not None:
        return content.text or ""
    path = src.get("plainTextPath") or ""
    return sources.get(path.removeprefix("internal://")) if path.startswith("internal://") else None


# --------------------------------------------------------------------------- export
def _text(parent: etree._Element, tag: str, value: str, ns: str = PROJECT_NS) -> None:
    if value:
        etree.SubElement(parent, _q(tag, ns)).text = value


def _pick(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("nl") or next(iter(texts.values()), "")


def _code_description(code, language: str) -> str:
    """Definition, then when to use the code, when not, and examples (Dutch by default)."""
    parts = [_pick(code.definition, language)]
    for key, items in (("refi_include", code.include), ("refi_exclude", code.exclude),
                       ("refi_examples", code.examples)):
        if items:
            parts.append(f"{t(key, language)}:\n" + "\n".join(f"- {i}" for i in items))
    return "\n\n".join(p for p in parts if p)


def _codes(parent: etree._Element, books: Sequence[Codebook], language: str, ns: str) -> None:
    """One non-codable folder per codebook, its codes below it (the hierarchy)."""
    codes = etree.SubElement(parent, _q("Codes", ns))
    for book in books:
        folder = etree.SubElement(codes, _q("Code", ns), guid=guid("codebook", book.id),
                                  name=_pick(book.title, language) or book.id, isCodable="false")
        _text(folder, "Description", _pick(book.description, language), ns)
        for code in book.codes:
            el = etree.SubElement(folder, _q("Code", ns), guid=guid("code", book.id, code.id),
                                  name=code.name(language), isCodable="true", color=code.color.upper())
            _text(el, "Description", _code_description(code, language), ns)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _version() -> str:
    try:
        return metadata.version("pao-analysis")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "dev"


def codebook_xml(books: Sequence[Codebook], *, language: str = "nl") -> bytes:
    """The codebooks as a REFI-QDA codebook (``.qdc``) document."""
    root = etree.Element(_q("CodeBook", CODEBOOK_NS), nsmap={None: CODEBOOK_NS},
                         origin=f"pao-analysis {_version()}")
    _codes(root, books, language, CODEBOOK_NS)
    return _serialise(root)


@dataclass(frozen=True)
class _Selection:
    """One exported selection: a segment coded by one user (for humans: in one codebook)."""

    interview_id: str
    start: int
    end: int
    user: str            # user GUID
    name: str
    codes: tuple[tuple[str, str], ...]   # (codebook id, code id)
    memo: str = ""
    when: str = ""       # xsd:dateTime of the decision, '' for the auto-coder
    key: str = ""        # stable name for the GUIDs


def _human_selections(data, books: Sequence[Codebook], case_root: Path) -> tuple[list[_Selection], list[str]]:
    """Every coder's latest decision per segment and codebook (empty decisions included)."""
    segs = data.segments.set_index("segment_id")
    out, coders = [], set()
    for book in books:
        latest = latest_decisions(case_root, book.id)
        unknown = sorted(set(latest["segment_id"]) - set(segs.index)) if not latest.empty else []
        if unknown:
            logger.warning("coding records of %d segment(s) not in the case are not exported (e.g. %s)",
                           len(unknown), unknown[0])
        for r in latest.itertuples():
            if r.segment_id not in segs.index:
                continue
            seg = segs.loc[r.segment_id]
            codes = tuple((book.id, c) for c in str(r.codes).split(";") if c in book.ids)
            coders.add(r.author)
            out.append(_Selection(seg["interview_id"], int(seg["start"]), int(seg["end"]),
                                  guid("user", r.author), f"{r.segment_id} [{book.id}]", codes,
                                  memo=str(r.memo), when=_datetime(r.timestamp),
                                  key=f"{r.author}/{book.id}/{r.segment_id}"))
    return out, sorted(coders)


def _datetime(stamp: str) -> str:
    """A journal time stamp as xsd:dateTime (with the T), '' when it cannot be read."""
    try:
        return pd.Timestamp(stamp).isoformat() if stamp else ""
    except ValueError:
        return ""


def _auto_selections(data, books: Sequence[Codebook], language: str = "nl") -> list[_Selection]:
    """The auto-coder's codes: one selection per segment, all codebooks; its memo gives each
    code's valence and confidence ("Gedeelde ambitie van betekenis: aanwezig (0.86)")."""
    from .schemas import AUTO_SOURCES

    order = {pair: i for i, pair in enumerate((b.id, c) for b in books for c in b.ids)}
    names = {(b.id, c.id): c.name(language) for b in books for c in b.codes}
    auto = data.codings[data.codings["source"].isin(AUTO_SOURCES)]
    by_segment: dict[str, dict] = defaultdict(dict)
    for r in auto.itertuples():
        if (r.codebook, r.code_id) in order:
            by_segment[r.segment_id][(r.codebook, r.code_id)] = (r.valence, r.confidence)
    segs = data.segments.set_index("segment_id")
    out = []
    for s, coded in sorted(by_segment.items()):
        if s not in segs.index:
            continue
        codes = tuple(sorted(coded, key=order.get))
        memo = "; ".join(f"{names[pair]}: {t(coded[pair][0], language)} ({coded[pair][1]:.2f})" for pair in codes)
        out.append(_Selection(segs.at[s, "interview_id"], int(segs.at[s, "start"]), int(segs.at[s, "end"]),
                              AUTO_USER, s, codes, memo=memo, key=f"auto/{s}"))
    return out


def project_xml(data, *, books: Sequence[Codebook], language: str = "nl",
                case_root: str | Path | None = None) -> tuple[bytes, dict[str, str]]:
    """The case as ``project.qde`` bytes and its source texts (``<guid>.txt`` -> text).

    ``data`` is the case's :class:`~pao_analysis.pipeline.CaseData`; human codings are read
    from ``<case_root>/coding/`` (default: the case folder).
    """
    case = data.case
    case_root = Path(case_root or case.root)
    humans, coders = _human_selections(data, books, case_root)
    selections = _auto_selections(data, books, language) + humans
    root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS}, name=case.title or case.case_id,
                         origin=f"pao-analysis {_version()}", creatingUserGUID=AUTO_USER)
    users = etree.SubElement(root, _q("Users"))
    etree.SubElement(users, _q("User"), guid=AUTO_USER, name=t("refi_auto_coder", language), id="pao-auto")
    for coder in coders:
        etree.SubElement(users, _q("User"), guid=guid("user", coder), name=coder, id=coder)
    _codes(etree.SubElement(root, _q("CodeBook")), books, language, PROJECT_NS)
    variables = etree.SubElement(root, _q("Variables"))
    for var in VARIABLES:
        etree.SubElement(variables, _q("Variable"), guid=guid("variable", var), name=t(var, language),
                         typeOfVariable="Date" if var == _DATE_VARIABLE else "Text")
    docs = data.documents.sort_values("interview_id")
    part = case.participants.set_index("interview_id")
    cases = etree.SubElement(root, _q("Cases"))
    texts: dict[str, str] = {}
    for iid in docs["interview_id"]:
        el = etree.SubElement(cases, _q("Case"), guid=guid("case", case.case_id, iid), name=_doc_name(iid, part))
        for var in VARIABLES:
            value = part.at[iid, var] if iid in part.index else ""
            if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value) == "":
                continue
            vv = etree.SubElement(el, _q("VariableValue"))
            etree.SubElement(vv, _q("VariableRef"), targetGUID=guid("variable", var))
            etree.SubElement(vv, _q("DateValue" if var == _DATE_VARIABLE else "TextValue")).text = (
                pd.Timestamp(value).date().isoformat() if var == _DATE_VARIABLE else str(value))
        etree.SubElement(el, _q("SourceRef"), targetGUID=guid("source", case.case_id, iid))
    sources = etree.SubElement(root, _q("Sources"))
    by_doc: dict[str, list[_Selection]] = defaultdict(list)
    for sel in selections:
        by_doc[sel.interview_id].append(sel)
    users_order = {AUTO_USER: 0, **{guid("user", c): i + 1 for i, c in enumerate(coders)}}
    for iid, text in zip(docs["interview_id"], docs["text"]):
        sid = guid("source", case.case_id, iid)
        texts[f"{sid}.txt"] = text
        src = etree.SubElement(sources, _q("TextSource"), guid=sid, name=_doc_name(iid, part),
                               plainTextPath=f"internal://{sid}.txt")
        for sel in sorted(by_doc.get(iid, []), key=lambda s: (s.start, s.end, users_order[s.user], s.name)):
            el = etree.SubElement(src, _q("PlainTextSelection"), guid=guid("selection", sel.key), name=sel.name,
                                  startPosition=str(sel.start), endPosition=str(sel.end), creatingUser=sel.user)
            if sel.when:
                el.set("creationDateTime", sel.when)
            _text(el, "Description", sel.memo)
            for book_id, code_id in sel.codes:
                coding = etree.SubElement(el, _q("Coding"), guid=guid("coding", sel.key, code_id),
                                          creatingUser=sel.user)
                if sel.when:
                    coding.set("creationDateTime", sel.when)
                etree.SubElement(coding, _q("CodeRef"), targetGUID=guid("code", book_id, code_id))
    return _serialise(root), texts


def _doc_name(iid: str, participants: pd.DataFrame) -> str:
    """``P01 Louise``: the interview id and the participant's pseudonym."""
    pseudonym = participants.at[iid, "pseudonym"] if iid in participants.index else ""
    return f"{iid} {pseudonym}".strip()


def _check_export(xml: bytes, texts: dict[str, str], data) -> None:
    root = validate_xml(xml, "project", display="project.qde")
    problems = check_project(root, texts)
    segs = data.segments.set_index("segment_id")
    for src in root.iter(_q("TextSource")):
        text = texts[src.get("plainTextPath").removeprefix("internal://")]
        for sel in src.iter(_q("PlainTextSelection")):
            segment = sel.get("name").split(" [")[0]
            chosen = text[int(sel.get("startPosition")):int(sel.get("endPosition"))]
            if segment in segs.index and chosen != segs.at[segment, "text"]:
                problems.append(f"selection of {segment} does not hold the segment's text")
    if problems:  # a bug here, never the researcher's doing
        raise ExchangeError("; ".join(problems[:5]), path="project.qde",
                            fix="this is a bug in pao_analysis; please report it")


def export_qdpx(data, path: str | Path, *, codebooks: Sequence[Codebook | str] = ("conditions", "timeline"),
                language: str = "nl", case_root: str | Path | None = None) -> Path:
    """Write the case as a REFI-QDA project (``.qdpx``) for ATLAS.ti, NVivo, MAXQDA, QualCoder.

    Parameters
    ----------
    data:
        The case's prepared tables (:func:`pao_analysis.pipeline.open_case`).
    path:
        The ``.qdpx`` file to write.
    codebooks:
        Codebooks (or shipped names / YAML paths) whose codes are exported.
    language:
        Language of the code names, descriptions and variable names (``nl`` or ``en``).
    case_root:
        Where the human coding records are (``<case_root>/coding/``); default the case folder.

    Examples
    --------
    >>> export_qdpx(open_case("corpora/pittelo"), "pittelo.qdpx")  # doctest: +SKIP
    """
    books = [load_codebook(b) if isinstance(b, str | Path) else b for b in codebooks]
    xml, texts = project_xml(data, books=books, language=language, case_root=case_root)
    _check_export(xml, texts, data)
    entries = [("project.qde", xml)] + [(f"sources/{name}", texts[name].encode("utf-8")) for name in sorted(texts)]
    return write_zip(path, entries)


def export_qdc(path: str | Path, *, codebooks: Sequence[Codebook | str] = ("conditions", "timeline"),
               language: str = "nl") -> Path:
    """Write codebooks alone as a REFI-QDA codebook (``.qdc``), validated against its schema."""
    books = [load_codebook(b) if isinstance(b, str | Path) else b for b in codebooks]
    xml = codebook_xml(books, language=language)
    validate_xml(xml, "codebook", display=Path(path).name)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(xml)
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- positions
@dataclass(frozen=True)
class Units:
    """How a program counts positions in a source text.

    ``crlf``: positions a CRLF line end counts for (2 as stored; some programs count 1);
    ``bom``: positions a leading byte-order mark counts for (0: not a character);
    ``utf16``: a character outside the Basic Multilingual Plane (most emoji) counts 2
    (UTF-16 code units) instead of 1 (code points, the standard).
    """

    crlf: int = 2
    bom: int = 0
    utf16: bool = False

    def describe(self) -> str:
        return (f"CRLF={self.crlf}, BOM={'counted' if self.bom else 'not counted'}, "
                f"{'UTF-16 units' if self.utf16 else 'code points'}")


def _tokens(raw: str) -> Iterable[tuple[str, str]]:
    """(kind, token) pieces: a leading BOM, CRLF, CR, or a character with its combining marks."""
    i = 0
    if raw.startswith("\ufeff"):
        yield "bom", "\ufeff"
        i = 1
    while i < len(raw):
        if raw.startswith("\r\n", i):
            yield "crlf", "\r\n"
            i += 2
            continue
        j = i + 1
        while j < len(raw) and unicodedata.combining(raw[j]):
            j += 1
        yield ("cr" if raw[i] == "\r" else "text"), raw[i:j]
        i = j


def position_map(raw: str, units: Units = Units()) -> tuple[str, list[int], list[int]]:
    """The normalised text of ``raw`` (no BOM, ``\\n`` line ends, NFC) and, for every
    position a program counting in ``units`` can give, the normalised position where a
    selection starting there starts (``starts``) and one ending there ends (``ends``).

    Examples
    --------
    >>> text, starts, ends = position_map("\\ufeffa\\r\\nb😀c", Units(crlf=2, bom=1, utf16=True))
    >>> text, starts[4], ends[8]
    ('a\\nb😀c', 2, 5)
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = 0
    for kind, token in _tokens(raw):
        if kind == "bom":
            norm, width = "", units.bom
        elif kind == "crlf":
            norm, width = "\n", units.crlf
        elif kind == "cr":
            norm, width = "\n", 1
        else:
            norm = unicodedata.normalize("NFC", token)
            width = sum(2 if units.utf16 and ord(c) > 0xFFFF else 1 for c in token)
        begin = n
        n += len(norm)
        out.append(norm)
        for k in range(width):   # a position inside a token: starts round down, ends round up
            starts.append(begin)
            ends.append(begin if k == 0 else n)
    starts.append(n)
    ends.append(n)
    return "".join(out), starts, ends


def _candidates(raw: str, origin: str) -> list[Units]:
    """The ways of counting that make a difference for ``raw``, the likeliest first."""
    nvivo = "nvivo" in origin.lower()        # NVivo counts a CRLF once and emoji as UTF-16 units
    options = product(((1, 2) if nvivo else (2, 1)) if "\r\n" in raw else (2,),
                      (0, 1) if raw.startswith("\ufeff") else (0,),
                      ((True, False) if nvivo else (False, True)) if any(ord(c) > 0xFFFF for c in raw) else (False,))
    return [Units(*o) for o in options]


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _choose_units(raw: str, spans: list[tuple[int, int, str]], origin: str) -> Units:
    """The way of counting under which all positions fit and most selection names match
    the selected text (programs often name a selection after its first words)."""
    best, best_score = None, None
    for units in _candidates(raw, origin):
        text, starts, ends = position_map(raw, units)
        if any(not 0 <= s < e < len(starts) for s, e, _ in spans):
            continue
        score = 0
        for s, e, name in spans:
            hint = _squash(name).rstrip(".…").strip()
            if len(hint) >= 3 and not _SELECTION_NAME.match(name):
                chosen = _squash(text[starts[s]:ends[e]])
                score += 1 if chosen.startswith(hint) or hint.startswith(chosen) else -1
        if best_score is None or score > best_score:
            best, best_score = units, score
    return best or Units()


# --------------------------------------------------------------------------- segments
def segments_for_span(segments: pd.DataFrame, start: int, end: int) -> list[str]:
    """The segments a selection ``[start, end)`` codes: those it covers at least half of,
    the one it lies inside, and one holding at least half of the selection.

    Examples
    --------
    >>> segs = pd.DataFrame({"segment_id": ["a", "b", "c"], "start": [0, 100, 200],
    ...                      "end": [90, 190, 400]})
    >>> segments_for_span(segs, 0, 90), segments_for_span(segs, 120, 130), segments_for_span(segs, 50, 150)
    (['a'], ['b'], ['b'])
    >>> segments_for_span(segs, 190, 205), segments_for_span(segs, 60, 250)
    ([], ['b'])
    """
    found = []
    for sid, s, e in zip(segments["segment_id"], segments["start"], segments["end"]):
        overlap = min(end, e) - max(start, s)
        if overlap <= 0:
            continue
        if 2 * overlap >= e - s or (s <= start and end <= e) or 2 * overlap >= end - start:
            found.append(sid)
    return found


# --------------------------------------------------------------------------- import
@dataclass
class ImportResult:
    """What an import recorded and what it could not place."""

    file: str
    recorded: dict[str, int] = field(default_factory=dict)       # coder -> rows appended
    selections: int = 0                                          # selections placed on segments
    auto_codings: int = 0                                        # codings of our auto-coder, not imported
    unmatched_sources: list[str] = field(default_factory=list)   # sources with no interview's text
    skipped: list[str] = field(default_factory=list)             # one line per problem
    mapping_path: Path | None = None
    units: dict[str, str] = field(default_factory=dict)          # source name -> how positions were read
    #: every coding read, in the case's text: (coder, foreign code path, interview id, start, end)
    spans: list[tuple[str, str, str, int, int]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command line (the skipped items follow, one per line)."""
        rows = sum(self.recorded.values())
        who = ", ".join(f"{c} {n}" for c, n in sorted(self.recorded.items())) or "nothing new"
        auto = f"; {self.auto_codings} auto-coder codings left out" if self.auto_codings else ""
        mapping = (f"; code mapping: {self.mapping_path}" if self.mapping_path and self.mapping_path.is_file()
                   else "")
        return (f"{self.file}: {self.selections} coded selections placed on segments; {rows} decisions "
                f"recorded ({who}){auto}; {len(self.skipped)} item(s) skipped{mapping}")


def _open_project(path: Path) -> tuple[zipfile.ZipFile, str]:
    if not path.is_file():
        raise ExchangeError("file not found", path=str(path), fix="check the path")
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ExchangeError("is not a REFI-QDA project (.qdpx is a zip file)", path=path.name,
                            fix="export the project with the program's REFI-QDA export (File > Export > "
                                "REFI-QDA project, .qdpx); a .qdc codebook cannot be imported as a project") from None
    qde = [n for n in zf.namelist() if "/" not in n.strip("/") and n.lower().endswith(".qde")]
    if not qde:
        raise ExchangeError("holds no project file (.qde)", path=path.name, where="zip contents",
                            fix="export the project again as .qdpx; the zip must hold project.qde at its top")
    if len(qde) > 1:
        named = [n for n in qde if n.lower() == "project.qde"]
        if len(named) != 1:
            raise ExchangeError(f"holds {len(qde)} project files ({', '.join(qde)})", path=path.name,
                                where="zip contents", fix="keep one .qde file in the zip")
        qde = named
    return zf, qde[0]


def _source_text(src: etree._Element, zf: zipfile.ZipFile, base: str, qdpx: Path, display: str) -> str:
    """The raw text of a TextSource (inline, internal, relative or absolute path)."""
    content = src.find(_q("PlainTextContent"))
    if content is not None:
        return content.text or ""
    ref = src.get("plainTextPath") or ""
    names = {n.lower(): n for n in zf.namelist()}
    data = None
    scheme, _, rest = ref.partition("://")
    if scheme == "internal":
        data = _zip_entry(zf, names, f"sources/{rest}")
    elif scheme == "relative":
        data = _zip_entry(zf, names, f"sources/{rest}") or _zip_entry(zf, names, rest)
        for folder in (Path(base) if base else None, qdpx.parent):
            if data is None and folder is not None and (folder / rest).is_file():
                data = (folder / rest).read_bytes()
    elif scheme == "absolute" and Path(rest).is_file():
        data = Path(rest).read_bytes()
    if data is None:
        raise ExchangeError(f"the text of source {src.get('name')!r} ({ref or 'no plainTextPath'}) is not "
                            "in the project", path=display, where=_where(src),
                            fix="export the project again with its documents included (.qdpx with sources/)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError(f"the text of source {src.get('name')!r} is not UTF-8", path=display,
                            where=_where(src), fix="export the project again; REFI-QDA texts are UTF-8") from None


def _zip_entry(zf: zipfile.ZipFile, names: dict[str, str], name: str) -> bytes | None:
    found = names.get(str(PurePosixPath(name)).lower())
    return zf.read(found) if found else None


def _code_paths(root: etree._Element) -> dict[str, str]:
    """Code GUID -> path ``Parent::Child`` (nested codes and ``::`` in names alike)."""
    paths: dict[str, str] = {}

    def walk(el, prefix):
        for code in el.findall(_q("Code")):
            parts = [p.strip() for p in (code.get("name") or "").split("::") if p.strip()]
            path = "::".join([*prefix, *parts])
            paths[_gid(code.get("guid"))] = path
            walk(code, [*prefix, *parts])

    codes = root.find(f"{_q('CodeBook')}/{_q('Codes')}")
    if codes is not None:
        walk(codes, [])
    return paths


def _coder_id(name: str, user_guid: str) -> str:
    """A coder id (letters, digits, - and _) from a user's name.

    Examples
    --------
    >>> _coder_id("Anne-Marie de Wit", "x"), _coder_id("Zoë", "x")
    ('Anne-Marie-de-Wit', 'Zoe')
    """
    if not name and not user_guid:
        return "refi-import"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_name).strip("-_")
    return slug or f"refi-{user_guid.strip('{}')[:8]}"


def _guess(path: str, books: Sequence[Codebook]) -> tuple[str, str]:
    """The case code a foreign code path most likely means: its last part equal to a code's
    id, label or short label (any language), the parent deciding between codebooks."""
    parts = [_squash(p) for p in path.split("::")]
    hits = [(b, c) for b in books for c in b.codes
            if parts[-1] in {_squash(c.id), *(_squash(v) for v in c.label.values()),
                             *(_squash(v) for v in c.short.values())}]
    if len(hits) > 1:
        hits = [(b, c) for b, c in hits
                if {_squash(b.id), *(_squash(v) for v in b.title.values())} & set(parts[:-1])] or hits
    return (hits[0][0].id, hits[0][1].id) if len(hits) == 1 else ("", "")


def _mapping(path: Path, foreign: Sequence[str], books: Sequence[Codebook]) -> dict[str, tuple[str, str]]:
    """Read the mapping file, adding best guesses for foreign codes it does not list yet."""
    rows: list[dict] = []
    if path.is_file():
        try:
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ExchangeError(f"cannot be read ({exc})", path=path.name,
                                fix="save it as UTF-8 CSV with columns " + ", ".join(MAPPING_COLUMNS)) from None
        if rows and set(MAPPING_COLUMNS) - set(rows[0]):
            raise ExchangeError(f"lacks columns {', '.join(sorted(set(MAPPING_COLUMNS) - set(rows[0])))}",
                                path=path.name, where="header",
                                fix="keep the header " + ",".join(MAPPING_COLUMNS))
    known = {r["refi_code"] for r in rows}
    new = [dict(zip(MAPPING_COLUMNS, (p, *_guess(p, books)))) for p in sorted(set(foreign) - known)]
    if new:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(MAPPING_COLUMNS), lineterminator="\n")
        if not path.is_file() or not path.stat().st_size:
            writer.writeheader()
        writer.writerows(new)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", newline="") as f:   # the researcher's rows stay as they are
            f.write(buf.getvalue())
    codes = {b.id: set(b.ids) for b in books}
    out = {}
    for line, row in enumerate([*rows, *new], start=2):
        book, code = (row.get("codebook") or "").strip(), (row.get("code_id") or "").strip()
        if not book and not code:
            continue
        if book not in codes or code not in codes[book]:
            choices = "; ".join(f"{b}: {', '.join(sorted(c))}" for b, c in codes.items())
            raise ExchangeError(f"code {book}/{code} for {row['refi_code']!r} is not in the case's codebooks",
                                path=path.name, where=f"line {line}",
                                fix=f"use one of {choices}, or leave codebook and code_id empty to skip it")
        out[row["refi_code"]] = (book, code)
    return out


def _notes(root: etree._Element) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Note GUID -> text, and selection GUID -> note GUIDs linked by ``Links``."""
    notes = {}
    for note in root.iter(_q("Note")):
        content = note.find(_q("PlainTextContent"))
        notes[_gid(note.get("guid"))] = (content.text or "").strip() if content is not None else ""
    linked: dict[str, list[str]] = defaultdict(list)
    for link in root.iter(_q("Link")):
        a, b = _gid(link.get("originGUID")), _gid(link.get("targetGUID"))
        if b in notes:
            linked[a].append(b)
        elif a in notes:
            linked[b].append(a)
    return notes, linked


def _memo(sel: etree._Element, notes: dict[str, str], linked: dict[str, list[str]]) -> str:
    parts = []
    desc = sel.find(_q("Description"))
    if desc is not None and (desc.text or "").strip():
        parts.append(desc.text)
    refs = [_gid(r.get("targetGUID")) for r in sel.findall(_q("NoteRef"))]
    parts += [notes[g] for g in [*refs, *linked.get(_gid(sel.get("guid")), [])] if notes.get(g)]
    return "\n".join(dict.fromkeys(parts))


def _match_document(text: str, docs: dict[str, str]) -> str | None:
    for iid, doc in docs.items():
        if doc == text or doc.rstrip() == text.rstrip():
            return iid
    return None


def import_qdpx(path: str | Path, data, *, books: Sequence[Codebook | str] = ("conditions", "timeline"),
                mapping: str | Path | None = None, case_root: str | Path | None = None,
                clock=journal.timestamp) -> ImportResult:
    """Record the codings of a REFI-QDA project from another program as human coder files.

    Parameters
    ----------
    path:
        The ``.qdpx`` file.
    data:
        The case's prepared tables (:func:`pao_analysis.pipeline.open_case`).
    books:
        The case's codebooks.
    mapping:
        The mapping file (default ``<case>/coding/refi_mapping.csv``): written with best
        guesses for codes it does not list yet, otherwise only read.
    case_root:
        The case folder whose ``coding/`` receives the records (default the case's).

    Raises
    ------
    ExchangeError
        Not a zip, no ``.qde``, XML not following the schema, a dangling GUID, positions
        outside the text: naming the file, the line and element, and the fix.
    """
    path = Path(path)
    books = [load_codebook(b) if isinstance(b, str | Path) else b for b in books]
    folder = coding_folder(case_root or data.case.root)
    mapping_path = Path(mapping) if mapping else folder / MAPPING_FILE
    result = ImportResult(file=path.name, mapping_path=mapping_path)
    zf, qde = _open_project(path)
    with zf:
        display = f"{path.name}:{qde}"
        root = validate_xml(zf.read(qde), "project", display=display)
        raw_texts = {}
        for src in root.iter(_q("TextSource")):
            raw_texts[src.get("guid")] = _source_text(src, zf, root.get("basePath") or "", path, display)
    for _, el, message in _problems(root, None):
        raise ExchangeError(message, path=display, where=_where(el),
                            fix="export the project again; if it persists, the other program wrote a broken "
                                "reference: remove that element there (or report it to its makers)")
    users = {_gid(u.get("guid")): (u.get("name") or u.get("id") or "") for u in root.iter(_q("User"))}
    code_paths = _code_paths(root)
    notes, linked = _notes(root)
    docs = dict(zip(data.documents["interview_id"], data.documents["text"]))
    segs = data.segments.sort_values(["interview_id", "start"])
    by_interview = {iid: g for iid, g in segs.groupby("interview_id")}
    seg_bounds = {s: (int(a), int(b)) for s, a, b in zip(segs["segment_id"], segs["start"], segs["end"])}
    placed: list[tuple[str, str, str, str]] = []        # (coder, code path, segment_id, memo)
    empty: list[tuple[str, str, str, str]] = []         # (coder, codebook, segment_id, memo)
    origin = root.get("origin") or ""
    for src in root.iter(_q("TextSource")):
        name = src.get("name") or src.get("guid")
        raw = raw_texts[src.get("guid")]
        sels = src.findall(_q("PlainTextSelection"))
        for coding in src.findall(_q("Coding")):
            result.skipped.append(f"source {name!r}: a coding of the whole document "
                                  f"({code_paths.get(_ref(coding), '?')}) has no segment; not imported")
        if not sels:
            continue
        spans = [(int(s.get("startPosition")), int(s.get("endPosition")), s.get("name") or "") for s in sels]
        units = _choose_units(raw, spans, origin)
        text, starts, ends = position_map(raw, units)
        if units != Units() or raw.startswith("\ufeff") or "\r" in raw:
            result.units[name] = units.describe()
        iid = _match_document(text, docs)
        if iid is None:
            result.unmatched_sources.append(name)
            result.skipped.append(f"source {name!r}: its text is not the text of any interview of the case "
                                  f"({len(sels)} selections not imported). Fix: code in the other program on "
                                  "the texts of 'pao export qdpx' and export again")
            continue
        for sel, (s, e, _) in zip(sels, spans):
            if not 0 <= s < e < len(starts):
                raise ExchangeError(f"positions {s}-{e} are outside the text of source {name!r} "
                                    f"(0-{len(starts) - 1}) or empty", path=display, where=_where(sel),
                                    fix="export the project again; if it persists, remove this selection in "
                                        "the other program")
            start, end = starts[s], ends[e]
            memo = _memo(sel, notes, linked)
            codings = sel.findall(_q("Coding"))
            user_guid = _gid(sel.get("creatingUser"))
            if not codings:
                m = _SELECTION_NAME.match(sel.get("name") or "")
                if m and seg_bounds.get(m["segment"]) == (start, end) and user_guid != AUTO_USER:
                    empty.append((_coder_id(users.get(user_guid, ""), user_guid), m["codebook"], m["segment"],
                                  memo))
                continue
            hits = segments_for_span(by_interview.get(iid, segs.iloc[:0]), start, end)
            for coding in codings:
                who = _gid(coding.get("creatingUser") or user_guid)
                if who == AUTO_USER:
                    result.auto_codings += 1
                    continue
                code = code_paths.get(_ref(coding), "")
                coder = _coder_id(users.get(who, ""), who)
                result.spans.append((coder, code, iid, start, end))
                if not hits:
                    result.skipped.append(f"source {name!r}, {_where(sel)}: selection {start}-{end} "
                                          f"({code}) is in no segment of {iid} (an interviewer's turn?)")
                    continue
                for sid in hits:
                    placed.append((coder, code, sid, memo))
            result.selections += bool(hits) and any(
                _gid(c.get("creatingUser") or user_guid) != AUTO_USER for c in codings)
    used = sorted({code for _, code, *_ in result.spans if code})
    table = _mapping(mapping_path, used, books)
    for code in used:
        if code not in table:
            n = sum(span[1] == code for span in result.spans)
            result.skipped.append(f"code {code!r} ({n} codings) has no case code: fill in codebook and code_id "
                                  f"in {mapping_path.name} and import again")
    _record(placed, empty, table, books, data, folder, result, clock)
    return result


def _ref(coding: etree._Element) -> str:
    ref = coding.find(_q("CodeRef"))
    return _gid(ref.get("targetGUID")) if ref is not None else ""


def _record(placed, empty, table, books, data, folder: Path, result: ImportResult, clock) -> None:
    """Append a decision per coder, codebook and segment where it differs from the latest."""
    wanted: dict[tuple[str, str, str], tuple[set, list]] = {}
    for coder, book, sid, memo in empty:
        wanted.setdefault((coder, book, sid), (set(), []))[1].append(memo)
    for coder, code, sid, memo in placed:
        if code not in table:
            continue
        book, code_id = table[code]
        codes, memos = wanted.setdefault((coder, book, sid), (set(), []))
        codes.add(code_id)
        memos.append(memo)
    from .schemas import AUTO_SOURCES

    codings = data.codings[data.codings["source"].isin(AUTO_SOURCES)]
    auto = codings.groupby(["codebook", "segment_id"])["code_id"].agg(set).to_dict()
    by_id = {b.id: b for b in books}
    rows: dict[str, list[dict]] = defaultdict(list)
    for book in books:
        latest = latest_decisions(folder.parent, book.id)
        current = {(r.author, r.segment_id): (r.codes, r.memo) for r in latest.itertuples()}
        for (coder, b, sid), (codes, memos) in sorted(wanted.items()):
            if b != book.id:
                continue
            memo = "\n".join(m for m in dict.fromkeys(memos) if m)
            row = decision_row(sid, by_id[b], codes, auto.get((b, sid), set()), memo=memo)
            if current.get((coder, sid)) != (row["codes"], row["memo"]):
                rows[coder].append(row)
    for coder, items in sorted(rows.items()):
        result.recorded[coder] = journal.append_records(journal.record_path(folder, coder), items, author=coder,
                                                        columns=RECORD_FIELDS, clock=clock)
