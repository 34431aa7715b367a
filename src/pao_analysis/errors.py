"""Errors and warnings for researchers: what went wrong, where, and how to fix it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("pao_analysis")


class PaoError(Exception):
    """An error a researcher can act on.

    Parameters
    ----------
    message:
        What went wrong.
    path:
        The file concerned, if any.
    where:
        The place in that file (``line 3``, ``row 5, column role``, ``code ambitie``).
    fix:
        What to do about it.
    """

    def __init__(self, message: str, *, path: str | Path | None = None,
                 where: str | None = None, fix: str | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.where = where
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = []
        if self.path:
            parts.append(self.path + (f" ({self.where})" if self.where else ""))
        elif self.where:
            parts.append(self.where)
        parts.append(self.message)
        text = ": ".join(parts)
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class CorpusError(PaoError):
    """A problem with a case folder: case.yaml, participants.csv, key or transcripts."""


class CodebookError(PaoError):
    """A problem with a codebook YAML file."""


class SchemaError(PaoError):
    """A table passed between stages does not have the documented columns."""


class ExchangeError(PaoError):
    """A REFI-QDA project (``.qdpx``) or codebook (``.qdc``) that cannot be read or written."""


@dataclass
class Problems:
    """Collects per-file problems so valid files are still processed.

    ``errors`` are files that were skipped; ``warnings`` are oddities that did not stop
    the file from being used.
    """

    errors: list[PaoError] = field(default_factory=list)
    warnings: list[PaoError] = field(default_factory=list)

    def error(self, err: PaoError) -> None:
        logger.error(str(err))
        self.errors.append(err)

    def warn(self, warning: PaoError) -> None:
        logger.warning(str(warning))
        self.warnings.append(warning)

    def to_frame(self):
        """Both lists as one table (level, file, where, message, fix)."""
        import pandas as pd

        rows = [
            {"level": level, "file": p.path or "", "where": p.where or "",
             "message": p.message, "fix": p.fix or ""}
            for level, items in (("error", self.errors), ("warning", self.warnings))
            for p in items
        ]
        return pd.DataFrame(rows, columns=["level", "file", "where", "message", "fix"])
