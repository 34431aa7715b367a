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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date  # noqa: F401 (the examples below use it)

import pandas as pd

from . import schemas
from .labels import t
from .phases import PERIOD_DAYS, PhaseSpec, interval_phases, is_period  # noqa: F401 (public here too)

JUDGEMENTS = ("clearly_present", "partly_present", "lagging", "not_discussed")
#: Columns of :func:`condition_profile` (after the ``by`` column, if any).
PROFILE_COLUMNS = ("code_id", "n_segments", "n_coded", "n_present", "n_absent", "n_mixed", "n_human",
                   "coverage", "strength", "judgement", "rule")


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
                "lagging": f"{'none' if balance == 0 else 'only ' + pct} of {n} coded segments describe it as present "
                           f"(< {self.lagging_below:.0%}); mostly absent or problematic",
                "partly_present": f"{pct} of {n} coded segments describe it as present "
                                  f"(between {self.lagging_below:.0%} and {self.present_at:.0%})",
            }
        else:
            texts = {
                "not_discussed": f"minder dan {self.min_segments} gecodeerde fragmenten (n={n})",
                "clearly_present": f"{pct} van {n} gecodeerde fragmenten beschrijft de voorwaarde "
                                   f"als aanwezig (>= {self.present_at:.0%}; gemengd telt half)",
                "lagging": f"{'geen' if balance == 0 else 'slechts ' + pct} van {n} gecodeerde fragmenten "
                           f"beschrijft de voorwaarde als aanwezig (< {self.lagging_below:.0%}); vooral afwezig "
                           f"of problematisch",
                "partly_present": f"{pct} van {n} gecodeerde fragmenten beschrijft de voorwaarde als "
                                  f"aanwezig (tussen {self.lagging_below:.0%} en {self.present_at:.0%})",
            }
        return texts[judgement]

    def margin(self, n: int, balance: float) -> int | None:
        """How many coded segments would have to read the other way round (present
        instead of absent, or the reverse) to change the judgement; None when not judged.

        A small margin (1 or 2) means the judgement sits close to a threshold and the
        researcher should read the quotes before relying on it.

        Examples
        --------
        >>> JudgementRule().margin(46, 30 / 46)   # 65.2% present: one segment less and it drops
        1
        >>> JudgementRule().margin(10, 0.2)       # 2 of 10 present: 3 more needed for 50%
        3
        """
        if self.judge(n, balance) == "not_discussed":
            return None
        score = round(balance * n * 2) / 2  # present + half of mixed: a multiple of 0.5
        down = math.floor(round(score - self.present_at * n, 9)) + 1    # to drop below present_at
        down_lag = math.floor(round(score - self.lagging_below * n, 9)) + 1  # to drop below lagging_below
        up = math.ceil(round(self.present_at * n - score, 9))            # to reach present_at
        up_lag = math.ceil(round(self.lagging_below * n - score, 9))     # to reach lagging_below
        judgement = self.judge(n, balance)
        if judgement == "clearly_present":
            return max(down, 1)
        if judgement == "lagging":
            return max(up_lag, 1)
        return max(min(up, down_lag), 1)


def _coded(segments: pd.DataFrame, codings: pd.DataFrame, codebook: str) -> pd.DataFrame:
    schemas.check(codings, schemas.CODINGS, "codings")
    sub = codings[codings["codebook"] == codebook].drop_duplicates(["segment_id", "code_id"])
    return sub.merge(segments, on="segment_id", how="inner")


def condition_profile(segments: pd.DataFrame, codings: pd.DataFrame, *, code_ids: list[str],
                      codebook: str = "conditions", by: str | None = None,
                      keys: Sequence | None = None, rule: JudgementRule = JudgementRule(),
                      language: str = "nl") -> pd.DataFrame:
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
    keys:
        The values of ``by`` to profile, in this order (a value without segments gets a
        row of zeros); default: every value in ``segments[by]``, sorted.

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
    if by is not None and keys is None:
        keys = sorted(segments[by].dropna().unique())
    groups = [(None, segments, coded)] if by is None else [
        (key, segments[segments[by] == key], coded[coded[by] == key]) for key in keys
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
    columns = ([] if by is None else [by]) + list(PROFILE_COLUMNS)
    return pd.DataFrame(rows, columns=columns)


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


# --------------------------------------------------------------------------------------
# strength per phase
# --------------------------------------------------------------------------------------

#: A phase as the per-phase functions take it: ``(name, first day, last day)``; see
#: :mod:`pao_analysis.phases` for the rules that place an interval in a phase.


def phase_labels(phases: Sequence[PhaseSpec]) -> dict[int, str]:
    """Phase number -> '<number>. <name>', as figures and tables show a phase.

    Examples
    --------
    >>> phase_labels([("Voedingsbodem", date(2020, 9, 1), date(2022, 6, 30))])
    {1: '1. Voedingsbodem'}
    """
    return {k: f"{k}. {name}" for k, (name, _, _) in enumerate(phases, start=1)}


def segment_phases(segments: pd.DataFrame, events: pd.DataFrame, phases: Sequence[PhaseSpec], *,
                   carry: int = 2, period_days: int = PERIOD_DAYS) -> pd.DataFrame:
    """Assign segments to phases by the time they speak of.

    * A segment with dated events (``events``, see :func:`pao_analysis.timeline.
      extract_events`) takes the phases of its events (:func:`interval_phases`; a period
      counts in every phase it overlaps, a roughly known moment in the phase holding most
      of its days). A segment can so belong to more than one phase; it then counts in the
      profile of each.
    * An undated segment takes the phases of the nearest preceding dated segment of the
      same interview when at most ``carry`` segments after it (default 2: the next two
      answers, which usually still follow up the same topic); further on, or before the
      first dated segment, it has no phase. A dated segment whose events lie outside every
      phase also passes on "no phase".

    Returns
    -------
    pandas.DataFrame
        One row per (segment, phase): ``segment_id, interview_id, phase`` (number from 1),
        ``phase_name, basis`` (``dated`` or ``carried``), ``source_segment`` (the segment
        whose dates decided) and ``date_text`` (its time expressions, '; '-joined). Sorted by
        interview, position and phase; segments without a phase have no row.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["c/P01/0-9", "c/P01/10-19", "c/P01/20-29"],
    ...     "interview_id": "P01", "start": [0, 10, 20]})
    >>> ev = pd.DataFrame({"segment_id": ["c/P01/0-9"], "date_text": ["eind 2021"],
    ...     "earliest": [pd.Timestamp("2021-09-01")], "latest": [pd.Timestamp("2021-12-31")]})
    >>> ph = [("Start", date(2020, 9, 1), date(2022, 6, 30))]
    >>> segment_phases(seg, ev, ph, carry=1)[["segment_id", "phase", "basis"]].values.tolist()
    [['c/P01/0-9', 1, 'dated'], ['c/P01/10-19', 1, 'carried']]
    """
    if carry < 0:
        raise ValueError(f"carry must be 0 or more segments, got {carry}")
    names = {k: name for k, (name, _, _) in enumerate(phases, start=1)}
    dated: dict[str, tuple[list[int], str]] = {}
    for sid, grp in events.groupby("segment_id", sort=True):
        found: set[int] = set()
        for ev in grp.itertuples(index=False):
            kind = str(getattr(ev, "kind", "") or "")
            found.update(interval_phases(ev.earliest, ev.latest, phases,
                                         period=is_period(ev.earliest, ev.latest, kind,
                                                          period_days=period_days)))
        texts = list(dict.fromkeys(str(x) for x in grp["date_text"]))
        dated[str(sid)] = (sorted(found), "; ".join(texts))
    rows = []
    ordered = segments.sort_values(["interview_id", "start", "segment_id"])
    for iid, grp in ordered.groupby("interview_id", sort=True):
        last: tuple[int, str] | None = None  # position and id of the last dated segment
        for pos, sid in enumerate(grp["segment_id"].astype(str)):
            if sid in dated:
                last, basis = (pos, sid), "dated"
            elif last is not None and pos - last[0] <= carry:
                basis = "carried"
            else:
                continue
            found, text = dated[last[1]]
            rows += [{"segment_id": sid, "interview_id": iid, "phase": k, "phase_name": names[k],
                      "basis": basis, "source_segment": last[1], "date_text": text} for k in found]
    columns = ["segment_id", "interview_id", "phase", "phase_name", "basis", "source_segment", "date_text"]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "phase" else object) for c in columns})
    return pd.DataFrame(rows, columns=columns)


def phase_summary(segments: pd.DataFrame, assignment: pd.DataFrame,
                  phases: Sequence[PhaseSpec], *, language: str = "nl") -> pd.DataFrame:
    """How many segments each phase holds, by basis (dated, carried), and how many have none.

    Returns columns ``phase, phase_name, dated, carried, total``; the last row (``phase``
    0, named 'zonder fase' / 'no phase') counts the segments without any phase.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["a", "b", "c"]})
    >>> asg = pd.DataFrame({"segment_id": ["a", "b"], "phase": [1, 1], "basis": ["dated", "carried"]})
    >>> phase_summary(seg, asg, [("Start", date(2020, 1, 1), date(2020, 12, 31))]).values.tolist()
    [[1, '1. Start', 1, 1, 2], [0, 'zonder fase', 0, 0, 1]]
    """
    labels = phase_labels(phases)
    rows = []
    for k in labels:
        own = assignment[assignment["phase"] == k]
        dated = int((own["basis"] == "dated").sum())
        carried = int((own["basis"] == "carried").sum())
        rows.append({"phase": k, "phase_name": labels[k], "dated": dated, "carried": carried,
                     "total": dated + carried})
    none = int((~segments["segment_id"].isin(assignment["segment_id"])).sum())
    rows.append({"phase": 0, "phase_name": t("no_phase", language), "dated": 0, "carried": 0, "total": none})
    return pd.DataFrame(rows)


def phase_profile(segments: pd.DataFrame, codings: pd.DataFrame, assignment: pd.DataFrame,
                  phases: Sequence[PhaseSpec], *, code_ids: list[str], codebook: str = "conditions",
                  rule: JudgementRule = JudgementRule(), language: str = "nl") -> pd.DataFrame:
    """:func:`condition_profile` per phase, over the segments :func:`segment_phases` put in it.

    Every phase gets a row per condition, also a phase without segments (all zeros,
    ``not_discussed``). A segment in two phases counts in both.

    Returns
    -------
    pandas.DataFrame
        ``phase`` (number from 1), ``phase_name`` ('1. <name>'), then the columns of
        :func:`condition_profile`.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["a", "b"]})
    >>> cod = pd.DataFrame({"segment_id": ["a", "b"], "codebook": "conditions", "code_id": "proces",
    ...     "source": "rules", "confidence": 0.8, "valence": ["present", "absent"], "evidence": ""})
    >>> asg = pd.DataFrame({"segment_id": ["a", "b"], "phase": [1, 2]})
    >>> ph = [("Start", date(2020, 1, 1), date(2020, 12, 31)), ("Verder", date(2021, 1, 1), date(2021, 12, 31))]
    >>> prof = phase_profile(seg, cod, asg, ph, code_ids=["proces"], rule=JudgementRule(min_segments=1))
    >>> prof[["phase", "n_coded", "strength", "judgement"]].values.tolist()
    [[1, 1, 1.0, 'clearly_present'], [2, 1, 0.0, 'lagging']]
    """
    base = segments.drop(columns=[c for c in ("phase", "phase_name") if c in segments.columns])
    placed = base.merge(assignment[["segment_id", "phase"]].drop_duplicates(), on="segment_id", how="inner")
    labels = phase_labels(phases)
    prof = condition_profile(placed, codings, code_ids=code_ids, codebook=codebook, by="phase",
                             keys=list(labels), rule=rule, language=language)
    prof.insert(1, "phase_name", prof["phase"].map(labels))
    return prof


# --------------------------------------------------------------------------------------
# judgement summary and deciding quotes
# --------------------------------------------------------------------------------------


def judgement_summary(profile: pd.DataFrame, by_person: pd.DataFrame | None = None, *,
                      rule: JudgementRule = JudgementRule(), person: str = "participant") -> pd.DataFrame:
    """One row per condition: the case judgement, its rule in words, its margin, and in how
    many interviewees' own profiles it is clearly present or lags behind.

    Parameters
    ----------
    profile:
        The case profile (:func:`condition_profile` without ``by``).
    by_person:
        The profile per interviewee (``by="participant"``), made with the same rule; None
        leaves the interviewee counts at 0.

    Returns
    -------
    pandas.DataFrame
        ``code_id, judgement, strength, n_coded, rule, margin`` (see
        :meth:`JudgementRule.margin`), ``n_interviewees`` (with at least one segment),
        ``n_interviewees_present`` and ``n_interviewees_lagging``.

    Examples
    --------
    >>> prof = pd.DataFrame({"code_id": ["proces"], "judgement": ["clearly_present"],
    ...     "strength": [0.8], "n_coded": [10], "rule": ["..."]})
    >>> pers = pd.DataFrame({"participant": ["A", "B"], "code_id": "proces", "n_segments": [5, 4],
    ...     "judgement": ["clearly_present", "not_discussed"]})
    >>> judgement_summary(prof, pers)[["margin", "n_interviewees", "n_interviewees_present"]].values.tolist()
    [[2, 2, 1]]
    """
    rows = []
    for r in profile.itertuples(index=False):
        own = by_person[by_person["code_id"] == r.code_id] if by_person is not None else None
        has = own[own["n_segments"] > 0] if own is not None else None
        rows.append({
            "code_id": r.code_id, "judgement": r.judgement, "strength": r.strength,
            "n_coded": r.n_coded, "rule": r.rule, "margin": rule.margin(int(r.n_coded), float(r.strength)),
            "n_interviewees": 0 if has is None else int(has[person].nunique()),
            "n_interviewees_present": 0 if has is None else int((has["judgement"] == "clearly_present").sum()),
            "n_interviewees_lagging": 0 if has is None else int((has["judgement"] == "lagging").sum()),
        })
    out = pd.DataFrame(rows)
    out["margin"] = out["margin"].astype("Int64")
    return out


def _event_dates(events: pd.DataFrame | None) -> dict[str, str]:
    if events is None or events.empty:
        return {}
    return {str(sid): "; ".join(dict.fromkeys(str(x) for x in grp["date_text"]))
            for sid, grp in events.groupby("segment_id", sort=True)}


def _spread(candidates: pd.DataFrame, n: int, who: str, used: set[str]) -> pd.DataFrame:
    """The first ``n`` of ``candidates`` (best first) taken round-robin over ``who``,
    interviewees in ``used`` after the others within each round."""
    ranked = candidates.assign(_round=candidates.groupby(who).cumcount(),
                               _used=candidates[who].astype(str).isin(used),
                               _order=range(len(candidates)))
    return ranked.sort_values(["_round", "_used", "_order"]).head(n)


def deciding_quotes(segments: pd.DataFrame, codings: pd.DataFrame, *, code_ids: list[str],
                    codebook: str = "conditions", n: int = 2, events: pd.DataFrame | None = None,
                    max_chars: int = 400) -> pd.DataFrame:
    """Per condition, the ``n`` strongest quotes describing it as present and the ``n``
    strongest describing it as absent or problematic, spread over interviewees.

    Strongest: highest coding confidence, then the longer segment, then segment id. Quotes
    are taken round-robin over interviewees; the absent/problematic quotes prefer
    interviewees not already quoted as present, so one voice does not carry a condition.
    Mixed segments are left out: they decide neither way.

    Returns
    -------
    pandas.DataFrame
        ``code_id, valence, segment_id, interview_id, participant, role, date_text`` (the
        time expressions of the segment, '' when it has none), ``confidence, quote``.
        Ordered by ``code_ids``, present before absent, strongest first.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["a", "b", "c"], "interview_id": ["P01", "P01", "P02"],
    ...     "participant": ["Louise", "Louise", "Carin"], "text": ["Wij willen dit.", "Geen doel.", "Ja."],
    ...     "n_words": [3, 2, 1]})
    >>> cod = pd.DataFrame({"segment_id": ["a", "b", "c"], "codebook": "conditions", "code_id": "ambitie",
    ...     "source": "rules", "confidence": [0.9, 0.9, 0.5], "valence": ["present", "absent", "absent"],
    ...     "evidence": ""})
    >>> deciding_quotes(seg, cod, code_ids=["ambitie"], n=1)[["valence", "segment_id", "participant"]].values.tolist()
    [['present', 'a', 'Louise'], ['absent', 'c', 'Carin']]
    """
    coded = _coded(segments, codings, codebook)
    who = "participant" if "participant" in coded.columns else "interview_id"
    dates = _event_dates(events)
    parts = []
    for code in code_ids:
        c = coded[coded["code_id"] == code]
        c = c.sort_values(["confidence", "n_words", "segment_id"], ascending=[False, False, True])
        present = _spread(c[c["valence"] == "present"], n, who, set())
        absent = _spread(c[c["valence"] == "absent"], n, who, set(present[who].astype(str)))
        parts += [present, absent]
    picked = pd.concat(parts, ignore_index=True) if parts else coded.head(0)
    out = pd.DataFrame({
        "code_id": picked["code_id"],
        "valence": picked["valence"],
        "segment_id": picked["segment_id"],
        "interview_id": picked["interview_id"] if "interview_id" in picked.columns else "",
        "participant": picked[who],
        "role": picked["role"] if "role" in picked.columns else "",
        "date_text": picked["segment_id"].map(lambda s: dates.get(str(s), "")),
        "confidence": picked["confidence"].round(2),
        "quote": picked["text"].map(lambda s: shorten(s, max_chars)),
    })
    return out.reset_index(drop=True)
