import zipfile

import pytest
from conftest import CORPORA

from pao_analysis.audit import audit_dir, audit_patterns, scan_text
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
