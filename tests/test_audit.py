import zipfile

import pytest
from conftest import CORPORA

from pao_analysis.audit import LEAK_FIX, Leak, audit_dir, audit_patterns, leak_fixes, scan_text
from pao_analysis.pseudonymise import load_key


@pytest.fixture(scope="module")
def patterns():
    return audit_patterns(load_key(CORPORA / "pittelo" / "private" / "pseudonym_key.csv"))


@pytest.mark.parametrize("text, n", [
    ("Dat zei Marloes gisteren.", 1),
    ("dat zei marloes", 1),  # lower case, as transcribers write
    ("MARLOES DIJKSTRA", 1),
    ("Gérda van der Veen", 1),  # accents do not hide a name
    ("met Wimpie erbij", 1),  # alias
    ("mevrouw Van der Veen", 1),  # surname alone
    ("een boer uit de veen", 0),  # surnames that are Dutch words only count capitalised
    ("Bartholomeus en Marloesje", 0),  # word boundaries
    ("Louise en Carin", 0),  # pseudonyms are fine
    ("", 0),
])
def test_scan_text(patterns, text, n):
    leaks = scan_text(text, patterns, file="f.csv")
    assert len(leaks) == n
    assert all("line 1" in str(leak) for leak in leaks)


def test_report_names_place_and_key_line_but_not_the_name(patterns):
    leaks = scan_text("a\nb Femke Hoekstra", patterns, file="x.html")
    assert [str(leak) for leak in leaks] == [
        "x.html (line 2, column 3): a real name from line 6 of the pseudonym key"]


def test_audit_reads_inside_zip_exports(tmp_path):
    key = load_key(CORPORA / "pittelo" / "private" / "pseudonym_key.csv")
    with zipfile.ZipFile(tmp_path / "tabel.xlsx", "w") as zf:
        zf.writestr("xl/sharedStrings.xml", "<si><t>Bart Mulder zei</t></si>")
    (tmp_path / "schoon.csv").write_text("Joris zei\n", encoding="utf-8")
    leaks = audit_dir(tmp_path, key)
    assert [(leak.file, leak.key_line) for leak in leaks] == [("tabel.xlsx:xl/sharedStrings.xml", 7)]


@pytest.fixture(scope="module")
def trial_patterns():
    import pandas as pd

    from pao_analysis.pseudonymise import KeyEntry, PseudonymKey

    key = PseudonymKey((KeyEntry("Maarten de Vries", "Ruben", aliases=("dokter De Vries",), line=2),
                        KeyEntry("Mark Evers", "Bas", line=3)))
    log = pd.DataFrame({"category": ["person"] * 3, "original": ["Door", "Wil van Beek", "Roos"]})
    return audit_patterns(key, log)


@pytest.mark.parametrize("text, n", [
    ("Tante Door kwam ook.", 1),                 # a name that is a function word, in a sentence
    ("Door de regen. Door het weer", 0),          # ... not at the start of a sentence
    ('"Door het weer",ja', 0),                    # ... nor of a CSV cell
    ("<td>Door de</td>", 0),                      # ... nor of an element
    ("Toen zei Wil: Wil je koffie?", 1),
    ("Mark kwam, met de mark.", 2),               # a key name: also in lower case
    ("Een roos en Roos.", 1),                     # a name found in the text: capitalised
    ("de dokter kwam", 0),                        # a title in an alias is no name
    ("transcripts/P04_maarten.txt", 1),           # letters only make a word
    ("<style>mark { color: red }</style><mark>hoi</mark>", 0),   # markup is no text
    ('<img alt="Mark Evers">', 1),                # alt text is
])
def test_scan_text_of_names_that_are_words_and_markup(trial_patterns, text, n):
    from pao_analysis.audit import text_of_markup

    shown = text_of_markup(text) if text.startswith("<") else text
    assert len(scan_text(shown, trial_patterns, file="f")) == n


def test_markup_is_blanked_keeping_lines_and_columns(tmp_path):
    from pao_analysis.audit import text_of_markup

    html = '<html>\n<style>\n.mark {}\n</style>\n<p class="x">Mark Evers</p>\n</html>'
    shown = text_of_markup(html)
    assert len(shown) == len(html) and shown.count("\n") == html.count("\n")
    assert shown.split() == [">", ">Mark", "Evers", ">", ">"]
    assert shown.index("Mark") == html.index("Mark Evers")


def test_embedded_images_are_not_searched(tmp_path):
    key = load_key(CORPORA / "pittelo" / "private" / "pseudonym_key.csv")
    png = "iVBORw0KGgo" + "A" * 300 + "+wiM8CE7" + "B" * 100
    (tmp_path / "05.ipynb").write_text('{"image/png": "' + png + '", "text": "Wim kwam"}', encoding="utf-8")
    text = (tmp_path / "05.ipynb").read_text(encoding="utf-8")
    assert [leak.where for leak in audit_dir(tmp_path, key)] == [f"line 1, column {text.index('Wim') + 1}"]


def test_images_inside_documents_are_not_searched(tmp_path):
    """Compressed pixels can spell a short name by chance; the document's text is searched."""
    import zipfile

    key = load_key(CORPORA / "pittelo" / "private" / "pseudonym_key.csv")
    with zipfile.ZipFile(tmp_path / "lid.docx", "w") as zf:
        zf.writestr("word/media/image1.png", b"\x89PNG\r\n\x1a\n\x00Wim kwam\x00")
        zf.writestr("word/document.xml", "<w:t>Wim kwam</w:t>")
    assert [leak.file for leak in audit_dir(tmp_path, key)] == ["lid.docx:word/document.xml"]


def test_a_first_name_that_is_a_month_counts_only_capitalised(tmp_path):
    """A figure's date axis says "1 jan 2020"; someone called Jan in the key is no leak there."""
    from pao_analysis.audit import audit_patterns, scan_text

    (tmp_path / "key.csv").write_text("real_name,pseudonym,category\nJan van Gils,Henk,person\n", encoding="utf-8")
    key = load_key(tmp_path / "key.csv")
    patterns = audit_patterns(key)
    assert scan_text("<!-- 1 jan 2020 --> een gesprek in jan. 2021", patterns, file="f.svg") == []
    assert [leak.where for leak in scan_text("Toen belde Jan.", patterns, file="f.txt")] == ["line 1, column 12"]


def test_a_leak_comes_with_what_to_do_about_it():
    replaced = Leak("tables/a.csv", "line 3, column 5", 4, "replacement log")
    named = Leak("b.html", "line 1, column 2", 7)
    assert leak_fixes([replaced, named, replaced]) == [LEAK_FIX["replacement log"], LEAK_FIX["pseudonym key"]]
    assert leak_fixes([named]) == [LEAK_FIX["pseudonym key"]]
    assert leak_fixes([]) == []
    assert "keep_organisations" in LEAK_FIX["replacement log"] and "aliases" in LEAK_FIX["pseudonym key"]
