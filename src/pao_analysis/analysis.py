"""Code frequencies and co-occurrence: the tables every QDA tool offers."""

from __future__ import annotations

import pandas as pd

from . import schemas


def _codings_of(codings: pd.DataFrame, codebook: str) -> pd.DataFrame:
    schemas.check(codings, schemas.CODINGS, "codings")
    return codings[codings["codebook"] == codebook]


def code_frequencies(segments: pd.DataFrame, codings: pd.DataFrame, *, codebook: str,
                     code_ids: list[str], by: str = "interview_id") -> pd.DataFrame:
    """Number of segments coded with each code, per value of ``by``.

    Returns a wide table: one row per ``by`` value (plus a ``total`` row), one column
    per code id (in ``code_ids`` order), and ``n_segments``.

    Examples
    --------
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"segment_id": ["a", "b", "c"], "interview_id": ["P1", "P1", "P2"]})
    >>> cod = pd.DataFrame({"segment_id": ["a", "b"], "codebook": ["k", "k"],
    ...     "code_id": ["x", "x"], "source": "rules", "confidence": 0.8,
    ...     "valence": "present", "evidence": ""})
    >>> code_frequencies(seg, cod, codebook="k", code_ids=["x", "y"]).values.tolist()
    [['P1', 2, 0, 2], ['P2', 0, 0, 1], ['total', 2, 0, 3]]
    """
    sub = _codings_of(codings, codebook).drop_duplicates(["segment_id", "code_id"])
    merged = sub.merge(segments[["segment_id", by]], on="segment_id", how="inner")
    table = (pd.crosstab(merged[by], merged["code_id"])
             .reindex(index=sorted(segments[by].unique()), columns=code_ids, fill_value=0)
             .fillna(0).astype(int))
    table["n_segments"] = segments.groupby(by)["segment_id"].count().reindex(table.index).fillna(0).astype(int)
    table.loc["total"] = table.sum()
    table = table.rename_axis(by).reset_index()
    table.columns.name = None
    return table


#: Who said it, for filtering a coded segment in Excel: the interviewee's attributes.
ATTRIBUTES = ("interview_id", "participant", "role", "organisation", "domain", "interview_date")


def coded_segments(segments: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """One row per coding with the interviewee's attributes and the segment's text,
    ordered by segment and code: the table a co-researcher filters in Excel.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["a"], "interview_id": ["P1"], "participant": ["Ans"],
    ...     "role": ["bewoner"], "text": ["We wilden samen iets."]})
    >>> cod = pd.DataFrame({"segment_id": ["a"], "codebook": ["k"], "code_id": ["x"], "source": "rules",
    ...     "confidence": 0.8, "valence": "present", "evidence": "samen"})
    >>> coded_segments(seg, cod).columns.tolist()
    ['segment_id', 'interview_id', 'participant', 'role', 'codebook', 'code_id', 'source', 'confidence', \
'valence', 'evidence', 'text']
    """
    schemas.check(codings, schemas.CODINGS, "codings")
    attributes = [c for c in ("segment_id", *ATTRIBUTES) if c in segments.columns]
    order = pd.Series(range(len(segments)), index=segments["segment_id"].to_numpy(), name="_order")
    out = (segments[attributes].merge(codings, on="segment_id")
           .merge(segments[["segment_id", "text"]], on="segment_id"))
    out["_order"] = out["segment_id"].map(order)  # document order, not the order of the id strings
    return (out.sort_values(["_order", "codebook", "code_id", "source"], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def cooccurrence(codings: pd.DataFrame, *, codebook: str, code_ids: list[str]) -> pd.DataFrame:
    """Square table: number of segments coded with both codes (diagonal: with the code).

    Examples
    --------
    >>> import pandas as pd
    >>> cod = pd.DataFrame({"segment_id": ["a", "a", "b"], "codebook": "k",
    ...     "code_id": ["x", "y", "x"], "source": "rules", "confidence": 0.8,
    ...     "valence": "present", "evidence": ""})
    >>> cooccurrence(cod, codebook="k", code_ids=["x", "y"]).values.tolist()
    [[2, 1], [1, 1]]
    """
    sub = _codings_of(codings, codebook).drop_duplicates(["segment_id", "code_id"])
    onehot = (pd.crosstab(sub["segment_id"], sub["code_id"])
              .reindex(columns=code_ids, fill_value=0).clip(upper=1))
    matrix = onehot.T @ onehot
    matrix.index.name = None
    matrix.columns.name = None
    return matrix.astype(int)


def corpus_overview(data) -> pd.DataFrame:
    """One row per interview: who (pseudonym, role, domain), when, format, size, and
    ``status``: ``analysed``, or ``not_read`` when its transcript is missing or could not
    be read (the reading problems say why).

    ``data`` is a :class:`pao_analysis.pipeline.CaseData`.
    """
    part = data.case.participants[["interview_id", "pseudonym", "role", "domain", "interview_date"]]
    docs = data.documents[["interview_id", "format", "encoding"]]
    turns = data.turns.groupby("interview_id").agg(n_turns=("turn", "count"))
    seg = data.segments.groupby("interview_id").agg(n_segments=("segment_id", "count"),
                                                     n_words=("n_words", "sum"))
    out = (part.merge(docs, on="interview_id", how="left")
           .merge(turns, on="interview_id", how="left").merge(seg, on="interview_id", how="left"))
    for col in ("n_turns", "n_segments", "n_words"):
        out[col] = out[col].fillna(0).astype(int)
    out["status"] = ["analysed" if read else "not_read" for read in out["format"].notna()]
    out["format"] = out["format"].fillna("-")
    out["encoding"] = out["encoding"].fillna("-")
    return out.sort_values("interview_id").reset_index(drop=True)


def privacy_settings(case) -> pd.DataFrame:
    """The case's pseudonymisation settings as a table (setting, value) to show with the
    replacement counts: what happens to organisation names and dates, and which stay.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from pao_analysis.config import Privacy
    >>> privacy_settings(SimpleNamespace(privacy=Privacy("generalise", ("Vaart Welzijn",), "month"),
    ...                                  places=("Assen", "Pittelo"))).values.tolist()[:3]
    [['organisations', 'generalise'], ['keep_organisations', 'Vaart Welzijn'], ['dates', 'month']]
    """
    p = case.privacy
    return pd.DataFrame({"setting": ["organisations", "keep_organisations", "dates", "keep_places"],
                         "value": [p.organisations, "; ".join(p.keep_organisations), p.dates,
                                   "; ".join(case.places)]})
