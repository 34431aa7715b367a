import pytest

from pao_analysis.nlp import lemma, lemmatise, make_pipeline


@pytest.mark.parametrize("word, expected", [
    ("afspraken", "afspraak"),
    ("Afspraken", "afspraak"),
    ("leerden", "leren"),
    ("samenwerkingsovereenkomsten", "samenwerkingsovereenkomst"),
    ("bewoners", "bewoner"),
    ("gemaakt", "maken"),
    ("belangen", "belang"),
])
def test_dutch_lemmas(word, expected):
    assert lemma(word) == expected


def test_pipeline_is_blank_dutch_with_sentences_and_lemmas():
    nlp = make_pipeline()
    assert nlp.lang == "nl" and nlp.pipe_names == ["sentencizer", "simplemma_nl"]
    doc = nlp("Nou, eh, we leerden elkaar kennen. Toen ging het snel!")
    assert [s.text for s in doc.sents] == ["Nou, eh, we leerden elkaar kennen.", "Toen ging het snel!"]
    assert [t.lemma_ for t in doc][:7] == ["nou", ",", "eh", ",", "we", "leren", "elkaar"]
    assert make_pipeline() is nlp


@pytest.mark.parametrize("text, expected", [
    ("Wie betaalt dit eigenlijk?", "wie betalen dit eigenlijk"),
    ("Er is nooit een convenant gekomen.", "er zijn nooit een convenant komen"),
    ("", ""),
])
def test_lemmatise(text, expected):
    assert lemmatise(text) == expected
