"""Transcript readers: encodings, formats, speaker labels, offsets and warnings.

All example text is fictional. Every test that reads a transcript checks the offset
invariant ``document_text[start:end] == turn_text`` through :func:`_read` / :func:`_check`.
"""

from __future__ import annotations

import math
import time
import zipfile

import pytest

from pao_analysis import schemas
from pao_analysis.errors import CorpusError
from pao_analysis.ingest import (
    SUPPORTED_FORMATS,
    decode_text,
    normalise_text,
    parse_turns,
    read_transcript,
)

NAMES = ["Marloes", "Dijkstra", "Sanne", "Visser", "Gerda", "Veen", "Truus", "Bart", "Femke"]


def _check(tr):
    """The contracts every transcript must meet; returns (speaker, role, text, ts) tuples."""
    assert list(tr.turns.columns) == list(schemas.TURNS)
    assert set(tr.document) == set(schemas.DOCUMENTS)
    doc = tr.document["text"]
    assert doc == normalise_text(doc)
    assert tr.turns["turn"].tolist() == list(range(len(tr.turns)))
    for row in tr.turns.itertuples():
        assert doc[row.start:row.end] == row.text
        assert row.text and row.text == row.text.strip()
    assert tr.turns["start"].is_monotonic_increasing
    for w in tr.warnings:                       # labels can be real names: never in messages
        for name in NAMES:
            assert name not in str(w), f"a name leaked into a warning: {w.message}"
    return [(r.speaker, r.speaker_role, r.text, None if math.isnan(r.timestamp) else r.timestamp)
            for r in tr.turns.itertuples()]


def _read(tmp_path, name, content, **kwargs):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    tr = read_transcript(path, case_id="testcase", interview_id="T01", **kwargs)
    return tr, _check(tr)


def _parse(text, **kwargs):
    """parse_turns plus the offset invariant."""
    turns = parse_turns(text, **kwargs)
    for t in turns:
        assert text[t["start"]:t["end"]] == t["text"]
    return [(t["speaker"], t["speaker_role"], t["text"],
             None if math.isnan(t["timestamp"]) else t["timestamp"]) for t in turns]


# --------------------------------------------------------------------------- encodings

DUTCH = "Interviewer: Wat waren jullie ideeën?\nR: Het café heette “zo” – echt waar.\n"
EXPECTED = [("Interviewer", "interviewer", "Wat waren jullie ideeën?", None),
            ("R", "respondent", "Het café heette “zo” – echt waar.", None)]


@pytest.mark.parametrize("data, encoding", [
    (DUTCH.encode("utf-8"), "utf-8"),
    (DUTCH.encode("utf-8-sig"), "utf-8-sig"),
    (b"\xff\xfe" + DUTCH.encode("utf-16-le"), "utf-16"),
    (b"\xfe\xff" + DUTCH.encode("utf-16-be"), "utf-16"),
    (DUTCH.encode("cp1252"), "cp1252"),
    (DUTCH.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
    (DUTCH.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    (DUTCH.replace("\n", "\r").encode("utf-8-sig"), "utf-8-sig"),
])
def test_each_encoding_gives_the_same_turns(tmp_path, data, encoding):
    tr, turns = _read(tmp_path, "T01.txt", data)
    assert tr.document["encoding"] == encoding
    assert tr.document["format"] == "txt"
    assert tr.document["text"] == DUTCH
    assert turns == EXPECTED


@pytest.mark.parametrize("data, fragment", [
    (b"", "empty (0 bytes)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "not a text file"),
    (bytes(range(1, 9)) * 50 + b"tekst", "not a text file"),
    ("R: Ja, dat klopt.".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    (b"R: Ja, dat klopt. Het was in de wijk." * 40 + b"\x00 Echt.", "1 NUL byte(s)"),
    (b"\xff\xfe" + b"R\x00:\x00 \x00J", "not valid UTF-16"),
    (bytes(range(0xa0, 0x100)) * 20, "encoding could not be recognised"),
    (b"R: caf\x81 en \x8d", "encoding could not be recognised"),
])
def test_undecodable_bytes_raise_with_a_fix(data, fragment):
    with pytest.raises(CorpusError) as info:
        decode_text(data, path="case/transcripts/T01.txt")
    assert fragment in info.value.message
    assert info.value.path == "case/transcripts/T01.txt"
    assert info.value.fix


@pytest.mark.parametrize("content", ["", "   \n\t\n  ", "\ufeff\r\n", b"\xef\xbb\xbf  \r\n"])
def test_empty_and_whitespace_only_files_are_errors(tmp_path, content):
    path = tmp_path / "T01.txt"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CorpusError) as info:
        read_transcript(path, case_id="c", interview_id="T01", display_path="c/transcripts/T01.txt")
    assert info.value.path == "c/transcripts/T01.txt"
    assert "empty" in info.value.message or "no text" in info.value.message
    assert info.value.fix


def test_binary_file_named_txt_is_refused(tmp_path):
    path = tmp_path / "T01.txt"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)
    with pytest.raises(CorpusError, match="not a text file") as info:
        read_transcript(path, case_id="c", interview_id="T01")
    assert "T01.txt" in str(info.value)


@pytest.mark.parametrize("raw, expected", [
    ("Ideee\u0308n", "Ideeën"),                       # NFD -> NFC
    ("een\r\ntwee\rdrie", "een\ntwee\ndrie"),
    ("\ufeffJa.", "Ja."),
    ("ja\x00 nee\x07", "ja nee"),
    ("kolom\tkolom", "kolom\tkolom"),
    ("regel\x0bregel\u2028regel", "regel\nregel\nregel"),
    ("caf\u0081é", "café"),                            # C1 control removed
    ("al normaal", "al normaal"),
])
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


def test_double_encoded_text_gives_a_warning(tmp_path):
    text = "Interviewer: Wat waren de ideeÃ«n?\nR: Samen koken in het cafÃ©.\n"
    tr, turns = _read(tmp_path, "T01.txt", text)
    assert len(turns) == 2
    assert [w.where for w in tr.warnings] == ["line 1"]
    assert "garbled accents" in tr.warnings[0].message


# --------------------------------------------------------------------------- labels

@pytest.mark.parametrize("text, names, expected", [
    # timestamps in every accepted form
    (("[00:03:12] Interviewer: Hoe begon het?\n00:03:20 R: Via de gemeente.\n"
      "(00:04) I: En toen?\n[4:15] R: Toen kwam het buurthuis.\n"
      "Interviewer [01:02:03]: Dank je.\n[00:05:01,5] R: Graag gedaan.\n"
      "I: [00:05:09] Tot ziens."),
     (), [("Interviewer", "interviewer", "Hoe begon het?", 192.0),
          ("R", "respondent", "Via de gemeente.", 200.0),
          ("I", "interviewer", "En toen?", 4.0),
          ("R", "respondent", "Toen kwam het buurthuis.", 255.0),
          ("Interviewer", "interviewer", "Dank je.", 3723.0),
          ("R", "respondent", "Graag gedaan.", 301.5),
          ("I", "interviewer", "Tot ziens.", 309.0)]),
    # a timestamp alone on the line before the label
    ("[00:00:05]\nI: Fijn dat je er bent.\n\n[00:00:09]\nR: Graag.\n",
     (), [("I", "interviewer", "Fijn dat je er bent.", 5.0), ("R", "respondent", "Graag.", 9.0)]),
    # full names with tussenvoegsels; the interviewer from the key
    (("Sanne Visser: Wie was erbij?\nGerda van der Veen: De zorgstichting.\n"
      "Sanne Visser: En wie nog meer?\nGerda van der Veen: De wijkagent, denk ik."),
     ["Sanne Visser"], [("Sanne Visser", "interviewer", "Wie was erbij?", None),
                        ("Gerda van der Veen", "respondent", "De zorgstichting.", None),
                        ("Sanne Visser", "interviewer", "En wie nog meer?", None),
                        ("Gerda van der Veen", "respondent", "De wijkagent, denk ik.", None)]),
    # the interviewer by first name only, compared case-insensitively
    ("SANNE: Hoe ging dat?\nWim de Boer: Rommelig.\nSANNE: Waarom?\nWim de Boer: Geen geld.",
     ["Sanne Visser"], [("SANNE", "interviewer", "Hoe ging dat?", None),
                        ("Wim de Boer", "respondent", "Rommelig.", None),
                        ("SANNE", "interviewer", "Waarom?", None),
                        ("Wim de Boer", "respondent", "Geen geld.", None)]),
    # other role labels; a number after a role label; a label without a space
    ("Int.: Wat deed je?\nRespondent 1: Ik kookte.\nV: Met wie?\nA:Met de buren.",
     (), [("Int.", "interviewer", "Wat deed je?", None),
          ("Respondent 1", "respondent", "Ik kookte.", None),
          ("V", "interviewer", "Met wie?", None), ("A", "respondent", "Met de buren.", None)]),
    # multi-line turns keep their line breaks; a label alone on its line
    ("Interviewer:\nHoe begon het?\nR: Eerste regel.\nTweede regel.\n\nDerde alinea.\n",
     (), [("Interviewer", "interviewer", "Hoe begon het?", None),
          ("R", "respondent", "Eerste regel.\nTweede regel.\n\nDerde alinea.", None)]),
    # surnames with a capitalised tussenvoegsel, initials
    (("De Vries: Wat was jouw rol?\nJ. van Dam: Ik was de trekker.\n"
     "De Vries: Hoe lang?\nJ. van Dam: Twee jaar."),
     ["Henk de Vries", "De Vries"], [("De Vries", "interviewer", "Wat was jouw rol?", None),
                                     ("J. van Dam", "respondent", "Ik was de trekker.", None),
                                     ("De Vries", "interviewer", "Hoe lang?", None),
                                     ("J. van Dam", "respondent", "Twee jaar.", None)]),
    # a name that occurs once is accepted when it is the only non-interviewer label
    ("Interviewer: Hoe begon het?\nMarloes: Met een vragenlijst: die werkte niet.",
     (), [("Interviewer", "interviewer", "Hoe begon het?", None),
          ("Marloes", "respondent", "Met een vragenlijst: die werkte niet.", None)]),
])
def test_label_variants(text, names, expected):
    assert _parse(text, interviewer_names=names) == expected


COLON_LINES = [
    "Ik zei: ga maar.",
    "Nou: dat was het dan.",
    "Het punt is: niemand wist het.",
    "Datum: dat weet ik niet meer.",
    "Let op: dit is belangrijk.",
    "Toen zei Truus: kom op.",
    "Truus: kom op, zei ze.",                     # a name quoted once, not a speaker
    "Https://www.voorbeeld.nl was de site.",
    "Om 10:30: koffie.",
    "Eerlijk gezegd: geen idee.",
    "Belangrijk: de buurt.",
    "Truus:kom op, zei ze.",
]


@pytest.mark.parametrize("line", COLON_LINES)
def test_sentences_with_a_colon_are_not_labels(line):
    text = (f"Interviewer: Wat gebeurde er?\nMarloes: Er was een bijeenkomst.\n{line}\n"
            "Interviewer: En daarna?\nMarloes: Daarna niets.\n")
    turns = _parse(text)
    assert [t[0] for t in turns] == ["Interviewer", "Marloes", "Interviewer", "Marloes"]
    assert turns[1][2] == f"Er was een bijeenkomst.\n{line}"


@pytest.mark.parametrize("text", [
    "Conclusie: het was een mooi project.\nWe gingen door tot 2023.",
    "Ik zei: ga maar.\nEn ze ging.",
    "Let op: dit is een notitie van de onderzoeker zelf.",
])
def test_a_monologue_with_one_colon_line_stays_a_monologue(tmp_path, text):
    tr, turns = _read(tmp_path, "T01.txt", text)
    assert turns == [("R", "respondent", text, None)]
    assert "no speaker labels found" in tr.warnings[0].message


def test_no_labels_is_one_respondent_monologue(tmp_path):
    text = "\n  Ik begon in 2020 in de wijk.\nDaarna kwam de gemeente erbij.  \n\n"
    tr, turns = _read(tmp_path, "T01.txt", text)
    expected = "Ik begon in 2020 in de wijk.\nDaarna kwam de gemeente erbij."
    assert turns == [("R", "respondent", expected, None)]
    assert [w.message for w in tr.warnings] == [
        "no speaker labels found; treated as one respondent monologue"]
    assert tr.turns["start"].iat[0] == 3


def test_label_without_text_is_dropped_with_a_warning(tmp_path):
    text = "Interviewer: Hoe begon het?\nR:\nInterviewer: Nog iets?\nR: Nee, dat was het.\n"
    tr, turns = _read(tmp_path, "T01.txt", text)
    assert turns == [("Interviewer", "interviewer", "Hoe begon het?", None),
                     ("Interviewer", "interviewer", "Nog iets?", None),
                     ("R", "respondent", "Nee, dat was het.", None)]
    assert [(w.where, "without text" in w.message) for w in tr.warnings] == [("line 2", True)]


def test_only_empty_labels_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="every speaker label is empty"):
        _read(tmp_path, "T01.txt", "Interviewer:\nR:\n")


def test_title_lines_before_the_first_label_are_a_warning_not_a_turn(tmp_path):
    text = ("Interview Marloes Dijkstra, leergeschiedenis Pittelo\nDatum: 12 december 2023\n\n"
            "Interviewer: Hoe begon het?\nMarloes: In de wijk.\nInterviewer: En toen?\n"
            "Marloes: Toen de gemeente.\n")
    tr, turns = _read(tmp_path, "T01.txt", text)
    assert [t[0] for t in turns] == ["Interviewer", "Marloes", "Interviewer", "Marloes"]
    assert [(w.where, "before the first speaker label" in w.message) for w in tr.warnings] == [
        ("lines 1-2", True)]


@pytest.mark.parametrize("text, names, roles, inferred", [
    # two named speakers, no interviewer known: the one asking questions is the interviewer
    (("Sanne: Hoe begon het?\nMarloes: In 2020.\nSanne: En toen?\nMarloes: Toen kwam Truus.\n"
      "Sanne: Wat deed zij?\nMarloes: Zij kende iedereen. Weet je?"),
     (), ["interviewer", "respondent"] * 3, "speaker 1"),
    (("Spreker 1: Ik woon hier al lang.\nSpreker 2: Hoe lang?\nSpreker 1: Veertig jaar.\n"
      "Spreker 2: En wat is er veranderd?"),
     (), ["respondent", "interviewer"] * 2, "speaker 2"),
    # known from the key: nothing to infer
    ("Sanne: Hoe begon het?\nMarloes: In 2020.\nSanne: En toen?\nMarloes: Toen kwam Truus.",
     ["Sanne Visser"], ["interviewer", "respondent"] * 2, None),
])
def test_interviewer_inferred_from_questions(tmp_path, text, names, roles, inferred):
    tr, turns = _read(tmp_path, "T01.txt", text, interviewer_names=names)
    assert [t[1] for t in turns] == roles
    messages = [w.message for w in tr.warnings]
    if inferred:
        assert len(messages) == 1 and inferred in messages[0] and "question mark" in messages[0]
    else:
        assert messages == []


def test_no_interviewer_among_three_speakers_is_a_warning(tmp_path):
    text = ("Marloes: Wij begonnen.\nBart: Ik hielp.\nTruus: Ik kookte.\nMarloes: Mooi was het.\n"
            "Bart: Zeker.\nTruus: Ja.\n")
    tr, turns = _read(tmp_path, "T01.txt", text)
    assert {t[1] for t in turns} == {"respondent"}
    assert len(turns) == 6
    assert "no interviewer found among 3 speaker(s)" in tr.warnings[0].message


def test_other_first_name_is_not_the_interviewer():
    text = "Sanne Jansen: Ik woon hier.\nI: Sinds wanneer?\nSanne Jansen: Sinds 2010.\nI: Mooi."
    roles = [t[1] for t in _parse(text, interviewer_names=["Sanne Visser"])]
    assert roles == ["respondent", "interviewer", "respondent", "interviewer"]


# --------------------------------------------------------------------------- docx

def test_docx_paragraphs_and_table_rows(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Interview leergeschiedenis")
    d.add_paragraph("Interviewer: Hoe begon het?")
    d.add_paragraph("Marloes: In september 2020.")
    d.add_paragraph("Dat was midden in corona.")
    d.add_paragraph("")
    table = d.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, [("00:05:00", "Interviewer", "Wie hielp je?"),
                                       ("00:05:10", "Marloes", "Truus, uit de wijk.")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    d.add_paragraph("Interviewer: Dank je wel.")
    d.save(tmp_path / "T01.docx")
    tr, turns = _read(tmp_path, "T01.docx", (tmp_path / "T01.docx").read_bytes())
    assert tr.document["format"] == "docx" and tr.document["encoding"] == "utf-8"
    assert turns == [("Interviewer", "interviewer", "Hoe begon het?", None),
                     ("Marloes", "respondent", "In september 2020.\nDat was midden in corona.", None),
                     ("Interviewer", "interviewer", "Wie hielp je?", 300.0),
                     ("Marloes", "respondent", "Truus, uit de wijk.", 310.0),
                     ("Interviewer", "interviewer", "Dank je wel.", None)]
    assert [w.where for w in tr.warnings] == ["line 1"]


@pytest.mark.parametrize("content", [
    b"Interviewer: dit is gewoon tekst\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),       # an old .doc (OLE) renamed
])
def test_docx_that_is_not_a_zip_is_refused(tmp_path, content):
    (tmp_path / "T01.docx").write_bytes(content)
    with pytest.raises(CorpusError) as info:
        read_transcript(tmp_path / "T01.docx", case_id="c", interview_id="T01",
                        display_path="c/transcripts/T01.docx")
    assert "not a Word .docx file" in info.value.message
    assert "re-save it from Word as .docx" in info.value.fix
    assert info.value.path == "c/transcripts/T01.docx"


def test_zip_that_is_not_a_docx_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "T01.docx", "w") as z:
        z.writestr("notities.txt", "R: Ja.")
    with pytest.raises(CorpusError, match="not a readable Word .docx file") as info:
        read_transcript(tmp_path / "T01.docx", case_id="c", interview_id="T01")
    assert "re-save it from Word as .docx" in info.value.fix


# --------------------------------------------------------------------------- vtt, srt

VTT = """WEBVTT
Kind: captions

NOTE opgenomen met Teams

1f2e-11/1-0
00:00:03.120 --> 00:00:05.699
<v Sanne Visser>Hoi Femke. Kun je me horen?</v>

1f2e-11/2-0
00:00:07.995 --> 00:00:12.601
<v Femke Hoekstra>Ja, ik hoor je goed.</v>

1f2e-11/2-1
00:00:12.700 --> 00:00:15.000
<v Femke Hoekstra>Zorg &amp; welzijn,
daar werk ik.</v>

00:00:15.100 --> 00:00:16.000
en al heel lang.

01:00:16.500 --> 01:00:19.000
<v.loud Sanne Visser>Hoe begon het?</v>
"""


def test_vtt_voices_merge_consecutive_cues(tmp_path):
    tr, turns = _read(tmp_path, "T01.vtt", VTT, interviewer_names=["Sanne Visser"])
    assert turns == [
        ("Sanne Visser", "interviewer", "Hoi Femke. Kun je me horen?", 3.12),
        ("Femke Hoekstra", "respondent",
         "Ja, ik hoor je goed. Zorg & welzijn, daar werk ik. en al heel lang.", 7.995),
        ("Sanne Visser", "interviewer", "Hoe begon het?", 3616.5)]
    assert tr.document["text"] == (
        "Sanne Visser: Hoi Femke. Kun je me horen?\n\nFemke Hoekstra: Ja, ik hoor je goed. "
        "Zorg & welzijn, daar werk ik. en al heel lang.\n\nSanne Visser: Hoe begon het?\n")
    assert tr.document["format"] == "vtt" and tr.warnings == []


def test_vtt_cue_with_two_voices(tmp_path):
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>Klaar?</v> "
            "<v Femke Hoekstra>Ja, begin maar.</v>\n\n00:00:05.000 --> 00:00:06.000\n"
            "<v Femke Hoekstra>Ik ben er klaar voor.</v>\n")
    tr, turns = _read(tmp_path, "T01.vtt", text)
    assert turns == [("Interviewer", "interviewer", "Klaar?", 1.0),
                     ("Femke Hoekstra", "respondent", "Ja, begin maar. Ik ben er klaar voor.", 1.0)]
    assert tr.warnings == []


def test_vtt_without_key_infers_the_interviewer(tmp_path):
    tr, turns = _read(tmp_path, "T01.vtt", VTT)
    assert [t[1] for t in turns] == ["interviewer", "respondent", "interviewer"]
    assert "speaker 1" in tr.warnings[0].message and tr.warnings[0].where == "cue 1"


def test_vtt_with_name_labels_instead_of_voices(tmp_path):
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nSanne Visser: Hoe begon het?\n\n"
            "00:00:04.000 --> 00:00:06.000\nMarloes Dijkstra: Met een vragenlijst.\n\n"
            "00:00:06.500 --> 00:00:08.000\nMarloes Dijkstra: Die werkte niet.\n\n"
            "00:00:09.000 --> 00:00:10.000\nSanne Visser: Waarom niet?\n")
    _, turns = _read(tmp_path, "T01.vtt", text, interviewer_names=["Sanne Visser"])
    assert turns == [("Sanne Visser", "interviewer", "Hoe begon het?", 1.0),
                     ("Marloes Dijkstra", "respondent", "Met een vragenlijst. Die werkte niet.", 4.0),
                     ("Sanne Visser", "interviewer", "Waarom niet?", 9.0)]


SRT = """1
00:00:03,120 --> 00:00:06,364
Interviewer: Zo, hij loopt.
Fijn dat je er bent.

2
00:00:06,544 --> 00:00:12,373
Hoe ben je erbij gekomen?

3
00:00:20,705 --> 00:00:25,073
Bart: Via het buurthuis,
<i>echt</i> waar.
4
00:00:25,196 --> 00:00:31,090
Dat was in 2016.

5
00:01:04,805 --> 00:01:10,383
Interviewer: En toen?

6
00:01:10,444 --> 00:01:12,183
Bart:

7
00:01:12,300 --> 00:01:14,000
Toen kwam Marloes.

8
00:01:15,000 --> 00:01:16,000
Interviewer:

9
00:01:17,000 --> 00:01:18,000
Bart: Zo ging dat.
"""


def test_srt_labels_and_continuation_cues(tmp_path):
    tr, turns = _read(tmp_path, "T01.srt", SRT)
    assert turns == [
        ("Interviewer", "interviewer",
         "Zo, hij loopt. Fijn dat je er bent. Hoe ben je erbij gekomen?", 3.12),
        ("Bart", "respondent", "Via het buurthuis, echt waar. Dat was in 2016.", 20.705),
        ("Interviewer", "interviewer", "En toen?", 64.805),
        ("Bart", "respondent", "Toen kwam Marloes.", 70.444),
        ("Bart", "respondent", "Zo ging dat.", 77.0)]
    assert [(w.where, "without text" in w.message) for w in tr.warnings] == [("cue 8", True)]
    assert tr.document["format"] == "srt"


def test_srt_without_labels_is_a_monologue(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:02,000\nIk begon in 2020.\n\n"
            "2\n00:00:02,500 --> 00:00:04,000\nIn de wijk.\n")
    tr, turns = _read(tmp_path, "T01.srt", text)
    assert turns == [("R", "respondent", "Ik begon in 2020. In de wijk.", 1.0)]
    assert tr.document["text"] == "Ik begon in 2020. In de wijk."
    assert "no speaker labels found" in tr.warnings[0].message


def test_a_cue_with_an_unreadable_time_keeps_its_text_and_is_reported(tmp_path):
    """A generator wrote four digits after the comma: the text must not vanish silently."""
    text = ("1\n00:03:40,000 --> 00:03:45,000\nMarloes: Ik heb hem geschreven.\n\n"
            "2\n00:03:49,1000 --> 00:03:52,500\nIk heb hem rondgestuurd.\n\n"
            "3\n00:03:53,000 --> 00:03:55,000\nInterviewer: En toen?\n")
    tr, turns = _read(tmp_path, "T01.srt", text)
    assert turns[0][2] == "Ik heb hem geschreven. Ik heb hem rondgestuurd."
    assert [(w.where, "00:03:49,1000 --> 00:03:52,500" in w.message, "00:03:49,100" in w.fix)
            for w in tr.warnings] == [("line 6", True, True)]


def test_a_cue_whose_text_starts_after_an_empty_line_keeps_its_text(tmp_path):
    """Found by a new user: the cue's text was dropped without a word."""
    text = ("1\n00:00:01,000 --> 00:00:02,000\nMarloes: Het ging mis.\n\n"
            "2\n00:00:02,500 --> 00:00:04,000\n\n(lacht) Echt mis.\n\n"
            "3\n00:00:04,500 --> 00:00:05,000\n\n4\n00:00:05,500 --> 00:00:06,000\nInterviewer: En toen?\n")
    tr, turns = _read(tmp_path, "T01.srt", text)
    assert [t[2] for t in turns] == ["Het ging mis. (lacht) Echt mis.", "En toen?"]


@pytest.mark.parametrize("name", ["T01.srt", "T01.vtt"])
def test_subtitles_without_cues_are_an_error(tmp_path, name):
    (tmp_path / name).write_text("Interviewer: Hoe begon het?\nR: Zo.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no subtitle cues"):
        read_transcript(tmp_path / name, case_id="c", interview_id="T01")


# --------------------------------------------------------------------------- files, speed

@pytest.mark.parametrize("name, fragment", [("T01.pdf", "unsupported transcript format"),
                                            ("T01", "unsupported transcript format"),
                                            ("ontbreekt.txt", "file not found")])
def test_unusable_paths(tmp_path, name, fragment):
    if name != "ontbreekt.txt":
        (tmp_path / name).write_text("R: Ja.", encoding="utf-8")
    with pytest.raises(CorpusError, match=fragment) as info:
        read_transcript(tmp_path / name, case_id="c", interview_id="T01")
    assert info.value.fix


def test_document_row_and_turn_table(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    tr, _ = _read(folder, "T01.TXT", "I: Hoe?\nR: Zo.\n")
    assert tr.document == {"case_id": "testcase", "interview_id": "T01",
                           "path": "transcripts/T01.TXT", "format": "txt", "encoding": "utf-8",
                           "text": "I: Hoe?\nR: Zo.\n"}
    assert tr.turns[["case_id", "interview_id"]].drop_duplicates().values.tolist() == [
        ["testcase", "T01"]]
    assert tr.turns.dtypes[["turn", "start", "end"]].tolist() == ["int64"] * 3
    assert tr.turns["timestamp"].dtype == "float64"
    assert SUPPORTED_FORMATS == (".txt", ".docx", ".vtt", ".srt")


@pytest.mark.parametrize("line, own_turn", [
    ("R: " + "woord " * 40_000, True),
    ("Aaaa " * 40_000, False),
    ("Aa-" * 70_000 + ":", False),
    ("[00:00:" + "1" * 200_000, False),
    ("Aaaa Bbbb Cccc Dddd Eeee Ffff Gggg " * 6_000, False),
    ("Aaaa:" * 40_000, False),
])
def test_a_200000_character_line_is_fast(tmp_path, line, own_turn):
    text = "Interviewer: Vertel eens.\n" + line + "\nInterviewer: Dank je.\n"
    assert len(line) >= 200_000
    t0 = time.perf_counter()
    _, turns = _read(tmp_path, "T01.txt", text)
    assert time.perf_counter() - t0 < 1.0
    if own_turn:
        assert [t[2] for t in turns] == ["Vertel eens.", line[3:].strip(), "Dank je."]
    else:
        assert [t[2] for t in turns] == ["Vertel eens.\n" + line.strip(), "Dank je."]


def test_a_long_transcript_reads_quickly(tmp_path):
    block = ("Interviewer: Hoe ging de samenwerking met de gemeente in die tijd?\n\n"
             "Marloes: Nou, eh, in het begin was het zoeken. We wilden allemaal hetzelfde: een "
             "gezonde wijk. Maar iedereen had zijn eigen potje en zijn eigen planning, dus dat "
             "duurde even. Pas in 2022 kwam er een gezamenlijke agenda.\n\n")
    text = block * 2_500                                   # about 130,000 words
    t0 = time.perf_counter()
    tr, turns = _read(tmp_path, "T01.txt", text)
    assert time.perf_counter() - t0 < 3.0
    assert len(turns) == 5_000
    assert tr.turns["speaker_role"].value_counts().to_dict() == {"interviewer": 2_500,
                                                                 "respondent": 2_500}
