"""Deductive (rule-based) coding of segments with a codebook's indicators.

How a segment is coded
----------------------
1. The segment text is split into sentences (a cheap regex on ``. ! ? …`` and line
   breaks), clauses (at "maar", ";", ":" and before ", omdat/want/zodat/anders") and
   words. The lemmas come from the segment's ``lemmas`` column when it has as many words
   as the text (the usual case); otherwise the words are lemmatised here with
   :func:`pao_analysis.nlp.lemma`.
2. Every indicator of the codebook (syntax: :mod:`pao_analysis.codebook`) is matched
   within sentences. A codebook is compiled once (cached): word and phrase indicators
   become one lookup table from word forms to indicator words (one alternation regex
   pre-filters the wildcards; each distinct word form is looked up once per process),
   and the ``re:`` patterns run once per segment on its folded text, in which sentences
   are separated by line breaks so that ``.`` never crosses a sentence; a pattern is
   skipped when the literal text every match needs is not in the segment.
3. Per sentence and code: ``exclude`` indicators veto the code; a hit inside the span of
   another hit of the same code adds nothing ("geregeld" matching both ``regelen`` and
   ``geregeld``); a weak indicator only counts when another indicator of the same code
   matched in the same sentence, so that common words scattered over a long answer do
   not add up to a code.
4. ``confidence = 1 - prod(1 - w)`` over the distinct indicators that count (0.8
   strong, 0.4 weak), capped at 0.99; the code is assigned when the confidence reaches
   the code's threshold. The same indicator written twice counts once.
5. ``valence`` says whether the condition is talked about as there (``present``) or as
   missing or problematic (``absent``). A clause is *problematised* when

   * it holds a cue of :data:`NEGATION_CUES` or :data:`PROBLEM_CUES` that is not part of
     a :data:`CUE_EXCEPTIONS` phrase (sentences opening with
     :data:`HYPOTHETICAL_OPENERS` are general statements and have no cues);
   * its sentence is a doubting question (:func:`is_doubting_question`);
   * the next sentence comments on it and is problematised: after a question ("Afspraken?
     Die zijn er niet.") or when it opens with :data:`ANAPHORIC_OPENERS` ("..., dat is
     nooit besproken.");
   * it is an elliptical fragment or a stand-alone subordinate clause
     (:data:`FINITE_VERBS`, :data:`SUBORDINATORS`) after a problematised sentence;
   * it holds a wish or need (:data:`WISH_CUES`) and the code has ``wishes: absent``.

   The evidence of a code is weighed on both sides (present and problematised clauses,
   each side scoring its strongest clause like the confidence): when both sides could
   carry the code on their own it is ``mixed``, otherwise the heavier side decides.

This is a transparent first pass for researchers to check and correct, not a
replacement for reading: every code carries its evidence.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
import pandas as pd

from . import schemas
from .codebook import PHRASE_GAP, WEIGHTS, Codebook, Indicator, fold, parse_indicator
from .nlp import lemma, lemmatise

logger = logging.getLogger("pao_analysis")

#: Negation words: a clause with one of these talks about something that is not there.
NEGATION_CUES: tuple[str, ...] = (
    "geen", "niet", "nooit", "niemand", "nergens", "niets", "niks", "noch",
)

#: Words and phrases (indicator syntax, matched on lemmas) that problematise a clause:
#: something is missing, unclear, difficult, a worry, a conflict, or a lesson drawn from
#: what went wrong. Words whose lemma is ambiguous are matched as spoken (``re:``):
#: the lemmatiser maps "minder" to "weinig".
PROBLEM_CUES: tuple[str, ...] = (
    # missing, unclear, uncertain
    "ontbreken", "missen", "misten", "gemis", "gebrek", "gebrekkig", "tekort", "onvoldoende",
    "onduidelijk", "onduidelijkheid", "vaag", "onhelder", "onzeker", "onzekerheid",
    "zoeken naar", "hangen af", "afhangen", "re:\\bweinig\\b", "nauwelijks", "amper",
    "vergeten", "over hoofd zien",
    # difficult, worrying, disappointing
    "lastig", "moeilijk", "moeizaam", "ingewikkeld", "stroef", "probleem", "problematisch",
    "knelpunt", "frustratie", "frustreren", "jammer", "helaas", "teleurstellen",
    "tegenvallen", "worstelen", "afhaken", "mislukken", "afwijzen", "storen", "ergeren",
    "irriteren", "mijn zorg", "zorg maken", "maken zorg", "valt stil", "stil vallen",
    "re:\\bte (snel|veel|weinig|laat|lang|druk|vrijblijvend)\\b",
    # collaboration trouble
    "wantrouwen", "botsen", "conflict", "ruzie", "eigen agenda", "eilandje", "ieder voor zich",
    "langs elkaar heen", "ander doel", "praatclub", "vrijblijvend", "eigen tijd", "naast werk",
    "re:\\bgeld (is |was )?op\\b", "re:\\bmeer (kost|kostte|kosten|kostten) dan\\b",
    "re:\\bkost(te|en|ten)? (me|mij|ons|hen|je|jou) meer dan\\b",
    "re:\\b(mezelf|mijzelf|me|zich|zichzelf|ons|onszelf) (moest|moeten|moet|moesten) bewijzen",
    # lessons: something should have gone differently
    "achteraf", "volgende keer", "re:\\b(had|hadden) (\\w+ ){0,3}(eerder|beter)\\b",
    "re:\\bzou(den)? .{0,30}\\beerder\\b",
    # hidden interests, slowness, temporariness, fragility, discomfort
    "kaarten tegen borst", "tijdelijk", "re:\\bduurt? (maanden|jaren|lang|te lang)\\b",
    "kwetsbaar", "afhankelijk", "op afstand", "goodwill", "goede wil", "ongemakkelijk",
    "dwars", "zwak punt", "re:\\b(grootste|groot) gat\\b",
    "aflopen", "lopen af",
)

#: Wishes, needs and plans ("we moeten nu echt afspraken gaan maken", "ik zou graag zien
#: dat..."): what is wished for is not there yet. A clause with one of these counts as
#: problematised for codes with ``wishes: absent`` (see :mod:`pao_analysis.codebook`).
WISH_CUES: tuple[str, ...] = (
    "wens", "komend jaar", "volgend jaar", "straks", "in de toekomst",
    "re:\\b(het|ons|mijn|onze) (plan|idee|doel) is (om|dat)\\b",
    "re:\\bzou(den)? (\\w+ ){0,3}(graag|willen|moeten)\\b",
    ("re:\\bmoet(en)? (\\w+ ){0,4}(gaan|komen|geregeld|geformaliseerd|vastgelegd|besproken|"
     "uitgesproken|geborgd)\\b"),
    ("re:\\b(gaan|gaat) (\\w+ ){0,3}(regelen|formaliseren|vastleggen|bespreken|uitspreken|"
     "organiseren|praten|maken)\\b"),
    ("re:\\b(moeten|moet) (\\w+ ){0,5}(regelen|formaliseren|vastleggen|afspreken|bespreken|"
     "uitspreken|organiseren|oppakken|praten|hebben over|betalen|zetten|maken|voeren)\\b"),
    "re:\\b(moeten|moet) (\\w+ ){0,4}over (\\w+ ){0,3}(hebben|praten)\\b",
    "re:\\bom (\\w+ ){0,6}te (voeren|regelen|formaliseren|vastleggen|bespreken|organiseren)\\b",
)

#: Phrases that contain a cue but do not problematise: cues inside them are ignored.
CUE_EXCEPTIONS: tuple[str, ...] = (
    "niet alleen", "niet voor niets", "niet vanzelfsprekend", "niet zonder", "niet meer weg",
    "niet te onderschatten", "nog nooit zo", "geen probleem", "geen enkel probleem",
    "geen zorg", "geen moeite", "niet moeilijk", "niet lastig", "niet ingewikkeld",
    "geen gebrek", "niet meer", "geen idee meer", "nooit meer alleen", "niet lang",
    "hoeven niet", "hoeven geen", "hoeven niets", "hoeven nooit",
)

#: Sentence openers of a hypothetical or general statement ("Als je elkaar niet vertrouwt,
#: kom je nergens."): cues in such sentences are not about this collaboration.
HYPOTHETICAL_OPENERS: tuple[str, ...] = ("als je", "wanneer je", "zonder")

#: Openers of a sentence that comments on the one before ("..., dat is nooit besproken."):
#: when such a sentence is problematised, so is the last clause before it. A leading
#: "en", "maar", "want", "ja" or "nou" is skipped ("En dat zit me dwars.").
ANAPHORIC_OPENERS: tuple[str, ...] = ("dat", "daar", "die", "dit", "daarvoor", "daarover")

#: Finite verb forms and subject pronouns. A sentence of at most :data:`FRAGMENT_WORDS`
#: words without any of them is an elliptical fragment ("De afspraken, het geld, de
#: belangen.", "Op goodwill.") and shares the problem or wish of the sentence before it.
_FINITE = (
    "is zijn was waren ben bent heb hebt heeft hebben had hadden wordt word werd werden "
    "gaat ga gaan ging gingen kan kun kunnen kon konden moet moeten moest moesten wil wilt "
    "willen wilde wilden zal zullen zou zouden doet doe doen deed deden komt kom komen kwam "
    "kwamen staat sta staan stond stonden loopt liep weet weten wist vind vindt vond denk "
    "denkt dacht zie ziet zag zeg zegt zei lukt lukte krijg krijgt kreeg mag mogen mocht "
    "blijft bleef hoeft hoef hoeven ligt liggen lag lagen")
FINITE_VERBS: frozenset[str] = frozenset(_FINITE.split())
SUBJECT_PRONOUNS: frozenset[str] = frozenset(
    {"ik", "jij", "je", "we", "wij", "ze", "zij", "hij", "jullie", "u", "men"})
FRAGMENT_WORDS = 8
#: Conjunctions that open a stand-alone subordinate clause ("Dat er afspraken komen."):
#: when the next word is not a finite verb (Dutch main clauses put the verb second), the
#: sentence continues the one before and shares its problem or wish, like a fragment.
SUBORDINATORS: frozenset[str] = frozenset({"dat", "omdat", "zodat"})

#: Question words and particles that make a question doubting ("Wie beslist er eigenlijk?").
DOUBT_WORDS: tuple[str, ...] = ("eigenlijk", "nou", "nu eigenlijk")
#: Sentence openers of a doubting question ("Wie betaalt dat?", "Of het blijft bestaan?").
DOUBT_OPENERS: tuple[str, ...] = ("wie", "of")
#: Question tags that make a question an affirmation ("Mooi, toch?").
QUESTION_TAGS: tuple[str, ...] = ("toch", "he", "hè", "weet je", "zeg maar", "snap je", "joh")

_WORD = re.compile(r"\w+(?:[-'’]\w+|(?<=\d)[.,:]\d+)*")
_SENT_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\s*\n\s*")
_CLAUSE_BREAK = re.compile(r",?\s+maar\s+|;\s*|:\s+|,\s+(?=(?:omdat|want|zodat|anders)\s)",
                           re.IGNORECASE)


def _any_of(words: Sequence[str]) -> str:
    return "(?:" + "|".join(map(re.escape, words)) + ")"


_DOUBT = re.compile(r"\b" + _any_of(DOUBT_WORDS) + r"\b")
_OPENER = re.compile(r"^\W*" + _any_of(DOUBT_OPENERS) + r"\b")
_HYPOTHETICAL = re.compile(r"^\W*" + _any_of(HYPOTHETICAL_OPENERS) + r"\b")
_ANAPHORIC = re.compile(r"^\W*(?:(?:en|maar|want|ja|nou),?\s+)?" + _any_of(ANAPHORIC_OPENERS)
                        + r"\b")
_TAG = re.compile(r"\b" + _any_of(QUESTION_TAGS) + r"\W*$")

_FOLDED: dict[str, str] = {}
_NON_WORD = re.compile(r"\W")
_WORD_LITERAL = re.compile(r"\w[\w ]*")

Hit = tuple[int, int, int]  # (indicator, first word, last word), word numbers in the segment


def _fold_text(text: str) -> str:
    """Lower case without accents, same length as ``text`` (so offsets stay valid)."""
    low = text.lower()
    if low.isascii():
        return low
    folded = "".join(ch for ch in unicodedata.normalize("NFD", low) if not unicodedata.combining(ch))
    return folded if len(folded) == len(low) else low


def _fold(word: str) -> str:
    f = _FOLDED.get(word)
    if f is None:
        if len(_FOLDED) > 500_000:
            _FOLDED.clear()
        f = _FOLDED[word] = fold(word)
    return f


@dataclass
class _Parsed:
    """A segment split into words, sentences and clauses."""

    text: str
    folded: str  # lower case, no accents, a line break before each sentence
    spaced: str  # " " + folded with every non-word character made a space (pre-filter)
    starts: list[int]
    ends: list[int]
    pairs: list[tuple[str, str]]  # (folded word, folded lemma)
    sentences: list[tuple[int, int, int, int]]  # (char start, char end, first word, end word)
    sentence_of: list[int]  # word -> sentence number
    clause_of: list[int]  # word -> clause number


def _parse(text: str, lemmas: str | None) -> _Parsed:
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    words = [text[s:e] for s, e in spans]
    given = lemmas.split() if lemmas else []
    if len(given) != len(words):
        given = [lemma(w) for w in words]
    pairs = [(_fold(w), _fold(lem)) for w, lem in zip(words, given)]
    cuts = [0]
    for m in _SENT_BREAK.finditer(text):
        if 0 < m.end() < len(text):
            cuts.append(m.end())
    folded = _fold_text(text)
    if len(cuts) > 1:
        chars = list(folded)
        for c in cuts[1:]:
            chars[c - 1] = "\n"  # the last character of a break is always whitespace
        folded = "".join(chars)
    cuts.append(len(text))
    sentences = []
    sentence_of = [0] * len(starts)
    for a, b in pairwise(cuts):
        i, j = bisect_left(starts, a), bisect_left(starts, b)
        if j > i:
            for w in range(i, j):
                sentence_of[w] = len(sentences)
            sentences.append((a, b, i, j))
    clause_cuts = sorted(set(cuts[:-1]) | {m.end() for m in _CLAUSE_BREAK.finditer(text)})
    clause_of = [bisect_right(clause_cuts, s) - 1 for s in starts]
    spaced = " " + _NON_WORD.sub(" ", folded)
    return _Parsed(text, folded, spaced, starts, ends, pairs, sentences, sentence_of, clause_of)


_META = frozenset(".^$*+?{}[]\\|()")


def _split_top(pattern: str) -> list[str] | None:
    """``pattern`` split at its top-level ``|``; None when brackets do not balance."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0 or in_class:
        return None
    parts.append(pattern[start:])
    return parts


def _leading_literal(alt: str) -> str:
    """The literal text an alternative starts with (escaped punctuation included)."""
    out, i = [], 0
    while i < len(alt):
        ch = alt[i]
        if ch == "\\":
            nxt = alt[i + 1:i + 2]
            if not nxt or nxt.isalnum():
                break
            out.append(nxt)
            i += 2
            continue
        if ch in _META:
            break
        out.append(ch)
        i += 1
    if i < len(alt) and alt[i] in "?*{":
        out = out[:-1]  # a quantifier makes the last character optional
    return "".join(out)


def _closing(text: str) -> int | None:
    """Index of the bracket closing the one ``text`` starts with."""
    depth, i = 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _class_end(text: str, i: int) -> int | None:
    """Index after the character class starting at ``text[i] == "["``."""
    j = i + 1
    if j < len(text) and text[j] == "^":
        j += 1
    if j < len(text) and text[j] == "]":
        j += 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == "]":
            return j + 1
        j += 1
    return None


def _optional(text: str, i: int) -> bool:
    """Whether the element before ``text[i]`` may be absent (``?``, ``*``, ``{0,``)."""
    return text[i:i + 1] in ("?", "*") or text.startswith("{0", i)


def _skip_quantifier(text: str, i: int) -> int:
    if text[i:i + 1] in ("?", "*", "+"):
        i += 1
    elif text[i:i + 1] == "{":
        close = text.find("}", i)
        i = close + 1 if close != -1 else len(text)
    if text[i:i + 1] == "?":  # lazy
        i += 1
    return i


def _anchors(alt: str) -> list[tuple[str, ...]] | None:
    """The required parts of one alternative: each a tuple of literals of which every
    match contains one (word-start literals marked with a leading ``\\b``)."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []
    run_word_start = False
    word_start = False

    def flush() -> None:
        nonlocal run
        if run:
            lit = "".join(run)
            mark = run_word_start and _WORD_LITERAL.fullmatch(lit)
            found.append(("\\b" + lit if mark else lit,))
        run = []

    i = 0
    while i < len(alt):
        ch = alt[i]
        if alt.startswith("\\b", i) or ch in "^$":
            flush()
            word_start = ch != "$"
            i += 2 if ch == "\\" else 1
            continue
        if ch == "\\" and i + 1 < len(alt) and not alt[i + 1].isalnum():
            nxt = i + 2
            if _optional(alt, nxt):
                flush()
            else:
                if not run:
                    run_word_start = word_start
                run.append(alt[i + 1])
                if alt[nxt:nxt + 1] in ("+", "{"):
                    flush()
            word_start = False
            i = _skip_quantifier(alt, nxt)
            continue
        if ch == "\\" or ch == ".":
            flush()
            i = _skip_quantifier(alt, i + (2 if ch == "\\" else 1))
            word_start = False
            continue
        if ch == "[":
            flush()
            close = _class_end(alt, i)
            if close is None:
                return None
            i = _skip_quantifier(alt, close)
            word_start = False
            continue
        if ch == "(":
            flush()
            close = _closing(alt[i:])
            if close is None:
                return None
            close += i
            body = alt[i + 1:close]
            after = close + 1
            if not body.startswith("?") or body.startswith("?:"):
                inner = _split_top(body.removeprefix("?:"))
                if inner is None:
                    return None
                if not _optional(alt, after):
                    lits = []
                    for a in inner:
                        a_start = word_start
                        while a.startswith(("\\b", "^")):
                            a_start = True
                            a = a[2:] if a.startswith("\\b") else a[1:]
                        lit = _leading_literal(a)
                        lits.append("\\b" + lit if a_start and lit and _WORD_LITERAL.fullmatch(lit)
                                    else lit)
                    if all(lits):
                        found.append(tuple(dict.fromkeys(lits)))
            i = _skip_quantifier(alt, after)
            word_start = False
            continue
        if ch in "?*+{":  # a quantifier on a plain character: handled below
            i = _skip_quantifier(alt, i)
            continue
        if _optional(alt, i + 1):
            flush()
            i = _skip_quantifier(alt, i + 1)
            word_start = False
            continue
        if not run:
            run_word_start = word_start
        run.append(ch)
        word_start = False
        if alt[i + 1:i + 2] in ("+", "{"):
            flush()
            i = _skip_quantifier(alt, i + 1)
            continue
        i += 1
    flush()
    return found


def _required_literals(pattern: str) -> tuple[str, ...] | None:
    r"""Texts of which every match of ``pattern`` contains at least one, or None if unknown.

    Used to skip a ``re:`` indicator cheaply on segments that cannot match it: of the
    parts every match needs, the one with the longest shortest literal is used. A literal
    that must start a word (``\b`` or ``^`` before it) is returned with a leading
    ``\b``; see :func:`_has_literal`.

    Examples
    --------
    >>> _required_literals(r"\bwie (betaalt|beslist)")
    ('betaalt', 'beslist')
    >>> _required_literals(r"\b(we|wij) weten (allemaal |ook )?waarom\b")
    (' weten ',)
    >>> _required_literals(r"(ik|we) doe(n)? het")
    (' doe',)
    >>> _required_literals(r"\b(\w+ )+jaar")
    ('jaar',)
    >>> _required_literals(r"(?i)wie") is None
    True
    """
    if "(?" in pattern.replace("(?:", ""):
        return None  # flags, lookarounds, named groups: not analysed
    alternatives = _split_top(pattern)
    if alternatives is None:
        return None
    found: list[str] = []
    for alt in alternatives:
        anchors = _anchors(alt)
        if not anchors:
            return None
        best = max(anchors, key=lambda lits: min(len(x.removeprefix("\\b")) for x in lits))
        found.extend(best)
    return tuple(dict.fromkeys(found))


def _has_literal(p: _Parsed, literal: str) -> bool:
    """Whether ``literal`` (from :func:`_required_literals`) occurs in the segment."""
    if literal.startswith("\\b"):
        return " " + literal[2:] in p.spaced
    return literal in p.folded


class _Matcher:
    """A list of indicators compiled for matching the sentences of parsed segments."""

    def __init__(self, indicators: Sequence[Indicator]) -> None:
        self.indicators = list(indicators)
        elements: dict[tuple[str, ...], int] = {}
        self.words: dict[int, list[int]] = {}
        self.phrases: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        self.regexes: list[tuple[int, re.Pattern, tuple[str, ...] | None]] = []
        for k, ind in enumerate(self.indicators):
            if ind.kind == "regex":
                pattern = ind.parts[0][0]
                self.regexes.append((k, re.compile(pattern), _required_literals(pattern)))
                continue
            els = tuple(elements.setdefault(forms, len(elements)) for forms in ind.parts)
            if len(els) == 1:
                self.words.setdefault(els[0], []).append(k)
            else:
                self.phrases.setdefault(els[0], []).append((k, els))
        self.exact: dict[str, list[int]] = {}
        wild: list[tuple[str, int]] = []
        for forms, e in elements.items():
            for form in forms:
                if "*" in form:
                    wild.append((".*".join(map(re.escape, form.split("*"))), e))
                else:
                    self.exact.setdefault(form, []).append(e)
        self.wild = [(re.compile(p + r"\Z"), e) for p, e in wild]
        self.wild_any = re.compile("(?:" + "|".join(p for p, _ in wild) + r")\Z") if wild else None
        self._cache: dict[tuple[str, str], tuple[int, ...]] = {}

    def _elements(self, form: str, lem: str) -> tuple[int, ...]:
        key = (form, lem)
        found = self._cache.get(key)
        if found is None:
            hits: set[int] = set()
            for f in (form, lem):
                hits.update(self.exact.get(f, ()))
                if self.wild_any is not None and self.wild_any.match(f):
                    hits.update(e for pat, e in self.wild if pat.match(f))
            found = self._cache[key] = tuple(sorted(hits))
        return found

    def _words(self, pairs: list[tuple[str, str]], lo: int, hi: int) -> list[Hit]:
        """Word and phrase hits among words ``lo:hi`` (one sentence)."""
        pos: dict[int, list[int]] = {}
        for n in range(lo, hi):
            form, lem = pairs[n]
            for e in self._elements(form, lem):
                pos.setdefault(e, []).append(n)
        out: list[Hit] = []
        for e, plist in pos.items():
            for k in self.words.get(e, ()):
                out.extend((k, n, n) for n in plist)
            for k, els in self.phrases.get(e, ()):
                if all(x in pos for x in els[1:]):
                    for n in plist:
                        end = _phrase_end(els, 1, n, pos)
                        if end is not None:
                            out.append((k, n, end))
        return out

    def match(self, p: _Parsed) -> list[list[Hit]]:
        """The hits of every sentence of ``p``, sorted by position."""
        per_sentence = [self._words(p.pairs, i, j) for _, _, i, j in p.sentences]
        if self.regexes and p.starts:
            last = len(p.starts) - 1
            folded = p.folded
            for k, pat, literals in self.regexes:
                if literals is not None and not any(_has_literal(p, lit) for lit in literals):
                    continue
                for m in pat.finditer(folded):
                    i = min(bisect_right(p.ends, m.start()), last)
                    j = max(i, bisect_left(p.starts, max(m.end(), m.start() + 1)) - 1)
                    if p.sentence_of[i] == p.sentence_of[j]:
                        per_sentence[p.sentence_of[i]].append((k, i, j))
        for hits in per_sentence:
            hits.sort(key=lambda h: (h[1], h[2], h[0]))
        return per_sentence


def _phrase_end(els: tuple[int, ...], n: int, prev: int, pos: dict[int, list[int]]) -> int | None:
    """Position of the last word when ``els[n:]`` follow ``prev`` within the gap, else None."""
    if n == len(els):
        return prev
    for q in pos[els[n]]:
        if q <= prev:
            continue
        if q > prev + PHRASE_GAP + 1:
            break
        end = _phrase_end(els, n + 1, q, pos)
        if end is not None:
            return end
    return None


@dataclass(frozen=True)
class _CompiledBook:
    matcher: _Matcher
    code_of: tuple[int, ...]  # indicator -> code index
    weight_of: tuple[float, ...]  # indicator -> weight; 0.0 for exclude indicators
    thresholds: tuple[float, ...]
    wish_is_absent: tuple[bool, ...]


@lru_cache(maxsize=64)
def _compile_key(key: tuple) -> _CompiledBook:
    indicators, code_of, weight_of = [], [], []
    for ci, (_, strong, weak, excl, _, _) in enumerate(key):
        seen: set[tuple] = set()
        for texts, w in ((strong, WEIGHTS["strong"]), (weak, WEIGHTS["weak"]), (excl, 0.0)):
            for text in texts:
                ind = parse_indicator(text)
                if (w > 0.0, ind.kind, ind.parts) in seen:
                    continue
                seen.add((w > 0.0, ind.kind, ind.parts))
                indicators.append(ind)
                code_of.append(ci)
                weight_of.append(w)
    return _CompiledBook(_Matcher(indicators), tuple(code_of), tuple(weight_of),
                         tuple(c[4] for c in key), tuple(c[5] == "absent" for c in key))


def _compile(codebook: Codebook) -> _CompiledBook:
    """The compiled matcher of a codebook, cached on the codebook's indicators."""
    return _compile_key(tuple((c.id, c.strong, c.weak, c.exclude_indicators, c.threshold,
                               c.wishes) for c in codebook.codes))


@lru_cache(maxsize=1)
def _cues() -> tuple[_Matcher, int, int]:
    """One matcher for all valence cues: indicators before the first index are negation
    and problem cues, then wish cues up to the second index, then exceptions."""
    cues = [parse_indicator(c) for c in (*NEGATION_CUES, *PROBLEM_CUES)]
    wishes = [parse_indicator(c) for c in WISH_CUES]
    exceptions = [parse_indicator(c) for c in CUE_EXCEPTIONS]
    return _Matcher(cues + wishes + exceptions), len(cues), len(cues) + len(wishes)


def is_doubting_question(sentence: str) -> bool:
    """True for a question that doubts or problematises rather than asks for information.

    A sentence ending in ``?`` counts when it opens with "wie" or "of", or contains
    "eigenlijk" or "nou", unless it ends in a tag such as "toch?".

    Examples
    --------
    >>> is_doubting_question("Wie beslist er eigenlijk?"), is_doubting_question("Mooi, toch?")
    (True, False)
    >>> is_doubting_question("Hoe kunnen we samen de wijk gezonder maken?")
    False
    """
    low = sentence.strip().lower()
    if not low.endswith("?") or _TAG.search(low.rstrip("?").rstrip()):
        return False
    return bool(_OPENER.search(low) or _DOUBT.search(low))


def _problem_clauses(p: _Parsed) -> tuple[set[int], set[int]]:
    """Clause numbers of the segment that are negated or problematised, and those that
    hold a wish (see the module docstring)."""
    matcher, n_cues, n_wishes = _cues()
    per_sentence: list[set[int]] = []
    wishes: set[int] = set()
    for (a, b, i, j), hits in zip(p.sentences, matcher.match(p)):
        sentence = p.text[a:b]
        masked = {w for k, x, y in hits if k >= n_wishes for w in range(x, y + 1)}
        wishes.update(p.clause_of[x] for k, x, _ in hits if n_cues <= k < n_wishes)
        if is_doubting_question(sentence):
            per_sentence.append({p.clause_of[w] for w in range(i, j)})
            continue
        if _HYPOTHETICAL.search(sentence.lower()):
            per_sentence.append(set())
            continue
        per_sentence.append({p.clause_of[x] for k, x, y in hits
                             if k < n_cues and masked.isdisjoint(range(x, y + 1))})
    for n in range(1, len(p.sentences)):
        _, _, i, j = p.sentences[n]
        fragment = j - i <= FRAGMENT_WORDS and not any(
            p.pairs[w][0] in FINITE_VERBS or p.pairs[w][0] in SUBJECT_PRONOUNS
            for w in range(i, j))
        subordinate = (j - i > 1 and p.pairs[i][0] in SUBORDINATORS
                       and p.pairs[i + 1][0] not in FINITE_VERBS)
        if fragment or subordinate:
            last = p.clause_of[p.sentences[n - 1][3] - 1]  # last clause of the sentence before
            clauses = {p.clause_of[w] for w in range(i, j)}
            if last in per_sentence[n - 1]:
                per_sentence[n] |= clauses
            if last in wishes:
                wishes |= clauses
    problems = set().union(*per_sentence) if per_sentence else set()
    for n in range(len(p.sentences) - 1):
        a, b, i, j = p.sentences[n]
        na, nb, ni, _ = p.sentences[n + 1]
        if p.clause_of[ni] not in per_sentence[n + 1]:
            continue
        text = p.text[a:b].rstrip()
        if text.endswith("?") and not _TAG.search(text.lower().rstrip("?").rstrip()):
            problems.update(p.clause_of[w] for w in range(i, j))
        elif _ANAPHORIC.search(p.text[na:nb].lower()):
            problems.add(p.clause_of[j - 1])
    return problems, wishes


def _valence(weights: dict[tuple[int, bool], list[float]], threshold: float) -> str:
    """``absent``/``present``/``mixed`` from the evidence weights per (clause, problematised).

    Each side scores its strongest clause (weights combined like the confidence). Both
    sides strong enough to carry the code on their own: ``mixed``; otherwise the heavier
    side wins, and a tie is ``mixed``.
    """
    side = {True: 0.0, False: 0.0}
    for (_, problem), ws in weights.items():
        rest = 1.0
        for w in ws:
            rest *= 1.0 - w
        side[problem] = max(side[problem], 1.0 - rest)
    absent, present = side[True], side[False]
    if absent + 1e-9 >= threshold and present + 1e-9 >= threshold:
        return "mixed"
    if abs(absent - present) < 1e-9:
        return "mixed" if absent > 0 else "present"
    return "absent" if absent > present else "present"


def _evidence(text: str, spans: set[tuple[int, int]]) -> str:
    """The matched words in text order, without spans inside longer ones or repeats."""
    kept: dict[str, str] = {}
    for s, e in sorted(spans, key=lambda se: (se[0], -se[1])):
        if any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans):
            continue
        quote = text[s:e]
        kept.setdefault(quote.lower(), quote)
    return " | ".join(kept.values())


def _code_one(p: _Parsed, book: _CompiledBook) -> dict[int, tuple[float, str, str]]:
    """code index -> (confidence, valence, evidence) for the codes assigned to one segment."""
    found: dict[int, dict] = {}
    problems: set[int] | None = None
    wishes: set[int] = set()
    for hits in book.matcher.match(p):
        vetoed = {book.code_of[k] for k, _, _ in hits if book.weight_of[k] == 0.0}
        kept = [h for h in hits if book.weight_of[h[0]] > 0.0 and book.code_of[h[0]] not in vetoed]
        # within a code, a hit inside the span of another (at least as strong) hit adds
        # nothing: "geregeld" matching both "regelen" and "geregeld" is one word
        ranked = sorted(kept, key=lambda h: (-book.weight_of[h[0]], h[1] - h[2], h[1], h[0]))
        kept = []
        for k, x, y in ranked:
            if not any(book.code_of[k2] == book.code_of[k] and x2 <= x and y <= y2
                       for k2, x2, y2 in kept):
                kept.append((k, x, y))
        # a weak indicator needs another indicator of its code in the same sentence
        per_code: dict[int, set[int]] = {}
        for k, _, _ in kept:
            per_code.setdefault(book.code_of[k], set()).add(k)
        kept = [h for h in kept if book.weight_of[h[0]] >= WEIGHTS["strong"]
                or len(per_code[book.code_of[h[0]]]) > 1]
        if not kept:
            continue
        if problems is None:
            problems, wishes = _problem_clauses(p)
        for k, x, y in kept:
            ci = book.code_of[k]
            entry = found.setdefault(ci, {"ind": set(), "spans": set(), "weights": {}})
            entry["spans"].add((p.starts[x], p.ends[y]))
            clauses = {p.clause_of[w] for w in range(x, y + 1)}
            problem = not clauses.isdisjoint(problems) or (
                book.wish_is_absent[ci] and not clauses.isdisjoint(wishes))
            key = (min(clauses), problem)
            if (k, key) not in entry["ind"]:
                entry["ind"].add((k, key))
                entry["weights"].setdefault(key, []).append(book.weight_of[k])
    out = {}
    for ci, entry in found.items():
        rest = 1.0
        for k in {k for k, _ in entry["ind"]}:
            rest *= 1.0 - book.weight_of[k]
        confidence = min(0.99, 1.0 - rest)
        if confidence + 1e-9 >= book.thresholds[ci]:
            out[ci] = (round(confidence, 4), _valence(entry["weights"], book.thresholds[ci]),
                       _evidence(p.text, entry["spans"]))
    return out


def code_segments(segments: pd.DataFrame, codebook: Codebook | Sequence[Codebook], *,
                  source: str = "rules") -> pd.DataFrame:
    """Code segments with the indicators of ``codebook`` (or of several codebooks: each
    segment is then parsed once, and the tables of the codebooks follow each other).

    Parameters
    ----------
    segments:
        Needs ``segment_id``, ``text`` and ``lemmas`` (space-separated lemmas as made by
        :func:`pao_analysis.nlp.lemmatise`); other SEGMENTS columns are ignored.
    codebook:
        The codebook whose indicators are matched, or a sequence of codebooks.
    source:
        Written to the ``source`` column.

    Returns
    -------
    pandas.DataFrame
        CODINGS table, one row per assigned (segment, code), sorted by segment_id and
        code_id.

    Examples
    --------
    >>> import pandas as pd
    >>> from pao_analysis.codebook import default_codebook
    >>> segs = pd.DataFrame({"segment_id": ["s1"],
    ...     "text": ["Er zijn nog géén afspraken vastgelegd over geld."],
    ...     "lemmas": ["er zijn nog geen afspraak vastleggen over geld"]})
    >>> out = code_segments(segs, default_codebook("conditions"))
    >>> out[["code_id", "valence", "evidence"]].values.tolist()
    [['organisatie', 'absent', 'afspraken | vastgelegd | geld']]
    """
    needed = {k: schemas.SEGMENTS[k] for k in ("segment_id", "text", "lemmas")}
    schemas.check(segments, needed, "segments")
    books = [codebook] if isinstance(codebook, Codebook) else list(codebook)
    compiled = [(_compile(cb), [c.id for c in cb.codes]) for cb in books]
    rows: list[list[tuple]] = [[] for _ in books]
    for sid, text, lemmas in zip(segments["segment_id"], segments["text"], segments["lemmas"]):
        if not isinstance(text, str) or not text.strip():
            continue
        parsed = _parse(text, lemmas if isinstance(lemmas, str) else None)
        for b, (book, ids) in enumerate(compiled):
            for ci, (confidence, valence, evidence) in _code_one(parsed, book).items():
                rows[b].append((str(sid), books[b].id, ids[ci], source, confidence, valence, evidence))
    parts = []
    for cb, book_rows in zip(books, rows):
        part = pd.DataFrame(book_rows, columns=list(schemas.CODINGS))
        part["confidence"] = part["confidence"].astype(float)
        parts.append(part.sort_values(["segment_id", "code_id"], kind="stable"))
        logger.info("coded %d segments with codebook %s: %d codings", len(segments), cb.id, len(part))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(schemas.CODINGS))
    return schemas.check(out, schemas.CODINGS, "codings")


def code_texts(texts: Sequence[str], codebook: Codebook, *, source: str = "rules") -> pd.DataFrame:
    """Lemmatise and code plain texts; ``segment_id`` is the position of the text, as str.

    Examples
    --------
    >>> from pao_analysis.codebook import default_codebook
    >>> out = code_texts(["We leerden elkaar echt kennen.", "Het regende."],
    ...                  default_codebook("conditions"))
    >>> out[["segment_id", "code_id", "valence"]].values.tolist()
    [['0', 'relaties', 'present']]
    """
    texts = list(texts)
    segments = pd.DataFrame({"segment_id": [str(i) for i in range(len(texts))], "text": texts,
                             "lemmas": [lemmatise(t) for t in texts]})
    return code_segments(segments, codebook, source=source)


def segment_valence(text: str, evidence_spans: Iterable[tuple[int, int]] = ()) -> str:
    """Valence of the clauses of ``text`` that overlap the evidence spans (character
    offsets, end exclusive); without spans, of every clause. Unweighted: ``absent`` when
    all those clauses are problematised, ``present`` when none is, else ``mixed``.

    Examples
    --------
    >>> segment_valence("Er zijn nog geen afspraken gemaakt.")
    'absent'
    >>> segment_valence("We hadden geen geld, maar het vertrouwen was er.", [(30, 40)])
    'present'
    >>> segment_valence("We hadden geen geld, maar het vertrouwen was er.")
    'mixed'
    """
    p = _parse(text, None)
    problems, _ = _problem_clauses(p)
    spans = list(evidence_spans)
    words = range(len(p.starts))
    if spans:
        words = [w for w in words if any(p.starts[w] < e and s < p.ends[w] for s, e in spans)]
    flags = {p.clause_of[w] in problems for w in words}
    if flags == {True}:
        return "absent"
    return "mixed" if flags == {True, False} else "present"


def is_problematised(text: str) -> bool:
    """True when every clause of ``text`` is negated or problematised.

    Examples
    --------
    >>> is_problematised("Niemand weet wie er over gaat.")
    True
    >>> is_problematised("Dat is niet alleen leuk, het werkt ook.")
    False
    """
    return segment_valence(text) == "absent"


def code_table(table: pd.DataFrame, text_column: str, codebook: Codebook) -> pd.DataFrame:
    """Code one text column of any table (open survey answers, notes) with the default
    coder (the rules, combined with the learned coder for the shipped codebooks): all input
    columns stay, and per code id a column with 1 or 0, a ``codes`` column with the
    assigned ids separated by ``;`` and a ``confidence_<code id>`` column: the coder's score,
    also below the threshold at which a code is assigned, so texts can be sorted by how
    near they came (a researcher's own codebook, coded by the rules alone: 0 when not
    assigned).

    Raises
    ------
    ValueError
        When ``text_column`` is missing or an added column would overwrite an input column.

    Examples
    --------
    >>> from pao_analysis.codebook import default_codebook
    >>> answers = pd.DataFrame({"id": [7, 8], "antwoord": ["We leerden elkaar kennen.", ""]})
    >>> out = code_table(answers, "antwoord", default_codebook("conditions"))
    >>> out[["id", "relaties", "codes"]].values.tolist()
    [[7, 1, 'relaties'], [8, 0, '']]
    """
    if text_column not in table.columns:
        raise ValueError(f"there is no column {text_column!r}; the columns are "
                         + ", ".join(map(str, table.columns)))
    ids = [c.id for c in codebook.codes]
    added = [*ids, "codes", *(f"confidence_{i}" for i in ids)]
    clash = [c for c in added if c in table.columns]
    if clash:
        raise ValueError(f"the table already has column(s) {', '.join(clash)}, which coding "
                         "would overwrite; rename them first")
    from .learn import _rule_matrix, assigned, combined_scores, default_learned  # the default coder

    texts = ["" if not isinstance(t, str) else t for t in table[text_column]]
    learned = default_learned(codebook)
    if learned is not None:
        present, confidence = assigned(combined_scores(texts, codebook), texts, learned.threshold)
    else:
        segments = pd.DataFrame({"segment_id": [str(i) for i in range(len(texts))], "text": texts,
                                 "lemmas": [lemmatise(t) for t in texts]})
        confidence = _rule_matrix(code_segments(segments, [codebook]), segments["segment_id"].tolist(), ids)
        present = confidence > 0
    out = table.copy()
    for j, code in enumerate(ids):
        out[code] = present[:, j].astype(int)
        out[f"confidence_{code}"] = confidence[:, j]
    hits = out[ids].to_numpy(dtype=bool)
    out["codes"] = [";".join(np.asarray(ids)[row].tolist()) for row in hits]
    return out[[*table.columns, *ids, "codes", *(f"confidence_{i}" for i in ids)]]
