"""Inter-coder reliability, checked against published worked examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from pao_analysis.reliability import (
    cohen_kappa,
    decision_matrices,
    disagreements,
    double_coding_sample,
    krippendorff_alpha,
    percent_agreement,
    reliability_table,
)

N = np.nan


def test_krippendorff_alpha_of_the_published_four_coder_example_with_missing_data():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal data,
    # four observers, twelve units, missing values: alpha = 0.743
    data = {"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
            "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
            "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
            "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]}
    assert krippendorff_alpha(pd.DataFrame(data)) == pytest.approx(0.743, abs=5e-4)


def test_krippendorff_alpha_of_the_published_binary_example():
    # Krippendorff (2011): two observers, ten units, binary data: alpha = 0.095
    m = pd.DataFrame({"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]},
                     dtype=float)
    assert krippendorff_alpha(m) == pytest.approx(0.095, abs=5e-4)
    assert percent_agreement(m) == pytest.approx(0.6)


def test_cohen_kappa_of_the_textbook_example_and_as_sklearn():
    # 50 units: both yes 20, both no 15, yes/no 5, no/yes 10 -> po 0.7, pe 0.5, kappa 0.4
    a = [1] * 20 + [0] * 15 + [1] * 5 + [0] * 10
    b = [1] * 20 + [0] * 15 + [0] * 5 + [1] * 10
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
    y[:120] = x[:120]
    assert cohen_kappa(x, y) == pytest.approx(cohen_kappa_score(x, y))


def test_undefined_agreement_is_nan_not_perfect():
    same = pd.DataFrame({"a": [0.0, 0.0, 0.0], "b": [0.0, 0.0, 0.0]})
    assert np.isnan(cohen_kappa(same["a"], same["b"]))
    assert np.isnan(krippendorff_alpha(same))
    assert percent_agreement(same) == 1.0


def test_percent_agreement_counts_coder_pairs_on_segments_seen_twice():
    m = pd.DataFrame({"a": [1, 1, 0, N], "b": [1, 0, 0, 1], "c": [1, N, N, N]}, dtype=float)
    # segment 1: 3 pairs agree; segment 2: 0 of 1; segment 3: 1 of 1; segment 4: seen once
    assert percent_agreement(m) == pytest.approx(4 / 5)


def decisions(rows):
    return pd.DataFrame(rows, columns=["segment_id", "coder", "code_id", "value"])


@pytest.fixture
def two_coders():
    rows = []
    ann = {"s1": {"x"}, "s2": {"x", "y"}, "s3": set(), "s4": {"y"}, "s5": {"x"}}
    bob = {"s1": {"x"}, "s2": {"x"}, "s3": set(), "s4": {"y"}, "s5": set()}
    for coder, coded in (("ann", ann), ("bob", bob)):
        for seg, codes in coded.items():
            rows += [(seg, coder, code, int(code in codes)) for code in ("x", "y")]
    rows += [("s6", "ann", "x", 1), ("s6", "ann", "y", 0)]   # seen by one coder only
    return decision_matrices(decisions(rows), ["x", "y"])


def test_reliability_table_per_code(two_coders):
    table = reliability_table(two_coders).set_index("code_id")
    assert table.loc["x", ["unit", "n_units", "n_coders", "n_coded"]].tolist() == ["segment", 5, 2, 3]
    assert table.loc["x", "percent_agreement"] == pytest.approx(0.8)
    # x: ann 1,1,0,0,1 vs bob 1,1,0,0,0 -> po 0.8, pe 0.6*0.4+0.4*0.6=0.48
    assert table.loc["x", "kappa"] == pytest.approx((0.8 - 0.48) / 0.52)
    assert table.loc["y", "percent_agreement"] == pytest.approx(0.8)
    assert table["needs_work"].tolist() == [bool(a < 0.667) for a in table["alpha"]]


def test_disagreements_list_the_segments_to_discuss(two_coders):
    segments = pd.DataFrame({"segment_id": [f"s{i}" for i in range(1, 7)],
                             "text": [f"tekst {i}" for i in range(1, 7)]})
    table = disagreements(two_coders, segments)
    assert table.to_dict("records") == [
        {"segment_id": "s2", "code_id": "y", "coded_by": "ann", "not_coded_by": "bob",
         "text": "tekst 2"},
        {"segment_id": "s5", "code_id": "x", "coded_by": "ann", "not_coded_by": "bob",
         "text": "tekst 5"}]


def test_a_code_below_the_alpha_bar_is_flagged():
    rows = []
    for i in range(10):
        rows += [(f"s{i}", "ann", "x", i % 2), (f"s{i}", "bob", "x", int(i < 5))]
    table = reliability_table(decision_matrices(decisions(rows), ["x"]))
    assert table.loc[0, "alpha"] < 0.667 and bool(table.loc[0, "needs_work"])


def test_double_coding_sample_is_stratified_and_reproducible():
    segments = pd.DataFrame({"segment_id": [f"P{i // 30}/{i}" for i in range(90)],
                             "interview_id": [f"P{i // 30}" for i in range(90)]})
    sample = double_coding_sample(segments, fraction=0.2)
    assert sample["interview_id"].value_counts().to_dict() == {"P0": 6, "P1": 6, "P2": 6}
    assert sample.equals(double_coding_sample(segments.sample(frac=1, random_state=1), fraction=0.2))
    assert not sample.equals(double_coding_sample(segments, fraction=0.2, seed=7))
    with pytest.raises(ValueError, match="10 to 25%"):
        double_coding_sample(segments, fraction=0.5)


def test_side_by_side_compares_humans_with_each_other_and_with_the_auto_coder():
    from pao_analysis.reliability import side_by_side

    rows = []
    for seg, ann, bob in [("s1", 1, 1), ("s2", 1, 0), ("s3", 0, 0), ("s4", 1, 1)]:
        rows += [(seg, "ann", "x", ann), (seg, "bob", "x", bob)]
    auto = pd.DataFrame({"segment_id": ["s1", "s3", "s9"], "code_id": ["x", "x", "x"]})
    table = side_by_side(decisions(rows), auto, ["x"]).iloc[0]
    assert (table["n_units"], table["percent_agreement"]) == (4, 0.75)
    # majority of the humans: s1 1, s2 0 (a tie is no majority), s3 0, s4 1; auto: s1 1, s3 1
    assert table["n_units_auto"] == 4 and table["percent_agreement_auto"] == 0.5
    assert (table["precision_auto"], table["recall_auto"]) == (0.5, 0.5)
    assert side_by_side(decisions([]), auto, ["x"]).empty
