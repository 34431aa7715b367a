import pandas as pd
import pytest

from pao_analysis.themes import find_themes, quotes_per_theme

LEMMAS = (["vertrouwen elkaar kennen bellen klikken groep"] * 4
          + ["convenant geld uur afspraak contract budget"] * 4
          + ["student project semester opdracht stage school"] * 4)


def _segments():
    return pd.DataFrame({"segment_id": [f"s{i:02d}" for i in range(len(LEMMAS))],
                         "lemmas": LEMMAS, "text": LEMMAS,
                         "participant": ["A", "B", "C"] * 4})


def test_planted_themes_are_found_and_stable():
    seg = _segments()
    a = find_themes(seg, n_themes=3, n_top_words=3, min_df=1, max_df=1.0)
    b = find_themes(seg, n_themes=3, n_top_words=3, min_df=1, max_df=1.0)
    pd.testing.assert_frame_equal(a.themes, b.themes)
    tops = {frozenset(w.split(", ")) for w in a.themes["top_words"]}
    assert frozenset({"bellen", "elkaar", "groep"}) in tops
    assert frozenset({"afspraak", "budget", "contract"}) in tops
    assert a.themes["weight"].sum() == pytest.approx(1.0, abs=1e-3)


def test_affinity_follows_codings():
    seg = _segments()
    cod = pd.DataFrame({"segment_id": [f"s{i:02d}" for i in range(4, 8)], "codebook": "conditions",
                        "code_id": "organisatie"})
    found = find_themes(seg, n_themes=3, min_df=1, max_df=1.0, codings=cod,
                        code_ids=["organisatie", "relaties"])
    money = found.themes.index[found.themes["top_words"].str.contains("convenant")][0] + 1
    assert found.affinity.loc[money, "organisatie"] > 0.95
    assert found.affinity["relaties"].max() == 0
    quotes = quotes_per_theme(seg, found, n=2)
    assert len(quotes) == 6 and quotes[quotes["theme"] == money]["quote"].str.contains("convenant").all()
