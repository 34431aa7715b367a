"""The texts of reading problems: a Dutch and an English text for every message, place and
fix that can reach the table of reading problems. All example text is fictional."""

from __future__ import annotations

import ast
import re
import zipfile
from pathlib import Path

import pytest

from pao_analysis.errors import CorpusError, PaoError, Problems, problem_table
from pao_analysis.ingest import read_transcript
from pao_analysis.labels import LANGUAGES, rename
from pao_analysis.messages import MESSAGES, msg, placeholders

SRC = Path(__file__).resolve().parent.parent / "src" / "pao_analysis"
#: Words that give an English sentence away; none may occur in a Dutch text.
ENGLISH = re.compile(r"\b(the|is not|file|and|or|with|has|found|put|check|save|skipped|ignored|"
                     r"missing|could|cannot|looks like|speaker|turn|label the)\b", re.I)


def test_every_text_has_every_language_with_the_same_placeholders():
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert placeholders(texts["nl"]) == placeholders(texts["en"]), key


def test_no_dutch_text_is_english():
    for key, texts in MESSAGES.items():
        assert not ENGLISH.search(texts["nl"]), (key, texts["nl"])
        assert texts["nl"] != texts["en"], key


@pytest.mark.parametrize("key, params, en, nl", [
    ("at_line", {"n": 3}, "line 3", "regel 3"),
    ("at_lines", {"first": 1, "last": 2}, "lines 1-2", "regels 1-2"),
    ("at_cues", {"first": 1, "last": 4}, "cues 1-4", "ondertitels 1-4"),
    ("at_participants_row", {"row": 5}, "participants.csv, row 5", "participants.csv, rij 5"),
    ("not_a_transcript_format", {"suffix": msg("no_extension")},
     "not a transcript format (no extension); the file is ignored",
     "geen transcriptformaat (geen extensie); het bestand wordt genegeerd"),
    ("fix_zip", {"otherwise": msg("fix_wrong_file")},
     "if it is a Word document, rename it to .docx; otherwise check that the right file was put in "
     "transcripts/; transcripts must be .txt (UTF-8), .docx, .vtt or .srt",
     "geef het de extensie .docx als het een Word-document is; anders: controleer of het juiste bestand "
     "in transcripts/ staat; een transcript moet .txt (UTF-8), .docx, .vtt of .srt zijn"),
])
def test_texts_and_nested_texts_render_in_both_languages(key, params, en, nl):
    m = msg(key, **params)
    assert (m.text("en"), m.text("nl"), str(m)) == (en, nl, en)


def test_a_wrong_key_or_a_missing_parameter_fails_at_once():
    with pytest.raises(KeyError, match="unknown message key 'no_such_problem'"):
        msg("no_such_problem")
    with pytest.raises(KeyError, match="needs the parameter"):
        msg("missing_transcript")
    with pytest.raises(ValueError, match="language must be one of"):
        msg("empty_file").text("de")


def test_an_error_keeps_english_for_logs_and_gives_each_language():
    err = CorpusError(msg("label_without_text"), path="c/transcripts/K01.txt", where=msg("at_line", n=4),
                      fix=msg("fix_label_without_text"))
    assert str(err) == ("c/transcripts/K01.txt (line 4): speaker label without text; the label is skipped "
                        "Fix: add the missing text after the label, or remove the label")
    assert [err.text(part, "nl") for part in ("where", "message", "fix")] == [
        "regel 4", "sprekerslabel zonder tekst; het label is overgeslagen",
        "zet de ontbrekende tekst achter het label, of verwijder het label"]
    plain = PaoError("something odd", path="x.txt")         # not from the catalogue: kept as it is
    assert (plain.text("message", "nl"), plain.text("fix", "nl")) == ("something odd", "")


def test_problems_table_in_each_language_and_for_readers():
    problems = Problems()
    problems.error(CorpusError(msg("empty_file"), path="c/transcripts/K01.txt", fix=msg("fix_empty_file")))
    problems.warn(CorpusError(msg("no_speaker_labels"), path="c/transcripts/K02.txt",
                              fix=msg("fix_no_speaker_labels")))
    stored = problems.to_stored()
    assert list(stored.columns) == ["level", "file", "where", "message", "fix", "where_nl", "message_nl", "fix_nl"]
    assert problems.to_frame("en").equals(problem_table(stored, "en"))
    dutch = rename(problems.to_frame())
    assert dutch.to_dict("list") == {
        "niveau": ["fout", "waarschuwing"],
        "bestand": ["c/transcripts/K01.txt", "c/transcripts/K02.txt"],
        "plaats": ["", ""],
        "melding": ["het bestand is leeg (0 bytes)",
                    "geen sprekerslabels gevonden; de tekst is gelezen als één monoloog van de respondent"],
        "oplossing": ["zet de tekst van het transcript in het bestand, of verwijder het bestand en de rij "
                      "ervan in participants.csv",
                      "begin elke beurt met een label zoals 'Interviewer:' of 'R:' als dit een gesprek is"]}
    assert rename(problems.to_frame("en"), "en")["level"].tolist() == ["error", "warning"]


def _docx_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notities.txt", "R: Ja.")


@pytest.mark.parametrize("name, content, nl", [
    ("K01.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "dit is geen tekstbestand: het lijkt een pdf-bestand"),
    ("K01.txt", b"\x00\x00\x00\x20ftypM4A " + bytes(60),
     "dit is geen tekstbestand: het lijkt een MP4/M4A-opname of -video"),
    ("K01.txt", bytes(range(1, 9)) * 50 + b"tekst", "dit is geen tekstbestand (400 stuurtekens)"),
    ("K01.txt", "R: Ja, dat klopt.".encode("utf-16-le"),
     "dit lijkt UTF-16-tekst zonder kenmerk aan het begin (byte-order mark)"),
    ("K01.txt", b"R: caf\x81 en \x8d", "de tekencodering is niet herkend (byte 6 past niet bij UTF-8 en ook "
                                       "niet bij Windows-1252)"),
    ("K01.txt", b"\xff\xfe" + b"R\x00:\x00 \x00J", "het bestand begint met een UTF-16-kenmerk (byte-order "
                                                  "mark) maar is geen geldige UTF-16-tekst (byte 8)"),
    ("K01.docx", b"Interviewer: dit is gewoon tekst\n", "geen Word-document (.docx) (het lijkt platte tekst)"),
    ("K01.docx", None, "geen leesbaar Word-document (.docx) (KeyError)"),
    ("K01.srt", b"Interviewer: Hoe begon het?\nR: Zo.\n", "geen ondertitels gevonden (geen tijdregels "
                                                          "'begin --> eind')"),
    ("K01.pdf", b"R: Ja.", "transcriptformaat '.pdf' wordt niet ondersteund"),
    ("K01", b"R: Ja.", "transcriptformaat '(geen)' wordt niet ondersteund"),
])
def test_a_file_that_cannot_be_read_is_explained_in_dutch(tmp_path, name, content, nl):
    path = tmp_path / name
    if content is None:
        _docx_without_document(path)
    else:
        path.write_bytes(content)
    with pytest.raises(CorpusError) as info:
        read_transcript(path, case_id="c", interview_id="K01")
    err = info.value
    assert err.text("message", "nl") == nl
    assert err.text("fix", "nl") and not ENGLISH.search(err.text("fix", "nl"))
    assert err.text("message", "en") == err.message != nl


@pytest.mark.parametrize("name, text, where, message", [
    ("K01.txt", "Gesprek over de buurttuin\n\nI: Hoe begon het?\nR: Met een plan.\n", "regel 1",
     "de tekst vóór het eerste sprekerslabel hoort bij geen enkele beurt en telt niet mee in de analyse"),
    ("K01.txt", "Spreker 1: Ik woon hier al lang.\nSpreker 2: Hoe lang?\nSpreker 1: Veertig jaar.\n"
                "Spreker 2: En wat is er veranderd?\n", "regel 2",
     "geen label voor de interviewer gevonden; spreker 2 (eerste label op regel 2) is als interviewer "
     "genomen, omdat die het vaakst met een vraagteken eindigt"),
    ("K01.txt", "I: Hoe begon het?\nR: De caf\u00c3\u00a9 was dicht.\n", "regel 2",
     "de tekst bevat verminkte accenten (bijv. 'Ã«' voor 'ë'): hij is waarschijnlijk twee keer naar UTF-8 "
     "omgezet"),
    ("K01.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nWelkom allemaal\n\n00:00:03.000 --> 00:00:04.000\n"
                "<v Interviewer>Hoe begon het?\n\n00:00:05.000 --> 00:00:06.000\n<v Sem>Met een plan.\n",
     "ondertitel 1", "de tekst vóór de eerste spreker hoort bij geen enkele beurt en telt niet mee in de analyse"),
])
def test_warnings_name_the_place_in_dutch(tmp_path, name, text, where, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    tr = read_transcript(tmp_path / name, case_id="c", interview_id="K01", interviewer_names=["Interviewer"])
    found = {(w.text("where", "nl"), w.text("message", "nl")) for w in tr.warnings}
    assert (where, message) in found, found


@pytest.mark.parametrize("module", ["ingest.py", "pipeline.py"])
def test_problems_that_reach_the_table_come_from_the_catalogue(module):
    """A CorpusError with a plain string in these modules would show English in the Dutch table."""
    calls = [node for node in ast.walk(ast.parse((SRC / module).read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "CorpusError"]
    assert calls
    for call in calls:
        texts = call.args[:1] + [k.value for k in call.keywords if k.arg in ("where", "fix")]
        plain = [t for t in texts
                 if isinstance(t, ast.JoinedStr) or isinstance(t, ast.Constant) and isinstance(t.value, str)]
        assert not plain, f"{module}, line {call.lineno}: a plain string instead of msg(...)"
