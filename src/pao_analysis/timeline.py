"""Dated mentions in Dutch interviews, the events table and the timeline figure.

A learning history sorts what interviewees tell into a timeline. This module finds the
time expressions in spoken Dutch (:func:`extract_dates`), turns every dated mention in a
respondent segment into an event with its timeline category and conditions
(:func:`extract_events`), and draws the events in one lane per category
(:func:`plot_timeline`).

Every time expression becomes an honest interval ``(earliest, latest)`` of days: what
the words allow, not a guess of one day. The conventions:

* ``2021``, ``'21``: 1 Jan - 31 Dec 2021 (years 1990-2039 only); ``september 2020``,
  ``sept. 2020``: the month; ``15 maart 2022``, ``15-03-2022``, ``15/3/2022``, ISO dates:
  the day.
* ``begin`` / ``medio``, ``half``, ``midden``, ``halverwege`` / ``eind``, ``einde`` of a
  period: its first, middle or last third. Of a year Jan-Apr, May-Aug, Sep-Dec; of a
  month days 1-10, 11-20, 21-end; of a season its first, middle or last month.
* Seasons: ``voorjaar``/``lente`` Mar-May, ``zomer`` Jun-Aug, ``najaar``/``herfst``
  Sep-Nov; ``winter 2021`` is Dec 2020 - Feb 2021 (``winter 2022/2023``, ``de winter van
  2022 op 2023``: Dec 2022 - Feb 2023). Holidays: ``zomervakantie`` 1 Jul - 31 Aug,
  ``kerstvakantie`` 20 Dec - 6 Jan, ``herfstvakantie`` Oct, ``voorjaarsvakantie`` Feb, ``meivakantie`` 20 Apr - 10 May,
  ``kerst`` 24-26 Dec, ``jaarwisseling`` 31 Dec - 1 Jan. ``september of oktober``, ``2019 of
  2020``: the two together.
* ``de eerste helft``, ``het eerste halfjaar``: Jan-Jun; ``het derde kwartaal``,
  ``Q3``: Jul-Sep; ``schooljaar 2022-2023``: 1 Sep 2022 - 31 Aug 2023; ``het schooljaar
  daarna``: the one after the school year of the previous mention; ``de eerste helft van
  het jaar``: of the year the story is in, else of the interview.
* ``rond``, ``rondom``, ``omstreeks`` X: X widened by one unit (a year by a year, a month
  or season by a month, a day or a holiday of days such as ``kerst`` by three days).
* ``na de zomer`` / ``voor de zomer(vakantie)``: the period of the same length right
  after / before it. ``na 2020``: from 1 Jan 2021 to the interview date. ``vlak``/``net``/
  ``kort voor de zomer``: May-Jun, the month before and the first month (people often mean
  the summer holidays); ``vlak na de zomer``: Aug-Sep; of a holiday such as ``kerst``: the
  week before / after (``na de kerst``: the four weeks after, into January).
* ``sinds X``, ``vanaf X``: start of X to the interview date (X in the future: X itself).
  ``van X tot (en met) Y``, ``tussen X en Y``, ``X-Y``, ``X/Y``: start of X to end of Y;
  ``(van) X tot nu``: to the interview date. A start without a year takes the end's year.
* Counted from the interview date: ``vorig``/``dit``/``volgend jaar`` and
  ``vorige``/``deze``/``volgende maand``/``week``: that calendar year, month or
  Monday-Sunday week; ``N jaar geleden``: the calendar year (interview year - N);
  ``N maanden``/``weken``/``dagen geleden``: that month, week or day; ``een half jaar``
  / ``anderhalf jaar geleden``: the month 6 / 18 months back, plus or minus a month;
  ``een paar jaar``/``maanden``/``weken geleden``: 2-3 units back (``een aantal``,
  ``enkele``: 2-5); ``het afgelopen jaar``, ``de komende twee jaar``, ``de laatste drie
  maanden``: the window from the interview date back or forward; ``afgelopen zomer``,
  ``afgelopen september`` / ``komende zomer``: the last one that ended before / the first
  one that starts after the interview date; ``deze zomer``, ``dit najaar``: the nearest.
* ``dat jaar``, ``het jaar daarna``, ``het volgende jaar``: from the year of the previous
  single-year mention in the same text, else of where the conversation was (left out when
  there is none). ``een jaar later``, ``twee maanden later``, ``een half jaar daarna``: the
  previous mention moved on by that much; a month or less moved by months is the month
  reached plus or minus one month.
* A month, season or day without a year (``in maart``, ``die winter``, ``rond kerst``,
  ``Q3``): the year named later in the same sentence (``in de herfst, november denk ik, van
  2019``); else the story goes on: the first occurrence from one month before the previous
  mention, in this text or, read in the order of the interview (:func:`extract_events`),
  in an earlier answer or question; else, or when that is after the interview date, the
  most recent occurrence up to the interview date. In a sentence that speaks of the future
  (``gaan we``, ``willen``, ``straks`` ...) or answers a question about it (``Wat staat er
  op de planning?``): the next occurrence, or the one in a year said earlier in the sentence.
* Only the corrected expression of a self-correction counts (``in 2020, nee wacht, 2021``);
  ``elk jaar in december`` is no date.

Numbers that are not years are skipped: amounts and counts (``2000 euro``, ``zo'n 2020
huishoudens``, ``2021 deelnemers``), post codes (``2021 AB``), room numbers, phone
numbers, times (``10:30``), decimals, ages, percentages and anything inside square
brackets (pseudonymisation tags such as ``[PERSOON-1]``, transcriber notes). A phrase
like ``voor 2024`` is read as the year 2024 (``voor`` is as often *for* as *before*).
"""

from __future__ import annotations

import json
import logging
import re
import textwrap
from calendar import monthrange
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import schemas
from .labels import t

logger = logging.getLogger("pao_analysis")

__all__ = ["DateMention", "clean_spoken", "event_categories", "event_label", "event_sentence", "events_per_interview",
           "extract_dates", "extract_events", "plot_timeline", "segment_categories", "sentence_spans",
           "story_position", "train_event_model", "undated_label"]

Interval = tuple[date, date]

#: Longest interval still drawn as a dot rather than a bar, in days.
POINT_MAX_DAYS = 45
#: Target length of an event quote in characters (whole sentences are kept).
QUOTE_CHARS = 300
#: Longest event label in characters (an ellipsis included); shorter clauses are widened
#: with their neighbours up to :data:`LABEL_MIN_CHARS`.
LABEL_CHARS = 80
LABEL_MIN_CHARS = 40
#: Words of the figure that labels.py does not have (yet).
_WORDS = {
    "uncategorised": {"nl": "zonder categorie", "en": "uncategorised"},
    "moment": {"nl": "moment (tot 45 dagen)", "en": "moment (up to 45 days)"},
    "period": {"nl": "periode", "en": "period"},
    "no_events": {"nl": "geen gedateerde uitspraken", "en": "no dated statements"},
    "transition": {"nl": "overgang naar een nieuwe fase", "en": "transition to a new phase"},
}
_MONTH_ABBR = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
UNCATEGORISED_COLOUR = "#8c8c8c"
_PHASE_ALPHA = (0.04, 0.09)

# --------------------------------------------------------------------------------------
# lexicon
# --------------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_SEASON_MONTHS = {"voorjaar": 3, "lente": 3, "zomer": 6, "najaar": 9, "herfst": 9}
_HOLIDAYS: dict[str, Callable[[int], Interval]] = {
    "zomervakantie": lambda y: (date(y, 7, 1), date(y, 8, 31)),
    "herfstvakantie": lambda y: (date(y, 10, 1), date(y, 10, 31)),
    "kerstvakantie": lambda y: (date(y, 12, 20), date(y + 1, 1, 6)),
    "voorjaarsvakantie": lambda y: (date(y, 2, 1), date(y, 2, monthrange(y, 2)[1])),
    "krokusvakantie": lambda y: (date(y, 2, 1), date(y, 2, monthrange(y, 2)[1])),
    "meivakantie": lambda y: (date(y, 4, 20), date(y, 5, 10)),
    "kerst": lambda y: (date(y, 12, 24), date(y, 12, 26)),
    "jaarwisseling": lambda y: (date(y, 12, 31), date(y + 1, 1, 1)),
}
NUMBER_WORDS = {
    "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "vijftien": 15,
    "twintig": 20,
}
FILLERS = {"eh", "ehm", "euh", "uh", "uhm", "ehh", "uhh", "hm", "hmm"}
#: Words after a number that make it a count or amount, not a year.
COUNT_WORDS = {
    "euro", "euro's", "eur", "cent", "procent", "uur", "uren", "minuten", "seconden",
    "dagen", "weken", "maanden", "mensen", "personen", "man", "mannen", "vrouwen", "kinderen",
    "jongeren", "ouderen", "volwassenen", "meisjes", "jongens", "deelnemers", "inwoners",
    "bewoners", "huishoudens", "gezinnen", "leerlingen", "studenten", "scholieren", "woningen",
    "huizen", "flats", "appartementen", "adressen", "brieven", "flyers", "folders", "stuks",
    "exemplaren", "handtekeningen", "volgers", "leden", "bezoekers", "patiënten", "cliënten",
    "respondenten", "reacties", "antwoorden", "enquêtes", "vragenlijsten", "stappen", "keer",
    "punten", "km", "kilometer", "meter", "vierkante", "m2", "m²", "kilo", "kg", "gram",
    "liter", "calorieën", "kcal", "banen", "plekken", "plaatsen", "uitkeringen",
}
#: Words before a number that make it a count, amount or label, not a year.
QUANTITY_BEFORE = {
    "zo'n", "zo’n", "ongeveer", "bijna", "ruim", "pakweg", "plusminus", "maximaal",
    "minimaal", "nummer", "nr", "huisnummer", "postcode", "kamer", "lokaal", "versie",
    "artikel", "pagina", "blz", "bus", "lijn", "€", "eur", "euro", "totaal",
}
#: Words that make a sentence speak of the future (for month, season or day without year).
FUTURE_WORDS = {
    "gaan", "gaat", "ga", "zullen", "zal", "zult", "straks", "binnenkort", "willen", "wil",
    "wilt", "hopen", "hoop", "hopelijk", "gepland", "komende", "volgende", "aanstaande",
}
#: Words that make a sentence speak of the past, whatever future words it has.
PAST_WORDS = {
    "was", "waren", "had", "hadden", "werd", "werden", "kwam", "kwamen", "ging", "gingen",
    "zat", "zaten", "begon", "deed", "deden", "zei", "zeiden", "wilde", "wilden", "moest",
    "moesten", "kon", "konden", "geweest", "gedaan", "gehad", "gezegd", "gekomen", "gegaan",
}
#: With "moet"/"moeten", words of a deadline: the sentence speaks of the future.
_DEADLINE = {"klaar", "af", "rond", "afgerond", "gebeuren", "getekend"}
_PERFECT_AUX = {"ben", "bent", "is", "zijn", "was", "waren"}
#: Spoken perfect with "hebben" right before "gaan" + infinitive: "heb ik zelf gaan kijken".
_SPOKEN_AUX = {"heb", "hebt", "heeft", "hebben"}
_HABITUAL = {"elk", "elke", "ieder", "iedere", "per"}
_PREV = {"afgelopen", "vorig", "vorige", "verleden", "voorbije"}
_NEXT = {"komend", "komende", "volgend", "volgende", "aanstaande"}
_THIS = {"dit", "deze"}
_THIRD = {"begin": 0, "start": 0, "medio": 1, "half": 1, "midden": 1, "halverwege": 1,
          "eind": 2, "einde": 2}
_ORDINALS = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4,
             "4e": 4, "laatste": -1}
_ABBREVIATIONS = set(MONTH_ABBREVIATIONS) | {"bijv", "bv", "ca", "nr", "dhr", "mevr", "o.a",
                                             "m.a.w", "i.p.v", "enz", "etc", "ong"}

# --------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------


def _two_digit_year(yy: int) -> int:
    """``'95`` is 1995, ``'21`` is 2021."""
    return 1900 + yy if yy >= 90 else 2000 + yy


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _month_start(d: date, shift: int = 0) -> date:
    k = d.year * 12 + d.month - 1 + shift
    return date(k // 12, k % 12 + 1, 1)


def _month_of(d: date, shift: int = 0) -> Interval:
    first = _month_start(d, shift)
    return first, _month_end(first.year, first.month)


def _shift(d: date, *, years: int = 0, months: int = 0) -> date:
    first = _month_start(d, years * 12 + months)
    return date(first.year, first.month, min(d.day, monthrange(first.year, first.month)[1]))


def _week_of(d: date) -> Interval:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _year(y: int) -> Interval:
    return date(y, 1, 1), date(y, 12, 31)


def _months(y: int, first: int, n: int) -> Interval:
    start = date(y, first, 1)
    end = _month_start(start, n - 1)
    return start, _month_end(end.year, end.month)


def _season(word: str) -> Callable[[int], Interval]:
    if word == "winter":
        return lambda y: (date(y - 1, 12, 1), _month_end(y, 2))
    if word in _HOLIDAYS:
        return _HOLIDAYS[word]
    first = _SEASON_MONTHS[word]
    return lambda y: _months(y, first, 3)


def _n_months(iv: Interval) -> int | None:
    """Number of whole calendar months an interval covers, or None."""
    e, l_ = iv
    if e.day != 1 or l_ != _month_end(l_.year, l_.month):
        return None
    return (l_.year - e.year) * 12 + l_.month - e.month + 1


def _third(iv: Interval, k: int) -> Interval:
    """The k-th third (0, 1, 2) of an interval: by months when possible, else by days."""
    e, l_ = iv
    n = _n_months(iv)
    if n is not None and n % 3 == 0:
        start = _month_start(e, k * n // 3)
        end = _month_start(e, (k + 1) * n // 3 - 1)
        return start, _month_end(end.year, end.month)
    if n == 1:
        cuts = [(1, 10), (11, 20), (21, monthrange(e.year, e.month)[1])][k]
        return date(e.year, e.month, cuts[0]), date(e.year, e.month, cuts[1])
    days = (l_ - e).days + 1
    a, b = e + timedelta(days=k * days // 3), e + timedelta(days=(k + 1) * days // 3 - 1)
    return a, b


# --------------------------------------------------------------------------------------
# tokens and parse results
# --------------------------------------------------------------------------------------


class _Token(NamedTuple):
    text: str
    low: str
    start: int
    end: int


_TOKEN = re.compile(r"t/m|[’'‘`]\d{2}(?!\d)|\d+|[^\W\d_]+(?:['’][^\W\d_]+)*"
                    r"|['’][^\W\d_]+|\S")
_BRACKETS = re.compile(r"\[[^\[\]\n]{1,40}\]")


def _tokens(text: str) -> list[_Token]:
    masked = _BRACKETS.sub(lambda m: " " * len(m.group()), text)
    return [_Token(m.group(), m.group().lower(), m.start(), m.end())
            for m in _TOKEN.finditer(masked)]


@dataclass(frozen=True)
class _Point:
    """A time expression before its year is known.

    ``year`` says where the year comes from: ``('fixed', y)``, ``('ref', k)`` (interview
    year + k), ``('anchor', k)`` (previous mention's year + k), ``('previous', n)`` (the
    previous mention moved on by n months; ``span`` unused), ``('next_school_year',)``, ``('context',)`` (no year
    said), ``('context_year',)`` ("het jaar"), ``('prev',)``, ``('next',)``,
    ``('current',)`` (last, next or nearest occurrence) or ``('none',)`` (``span``
    ignores its argument). ``span`` maps a year to the interval.
    """

    year: tuple
    span: Callable[[int], Interval]
    unit: str  # day, week, month, season, part, year, window
    fuzzy: bool = False
    article: bool = False


@dataclass(frozen=True)
class _Expr:
    op: str  # point, range, either, to_now, since, around, after, before, just_before, just_after
    a: _Point
    b: _Point | None = None


@dataclass(frozen=True)
class DateMention:
    """One time expression in a text, as an interval of days.

    ``start``/``end`` are offsets into the text (end exclusive), ``text`` the words as
    said, ``kind`` one of ``absolute``, ``fuzzy``, ``relative`` (needs the interview date
    or an earlier mention) or ``range``.
    """

    start: int
    end: int
    text: str
    earliest: date
    latest: date
    kind: str
    aside: bool = False  # a comparison ("niet zo erg als die van 2021"): it does not move the story


# --------------------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------------------


class _Parser:
    """Recursive-descent parser over tokens; every method returns ``(end, result)`` or None.

    ``end`` is the index after the last token used; filler words (``eh``) may sit between
    the words of an expression but never start or end it.
    """

    def __init__(self, toks: list[_Token], reference: date | None) -> None:
        self.toks = toks
        self.ref = reference

    # -- helpers ---------------------------------------------------------------------
    def low(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def skip(self, i: int) -> int:
        while self.low(i) in FILLERS:
            i += 1
        return i

    def adjacent(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.toks) and 0 <= j < len(self.toks) and \
            self.toks[i].end == self.toks[j].start

    def seq(self, i: int, *words: set[str] | str) -> int | None:
        """Match words in order (fillers allowed between); the end index or None."""
        for k, options in enumerate(words):
            if k:
                i = self.skip(i)
            opts = {options} if isinstance(options, str) else options
            if self.low(i) not in opts:
                return None
            i += 1
        return i

    def yearly(self, i: int) -> bool:
        """Whether the words before ``i`` make it a yearly time: ``elk jaar in december``,
        ``jaarlijks rond de zomer``."""
        k = i - 1
        while k >= 0 and self.low(k) in {"in", "rond", "na", "voor", "de", "het", "begin", "eind"}:
            k -= 1
        return self.low(k) in {"jaarlijks", "altijd"} or self.low(k) == "jaar" and self.low(k - 1) in _HABITUAL

    def number(self, i: int, *, low: int = 1, high: int = 99) -> tuple[int, int] | None:
        w = self.low(i)
        n = int(w) if w.isdigit() and len(w) <= 2 else NUMBER_WORDS.get(w)
        if n is None or not low <= n <= high:
            return None
        return i + 1, n

    # -- years -----------------------------------------------------------------------
    def year_number(self, i: int) -> tuple[int, int] | None:
        """A written year: ``2021`` (1990-2039, not a count, code or phone number) or ``'21``."""
        if not 0 <= i < len(self.toks):
            return None
        tok = self.toks[i]
        if tok.text[0] in "'’‘`":
            if not tok.text[1:].isdigit():
                return None
            y = _two_digit_year(int(tok.text[1:]))
            return (i + 1, y) if y <= 2039 else None
        if not (tok.text.isdigit() and len(tok.text) == 4 and 1990 <= int(tok.text) <= 2039):
            return None
        prev = self.toks[i - 1] if i > 0 else None
        if prev is not None and prev.end == tok.start:
            if prev.text in ".,:€+":
                return None
            if prev.text in "-/" and i >= 2 and self.adjacent(i - 2, i - 1) \
                    and self.toks[i - 2].text.isdigit() and len(self.toks[i - 2].text) != 4:
                return None
        if prev is not None and (prev.low in QUANTITY_BEFORE
                                 or prev.text.isdigit() and prev.text.startswith("0")):
            return None  # an amount, a code or part of a phone number (06 2021 4567)
        if prev is not None and prev.low == "dan" and self.low(i - 2) in {"meer", "minder"}:
            return None
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        if nxt is not None:
            if nxt.low in COUNT_WORDS or nxt.text in {"€", "%"}:
                return None
            if self.adjacent(i, i + 1) and nxt.text in ".,:" and self.adjacent(i + 1, i + 2) \
                    and self.toks[i + 2].text.isdigit():
                return None
            if len(nxt.text) == 2 and nxt.text.isalpha() and nxt.text.isupper():
                return None  # post code
        return i + 1, int(tok.text)

    def yearish(self, i: int) -> tuple[int, tuple] | None:
        """A year said in any way: written, relative (vorig jaar) or anaphoric (dat jaar)."""
        r = self.year_number(i)
        if r:
            return r[0], ("fixed", r[1])
        w = self.low(i)
        for words, k in ((_PREV - {"voorbije"}, -1), (_THIS, 0), (_NEXT - {"aanstaande"}, 1)):
            if w in words and (j := self.seq(i, words, "jaar")):
                return j, ("ref", k)
        if j := self.seq(i, {"dat", "datzelfde", "hetzelfde", "diezelfde"}, "jaar"):
            return j, ("anchor", 0)
        if j := self.seq(i, "dat", "zelfde", "jaar"):
            return j, ("anchor", 0)
        if j := self.seq(i, "het", "jaar", {"daarna", "daarop", "erna", "erop", "nadien"}):
            return j, ("anchor", 1)
        if j := self.seq(i, "het", {"volgende", "opvolgende", "daaropvolgende"}, "jaar"):
            return j, ("anchor", 1)
        if j := self.seq(i, {"het", "een"}, "jaar", {"daarvoor", "ervoor", "eerder"}):
            return j, ("anchor", -1)
        return None

    def year_after(self, i: int) -> tuple[int, tuple] | None:
        """An optional year after a month or season: ``2022``, ``'22``, ``van vorig jaar``."""
        j = self.skip(i)
        if self.low(j) == "van":
            r = self.yearish(self.skip(j + 1))
            return r
        return self.yearish(j)

    # -- points ----------------------------------------------------------------------
    def point(self, i: int) -> tuple[int, _Point] | None:
        best = None
        for parse in (self.numeric_date, self.day_month, self.month, self.season, self.part,
                      self.half_or_quarter, self.relative, self.later, self.school_year, self.year_combo,
                      self.year_point):
            r = parse(i)
            if r and (best is None or r[0] > best[0]):
                best = r
        return best

    def numeric_date(self, i: int) -> tuple[int, _Point] | None:
        toks, n = self.toks, len(self.toks)
        if i + 4 >= n or not all(self.adjacent(i + k, i + k + 1) for k in range(4)):
            return None
        parts = [toks[i + k].text for k in range(5)]
        a, s1, b, s2, c = parts
        if s1 != s2 or s1 not in "-/." or not (a.isdigit() and b.isdigit()):
            return None
        if len(a) == 4 and s1 == "-" and c.isdigit() and len(b) <= 2 and len(c) <= 2:
            y, m, d = int(a), int(b), int(c)  # ISO
        elif len(a) <= 2 and len(b) <= 2 and (c.isdigit() and len(c) == 4 or c[0] in "'’‘`"):
            d, m = int(a), int(b)
            y = int(c) if c.isdigit() else _two_digit_year(int(c[1:]))
        else:
            return None
        if not 1990 <= y <= 2039:
            return None
        if i + 6 < n and self.adjacent(i + 4, i + 5) and toks[i + 5].text in "-/." \
                and self.adjacent(i + 5, i + 6) and toks[i + 6].text.isdigit():
            return None  # part of a longer number chain
        try:
            day = date(y, m, d)
        except ValueError:
            return None
        return i + 5, _Point(("fixed", y), lambda _y, day=day: (day, day), "day")

    def month_word(self, i: int, *, abbreviations: bool) -> tuple[int, int, bool] | None:
        """``(end, month, abbreviated)``; an abbreviation may carry a dot."""
        w = self.low(i)
        if w in MONTHS:
            return i + 1, MONTHS[w], False
        if abbreviations and w in MONTH_ABBREVIATIONS:
            j = i + 1
            if self.low(j) == "." and self.adjacent(i, j):
                j += 1
            return j, MONTH_ABBREVIATIONS[w], True
        return None

    def day_month(self, i: int) -> tuple[int, _Point] | None:
        w = self.low(i)
        if not (w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31):
            return None
        if i > 0 and self.adjacent(i - 1, i) and self.toks[i - 1].text in ":.,-/":
            return None
        d, j = int(w), i + 1
        if self.low(j) in {"e", "ste", "de"} and self.adjacent(i, j):
            j += 1
        mw = self.month_word(self.skip(j), abbreviations=True)
        if not mw:
            return None
        j, m, _ = mw
        if d > monthrange(2024, m)[1]:
            return None
        y = self.year_after(j)

        def span(year: int, d=d, m=m) -> Interval:
            day = date(year, m, d)  # ValueError for 29 February in other years
            return day, day
        if y:
            return y[0], _Point(y[1], span, "day")
        return j, _Point(("context",), span, "day")

    def month(self, i: int) -> tuple[int, _Point] | None:
        w, mode, j = self.low(i), None, i
        if w in _PREV - {"vorig"}:
            mode, j = ("prev",), self.skip(i + 1)
        elif w in _NEXT - {"komend", "volgend"}:
            mode, j = ("next",), self.skip(i + 1)
        mw = self.month_word(j, abbreviations=True)
        if not mw:
            return None
        end, m, abbreviated = mw

        def span(year: int, m=m) -> Interval:
            return date(year, m, 1), _month_end(year, m)
        if mode:
            return (end, _Point(mode, span, "month")) if not abbreviated else None
        y = self.year_after(end)
        if y:
            return y[0], _Point(y[1], span, "month")
        if abbreviated or self.yearly(i):
            return None
        return end, _Point(("context",), span, "month")

    def season(self, i: int) -> tuple[int, _Point] | None:
        j, article, mode = i, False, None
        if self.low(j) in {"de", "het"}:
            j, article = self.skip(j + 1), True
        w = self.low(j)
        if w in _PREV:
            mode, j = ("prev",), self.skip(j + 1)
        elif w in _NEXT:
            mode, j = ("next",), self.skip(j + 1)
        elif w in _THIS:  # "dit voorjaar" is this calendar year's spring, also said in October;
            # "deze winter" the nearest winter (it spans two years)
            mode, j = ("current",) if self.low(self.skip(j + 1)) == "winter" else ("ref", 0), self.skip(j + 1)
        elif w in {"die", "dat", "diezelfde", "datzelfde", "dezelfde", "hetzelfde"}:
            mode, j = ("context",), self.skip(j + 1)  # "die winter": the one the story reached
        w = self.low(j)
        if w not in _SEASON_MONTHS and w != "winter" and w not in _HOLIDAYS:
            return None
        if not article and mode is None and self.low(i - 1) in _HABITUAL or mode is None and self.yearly(i):
            return None
        span, end = _season(w), j + 1
        if mode:
            return end, _Point(mode, span, "season", fuzzy=True, article=article)
        y = self.year_after(end)
        if y:
            end, spec = y
            if w == "winter" and spec[0] == "fixed" and self.low(end) in {"/", "-", "–", "op", "naar"}:
                nxt = self.year_number(self.skip(end + 1))
                if nxt and nxt[1] == spec[1] + 1:
                    end, spec = nxt[0], ("fixed", nxt[1])
            return end, _Point(spec, span, "season", fuzzy=True, article=article)
        return end, _Point(("context",), span, "season", fuzzy=True, article=article)

    def part(self, i: int) -> tuple[int, _Point] | None:
        """begin/medio/eind of a year, month or season: ``eind 2021``, ``half november``."""
        j, article = i, False
        if self.low(j) in {"het", "de"}:
            j, article = self.skip(j + 1), True
        w = self.low(j)
        if w not in _THIRD:
            return None
        k, j = _THIRD[w], self.skip(j + 1)
        has_van = self.low(j) == "van"
        if has_van:
            j = self.skip(j + 1)
        if article and not has_van:
            return None
        # "het jaar" is the year being talked about ("het jaar daarna" is a yearish below)
        j2 = self.seq(j, "het", "jaar")
        if j2 and (has_van or w == "halverwege") and not self.yearish(j):
            return j2, _Point(("context_year",), lambda y, k=k: _third(_year(y), k), "part",
                              fuzzy=True)
        y = self.yearish(j)
        if y and not (w == "half" and y[1][0] != "fixed"):
            return y[0], _Point(y[1], lambda yr, k=k: _third(_year(yr), k), "part", fuzzy=True)
        m = self.month(j)
        if m and m[1].year[0] not in {"prev", "next"}:
            p = m[1]
            return m[0], _Point(p.year, lambda yr, p=p, k=k: _third(p.span(yr), k), "part",
                                fuzzy=True)
        r = self.relative(j)
        if r and r[1].unit == "month" and not article:
            p = r[1]
            return r[0], _Point(p.year, lambda yr, p=p, k=k: _third(p.span(yr), k), "part",
                                fuzzy=True)
        s = self.season(j)
        if s and w != "half":
            p = s[1]
            return s[0], _Point(p.year, lambda yr, p=p, k=k: _third(p.span(yr), k), "part",
                                fuzzy=True)
        return None

    def half_or_quarter(self, i: int) -> tuple[int, _Point] | None:
        j = i
        if self.low(j) in {"de", "het"}:
            j = self.skip(j + 1)
        w = self.low(j)
        if w == "q" and self.adjacent(j, j + 1) and self.low(j + 1) in {"1", "2", "3", "4"}:
            q, unit_end = int(self.low(j + 1)), j + 2
            spans = lambda y, q=q: _months(y, 3 * q - 2, 3)
        else:
            if w.isdigit() and self.low(j + 1) == "e" and self.adjacent(j, j + 1):
                w, j = w + "e", j + 1
            if w not in _ORDINALS:
                return None
            n, j = _ORDINALS[w], self.skip(j + 1)
            unit = self.low(j)
            if unit in {"helft", "halfjaar"} and n in {1, 2, -1}:
                h = 2 if n == -1 else n
                spans = lambda y, h=h: _months(y, 6 * h - 5, 6)
            elif unit == "kwartaal" and n != 0:
                q = 4 if n == -1 else n
                spans = lambda y, q=q: _months(y, 3 * q - 2, 3)
            else:
                return None
            unit_end = j + 1
        j = self.skip(unit_end)
        if self.low(j) in {"van", "in"}:
            j = self.skip(j + 1)
        if j2 := self.seq(j, "het", "jaar"):
            return j2, _Point(("context_year",), spans, "part", fuzzy=True)
        y = self.yearish(j)
        if y:
            return y[0], _Point(y[1], spans, "part", fuzzy=True)
        if self.low(unit_end - 1) in {"halfjaar", "kwartaal"} or w == "q":  # not "de eerste helft"
            return unit_end, _Point(("context",), spans, "part", fuzzy=True)
        return None

    def relative(self, i: int) -> tuple[int, _Point] | None:
        """Expressions counted from the interview date."""
        ref = self.ref
        if ref is None:
            return None
        w = self.low(i)
        if w == "gisteren" and self.low(i - 1) in {"eigenlijk", "liefst"} \
                and any(self.low(k) in _WANT for k in range(max(0, i - 6), i)):
            return None  # "de raad wil het eigenlijk gisteren": as soon as possible
        if w in {"gisteren", "eergisteren"}:
            day = ref - timedelta(days=1 if w == "gisteren" else 2)
            return i + 1, _Point(("none",), lambda _y, d=day: (d, d), "day")
        # ... geleden
        r = self.ago(i)
        if r:
            return r
        # vorige/deze/volgende week or maand; with "de"/"het" or a number: a window
        j, article = i, False
        if self.low(j) in {"de", "het"}:
            j, article = self.skip(j + 1), True
        w = self.low(j)
        if w in {"volgende", "volgend"} and (article or self.low(i - 1) in {"de", "het"}):
            return None  # "de volgende maand" follows an earlier event, not the interview
        direction = -1 if w in _PREV or w == "laatste" else 1 if w in _NEXT \
            else 0 if w in _THIS else None
        if direction is None:
            return None
        j = self.skip(j + 1)
        num = self.number(j, low=2)
        if w == "laatste" and not num:
            return None  # "het laatste jaar" of something; "de laatste twee jaar" is a window
        if num:
            j = self.skip(num[0])
        unit = self.low(j)
        if num or article:
            if direction == 0:
                return None
            n = num[1] if num else 1
            if not num and unit not in {"jaar", "maand", "week"}:
                return None
            if not num and self.low(i) != ("het" if unit == "jaar" else "de") and self.low(i) in {"de", "het"}:
                return None  # "we zijn het vorige week oneens": "het" is not the article of "week"
            if unit in {"jaar", "jaren"}:
                other = _shift(ref, years=direction * n)
            elif unit in {"maand", "maanden"}:
                other = _shift(ref, months=direction * n)
            elif unit in {"week", "weken"}:
                other = ref + timedelta(days=7 * n * direction)
            else:
                return None
            iv = (other, ref) if direction < 0 else (ref, other)
            return j + 1, _Point(("none",), lambda _y, iv=iv: iv, "window")
        if unit == "maand":
            iv = _month_of(ref, direction)
            return j + 1, _Point(("none",), lambda _y, iv=iv: iv, "month")
        if unit == "week":
            iv = _week_of(ref + timedelta(days=7 * direction))
            return j + 1, _Point(("none",), lambda _y, iv=iv: iv, "week")
        return None

    def ago(self, i: int) -> tuple[int, _Point] | None:
        ref = self.ref
        assert ref is not None
        j = i
        vague = None
        if j2 := self.seq(i, "een", "paar"):
            vague, j = (2, 3), j2
        elif j2 := self.seq(i, "een", "aantal"):
            vague, j = (2, 5), j2
        elif self.low(i) in {"enkele", "paar"}:
            vague, j = (2, 5) if self.low(i) == "enkele" else (2, 3), i + 1
        special = None
        if vague:
            unit_i = self.skip(j)
        elif j2 := self.seq(i, "een", "half", "jaar"):
            special, unit_i = 6, j2 - 1
        elif self.low(i) == "anderhalf" and self.low(self.skip(i + 1)) == "jaar":
            special, unit_i = 18, self.skip(i + 1)
        elif (j2 := self.seq(i, "een", {"jaar", "maand", "week"}, "of")) \
                and (num := self.number(self.skip(j2))):
            after = self.skip(num[0])  # "een jaar of drie geleden"
            if self.low(after) != "geleden":
                return None
            return self._ago(after + 1, self.low(self.skip(i + 1)), (num[1], num[1]))
        else:
            num = self.number(i, low=1)
            if not num:
                return None
            unit_i, vague = self.skip(num[0]), (num[1], num[1])
        unit = self.low(unit_i)
        end = self.skip(unit_i + 1)
        if self.low(end) != "geleden":
            return None
        if special:
            iv = _month_of(ref, -special)
            iv = (_month_start(iv[0], -1), _month_of(iv[0], 1)[1])
            return end + 1, _Point(("none",), lambda _y, iv=iv: iv, "month", fuzzy=True)
        return self._ago(end + 1, unit, vague)

    def _ago(self, end: int, unit: str, n: tuple[int, int]) -> tuple[int, _Point] | None:
        ref = self.ref
        assert ref is not None
        lo, hi = n
        if unit in {"jaar", "jaren"}:
            if lo == hi:
                return end, _Point(("ref", -lo), _year, "year")
            iv = (date(ref.year - hi, 1, 1), date(ref.year - lo, 12, 31))
        elif unit in {"maand", "maanden"}:
            iv = (_month_of(ref, -hi)[0], _month_of(ref, -lo)[1])
        elif unit in {"week", "weken"}:
            iv = (_week_of(ref - timedelta(days=7 * hi))[0],
                  _week_of(ref - timedelta(days=7 * lo))[1])
        elif unit in {"dag", "dagen"}:
            iv = (ref - timedelta(days=hi), ref - timedelta(days=lo))
        else:
            return None
        name = "year" if unit.startswith("ja") else "month" if unit.startswith("maand") \
            else "week" if unit.startswith("we") else "day"
        return end, _Point(("none",), lambda _y, iv=iv: iv, name if lo == hi else "window")

    def later(self, i: int) -> tuple[int, _Point] | None:
        """``twee maanden later``, ``een half jaar daarna``, ``drie jaar later``: counted from
        the previous mention."""
        if j := self.seq(i, "een", "half", "jaar"):
            months = 6
        elif j := self.seq(i, "anderhalf", "jaar"):
            months = 18
        elif j := self.seq(i, "een", "paar", "maanden"):
            months = 2  # the month reached plus or minus one: one to three months on
        elif (num := self.number(i)) and self.low(j := self.skip(num[0])) in {"maand", "maanden", "jaar"}:
            months, j = num[1] * (12 if self.low(j) == "jaar" else 1), j + 1
        else:
            return None
        end = self.skip(j)
        if self.low(end) not in {"later", "daarna", "daarop", "erna", "erop", "nadien"}:
            return None
        return end + 1, _Point(("previous", months), _year, "year" if months % 12 == 0 else "month", fuzzy=True)

    def school_year(self, i: int) -> tuple[int, _Point] | None:
        j, shift = i, None
        w = self.low(j)
        if w in _PREV | _THIS | _NEXT | {"het"}:
            shift = -1 if w in _PREV else 1 if w in _NEXT else 0 if w in _THIS else None
            j = self.skip(j + 1)
        if self.low(j) not in {"schooljaar", "studiejaar", "collegejaar"}:
            return None
        j += 1
        span = lambda y: (date(y, 9, 1), date(y + 1, 8, 31))
        if w == "het" and self.low(self.skip(j)) in {"daarna", "daarop", "erna", "erop", "nadien"}:
            return self.skip(j) + 1, _Point(("next_school_year",), span, "year")  # "het schooljaar daarna"
        if shift is not None:
            if self.ref is None:
                return None
            y = (self.ref.year if self.ref.month >= 9 else self.ref.year - 1) + shift
            return j, _Point(("none",), lambda _y, y=y: span(y), "year")
        k = self.skip(j)
        a = self.toks[k].text if k < len(self.toks) else ""
        if a.isdigit() and self.low(k + 1) in {"-", "/"} and k + 2 < len(self.toks):
            b = self.toks[k + 2].text
            if a.isdigit() and b.isdigit() and len(a) == len(b) and len(a) in (2, 4):
                y1, y2 = int(a[-2:]), int(b[-2:])
                if y2 == (y1 + 1) % 100:
                    y = int(a) if len(a) == 4 else 2000 + y1
                    if 1990 <= y <= 2039:
                        return k + 3, _Point(("fixed", y), span, "year")
        return None

    def year_combo(self, i: int) -> tuple[int, _Point] | None:
        """``vorig jaar (in) september``, ``vorig jaar in de zomer``."""
        y = self.yearish(i)
        if not y or y[1][0] == "fixed":
            return None
        j = self.skip(y[0])
        if self.low(j) in {"in", "rond"}:
            j = self.skip(j + 1)
        m = self.month_word(j, abbreviations=False)
        if m:
            mm = m[1]
            return m[0], _Point(y[1], lambda yr, mm=mm: (date(yr, mm, 1), _month_end(yr, mm)),
                                "month")
        if self.low(j) in {"de", "het"}:
            w = self.low(self.skip(j + 1))
            if w in _SEASON_MONTHS or w == "winter" or w in _HOLIDAYS:
                return self.skip(j + 1) + 1, _Point(y[1], _season(w), "season", fuzzy=True)
        return None

    def year_point(self, i: int) -> tuple[int, _Point] | None:
        y = self.yearish(i)
        if not y:
            return None
        return y[0], _Point(y[1], _year, "year")

    # -- composite expressions ---------------------------------------------------------
    def seasonal(self, i: int, p: tuple[int, _Point]) -> bool:
        """Whether the point ``p`` at token ``i`` is a season with an article ("de zomer") or a
        holiday ("kerst", "de jaarwisseling"): what "voor" and "na" can stand before."""
        return p[1].unit == "season" and (p[1].article or self.low(i) in _HOLIDAYS)

    def connector(self, i: int) -> int | None:
        for words in (("tot", "en", "met"), ("tot", "aan"), ("t/m",), ("tot",), ("-",), ("–",),
                      ("—",), ("/",)):
            j = self.seq(i, *words)
            if j:
                return j
        return None

    def now(self, i: int) -> int | None:
        if j := self.seq(i, "nu", "aan", "toe"):
            return j
        if j := self.seq(i, "nu", "toe"):
            return j
        if j := self.seq(i, "op", "heden"):
            return j
        return self.seq(i, {"nu", "heden", "vandaag"})

    def expression(self, i: int) -> tuple[int, _Expr] | None:
        w = self.low(i)
        best: tuple[int, _Expr] | None = None

        def consider(r: tuple[int, _Expr] | None) -> None:
            nonlocal best
            if r and (best is None or r[0] > best[0]):
                best = r

        if w in {"van", "vanaf"}:
            p = self.point(self.skip(i + 1))
            if p:
                c = self.connector(self.skip(p[0]))
                if c is not None and self.low(self.skip(p[0])) not in {"/"}:
                    q = self.point(self.skip(c))
                    if q:
                        consider((q[0], _Expr("range", p[1], q[1])))
                    elif (n := self.now(self.skip(c))) and self.ref is not None:
                        consider((n, _Expr("to_now", p[1])))
                if w == "vanaf":
                    consider((p[0], _Expr("since", p[1])))
        elif w == "tussen":
            p = self.point(self.skip(i + 1))
            if p and self.low(self.skip(p[0])) == "en":
                q = self.point(self.skip(self.skip(p[0]) + 1))
                if q:
                    consider((q[0], _Expr("range", p[1], q[1])))
                elif (n := self.now(self.skip(self.skip(p[0]) + 1))) and self.ref is not None:
                    consider((n, _Expr("to_now", p[1])))
        elif w == "sinds":
            p = self.point(self.skip(i + 1))
            if p:
                consider((p[0], _Expr("since", p[1])))
        elif w in {"rond", "rondom", "omstreeks"}:
            j = self.skip(i + 1)
            if self.low(j) == "om":
                j = self.skip(j + 1)
            p = self.point(j)
            if p and p[1].unit not in {"window"}:
                consider((p[0], _Expr("around", p[1])))
        elif w == "na":
            p = self.point(self.skip(i + 1))
            if p and (self.seasonal(self.skip(i + 1), p) or p[1].unit == "year" and p[1].year[0] == "fixed"):
                consider((p[0], _Expr("after", p[1])))
        elif w == "voor":
            p = self.point(self.skip(i + 1))
            if p and self.seasonal(self.skip(i + 1), p):
                consider((p[0], _Expr("before", p[1])))
        elif w in {"vlak", "net", "kort"} and self.low(j := self.skip(i + 1)) in {"voor", "na"}:
            p = self.point(self.skip(j + 1))  # "vlak voor de zomer": the months either side of its start
            if p and self.seasonal(self.skip(j + 1), p):
                consider((p[0], _Expr("just_before" if self.low(j) == "voor" else "just_after", p[1])))
        p = self.point(i)
        if p:
            consider((p[0], _Expr("point", p[1])))
            if self.low(self.skip(p[0])) == "of" and (q := self.point(self.skip(self.skip(p[0]) + 1))) \
                    and q[1].unit == p[1].unit and p[1].unit in {"month", "season", "year"}:
                consider((q[0], _Expr("either", p[1], q[1])))  # "september of oktober": one of the two
            c = self.connector(self.skip(p[0]))
            if c is not None:
                q = self.point(self.skip(c))
                if q and p[1].unit != "window" and q[1].unit != "window" \
                        and q[1].year[0] in {"fixed", "ref"}:
                    consider((q[0], _Expr("range", p[1], q[1])))
                elif p[1].year[0] == "fixed" and self.low(self.skip(p[0])) == "tot" \
                        and (n := self.now(self.skip(c))) and self.ref is not None:
                    consider((n, _Expr("to_now", p[1])))  # "2023 tot nu"
        return best


# --------------------------------------------------------------------------------------
# resolution
# --------------------------------------------------------------------------------------


@dataclass
class _Context:
    reference: date | None
    anchor: int | None = None  # year of the previous single-year mention
    anchor_sentence: int = -1  # the sentence it was in
    sentence: int = -1  # the sentence being resolved
    future: bool = False  # that sentence speaks of the future
    story: Interval | None = None  # where the conversation was before this text (story_position)
    previous: Interval | None = None  # the previous mention's interval
    lookahead: bool = False  # the anchor is a year named later in the sentence


def _spans(span: Callable[[int], Interval], years: range) -> list[Interval]:
    out = []
    for y in years:
        try:
            out.append(span(y))
        except ValueError:  # 29 February
            continue
    return out


def _occurrence(span: Callable[[int], Interval], ref: date, mode: str) -> Interval | None:
    """The occurrence of a yearly recurring period relative to ``ref``."""
    spans = _spans(span, range(ref.year - 8, ref.year + 9))
    pick = {"prev": (max, lambda iv: iv[1] < ref), "next": (min, lambda iv: iv[0] > ref),
            "past": (max, lambda iv: iv[0] <= ref), "future": (min, lambda iv: iv[1] >= ref)}
    if mode in pick:
        choose, keep = pick[mode]
        found = [iv for iv in spans if keep(iv)]
        return choose(found, key=lambda iv: iv[0]) if found else None
    # nearest (current): containing the reference, else the closest; ties go to the later one
    def distance(iv: Interval) -> tuple[int, int]:
        e, l_ = iv
        gap = 0 if e <= ref <= l_ else min(abs((e - ref).days), abs((ref - l_).days))
        return gap, -e.toordinal()
    return min(spans, key=distance) if spans else None


def _resolve_point(p: _Point, ctx: _Context) -> Interval | None:
    try:
        return _resolve_year(p, ctx)
    except ValueError:  # a day that does not exist, such as 29 February 2023
        return None


def _resolve_year(p: _Point, ctx: _Context) -> Interval | None:
    kind, *arg = p.year
    ref = ctx.reference
    if kind == "fixed":
        return p.span(arg[0])
    if kind == "none":
        return p.span(0)
    if kind == "previous":
        return _later(ctx.previous, arg[0]) if ctx.previous else None
    if kind == "next_school_year":  # the school year after the one of the previous mention
        return p.span(ctx.previous[0].year + (ctx.previous[0].month >= 9)) if ctx.previous else None
    if kind == "anchor":
        year = ctx.anchor if ctx.anchor is not None else ctx.story[0].year if ctx.story else None
        return p.span(year + arg[0]) if year is not None else None
    if kind == "context_year":  # "de eerste helft van het jaar": the year of the story
        if ctx.anchor is not None:
            return p.span(ctx.anchor)
        if ctx.story is not None:
            return p.span(ctx.story[0].year)
        return p.span(ref.year) if ref is not None else None
    if kind == "context":
        return _in_story(p, ctx)
    if ref is None:
        return None
    if kind == "ref":
        return p.span(ref.year + arg[0])
    return _occurrence(p.span, ref, kind)


def _in_story(p: _Point, ctx: _Context) -> Interval | None:
    """A month, season or day without a year: the year said later in the same sentence ("in
    de herfst, november denk ik, van 2019") or, in a plan, earlier in it ("in 2025 willen we
    in maart"); else the story goes on: the first occurrence from a month before where the
    conversation was (:func:`story_position`), unless that is after the interview; else the
    last occurrence up to the interview date, or the next one in a plan."""
    ref = ctx.reference
    if ctx.anchor is not None and ctx.anchor_sentence == ctx.sentence and (
            ctx.lookahead or ctx.future and ref is not None and ctx.anchor >= ref.year):
        iv = p.span(ctx.anchor)
        if ctx.future or ref is None or iv[0] <= ref:
            return iv
    elif ctx.story is not None and not ctx.future:
        iv = _occurrence(p.span, _month_start(ctx.story[0], -STORY_BACK_MONTHS) - timedelta(days=1), "next")
        if iv is not None and (ref is None or iv[0] <= ref):
            return iv
    if ref is None:
        return None
    return _occurrence(p.span, ref, "future" if ctx.future else "past")


def _later(iv: Interval, months: int) -> Interval:
    """``months`` after ``iv``: whole years later the interval moved on by them ("een jaar
    later" after 2021 is 2022, after June 2022 June 2023); otherwise, after a month or less,
    the month reached plus or minus one month, after a longer interval the interval moved on."""
    e, l_ = iv
    if months % 12 == 0:
        return _shift(e, months=months), _month_of(l_, months)[1] if l_.day > 27 else _shift(l_, months=months)
    if (l_ - e).days <= 31:
        reached = _month_start(e, months)
        return _month_start(reached, -1), _month_of(reached, 1)[1]
    return _month_start(e, months), _month_of(l_, months)[1]


def _widen(iv: Interval, unit: str) -> Interval:
    e, l_ = iv
    if unit == "year":
        return date(e.year - 1, 1, 1), date(l_.year + 1, 12, 31)
    if unit in {"day", "week"} or (l_ - e).days < 7:  # "rond kerst"
        return e - timedelta(days=3), l_ + timedelta(days=3)
    return _month_start(e, -1), _month_of(l_, 1)[1]


def _next_to(iv: Interval, after: bool) -> Interval:
    """The period of the same length right after (or before) ``iv``."""
    e, l_ = iv
    n = _n_months(iv)
    if n is not None:
        if after:
            return _month_start(l_, 1), _month_of(l_, n)[1]
        return _month_start(e, -n), e - timedelta(days=1)
    days = (l_ - e).days + 1
    if after:
        return l_ + timedelta(days=1), l_ + timedelta(days=days)
    return e - timedelta(days=days), e - timedelta(days=1)


def _try_span(p: _Point, year: int) -> Interval | None:
    try:
        return p.span(year)
    except ValueError:
        return None


def _resolve(expr: _Expr, ctx: _Context) -> Interval | None:
    ref = ctx.reference
    if expr.op in {"range", "either"}:
        a, b = expr.a, expr.b
        assert b is not None
        if a.year[0] == "context":
            iv_b = _resolve_point(b, ctx)
            if iv_b is None:
                return None
            iv_a = _try_span(a, iv_b[1].year)
            if iv_a is not None and iv_a[0] > iv_b[1]:
                iv_a = _try_span(a, iv_b[1].year - 1)
            if iv_a is None:
                return None
        else:
            iv_a = _resolve_point(a, ctx)
            if iv_a is None:
                return None
            if b.year[0] == "context":
                iv_b = _try_span(b, iv_a[0].year)
                if iv_b is not None and iv_b[1] < iv_a[0]:
                    iv_b = _try_span(b, iv_a[0].year + 1)
            else:
                iv_b = _resolve_point(b, ctx)
        if iv_b is None or iv_a[0] > iv_b[1]:
            return None
        return iv_a[0], iv_b[1]
    iv = _resolve_point(expr.a, ctx)
    if iv is None:
        return None
    if expr.op == "point":
        return iv
    if expr.op in {"to_now", "since"}:
        if ref is None:
            return None
        if expr.op == "to_now" and iv[0] > ref:
            return None
        return (iv[0], ref) if iv[0] <= ref else iv
    if expr.op == "around":
        return _widen(iv, expr.a.unit)
    if expr.op == "after" and expr.a.unit == "year":
        start = date(iv[1].year + 1, 1, 1)
        if ref is not None and start <= ref:
            return start, ref
        return _year(start.year)
    if expr.op in {"after", "before"} and (iv[1] - iv[0]).days < 7:  # "na de kerst": the four weeks after
        return (iv[1] + timedelta(days=1), iv[1] + timedelta(days=28)) if expr.op == "after" else \
            (iv[0] - timedelta(days=28), iv[0] - timedelta(days=1))
    if expr.op in {"after", "before"}:
        return _next_to(iv, expr.op == "after")
    if expr.op in {"just_before", "just_after"} and _n_months(iv) is None:  # a holiday: the week
        week = timedelta(days=7)
        return (iv[0] - week, iv[0] - timedelta(days=1)) if expr.op == "just_before" else \
            (iv[1] + timedelta(days=1), iv[1] + week)
    if expr.op == "just_before":  # the month before and the first month: "de zomer" is often the holidays
        return _month_start(iv[0], -1), _month_of(iv[0], 0)[1]
    if expr.op == "just_after":
        return _month_start(iv[1], 0), _month_of(iv[1], 1)[1]
    raise AssertionError(expr.op)


def _kind(expr: _Expr) -> str:
    if expr.op in {"range", "since", "to_now"} or (expr.op == "after" and expr.a.unit == "year"):
        return "range"
    points = [p for p in (expr.a, expr.b) if p is not None]
    if any(p.year[0] != "fixed" for p in points):
        return "relative"
    if expr.op != "point" or any(p.fuzzy for p in points):
        return "fuzzy"
    return "absolute"


# --------------------------------------------------------------------------------------
# sentences
# --------------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…]+(?=\s)|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets: a boundary is ``.!?`` or a line break followed by a
    non-lower-case character, not after a known abbreviation (``sept.``)."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.group()[0] != "\n":
            rest = text[m.end():].lstrip()
            if rest and rest[0].islower():
                continue
            word = re.search(r"(\S+)$", text[start:m.start()])
            if m.group() == "." and word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
        end = m.end() if m.group()[0] != "\n" else m.start()
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _sentence_at(text: str, start: int) -> tuple[list[tuple[int, int]], int]:
    """The sentence spans of ``text`` (the whole text when it has none) and the index of the
    one in which offset ``start`` stands (the first when none holds it)."""
    spans = sentence_spans(text) or [(0, len(text))]
    return spans, next((n for n, (a, b) in enumerate(spans) if a <= start < b), 0)


def _speaks_of_future(words: list[str]) -> bool:
    """True if a sentence (lower-case words) speaks of the future.

    A future word (``gaan``, ``willen``, ``straks`` ...) or a deadline (``moet ... klaar``)
    without a past-tense word (``was``, ``hadden``, ``geweest`` ...). ``gaan`` after a
    perfect auxiliary and before an infinitive (``zijn we gaan praten``, spoken ``heb ik
    zelf gaan kijken``) is past; ``dan gaan we``, ``we gaan praten`` are future.
    """
    if any(w in PAST_WORDS for w in words):
        return False
    if {"moet", "moeten"} & set(words) and _DEADLINE & set(words):
        return True  # "in januari moet die klaar zijn": a deadline
    for k, w in enumerate(words):
        if w not in FUTURE_WORDS:
            continue
        if w in {"gaan", "ga", "gaat"} and (any(a in _PERFECT_AUX for a in words[:k])
                                            or any(a in _SPOKEN_AUX for a in words[max(0, k - 3):k])):
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if nxt.endswith("en") and nxt not in {"ze", "we", "wij", "jullie"}:
                continue
        return True
    return False


# --------------------------------------------------------------------------------------
# public: dates
# --------------------------------------------------------------------------------------


#: Words in a question that ask about what is still to come ("Wat staat er op de planning?");
#: not "wil" ("wil je nog iets kwijt?") or "gaat" ("hoe gaat het nu?").
_QUESTION_FUTURE = FUTURE_WORDS - {"ga", "gaat", "gaan", "wil", "wilt", "willen"} | {
    "planning", "plannen", "toekomst", "gebeuren", "verwacht", "verwachten"}


def _asks_about_future(question: str) -> bool:
    words = [tk.low for tk in _tokens(question)]
    going = any(w in {"ga", "gaat", "gaan"} and nxt != "het" for w, nxt in zip(words, [*words[1:], ""]))
    return (going or bool(_QUESTION_FUTURE.intersection(words))) and not PAST_WORDS.intersection(words)


def _fixed_year(expr: _Expr, reference: date | None) -> int | None:
    """The year of an expression that names one whole calendar year ('2019', 'vorig jaar')
    or a time within a year it names ('september 2022', 'april dit jaar'), else None."""
    iv = _resolve(expr, _Context(reference))
    if not iv or iv[0].year != iv[1].year:
        return None
    whole = iv[0] == date(iv[0].year, 1, 1) and iv[1] == date(iv[0].year, 12, 31)
    return iv[0].year if whole or (expr.op == "point" and expr.a.year[0] in {"fixed", "ref"}) else None


#: A year named later in the sentence dates a month or season before it when it follows
#: within this many characters ("in de herfst, november denk ik, van 2019").
LOOKAHEAD_CHARS = 40
#: The start of a sentence that dates the one before it: "Dat was in 2022".
_DATING = re.compile(r"(?:(?:en|ja|nou|eh)[\s,]+)*(?:dat|het)\s+(?:was|is)\s+(?:(?:eh|dus|toen|denk ik)[\s,]+)*"
                     r"(?:in\s+|rond\s+)?", re.IGNORECASE)
#: A story may step back this many months: after "het voorjaar van 2020", "in februari,
#: vlak voor de lockdown" is February 2020; "in januari" is January 2021.
STORY_BACK_MONTHS = 1
#: What lies between a time expression and the one that corrects it: "2020, nee wacht,
#: 2021", "in maart, of nee, april", "vorig jaar. Nee sorry, twee jaar geleden".
_CORRECTION = re.compile(r"[\s,.;:!…–-]*(?:(?:denk|geloof)\s+ik[\s,]*)?(?:of\s+)?nee"
                         r"(?:\s*,?\s*(?:wacht|sorry|hoor|joh))*[\s,.;:!…–-]*"
                         r"(?:(?:het\s+was|dat\s+was|was\s+het|in|eh|ehm)[\s,.;:!…–-]+)*", re.IGNORECASE)


def extract_dates(text: str, *, reference: date | None, story: Interval | None = None,
                  asked_future: bool = False) -> list[DateMention]:
    """Find the time expressions in Dutch (spoken) text, each as an interval of days.

    Parameters
    ----------
    text:
        Any text, typically one respondent segment.
    reference:
        The interview date: expressions such as ``vorig jaar``, ``twee jaar geleden`` or a
        month without a year are counted from it. ``None``: such expressions are skipped
        unless an earlier mention in the text gives the year.
    story:
        Where the conversation was before this text (:func:`story_position`): a month or
        season without a year goes on from there.
    asked_future:
        The text answers a question about the future: its sentences without a past-tense
        word are read as plans.

    Returns
    -------
    list of DateMention
        Non-overlapping (the longest expression wins), sorted by ``start``. The
        conventions for each kind of expression are in the module docstring.

    Examples
    --------
    >>> from datetime import date
    >>> found = extract_dates("Eind 2021 werd Pittelo pilotwijk; sinds vorig jaar hebben we "
    ...                       "2000 euro.", reference=date(2024, 1, 10))
    >>> for m in found:
    ...     print(m.text, m.earliest, m.latest, m.kind)
    Eind 2021 2021-09-01 2021-12-31 fuzzy
    sinds vorig jaar 2023-01-01 2024-01-10 range
    """
    toks = _tokens(text)
    parser = _Parser(toks, reference)
    candidates = []
    for i in range(len(toks)):
        if toks[i].low in FILLERS:
            continue
        r = parser.expression(i)
        if r:
            end = r[0]
            candidates.append((toks[i].start, toks[end - 1].end, r[1]))
    chosen: list[tuple[int, int, _Expr]] = []
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if all(cand[1] <= s or cand[0] >= e for s, e, _ in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    chosen = [c for c, nxt in zip(chosen, [*chosen[1:], None])
              if nxt is None or not _CORRECTION.fullmatch(text[c[1]:nxt[0]])]
    sentences = sentence_spans(text)
    where = [next((k for k, (s, e) in enumerate(sentences) if s <= c[0] < e), -1) for c in chosen]
    years = [_fixed_year(expr, reference) for _, _, expr in chosen]
    ctx = _Context(reference, story=story, previous=story)
    out: list[DateMention] = []
    future: dict[int, bool] = {}  # sentence -> whether it speaks of plans
    for n, (start, end, expr) in enumerate(chosen):
        ctx.sentence = where[n]
        later = next((years[k] for k in range(n + 1, len(chosen)) if where[k] == where[n] and years[k]
                      and chosen[k][0] - end <= LOOKAHEAD_CHARS), None)
        if later is None and n + 1 < len(chosen) and where[n + 1] == where[n] + 1 and years[n + 1] \
                and _DATING.fullmatch(text[sentences[where[n + 1]][0]:chosen[n + 1][0]]):
            later = years[n + 1]  # "En die zomer hebben we een beweegmarkt gedaan. Dat was in 2022."
        if later and ctx.anchor_sentence != ctx.sentence:  # "in de herfst, november denk ik, van 2019"
            ctx.anchor, ctx.anchor_sentence, ctx.lookahead = later, ctx.sentence, True
        if ctx.sentence not in future:  # each sentence read once
            s, e = sentences[ctx.sentence] if ctx.sentence >= 0 else (0, len(text))
            words = [tk.low for tk in _tokens(text[s:e])]
            future[ctx.sentence] = _speaks_of_future(words) or asked_future and not PAST_WORDS.intersection(words)
        ctx.future = future[ctx.sentence]
        iv = _resolve(expr, ctx)
        if iv is None:
            logger.debug("time expression at offset %d left out: no year to resolve it", start)
            continue
        aside = bool(_ASIDE.search(text[max(0, start - 32):start]))
        out.append(DateMention(start, end, text[start:end], iv[0], iv[1], _kind(expr), aside))
        if aside:
            continue
        if iv[0].year == iv[1].year:
            ctx.anchor, ctx.anchor_sentence, ctx.lookahead = iv[0].year, ctx.sentence, False
        ctx.story = story_position(out[-1:], ctx.story, reference)
        ctx.previous = iv
    return out


def story_position(mentions: Sequence[DateMention], before: Interval | None = None,
                   reference: date | None = None) -> Interval | None:
    """Where a conversation is after ``mentions``: the interval of the last one (of "sinds
    2019" too: the speaker just told when something began) that does not start after the
    interview date (plans do not move the story) and is not a comparison (``aside``: "niet
    zo erg als die van 2021"), else ``before``."""
    told = [m for m in mentions if (reference is None or m.earliest <= reference) and not m.aside]
    return (told[-1].earliest, told[-1].latest) if told else before


# --------------------------------------------------------------------------------------
# public: events
# --------------------------------------------------------------------------------------


def _quote(text: str, start: int, end: int, *, limit: int = QUOTE_CHARS) -> str:
    """The sentence(s) around ``text[start:end]``, whole sentences up to about ``limit``."""
    spans, k = _sentence_at(text, start)
    lo = hi = k
    while spans[hi][1] < end and hi + 1 < len(spans):
        hi += 1
    before = after = True
    while before or after:  # add sentences before and after in turn while they fit
        before = before and lo > 0 and spans[hi][1] - spans[lo - 1][0] <= limit
        if before:
            lo -= 1
        after = after and hi + 1 < len(spans) and spans[hi + 1][1] - spans[lo][0] <= limit
        if after:
            hi += 1
    s, e = spans[lo][0], spans[hi][1]
    if e - s <= limit:
        return " ".join(text[s:e].split())
    # one long sentence: a window around the mention, cut at spaces
    half = max(0, (limit - (end - start)) // 2)
    a, b = max(s, start - half), min(e, end + half)
    if a > s:
        a = text.find(" ", a, start) + 1 or a
    if b < e:
        cut = text.rfind(" ", end, b)
        b = cut if cut > 0 else b
    return ("…" if a > s else "") + " ".join(text[a:b].split()) + ("…" if b < e else "")


#: Spoken fillers left out of labels: hesitations, "nou ja", "zeg maar", "weet je (wel)",
#: "even kijken", "hè", and transcriber notes in round brackets ("(lacht)").
_FILLER_RE = re.compile(
    r"\((?:[^()]{1,30})\)"
    r"|(?<![\w\[-])(?:e+h+m*|e+u+h+|u+h+m*|h+m+|nou ja|zeg maar|weet je wel|weet je|even kijken|hè)"
    r"(?![\w\]-])[,.]?", re.IGNORECASE)
#: Words that only open a spoken clause ("Ja, nou, en toen ..." -> "Toen ...").
_OPENERS_RE = re.compile(r"^(?:(?:ja|nee|nou|oké|ok|goh|tja|en|maar|dus|want)(?![\w'’-])[,.!]?\s*)+",
                         re.IGNORECASE)
_REPEAT_RE = re.compile(r"(?<![\w'’-])(\w+)(?:,?\s+\1)+(?![\w'’-])", re.IGNORECASE)
#: Words said twice on purpose ("via via": through acquaintances): not a stutter.
_DOUBLED = frozenset({"via"})
_CLAUSE_RE = re.compile(r"[,;:]\s+|\s+[–—-]\s+")


def clean_spoken(text: str) -> str:
    """Spoken Dutch made readable: fillers, stutters and clause openers left out.

    Removes hesitations (``eh``, ``ehm``), ``nou ja``, ``zeg maar``, ``weet je``, notes in
    round brackets, a word said twice in a row, and ``ja``/``nou``/``en``/``maar``/``dus``
    at the start; the first letter is capitalised and punctuation at the ends dropped.
    Square brackets (pseudonymisation tags) stay.

    Examples
    --------
    >>> clean_spoken("Ja. Ehm, nou, voor mij begon het, eh, zeg maar in september 2020.")
    'Voor mij begon het, in september 2020'
    >>> clean_spoken("en toen kwam [PERSOON-1] (lacht) bij bij de gemeente")
    'Toen kwam [PERSOON-1] bij de gemeente'
    >>> clean_spoken("Ik hoorde het via via")
    'Ik hoorde het via via'
    """
    out = _FILLER_RE.sub(" ", text)
    out = _REPEAT_RE.sub(lambda m: m.group(0) if m.group(1).lower() in _DOUBLED else m.group(1), out)
    out = re.sub(r"\s+", " ", out)
    out = re.sub(r"\s+([,.;:!?…])", r"\1", out)
    out = re.sub(r"([,;:])(?:\s*[,;:.])+", r"\1", out)
    out = re.sub(r"(?<=\b[A-Z])\.\.(?!\.)", ".", out)  # "Wethouder W.." (a pseudonym's initial)
    out = out.strip(" ,.;:-–—")
    out = _OPENERS_RE.sub("", out).strip(" ,.;:-–—")
    return out[:1].upper() + out[1:]


def _cut_right(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit - 1].rstrip(" ,.;:-–—") + "…"


#: Words after a comma that do not continue the clause as its verb does ("In maart, stond ik"
#: is "In maart stond ik"; "Eind 2021, en die ligt nu ...", "in 2020, ik meen, ..." stay).
_CLAUSE_WORDS = frozenset({"en", "maar", "want", "dus", "of", "toen", "dan", "dat", "die", "omdat", "als", "nadat",
                           "voordat", "terwijl", "waar", "wat", "wie", "hoe", "zodat", "ook", "nee", "ja", "denk",
                           "geloof", "zeg", "weet", "volgens", "eigenlijk", "ongeveer", "toch", "ik", "je", "jij",
                           "we", "wij", "ze", "zij", "hij", "u", "men", "het", "de", "een", "er", "in", "op", "met",
                           "bij", "naar", "van", "voor", "na", "zo", "nog", "al", "rond", "tot", "sinds", "vanaf"})


#: A comparison right before a mention ("niet zo erg als die van 2021", "net als in 2019",
#: "erger dan vorig jaar"): the mention is an aside and does not move the story.
_ASIDE = re.compile(r"\b(?:net\s+als|(?:zo|even)\s+\w+\s+als|zoals|\w+er\s+dan|anders\s+dan)\s+"
                    r"(?:(?:die|dat|de|het)\s+)?(?:(?:van|in|uit|op)\s+)?$", re.IGNORECASE)
#: Forms of "willen" and "moeten": "we willen het eigenlijk gisteren" is not a date.
_WANT = frozenset({"wil", "wilt", "wilde", "wilden", "willen", "moet", "moest", "moesten", "moeten"})
#: Words that may stand before or between the time expressions a label opens with.
_LEAD_WORDS = frozenset({"in", "rond", "rondom", "op", "en", "toen", "ergens"})
#: Hedges that cannot open a label ("In de winter, januari denk ik" keeps its date).
_HEDGES = frozenset({"denk", "volgens", "of", "ongeveer", "zoiets", "dus", "ja", "nee", "eigenlijk", "geloof",
                     "zeg", "toch", "echt"})


def undated_label(label: str) -> str:
    """``label`` without the time expressions it opens with, for a list that shows the date
    next to it. The label itself when it does not open with a date, when the date says
    since or until when ("Sinds de zomer"), or when what is left would start with a hedge
    ("denk ik") or be a single word.

    Examples
    --------
    >>> undated_label("Februari 2023. De bijeenkomst waar de studenten hun projecten presenteerden")
    'De bijeenkomst waar de studenten hun projecten presenteerden'
    >>> undated_label("Vorige maand, in december, hebben we teruggekeken")
    'hebben we teruggekeken'
    >>> undated_label("In januari, en daar wil ik de coöperatie in opnemen")
    'daar wil ik de coöperatie in opnemen'
    >>> undated_label("In de winter, januari denk ik. Er kwamen twee studenten")
    'In de winter, januari denk ik. Er kwamen twee studenten'
    >>> undated_label("Voor mij begon het eigenlijk in september 2020")
    'Voor mij begon het eigenlijk in september 2020'
    """
    at = 0
    for m in extract_dates(label, reference=date(2000, 1, 1)):
        gap = re.sub(r"[\s,.:;…-]+", " ", label[at:m.start]).lower().split()
        if not set(gap) <= _LEAD_WORDS or m.kind == "range":
            break
        at = m.end
    rest = re.sub(r"^[\s,.:;–—-]*(?:en\b[\s,]*)?", "", label[at:], flags=re.IGNORECASE)  # ", en daar wil ik"
    words = rest.lower().split()
    return rest if at and len(words) >= 2 and words[0].strip(",.") not in _HEDGES else label


def event_label(text: str, start: int, end: int, *, limit: int = LABEL_CHARS) -> str:
    """A short readable label for the mention ``text[start:end]``: the clause around it.

    The clause (between commas, semicolons, colons or dashes) holding the time expression,
    widened with the clauses after and then before it, and with the sentence before when
    its own sentence is very short, until it has at least :data:`LABEL_MIN_CHARS`
    characters; cleaned with :func:`clean_spoken`. At most ``limit`` characters: longer
    labels are cut at a word boundary with an ellipsis, keeping the time expression.

    Examples
    --------
    >>> text = "Nou, eh, Louise was toen al bezig. Die was, ik meen in september 2020, begonnen."
    >>> event_label(text, text.index("september"), text.index(", begonnen"))
    'Die was, ik meen in september 2020, begonnen'
    >>> text = "Dat was eind 2021. Dus, eh, twee jaar geleden alweer."
    >>> event_label(text, 8, 17)
    'Dat was eind 2021. Dus, twee jaar geleden alweer'
    """
    spans, k = _sentence_at(text, start)
    s_lo, s_hi = spans[k][0], max(spans[k][1], end)
    cuts = [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(text, s_lo, s_hi)
            if m.end() <= start or m.start() >= end]
    bounds = [s_lo, *[c for pair in cuts for c in pair], s_hi]  # clause k: bounds[2k]..bounds[2k+1]
    clauses = [(bounds[2 * i], bounds[2 * i + 1]) for i in range(len(bounds) // 2)]
    c = next(i for i, (a, b) in enumerate(clauses) if a <= start <= b)
    lo = hi = c

    def size(a: int, b: int) -> int:
        return len(clean_spoken(text[a:b]))

    while size(clauses[lo][0], clauses[hi][1]) < LABEL_MIN_CHARS:
        if hi + 1 < len(clauses):
            hi += 1
        elif lo > 0:
            lo -= 1
        else:
            break
    a, b = clauses[lo][0], clauses[hi][1]
    if size(a, b) < LABEL_MIN_CHARS:  # a very short sentence: add the neighbouring ones
        if k + 1 < len(spans):  # cut at the limit below when long
            b = spans[k + 1][1]
        elif k > 0 and size(spans[k - 1][0], b) <= limit:
            a = spans[k - 1][0]
    before, mention, after = clean_spoken(text[a:start] + "\x00"), text[start:end], text[end:b]
    before = before[:-1].rstrip() if before.endswith("\x00") else before.replace("\x00", "")
    after = clean_spoken("\x00" + after).lstrip("\x00").lstrip()
    if len(before.split()) <= 1 and re.match(r",\s+[a-z]", after) and after[1:].split()[0] not in _CLAUSE_WORDS:
        after = after[1:].lstrip()  # "En toen, in maart, stond ik" -> "In maart stond ik"
    before = (before + " ") if before else ""
    after = after if after[:1] in {",", ".", ";", ":", "?", "!", ""} else " " + after
    if not before:
        mention = mention[:1].upper() + mention[1:]
    room = limit - len(mention) - 20  # keep about 20 characters after the mention
    if len(before) > max(room, 0):
        tail = before[len(before) - max(room, 0):]
        space = tail.find(" ")
        before = "…" + (tail[space + 1:] if space >= 0 else tail)
    return _cut_right(before + mention + after.rstrip(" ,.;:-–—"), limit)


def _as_date(value) -> date | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(ts) else ts.date()


def _valence(values: list[str]) -> str:
    found = sorted({v for v in values if v})
    if not found:
        return ""
    return found[0] if len(found) == 1 else "mixed"


#: A season or part of a year said right before or after a month in it is one moment:
#: "het voorjaar van 2021, april was het", "dit voorjaar, in mei".
REFINE_MAX_DAYS = 123
_REFINE_GAP = re.compile(r"[\s,;:–—-]*(?:(?:in|op|rond|dus|dat was|was het|denk ik|geloof ik|of zo)[\s,;:]*)*")


def refined_mentions(text: str, mentions: Sequence[DateMention]) -> set[int]:
    """Indices of mentions that an adjacent, more precise mention inside them refines.

    Examples
    --------
    >>> from datetime import date
    >>> text = "In het voorjaar van 2021, april was het, zijn we begonnen. In 2019, in november, niet."
    >>> found = extract_dates(text, reference=date(2024, 1, 1))
    >>> [found[i].text for i in sorted(refined_mentions(text, found))]
    ['het voorjaar van 2021']
    """
    out = set()
    for i, (a, b) in enumerate(zip(mentions, mentions[1:])):
        if not _REFINE_GAP.fullmatch(text[a.end:b.start]):
            continue
        for wide, narrow, k in ((a, b, i), (b, a, i + 1)):
            if (wide.earliest <= narrow.earliest and narrow.latest <= wide.latest
                    and (wide.earliest, wide.latest) != (narrow.earliest, narrow.latest)
                    and (wide.latest - wide.earliest).days <= REFINE_MAX_DAYS):
                out.add(k)
    return out


#: The codebook whose categories :func:`event_categories` decides per event.
EVENT_CODEBOOK = "timeline"
#: Regularisation of the event model (inverse strength; chosen on the ``dev`` events).
EVENT_C = 0.3
#: The kinds of time expression, a feature of the event model (``sinds 2019`` tells a role or
#: a development more often than ``op 3 maart``).
EVENT_KINDS = ("absolute", "fuzzy", "relative", "range")


def _event_codebook():
    from .codebook import default_codebook

    return default_codebook(EVENT_CODEBOOK)


def _event_vectorizer(vocabulary: dict[str, int] | None = None):
    """TF-IDF of the lemmas (words and word pairs) of an event's own sentence and of its
    label; ``vocabulary`` of a trained model, or None to fit one."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+", min_df=5,
                           vocabulary=vocabulary)


def _event_features(quotes: Sequence[str], labels: Sequence[str], sentences: Sequence[str],
                    kinds: Sequence[str], vectorizer) -> np.ndarray:
    """Sentence embeddings of quote and label, the timeline coder's scores of both, the kind of
    time expression, the rules' valence of the event's sentence and the TF-IDF of the lemmas
    of sentence and label."""
    from .learn import combined_scores, embed
    from .nlp import lemmatise
    from .valence import one_hot, rule_valences

    book = _event_codebook()
    eq, el = embed(quotes), embed(labels)
    words = [vectorizer.transform([lemmatise(x) for x in texts]).toarray() for texts in (sentences, labels)]
    return np.hstack([eq, el, combined_scores(quotes, book, eq), combined_scores(labels, book, el),
                      one_hot(kinds, EVENT_KINDS), rule_valences(sentences), *words])


def train_event_model(quotes: Sequence[str], labels: Sequence[str], sentences: Sequence[str],
                      kinds: Sequence[str], categories: Sequence[str]) -> dict:
    """The event model (see :func:`event_categories`) trained on categorised events, as the
    plain numbers shipped in ``data/training/event_model.json``."""
    from sklearn.linear_model import LogisticRegression

    from .nlp import lemmatise

    vectorizer = _event_vectorizer().fit([lemmatise(x) for x in [*sentences, *labels]])
    model = LogisticRegression(C=EVENT_C, max_iter=5000, random_state=0)
    model.fit(_event_features(list(quotes), list(labels), list(sentences), list(kinds), vectorizer), list(categories))
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {"classes": [str(c) for c in model.classes_], "c": EVENT_C, "vocabulary": vocabulary,
            "idf": np.round(vectorizer.idf_, 6).tolist(),
            "coef": np.round(model.coef_, 6).tolist(), "intercept": np.round(model.intercept_, 6).tolist()}


def event_model_path():
    """The shipped event model: ``data/training/event_model.json``."""
    from importlib import resources

    return resources.files("pao_analysis") / "data" / "training" / "event_model.json"


@lru_cache(maxsize=1)
def _event_model() -> dict | None:
    from .learn import semantic_available

    path = event_model_path()
    if not semantic_available() or not path.is_file():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    vectorizer = _event_vectorizer({w: k for k, w in enumerate(model["vocabulary"])})
    vectorizer.idf_ = np.array(model["idf"])
    return {**model, "vectorizer": vectorizer}


_WORD_RE = re.compile(r"[^\W\d_]+")
#: A sentence with fewer words than this besides its time expression ("Februari 2023.", "Juli,
#: volgens mij.") says what happened in the sentences around it.
BARE_SENTENCE_WORDS = 4


def event_sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` in which the time expression ``text[start:end]`` stands; when
    it says little more than the date, with the sentences before and after it.

    Examples
    --------
    >>> event_sentence("Wanneer was dat? Juli, volgens mij. Toen werd ze coördinator.", 17, 21)
    'Wanneer was dat? Juli, volgens mij. Toen werd ze coördinator.'
    """
    spans, k = _sentence_at(text, start)
    a, b = spans[k]
    rest = text[a:start] + " " + text[end:b]
    if len(_WORD_RE.findall(rest)) < BARE_SENTENCE_WORDS:
        a, b = spans[max(k - 1, 0)][0], spans[min(k + 1, len(spans) - 1)][1]
    return text[a:b]


def event_categories(quotes: Sequence[str], labels: Sequence[str], sentences: Sequence[str],
                     kinds: Sequence[str], allowed: Sequence[set[str] | None] | None = None) -> list[str]:
    """The timeline category of each event, decided by what is said around it.

    The timeline codes of a segment say what a whole answer is about, most often a
    challenge, while an answer can date a role, an activity and a development. So each
    event is categorised on its own quote, label and sentence (:func:`event_sentence`) and
    the kind of its time expression (``absolute``, ``fuzzy``, ``relative``, ``range``): a
    multinomial logistic regression on the sentence embeddings of quote and label, the
    default timeline coder's combined scores of both
    (:func:`pao_analysis.learn.combined_scores`), the kind, the rules' valence of the
    sentence and the TF-IDF of the lemmas of sentence and label, trained on the ``dev`` events of the
    hand-categorised sets in ``tests/data/event_categories`` (:func:`train_event_model`,
    shipped as ``data/training/event_model.json``). Without the ``semantic`` extra: the code
    with the highest sum of the coder's scores of quote and label. ``allowed`` per event:
    the categories it may take (a human coder's timeline codes of its segment), None for
    any.

    Chosen by leaving one of the sixteen ``dev`` sets out in turn (the Pittelo demo and
    fifteen written sets by fifteen authors, 2,950 events): share of events in the
    annotator's category 0.732 on average, against 0.729 when a bare date ("Juli, volgens
    mij.") is read without the sentences around it, 0.714 with the words of the sentence
    only, 0.699 without words and 0.685 for the embeddings and scores alone (the model
    before). The words carried over to other cases only once the sets came from sixty
    cases; on four sets they learned each case.

    Examples
    --------
    >>> event_categories(["In 2019 ben ik hier begonnen als opbouwwerker."],
    ...                  ["In 2019 ben ik hier begonnen als opbouwwerker"],
    ...                  ["In 2019 ben ik hier begonnen als opbouwwerker."], ["absolute"])
    ['rol']
    """
    book = _event_codebook()
    if not len(quotes):
        return []
    model = _event_model()
    if model is None:
        from .learn import combined_scores

        ids, scores = list(book.ids), combined_scores(list(quotes), book) + combined_scores(list(labels), book)
    else:
        ids = model["classes"]
        x = _event_features(list(quotes), list(labels), list(sentences), list(kinds), model["vectorizer"])
        scores = x @ np.array(model["coef"]).T + np.array(model["intercept"])
    out = []
    for k, row in enumerate(scores):
        keep = allowed[k] if allowed is not None else None
        ranked = sorted(zip(-row, ids))
        out.append(next((c for _, c in ranked if keep is None or c in keep), ""))
    return out


def segment_categories(codings: pd.DataFrame, codebook: str) -> dict[str, str]:
    """Segment id -> the code of ``codebook`` with the highest confidence on it (ties: code
    id; no confidence counts as 0): an event's category for a timeline codebook other than
    the shipped one, and the baseline :func:`event_categories` is measured against."""
    timeline = codings[codings["codebook"] == codebook]
    out = {}
    for sid, grp in timeline.groupby("segment_id", sort=False):
        confidence = pd.to_numeric(grp["confidence"], errors="coerce").fillna(0.0)
        out[sid] = min(zip(-confidence, grp["code_id"].astype(str)))[1]
    return out


def _mentions_in_order(segments: pd.DataFrame, turns: pd.DataFrame | None,
                       dates: Mapping[str, date | None]) -> dict[str, list[DateMention]]:
    """The dated mentions of each respondent segment, read in the order of its interview: a
    month or season without a year goes on from where the conversation was
    (:func:`story_position`), set by an earlier answer or, when ``turns`` is given, by an
    interviewer's question ("En in 2022, hoe ging het toen?"); an answer to a question about
    the future ("Wat staat er nog op de planning?") is read as plans."""
    parts = [(str(s.interview_id), int(s.start), s.segment_id, s.text) for s in segments.itertuples(index=False)]
    if turns is not None:
        questions = turns[turns["speaker_role"] == "interviewer"]
        parts += [(str(t.interview_id), int(t.start), None, t.text) for t in questions.itertuples(index=False)]
    out, story, interview, plans = {}, None, None, False
    for iid, _, segment_id, text in sorted(parts, key=lambda p: p[:2]):
        text = text if isinstance(text, str) else ""
        if iid != interview:
            story, interview, plans = None, iid, False
        if segment_id is None:
            plans = _asks_about_future(text)
        found = extract_dates(text, reference=dates.get(iid), story=story, asked_future=plans and bool(segment_id))
        story = story_position(found, story, dates.get(iid))
        if segment_id is not None:
            out[segment_id] = found
    return out


def extract_events(segments: pd.DataFrame, codings: pd.DataFrame, *,
                   interview_dates: Mapping[str, date], turns: pd.DataFrame | None = None,
                   timeline_codebook: str = "timeline", conditions_codebook: str = "conditions") -> pd.DataFrame:
    """One event per dated mention in a respondent segment (the EVENTS table); a season
    or part of a year right next to a month in it is one mention, the month's
    (:func:`refined_mentions`; the event keeps the id it had as the month's mention).

    Parameters
    ----------
    segments:
        SEGMENTS table; only ``respondent`` segments are read.
    codings:
        CODINGS table with the timeline and conditions codes of those segments.
    interview_dates:
        Interview id -> interview date; relative expressions are counted from it. An
        interview without a date keeps only its mentions that carry their own year.
    turns:
        TURNS table (optional): the interviewer's questions then set the year of the
        story too. Each interview is read in order; a month or season without a year
        takes the year the conversation is in (:func:`story_position`).
    timeline_codebook, conditions_codebook:
        Codebook ids in ``codings``.

    Returns
    -------
    pandas.DataFrame
        The EVENTS columns plus ``kind`` (absolute, fuzzy, relative, range) and
        ``valence`` (of the segment's conditions: present, absent, mixed or ''). ``category``
        is decided per event by :func:`event_categories` (among a human coder's timeline
        codes of the segment when there are any; for a timeline codebook other than the
        shipped one: its code with the highest confidence on the segment, ties by code id),
        ``conditions`` the condition codes, sorted and ';'-joined, ``label`` a short
        readable clause around the mention (:func:`event_label`, what an interviewee
        corrects in the member check), ``quote`` the sentence(s) around the mention.
        Sorted by ``earliest``, interview and position.

    Examples
    --------
    >>> import pandas as pd
    >>> from datetime import date
    >>> seg = pd.DataFrame({"segment_id": ["c/P01/0-40"], "case_id": ["c"],
    ...     "interview_id": ["P01"], "turn": [1], "speaker": ["Louise"],
    ...     "speaker_role": ["respondent"], "start": [0], "end": [40],
    ...     "text": ["In september 2020 begon ik in de wijk."], "lemmas": [""], "n_words": [8]})
    >>> cod = pd.DataFrame({"segment_id": ["c/P01/0-40"], "codebook": ["timeline"],
    ...     "code_id": ["activiteit"], "source": ["rules"], "confidence": [0.8],
    ...     "valence": ["present"], "evidence": ["begon"]})
    >>> ev = extract_events(seg, cod, interview_dates={"P01": date(2023, 12, 12)})
    >>> ev.loc[0, ["event_id", "date_text", "category"]].tolist()
    ['c/P01/0-40#1', 'september 2020', 'activiteit']
    """
    schemas.check(segments, schemas.SEGMENTS, "segments")
    schemas.check(codings, schemas.CODINGS, "codings")
    resp = segments[segments["speaker_role"] == "respondent"]
    timeline = codings[codings["codebook"] == timeline_codebook]
    per_event = (timeline_codebook == EVENT_CODEBOOK
                 and set(timeline["code_id"].astype(str)) <= set(_event_codebook().ids))
    category = {} if per_event else segment_categories(codings, timeline_codebook)
    cond = codings[codings["codebook"] == conditions_codebook]
    conditions = {sid: ";".join(sorted(set(grp["code_id"].astype(str))))
                  for sid, grp in cond.groupby("segment_id", sort=False)}
    valence = {sid: _valence(grp["valence"].fillna("").astype(str).tolist())
               for sid, grp in cond.groupby("segment_id", sort=False)}
    dates = {str(k): _as_date(v) for k, v in interview_dates.items()}
    missing = sorted(set(resp["interview_id"].astype(str)) - {k for k, v in dates.items() if v})
    for iid in missing:
        logger.warning("interview %s has no interview date: relative time expressions "
                       "(vorig jaar, twee jaar geleden) in it are left out", iid)
    rows = []
    in_order = _mentions_in_order(resp, turns, dates)
    for seg in resp.itertuples(index=False):
        text = seg.text if isinstance(seg.text, str) else ""
        mentions = in_order[seg.segment_id]
        refined = refined_mentions(text, mentions)
        for n, m in enumerate(mentions, start=1):
            if n - 1 in refined:
                continue
            rows.append({
                "event_id": f"{seg.segment_id}#{n}", "case_id": seg.case_id,
                "interview_id": seg.interview_id, "segment_id": seg.segment_id,
                "date_text": m.text, "earliest": pd.Timestamp(m.earliest),
                "latest": pd.Timestamp(m.latest), "category": category.get(seg.segment_id, ""),
                "conditions": conditions.get(seg.segment_id, ""),
                "label": event_label(text, m.start, m.end),
                "quote": _quote(text, m.start, m.end),
                "kind": m.kind, "valence": valence.get(seg.segment_id, ""),
                "_start": int(seg.start), "_n": n, "_sentence": event_sentence(text, m.start, m.end),
            })
    columns = [*schemas.EVENTS, "kind", "valence"]
    if not rows:
        out = pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c in {"earliest", "latest"}
                                         else object) for c in columns})
        return schemas.check(out, schemas.EVENTS, "events")
    out = pd.DataFrame(rows)
    if per_event:
        human = timeline[~timeline["source"].isin(schemas.AUTO_SOURCES)]
        human = {sid: set(grp["code_id"].astype(str)) for sid, grp in human.groupby("segment_id", sort=False)}
        out["category"] = event_categories(out["quote"].tolist(), out["label"].tolist(), out["_sentence"].tolist(),
                                           out["kind"].tolist(), [human.get(sid) for sid in out["segment_id"]])
    out = out.sort_values(["earliest", "interview_id", "_start", "_n"], kind="stable")
    out = out[columns].reset_index(drop=True)
    for col in ("earliest", "latest"):
        out[col] = out[col].astype("datetime64[ns]")
    return schemas.check(out, schemas.EVENTS, "events")


def events_per_interview(events: pd.DataFrame, *,
                         categories: Sequence[str] | None = None) -> pd.DataFrame:
    """Number of events per interview and timeline category, with the first and last date.

    Columns: ``interview_id``, one column per category (``categories`` in that order, else
    sorted; ``uncategorised`` for events without one), ``count``, ``earliest``, ``latest``.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"interview_id": ["P01", "P01", "P02"], "category": ["rol", "", "rol"],
    ...     "earliest": pd.to_datetime(["2020-09-01", "2021-01-01", "2022-01-01"]),
    ...     "latest": pd.to_datetime(["2020-09-30", "2021-12-31", "2022-12-31"])})
    >>> events_per_interview(ev)[["interview_id", "rol", "uncategorised", "count"]].values.tolist()
    [['P01', 1, 1, 2], ['P02', 1, 0, 1]]
    """
    cats = list(categories) if categories is not None else \
        sorted(c for c in events["category"].unique() if c)
    labelled = events.assign(category=events["category"].where(
        events["category"].isin(cats) & (events["category"] != ""), "uncategorised"))
    if (labelled["category"] == "uncategorised").any():
        cats.append("uncategorised")
    table = pd.crosstab(labelled["interview_id"], labelled["category"]).reindex(columns=cats,
                                                                               fill_value=0)
    table["count"] = table.sum(axis=1)
    span = events.groupby("interview_id").agg(earliest=("earliest", "min"),
                                              latest=("latest", "max"))
    out = table.join(span).reset_index()
    out.columns.name = None
    return out


# --------------------------------------------------------------------------------------
# public: figure
# --------------------------------------------------------------------------------------


def _word(key: str, language: str) -> str:
    t("time", language)  # validates the language
    return _WORDS[key][language]


def _pack(intervals: list[tuple[float, float]], gap: float) -> list[int]:
    """Greedy sub-row per interval (in the given order) so that none overlap within a row."""
    ends: list[float] = []
    rows = []
    for a, b in intervals:
        for k, e in enumerate(ends):
            if a > e + gap:
                ends[k] = b
                rows.append(k)
                break
        else:
            ends.append(b)
            rows.append(len(ends) - 1)
    return rows


def _phase_title(k: int, name: str) -> str:
    """'2. Opbouw', or 'Fase 2' for a name that already ends with its number."""
    return str(name) if str(name).split()[-1:] == [str(k + 1)] else f"{k + 1}. {name}"


def plot_timeline(events: pd.DataFrame, *, categories: Sequence[tuple[str, str, str]],
                  phases: Sequence[tuple[str, date, date]] = (), language: str = "nl",
                  title: str | None = None, transitions: Sequence[date] = (), ax=None):
    """Swimlane timeline: one lane per category, plus one for uncategorised events when there are any.

    Parameters
    ----------
    events:
        EVENTS table (``earliest``, ``latest``, ``category``).
    categories:
        ``(code_id, label, colour)`` per lane, top to bottom; events whose category is
        not listed go to the last lane ("zonder categorie").
    phases:
        ``(name, start, end)``, drawn as numbered shaded bands with the name on top.
    language:
        ``nl`` or ``en`` for the axis words.
    title:
        Figure title.
    transitions:
        Dates drawn as dashed vertical lines marked with a triangle (phase transitions).
    ax:
        Axes to draw in (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Events up to 45 days long are dots, longer ones horizontal bars; a bar of more than a
        year that starts before everything else runs off the left edge. An event with a
        non-empty ``marker`` column gets that text (a key event's number) next to it.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"category": ["activiteit"], "earliest": [pd.Timestamp("2022-10-12")],
    ...                    "latest": [pd.Timestamp("2022-10-12")]})
    >>> fig = plot_timeline(ev, categories=[("activiteit", "Activiteiten", "#1f77b4")])
    >>> [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    ['Activiteiten']
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, NullFormatter

    from .render import new_figure

    lanes = [(str(c), str(lab), col or None) for c, lab, col in categories]
    ids = [c for c, _, _ in lanes]
    ev = events.copy()
    ev = ev[ev["earliest"].notna() & ev["latest"].notna()]
    cats = ev["category"].fillna("").astype(str) if "category" in ev \
        else pd.Series("", index=ev.index)
    if not cats.isin(ids).all() or not lanes:     # a lane for events without a known category
        lanes.append(("", _word("uncategorised", language), UNCATEGORISED_COLOUR))
    n_lanes = len(lanes)
    fig, ax = new_figure(11, max(4.0, 1.4 + 0.75 * n_lanes)) if ax is None else (ax.figure, ax)
    ev = ev.assign(_lane=[ids.index(c) if c in ids else n_lanes - 1 for c in cats],
                   _a=mdates.date2num(pd.to_datetime(ev["earliest"])),
                   _b=mdates.date2num(pd.to_datetime(ev["latest"]) + pd.Timedelta(days=1)))
    ev = ev.sort_values(["_lane", "_a", "_b"], kind="stable")
    spans = [(mdates.date2num(pd.Timestamp(s)),
              mdates.date2num(pd.Timestamp(e) + pd.Timedelta(days=1))) for _, s, e in phases]
    # a period of more than a year ("sinds 2015") does not stretch the axis back: it runs off
    # the left edge; what happened in the history itself sets the range
    short = ev.loc[ev["_b"] - ev["_a"] <= 366, "_a"]
    lo = min([*(short if len(short) else ev["_a"]), *(a for a, _ in spans)], default=None)
    hi = max([*ev["_b"], *(b for _, b in spans)], default=None)
    if lo is not None:
        margin = max(30.0, (hi - lo) * 0.03)
        ax.set_xlim(lo - margin, hi + margin)
    # phases: numbered bands, the name on top when it fits in four lines, else in a key
    phase_key = []
    for k, (name, _, _) in enumerate(phases):
        a, b = spans[k]
        ax.axvspan(a, b, color="#000000", alpha=_PHASE_ALPHA[k % 2], lw=0, zorder=0)
        if lo is None:
            continue
        width_chars = int(115 * (b - a) / (hi - lo + 2 * margin))  # 7.5 pt across the axes
        lines = textwrap.wrap(_phase_title(k, name), width=max(width_chars, 1), break_long_words=False)
        if width_chars < 14 or len(lines) > 4:
            lines = [str(k + 1)]
            phase_key.append(k)
        ax.text((a + b) / 2, 1.01, "\n".join(lines), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", ma="center", fontsize=7.5, color="#333333",
                linespacing=1.1)
    for when in transitions:
        x = mdates.date2num(pd.Timestamp(when))
        ax.axvline(x, color="#555555", lw=0.9, ls=(0, (4, 3)), zorder=1)
        ax.plot([x], [1.0], marker="v", ms=6, color="#555555", transform=ax.get_xaxis_transform(),
                clip_on=False, zorder=4)
    # events
    for lane, grp in ev.groupby("_lane", sort=True):
        colour = lanes[lane][2] or f"C{lane}"
        scale = (hi - lo) if lo is not None else 1.0
        rows = _pack(list(zip(grp["_a"], grp["_b"])), gap=scale * 0.004)
        n_rows = max(rows) + 1
        step = min(0.16, 0.7 / max(n_rows, 1))
        markers = grp["marker"].fillna("").astype(str) if "marker" in grp else [""] * len(grp)
        for (a, b), r, text in zip(zip(grp["_a"], grp["_b"]), rows, markers):
            y = lane - (r - (n_rows - 1) / 2) * step
            if b - a - 1 > POINT_MAX_DAYS:
                ax.plot([a, b], [y, y], color=colour, lw=4, solid_capstyle="butt", alpha=0.75,
                        zorder=2)
            else:
                ax.plot([(a + b) / 2], [y], "o", color=colour, ms=5, mec="white", mew=0.6, zorder=3)
            if text:
                ax.annotate(text, ((a + b) / 2, y), xytext=(0, 5), textcoords="offset points", ha="center",
                            va="bottom", fontsize=7, fontweight="bold", color="#222222", zorder=4,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": colour, "lw": 0.6})
    # axes
    ax.set_ylim(n_lanes - 0.5, -0.5)
    ax.set_yticks(range(n_lanes), [lab for _, lab, _ in lanes])
    for k in range(1, n_lanes):
        ax.axhline(k - 0.5, color="#dddddd", lw=0.8, zorder=1)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(t("time", language))
    ax.set_ylabel(t("category", language))
    if ev.empty:
        ax.text(0.5, 0.5, _word("no_events", language), transform=ax.transAxes, ha="center",
                va="center", color="#666666")
    if lo is None:
        ax.set_xticks([])
    else:
        years = (hi - lo) / 365.25
        if years > 3:
            ax.xaxis.set_major_locator(mdates.YearLocator(1 if years <= 12 else 2))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
            ax.xaxis.set_minor_formatter(NullFormatter())
        else:
            months = _MONTH_ABBR[language]

            def month_label(x: float, _pos) -> str:
                d = mdates.num2date(x)
                return f"{months[d.month - 1]}\n{d.year}"
            ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10) if years > 1
                                                           else range(1, 13)))
            ax.xaxis.set_major_formatter(FuncFormatter(month_label))
        ax.grid(axis="x", color="#eeeeee", lw=0.8, zorder=0)
    handles = [Line2D([], [], marker="o", ls="", color="#555555", label=_word("moment", language)),
               Line2D([], [], lw=4, color="#555555", alpha=0.75, label=_word("period", language))]
    if phase_key:
        handles += [Patch(facecolor=(0, 0, 0, _PHASE_ALPHA[k % 2]), edgecolor="#bbbbbb", lw=0.5,
                          label=textwrap.fill(_phase_title(k, phases[k][0]), width=30))
                    for k in range(len(phases))]
    if len(transitions):
        handles.append(Line2D([], [], color="#555555", lw=0.9, ls=(0, (4, 3)), marker="v", ms=5,
                              label=_word("transition", language)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=8)
    if title:
        fig.suptitle(title)
    return fig
