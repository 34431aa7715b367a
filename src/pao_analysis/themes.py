"""Inductive themes: TF-IDF on lemmas + NMF, and each theme's affinity to the codes.

Themes are proposals for the researcher: the top lemmas and the most typical quotes
of each theme are shown so the researcher can name, merge or discard them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.lang.nl.stop_words import STOP_WORDS

from . import schemas

#: The seed of the topic model: the same themes on every run.
RANDOM_STATE = 0

logger = logging.getLogger("pao_analysis")

#: Spoken-language fillers and vague words that carry no theme (added to spaCy's Dutch stop words).
FILLERS = frozenset("""
eh ehm uh uhm hm mm mmm nou ja jaja nee oké ok okee gewoon echt heel zeg weet hè he hoor
natuurlijk eigenlijk beetje soort ding dingen iets wel even toch zo zeker best vooral
gaan komen zeggen denken vinden doen maken zien hebben zijn worden kunnen moeten willen
mogen laten staan krijgen houden zitten liggen weten keer tijd jaar manier stuk mens mensen
persoon-1 persoon-2 persoon-3 persoon
""".split())


@dataclass(frozen=True)
class Themes:
    """The result of :func:`find_themes`.

    ``themes``: theme, label, top_words, weight (share of all topic weight).
    ``segment_weights``: segment_id, theme, weight (only weights > 0).
    ``affinity``: theme × code share (0..1) of the theme's weight on segments with that code.
    """

    themes: pd.DataFrame
    segment_weights: pd.DataFrame
    affinity: pd.DataFrame


def find_themes(segments: pd.DataFrame, *, n_themes: int = 6, n_top_words: int = 8,
                codings: pd.DataFrame | None = None, codebook: str = "conditions",
                code_ids: list[str] | None = None, random_state: int = RANDOM_STATE,
                min_df: int = 2, max_df: float = 0.5) -> Themes:
    """Find ``n_themes`` themes in the segments' lemmas.

    Parameters
    ----------
    segments:
        SEGMENTS table (uses ``segment_id`` and ``lemmas``).
    codings, codebook, code_ids:
        When given, the affinity of each theme to each code is computed.
    random_state:
        Seed for NMF; the same input gives the same themes.

    Examples
    --------
    >>> import pandas as pd
    >>> lem = ["vertrouwen elkaar kennen bellen"] * 3 + ["convenant geld uur afspraak"] * 3
    >>> seg = pd.DataFrame({"segment_id": [str(i) for i in range(6)], "lemmas": lem})
    >>> th = find_themes(seg, n_themes=2, n_top_words=2, min_df=1, max_df=1.0)
    >>> sorted(th.themes["top_words"])
    ['afspraak, convenant', 'bellen, elkaar']
    """
    schemas.check(segments, {"segment_id": "", "lemmas": ""}, "segments")
    if n_themes < 1:
        raise ValueError(f"n_themes must be at least 1, got {n_themes}")
    stop = sorted(STOP_WORDS | FILLERS)
    vectorizer = TfidfVectorizer(token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b", stop_words=stop,
                                 min_df=min_df, max_df=max_df, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(segments["lemmas"].fillna(""))
    except ValueError:  # too little text: no word occurs in enough segments
        logger.warning("too little text for themes (%d segments); no themes proposed", len(segments))
        return Themes(pd.DataFrame(columns=["theme", "label", "top_words", "weight"]),
                      pd.DataFrame(columns=["segment_id", "theme", "weight"]), pd.DataFrame())
    n_themes = min(n_themes, matrix.shape[1], matrix.shape[0])
    model = NMF(n_components=n_themes, init="nndsvda", random_state=random_state, max_iter=500)
    weights = model.fit_transform(matrix)
    vocab = np.array(vectorizer.get_feature_names_out())
    themes = []
    total = weights.sum() or 1.0
    for k, comp in enumerate(model.components_):
        order = np.lexsort((vocab, -comp))[:n_top_words]
        words = [vocab[i] for i in order if comp[i] > 0]
        themes.append({"theme": k + 1, "label": " / ".join(words[:3]),
                       "top_words": ", ".join(words),
                       "weight": round(float(weights[:, k].sum() / total), 4)})
    themes_df = pd.DataFrame(themes)
    rows = [(segments["segment_id"].iat[i], k + 1, round(float(w), 6))
            for i, k in zip(*np.nonzero(weights)) for w in [weights[i, k]]]
    seg_w = pd.DataFrame(rows, columns=["segment_id", "theme", "weight"])
    affinity = pd.DataFrame()
    if codings is not None and code_ids:
        affinity = theme_affinity(seg_w, codings, codebook=codebook, code_ids=code_ids,
                                  themes=themes_df["theme"].tolist())
    return Themes(themes_df, seg_w, affinity)


def theme_affinity(segment_weights: pd.DataFrame, codings: pd.DataFrame, *, codebook: str,
                   code_ids: list[str], themes: list[int]) -> pd.DataFrame:
    """Share of each theme's weight that falls on segments coded with each code.

    Examples
    --------
    >>> import pandas as pd
    >>> sw = pd.DataFrame({"segment_id": ["a", "b"], "theme": [1, 1], "weight": [3.0, 1.0]})
    >>> cod = pd.DataFrame({"segment_id": ["a"], "codebook": "k", "code_id": "x"})
    >>> theme_affinity(sw, cod, codebook="k", code_ids=["x"], themes=[1]).values.tolist()
    [[0.75]]
    """
    coded = codings[codings["codebook"] == codebook][["segment_id", "code_id"]].drop_duplicates()
    onehot = (pd.crosstab(coded["segment_id"], coded["code_id"])
              .reindex(columns=code_ids, fill_value=0).clip(upper=1))
    w = segment_weights.pivot_table(index="segment_id", columns="theme", values="weight",
                                    aggfunc="sum", fill_value=0.0).reindex(columns=themes, fill_value=0.0)
    onehot = onehot.reindex(w.index, fill_value=0)
    share = (w.T @ onehot).div(w.sum(axis=0).replace(0, np.nan), axis=0).fillna(0.0)
    share.index.name = "theme"
    share.columns.name = None
    return share.round(4)


def typical_quotes(segments: pd.DataFrame, segment_weights: pd.DataFrame, *, theme: int,
                   n: int = 3) -> pd.DataFrame:
    """The ``n`` segments that load most on ``theme`` (segment_id, weight, text)."""
    top = (segment_weights[segment_weights["theme"] == theme]
           .sort_values(["weight", "segment_id"], ascending=[False, True]).head(n))
    return top.merge(segments[["segment_id", "text"]], on="segment_id")[["segment_id", "weight", "text"]]


def quotes_per_theme(segments: pd.DataFrame, found: Themes, *, n: int = 2,
                     max_chars: int = 300) -> pd.DataFrame:
    """The ``n`` most typical quotes of every theme: theme, label, segment_id, participant, quote."""
    from .conditions import shorten

    top = (found.segment_weights.sort_values(["theme", "weight", "segment_id"], ascending=[True, False, True])
           .groupby("theme").head(n))
    seg = segments.assign(participant=segments.get("participant", ""))[["segment_id", "participant", "text"]]
    out = (top.merge(found.themes[["theme", "label"]], on="theme")
           .merge(seg, on="segment_id").assign(quote=lambda d: d["text"].map(lambda x: shorten(x, max_chars))))
    return out[["theme", "label", "segment_id", "participant", "quote"]].reset_index(drop=True)
