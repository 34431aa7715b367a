"""Phases of a collaboration: taken from ``case.yaml`` or proposed from the collective timeline.

Interviewees often name the phases themselves; the researcher then writes them into
``case.yaml`` and :func:`case_phases` returns them. Until then :func:`propose_phases`
proposes phases from the collective timeline (:mod:`pao_analysis.collective`) for the
researcher to accept, edit or reject. A boundary between two phases is proposed where

* what is told changes: the mix of timeline categories and conditions of the events in the
  twelve months before differs from the twelve months after (Jensen-Shannon distance,
  0-1, times ``n / (n + 3)`` where ``n`` is the number of events on the thinner side: a
  change seen in few events counts less, and in fewer than two not at all);
* someone talks explicitly about a new phase or a turning point ("toen begon eigenlijk een
  nieuwe fase", "dat was het kantelpunt", "vanaf dat moment") in the quote of an event
  starting that month (0.5 when a third of the interviewees do, less when fewer);
* an interviewee divides the history into dated phases ("ik zie eigenlijk vier fases. Eerst
  ..., van eind 2019 tot het voorjaar van 2021. Dan ..., vanaf april 2021", see
  :func:`phase_division`) and one of the periods starts that month or the month next to it:
  0.6 (:attr:`PhaseOptions.division_weight`) for the first interviewee who names that start,
  half of that for each further one (at most 1.2). One interviewee's division is the kind of
  analysis the method asks interviewees for, so it carries a boundary unless the events
  contradict it: it still needs 0.2 more, a change in what is told or any other sign below.
  Two interviewees naming the same start carry it alone;
* a key event starts: one told by many interviewees (0.5 x the share who tell it);
* the interviews take place: what follows is plans rather than history (0.5).

The boundaries with the highest score win, at least :attr:`PhaseOptions.min_months`
apart, while their score is at least :attr:`PhaseOptions.min_score` (0.8: a change in what
is told needs a second sign - a key event, phase talk, the interviews - unless it is
large). Events wider than a
year (``sinds 2016``, ``in 2022``) do not steer the proposal. The first phase starts with
the first event told by more than one interviewee and dated to a season or closer (earlier
events are background; "in 2019", told by two, would start it in January); the last ends
with the last event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["PeriodStart", "PhaseOptions", "PhaseSpec", "as_phases", "assign_phases", "case_phases",
           "compare_phases", "interval_phases", "is_period", "phase_division", "phase_divisions", "phase_talk",
           "phases_yaml", "propose_phases"]


#: A phase: ``(name, first day, last day)``, both days inclusive (see :func:`case_phases`).
PhaseSpec = tuple[str, date, date]

#: An interval longer than this many days is a period, not a roughly known moment.
PERIOD_DAYS = 366
#: The event that starts the first phase is dated at most this precisely (a season).
FIRST_MAX_DAYS = 123


def _day(value) -> date:
    return pd.Timestamp(value).date()


def is_period(earliest, latest, kind: str = "", *, period_days: int = PERIOD_DAYS) -> bool:
    """Whether a dated mention is a period ('sinds 2020', '2023 tot 2026', 'de afgelopen
    drie jaar') rather than a moment known only roughly ('eind 2021', '2022').

    A period is an expression of the kind ``range`` (see :func:`pao_analysis.timeline.
    extract_events`) or any interval longer than ``period_days`` (default: a year).

    Examples
    --------
    >>> is_period(date(2022, 1, 1), date(2022, 12, 31)), is_period(date(2021, 1, 1), date(2023, 12, 31))
    (False, True)
    >>> is_period(date(2023, 9, 1), date(2024, 1, 17), "range")
    True
    """
    return kind == "range" or (_day(latest) - _day(earliest)).days + 1 > period_days


def interval_phases(earliest, latest, phases: Sequence[PhaseSpec], *, period: bool) -> list[int]:
    """The phases (numbered from 1) a dated interval belongs to.

    A *period* counts in every phase it overlaps. A *moment* known only roughly (its
    interval holds the possible days) counts in the one phase holding most of those days;
    on a tie, the earlier phase. An interval that overlaps no phase has no phase.

    Examples
    --------
    >>> ph = [("Start", date(2020, 9, 1), date(2022, 6, 30)), ("Richting", date(2022, 7, 1), date(2023, 3, 31))]
    >>> interval_phases(date(2022, 5, 1), date(2022, 9, 30), ph, period=False)  # 'rond de zomer van 2022'
    [2]
    >>> interval_phases(date(2020, 9, 1), date(2024, 1, 17), ph, period=True)   # 'sinds september 2020'
    [1, 2]
    >>> interval_phases(date(2016, 1, 1), date(2016, 12, 31), ph, period=False)
    []
    """
    lo, hi = _day(earliest), _day(latest)
    overlaps = []
    for k, (_, start, end) in enumerate(phases, start=1):
        days = (min(hi, _day(end)) - max(lo, _day(start))).days + 1
        if days > 0:
            overlaps.append((k, days))
    if period or not overlaps:
        return [k for k, _ in overlaps]
    return [max(overlaps, key=lambda kd: (kd[1], -kd[0]))[0]]


#: Explicit talk about phases and turning points.
PHASE_TALK = re.compile(
    r"\b(?:nieuwe|volgende|andere|eerste|tweede|derde|vierde|laatste|echte)\s+fase\b|\bfase\s+(?:twee|drie|vier|\d)\b"
    r"|\bkantel(?:punt|moment)|\bkeerpunt|\bomslag(?:punt)?\b|\bwendingspunt|\bscharnierpunt"
    r"|\bvanaf\s+dat\s+moment\b|\bsindsdien\b|\bnieuw\s+hoofdstuk\b|\bnieuwe\s+periode\b"
    r"|\btoen\s+(?:veranderde|kantelde|draaide)\b|\bhet\s+roer\s+om\b|\bomgegooid\b",
    re.IGNORECASE)
_FEATURES = ("category", "conditions")


@dataclass(frozen=True)
class PhaseOptions:
    """Settings of :func:`propose_phases`."""

    max_phases: int = 5
    min_months: int = 4
    window_months: int = 12
    min_score: float = 0.8
    #: Score of a period start named in one interviewee's division into phases; each further
    #: interviewee naming it adds half of this, up to two more (see the module text).
    division_weight: float = 0.6
    #: A named start supports a boundary this many months before or after it ('het voorjaar
    #: van 2021' is March, the opening it means may be April).
    division_months: int = 1

    def __post_init__(self) -> None:
        if self.max_phases < 1 or self.min_months < 1 or self.window_months < 1:
            raise ValueError(f"max_phases, min_months and window_months must be >= 1, got {self}")
        if self.division_weight < 0 or self.division_months < 0:
            raise ValueError(f"division_weight and division_months must be >= 0, got {self}")


def case_phases(case) -> list[PhaseSpec]:
    """The phases the researcher wrote in ``case.yaml`` as ``(name, start, end)``."""
    return [(p.name, p.start, p.end) for p in case.phases]


def phase_talk(text: str) -> str:
    """The first explicit phase or turning-point phrase in ``text`` ('' when none).

    Examples
    --------
    >>> phase_talk("En toen begon eigenlijk een nieuwe fase, ja.")
    'nieuwe fase'
    >>> phase_talk("Dat was echt het kantelpunt."), phase_talk("We gingen door.")
    ('kantelpunt', '')
    """
    found = PHASE_TALK.search(text or "")
    return found.group(0) if found else ""


_NOUN = r"(?:fase|periode|hoofdstuk|stadium|etappe|tijdperk)"
_NOUNS = r"(?:fasen|fases|periodes|perioden|hoofdstukken|stadia|stadiums|etappes|tijdperken)"
_ORDINAL = r"(?:eerste|tweede|derde|vierde|vijfde|zesde|laatste|volgende|nieuwe|huidige)"
_DIVIDE = r"(?:(?:ver|op|in|onder)del(?:en|ing)|in\s+(?:tweeën|drieën|vieren|vijven))"
#: Phases counted or asked for: 'vier fases', 'een paar duidelijke periodes', 'in fases',
#: 'welke periodes', 'hoeveel hoofdstukken'.
_SEVERAL = (rf"(?:twee|drie|vier|vijf|zes|[2-6]|een\s+paar|een\s+aantal|verschillende|meerdere|in|welke"
            rf"|hoeveel)\s+(?:[^\W\d_]+\s+)?{_NOUNS}")

#: An interviewer asking for a division into phases ('zou je het in fases kunnen verdelen?',
#: 'welke periodes zie je?'); not 'in die periode' nor 'waren er periodes dat ...'.
DIVISION_QUESTION = re.compile(rf"\b(?:{_SEVERAL}|{_DIVIDE})\b", re.IGNORECASE)
#: An answer dividing a history into phases: as a question does, or a numbered phase
#: ('de tweede periode', 'fase drie', 'het eerste hoofdstuk').
DIVISION_TALK = re.compile(
    rf"\b(?:{_SEVERAL}|{_DIVIDE}|{_ORDINAL}\s+{_NOUN}|{_NOUN}\s+(?:één|twee|drie|vier|vijf|[1-6]))\b", re.IGNORECASE)
#: Words before a dated mention that open the next period of a division ('eerst', 'daarna',
#: 'de derde', 'fase twee ...'); a phase word after it counts too ('2022 was de tweede fase').
_OPENS = re.compile(rf"\b(?:eerst|daarna|dan|toen|vervolgens|later|nu|tenslotte|uiteindelijk|daarop|slot|sinds|vanaf"
                    rf"|{_ORDINAL}|[^\W\d_]*{_NOUN}|[^\W\d_]*{_NOUNS})\b", re.IGNORECASE)
_AFTER = re.compile(rf"\b[^\W\d_]*(?:{_NOUN}|{_NOUNS})\b|^\s*tot\s+(?:nu|heden|vandaag)\b", re.IGNORECASE)
#: A mention known only roughly around a moment ('rond 2019'): its period starts in the middle.
_AROUND = re.compile(r"(?:rond|rondom|omstreeks|ongeveer|circa)\b", re.IGNORECASE)
#: A mention that says where something starts ('vanaf 2022', 'sinds maart', 'na de zomer').
_FROM = re.compile(r"(?:vanaf|sinds|na)\b", re.IGNORECASE)
#: A mention right after these words ends a period ('tot de zomer van 2021', 'voor 2019').
_ENDS = re.compile(r"\b(?:tot(?:\s+en\s+met|\s+aan)?|totdat|t/m|voor|vóór|uiterlijk)"
                   r"(?:\s+(?:de|het|een|die|dat|eerste|tweede|derde|laatste|volgende))*\s*$",
                   re.IGNORECASE)
_CLAUSE = re.compile(r"[.!?;:]+(?=\s)|\n+")


class PeriodStart(NamedTuple):
    """The start of a period in an interviewee's division into phases."""

    start: date   # the first day of the month the period starts
    phrase: str   # the time expression as said ('vanaf april 2021 tot de zomer van 2022')
    quote: str    # the sentence it is in
    offset: int   # where the phrase starts in the text


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    return [*spans, (start, len(text))]


def _period_starts(text: str, mentions, scope: int) -> list[PeriodStart]:
    from .timeline import sentence_spans

    sentences = sentence_spans(text) or [(0, len(text))]
    clauses = _clauses(text)
    found: dict[date, PeriodStart] = {}
    first = True
    for k, m in enumerate(mentions):
        if m.start < scope:
            continue
        opens, first = first, False   # the first date after the talk of phases opens the first one
        if _ENDS.search(text[:m.start]):
            continue
        lo, hi = next(((a, b) for a, b in clauses if a <= m.start < b), (0, len(text)))
        before = text[max(lo, mentions[k - 1].end if k else 0):m.start]
        after = text[m.end:min(hi, mentions[k + 1].start if k + 1 < len(mentions) else hi)]
        if opens or m.kind == "range" or _FROM.match(m.text) or _OPENS.search(before) or _AFTER.search(after):
            day = m.earliest + (m.latest - m.earliest) / 2 if _AROUND.match(m.text) else m.earliest
            month = date(day.year, day.month, 1)
            s, e = next(((a, b) for a, b in sentences if a <= m.start < b), (lo, hi))
            found.setdefault(month, PeriodStart(month, m.text, " ".join(text[s:e].split()), m.start))
    return sorted(found.values(), key=lambda p: p.offset)


def phase_division(text: str, *, reference: date | None = None, question: str = "") -> list[PeriodStart]:
    """The dated periods into which an answer divides a history ([] when it does not).

    An answer divides into phases when it talks about phases (:data:`DIVISION_TALK`: 'ik zie
    eigenlijk vier fases', 'ik zou het in drie periodes verdelen', 'de tweede fase') or
    answers a ``question`` asking for them (:data:`DIVISION_QUESTION`: 'zou je het in fases
    kunnen verdelen?'), and names at least two period starts (one after 'ik zie drie
    periodes'). A period starts with each dated mention
    (:func:`pao_analysis.timeline.extract_dates`) that is a period itself ('van X tot Y',
    'vanaf X', 'sinds X', 'tussen X en Y'), says where one starts ('na de zomer van 2021',
    '2023 tot nu') or that follows a word opening the next period in its clause ('eerst',
    'dan', 'daarna', 'de derde', 'fase twee'), or has a phase word after it ('begin 2022
    startte de tweede fase'); not a mention that ends one ('tot de zomer van 2021'). The
    first dated mention after the talk of phases opens the first period ('ik zie drie fases:
    de opstart in 2020, ...'). Mentions before the sentence that first talks about phases
    are left out ('ik werk hier sinds 2016'), unless no date follows it ('... Dat zijn de
    drie etappes.'). The start is the month a period's earliest day falls in ('rond 2019':
    its middle); each month once.

    Examples
    --------
    >>> text = ("Ja, ik zie eigenlijk drie fases. Eerst de opbouw, van eind 2019 tot het voorjaar "
    ...         "van 2021. Dan de groei, vanaf april 2021. En sinds juni 2023 de nieuwe fase.")
    >>> for p in phase_division(text, reference=date(2024, 10, 1)):
    ...     print(p.start, p.phrase)
    2019-09-01 van eind 2019 tot het voorjaar van 2021
    2021-04-01 vanaf april 2021
    2023-06-01 sinds juni 2023
    >>> phase_division("In die periode, van 2020 tot 2021, was het druk. Sinds 2022 rustig.")
    []
    >>> len(phase_division("Eerst in 2020 de start, daarna in 2022 de groei.",
    ...                    question="Welke periodes zie je?"))
    2
    """
    from .timeline import extract_dates, sentence_spans

    text = text or ""
    cue = DIVISION_TALK.search(text)
    if cue is None and not DIVISION_QUESTION.search(question or ""):
        return []
    mentions = extract_dates(text, reference=reference)
    scope = 0
    if cue is not None:
        scope = next((a for a, b in sentence_spans(text) if a <= cue.start() < b), 0)
    if not any(m.start >= scope for m in mentions):   # the phases named after the dates:
        scope = 0                                       # '... Dat zijn de drie etappes.'
    starts = _period_starts(text, mentions, scope)
    counted = cue is not None and re.search(_NOUNS, cue.group(), re.IGNORECASE)  # 'drie periodes'
    return starts if len(starts) >= (1 if counted else 2) else []


def phase_divisions(segments: pd.DataFrame, *, interview_dates: Mapping[str, date] | None = None,
                    turns: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every interviewee's division of the history into dated phases (:func:`phase_division`).

    Each respondent turn (its segments joined) is read with the interview date as reference
    and, when ``turns`` are given, the interviewer's question right before it.

    Returns
    -------
    pandas.DataFrame
        One row per period start: ``interview_id``, ``segment_id`` (where it is said),
        ``period`` (1, 2, ... in the order told), ``start`` (first day of the month),
        ``date_text`` (the time expression as said) and ``quote``.

    Examples
    --------
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"segment_id": ["c/W04/0-9"], "interview_id": ["W04"], "turn": [3],
    ...     "speaker_role": ["respondent"], "start": [0],
    ...     "text": ["Eerst de opbouw, vanaf 2019. Daarna, sinds maart 2021, de groei."]})
    >>> q = pd.DataFrame({"interview_id": ["W04"], "turn": [2], "speaker_role": ["interviewer"],
    ...                   "text": ["Kun je het in fases verdelen?"]})
    >>> phase_divisions(seg, interview_dates={"W04": date(2024, 10, 1)}, turns=q)[["period", "start"]].values.tolist()
    [[1, Timestamp('2019-01-01 00:00:00')], [2, Timestamp('2021-03-01 00:00:00')]]
    """
    columns = ["interview_id", "segment_id", "period", "start", "date_text", "quote"]
    resp = segments[segments["speaker_role"] == "respondent"] if "speaker_role" in segments else segments
    questions: dict[tuple[str, int], str] = {}
    if turns is not None and len(turns):
        asked = turns[turns["speaker_role"] == "interviewer"]
        questions = {(str(i), int(t) + 1): str(x)
                     for i, t, x in zip(asked["interview_id"], asked["turn"], asked["text"])}
    dates = {str(k): v for k, v in (interview_dates or {}).items()}
    rows = []
    for (iid, turn), grp in resp.sort_values(["interview_id", "turn", "start"], kind="stable").groupby(
            ["interview_id", "turn"], sort=True):
        ids, offsets, parts, at = [], [], [], 0
        for sid, part in zip(grp["segment_id"], grp["text"].fillna("").astype(str)):
            ids.append(str(sid))
            offsets.append(at)
            parts.append(part)
            at += len(part) + 1
        reference = dates.get(str(iid))
        found = phase_division(" ".join(parts), reference=None if pd.isna(reference) else reference,
                               question=questions.get((str(iid), int(turn)), ""))
        for k, p in enumerate(found, start=1):
            where = ids[max(n for n, o in enumerate(offsets) if o <= p.offset)]
            rows.append({"interview_id": str(iid), "segment_id": where, "period": k,
                         "start": pd.Timestamp(p.start), "date_text": p.phrase, "quote": p.quote})
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"start": "datetime64[ns]"}) if len(out) else out


def _month(d) -> pd.Timestamp:
    ts = pd.Timestamp(d)
    return pd.Timestamp(ts.year, ts.month, 1)


def _features(table: pd.DataFrame, reference) -> list[list[str]]:
    out = []
    for row in table.itertuples(index=False):
        words = [f"cat:{row.category}"] if getattr(row, "category", "") else ["cat:-"]
        words += [f"cond:{c}" for c in str(getattr(row, "conditions", "") or "").split(";") if c]
        if reference is not None and pd.Timestamp(row.earliest) >= pd.Timestamp(reference):
            words.append("plan")
        out.append(words)
    return out


def _js_distance(p: dict[str, float], q: dict[str, float]) -> float:
    keys = sorted(set(p) | set(q))
    a = np.array([p.get(k, 0.0) for k in keys])
    b = np.array([q.get(k, 0.0) for k in keys])
    if a.sum() == 0 or b.sum() == 0:
        return 0.0
    a, b = a / a.sum(), b / b.sum()
    m = (a + b) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = lambda x: float(np.nansum(np.where(x > 0, x * np.log2(x / m), 0.0)))
        return float(np.sqrt(max(0.0, (kl(a) + kl(b)) / 2)))


def _histogram(features: list[list[str]], weights: np.ndarray) -> dict[str, float]:
    out: dict[str, float] = {}
    for words, w in zip(features, weights):
        for word in words:
            out[word] = out.get(word, 0.0) + float(w)
    return out


def _shift(ts: pd.Timestamp, months: int) -> pd.Timestamp:
    return ts + pd.DateOffset(months=months)


def _months_after(a: pd.Timestamp, b: pd.Timestamp) -> int:
    """Calendar months from ``b`` to ``a`` (negative when ``a`` is earlier)."""
    return (a.year - b.year) * 12 + a.month - b.month


def _named(divisions: pd.DataFrame, month: pd.Timestamp, options: PhaseOptions) -> tuple[float, list[str], str]:
    """Score, interviewees and phrase of the named period starts near ``month``."""
    if divisions.empty:
        return 0.0, [], ""
    apart = divisions["start"].map(lambda s: abs(_months_after(_month(s), month)))
    near = divisions.assign(_apart=apart)[apart <= options.division_months]
    who = sorted(set(near["interview_id"].astype(str)))
    if not who:
        return 0.0, [], ""
    phrase = near.sort_values(["_apart", "interview_id", "period"], kind="stable")["date_text"].iloc[0]
    return options.division_weight * (1 + 0.5 * (min(len(who), 3) - 1)), who, str(phrase)


def _candidates(points: pd.DataFrame, collective: pd.DataFrame, reference, n_interviews: int,
                options: PhaseOptions, divisions: pd.DataFrame) -> pd.DataFrame:
    features = _features(points, reference)
    weights = points["n_interviews"].astype(float).to_numpy()
    mids = points["_mid"]
    starts = collective["earliest"].map(_month)
    months = sorted(set(points["earliest"].map(_month)) | set(divisions["start"].map(_month))
                    | ({_month(reference)} if reference is not None else set()))
    rows = []
    for m in months:
        before = ((mids < m) & (mids >= _shift(m, -options.window_months))).to_numpy()
        after = ((mids >= m) & (mids < _shift(m, options.window_months))).to_numpy()
        fewest = min(before.sum(), after.sum())
        change = 0.0 if fewest < 2 else fewest / (fewest + 3) * _js_distance(
            _histogram([f for f, k in zip(features, before) if k], weights[before]),
            _histogram([f for f, k in zip(features, after) if k], weights[after]))
        here = collective[starts == m]
        named, dividers, said = _named(divisions, m, options)
        talkers = {i for who in here["phase_talk_by"] for i in str(who).split(";") if i} - set(dividers)
        key = here["n_interviews"].max() / n_interviews if len(here) else 0.0
        now = reference is not None and m == _month(reference)
        reasons = [f"verandering in wat verteld wordt ({change:.2f})"]
        if dividers:
            reasons.append(f"fase-indeling door {', '.join(dividers)}: '{said}'")
        if talkers:
            phrase = next(t for t in here["phase_talk"] if t)
            reasons.append(f"fasetaal bij {len(talkers)} geïnterviewde(n): '{phrase}'")
        if key >= 0.5:
            top = here.sort_values("n_interviews", ascending=False, kind="stable").iloc[0]
            reasons.append(f"kerngebeurtenis {top['group']}, verteld door {top['n_interviews']} "
                           f"van {n_interviews}")
        if now:
            reasons.append("de interviews: wat volgt zijn plannen")
        score = change + named + 0.5 * min(1.0, 3 * len(talkers) / n_interviews) \
            + (0.5 * key if key >= 0.5 else 0.0) + 0.5 * now
        rows.append({"start": m, "score": round(score, 3), "reasons": "; ".join(reasons)})
    return pd.DataFrame(rows, columns=["start", "score", "reasons"])


def propose_phases(collective: pd.DataFrame, *, reference: date | None = None, n_interviews: int | None = None,
                   options: PhaseOptions | None = None, divisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Proposed phases of the collective timeline, each with the reasons for its start.

    Parameters
    ----------
    collective:
        The collective timeline (:func:`pao_analysis.collective.merge_timeline`), with the
        ``phase_talk`` and ``phase_talk_by`` columns ('' everywhere when absent).
    reference:
        The first interview date: events from then on are plans.
    n_interviews:
        Number of interviews of the case (default: as many as tell events).
    options:
        :class:`PhaseOptions`.
    divisions:
        The interviewees' own divisions into dated phases (:func:`phase_divisions`); each
        period start named there supports a boundary (see the module text).

    Returns
    -------
    pandas.DataFrame
        One row per phase: ``phase`` (1, 2, ...), ``name`` ("Fase 1", for the researcher to
        rename), ``start``, ``end`` (Timestamps, first and last day), ``score`` and
        ``reasons`` of its start (empty for the first phase), ``n_events`` and ``groups``
        (the events of the collective timeline in it, by midpoint).

    Examples
    --------
    >>> import pandas as pd
    >>> tl = pd.DataFrame({"group": [f"G{i}" for i in range(6)],
    ...     "earliest": pd.to_datetime(["2020-10-01", "2020-12-01", "2021-02-01", "2021-06-01",
    ...                                 "2021-08-01", "2021-10-01"]),
    ...     "latest": pd.to_datetime(["2020-10-31", "2020-12-31", "2021-02-28", "2021-06-30",
    ...                               "2021-08-31", "2021-10-31"]),
    ...     "category": ["ontwikkeling"] * 3 + ["activiteit"] * 3, "conditions": [""] * 6,
    ...     "n_interviews": [2, 1, 1, 2, 1, 2], "interviews": ["P1;P2", "P1", "P2", "P1;P2", "P2", "P1;P2"],
    ...     "phase_talk": [""] * 6, "phase_talk_by": [""] * 6})
    >>> [(r.phase, str(r.start.date()), str(r.end.date())) for r in propose_phases(tl).itertuples()]
    [(1, '2020-10-01', '2021-05-31'), (2, '2021-06-01', '2021-10-31')]

    A plan told in the interviews does not stretch the last phase (unless a phase of plans
    starts at the interviews):

    >>> plan = pd.DataFrame({"group": ["G6"], "earliest": pd.to_datetime(["2027-01-01"]),
    ...     "latest": pd.to_datetime(["2027-12-31"]), "category": ["ontwikkeling"], "conditions": [""],
    ...     "n_interviews": [1], "interviews": ["P1"], "phase_talk": [""], "phase_talk_by": [""]})
    >>> str(propose_phases(pd.concat([tl, plan]), reference=date(2021, 11, 15))["end"].iloc[-1].date())
    '2021-10-31'
    """
    options = options or PhaseOptions()
    columns = ["phase", "name", "start", "end", "score", "reasons", "n_events", "groups"]
    table = collective.copy()
    for column in ("phase_talk", "phase_talk_by"):
        if column not in table:
            table[column] = ""
    table = table[table["earliest"].notna() & table["latest"].notna()]
    if table.empty:
        return pd.DataFrame(columns=columns)
    n = n_interviews or len({i for v in table["interviews"] for i in str(v).split(";") if i})
    earliest, latest = pd.to_datetime(table["earliest"]), pd.to_datetime(table["latest"])
    table = table.assign(_mid=earliest + (latest - earliest) / 2)
    points = table[(latest - earliest).dt.days <= 366]
    shared = (table["n_interviews"] > 1).to_numpy()
    dated = shared & ((latest - earliest).dt.days <= FIRST_MAX_DAYS).to_numpy()  # not a whole year ('in 2019')
    opening = table[dated if dated.any() else shared if shared.any() else slice(None)].sort_values(
        ["earliest", "group"], kind="stable").iloc[0]
    first = _month(opening["earliest"])
    first_reason = (f"eerste gebeurtenis die meer geïnterviewden vertellen: {opening['group']}, verteld door "
                    f"{opening['n_interviews']} van {max(n, 1)}" if opening["n_interviews"] > 1 else
                    f"eerste gebeurtenis: {opening['group']}")
    last = pd.to_datetime(table["latest"]).max()
    named = divisions if divisions is not None else \
        pd.DataFrame(columns=["interview_id", "period", "start", "date_text"])
    candidates = _candidates(points, table, reference, max(n, 1), options, named)
    chosen: list[pd.Timestamp] = []
    for c in candidates.sort_values(["score", "start"], ascending=[False, True], kind="stable").itertuples():
        if len(chosen) >= options.max_phases - 1 or c.score < options.min_score:
            break
        if c.start <= first or any(abs((c.start - s).days) < options.min_months * 30.4 for s in [first, *chosen]) \
                or (last - c.start).days < options.min_months * 30.4 / 2:
            continue
        chosen.append(c.start)
    bounds = sorted(chosen)
    if reference is not None and not (bounds and bounds[-1] >= _month(reference)):
        told = latest[earliest <= pd.Timestamp(reference)]   # no phase of plans: the history ends
        last = told.max() if len(told) else last             # with what was told, not with a plan
    reasons = candidates.set_index("start")
    rows = []
    for k, start in enumerate([first, *bounds]):
        end = bounds[k] - pd.Timedelta(days=1) if k < len(bounds) else last
        inside = table[(table["_mid"] >= start) & (table["_mid"] <= end + pd.Timedelta(days=1))]
        rows.append({"phase": k + 1, "name": f"Fase {k + 1}", "start": start, "end": pd.Timestamp(end),
                     "score": float(reasons.at[start, "score"]) if k else np.nan,
                     "reasons": str(reasons.at[start, "reasons"]) if k else first_reason,
                     "n_events": len(inside), "groups": ";".join(inside["group"].astype(str))})
    return pd.DataFrame(rows, columns=columns)


def assign_phases(table: pd.DataFrame, phases: Sequence[PhaseSpec]) -> pd.Series:
    """The phase number (1, 2, ...) of each row, read as a moment (:func:`interval_phases`);
    0 outside all phases.

    Examples
    --------
    >>> import pandas as pd
    >>> from datetime import date
    >>> ev = pd.DataFrame({"earliest": pd.to_datetime(["2020-02-01", "2021-06-01", "2019-01-01"]),
    ...                    "latest": pd.to_datetime(["2020-02-28", "2021-06-30", "2019-12-31"])})
    >>> ph = [("a", date(2020, 1, 1), date(2020, 12, 31)), ("b", date(2021, 1, 1), date(2021, 12, 31))]
    >>> assign_phases(ev, ph).tolist()
    [1, 2, 0]
    """
    found = [interval_phases(a, b, phases, period=False)
             for a, b in zip(table["earliest"], table["latest"])]
    return pd.Series([k[0] if k else 0 for k in found], index=table.index, dtype=int)


def compare_phases(proposed: pd.DataFrame, defined: Sequence[PhaseSpec]) -> pd.DataFrame:
    """Each defined phase start next to a proposed one, with the difference in months.

    Starts are paired one to one, the closest pairs first; a defined phase left without a
    proposed start was not found (``proposed_start`` NaT, ``months`` None).

    Examples
    --------
    >>> import pandas as pd
    >>> from datetime import date
    >>> prop = pd.DataFrame({"phase": [1, 2], "start": pd.to_datetime(["2020-01-01", "2021-05-01"])})
    >>> compare_phases(prop, [("a", date(2020, 1, 1), date(2020, 6, 30)),
    ...                       ("b", date(2020, 7, 1), date(2020, 12, 31)),
    ...                       ("c", date(2021, 1, 1), date(2021, 12, 31))])["months"].tolist()
    [0, <NA>, 4]
    """
    starts = list(pd.to_datetime(proposed["start"]))
    wanted = [pd.Timestamp(start) for _, start, _ in defined]
    pairs = sorted((abs((p - s).days), p, k, j) for k, s in enumerate(wanted) for j, p in enumerate(starts))
    match: dict[int, pd.Timestamp] = {}
    used: set[int] = set()
    for _, p, k, j in pairs:
        if k not in match and j not in used:
            match[k] = p
            used.add(j)
    rows = []
    for k, ((name, _, _), s) in enumerate(zip(defined, wanted)):
        near = match.get(k)
        months = None if near is None else _months_after(near, s)
        rows.append({"phase": k + 1, "name": name, "start": s, "proposed_start": near, "months": months})
    out = pd.DataFrame(rows, columns=["phase", "name", "start", "proposed_start", "months"])
    return out.astype({"proposed_start": "datetime64[ns]", "months": "Int64"})


def phases_yaml(proposed: pd.DataFrame) -> str:
    """The proposal as a ``phases:`` block to paste into ``case.yaml`` (and rename).

    Examples
    --------
    >>> import pandas as pd
    >>> prop = pd.DataFrame({"name": ["Fase 1"], "start": pd.to_datetime(["2020-09-01"]),
    ...                      "end": pd.to_datetime(["2022-06-30"])})
    >>> print(phases_yaml(prop))
    phases:
      - name: Fase 1
        start: 2020-09
        end: 2022-06
    """
    lines = ["phases:"]
    for row in proposed.itertuples(index=False):
        lines += [f"  - name: {row.name}", f"    start: {pd.Timestamp(row.start):%Y-%m}",
                  f"    end: {pd.Timestamp(row.end):%Y-%m}"]
    return "\n".join(lines)


def as_phases(proposed: pd.DataFrame) -> list[PhaseSpec]:
    """The rows of :func:`propose_phases` as ``(name, start, end)`` tuples.

    Examples
    --------
    >>> import pandas as pd
    >>> as_phases(pd.DataFrame({"name": ["Fase 1"], "start": pd.to_datetime(["2020-09-01"]),
    ...                         "end": pd.to_datetime(["2022-06-30"])}))
    [('Fase 1', datetime.date(2020, 9, 1), datetime.date(2022, 6, 30))]
    """
    return [(str(r.name), pd.Timestamp(r.start).date(), pd.Timestamp(r.end).date())
            for r in proposed.itertuples(index=False)]
