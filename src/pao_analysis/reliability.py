"""Inter-coder reliability: how far coders (people, and the auto-coder) agree per code.

The unit is the segment. A code is a yes/no decision per segment, so every code has a
reliability matrix of segments × coders holding 1 (coded), 0 (seen, not coded) or NaN
(not seen by that coder). From it, per code:

``percent_agreement``
    The share of coder pairs that made the same decision, over all segments seen by two
    or more coders (for two coders: the share of segments they agree on).
``kappa``
    Cohen's kappa, for exactly two coders, on the segments both saw.
``alpha``
    Krippendorff's alpha (nominal), for any number of coders with missing data, computed
    by the ``krippendorff`` package. Below 0.667 a code is flagged: the codebook
    needs work (Krippendorff's lowest bar for tentative conclusions; 0.80 is reliable).

Kappa and alpha are undefined (NaN) when every decision is the same, e.g. a code
nobody used: there is no variation to agree on. :func:`double_coding_sample` draws the
segments to code twice, stratified per interview.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["ALPHA_TENTATIVE", "DECISION_COLUMNS", "auto_decisions", "cohen_kappa",
           "decision_matrices", "disagreements", "double_coding_sample", "krippendorff_alpha",
           "percent_agreement", "reliability_table", "side_by_side"]

#: Below this alpha a code is flagged "codebook needs work" (Krippendorff 2004).
ALPHA_TENTATIVE = 0.667
#: The columns of a decisions table: one row per (segment, coder, code) seen.
DECISION_COLUMNS = ("segment_id", "coder", "code_id", "value")


def decision_matrices(decisions: pd.DataFrame, code_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Per code, the segments × coders matrix of 1/0 decisions (NaN: not seen).

    ``decisions`` has :data:`DECISION_COLUMNS`; ``value`` is 1 when the coder applied
    the code to the segment and 0 when they saw the segment and did not. Segments and
    coders are sorted, so the matrices are the same on every run.

    Examples
    --------
    >>> d = pd.DataFrame({"segment_id": ["s1", "s1", "s2"], "coder": ["ann", "bob", "ann"],
    ...                   "code_id": ["x"] * 3, "value": [1, 0, 1]})
    >>> decision_matrices(d, ["x"])["x"].to_dict()
    {'ann': {'s1': 1.0, 's2': 1.0}, 'bob': {'s1': 0.0, 's2': nan}}
    """
    missing = [c for c in DECISION_COLUMNS if c not in decisions.columns]
    if missing:
        raise ValueError(f"decisions table lacks columns {missing}")
    segments = sorted(decisions["segment_id"].unique())
    coders = sorted(decisions["coder"].unique())
    out = {}
    for code in code_ids:
        rows = decisions[decisions["code_id"] == code]
        matrix = rows.pivot_table(index="segment_id", columns="coder", values="value",
                                  aggfunc="max")
        out[code] = matrix.reindex(index=segments, columns=coders).astype(float)
    return out


def _pairable(matrix: pd.DataFrame) -> pd.DataFrame:
    """The segments seen by at least two coders."""
    return matrix[matrix.notna().sum(axis=1) >= 2]


def percent_agreement(matrix: pd.DataFrame) -> float:
    """The share of agreeing coder pairs over the segments seen by two or more coders.

    Examples
    --------
    >>> percent_agreement(pd.DataFrame({"a": [1, 0, 1, 1], "b": [1, 0, 0, 1]}))
    0.75
    """
    agree = pairs = 0
    for row in _pairable(matrix).to_numpy():
        seen = row[~np.isnan(row)]
        ones = int(seen.sum())
        zeros = len(seen) - ones
        agree += ones * (ones - 1) // 2 + zeros * (zeros - 1) // 2
        pairs += len(seen) * (len(seen) - 1) // 2
    return agree / pairs if pairs else float("nan")


def cohen_kappa(a: Sequence[float], b: Sequence[float]) -> float:
    """Cohen's kappa of two coders' decisions on the same units (NaN pairs dropped).

    Undefined (NaN) when chance agreement is 1: both coders gave one and the same value
    throughout.

    Examples
    --------
    Fifty units, both coders "yes" on 20 and "no" on 15, disagreeing on 15:

    >>> a = [1] * 20 + [0] * 15 + [1] * 5 + [0] * 10
    >>> b = [1] * 20 + [0] * 15 + [0] * 5 + [1] * 10
    >>> round(cohen_kappa(a, b), 3)
    0.4
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    if not len(x):
        return float("nan")
    categories = np.union1d(x, y)
    observed = float(np.mean(x == y))
    expected = float(sum(np.mean(x == c) * np.mean(y == c) for c in categories))
    if expected >= 1.0:
        return float("nan")
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(matrix: pd.DataFrame) -> float:
    """Krippendorff's alpha (nominal) of a segments × coders matrix with missing data.

    NaN when there is nothing to compare: fewer than two pairable segments or a single
    value throughout.
    """
    import krippendorff

    pairable = _pairable(matrix)
    values = pairable.to_numpy()
    if len(pairable) < 2 or len(np.unique(values[~np.isnan(values)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=values.T, level_of_measurement="nominal"))


def reliability_table(matrices: dict[str, pd.DataFrame], *, coders: Sequence[str] | None = None,
                      ) -> pd.DataFrame:
    """Per code: segments compared, coders, % agreement, Cohen's kappa (two coders only),
    Krippendorff's alpha and the flag ``needs_work`` (alpha below :data:`ALPHA_TENTATIVE`).

    ``coders`` limits the comparison to some coders (e.g. two people, or a person and
    ``rules``). The unit of every number is the segment.
    """
    rows = []
    for code, full in matrices.items():
        matrix = full[list(coders)] if coders is not None else full
        pairable = _pairable(matrix)
        names = list(matrix.columns)
        kappa = (cohen_kappa(pairable[names[0]], pairable[names[1]]) if len(names) == 2
                 else float("nan"))
        alpha = krippendorff_alpha(matrix)
        rows.append({"code_id": code, "unit": "segment", "n_units": len(pairable),
                     "n_coders": len(names), "n_coded": int((pairable == 1).any(axis=1).sum()),
                     "percent_agreement": percent_agreement(matrix), "kappa": kappa,
                     "alpha": alpha, "needs_work": bool(alpha < ALPHA_TENTATIVE)})
    return pd.DataFrame(rows, columns=["code_id", "unit", "n_units", "n_coders", "n_coded",
                                       "percent_agreement", "kappa", "alpha", "needs_work"])


def disagreements(matrices: dict[str, pd.DataFrame], segments: pd.DataFrame | None = None,
                  ) -> pd.DataFrame:
    """The segments to discuss: every (segment, code) on which coders differ, with who
    coded it and who did not, and the segment text when ``segments`` is given."""
    rows = []
    for code, matrix in matrices.items():
        for segment_id, row in _pairable(matrix).iterrows():
            seen = row.dropna()
            if seen.nunique() > 1:
                rows.append({"segment_id": segment_id, "code_id": code,
                             "coded_by": ";".join(seen.index[seen == 1]),
                             "not_coded_by": ";".join(seen.index[seen == 0])})
    out = pd.DataFrame(rows, columns=["segment_id", "code_id", "coded_by", "not_coded_by"])
    if segments is not None:
        out = out.merge(segments[["segment_id", "text"]], on="segment_id", how="left")
    return out.sort_values(["segment_id", "code_id"], kind="stable").reset_index(drop=True)


def double_coding_sample(segments: pd.DataFrame, *, fraction: float = 0.15, by: str = "interview_id",
                         seed: int = 20240101) -> pd.DataFrame:
    """A stratified random sample of segments for a second coder.

    ``fraction`` (0.10 to 0.25, the usual share for double coding) of each stratum
    (``by``: per interview by default), rounded, at least one segment per stratum. The
    same seed and segments give the same sample on every run.

    Examples
    --------
    >>> segs = pd.DataFrame({"segment_id": [f"s{i}" for i in range(40)],
    ...                      "interview_id": ["P01"] * 20 + ["P02"] * 20})
    >>> double_coding_sample(segs, fraction=0.1)["interview_id"].value_counts().to_dict()
    {'P01': 2, 'P02': 2}
    """
    if not 0.10 <= fraction <= 0.25:
        raise ValueError(f"fraction {fraction} is outside 0.10-0.25: double-code 10 to 25% of "
                         "the segments")
    ordered = segments.sort_values("segment_id", kind="stable")
    rng = np.random.default_rng(seed)
    picked = []
    for _, group in ordered.groupby(by, sort=True):
        n = max(1, int(round(fraction * len(group))))
        picked.append(group.iloc[np.sort(rng.choice(len(group), size=n, replace=False))])
    return pd.concat(picked).reset_index(drop=True) if picked else ordered.iloc[:0]


def auto_decisions(codings: pd.DataFrame, segment_ids: Sequence[str], code_ids: Sequence[str], *,
                   coder: str = "auto") -> pd.DataFrame:
    """The auto-coder's decisions on ``segment_ids`` as a decisions table (1: coded)."""
    coded = set(zip(codings["segment_id"], codings["code_id"]))
    rows = [(s, coder, c, int((s, c) in coded)) for s in sorted(set(segment_ids)) for c in code_ids]
    return pd.DataFrame(rows, columns=list(DECISION_COLUMNS))


def side_by_side(decisions: pd.DataFrame, auto_codings: pd.DataFrame, code_ids: Sequence[str],
                 ) -> pd.DataFrame:
    """Per code, agreement between the human coders and of the humans with the auto-coder.

    Human vs human: segments seen by two or more coders (% agreement, kappa for two
    coders, alpha, the "codebook needs work" flag). Human vs auto: every human-coded
    segment, the humans' majority decision against the auto-coder's (% agreement, kappa,
    and the auto-coder's precision and recall). Empty when nobody coded.
    """
    columns = ["code_id", "unit", "n_units", "n_coders", "percent_agreement", "kappa", "alpha",
               "needs_work", "n_units_auto", "percent_agreement_auto", "kappa_auto",
               "precision_auto", "recall_auto"]
    if decisions.empty:
        return pd.DataFrame(columns=columns)
    humans = reliability_table(decision_matrices(decisions, code_ids))
    majority = (decisions.groupby(["segment_id", "code_id"])["value"].mean() > 0.5).astype(int)
    auto = auto_decisions(auto_codings, decisions["segment_id"], code_ids).set_index(
        ["segment_id", "code_id"])["value"]
    rows = []
    for code in code_ids:
        h = majority.xs(code, level="code_id")
        a = auto.xs(code, level="code_id").reindex(h.index)
        both = int(((h == 1) & (a == 1)).sum())
        rows.append({"code_id": code, "n_units_auto": len(h),
                     "percent_agreement_auto": float((h == a).mean()) if len(h) else float("nan"),
                     "kappa_auto": cohen_kappa(h, a),
                     "precision_auto": both / a.sum() if a.sum() else float("nan"),
                     "recall_auto": both / h.sum() if h.sum() else float("nan")})
    out = humans.merge(pd.DataFrame(rows), on="code_id", how="left")
    return out[columns]
