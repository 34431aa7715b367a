"""From individual timelines to one collective timeline.

A learning history compares the timelines of the interviewees - where do their stories
agree, where do they differ? - and merges them into one collective timeline. This module
does the mechanical part and leaves every decision reviewable:

1. :func:`collapse_repeats` - within one segment, mentions of the same moment ("eind 2021,
   november volgens mij") become one event.
2. :func:`align_events` - the same event told by different people is found by date
   overlap times text similarity, and grouped (average linkage, one threshold). A
   researcher overrides any grouping in a CSV (:func:`read_alignment_overrides`).
3. :func:`merge_timeline` - one row per group: the collective timeline, with where the
   tellers agree on date and category, and which events only one person told.
4. :func:`perspective_matrix` - event x interviewee: who told what, and how they dated it.

The score of two events is ``date compatibility x (0.2 x date precision + 0.8 x text
similarity)``, each between 0 and 1; they are the same event when the average score
between their groups is at least 0.15 (:class:`AlignOptions`):

* date compatibility: the overlap of the two intervals divided by the shorter one (1 when
  one lies inside the other); intervals that do not overlap score ``0.5 x (1 - gap /
  tolerance_days)``, down to 0;
* date precision: 1 when both are dated to the month or better, 0.5 to the season, else 0
  (two people naming the same month is itself evidence; two naming the same year is not);
* text similarity: cosine of TF-IDF vectors of the content lemmas of the two quotes
  (Dutch stop words and numbers left out).

These settings were chosen on the hand-grouped events of the Pittelo demo and measured
once on those of the Overijssel demo (``tests/test_collective.py`` prints both).

Two mentions in the same segment are never the same event (that is step 1's job).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import CorpusError
from .phases import as_phases, case_phases, phase_divisions, phase_talk, propose_phases

logger = logging.getLogger("pao_analysis")

__all__ = ["AlignOptions", "CaseTimeline", "align_events", "case_timeline", "collapse_repeats", "merge_timeline",
           "perspective_matrix", "plot_collective", "read_alignment_overrides"]

#: A mention wider than this (days) never absorbs another one in the same segment.
REPEAT_MAX_DAYS = 400
#: Characters of a label taken from the quote when the event has none.
LABEL_CHARS = 80
_WORD = re.compile(r"[^\W\d_]{2,}")
_YEAR = re.compile(r"\d")
#: Words that date rather than describe: left out of the text similarity.
TIME_WORDS = frozenset(
    "januari februari maart april mei juni juli augustus september oktober november december "
    "voorjaar lente zomer najaar herfst winter jaar maand week dag begin eind einde medio half "
    "vorig volgend komend afgelopen geleden later eerder toen daarna sinds vanaf nu".split())


@dataclass(frozen=True)
class AlignOptions:
    """When two events count as the same: ``score >= min_score`` (see the module text)."""

    min_score: float = 0.15
    tolerance_days: int = 62
    precision_weight: float = 0.2

    def __post_init__(self) -> None:
        if not 0 < self.min_score <= 1:
            raise ValueError(f"min_score must be in (0, 1], got {self.min_score!r}")
        if not 0 <= self.precision_weight <= 1:
            raise ValueError(f"precision_weight must be in [0, 1], got {self.precision_weight!r}")
        if self.tolerance_days < 0:
            raise ValueError(f"tolerance_days must be >= 0, got {self.tolerance_days!r}")


# --------------------------------------------------------------------------------------
# 1. repeats within a segment
# --------------------------------------------------------------------------------------


def _days(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    a = pd.to_datetime(df["earliest"]).to_numpy("datetime64[D]").astype(np.int64)
    b = pd.to_datetime(df["latest"]).to_numpy("datetime64[D]").astype(np.int64)
    return a, b


def _precision(days: int) -> int:
    """0 day, 1 week, 2 month, 3 season, 4 year, 5 longer."""
    return int(np.searchsorted([0, 6, 30, 92, 365], days))


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def collapse_repeats(events: pd.DataFrame) -> pd.DataFrame:
    """One event per moment within a segment: nested mentions are merged.

    A mention (not a range such as ``sinds 2020``, at most :data:`REPEAT_MAX_DAYS` long)
    that contains another mention of the same segment, said in one breath (either one's
    date text is in the other's ``label``, when there are labels), is the same moment told
    twice: "eind 2021, november volgens mij" is November 2021; "na de zomer belde Kees. ...
    En in november was de eerste maaltijd" are two events. The merged event keeps the row of
    its most precise mention (its ``event_id``, quote and date text) with the span of the
    innermost mentions ("begin 2021, januari, februari" is January-February 2021);
    ``repeats`` lists the event ids merged into it.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["s#1", "s#2", "s#3"], "segment_id": ["s"] * 3,
    ...     "date_text": ["begin 2021", "januari", "februari"], "kind": ["fuzzy", "absolute", "absolute"],
    ...     "earliest": pd.to_datetime(["2021-01-01", "2021-01-01", "2021-02-01"]),
    ...     "latest": pd.to_datetime(["2021-04-30", "2021-01-31", "2021-02-28"])})
    >>> out = collapse_repeats(ev)
    >>> out[["event_id", "date_text", "repeats"]].values.tolist()
    [['s#2', 'januari', 's#1;s#3']]
    >>> str(out.loc[0, "latest"].date())
    '2021-02-28'
    """
    if events.empty:
        return events.assign(repeats=pd.Series(dtype=object))
    ev = events.sort_values("event_id", kind="stable").reset_index(drop=True)
    a, b = _days(ev)
    wide_ok = ((b - a) < REPEAT_MAX_DAYS) & (ev.get("kind", pd.Series("", index=ev.index)) != "range").to_numpy()
    parent = list(range(len(ev)))
    contains = np.zeros((len(ev), len(ev)), dtype=bool)
    labels = ev["label"].fillna("").astype(str).str.lower().tolist() if "label" in ev else None
    said = ev["date_text"].fillna("").astype(str).str.lower().tolist()
    for _, idx in ev.groupby("segment_id", sort=False).indices.items():
        for i in idx:
            for j in idx:
                if i != j and wide_ok[i] and a[i] <= a[j] and b[j] <= b[i] and (
                        labels is None or said[i] in labels[j] or said[j] in labels[i]):  # in one breath
                    contains[i, j] = (a[i], b[i]) != (a[j], b[j])
                    parent[_find(parent, i)] = _find(parent, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(ev)):
        groups.setdefault(_find(parent, i), []).append(i)
    keep, rows = [], []
    for members in groups.values():
        inner = [i for i in members if not any(contains[i, j] for j in members)]
        best = min(inner, key=lambda i: (_precision(b[i] - a[i]), not _YEAR.search(str(ev.at[i, "date_text"])), i))
        keep.append(best)
        rows.append((best, min(a[i] for i in inner), max(b[i] for i in inner),
                     ";".join(str(ev.at[i, "event_id"]) for i in sorted(members) if i != best)))
    out = ev.loc[[r[0] for r in rows]].copy()
    out["earliest"] = pd.to_datetime([np.datetime64(int(r[1]), "D") for r in rows]).astype(ev["earliest"].dtype)
    out["latest"] = pd.to_datetime([np.datetime64(int(r[2]), "D") for r in rows]).astype(ev["latest"].dtype)
    out["repeats"] = [r[3] for r in rows]
    return out.sort_values(["earliest", "event_id"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# 2. alignment across interviewees
# --------------------------------------------------------------------------------------


def date_compatibility(a: np.ndarray, b: np.ndarray, *, tolerance_days: int) -> np.ndarray:
    """Pairwise date compatibility of intervals ``[a, b]`` (day numbers), 0-1.

    Examples
    --------
    >>> import numpy as np
    >>> a, b = np.array([0, 10, 100]), np.array([30, 12, 110])
    >>> date_compatibility(a, b, tolerance_days=100).round(2).tolist()
    [[1.0, 1.0, 0.15], [1.0, 1.0, 0.06], [0.15, 0.06, 1.0]]
    """
    lo = np.maximum(a[:, None], a[None, :])
    hi = np.minimum(b[:, None], b[None, :])
    overlap = hi - lo + 1
    shorter = np.minimum(b - a + 1, (b - a + 1)[:, None])
    inside = np.clip(overlap / shorter, 0, 1)
    gap = -overlap + 1  # days between the intervals when they do not overlap
    near = 0.5 * np.clip(1 - gap / max(tolerance_days, 1), 0, 1) if tolerance_days else 0.0 * gap
    return np.where(overlap > 0, inside, near)


def _content_lemmas(text: str) -> list[str]:
    """The lemmas of ``text`` without stop words, numbers and time words (:data:`TIME_WORDS`)."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    from .nlp import lemma

    return [w for w in (lemma(x) for x in _WORD.findall(str(text))) if w not in STOP_WORDS and w not in TIME_WORDS]


def text_similarity(texts: list[str]) -> np.ndarray:
    """Pairwise cosine similarity of TF-IDF vectors of the content lemmas of ``texts``.

    Stop words, numbers and time words (:data:`TIME_WORDS`) are left out.

    Examples
    --------
    >>> s = text_similarity(["Het preventieakkoord werd gesloten.", "Toen kwam dat preventieakkoord.",
    ...                      "We gingen op vakantie."])
    >>> bool(s[0, 1] > 0.3), float(s[0, 2])
    (True, 0.0)
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [" ".join(_content_lemmas(t)) for t in texts]
    if not any(docs):
        return np.zeros((len(texts), len(texts)))
    matrix = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit_transform(docs)
    return (matrix @ matrix.T).toarray()


def _precision_class(days):
    """0 for a date known to a month or closer (at most 31 days wide), 1 to a season (92), else 2."""
    return np.where(np.asarray(days) <= 31, 0, np.where(np.asarray(days) <= 92, 1, 2))


def _scores(events: pd.DataFrame, options: AlignOptions) -> np.ndarray:
    a, b = _days(events)
    wider = np.maximum((b - a + 1)[:, None], (b - a + 1)[None, :])
    precise = 1.0 - 0.5 * _precision_class(wider)
    text = text_similarity(events["quote"].fillna("").astype(str).tolist())
    score = date_compatibility(a, b, tolerance_days=options.tolerance_days) * \
        (options.precision_weight * precise + (1 - options.precision_weight) * text)
    segment = events["segment_id"].astype(str).to_numpy()
    score[segment[:, None] == segment[None, :]] = 0.0
    np.fill_diagonal(score, 1.0)
    return np.clip(score, 0.0, 1.0)


def _average_linkage(score: np.ndarray, threshold: float) -> list[int]:
    """Group labels by average-linkage clustering, merging while the mean score >= threshold."""
    n = len(score)
    if n < 2:
        return [0] * n
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - threshold + 1e-9)
    return model.fit_predict(1.0 - score).tolist()


def read_alignment_overrides(path: str | Path) -> pd.DataFrame:
    """The researcher's corrections of the alignment: a CSV with ``event_id`` and ``group``.

    Events with the same ``group`` value are one event, whatever the automatic alignment
    said; an event whose group is ``-`` stands alone. Events not listed keep the automatic
    grouping. A missing file means no corrections.

    Raises
    ------
    CorpusError
        When the file lacks a column or is not readable as CSV.
    """
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame({"event_id": pd.Series(dtype=str), "group": pd.Series(dtype=str)})
    from .config import csv_error, csv_format

    data = path.read_bytes()
    try:
        encoding, sep = csv_format(data)
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, sep=sep)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise csv_error(exc, display=path.name) from exc
    missing = [c for c in ("event_id", "group") if c not in table.columns]
    if missing:
        raise CorpusError(f"{path.name}: missing column(s) {', '.join(missing)}",
                          fix="the file needs the columns event_id and group (copy the review table "
                              "tables/koppelingen.csv and edit its group column)")
    table = table[["event_id", "group"]].apply(lambda c: c.str.strip())
    return table[table["event_id"] != ""].drop_duplicates("event_id", keep="last").reset_index(drop=True)


def align_events(events: pd.DataFrame, *, options: AlignOptions | None = None,
                 overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """Group the events that tell the same thing, across and within interviews.

    Parameters
    ----------
    events:
        EVENTS table, usually after :func:`collapse_repeats`.
    options:
        The score threshold and date tolerance (:class:`AlignOptions`).
    overrides:
        The researcher's corrections (:func:`read_alignment_overrides`); they win.

    Returns
    -------
    pandas.DataFrame
        ``events`` plus ``group`` (``G01``, ``G02``, ... in date order), ``score`` (the
        mean score of the event with the other members of its group; 1 for a group of
        one), ``link`` (``auto``, or ``researcher`` when the researcher's corrections placed
        it) and ``nearest``/``nearest_score`` (the best-scoring event outside the group and
        its score, for review).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"event_id": ["a#1", "b#1", "c#1"], "segment_id": ["a", "b", "c"],
    ...     "interview_id": ["P1", "P2", "P3"],
    ...     "quote": ["In november 2021 kwam het preventieakkoord.", "Eind 2021 het preventieakkoord.",
    ...               "In november 2021 ging ik verhuizen."],
    ...     "earliest": pd.to_datetime(["2021-11-01", "2021-09-01", "2021-11-01"]),
    ...     "latest": pd.to_datetime(["2021-11-30", "2021-12-31", "2021-11-30"])})
    >>> align_events(ev)["group"].tolist()
    ['G01', 'G01', 'G02']
    """
    options = options or AlignOptions()
    ev = events.sort_values("event_id", kind="stable").reset_index(drop=True)
    if ev.empty:
        return ev.assign(group=pd.Series(dtype=object), score=pd.Series(dtype=float),
                         link=pd.Series(dtype=object), nearest=pd.Series(dtype=object),
                         nearest_score=pd.Series(dtype=float))
    score = _scores(ev, options)
    labels = [f"a{k}" for k in _average_linkage(score, options.min_score)]
    link = ["auto"] * len(ev)
    if overrides is not None and not overrides.empty:
        row = {e: i for i, e in enumerate(ev["event_id"].astype(str))}
        unknown = sorted(set(overrides["event_id"]) - set(row))
        if unknown:
            logger.warning("alignment corrections name events that are not in the timeline (left out): %s",
                           ", ".join(unknown[:10]))
        for e, g in zip(overrides["event_id"], overrides["group"]):
            if e in row:
                labels[row[e]] = f"-{e}" if g in {"", "-"} else f"r{g}"
                link[row[e]] = "researcher"
    ev["_label"], ev["link"] = labels, link
    members = ev.groupby("_label", sort=False).indices
    mean_score, nearest, nearest_score = [], [], []
    for i, lab in enumerate(labels):
        others = [j for j in members[lab] if j != i]
        mean_score.append(float(score[i, others].mean()) if others else 1.0)
        outside = np.array([j for j in range(len(ev)) if labels[j] != lab], dtype=int)
        if len(outside) and score[i, outside].max() > 0:
            j = int(outside[np.argmax(score[i, outside])])
            nearest.append(str(ev.at[j, "event_id"]))
            nearest_score.append(float(score[i, j]))
        else:
            nearest.append("")
            nearest_score.append(0.0)
    ev["score"], ev["nearest"], ev["nearest_score"] = np.round(mean_score, 3), nearest, np.round(nearest_score, 3)
    a, b = _days(ev)
    ev["_mid"] = (a + b) / 2
    order = ev.groupby("_label", sort=False)["_mid"].median().reset_index()
    order["_first"] = [min(ev.loc[members[k], "event_id"].astype(str)) for k in order["_label"]]
    order = order.sort_values(["_mid", "_first"], kind="stable").reset_index(drop=True)
    width = max(2, len(str(len(order))))
    names = {k: f"G{n + 1:0{width}d}" for n, k in enumerate(order["_label"])}
    ev["group"] = ev["_label"].map(names)
    out = ev.drop(columns=["_label", "_mid"])
    return out.sort_values(["group", "earliest", "interview_id", "event_id"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# 3. the collective timeline
# --------------------------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit].rstrip(",;:.") + "…"


def event_label(row: Mapping, *, limit: int = LABEL_CHARS, undated: bool = False) -> str:
    """The event's own short label, else the start of its quote, cut at a word to ``limit``;
    ``undated``: without the time expressions it opens with, for a list that shows the date
    next to it (:func:`pao_analysis.timeline.undated_label`).

    Examples
    --------
    >>> event_label({"label": "", "quote": "Toen kwam het preventieakkoord, over roken en alcohol."}, limit=30)
    'Toen kwam het…'
    >>> event_label({"label": "In november 2021 kwam het preventieakkoord"}, undated=True)
    'kwam het preventieakkoord'
    """
    from .timeline import undated_label

    text = str(row.get("label", "") or "").strip() or str(row.get("quote", "") or "")
    return _cut(undated_label(text) if undated else text, limit)


def _majority(values: list[str], precision: list[int]) -> str:
    """The most frequent non-empty value; ties go to the value of the most precise event."""
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return ""
    top = max(counts.values())
    tied = {v for v, c in counts.items() if c == top}
    return min((p, v) for v, p in zip(values, precision) if v in tied)[1]


def _representative(labels: list[str], quotes: list[str], width: list[int]) -> int:
    """The position of the event whose label says most of what the others tell. Among the
    most precisely dated (to a month, a season or else, :func:`_precision_class`): the most
    content words (:func:`_content_lemmas`) that also occur in another event's quote
    ("Februari 2023. Die bijeenkomst met de studenten" rather than "Februari 2023. Zonder
    twijfel"); ties: the narrowest date.

    Examples
    --------
    >>> _representative(["Februari 2023. Zonder twijfel", "Februari 2023. Die bijeenkomst met de studenten",
    ...                  "In februari de bijeenkomst"],
    ...                 ["Februari 2023. Zonder twijfel.", "Februari 2023. Die bijeenkomst met de studenten.",
    ...                  "In februari de bijeenkomst met de studenten in het buurthuis."], [27, 27, 28])
    1
    >>> _representative(["Eind 2021", "november 2021"], ["Eind 2021.", "In november 2021."], [121, 29])
    1
    """
    words = [set(_content_lemmas(q)) for q in quotes]

    def told_by_others(i: int) -> int:
        others = set().union(*(w for j, w in enumerate(words) if j != i))
        return len(set(_content_lemmas(labels[i])) & others)

    precision = _precision_class([w + 1 for w in width])
    return min(range(len(labels)), key=lambda i: (precision[i], -told_by_others(i), width[i], i))


def merge_timeline(aligned: pd.DataFrame) -> pd.DataFrame:
    """One row per group of :func:`align_events`: the collective timeline.

    Columns: ``group``, ``earliest``/``latest`` (where all tellers' dates overlap; when they
    do not, the span of all of them), ``date_agreement`` (the tellers' dates overlap),
    ``label`` and ``quote`` (of the event that says best what the group tells,
    :func:`_representative`), ``category`` (the most frequent one), ``category_agreement``,
    ``conditions`` (all coded on the group's segments), ``interviews`` (who told it,
    ';'-joined), ``n_interviews``, ``only_one`` (told by one interviewee only),
    ``event_ids`` (';'-joined, for the quotes) and ``phase_talk`` (an explicit phrase about
    a new phase in one of the quotes, see :func:`pao_analysis.phases.phase_talk`) and
    ``phase_talk_by`` (whose quotes have one).

    Examples
    --------
    >>> import pandas as pd
    >>> al = pd.DataFrame({"group": ["G01", "G01"], "event_id": ["a#1", "b#1"],
    ...     "interview_id": ["P1", "P2"], "category": ["ontwikkeling", "ontwikkeling"],
    ...     "conditions": ["organisatie", ""], "quote": ["Eind 2021 het akkoord.", "In november het akkoord."],
    ...     "earliest": pd.to_datetime(["2021-09-01", "2021-11-01"]),
    ...     "latest": pd.to_datetime(["2021-12-31", "2021-11-30"])})
    >>> row = merge_timeline(al).iloc[0]
    >>> str(row["earliest"].date()), str(row["latest"].date()), int(row["n_interviews"]), bool(row["date_agreement"])
    ('2021-11-01', '2021-11-30', 2, True)
    """
    columns = ["group", "earliest", "latest", "date_agreement", "label", "quote", "category",
               "category_agreement", "conditions", "interviews", "n_interviews", "only_one", "event_ids",
               "phase_talk", "phase_talk_by"]
    if aligned.empty:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c in {"earliest", "latest"} else object)
                             for c in columns})
    rows = []
    for group, grp in aligned.groupby("group", sort=True):
        a, b = _days(grp)
        lo, hi = a.max(), b.min()
        agree = bool(lo <= hi)
        if not agree:
            lo, hi = a.min(), b.max()
        width = (b - a).tolist()
        records = grp.to_dict("records")
        best = grp.iloc[_representative([event_label(r) for r in records],
                                        [str(r.get("quote", "") or "") for r in records], width)]
        cats = grp["category"].fillna("").astype(str).tolist()
        interviews = sorted(set(grp["interview_id"].astype(str)))
        talk = [phase_talk(q) for q in grp["quote"].fillna("").astype(str)]
        conditions = sorted({c for v in grp["conditions"].fillna("").astype(str) for c in v.split(";") if c})
        rows.append({
            "group": group, "earliest": pd.Timestamp(np.datetime64(int(lo), "D")),
            "latest": pd.Timestamp(np.datetime64(int(hi), "D")), "date_agreement": agree,
            "label": event_label(best.to_dict()), "quote": str(best.get("quote", "")),
            "category": _majority(cats, width), "category_agreement": len({c for c in cats if c}) <= 1,
            "conditions": ";".join(conditions), "interviews": ";".join(interviews),
            "n_interviews": len(interviews), "only_one": len(interviews) == 1,
            "event_ids": ";".join(grp["event_id"].astype(str)),
            "phase_talk": next((t for t in talk if t), ""),
            "phase_talk_by": ";".join(sorted({i for i, t in zip(grp["interview_id"].astype(str), talk) if t})),
        })
    out = pd.DataFrame(rows, columns=columns)
    for col in ("earliest", "latest"):
        out[col] = out[col].astype("datetime64[ns]")
    return out.sort_values(["earliest", "latest", "group"], kind="stable").reset_index(drop=True)


def key_events(collective: pd.DataFrame, *, n: int = 12) -> pd.DataFrame:
    """The ``n`` events told by most interviewees (ties: the more precisely dated), in date order.

    Examples
    --------
    >>> import pandas as pd
    >>> tl = pd.DataFrame({"group": ["G1", "G2", "G3"], "n_interviews": [1, 3, 2],
    ...     "earliest": pd.to_datetime(["2021-01-01", "2022-01-01", "2020-01-01"]),
    ...     "latest": pd.to_datetime(["2021-01-31", "2022-12-31", "2020-01-31"])})
    >>> key_events(tl, n=2)["group"].tolist()
    ['G3', 'G2']
    """
    width = (pd.to_datetime(collective["latest"]) - pd.to_datetime(collective["earliest"])).dt.days
    ranked = collective.assign(_w=width).sort_values(["n_interviews", "_w", "earliest"],
                                                     ascending=[False, True, True], kind="stable")
    top = ranked.head(n).drop(columns="_w")
    return top.sort_values(["earliest", "latest", "group"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# 4. perspectives side by side
# --------------------------------------------------------------------------------------


def perspective_matrix(aligned: pd.DataFrame, collective: pd.DataFrame, *,
                       interviews: list[str] | None = None) -> pd.DataFrame:
    """Event x interviewee: how each interviewee dated each event of the collective timeline.

    One row per event of ``collective`` (in its order) with ``group``, ``label``, one column
    per interview holding the time expression(s) that interviewee used ('' when they did not
    tell it), ``n_interviews`` and ``only_one``.

    Examples
    --------
    >>> import pandas as pd
    >>> al = pd.DataFrame({"group": ["G01", "G01"], "interview_id": ["P1", "P2"],
    ...                    "date_text": ["eind 2021", "november"]})
    >>> tl = pd.DataFrame({"group": ["G01"], "label": ["akkoord"], "n_interviews": [2], "only_one": [False]})
    >>> perspective_matrix(al, tl, interviews=["P1", "P2", "P3"]).iloc[0, :5].tolist()
    ['G01', 'akkoord', 'eind 2021', 'november', '']
    """
    ids = list(interviews) if interviews is not None else sorted(set(aligned["interview_id"].astype(str)))
    told = aligned.groupby(["group", "interview_id"], sort=True)["date_text"].agg(
        lambda s: "; ".join(dict.fromkeys(str(x) for x in s)))
    rows = []
    for ev in collective.itertuples(index=False):
        rows.append({"group": ev.group, "label": ev.label,
                     **{i: told.get((ev.group, i), "") for i in ids},
                     "n_interviews": ev.n_interviews, "only_one": ev.only_one})
    return pd.DataFrame(rows, columns=["group", "label", *ids, "n_interviews", "only_one"])


# --------------------------------------------------------------------------------------
# 5. the flagship figure
# --------------------------------------------------------------------------------------


#: Longest line of the key-event list under the collective timeline (half an A4 width).
KEY_LINE_CHARS = 72


def _date_words(earliest, latest, language: str) -> str:
    from .timeline import _MONTH_ABBR

    a, b = pd.Timestamp(earliest), pd.Timestamp(latest)
    months = _MONTH_ABBR[language]
    if (a.year, a.month) == (b.year, b.month):
        return f"{months[a.month - 1]} {a.year}"
    if a.month == 1 and b.month == 12 and a.day == 1 and b.day == 31:
        return str(a.year) if a.year == b.year else f"{a.year}-{b.year}"
    return f"{months[a.month - 1]} {a.year} - {months[b.month - 1]} {b.year}"


def plot_collective(collective: pd.DataFrame, *, categories, phases=(), n_key: int = 12, language: str = "nl",
                    title: str | None = None, n_interviews: int | None = None):
    """The collective timeline on an A4 landscape page: phases as bands, events in category
    lanes, phase transitions marked, the key events numbered and listed below.

    Parameters
    ----------
    collective:
        :func:`merge_timeline` output.
    categories:
        ``(code_id, label, colour)`` per lane (as for :func:`pao_analysis.timeline.plot_timeline`).
    phases:
        ``(name, start, end)`` per phase; each start after the first is a transition. Events
    that ended more than a year before the first phase (background) are left out.
    n_key:
        Number of key events (:func:`key_events`) numbered and listed.
    n_interviews:
        Number of interviews of the case, for "told by k of n".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from datetime import date
    >>> tl = pd.DataFrame({"group": ["G01", "G02"], "n_interviews": [3, 1], "category": ["activiteit", ""],
    ...     "label": ["Het preventieakkoord", "Een gesprek"],
    ...     "earliest": pd.to_datetime(["2021-11-01", "2022-03-01"]),
    ...     "latest": pd.to_datetime(["2021-11-30", "2022-03-31"])})
    >>> fig = plot_collective(tl, categories=[("activiteit", "Activiteiten", "#1f77b4")], n_key=1,
    ...                       phases=[("Begin", date(2021, 1, 1), date(2021, 12, 31)),
    ...                               ("Vervolg", date(2022, 1, 1), date(2022, 12, 31))])
    >>> [t.get_text() for t in fig.axes[1].texts][:1]
    ['1  nov 2021  Het preventieakkoord (3)']
    """
    from matplotlib.figure import Figure

    from .timeline import plot_timeline

    if len(phases):  # what ended more than a year before the first phase is background
        first = pd.Timestamp(min(start for _, start, _ in phases)) - pd.Timedelta(days=365)
        collective = collective[pd.to_datetime(collective["latest"]) >= first]
    key = key_events(collective, n=n_key) if len(collective) else collective
    number = {g: str(k + 1) for k, g in enumerate(key["group"])}
    events = collective.assign(marker=collective["group"].map(number).fillna(""))
    fig = Figure(figsize=(11.69, 8.27), layout="constrained")
    top, bottom = fig.subplots(2, 1, height_ratios=[3, 1.35])
    plot_timeline(events, categories=categories, phases=phases, language=language, title=title,
                  transitions=[start for _, start, _ in list(phases)[1:]], ax=top)
    bottom.set_axis_off()
    told = {"nl": "verteld door", "en": "told by"}[language]
    lines = []
    for k, row in enumerate(key.itertuples(index=False), start=1):
        who = f"{row.n_interviews}" if n_interviews is None else f"{row.n_interviews}/{n_interviews}"
        head, tail = f"{k}  {_date_words(row.earliest, row.latest, language)}  ", f" ({who})"
        room = max(KEY_LINE_CHARS - len(head) - len(tail), 24)
        lines.append(head + event_label(row._asdict(), limit=room, undated=True) + tail)
    half = (len(lines) + 1) // 2
    for col, chunk in enumerate([lines[:half], lines[half:]]):
        for r, text in enumerate(chunk):
            bottom.text(0.5 * col, 1 - r / max(half, 7), text, transform=bottom.transAxes, fontsize=7.5,
                        va="top", ha="left", color="#222222")
    heading = {"nl": f"Kerngebeurtenissen (tussen haakjes: {told} zoveel geïnterviewden)",
               "en": f"Key events (in brackets: {told} this many interviewees)"}[language]
    bottom.set_title(heading, loc="left", fontsize=8.5)
    return fig


# --------------------------------------------------------------------------------------
# 6. the whole chain for one case
# --------------------------------------------------------------------------------------

#: Where a researcher corrects the alignment, relative to the case folder.
ALIGNMENT_FILE = Path("timeline") / "alignment.csv"


@dataclass(frozen=True)
class CaseTimeline:
    """Everything from the dated events of a case to its phases (see :func:`case_timeline`)."""

    events: pd.DataFrame
    check: object
    aligned: pd.DataFrame
    merged: pd.DataFrame
    proposed: pd.DataFrame
    phases: list
    defined: bool
    divisions: pd.DataFrame | None = None


def case_timeline(data, *, codings: pd.DataFrame | None = None, options: AlignOptions | None = None) -> CaseTimeline:
    """The learning-history chain of a prepared case, as every notebook needs it.

    Events (:func:`pao_analysis.timeline.extract_events`) -> the interviewees' member-check
    answers applied -> repeats merged -> aligned across interviewees (with the
    researcher's corrections in ``<case>/timeline/alignment.csv``) -> the collective
    timeline -> proposed phases, heeding the interviewees' own dated divisions into phases
    (``divisions``, :func:`pao_analysis.phases.phase_divisions`). ``phases`` are those of
    ``case.yaml`` when the researcher wrote them (``defined``), else the proposal.

    Parameters
    ----------
    data:
        :class:`pao_analysis.pipeline.CaseData`.
    codings:
        Codings to take the categories and conditions from (default ``data.codings``; pass
        the codings with human codes merged in).
    options:
        :class:`AlignOptions`.
    """
    from .membercheck import checked_events
    from .timeline import extract_events

    case = data.case
    raw = extract_events(data.segments, data.codings if codings is None else codings,
                         interview_dates=case.interview_dates(), turns=data.turns)
    check = checked_events(raw, case)
    aligned = align_events(collapse_repeats(check.events), options=options,
                           overrides=read_alignment_overrides(case.root / ALIGNMENT_FILE))
    merged = merge_timeline(aligned)
    dates = [d for d in case.interview_dates().values() if d]
    divisions = phase_divisions(data.segments, interview_dates=case.interview_dates(), turns=data.turns)
    proposed = propose_phases(merged, reference=min(dates) if dates else None,
                              n_interviews=len(case.participants), divisions=divisions)
    defined = case_phases(case)
    return CaseTimeline(check.events, check, aligned, merged, proposed, defined or as_phases(proposed),
                        bool(defined), divisions)
