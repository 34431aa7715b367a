"""Batch runs: execute the notebooks for a case with papermill, render HTML, write an index.

Outputs are built in a temporary folder next to the destination and moved into place
only when every notebook succeeded, so an interrupted or failed run leaves the previous
outputs intact (a failed run is kept in ``<output>.failed/`` for inspection).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import platform
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import nbformat
import pandas as pd

from .audit import read_log
from .codebook import load_codebook
from .config import load_case
from .errors import CorpusError, PaoError
from .labels import t
from .pages import add_contents, data_uri, report_page, slug
from .pipeline import DEFAULT_CODEBOOKS, file_hashes, prepare_case
from .pseudonymise import PseudonymKey, load_key, mask_file_names
from .refiqda import export_qdpx
from .render import write_workbook
from .themes import RANDOM_STATE

logger = logging.getLogger("pao_analysis")

CASE_NOTEBOOKS = ("01_corpus", "02_coding", "03_themes", "04_timeline", "05_conditions")
CROSS_CASE_NOTEBOOK = "06_cross_case"
INDEX_FIGURES = ("conditions_profile", "conditions_heatmap", "timeline", "themes_affinity")
VOLATILE_METADATA = ("start_time", "end_time", "duration")
#: Every table of a run in one Excel workbook, one sheet per table.
WORKBOOK = "tables/alle_tabellen.xlsx"
#: Tables shown on a case's index page: (name in tables/, columns shown, before the figures?).
INDEX_TABLES = (
    ("profiel_voorwaarden", ("code_id", "judgement", "strength", "n_coded", "rule"), True),
    ("citaten_voorwaarden", ("code_id", "participant", "role", "valence", "quote"), False),
    ("themas", ("theme", "top_words"), False),
)


@dataclass
class RunResult:
    """What a run produced: the destination, and failures as readable lines."""

    name: str
    output_dir: Path
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (next to ``src/``), or ``./notebooks``."""
    here = Path(__file__).resolve().parents[2] / "notebooks"
    return here if here.is_dir() else Path.cwd() / "notebooks"


def _strip_volatile(path: Path) -> None:
    """Remove execution times and random ids papermill writes, so reruns give the same bytes."""
    nb = nbformat.read(path, as_version=4)
    for meta in [nb.metadata.get("papermill", {})] + [c.metadata.get("papermill", {}) for c in nb.cells]:
        for key in VOLATILE_METADATA:
            meta.pop(key, None)
    for cell in nb.cells:
        cell.metadata.get("execution", {}).clear()
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
    nbformat.write(nb, path)


def execute_notebook(source: str, target: str, parameters: dict) -> str | None:
    """Run one notebook; return None on success, else 'notebook, cell N: error'."""
    import papermill as pm

    name = Path(source).stem
    try:
        # the kernel's own log (a TCP warning; "KeyboardInterrupt caught" when it is stopped
        # after the last cell) is noise for a researcher; cell errors still come back
        pm.execute_notebook(source, target, parameters=parameters, kernel_name="python3",
                            progress_bar=False, cwd=str(Path(source).parent),
                            extra_arguments=["--log-level=CRITICAL"])
    except pm.PapermillExecutionError as exc:
        return f"{name}, cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # a kernel that died, a missing notebook
        return f"{name}: {type(exc).__name__}: {exc}"
    finally:
        if Path(target).is_file():
            _strip_volatile(Path(target))
    return None


def render_html(executed: Path, out_dir: Path, *, language: str = "nl") -> list[Path]:
    """Write ``<name>.html`` (partners: no code) and ``code/<name>.html`` (researchers),
    each one offline page (see :mod:`pao_analysis.pages`)."""
    nb = nbformat.read(executed, as_version=4)
    written = []
    for with_code, target in ((False, out_dir / f"{executed.stem}.html"),
                              (True, out_dir / "code" / f"{executed.stem}.html")):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(report_page(nb, with_code=with_code, language=language), encoding="utf-8")
        written.append(target)
    return written


def _versions() -> dict[str, str]:
    """Python, this package and every dependency it declares, with installed versions."""
    names = ["pao-analysis"] + [re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]
                                for req in metadata.requires("pao-analysis") or [] if "extra ==" not in req]
    return {"python": platform.python_version(), **{n: metadata.version(n) for n in names}}


def _codebook_hashes() -> dict[str, str]:
    hashes = {}
    for name in DEFAULT_CODEBOOKS:
        path = Path(load_codebook(name).path)
        hashes[f"codebooks/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def now() -> str:
    """The current time, UTC, to the second (ISO 8601)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def write_run_json(out: Path, *, inputs: dict[str, str], parameters: dict, notebooks: list[str],
                   started: str) -> Path:
    """Provenance of a run: versions, a hash of every input file and codebook, the notebook
    parameters, the random seeds and the start and end time (the only fields that differ
    between two runs on the same input)."""
    run = {"versions": _versions(), "parameters": parameters, "inputs": inputs,
           "codebooks": _codebook_hashes(), "seeds": {"themes": RANDOM_STATE}, "notebooks": notebooks,
           "started": started, "finished": now()}
    path = out / "run.json"
    path.write_text(json.dumps(run, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_index(out: Path, *, title: str, notebooks: list[str], language: str = "nl",
                subtitle: str = "") -> Path:
    """``index.html``: one offline page with a table of contents, the key figures embedded
    and links to every report, figure and table."""
    esc = html.escape
    nb_titles = {n: _notebook_title(out / "notebooks" / f"{n}.ipynb") for n in notebooks}
    figures = sorted(p.name for p in (out / "figures").glob("*.png")) if (out / "figures").is_dir() else []
    tables = sorted(p.stem for p in (out / "tables").glob("*.csv")) if (out / "tables").is_dir() else []
    words = {"nl": ("Rapporten", "met code", "", "Alle figuren", "Tabellen",
                    "Gegenereerd door pao-analysis; alle namen zijn pseudoniemen.", "Samenvatting"),
             "en": ("Reports", "with code", "", "All figures", "Tables",
                    "Generated by pao-analysis; all names are pseudonyms.", "Summary")}[language]
    parts = [f"<h1>{esc(title)}</h1>"]
    if subtitle:
        parts.append(f"<p>{esc(subtitle)}</p>")
    parts.append(f"{_h2(words[0])}<ul>")
    parts += [f'<li><a href="{n}.html">{esc(nb_titles[n])}</a> '
              f'(<a href="code/{n}.html">{words[1]}</a>)</li>' for n in notebooks]
    parts += [f'<li><a href="report/{d}">{esc(d)}</a> (Word)</li>' for d in
              sorted(p.name for p in (out / "report").glob("*.docx"))] if (out / "report").is_dir() else []
    parts += [f'<li><a href="{q.name}">{esc(q.name)}</a> ({esc(t("refi_project", language))})</li>'
              for q in sorted(out.glob("*.qdpx"))]
    parts.append("</ul>")
    summary = {first: [_table_html(out / "tables" / f"{name}.csv", columns, language)
                       for name, columns, top in INDEX_TABLES if top == first and name in tables]
               for first in (True, False)}
    key = [f for f in INDEX_FIGURES if f + ".png" in figures]
    if summary[True] or key or summary[False]:
        parts.append(_h2(words[6]))
        parts += summary[True]
        parts += [f'<figure><img src="{data_uri(out / "figures" / f"{f}.png")}" alt="{esc(f)}"></figure>'
                  for f in key]
        parts += summary[False]
    if figures:
        parts.append(f"{_h2(words[3])}<ul>")
        parts += [f'<li><a href="figures/{f}">{esc(f)}</a> (<a href="figures/{f[:-4]}.svg">SVG</a>)</li>'
                  for f in figures]
        parts.append("</ul>")
    if tables:
        parts.append(f"{_h2(words[4])}<ul>")
        if (out / WORKBOOK).is_file():
            parts.append(f'<li><a href="{WORKBOOK}">{esc(t("workbook", language))}</a></li>')
        parts += [f'<li>{esc(s)}: <a href="tables/{s}.csv">CSV</a>, <a href="tables/{s}.xlsx">Excel</a></li>'
                  for s in tables]
        parts.append("</ul>")
    parts.append(f"<footer>{words[5]}</footer>")
    page = (f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style>{INDEX_CSS}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")
    page = add_contents(page, language)
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


INDEX_CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
             "color:#222;line-height:1.45}img{max-width:100%;border:1px solid #ddd}"
             "figure{margin:1rem 0}table.summary{border-collapse:collapse;font-size:.85rem;margin-bottom:1rem}"
             "table.summary th,table.summary td{border-bottom:1px solid #ddd;padding:.25rem .4rem;"
             "text-align:left;vertical-align:top}footer{margin-top:3rem;color:#666;font-size:.9rem}")


def _h2(text: str) -> str:
    return f'<h2 id="{slug(text)}">{html.escape(text)}</h2>'


def _table_html(csv: Path, columns: tuple[str, ...], language: str) -> str:
    """Some columns of a table the notebooks wrote, as HTML for the index."""
    import pandas as pd

    df = pd.read_csv(csv, encoding="utf-8-sig", keep_default_na=False)
    df = df[[t(c, language) for c in columns if t(c, language) in df.columns]]
    title = html.escape(t(f"index_{csv.stem}", language))
    return (f'<h3 id="{slug(title)}">{title}</h3>'
            + df.to_html(index=False, border=0, classes="summary", float_format="{:.2f}".format))


def _notebook_title(path: Path) -> str:
    if path.is_file():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
    return path.stem


def _swap_into_place(tmp: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old)


def _run_notebooks(names: list[str], *, work: Path, parameters: dict, jobs: int,
                   progress: bool, src: Path | None = None) -> list[str]:
    from tqdm import tqdm

    src = src or notebooks_dir()
    (work / "notebooks").mkdir(parents=True, exist_ok=True)
    args = [(str(src / f"{n}.ipynb"), str(work / "notebooks" / f"{n}.ipynb"), parameters) for n in names]
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(args)))) as pool:
        futures = [pool.submit(execute_notebook, *a) for a in args]
        results = [f.result() for f in tqdm(futures, desc=parameters.get("case_dir", "")[-30:],
                                            unit="notebook", disable=not progress)]
    for name in names:
        executed = work / "notebooks" / f"{name}.ipynb"
        if executed.is_file():
            render_html(executed, work, language=parameters.get("language", "nl"))
    return [r for r in results if r]


def _prepare_work(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.partial"  # a fixed name: paths inside notebooks stay the same
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    if (out / "data").is_dir():  # reuse prepared tables; their fingerprint is checked on load
        shutil.copytree(out / "data", tmp / "data")
    return tmp


def _finish(result: RunResult, tmp: Path) -> RunResult:
    out = result.output_dir
    if result.ok:
        _swap_into_place(tmp, out)
    else:
        failed = out.parent / f"{out.name}.failed"
        if failed.exists():
            shutil.rmtree(failed)
        tmp.rename(failed)
        kept = "the previous outputs are kept" if out.exists() else "no outputs were written"
        logger.error("run of %s failed; %s, this run is in %s", result.name, kept, failed)
    return result


def case_output_dir(case, output_dir: str | Path | None = None, output_root: str | Path = "outputs") -> Path:
    """``output_dir``, or ``<output_root>/<case id>``; a case id never leaves the root."""
    root = Path(output_root).resolve()
    out = Path(output_dir).resolve() if output_dir else (root / case.case_id).resolve()
    if not output_dir and out.parent != root:
        raise CorpusError(f"case id {case.case_id!r} would write outside {root}", path=f"{case.root.name}/case.yaml",
                          where="case_id", fix="use lower-case letters, digits, - and _")
    return out


def run_case(case_dir: str | Path, *, output_dir: str | Path | None = None, output_root: str | Path = "outputs",
             language: str = "nl", jobs: int = 2, progress: bool = True,
             notebooks: Path | None = None) -> RunResult:
    """Execute the case notebooks into ``output_dir`` (default ``<output_root>/<case id>``).

    The case is prepared (read, pseudonymised, replacement log written) here, in this
    process; the notebooks only load the prepared tables. ``notebooks`` is the folder
    holding the notebooks (default: the project's ``notebooks/``).

    Returns a :class:`RunResult`; ``failures`` name the notebook and cell that failed.
    """
    started = now()
    case_dir = Path(case_dir).resolve()
    case = load_case(case_dir)
    out = case_output_dir(case, output_dir, output_root)
    result = RunResult(case.case_id, out)
    tmp = _prepare_work(out)
    try:
        data = prepare_case(case_dir, cache_dir=tmp / "data")
    except PaoError as err:
        shutil.rmtree(tmp)
        result.failures.append(str(err))
        return result
    params = {"case_dir": str(case_dir), "output_dir": str(tmp), "data_dir": str(tmp / "data"),
              "language": language}
    result.failures += _run_notebooks(list(CASE_NOTEBOOKS), work=tmp, parameters=params, jobs=jobs,
                                      progress=progress, src=notebooks)
    if not result.ok:  # a failed notebook: no index, nothing replaces the old outputs
        return _finish(result, tmp)
    write_workbook(tmp / "tables", tmp / WORKBOOK, language=language)
    export_qdpx(data, tmp / f"{case.case_id}.qdpx", language=language)   # for ATLAS.ti, NVivo, MAXQDA
    key, log = load_key(case.key_path), read_log(case.log_path)
    write_index(tmp, title=case.title, notebooks=list(CASE_NOTEBOOKS), language=language,
                subtitle=f"{t('case_id', language)}: {case.case_id} · "
                         f"{len(data.documents)} interviews · {len(data.segments)} "
                         f"{t('segments', language)}")
    write_run_json(tmp, inputs=masked_inputs(file_hashes(case_dir, skip=(case.private_dir.name,)),
                                             key, log),
                   notebooks=list(CASE_NOTEBOOKS), started=started,
                   parameters={**params, "output_dir": str(out), "data_dir": str(out / "data")})
    result.failures += audit_failures(tmp, key, log)    # everything written, index included
    if not result.ok:  # a leak: no index, nothing replaces the old outputs
        (tmp / "index.html").unlink()
    return _finish(result, tmp)


def masked_inputs(inputs: dict[str, str], key=None, log=None) -> dict[str, str]:
    """The input hashes of run.json under file names without the names they often hold
    (``transcripts/P04_….txt``; see :func:`pao_analysis.pseudonymise.mask_file_names`)."""
    key = key if key is not None else PseudonymKey(())
    log = log if log is not None else pd.DataFrame(columns=["category", "original"])
    out: dict[str, str] = {}
    for path, digest in inputs.items():
        name = shown = mask_file_names(path, key, log, whole=True)
        n = 1
        while shown in out:                        # two files that differ only in a name
            n += 1
            shown = f"{name} ({n})"
        out[shown] = digest
    return out


def audit_failures(folder: Path, key, log=None, *, most: int = 20) -> list[str]:
    """The leak audit of a run's folder as failure lines (at most ``most``, then a count)."""
    from .audit import audit_dir, leak_fixes

    leaks = audit_dir(folder, key, log)
    lines = [f"leak: {leak}" for leak in leaks[:most]]
    if len(leaks) > most:
        lines.append(f"leak: ... and {len(leaks) - most} more")
    return lines + [f"leak: fix: {fix}" for fix in leak_fixes(leaks)]


def run_cross_case(corpora_dir: str | Path, *, output_dir: str | Path, language: str = "nl",
                   progress: bool = True) -> RunResult:
    """Execute the cross-case notebook over every case in ``corpora_dir``; the cases'
    prepared tables are taken from the folders next to ``output_dir``."""
    started = now()
    corpora = Path(corpora_dir).resolve()
    out = Path(output_dir).resolve()
    result = RunResult("cross-case", out)
    tmp = _prepare_work(out)
    params = {"corpora_dir": str(corpora), "output_dir": str(tmp), "output_root": str(out.parent),
              "language": language}
    result.failures += _run_notebooks([CROSS_CASE_NOTEBOOK], work=tmp, parameters=params, jobs=1,
                                      progress=progress)
    if (tmp / "tables").is_dir():
        write_workbook(tmp / "tables", tmp / WORKBOOK, language=language)
    for case_dir in find_cases(corpora):
        try:
            case = load_case(case_dir)
            result.failures += audit_failures(tmp, load_key(case.key_path), read_log(case.log_path))
        except PaoError:
            continue  # a case that cannot be read is not in the comparison
    if not result.ok:
        return _finish(result, tmp)
    title = {"nl": "Vergelijking tussen casussen", "en": "Cross-case comparison"}[language]
    write_index(tmp, title=title, notebooks=[CROSS_CASE_NOTEBOOK], language=language)
    write_run_json(tmp, inputs=masked_inputs(file_hashes(corpora, skip=("private",))),
                   notebooks=[CROSS_CASE_NOTEBOOK],
                   started=started, parameters={**params, "output_dir": str(out)})
    return _finish(result, tmp)


def find_cases(corpora_dir: str | Path) -> list[Path]:
    """Every folder under ``corpora_dir`` with a ``case.yaml``, sorted."""
    return sorted(p.parent for p in Path(corpora_dir).glob("*/case.yaml"))
