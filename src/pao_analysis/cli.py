"""The ``pao`` command line.

``pao run corpora/pittelo`` runs the analysis notebooks of one case into
``outputs/pittelo/``; ``pao run --all`` runs every case under ``corpora/`` and the
cross-case comparison. ``pao prepare`` only reads and pseudonymises a case (what the
notebooks load); ``pao audit`` searches outputs for real names; ``pao code`` codes a
text column of any CSV file (open survey answers) against a codebook; ``pao membercheck
export`` writes each interviewee's timeline to check and ``pao membercheck import`` records
a returned one. ``pao export qdpx|qdc`` writes the case (or its codebooks) for ATLAS.ti,
NVivo, MAXQDA and QualCoder (REFI-QDA); ``pao import qdpx`` records the codings of a project
coded there as coder files of the case.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import PaoError


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pao", description="Dutch interview analysis workbench.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the analysis notebooks for one or more cases")
    run.add_argument("cases", nargs="*", type=Path, help="case folder(s) containing case.yaml")
    run.add_argument("--all", action="store_true", help="every case under --corpora, plus cross-case")
    run.add_argument("--corpora", type=Path, default=Path("corpora"), help="folder of case folders")
    run.add_argument("--output", type=Path, default=None,
                     help="output folder of the case (default outputs/<case id>); with --all the root folder")
    run.add_argument("--language", choices=("nl", "en"), default="nl", help="language of the reports")
    run.add_argument("--jobs", type=int, default=2, help="notebooks executed in parallel")
    run.add_argument("--quiet", action="store_true", help="no progress bars")
    prep = sub.add_parser("prepare", help="read and pseudonymise a case into the tables the notebooks read")
    prep.add_argument("case", type=Path, help="case folder containing case.yaml")
    prep.add_argument("--data", type=Path, default=None, help="folder for the tables (default outputs/<case id>/data)")
    audit = sub.add_parser("audit", help="search a run's outputs for real names from the pseudonym key")
    audit.add_argument("output", type=Path, help="output folder of a run, e.g. outputs/pittelo")
    audit.add_argument("--case", type=Path, required=True, help="the case folder whose key is used")
    code = sub.add_parser("code", help="code a text column of a CSV file against a codebook")
    code.add_argument("file", type=Path, help="CSV file (UTF-8 or Windows-1252; comma, ; or tab)")
    code.add_argument("--text-column", required=True, help="the column holding the texts")
    code.add_argument("--output", type=Path, required=True, help="CSV file to write")
    code.add_argument("--codebook", default="conditions",
                      help="shipped codebook name (conditions, timeline) or a YAML file")
    member = sub.add_parser("membercheck", help="member check: timelines for interviewees, and their answers")
    msub = member.add_subparsers(dest="action", required=True)
    export = msub.add_parser("export", help="write each interviewee's timeline (DOCX, HTML, CSV, XLSX)")
    export.add_argument("case", type=Path, help="case folder containing case.yaml")
    export.add_argument("--output", type=Path, default=None,
                        help="folder for the documents (default outputs/<case id>/membercheck)")
    export.add_argument("--language", choices=("nl", "en"), default="nl", help="language of the documents")
    imp = msub.add_parser("import", help="record the answers of a returned DOCX, CSV or XLSX")
    imp.add_argument("case", type=Path, help="case folder containing case.yaml")
    imp.add_argument("file", type=Path, help="the returned file")
    exp = sub.add_parser("export", help="REFI-QDA export for ATLAS.ti, NVivo, MAXQDA, QualCoder")
    esub = exp.add_subparsers(dest="format", required=True)
    for fmt, what in (("qdpx", "the case: texts, codebooks, cases with variables and every coding"),
                      ("qdc", "the codebooks alone")):
        one = esub.add_parser(fmt, help=what)
        one.add_argument("case", type=Path, help="case folder containing case.yaml")
        one.add_argument("-o", "--output", type=Path, default=None,
                         help=f"file to write (default outputs/<case id>/<case id>.{fmt})")
        one.add_argument("--language", choices=("nl", "en"), default="nl",
                         help="language of code names, descriptions and variables")
    rimp = sub.add_parser("import", help="record the codings of a REFI-QDA project (.qdpx) from another program")
    isub = rimp.add_subparsers(dest="format", required=True)
    qdpx = isub.add_parser("qdpx", help="codings of a .qdpx as coder files coding/<coder>.csv of the case")
    qdpx.add_argument("file", type=Path, help="the .qdpx file")
    qdpx.add_argument("case", type=Path, help="case folder containing case.yaml")
    qdpx.add_argument("--mapping", type=Path, default=None,
                      help="code mapping CSV (default <case>/coding/refi_mapping.csv; written on first import)")
    return parser


def _case_events(case_dir: Path):
    """The case's prepared data and its EVENTS table (prepared first when needed)."""
    from .pipeline import open_case
    from .timeline import extract_events

    data = open_case(case_dir)
    return data, extract_events(data.segments, data.codings, interview_dates=data.case.interview_dates(),
                                turns=data.turns)


def _cmd_membercheck(args) -> int:
    from . import membercheck
    from .pipeline import default_data_dir

    data, events = _case_events(args.case)
    if args.action == "import":
        print(f"✓ {membercheck.import_answers(args.file, data.case, events).summary()}")
        return 0
    folder = args.output or default_data_dir(data.case).parent / "membercheck"
    paths = membercheck.export_member_check(events, data.case, folder, language=args.language)
    if _leaks(folder, data.case):
        print(f"do not send the documents in {folder}", file=sys.stderr)
        return 1
    print(f"✓ {data.case.case_id}: member-check documents for {len(paths) // 4} interviewees -> {folder}")
    return 0


def _leaks(folder: Path, case) -> int:
    """Run the leak audit over exported documents (as for a run); print and count the leaks."""
    if not case.key_path.is_file():
        return 0
    from .audit import audit_dir, read_log
    from .pseudonymise import load_key

    leaks = audit_dir(folder, load_key(case.key_path), read_log(case.log_path))
    _print_leaks(leaks)
    if leaks:
        print(f"{len(leaks)} leak(s) in {folder}", file=sys.stderr)
    return len(leaks)


def _print_leaks(leaks) -> None:
    from .audit import leak_fixes

    for leak in leaks:
        print(f"✗ {leak}", file=sys.stderr)
    for fix in leak_fixes(leaks):
        print(f"  fix: {fix}", file=sys.stderr)


def _cmd_export(args) -> int:
    import shutil
    import tempfile

    from . import refiqda
    from .config import load_case
    from .pipeline import default_data_dir

    case = load_case(args.case)
    target = args.output or default_data_dir(case).parent / f"{case.case_id}.{args.format}"
    if args.format == "qdc":
        refiqda.export_qdc(target, language=args.language)
        print(f"✓ {case.case_id}: codebooks -> {target}")
        return 0
    from .pipeline import open_case

    data = open_case(args.case)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".qdpx-") as tmp:
        built = refiqda.export_qdpx(data, Path(tmp) / target.name, language=args.language)
        if _leaks(Path(tmp), case):         # nothing is written when a real name got in
            print(f"✗ {target} not written", file=sys.stderr)
            return 1
        shutil.move(built, target)
    print(f"✓ {case.case_id}: {len(data.documents)} interviews with their codings -> {target}")
    return 0


def _cmd_import(args) -> int:
    from . import refiqda
    from .pipeline import open_case

    data = open_case(args.case)
    result = refiqda.import_qdpx(args.file, data, mapping=args.mapping)
    for source, how in sorted(result.units.items()):
        print(f"  source {source!r}: positions read as {how}")
    for line in result.skipped:
        print(f"! {line}", file=sys.stderr)
    if result.unmatched_sources and not result.selections:
        print(f"✗ {result.summary()}", file=sys.stderr)
        return 1
    print(f"✓ {result.summary()}")
    return 0


def _cmd_code(args) -> int:
    import time

    import pandas as pd

    from .codebook import load_codebook
    from .coding import code_table
    from .config import csv_error, csv_format
    from .errors import CorpusError

    if args.output.resolve() == args.file.resolve():
        print("pao code: --output must be another file than the input", file=sys.stderr)
        return 2
    codebook = load_codebook(args.codebook)
    try:
        encoding, delimiter = csv_format(args.file.read_bytes())
        table = pd.read_csv(args.file, dtype=str, keep_default_na=False, encoding=encoding,
                            sep=delimiter)
    except FileNotFoundError:
        raise CorpusError("file not found", path=str(args.file), fix="check the path") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise csv_error(exc, display=str(args.file)) from None
    started = time.perf_counter()
    try:
        coded = code_table(table, args.text_column, codebook)
    except ValueError as exc:
        raise CorpusError(str(exc), path=str(args.file), where="header",
                          fix="pass --text-column with one of the columns above") from None
    tmp = args.output.with_name(f".{args.output.name}.partial")
    coded.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")  # BOM: for Excel
    tmp.replace(args.output)                     # written whole or not at all
    counts = ", ".join(f"{c.id} {int(coded[c.id].sum())}" for c in codebook.codes)
    print(f"✓ {len(coded)} texts coded with {codebook.id} in {time.perf_counter() - started:.1f} s "
          f"({counts}) -> {args.output}")
    return 0


def _cmd_prepare(args) -> int:
    from .config import load_case
    from .pipeline import default_data_dir, prepare_case

    case = load_case(args.case)
    folder = args.data or default_data_dir(case)
    data = prepare_case(case.root, cache_dir=folder)
    for row in data.problems.itertuples():
        where = f" ({row.where})" if row.where else ""
        fix = f" Fix: {row.fix}" if row.fix else ""
        print(f"{'✗' if row.level == 'error' else '!'} {row.file}{where}: {row.message}{fix}", file=sys.stderr)
    print(f"✓ {case.case_id}: {len(data.documents)} interviews, {len(data.segments)} segments, "
          f"{int(data.replacements['count'].sum())} replacements -> {folder}")
    return 0


def _cmd_audit(args) -> int:
    from .audit import audit_dir, read_log
    from .config import load_case
    from .pseudonymise import load_key

    case = load_case(args.case)
    if not args.output.is_dir():
        print(f"pao audit: {args.output} is not a folder", file=sys.stderr)
        return 2
    leaks = audit_dir(args.output, load_key(case.key_path), read_log(case.log_path))
    _print_leaks(leaks)
    print(f"{len(leaks)} leak(s) in {args.output}" if leaks else f"✓ no real names found in {args.output}")
    return 1 if leaks else 0


def _report(result) -> bool:
    """Print one line per run (or per failure); True when the run succeeded."""
    if result.ok:
        print(f"✓ {result.name}: {result.output_dir / 'index.html'}")
    for line in result.failures:
        print(f"✗ {result.name}: {line}", file=sys.stderr)
    return result.ok


def _cmd_run(args) -> int:
    from .batch import find_cases, run_case, run_cross_case

    cases = list(args.cases)
    if args.all:
        cases += [c for c in find_cases(args.corpora) if c not in cases]
    if not cases:
        print("pao run: name a case folder or use --all", file=sys.stderr)
        return 2
    if args.output and len(cases) > 1 and not args.all:
        print("pao run: --output works with one case, or with --all as the root folder", file=sys.stderr)
        return 2
    failed = 0
    for case_dir in cases:
        try:
            result = run_case(case_dir, output_dir=None if args.all else args.output,
                              output_root=(args.output or Path("outputs")) if args.all else "outputs",
                              language=args.language, jobs=args.jobs, progress=not args.quiet)
        except PaoError as err:
            print(f"✗ {case_dir}: {err}", file=sys.stderr)
            failed += 1
            continue
        failed += not _report(result)
    if args.all:
        result = run_cross_case(args.corpora, output_dir=(args.output or Path("outputs")) / "cross-case",
                                language=args.language, progress=not args.quiet)
        failed += not _report(result)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``pao`` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = _build_parser().parse_args(argv)
    commands = {"run": _cmd_run, "audit": _cmd_audit, "prepare": _cmd_prepare, "code": _cmd_code,
                "membercheck": _cmd_membercheck, "export": _cmd_export, "import": _cmd_import}
    try:
        return commands[args.command](args)   # argparse allows only these
    except PaoError as err:
        print(f"✗ {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
