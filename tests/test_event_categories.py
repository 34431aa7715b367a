"""Issue 5's category measure: is each extracted event in the timeline category a human
annotator gives it?

Gold sets in ``tests/data/event_categories`` (see its README): the events of the two demo
cases categorised by an annotator who saw only the texts and the codebook's definitions
(Pittelo ``dev``, Overijssel held out), and three sets of 150 answers, each written and
categorised for this purpose by another author (every third turn held out). An extracted
event is matched to a gold event by interview, time expression and occurrence (demo
cases) or by overlapping characters (written sets). Reported: the event's own category
(:func:`timeline.event_categories`) against the segment's surest timeline code, which it
replaced.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import to_terminal

from pao_analysis import timeline
from pao_analysis.codebook import default_codebook
from pao_analysis.learn import code_learned
from pao_analysis.nlp import lemmatise

GOLD = Path(__file__).parent / "data" / "event_categories"
#: Held-out accuracy of the event categories, measured once with the method frozen on the
#: ``dev`` events (rounded down to 0.05): the floor below which a change is a regression.
#: Measured: Overijssel 0.679 (53 events), written 0.516 (64), written_b 0.616 (73), written_c
#: 0.574 (68); together 0.593 of 258, against 0.554 for the segment's code. Issue 5 asks 0.75.
HELD_OUT_FLOOR = {"overijssel": 0.65, "written": 0.50, "written_b": 0.60, "written_c": 0.55}


#: The written sets, by their file prefix: three authors, 12 interviewees and 4 cases each.
WRITTEN = ("written", "written_b", "written_c")


def _written(name: str, split: str) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    turns = pd.read_csv(GOLD / f"{name}_turns.csv", dtype=str, keep_default_na=False)
    turns = turns[turns["split"] == split].reset_index(drop=True)
    segments = pd.DataFrame({
        "segment_id": [f"w/{t}/0-{len(x)}" for t, x in zip(turns["turn_id"], turns["text"])], "case_id": "w",
        "interview_id": turns["turn_id"], "turn": 1, "speaker": "R", "speaker_role": "respondent", "start": 0,
        "end": turns["text"].str.len(), "text": turns["text"], "lemmas": turns["text"].map(lemmatise),
        "n_words": turns["text"].str.split().str.len()})
    dates = {t: date.fromisoformat(r) for t, r in zip(turns["turn_id"], turns["reference"])}
    return segments, dates, pd.read_csv(GOLD / f"{name}_events.csv", dtype={"occurrence": int}, keep_default_na=False)


def _written_truth(events: pd.DataFrame, segments: pd.DataFrame, dates: dict, gold: pd.DataFrame) -> list:
    text = dict(zip(segments["interview_id"], segments["text"]))
    spans = {}
    for row in gold[gold["turn_id"].isin(text)].itertuples():
        at = -1
        for _ in range(row.occurrence):
            at = text[row.turn_id].index(row.date_text, at + 1)
        spans.setdefault(row.turn_id, []).append((at, at + len(row.date_text), row.category))
    truth = []
    for event_id, iid in zip(events["event_id"], events["interview_id"]):
        m = timeline.extract_dates(text[iid], reference=dates[iid])[int(event_id.rsplit("#", 1)[1]) - 1]
        truth.append(next((c for a, b, c in spans.get(iid, []) if a < m.end and m.start < b), None))
    return truth


def _demo_truth(events: pd.DataFrame, case: str) -> list:
    gold = pd.read_csv(GOLD / f"{case}.csv", dtype={"occurrence": int}, keep_default_na=False)
    key = {(i, d, o): c for i, d, o, c in zip(gold["interview_id"], gold["date_text"], gold["occurrence"],
                                              gold["category"])}
    occurrence = events.groupby(["interview_id", events["date_text"].str.lower()]).cumcount() + 1
    return [key.get(k) for k in zip(events["interview_id"], events["date_text"], occurrence)]


def _segment_category(events: pd.DataFrame, codings: pd.DataFrame) -> list[str]:
    tl = codings[codings["codebook"] == "timeline"].assign(c=lambda d: -d["confidence"].astype(float))
    best = tl.sort_values(["segment_id", "c", "code_id"]).groupby("segment_id")["code_id"].first()
    return [best.get(s, "") for s in events["segment_id"]]


def _measure(segments, codings, dates, truth_of) -> dict:
    events = timeline.extract_events(segments, codings, interview_dates=dates)
    truth = truth_of(events)
    pairs = [(p, s, t) for p, s, t in zip(events["category"], _segment_category(events, codings), truth) if t]
    return {"events": len(pairs), "event": np.mean([p == t for p, _, t in pairs]),
            "segment": np.mean([s == t for _, s, t in pairs])}


@pytest.fixture(scope="module")
def measured(pittelo, overijssel, request):
    books = [default_codebook("conditions"), default_codebook("timeline")]
    rows = {}
    for case, data, part in [("pittelo", pittelo, "dev"), ("overijssel", overijssel, "held-out")]:
        rows[(case, part)] = _measure(data.segments, data.codings, data.case.interview_dates(),
                                      lambda ev, case=case: _demo_truth(ev, case))
    for name, split, part in [(n, s, p) for n in WRITTEN for s, p in [("dev", "dev"), ("heldout", "held-out")]]:
        segments, dates, gold = _written(name, split)
        rows[(name, part)] = _measure(segments, code_learned(segments, books), dates,
                                           lambda ev, s=segments, d=dates, g=gold: _written_truth(ev, s, d, g))
    table = pd.DataFrame(rows).T.rename_axis(["set", "part"])
    request.addfinalizer(lambda: to_terminal(request.config, "\nEvent category vs. the annotator (share right)\n"
                                             + table.to_string(float_format=lambda x: f"{x:.3f}")))
    return table


def test_gold_sets_are_complete_and_use_the_four_categories():
    ids = set(default_codebook("timeline").ids)
    for name in ("pittelo", "overijssel", *(f"{w}_events" for w in WRITTEN)):
        gold = pd.read_csv(GOLD / f"{name}.csv", dtype=str, keep_default_na=False)
        assert set(gold["category"]) <= ids | {""}
        assert (gold["category"] != "").mean() > 0.97
    for name in WRITTEN:
        turns = pd.read_csv(GOLD / f"{name}_turns.csv", dtype=str, keep_default_na=False)
        assert len(turns) == 150 and (turns["split"] == "heldout").sum() == 50


def test_every_gold_event_of_the_demo_is_found(measured):
    assert measured.loc[("pittelo", "dev"), "events"] >= 125
    assert measured.loc[("overijssel", "held-out"), "events"] >= 50


def test_the_event_category_beats_the_segment_code_on_dev(measured):
    dev = measured.xs("dev", level="part")
    assert (dev["event"] > dev["segment"]).all()


def test_held_out_event_categories_stay_above_their_measured_floor(measured):
    held = measured.xs("held-out", level="part")["event"]
    low = {s: round(v, 3) for s, v in held.items() if v < HELD_OUT_FLOOR[s]}
    assert not low, f"below the measured floor: {low}"


def test_two_annotators_agree_on_the_dev_events():
    """A second annotator, blind to the first, categorised the ``dev`` events again: how far
    humans agree is the ceiling a machine can be held to (measured: 0.94 and 0.93)."""
    from sklearn.metrics import cohen_kappa_score

    for first, second, key in [("pittelo", "pittelo", ["interview_id", "date_text", "occurrence"]),
                               ("written_events", "written_dev", ["turn_id", "date_text", "occurrence"])]:
        a = pd.read_csv(GOLD / f"{first}.csv", keep_default_na=False)
        b = pd.read_csv(GOLD / "second" / f"{second}.csv", keep_default_na=False)
        both = a.merge(b, on=key, suffixes=("_1", "_2"))
        both = both[(both["category_1"] != "") & (both["category_2"] != "")]
        assert len(both) >= 129
        assert (both["category_1"] == both["category_2"]).mean() >= 0.9
        assert cohen_kappa_score(both["category_1"], both["category_2"]) >= 0.85


def test_a_human_timeline_code_decides_among_its_categories():
    quote = "In 2019 ben ik hier begonnen als opbouwwerker."
    assert timeline.event_categories([quote], [quote]) == ["rol"]
    assert timeline.event_categories([quote], [quote], [{"uitdaging", "activiteit"}])[0] in {"uitdaging", "activiteit"}
    assert timeline.event_categories([quote], [quote], [{"uitdaging"}]) == ["uitdaging"]
    assert timeline.event_categories([], []) == []
