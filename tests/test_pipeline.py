"""Stage tests on the demo corpus, and a case with bad files."""

import hashlib
import re

import pytest
from conftest import CORPORA, write_case

from pao_analysis.conditions import condition_profile
from pao_analysis.errors import problem_table
from pao_analysis.pipeline import prepare_case

CONDITIONS = ["ambitie", "belangen", "relaties", "organisatie", "proces"]


def _real_names(key):
    """Every real name of the key, plus first names and surnames of persons."""
    names = set()
    for e in key.entries:
        names.add(e.real_name)
        names.update(a for a in e.aliases if a)
        if e.category == "person":
            parts = e.real_name.split()
            names.update({parts[0], parts[-1]})
    return sorted(names)


def test_demo_case_is_read_completely(pittelo):
    assert sorted(pittelo.documents["interview_id"]) == ["P01", "P02", "P03", "P04", "P05", "P06"]
    assert sorted(pittelo.documents["format"]) == ["docx", "srt", "txt", "txt", "txt", "vtt"]
    assert pittelo.problems[pittelo.problems["level"] == "error"].empty
    words = pittelo.segments.groupby("interview_id")["n_words"].sum()
    assert (words > 1000).all(), words.to_dict()
    assert set(pittelo.segments["speaker_role"]) == {"respondent"}
    assert set(pittelo.turns["speaker_role"]) == {"interviewer", "respondent"}


def test_segments_point_into_pseudonymised_documents(pittelo):
    texts = dict(zip(pittelo.documents["interview_id"], pittelo.documents["text"]))
    for row in pittelo.segments.itertuples():
        assert texts[row.interview_id][row.start:row.end] == row.text
    assert pittelo.segments["segment_id"].is_unique


def test_no_real_name_survives_pseudonymisation(pittelo, pittelo_key):
    corpus = "\n".join(pittelo.documents["text"]) + "\n".join(pittelo.turns["speaker"])
    corpus += pittelo.replacements.to_csv()
    for name in _real_names(pittelo_key):
        assert not re.search(rf"\b{re.escape(name)}\b", corpus, re.I), f"a key name leaked ({len(name)} chars)"
    assert {"Louise", "Carin", "Inge"} <= set(pittelo.segments["speaker"])
    assert pittelo.replacements["count"].sum() > 50


def test_every_condition_and_category_is_coded(pittelo):
    coded = pittelo.codings.groupby(["codebook", "code_id"]).size()
    for code in CONDITIONS:
        assert coded["conditions", code] >= 10
    for code in ["ontwikkeling", "activiteit", "rol", "uitdaging"]:
        assert coded["timeline", code] >= 5


def test_demo_profile_matches_the_brief(pittelo):
    """AMBITIE, RELATIES and PROCES clearly present; ORGANISATIE and BELANGEN lag behind."""
    prof = condition_profile(pittelo.segments, pittelo.codings, code_ids=CONDITIONS).set_index("code_id")
    for code in ["ambitie", "relaties", "proces"]:
        assert prof.loc[code, "judgement"] == "clearly_present", prof.loc[code].to_dict()
    for code in ["organisatie", "belangen"]:
        assert prof.loc[code, "judgement"] == "lagging", prof.loc[code].to_dict()


def test_prepared_tables_are_cached_and_identical(tmp_path, pittelo, monkeypatch):
    again = prepare_case(CORPORA / "pittelo", cache_dir=tmp_path)
    assert again.segments.equals(pittelo.segments)

    def no_rerun(*args, **kwargs):
        raise AssertionError("the cache was not used")

    monkeypatch.setattr("pao_analysis.pipeline.pseudonymise", no_rerun)
    cached = prepare_case(CORPORA / "pittelo", cache_dir=tmp_path)
    assert cached.codings.equals(again.codings) and cached.segments.equals(again.segments)
    with pytest.raises(AssertionError, match="cache was not used"):  # another option: no cache hit
        prepare_case(CORPORA / "pittelo", cache_dir=tmp_path, max_words=60)


def _hashes(root):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_bad_files_are_reported_and_valid_ones_processed(tmp_path):
    good = ("Interviewer: Hoe begon het?\nMarloes: Nou, in september 2020 begon ik met mijn "
            "afstudeeronderzoek. We willen allemaal hetzelfde: een gezonde wijk.\n")
    root = write_case(tmp_path / "case", transcripts={"A.txt": good, "B.txt": b"", "Z.txt": good},
                      participants="interview_id,pseudonym,role,organisation,domain,interview_date\n"
                                   "A,Louise,r,o,d,2024-01-10\nB,Carin,r,o,d,2024-01-11\n"
                                   "C,Nienke,r,o,d,2024-01-12\n")
    before = _hashes(root)
    data = prepare_case(root)
    after = _hashes(root)
    assert after.pop(root / "private" / "replacement_log.csv")  # the one file written: next to the key
    assert after == before, "nothing else under the case folder may change"
    assert data.documents["interview_id"].tolist() == ["A"]
    problems = data.problems.set_index("file")
    assert problems.loc["case/transcripts/B.txt", "level"] == "error"
    assert problems.loc["case/transcripts/C.*", "level"] == "error"
    assert "no transcript" in problems.loc["case/transcripts/C.*", "message"]
    assert problems.loc["case/transcripts/Z.txt", "level"] == "warning"
    assert "Marloes" not in data.problems.to_csv() and "Marloes" not in data.documents["text"].iat[0]
    assert data.segments["speaker"].tolist() == ["Louise"]


def test_a_group_interview_attributes_each_segment_to_who_spoke_it(tmp_path):
    group = ("Interviewer: Hoe begon het?\nMarloes: In 2020 begon ik, samen met Kees.\n"
             "Kees Bakker: Ja, en ik werd in 2021 penningmeester.\nInterviewer: En daarna?\n"
             "Marloes: Toen kwam het geld.\nKees Bakker: Klopt, in 2022.\n")
    root = write_case(tmp_path / "case", transcripts={"A.txt": group, "B.txt": "Interviewer: En jij?\nR: Ik niet.\n"},
                      participants="interview_id,pseudonym,role,organisation,domain,interview_date\n"
                                   "A,Louise en Klaas,bestuur,coop,bewoner,2024-01-10\nB,Carin,r,o,d,2024-01-11\n",
                      key="real_name,pseudonym,category,role,aliases\nSanne Visser,Interviewer,person,interviewer,\n"
                          "Marloes Dijkstra,Louise,person,,\nKees Bakker,Klaas,person,,Kees\n")
    seg = prepare_case(root).segments
    assert seg[["interview_id", "participant"]].values.tolist() == [
        ["A", "Louise"], ["A", "Klaas"], ["A", "Louise"], ["A", "Klaas"], ["B", "Carin"]]
    assert set(seg["role"]) == {"bestuur", "r"}


def test_cached_problems_of_an_older_version_are_prepared_again(tmp_path):
    """Problems stored before they had Dutch texts make the cache stale; a rerun gives the same bytes."""
    root = write_case(tmp_path / "case", transcripts={"A.txt": "Interviewer: Hoe begon het?\nR: Met een plan.\n",
                                                      "B.txt": b""})
    folder = tmp_path / "data"
    first = prepare_case(root, cache_dir=folder)
    stored = folder / "problems.parquet"
    written = stored.read_bytes()
    assert problem_table(first.problems)["message"].tolist() == ["het bestand is leeg (0 bytes)"]
    first.problems[["level", "file", "where", "message", "fix"]].to_parquet(stored, index=False)
    again = prepare_case(root, cache_dir=folder)
    assert problem_table(again.problems)["message"].tolist() == ["het bestand is leeg (0 bytes)"]
    assert stored.read_bytes() == written


@pytest.mark.parametrize("names, fragment", [
    (["A.txt", "A.docx"], "has 2 transcripts"),
])
def test_duplicate_transcripts_for_one_interview(tmp_path, names, fragment):
    root = write_case(tmp_path / "case", transcripts={n: "R: tekst" for n in names},
                      participants="interview_id,pseudonym,role,organisation,domain,interview_date\n"
                                   "A,Louise,r,o,d,2024-01-10\n")
    data = prepare_case(root)
    assert data.documents.empty
    assert fragment in data.problems["message"].iat[0]
