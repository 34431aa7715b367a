"""The one spaCy pipeline factory for Dutch.

``spacy.blank("nl")`` gives spaCy's rule-based Dutch tokenizer; we add the
sentencizer and a lemmatizer backed by simplemma (which ships its Dutch lemma data,
so nothing is downloaded). No trained model is needed or loaded.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma
import spacy
from spacy.language import Language
from spacy.tokens import Doc


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Lower-case Dutch lemma of one word.

    Examples
    --------
    >>> lemma("Afspraken"), lemma("leerden"), lemma("samenwerkingsovereenkomsten")
    ('afspraak', 'leren', 'samenwerkingsovereenkomst')
    """
    low = word.lower()
    return simplemma.lemmatize(low, lang="nl").lower()


@Language.component("simplemma_nl", assigns=["token.lemma"])
def simplemma_component(doc: Doc) -> Doc:
    """Set ``token.lemma_`` from simplemma's Dutch data (lower case)."""
    for token in doc:
        if token.is_alpha:
            token.lemma_ = lemma(token.text)
        else:
            token.lemma_ = token.lower_
    return doc


@lru_cache(maxsize=1)
def make_pipeline() -> Language:
    """Return the shared Dutch pipeline: blank ``nl`` tokenizer, sentencizer, lemmatizer.

    Examples
    --------
    >>> nlp = make_pipeline()
    >>> [t.lemma_ for t in nlp("We leerden elkaar kennen.")]
    ['we', 'leren', 'elkaar', 'kennen', '.']
    """
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("simplemma_nl")
    return nlp


def lemmatise(text: str) -> str:
    """Space-separated lower-case lemmas of the word tokens of ``text`` (no punctuation).

    Examples
    --------
    >>> lemmatise("Er zijn géén afspraken gemaakt!")
    'er zijn geen afspraak maken'
    """
    doc = make_pipeline().make_doc(text)
    return " ".join(lemma(t.text) for t in doc if not (t.is_punct or t.is_space))
