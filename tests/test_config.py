from datetime import date

import pytest
from conftest import write_case

from pao_analysis.config import load_case, parse_date
from pao_analysis.errors import CorpusError


@pytest.mark.parametrize("value, end, expected", [
    ("2021", False, date(2021, 1, 1)),
    ("2021", True, date(2021, 12, 31)),
    ("2022-02", True, date(2022, 2, 28)),
    ("2024-02", True, date(2024, 2, 29)),
    ("2020-09", False, date(2020, 9, 1)),
    ("2023-12-19", True, date(2023, 12, 19)),
    (date(2020, 1, 2), False, date(2020, 1, 2)),
])
def test_parse_date(value, end, expected):
    assert parse_date(value, end=end) == expected


@pytest.mark.parametrize("value", ["sept 2020", "2020/09", "20-09-2020", ""])
def test_parse_date_rejects(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_load_demo_case():
    case = load_case("corpora/pittelo")
    assert case.case_id == "pittelo"
    assert case.places == ("Assen", "Pittelo")
    assert [p.name for p in case.phases][1] == "Van losse lijnen naar gedeelde richting"
    assert case.phases[0].end == date(2022, 6, 30)
    assert list(case.participants["interview_id"]) == ["P01", "P02", "P03", "P04", "P05", "P06"]
    assert case.interview_dates()["P02"] == date(2023, 12, 19)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    root = write_case(tmp_path / "c", transcripts={"A.txt": "R: tekst"},
                      case_yaml="case_id: c\ntitle: [niet gesloten\nlanguage: nl\n")
    with pytest.raises(CorpusError) as err:
        load_case(root)
    msg = str(err.value)
    assert "c/case.yaml" in msg and "line 3" in msg and "column" in msg and "Fix:" in msg


@pytest.mark.parametrize("yaml_text, fragment", [
    ("title: x\nlanguage: nl\n", "missing key 'case_id'"),
    ("case_id: Mijn Casus\ntitle: x\nlanguage: nl\n", "invalid case_id"),
    ("case_id: c\ntitle: x\nlanguage: nl\nphases:\n  - {name: f, start: 2022}\n", "phases, item 1"),
    ("case_id: c\ntitle: x\nlanguage: nl\nphases:\n  - {name: f, start: 2023, end: 2022}\n",
     "ends before it starts"),
    ("- alleen\n- een lijst\n", "expected a mapping"),
])
def test_case_yaml_errors(tmp_path, yaml_text, fragment):
    root = write_case(tmp_path / "c", transcripts={"A.txt": "R: tekst"}, case_yaml=yaml_text)
    with pytest.raises(CorpusError, match=fragment):
        load_case(root)


@pytest.mark.parametrize("csv_text, fragment", [
    ("interview_id,pseudonym,role,organisation,interview_date\nA,x,r,o,2024-01-01\n",
     "missing column\\(s\\) domain"),
    ("interview_id,pseudonym,role,organisation,domain,interview_date\nA,x,r,o,d,12-01-2024\n",
     "row 2, column interview_date"),
    ("interview_id,pseudonym,role,organisation,domain,interview_date\nA,x,r,o,d,2024-01-01\n"
     "A,y,r,o,d,2024-01-02\n", "occurs more than once"),
    ("interview_id,pseudonym,role,organisation,domain,interview_date\nA B,x,r,o,d,2024-01-01\n",
     "invalid interview_id"),
])
def test_participants_errors(tmp_path, csv_text, fragment):
    root = write_case(tmp_path / "c", transcripts={"A.txt": "R: tekst"}, participants=csv_text)
    with pytest.raises(CorpusError, match=fragment) as err:
        load_case(root)
    assert "participants.csv" in str(err.value)


def test_missing_case_folder(tmp_path):
    with pytest.raises(CorpusError, match="case folder not found"):
        load_case(tmp_path / "bestaat-niet")
