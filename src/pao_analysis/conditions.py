"""The five-conditions profile: strength and judgement per condition, with the rule
that produced it and the deciding evidence quotes.

Counting mentions is not enough: people talk at length about what is *missing*.
Every coded segment carries a valence (present / absent-or-problematic / mixed); a
condition's *balance* is the share of its coded segments that describe it as present
(mixed counts half). The judgement follows from the balance:

* ``clearly_present``: balance >= ``present_at`` (default 0.65: about two in three
  coded segments describe the condition as present)
* ``lagging``: balance < ``lagging_below`` (default 0.5: it is described as missing or
  problematic more often than as present)
* ``partly_present``: in between
* ``not_discussed``: fewer than ``min_segments`` coded segments
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import schemas

JUDGEMENTS = ("clearly_present", "partly_present", "lagging", "not_discussed")


@dataclass(frozen=True)
class JudgementRule:
    """Thresholds of the judgement; see the module docstring."""

    present_at: float = 0.65
    lagging_below: float = 0.5
    min_segments: int = 3

    def judge(self, n: int, balance: float) -> str:
        if n < self.min_segments:
            return "not_discussed"
        if balance >= self.present_at:
            return "clearly_present"
        if balance < self.lagging_below:
            return "lagging"
        return "partly_present"

    def explain(self, judgement: str, *, n: int, balance: float, language: str = "nl") -> str:
        """The rule behind one judgement, in words, with the numbers it used."""
        pct = f"{balance:.0%}"
        if language == "en":
            texts = {
                "not_discussed": f"fewer than {self.min_segments} coded segments (n={n})",
                "clearly_present": f"{pct} of {n} coded segments describe it as present "
                                   f"(>= {self.present_at:.0%}; mixed counts half)",
                "lagging": f"only {pct} of {n} coded segments describe it as present "
                           f"(< {self.lagging_below:.0%}); mostly absent or problematic",
                "partly_present": f"{pct} of {n} coded segments describe it as present "
                                  f"(between {self.lagging_below:.0%} and {self.present_at:.0%})",
            }
        else:
            texts = {
                "not_discussed": f"minder dan {self.min_segments} gecodeerde fragmenten (n={n})",
                "clearly_present": f"{pct} van {n} gecodeerde fragmenten beschrijft de voorwaarde "
                                   f"als aanwezig (>= {self.present_at:.0%}; gemengd telt half)",
                "lagging": f"slechts {pct} van {n} gecodeerde fragmenten beschrijft de voorwaarde "
                           f"als aanwezig (< {self.lagging_below:.0%}); vooral afwezig of problematisch",
                "partly_present": f"{pct} van {n} gecodeerde fragmenten beschrijft de voorwaarde als "
                                  f"aanwezig (tussen {self.lagging_below:.0%} en {self.present_at:.0%})",
            }
        return texts[judgement]


def _coded(segments: pd.DataFrame, codings: pd.DataFrame, codebook: str) -> pd.DataFrame:
    schemas.check(codings, schemas.CODINGS, "codings")
    sub = codings[codings["codebook"] == codebook].drop_duplicates(["segment_id", "code_id"])
    return sub.merge(segments, on="segment_id", how="inner")


def condition_profile(segments: pd.DataFrame, codings: pd.DataFrame, *, code_ids: list[str],
                      codebook: str = "conditions", by: str | None = None,
                      rule: JudgementRule = JudgementRule(), language: str = "nl") -> pd.DataFrame:
    """Strength and judgement per condition, for the whole case or per value of ``by``.

    Parameters
    ----------
    segments:
        SEGMENTS table, optionally with extra columns to group by (``participant``, ``phase``).
    codings:
        CODINGS table.
    code_ids:
        The conditions, in display order.
    by:
        Column of ``segments`` to profile separately (e.g. ``"participant"``), or None for
        the whole case.

    Returns
    -------
    pandas.DataFrame
        Columns ``[by,] code_id, n_segments, n_coded, n_present, n_absent, n_mixed,
        n_human, coverage, strength, judgement, rule``. ``strength`` is the balance (0..1);
        ``n_human`` counts the coded segments whose codes a person gave (see
        :func:`pao_analysis.workbench.with_human_codes`), the rest come from the auto-coder.

    Examples
    --------
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"segment_id": list("abcd")})
    >>> cod = pd.DataFrame({"segment_id": list("abcd"), "codebook": "conditions",
    ...     "code_id": "organisatie", "source": "rules", "confidence": 0.8,
    ...     "valence": ["absent", "absent", "absent", "present"], "evidence": ""})
    >>> condition_profile(seg, cod, code_ids=["organisatie"])[["n_coded", "strength", "judgement"]].values.tolist()
    [[4, 0.25, 'lagging']]
    """
    coded = _coded(segments, codings, codebook)
    groups = [(None, segments, coded)] if by is None else [
        (key, segments[segments[by] == key], coded[coded[by] == key])
        for key in sorted(segments[by].dropna().unique())
    ]
    rows = []
    for key, seg_g, cod_g in groups:
        for code in code_ids:
            c = cod_g[cod_g["code_id"] == code]
            n = len(c)
            counts = c["valence"].value_counts()
            p, a, m = (int(counts.get(v, 0)) for v in ("present", "absent", "mixed"))
            balance = round((p + 0.5 * m) / n, 4) if n else 0.0
            judgement = rule.judge(n, balance)
            row = {} if by is None else {by: key}
            row.update({
                "code_id": code, "n_segments": len(seg_g), "n_coded": n, "n_present": p,
                "n_absent": a, "n_mixed": m, "n_human": int((~c["source"].isin(schemas.AUTO_SOURCES)).sum()),
                "coverage": round(n / len(seg_g), 4) if len(seg_g) else 0.0,
                "strength": balance, "judgement": judgement,
                "rule": rule.explain(judgement, n=n, balance=balance, language=language),
            })
            rows.append(row)
    return pd.DataFrame(rows)


def evidence_quotes(segments: pd.DataFrame, codings: pd.DataFrame, *, code_id: str,
                    codebook: str = "conditions", n: int = 5, valence: str | None = None,
                    max_chars: int = 400) -> pd.DataFrame:
    """The strongest quotes for one code, spread over interviewees.

    Quotes are ranked by confidence, then taken round-robin over ``participant`` (or
    ``interview_id``) so one talkative interviewee does not fill the list.

    Returns columns ``segment_id, participant, role, valence, confidence, quote, evidence``.
    """
    coded = _coded(segments, codings, codebook)
    coded = coded[coded["code_id"] == code_id]
    if valence is not None:
        coded = coded[coded["valence"] == valence]
    who = "participant" if "participant" in coded.columns else "interview_id"
    coded = coded.sort_values(["confidence", "n_words", "segment_id"], ascending=[False, False, True])
    coded = coded.assign(_rank=coded.groupby(who).cumcount())
    picked = coded.sort_values(["_rank", "confidence", "segment_id"],
                               ascending=[True, False, True]).head(n)
    out = pd.DataFrame({
        "segment_id": picked["segment_id"],
        "participant": picked[who],
        "role": picked["role"] if "role" in picked.columns else "",
        "valence": picked["valence"],
        "confidence": picked["confidence"].round(2),
        "quote": picked["text"].map(lambda s: shorten(s, max_chars)),
        "evidence": picked["evidence"],
    })
    return out.reset_index(drop=True)


def shorten(text: str, max_chars: int) -> str:
    """Cut ``text`` at a word boundary to at most ``max_chars`` characters, adding '…'.

    Examples
    --------
    >>> shorten("we bellen elkaar gewoon", 15)
    'we bellen …'
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1].rsplit(" ", 1)[0]
    return cut + " …"



def evidence_table(segments: pd.DataFrame, codings: pd.DataFrame, *, code_ids: list[str],
                   codebook: str = "conditions", n: int = 4) -> pd.DataFrame:
    """:func:`evidence_quotes` for every code, one table with a ``code_id`` column."""
    parts = [evidence_quotes(segments, codings, code_id=c, codebook=codebook, n=n).assign(code_id=c)
             for c in code_ids]
    table = pd.concat(parts, ignore_index=True)
    return table[["code_id"] + [c for c in table.columns if c != "code_id"]]
