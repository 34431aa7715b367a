"""The drafted text and the two-column DOCX of the five-conditions report."""

import hashlib
import time
import zipfile

import pandas as pd
import pytest
from docx import Document

from pao_analysis import render, report
from pao_analysis.codebook import default_codebook

NAMES = {"ambitie": "AMBITIE (gedeelde ambitie van betekenis)", "belangen": "BELANGEN (inspelen op belangen)",
         "organisatie": "ORGANISATIE (professionele organisatie van de samenwerking)", "proces": "PROCES"}
SHORT = {"ambitie": "AMBITIE", "belangen": "BELANGEN", "organisatie": "ORGANISATIE", "proces": "PROCES"}


def _summary():
    return pd.DataFrame([
        {"code_id": "ambitie", "judgement": "clearly_present", "strength": 0.7034, "n_coded": 59,
         "rule": "70% van 59 gecodeerde fragmenten", "margin": 4, "n_interviewees": 6,
         "n_interviewees_present": 4, "n_interviewees_lagging": 0},
        {"code_id": "belangen", "judgement": "partly_present", "strength": 0.55, "n_coded": 20,
         "rule": "55% van 20", "margin": 1, "n_interviewees": 6, "n_interviewees_present": 2,
         "n_interviewees_lagging": 3},
        {"code_id": "organisatie", "judgement": "lagging", "strength": 0.4083, "n_coded": 60,
         "rule": "slechts 41% van 60", "margin": 6, "n_interviewees": 6, "n_interviewees_present": 1,
         "n_interviewees_lagging": 4},
        {"code_id": "proces", "judgement": "not_discussed", "strength": 1.0, "n_coded": 2,
         "rule": "minder dan 3", "margin": pd.NA, "n_interviewees": 2, "n_interviewees_present": 0,
         "n_interviewees_lagging": 0},
    ])


def _quotes():
    return pd.DataFrame([
        {"code_id": "ambitie", "valence": "present", "segment_id": "c/P02/10-90", "interview_id": "P02",
         "participant": "Carin", "role": "omgevingsregisseur", "date_text": "",
         "quote": "We willen allemaal dat kinderen hier gezond opgroeien."},
        {"code_id": "ambitie", "valence": "absent", "segment_id": "c/P04/5-50", "interview_id": "P04",
         "participant": "Inge", "role": "promovendus", "date_text": "eind 2025",
         "quote": "Mijn contract loopt eind 2025 af."},
        {"code_id": "belangen", "valence": "present", "segment_id": "c/P06/1-40", "interview_id": "P06",
         "participant": "Hans", "role": "mbo-docent", "date_text": "",
         "quote": "Voor de campus levert het stageplekken op."},
        {"code_id": "belangen", "valence": "absent", "segment_id": "c/P05/3-33", "interview_id": "P05",
         "participant": "Joris", "role": "welzijnswerker", "date_text": "",
         "quote": "Wat wij eraan hebben, is nooit besproken."},
        {"code_id": "organisatie", "valence": "absent", "segment_id": "c/P04/7-77", "interview_id": "P04",
         "participant": "Inge", "role": "promovendus", "date_text": "", "quote": "Er is geen convenant."},
    ])


def test_sentences_state_the_numbers_and_quote_by_judgement():
    s, q = _summary().to_dict("records"), _quotes()
    strong = report.condition_sentence(s[0], q, name=NAMES["ambitie"])
    assert strong.startswith("Sterk: AMBITIE (gedeelde ambitie van betekenis). 70% van 59 ")
    assert "bij 4 van 6 geïnterviewden, o.a. Carin: ‘We willen allemaal" in strong
    assert "[c/P02/10-90]" in strong and "Inge" not in strong and "Let op" not in strong
    partly = report.condition_sentence(s[1], q, name="BELANGEN")
    assert partly.startswith("Deels: BELANGEN.") and "bij 2 en achterblijvend bij 3 van 6" in partly
    assert "o.a. Hans: ‘Voor de campus" in partly and "kritisch: Joris: ‘Wat wij" in partly
    assert "Let op: als één fragment andersom gewaardeerd wordt" in partly   # margin 1 is narrow
    weak = report.condition_sentence(s[2], q, name="ORGANISATIE")
    assert weak.startswith("Kwetsbaar: ORGANISATIE. Slechts 41% van 60")
    assert "blijft achter bij 4 van 6" in weak and "Inge: ‘Er is geen convenant.’ [c/P04/7-77]" in weak
    assert report.condition_sentence(s[3], q, name="PROCES") == \
        "Niet besproken: PROCES. Te weinig gecodeerde fragmenten (n=2) voor een oordeel."
    english = report.condition_sentence(s[2], q, name="ORGANISATION", language="en")
    assert english.startswith("Vulnerable: ORGANISATION. Only 41% of 60") and "e.g. Inge" in english


def test_long_quotes_are_shortened_in_sentences():
    q = _quotes().assign(quote="woord " * 100)
    text = report.condition_sentence(_summary().iloc[0].to_dict(), q, name="AMBITIE")
    quoted = text.split("‘")[1].split("’")[0]
    assert len(quoted) <= report.SENTENCE_QUOTE_CHARS and quoted.endswith("…")


def test_a_long_quote_is_shown_from_the_sentence_that_makes_the_point():
    """New-user trial 9: the example quote was cut off before the point it illustrates."""
    quote = ("Toen is in het voorjaar van 2022 die werkgroep begonnen. Met bewoners, met de gemeente, met het "
             "waterschap en met de woningcorporatie, want de helft van de huizen is van hen. En met de school. "
             "Iedereen wilde hetzelfde: geen water meer in de kelders en een groene straat.")
    got = report.key_passage(quote, "ambitie")
    assert got.startswith("… Iedereen wilde hetzelfde") and len(got) <= report.SENTENCE_QUOTE_CHARS
    assert report.key_passage(quote, "eigen_code").startswith("Toen is in het voorjaar")  # another codebook
    assert report.key_passage("In PAO werk je in cycli.", "proces") == "In PAO werk je in cycli."


def test_recommendations_follow_the_lagging_conditions():
    lines = report.recommendations(_summary(), short_names=SHORT)
    assert lines[0].startswith("ORGANISATIE: formaliseer de samenwerking")
    assert lines[1] == "Werk aan ORGANISATIE vanuit wat al sterk is (AMBITIE)."
    assert lines[2].startswith("Blijf investeren in wat sterk is (AMBITIE)")
    assert len(lines) == 3
    # nothing lagging: the partly present conditions lead, said so
    partly = _summary().assign(judgement=["clearly_present", "partly_present", "partly_present", "clearly_present"])
    lines = report.recommendations(partly, short_names=SHORT)
    assert lines[0].startswith("Geen voorwaarde blijft achter")
    assert lines[1].startswith("BELANGEN: maak") and lines[2].startswith("ORGANISATIE: formaliseer")
    assert lines[3] == "Werk aan BELANGEN en ORGANISATIE vanuit wat al sterk is (AMBITIE, PROCES)."
    # a code outside the five conditions gets a generic line
    other = pd.DataFrame({"code_id": ["groen"], "judgement": ["lagging"]})
    assert report.recommendations(other, short_names={"groen": "GROEN"}) == ["Geef aandacht aan GROEN."]
    assert report.recommendations(other, short_names={"groen": "GREEN"}, language="en") == ["Pay attention to GREEN."]


def test_draft_is_marked_and_in_sections():
    sections = report.draft_sections(_summary(), _quotes(), names=NAMES, short_names=SHORT)
    assert [h for h, _ in sections] == ["Sterke punten", "Deels aanwezig", "Kwetsbaarheden", "Niet besproken",
                                        "Aanbevelingen"]
    text = report.draft_markdown(sections)
    assert text.splitlines()[0] == "**CONCEPT - door de onderzoeker te herschrijven**"
    assert "### Kwetsbaarheden" in text and "- Kwetsbaar: ORGANISATIE" in text
    en = report.draft_markdown(report.draft_sections(_summary(), _quotes(), names=NAMES, short_names=SHORT,
                                                     language="en"), language="en")
    assert en.startswith("**DRAFT - to be rewritten by the researcher**") and "### Vulnerabilities" in en


def test_condition_names_from_the_codebook():
    names = report.condition_names(default_codebook("conditions"), "en")
    assert names["organisatie"] == "ORGANISATION (professional organisation of the collaboration)"
    assert list(names) == ["ambitie", "belangen", "relaties", "organisatie", "proces"]


def _document(**kwargs):
    phase_profile = pd.DataFrame({"phase": [1, 2], "code_id": "ambitie", "strength": [0.62, 0.8],
                                  "n_coded": [8, 0]})
    return report.conditions_document(_summary(), _quotes(), names=NAMES, short_names=SHORT,
                                      title="Testcasus", phase_profile=phase_profile, **kwargs)


def test_document_has_a_section_and_two_column_table_per_condition():
    doc = _document()
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Sterke punten, kwetsbaarheden en aanbevelingen", *NAMES.values()]
    texts = [p.text for p in doc.paragraphs]
    assert "CONCEPT - door de onderzoeker te herschrijven" in texts
    assert "Oordeel: duidelijk aanwezig" in texts and "Regel: slechts 41% van 60" in texts
    assert "Sterkte per fase: 1: 0.62 (n=8); 2: –" in texts
    assert len(doc.tables) == 4
    for table in doc.tables:
        assert len(table.columns) == 2
        assert [c.text for c in table.rows[0].cells] == ["Commentaar onderzoeker", "Citaten uit de interviews"]
        assert all(row.cells[0].text == "" for row in table.rows[1:])   # left: space for commentary
    ambitie = doc.tables[0]
    assert len(ambitie.rows) == 3
    right = ambitie.rows[2].cells[1]
    assert right.paragraphs[0].text == "‘Mijn contract loopt eind 2025 af.’"
    assert right.paragraphs[1].text == \
        "Inge (promovendus) · fragment c/P04/5-50 · eind 2025 · afwezig/problematisch"
    assert doc.tables[3].rows[1].cells[1].text == "(geen citaten)"   # proces: no quotes
    # the draft sentence sits before each table, marked
    concept = [t for t in texts if t.startswith("Concepttekst (CONCEPT")]
    assert len(concept) == 4 and "Kwetsbaar: ORGANISATIE" in concept[2]


def test_document_in_english():
    doc = _document(language="en")
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["Researcher's commentary", "Quotes from the interviews"]
    assert doc.paragraphs[0].text == "The five conditions for durable collaboration"


def test_docx_has_the_same_bytes_on_rerun(tmp_path):
    first = render.save_docx(_document(), tmp_path / "a" / "voorwaarden.docx")
    time.sleep(1.1)  # a second later: dates and zip times must not change
    second = render.save_docx(_document(), tmp_path / "b" / "voorwaarden.docx")
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {render.FIXED_ZIP_TIME}
        core = z.read("docProps/core.xml").decode()
    assert "2020-01-01T00:00:00Z</dcterms:created>" in core and "<dc:creator>pao-analysis</dc:creator>" in core
    assert Document(first).tables[0].rows[0].cells[0].text == "Commentaar onderzoeker"


@pytest.mark.parametrize("output_dir, written", [("", False), ("out", True)])
def test_outputs_write_the_document_under_report(tmp_path, output_dir, written):
    out = render.Outputs(str(tmp_path / output_dir) if output_dir else "")
    shown = out.document(_document(), "voorwaarden")
    assert (tmp_path / "out" / "report" / "voorwaarden.docx").is_file() is written
    assert ("report/voorwaarden.docx" in shown.data) is written
