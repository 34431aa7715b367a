"""Column contracts of the tables that pass between stages.

Every stage returns one of these tables; :func:`check` verifies the columns when a
stage returns, so a broken contract fails where it is made, not three stages later.
Offsets are Python string indices (Unicode code points) into the *normalised* text of
the document (NFC, ``\\n`` line ends), end exclusive.
"""

from __future__ import annotations

import pandas as pd

from .errors import SchemaError

#: One row per transcript. ``text`` is the full normalised text.
DOCUMENTS = {
    "case_id": "case id from case.yaml",
    "interview_id": "interview id from participants.csv",
    "path": "transcript path relative to the case folder",
    "format": "txt, docx, vtt or srt",
    "encoding": "detected encoding (utf-8, utf-8-sig, utf-16, cp1252; docx/vtt/srt: utf-8)",
    "text": "full normalised text; turn offsets point into it",
}

#: One row per speaker turn.
TURNS = {
    "case_id": "case id",
    "interview_id": "interview id",
    "turn": "0-based turn number within the interview",
    "speaker": "speaker label as written (a real name before pseudonymisation)",
    "speaker_role": "interviewer or respondent",
    "start": "offset of the first character of the turn's content (after the label)",
    "end": "offset after the last character of the content",
    "text": "the content: document text[start:end]",
    "timestamp": "seconds from the start of the recording if given, else NaN",
}

#: One row per coding unit (a respondent turn or a group of its sentences).
SEGMENTS = {
    "segment_id": "stable id '<case>/<interview>/<start>-<end>'",
    "case_id": "case id",
    "interview_id": "interview id",
    "turn": "turn number the segment belongs to",
    "speaker": "pseudonymised speaker",
    "speaker_role": "interviewer or respondent",
    "start": "offset into the pseudonymised document text",
    "end": "end offset (exclusive)",
    "text": "pseudonymised segment text",
    "lemmas": "space-separated lower-case lemmas of the tokens (punctuation removed)",
    "n_words": "number of word tokens",
}

#: One row per (segment, code) assignment.
CODINGS = {
    "segment_id": "segment id",
    "codebook": "codebook id",
    "code_id": "code id",
    "source": "who coded: 'rules', 'learned' (see AUTO_SOURCES) or human coder ids",
    "confidence": "0..1",
    "valence": "present, absent (absent or problematic) or mixed",
    "evidence": "the text that triggered the code",
}

#: ``source`` values of the codings the package makes; any other source is a human coder id.
AUTO_SOURCES = ("rules", "learned")

#: One row per dated mention.
EVENTS = {
    "event_id": "stable id '<segment_id>#<n>'",
    "case_id": "case id",
    "interview_id": "interview id",
    "segment_id": "segment the event was told in",
    "date_text": "the time expression as said",
    "earliest": "first possible day (Timestamp)",
    "latest": "last possible day (Timestamp)",
    "category": "timeline category code id or '' when uncoded",
    "conditions": "condition code ids coded on the segment, ';'-separated",
    "label": "short readable clause around the time expression, at most 80 characters",
    "quote": "the evidence quote (pseudonymised)",
}


def check(df: pd.DataFrame, contract: dict[str, str], name: str) -> pd.DataFrame:
    """Return ``df`` unchanged if it has every column of ``contract``.

    Raises
    ------
    SchemaError
        Naming the table and the missing columns.

    Examples
    --------
    >>> import pandas as pd
    >>> check(pd.DataFrame({"a": [1]}), {"a": ""}, "demo").shape
    (1, 1)
    """
    missing = [c for c in contract if c not in df.columns]
    if missing:
        raise SchemaError(
            f"table '{name}' lacks columns {missing}; it has {list(df.columns)}",
            fix="this is a bug in pao_analysis or in a custom stage; please report it",
        )
    return df


def empty(contract: dict[str, str]) -> pd.DataFrame:
    """An empty table with the columns of ``contract``."""
    return pd.DataFrame({c: [] for c in contract})
