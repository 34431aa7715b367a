"""The deductive coder: matching, confidence, valence, contracts, agreement with a
hand-coded Dutch gold set, and speed.

``src/pao_analysis/data/training/coding_gold.csv`` holds fictional Dutch interview
segments coded by hand: 272 written before the indicators were tuned (the indicators
were tuned on their ``dev`` rows only), 260 written later by a second author who saw
neither the indicators nor the coder (half ``dev``, half ``heldout``, alternating) and
300 ``dev`` rows by a third such author and 350 ``dev`` rows by a fourth, written to
teach the learned coder (many paraphrases without indicator words, negations and
conditions talked about as missing). Column ``author`` says who wrote a row (``a1`` to
``a4``). The learned coder trains on the ``dev`` rows; ``heldout`` rows are only measured.
Run ``pytest -s tests/test_coding.py`` to see the agreement table as it is computed; it
is also written to the terminal summary.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pandas as pd
import pytest
from conftest import to_terminal
from sklearn.metrics import cohen_kappa_score

from pao_analysis import schemas
from pao_analysis.codebook import default_codebook, parse_codebook
from pao_analysis.coding import (
    _has_literal,
    _parse,
    _required_literals,
    code_segments,
    code_texts,
    is_doubting_question,
    is_problematised,
    segment_valence,
)
from pao_analysis.learn import gold_set
from pao_analysis.nlp import lemmatise

CONDITIONS = ["ambitie", "belangen", "relaties", "organisatie", "proces"]
TIMELINE = ["ontwikkeling", "activiteit", "rol", "uitdaging"]

BOOK = parse_codebook("""\
codebook_id: test
title: Testcodes
codes:
  - id: contract
    label: Contract
    definition: Formele afspraken.
    indicators:
      strong: ["*overeenkomst", "convenant*", afspraken vastleggen, "re:\\\\bwie (betaalt|beslist)",
               "re:\\\\bcoordinatie\\\\b", "re:\\\\bwie\\\\b.{0,30}\\\\bregelt\\\\b"]
      weak: [geld, uren, budget, geld]
  - id: kennen
    label: Kennen
    definition: Elkaar leren kennen.
    indicators:
      strong: [leren kennen]
      weak: [koffie, lachen, bellen]
      exclude: [kennissessie]
    threshold: 0.7
""", display="test.yaml")


def _codes(text: str, book=BOOK) -> dict[str, tuple[float, str, str]]:
    out = code_texts([text], book)
    return {r.code_id: (r.confidence, r.valence, r.evidence) for r in out.itertuples()}


# --- matching ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # wildcards for compounds
    ("We hebben een samenwerkingsovereenkomst getekend.", {"contract"}),
    ("Er ligt nu een overeenkomst.", {"contract"}),
    ("De convenanten liggen klaar.", {"contract"}),
    ("Dat was overeenkomstig de regels.", set()),
    # separable verbs and phrases with words in between
    ("Die afspraken hebben we nooit vastgelegd.", {"contract"}),
    ("We leerden elkaar kennen.", {"kennen"}),
    ("We hebben elkaar na een jaar pas echt leren kennen.", {"kennen"}),
    ("We leerden in die eerste drukke jaren elkaar kennen.", set()),  # more than 3 words apart
    ("Kennen we elkaar? We leren het nog.", set()),  # wrong order, other sentence
    ("Ik leer veel. Ik ken haar goed.", set()),  # a phrase stays within a sentence
    # regular expressions: lower case, accents folded, never across a sentence
    ("Wie betaalt dat dan?", {"contract"}),
    ("De Coördinatie ligt bij haar.", {"contract"}),
    ("Wie van ons regelt het geld?", {"contract"}),
    ("Wie weet het. Zij regelt alles.", set()),
    ("Het regent al de hele dag.", set()),
])
def test_matching(text, expected):
    assert set(_codes(text)) == expected


@pytest.mark.parametrize("text, code, confidence", [
    ("Het gaat om geld.", "contract", None),  # one weak indicator: 0.4 < 0.5
    ("Geld, geld en nog eens geld.", "contract", None),  # one indicator, even if repeated
    ("Het gaat om geld en uren.", "contract", 0.64),  # two weak: 1 - 0.6 * 0.6
    ("Er is een convenant.", "contract", 0.8),
    ("Het convenant en de samenwerkingsovereenkomst.", "contract", 0.96),
    ("Wie betaalt de coördinatie van het convenant en het geld?", "contract", 0.99),  # capped
    ("We dronken koffie en bellen vaak.", "kennen", None),  # 0.64 < threshold 0.7
    ("We dronken koffie, lachen veel en bellen vaak.", "kennen", 0.784),
])
def test_confidence(text, code, confidence):
    got = _codes(text).get(code)
    if confidence is None:
        assert got is None
    else:
        assert got[0] == pytest.approx(confidence)


def test_weak_indicators_need_company_in_their_sentence():
    assert "contract" in _codes("Het gaat om geld en uren.")
    assert _codes("Het gaat om geld. Later kwamen de uren ter sprake.") == {}
    # a strong indicator anywhere lets the weak ones elsewhere count
    assert _codes("Er is een convenant. Het gaat om geld en uren.")["contract"][0] == \
        pytest.approx(1 - 0.2 * 0.6 * 0.6)


def test_one_word_matched_by_two_indicators_counts_once():
    book = parse_codebook("""\
codebook_id: t
title: T
codes:
  - id: geld
    label: Geld
    definition: Geld.
    indicators: {weak: [regelen, geregeld, budget]}
""")
    assert _codes("Het is geregeld.", book) == {}  # "geregeld" is both, but one word
    assert _codes("Het budget is geregeld.", book)["geld"][0] == pytest.approx(0.64)


def test_exclude_vetoes_only_its_own_sentence():
    assert _codes("We leerden elkaar kennen in een kennissessie.") == {}
    assert set(_codes("We leerden elkaar kennen. Later kwam er een kennissessie.")) == {"kennen"}


def test_evidence_is_the_spoken_text_in_order():
    assert _codes("Die afspraken hebben we nooit vastgelegd.")["contract"][2] == \
        "afspraken hebben we nooit vastgelegd"
    got = _codes("Het convenant is er. Convenanten en uren, daar gaat het om.")["contract"][2]
    assert got == "convenant | Convenanten | uren"  # repeats in other case are dropped


# --- valence ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, valence", [
    ("Er zijn géén afspraken gemaakt.", "absent"),
    ("We hebben nooit geëvalueerd.", "absent"),
    ("Niemand weet wie er over gaat.", "absent"),
    ("Dat is nergens vastgelegd.", "absent"),
    ("Er is nog niets geregeld.", "absent"),
    ("De afspraken ontbreken.", "absent"),
    ("We missen een gezamenlijk doel.", "absent"),
    ("Er is een gebrek aan tijd.", "absent"),
    ("Het is onduidelijk wie beslist.", "absent"),
    ("Het contact met de gemeente is lastig.", "absent"),
    ("Dat ging heel moeizaam.", "absent"),
    ("Het probleem is het geld.", "absent"),
    ("Ik maak me zorgen over de financiering.", "absent"),
    ("Er is weinig geld.", "absent"),
    ("We zijn te snel gegaan.", "absent"),
    ("Achteraf hadden we de bestuurders eerder moeten vragen.", "absent"),
    ("Wie betaalt dit eigenlijk?", "absent"),
    ("Wie beslist er eigenlijk?", "absent"),
    ("Afspraken? Die zijn er niet.", "absent"),  # the answer problematises the question
    ("We hebben afspraken gemaakt.", "present"),
    ("Dat is niet alleen leuk, het werkt ook.", "present"),
    ("Daar hoeven we ons geen zorgen over te maken.", "present"),
    ("Geen probleem, dat regelen we.", "present"),
    ("Hoe kunnen we samen de wijk gezonder maken?", "present"),
    ("Het is een mooie wijk, toch?", "present"),
    ("Als je elkaar niet vertrouwt, kom je nergens.", "present"),  # a general statement
    ("Het is minder druk dan vroeger.", "present"),  # "minder" lemmatises to "weinig"
    ("We hadden geen geld, maar het vertrouwen was er.", "mixed"),
    ("Het ging eerst moeizaam; nu loopt het goed.", "mixed"),
    # a fragment or a stand-alone subordinate clause shares the sentence before it
    ("We hebben te lang gewacht. De afspraken, het geld.", "absent"),
    ("Het is nooit uitgesproken. Dat er afspraken komen met de organisaties.", "absent"),
    ("Het is nooit uitgesproken. Nu bellen we elkaar gewoon.", "mixed"),
    ("Het is nooit uitgesproken. Dat is nu anders.", "mixed"),
    # forgotten or overlooked is missing (new-user trial 9)
    ("We zijn vergeten te kijken naar ieders eigen belang.", "absent"),
    ("Wie er betaalt, hebben we over het hoofd gezien.", "absent"),
])
def test_segment_valence(text, valence):
    assert segment_valence(text) == valence
    assert is_problematised(text) == (valence == "absent")


@pytest.mark.parametrize("text, code, valence", [
    # a wish means it is not there yet ...
    ("We moeten nu echt afspraken gaan maken over de uren.", "organisatie", "absent"),
    ("Mijn wens is om dat komend jaar in een convenant vast te leggen.", "organisatie", "absent"),
    ("Ik zou graag zien dat we vaker samen evalueren.", "proces", "absent"),
    ("We moeten het ook over de belangen hebben.", "belangen", "absent"),
    # ... except for the ambition, which is a wish
    ("We willen allemaal hetzelfde: dat kinderen hier gezond opgroeien.", "ambitie", "present"),
    ("Ik zou graag zien dat bewoners zelf aan het roer staan, dat is de stip op de horizon.",
     "ambitie", "present"),
    # plain statements stay present
    ("Sinds september is er een afspraak over de uren.", "organisatie", "present"),
])
def test_wishes(text, code, valence):
    got = _codes(text, default_codebook("conditions"))
    assert got[code][1] == valence


def test_valence_of_evidence_spans():
    text = "Het convenant is getekend. Dat is nooit gebeurd met de begroting, maar wel met de uren."
    begroting = text.index("begroting")
    uren = text.index("uren")
    assert segment_valence(text, [(4, 13)]) == "absent"  # the next sentence comments on it
    assert segment_valence(text, [(begroting, begroting + 9)]) == "absent"
    assert segment_valence(text, [(uren, uren + 4)]) == "present"
    assert segment_valence(text, [(begroting, begroting + 9), (uren, uren + 4)]) == "mixed"


@pytest.mark.parametrize("sentence, doubting", [
    ("Wie beslist er eigenlijk?", True),
    ("Wie betaalt dat?", True),
    ("Of het blijft bestaan?", True),
    ("Wat doen we nou concreet?", True),
    ("Wat levert het ons op?", False),
    ("Hoe kunnen we samen de wijk gezonder maken?", False),
    ("Dat is eigenlijk best mooi, toch?", False),
    ("Wie beslist er eigenlijk.", False),
])
def test_is_doubting_question(sentence, doubting):
    assert is_doubting_question(sentence) is doubting


@pytest.mark.parametrize("text, code, valence", [
    ("Er zijn nog géén afspraken gemaakt over wie wat doet.", "organisatie", "absent"),
    ("We hebben een convenant getekend met alle partners.", "organisatie", "present"),
    ("We vertrouwen elkaar volledig.", "relaties", "present"),
    ("Er was veel wantrouwen tussen de partijen.", "relaties", "absent"),
    ("We hadden geen budget, maar het vertrouwen was er wel.", "organisatie", "absent"),
    ("We hadden geen budget, maar het vertrouwen was er wel.", "relaties", "present"),
    ("In het begin was er geen vertrouwen. Nu bellen we elkaar gewoon.", "relaties", "mixed"),
    ("We evalueren nooit.", "proces", "absent"),
    ("Na elke bijeenkomst kijken we samen terug.", "proces", "present"),
    ("We sturen bij waar het nodig is.", "proces", "present"),
    ("Die afspraken hebben we nooit vastgelegd.", "organisatie", "absent"),
    ("Wat heb ik er eigenlijk aan?", "belangen", "absent"),
    ("Voor de school is het vooral interessant vanwege de stageplekken.", "belangen", "present"),
    ("Iedereen heeft zijn eigen agenda.", "ambitie", "absent"),
    ("We willen allemaal hetzelfde: gezonde kinderen in de wijk.", "ambitie", "present"),
])
def test_valence_with_the_conditions_codebook(text, code, valence):
    got = _codes(text, default_codebook("conditions"))
    assert code in got, got
    assert got[code][1] == valence


# --- the table contract -----------------------------------------------------------------

def _segments(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"segment_id": [f"c/P01/{i * 100}-{i * 100 + 90}" for i in range(len(texts))],
                         "text": texts, "lemmas": [lemmatise(t) for t in texts],
                         "speaker": "Louise"})


TEXTS = ["We leerden elkaar kennen en nu vertrouwen we elkaar.",
         "Er zijn nog géén afspraken gemaakt; wie betaalt dit eigenlijk?",
         "Het regende die dag.",
         "Na de evaluatie hebben we het plan omgegooid. Dat was lastig maar goed.",
         "Wat levert het mijn organisatie op?"]


def test_code_segments_contract_and_order():
    segs = _segments(TEXTS)
    before = segs.copy()
    out = code_segments(segs, default_codebook("conditions"))
    pd.testing.assert_frame_equal(segs, before)  # the input is not changed
    assert list(out.columns) == list(schemas.CODINGS)
    assert out[["segment_id", "code_id"]].values.tolist() == [
        ["c/P01/0-90", "relaties"], ["c/P01/100-190", "organisatie"],
        ["c/P01/300-390", "proces"], ["c/P01/400-490", "belangen"]]
    assert set(out["codebook"]) == {"conditions"} and set(out["source"]) == {"rules"}
    assert out["confidence"].between(0.5, 0.99).all()
    assert out["valence"].isin(["present", "absent", "mixed"]).all()
    assert (out["evidence"].str.len() > 0).all()


def test_code_segments_is_deterministic_and_order_free():
    segs = _segments(TEXTS * 3).assign(segment_id=lambda d: [f"s{i:02d}" for i in range(len(d))])
    book = default_codebook("conditions")
    first = code_segments(segs, book)
    pd.testing.assert_frame_equal(first, code_segments(segs, book))
    shuffled = segs.sample(frac=1, random_state=7).reset_index(drop=True)
    pd.testing.assert_frame_equal(first, code_segments(shuffled, book))


def test_missing_or_mismatched_lemmas_fall_back_to_lemmatising():
    book = default_codebook("conditions")
    segs = _segments(TEXTS)
    expected = code_segments(segs, book)
    for lemmas in ("", None, "iets heel anders"):
        pd.testing.assert_frame_equal(code_segments(segs.assign(lemmas=lemmas), book), expected)


def test_empty_and_missing_text():
    book = default_codebook("timeline")
    out = code_segments(_segments([]), book)
    assert out.empty and list(out.columns) == list(schemas.CODINGS)
    segs = pd.DataFrame({"segment_id": ["a", "b", "c"], "text": [None, "  ", np.nan],
                         "lemmas": [None, "", np.nan]})
    assert code_segments(segs, book).empty
    with pytest.raises(Exception, match="lemmas"):
        code_segments(segs.drop(columns="lemmas"), book)


def test_code_texts_and_source():
    out = code_texts(["Ik ben hier de kartrekker, namens de gemeente.",
                      "In september hebben we een bijeenkomst georganiseerd.",
                      "Landelijk zie je steeds meer aandacht voor preventie.",
                      "Het lastige is dat iedereen maar een paar uur heeft."],
                     default_codebook("timeline"), source="regels-v1")
    assert out[["segment_id", "code_id"]].values.tolist() == [
        ["0", "rol"], ["1", "activiteit"], ["2", "ontwikkeling"], ["3", "uitdaging"]]
    assert set(out["source"]) == {"regels-v1"}


# --- the regex pre-filter never changes a result -----------------------------------------

@pytest.mark.parametrize("pattern, literals", [
    # of the parts every match needs, the most selective one is used
    (r"\bwie (betaalt|beslist)", ("betaalt", "beslist")),
    (r"\b(we|wij) weten (allemaal |ook )?waarom\b", (" weten ",)),
    (r"\bwie\b.{0,30}\bregelt\b", (r"\bregelt",)),
    (r"\bkwam(en)? er wel uit|komen er wel uit", (" er wel uit", "komen er wel uit")),
    (r"\b(ik )?(hoop|droom)( is)? dat", ("hoop", "droom")),
    (r"\bgeld (is |was )?op\b", (r"\bgeld ",)),  # word start: checked as " geld "
    (r"\bwake-?up", (r"\bwake",)),
    (r"\bz'n moeder", ("z'n moeder",)),  # not only word characters: plain substring
    (r"ab+c", ("ab",)),
    (r"x{0,3}yy", ("yy",)),
    (r"a\.b", ("a.b",)),
    (r"\b(\w+ )+jaar", ("jaar",)),
    (r"[ab]c", ("c",)),
    (r"(?i)wie", None),
    (r"wie|", None),
])
def test_required_literals(pattern, literals):
    assert _required_literals(pattern) == literals


def test_prefilter_is_safe_on_the_shipped_codebooks():
    texts = gold_set()["text"].tolist()
    texts += ["Wie? Ik. Z'n moeder, hè: wie-betaalt-wat... 'Ik' (wij) en—jij.", "ik", ""]
    parsed = [_parse(t, None) for t in texts]
    checked = 0
    for name in ("conditions", "timeline"):
        for code in default_codebook(name).codes:
            for ind in code.strong + code.weak + code.exclude_indicators:
                if not ind.startswith("re:"):
                    continue
                literals = _required_literals(ind[3:])
                if literals is None:
                    continue
                pattern = re.compile(ind[3:])
                for p in parsed:
                    if pattern.search(p.folded):
                        checked += 1
                        assert any(_has_literal(p, lit) for lit in literals), (ind, p.text)
    assert checked > 100


# --- agreement with the hand-coded gold set ----------------------------------------------

def _agreement(gold: pd.DataFrame, column: str, book_name: str) -> tuple[pd.DataFrame, dict]:
    book = default_codebook(book_name)
    rows, valence = [], {}
    for split, part in gold.groupby("split"):
        part = part.reset_index(drop=True)
        out = code_texts(part["text"].tolist(), book)
        coded = {(int(r.segment_id), r.code_id): r.valence for r in out.itertuples()}
        for code in book.ids:
            truth = [code in row.split(";") for row in part[column]]
            pred = [(i, code) in coded for i in range(len(part))]
            tp = sum(t and p for t, p in zip(truth, pred))
            kappa = cohen_kappa_score(truth, pred) if len(set(truth) | set(pred)) > 1 else 1.0
            rows.append({"codebook": book_name, "split": split, "code": code, "n": len(part),
                         "gold": sum(truth), "coded": sum(pred),
                         "precision": tp / max(sum(pred), 1), "recall": tp / max(sum(truth), 1),
                         "kappa": kappa})
        if book_name == "conditions":
            hits = [coded[(i, code)] == v
                    for i, row in part.iterrows()
                    for code, v in (kv.split("=") for kv in row["valence"].split(";") if kv)
                    if (i, code) in coded]
            valence[split] = (sum(hits), len(hits))
    return pd.DataFrame(rows), valence


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return gold_set()


@pytest.fixture(scope="module")
def agreement(gold, request):
    cond, valence = _agreement(gold, "codes", "conditions")
    time_, _ = _agreement(gold, "timeline", "timeline")
    table = pd.concat([cond, time_], ignore_index=True)
    lines = ["", "Rule coder vs. hand coding (data/training/coding_gold.csv)",
             table.to_string(index=False, float_format=lambda x: f"{x:.2f}")]
    lines += [f"valence accuracy on coded gold conditions ({split}): {ok}/{n} = {ok / n:.2f}"
              for split, (ok, n) in sorted(valence.items())]
    report = "\n".join(lines)
    request.addfinalizer(lambda: to_terminal(request.config, report))
    return table, valence, report


def test_gold_set_is_well_formed(gold):
    assert list(gold.columns) == ["text", "codes", "valence", "timeline", "split", "author"]
    assert set(gold["author"]) == {"a1", "a2", "a3", "a4"}
    assert set(gold.loc[gold["author"].isin(["a3", "a4"]), "split"]) == {"dev"}
    assert len(gold) >= 400 and gold["text"].is_unique
    assert set(gold["split"]) == {"dev", "heldout"}
    assert (gold["split"] == "heldout").sum() >= 200
    assert 0.15 <= (gold["codes"] == "").mean() <= 0.25  # about a fifth with no condition
    for row in gold.itertuples():
        codes = [c for c in row.codes.split(";") if c]
        pairs = dict(kv.split("=") for kv in row.valence.split(";") if kv)
        assert codes == [c for c in CONDITIONS if c in pairs], row.text
        assert set(pairs.values()) <= {"present", "absent", "mixed"}
        assert set(filter(None, row.timeline.split(";"))) <= set(TIMELINE)
    absent = gold["valence"].str.contains("absent").sum()
    assert absent >= 50  # conditions talked about as missing are well represented


def test_agreement_table(agreement):
    table, _, report = agreement
    print(report)
    assert len(table) == 2 * (len(CONDITIONS) + len(TIMELINE))
    assert table["kappa"].between(-1, 1).all()


def test_heldout_kappa_floor_per_condition(agreement):
    table, _, _ = agreement
    held = table[(table["codebook"] == "conditions") & (table["split"] == "heldout")]
    assert held["code"].tolist() == CONDITIONS
    # the rules alone, measured on the held-out rows (rounded down to 0.05): they miss
    # paraphrases; the default coder combines them with the learned coder (test_learn.py)
    floor = {"ambitie": 0.30, "belangen": 0.40, "relaties": 0.40, "organisatie": 0.65, "proces": 0.45}
    low = held[held["kappa"] < held["code"].map(floor)]
    assert low.empty, f"kappa below the measured floor on heldout:\n{low}"


def test_heldout_valence_accuracy(agreement):
    _, valence, _ = agreement
    ok, n = valence["heldout"]
    assert n >= 30
    assert ok / n >= 0.7


def test_dev_agreement_is_high(gold):
    """The dev rows were used for tuning: they must stay well coded (guards regressions).
    Measured on the rows of the first three authors: the fourth author's rows were written
    to teach the learned coder what the rules miss (on them alone the rules reach a kappa
    of 0.14 to 0.65)."""
    table, valence = _agreement(gold[gold["author"] != "a4"], "codes", "conditions")
    dev = table[table["split"] == "dev"]
    # measured floors (rounded down to 0.05): the tuned rows and 430 rows of two other authors
    floor = {"ambitie": 0.45, "belangen": 0.50, "relaties": 0.60, "organisatie": 0.70, "proces": 0.60}
    assert (dev["kappa"] >= dev["code"].map(floor)).all(), dev
    ok, n = valence["dev"]
    assert ok / n >= 0.75


# --- speed ------------------------------------------------------------------------------

def test_coding_speed(gold):
    """Coding ~50,000 words with both codebooks (lemmas precomputed, as in the pipeline)."""
    texts = gold["text"].tolist()
    segments, words, k = [], 0, 0
    while words < 50_000:
        parts = []
        while sum(len(p.split()) for p in parts) < 100:
            parts.append(texts[k % len(texts)])
            k += 7
        segments.append(" ".join(parts))
        words += sum(len(p.split()) for p in parts)
    segs = pd.DataFrame({"segment_id": [f"c/P01/{i}" for i in range(len(segments))],
                         "text": segments, "lemmas": [lemmatise(t) for t in segments]})
    books = [default_codebook("conditions"), default_codebook("timeline")]
    code_segments(segs.head(5), books[0])  # compile outside the timing
    code_segments(segs.head(5), books[1])
    start = time.perf_counter()
    n = sum(len(code_segments(segs, book)) for book in books)
    seconds = time.perf_counter() - start
    print(f"\ncoded {words:,} words with 2 codebooks in {seconds:.2f} s: "
          f"{words / seconds:,.0f} words/s ({n} codings)")
    assert n > len(segs)
    assert words / seconds > 20_000


# ------------------------------------------------------------------ any table of texts


def test_code_table_keeps_the_columns_and_adds_codes_and_confidences():
    from pao_analysis.coding import code_table

    answers = pd.DataFrame({"nr": ["1", "2", "3"], "antwoord": [
        "We leerden elkaar echt kennen.",
        "Er zijn nog geen afspraken vastgelegd over geld.", ""]})
    out = code_table(answers, "antwoord", default_codebook("conditions"))
    ids = ["ambitie", "belangen", "relaties", "organisatie", "proces"]
    assert list(out.columns) == ["nr", "antwoord", *ids, "codes", *(f"confidence_{i}" for i in ids)]
    assert out["codes"].tolist() == ["relaties", "organisatie", ""]
    assert out["relaties"].tolist() == [1, 0, 0] and out["organisatie"].tolist() == [0, 1, 0]
    assert out.loc[0, "confidence_relaties"] > 0.5 and out.loc[0, "confidence_organisatie"] < 0.35
    # a code not assigned keeps its score, so answers can be sorted by how near they came (trial 10)
    assert 0 < out.loc[0, "confidence_proces"] < 0.35 and 0 < out.loc[1, "confidence_belangen"] < 0.35
    assert (out.loc[2, [f"confidence_{i}" for i in ids]] == 0).all()  # an empty answer
    assert out[["nr", "antwoord"]].equals(answers)


def test_code_table_refuses_to_overwrite_a_column():
    from pao_analysis.coding import code_table

    with pytest.raises(ValueError, match="already has column.*codes"):
        code_table(pd.DataFrame({"t": ["x"], "codes": ["a"]}), "t", default_codebook("conditions"))


def test_pao_code_reads_an_excel_csv_and_writes_codes(tmp_path, capsys):
    from pao_analysis.cli import main

    survey = tmp_path / "monitor.csv"
    survey.write_bytes("respondent;open antwoord\n1;Wie betaalt dit eigenlijk? Niemand weet het.\n"
                       "2;Het café is leuk\n".encode("cp1252"))
    out = tmp_path / "gecodeerd.csv"
    assert main(["code", str(survey), "--text-column", "open antwoord", "--output", str(out)]) == 0
    coded = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert coded["open antwoord"].tolist()[1] == "Het café is leuk"
    assert coded["codes"].fillna("").tolist() == ["organisatie", ""]
    assert "2 texts coded with conditions" in capsys.readouterr().out
    assert main(["code", str(survey), "--text-column", "antwoord", "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "monitor.csv" in err and "no column 'antwoord'" in err and "respondent, open antwoord" in err
    assert main(["code", str(survey), "--text-column", "x", "--output", str(survey)]) == 2
