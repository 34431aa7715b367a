from datetime import date

import pandas as pd
import pytest

from pao_analysis.conditions import (
    JudgementRule,
    condition_profile,
    deciding_quotes,
    evidence_quotes,
    interval_phases,
    is_period,
    judgement_summary,
    phase_labels,
    phase_profile,
    phase_summary,
    segment_phases,
    shorten,
)


@pytest.mark.parametrize("n, balance, expected", [
    (2, 1.0, "not_discussed"),
    (3, 0.65, "clearly_present"),
    (10, 0.95, "clearly_present"),
    (10, 0.64, "partly_present"),
    (10, 0.5, "partly_present"),
    (10, 0.49, "lagging"),
    (10, 0.0, "lagging"),
])
def test_judgement_rule(n, balance, expected):
    assert JudgementRule().judge(n, balance) == expected


def test_rule_is_explained_with_its_numbers():
    text = JudgementRule().explain("lagging", n=12, balance=0.25)
    assert "25%" in text and "12" in text and "50%" in text
    assert "present" in JudgementRule().explain("clearly_present", n=5, balance=0.8, language="en")


def _data():
    seg = pd.DataFrame({
        "segment_id": [f"s{i}" for i in range(8)],
        "participant": ["Louise"] * 4 + ["Carin"] * 4,
        "role": ["aanjager"] * 4 + ["omgevingsregisseur"] * 4,
        "text": [f"citaat {i} " + "woord " * i for i in range(8)],
        "n_words": list(range(1, 9)),
    })
    rows = [("s0", "ambitie", "present", 0.9), ("s1", "ambitie", "present", 0.8),
            ("s2", "ambitie", "mixed", 0.7), ("s4", "ambitie", "present", 0.6),
            ("s3", "organisatie", "absent", 0.9), ("s5", "organisatie", "absent", 0.9),
            ("s6", "organisatie", "absent", 0.8), ("s7", "organisatie", "present", 0.5)]
    cod = pd.DataFrame([{"segment_id": s, "codebook": "conditions", "code_id": c, "source": "rules",
                         "confidence": p, "valence": v, "evidence": "x"} for s, c, v, p in rows])
    return seg, cod


def test_case_profile_counts_valences():
    seg, cod = _data()
    prof = condition_profile(seg, cod, code_ids=["ambitie", "organisatie", "proces"])
    got = prof.set_index("code_id")
    assert got.loc["ambitie", ["n_coded", "n_present", "n_mixed", "n_absent"]].tolist() == [4, 3, 1, 0]
    assert got.loc["ambitie", "strength"] == pytest.approx(0.875)
    assert got.loc["ambitie", "judgement"] == "clearly_present"
    assert got.loc["organisatie", "strength"] == pytest.approx(0.25)
    assert got.loc["organisatie", "judgement"] == "lagging"
    assert got.loc["proces", "judgement"] == "not_discussed"
    assert got.loc["organisatie", "coverage"] == pytest.approx(0.5)


def test_profile_per_participant():
    seg, cod = _data()
    prof = condition_profile(seg, cod, code_ids=["ambitie"], by="participant",
                             rule=JudgementRule(min_segments=1))
    assert prof[["participant", "n_coded", "judgement"]].values.tolist() == [
        ["Carin", 1, "clearly_present"], ["Louise", 3, "clearly_present"]]


def test_evidence_quotes_spread_over_interviewees():
    seg, cod = _data()
    quotes = evidence_quotes(seg, cod, code_id="ambitie", n=2)
    assert quotes["participant"].tolist() == ["Louise", "Carin"]
    assert quotes["segment_id"].tolist() == ["s0", "s4"]
    absent = evidence_quotes(seg, cod, code_id="organisatie", n=5, valence="absent")
    assert set(absent["valence"]) == {"absent"} and len(absent) == 3


@pytest.mark.parametrize("text, n, expected", [
    ("kort", 10, "kort"),
    ("we  bellen\nelkaar gewoon", 100, "we bellen elkaar gewoon"),
    ("we bellen elkaar gewoon", 15, "we bellen …"),
])
def test_shorten(text, n, expected):
    assert shorten(text, n) == expected


def test_profile_counts_only_human_codes_as_coded_by_people():
    seg = pd.DataFrame({"segment_id": list("abc")})
    cod = pd.DataFrame({"segment_id": list("abc"), "codebook": "conditions", "code_id": "proces",
                        "source": ["rules", "learned", "codeur-1"], "confidence": 0.8,
                        "valence": "present", "evidence": ""})
    row = condition_profile(seg, cod, code_ids=["proces"]).iloc[0]
    assert (row["n_coded"], row["n_human"]) == (3, 1)


# --------------------------------------------------------------------------------------
# judgement margin and summary
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n, present, mixed, expected", [
    (46, 23, 14, 1),    # 30/46 = 65.2%: one present read as absent drops it below 65%
    (20, 13, 0, 1),     # exactly 65%: one less and it drops
    (20, 16, 0, 4),     # 80%: 16 - 4 = 12 < 13
    (10, 2, 0, 3),      # lagging at 20%: 3 more present reach 50%
    (10, 4, 1, 1),      # lagging at 45%: one more present reaches 55%
    (10, 5, 0, 1),      # partly at 50%: one fewer makes it lagging
    (20, 12, 0, 1),     # partly at 60%: one more reaches 65%
    (2, 2, 0, None),    # too few segments: no judgement, no margin
])
def test_margin_counts_segments_to_change_the_judgement(n, present, mixed, expected):
    rule = JudgementRule()
    balance = (present + 0.5 * mixed) / n
    assert rule.margin(n, balance) == expected
    if expected is not None:  # moving that many segments really changes the judgement
        step = -1 if rule.judge(n, balance) == "clearly_present" else 1
        if rule.judge(n, balance) == "partly_present":
            step = 1 if rule.judge(n, balance + expected / n) != "partly_present" else -1
        assert rule.judge(n, balance + step * expected / n) != rule.judge(n, balance)
        assert rule.judge(n, balance + step * (expected - 1) / n) == rule.judge(n, balance)


def test_judgement_summary_counts_interviewees():
    seg, cod = _data()
    rule = JudgementRule(min_segments=1)
    prof = condition_profile(seg, cod, code_ids=["ambitie", "organisatie"], rule=rule)
    per = condition_profile(seg, cod, code_ids=["ambitie", "organisatie"], by="participant", rule=rule)
    got = judgement_summary(prof, per, rule=rule).set_index("code_id")
    # ambitie: Louise 2.5/3, Carin 1/1 -> both clearly present; 3.5/4 = 87.5% overall
    assert got.loc["ambitie", ["n_interviewees", "n_interviewees_present", "n_interviewees_lagging"]].tolist() \
        == [2, 2, 0]
    assert got.loc["ambitie", "margin"] == 1  # 3.5 - 1 = 2.5 < 2.6
    # organisatie: Louise 0/1 lagging, Carin 1/3 lagging; 1/4 = 25% overall
    assert got.loc["organisatie", ["n_interviewees_present", "n_interviewees_lagging"]].tolist() == [0, 2]
    assert got.loc["organisatie", "margin"] == 1  # 1 + 1 = 2 = 50% of 4
    assert got.loc["organisatie", "rule"].startswith("slechts 25% van 4")


def test_profile_with_keys_keeps_empty_groups_and_empty_profile_has_columns():
    seg, cod = _data()
    prof = condition_profile(seg, cod, code_ids=["ambitie"], by="participant", keys=["Louise", "Hans"])
    assert prof[["participant", "n_segments", "n_coded", "judgement"]].values.tolist() == [
        ["Louise", 4, 3, "clearly_present"], ["Hans", 0, 0, "not_discussed"]]
    empty = condition_profile(seg, cod, code_ids=["ambitie"], by="participant", keys=[])
    assert empty.empty and list(empty.columns)[:3] == ["participant", "code_id", "n_segments"]


# --------------------------------------------------------------------------------------
# phases
# --------------------------------------------------------------------------------------

PHASES = [("Voedingsbodem", date(2020, 9, 1), date(2022, 6, 30)),
          ("Richting", date(2022, 7, 1), date(2023, 3, 31)),
          ("Ontwerpen", date(2023, 4, 1), date(2023, 11, 30)),
          ("Duurzaam", date(2023, 12, 1), date(2025, 12, 31))]


@pytest.mark.parametrize("what, earliest, latest, period, expected", [
    ("eind 2021", "2021-09-01", "2021-12-31", False, [1]),
    ("2022: 181 days in 1, 184 in 2", "2022-01-01", "2022-12-31", False, [2]),
    ("rond de zomer van 2022", "2022-05-01", "2022-09-30", False, [2]),
    ("a tie: 2 days each", "2022-06-29", "2022-07-02", False, [1]),
    ("last day of a phase", "2022-06-30", "2022-06-30", False, [1]),
    ("first day of the next", "2022-07-01", "2022-07-01", False, [2]),
    ("2020: only Sep-Dec in a phase", "2020-01-01", "2020-12-31", False, [1]),
    ("2016: before every phase", "2016-01-01", "2016-12-31", False, []),
    ("sinds september 2020", "2020-09-01", "2024-01-17", True, [1, 2, 3, 4]),
    ("2023 tot en met 2026", "2023-01-01", "2026-12-31", True, [2, 3, 4]),
    ("sinds september (2023)", "2023-09-01", "2024-01-17", True, [3, 4]),
    ("a period before the phases", "2010-01-01", "2019-12-31", True, []),
])
def test_interval_phases(what, earliest, latest, period, expected):
    assert interval_phases(pd.Timestamp(earliest), pd.Timestamp(latest), PHASES, period=period) == expected, what


@pytest.mark.parametrize("earliest, latest, kind, expected", [
    ("2022-01-01", "2022-12-31", "absolute", False),    # a year is a rough moment
    ("2024-01-01", "2024-12-31", "relative", False),    # a leap year too (366 days)
    ("2021-01-10", "2024-01-10", "relative", True),     # 'de afgelopen drie jaar'
    ("2023-09-01", "2024-01-17", "range", True),        # 'sinds september'
    ("2021-09-01", "2021-12-31", "", False),
])
def test_is_period(earliest, latest, kind, expected):
    assert is_period(pd.Timestamp(earliest), pd.Timestamp(latest), kind) is expected


def _conversation(marks: str, interview: str = "P01") -> pd.DataFrame:
    """Segments of one interview in order; a letter in ``marks`` is a dated segment."""
    return pd.DataFrame({"segment_id": [f"c/{interview}/{i}" for i in range(len(marks))],
                         "interview_id": interview, "start": [100 * i for i in range(len(marks))]})


_WHEN = {"a": ("eind 2021", "2021-09-01", "2021-12-31", "fuzzy"),       # phase 1
         "b": ("februari 2023", "2023-02-01", "2023-02-28", "absolute"),  # phase 2
         "o": ("2016", "2016-01-01", "2016-12-31", "absolute"),           # no phase
         "s": ("sinds september", "2023-09-01", "2024-01-17", "range")}   # phases 3 and 4


def _events(marks: str, interview: str = "P01") -> pd.DataFrame:
    rows = [{"segment_id": f"c/{interview}/{i}", "date_text": _WHEN[m][0], "earliest": pd.Timestamp(_WHEN[m][1]),
             "latest": pd.Timestamp(_WHEN[m][2]), "kind": _WHEN[m][3]}
            for i, m in enumerate(marks) if m != "."]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("marks, carry, expected", [
    # each position: the phases it gets, with 'd' dated / 'c' carried
    ("a..", 2, ["1d", "1c", "1c"]),
    ("a...", 2, ["1d", "1c", "1c", ""]),        # three answers on: too far
    ("a...", 3, ["1d", "1c", "1c", "1c"]),
    ("a..", 0, ["1d", "", ""]),
    ("..a.", 2, ["", "", "1d", "1c"]),           # nothing before the first dated segment
    ("a.b.", 2, ["1d", "1c", "2d", "2c"]),       # the nearest preceding dated segment wins
    ("ao.", 2, ["1d", "", ""]),                  # dated outside the phases passes on 'no phase'
    ("s.", 1, ["34d", "34c"]),                   # a period spanning phases: both, also when carried
])
def test_segment_phases(marks, carry, expected):
    seg = _conversation(marks)
    got = segment_phases(seg, _events(marks), PHASES, carry=carry)
    per = {sid: "".join(str(p) for p in grp["phase"]) + grp["basis"].iloc[0][0]
           for sid, grp in got.groupby("segment_id")}
    assert [per.get(sid, "") for sid in seg["segment_id"]] == expected


def test_segment_phases_records_its_source_and_stays_within_an_interview():
    seg = pd.concat([_conversation("a."), _conversation("..", "P02")], ignore_index=True)
    ev = _events("a.")
    got = segment_phases(seg, ev, PHASES)
    assert got["segment_id"].tolist() == ["c/P01/0", "c/P01/1"]   # P02 inherits nothing from P01
    assert got[["phase_name", "source_segment", "date_text"]].iloc[1].tolist() == [
        "Voedingsbodem", "c/P01/0", "eind 2021"]
    with pytest.raises(ValueError, match="carry"):
        segment_phases(seg, ev, PHASES, carry=-1)


def test_phase_profile_on_a_hand_made_example():
    # five segments; s0 dated in phase 1, s1 carried; s2 a period over phases 2-4; s3, s4 no phase
    seg = pd.DataFrame({"segment_id": [f"s{i}" for i in range(5)], "interview_id": "P01",
                        "start": [0, 10, 20, 30, 40], "participant": "Louise", "text": "x", "n_words": 1})
    ev = pd.DataFrame({"segment_id": ["s0", "s2"], "date_text": ["eind 2021", "2023 tot 2026"],
                       "earliest": pd.to_datetime(["2021-09-01", "2023-01-01"]),
                       "latest": pd.to_datetime(["2021-12-31", "2026-12-31"]), "kind": ["fuzzy", "range"]})
    rows = [("s0", "present"), ("s1", "absent"), ("s2", "present"), ("s3", "absent"), ("s4", "absent")]
    cod = pd.DataFrame([{"segment_id": s, "codebook": "conditions", "code_id": "organisatie",
                         "source": "rules", "confidence": 0.8, "valence": v, "evidence": ""} for s, v in rows])
    asg = segment_phases(seg, ev, PHASES, carry=1)
    assert asg[["segment_id", "phase"]].values.tolist() == [["s0", 1], ["s1", 1], ["s2", 2], ["s2", 3],
                                                           ["s2", 4], ["s3", 2], ["s3", 3], ["s3", 4]]
    prof = phase_profile(seg, cod, asg, PHASES, code_ids=["organisatie"], rule=JudgementRule(min_segments=2))
    assert prof[["phase", "phase_name", "n_segments", "n_coded", "n_present", "n_absent", "strength",
                 "judgement"]].values.tolist() == [
        [1, "1. Voedingsbodem", 2, 2, 1, 1, 0.5, "partly_present"],
        [2, "2. Richting", 2, 2, 1, 1, 0.5, "partly_present"],
        [3, "3. Ontwerpen", 2, 2, 1, 1, 0.5, "partly_present"],
        [4, "4. Duurzaam", 2, 2, 1, 1, 0.5, "partly_present"]]
    summary = phase_summary(seg, asg, PHASES)
    assert summary[["phase", "dated", "carried", "total"]].values.tolist() == [
        [1, 1, 1, 2], [2, 1, 1, 2], [3, 1, 1, 2], [4, 1, 1, 2], [0, 0, 0, 1]]
    assert summary["phase_name"].iloc[-1] == "zonder fase"
    assert phase_summary(seg, asg, PHASES, language="en")["phase_name"].iloc[-1] == "no phase"


def test_phase_profile_without_phases_is_empty_with_columns():
    seg, cod = _data()
    seg = seg.assign(interview_id="P01", start=range(len(seg)))
    asg = segment_phases(seg, pd.DataFrame(columns=["segment_id", "date_text", "earliest", "latest"]), [])
    prof = phase_profile(seg, cod, asg, [], code_ids=["ambitie"])
    assert prof.empty and list(prof.columns[:3]) == ["phase", "phase_name", "code_id"]
    assert phase_labels(PHASES)[4] == "4. Duurzaam"


# --------------------------------------------------------------------------------------
# deciding quotes
# --------------------------------------------------------------------------------------


def test_deciding_quotes_take_the_strongest_each_way_spread_over_interviewees():
    seg, cod = _data()
    seg = seg.assign(interview_id=["P01"] * 4 + ["P02"] * 4)
    cod.loc[cod["segment_id"] == "s2", "valence"] = "mixed"
    extra = pd.DataFrame([{"segment_id": "s1", "codebook": "conditions", "code_id": "organisatie",
                           "source": "rules", "confidence": 0.95, "valence": "absent", "evidence": ""}])
    cod = pd.concat([cod, extra], ignore_index=True)
    ev = pd.DataFrame({"segment_id": ["s5", "s5"], "date_text": ["2022", "februari 2023"]})
    got = deciding_quotes(seg, cod, code_ids=["organisatie", "ambitie"], n=2, events=ev)
    org = got[got["code_id"] == "organisatie"]
    # present: only s7 (Carin); absent: Louise's s1 (0.95) first - not yet quoted -, then Carin's s5
    assert org[["valence", "segment_id", "participant", "interview_id"]].values.tolist() == [
        ["present", "s7", "Carin", "P02"], ["absent", "s1", "Louise", "P01"], ["absent", "s5", "Carin", "P02"]]
    assert org.loc[org["segment_id"] == "s5", "date_text"].item() == "2022; februari 2023"
    assert org.loc[org["segment_id"] == "s1", "date_text"].item() == ""
    amb = got[got["code_id"] == "ambitie"]
    assert amb[["valence", "segment_id"]].values.tolist() == [["present", "s0"], ["present", "s4"]]  # s2 mixed
    assert got["code_id"].tolist()[:3] == ["organisatie"] * 3


def test_a_condition_never_described_as_present_says_none():
    from pao_analysis.conditions import JudgementRule

    rule = JudgementRule()
    assert rule.explain("lagging", n=6, balance=0.0).startswith("geen van 6 gecodeerde fragmenten")
    assert rule.explain("lagging", n=6, balance=0.0, language="en").startswith("none of 6 coded segments")
    assert rule.explain("lagging", n=6, balance=0.25).startswith("slechts 25% van 6")
