"""The member check: each interviewee confirms, corrects or comments on their own timeline.

A learning history sends every interviewee their own timeline (domain brief, step 3).
This module closes that loop:

* :func:`export_member_check` writes per interviewee a document (DOCX and HTML) with a
  short instruction, their timeline figure and per event its id, the date as told, the
  interval, category, label and quote, with fields to fill in; plus an answer sheet (CSV
  and XLSX) with the same rows for those who prefer Excel. A re-export shows the current
  state: corrections applied, removed events in a section of their own so that they can
  be restored.
* :func:`import_answers` reads a returned DOCX, CSV or XLSX, validates it (every problem
  names the file, the row or event and the fix; nothing is recorded when one is found)
  and appends the answers to ``corpora/<case>/membercheck/<interview id>.csv`` (see
  :mod:`pao_analysis.journal`): append-only, timestamped, with the source file's name and
  hash, so that importing the same file twice records nothing the second time.
* :func:`apply_answers` (pure) turns the EVENTS table and the recorded answers into the
  checked events, the removed events, the comments and the answers that could not be
  applied; :func:`checked_events` does the same for a case folder, for any notebook.

Answers per event, in the order they were recorded: ``confirm`` (klopt), ``correct`` (a
new date, label or category; the latest non-empty value of each field wins), ``remove``
(klopt niet - verwijderen; a later confirm or correction restores the event), ``comment``
(only a comment) and ``add`` (an event the interviewee missed, with its own id
``<case>/<interview>/membercheck#<hash>``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from . import journal, schemas
from .codebook import Codebook, default_codebook
from .config import Case, csv_format
from .errors import CorpusError
from .labels import LANGUAGES, t
from .phases import case_phases
from .timeline import clean_spoken, extract_dates, plot_timeline

__all__ = ["ACTIONS", "RECORD_FIELDS", "STATUSES", "ImportResult", "MemberCheck", "answer_sheet",
           "apply_answers", "checked_events", "earlier_comments", "export_member_check", "import_answers",
           "membercheck_folder", "read_answers", "read_returned", "status_per_interview"]

#: What an interviewee can answer per event.
ACTIONS = ("confirm", "correct", "remove", "comment", "add")
#: The member-check status of an event (``removed`` events are listed apart).
STATUSES = ("unchecked", "commented", "confirmed", "corrected", "added", "removed")
#: The columns of an interviewee's record file after ``timestamp`` and ``author`` (the
#: author is the interview id).
RECORD_FIELDS = ("interview_id", "event_id", "action", "date_text", "label", "category", "comment",
                 "source_file", "source_sha256")
#: Columns of the answer sheet (CSV/XLSX); the last six are filled in by the interviewee.
SHEET_COLUMNS = ("case_id", "interview_id", "event_id", "member_check", "date_text", "earliest", "latest",
                 "category", "label", "quote", "earlier_comments", "mark_ok", "mark_remove", "new_date", "new_label",
                 "new_category", "comment")
ANSWER_FIELDS = ("mark_ok", "mark_remove", "new_date", "new_label", "new_category", "comment")
#: Fields of an event block in the DOCX, top to bottom (the first names the event).
BLOCK_FIELDS = ("event_id", "member_check", "date_text", "interval", "category", "label", "quote",
                "earlier_comments", *ANSWER_FIELDS)
MISSING_FIELDS = ("add_date", "add_label", "new_category", "comment")
#: Empty rows for missing events in the documents and the answer sheet.
FREE_ROWS = 5
#: What marks a DOCX as a member-check document of pao-analysis (its core properties).
MARKER = "pao-analysis membercheck"
_NO = {"", "nee", "no", "n", "0", "false", "onwaar", "-"}
_FIELD_KEYS = {*BLOCK_FIELDS, *MISSING_FIELDS, *SHEET_COLUMNS}
_DATE_EXAMPLES = "'voorjaar 2021', 'september 2020', 'eind 2022', '2021-2022'"


# --------------------------------------------------------------------------------------
# recorded answers
# --------------------------------------------------------------------------------------


def membercheck_folder(case_root: str | Path) -> Path:
    """``<case>/membercheck``: the interviewees' answers, one record file per interview.

    Examples
    --------
    >>> membercheck_folder("corpora/pittelo").as_posix()
    'corpora/pittelo/membercheck'
    """
    return Path(case_root) / "membercheck"


def read_answers(case_root: str | Path) -> pd.DataFrame:
    """Every recorded answer of a case, in the order written (timestamp, then file order).

    Columns: ``timestamp``, ``author`` and :data:`RECORD_FIELDS`; empty when nothing was
    recorded yet.
    """
    folder = membercheck_folder(case_root)
    columns = [*journal.RECORD_COLUMNS, *RECORD_FIELDS]
    frames = [journal.read_records(p) for p in sorted(folder.glob("*.csv"))] if folder.is_dir() else []
    frames = [f for f in frames if not f.empty and set(RECORD_FIELDS) <= set(f.columns)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    out = pd.concat(frames, ignore_index=True)[columns]
    return out.sort_values("timestamp", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# apply: pure
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCheck:
    """The events as checked by the interviewees.

    ``events``: the EVENTS table with the answers applied, removed events left out, an
    added ``member_check`` column (unchecked, commented: only a comment, confirmed,
    corrected, added) and ``origin`` (``interview`` or ``membercheck``). ``removed``: the
    removed events, same columns.
    ``comments``: every answer with a comment (timestamp, interview_id, event_id, label,
    action, comment, source_file). ``unapplied``: answers that could not be applied, with
    the reason. ``answers``: the recorded answers that were applied.
    """

    events: pd.DataFrame
    removed: pd.DataFrame
    comments: pd.DataFrame
    unapplied: pd.DataFrame
    answers: pd.DataFrame


def _as_day(value) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    ts = pd.Timestamp(value)
    return None if pd.isna(ts) else ts.date()


def parse_answer_date(text: str, reference: date | None) -> tuple[date, date, str] | None:
    """``(earliest, latest, kind)`` of a date an interviewee wrote, or None when unreadable.

    The text is read with :func:`pao_analysis.timeline.extract_dates` against the
    interview date; several expressions (``voorjaar en zomer 2021``) give the interval
    that covers them all.

    Examples
    --------
    >>> from datetime import date
    >>> parse_answer_date("voorjaar 2021", date(2024, 1, 10))
    (datetime.date(2021, 3, 1), datetime.date(2021, 5, 31), 'fuzzy')
    >>> parse_answer_date("weet ik niet meer", date(2024, 1, 10)) is None
    True
    """
    found = extract_dates(str(text), reference=reference)
    if not found:
        return None
    kind = found[0].kind if len(found) == 1 else "range"
    return min(m.earliest for m in found), max(m.latest for m in found), kind


def added_event_id(case_id: str, interview_id: str, date_text: str, label: str) -> str:
    """The id of an event an interviewee added: stable for the same words.

    Examples
    --------
    >>> added_event_id("pittelo", "P01", "voorjaar 2021", "Eerste wijkwandeling")
    'pittelo/P01/membercheck#910dd065'
    """
    digest = hashlib.sha256(f"{date_text.strip()}\x1f{label.strip()}".encode()).hexdigest()[:8]
    return f"{case_id}/{interview_id}/membercheck#{digest}"


_EVENT_EXTRA = ("kind", "valence")
_CHECK_COLUMNS = ("member_check", "origin")


def _empty_events(events: pd.DataFrame) -> pd.DataFrame:
    columns = [*events.columns, *[c for c in _CHECK_COLUMNS if c not in events.columns]]
    return pd.DataFrame({c: pd.Series(dtype=events[c].dtype if c in events.columns else object)
                         for c in columns})


def apply_answers(events: pd.DataFrame, answers: pd.DataFrame, *,
                  interview_dates: Mapping[str, date]) -> MemberCheck:
    """The events as checked: the recorded answers applied in the order they were given.

    Parameters
    ----------
    events:
        EVENTS table (from :func:`pao_analysis.timeline.extract_events`).
    answers:
        Recorded answers (:func:`read_answers`): ``timestamp``, :data:`RECORD_FIELDS`.
    interview_dates:
        Interview id -> interview date; corrected dates are read against it.

    Returns
    -------
    MemberCheck
        Corrected dates are re-read into ``earliest``/``latest`` with ``date_text`` the
        interviewee's words; a corrected label or category replaces the old one; the
        latest answer wins (a removal is undone by a later confirmation or correction).
        Neither input is changed.

    Examples
    --------
    >>> import pandas as pd
    >>> from datetime import date
    >>> ev = pd.DataFrame({"event_id": ["c/P01/0-9#1"], "case_id": ["c"], "interview_id": ["P01"],
    ...     "segment_id": ["c/P01/0-9"], "date_text": ["2021"], "earliest": [pd.Timestamp("2021-01-01")],
    ...     "latest": [pd.Timestamp("2021-12-31")], "category": ["rol"], "conditions": [""],
    ...     "label": ["In 2021 begon ik"], "quote": ["In 2021 begon ik."]})
    >>> ans = pd.DataFrame({"timestamp": ["t1"], "author": ["P01"], "interview_id": ["P01"],
    ...     "event_id": ["c/P01/0-9#1"], "action": ["correct"], "date_text": ["voorjaar 2022"],
    ...     "label": [""], "category": [""], "comment": [""], "source_file": ["a.docx"],
    ...     "source_sha256": ["x"]})
    >>> out = apply_answers(ev, ans, interview_dates={"P01": date(2024, 1, 10)})
    >>> out.events.loc[0, ["date_text", "earliest", "member_check"]].tolist()
    ['voorjaar 2022', Timestamp('2022-03-01 00:00:00'), 'corrected']
    """
    schemas.check(events, schemas.EVENTS, "events")
    dates = {str(k): _as_day(v) for k, v in interview_dates.items()}
    state: dict[str, dict] = {}
    order: list[str] = []
    for row in events.to_dict("records"):
        state[row["event_id"]] = {**row, "member_check": "unchecked", "origin": "interview",
                                  "_removed": False, "_confirmed": False, "_corrected": False,
                                  "_commented": False}
        order.append(row["event_id"])
    comments, unapplied = [], []
    answers = answers.fillna("") if not answers.empty else answers
    for ans in answers.to_dict("records"):
        eid, action, iid = str(ans["event_id"]), str(ans["action"]), str(ans["interview_id"])
        reference = dates.get(iid)
        if action == "add" and eid not in state:
            parsed = parse_answer_date(ans["date_text"], reference)
            if parsed is None:
                unapplied.append({**ans, "reason": f"date not readable: {ans['date_text']!r}"})
                continue  # not an event: its comment is with the unapplied answer
            case_id = eid.split("/", 1)[0]
            state[eid] = {"event_id": eid, "case_id": case_id, "interview_id": iid, "segment_id": "",
                          "date_text": str(ans["date_text"]).strip(), "earliest": pd.Timestamp(parsed[0]),
                          "latest": pd.Timestamp(parsed[1]), "category": str(ans["category"]),
                          "conditions": "", "label": str(ans["label"]).strip(), "quote": "",
                          "kind": parsed[2], "valence": "", "member_check": "added",
                          "origin": "membercheck", "_removed": False, "_confirmed": False,
                          "_corrected": False, "_commented": False}
            order.append(eid)
        elif eid not in state:
            unapplied.append({**ans, "reason": "event no longer in the timeline (transcript or codebook "
                                               "changed since the export)"})
        else:
            ev = state[eid]
            if action == "remove":
                ev["_removed"] = True
            elif action == "confirm":
                ev["_removed"], ev["_confirmed"] = False, True
            elif action in {"correct", "add"}:
                ev["_removed"] = False
                if str(ans["date_text"]).strip():
                    parsed = parse_answer_date(ans["date_text"], reference)
                    if parsed is None:
                        unapplied.append({**ans, "reason": f"date not readable: {ans['date_text']!r}"})
                    else:
                        ev.update(date_text=str(ans["date_text"]).strip(), earliest=pd.Timestamp(parsed[0]),
                                  latest=pd.Timestamp(parsed[1]), kind=parsed[2], _corrected=True)
                for field in ("label", "category"):
                    if str(ans[field]).strip():
                        ev[field], ev["_corrected"] = str(ans[field]).strip(), True
        if str(ans["comment"]).strip():
            if eid in state:
                state[eid]["_commented"] = True
            comments.append({"timestamp": _minute(ans["timestamp"]), "interview_id": iid, "event_id": eid,
                             "label": state[eid]["label"] if eid in state else "", "action": action,
                             "comment": str(ans["comment"]).strip(), "source_file": ans["source_file"]})
    for ev in state.values():
        if ev["origin"] == "interview":
            ev["member_check"] = ("corrected" if ev["_corrected"] else "confirmed" if ev["_confirmed"] else
                                  "commented" if ev["_commented"] else "unchecked")
    rows = [{k: v for k, v in state[e].items() if not k.startswith("_")} for e in order]
    removed_ids = {e for e in order if state[e]["_removed"]}
    template = _empty_events(events)
    columns = list(template.columns)

    def table(keep) -> pd.DataFrame:
        picked = [r for r in rows if keep(r["event_id"])]
        if not picked:
            return template.copy()
        out = pd.DataFrame(picked).reindex(columns=columns).fillna({c: "" for c in columns
                                                                     if c not in {"earliest", "latest"}})
        out = out.sort_values(["earliest", "interview_id"], kind="stable").reset_index(drop=True)
        for col in ("earliest", "latest"):
            out[col] = out[col].astype("datetime64[ns]")
        return out

    checked = table(lambda e: e not in removed_ids)
    removed = table(lambda e: e in removed_ids).assign(member_check="removed")
    comment_cols = ["timestamp", "interview_id", "event_id", "label", "action", "comment", "source_file"]
    unapplied_cols = ["timestamp", "interview_id", "event_id", "action", "reason", "source_file"]
    return MemberCheck(events=schemas.check(checked, schemas.EVENTS, "checked events"), removed=removed,
                       comments=pd.DataFrame(comments, columns=comment_cols),
                       unapplied=pd.DataFrame(unapplied).reindex(columns=unapplied_cols),
                       answers=answers.copy())


def checked_events(events: pd.DataFrame, case: Case) -> MemberCheck:
    """The case's events with its recorded member-check answers applied (for notebooks).

    Examples
    --------
    >>> check = checked_events(events, data.case)  # doctest: +SKIP
    >>> check.events["member_check"].value_counts()  # doctest: +SKIP
    """
    return apply_answers(events, read_answers(case.root), interview_dates=case.interview_dates())


def status_per_interview(check: MemberCheck, interview_ids: Sequence[str] = ()) -> pd.DataFrame:
    """Per interview: events per member-check status, comments and the last answer's time.

    Columns: ``interview_id``, one per :data:`STATUSES`, ``n_comments``, ``last_answer``
    (empty when the interviewee has not answered). Interviews in ``interview_ids`` without
    events get a row of zeros.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"interview_id": ["P01", "P01"], "member_check": ["confirmed", "added"]})
    >>> none = pd.DataFrame(columns=["interview_id", "timestamp"])
    >>> mc = MemberCheck(ev, none.assign(member_check=[]), none, none, none)
    >>> status_per_interview(mc, ["P01", "P02"])[["interview_id", "confirmed", "added"]].values.tolist()
    [['P01', 1, 1], ['P02', 0, 0]]
    """
    both = pd.concat([check.events[["interview_id", "member_check"]],
                      check.removed[["interview_id", "member_check"]]], ignore_index=True)
    ids = sorted({*map(str, interview_ids), *both["interview_id"].astype(str)})
    counts = pd.crosstab(both["interview_id"].astype(str), both["member_check"]) if not both.empty \
        else pd.DataFrame()
    counts = counts.reindex(index=ids, columns=list(STATUSES), fill_value=0)
    comments = check.comments.groupby("interview_id").size() if not check.comments.empty else pd.Series()
    answers = check.answers
    times = answers.groupby("interview_id")["timestamp"].max() if not answers.empty else pd.Series()
    out = counts.reset_index(names="interview_id")
    out.columns.name = None
    out["n_comments"] = [int(comments.get(i, 0)) for i in ids]
    last = {str(k): _minute(v) for k, v in times.items()}
    out["last_answer"] = [last.get(i, "") for i in ids]
    return out


def _minute(timestamp) -> str:
    """A recorded timestamp as the researcher reads it: '2024-02-13 15:43'."""
    return str(timestamp)[:16].replace("T", " ")


# --------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------


def _day(value) -> str:
    d = _as_day(value)
    return f"{d.day}-{d.month}-{d.year}" if d else ""


def _category_name(code_id: str, codebook: Codebook, language: str) -> str:
    if not code_id:
        return t("uncategorised", language)
    return codebook.code(code_id).name(language) if code_id in codebook.ids else code_id


def earlier_comments(check: MemberCheck) -> dict[str, str]:
    """Per event id, the interviewee's comments so far (oldest first): shown again in a
    re-export, outside the answer fields, so that a returned file does not repeat them."""
    if check.comments.empty:
        return {}
    ordered = check.comments.sort_values("timestamp", kind="stable")
    return {eid: " | ".join(group["comment"]) for eid, group in ordered.groupby("event_id", sort=False) if eid}


def _block_values(ev: dict, codebook: Codebook, language: str, comments: dict[str, str]) -> dict[str, str]:
    return {"event_id": ev["event_id"], "member_check": t(ev["member_check"], language),
            "date_text": str(ev["date_text"]),
            "interval": f"{_day(ev['earliest'])} – {_day(ev['latest'])}",
            "category": _category_name(str(ev["category"]), codebook, language),
            "label": str(ev["label"]), "quote": str(ev["quote"]),
            "earlier_comments": comments.get(ev["event_id"], ""),
            **{f: "" for f in ANSWER_FIELDS}}


def answer_sheet(check: MemberCheck, interview_id: str, *, codebook: Codebook,
                 language: str = "nl") -> pd.DataFrame:
    """The answer sheet of one interviewee: their events (removed ones last), then empty rows
    for missing events; columns :data:`SHEET_COLUMNS` with readable headers.

    Examples
    --------
    >>> sheet = answer_sheet(check, "P01", codebook=default_codebook("timeline"))  # doctest: +SKIP
    """
    rows, comments = [], earlier_comments(check)
    for frame in (check.events, check.removed):
        for ev in frame[frame["interview_id"] == interview_id].to_dict("records"):
            rows.append({"case_id": ev["case_id"], "interview_id": interview_id, "event_id": ev["event_id"],
                         "member_check": t(ev["member_check"], language), "date_text": ev["date_text"],
                         "earliest": str(_as_day(ev["earliest"]) or ""),
                         "latest": str(_as_day(ev["latest"]) or ""),
                         "category": _category_name(str(ev["category"]), codebook, language),
                         "label": ev["label"], "quote": ev["quote"],
                         "earlier_comments": comments.get(ev["event_id"], "")})
    case_id = rows[0]["case_id"] if rows else ""
    rows += [{"case_id": case_id, "interview_id": interview_id} for _ in range(FREE_ROWS)]
    sheet = pd.DataFrame(rows, columns=list(SHEET_COLUMNS), dtype=object).fillna("")
    return sheet.rename(columns={c: t(c, language) for c in SHEET_COLUMNS})


def _figure_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


@dataclass(frozen=True)
class _Doc:
    """What one interviewee's document holds, for the DOCX and the HTML writer."""

    case_id: str
    interview_id: str
    title: str
    figure: bytes
    events: list[dict]
    removed: list[dict]
    categories: list[tuple[str, str]]
    language: str


def _html(doc: _Doc) -> str:
    lang, e = doc.language, html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
             f"<title>{e(doc.title)}</title>\n<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;"
             "line-height:1.4}table{border-collapse:collapse;width:100%;margin:0 0 1.2em}"
             "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}"
             "th{width:16em;background:#f2f2f2}td.fill{height:1.6em}img{max-width:100%}</style>\n"
             f"</head>\n<body>\n<h1>{e(doc.title)}</h1>\n"
             f"<p><small>{e(t('mc_reference', lang))}: {e(doc.case_id)} / {e(doc.interview_id)}</small></p>\n"]
    for key in ("mc_intro", "mc_how", "mc_return"):
        parts.append(f"<p>{e(t(key, lang))}</p>\n")
    parts.append(f"<h2>{e(t('mc_categories', lang))}</h2>\n<ul>\n")
    parts += [f"<li>{e(name)}</li>\n" for _, name in doc.categories]
    parts.append("</ul>\n")
    parts.append(f"<img alt=\"{e(doc.title)}\" src=\"data:image/png;base64,"
                 f"{base64.b64encode(doc.figure).decode()}\">\n")

    def blocks(items: list[dict]) -> None:
        for values in items:
            parts.append("<table>\n")
            for key in BLOCK_FIELDS:
                cls = ' class="fill"' if key in ANSWER_FIELDS else ""
                parts.append(f"<tr><th>{e(t(key, lang))}</th><td{cls}>{e(values[key])}</td></tr>\n")
            parts.append("</table>\n")

    parts.append(f"<h2>{e(t('mc_events', lang))}</h2>\n")
    if not doc.events:
        parts.append(f"<p>{e(t('mc_no_events', lang))}</p>\n")
    blocks(doc.events)
    if doc.removed:
        parts.append(f"<h2>{e(t('mc_removed', lang))}</h2>\n<p>{e(t('mc_removed_how', lang))}</p>\n")
        blocks(doc.removed)
    parts.append(f"<h2>{e(t('mc_missing', lang))}</h2>\n<p>{e(t('mc_missing_how', lang))}</p>\n<table>\n<tr>")
    parts += [f"<th>{e(t(k, lang))}</th>" for k in MISSING_FIELDS]
    parts.append("</tr>\n")
    parts += ["<tr>" + '<td class="fill"></td>' * len(MISSING_FIELDS) + "</tr>\n"] * FREE_ROWS
    parts.append("</table>\n</body>\n</html>\n")
    return "".join(parts)


def _docx(doc: _Doc, path: Path) -> Path:
    import docx
    from docx.shared import Cm, Pt

    from .render import save_docx

    lang = doc.language
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(10)
    props = d.core_properties
    props.title, props.subject, props.keywords = doc.title, MARKER, f"{doc.case_id}/{doc.interview_id}"
    props.comments = ""
    d.add_heading(doc.title, level=1)
    d.add_paragraph(f"{t('mc_reference', lang)}: {doc.case_id} / {doc.interview_id}")
    for key in ("mc_intro", "mc_how", "mc_return"):
        d.add_paragraph(t(key, lang))
    d.add_heading(t("mc_categories", lang), level=2)
    for _, name in doc.categories:
        d.add_paragraph(name, style="List Bullet")
    d.add_picture(io.BytesIO(doc.figure), width=Cm(16))

    def blocks(items: list[dict]) -> None:
        for values in items:
            table = d.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for key in BLOCK_FIELDS:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = t(key, lang), values[key]
                cells[0].paragraphs[0].runs[0].bold = True
                cells[0].width, cells[1].width = Cm(5), Cm(11)
            d.add_paragraph()

    d.add_heading(t("mc_events", lang), level=2)
    if not doc.events:
        d.add_paragraph(t("mc_no_events", lang))
    blocks(doc.events)
    if doc.removed:
        d.add_heading(t("mc_removed", lang), level=2)
        d.add_paragraph(t("mc_removed_how", lang))
        blocks(doc.removed)
    d.add_heading(t("mc_missing", lang), level=2)
    d.add_paragraph(t("mc_missing_how", lang))
    table = d.add_table(rows=1 + FREE_ROWS, cols=len(MISSING_FIELDS))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, MISSING_FIELDS):
        cell.text = t(key, lang)
        cell.paragraphs[0].runs[0].bold = True
    return save_docx(d, path)


def export_member_check(events: pd.DataFrame, case: Case, output_dir: str | Path, *, language: str = "nl",
                        interview_ids: Sequence[str] = (), answers: pd.DataFrame | None = None,
                        codebook: Codebook | None = None) -> list[Path]:
    """Write the member-check documents of a case: per interviewee DOCX, HTML, CSV and XLSX.

    Parameters
    ----------
    events:
        The case's EVENTS table (pseudonymised).
    case:
        The case; its recorded answers are applied first (a re-export shows the current
        state), its participants give the pseudonyms and its phases the figure's bands.
    output_dir:
        Folder for ``membercheck_<interview id>.docx``/``.html``/``.csv``/``.xlsx``.
    language:
        ``nl`` (default) or ``en``.
    interview_ids:
        Only these interviews (default: every participant).
    answers:
        The recorded answers (default: read from the case folder).
    codebook:
        The timeline codebook (default: the shipped one).

    Returns
    -------
    list of Path
        The files written, sorted. Rerunning on the same input gives the same bytes.

    Examples
    --------
    >>> export_member_check(events, data.case, "outputs/pittelo/membercheck")  # doctest: +SKIP
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    codebook = codebook or default_codebook("timeline")
    answers = read_answers(case.root) if answers is None else answers
    check = apply_answers(events, answers, interview_dates=case.interview_dates())
    names = dict(zip(case.participants["interview_id"], case.participants["pseudonym"]))
    ids = list(interview_ids) or sorted(names)
    lanes = [(c.id, c.name(language), c.color) for c in codebook.codes]
    phases = case_phases(case)
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written, comments = [], earlier_comments(check)
    for iid in ids:
        own = check.events[check.events["interview_id"] == iid]
        gone = check.removed[check.removed["interview_id"] == iid]
        title = f"{t('mc_title', language)} – {names.get(iid, iid)} ({iid})"
        fig = plot_timeline(own, categories=lanes, phases=phases, language=language,
                            title=f"{names.get(iid, iid)} ({iid})")
        doc = _Doc(case_id=case.case_id, interview_id=iid, title=title, figure=_figure_png(fig),
                   events=[_block_values(ev, codebook, language, comments) for ev in own.to_dict("records")],
                   removed=[_block_values(ev, codebook, language, comments) for ev in gone.to_dict("records")],
                   categories=[(c.id, c.name(language)) for c in codebook.codes], language=language)
        stem = folder / f"membercheck_{iid}"
        html_path = stem.with_suffix(".html")
        html_path.write_text(_html(doc), encoding="utf-8", newline="\n")
        sheet = answer_sheet(check, iid, codebook=codebook, language=language)
        csv_path = stem.with_suffix(".csv")
        sheet.to_csv(csv_path, index=False, encoding="utf-8-sig", lineterminator="\n")
        from .render import write_xlsx

        written += [_docx(doc, stem.with_suffix(".docx")), html_path, csv_path,
                    write_xlsx({"membercheck": sheet}, stem.with_suffix(".xlsx"))]
    return sorted(written)


# --------------------------------------------------------------------------------------
# import
# --------------------------------------------------------------------------------------


def _field_key(text: str) -> str | None:
    """The field key of a header or row label in either language (None when unknown)."""
    wanted = " ".join(str(text).split()).casefold()
    for key in sorted(_FIELD_KEYS):
        if any(" ".join(t(key, lang).split()).casefold() == wanted for lang in LANGUAGES) or key == wanted:
            return key
    return None


def _not_ours(name: str, why: str) -> CorpusError:
    return CorpusError(f"not a member-check answer file of pao-analysis ({why})", path=name,
                       fix="import the .docx, .csv or .xlsx made by 'pao membercheck export', as the "
                           "interviewee returned it")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def _read_docx(path: Path) -> tuple[dict, list[dict]]:
    import docx

    try:
        d = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _not_ours(path.name, f"cannot be opened as a Word document: {type(exc).__name__}") from None
    props = d.core_properties
    if props.subject != MARKER or "/" not in (props.keywords or ""):
        raise _not_ours(path.name, "the Word document has no member-check reference")
    case_id, interview_id = props.keywords.split("/", 1)
    rows, n_missing = [], 0
    for table in d.tables:
        cells = [[_cell(c.text) for c in r.cells] for r in table.rows]
        if not cells:
            continue
        if len(cells[0]) == 2 and _field_key(cells[0][0]) == "event_id":
            values = {}
            for label, value in cells:
                key = _field_key(label)
                if key in ANSWER_FIELDS or key == "event_id":
                    values[key] = value
            rows.append({"where": f"event {values['event_id'] or '(id empty)'}", "case_id": case_id,
                         "interview_id": interview_id, **values})
        elif [_field_key(c) for c in cells[0]] == list(MISSING_FIELDS):
            for r in cells[1:]:
                n_missing += 1
                new = dict(zip(("new_date", "new_label", "new_category", "comment"), r))
                rows.append({"where": f"missing events table, row {n_missing}", "case_id": case_id,
                             "interview_id": interview_id, "event_id": "", **new})
    return {"case_id": case_id, "interview_id": interview_id}, rows


def _read_table(path: Path) -> tuple[dict, list[dict]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            table = pd.read_excel(path, dtype=str, sheet_name=0)
        else:
            data = path.read_bytes()
            encoding, delimiter = csv_format(data)
            table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding=encoding,
                                sep=delimiter)
    except (zipfile.BadZipFile, ValueError, KeyError, pd.errors.ParserError, pd.errors.EmptyDataError,
            UnicodeDecodeError) as exc:
        raise _not_ours(path.name, f"cannot be read as a table: {type(exc).__name__}") from None
    keys = {c: _field_key(c) for c in table.columns}
    found = set(keys.values())
    if not {"event_id", "interview_id"} <= found or not found & set(ANSWER_FIELDS):
        raise _not_ours(path.name, "the columns 'gebeurtenis-id', 'interview' and the answer columns are "
                                   "missing")
    table = table.rename(columns={c: k for c, k in keys.items() if k})
    rows = []
    for n, rec in enumerate(table.to_dict("records"), start=2):  # row 1 is the header
        row = {k: _cell(rec.get(k)) for k in ("case_id", "interview_id", "event_id", *ANSWER_FIELDS)}
        rows.append({"where": f"row {n}", **row})
    counts = pd.Series([r["interview_id"] for r in rows if r["interview_id"]]).value_counts()
    most = counts.index[counts == counts.max()].tolist() if len(counts) else []
    return {"case_id": next((r["case_id"] for r in rows if r["case_id"]), ""),
            "interview_id": most[0] if len(most) == 1 else ""}, rows


def read_returned(path: str | Path) -> tuple[dict, list[dict]]:
    """The rows of a returned member-check file (DOCX, CSV or XLSX), not yet validated.

    Returns ``(meta, rows)``: ``meta`` has the file's ``case_id`` and ``interview_id``;
    every row has ``where`` (event or row, for messages), ``case_id``, ``interview_id``,
    ``event_id`` (empty for an added event) and the answer fields as written.

    Raises
    ------
    CorpusError
        When the file is not a member-check file made by :func:`export_member_check`.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError("file not found", path=str(path), fix="check the path")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    if suffix in {".csv", ".xlsx"}:
        return _read_table(path)
    raise _not_ours(path.name, f"a {suffix or 'file without extension'} file")


def _category_ids(codebook: Codebook) -> dict[str, str]:
    """Every way to write a category (id, label, short label, first word; both languages)."""
    names: dict[str, str] = {}
    for c in codebook.codes:
        for lang in LANGUAGES:
            for text in (c.id, c.name(lang), c.short.get(lang, ""), c.name(lang).split()[0]):
                if text:
                    names[" ".join(text.split()).casefold()] = c.id
    return names


def _marked(value: str) -> bool:
    return value.strip().casefold() not in _NO


def _validate(meta: dict, rows: list[dict], *, name: str, case: Case, events: pd.DataFrame,
              answers: pd.DataFrame, codebook: Codebook) -> tuple[str, list[dict], list[CorpusError]]:
    """The interview id, the answers to record and the problems found."""
    problems: list[CorpusError] = []
    known_interviews = set(case.participants["interview_id"].astype(str))
    iid = meta["interview_id"]
    if meta["case_id"] and meta["case_id"] != case.case_id:
        problems.append(CorpusError(f"the file belongs to case '{meta['case_id']}', not to '{case.case_id}'",
                                    path=name, fix=f"import it into case '{meta['case_id']}'"))
    ids_in_rows = sorted({r["interview_id"] for r in rows if r["interview_id"]})
    if not iid:
        problems.append(CorpusError(f"the file names {len(ids_in_rows)} interviews "
                                    f"({', '.join(ids_in_rows) or 'none'}) in the column 'interview'",
                                    path=name, fix="one file per interviewee: keep their own interview id "
                                                   "in every row"))
    elif iid not in known_interviews:
        problems.append(CorpusError(f"interview '{iid}' is not in participants.csv of case '{case.case_id}'",
                                    path=name, fix="import the file into the case it was exported from"))
    owner = dict(zip(events["event_id"], events["interview_id"].astype(str)))
    added = answers[answers["action"] == "add"] if not answers.empty else answers
    owner.update(dict(zip(added.get("event_id", []), added.get("interview_id", []))))
    categories = _category_ids(codebook)
    reference = _as_day(case.interview_dates().get(iid)) if iid else None
    valid_categories = ", ".join(c.name("nl") for c in codebook.codes)
    out = []
    for row in rows:
        where, eid = row["where"], row["event_id"]
        if row["interview_id"] and iid and row["interview_id"] != iid:
            problems.append(CorpusError(f"interview id '{row['interview_id']}' does not match the file's "
                                        f"interview '{iid}'", path=name, where=where,
                                        fix=f"restore '{iid}' in the column 'interview'"))
            continue
        ok, remove = _marked(row.get("mark_ok", "")), _marked(row.get("mark_remove", ""))
        new_date, new_label = row.get("new_date", ""), clean_spoken(row.get("new_label", ""))
        new_cat, comment = row.get("new_category", ""), row.get("comment", "")
        if not any((ok, remove, new_date, new_label, new_cat, comment)):
            continue
        if eid and eid not in owner:
            problems.append(CorpusError(f"unknown event id '{eid}'", path=name, where=where,
                                        fix="do not change the event ids; export the documents again "
                                            "with 'pao membercheck export' if the timeline changed"))
            continue
        if eid and iid and owner[eid] != iid:
            problems.append(CorpusError(f"event '{eid}' belongs to interview '{owner[eid]}', not to the "
                                        f"file's interview '{iid}'", path=name, where=where,
                                        fix="answer only for the interviewee's own events"))
            continue
        category = ""
        if new_cat:
            category = categories.get(" ".join(new_cat.split()).casefold(), "")
            if not category:
                problems.append(CorpusError(f"unknown category '{new_cat}'", path=name, where=where,
                                            fix=f"write one of: {valid_categories} (or their English "
                                                "names), or leave it empty"))
                continue
        if new_date and parse_answer_date(new_date, reference) is None:
            problems.append(CorpusError(f"the date '{new_date}' cannot be read", path=name, where=where,
                                        fix=f"write a date in words or numbers, e.g. {_DATE_EXAMPLES}"))
            continue
        if ok and remove:
            problems.append(CorpusError("both 'klopt' and 'verwijderen' are marked", path=name, where=where,
                                        fix="mark one of the two"))
            continue
        if remove and (new_date or new_label or category):
            problems.append(CorpusError("marked 'verwijderen' and also corrected", path=name, where=where,
                                        fix="either remove the event or correct it"))
            continue
        if not eid:
            if not (new_date and new_label):
                problems.append(CorpusError("a missing event needs both a date and a description",
                                            path=name, where=where,
                                            fix=f"fill in when (e.g. {_DATE_EXAMPLES}) and what happened"))
                continue
            action, eid = "add", added_event_id(case.case_id, iid, new_date, new_label)
        elif remove:
            action = "remove"
        elif new_date or new_label or category:
            action = "correct"
        else:
            action = "confirm" if ok else "comment"
        out.append({"interview_id": iid, "event_id": eid, "action": action, "date_text": new_date,
                    "label": new_label, "category": category, "comment": comment})
    return iid, out, problems


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_answers` recorded: the interview, the record file, the answers per
    action, and whether the file had been imported before (then nothing is recorded)."""

    interview_id: str
    path: Path
    counts: dict[str, int]
    already_imported: bool = False

    def summary(self) -> str:
        """One line for the command line."""
        if self.already_imported:
            return f"{self.interview_id}: this file was imported before; nothing recorded"
        parts = ", ".join(f"{n} {action}" for action, n in self.counts.items() if n) or "no answers"
        return f"{self.interview_id}: {sum(self.counts.values())} answers recorded ({parts}) -> {self.path}"


def import_answers(path: str | Path, case: Case, events: pd.DataFrame, *,
                   codebook: Codebook | None = None,
                   clock: Callable[[], str] = journal.timestamp) -> ImportResult:
    """Validate a returned member-check file and append its answers to the case's records.

    Parameters
    ----------
    path:
        The returned DOCX, CSV or XLSX.
    case:
        The case the file was exported from; answers go to
        ``<case>/membercheck/<interview id>.csv``.
    events:
        The case's EVENTS table, to check the event ids.
    codebook:
        The timeline codebook (default: the shipped one), to read categories.
    clock:
        Time stamp of the rows.

    Returns
    -------
    ImportResult
        A file already imported (same SHA-256) records nothing.

    Raises
    ------
    CorpusError
        Naming the file, the event or row and the fix, when the file is not one of ours or
        has a problem; nothing is recorded then.

    Examples
    --------
    >>> import_answers("terug/membercheck_P01.docx", data.case, events).summary()  # doctest: +SKIP
    'P01: 3 answers recorded (1 confirm, 1 correct, 1 remove) -> corpora/pittelo/membercheck/P01.csv'
    """
    path = Path(path)
    codebook = codebook or default_codebook("timeline")
    meta, rows = read_returned(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    answers = read_answers(case.root)
    iid, out, problems = _validate(meta, rows, name=path.name, case=case, events=events, answers=answers,
                                   codebook=codebook)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        listed = "\n".join(f"  - {p.where or 'file'}: {p.message}. Fix: {p.fix}" for p in problems)
        raise CorpusError(f"{len(problems)} problems; nothing was recorded:\n{listed}\n", path=path.name,
                          fix="correct these rows and import the file again")
    record = journal.record_path(membercheck_folder(case.root), iid)
    counts = {a: sum(r["action"] == a for r in out) for a in ACTIONS}
    if digest in set(answers["source_sha256"]):
        return ImportResult(iid, record, counts, already_imported=True)
    if not out:
        return ImportResult(iid, record, counts)
    rows_out = [{**r, "source_file": path.name, "source_sha256": digest} for r in out]
    journal.append_records(record, rows_out, author=iid, columns=RECORD_FIELDS, clock=clock)
    return ImportResult(iid, record, counts)

