"""REFI-QDA exchange: exports that validate, imports from other programs, the round trip."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import CORPORA, ROOT
from lxml import etree

from pao_analysis import refiqda
from pao_analysis.codebook import default_codebook
from pao_analysis.errors import ExchangeError
from pao_analysis.refiqda import Units, position_map, segments_for_span
from pao_analysis.workbench import CodingSession, human_decisions, latest_decisions

DATA = Path(__file__).parent / "data" / "refiqda"
SHARED = Path("/work/shared/refi-qda")
NS = {"q": refiqda.PROJECT_NS}
BOOKS = [default_codebook("conditions"), default_codebook("timeline")]


def _zip(folder: Path, target: Path) -> Path:
    """A .qdpx built from a fixture folder, entries as the folder holds them."""
    with zipfile.ZipFile(target, "w") as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder).as_posix())
    return target


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------ a tiny hand-made case
A01 = (DATA / "atlas" / "sources" / "5a1e0c2d-7b3f-4e8a-9c61-0d2f4b6a8e11.txt").read_text(encoding="utf-8")
A02 = (DATA / "maxqda" / "sources" / "A02.txt").read_text(encoding="utf-8")


def _segment(iid: str, text: str, first: str, last: str) -> dict:
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return {"segment_id": f"mini/{iid}/{start}-{end}", "case_id": "mini", "interview_id": iid,
            "start": start, "end": end, "text": text[start:end]}


def mini_case(root: Path) -> SimpleNamespace:
    """Two interviews with emoji and accents, segments by hand; no preparing needed."""
    root.mkdir(parents=True, exist_ok=True)
    segments = pd.DataFrame([
        _segment("A01", A01, "In 2021", "in de wijk."), _segment("A01", A01, "Daar kwamen", "samen."),
        _segment("A01", A01, "Over geld", "probleem."), _segment("A01", A01, "👍🏽 Wel", "elkaar."),
        _segment("A02", A02, "Eén doel", "ook."), _segment("A02", A02, "Voor ons", "belangrijk.")])
    participants = pd.DataFrame({"interview_id": ["A01", "A02"], "pseudonym": ["Fleur", "Ruben"],
                                 "role": ["bewoner", "docent"], "organisation": ["", "mbo"],
                                 "domain": ["bewoner", "onderwijs"],
                                 "interview_date": [pd.Timestamp("2024-01-10").date(),
                                                    pd.Timestamp("2024-01-12").date()]})
    case = SimpleNamespace(root=root, case_id="mini", title="Minicasus", participants=participants)
    codings = pd.DataFrame({"segment_id": [segments.segment_id[0], segments.segment_id[2]],
                            "codebook": ["conditions", "conditions"], "code_id": ["ambitie", "organisatie"],
                            "source": ["rules", "learned"], "confidence": [0.8, 0.6],
                            "valence": ["present", "absent"], "evidence": ["", ""]})
    documents = pd.DataFrame({"interview_id": ["A01", "A02"], "text": [A01, A02]})
    return SimpleNamespace(case=case, documents=documents, segments=segments, codings=codings)


def _decisions(root: Path) -> list[tuple]:
    rows = []
    for book in BOOKS:
        latest = latest_decisions(root, book.id)
        rows += [(r.author, book.id, r.segment_id, r.codes, r.memo) for r in latest.itertuples()]
    return sorted(rows)


def _imported(tmp_path, shape: str, name: str = "project.qdpx"):
    data = mini_case(tmp_path / "case")
    result = refiqda.import_qdpx(_zip(DATA / shape, tmp_path / name), data)
    return data, result


# ------------------------------------------------------------------ schemas shipped
@pytest.mark.parametrize("name", ["Project-mrt2019.xsd", "Codebook.xsd"])
def test_shipped_schemas_are_the_shared_ones(name):
    if not SHARED.is_dir():
        pytest.skip("the shared REFI-QDA folder is not on this machine")
    shipped = ROOT / "src" / "pao_analysis" / "data" / "refi-qda" / name
    assert shipped.read_bytes() == (SHARED / name).read_bytes()


# ------------------------------------------------------------------ positions and segments
@pytest.mark.parametrize("raw, units, foreign, expected", [
    ("ab\r\ncd", Units(crlf=2), (4, 6), "cd"),            # CRLF as stored: two positions
    ("ab\r\ncd", Units(crlf=1), (3, 5), "cd"),            # CRLF counted once (NVivo)
    ("\ufeffabc", Units(bom=0), (1, 3), "bc"),            # the BOM is no character
    ("\ufeffabc", Units(bom=1), (2, 4), "bc"),            # ... unless the program counts it
    ("😀 café", Units(), (2, 6), "café"),                  # code points
    ("😀 café", Units(utf16=True), (3, 7), "café"),        # UTF-16 units: the emoji counts 2
    ("e\u0301en ca\u0301fe\u0301", Units(), (5, 11), "cáfé"),   # NFD in, NFC out: accents fold in
    ("a\r\n😀\r\nb", Units(crlf=2, utf16=True), (7, 8), "b"),
])
def test_foreign_positions_land_in_the_normalised_text(raw, units, foreign, expected):
    text, starts, ends = position_map(raw, units)
    assert "\r" not in text and "\ufeff" not in text
    assert text[starts[foreign[0]]:ends[foreign[1]]] == expected


def test_a_position_inside_a_crlf_or_emoji_rounds_outwards():
    text, starts, ends = position_map("ab\r\ncd😀e", Units(crlf=2, utf16=True))
    assert text == "ab\ncd😀e"
    assert (starts[3], ends[3]) == (2, 3)        # between \r and \n
    assert (starts[7], ends[7]) == (5, 6)        # between the two UTF-16 units of the emoji


@pytest.mark.parametrize("span, expected", [
    ((0, 90), ["a"]),          # exactly a segment
    ((120, 130), ["b"]),       # inside a segment
    ((50, 150), ["b"]),        # half of b, less than half of a, half of the selection in b
    ((40, 150), ["a", "b"]),   # more than half of a and half of b
    ((190, 205), []),          # a bit of c only: not enough
    ((91, 99), []),            # between segments (an interviewer's question)
    ((250, 400), ["c"]),       # covers three quarters of c
])
def test_which_segments_a_selection_codes(span, expected):
    segs = pd.DataFrame({"segment_id": ["a", "b", "c"], "start": [0, 100, 200], "end": [90, 190, 400]})
    assert segments_for_span(segs, *span) == expected


# ------------------------------------------------------------------ imports from other programs
def test_atlas_ti_shape_with_parent_child_names(tmp_path):
    data, result = _imported(tmp_path, "atlas")
    segs = dict(zip(data.segments["text"].str[:8], data.segments["segment_id"]))
    assert _decisions(data.case.root) == sorted([
        ("Anne-de-Wit", "conditions", segs["In 2021 "], "ambitie", ""),
        ("Anne-de-Wit", "conditions", segs["Over gel"], "organisatie", "Geen convenant; later nog eens navragen."),
        ("Anne-de-Wit", "timeline", segs["Over gel"], "uitdaging", "Geen convenant; later nog eens navragen."),
        ("Bram-Jansen", "conditions", segs["👍🏽 Wel v"], "relaties", "")])
    mapping = pd.read_csv(data.case.root / "coding" / "refi_mapping.csv", dtype=str, keep_default_na=False)
    assert mapping.to_dict("list") == {
        "refi_code": ["Eigen codes::Openingsvraag", "Tijdlijn::Uitdaging", "Voorwaarden::Ambitie",
                      "Voorwaarden::Organisatie", "Voorwaarden::Relaties"],
        "codebook": ["", "timeline", "conditions", "conditions", "conditions"],
        "code_id": ["", "uitdaging", "ambitie", "organisatie", "relaties"]}
    assert any("Openingsvraag" in s and "no case code" in s for s in result.skipped)
    assert any("in no segment of A01" in s for s in result.skipped)
    assert result.recorded == {"Anne-de-Wit": 3, "Bram-Jansen": 1}
    # the emoji before the span did not shift it
    spans = {code: A01[s:e] for _, code, _, s, e in result.spans}
    assert spans["Voorwaarden::Ambitie"] == "gestart 😀 met een café"


def test_importing_the_same_file_twice_records_nothing_new(tmp_path):
    data, first = _imported(tmp_path, "atlas")
    before = _fingerprint(data.case.root)
    second = refiqda.import_qdpx(tmp_path / "project.qdpx", data)
    assert first.recorded and second.recorded == {}
    assert _fingerprint(data.case.root) == before


def test_nvivo_shape_crlf_once_utf16_nested_codes_and_linked_notes(tmp_path):
    data, result = _imported(tmp_path, "nvivo")
    spans = sorted((code, A01[s:e]) for _, code, _, s, e in result.spans)
    assert spans == [("Samenwerking", "nooit iets vastgelegd"), ("Samenwerking::Belangen", "nooit iets vastgelegd"),
                     ("Samenwerking::Relaties", "Daar kwamen bewoners en professionals samen.")]
    assert result.units == {"A01": "CRLF=1, BOM=not counted, UTF-16 units"}
    rows = _decisions(data.case.root)
    assert [(r[0], r[3], r[4]) for r in rows] == [("JdV", "belangen", ""),
                                                  ("JdV", "relaties", "Ontmoeting als begin van vertrouwen.")]
    assert any("'Samenwerking'" in s for s in result.skipped)      # a codable parent with no case code


def test_maxqda_shape_relative_path_codable_parent_and_source_variables(tmp_path):
    data, result = _imported(tmp_path, "maxqda")
    assert [(r[0], r[2].split("/")[1], r[3]) for r in _decisions(data.case.root)] == [
        ("M-Peters", "A02", "belangen"), ("M-Peters", "A02", "ambitie")]      # by segment id: 198-269, 47-135
    assert any("whole document" in s for s in result.skipped)
    assert any("in no segment of A02" in s for s in result.skipped)
    spans = [A02[s:e] for _, _, _, s, e in result.spans]
    assert "Zoë van de coördinatie" in spans[0] and spans[1] == "Voor ons"


def test_qualcoder_shape_with_bom_and_emoji_before_the_span(tmp_path):
    data, result = _imported(tmp_path, "qualcoder")
    spans = sorted((code, A01[s:e]) for _, code, _, s, e in result.spans)
    assert spans == [("Voorwaarden::Gedeelde ambitie van betekenis", "gestart 😀 met een café"),
                     ("Voorwaarden::relaties", "Wel vertrouwen we elkaar.")]
    rows = _decisions(data.case.root)
    assert [(r[0], r[3], r[4]) for r in rows] == [("colin", "relaties", ""),      # mini/A01/252-280 first
                                                  ("colin", "ambitie", "Café als ontmoetingsplek 😀")]


def test_a_program_counting_utf16_units_is_recognised_by_its_selection_names(tmp_path):
    data, result = _imported(tmp_path, "utf16")
    assert sorted(A01[s:e] for *_, s, e in result.spans) == [
        "Over geld en rollen hebben we nooit iets vastgelegd, dat is een probleem.", "Wel vertrouwen we elkaar."]
    assert result.units["A01"].endswith("UTF-16 units")


def test_a_researcher_edits_the_mapping_and_imports_again(tmp_path):
    data, _ = _imported(tmp_path, "atlas")
    path = data.case.root / "coding" / "refi_mapping.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Eigen codes::Openingsvraag,,",
                                                             "Eigen codes::Openingsvraag,conditions,proces"),
                    encoding="utf-8")
    again = refiqda.import_qdpx(tmp_path / "project.qdpx", data)
    assert not any("Openingsvraag" in s and "no case code" in s for s in again.skipped)
    path.write_text(path.read_text(encoding="utf-8").replace("conditions,proces", "conditions,bestaatniet"),
                    encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"refi_mapping.csv \(line 2\).*bestaatniet.*Fix: use one of"):
        refiqda.import_qdpx(tmp_path / "project.qdpx", data)


# ------------------------------------------------------------------ bad input
def _qde_with(tmp_path, old: str, new: str) -> Path:
    folder = tmp_path / "shape"
    shutil.copytree(DATA / "qualcoder", folder)
    qde = folder / "project.qde"
    qde.write_text(qde.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return _zip(folder, tmp_path / "bad.qdpx")


@pytest.mark.parametrize("old, new, message", [
    ("<Users>", "<Userz>", r"bad.qdpx:project.qde \(line 5\): not well-formed XML: Opening and ending tag mismatch"),
    ('<User guid', '<Person guid', r"line 4, .*does not follow the REFI-QDA project schema.*Person"),
    ('targetGUID="c0de0000-0004-4000-8000-000000000003"', 'targetGUID="c0de0000-0004-4000-8000-0000000000ff"',
     r"line 2\d, <CodeRef>\): targetGUID c0de0000-0004-4000-8000-0000000000ff refers to nothing"),
    ('startPosition="255" endPosition="280"', 'startPosition="255" endPosition="900"',
     r"<PlainTextSelection>\): positions 255-900 are outside the text of source 'A01.txt' \(0-281\)"),
    ("internal://9f8e7d6c", "internal://00000000", r"the text of source 'A01.txt' .* is not in the project"),
])
def test_bad_projects_are_refused_with_the_place_and_a_fix(tmp_path, old, new, message):
    data = mini_case(tmp_path / "case")
    with pytest.raises(ExchangeError, match=message) as err:
        refiqda.import_qdpx(_qde_with(tmp_path, old, new), data)
    assert "Fix:" in str(err.value)
    assert not (tmp_path / "case" / "coding").exists()       # nothing recorded


def test_not_a_zip_and_no_project_file(tmp_path):
    data = mini_case(tmp_path / "case")
    (tmp_path / "x.qdpx").write_text("hallo", encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"x.qdpx: is not a REFI-QDA project.*Fix:"):
        refiqda.import_qdpx(tmp_path / "x.qdpx", data)
    with zipfile.ZipFile(tmp_path / "y.qdpx", "w") as zf:
        zf.writestr("sources/a.txt", "tekst")
    with pytest.raises(ExchangeError, match=r"y.qdpx \(zip contents\): holds no project file"):
        refiqda.import_qdpx(tmp_path / "y.qdpx", data)


# ------------------------------------------------------------------ export
def _project(path: Path) -> tuple[etree._Element, dict[str, str], list[str]]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        texts = {n.removeprefix("sources/"): zf.read(n).decode("utf-8") for n in names if n != "project.qde"}
        root = refiqda.validate_xml(zf.read("project.qde"), "project", display="project.qde")
    return root, texts, names


def test_the_mini_case_round_trips_with_emoji(tmp_path):
    data, _ = _imported(tmp_path, "atlas")
    refiqda.import_qdpx(_zip(DATA / "nvivo", tmp_path / "nvivo.qdpx"), data)   # CRLF source
    out = refiqda.export_qdpx(data, tmp_path / "mini.qdpx")
    root, texts, names = _project(out)
    assert refiqda.check_project(root, texts) == []
    other = mini_case(tmp_path / "other")
    refiqda.import_qdpx(out, other)
    assert _decisions(other.case.root) == _decisions(data.case.root)
    assert len(_decisions(data.case.root)) == 6


@pytest.fixture(scope="module")
def pittelo_coded(pittelo, tmp_path_factory):
    """The prepared demo case in a copy with two coders' records (fictional decisions)."""
    root = tmp_path_factory.mktemp("refi") / "pittelo"
    shutil.copytree(CORPORA / "pittelo", root, ignore=shutil.ignore_patterns("coding"))
    data = replace(pittelo, case=replace(pittelo.case, root=root))
    ticks = iter(f"2025-03-0{d}T10:{m:02d}:00.000000+00:00" for d in (1, 2) for m in range(60))
    segs = data.segments.sort_values("segment_id")["segment_id"].tolist()
    for n, coder in enumerate(("coder-a", "coder-b")):
        for book in BOOKS:
            session = CodingSession(root, coder, book, data.segments, suggestions=data.codings,
                                    clock=lambda: next(ticks))
            for i, sid in enumerate(segs[n * 5:n * 5 + 12]):
                codes = [] if i == 3 else [book.ids[(i + n) % len(book.ids)], book.ids[(i * 2) % len(book.ids)]]
                session.decide(sid, codes, memo="nalezen 😀\nmet collega" if i == 2 else "")
    return data


def test_demo_export_validates_and_passes_the_extra_checks(pittelo_coded, tmp_path):
    out = refiqda.export_qdpx(pittelo_coded, tmp_path / "pittelo.qdpx")
    root, texts, names = _project(out)
    assert names[0] == "project.qde" and all(n.startswith("sources/") and n.count("/") == 1
                                             and n.endswith(".txt") for n in names[1:])
    assert len(names) == 1 + len(pittelo_coded.documents)
    assert refiqda.check_project(root, texts) == []
    docs = dict(zip(pittelo_coded.documents["interview_id"], pittelo_coded.documents["text"]))
    assert sorted(texts.values()) == sorted(docs.values())
    segs = pittelo_coded.segments.set_index("segment_id")
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    assert sorted(users.values()) == ["automatische codeerder van pao-analysis", "coder-a", "coder-b"]
    n_codings = {name: 0 for name in users.values()}
    for src in root.iterfind(".//q:TextSource", NS):
        text = texts[src.get("plainTextPath").removeprefix("internal://")]
        for sel in src.iterfind("q:PlainTextSelection", NS):
            segment = sel.get("name").split(" [")[0]
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert text[start:end] == segs.at[segment, "text"]
            for coding in sel.iterfind("q:Coding", NS):
                assert coding.get("creatingUser") == sel.get("creatingUser")
                n_codings[users[coding.get("creatingUser")]] += 1
    human = human_decisions(pittelo_coded.case.root, BOOKS[0])
    human = pd.concat([human, human_decisions(pittelo_coded.case.root, BOOKS[1])])
    assert n_codings == {"automatische codeerder van pao-analysis": len(pittelo_coded.codings),
                         "coder-a": int(human[human.coder == "coder-a"]["value"].sum()),
                         "coder-b": int(human[human.coder == "coder-b"]["value"].sum())}
    case = root.find(".//q:Case", NS)
    values = [v[1].text for v in case.iterfind("q:VariableValue", NS)]
    assert case.get("name") == "P01 Louise" and values[-1] == "2023-12-12" and values[1] == "hogeschool"
    codes = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [c.get("isCodable") for c in codes] == ["false", "false"]
    assert [c.get("color") for c in codes[0]][1:] == ["#1B9E77", "#D95F02", "#7570B3", "#E7298A", "#66A61E"]
    selections = list(root.iterfind(".//q:PlainTextSelection", NS))
    memos = [d.text for sel in selections if sel.get("creatingUser") != refiqda.AUTO_USER
             and (d := sel.find("q:Description", NS)) is not None]
    assert memos and set(memos) == {"nalezen 😀\nmet collega"}
    first = next(sel for sel in selections if sel.get("creatingUser") == refiqda.AUTO_USER)
    auto = pittelo_coded.codings[pittelo_coded.codings["segment_id"] == first.get("name")]
    memo = first.find("q:Description", NS).text   # each auto code with its valence and confidence
    assert memo.count(": ") == len(auto) and all(f"({c:.2f})" in memo for c in auto["confidence"])


def test_re_export_gives_the_same_bytes(pittelo_coded, tmp_path):
    a = refiqda.export_qdpx(pittelo_coded, tmp_path / "a.qdpx").read_bytes()
    b = refiqda.export_qdpx(pittelo_coded, tmp_path / "b.qdpx").read_bytes()
    assert a == b


def test_demo_round_trip_gives_the_same_codings_offsets_and_coders(pittelo_coded, tmp_path):
    out = refiqda.export_qdpx(pittelo_coded, tmp_path / "pittelo.qdpx")
    root = tmp_path / "copy"
    shutil.copytree(CORPORA / "pittelo", root, ignore=shutil.ignore_patterns("coding"))
    other = replace(pittelo_coded, case=replace(pittelo_coded.case, root=root))
    before = _fingerprint(root)
    result = refiqda.import_qdpx(out, other)
    assert result.recorded == {"coder-a": 24, "coder-b": 24}
    assert _decisions(root) == _decisions(pittelo_coded.case.root)
    for book in BOOKS:
        assert human_decisions(root, book).equals(human_decisions(pittelo_coded.case.root, book))
    mapping = pd.read_csv(root / "coding" / "refi_mapping.csv", dtype=str, keep_default_na=False)
    assert (mapping["code_id"] != "").all() and len(mapping) == 9
    # only coding/ changed in the case folder; a second export holds the same selections
    changed = {k for k in set(before) | set(_fingerprint(root)) if before.get(k) != _fingerprint(root).get(k)}
    assert changed == {"coding/coder-a.csv", "coding/coder-b.csv", "coding/refi_mapping.csv"}
    again, _, _ = _project(refiqda.export_qdpx(other, tmp_path / "again.qdpx"))
    first, _, _ = _project(out)

    def selections(r):
        return sorted((s.get("creatingUser"), s.get("startPosition"), s.get("endPosition"),
                       tuple(c.get("targetGUID") for c in s.iterfind(".//q:CodeRef", NS)))
                      for s in r.iterfind(".//q:PlainTextSelection", NS))
    assert selections(again) == selections(first)


def test_codebook_export_validates_with_hierarchy_colours_and_descriptions(tmp_path):
    path = refiqda.export_qdc(tmp_path / "codeboek.qdc", language="en")
    root = refiqda.validate_xml(path.read_bytes(), "codebook", display=path.name)
    ns = {"c": refiqda.CODEBOOK_NS}
    folders = root.findall("c:Codes/c:Code", ns)
    assert [(f.get("name"), f.get("isCodable")) for f in folders] == [
        ("Five conditions for durable collaboration (Kaats & Opheij)", "false"),
        ("Timeline categories (learning history)", "false")]
    assert [c.get("color") for c in folders[1].findall("c:Code", ns)] == [c.color.upper() for c in BOOKS[1].codes]
    assert [c.get("name") for c in folders[0].findall("c:Code", ns)][2] == "Attention to personal relationships"
    assert "Use when:" in folders[0].find("c:Code/c:Description", ns).text
    assert path.read_bytes() == refiqda.export_qdc(tmp_path / "again.qdc", language="en").read_bytes()


def test_the_commands_export_audit_and_import(pittelo_coded, tmp_path, monkeypatch, capsys):
    from pao_analysis import pipeline
    from pao_analysis.cli import main

    root = tmp_path / "copy"
    shutil.copytree(CORPORA / "pittelo", root, ignore=shutil.ignore_patterns("coding"))
    other = replace(pittelo_coded, case=replace(pittelo_coded.case, root=root))
    cases = {str(pittelo_coded.case.root): pittelo_coded, str(root): other}
    monkeypatch.setattr(pipeline, "open_case", lambda case_dir, data_dir="": cases[str(case_dir)])
    out = tmp_path / "uit" / "pittelo.qdpx"
    assert main(["export", "qdpx", str(pittelo_coded.case.root), "-o", str(out)]) == 0
    assert [p.name for p in out.parent.iterdir()] == ["pittelo.qdpx"]      # the audit's folder is gone
    assert main(["export", "qdc", str(root), "-o", str(tmp_path / "c.qdc"), "--language", "en"]) == 0
    assert main(["import", "qdpx", str(out), str(root)]) == 0
    assert "48 decisions recorded (coder-a 24, coder-b 24)" in capsys.readouterr().out
    assert main(["import", "qdpx", str(_zip(DATA / "atlas", tmp_path / "atlas.qdpx")), str(root)]) == 1
    err = capsys.readouterr().err
    assert "'A01 interview': its text is not the text of any interview" in err and "Fix:" in err


def test_an_export_holding_a_real_name_is_not_written(pittelo_coded, tmp_path, monkeypatch, capsys):
    from pao_analysis import pipeline
    from pao_analysis.cli import main

    key = pd.read_csv(CORPORA / "pittelo" / "private" / "pseudonym_key.csv", dtype=str)
    docs = pittelo_coded.documents.copy()
    docs.loc[0, "text"] += f"\n{key['real_name'].iloc[-1]}\n"          # after every segment
    leaky = replace(pittelo_coded, documents=docs)
    monkeypatch.setattr(pipeline, "open_case", lambda case_dir, data_dir="": leaky)
    out = tmp_path / "uit" / "pittelo.qdpx"
    assert main(["export", "qdpx", str(pittelo_coded.case.root), "-o", str(out)]) == 1
    assert list(out.parent.iterdir()) == []
    err = capsys.readouterr().err
    assert "a real name from line" in err and key["real_name"].iloc[-1] not in err
