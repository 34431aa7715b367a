"""Append-only records: decisions are added, never rewritten."""

import pytest

from pao_analysis.errors import CorpusError
from pao_analysis.journal import append_records, latest, read_records, record_path

COLUMNS = ("segment_id", "code_id", "decision", "memo")


def _clock(values):
    it = iter(values)
    return lambda: next(it)


def test_records_are_appended_and_the_latest_state_restored(tmp_path):
    path = record_path(tmp_path / "coding", "coder-1")
    append_records(path, [{"segment_id": "s1", "code_id": "ambitie", "decision": "1", "memo": "duidelijk"},
                          {"segment_id": "s2", "code_id": "proces", "decision": "1"}],
                   author="coder-1", columns=COLUMNS, clock=_clock(["2026-11-22T10:00:00.000001+00:00"]))
    first = path.read_bytes()
    change = {"segment_id": "s1", "code_id": "ambitie", "decision": "0", "memo": 'toch niet, "twijfel"'}
    append_records(path, [change],
                   author="coder-1", columns=COLUMNS, clock=_clock(["2026-11-22T10:05:00.000001+00:00"]))
    assert path.read_bytes().startswith(first)  # earlier rows untouched
    history = read_records(path)
    assert len(history) == 3 and list(history.columns) == ["timestamp", "author", *COLUMNS]
    state = latest(history, ["segment_id", "code_id"])
    assert state[["segment_id", "decision", "memo"]].values.tolist() == [
        ["s2", "1", ""], ["s1", "0", 'toch niet, "twijfel"']]
    assert state["timestamp"].tolist() == ["2026-11-22T10:00:00.000001+00:00", "2026-11-22T10:05:00.000001+00:00"]


def test_a_file_with_other_columns_is_not_appended_to(tmp_path):
    path = tmp_path / "coder-2.csv"
    path.write_text("timestamp,author,segment_id\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="expected timestamp, author, segment_id, code_id"):
        append_records(path, [{"segment_id": "s1"}], author="coder-2", columns=COLUMNS)
    assert path.read_text(encoding="utf-8") == "timestamp,author,segment_id\n"


@pytest.mark.parametrize("author", ["../coder", "a/b", "", ".verborgen"])
def test_author_ids_are_plain_file_names(tmp_path, author):
    with pytest.raises(ValueError, match="author id"):
        record_path(tmp_path, author)


def test_missing_file_reads_as_empty(tmp_path):
    records = read_records(tmp_path / "nobody.csv")
    assert records.empty and latest(records, ["segment_id"]).empty
