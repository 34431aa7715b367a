import pandas as pd
from conftest import CORPORA

from pao_analysis.bench import scaled_case


def test_scaled_case_repeats_every_interview(tmp_path):
    case = scaled_case(CORPORA / "pittelo", 3, tmp_path / "case")
    parts = pd.read_csv(case / "participants.csv", dtype=str)
    assert len(parts) == 18 and parts["interview_id"].is_unique
    assert sorted(p.name for p in (case / "transcripts").iterdir()) == sorted(parts["transcript"])
    original = (CORPORA / "pittelo" / "transcripts" / "P04_inge.vtt").read_bytes()
    assert (case / "transcripts" / "x002_P04_inge.vtt").read_bytes() == original
