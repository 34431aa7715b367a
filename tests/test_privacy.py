"""Privacy and security: settings per case, the private replacement log, notebooks that
never open the key, safe YAML, and no path that leads outside the outputs."""

import json
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPORA, ROOT, write_case

from pao_analysis.audit import audit_dir, read_log
from pao_analysis.batch import case_output_dir
from pao_analysis.config import Privacy, load_case
from pao_analysis.errors import CorpusError, PaoError
from pao_analysis.pipeline import open_case, prepare_case
from pao_analysis.pseudonymise import load_key
from pao_analysis.render import Outputs

TEXT = ("Interviewer: Hoe begon het?\n"
        "Marloes: Via Stichting Buurtkracht. Mijn buurman Gerrit Hofstra belde me op "
        "06-12345678 op 15 maart 2022, dat weet ik nog.\n"
        "Interviewer: En daarna?\n"
        "Marloes: Toen kwam Vaart Welzijn erbij, met Gerrit en mij.\n")


def _case(root: Path, pseudonymisation: str = "") -> Path:
    yaml_text = ("case_id: privacy\ntitle: Privacy\nmunicipality: Assen\nlanguage: nl\n"
                 + (f"pseudonymisation:\n{pseudonymisation}" if pseudonymisation else ""))
    return write_case(root, transcripts={"P01.txt": TEXT}, case_yaml=yaml_text)


# --- settings ------------------------------------------------------------------------------

def test_privacy_settings_are_read_from_case_yaml(tmp_path):
    case = load_case(_case(tmp_path / "c", "  organisations: generalise\n  keep_organisations: [Vaart Welzijn]\n"
                                           "  dates: month\n"))
    assert case.privacy == Privacy("generalise", ("Vaart Welzijn",), "month")
    assert load_case(CORPORA / "pittelo").privacy == Privacy()
    assert case.log_path == tmp_path / "c" / "private" / "replacement_log.csv"


@pytest.mark.parametrize("setting, allowed", [("organisations: hide", "keep, generalise, replace"),
                                              ("dates: day", "keep, month, year")])
def test_unknown_privacy_setting_names_the_allowed_values(tmp_path, setting, allowed):
    with pytest.raises(CorpusError) as err:
        load_case(_case(tmp_path / "c", f"  {setting}\n"))
    name = setting.split(":")[0]
    assert f"c/case.yaml (pseudonymisation.{name})" in str(err.value) and allowed in str(err.value)


def test_organisations_and_dates_follow_the_case_settings(tmp_path):
    data = prepare_case(_case(tmp_path / "c", "  organisations: generalise\n  keep_organisations: [Vaart Welzijn]\n"
                                              "  dates: month\n"), use_deduce=True)
    text = data.documents["text"][0]
    assert "Stichting Buurtkracht" not in text and "[STICHTING]" in text
    assert "Vaart Welzijn" in text
    assert "maart 2022" in text and "15 maart" not in text
    kept = prepare_case(_case(tmp_path / "k"), use_deduce=True).documents["text"][0]
    assert "Stichting Buurtkracht" in kept and "15 maart 2022" in kept


# --- the replacement log -----------------------------------------------------------------

def test_replacement_log_is_written_next_to_the_key(tmp_path):
    root = _case(tmp_path / "c")
    data = prepare_case(root)
    log = read_log(root / "private" / "replacement_log.csv")
    assert list(log.columns) == ["case_id", "interview_id", "start", "end", "category", "original",
                                 "replacement", "source"]
    persons = log[log["category"] == "person"]
    assert {"Marloes", "Gerrit Hofstra", "Gerrit"} <= set(persons["original"])
    phone = log[log["category"] == "phone"].iloc[0]
    assert TEXT[int(phone["start"]):int(phone["end"])] == "06-12345678"
    counts = dict(zip(data.replacements["category"], data.replacements["count"]))
    assert counts == log.groupby("category").size().to_dict()
    assert "Gerrit" not in data.replacements.to_csv()


def test_replacement_log_is_not_rewritten_when_nothing_changed(tmp_path):
    root = _case(tmp_path / "c")
    prepare_case(root)
    log = root / "private" / "replacement_log.csv"
    before = log.stat().st_mtime_ns
    prepare_case(root)
    assert log.stat().st_mtime_ns == before


def test_audit_searches_for_what_the_log_replaced(tmp_path):
    root = _case(tmp_path / "c")
    prepare_case(root)
    out = tmp_path / "out"
    out.mkdir()
    page = "<p>Bel 06-12345678 of mail Hofstra</p>"
    (out / "rapport.html").write_text(page, encoding="utf-8")
    leaks = audit_dir(out, load_key(root / "private" / "pseudonym_key.csv"),
                      read_log(root / "private" / "replacement_log.csv"))
    columns = [page.index("06-") + 1, page.index("Hofstra") + 1]
    assert [(leak.where, leak.source) for leak in leaks] == [
        (f"line 1, column {c}", "replacement log") for c in columns]
    assert "Hofstra" not in str(leaks[1]) and "replacement log" in str(leaks[1])


# --- notebooks never open the key --------------------------------------------------------

_recorders: list[list[str]] = []


def _record_open(event, args):
    if event == "open" and _recorders:
        _recorders[-1].append(str(args[0]))


sys.addaudithook(_record_open)  # audit hooks cannot be removed; this one only records while asked


@contextmanager
def files_opened():
    """The paths this process opens inside the ``with`` block."""
    paths: list[str] = []
    _recorders.append(paths)
    try:
        yield paths
    finally:
        _recorders.remove(paths)


def _private(paths: list[str]) -> list[str]:
    return [p for p in paths if "private" in Path(p).parts]


def test_open_case_loads_prepared_tables_without_opening_the_key(tmp_path):
    root = _case(tmp_path / "c")
    prepared = prepare_case(root, cache_dir=tmp_path / "data")
    with files_opened() as paths:
        data = open_case(root, tmp_path / "data")
    assert data.documents.equals(prepared.documents)
    assert any(p.endswith("manifest.json") for p in paths)  # (pyarrow opens the tables outside Python)
    assert _private(paths) == []


def test_open_case_prepares_in_another_process_when_tables_are_missing(tmp_path):
    root = _case(tmp_path / "c")
    with files_opened() as paths:
        data = open_case(root, tmp_path / "data")
    text = data.documents["text"][0]
    assert text.startswith("Interviewer: Hoe begon het?\nLouise: ") and "Hofstra" not in text
    assert _private(paths) == []
    assert (root / "private" / "replacement_log.csv").is_file()  # written by `pao prepare`


def test_open_case_reports_a_case_that_cannot_be_prepared(tmp_path):
    root = _case(tmp_path / "c")
    (root / "private" / "pseudonym_key.csv").write_text("naam;pseudo\n", encoding="utf-8")
    with pytest.raises(PaoError) as err:
        open_case(root, tmp_path / "data")
    assert "c/private/pseudonym_key.csv" in str(err.value) and "pao prepare" in str(err.value)


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_report_notebooks_do_not_touch_the_key(path):
    source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                       if c["cell_type"] == "code")
    for forbidden in ("private", "load_key", "pseudonym_key", "prepare_case", "replacement_log", "pseudonymise"):
        assert not re.search(rf"\b{forbidden}\b", source), forbidden


# --- safe YAML, paths, git --------------------------------------------------------------

def test_yaml_is_loaded_safely(tmp_path):
    marker = tmp_path / "hacked"
    root = _case(tmp_path / "c")
    (root / "case.yaml").write_text(
        f"case_id: c\ntitle: !!python/object/apply:os.system ['touch {marker}']\nlanguage: nl\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_case(root)
    assert "c/case.yaml (line 2, column 8)" in str(err.value)
    assert not marker.exists()


def test_a_case_id_cannot_lead_outside_the_outputs(tmp_path):
    root = _case(tmp_path / "c")
    (root / "case.yaml").write_text("case_id: ../../etc\ntitle: x\nlanguage: nl\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="invalid case_id"):
        load_case(root)
    case = load_case(_case(tmp_path / "d"))
    assert case_output_dir(case, output_root=tmp_path / "outputs") == tmp_path / "outputs" / "privacy"
    object.__setattr__(case, "case_id", "../../etc")  # even if validation were bypassed
    with pytest.raises(CorpusError, match="outside"):
        case_output_dir(case, output_root=tmp_path / "outputs")


@pytest.mark.parametrize("name", ["../buiten", "/tmp/x", "a/b", ".verborgen", ""])
def test_output_names_cannot_leave_the_output_folder(tmp_path, name):
    with pytest.raises(ValueError, match="file name"):
        Outputs(tmp_path).table(pd.DataFrame({"a": [1]}), name)


def test_gitignore_keeps_private_folders_and_outputs_out_of_git():
    lines = (ROOT / ".gitignore").read_text().splitlines()
    assert "corpora/*/private/" in lines and "outputs/*" in lines
    exceptions = [line for line in lines if line.startswith("!corpora/")]
    assert exceptions == ["!corpora/pittelo/private/", "!corpora/overijssel/private/"]  # fictional demo keys
    assert lines.index("corpora/*/private/replacement_log.csv") > lines.index(exceptions[-1])


def test_demo_outputs_never_hold_the_log(tmp_path):
    src = CORPORA / "pittelo"
    root = tmp_path / "pittelo"
    shutil.copytree(src, root, ignore=shutil.ignore_patterns("replacement_log.csv"))
    prepare_case(root, cache_dir=tmp_path / "data", use_deduce=False)
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        "codings.parquet", "documents.parquet", "manifest.json", "problems.parquet", "replacements.parquet",
        "segments.parquet", "turns.parquet"]
