"""The coding workbench: decisions saved at once, append-only, restored on reopening."""

from __future__ import annotations

import pandas as pd
import pytest

from pao_analysis.codebook import default_codebook
from pao_analysis.nlp import lemmatise
from pao_analysis.reliability import decision_matrices, reliability_table
from pao_analysis.workbench import CodingSession, human_codings, human_decisions, workbench

TEXTS = {
    "c/P01/0-40": "Er zijn nog geen afspraken gemaakt over wie wat doet.",
    "c/P01/41-90": "We leerden elkaar echt kennen tijdens de wandelingen.",
    "c/P02/0-30": "Het regende die dag heel erg.",
    "c/P02/31-80": "Wie betaalt dit eigenlijk straks, als de subsidie stopt?",
}


@pytest.fixture
def segments():
    rows = []
    for sid, text in TEXTS.items():
        _, iid, span = sid.split("/")
        start, end = map(int, span.split("-"))
        rows.append({"segment_id": sid, "case_id": "c", "interview_id": iid, "turn": 0,
                     "speaker": "R", "speaker_role": "respondent", "start": start, "end": end,
                     "text": text, "lemmas": lemmatise(text), "n_words": len(text.split()),
                     "participant": "Louise", "role": "opbouwwerker"})
    return pd.DataFrame(rows)


_TICKS = iter(range(10_000))


def clock() -> str:
    """A deterministic, increasing time stamp."""
    return f"2026-01-01T00:00:00.{next(_TICKS):06d}"


def session(tmp_path, segments, coder="ann"):
    return CodingSession(tmp_path, coder, default_codebook("conditions"), segments, clock=clock)


def test_decisions_are_saved_at_once_and_restored(tmp_path, segments):
    s = session(tmp_path, segments)
    assert s.progress() == (0, 4)
    s.decide("c/P01/0-40", ["organisatie"], memo="afspraken ontbreken")
    path = tmp_path / "coding" / "ann.csv"
    assert path.is_file()
    reopened = session(tmp_path, segments)                 # e.g. after a kernel restart
    assert reopened.codes("c/P01/0-40") == ["organisatie"]
    assert reopened.memo("c/P01/0-40") == "afspraken ontbreken"
    assert reopened.codes("c/P02/0-30") is None and reopened.progress() == (1, 4)


def test_records_are_append_only_with_accepted_and_rejected_suggestions(tmp_path, segments):
    s = session(tmp_path, segments)
    s.decide("c/P01/0-40", ["organisatie"])
    first = (tmp_path / "coding" / "ann.csv").read_text(encoding="utf-8")
    s.decide("c/P01/0-40", ["organisatie", "proces"])
    second = (tmp_path / "coding" / "ann.csv").read_text(encoding="utf-8")
    assert second.startswith(first)                        # earlier rows untouched
    records = pd.read_csv(tmp_path / "coding" / "ann.csv", dtype=str, keep_default_na=False)
    assert records[["author", "codes"]].values.tolist() == [["ann", "organisatie"],
                                                            ["ann", "organisatie;proces"]]
    assert set(records["accepted"]) == {"organisatie"} and set(records["rejected"]) == {""}
    assert session(tmp_path, segments).codes("c/P01/0-40") == ["organisatie", "proces"]


def test_bad_decisions_and_coder_ids_are_refused(tmp_path, segments):
    s = session(tmp_path, segments)
    with pytest.raises(ValueError, match="unknown code"):
        s.decide("c/P01/0-40", ["geld"])
    with pytest.raises(ValueError, match="not in this case"):
        s.decide("c/P09/0-1", ["proces"])
    with pytest.raises(ValueError, match="valid author id"):
        session(tmp_path, segments, coder="../ann")


def test_queue_filters(tmp_path, segments):
    s = session(tmp_path, segments)
    s.decide("c/P01/41-90", ["relaties"])
    assert sorted(s.queue()) == sorted(TEXTS)
    assert "c/P01/41-90" not in s.queue(show="uncoded")
    assert s.queue(show="coded") == ["c/P01/41-90"]
    assert set(s.queue(interview="P02")) == {"c/P02/0-30", "c/P02/31-80"}
    assert set(s.queue(code="relaties")) == {"c/P01/41-90"}
    assert len(s.queue(role="opbouwwerker")) == 4 and s.queue(role="bewoner") == []
    assert "c/P02/0-30" not in s.queue(show="suggested")   # the rules suggest nothing there
    with pytest.raises(ValueError, match="show must be one of"):
        s.queue(show="random")


def test_two_coders_disagreements_and_reliability(tmp_path, segments):
    ann, bob = session(tmp_path, segments, "ann"), session(tmp_path, segments, "bob")
    for sid, a, b in [("c/P01/0-40", ["organisatie"], ["organisatie"]),
                      ("c/P01/41-90", ["relaties"], ["relaties", "proces"]),
                      ("c/P02/0-30", [], []),
                      ("c/P02/31-80", ["belangen", "organisatie"], ["organisatie"])]:
        ann.decide(sid, a)
        bob.decide(sid, b)
    assert (tmp_path / "coding" / "bob.csv").is_file()    # one file per coder
    assert ann.disagreements() == {"c/P01/41-90", "c/P02/31-80"}
    assert ann.queue(show="disagreement") and set(ann.queue(show="disagreement")) == ann.disagreements()
    book = default_codebook("conditions")
    decisions = human_decisions(tmp_path, book)
    assert len(decisions) == 2 * 4 * 5
    table = reliability_table(decision_matrices(decisions, book.ids)).set_index("code_id")
    assert table.loc["organisatie", "percent_agreement"] == 1.0
    assert table.loc["proces", "percent_agreement"] == 0.75
    codings = human_codings(tmp_path, book)           # most coders agree: organisatie x2, relaties
    assert sorted(zip(codings["segment_id"], codings["code_id"])) == [
        ("c/P01/0-40", "organisatie"), ("c/P01/41-90", "relaties"), ("c/P02/31-80", "organisatie")]
    assert set(codings["source"]) == {"ann;bob"}


def test_the_widget_saves_what_the_coder_clicks(tmp_path, segments):
    s = session(tmp_path, segments)
    box = workbench(s)
    filters, bar, status, context, text, toggles, accept, memo, buttons = box.children
    first = s.queue(show="uncoded")[0]
    assert "<b>Louise</b>" in text.value
    toggles.children[2].value = True                      # relaties
    memo.value = "mooi citaat"
    buttons.children[0].click()                           # save, next
    assert s.codes(first) == ["relaties"] and s.memo(first) == "mooi citaat"
    assert bar.value == 1


def test_reports_use_human_codes_where_a_person_coded(tmp_path, segments):
    from pao_analysis.coding import code_segments
    from pao_analysis.workbench import with_human_codes

    book = default_codebook("conditions")
    auto = code_segments(segments, book)
    session(tmp_path, segments).decide("c/P01/0-40", ["organisatie", "proces"])
    merged = with_human_codes(auto, segments, tmp_path, [book], learn_from_case=False)
    mine = merged[merged["segment_id"] == "c/P01/0-40"]
    assert mine[["code_id", "source"]].values.tolist() == [["organisatie", "ann"], ["proces", "ann"]]
    assert mine["valence"].tolist()[0] == "absent"             # the auto-coder's valence
    others = merged[merged["segment_id"] != "c/P01/0-40"]
    assert set(others["source"]) == {"rules"} and len(others) == (auto["segment_id"] != "c/P01/0-40").sum()
    assert with_human_codes(auto, segments, tmp_path / "elders", [book], learn_from_case=False).equals(
        auto.sort_values(["codebook", "segment_id", "code_id"], kind="stable").reset_index(drop=True))


def test_human_codings_of_the_case_teach_the_auto_coder_the_rest_of_the_case(tmp_path):
    """A case word the shipped training set never saw ('kwisplank', the case's own word for its
    budget talks) is learned from the researcher's codings and applied to uncoded segments."""
    from pao_analysis.learn import code_learned
    from pao_analysis.workbench import with_human_codes

    taught = [f"Bij de kwisplank van {m} ging het weer over wie wat inbrengt, nummer {k}."
              for k, m in enumerate(["maart", "april", "mei", "juni", "juli", "augustus"] * 4)]
    plain = [f"We hebben die dag koffie gedronken in de kantine, gesprek {k}." for k in range(10)]
    texts = {f"c/P01/{k * 200}-{k * 200 + 150}": t for k, t in enumerate(taught + plain)}
    target = {"c/P02/0-60": "Toen kwam de kwisplank weer op tafel.", "c/P02/100-160": "De kwisplank, ja."}
    rows = [{"segment_id": sid, "case_id": "c", "interview_id": sid.split("/")[1], "turn": 0, "speaker": "R",
             "speaker_role": "respondent", "start": 0, "end": 1, "text": t, "lemmas": lemmatise(t),
             "n_words": len(t.split()), "participant": "X", "role": "r"} for sid, t in {**texts, **target}.items()]
    segs = pd.DataFrame(rows)
    book = default_codebook("conditions")
    auto = code_learned(segs, [book])
    before = auto[auto["segment_id"].isin(target) & (auto["code_id"] == "belangen")]
    s = CodingSession(tmp_path, "ann", book, segs, clock=clock)
    for sid, t in texts.items():
        s.decide(sid, ["belangen"] if "kwisplank" in t else [])
    merged = with_human_codes(auto, segs, tmp_path, [book])
    after = merged[merged["segment_id"].isin(target) & (merged["code_id"] == "belangen")]
    assert before.empty
    assert sorted(after["segment_id"]) == sorted(target) and set(after["source"]) <= {"rules", "learned"}
    assert set(merged.loc[merged["segment_id"].isin(texts), "source"]) == {"ann"}
