"""Coding units: respondent turns, long turns split into groups of whole sentences."""

from __future__ import annotations

import pandas as pd

from . import schemas
from .nlp import lemma, make_pipeline


def segment_id(case_id: str, interview_id: str, start: int, end: int) -> str:
    """Stable, readable segment id.

    Examples
    --------
    >>> segment_id("pittelo", "P01", 120, 480)
    'pittelo/P01/120-480'
    """
    return f"{case_id}/{interview_id}/{start}-{end}"


def _sentence_groups(doc, max_words: int, sentencizer) -> list[tuple[int, int, list]]:
    """Group consecutive sentences of ``doc`` into spans of at most ``max_words`` words
    (a single longer sentence stays whole). Returns (start_char, end_char, tokens).
    Only docs longer than ``max_words`` are split into sentences (the slow part)."""
    tokens = [t for t in doc if not t.is_space]
    if sum(not t.is_punct for t in tokens) <= max_words:
        return [(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), tokens)] if tokens else []
    doc = sentencizer(doc)
    groups: list[tuple[int, int, list]] = []
    cur: list = []
    cur_words = 0
    for sent in doc.sents:
        words = [t for t in sent if not (t.is_punct or t.is_space)]
        if cur and cur_words + len(words) > max_words:
            groups.append((cur[0].idx, cur[-1].idx + len(cur[-1].text), cur))
            cur, cur_words = [], 0
        cur.extend(t for t in sent if not t.is_space)
        cur_words += len(words)
    if cur:
        groups.append((cur[0].idx, cur[-1].idx + len(cur[-1].text), cur))
    return groups


def segment_turns(turns: pd.DataFrame, *, max_words: int = 120,
                  roles: tuple[str, ...] = ("respondent",)) -> pd.DataFrame:
    """Split (pseudonymised) turns into coding segments.

    Parameters
    ----------
    turns:
        TURNS table whose offsets point into the pseudonymised document text.
    max_words:
        Turns longer than this are split at sentence boundaries into groups of at most
        this many words.
    roles:
        Speaker roles whose turns become segments (respondents by default).

    Returns
    -------
    pandas.DataFrame
        SEGMENTS table, sorted by interview and offset.

    Examples
    --------
    >>> import pandas as pd
    >>> turns = pd.DataFrame([{"case_id": "c", "interview_id": "P01", "turn": 0,
    ...     "speaker": "Louise", "speaker_role": "respondent", "start": 8, "end": 37,
    ...     "text": "We leerden elkaar kennen. Ja.", "timestamp": float("nan")}])
    >>> segment_turns(turns, max_words=3)[["segment_id", "text", "lemmas"]].values.tolist()
    [['c/P01/8-33', 'We leerden elkaar kennen.', 'we leren elkaar kennen'], ['c/P01/34-37', 'Ja.', 'ja']]
    """
    schemas.check(turns, schemas.TURNS, "turns")
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, got {max_words}")
    units = turns[turns["speaker_role"].isin(roles)].sort_values(["interview_id", "start"])
    nlp = make_pipeline()
    sentencizer = nlp.get_pipe("sentencizer")
    rows = []
    for turn in units.itertuples(index=False):
        doc = nlp.make_doc(turn.text)
        for s, e, tokens in _sentence_groups(doc, max_words, sentencizer):
            words = [t.text for t in tokens if not t.is_punct]
            start, end = int(turn.start) + s, int(turn.start) + e
            rows.append({
                "segment_id": segment_id(turn.case_id, turn.interview_id, start, end),
                "case_id": turn.case_id, "interview_id": turn.interview_id,
                "turn": int(turn.turn), "speaker": turn.speaker,
                "speaker_role": turn.speaker_role, "start": start, "end": end,
                "text": doc.text[s:e], "lemmas": " ".join(lemma(w) if w.isalpha() else w.lower()
                                                          for w in words),
                "n_words": len(words),
            })
    out = pd.DataFrame(rows, columns=list(schemas.SEGMENTS)) if rows else schemas.empty(schemas.SEGMENTS)
    return schemas.check(out.reset_index(drop=True), schemas.SEGMENTS, "segments")
