"""The learned coder: it learns from human codings what the rules do not know.

Per code, a logistic regression on TF-IDF features of the segments' lemmas (words and
word pairs) is trained on human-coded segments: the shipped training set of the codebook
(fictional Dutch segments coded by hand, ``data/training/<codebook>.csv``) plus, when a
case has them, the case's own human codings. Its probabilities are combined with the
rule coder's confidences (:func:`combine`): a code is assigned when the weighted mean
reaches the threshold. Everything is deterministic (fixed seed, sorted inputs).

:func:`uncertainty_order` orders segments for a human coder so that the first decisions
teach the learned coder most (active learning: the segments it is least sure about).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .codebook import Codebook
from .nlp import lemmatise

__all__ = ["LearnedCoder", "combine", "default_learned", "train", "training_set",
           "uncertainty_order"]

#: Weight of the learned probability against the rule confidence in :func:`combine`.
LEARNED_WEIGHT = 0.5
#: Combined score at which a code is assigned.
THRESHOLD = 0.5
#: Regularisation of the logistic regressions (inverse strength).
C = 4.0
SEED = 0


@dataclass(frozen=True)
class LearnedCoder:
    """A trained coder: the vectoriser and one model per code (None: the code never or
    always occurred in training; its probability is then that constant)."""

    code_ids: tuple[str, ...]
    vectorizer: object
    models: tuple[object | None, ...]
    constants: tuple[float, ...]
    n_train: int

    def predict(self, lemmas: Sequence[str]) -> np.ndarray:
        """Probabilities, one row per text and one column per code id."""
        lemmas = ["" if not isinstance(t, str) else t for t in lemmas]
        out = np.zeros((len(lemmas), len(self.code_ids)))
        if not lemmas:
            return out
        features = self.vectorizer.transform(lemmas)
        for j, (model, constant) in enumerate(zip(self.models, self.constants)):
            out[:, j] = model.predict_proba(features)[:, 1] if model is not None else constant
        return out


def train(lemmas: Sequence[str], labels: Sequence[Sequence[str]], code_ids: Sequence[str], *,
          c: float = C) -> LearnedCoder:
    """Train on lemmatised texts and their human codes (a list of code ids per text)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    lemmas = ["" if not isinstance(t, str) else t for t in lemmas]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
    features = vectorizer.fit_transform(lemmas)
    models, constants = [], []
    for code in code_ids:
        y = np.array([code in set(row) for row in labels], dtype=int)
        if 0 < y.sum() < len(y):
            model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000,
                                       random_state=SEED).fit(features, y)
            models.append(model)
            constants.append(float("nan"))
        else:
            models.append(None)
            constants.append(float(y.mean()) if len(y) else 0.0)
    return LearnedCoder(tuple(code_ids), vectorizer, tuple(models), tuple(constants), len(lemmas))


def combine(rule_confidence: np.ndarray, learned: np.ndarray, *, weight: float = LEARNED_WEIGHT,
            ) -> np.ndarray:
    """Combined scores: ``weight`` × learned probability + (1 − ``weight``) × rule
    confidence (0 where the rules assigned nothing).

    Examples
    --------
    >>> combine(np.array([[0.8, 0.0]]), np.array([[0.3, 0.9]])).round(2).tolist()
    [[0.55, 0.45]]
    """
    return weight * np.asarray(learned) + (1.0 - weight) * np.asarray(rule_confidence)


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


def training_set(codebook_id: str) -> pd.DataFrame:
    """The shipped hand-coded training segments of a codebook (``text``, ``codes``) or an
    empty table when there are none."""
    path = resources.files("pao_analysis") / "data" / "training" / f"{codebook_id}.csv"
    if not path.is_file():
        return pd.DataFrame(columns=["text", "codes"])
    with path.open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


@lru_cache(maxsize=8)
def _default(codebook_id: str, code_ids: tuple[str, ...]) -> LearnedCoder | None:
    data = training_set(codebook_id)
    if data.empty:
        return None
    return train([lemmatise(t) for t in data["text"]], [c.split(";") for c in data["codes"]],
                 code_ids)


def default_learned(codebook: Codebook) -> LearnedCoder | None:
    """The learned coder trained on the codebook's shipped training set (None when the
    codebook ships none, e.g. a researcher's own codebook)."""
    return _default(codebook.id, tuple(codebook.ids))
