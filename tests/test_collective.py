"""The collective timeline and the phases, measured on hand-grouped events of the demo cases.

``tests/data/alignment/<case>.csv`` groups every dated mention of a demo case by the
real-world event it is about (written by hand by someone who had not seen the aligner;
rows are keyed by interview, time expression and its occurrence). Pittelo was used to
choose the aligner's settings; Overijssel was measured once with them frozen.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import to_terminal
from matplotlib.text import Annotation

from pao_analysis import collective, phases, timeline
from pao_analysis.config import load_case
from pao_analysis.errors import CorpusError

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parent / "data" / "alignment"
#: Pairwise precision and recall measured when the settings were frozen (rounded down).
FLOORS = {"pittelo": (0.80, 0.50), "overijssel": (0.95, 0.50)}


def _ev(rows):
    """Events from (event_id, segment_id, interview, start, end, quote, kind) tuples."""
    df = pd.DataFrame(rows, columns=["event_id", "segment_id", "interview_id", "earliest", "latest", "quote",
                                     "kind"])
    df["earliest"], df["latest"] = pd.to_datetime(df["earliest"]), pd.to_datetime(df["latest"])
    df["date_text"] = df["event_id"]
    df["category"], df["conditions"] = "", ""
    return df


@pytest.fixture(scope="module")
def demo(pittelo, overijssel):
    out = {}
    for case, data in (("pittelo", pittelo), ("overijssel", overijssel)):
        events = timeline.extract_events(data.segments, data.codings, interview_dates=data.case.interview_dates())
        out[case] = (data, events)
    return out


def _pairwise(events: pd.DataFrame, gold: pd.DataFrame) -> tuple[float, float]:
    ev = events.reset_index(drop=True).copy()
    ev["occurrence"] = ev.groupby(["interview_id", ev["date_text"].str.lower()]).cumcount() + 1
    key = gold.set_index(["interview_id", "date_text", "occurrence"])["gold_group"]
    truth = {e: key[(i, d, o)] for e, i, d, o in zip(ev["event_id"], ev["interview_id"], ev["date_text"],
                                                     ev["occurrence"])}
    aligned = collective.align_events(collective.collapse_repeats(ev))
    predicted = {}
    for row in aligned.itertuples():
        for e in [row.event_id, *filter(None, str(row.repeats).split(";"))]:
            predicted[e] = row.group
    segment = dict(zip(ev["event_id"], ev["segment_id"]))
    tp = fp = fn = 0
    for a, b in itertools.combinations(ev["event_id"], 2):
        if segment[a] == segment[b]:
            continue
        same, said = truth[a] == truth[b], predicted[a] == predicted[b]
        tp, fp, fn = tp + (same and said), fp + (said and not same), fn + (same and not said)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


@pytest.mark.parametrize("case", ["pittelo", "overijssel"])
def test_alignment_agrees_with_the_hand_grouping(demo, case, request):
    gold = pd.read_csv(GOLD / f"{case}.csv", dtype={"occurrence": int}, keep_default_na=False)
    precision, recall = _pairwise(demo[case][1], gold)
    role = "settings chosen here" if case == "pittelo" else "held out"
    to_terminal(request.config, f"\nAlignment of events, {case} ({role}): "
                                f"pairwise precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= FLOORS[case][0] and recall >= FLOORS[case][1]


def test_repeats_within_a_segment_become_one_event():
    ev = _ev([("a", "s1", "P1", "2021-09-01", "2021-12-31", "eind 2021, november", "fuzzy"),
              ("b", "s1", "P1", "2021-11-01", "2021-11-30", "eind 2021, november", "absolute"),
              ("c", "s1", "P1", "2024-09-01", "2024-09-30", "vanaf september 2024", "absolute"),
              ("d", "s1", "P1", "2020-09-01", "2024-01-17", "sinds september 2020", "range"),
              ("e", "s2", "P1", "2021-09-01", "2021-12-31", "eind 2021", "fuzzy")])
    out = collective.collapse_repeats(ev).set_index("event_id")
    assert sorted(out.index) == ["b", "c", "d", "e"]  # a range never absorbs; other segments stay
    assert out.at["b", "repeats"] == "a"
    assert out.loc["b", ["earliest", "latest"]].tolist() == [pd.Timestamp("2021-11-01"), pd.Timestamp("2021-11-30")]


def test_same_event_told_by_three_people_is_one_group_and_a_different_one_is_not():
    quote = "Toen kwam het preventieakkoord van de gemeente, over roken en alcohol."
    ev = _ev([("a", "s1", "P1", "2021-11-01", "2021-11-30", quote, "absolute"),
              ("b", "s2", "P2", "2021-09-01", "2021-12-31", "Eind 2021 het preventieakkoord, roken.", "fuzzy"),
              ("c", "s3", "P3", "2021-11-01", "2021-11-30", "In november sloten we dat akkoord over roken.", "-"),
              ("d", "s4", "P4", "2021-11-01", "2021-11-30", "Mijn dochter ging naar de middelbare school.", "-")])
    aligned = collective.align_events(ev)
    groups = dict(zip(aligned["event_id"], aligned["group"]))
    assert groups["a"] == groups["b"] == groups["c"] != groups["d"]
    merged = collective.merge_timeline(aligned)
    row = merged[merged["n_interviews"] == 3].iloc[0]
    assert (row["earliest"], row["latest"]) == (pd.Timestamp("2021-11-01"), pd.Timestamp("2021-11-30"))
    assert bool(row["date_agreement"]) and not bool(row["only_one"])
    assert merged["only_one"].tolist().count(True) == 1


def test_disagreeing_dates_give_the_span_and_are_flagged():
    quote = "de bijeenkomst in het buurthuis met de studenten"
    ev = _ev([("a", "s1", "P1", "2023-02-01", "2023-02-28", quote, "absolute"),
              ("b", "s2", "P2", "2023-03-01", "2023-03-31", quote, "absolute")])
    merged = collective.merge_timeline(collective.align_events(ev))
    assert len(merged) == 1
    row = merged.iloc[0]
    assert not bool(row["date_agreement"])
    assert (row["earliest"], row["latest"]) == (pd.Timestamp("2023-02-01"), pd.Timestamp("2023-03-31"))


def test_the_researcher_overrides_the_alignment(tmp_path, caplog):
    quote = "de bijeenkomst in het buurthuis met de studenten"
    ev = _ev([("a", "s1", "P1", "2023-02-01", "2023-02-28", quote, "absolute"),
              ("b", "s2", "P2", "2023-02-01", "2023-02-28", quote, "absolute"),
              ("c", "s3", "P3", "2022-05-01", "2022-05-31", "iets heel anders", "absolute")])
    path = tmp_path / "alignment.csv"
    path.write_text("event_id;group\nb;-\nc;x\na;x\nzz;x\n", encoding="utf-8")
    overrides = collective.read_alignment_overrides(path)
    aligned = collective.align_events(ev, overrides=overrides)
    groups = dict(zip(aligned["event_id"], aligned["group"]))
    assert groups["a"] == groups["c"] != groups["b"]
    assert set(aligned["link"]) == {"researcher"}
    assert "zz" in caplog.text
    assert collective.read_alignment_overrides(tmp_path / "missing.csv").empty
    (tmp_path / "bad.csv").write_text("event;groep\na;x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="event_id and group"):
        collective.read_alignment_overrides(tmp_path / "bad.csv")


def test_perspective_matrix_shows_who_told_what():
    ev = _ev([("a", "s1", "P1", "2021-11-01", "2021-11-30", "het preventieakkoord over roken", "absolute"),
              ("b", "s2", "P2", "2021-11-01", "2021-11-30", "dat preventieakkoord over roken", "absolute"),
              ("c", "s3", "P2", "2024-09-01", "2024-09-30", "de wijkraad start", "absolute")])
    aligned = collective.align_events(ev)
    matrix = collective.perspective_matrix(aligned, collective.merge_timeline(aligned), interviews=["P1", "P2", "P3"])
    assert matrix[["P1", "P2", "P3"]].values.tolist() == [["a", "b", ""], ["", "c", ""]]
    assert matrix["only_one"].tolist() == [False, True]


def test_alignment_is_deterministic(demo):
    events = demo["pittelo"][1]
    first = collective.align_events(collective.collapse_repeats(events))
    second = collective.align_events(collective.collapse_repeats(events.sample(frac=1, random_state=3)))
    assert first.sort_values("event_id")["group"].tolist() == second.sort_values("event_id")["group"].tolist()


@pytest.mark.parametrize("text, phrase", [
    ("En toen begon eigenlijk een nieuwe fase.", "nieuwe fase"),
    ("Februari 2023, dat was het keerpunt.", "keerpunt"),
    ("Vanaf dat moment ging het anders.", "Vanaf dat moment"),
    ("We hebben de opzet helemaal omgegooid.", "omgegooid"),
    ("Dat was in de eerste fase van het project.", "eerste fase"),
    ("Ik fietste naar de wijk.", ""),
    ("Het faseren van de bouw.", ""),
])
def test_phase_talk(text, phrase):
    assert phases.phase_talk(text) == phrase


def test_pittelo_key_events_fall_in_the_four_phases_of_the_brief_in_order(demo):
    data, events = demo["pittelo"]
    merged = collective.merge_timeline(collective.align_events(collective.collapse_repeats(events)))
    defined = phases.case_phases(data.case)
    assert len(defined) == 4
    merged = merged.assign(phase=phases.assign_phases(merged, defined))
    # the key events of the brief, by words of their quotes, and the phase they belong to
    expected = [("preventieakkoord", 1), ("proeftuin", 1), ("leren kennen", 2), ("wethouder", 2),
                ("pauze", 3), ("inlenen", 3), ("wijkraad", 4)]
    found = []
    for words, phase in expected:
        rows = merged[merged["quote"].str.contains(words, case=False) & (merged["n_interviews"] >= 2)]
        assert len(rows), f"no key event told by two or more about {words!r}"
        first = rows.iloc[0]
        assert first["phase"] == phase, (words, first["earliest"], first["phase"])
        found.append(first["earliest"])
    assert found == sorted(found)


def test_proposed_phases_of_pittelo_are_near_the_researchers_phases(demo, request):
    data, events = demo["pittelo"]
    merged = collective.merge_timeline(collective.align_events(collective.collapse_repeats(events)))
    proposed = phases.propose_phases(merged, reference=min(data.case.interview_dates().values()),
                                     n_interviews=len(data.case.participants))
    compared = phases.compare_phases(proposed, phases.case_phases(data.case))
    to_terminal(request.config, "\nProposed phases of Pittelo vs. the researchers' phases (months off): "
                                + ", ".join(f"{r.phase}: " + (f"{r.months:+d}" if pd.notna(r.months) else "not found")
                                            for r in compared.itertuples()))
    # the proposal is a heuristic on six interviews: it must find the start, the turning point
    # (the meeting of February 2023, two months before the researchers' phase 3) and the
    # interviews, and propose a manageable number of phases
    assert 3 <= len(proposed) <= 5
    assert (compared["months"].abs() <= 2).sum() >= 3
    assert proposed["reasons"].iloc[1:].str.len().gt(0).all()
    assert (proposed["start"].iloc[1:].reset_index(drop=True)
            > proposed["end"].iloc[:-1].reset_index(drop=True)).all()
    text = phases.phases_yaml(proposed)
    assert text.startswith("phases:\n  - name: Fase 1\n    start: 2020-09")


def test_propose_phases_on_an_empty_timeline():
    assert phases.propose_phases(collective.merge_timeline(collective.align_events(_ev([])))).empty


def test_flagship_figure_has_phase_bands_transitions_and_numbered_key_events(demo):
    data, events = demo["pittelo"]
    merged = collective.merge_timeline(collective.align_events(collective.collapse_repeats(events)))
    lanes = [("ontwikkeling", "Ontwikkeling", "#1f77b4"), ("activiteit", "Activiteit", "#2ca02c"),
             ("rol", "Rol", "#ff7f0e"), ("uitdaging", "Uitdaging", "#d62728")]
    fig = collective.plot_collective(merged, categories=lanes, phases=phases.case_phases(data.case), n_key=10,
                                     n_interviews=6, title=data.case.title)
    top, bottom = fig.axes[:2]
    numbers = sorted(int(t.get_text()) for t in top.texts if isinstance(t, Annotation))
    assert numbers == list(range(1, 11))
    assert len(bottom.texts) == 10 and bottom.texts[0].get_text().startswith("1  sep 2020")
    dashed = [line for line in top.lines if line.get_linestyle() not in {"-", "None"}]
    assert len(dashed) == 3  # three transitions between four phases
    assert fig.get_size_inches().round(2).tolist() == [11.69, 8.27]


def test_case_phases_come_from_case_yaml():
    case = load_case(ROOT / "corpora" / "pittelo")
    assert phases.case_phases(case)[0][1:] == (date(2020, 9, 1), date(2022, 6, 30))


def test_cross_case_phase_structure_and_key_event_timing(demo):
    from pao_analysis import crosscase

    timelines = {case: (data.case.title, collective.case_timeline(data)) for case, (data, _) in demo.items()}
    structure = crosscase.phase_table(timelines)
    pittelo = structure[structure["case_id"] == "pittelo"]
    assert pittelo["phase"].tolist() == [1, 2, 3, 4] and set(pittelo["origin"]) == {"case.yaml"}
    assert pittelo["months"].tolist() == [22, 9, 8, 25]
    assert set(structure.loc[structure["case_id"] == "overijssel", "origin"]) == {"proposal"}
    key = crosscase.key_event_table(timelines, n=8)
    for _, part in key.groupby("case_id"):
        assert part["number"].tolist() == list(range(1, len(part) + 1))
        middle = part["earliest"] + (part["latest"] - part["earliest"]) / 2
        assert middle.is_monotonic_increasing
    assert key.loc[key["case_id"] == "pittelo", "phase"].between(1, 4).all()
    fig = crosscase.plot_cross_case(structure, key, titles={"pittelo": "Pittelo"})
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Pittelo", "overijssel"]
