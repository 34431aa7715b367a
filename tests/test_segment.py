import pandas as pd
import pytest

from pao_analysis.segment import segment_id, segment_turns

DOC = ("Interviewer: Hoe begon het?\n"
       "Louise: Nou, eh, in september 2020 begon ik. We leerden elkaar kennen. "
       "Er zijn géén afspraken gemaakt. Dat vind ik jammer.\n"
       "Interviewer: Ja.\n")


def _turns(doc: str = DOC) -> pd.DataFrame:
    rows = []
    pos = 0
    for i, line in enumerate(doc.splitlines(keepends=True)):
        label, text = line.rstrip("\n").split(": ", 1)
        start = pos + len(label) + 2
        rows.append({"case_id": "c", "interview_id": "P01", "turn": i, "speaker": label,
                     "speaker_role": "interviewer" if label == "Interviewer" else "respondent",
                     "start": start, "end": start + len(text), "text": text,
                     "timestamp": float("nan")})
        pos += len(line)
    return pd.DataFrame(rows)


def test_only_respondent_turns_become_segments():
    seg = segment_turns(_turns(), max_words=200)
    assert seg["speaker"].tolist() == ["Louise"]
    assert seg["n_words"].tolist() == [20]


@pytest.mark.parametrize("max_words, expected_texts", [
    (200, ["Nou, eh, in september 2020 begon ik. We leerden elkaar kennen. "
           "Er zijn géén afspraken gemaakt. Dat vind ik jammer."]),
    (12, ["Nou, eh, in september 2020 begon ik. We leerden elkaar kennen.",
          "Er zijn géén afspraken gemaakt. Dat vind ik jammer."]),
    (3, ["Nou, eh, in september 2020 begon ik.", "We leerden elkaar kennen.",
         "Er zijn géén afspraken gemaakt.", "Dat vind ik jammer."]),
])
def test_long_turns_split_into_sentence_groups(max_words, expected_texts):
    seg = segment_turns(_turns(), max_words=max_words)
    assert seg["text"].tolist() == expected_texts


def test_offsets_point_into_the_document_and_ids_are_stable():
    seg = segment_turns(_turns(), max_words=3)
    for row in seg.itertuples():
        assert DOC[row.start:row.end] == row.text
        assert row.segment_id == segment_id("c", "P01", row.start, row.end)
    again = segment_turns(_turns(), max_words=3)
    assert again["segment_id"].tolist() == seg["segment_id"].tolist()


def test_lemmas_handle_dutch_inflection():
    seg = segment_turns(_turns(), max_words=3)
    assert seg["lemmas"].tolist()[1:3] == ["we leren elkaar kennen", "er zijn geen afspraak maken"]


def test_empty_and_invalid_input():
    assert segment_turns(_turns().iloc[:0]).empty
    with pytest.raises(ValueError, match="max_words"):
        segment_turns(_turns(), max_words=0)
