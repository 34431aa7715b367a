"""Shared fixtures: the demo corpora, prepared once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"


def to_terminal(config, report: str) -> None:
    """Write ``report`` to pytest's terminal output even while output is captured."""
    reporter = config.pluginmanager.getplugin("terminalreporter")
    capture = config.pluginmanager.getplugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        for line in report.splitlines():
            reporter.write_line(line)


@pytest.fixture(scope="session")
def pittelo(tmp_path_factory):
    """The Pittelo demo case, read, pseudonymised, segmented and coded."""
    from pao_analysis.pipeline import prepare_case

    return prepare_case(CORPORA / "pittelo", cache_dir=tmp_path_factory.mktemp("pittelo-data"))


@pytest.fixture(scope="session")
def overijssel(tmp_path_factory):
    """The Overijssel demo case (three neighbourhoods, no phases), prepared like Pittelo."""
    from pao_analysis.pipeline import prepare_case

    return prepare_case(CORPORA / "overijssel", cache_dir=tmp_path_factory.mktemp("overijssel-data"))


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """``pao run`` of the Pittelo demo into a temporary folder, once per session (the
    batch and browser tests read it; a test that changes it works on a copy)."""
    from pao_analysis.cli import main

    out = tmp_path_factory.mktemp("run") / "pittelo"
    assert main(["run", str(CORPORA / "pittelo"), "--output", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def pittelo_key():
    from pao_analysis.pseudonymise import load_key

    return load_key(CORPORA / "pittelo" / "private" / "pseudonym_key.csv")


def write_case(root: Path, *, transcripts: dict[str, str | bytes], participants: str | None = None,
               case_yaml: str | None = None, key: str | None = None) -> Path:
    """Write a small case folder for tests; returns its path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "case.yaml").write_text(case_yaml if case_yaml is not None else (
        "case_id: testcase\ntitle: Testcasus\nmunicipality: Assen\nneighbourhood: Pittelo\n"
        "language: nl\ninterview_period: {start: 2024-01-01, end: 2024-02-01}\n"), encoding="utf-8")
    if participants is None:
        rows = [f"{Path(n).stem},Persoon{i},rol,organisatie,welzijn,2024-01-1{i},{n}"
                for i, n in enumerate(sorted(transcripts))]
        participants = "interview_id,pseudonym,role,organisation,domain,interview_date,transcript\n" \
            + "\n".join(rows) + "\n"
    (root / "participants.csv").write_text(participants, encoding="utf-8")
    (root / "transcripts").mkdir(exist_ok=True)
    for name, content in transcripts.items():
        path = root / "transcripts" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "private").mkdir(exist_ok=True)
    (root / "private" / "pseudonym_key.csv").write_text(
        key if key is not None else "real_name,pseudonym,category,role,aliases\n"
        "Sanne Visser,Interviewer,person,interviewer,\nMarloes Dijkstra,Louise,person,,\n",
        encoding="utf-8")
    return root
