"""Append-only records of human decisions: codings, member-check answers.

What a person decides is never rewritten in place. Each author (a coder id, an
interviewee's pseudonym) has their own CSV file; every decision is appended as a new
row with a UTC timestamp and the author, and the current state is the last row per
key (:func:`latest`). Earlier rows stay, so every change can be traced and nothing a
person wrote is lost.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from .errors import CorpusError

#: Columns every record starts with.
RECORD_COLUMNS = ("timestamp", "author")
AUTHOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def timestamp() -> str:
    """The current UTC time with microseconds (ISO 8601): sorts in the order of writing."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record_path(folder: str | Path, author: str) -> Path:
    """``<folder>/<author>.csv``; the author id must be a plain name (no path).

    Examples
    --------
    >>> record_path("corpora/pittelo/coding", "coder-1").name
    'coder-1.csv'
    """
    if not AUTHOR.fullmatch(author):
        raise ValueError(f"{author!r} is not a valid author id: use letters, digits, - and _")
    return Path(folder) / f"{author}.csv"


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f), [])


def append_records(path: str | Path, rows: Sequence[dict], *, author: str, columns: Sequence[str],
                   clock: Callable[[], str] = timestamp) -> int:
    """Append ``rows`` (dicts with ``columns``) to ``path`` with a timestamp and the author.

    The file is created with a header when new; an existing file is only appended to,
    after checking its header. Returns the number of rows written.
    """
    path = Path(path)
    header = [*RECORD_COLUMNS, *columns]
    if path.exists() and path.stat().st_size:
        found = _header(path)
        if found != header:
            raise CorpusError(f"has columns {', '.join(found)}, expected {', '.join(header)}", path=path.name,
                              where="header", fix="keep this file as it is and write to a new file")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if not path.exists() or not path.stat().st_size:
        writer.writerow(header)
    when = clock()
    for row in rows:
        writer.writerow([when, author, *("" if row.get(c) is None else row.get(c) for c in columns)])
    with path.open("a", encoding="utf-8", newline="") as f:  # append only: earlier rows are never touched
        f.write(buf.getvalue())
        f.flush()
        os.fsync(f.fileno())
    return len(rows)


def read_records(path: str | Path) -> pd.DataFrame:
    """Every row of a record file, oldest first (empty table when the file does not exist)."""
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=list(RECORD_COLUMNS))
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def latest(records: pd.DataFrame, key: Sequence[str]) -> pd.DataFrame:
    """The current state: the last row for every value of ``key`` (in the order written).

    Examples
    --------
    >>> rows = pd.DataFrame({"timestamp": ["1", "2", "3"], "author": ["a"] * 3,
    ...                      "segment_id": ["s1", "s2", "s1"], "code": ["x", "y", ""]})
    >>> latest(rows, ["segment_id"])[["segment_id", "code"]].to_dict("records")
    [{'segment_id': 's2', 'code': 'y'}, {'segment_id': 's1', 'code': ''}]
    """
    if records.empty:
        return records.copy()
    return records.drop_duplicates(subset=list(key), keep="last").reset_index(drop=True)
