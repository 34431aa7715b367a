"""Issue 5's category measure: is each extracted event in the timeline category a human
annotator gives it?

Gold sets in ``tests/data/event_categories`` (see its README): the events of the two demo
cases categorised by an annotator who saw only the texts and the codebook's definitions
(Pittelo ``dev``, Overijssel held out), three sets of 150 answers, each written and
categorised for this purpose by another author (every third turn held out), and twelve
more such sets by twelve more authors, all ``dev``. An extracted event is matched to a
gold event by interview, time expression and occurrence (demo cases) or by overlapping
characters (written sets). Reported: the event's own category
(:func:`timeline.event_categories`) against the segment's surest timeline code, which it
replaced. The event model trains on the ``dev`` events of all sixteen sets; its share on
them is in-sample, the held-out parts are the measure.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import to_terminal

from pao_analysis import learn, timeline
from pao_analysis.codebook import default_codebook
from pao_analysis.learn import code_learned
from pao_analysis.nlp import lemmatise

GOLD = Path(__file__).parent / "data" / "event_categories"
#: Held-out accuracy of the event categories, measured once with the method frozen on the
#: ``dev`` events (rounded down to 0.05): the floor below which a change is a regression.
#: Measured with the event model on sixteen ``dev`` sets, with the words of sentence and
#: label: Overijssel 0.660 (53 events), written 0.766 (64), written_b 0.773 (75), written_c
#: 0.765 (68), together 0.746 of 260 (the model on four sets: 0.68; the sum of the coder's
#: scores: 0.593; the segment's surest code: 0.554). Issue 5 asks 0.75.
HELD_OUT_FLOOR = {"overijssel": 0.65, "written": 0.75, "written_b": 0.75, "written_c": 0.75}


#: The written sets, by their file prefix: three authors, 12 interviewees and 4 cases each.
WRITTEN = ("written", "written_b", "written_c")
#: Twelve more written sets by twelve more authors, all ``dev``: training data for the event model.
MORE_DEV = tuple(f"written_{x}" for x in "defghijklmno")


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


def _sentences(events: pd.DataFrame, segments: pd.DataFrame, dates: dict, turns) -> list[str]:
    """Each event's own sentence (:func:`timeline.event_sentence`), found again from its id
    (``segment#n``: the n-th time expression of the segment, read in interview order)."""
    text = dict(zip(segments["segment_id"], segments["text"]))
    found = timeline._mentions_in_order(segments, turns, dates)
    mention = [found[sid][int(event_id.rsplit("#", 1)[1]) - 1] for event_id, sid in zip(events["event_id"],
                                                                                         events["segment_id"])]
    return [timeline.event_sentence(text[sid], m.start, m.end) for m, sid in zip(mention, events["segment_id"])]


def _extract(segments, codings, dates, truth_of, turns=None) -> pd.DataFrame:
    """The events with their gold ``truth``, their own sentence and the segment's surest
    timeline code."""
    events = timeline.extract_events(segments, codings, interview_dates=dates, turns=turns)
    best = timeline.segment_categories(codings, "timeline")
    return events.assign(truth=truth_of(events), sentence=_sentences(events, segments, dates, turns),
                         segment_category=[best.get(s, "") for s in events["segment_id"]])


def extracted_sets(pittelo, overijssel) -> dict[tuple[str, str], pd.DataFrame]:
    """(set, part) -> its extracted events with their gold category."""
    books = [default_codebook("conditions"), default_codebook("timeline")]
    out = {}
    for case, data, part in [("pittelo", pittelo, "dev"), ("overijssel", overijssel, "held-out")]:
        out[(case, part)] = _extract(data.segments, data.codings, data.case.interview_dates(),
                                     lambda ev, case=case: _demo_truth(ev, case), data.turns)
    parts = [(n, s, p) for n in WRITTEN for s, p in [("dev", "dev"), ("heldout", "held-out")]]
    for name, split, part in parts + [(n, "dev", "dev") for n in MORE_DEV]:
        segments, dates, gold = _written(name, split)
        out[(name, part)] = _extract(segments, code_learned(segments, books), dates,
                                     lambda ev, s=segments, d=dates, g=gold: _written_truth(ev, s, d, g))
    return out


def dev_events(sets: dict) -> pd.DataFrame:
    """The ``dev`` events with a gold category: what the event model trains on."""
    dev = pd.concat([ev for (_, part), ev in sets.items() if part == "dev"], ignore_index=True)
    return dev[dev["truth"].fillna("") != ""]


@pytest.fixture(scope="module")
def extracted(pittelo, overijssel):
    return extracted_sets(pittelo, overijssel)


@pytest.fixture(scope="module")
def measured(extracted, request):
    rows = {}
    for key, ev in extracted.items():
        known = ev[ev["truth"].fillna("") != ""]
        rows[key] = {"events": len(known), "event": (known["category"] == known["truth"]).mean(),
                     "segment": (known["segment_category"] == known["truth"]).mean()}
    table = pd.DataFrame(rows).T.rename_axis(["set", "part"])
    request.addfinalizer(lambda: to_terminal(request.config, "\nEvent category vs. the annotator (share right)\n"
                                             + table.to_string(float_format=lambda x: f"{x:.3f}")))
    return table


@pytest.mark.skipif(not learn.semantic_available(), reason="the event model needs the semantic extra")
def test_the_shipped_event_model_is_trained_on_the_dev_events(extracted):
    """Retrain from the gold sets and compare; after a change to the extractor or the timeline
    coder, rewrite it with ``python tests/test_event_categories.py --write``."""
    dev = dev_events(extracted)
    assert len(dev) >= 1700 and set(dev["truth"]) == set(default_codebook("timeline").ids)
    model = timeline.train_event_model(dev["quote"], dev["label"], dev["sentence"], dev["kind"], dev["truth"])
    shipped = json.loads(timeline.event_model_path().read_text(encoding="utf-8"))
    assert shipped["classes"] == model["classes"] and shipped["c"] == model["c"]
    assert shipped["vocabulary"] == model["vocabulary"] and np.allclose(shipped["idf"], model["idf"], atol=1e-6)
    assert np.allclose(shipped["coef"], model["coef"], atol=1e-5), "the shipped event model is out of date"
    assert np.allclose(shipped["intercept"], model["intercept"], atol=1e-5)


def test_gold_sets_are_complete_and_use_the_four_categories():
    ids = set(default_codebook("timeline").ids)
    for name in ("pittelo", "overijssel", *(f"{w}_events" for w in WRITTEN + MORE_DEV)):
        gold = pd.read_csv(GOLD / f"{name}.csv", dtype=str, keep_default_na=False)
        assert set(gold["category"]) <= ids | {""}
        assert (gold["category"] != "").mean() > 0.97
    for name in WRITTEN:
        turns = pd.read_csv(GOLD / f"{name}_turns.csv", dtype=str, keep_default_na=False)
        assert len(turns) == 150 and (turns["split"] == "heldout").sum() == 50
    for name in MORE_DEV:
        turns = pd.read_csv(GOLD / f"{name}_turns.csv", dtype=str, keep_default_na=False)
        events = pd.read_csv(GOLD / f"{name}_events.csv", dtype=str, keep_default_na=False)
        assert len(turns) >= 100 and set(turns["split"]) == {"dev"} and turns["turn_id"].is_unique
        assert set(events["category"]) == ids and set(events["turn_id"]) <= set(turns["turn_id"])


def test_every_gold_event_of_the_demo_is_found(measured):
    assert measured.loc[("pittelo", "dev"), "events"] >= 125
    assert measured.loc[("overijssel", "held-out"), "events"] >= 50


def test_the_event_category_beats_the_segment_code_on_held_out_events(measured):
    held = measured.xs("held-out", level="part")
    assert (held["event"] > held["segment"] + 0.05).all()


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
    quote = ["In 2019 ben ik hier begonnen als opbouwwerker."]
    assert timeline.event_categories(quote, quote, quote, ["absolute"]) == ["rol"]
    either = timeline.event_categories(quote, quote, quote, ["absolute"], [{"uitdaging", "activiteit"}])
    assert either[0] in {"uitdaging", "activiteit"}
    assert timeline.event_categories(quote, quote, quote, ["absolute"], [{"uitdaging"}]) == ["uitdaging"]
    assert timeline.event_categories([], [], [], []) == []


def test_without_the_event_model_the_scores_of_quote_and_label_decide(monkeypatch):
    monkeypatch.setattr(timeline, "_event_model", lambda: None)
    quotes = ["In 2019 ben ik hier begonnen als opbouwwerker.", "In 2022 ging het mis: er was ruzie over het geld."]
    assert timeline.event_categories(quotes, quotes, quotes, ["absolute"] * 2) == ["rol", "uitdaging"]


def test_an_event_is_categorised_on_its_own_sentence():
    text = "In 2019 ben ik hier begonnen als opbouwwerker. In 2022 ging het mis: er was ruzie over het geld."
    first, second = timeline.extract_dates(text, reference=date(2024, 1, 10))
    assert timeline.event_sentence(text, first.start, first.end) == "In 2019 ben ik hier begonnen als opbouwwerker."
    assert timeline.event_sentence(text, second.start, second.end).startswith("In 2022 ging het mis")
    bare = "Wanneer begon je? Nou. Ja, juli 2021 zeg maar. Toen werd ik coördinator. En daarna kwam de rest."
    (m,) = timeline.extract_dates(bare, reference=date(2024, 1, 10))
    assert timeline.event_sentence(bare, m.start, m.end) == "Nou. Ja, juli 2021 zeg maar. Toen werd ik coördinator."


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    from conftest import CORPORA

    from pao_analysis.pipeline import prepare_case

    cases = [prepare_case(CORPORA / c, cache_dir=tempfile.mkdtemp()) for c in ("pittelo", "overijssel")]
    dev = dev_events(extracted_sets(*cases))
    model = timeline.train_event_model(dev["quote"], dev["label"], dev["sentence"], dev["kind"], dev["truth"])
    timeline.event_model_path().write_text(json.dumps(model) + "\n", encoding="utf-8")
    print(f"event model trained on {len(dev)} dev events -> {timeline.event_model_path()}")
