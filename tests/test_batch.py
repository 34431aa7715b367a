"""The batch run: notebooks executed into HTML, tables and figures; failures reported."""

import base64
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser

import nbformat
import pandas as pd
from conftest import CORPORA, ROOT

from pao_analysis.audit import LEAK_FIX
from pao_analysis.batch import CASE_NOTEBOOKS, run_case
from pao_analysis.cli import main


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in (("a", "href"), ("img", "src")):
                self.links.append(value)


def test_run_writes_reports_figures_and_tables(demo_run):
    for name in CASE_NOTEBOOKS:
        assert (demo_run / f"{name}.html").is_file()
        assert (demo_run / "code" / f"{name}.html").is_file()
        assert (demo_run / "notebooks" / f"{name}.ipynb").is_file()
    for fig in ("conditions_profile", "conditions_heatmap", "conditions_phase_heatmap", "timeline",
                "themes_affinity"):
        assert (demo_run / "figures" / f"{fig}.png").stat().st_size > 5000
        assert (demo_run / "figures" / f"{fig}.svg").is_file()
    for table in ("profiel_voorwaarden", "citaten_voorwaarden", "gebeurtenissen", "themas", "profiel_per_fase",
                  "oordeel_voorwaarden", "doorslaggevende_citaten"):
        assert (demo_run / "tables" / f"{table}.csv").is_file()
        assert (demo_run / "tables" / f"{table}.xlsx").is_file()
    for iid in ("P01", "P06"):                 # a timeline and a table per interviewee
        assert (demo_run / "figures" / f"timeline_{iid}.png").stat().st_size > 5000
        own = pd.read_csv(demo_run / "tables" / f"gebeurtenissen_{iid}.csv", encoding="utf-8-sig")
        assert len(own) > 0 and own["gebeurtenis-id"].str.contains(f"/{iid}/").all()


def test_run_writes_the_conditions_report(demo_run):
    from docx import Document

    doc = Document(demo_run / "report" / "voorwaarden.docx")
    assert [len(t.columns) for t in doc.tables] == [2] * 5
    assert doc.tables[0].rows[0].cells[0].text == "Commentaar onderzoeker"
    assert "CONCEPT - door de onderzoeker te herschrijven" in [p.text for p in doc.paragraphs]
    per_phase = pd.read_csv(demo_run / "tables" / "profiel_per_fase.csv", encoding="utf-8-sig")
    assert sorted(per_phase["fase"].unique()) == [1, 2, 3, 4]
    assert 'href="report/voorwaarden.docx"' in (demo_run / "index.html").read_text(encoding="utf-8")


def test_run_json_records_provenance(demo_run):
    run = json.loads((demo_run / "run.json").read_text())
    assert run["parameters"] == {"case_dir": str(CORPORA / "pittelo"), "output_dir": str(demo_run),
                                 "data_dir": str(demo_run / "data"), "language": "nl"}
    transcript = CORPORA / "pittelo" / "transcripts" / "P01_louise.txt"
    # file names are shown without the names they hold ("louise")
    assert run["inputs"]["transcripts/P01_….txt"] == hashlib.sha256(transcript.read_bytes()).hexdigest()
    assert "transcripts/P02_….docx" in run["inputs"] and not any("louise" in k for k in run["inputs"])
    assert "case.yaml" in run["inputs"] and "participants.csv" in run["inputs"]
    assert not any("private" in k for k in run["inputs"])
    assert set(run["codebooks"]) == {"codebooks/conditions.yaml", "codebooks/timeline.yaml"}
    assert run["seeds"] == {"themes": 0}
    assert run["versions"]["python"].count(".") == 2
    assert {"pao-analysis", "pandas", "spacy", "scikit-learn", "deduce", "simplemma"} <= set(run["versions"])
    assert run["notebooks"] == list(CASE_NOTEBOOKS)
    assert run["started"] <= run["finished"] and run["started"].endswith("+00:00")


def test_index_links_resolve_and_show_the_profile(demo_run):
    page = (demo_run / "index.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(page)
    files = [link for link in parser.links if not link.startswith(("#", "data:"))]
    assert len(files) > 20
    for link in files:
        assert (demo_run / link).is_file(), link
    embedded = (demo_run / "figures" / "conditions_profile.png").read_bytes()
    assert f'src="data:image/png;base64,{base64.b64encode(embedded).decode()}"' in page  # a single file
    assert sum(link.startswith("data:image/png") for link in parser.links) == 4
    assert '<html lang="nl">' in page and '<a href="#samenvatting">Samenvatting</a>' in page
    assert "Thema&#x27;s</h3>" in page and "Themas" not in page  # new-user trial 8


def test_partner_report_hides_code_and_shows_judgements(demo_run):
    partner = (demo_run / "05_conditions.html").read_text(encoding="utf-8")
    researcher = (demo_run / "code" / "05_conditions.html").read_text(encoding="utf-8")
    assert "condition_profile" not in partner and "condition_profile" in researcher
    assert "duidelijk aanwezig" in partner and "blijft achter" in partner


def test_no_real_name_in_any_output(demo_run, pittelo_key):
    from test_pipeline import _real_names

    names = _real_names(pittelo_key)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.I)
    for path in demo_run.rglob("*"):
        if path.suffix in (".html", ".ipynb", ".csv", ".json", ".svg"):
            hit = pattern.search(path.read_text(encoding="utf-8", errors="ignore"))
            assert hit is None, f"real name in {path.relative_to(demo_run)}"


def _digests(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _without_times(run_json):
    run = json.loads(run_json.read_text())
    return {k: v for k, v in run.items() if k not in ("started", "finished")}


def test_rerun_gives_the_same_bytes(demo_run):
    before, run_before = _digests(demo_run), _without_times(demo_run / "run.json")
    assert run_case(CORPORA / "pittelo", output_dir=demo_run, progress=False).ok
    after = _digests(demo_run)
    assert sorted(after) == sorted(before)
    changed = [rel for rel in before if before[rel] != after[rel]]
    assert changed == ["run.json"]  # only its start and end time differ
    assert _without_times(demo_run / "run.json") == run_before


def test_killed_run_leaves_previous_outputs_and_inputs_unchanged(demo_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(demo_run, out)
    outputs_before = _digests(out)
    case = CORPORA / "pittelo"
    inputs_before = {k: v for k, v in _digests(case).items() if not k.endswith("replacement_log.csv")}
    mtimes = {p: p.stat().st_mtime_ns for p in case.rglob("*") if p.is_file() and p.name != "replacement_log.csv"}
    proc = subprocess.Popen([sys.executable, "-m", "pao_analysis.cli", "run", str(case), "--output", str(out),
                             "--quiet"], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial = tmp_path / ".out.partial"
    deadline = time.monotonic() + 300
    while not list(partial.glob("notebooks/*.ipynb")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its notebook kernels, mid-way
    proc.wait()
    assert list(partial.glob("notebooks/*.ipynb"))  # it was killed while notebooks ran
    assert _digests(out) == outputs_before
    assert {k: v for k, v in _digests(case).items() if not k.endswith("replacement_log.csv")} == inputs_before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def _notebooks_with_extra_cell(tmp_path, name: str, source: str):
    """A copy of the project's notebooks where ``name`` ends with one more code cell."""
    books = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", books)
    nb = nbformat.read(books / f"{name}.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, books / f"{name}.ipynb")
    return books


def test_failing_notebook_is_named_and_previous_outputs_kept(demo_run, tmp_path):
    books = _notebooks_with_extra_cell(tmp_path, "03_themes", 'raise ValueError("kapot")')
    out = tmp_path / "out"
    shutil.copytree(demo_run, out)
    before = (out / "index.html").read_bytes()
    result = run_case(CORPORA / "pittelo", output_dir=out, progress=False, notebooks=books)
    assert not result.ok
    assert len(result.failures) == 1 and result.failures[0].startswith("03_themes, cell")
    assert "ValueError: kapot" in result.failures[0]
    assert (out / "index.html").read_bytes() == before
    assert (tmp_path / "out.failed" / "notebooks" / "03_themes.ipynb").is_file()


def test_cli_reports_a_broken_case(tmp_path, capsys):
    broken = tmp_path / "kapot"
    broken.mkdir()
    (broken / "case.yaml").write_text("case_id: kapot\ntitle: [x\n", encoding="utf-8")
    assert main(["run", str(broken), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "kapot/case.yaml" in err and "line" in err


def test_cli_needs_a_case(capsys):
    assert main(["run"]) == 2
    assert "name a case folder" in capsys.readouterr().err


def test_pao_audit_passes_on_a_clean_run_and_finds_a_planted_leak(demo_run, tmp_path, capsys):
    assert main(["audit", str(demo_run), "--case", str(CORPORA / "pittelo")]) == 0
    leaky = tmp_path / "leaky"
    shutil.copytree(demo_run, leaky)
    page = leaky / "05_conditions.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n<p>met Annemiek Postma</p>\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["audit", str(leaky), "--case", str(CORPORA / "pittelo")]) == 1
    err = capsys.readouterr().err
    assert "05_conditions.html (line" in err and "line 4 of the pseudonym key" in err
    assert f"fix: {LEAK_FIX['pseudonym key']}" in err
    assert "Annemiek" not in err and "Postma" not in err


def test_a_leak_fails_the_run_and_no_index_is_written(demo_run, tmp_path):
    books = _notebooks_with_extra_cell(tmp_path, "01_corpus", 'print("groeten van Wim de Boer")')
    out = tmp_path / "out"
    result = run_case(CORPORA / "pittelo", output_dir=out, progress=False, notebooks=books)
    assert not result.ok and all(line.startswith("leak: ") for line in result.failures)
    assert any("notebooks/01_corpus.ipynb" in line for line in result.failures)
    assert result.failures[-1] == f"leak: fix: {LEAK_FIX['pseudonym key']}"  # what to do, without the name
    assert not out.exists()
    assert not (tmp_path / "out.failed" / "index.html").exists()


def test_run_json_inputs_hide_names_in_file_names_without_losing_a_file():
    from pao_analysis.batch import masked_inputs
    from pao_analysis.pseudonymise import KeyEntry, PseudonymKey

    key = PseudonymKey((KeyEntry("Maarten de Vries", "Ruben"),))
    shown = masked_inputs({"transcripts/P04_maarten.txt": "a", "transcripts/Gesprek Anna.txt": "b",
                           "transcripts/Gesprek Yusuf.txt": "c", "case.yaml": "d"}, key)
    assert shown == {"transcripts/P04_….txt": "a", "transcripts/Gesprek ….txt": "b",
                     "transcripts/Gesprek ….txt (2)": "c", "case.yaml": "d"}


def test_every_table_column_has_a_dutch_name(demo_run):
    from pao_analysis.codebook import default_codebook
    from pao_analysis.labels import LABELS

    known = {v["nl"] for v in LABELS.values()} | {c for b in ("conditions", "timeline")
                                                  for c in default_codebook(b).ids}
    known |= set(pd.read_csv(demo_run / "tables" / "interviews.csv", encoding="utf-8-sig")["interview"])
    unnamed = {p.stem: [c for c in pd.read_csv(p, encoding="utf-8-sig", nrows=0).columns if c not in known]
               for p in (demo_run / "tables").glob("*.csv")}
    assert {k: v for k, v in unnamed.items() if v} == {}
    coded = pd.read_csv(demo_run / "tables" / "coderingen.csv", encoding="utf-8-sig")
    assert {"interview", "geïnterviewde", "rol", "organisatie", "domein", "interviewdatum", "codeboek",
            "gecodeerd door", "tekst"} <= set(coded.columns)
    assert set(coded["codeboek"]) == {"voorwaarden", "tijdlijn"}


def test_all_tables_in_one_workbook_linked_from_the_index(demo_run):
    from openpyxl import load_workbook

    wb = load_workbook(demo_run / "tables" / "alle_tabellen.xlsx", read_only=True)
    csvs = sorted(p.stem for p in (demo_run / "tables").glob("*.csv"))
    assert wb.sheetnames[0] == "Inhoud" and len(wb.sheetnames) == len(csvs) + 1
    events = pd.read_csv(demo_run / "tables" / "gebeurtenissen.csv", encoding="utf-8-sig")
    sheet = wb["gebeurtenissen"]
    assert sheet.max_row == len(events) + 1
    assert 'href="tables/alle_tabellen.xlsx"' in (demo_run / "index.html").read_text(encoding="utf-8")


def test_report_pages_are_single_offline_files(demo_run):
    for name in CASE_NOTEBOOKS:
        for page in (demo_run / f"{name}.html", demo_run / "code" / f"{name}.html"):
            text = page.read_text(encoding="utf-8")
            assert "<script" not in text, page     # no require.js, MathJax, Mermaid or widget code
            assert not re.search(r'<(link|img|iframe)\b[^>]*(href|src)="(https?:)?//', text), page
            assert '<html lang="nl">' in text and '<nav class="toc"><h2>Inhoud</h2>' in text
            assert "size:A4" in text
            alts = re.findall(r'<img [^>]*?alt="([^"]*)"', text)
            assert all(re.fullmatch(r"figuur: \S.*", a) for a in alts), (page, alts)   # Dutch alternative text
    assert 'alt="figuur: conditions_phase_heatmap"' in (demo_run / "05_conditions.html").read_text("utf-8")
    themes = (demo_run / "03_themes.html").read_text(encoding="utf-8")
    assert themes.count('src="data:image/png;base64,') >= 1


def test_run_writes_a_valid_refi_qda_project_linked_from_the_index(demo_run):
    import zipfile

    from pao_analysis import refiqda

    with zipfile.ZipFile(demo_run / "pittelo.qdpx") as zf:
        root = refiqda.validate_xml(zf.read("project.qde"), "project", display="project.qde")
        texts = {n.removeprefix("sources/"): zf.read(n).decode("utf-8") for n in zf.namelist() if n != "project.qde"}
    assert refiqda.check_project(root, texts) == [] and len(texts) == 6
    assert 'href="pittelo.qdpx"' in (demo_run / "index.html").read_text(encoding="utf-8")
