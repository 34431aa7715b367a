"""Real-browser tests: the partner pages in headless Chromium, the coding workbench in JupyterLab.

Chromium is Debian's package (``apt-get install chromium``; ``.ci/run`` installs it), driven
by the Playwright Python package with ``executable_path``: nothing is downloaded at run
time. Without them these tests skip, except in CI (environment variable ``CI`` set), where
they fail. Run them alone with ``pytest -m browser``; screenshots go to each test's
temporary folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from conftest import CORPORA, ROOT

from pao_analysis.batch import CASE_NOTEBOOKS, INDEX_FIGURES

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("PAO_CHROMIUM", "/usr/bin/chromium")
A4_POINTS = (595.3, 841.9)

_IMAGES_JS = """() => Array.from(document.images).map(img => {
  const box = img.getBoundingClientRect();
  return {src: img.getAttribute('src') || '', complete: img.complete, natural: img.naturalWidth,
          width: box.width, height: box.height};
})"""
_PAGE_JS = """() => ({
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  lang: document.documentElement.lang,
  code_cells: document.querySelectorAll('.jp-CodeCell .jp-InputArea').length,
  contents: document.querySelectorAll('nav.toc a').length,
})"""


def _missing() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    reasons = []
    if not Path(CHROMIUM).is_file():
        reasons.append(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; or set PAO_CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("the Python package playwright is not installed (pip install -e '.[dev]')")
    return "; ".join(reasons)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright; skips locally, fails in CI when missing."""
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI but cannot: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@dataclass
class PageCheck:
    """What the browser saw on one page."""

    problems: list[str] = field(default_factory=list)
    figures: int = 0          # images loaded with a non-zero size
    lang: str = ""
    code_cells: int = 0
    contents: int = 0         # links in the table of contents


def _unresolved(path: Path, links: list[str], ids: set[str]) -> list[str]:
    """Links of a page opened from disk that lead nowhere: a missing file or anchor."""
    bad = []
    for link in links:
        if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):    # http:, mailto:, data: - not a file
            continue
        target, _, anchor = link.partition("#")
        if target and not (path.parent / unquote(target)).is_file():
            bad.append(f"link to a missing file: {link}")
        elif not target and anchor and anchor not in ids and unquote(anchor) not in ids:
            bad.append(f"link to a missing anchor: {link}")
    return bad


def check_page(browser, path: Path, screenshot: Path, *, pdf: Path | None = None) -> PageCheck:
    """Open ``path`` from disk with every non-file request blocked; report console errors,
    failed or blocked requests, figures that did not load or have no size and links that
    do not resolve; save a full-page screenshot (and, with ``pdf``, print it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    check, blocked = PageCheck(), set()

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.add(r.request.url)
            check.problems.append(f"request to the internet: {r.request.url[:120]}")
            r.abort()

    def console(message):
        if message.type == "error":
            check.problems.append(f"console error: {message.text[:200]}")

    def failed(request):
        if request.url not in blocked:
            check.problems.append(f"failed request: {request.url[:120]} ({request.failure})")

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: check.problems.append(f"script error: {error}"))
    page.on("requestfailed", failed)
    try:
        page.goto(path.as_uri(), wait_until="load")
        for n, img in enumerate(page.evaluate(_IMAGES_JS), start=1):
            if img["complete"] and img["natural"] > 0 and img["width"] > 0 and img["height"] > 0:
                check.figures += 1
            else:
                check.problems.append(f"figure {n} did not load or has no size ({img['src'][:40]}…)")
        info = page.evaluate(_PAGE_JS)
        check.problems += _unresolved(path, info["links"], set(info["ids"]))
        check.lang, check.code_cells, check.contents = info["lang"], info["code_cells"], info["contents"]
        page.screenshot(path=str(screenshot), full_page=True)
        if pdf is not None:
            page.emulate_media(media="print")
            pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    finally:
        context.close()
    return check


def _figures_in(notebook: Path) -> int:
    """How many figures (PNG outputs) an executed notebook holds."""
    nb = nbformat.read(notebook, as_version=4)
    return sum("image/png" in out.get("data", {}) for cell in nb.cells if cell.cell_type == "code"
               for out in cell.outputs)


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of every page of a PDF Chromium printed."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


def test_every_page_opens_offline_with_all_its_figures(browser, demo_run, tmp_path):
    pages = [("index", demo_run / "index.html", len(INDEX_FIGURES))]
    for name in CASE_NOTEBOOKS:
        figures = _figures_in(demo_run / "notebooks" / f"{name}.ipynb")
        pages += [(name, demo_run / f"{name}.html", figures),
                  (f"code-{name}", demo_run / "code" / f"{name}.html", figures)]
    problems, started = {}, time.monotonic()
    for label, path, expected in pages:
        shot = tmp_path / f"{label}.png"
        check = check_page(browser, path, shot)
        if check.problems:
            problems[label] = check.problems
        assert check.figures == expected, f"{label}: {check.figures} figures shown, {expected} expected"
        assert shot.stat().st_size > 10_000, label
        assert check.lang == "nl" and check.contents >= 2, label
        if label.startswith("code-"):
            assert check.code_cells > 0, label
        else:
            assert check.code_cells == 0, f"{label}: code in a partner page"
    assert problems == {}
    assert sum(expected for _, _, expected in pages) > 20
    assert time.monotonic() - started < 120


def test_partner_pages_print_on_a4(browser, demo_run, tmp_path):
    for name in ("index", "05_conditions"):
        pdf = tmp_path / f"{name}.pdf"
        check = check_page(browser, demo_run / f"{name}.html", tmp_path / f"{name}.png", pdf=pdf)
        assert check.problems == []
        sizes = _pdf_pages(pdf.read_bytes())
        assert len(sizes) >= 2, name
        assert all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in sizes), (name, sizes[:3])


def test_checker_reports_a_broken_figure(browser, demo_run, tmp_path):
    page = tmp_path / "03_themes.html"
    text = (demo_run / "03_themes.html").read_text(encoding="utf-8")
    broken, n = re.subn(r'(<img\b[^>]*\bsrc="data:image/png;base64,)[^"]+', r"\1AAAA", text, count=1)
    assert n == 1
    page.write_text(broken, encoding="utf-8")
    intact = check_page(browser, demo_run / "03_themes.html", tmp_path / "intact.png")
    check = check_page(browser, page, tmp_path / "broken.png")
    assert intact.problems == [] and check.figures == intact.figures - 1
    assert [p for p in check.problems if p.startswith("figure 1 did not load")]


def test_checker_reports_a_removed_figure_file(browser, demo_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(demo_run, out, ignore=shutil.ignore_patterns("data", "notebooks"))
    (out / "figures" / "timeline.png").unlink()
    check = check_page(browser, out / "index.html", tmp_path / "index.png")
    assert check.problems == ["link to a missing file: figures/timeline.png"]
    page = out / "03_themes.html"                 # a page that shows the figure from its file
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<img src="figures/timeline.png" alt="tijdlijn"></main>'), encoding="utf-8")
    check = check_page(browser, page, tmp_path / "themes.png")
    assert any(p.startswith("failed request: file://") and "timeline.png" in p for p in check.problems)
    assert any(p.startswith("figure ") and "figures/timeline.png" in p for p in check.problems)


def test_checker_blocks_and_reports_requests_to_the_internet(browser, tmp_path):
    page = tmp_path / "extern.html"
    page.write_text('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                    '<link rel="stylesheet" href="https://fonts.example.org/font.css">'
                    '<script src="https://cdn.example.org/require.js"></script></head>'
                    '<body><h1>Extern</h1><a href="#nergens">weg</a></body></html>', encoding="utf-8")
    check = check_page(browser, page, tmp_path / "extern.png")
    assert "request to the internet: https://fonts.example.org/font.css" in check.problems
    assert "request to the internet: https://cdn.example.org/require.js" in check.problems
    assert "link to a missing anchor: #nergens" in check.problems


# ---------------------------------------------------------------------------- JupyterLab


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"JupyterLab stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"JupyterLab did not answer in {timeout:.0f} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and its kernels (its own process group)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)        # kernels left behind
    except ProcessLookupError:
        pass
    proc.wait()


def _lab_copy(demo_run: Path, root: Path) -> Path:
    """The Pittelo case, its prepared tables and the workbench notebook, laid out as the
    project is, so that the notebook's defaults find them."""
    case = root / "corpora" / "pittelo"
    shutil.copytree(CORPORA / "pittelo", case, ignore=shutil.ignore_patterns("coding"))
    shutil.copytree(demo_run / "data", root / "outputs" / "pittelo" / "data")
    (root / "notebooks").mkdir()
    shutil.copy2(ROOT / "notebooks" / "07_workbench.ipynb", root / "notebooks")
    return case


def test_workbench_in_jupyterlab_saves_a_decision(browser, demo_run, tmp_path):
    from pao_analysis import journal
    from pao_analysis.codebook import load_codebook
    from pao_analysis.pipeline import open_case
    from pao_analysis.workbench import CodingSession

    root = tmp_path / "lab"
    case = _lab_copy(demo_run, root)
    port, token, log = _free_port(), secrets.token_hex(16), tmp_path / "jupyterlab.log"
    jupyter = {name: tmp_path / "jupyter" / name for name in ("config", "data", "runtime", "settings", "workspaces")}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           "JUPYTER_CONFIG_DIR": str(jupyter["config"]), "JUPYTER_RUNTIME_DIR": str(jupyter["runtime"]),
           "JUPYTERLAB_SETTINGS_DIR": str(jupyter["settings"]),
           "JUPYTERLAB_WORKSPACES_DIR": str(jupyter["workspaces"])}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                                 "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                                 "--ServerApp.port_retries=0", f"--ServerApp.token={token}",
                                 f"--ServerApp.root_dir={root}"],
                                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    context = None
    try:
        data = open_case(case, root / "outputs" / "pittelo" / "data")   # while the server starts
        first = CodingSession(case, "codeur-1", load_codebook("conditions"), data.segments,
                              suggestions=data.codings).queue(show="uncoded")[0]
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc, log)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((base, "data:", "blob:"))
                   else r.abort())
        page.goto(f"{base}/lab/tree/notebooks/07_workbench.ipynb?token={token}")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
        page.get_by_text(re.compile(r"\| Idle$")).wait_for(timeout=120_000)   # kernel ready (status bar)
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        toggle = page.locator(".pao-code-ambitie")
        toggle.wait_for(timeout=240_000)
        toggle.click()
        page.locator(".pao-save").click()
        record = case / "coding" / "codeur-1.csv"
        deadline = time.monotonic() + 60
        while not record.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert record.is_file(), f"no coder file after the click: {log.read_text(errors='replace')[-2000:]}"
        rows = journal.read_records(record)
        assert len(rows) == 1
        row = rows.iloc[0]
        assert (row["segment_id"], row["codes"], row["author"], row["codebook"]) == \
            (first, "ambitie", "codeur-1", "conditions")
        assert row["timestamp"].endswith("+00:00")       # saved at the click, in UTC
    finally:
        if context is not None:
            context.pages[0].screenshot(path=str(tmp_path / "workbench.png"))   # also when it failed
            context.close()
        _stop(proc)
