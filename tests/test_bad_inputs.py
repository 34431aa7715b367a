"""Broken and odd input files: each is reported naming the file and the fix, every valid
transcript of the case is still processed, and nothing under the case folder changes.

The cases live in ``tests/data/bad_inputs/`` (see its README). The pipeline runs on a
copy (``shutil.copytree`` keeps the modification times) so that the documented write, the
private replacement log, never lands in the repository; the committed folders are checked
to be unchanged as well. All text is fictional.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest

from pao_analysis.config import load_case
from pao_analysis.errors import CorpusError, Problems, problem_table
from pao_analysis.ingest import read_transcript
from pao_analysis.pipeline import match_transcripts, prepare_case
from pao_analysis.pseudonymise import load_key

BAD = Path(__file__).resolve().parent / "data" / "bad_inputs"
#: The one file a run may write inside a case folder (README, "Corpus format").
DOCUMENTED_WRITES = {"private/replacement_log.csv"}
VALID = ["M01", "M02", "M07", "M08", "M11", "M12", "M13", "M14"]
T = "messy/transcripts/"


def _snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """SHA-256 and modification time (ns) of every file under ``root``, by relative path."""
    return {p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def _copy(name: str, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpora") / name
    shutil.copytree(BAD / name, root)
    return root


def _assert_unchanged(before: dict, after: dict) -> None:
    assert {k: v for k, v in after.items() if k not in DOCUMENTED_WRITES} == before


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    committed = _snapshot(BAD / "messy")
    root = _copy("messy", tmp_path_factory)
    before = _snapshot(root)
    data = prepare_case(root, use_deduce=False)
    return SimpleNamespace(data=data, root=root, committed=committed, before=before, after=_snapshot(root))


def _problem(data, file: str, language: str = "en") -> dict:
    table = problem_table(data.problems, language)
    rows = table[table["file"] == file]
    assert len(rows) == 1, data.problems.to_dict("records")
    return rows.iloc[0].to_dict()


def _document(data, iid: str) -> dict:
    rows = data.documents[data.documents["interview_id"] == iid]
    assert len(rows) == 1, f"{iid} was not processed"
    return rows.iloc[0].to_dict()


def _turn_texts(data, iid: str) -> list[tuple[str, str, str]]:
    turns = data.turns[data.turns["interview_id"] == iid].sort_values("turn")
    return list(zip(turns["speaker"], turns["speaker_role"], turns["text"]))


# ------------------------------------------------------------------ files that are skipped

@pytest.mark.parametrize("file, message, fix", [
    ("M03.txt", "the file is empty (0 bytes)",
     "put the transcript text in the file, or remove the file and its row in participants.csv"),
    ("M04.txt", "the file contains no text (only whitespace)",
     "check that this is the right file; export the transcript again"),
    ("M05.txt", "this is not a text file: it looks like a PNG image",
     "check that the right file was put in transcripts/; transcripts must be .txt (UTF-8), .docx, .vtt or .srt"),
    ("M06.docx", "not a Word .docx file (it is an old Word .doc file, not a zip archive)",
     "re-save it from Word as .docx (Word document); an old .doc file cannot be read"),
], ids=["0-byte", "whitespace-only", "binary-named-txt", "docx-not-a-zip"])
def test_unusable_transcript_is_an_error_naming_file_and_fix(messy, file, message, fix):
    assert _problem(messy.data, T + file) == {"level": "error", "file": T + file, "where": "",
                                              "message": message, "fix": fix}
    assert Path(file).stem not in set(messy.data.documents["interview_id"])


def test_interview_listed_without_transcript(messy):
    assert _problem(messy.data, T + "M10.*") == {
        "level": "error", "file": T + "M10.*", "where": "participants.csv, row 11",
        "message": "interview M10 is listed in participants.csv but has no transcript",
        "fix": "add M10.txt (or .docx, .vtt, .srt) to transcripts/, name its file in the 'transcript' "
               "column, or delete row 11 of participants.csv"}


def test_the_corpus_overview_says_which_interviews_were_not_read(messy):
    from pao_analysis.analysis import corpus_overview
    from pao_analysis.labels import rename

    status = corpus_overview(messy.data).set_index("interview_id")["status"]
    assert status["M10"] == "not_read" and status["M14"] == "analysed"
    assert rename(corpus_overview(messy.data))["status"].tolist().count("niet gelezen (zie meldingen)") \
        == (status == "not_read").sum()


def test_transcript_without_participant_row(messy):
    assert _problem(messy.data, T + "M15.txt") == {
        "level": "warning", "file": T + "M15.txt", "where": "",
        "message": "transcript has no row in participants.csv and is skipped",
        "fix": "add a row with interview_id M15 to participants.csv, or move the file out of transcripts/"}
    assert "M15" not in set(messy.data.documents["interview_id"])


@pytest.mark.parametrize("file", ["M09.txt", "M09.docx"])
def test_two_files_with_the_same_interview_id(messy, file):
    assert _problem(messy.data, T + file) == {
        "level": "error", "file": T + file, "where": "",
        "message": "interview M09 has 2 transcripts (M09.docx, M09.txt); none of them is read",
        "fix": "keep one file per interview in transcripts/ (move the others out), or name the right one "
               "in the 'transcript' column of participants.csv"}
    assert "M09" not in set(messy.data.documents["interview_id"])


# ------------------------------------------------------------------ files that are read

def test_utf16_with_bom_is_read(messy):
    doc = _document(messy.data, "M07")
    assert doc["encoding"] == "utf-16"
    assert _turn_texts(messy.data, "M07") == [
        ("Interviewer", "interviewer", "Waar begon het idee voor het repaircafé?"),
        ("R", "respondent", "Bij de reünie van de oude voetbalclub. Ruud vertelde toen dat hij zijn "
                            "gereedschap kwijt wilde."),
        ("Interviewer", "interviewer", "En nu?"),
        ("R", "respondent", "Nu komen er elke maand dertig mensen met kapotte spullen – van broodroosters "
                            "tot fietsen."),
    ]
    assert not (messy.data.problems["file"] == T + "M07.txt").any()


def test_windows_1252_accents_and_curly_quotes_are_read_correctly(messy):
    doc = _document(messy.data, "M08")
    assert doc["encoding"] == "cp1252" and "\r" not in doc["text"]
    assert [t[2] for t in _turn_texts(messy.data, "M08")] == [
        "Hoe kijkt u terug op de samenwerking met het café op de hoek?",
        "Heel positief. De eigenaar zei: ‘kom maar binnen’, en zo zijn we begonnen.",
        "En de ideeën van de bewoners?",
        "Die kwamen vanzelf. Iemand noemde het “onze huiskamer” en dat is blijven hangen… We hebben het na "
        "een jaar geëvalueerd met een enquête.",
    ]
    for char in "éëê‘’“”…":
        assert char in doc["text"]
    assert not (messy.data.problems["file"] == T + "M08.txt").any()


def test_no_speaker_labels_is_one_respondent_monologue_with_a_warning(messy):
    assert _problem(messy.data, T + "M11.txt") == {
        "level": "warning", "file": T + "M11.txt", "where": "",
        "message": "no speaker labels found; treated as one respondent monologue",
        "fix": "start every turn with a label such as 'Interviewer:' or 'R:' if this is a conversation"}
    raw = (BAD / "messy" / "transcripts" / "M11.txt").read_text(encoding="utf-8")
    assert _turn_texts(messy.data, "M11") == [("R", "respondent", raw.strip())]


def test_label_without_text_is_skipped_with_a_warning(messy):
    assert _problem(messy.data, T + "M12.txt") == {
        "level": "warning", "file": T + "M12.txt", "where": "line 2",
        "message": "speaker label without text; the label is skipped",
        "fix": "add the missing text after the label, or remove the label"}
    assert _turn_texts(messy.data, "M12") == [
        ("Interviewer", "interviewer", "Wat deed u in het wijkteam?"),
        ("Interviewer", "interviewer", "Zullen we die vraag nog een keer proberen?"),
        ("Ruud", "respondent", "Ja, graag. Ik werkte daar drie jaar als opbouwwerker."),
    ]


def test_a_200000_character_line_is_read_quickly(messy):
    path = BAD / "messy" / "transcripts" / "M13.txt"
    t0 = time.perf_counter()
    transcript = read_transcript(path, case_id="messy", interview_id="M13")
    assert time.perf_counter() - t0 < 2.0
    assert [len(line) for line in transcript.document["text"].split("\n")] == [200_000, 0]
    text = _document(messy.data, "M13")["text"]
    assert len(text.split("\n")[0]) == 200_000
    turns = _turn_texts(messy.data, "M13")
    assert len(turns) == 1 and turns[0][:2] == ("R", "respondent") and len(turns[0][2]) == 199_997
    assert _problem(messy.data, T + "M13.txt")["level"] == "warning"      # no interviewer: a note only


def test_file_name_with_spaces_and_accents_is_read(messy):
    doc = _document(messy.data, "M14")
    assert doc["path"] == "transcripts/Gesprek … en ….txt"          # names in file names are hidden
    assert [t[2] for t in _turn_texts(messy.data, "M14")][-1] == (
        "Ik ben gewoon gaan helpen bij het opruimen na de kermis. Zo leer je mensen kennen.")
    assert not messy.data.problems["file"].str.contains("Gesprek").any()


def test_file_name_written_in_nfd_or_other_case_still_matches(tmp_path_factory):
    """macOS writes file names decomposed (NFD); participants.csv has them composed."""
    root = _copy("messy", tmp_path_factory)
    folder = root / "transcripts"
    name = "Gesprek Noëlle en André.txt"
    (folder / name).rename(folder / unicodedata.normalize("NFD", name))
    (folder / "M01.txt").rename(folder / "m01.TXT")
    problems = Problems()
    found = match_transcripts(load_case(root), problems)
    assert found["M14"].name == unicodedata.normalize("NFD", name)
    assert found["M01"].name == "m01.TXT"
    files = problems.to_frame()["file"]
    assert not files.str.contains("m01|Gesprek|M01|M14").any(), files.tolist()


# ------------------------------------------------------------------ the case as a whole

def test_every_valid_transcript_is_processed(messy):
    data = messy.data
    assert sorted(data.documents["interview_id"]) == VALID
    assert sorted(data.turns["interview_id"].unique()) == VALID
    assert sorted(data.segments["interview_id"].unique()) == VALID
    assert sorted(data.problems[["level", "file"]].itertuples(index=False, name=None)) == sorted(
        [("error", T + f) for f in ["M03.txt", "M04.txt", "M05.txt", "M06.docx", "M09.docx", "M09.txt",
                                    "M10.*"]]
        + [("warning", T + f) for f in ["M11.txt", "M12.txt", "M13.txt", "M15.txt"]])
    assert _turn_texts(data, "M01")[1] == (
        "Petra", "respondent",
        "Via mijn buurvrouw. Zij vroeg of ik wilde helpen met de moestuinbakken achter het wijkcentrum.")
    assert _turn_texts(data, "M02")[3] == ("R", "respondent",
                                           "Meestal wel, al kost het tijd. Petra helpt mee met de buurttuin.")


def test_every_problem_names_its_file_and_a_fix(messy):
    for row in messy.data.problems.itertuples():
        assert row.file.startswith(T), row
        assert row.fix and row.message, row


#: Words that give an English sentence away in a Dutch table.
ENGLISH_WORDS = re.compile(r"\b(the|is not|file|and|or|with|has|found|put|check|save|skipped|ignored|"
                           r"missing|could|cannot|looks like|speaker|turn|row)\b", re.I)


def test_the_reading_problems_are_dutch_for_a_dutch_reader(messy):
    from pao_analysis.labels import rename

    table = problem_table(messy.data.problems)
    english = problem_table(messy.data.problems, "en")
    assert len(table) == len(english) == 11
    for part in ("where", "message", "fix"):
        for nl, en in zip(table[part], english[part]):
            assert not ENGLISH_WORDS.search(nl), (part, nl)
            assert nl != en or nl == "", (part, nl)
    assert _problem(messy.data, T + "M10.*", "nl") == {
        "level": "error", "file": T + "M10.*", "where": "participants.csv, rij 11",
        "message": "interview M10 staat in participants.csv maar heeft geen transcript",
        "fix": "zet M10.txt (of .docx, .vtt, .srt) in transcripts/, noem de bestandsnaam in de kolom "
               "'transcript', of verwijder rij 11 van participants.csv"}
    assert _problem(messy.data, T + "M12.txt", "nl")["where"] == "regel 2"
    assert _problem(messy.data, T + "M05.txt", "nl")["message"] == (
        "dit is geen tekstbestand: het lijkt een PNG-afbeelding")
    assert _problem(messy.data, T + "M06.docx", "nl")["message"] == (
        "geen Word-document (.docx) (het is een oud Word-document (.doc), geen zip-archief)")
    assert _problem(messy.data, T + "M11.txt", "nl")["fix"] == (
        "begin elke beurt met een label zoals 'Interviewer:' of 'R:' als dit een gesprek is")
    assert _problem(messy.data, T + "M15.txt", "nl")["message"] == (
        "transcript heeft geen rij in participants.csv en wordt overgeslagen")
    shown = rename(table)
    assert list(shown.columns) == ["niveau", "bestand", "plaats", "melding", "oplossing"]
    assert sorted(set(shown["niveau"])) == ["fout", "waarschuwing"]
    assert _problem(messy.data, T + "M10.*", "en")["where"] == "participants.csv, row 11"
    assert english["message"].tolist() == messy.data.problems["message"].tolist()


def test_nothing_under_the_case_folder_changes(messy):
    assert set(messy.after) - set(messy.before) <= DOCUMENTED_WRITES
    _assert_unchanged(messy.before, messy.after)
    assert _snapshot(BAD / "messy") == messy.committed


def test_messages_contain_no_real_names_and_no_transcript_text(messy):
    key = load_key(messy.root / "private" / "pseudonym_key.csv")
    names = set()
    for entry in key.entries:
        names |= {entry.real_name, *entry.aliases, *entry.real_name.split()}
    messages = messy.data.problems.to_csv(index=False)
    for name in names:
        assert not re.search(rf"\b{re.escape(name)}\b", messages), f"a key name leaked ({len(name)} chars)"
    for text in messy.data.turns["text"]:
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            if len(sentence) > 15:
                assert sentence not in messages


# ------------------------------------------------------------------ case-level failures

def _case_error(name: str, tmp_path_factory) -> CorpusError:
    committed = _snapshot(BAD / name)
    root = _copy(name, tmp_path_factory)
    before = _snapshot(root)
    with pytest.raises(CorpusError) as info:
        prepare_case(root, use_deduce=False)
    assert _snapshot(root) == before, "a case that cannot be loaded must not be written to at all"
    assert _snapshot(BAD / name) == committed
    return info.value


def test_yaml_syntax_error_names_line_and_column(tmp_path_factory):
    err = _case_error("yaml_error", tmp_path_factory)
    line = (BAD / "yaml_error" / "case.yaml").read_text(encoding="utf-8").split("\n")[1]
    column = line.index(":", line.index(":") + 1) + 1
    assert (err.path, err.where) == ("yaml_error/case.yaml", f"line 2, column {column}") == (
        "yaml_error/case.yaml", "line 2, column 30")
    assert err.message == "YAML syntax error: mapping values are not allowed here"
    assert err.fix == "put text that contains ': ' between double quotes, e.g. title: \"Samen: een verkenning\""
    assert str(err).startswith("yaml_error/case.yaml (line 2, column 30): YAML syntax error")


def test_participants_csv_missing_a_column(tmp_path_factory):
    err = _case_error("participants_missing_column", tmp_path_factory)
    assert (err.path, err.where) == ("participants_missing_column/participants.csv", "line 1, the header")
    assert err.message == ("missing column(s) domain; the header has interview_id, pseudonym, role, "
                           "organisation, interview_date")
    assert err.fix.startswith("add the column(s) domain to the first line and fill them in every row")


@pytest.mark.parametrize("name", ["yaml_error", "participants_missing_column"])
def test_case_level_messages_contain_no_real_names(name, tmp_path_factory):
    text = str(_case_error(name, tmp_path_factory))
    key = (BAD / name / "private" / "pseudonym_key.csv").read_text(encoding="utf-8")
    for row in key.splitlines()[1:]:
        for word in row.split(",")[0].split():
            assert word not in text


# ------------------------------------------------------------------ related variants

@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "a PDF file"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(40), "a zip archive, such as a Word .docx file"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Calibri;}} Interviewer: Hoe gaat het?}", "an RTF file"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(60), "an MP3 recording"),
    (b"\x00\x00\x00\x20ftypM4A " + bytes(60), "an MP4/M4A recording or video"),
])
def test_a_wrong_file_named_txt_says_what_it_is(tmp_path, data, kind):
    (tmp_path / "K02.txt").write_bytes(data)
    with pytest.raises(CorpusError) as info:
        read_transcript(tmp_path / "K02.txt", case_id="c", interview_id="K02", display_path="c/transcripts/K02.txt")
    assert info.value.message.startswith(f"this is not a text file: it looks like {kind}")
    assert info.value.path == "c/transcripts/K02.txt" and info.value.fix


def test_plain_text_named_docx_suggests_renaming(tmp_path):
    (tmp_path / "K02.docx").write_text("Interviewer: Hoe gaat het?\nR: Goed.\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_transcript(tmp_path / "K02.docx", case_id="c", interview_id="K02")
    assert info.value.message == "not a Word .docx file (it looks like plain text)"
    assert info.value.fix.endswith("or rename it to .txt if it is a plain-text transcript")


def test_other_files_in_transcripts_folder(tmp_path_factory):
    """Recordings and notes get a warning; Word lock files and system files are skipped silently."""
    root = _copy("messy", tmp_path_factory)
    for name in ["opname M01.m4a", "~$M02.docx", "Thumbs.db", ".DS_Store"]:
        (root / "transcripts" / name).write_bytes(b"\x00\x01")
    problems = Problems()
    match_transcripts(load_case(root), problems)
    table = problems.to_frame("en").set_index("file")
    assert table.loc[T + "opname M01.m4a"].to_dict() == {
        "level": "warning", "where": "", "message": "not a transcript format (.m4a); the file is ignored",
        "fix": "save the transcript as .txt, .docx, .vtt or .srt, or move the file out of transcripts/"}
    assert not table.index.str.contains(r"~\$|Thumbs|DS_Store").any()


def test_an_unexpected_failure_in_one_file_does_not_stop_the_case(tmp_path_factory, monkeypatch):
    from pao_analysis import pipeline

    root = _copy("messy", tmp_path_factory)
    real = pipeline.read_transcript

    def fragile(path, **kwargs):
        if path.name == "M01.txt":
            raise RuntimeError("Jolanda Zwiers")          # content must not reach the message
        return real(path, **kwargs)

    monkeypatch.setattr(pipeline, "read_transcript", fragile)
    problems = Problems()
    documents, _ = pipeline.read_case(load_case(root), problems=problems)
    assert sorted(documents["interview_id"]) == [i for i in VALID if i != "M01"]
    row = problems.to_frame("en").set_index("file").loc[T + "M01.txt"]
    assert (row["level"], row["message"]) == ("error", "the file could not be read (RuntimeError)")
    assert "Jolanda" not in problems.to_frame().to_csv()


@pytest.mark.parametrize("content, where, message", [
    ("interview_id;pseudonym;role;organisation;domain;interview_date\r\nK01;Noëlle;bewoner;wijkraad;bewoners;"
     "2024-03-04\r\n;;;;;\r\n".encode("cp1252"), None, None),
    (b"Interview_ID,pseudonym,role,organisation,domain,interview_date\nK01,Tessa,bewoner,wijkraad,bewoners,"
     b"2024-03-04\nK02,Tessa,bewoner,wijkraad,bewoners,2024-03-05,extra\n", "line 3",
     "the row has 7 fields but the header has 6"),
    (b"interview_id,pseudonym,role,organisation,domain,interview_date\n,Tessa,bewoner,wijkraad,bewoners,"
     b"2024-03-04\n", "row 2, column interview_id", "empty interview_id"),
    (b"", None, "the file is empty"),
], ids=["excel-semicolons-cp1252", "extra-field", "empty-id", "empty-file"])
def test_participants_csv_variants(tmp_path_factory, content, where, message):
    root = _copy("participants_missing_column", tmp_path_factory)
    (root / "participants.csv").write_bytes(content)
    if message is None:
        assert load_case(root).participants[["interview_id", "pseudonym"]].values.tolist() == [["K01", "Noëlle"]]
        return
    with pytest.raises(CorpusError) as info:
        load_case(root)
    assert (info.value.path, info.value.where, info.value.message) == (
        "participants_missing_column/participants.csv", where, message)
    assert info.value.fix
