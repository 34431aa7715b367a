import pandas as pd
import pytest

from pao_analysis.conditions import JudgementRule, condition_profile, evidence_quotes, shorten


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
