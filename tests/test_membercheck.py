"""The member check round trip: export -> the interviewee fills in -> import -> apply.

Every test works on a copy of the Pittelo demo case (and of its prepared tables), so
the real corpus folder is never written.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from pao_analysis import membercheck as mc
from pao_analysis.cli import main
from pao_analysis.config import load_case
from pao_analysis.errors import CorpusError
from pao_analysis.labels import t
from pao_analysis.pipeline import file_hashes, prepare_case
from pao_analysis.timeline import extract_events

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
_TICKS = iter(range(100_000))


def clock() -> str:
    """A deterministic, increasing time stamp."""
    return f"2026-03-01T10:00:00.{next(_TICKS):06d}+00:00"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A copy of the Pittelo case, prepared once: (case root, data folder, events)."""
    base = tmp_path_factory.mktemp("membercheck")
    root = base / "corpora" / "pittelo"
    shutil.copytree(CORPORA / "pittelo", root, ignore=shutil.ignore_patterns("replacement_log.csv"))
    data_dir = base / "outputs" / "pittelo" / "data"
    data = prepare_case(root, cache_dir=data_dir)
    events = extract_events(data.segments, data.codings, interview_dates=data.case.interview_dates(), turns=data.turns)
    return root, data_dir, events


@pytest.fixture
def case_copy(prepared, tmp_path):
    """A fresh copy of the prepared case for one test (corpus and prepared tables)."""
    root, data_dir, _ = prepared
    dst = tmp_path / "corpora" / "pittelo"
    shutil.copytree(root, dst)
    shutil.copytree(data_dir, tmp_path / "outputs" / "pittelo" / "data")
    return load_case(dst)


@pytest.fixture
def events(prepared):
    return prepared[2]


@pytest.fixture(scope="module")
def first_export(prepared, tmp_path_factory):
    """The documents of P01 before any answer (what every fresh copy exports first)."""
    root, _, events = prepared
    out = tmp_path_factory.mktemp("first-export")
    mc.export_member_check(events, load_case(root), out, interview_ids=["P01"])
    return out


def p01(events) -> list[str]:
    """The first three event ids of interview P01 (A: corrected, B: removed, C: comment)."""
    return events.loc[events["interview_id"] == "P01", "event_id"].tolist()[:3]


# ---------------------------------------------------------------------------- filling in


def fill_docx(src: Path, dst: Path, answers: dict[str, dict[str, str]], missing=(),
              language: str = "nl") -> Path:
    """Fill in the DOCX as an interviewee would: answer fields per event, missing-event rows."""
    d = docx.Document(str(src))
    field_of = {t(k, language): k for k in mc.BLOCK_FIELDS}
    for table in d.tables:
        first = table.rows[0].cells[0].text
        if first == t("event_id", language):
            eid = table.rows[0].cells[1].text
            for row in table.rows:
                key = field_of.get(row.cells[0].text)
                if key in answers.get(eid, {}):
                    row.cells[1].text = answers[eid][key]
        elif first == t("add_date", language):
            for row, values in zip(table.rows[1:], missing):
                for cell, value in zip(row.cells, values):
                    cell.text = value
    d.save(dst)
    return dst


def _sheet_filled(sheet: pd.DataFrame, answers, missing, language="nl") -> pd.DataFrame:
    col = {k: t(k, language) for k in mc.SHEET_COLUMNS}
    sheet = sheet.copy()
    for eid, fields in answers.items():
        at = sheet.index[sheet[col["event_id"]] == eid]
        for key, value in fields.items():
            sheet.loc[at, col[key]] = value
    free = sheet.index[sheet[col["event_id"]] == ""]
    for at, (when, what, category, comment) in zip(free, missing):
        sheet.loc[at, [col["new_date"], col["new_label"], col["new_category"], col["comment"]]] = \
            [when, what, category, comment]
    return sheet


def fill_csv(src: Path, dst: Path, answers, missing=(), language="nl") -> Path:
    sheet = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # saved as Dutch Excel does: semicolons, Windows-1252
    _sheet_filled(sheet, answers, missing, language).to_csv(dst, index=False, sep=";", encoding="cp1252")
    return dst


def fill_xlsx(src: Path, dst: Path, answers, missing=(), language="nl") -> Path:
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    header = [c.value for c in ws[1]]
    col = {k: header.index(t(k, language)) + 1 for k in mc.SHEET_COLUMNS}
    free = []
    for r in range(2, ws.max_row + 1):
        eid = ws.cell(r, col["event_id"]).value
        if not eid:
            free.append(r)
        for key, value in answers.get(eid, {}).items():
            ws.cell(r, col[key]).value = value
    for r, (when, what, category, comment) in zip(free, missing):
        for key, value in zip(("new_date", "new_label", "new_category", "comment"),
                              (when, what, category, comment)):
            ws.cell(r, col[key]).value = value
    wb.save(dst)
    return dst


FILLERS = {"docx": fill_docx, "csv": fill_csv, "xlsx": fill_xlsx}


def export(case, events, tmp_path, name="export", interview_ids=("P01",), **kw) -> Path:
    out = tmp_path / name
    mc.export_member_check(events, case, out, interview_ids=interview_ids, **kw)
    return out


# ---------------------------------------------------------------------------- the round trip


@pytest.mark.parametrize("fmt", ["docx", "csv", "xlsx"])
def test_round_trip_changes_exactly_the_three_answers(case_copy, events, tmp_path, fmt, first_export):
    a, b, c = p01(events)
    out = first_export
    before = mc.checked_events(events, case_copy)
    assert set(before.events["member_check"]) == {"unchecked"} and before.removed.empty
    filled = FILLERS[fmt](out / f"membercheck_P01.{fmt}", tmp_path / f"terug.{fmt}",
                          {a: {"new_date": "voorjaar 2021"}, b: {"mark_remove": "x"},
                           c: {"comment": "Dit was eigenlijk een idee van de wijkverpleegkundige."}})
    result = mc.import_answers(filled, case_copy, events, clock=clock)
    assert (result.interview_id, result.already_imported) == ("P01", False)
    assert {k: v for k, v in result.counts.items() if v} == {"correct": 1, "remove": 1, "comment": 1}
    after = mc.checked_events(events, case_copy)
    # B is gone and listed apart, nothing else is removed
    assert after.removed["event_id"].tolist() == [b]
    assert after.removed["member_check"].tolist() == ["removed"]
    # A: new date read against the interview date; every other cell of every event unchanged
    old = before.events.set_index("event_id").drop(index=b)
    new = after.events.set_index("event_id").loc[old.index]
    assert new.loc[a, ["date_text", "earliest", "latest", "kind", "member_check"]].tolist() == [
        "voorjaar 2021", pd.Timestamp("2021-03-01"), pd.Timestamp("2021-05-31"), "fuzzy", "corrected"]
    changed = (new != old) & ~(new.isna() & old.isna())
    assert changed.drop(index=[a, c]).to_numpy().sum() == 0
    assert sorted(changed.columns[changed.loc[a]]) == ["date_text", "earliest", "kind", "latest",
                                                      "member_check"]
    # C: only its status says the interviewee commented on it
    assert changed.columns[changed.loc[c]].tolist() == ["member_check"] and new.loc[c, "member_check"] == "commented"
    assert len(after.events) == len(before.events) - 1
    # C: the comment reaches the researcher, the event itself is untouched
    assert after.comments[["event_id", "action", "comment", "source_file"]].values.tolist() == [
        [c, "comment", "Dit was eigenlijk een idee van de wijkverpleegkundige.", f"terug.{fmt}"]]
    assert after.unapplied.empty
    status = mc.status_per_interview(after, case_copy.participants["interview_id"])
    row = status.set_index("interview_id").loc["P01"]
    assert (row["corrected"], row["removed"], row["n_comments"], row["confirmed"], row["commented"]) == (1, 1, 1, 0, 1)
    assert row["last_answer"] == "2026-03-01 10:00"
    assert status.set_index("interview_id").loc["P02", "last_answer"] == ""


def test_added_events_get_their_own_id_and_a_source_marker(case_copy, events, tmp_path):
    out = export(case_copy, events, tmp_path, interview_ids=["P03"])
    filled = fill_docx(out / "membercheck_P03.docx", tmp_path / "p03.docx", {},
                       missing=[("zomer 2022", "Eerste buurtmaaltijd met bewoners", "activiteiten", ""),
                                ("", "", "", "")])
    result = mc.import_answers(filled, case_copy, events, clock=clock)
    assert result.counts["add"] == 1
    checked = mc.checked_events(events, case_copy).events
    eid = mc.added_event_id("pittelo", "P03", "zomer 2022", "Eerste buurtmaaltijd met bewoners")
    row = checked.set_index("event_id").loc[eid]
    assert (row["interview_id"], row["category"], row["member_check"], row["origin"], row["earliest"],
            row["latest"]) == ("P03", "activiteit", "added", "membercheck", pd.Timestamp("2022-06-01"),
                               pd.Timestamp("2022-08-31"))
    assert len(checked) == len(events) + 1
    assert set(checked.loc[checked["event_id"] != eid, "origin"]) == {"interview"}


def test_english_documents_can_be_filled_in_and_imported(case_copy, events, tmp_path):
    a, _, _ = p01(events)
    out = export(case_copy, events, tmp_path, language="en")
    text = "\n".join(p.text for p in docx.Document(str(out / "membercheck_P01.docx")).paragraphs)
    assert "Your timeline" in text and "member check" in text
    filled = fill_docx(out / "membercheck_P01.docx", tmp_path / "en.docx",
                       {a: {"mark_ok": "x", "new_category": "Roles and positions"}}, language="en")
    mc.import_answers(filled, case_copy, events, clock=clock)
    row = mc.checked_events(events, case_copy).events.set_index("event_id").loc[a]
    assert (row["category"], row["member_check"]) == ("rol", "corrected")


# ---------------------------------------------------------------------------- records


def test_import_is_append_only_and_idempotent_and_the_latest_answer_wins(case_copy, events, tmp_path,
                                                                        first_export):
    a, b, _ = p01(events)
    out = first_export
    first = fill_csv(out / "membercheck_P01.csv", tmp_path / "een.csv",
                     {a: {"new_date": "voorjaar 2021"}, b: {"mark_remove": "x"}})
    mc.import_answers(first, case_copy, events, clock=clock)
    record = case_copy.root / "membercheck" / "P01.csv"
    written = record.read_bytes()
    again = mc.import_answers(first, case_copy, events, clock=clock)
    assert again.already_imported and "nothing recorded" in again.summary()
    assert record.read_bytes() == written
    rows = pd.read_csv(record, dtype=str, keep_default_na=False)
    assert rows.columns.tolist() == ["timestamp", "author", *mc.RECORD_FIELDS]
    assert rows[["author", "event_id", "action", "date_text"]].values.tolist() == [
        ["P01", a, "correct", "voorjaar 2021"], ["P01", b, "remove", ""]]
    assert set(rows["source_file"]) == {"een.csv"}
    assert set(rows["source_sha256"]) == {hashlib.sha256(first.read_bytes()).hexdigest()}
    # a second round: A corrected again, B restored with 'klopt' from the re-export
    out2 = export(case_copy, events, tmp_path, name="export2")
    second = fill_xlsx(out2 / "membercheck_P01.xlsx", tmp_path / "twee.xlsx",
                       {a: {"new_date": "zomer 2022"}, b: {"mark_ok": "x"}})
    mc.import_answers(second, case_copy, events, clock=clock)
    assert record.read_bytes().startswith(written)                   # earlier rows untouched
    checked = mc.checked_events(events, case_copy)
    rows = checked.events.set_index("event_id")
    assert rows.loc[a, ["date_text", "earliest"]].tolist() == ["zomer 2022", pd.Timestamp("2022-06-01")]
    assert rows.loc[b, "member_check"] == "confirmed" and checked.removed.empty


def test_answers_for_events_that_no_longer_exist_are_listed_not_applied(case_copy, events, tmp_path,
                                                                        first_export):
    a, b, _ = p01(events)
    out = first_export
    filled = fill_docx(out / "membercheck_P01.docx", tmp_path / "t.docx",
                       {a: {"mark_ok": "x", "comment": "Klopt helemaal."}, b: {"mark_remove": "x"}})
    mc.import_answers(filled, case_copy, events, clock=clock)
    shrunk = events[events["event_id"] != a]                        # e.g. the transcript changed
    copy = shrunk.copy()
    check = mc.checked_events(shrunk, case_copy)
    pd.testing.assert_frame_equal(shrunk, copy)                      # input not changed
    assert check.unapplied[["event_id", "action"]].values.tolist() == [[a, "confirm"]]
    assert "no longer in the timeline" in check.unapplied.loc[0, "reason"]
    assert check.comments["comment"].tolist() == ["Klopt helemaal."]
    assert check.removed["event_id"].tolist() == [b]


# ---------------------------------------------------------------------------- bad files


def _edit_csv(src: Path, dst: Path, column: str, row: int, value: str) -> Path:
    sheet = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    sheet.loc[row, t(column)] = value
    sheet.to_csv(dst, index=False, encoding="utf-8-sig")
    return dst


def _plain_docx(_src: Path, dst: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Mijn aantekeningen bij het interview.")
    d.save(dst)
    return dst


BAD = {
    "unknown event": (lambda s, d, ev: fill_docx(s, d, {ev[0]: {"mark_ok": "x"}}, ) and _rename_id(d, ev[0]),
                      "docx", r"unknown event id 'pittelo/P01/0-1#9'", "do not change the event ids"),
    "interview mismatch": (lambda s, d, ev: _edit_csv(s, d, "interview_id", 0, "P02"), "csv",
                           "interview id 'P02' does not match the file's interview 'P01'", "restore 'P01'"),
    "other interviewee's event": (lambda s, d, ev: _edit_csv(_edit_csv(s, d, "event_id", 1, ev[3]), d,
                                                             "mark_ok", 1, "x"), "csv",
                                  "belongs to interview 'P02'", "own events"),
    "unknown category": (lambda s, d, ev: fill_docx(s, d, {ev[0]: {"new_category": "feestje"}}), "docx",
                         "unknown category 'feestje'", "Rollen en posities"),
    "unreadable date": (lambda s, d, ev: fill_docx(s, d, {ev[0]: {"new_date": "weet ik niet meer"}}), "docx",
                        "the date 'weet ik niet meer' cannot be read", "voorjaar 2021"),
    "plain word file": (lambda s, d, ev: _plain_docx(s, d), "docx", "not a member-check answer file",
                        "pao membercheck export"),
    "other table": (lambda s, d, ev: (d.write_text("naam;leeftijd\nAnna;40\n"), d)[1], "csv",
                    "not a member-check answer file", "pao membercheck export"),
    "pdf": (lambda s, d, ev: (d.write_bytes(b"%PDF-1.4\n"), d)[1], "pdf", "not a member-check answer file",
            "as the interviewee returned it"),
    "broken xlsx": (lambda s, d, ev: (d.write_bytes(b"no zip at all"), d)[1], "xlsx", "cannot be read as a table",
                    "pao membercheck export"),
}


def _rename_id(path: Path, eid: str) -> Path:
    d = docx.Document(str(path))
    for table in d.tables:
        if table.rows[0].cells[1].text == eid:
            table.rows[0].cells[1].text = "pittelo/P01/0-1#9"
    d.save(path)
    return path


@pytest.mark.parametrize("name", list(BAD))
def test_bad_files_are_refused_with_file_place_and_fix(case_copy, events, tmp_path, name, first_export):
    make, fmt, message, fix = BAD[name]
    out = first_export
    ids = [*p01(events), events.loc[events["interview_id"] == "P02", "event_id"].iloc[0]]
    src = out / f"membercheck_P01.{fmt if fmt in {'docx', 'csv'} else 'csv'}"
    bad = make(src, tmp_path / f"terug.{fmt}", ids)
    with pytest.raises(CorpusError) as err:
        mc.import_answers(bad, case_copy, events, clock=clock)
    assert message in err.value.message and fix in err.value.fix
    assert err.value.path == f"terug.{fmt}"
    if name in {"unknown event", "unknown category", "unreadable date"}:
        assert err.value.where == f"event {ids[0]}" or err.value.where == "event pittelo/P01/0-1#9"
    if name in {"interview mismatch", "other interviewee's event"}:
        assert err.value.where in {"row 2", "row 3"}
    assert not (case_copy.root / "membercheck").exists()                 # nothing recorded


def test_several_problems_are_listed_together(case_copy, events, tmp_path, first_export):
    a, b, _ = p01(events)
    out = first_export
    bad = fill_docx(out / "membercheck_P01.docx", tmp_path / "t.docx",
                    {a: {"new_date": "ooit"}, b: {"mark_ok": "x", "mark_remove": "x"}})
    with pytest.raises(CorpusError, match="2 problems; nothing was recorded") as err:
        mc.import_answers(bad, case_copy, events, clock=clock)
    assert f"event {a}: the date 'ooit' cannot be read" in err.value.message
    assert f"event {b}: both 'klopt' and 'verwijderen' are marked" in err.value.message


# ---------------------------------------------------------------------------- exports


def test_export_is_deterministic_pseudonymised_and_leaves_the_corpus_alone(case_copy, events, tmp_path):
    real = file_hashes(CORPORA / "pittelo", skip=("private",))
    inputs = file_hashes(case_copy.root, skip=("membercheck",))
    out = export(case_copy, events, tmp_path, interview_ids=())
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"membercheck_P0{i}.{ext}" for i in range(1, 7)
                           for ext in ("csv", "docx", "html", "xlsx"))
    again = export(case_copy, events, tmp_path, name="again", interview_ids=())
    assert file_hashes(out) == file_hashes(again)                          # same bytes
    d = docx.Document(str(out / "membercheck_P01.docx"))
    assert d.core_properties.subject == mc.MARKER and d.core_properties.keywords == "pittelo/P01"
    text = "\n".join(p.text for p in d.paragraphs)
    assert "membercheck" in text and "Gebeurtenissen die ontbreken" in text
    blocks = [tb for tb in d.tables if tb.rows[0].cells[0].text == "gebeurtenis-id"]
    assert len(blocks) == (events["interview_id"] == "P01").sum()
    first = events[events["interview_id"] == "P01"].iloc[0]
    cells = {r.cells[0].text: r.cells[1].text for r in blocks[0].rows}
    assert cells["gebeurtenis-id"] == first["event_id"] and cells["omschrijving"] == first["label"]
    assert cells["citaat"] == first["quote"] and cells["klopt (zet een x)"] == ""
    assert len(d.inline_shapes) == 1                                        # the timeline figure
    html = (out / "membercheck_P01.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and first["event_id"] in html
    sheet = pd.read_csv(out / "membercheck_P01.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert sheet.columns.tolist()[:3] == ["casus", "interview", "gebeurtenis-id"]
    assert (sheet["gebeurtenis-id"] == "").sum() == mc.FREE_ROWS
    assert set(sheet["interview"]) == {"P01"}
    # pseudonyms only: no real name from the key in any document
    key = pd.read_csv(case_copy.key_path, dtype=str, keep_default_na=False)
    every = "".join(p.read_bytes().decode("utf-8", "replace") for p in out.glob("*.html"))
    every += "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    for name in key["real_name"]:
        assert name not in every
    mc.import_answers(fill_docx(out / "membercheck_P01.docx", tmp_path / "t.docx",
                                {first["event_id"]: {"mark_ok": "x"}}), case_copy, events, clock=clock)
    assert file_hashes(case_copy.root, skip=("membercheck",)) == inputs
    assert sorted(p.name for p in (case_copy.root / "membercheck").iterdir()) == ["P01.csv"]
    assert file_hashes(CORPORA / "pittelo", skip=("private",)) == real


def test_reexport_shows_the_current_state(case_copy, events, tmp_path):
    a, b, c = p01(events)
    out = export(case_copy, events, tmp_path, interview_ids=["P01", "P02"])
    mc.import_answers(fill_docx(out / "membercheck_P01.docx", tmp_path / "t.docx",
                                {a: {"new_date": "voorjaar 2021", "new_label": "Start van mijn onderzoek"},
                                 b: {"mark_remove": "x"}, c: {"mark_ok": "x", "comment": "Met de wijkverpleging."}},
                                missing=[("zomer 2022", "Eerste buurtmaaltijd", "", "")]),
                      case_copy, events, clock=clock)
    out2 = export(case_copy, events, tmp_path, name="again", interview_ids=["P01", "P02"])
    d = docx.Document(str(out2 / "membercheck_P01.docx"))
    blocks = {tb.rows[0].cells[1].text: {r.cells[0].text: r.cells[1].text for r in tb.rows}
              for tb in d.tables if tb.rows[0].cells[0].text == "gebeurtenis-id"}
    assert blocks[a]["tijdsaanduiding"] == "voorjaar 2021"
    assert blocks[a]["omschrijving"] == "Start van mijn onderzoek"
    assert blocks[a]["periode (vroegst – laatst)"] == "1-3-2021 – 31-5-2021"
    assert blocks[a]["membercheck"] == "gecorrigeerd" and blocks[c]["membercheck"] == "bevestigd"
    assert blocks[b]["membercheck"] == "verwijderd"
    # the comment is shown again, outside the answer fields: returning the file unchanged records nothing
    assert blocks[c]["uw eerdere opmerkingen"] == "Met de wijkverpleging." and blocks[c]["opmerking"] == ""
    again = mc.import_answers(out2 / "membercheck_P01.docx", case_copy, events, clock=clock)
    assert not any(again.counts.values())
    added = mc.added_event_id("pittelo", "P01", "zomer 2022", "Eerste buurtmaaltijd")
    assert blocks[added]["membercheck"] == "toegevoegd"
    # removed events come after their own heading, so the interviewee can restore them
    body = [p.text for p in d.paragraphs]
    assert t("mc_removed") in body
    order = [tb.rows[0].cells[1].text for tb in d.tables if tb.rows[0].cells[0].text == "gebeurtenis-id"]
    assert order[-1] == b
    sheet = pd.read_csv(out2 / "membercheck_P01.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    status = dict(zip(sheet["gebeurtenis-id"], sheet["membercheck"]))
    assert (status[a], status[b], status[c], status[added]) == ("gecorrigeerd", "verwijderd", "bevestigd",
                                                                "toegevoegd")
    # the other interviewees' documents are as before
    assert (out / "membercheck_P02.docx").read_bytes() == (out2 / "membercheck_P02.docx").read_bytes()


# ---------------------------------------------------------------------------- command line


def test_cli_export_and_import(case_copy, events, tmp_path, capsys):
    a, b, c = p01(events)
    out = tmp_path / "docs"
    assert main(["membercheck", "export", str(case_copy.root), "--output", str(out)]) == 0
    line = capsys.readouterr().out
    assert "member-check documents for 6 interviewees" in line and str(out) in line
    filled = fill_docx(out / "membercheck_P01.docx", tmp_path / "terug.docx",
                       {a: {"new_date": "voorjaar 2021"}, b: {"mark_remove": "x"}, c: {"comment": "Mooi."}})
    assert main(["membercheck", "import", str(case_copy.root), str(filled)]) == 0
    line = capsys.readouterr().out
    assert line.startswith("✓ P01: 3 answers recorded (1 correct, 1 remove, 1 comment)")
    assert main(["membercheck", "import", str(case_copy.root), str(filled)]) == 0
    assert "imported before; nothing recorded" in capsys.readouterr().out
    bad = fill_docx(out / "membercheck_P01.docx", tmp_path / "fout.docx", {a: {"new_category": "feestje"}})
    assert main(["membercheck", "import", str(case_copy.root), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "fout.docx (event " in err and "unknown category 'feestje'" in err and "Fix:" in err
    default = case_copy.root.parent.parent / "outputs" / "pittelo" / "membercheck"
    assert main(["membercheck", "export", str(case_copy.root), "--language", "en"]) == 0
    assert (default / "membercheck_P06.docx").is_file()
