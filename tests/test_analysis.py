import pandas as pd

from pao_analysis.analysis import code_frequencies, cooccurrence


def _codings(rows):
    return pd.DataFrame([{"segment_id": s, "codebook": b, "code_id": c, "source": "rules",
                          "confidence": 0.8, "valence": "present", "evidence": ""} for s, b, c in rows])


SEGMENTS = pd.DataFrame({"segment_id": ["s1", "s2", "s3", "s4"],
                         "participant": ["Louise", "Louise", "Carin", "Carin"]})
CODINGS = _codings([("s1", "conditions", "ambitie"), ("s1", "conditions", "relaties"),
                    ("s2", "conditions", "ambitie"), ("s3", "conditions", "organisatie"),
                    ("s3", "conditions", "organisatie"),  # duplicate: counted once
                    ("s4", "timeline", "rol")])


def test_code_frequencies_per_participant():
    freq = code_frequencies(SEGMENTS, CODINGS, codebook="conditions",
                            code_ids=["ambitie", "relaties", "organisatie"], by="participant")
    assert freq.to_dict("records") == [
        {"participant": "Carin", "ambitie": 0, "relaties": 0, "organisatie": 1, "n_segments": 2},
        {"participant": "Louise", "ambitie": 2, "relaties": 1, "organisatie": 0, "n_segments": 2},
        {"participant": "total", "ambitie": 2, "relaties": 1, "organisatie": 1, "n_segments": 4},
    ]


def test_cooccurrence_is_symmetric_with_totals_on_diagonal():
    co = cooccurrence(CODINGS, codebook="conditions", code_ids=["ambitie", "relaties", "organisatie"])
    assert co.values.tolist() == [[2, 1, 0], [1, 1, 0], [0, 0, 1]]
    assert list(co.index) == ["ambitie", "relaties", "organisatie"]
