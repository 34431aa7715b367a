"""Errors and warnings for researchers: what went wrong, where, and how to fix it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .labels import LANGUAGES
from .messages import Msg

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

    ``message``, ``where`` and ``fix`` are plain English strings, or catalogue texts
    (:func:`messages.msg`) when the problem can reach a table a researcher reads; the
    attributes of the same names always hold the English text, :meth:`text` any language.

    Examples
    --------
    >>> from pao_analysis.messages import msg
    >>> err = PaoError(msg("empty_file"), path="P01.txt", fix=msg("fix_empty_file"))
    >>> err.message, err.text("message", "nl")
    ('the file is empty (0 bytes)', 'het bestand is leeg (0 bytes)')
    """

    def __init__(self, message: str | Msg, *, path: str | Path | None = None,
                 where: str | Msg | None = None, fix: str | Msg | None = None) -> None:
        self.texts = {"where": where, "message": message, "fix": fix}
        self.message = str(message)
        self.path = str(path) if path is not None else None
        self.where = str(where) if where is not None else None
        self.fix = str(fix) if fix is not None else None
        super().__init__(self.__str__())

    def text(self, part: str, language: str = "en") -> str:
        """``where``, ``message`` or ``fix`` in ``language`` ("" when not given); a plain
        string (not from the catalogue) is returned as it is."""
        value = self.texts[part]
        if isinstance(value, Msg):
            return value.text(language)
        return value or ""

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

    def to_frame(self, language: str = "nl"):
        """Both lists as one table (level, file, where, message, fix), texts in ``language``.

        Examples
        --------
        >>> from pao_analysis.messages import msg
        >>> problems = Problems()
        >>> problems.warn(PaoError(msg("label_without_text"), path="P01.txt", where=msg("at_line", n=2),
        ...                        fix=msg("fix_label_without_text")))
        >>> problems.to_frame()[["level", "where", "message"]].iloc[0].tolist()
        ['warning', 'regel 2', 'sprekerslabel zonder tekst; het label is overgeslagen']
        >>> problems.to_frame("en")["message"].iat[0]
        'speaker label without text; the label is skipped'
        """
        return problem_table(self.to_stored(), language)

    def to_stored(self):
        """Both lists as one table in every language, the form kept with the prepared data:
        English texts in ``where``, ``message`` and ``fix`` (as logs and the CLI show them),
        the other languages in ``where_nl``, ``message_nl``, ... (see :data:`PROBLEM_COLUMNS`)."""
        import pandas as pd

        rows = [
            {"level": level, "file": p.path or "",
             **{_column(part, lang): p.text(part, lang) for lang in LANGUAGES for part in TEXT_PARTS}}
            for level, items in (("error", self.errors), ("warning", self.warnings))
            for p in items
        ]
        return pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))


#: The parts of a problem that are text for a reader.
TEXT_PARTS = ("where", "message", "fix")


def _column(part: str, language: str) -> str:
    """The column of a stored problems table holding ``part`` in ``language``."""
    return part if language == "en" else f"{part}_{language}"


#: The text columns of a stored problems table: English first, then the other languages.
PROBLEM_TEXT_COLUMNS = (*TEXT_PARTS, *(_column(part, lang) for lang in LANGUAGES if lang != "en"
                                       for part in TEXT_PARTS))
#: The columns of a stored problems table (:meth:`Problems.to_stored`).
PROBLEM_COLUMNS = ("level", "file", *PROBLEM_TEXT_COLUMNS)


def problem_table(stored, language: str = "nl"):
    """The reading problems for a reader: level, file, where, message and fix in ``language``.

    ``stored`` is a table as :meth:`Problems.to_stored` makes it (``CaseData.problems``);
    ``labels.rename`` then gives the Dutch or English column names and levels.

    Examples
    --------
    >>> from pao_analysis.messages import msg
    >>> problems = Problems()
    >>> problems.error(CorpusError(msg("empty_file"), path="P01.txt", fix=msg("fix_empty_file")))
    >>> stored = problems.to_stored()
    >>> problem_table(stored)["message"].tolist(), problem_table(stored, "en")["message"].tolist()
    (['het bestand is leeg (0 bytes)'], ['the file is empty (0 bytes)'])
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    picked = stored[["level", "file", *(_column(part, language) for part in TEXT_PARTS)]]
    return picked.rename(columns={_column(part, language): part for part in TEXT_PARTS})
