"""``make bench``: words per second for each stage, on the demo corpus and 50 times its size.

The spaCy tokenizer's own speed on the same text is printed as the floor. Run with
``python -m pao_analysis.bench [--case corpora/pittelo] [--scales 1 50]``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from .codebook import default_codebook
from .config import load_case
from .errors import Problems
from .nlp import make_pipeline
from .pipeline import code_all, read_case
from .pseudonymise import load_key, pseudonymise
from .segment import segment_turns
from .themes import find_themes


def scaled_case(case_dir: Path, factor: int, target: Path) -> Path:
    """A copy of the case with every interview repeated ``factor`` times (new interview ids)."""
    shutil.copytree(case_dir, target, ignore=shutil.ignore_patterns("transcripts"))
    (target / "transcripts").mkdir()
    parts = pd.read_csv(case_dir / "participants.csv", dtype=str, keep_default_na=False)
    rows = []
    for k in range(factor):
        for row in parts.to_dict("records"):
            name = f"x{k:03d}_{row['transcript']}"
            shutil.copyfile(case_dir / "transcripts" / row["transcript"], target / "transcripts" / name)
            rows.append({**row, "interview_id": f"{row['interview_id']}x{k:03d}", "transcript": name})
    pd.DataFrame(rows).to_csv(target / "participants.csv", index=False)
    return target


def measure(case_dir: Path) -> list[tuple[str, float, int]]:
    """(stage, seconds, words) for every stage on one case."""
    case = load_case(case_dir)
    key = load_key(case.key_path)
    books = [default_codebook("conditions"), default_codebook("timeline")]
    timings = []

    t0 = time.perf_counter()
    docs, turns = read_case(case, interviewer_names=key.interviewer_names(), problems=Problems())
    timings.append(("read", time.perf_counter() - t0))
    words = int(docs["text"].str.split().str.len().sum())

    t0 = time.perf_counter()
    pseudo = pseudonymise(docs, turns, key=key, keep=case.kept_words)
    timings.append(("pseudonymise", time.perf_counter() - t0))

    t0 = time.perf_counter()
    segments = segment_turns(pseudo.turns)
    timings.append(("segment", time.perf_counter() - t0))

    t0 = time.perf_counter()
    code_all(segments, books)
    timings.append(("code", time.perf_counter() - t0))

    t0 = time.perf_counter()
    find_themes(segments, n_themes=6)
    timings.append(("themes", time.perf_counter() - t0))

    tokenizer = make_pipeline().tokenizer
    t0 = time.perf_counter()
    for text in pseudo.documents["text"]:
        tokenizer(text)
    timings.append(("spaCy tokenizer (floor)", time.perf_counter() - t0))
    path = sum(s for name, s in timings if name in ("read", "pseudonymise", "segment", "code"))
    timings.append(("coding path: read → code", path))
    return [(name, secs, words) for name, secs in timings]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", type=Path, default=Path("corpora/pittelo"))
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 50])
    args = parser.parse_args(argv)
    from .pseudonymise import _deduce

    _deduce()  # load deduce's lists before timing (a one-off cost per process)
    make_pipeline()
    for factor in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            case_dir = scaled_case(args.case, factor, Path(tmp) / "case")
            rows = measure(case_dir)
        words = rows[0][2]
        print(f"\n{args.case.name} × {factor}: {words:,} words")
        print(f"{'stage':<28}{'seconds':>10}{'words/s':>14}")
        for name, secs, n in rows:
            print(f"{name:<28}{secs:>10.2f}{n / secs:>14,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
