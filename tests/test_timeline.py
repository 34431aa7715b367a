"""Time expressions, events and the timeline figure.

The gold set (tests/data/dates_gold.csv) holds hand-annotated Dutch spoken-style
sentences, one row per expected mention (sentences without a date have one row with an
empty ``date_text``); every third sentence is held out and never used for tuning.
"""

from __future__ import annotations

import io
import itertools
import logging
from datetime import date
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from pao_analysis import schemas
from pao_analysis.timeline import (
    DateMention,
    _quote,
    clean_spoken,
    event_label,
    events_per_interview,
    extract_dates,
    extract_events,
    plot_timeline,
    story_position,
    undated_label,
)

matplotlib.use("Agg")

GOLD = Path(__file__).parent / "data" / "dates_gold.csv"
REF = date(2024, 1, 17)  # a Wednesday


def one(text: str, reference: date = REF) -> tuple[str, str, str]:
    """The single mention in ``text`` as (text, earliest, latest)."""
    found = extract_dates(text, reference=reference)
    assert len(found) == 1, [(m.text, m.earliest, m.latest) for m in found]
    m = found[0]
    return m.text, m.earliest.isoformat(), m.latest.isoformat()


# ------------------------------------------------------------------ expression types


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In 2021 zijn we begonnen.", ("2021", "2021-01-01", "2021-12-31")),
        ("Dat was 1995, lang geleden.", ("1995", "1995-01-01", "1995-12-31")),
        ("We hebben dat in '21 geprobeerd.", ("'21", "2021-01-01", "2021-12-31")),
        ("Het plan loopt tot en met 2039.", ("2039", "2039-01-01", "2039-12-31")),
        ("Het budget voor 2024 is rond.", ("2024", "2024-01-01", "2024-12-31")),
    ],
)
def test_years(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In september 2020 begon ik.", ("september 2020", "2020-09-01", "2020-09-30")),
        ("Dat was sept. 2021 denk ik.", ("sept. 2021", "2021-09-01", "2021-09-30")),
        ("In maart '22 kwam de wethouder.", ("maart '22", "2022-03-01", "2022-03-31")),
        ("Dat was februari 2024.", ("februari 2024", "2024-02-01", "2024-02-29")),
        ("In okt 2019 was de start.", ("okt 2019", "2019-10-01", "2019-10-31")),
        (
            "Dat was in september van vorig jaar.",
            ("september van vorig jaar", "2023-09-01", "2023-09-30"),
        ),
    ],
)
def test_month_and_year(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Op 15 maart 2022 is het getekend.", ("15 maart 2022", "2022-03-15", "2022-03-15")),
        ("Op 1e mei 2021 begon ik.", ("1e mei 2021", "2021-05-01", "2021-05-01")),
        ("Het overleg was op 15-03-2022.", ("15-03-2022", "2022-03-15", "2022-03-15")),
        ("Het overleg was op 15/3/2022.", ("15/3/2022", "2022-03-15", "2022-03-15")),
        ("Het overleg was op 7.6.2023.", ("7.6.2023", "2023-06-07", "2023-06-07")),
        ("In de notulen van 2023-05-16 staat het.", ("2023-05-16", "2023-05-16", "2023-05-16")),
        ("Op 12 sept. '22 was de presentatie.", ("12 sept. '22", "2022-09-12", "2022-09-12")),
    ],
)
def test_days(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Begin 2021 hoorden we het.", ("Begin 2021", "2021-01-01", "2021-04-30")),
        (
            "Aan het begin van 2023 was er energie.",
            ("het begin van 2023", "2023-01-01", "2023-04-30"),
        ),
        ("Eind 2021 werd het een pilotwijk.", ("Eind 2021", "2021-09-01", "2021-12-31")),
        ("Dat was eind van 2022.", ("eind van 2022", "2022-09-01", "2022-12-31")),
        ("Einde 2023 spraken we erover.", ("Einde 2023", "2023-09-01", "2023-12-31")),
        ("Medio 2022 kwam de proeftuin.", ("Medio 2022", "2022-05-01", "2022-08-31")),
        ("Half 2022 gingen we naar een congres.", ("Half 2022", "2022-05-01", "2022-08-31")),
        ("Midden 2022 was het rustig.", ("Midden 2022", "2022-05-01", "2022-08-31")),
        (
            "Begin september 2022 kwamen de studenten.",
            ("Begin september 2022", "2022-09-01", "2022-09-10"),
        ),
        ("Half november 2023 was het gesprek.", ("Half november 2023", "2023-11-11", "2023-11-20")),
        ("Eind februari 2024 is de deadline.", ("Eind februari 2024", "2024-02-21", "2024-02-29")),
        (
            "Het eind van de zomer van 2022 was druk.",
            ("Het eind van de zomer van 2022", "2022-08-01", "2022-08-31"),
        ),
        ("Begin eh 2023 maakten we de afspraak.", ("Begin eh 2023", "2023-01-01", "2023-04-30")),
    ],
)
def test_begin_middle_end(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "In het voorjaar van 2022 was dat.",
            ("het voorjaar van 2022", "2022-03-01", "2022-05-31"),
        ),
        ("Voorjaar 2023 lag alles stil.", ("Voorjaar 2023", "2023-03-01", "2023-05-31")),
        (
            "In de lente van 2021 begon de moestuin.",
            ("de lente van 2021", "2021-03-01", "2021-05-31"),
        ),
        ("In de zomer van 2022 was het stil.", ("de zomer van 2022", "2022-06-01", "2022-08-31")),
        ("Zomer '22 was het even stil.", ("Zomer '22", "2022-06-01", "2022-08-31")),
        (
            "Het najaar van 2022 was het kantelpunt.",
            ("Het najaar van 2022", "2022-09-01", "2022-11-30"),
        ),
        ("In de herfst van 2020 liep ik mee.", ("de herfst van 2020", "2020-09-01", "2020-11-30")),
        ("De winter van 2021 was zwaar.", ("De winter van 2021", "2020-12-01", "2021-02-28")),
        (
            "In de winter 2022/2023 lag het stil.",
            ("de winter 2022/2023", "2022-12-01", "2023-02-28"),
        ),
        (
            "De zomervakantie van 2023 gebruikten we.",
            ("De zomervakantie van 2023", "2023-07-01", "2023-08-31"),
        ),
        (
            "In de kerstvakantie van 2022 schreef ik.",
            ("de kerstvakantie van 2022", "2022-12-20", "2023-01-06"),
        ),
    ],
)
def test_seasons(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "In de eerste helft van 2023 praatten we.",
            ("de eerste helft van 2023", "2023-01-01", "2023-06-30"),
        ),
        (
            "De tweede helft van 2022 was kennismaken.",
            ("De tweede helft van 2022", "2022-07-01", "2022-12-31"),
        ),
        (
            "Het eerste halfjaar van 2022 was netwerken.",
            ("Het eerste halfjaar van 2022", "2022-01-01", "2022-06-30"),
        ),
        (
            "In het derde kwartaal van 2022 kwam het geld.",
            ("het derde kwartaal van 2022", "2022-07-01", "2022-09-30"),
        ),
        ("In Q4 2023 stond de evaluatie.", ("Q4 2023", "2023-10-01", "2023-12-31")),
        (
            "Het schooljaar 2022-2023 was het laatste.",
            ("Het schooljaar 2022-2023", "2022-09-01", "2023-08-31"),
        ),
        (
            "In het schooljaar 22/23 was het anders.",
            ("het schooljaar 22/23", "2022-09-01", "2023-08-31"),
        ),
    ],
)
def test_halves_quarters_school_years(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vorig jaar schreven we de aanvraag.", ("Vorig jaar", "2023-01-01", "2023-12-31")),
        ("Verleden jaar was het anders.", ("Verleden jaar", "2023-01-01", "2023-12-31")),
        ("Dit jaar is er geld.", ("Dit jaar", "2024-01-01", "2024-12-31")),
        ("Volgend jaar willen we verder.", ("Volgend jaar", "2025-01-01", "2025-12-31")),
        ("Twee jaar geleden wist niemand het.", ("Twee jaar geleden", "2022-01-01", "2022-12-31")),
        ("Dat was 3 jaar geleden.", ("3 jaar geleden", "2021-01-01", "2021-12-31")),
        (
            "Een half jaar geleden was de bijeenkomst.",
            ("Een half jaar geleden", "2023-06-01", "2023-08-31"),
        ),
        ("Anderhalf jaar geleden kwam ik.", ("Anderhalf jaar geleden", "2022-06-01", "2022-08-31")),
        (
            "Een paar jaar geleden was dat er niet.",
            ("Een paar jaar geleden", "2021-01-01", "2022-12-31"),
        ),
        (
            "Een jaar of drie geleden begon het.",
            ("Een jaar of drie geleden", "2021-01-01", "2021-12-31"),
        ),
        (
            "Vier maanden geleden kwam de wijkraad.",
            ("Vier maanden geleden", "2023-09-01", "2023-09-30"),
        ),
        (
            "Drie weken geleden zaten we bij elkaar.",
            ("Drie weken geleden", "2023-12-25", "2023-12-31"),
        ),
        (
            "Vorige maand waren we op het gemeentehuis.",
            ("Vorige maand", "2023-12-01", "2023-12-31"),
        ),
        ("Deze maand versturen we de uitnodiging.", ("Deze maand", "2024-01-01", "2024-01-31")),
        ("Volgende maand presenteren we.", ("Volgende maand", "2024-02-01", "2024-02-29")),
        ("Vorige week was er overleg.", ("Vorige week", "2024-01-08", "2024-01-14")),
        ("Gisteren sprak ik Joris.", ("Gisteren", "2024-01-16", "2024-01-16")),
        ("Afgelopen zomer werkte ik door.", ("Afgelopen zomer", "2023-06-01", "2023-08-31")),
        ("Vorige winter was het stil.", ("Vorige winter", "2022-12-01", "2023-02-28")),
        ("Komende zomer evalueren we.", ("Komende zomer", "2024-06-01", "2024-08-31")),
        ("Dit voorjaar starten we.", ("Dit voorjaar", "2024-03-01", "2024-05-31")),
        (
            "Afgelopen september gaven we de studenten een rol.",
            ("Afgelopen september", "2023-09-01", "2023-09-30"),
        ),
        ("Begin dit jaar startte het ontwerp.", ("Begin dit jaar", "2024-01-01", "2024-04-30")),
        ("Eind vorig jaar kwam het voorstel.", ("Eind vorig jaar", "2023-09-01", "2023-12-31")),
        (
            "Vorig jaar in maart probeerden we het.",
            ("Vorig jaar in maart", "2023-03-01", "2023-03-31"),
        ),
        ("Het afgelopen jaar leerden we veel.", ("Het afgelopen jaar", "2023-01-17", "2024-01-17")),
        (
            "De komende twee jaar bouwen we verder.",
            ("De komende twee jaar", "2024-01-17", "2026-01-17"),
        ),
        ("Dit schooljaar werken we met koppels.", ("Dit schooljaar", "2023-09-01", "2024-08-31")),
        (
            "De laatste twee jaar ging het goed.",
            ("De laatste twee jaar", "2022-01-17", "2024-01-17"),
        ),
        ("De vorige week was druk.", ("De vorige week", "2024-01-10", "2024-01-17")),
        # "het" is the object of "oneens zijn", not the article of "week": the calendar week
        ("We zijn het vorige week nog oneens geweest.", ("vorige week", "2024-01-08", "2024-01-14")),
        ("Ik vond het vorige maand lastig.", ("vorige maand", "2023-12-01", "2023-12-31")),
    ],
)
def test_relative_to_the_interview_date(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Het liep van 2022 tot 2024.", ("van 2022 tot 2024", "2022-01-01", "2024-12-31")),
        (
            "Tussen 2021 en 2023 waren er drie wethouders.",
            ("Tussen 2021 en 2023", "2021-01-01", "2023-12-31"),
        ),
        ("Sinds 2020 zit ik in het netwerk.", ("Sinds 2020", "2020-01-01", "2024-01-17")),
        (
            "Sinds september 2020 ben ik bezig.",
            ("Sinds september 2020", "2020-09-01", "2024-01-17"),
        ),
        ("Sinds vorig jaar hebben we uren.", ("Sinds vorig jaar", "2023-01-01", "2024-01-17")),
        (
            "Vanaf september 2024 draait de wijkraad.",
            ("Vanaf september 2024", "2024-09-01", "2024-09-30"),
        ),
        ("Vanaf 2021 werkten we samen.", ("Vanaf 2021", "2021-01-01", "2024-01-17")),
        (
            "Het wijkuitvoeringsplan 2023-2026 is ons kader.",
            ("2023-2026", "2023-01-01", "2026-12-31"),
        ),
        ("In de periode 2020 - 2022 was het anders.", ("2020 - 2022", "2020-01-01", "2022-12-31")),
        ("Dat was 2021/2022.", ("2021/2022", "2021-01-01", "2022-12-31")),
        (
            "Van maart tot juni 2023 was er elke week een sessie.",
            ("Van maart tot juni 2023", "2023-03-01", "2023-06-30"),
        ),
        (
            "Van november tot maart 2022 lag het stil.",
            ("Van november tot maart 2022", "2021-11-01", "2022-03-31"),
        ),
        (
            "Van september 2024 tot eind 2025 bouwen we.",
            ("Van september 2024 tot eind 2025", "2024-09-01", "2025-12-31"),
        ),
        (
            "Van oktober 2021 t/m maart 2023 liep de pilot.",
            ("Van oktober 2021 t/m maart 2023", "2021-10-01", "2023-03-31"),
        ),
        ("Van 2020 tot nu is er veel veranderd.", ("Van 2020 tot nu", "2020-01-01", "2024-01-17")),
        ("Maart/april 2022 waren we druk.", ("Maart/april 2022", "2022-03-01", "2022-04-30")),
        ("Na 2020 werd het rustiger.", ("Na 2020", "2021-01-01", "2024-01-17")),
    ],
)
def test_ranges(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rond 2019 begon het wijkgericht werken.", ("Rond 2019", "2018-01-01", "2020-12-31")),
        (
            "Rond de zomer van 2022 was er een heidag.",
            ("Rond de zomer van 2022", "2022-05-01", "2022-09-30"),
        ),
        ("Rond 15 maart 2022 tekenden we.", ("Rond 15 maart 2022", "2022-03-12", "2022-03-18")),
        (
            "Na de zomer van 2022 kwam iedereen terug.",
            ("Na de zomer van 2022", "2022-09-01", "2022-11-30"),
        ),
        (
            "Voor de zomervakantie van 2023 moest het klaar.",
            ("Voor de zomervakantie van 2023", "2023-05-01", "2023-06-30"),
        ),
        # just before / after a season: the months either side of its edge; of a holiday: the week
        ("Vlak voor de zomer van 2022 kwam het besluit.", ("Vlak voor de zomer van 2022", "2022-05-01", "2022-06-30")),
        ("Net na de zomer van 2022 begonnen we.", ("Net na de zomer van 2022", "2022-08-01", "2022-09-30")),
        ("Kort na de kerst van 2022 belde ze.", ("Kort na de kerst van 2022", "2022-12-27", "2023-01-02")),
    ],
)
def test_around_before_after(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        # no year: the most recent occurrence up to the interview date
        (
            "Op 3 oktober liepen we door de wijk.",
            date(2024, 1, 17),
            ("3 oktober", "2023-10-03", "2023-10-03"),
        ),
        (
            "Op 9 januari was de nieuwjaarsbijeenkomst.",
            date(2024, 1, 30),
            ("9 januari", "2024-01-09", "2024-01-09"),
        ),
        (
            "In mei zetten we de enquête uit.",
            date(2024, 1, 30),
            ("mei", "2023-05-01", "2023-05-31"),
        ),
        (
            "In de lente legden we de moestuin aan.",
            date(2024, 2, 14),
            ("de lente", "2023-03-01", "2023-05-31"),
        ),
        (
            "Rond de zomer hielden we een heidag.",
            date(2024, 1, 30),
            ("Rond de zomer", "2023-05-01", "2023-09-30"),
        ),
        (
            "Half november hadden we een gesprek.",
            date(2023, 12, 12),
            ("Half november", "2023-11-11", "2023-11-20"),
        ),
        (
            "Op 29 februari was er een bijeenkomst.",
            date(2023, 6, 1),
            ("29 februari", "2020-02-29", "2020-02-29"),
        ),
        # no year, future sentence: the next occurrence
        (
            "Op 20 december gaan we om tafel.",
            date(2023, 12, 12),
            ("20 december", "2023-12-20", "2023-12-20"),
        ),
        (
            "In het voorjaar gaan we de bewoners vragen.",
            date(2023, 12, 19),
            ("het voorjaar", "2024-03-01", "2024-05-31"),
        ),
        (
            "Vanaf januari gaan Louise en Inge bij de gemeente werken.",
            date(2023, 12, 12),
            ("Vanaf januari", "2024-01-01", "2024-01-31"),
        ),
        # past words win over future words
        (
            "Er is een sessie geweest, maart denk ik, waarin we vroegen wat willen we nou.",
            date(2024, 1, 10),
            ("maart", "2023-03-01", "2023-03-31"),
        ),
        # "zijn we gaan praten" is past
        (
            "In september zijn we gaan praten.",
            date(2024, 1, 17),
            ("september", "2023-09-01", "2023-09-30"),
        ),
    ],
)
def test_month_or_season_without_year(text, reference, expected):
    assert one(text, reference) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "In 2022 startte de proeftuin, en in oktober kwamen de studenten.",
            [("2022", "2022-01-01", "2022-12-31"), ("oktober", "2022-10-01", "2022-10-31")],
        ),
        (
            "In 2021 kwam het akkoord. Het jaar daarvoor was er geen contact.",
            [
                ("2021", "2021-01-01", "2021-12-31"),
                ("Het jaar daarvoor", "2020-01-01", "2020-12-31"),
            ],
        ),
        (
            "We begonnen in 2022, en een jaar later stopten we.",
            [("2022", "2022-01-01", "2022-12-31"), ("een jaar later", "2023-01-01", "2023-12-31")],
        ),
        (
            "In 2021 werd het getekend en in datzelfde jaar startte de pilot.",
            [("2021", "2021-01-01", "2021-12-31"), ("datzelfde jaar", "2021-01-01", "2021-12-31")],
        ),
        (
            "In 2022 kwam er een directeur, en die zomer veranderde veel.",
            [("2022", "2022-01-01", "2022-12-31"), ("die zomer", "2022-06-01", "2022-08-31")],
        ),
        (
            "Dat was november 2022, of december.",
            [
                ("november 2022", "2022-11-01", "2022-11-30"),
                ("december", "2022-12-01", "2022-12-31"),
            ],
        ),
        (
            "In 2021 begon het. Het volgende jaar kwam de proeftuin.",
            [
                ("2021", "2021-01-01", "2021-12-31"),
                ("Het volgende jaar", "2022-01-01", "2022-12-31"),
            ],
        ),
        (
            "In 2020 begon het, en aan het eind van het jaar daarna stopte het.",
            [
                ("2020", "2020-01-01", "2020-12-31"),
                ("het eind van het jaar daarna", "2021-09-01", "2021-12-31"),
            ],
        ),
        # "de volgende maand" follows an earlier event, not the interview: left out
        ("De volgende maand was het stil.", []),
        # a plan for the future takes the year said in the same sentence, not an earlier one
        (
            "Het loopt tot eind 2025. Ik wil in het voorjaar een bijeenkomst organiseren.",
            [
                ("eind 2025", "2025-09-01", "2025-12-31"),
                ("het voorjaar", "2024-03-01", "2024-05-31"),
            ],
        ),
        (
            "In 2025 willen we in maart de wijkraad starten.",
            [("2025", "2025-01-01", "2025-12-31"), ("maart", "2025-03-01", "2025-03-31")],
        ),
        # without an earlier year, "dat jaar" has nothing to point to
        ("Dat jaar was zwaar.", []),
    ],
)
def test_year_from_the_previous_mention(text, expected):
    got = [
        (m.text, m.earliest.isoformat(), m.latest.isoformat())
        for m in extract_dates(text, reference=REF)
    ]
    assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # months later: that month plus or minus one; after a wider period, the period moved on
        ("In maart 2021 begon het, een half jaar later kwam de wethouder.",
         [("maart 2021", "2021-03-01", "2021-03-31"), ("een half jaar later", "2021-08-01", "2021-10-31")]),
        ("Medio 2020, en drie maanden daarna ging het mis.",
         [("Medio 2020", "2020-05-01", "2020-08-31"), ("drie maanden daarna", "2020-08-01", "2020-11-30")]),
        ("In 2019 begon het en twee jaar later stopte het.",
         [("2019", "2019-01-01", "2019-12-31"), ("twee jaar later", "2021-01-01", "2021-12-31")]),
        ("Twee maanden later was het klaar.", []),  # nothing to count from
        # self-corrections: only the corrected expression
        ("Dat was in 2020, nee wacht, 2021 was dat.", [("2021", "2021-01-01", "2021-12-31")]),
        ("Vorig jaar, nee, twee jaar geleden begon het.", [("twee jaar geleden", "2022-01-01", "2022-12-31")]),
        ("Dat was in 2019. Nee sorry, 2018.", [("2018", "2018-01-01", "2018-12-31")]),
        ("In 2019 niet, maar in 2020 wel.",
         [("2019", "2019-01-01", "2019-12-31"), ("2020", "2020-01-01", "2020-12-31")]),
        # a winter from one year to the next; a range to now without "van"
        ("In de winter van 2021 op 2022 lag alles stil.",
         [("de winter van 2021 op 2022", "2021-12-01", "2022-02-28")]),
        ("Ik doe dit 2022 tot nu.", [("2022 tot nu", "2022-01-01", "2024-01-17")]),
        # the year named later in the sentence, counted from the interview
        ("Dat was in het voorjaar, april vorig jaar.",
         [("het voorjaar", "2023-03-01", "2023-05-31"), ("april vorig jaar", "2023-04-01", "2023-04-30")]),
    ],
)
def test_counted_from_the_previous_mention_and_corrections(text, expected):
    got = [(m.text, m.earliest.isoformat(), m.latest.isoformat()) for m in extract_dates(text, reference=REF)]
    assert got == expected


def test_the_year_and_school_year_of_the_story():
    story = (date(2020, 3, 1), date(2020, 5, 31))  # "die lente", told before
    got = extract_dates("De eerste helft van het jaar was het stil. Pas het schooljaar daarna kon het weer.",
                        reference=date(2025, 9, 30), story=story)
    assert [(m.text, m.earliest.isoformat(), m.latest.isoformat()) for m in got] == [
        ("De eerste helft van het jaar", "2020-01-01", "2020-06-30"),
        ("het schooljaar daarna", "2020-09-01", "2021-08-31")]
    got = extract_dates("Dat was rond kerst, in 2021 denk ik, nee, 2020.", reference=REF)
    assert [(m.text, m.earliest.isoformat()) for m in got] == [("rond kerst", "2020-12-21"), ("2020", "2020-01-01")]


def test_a_year_counted_from_the_interview_later_in_the_sentence_gives_the_year():
    got = extract_dates("Dat was in het najaar, november vorig jaar.", reference=date(2024, 10, 3))
    assert [(m.earliest.isoformat(), m.latest.isoformat()) for m in got] == [
        ("2023-09-01", "2023-11-30"), ("2023-11-01", "2023-11-30")]


@pytest.mark.parametrize(
    "text",
    [
        "Dat kostte ons zo'n 2000 euro aan materialen.",
        "Het kost 2022 euro per deelnemer.",
        "Ongeveer 20 procent van de kinderen heeft overgewicht.",
        "Ik ben 35 jaar en werk in de zorg.",
        "De bijeenkomst begint om 10:30 en duurt tot 12.15 uur.",
        "Je kunt me bereiken op 06-12345678.",
        "Bel 06 2021 4567 als je vragen hebt.",
        "[PERSOON-2021] en [PERSOON-2] hebben dat opgezet.",
        "Er wonen ongeveer 2020 huishoudens in dat deel van de wijk.",
        "Het buurthuis zit op postcode 2021 AB.",
        "We zijn met 2021 deelnemers gestart.",
        "Ik zit in kamer 2012 van het gemeentehuis.",
        "Versie 2.1 van het protocol is af.",
        "De score ging van 6,5 naar 7,2.",
        "Elke zomer is er een barbecue.",
        "Ieder voorjaar maken we een wandeling.",
        "'s Winters komen er minder mensen.",
        "We hebben een half jaar lang een spreekuur gedraaid.",
        "Het project duurt twee jaar.",
        "In het begin was het wennen.",
        "Dat was in 1985, voor mijn tijd.",
        "Ik begin maar gewoon te praten.",
        "Dat was meer dan 2000 mensen.",
        "Dat was het laatste jaar met de oude opzet.",
        "Elk jaar in december horen we of we door mogen.",
        "Jaarlijks rond de zomer is er een feest.",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert extract_dates(text, reference=REF) == []


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("In 2021 en op 15 maart 2022", ["absolute", "absolute"]),
        ("Eind 2021, in de zomer van 2022", ["fuzzy", "fuzzy"]),
        ("Vorig jaar, twee jaar geleden, in september", ["relative", "relative", "relative"]),
        ("Sinds 2020, van 2020 tot 2022", ["range", "range"]),
    ],
)
def test_kinds(text, kinds):
    assert [m.kind for m in extract_dates(text, reference=REF)] == kinds


def test_mentions_are_sorted_do_not_overlap_and_point_into_the_text():
    text = (
        "Tussen 2020 en 2022, nou ja, eind 2021 eigenlijk, heb ik sinds september 2020 "
        "veel uren gemaakt; vorig jaar minder."
    )
    found = extract_dates(text, reference=REF)
    assert [m.text for m in found] == [
        "Tussen 2020 en 2022",
        "eind 2021",
        "sinds september 2020",
        "vorig jaar",
    ]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(isinstance(m, DateMention) and m.earliest <= m.latest for m in found)


def test_without_reference_only_self_contained_mentions_remain():
    text = "In 2021 begon het, vorig jaar stopte het, en in september van 2021 was de start."
    got = [(m.text, m.earliest.isoformat()) for m in extract_dates(text, reference=None)]
    assert got == [("2021", "2021-01-01"), ("september van 2021", "2021-09-01")]


# ------------------------------------------------------------------ the gold set


def _gold() -> pd.DataFrame:
    return pd.read_csv(GOLD, keep_default_na=False, dtype=str)


def _score(gold: pd.DataFrame) -> dict:
    correct = total = false_pos = 0
    for _, grp in gold.groupby("sentence_id", sort=True):
        sentence, ref = grp["sentence"].iloc[0], date.fromisoformat(grp["reference"].iloc[0])
        found = extract_dates(sentence, reference=ref)
        used: set[int] = set()
        for row in grp[grp["date_text"] != ""].itertuples():
            total += 1
            s = sentence.find(row.date_text)
            e = s + len(row.date_text)
            hits = [k for k, m in enumerate(found) if m.start < e and m.end > s and k not in used]
            if hits:
                used.add(hits[0])
                m = found[hits[0]]
                correct += (m.earliest.isoformat(), m.latest.isoformat()) == (
                    row.earliest,
                    row.latest,
                )
        false_pos += len(found) - len(used)
    return {
        "correct": correct,
        "total": total,
        "accuracy": correct / total,
        "false_positives": false_pos,
    }


def test_gold_set_is_large_enough_and_split_one_third():
    gold = _gold()
    per_sentence = gold.groupby("sentence_id").agg(
        split=("split", "first"), dated=("date_text", lambda s: (s != "").any())
    )
    assert per_sentence["dated"].sum() >= 120
    assert (~per_sentence["dated"]).sum() >= 20
    share = (per_sentence["split"] == "heldout").mean()
    assert 0.30 <= share <= 0.36
    dated = gold[gold["date_text"] != ""]
    assert all(t in s for t, s in zip(dated["date_text"], dated["sentence"]))
    assert (pd.to_datetime(dated["earliest"]) <= pd.to_datetime(dated["latest"])).all()


@pytest.mark.parametrize(
    "split, min_accuracy, max_false_positives",
    [
        ("dev", 0.9, 3),
        ("heldout", 0.9, 3),
    ],
)
def test_gold_accuracy(split, min_accuracy, max_false_positives, capsys):
    score = _score(_gold().query("split == @split"))
    with capsys.disabled():
        print(
            f"\n[dates gold, {split}] interval exactly right for {score['correct']}/{score['total']} "
            f"mentions = {score['accuracy']:.1%}; false positives: {score['false_positives']}"
        )
    assert score["accuracy"] >= min_accuracy, score
    assert score["false_positives"] <= max_false_positives, score


# ------------------------------------------------------------------ events

SEGMENT_COLUMNS = list(schemas.SEGMENTS)


def _segments() -> pd.DataFrame:
    rows = [
        (
            "c/P01/0-50",
            "P01",
            0,
            "Interviewer",
            "interviewer",
            "Wanneer begon het, was dat in 2019?",
        ),
        (
            "c/P01/60-400",
            "P01",
            1,
            "Louise",
            "respondent",
            (
                "In september 2020 begon ik met mijn afstudeeronderzoek. Dat was best spannend. "
                "Eind 2021 werd Pittelo pilotwijk, en toen ging het snel."
            ),
        ),
        (
            "c/P01/400-500",
            "P01",
            3,
            "Louise",
            "respondent",
            "Daar weet ik eigenlijk niks meer van.",
        ),
        (
            "c/P02/0-80",
            "P02",
            1,
            "Carin",
            "respondent",
            "Vorig jaar hebben we de subsidie samen aangevraagd, dat was echt een leerpunt.",
        ),
        (
            "c/P03/0-60",
            "P03",
            1,
            "Nienke",
            "respondent",
            "Vorig jaar zijn we gestart, in 2022 al overlegd.",
        ),
    ]
    df = pd.DataFrame(
        rows, columns=["segment_id", "interview_id", "turn", "speaker", "speaker_role", "text"]
    )
    df["case_id"] = "c"
    df["start"] = [int(s.split("/")[-1].split("-")[0]) for s in df["segment_id"]]
    df["end"] = df["start"] + df["text"].str.len()
    df["lemmas"] = ""
    df["n_words"] = df["text"].str.split().str.len()
    return df[SEGMENT_COLUMNS]


def _codings() -> pd.DataFrame:
    rows = [
        ("c/P01/0-50", "timeline", "activiteit", 0.9, "present"),
        ("c/P01/60-400", "timeline", "activiteit", 0.6, "present"),
        ("c/P01/60-400", "timeline", "ontwikkeling", 0.8, "present"),
        ("c/P01/60-400", "conditions", "relaties", 0.7, "present"),
        ("c/P01/60-400", "conditions", "ambitie", 0.9, "present"),
        ("c/P02/0-80", "timeline", "uitdaging", 0.7, "absent"),
        ("c/P02/0-80", "conditions", "organisatie", 0.6, "absent"),
        ("c/P02/0-80", "conditions", "belangen", 0.5, "present"),
    ]
    df = pd.DataFrame(rows, columns=["segment_id", "codebook", "code_id", "confidence", "valence"])
    df["source"] = "rules"
    df["evidence"] = "x"
    return df[list(schemas.CODINGS)]


DATES = {"P01": date(2023, 12, 12), "P02": date(2023, 12, 19), "P03": date(2024, 1, 10)}


def _own_timeline_codebook(codings: pd.DataFrame) -> pd.DataFrame:
    """The codings as if the timeline codes came from a researcher's own codebook: its
    events take the segment's surest code (the shipped codebook decides per event)."""
    return codings.assign(codebook=codings["codebook"].replace({"timeline": "mijn_tijdlijn"}))


def test_extract_events_values_and_order():
    events = extract_events(_segments(), _own_timeline_codebook(_codings()), interview_dates=DATES,
                            timeline_codebook="mijn_tijdlijn")
    assert list(events.columns[: len(schemas.EVENTS)]) == list(schemas.EVENTS)
    got = events[["event_id", "date_text", "earliest", "latest", "category", "conditions"]]
    assert got.values.tolist() == [
        [
            "c/P01/60-400#1",
            "september 2020",
            pd.Timestamp("2020-09-01"),
            pd.Timestamp("2020-09-30"),
            "ontwikkeling",
            "ambitie;relaties",
        ],
        [
            "c/P01/60-400#2",
            "Eind 2021",
            pd.Timestamp("2021-09-01"),
            pd.Timestamp("2021-12-31"),
            "ontwikkeling",
            "ambitie;relaties",
        ],
        # P02 was interviewed in 2023, P03 in 2024: "vorig jaar" differs
        [
            "c/P02/0-80#1",
            "Vorig jaar",
            pd.Timestamp("2022-01-01"),
            pd.Timestamp("2022-12-31"),
            "uitdaging",
            "belangen;organisatie",
        ],
        ["c/P03/0-60#2", "2022", pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31"), "", ""],
        [
            "c/P03/0-60#1",
            "Vorig jaar",
            pd.Timestamp("2023-01-01"),
            pd.Timestamp("2023-12-31"),
            "",
            "",
        ],
    ]
    assert events["valence"].tolist() == ["present", "present", "mixed", "", ""]
    assert events["kind"].tolist() == ["absolute", "fuzzy", "relative", "absolute", "relative"]
    assert str(events["earliest"].dtype).startswith("datetime64")
    # the interviewer's question is not an event
    assert not events["segment_id"].eq("c/P01/0-50").any()


def test_extract_events_quotes_are_the_sentences_around_the_mention():
    long_text = " ".join(
        f"Zin nummer {k} gaat over de wijk en de mensen die er wonen." for k in range(12)
    )
    long_text += " In maart 2022 kwam de wethouder. " + long_text
    seg = _segments().iloc[[1]].assign(text=long_text)
    events = extract_events(seg, _codings(), interview_dates=DATES)
    quote = events.loc[0, "quote"]
    assert "In maart 2022 kwam de wethouder." in quote
    assert len(quote) <= 300 and quote.startswith("Zin nummer") and quote.endswith(".")
    short = extract_events(_segments(), _codings(), interview_dates=DATES)
    assert short.loc[0, "quote"] == (
        "In september 2020 begon ik met mijn afstudeeronderzoek. Dat was "
        "best spannend. Eind 2021 werd Pittelo pilotwijk, en toen ging het snel."
    )


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("Kort. In 2021 begon het. Daarna niets.", 9, 13, "Kort. In 2021 begon het. Daarna niets."),
        ("a " * 200 + "in 2021 " + "b " * 200, 400, 404, None),
    ],
)
def test_quote_is_trimmed(text, start, end, expected):
    q = _quote(text, start, end)
    if expected is not None:
        assert q == expected
    else:
        assert "2021" in q and len(q) <= 302 and q.startswith("…") and q.endswith("…")


def test_extract_events_does_not_mutate_inputs():
    seg, cod = _segments(), _codings()
    seg_copy, cod_copy = seg.copy(), cod.copy()
    extract_events(seg, cod, interview_dates=DATES)
    pd.testing.assert_frame_equal(seg, seg_copy)
    pd.testing.assert_frame_equal(cod, cod_copy)


def test_extract_events_without_interview_date_keeps_only_dated_years(caplog):
    with caplog.at_level(logging.WARNING, logger="pao_analysis"):
        events = extract_events(
            _segments(), _codings(), interview_dates={"P01": date(2023, 12, 12)}
        )
    assert "P02" in caplog.text and "P03" in caplog.text
    assert events["date_text"].tolist() == ["september 2020", "Eind 2021", "2022"]


def test_extract_events_empty_and_contract():
    events = extract_events(_segments().iloc[[0, 2]], _codings(), interview_dates=DATES)
    assert events.empty and list(events.columns[: len(schemas.EVENTS)]) == list(schemas.EVENTS)
    with pytest.raises(schemas.SchemaError):
        extract_events(_segments().drop(columns=["text"]), _codings(), interview_dates=DATES)


def test_events_per_interview():
    events = extract_events(_segments(), _own_timeline_codebook(_codings()), interview_dates=DATES,
                            timeline_codebook="mijn_tijdlijn")
    table = events_per_interview(events, categories=["ontwikkeling", "activiteit", "uitdaging"])
    assert table.columns.tolist() == [
        "interview_id",
        "ontwikkeling",
        "activiteit",
        "uitdaging",
        "uncategorised",
        "count",
        "earliest",
        "latest",
    ]
    assert table[
        ["interview_id", "ontwikkeling", "uitdaging", "uncategorised", "count"]
    ].values.tolist() == [["P01", 2, 0, 0, 2], ["P02", 0, 1, 0, 1], ["P03", 0, 0, 2, 2]]


# ------------------------------------------------------------------ the figure

CATEGORIES = [
    ("ontwikkeling", "Ontwikkeling in de tijd", "#1b9e77"),
    ("activiteit", "Activiteiten en gebeurtenissen", "#d95f02"),
    ("rol", "Rollen en posities", "#7570b3"),
    ("uitdaging", "Uitdagingen en leerpunten", "#e7298a"),
]
PHASES = [
    (
        "Een voedingsbodem voor samenwerken aan een gezonde wijk",
        date(2020, 9, 1),
        date(2022, 6, 30),
    ),
    ("Van losse lijnen naar gedeelde richting", date(2022, 7, 1), date(2023, 3, 31)),
]


def _events_for_plot() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["ontwikkeling", "activiteit", "activiteit", "", "onbekend"],
            "earliest": pd.to_datetime(
                ["2021-01-01", "2022-10-12", "2022-10-12", "2020-09-01", "2023-03-01"]
            ),
            "latest": pd.to_datetime(
                ["2021-12-31", "2022-10-12", "2022-10-20", "2024-01-10", "2023-03-31"]
            ),
        }
    )


def _bars_and_dots(fig: Figure) -> tuple[int, int]:
    lines = fig.axes[0].get_lines()
    bars = sum(1 for ln in lines if ln.get_linewidth() == 4 and len(ln.get_xdata()) == 2)
    dots = sum(1 for ln in lines if ln.get_marker() == "o" and len(ln.get_xdata()) == 1)
    return bars, dots


def test_plot_timeline_lanes_shapes_and_phases():
    fig = plot_timeline(_events_for_plot(), categories=CATEGORIES, phases=PHASES, title="Pittelo")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [tk.get_text() for tk in ax.get_yticklabels()]
    assert labels == [lab for _, lab, _ in CATEGORIES] + ["zonder categorie"]
    assert len(ax.get_yticks()) == len(CATEGORIES) + 1
    assert _bars_and_dots(fig) == (2, 3)  # 2021 and 2020-2024 are bars; the rest dots
    texts = [tx.get_text() for tx in ax.texts]
    assert any(tx.startswith("1. Een voedingsbodem") for tx in texts)
    assert any(tx.startswith("2. Van losse lijnen") for tx in texts)
    assert ax.get_xlabel() == "tijd" and ax.get_ylabel() == "categorie"
    assert fig._suptitle.get_text() == "Pittelo"
    w, h = fig.get_size_inches()
    assert 10 <= w <= 12 and 4 <= h <= 7.5


def test_plot_timeline_puts_events_in_their_lane():
    fig = plot_timeline(_events_for_plot(), categories=CATEGORIES)
    lanes = sorted(
        round(float(ln.get_ydata()[0]))
        for ln in fig.axes[0].get_lines()
        if ln.get_marker() == "o" or ln.get_linewidth() == 4
    )
    # ontwikkeling (0), two activiteit (1), uncategorised + unknown category (4)
    assert lanes == [0, 1, 1, 4, 4]


def test_a_long_period_before_the_history_does_not_stretch_the_axis():
    """New-user trial 8: a role 'sinds 2015' squeezed a 2021-2024 history into half the width."""
    import matplotlib.dates as mdates

    ev = pd.DataFrame({"category": ["rol", "activiteit", "activiteit"],
                       "earliest": pd.to_datetime(["2015-01-01", "2021-03-01", "2024-01-10"]),
                       "latest": pd.to_datetime(["2024-02-06", "2021-03-31", "2024-01-10"])})
    left, right = fig_xlim = plot_timeline(ev, categories=CATEGORIES).axes[0].get_xlim()
    assert mdates.num2date(left).year == 2021 and mdates.num2date(right).year == 2024, fig_xlim
    only_long = plot_timeline(ev.iloc[:1], categories=CATEGORIES).axes[0].get_xlim()
    assert mdates.num2date(only_long[0]).year == 2014  # nothing else to set the range


def test_plot_timeline_english_and_empty():
    fig = plot_timeline(_events_for_plot().iloc[0:0], categories=CATEGORIES[:2], language="en")
    ax = fig.axes[0]
    assert len(ax.get_yticks()) == 2            # no lane for uncategorised events without any
    assert ax.get_xlabel() == "time"
    some = plot_timeline(_events_for_plot(), categories=CATEGORIES[:2], language="en").axes[0]
    assert [tk.get_text() for tk in some.get_yticklabels()][-1] == "uncategorised"
    assert any(tx.get_text() == "no dated statements" for tx in ax.texts)
    with pytest.raises(ValueError):
        plot_timeline(_events_for_plot(), categories=CATEGORIES, language="de")


def test_plot_timeline_is_deterministic():
    def png() -> bytes:
        buf = io.BytesIO()
        plot_timeline(_events_for_plot(), categories=CATEGORIES, phases=PHASES).savefig(
            buf, format="png", dpi=60, metadata={"Software": None}
        )
        return buf.getvalue()

    assert png() == png()


def test_plot_timeline_without_events_still_shows_phases():
    fig = plot_timeline(_events_for_plot().iloc[0:0], categories=CATEGORIES, phases=PHASES)
    texts = [tx.get_text() for tx in fig.axes[0].texts]
    assert "geen gedateerde uitspraken" in texts
    assert any(tx.startswith("2. Van losse lijnen") for tx in texts)


@pytest.mark.parametrize(
    "codes, expected",
    [
        ([("rol", 0.5), ("activiteit", 0.5)], "activiteit"),  # a tie goes to the code id
        ([("rol", float("nan")), ("uitdaging", 0.2)], "uitdaging"),  # no confidence counts as 0
        ([("rol", 1.0), ("uitdaging", 0.2)], "rol"),
    ],
)
def test_with_an_own_timeline_codebook_the_category_is_its_most_confident_code(codes, expected):
    seg = _segments().iloc[[3]]
    cod = pd.DataFrame(
        {
            "segment_id": seg["segment_id"].iloc[0],
            "codebook": "timeline",
            "code_id": [c for c, _ in codes],
            "source": ["rules", "coder1"][: len(codes)],
            "confidence": [v for _, v in codes],
            "valence": "present",
            "evidence": "",
        }
    )[list(schemas.CODINGS)]
    events = extract_events(seg, _own_timeline_codebook(cod), interview_dates=DATES, timeline_codebook="mijn_tijdlijn")
    assert events["category"].tolist() == [expected]


def test_each_event_of_a_segment_gets_its_own_category():
    text = ("In 2019 begon ik hier als opbouwwerker bij de welzijnsorganisatie. In maart 2021 hebben we de "
            "eerste buurtavond in het buurthuis georganiseerd. In 2022 ging het mis: er was ruzie over het geld "
            "en niemand durfde het probleem te benoemen.")
    seg = _segments().iloc[[1]].assign(text=text)
    seg["end"] = seg["start"] + len(text)
    cod = _codings().iloc[[1]]                       # the segment coded 'activiteit' as a whole
    events = extract_events(seg, cod, interview_dates=DATES)
    assert events["category"].tolist() == ["rol", "activiteit", "uitdaging"]
    human = cod.assign(source="coder1", code_id="uitdaging")
    assert extract_events(seg, pd.concat([cod, human]), interview_dates=DATES)["category"].tolist() == ["uitdaging"] * 3


def test_a_phase_named_after_its_number_is_not_numbered_twice():
    from pao_analysis.timeline import _phase_title

    assert [_phase_title(1, "Fase 2"), _phase_title(1, "Opbouw"), _phase_title(0, "Fase 1 en 2")] == \
        ["Fase 2", "2. Opbouw", "1. Fase 1 en 2"]


def test_plot_timeline_narrow_phases_get_a_number_and_a_key():
    events = pd.DataFrame(
        {
            "category": ["rol", "rol"],
            "earliest": pd.to_datetime(["2000-01-01", "2030-01-01"]),
            "latest": pd.to_datetime(["2000-12-31", "2030-12-31"]),
        }
    )
    fig = plot_timeline(events, categories=CATEGORIES, phases=PHASES)
    ax = fig.axes[0]
    assert sorted(tx.get_text() for tx in ax.texts) == ["1", "2"]
    key = [tx.get_text() for tx in ax.get_legend().get_texts()]
    assert key[2].startswith("1. Een voedingsbodem") and key[3].startswith("2. Van losse")


# ------------------------------------------------------------------ event labels


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ehm, nou, voor mij begon het in 2020.", "Voor mij begon het in 2020"),
        ("nou ja, dat was zeg maar eind 2021", "Dat was eind 2021"),
        ("En toen kwam, weet je wel, de wethouder.", "Toen kwam, de wethouder"),
        ("Ja. Ik, ik ben in 2016 begonnen (lacht).", "Ik ben in 2016 begonnen"),
        ("Toen kwam [PERSOON-2] uh erbij", "Toen kwam [PERSOON-2] erbij"),
        ("Het heeft geen eh haast.", "Het heeft geen haast"),
        ("hè, dat was heftig", "Dat was heftig"),
        ("Dus de heer Ehmsen kwam", "De heer Ehmsen kwam"),
    ],
)
def test_clean_spoken(text, expected):
    assert clean_spoken(text) == expected


def _label(text: str, said: str) -> str:
    start = text.index(said)
    return event_label(text, start, start + len(said))


def test_event_label_is_the_clause_around_the_mention():
    text = ("Ja. Nou, ik werk daar nu, even kijken, in 2016 ben ik begonnen, dus ruim zeven jaar. "
            "En eigenlijk vanaf het begin in Pittelo.")
    assert _label(text, "2016") == "In 2016 ben ik begonnen, dus ruim zeven jaar"
    text = "Louise was, eh, sinds september 2020 bezig met bewoners en met de gemeente."
    assert _label(text, "sinds september 2020") == ("Sinds september 2020 bezig met bewoners en met "
                                                    "de gemeente")


def test_event_label_drops_the_pause_after_a_fronted_date():
    """New-user trial 8: 'En toen, in maart, stond ik' read 'In maart, stond ik'."""
    assert _label("En toen, in maart, stond ik ineens alleen in de keuken.", "maart") == \
        "In maart stond ik ineens alleen in de keuken"
    assert _label("Eind vorig jaar, en die ligt nu bij de juristen van de gemeente.", "Eind vorig jaar") == \
        "Eind vorig jaar, en die ligt nu bij de juristen van de gemeente"
    assert _label("Nou, in september 2020, ik meen, begon ik daar.", "september 2020") == \
        "In september 2020, ik meen, begon ik daar"
    assert clean_spoken("Meneer Wethouder W.. Die kwam eten.") == "Meneer Wethouder W. Die kwam eten"


def test_event_label_short_sentence_takes_the_next_one():
    text = "Februari 2023. Die bijeenkomst met de studenten in het buurthuis."
    assert _label(text, "Februari 2023") == "Februari 2023. Die bijeenkomst met de studenten in het buurthuis"


def test_event_label_is_cut_at_a_word_boundary_and_keeps_the_mention():
    words = " ".join(f"woord{k}" for k in range(40))
    text = f"Toen hebben we {words} en in maart 2022 kwam {words} de wethouder langs."
    label = _label(text, "maart 2022")
    assert len(label) <= 80 and "maart 2022" in label
    assert label.startswith("…") and label.endswith("…")
    inner = label.strip("…")
    assert all(w.startswith("woord") or w in {"en", "in", "maart", "2022", "kwam"} for w in inner.split())
    assert _label("In 2021 " + words + ".", "2021").endswith("…")


def test_extract_events_has_a_label_per_event():
    events = extract_events(_segments(), _codings(), interview_dates=DATES)
    assert events["label"].tolist()[:2] == [
        "In september 2020 begon ik met mijn afstudeeronderzoek",
        "Eind 2021 werd Pittelo pilotwijk, en toen ging het snel",
    ]
    assert events["label"].str.len().max() <= 80
    assert extract_events(_segments(), _codings(), interview_dates=DATES)["label"].tolist() == \
        events["label"].tolist()


@pytest.mark.parametrize("text, expected", [
    ("In de herfst, november denk ik, van 2019, begon de wijktafel.",
     [("de herfst", "2019-09-01", "2019-11-30"), ("november", "2019-11-01", "2019-11-30"),
      ("2019", "2019-01-01", "2019-12-31")]),
    ("In 2019 begon het. In november kwam de wethouder, in 2021 ging hij weg.",
     [("2019", "2019-01-01", "2019-12-31"), ("november", "2021-11-01", "2021-11-30"),
      ("2021", "2021-01-01", "2021-12-31")]),
    ("In 2019 begon het. In november kwam de wethouder.",
     [("2019", "2019-01-01", "2019-12-31"), ("november", "2019-11-01", "2019-11-30")]),
    ("Meteen na de zomervakantie, in september 2022, ging de school dicht.",   # a month and its year
     [("na de zomervakantie", "2022-09-01", "2022-10-31"), ("september 2022", "2022-09-01", "2022-09-30")]),
])
def test_a_month_takes_the_year_named_later_in_its_sentence(text, expected):
    found = extract_dates(text, reference=date(2024, 10, 1))
    assert [(m.text, str(m.earliest), str(m.latest)) for m in found] == expected


@pytest.mark.parametrize("text, reference, expected", [
    ("Dit voorjaar, in mei, hoorden we het.", date(2024, 10, 15), ("2024-03-01", "2024-05-31")),
    ("Deze zomer gaan we weer open.", date(2025, 1, 20), ("2025-06-01", "2025-08-31")),
    ("Deze winter wordt het spannend.", date(2024, 10, 15), ("2024-12-01", "2025-02-28")),
])
def test_this_season_is_the_season_of_this_calendar_year(text, reference, expected):
    first = extract_dates(text, reference=reference)[0]
    assert (str(first.earliest), str(first.latest)) == expected


def test_a_season_refined_by_the_month_next_to_it_is_one_event():
    text = "In het voorjaar van 2021, april was het, zijn we begonnen. Eind 2022, in november, stopte het."
    seg = pd.DataFrame({"segment_id": ["c/P01/0-99"], "case_id": ["c"], "interview_id": ["P01"], "turn": [1],
                        "speaker": ["Ans"], "speaker_role": ["respondent"], "start": [0], "end": [99],
                        "text": [text], "lemmas": [""], "n_words": [16]})
    cod = pd.DataFrame(columns=list(schemas.CODINGS))
    events = extract_events(seg, cod, interview_dates={"P01": date(2024, 1, 10)})
    assert events[["event_id", "date_text", "earliest"]].astype(str).values.tolist() == [
        ["c/P01/0-99#2", "april", "2021-04-01"], ["c/P01/0-99#4", "november", "2022-11-01"]]
    assert events["label"].iloc[0].startswith("In het voorjaar van 2021, april")


def test_an_interview_is_read_in_order_questions_included():
    """A month without a year goes on from the year the question or an earlier answer set;
    an answer to a question about the future is read as plans."""
    said = [("interviewer", "En in 2020, wat gebeurde er toen?"),
            ("respondent", "In maart ging alles dicht."),
            ("respondent", "En in september mochten we weer open."),
            ("interviewer", "Wat staat er nog op de planning?"),
            ("respondent", "Na de zomervakantie starten we op een tweede school.")]
    rows, at = [], 0
    for k, (role, text) in enumerate(said):
        rows.append({"case_id": "c", "interview_id": "P01", "turn": k, "speaker": role.title(), "speaker_role": role,
                     "start": at, "end": at + len(text), "text": text, "timestamp": float("nan")})
        at += len(text) + 2
    turns = pd.DataFrame(rows)
    seg = turns[turns["speaker_role"] == "respondent"].assign(
        segment_id=lambda d: [f"c/P01/{s}-{e}" for s, e in zip(d["start"], d["end"])], lemmas="", n_words=5)
    seg = seg[SEGMENT_COLUMNS]
    cod = pd.DataFrame(columns=list(schemas.CODINGS))
    dates = {"P01": date(2024, 6, 20)}

    def spans(events):
        return [(t, e.date().isoformat(), l_.date().isoformat())
                for t, e, l_ in zip(events["date_text"], events["earliest"], events["latest"])]

    assert spans(extract_events(seg, cod, interview_dates=dates, turns=turns)) == [
        ("maart", "2020-03-01", "2020-03-31"), ("september", "2020-09-01", "2020-09-30"),
        ("Na de zomervakantie", "2024-09-01", "2024-10-31")]
    # without the questions nothing sets 2020, and September 2024 would be after the interview
    assert spans(extract_events(seg, cod, interview_dates=dates)) == [
        ("september", "2023-09-01", "2023-09-30"), ("Na de zomervakantie", "2023-09-01", "2023-10-31"),
        ("maart", "2024-03-01", "2024-03-31")]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("In november 2021 hebben we een preventieakkoord gesloten", "hebben we een preventieakkoord gesloten"),
        ("Februari 2023. De bijeenkomst met de studenten", "De bijeenkomst met de studenten"),
        ("Vorige maand, in december, hebben we teruggekeken", "hebben we teruggekeken"),
        # since or until when, a hedge after the date, the date later on, or nothing left: kept
        ("Sinds de zomer van 2023 zit ik in dit project", "Sinds de zomer van 2023 zit ik in dit project"),
        ("In de winter, januari denk ik. Er kwamen studenten", "In de winter, januari denk ik. Er kwamen studenten"),
        ("Dat was twee jaar geleden echt niet zo", "Dat was twee jaar geleden echt niet zo"),
        ("Februari 2023. Zeker", "Februari 2023. Zeker"),
    ],
)
def test_a_label_without_the_date_it_opens_with(label, expected):
    assert undated_label(label) == expected


def test_a_comparison_with_another_year_does_not_move_the_story():
    """New-user trial 9: after "niet zo erg als die van 2021" a later "in mei" went to 2021."""
    text = "In maart hadden we weer zo'n flinke bui. Niet zo erg als die van 2021, maar toch. En in mei was de opening."
    found = extract_dates(text, reference=date(2024, 9, 17), story=(date(2024, 2, 1), date(2024, 2, 29)))
    assert [(m.text, str(m.earliest), m.aside) for m in found] == [
        ("maart", "2024-03-01", False), ("2021", "2021-01-01", True), ("mei", "2024-05-01", False)]
    assert story_position(found[:2], None, date(2024, 9, 17)) == (date(2024, 3, 1), date(2024, 3, 31))
    assert [m.aside for m in extract_dates("Het ging net als in 2019 mis.", reference=REF)] == [True]
    assert [m.aside for m in extract_dates("Als in 2020 iets misgaat, bellen we.", reference=REF)] == [False]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a deadline in the present tense is a plan; the spoken perfect "heb ... gaan kijken" is past
        ("In januari moet die klaar zijn, is de afspraak.", [("januari", "2025-01-01", "2025-01-31")]),
        ("In januari moest die klaar zijn.", [("januari", "2024-01-01", "2024-01-31")]),
        ("En in maart, toen het zo hard regende, heb ik zelf gaan kijken.", [("maart", "2024-03-01", "2024-03-31")]),
        ("In maart gaan we kijken.", [("maart", "2025-03-01", "2025-03-31")]),
        # "eigenlijk gisteren" after willen/moeten: as soon as possible, not a date
        ("De raad wil het plan eigenlijk gisteren.", []),
        ("Ik heb hem gisteren nog gesproken.", [("gisteren", "2024-09-16", "2024-09-16")]),
        # "na de kerst": the four weeks after, into January
        ("Na de kerst van 2022 stopte de corporatie.", [("Na de kerst van 2022", "2022-12-27", "2023-01-23")]),
        # trial 10: the turn of the year, holidays without an article, "een paar maanden later", "X of Y"
        ("Vlak na de jaarwisseling kwam de brief.", [("Vlak na de jaarwisseling", "2024-01-02", "2024-01-08")]),
        ("Vlak voor kerst was het feest.", [("Vlak voor kerst", "2023-12-17", "2023-12-23")]),
        ("In maart begonnen we. Een paar maanden later was het klaar.",
         [("maart", "2024-03-01", "2024-03-31"), ("Een paar maanden later", "2024-04-01", "2024-06-30")]),
        ("Dat was september of oktober, Kees?", [("september of oktober", "2023-09-01", "2023-10-31")]),
        ("In 2019 of 2020 begon het.", [("2019 of 2020", "2019-01-01", "2020-12-31")]),
    ],
)
def test_plans_idioms_and_holidays_from_new_user_trials(text, expected):
    found = extract_dates(text, reference=date(2024, 9, 17), story=(date(2024, 2, 1), date(2024, 2, 29)))
    assert [(m.text, str(m.earliest), str(m.latest)) for m in found] == expected
