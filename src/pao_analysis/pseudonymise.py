"""Pseudonymisation: replace names and contact details before any NLP.

This stage runs right after reading the transcripts; nothing after it sees a real name.
Four sources of replacements are combined per case:

``key``
    The case's ``private/pseudonym_key.csv``. A person's full name, first name alone,
    surname alone (``van der Veen``, ``Van der Veen``; the last word ``Veen`` only when
    capitalised or not a Dutch word), aliases, possessives (``Marloes'``, ``Femkes``,
    ``Bart's``) and lower-case spellings (``marloes``) all become the pseudonym.
``pattern``
    Dutch e-mail addresses, phone numbers, postcodes, URLs (also ``forms.gle/x``: any
    top-level domain when a path follows), IBANs (checksum), BSNs (eleven test, or called
    "BSN"), street addresses (``Lindelaan nummer 12``, ``Berkenstraat 56-2``, ``Op de
    Heide 9``), organisation names and dates (see below), neighbourhoods with a
    place-name ending after "in"/"uit"/"naar", and names deduce misses: lower-case first
    names that are no Dutch word (``sjoukje``), names after ``mevrouw``/``meneer``
    (``mevrouw ter braak``), names listed with a known name (``Femke en Zoryana``) and
    names in the contexts where Dutch speakers name someone (``hoe heet ie, Yared``,
    ``Tesfay, mijn neef``, ``ik en Teun``, ``J. Gebreyes``).
``deduce``
    The Dutch de-identification library `deduce <https://github.com/vmenger/deduce>`_
    finds names that are not in the key, street addresses, places and the contact
    details the patterns missed.
``propagated``
    A person name found once (by deduce, a pattern or an unknown speaker label) is
    replaced everywhere in the case, with its first name and surname alone, pet names
    (``Basje``), in lower case (first names that are no frequent word; others when they
    are no Dutch word; never after an article: "een roos") and as a possessive. An
    organisation name seen with its type word (``OBS De Kiezel``) is replaced alone too
    (``De Kiezel``).

Replacements for what is not in the key are bracketed Dutch tags numbered per case:
``[PERSOON-1]``, ``[E-MAILADRES-1]``, ``[TELEFOONNUMMER-1]``, ``[ADRES-1]``,
``[POSTCODE-1]``, ``[PLAATS-1]``, ``[URL-1]``, ``[IBAN-1]``, ``[BSN-1]``, ``[NUMMER-1]``;
the same original always gets the same tag in every document of a case.

Two options set how much more goes (see :func:`pseudonymise`):

``organisations``
    Organisation names found by Dutch patterns (``Stichting Buurtkracht``,
    ``Vaart Welzijn``, ``CBS De Wegwijzer``, ``Jansen B.V.``, ``Kaya Kitchen``, ``Rotary
    Zwolle-Zuid``), from what ties people to them (``iemand van Woonvlinder``, ``werkt
    bij Tulipo``) and by deduce's list of care institutions: ``"keep"`` (default), ``"generalise"`` (their type:
    ``[WELZIJNSORGANISATIE]``, ``[SCHOOL]``, ``[ORGANISATIE]``...) or ``"replace"``
    (``[ORGANISATIE-1]``). ``keep_organisations`` names the ones that always stay (and
    their short forms: ``het Wijklab`` of ``Wijklab Oosterpark``);
    organisations in the key always become their pseudonym; generic references
    (``de gemeente``, ``het wijkteam``, ``de school``) are never organisations.
``dates``
    ``"keep"`` (default), ``"month"`` (``op 15 maart 2022`` -> ``in maart 2022``) or
    ``"year"`` (``15 maart 2022``, ``maart 2022`` -> ``2022``; ``3 maart`` -> ``[DATUM]``).

What is kept on purpose:

* dates (unless ``dates`` says otherwise) and ages: the timeline needs them;
* the places in ``keep`` (the case's municipality and neighbourhoods), the country and
  its provinces (``Nederland``, ``Drenthe``, ``Overijssel``...);
* street names without a house number (an address is a street *with* a number).

Key names always win over ``keep`` and over deduce. The replacement log (``Pseudonymised.log``,
categories ``person``, ``organisation``, ``place``, ``address``, ``postcode``, ``phone``,
``email``, ``url``, ``iban``, ``bsn``, ``id``, ``date``) holds the originals: it is private
and must never be written to outputs; use
:func:`replacement_counts` for what may be shown. Log and error messages name files,
lines and interview ids, never a name.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import logging
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import schemas
from .errors import CorpusError, SchemaError

logger = logging.getLogger("pao_analysis")

__all__ = ["KeyEntry", "Organisation", "PseudonymKey", "Pseudonymised", "Replacement",
           "apply_replacements", "find_dates", "find_identifiers", "find_organisations",
           "load_key", "mask_file_names", "organisation_type", "pseudonymise",
           "replacement_counts"]

KEY_COLUMNS = ("real_name", "pseudonym", "category", "role", "aliases")
REQUIRED_KEY_COLUMNS = ("real_name", "pseudonym")
CATEGORIES = ("person", "organisation", "place")
_CATEGORY_ALIASES = {"persoon": "person", "organisatie": "organisation",
                     "organization": "organisation", "plaats": "place", "locatie": "place",
                     "": "person"}

#: Log columns (offsets into the ORIGINAL document text).
LOG_COLUMNS = ("case_id", "interview_id", "start", "end", "category", "original", "replacement",
               "source")

#: Dutch tag per replacement category.
TAGS = {
    "person": "PERSOON", "email": "E-MAILADRES", "phone": "TELEFOONNUMMER", "address": "ADRES",
    "postcode": "POSTCODE", "place": "PLAATS", "url": "URL", "iban": "IBAN", "bsn": "BSN",
    "id": "NUMMER", "organisation": "ORGANISATIE", "date": "DATUM",
}

#: Lower-case name particles (tussenvoegsels).
INTERFIXES = frozenset({
    "van", "de", "der", "den", "het", "'t", "’t", "te", "ter", "ten", "in", "op", "aan", "uit",
    "'n", "la", "le", "du", "da", "di", "del", "dos", "das", "des", "von", "zu", "d'", "d’", "el", "al",
    "vd", "v.d.", "v/d"})

#: Titles and forms of address stripped from the front of a name found by deduce.
TITLES = frozenset({
    "mevrouw", "mevr", "mw", "mvr", "meneer", "mijnheer", "mnr", "dhr", "heer", "dokter", "dr",
    "drs", "ir", "ing", "mr", "prof", "juf", "juffrouw", "meester", "zuster", "broeder",
    "wethouder", "burgemeester", "directeur", "directrice", "pastor", "pastoor", "dominee", "ds",
    "collega", "buurman", "buurvrouw", "oom", "tante", "opa", "oma", "mama", "papa", "zus",
    "broer", "lector", "professor", "student", "studente", "teamleider", "coördinator",
    "beppe", "pake", "heit", "mem"})

#: Place names that never identify anyone and stay: the country and its provinces
#: (not Groningen and Utrecht: they are cities too).
WIDE_PLACES = frozenset({
    "nederland", "holland", "europa", "belgië", "duitsland", "randstad", "friesland",
    "fryslân", "drenthe", "overijssel", "flevoland", "gelderland", "noord-holland",
    "zuid-holland", "zeeland", "noord-brabant", "brabant", "limburg"})

#: Words of generic institution names ("het ziekenhuis", "de gemeente"): never replaced.
GENERIC_ORG_WORDS = frozenset({
    "de", "het", "een", "gemeente", "ziekenhuis", "umc", "huisarts", "huisartsenpraktijk",
    "praktijk", "school", "basisschool", "wijkteam", "ggd", "thuiszorg", "zorginstelling",
    "verpleeghuis", "politie", "woningcorporatie", "hogeschool", "universiteit", "kliniek",
    "apotheek", "ggz", "jeugdzorg", "buurthuis", "wijkcentrum", "centrum", "medisch"})

#: Speaker labels that are not names (compared case-insensitively, numbers ignored).
GENERIC_SPEAKERS = frozenset({
    "interviewer", "interviewster", "interviewers", "onderzoeker", "onderzoekster", "int", "i",
    "v", "vraag", "q", "gespreksleider", "gespreksleidster", "r", "a", "antwoord", "respondent",
    "respondente", "resp", "geïnterviewde", "geinterviewde", "interviewee", "deelnemer",
    "deelneemster", "participant", "spreker", "speaker", "persoon", "stem", "onbekend",
    "onbekende spreker", "unknown speaker", "unknown", "moderator", "notulist", "g"})

_SOURCES = ("key", "deduce", "pattern", "propagated")
_SPACE = r"[^\S\n]+"
_APOSTROPHES = "'’"


# ------------------------------------------------------------------------------ the key


@dataclass(frozen=True)
class KeyEntry:
    """One row of the pseudonym key.

    ``line`` is the line number in the key file (0 when built in code); messages use it
    instead of the name.
    """

    real_name: str
    pseudonym: str
    category: str = "person"
    role: str = ""
    aliases: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class PseudonymKey:
    """The pseudonym key of a case (see "Corpus format" in the README)."""

    entries: tuple[KeyEntry, ...] = ()

    def interviewer_names(self) -> list[str]:
        """Real names and aliases of the entries marked ``interviewer``.

        Examples
        --------
        >>> key = PseudonymKey((KeyEntry("Sanne Visser", "Interviewer", role="interviewer"),
        ...                     KeyEntry("Bart Mulder", "Joris")))
        >>> key.interviewer_names()
        ['Sanne Visser']
        """
        names: list[str] = []
        for e in self.entries:
            if e.role == "interviewer":
                names.extend(n for n in (e.real_name, *e.aliases) if n not in names)
        return names


def _clean_cell(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).replace("\ufeff", "").split())


def _decode_key(data: bytes, shown: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        logger.warning("%s: not UTF-8, read as Windows-1252", shown)
        return data.decode("cp1252")


def load_key(path: Path, *, display_path: str | None = None) -> PseudonymKey:
    """Read and check a pseudonym key CSV.

    Columns ``real_name`` and ``pseudonym`` are required; ``category`` (``person``,
    ``organisation``, ``place``; empty = person), ``role`` (``interviewer``) and ``aliases``
    (separated by ``;``) are optional. UTF-8 (with or without BOM), UTF-16 with BOM and
    Windows-1252 are read; a file saved by Excel with ``;`` between the columns too.

    Parameters
    ----------
    path:
        The key file.
    display_path:
        How to name the file in messages (e.g. relative to the case folder).

    Raises
    ------
    CorpusError
        Missing file or column, empty name or pseudonym, unknown category, a real name or
        alias given twice: naming the file, line and column, never the name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "key.csv"
    >>> _ = p.write_text("real_name,pseudonym,category,role,aliases\\nBart Mulder,Joris,,,Barty\\n")
    >>> load_key(p).entries[0].aliases
    ('Barty',)
    """
    path = Path(path)
    shown = display_path or str(path)
    columns_fix = ("the first line must be the header 'real_name,pseudonym,category,role,aliases' "
                   "(category, role and aliases may be left out)")
    if not path.is_file():
        raise CorpusError("pseudonym key not found", path=shown,
                          fix="create it (see 'Corpus format' in the README): " + columns_fix
                          + ", or point pseudonymisation.key in case.yaml to it")
    text = _decode_key(path.read_bytes(), shown)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else (
        "\t" if "\t" in first_line and "," not in first_line else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise CorpusError("the key file is empty", path=shown, where="line 1", fix=columns_fix)
    header = [_clean_cell(h).lower() for h in header]
    missing = [c for c in REQUIRED_KEY_COLUMNS if c not in header]
    if missing:
        raise CorpusError(f"missing column(s) {', '.join(missing)}; the header has "
                          f"{', '.join(h for h in header if h) or 'no names'}",
                          path=shown, where="line 1 (header)", fix=columns_fix)
    unknown = [h for h in header if h and h not in KEY_COLUMNS]
    if unknown:
        logger.warning("%s: column(s) %s are not used", shown, ", ".join(unknown))
    entries: list[KeyEntry] = []
    seen: dict[str, tuple[int, str]] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise CorpusError(f"the row has {len(row)} fields but the header has {len(header)}",
                              path=shown, where=f"line {line}",
                              fix="put a name that contains the separator between double quotes")
        cells = {h: _clean_cell(v) for h, v in zip(header, row)}
        for col in REQUIRED_KEY_COLUMNS:
            if not cells.get(col):
                raise CorpusError(f"empty {col}", path=shown, where=f"line {line}, column {col}",
                                  fix=f"fill in the {col} or delete the row")
        real, pseudonym = cells["real_name"], cells["pseudonym"]
        if len(real) < 2:
            raise CorpusError("real_name must have at least two characters", path=shown,
                              where=f"line {line}, column real_name",
                              fix="write the name as it appears in the transcripts")
        raw_cat = cells.get("category", "").lower()
        category = _CATEGORY_ALIASES.get(raw_cat, raw_cat)
        if category not in CATEGORIES:
            raise CorpusError("unknown category", path=shown, where=f"line {line}, column category",
                              fix=f"use one of {', '.join(CATEGORIES)} (empty means person)")
        # matching ignores case: "Van Loon;van Loon" or an alias equal to the name is one spelling
        spellings = {real.casefold(): real}
        for alias in (_clean_cell(x) for x in re.split(r"[;|]", cells.get("aliases", ""))):
            if alias:
                spellings.setdefault(alias.casefold(), alias)
        aliases = tuple(list(spellings.values())[1:])
        for col, name in [("real_name", real)] + [("aliases", a) for a in aliases]:
            norm = name.casefold()
            if len(name) < 2:
                raise CorpusError("an alias must have at least two characters", path=shown,
                                  where=f"line {line}, column aliases", fix="remove or lengthen it")
            if norm in seen:
                other_line, other_col = seen[norm]
                raise CorpusError(f"{'this name' if col == 'real_name' else 'an alias'} is already "
                                  f"in line {other_line} (column {other_col})",
                                  path=shown, where=f"line {line}, column {col}",
                                  fix="give each person, organisation or place one row, and each "
                                      "spelling once")
            seen[norm] = (line, col)
        entries.append(KeyEntry(real_name=real, pseudonym=pseudonym, category=category,
                                role=cells.get("role", "").lower(), aliases=aliases, line=line))
    pseudonym_line: dict[str, int] = {}
    for e in entries:
        other = pseudonym_line.setdefault(e.pseudonym.casefold(), e.line)
        if other != e.line:
            logger.warning("%s: lines %d and %d give the same pseudonym; if they are one person, "
                           "make the second spelling an alias", shown, other, e.line)
    logger.info("%s: %d key entries", shown, len(entries))
    return PseudonymKey(tuple(entries))


# ------------------------------------------------------------------------ word knowledge


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


#: Pronominal adverbs ("erin", "hierbij", "daarnaast"): Dutch words simplemma lacks.
_PRONOMINAL_ADVERB = re.compile(
    r"(?:er|hier|daar|waar)(?:in|bij|op|aan|over|mee|voor|na|uit|door|tegen|heen|toe|achter"
    r"|naast|onder|boven|tussen|af|om|van|langs|rond|binnen|buiten|zonder)")
#: Words of spoken Dutch that simplemma lacks.
SPOKEN_WORDS = frozenset({"oke", "oké", "okee", "okay", "joh", "hè", "hé", "mais", "ofzo",
                          "enzo", "zeg", "tja", "nee", "jawel", "hoor", "gezellig", "jee",
                          "jeetje", "tjonge", "goh", "hoezo", "nou"}
                         # hesitations and interjections of transcribed speech
                         | {"eh", "ehh", "ehm", "ehmm", "uh", "uhh", "uhm", "euh", "hm", "hmm",
                            "hmmm", "mm", "mmm", "mwah", "pff", "ah", "aha", "ahum", "oeh", "joa",
                            "jah", "jaja", "nah", "neh", "hoi", "doei"}
                         # honorifics and endearments said after or instead of a name
                         # ("Hatice abla", "dank je, habibi") in Turkish and Arabic
                         | {"abla", "abi", "teyze", "amca", "hanım", "hanim", "bey", "hoca",
                            "hocam", "canım", "habibi", "habibti", "khala", "yaar"}
                         # Latin and French said in Dutch ("ad hoc", "de facto", "en passant")
                         | {"hoc", "interim", "facto", "quo", "versa", "priori", "posteriori", "fide",
                            "passant", "hominem", "vitae", "loco", "sich"})


@lru_cache(maxsize=100_000)
def _is_dutch_word(word: str) -> bool:
    """Whether the lower-cased word is a Dutch dictionary word (simplemma's data, and the
    pronominal adverbs and spoken words it lacks)."""
    import simplemma

    low = word.lower()
    return (low in _stop_words() or low in SPOKEN_WORDS or simplemma.is_known(low, lang="nl")
            or _PRONOMINAL_ADVERB.fullmatch(low) is not None)


#: Words after a verb that opens a sentence as a command ("Leg het vast", "Bel me even").
_AFTER_IMPERATIVE = frozenset({"het", "de", "een", "je", "jezelf", "u", "me", "mij", "ons", "hem", "haar",
                               "ze", "dat", "dit", "die", "er", "maar", "even", "eens", "gewoon"})


def _imperative(text: str, toks: Sequence[tuple[int, int, str]]) -> bool:
    """Whether one capitalised dictionary word opens a sentence as a command ("Leg het vast")
    rather than naming a place ("Bergen is mooi")."""
    if len(toks) != 1 or not _is_dutch_word(toks[0][2]):
        return False
    after = re.match(r"\s+(\w+)", text[toks[0][1]:])
    return _sentence_initial(text, toks[0][0]) and after is not None and after.group(1) in _AFTER_IMPERATIVE


@lru_cache(maxsize=1)
def _deduce():
    """The shared :class:`deduce.Deduce` instance (slow to build once per install).

    Importing deduce calls ``logging.basicConfig(level=DEBUG)``; the root logger is put
    back as it was so the package's logging is not flooded. Deduce's lookup tables are
    millions of small objects: the cyclic garbage collector is paused while they load
    (3 s instead of 12 s) and they are then moved to the permanent generation
    (:func:`gc.freeze`), which also saves ~15 s at interpreter exit.
    """
    import gc

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    enabled = gc.isenabled()
    gc.disable()
    try:
        instance = deduce.Deduce()
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return instance


@lru_cache(maxsize=100_000)
def _deduce_first_name(word: str) -> bool:
    return [word] in _deduce().lookup_structs["first_name"]


@lru_cache(maxsize=1)
def _world_names():
    """gender-guesser's list of about 48,000 first names from many countries (shipped
    with the package): names deduce's Dutch lists lack ("Olena", "Hüseyin", "Kasia")."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=100_000)
def _first_name(word: str) -> bool:
    """A first name in deduce's Dutch lists or in the list of first names of the world."""
    return _deduce_first_name(word) or _world_names().get_gender(word) != "unknown"


@lru_cache(maxsize=100_000)
def _deduce_surname(word: str) -> bool:
    return [word] in _deduce().lookup_structs["surname"]


@lru_cache(maxsize=100_000)
def _deduce_surname_after_interfix(word: str) -> bool:
    """A surname that follows a particle in deduce's lists ("Vries" of "de Vries")."""
    return word in _deduce().lookup_structs["interfix_surname"]


@lru_cache(maxsize=100_000)
def _deduce_place(name: str) -> bool:
    """A place in deduce's lists ("Breda", "Den Haag", "Etten-Leur")."""
    return re.sub(r"(?<=\w)-(?=\w)", " - ", name).split() in _deduce().lookup_structs["placename"]


@lru_cache(maxsize=100_000)
def _common_word(low: str) -> bool:
    """A frequent Dutch word (deduce's whitelist of common words, or a stop word)."""
    return low in _stop_words() or low in _deduce().lookup_structs["common_word"]


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=200_000)
def _lower_case_first_name(word: str) -> bool:
    """A lower-case word that is a first name and no Dutch word ("tineke", "olena", not
    "roos"); hyphenated when both parts are ("henk-jan")."""
    if "-" in word:
        return all(part not in _stop_words() and (_lower_case_first_name(part)
                                                  or _first_name(_capitalised(part)))
                   for part in word.split("-"))
    return (len(word) > 2 and word.isalpha() and not _is_dutch_word(word)
            and word not in ABBREVIATIONS and word not in TITLES and word not in _country_names()
            and _first_name(_capitalised(word)))


#: First names that are Dutch function words: names only when capitalised inside a sentence.
STOP_WORD_NAMES = frozenset({"ben", "wil", "mag", "door"})

#: Abbreviations written in lower case that lists of names also hold ("obs").
ABBREVIATIONS = frozenset({"cbs", "obs", "pcbs", "rkbs", "ikc", "roc", "bso", "mbo", "hbo",
                           "vmbo", "havo", "vwo", "ggd", "ggz", "wmo", "uwv", "svb", "azc"})


def _loose_first_name(name: str) -> bool:
    """A first name that may be matched in lower case once seen capitalised ("roos" for
    Roos): deduce knows it as a first name and it is not a frequent Dutch word."""
    return (len(name.split()) == 1 and _deduce_first_name(_capitalised(name))
            and not _common_word(name.lower()))


def _sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and text[j] in " \t\"'“‘„(-–":
        j -= 1
    return j < 0 or text[j] in ".!?:\n…)]"     # also after "(lacht)", "[pauze]"


def _accept(text: str, start: int, name: str, strict: bool, possessive: str = "") -> bool:
    """Whether a (case-insensitive) match of a name variant is really the name.

    Capitalised matches are accepted, except a stop word at the start of a sentence
    ("Wil je..." for a person called Wil; "Wils", "Wil, eigenlijk..." and "Wil liep" are
    fine).
    Lower-case matches are accepted after a form of address ("juf wil"), for first names
    and aliases unless they are stop words or follow an article or possessive ("een
    roos"), and for surnames (``strict``) unless they are Dutch words ("de boer", "visser").
    """
    head = name.split()[-1]
    low = head.lower()
    if head[:1].isupper():
        end = start + len(name)
        return not (len(name.split()) == 1 and low in _stop_words() and not possessive
                    and _sentence_initial(text, start) and text[end:end + 1] != ","
                    and (low in DETERMINERS or not _verb_follows(text, end)))
    if _after_title(text, start):
        return True
    if low in _stop_words() or _after_determiner(text, start):
        return False
    return not (strict and _is_dutch_word(low))


_NEXT_LOWER = re.compile(r"[^\S\n]+([a-zà-öø-ÿ]+)\b")


def _verb_follows(text: str, end: int) -> bool:
    """A content word follows ("Wil liep weg"), not a pronoun or article ("Wil je")."""
    m = _NEXT_LOWER.match(text, end)
    return m is not None and m.group(1) not in _stop_words()


#: Words before a noun, not before a name ("een roos", "de bas").
DETERMINERS = frozenset({
    "een", "de", "het", "deze", "dit", "geen", "elke", "iedere", "ieder", "mijn", "jouw",
    "haar", "onze", "ons", "hun", "uw", "welke", "zo'n", "zo’n"})
_LAST_WORD = re.compile(r"([\w'’]+)[^\S\n]+$")


#: Forms of address before a name ("juf wil", "tante door", "meneer bakker").
NAME_TITLES = frozenset({
    "juf", "juffrouw", "meester", "tante", "oom", "zuster", "broeder", "opa", "oma", "dominee",
    "pastoor", "pater", "mevrouw", "mevr", "mw", "meneer", "mijnheer", "dhr", "beppe", "pake",
    "omke", "muoike"})


def _after_title(text: str, start: int) -> bool:
    m = _LAST_WORD.search(text, max(0, start - 12), start)
    return m is not None and m.group(1).lower() in NAME_TITLES and not _NOUN_BEFORE.search(
        text, max(0, m.start() - 12), m.start())


_LAST_TWO_WORDS = re.compile(r"([\w'’]+)[^\S\n]+([a-zà-öø-ÿ]+)[^\S\n]+$")


def _after_determiner(text: str, start: int) -> bool:
    """After an article or possessive, also with an adjective between ("de mooiste
    roos"; not "de familie yilmaz")."""
    m = _LAST_WORD.search(text, max(0, start - 12), start)
    if m is not None and m.group(1).lower() in DETERMINERS:
        return True
    m = _LAST_TWO_WORDS.search(text, max(0, start - 30), start)
    return (m is not None and m.group(1).lower() in DETERMINERS and m.group(2).endswith("e")
            and m.group(2) not in NAME_TITLES and m.group(2) not in ("familie", "collega"))


def _possessive(name: str, apostrophe: str = "'") -> str:
    """Dutch possessive of a replacement: ``Joris'``, ``Inges``, ``Anna's``, ``[PERSOON-1]'s``."""
    last = name[-1:].lower()
    if last and last in "sxz":
        return name + apostrophe
    if not last.isalpha() or last in "aiouyé":
        return name + apostrophe + "s"
    return name + "s"


def _diminutives(first_name: str) -> list[str]:
    """Pet names of a first name: "Mien" -> "Mientje", "Bas" -> "Basje", "Bassie", "Pim" ->
    "Pimpje" (generous: forms nobody uses simply never occur).

    Examples
    --------
    >>> _diminutives("Bas")
    ['Basje', 'Bastje', 'Bassie', 'Bassetje']
    """
    if len(first_name) < 3 or not first_name.isalpha() or first_name[-1].lower() in "aeiouy":
        return []
    last = first_name[-1]
    forms = [first_name + "je", first_name + ("pje" if last == "m" else "tje"),
             first_name + last + "ie", first_name + last + "etje"]
    return list(dict.fromkeys(forms))


def _person_variants(name: str) -> list[tuple[str, bool]]:
    """(variant, strict) for a person's name: full, first name, surname, last word.

    Examples
    --------
    >>> _person_variants("Gerda van der Veen")
    [('Gerda van der Veen', False), ('Gerda', False), ('van der Veen', True), ('Veen', True)]
    """
    words = name.split()
    out = [(name, False)]
    if len(words) < 2:
        return out
    if words[0].lower() not in INTERFIXES:
        out.append((words[0], False))
    if len(words) > 2 and words[1][:1].isupper() and words[1].lower() not in INTERFIXES \
            and _first_name(words[1]):
        out.append((f"{words[0]} {words[1]}", False))       # "Gerrit Jan" of "Gerrit Jan Wolters"
    idx = next((i for i in range(1, len(words))
                if words[i].lower() in INTERFIXES or "-" in words[i]), None)
    surname = " ".join(words[idx:]) if idx is not None else words[-1]
    if surname != name:
        out.append((surname, True))
    if words[-1] != surname and words[-1].lower() not in INTERFIXES:
        out.append((words[-1], True))
    for part in words[-1].split("-") if "-" in words[-1] else ():
        if len(part) > 2 and part.lower() not in INTERFIXES:
            out.append((part, True))
    return out


# ---------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Replacement:
    """One replacement: ``text[start:end]`` (``original``) becomes ``replacement``."""

    start: int
    end: int
    category: str
    original: str
    replacement: str
    source: str


@dataclass
class _Cand:
    start: int
    end: int
    category: str
    group: object          # consistency key: key entry index, person group or normalised text
    source: str
    rank: int              # lower wins an overlap
    possessive: str = ""
    fixed: str = ""        # an un-numbered replacement ("[SCHOOL]", "maart 2022")


def _loose(name: str) -> str:
    """A spelling key as loose as the regex's case folding ("YILMAZ" matches "Yılmaz")."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex for many words, their common beginnings merged ("Bas", "Basje" ->
    ``Bas(?:je)?``): much faster than an alternation of the words. Longer words are tried
    first; a space matches any run of spaces and tabs.

    Examples
    --------
    >>> _trie_pattern(["bas", "basje", "bart"])
    'ba(?:s(?:je)?|rt)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in " ".join(word.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def depth(node: dict) -> int:
        return max((1 + depth(child) for ch, child in node.items() if ch), default=0)

    def emit(node: dict) -> str:
        branches = [(_SPACE if ch == " " else re.escape(ch)) + emit(child)
                    for ch, child in sorted(((c, n) for c, n in node.items() if c),
                                            key=lambda item: (-depth(item[1]), item[0]))]
        if not branches:
            return ""
        if "" in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(trie)


class _Matcher:
    """One regex for many names: longest first, word bounded, optional possessive."""

    def __init__(self, variants: dict[str, tuple[object, bool]]) -> None:
        self.variants = variants
        self.loose = {_loose(v): v for v in variants}
        body = _trie_pattern(variants)
        self.regex = re.compile(
            # not inside a hyphenated name: "Henk" is not "Henk-Jan", "Loon" not "Loon-Smit"
            rf"(?<!\w)(?<!\w-)(?P<name>{body})(?P<poss>['’]s|s|['’])?(?!\w|-\w)" if variants
            else r"(?!)",
            re.IGNORECASE)

    def find(self, text: str) -> Iterable[tuple[int, int, str, object]]:
        """(start, end, possessive, payload) of accepted matches."""
        for m in self.regex.finditer(text):
            name, poss, end = m.group("name"), m.group("poss") or "", m.end()
            if poss in ("'", "’") and (name[-1].lower() not in "sxz"
                                       or text[m.start() - 1:m.start()] in ("'", "‘", "’")
                                       or not text[end:end + 1].isspace()):
                end, poss = end - 1, ""             # a closing quote, not a possessive
            variant = " ".join(name.split()).lower()
            if variant not in self.variants:
                variant = self.loose.get(_loose(name), "")
                if not variant:
                    continue
            payload, strict = self.variants[variant]
            if _accept(text, m.start(), name, strict, poss):
                yield m.start(), end, poss, payload


@lru_cache(maxsize=16)
def _without_place(entry: KeyEntry) -> list[str]:
    """An organisation's name without the place it ends with: "Buurtkracht" of
    "Buurtkracht Zutphen" (when that is no Dutch word)."""
    words = entry.real_name.split()
    if entry.category != "organisation" or len(words) < 2 or not _deduce_place(words[-1]):
        return []
    rest = " ".join(words[:-1])
    return [] if len(words) == 2 and _is_dutch_word(rest) else [rest]


def _key_matcher(key: PseudonymKey) -> _Matcher:
    variants: dict[str, tuple[object, bool]] = {}
    owner_line: dict[str, int] = {}
    full = [(i, e, v, e.category != "person", False) for i, e in enumerate(key.entries)
            for v in (e.real_name, *e.aliases, *_without_place(e))]
    parts = [(i, e, v, strict, False) for i, e in enumerate(key.entries)
             if e.category == "person" for v, strict in _person_variants(e.real_name)[1:]]
    pet_names = [(i, e, v, True, True) for i, e in enumerate(key.entries)
                 if e.category == "person"
                 for first in (e.real_name.split()[0], *e.aliases) if len(first.split()) == 1
                 for v in _diminutives(first)]
    for i, e, v, strict, pet_name in full + parts + pet_names:
        low = v.lower()
        if len(v) < 2 or low in INTERFIXES:
            continue
        if low in variants:
            if variants[low][0] != i and not pet_name:
                logger.warning("pseudonym key lines %s and %s share a first name or surname; "
                               "alone it becomes the pseudonym of line %s (add aliases to "
                               "be precise)", owner_line[low], e.line, owner_line[low])
            continue
        variants[low] = (i, strict)
        owner_line[low] = e.line
    return _Matcher(variants)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# The patterns start with a character class and look behind only after it: Python's
# regex engine then skips fast to the places where they can start.
# web addresses; bare domains only in lower case ("Pittelo.Nu" is a missing space): found
# from their ".nl" (fast) and then matched from the start of the domain
_URL_SCHEME = re.compile(r"[HhWw](?<![\w@/.][HhWw])(?:(?<=[Hh])(?i:ttps?://)|(?<=[Ww])(?i:ww\.))"
                         r"[^\s<>\"']+")
_TLD = (r"(?:nl|com|org|net|eu|be|info|io|nu|de|frl|app|online|ly|me|co|tv|gd|link|site|uk|fr|ee"
        r"|shop|amsterdam|events|biz|dev|ai|fm)")
_URL_TLD = re.compile(rf"\.{_TLD}(?![\w@-])")
_URL_BARE = re.compile(rf"(?:[a-z0-9-]+\.)+{_TLD}(?:/[^\s<>\"']*)?(?![\w@-])")
# a lower-case domain with any top-level domain when a path follows: "forms.gle/buurt",
# "bit.ly/x", "forms.gle/abc" (short links and link pages are read aloud without "www")
_URL_PATH = re.compile(r"[a-z0-9](?<![\w@/.-][a-z0-9])(?:[a-z0-9-]*[a-z0-9]\.)+[a-z]{2,6}/"
                       r"[\w\-.~%?=&+#/]*[\w/](?![\w@])")
_PHONE_INT = re.compile(r"(?:\+(?<![\w+]\+)|0(?<![\w+]0)0)31[ \-.]?(?:\(0\)[ \-.]?)?\d"
                        r"(?:[ \-.]?\d){8}(?!\d)")
# "(0570) 612045", "0570-612045", "0570 - 612045" (a spaced dash only after the area code)
_PHONE_NAT = re.compile(r"[(0](?<![\w+\-./][(0])(?:(?<=\()0\d{1,3}\)|(?<!\()\d{1,3})"
                        r"(?: - |[ \-.])?\d(?:[ \-.]?\d){5,7}(?![\w])")
# "7412 LA", "7412LA", "7412la" (lower case only without a space, and no unit: "4000km")
_POSTCODE = re.compile(r"[1-9](?<!\w[1-9])\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}"
                       r"|(?!km|kg|cm|mm|ml|mg|kb|mb|gb|st|nd|rd|th|ha|pk|kw|mw|gr)[a-z]{2})(?![\w])")
# "7005 rb" only right after a house number or the word postcode ("in 2021 is" is none)
_POSTCODE_LOWER_SPACED = re.compile(r"[1-9](?<!\w[1-9])\d{3} [a-z]{2}(?![\w])")
_POSTCODE_CONTEXT = re.compile(r"(?:\d[a-zA-Z]?(?:-\w{1,3})?,?|(?i:postcode):?)[^\S\n]+$")
_IBAN_NL = re.compile(r"[Nn](?<!\w[Nn])[Ll] ?\d{2} ?[A-Za-z]{4}(?: ?\d){10}(?![\w])")
_IBAN = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]\d{2}(?: ?[A-Z0-9]){11,30}(?![\w])")
# 123456782, 1234.56.782, 1234 56 782, 123 456 782, 123.456.782
_BSN = re.compile(r"\d(?<![\w.,]\d)(?<!\d \d)(?:\d{8}|\d{3}\.\d{2}\.\d{3}|\d{3} \d{2} \d{3}"
                  r"|\d{2} \d{3} \d{3}|\d{2}\.\d{3}\.\d{3})(?![\w]|[.,]\d| \d)")
# a municipality's short number: 14 and the area code without its 0 ("14 0165", "14020")
_PHONE_MUNICIPAL = re.compile(r"1(?<![\w+\-./]1)4[ -]?0\d{2,3}(?![\w]|[.,-]\d| \d)")
# nine digits in any grouping read aloud ("20 87 20 066"): a BSN only right after the word
_BSN_LOOSE = re.compile(r"\d(?<![\w.,]\d)(?:[ .]?\d){8}(?![\w]|[.,]\d| \d)")
_BSN_WORD = re.compile(r"(?i)\b(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)\b")
_TOKEN = re.compile(r"\S+")
# a street (one word ending in a street type; in lower case only the common types) with a
# house number, "nummer 40", "7b", "56-2"; not "Kerkstraat 3 jaar"
# street types, also as diminutives ("Kalverdijkje") and in Frisian ("Aldlânsdyk", "-wei")
_STREET = (r"(?:(?:IJ|[A-ZÀ-ÖØ-Þ])[a-zà-öø-ÿ'’-]{2,}(?:(?:straat|laan|weg|plein|singel|gracht|kade|dijk"
           r"|dreef|steeg|hof|pad|park|markt|baan|plantsoen|wal|poort)(?:je)?|boulevard|allee|dyk|wei"
           r"|strjitte|leane|paed|erf|brink|veste|akker|weide|waeg|straot|stroat)"
           r"|[a-zà-öø-ÿ]{3,}(?:straat|laan|plein|singel|gracht|kade|dreef|steeg|weg|hof|dijk))")
# how streets end, looked for with str.find (fast); the whole address is then checked
# with _ADDRESS from the start of the word
_STREET_ENDS = tuple(f"{w} " for w in (
    "straat", "laan", "weg", "plein", "singel", "gracht", "kade", "dijk", "dreef", "steeg", "hof",
    "pad", "park", "markt", "baan", "plantsoen", "wal", "poort", "boulevard", "allee", "je", "dyk",
    "wei", "strjitte", "leane", "paed", "erf", "brink", "veste", "akker", "weide", "waeg",
    "straot", "stroat"))
_NUMBER_AHEAD = re.compile(r",?[^\S\n]+(?:(?i:huisnummer|nummer|nr\.?|no\.?)[^\S\n]+)?[1-9]")
# a number after a street that is no house number: "in de Lindelaan 3 jaar"
_UNIT_AFTER = re.compile(r"[^\S\n]+(?:jaar|jaren|keer|uur|minuten|maanden|weken|dagen|euro"
                         r"|procent|km|meter|mensen|man|kinderen|huizen|woningen|gezinnen)\b")
# a house number with what may follow it: "12", "12a", "140 B", "22-B", "101-3", "33-35",
# "18-II", "9bis", "7 hs"
_HOUSE_NUMBER = (r"[1-9]\d{0,3}(?:-\d{1,4}(?:-?[a-zA-Z](?![\w]))?|[ -]?(?:III|II|IV)(?!\w)|-I(?!\w)"
                 r"|[ -]?bis(?!\w)|[^\S\n]+(?:hs|hg|bg|huis|boven|beneden|zw|rd)(?!\w)"
                 r"|[ -]?[a-zA-Z](?![\w]))?(?![\w]|[.,-]\d)")
_ADDRESS = re.compile(
    rf"{_STREET}(?:,?[^\S\n]+(?i:huisnummer|nummer|nr\.?|no\.?))?[^\S\n]+{_HOUSE_NUMBER}")
# what may follow the digits an address candidate (deduce's) ends on: "-3", "-B", "bis"
_NUMBER_SUFFIX = re.compile(r"(?:-\d{1,4}(?:-?[a-zA-Z])?|-?(?:III|II|IV|I)|-?[a-zA-Z]|[ -]?bis)"
                            r"(?![\w]|[.,-]\d)")


_STREET_WORDS_BEFORE = re.compile(
    r"(?:(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|van|de|der|den|ter|ten|het|['’]t)[^\S\n]+){1,3}$")
_STREET_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "het", "'t", "’t"})
#: Words before a particle in a street name ("Burgemeester de Vrieslaan", "Graaf van ...").
STREET_TITLES = frozenset({
    "burgemeester", "burg", "graaf", "gravin", "jonkheer", "prins", "prinses", "koning",
    "koningin", "hertog", "pastoor", "dominee", "ds", "dokter", "dr", "mr", "meester",
    "professor", "prof", "generaal", "kapitein", "admiraal", "sint", "st", "pater", "vrouwe"})


#: The rank of an address: it wins over a key name inside it ("Gijs Bakkerlaan 3" for a
#: Gijs in the key), as the longer candidate of the same rank.
ADDRESS_RANK = 2
# a street named by a preposition and a word, without a street type, common in the south
# and east: "Op de Heide 9", "Aan de Beek 12b", "In 't Veld 3", "Achter de Hoven 5"
_PREPOSITIONAL_STREET = re.compile(
    r"(?<![\w-])(?:Op|Aan|In|Achter|Onder|Over|Boven|Voor|Bij|Langs|Tussen|Buiten|Binnen)"
    rf"(?:{_SPACE}(?:de|den|der|het|['’]t))?{_SPACE}[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+"
    r"[^\S\n]+(?!(?:19|20)\d\d(?!\d))[1-9]\d{0,3}(?:[ -]?[a-zA-Z](?![\w]))?(?![\w]|[.,-]\d)")
_POSTCODE_AFTER = re.compile(r",?[^\S\n]+[1-9]\d{3}[^\S\n]?[A-Za-z]{2}(?!\w)")


def prepositional_streets(text: str) -> list[tuple[int, int]]:
    """Spans of addresses whose street is a preposition and a name ("Op de Heide 9"): with a
    capital preposition inside a sentence, or followed by a postcode; not "In de Hal 3
    jaar".

    Examples
    --------
    >>> text = "Ze woont Op de Heide 14, en haar zus In de Bongerd 3, 6412 AB."
    >>> [text[s:e] for s, e in prepositional_streets(text)]
    ['Op de Heide 14', 'In de Bongerd 3']
    >>> prepositional_streets("Ik zat. Op de Markt 3 keer gezien. Op de Weide 2 is fijn.")
    []
    """
    out = []
    for m in _PREPOSITIONAL_STREET.finditer(text):
        if _UNIT_AFTER.match(text, m.end()):
            continue
        if not _sentence_initial(text, m.start()) or _POSTCODE_AFTER.match(text, m.end()):
            out.append(m.span())
    return out


#: Street type words that also stand as a word of their own in a street's name: "Nieuwe
#: Markt", "Kalsdonkse Hof", "Laan van Meerdervoort", "Hof van Holland", "Hoge Esch".
STREET_TYPE_WORDS = ("Straat", "Laan", "Weg", "Plein", "Singel", "Gracht", "Kade", "Dijk",
                     "Dreef", "Steeg", "Hof", "Pad", "Park", "Markt", "Baan", "Plantsoen",
                     "Wal", "Poort", "Haven", "Brink", "Erf", "Esch", "Akker", "Weide", "Dam",
                     "Vest", "Veste", "Kamp", "Boulevard", "Allee", "Ring", "Promenade",
                     "Passage", "Hoven", "Oord", "Wetering", "Heuvel")
_TYPE_WORD = rf"(?:{'|'.join(STREET_TYPE_WORDS)})"
_NAME_WORD_CAP = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ'’]+)*"
# "Nieuwe Markt 33-35", "Kalsdonkse Hof 7": one or two capitalised words, then the type word
_WORDS_THEN_TYPE = re.compile(
    rf"(?<![\w-]){_NAME_WORD_CAP}(?:{_SPACE}{_NAME_WORD_CAP})?{_SPACE}{_TYPE_WORD}"
    rf"(?:,?{_SPACE}(?i:nummer|nr\.?))?{_SPACE}{_HOUSE_NUMBER}")
# "Laan van Henegouwen 101-3", "Hof van Kalsdonk 3", "Plein de Vrijheid 2"
_TYPE_THEN_WORDS = re.compile(
    rf"(?<![\w-]){_TYPE_WORD}(?:{_SPACE}(?:van|de|der|den|het|ten|ter|['’]t|op|aan)){{1,2}}"
    rf"(?:{_SPACE}{_NAME_WORD_CAP}){{1,2}}(?:,?{_SPACE}(?i:nummer|nr\.?))?{_SPACE}{_HOUSE_NUMBER}")
# any capitalised street name with a house number when a postcode follows: "Hoge Esch 22-B,
# 4708 CD" (a postcode after a number is an address's)
_WORDS_NUMBER_POSTCODE = re.compile(
    rf"(?<![\w-]){_NAME_WORD_CAP}(?:{_SPACE}(?:(?:van|de|der|den|het|['’]t){_SPACE})*"
    rf"{_NAME_WORD_CAP}){{0,2}}{_SPACE}{_HOUSE_NUMBER}(?=,?[^\S\n]+[1-9]\d{{3}}[^\S\n]?[A-Z]{{2}}(?!\w))")


def street_word_addresses(text: str) -> list[tuple[int, int]]:
    """Spans of addresses whose street type is a word of its own ("Nieuwe Markt 3", "Laan van
    Henegouwen 101-3") or whose street, of any form, is followed by a house number and a
    postcode ("Hoge Esch 22-B, 4708 CD"); not "Grote Markt 3 keer" or a street after
    which a function word starts the name ("Het", "Op").

    Examples
    --------
    >>> text = ("Ze woont op de Brede Hof 14, hij aan de Laan van Ommeren 8-II en "
    ...         "zij op Lange Akkers 3, 5611 AB.")
    >>> [text[s:e] for s, e in street_word_addresses(text)]
    ['Brede Hof 14', 'Laan van Ommeren 8-II', 'Lange Akkers 3']
    >>> street_word_addresses("Op de Grote Markt 3 keer geweest. In Januari 12 mensen.")
    []
    """
    out: list[tuple[int, int]] = []
    for pattern in (_WORDS_THEN_TYPE, _TYPE_THEN_WORDS, _WORDS_NUMBER_POSTCODE):
        for m in pattern.finditer(text):
            start = m.start()
            toks = _tokens(text, start, m.end())
            while toks and toks[0][2].lower() in _stop_words():
                toks = toks[1:]                              # "Het Lange Hof": from "Lange"
            if not toks or not toks[0][2][:1].isupper() or _UNIT_AFTER.match(text, m.end()):
                continue
            words = [t[2] for t in toks if t[2][:1].isalpha()]
            if pattern is _WORDS_NUMBER_POSTCODE and any(w.lower() in MONTHS for w in words):
                continue
            start = toks[0][0]
            if not any(s < m.end() and start < e for s, e in out):
                out.append((start, m.end()))
    return sorted(out)


def extend_house_number(text: str, end: int) -> int:
    """The end of an address after the letters or numbers that follow its house number
    ("Laan 101" of "Laan 101-3", "Hof 9" of "Hof 9bis").

    Examples
    --------
    >>> text = "Kerkweg 101-3 en Dorpsstraat 9bis, Hoofdweg 4."
    >>> [text[:extend_house_number(text, 11)], text[17:extend_house_number(text, 30)]]
    ['Kerkweg 101-3', 'Dorpsstraat 9bis']
    >>> extend_house_number(text, text.index(".") )
    45
    """
    if end == 0 or not text[end - 1].isdigit():
        return end
    m = _NUMBER_SUFFIX.match(text, end)
    return m.end() if m else end


def _street_name_start(text: str, start: int) -> int:
    """Where a street name of several words starts: "Burgemeester de Vrieslaan 4",
    "Van Goghstraat 12" (not "in de", "Op" or another word that merely precedes it)."""
    m = _STREET_WORDS_BEFORE.search(text, max(0, start - 60), start)
    if m is None:
        return start
    toks = _tokens(text, m.start(), start)
    while toks and (toks[0][2][:1].islower() or toks[0][2].lower() in _stop_words()
                    and toks[0][2].lower() not in _STREET_PARTICLES):
        toks = toks[1:]
    # a lower-case particle belongs to the street only after a title ("Burgemeester van
    # Nispenstraat"); else it is "from": "mevrouw de Vries van Ribeslaan 45"
    for j in range(len(toks) - 1, 0, -1):
        if toks[j][2] in _STREET_PARTICLES and toks[j - 1][2].lower().rstrip(".") not in STREET_TITLES:
            toks = toks[j + 1:]
            break
    start = toks[0][0] if toks else start
    if title := _LOWER_STREET_TITLE.search(text, max(0, start - 40), start):
        start = title.start()               # "burgemeester van der weijdenstraat 4" in lower case
    return start


_LOWER_STREET_TITLE = re.compile(
    rf"(?<![\w-])(?:{'|'.join(sorted(STREET_TITLES, key=len, reverse=True))})\.?"
    rf"(?:{_SPACE}(?:van|de|der|den|ter|ten))*{_SPACE}$")


def _phone_digits_ok(digits: str) -> bool:
    """Ten digits, or a service number: 0800/0900/0906/0909 and 4 to 7 digits.

    Examples
    --------
    >>> _phone_digits_ok("0612345678"), _phone_digits_ok("08001234"), _phone_digits_ok("12345678")
    (True, True, False)
    """
    if digits[:4] in ("0800", "0900", "0906", "0909"):
        return 8 <= len(digits) <= 11
    return len(digits) == 10


def _bsn_ok(value: str) -> bool:
    """The eleven test of a citizen service number (BSN).

    Examples
    --------
    >>> _bsn_ok("123456782"), _bsn_ok("123456789"), _bsn_ok("1234.56.782")
    (True, False, True)
    """
    digits = [int(c) for c in value if c.isdigit()]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8])) - digits[8]
    return total % 11 == 0 and any(digits)


def _iban_ok(value: str) -> bool:
    v = value.replace(" ", "").upper()
    digits = "".join(str(int(c, 36)) for c in v[4:] + v[:4])
    return int(digits) % 97 == 1


def _norm(category: str, text: str) -> str:
    if category == "phone":
        digits = re.sub(r"\D", "", text.replace("(0)", ""))
        return "0" + digits[2:] if digits.startswith("31") else (
            "0" + digits[4:] if digits.startswith("0031") else digits)
    if category in ("iban", "postcode", "bsn", "id"):
        return re.sub(r"[\s.]", "", text).upper()
    if category == "url":
        return re.sub(r"^(?:https?://)?(?:www\.)?", "", text.lower()).rstrip("/")
    return " ".join(text.lower().split())


def _email_spans(text: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses, found from their "@" (fast)."""
    out: list[tuple[int, int]] = []
    at = text.find("@")
    while at > 0:
        start = at
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
            start -= 1
        m = _EMAIL.match(text, start) if not out or start >= out[-1][1] else None
        if m is not None:
            out.append(m.span())
        at = text.find("@", at + 1)
    return out


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses: with ``http(s)://`` or ``www.``, a lower-case domain
    with a known top-level domain (``wijkkaart-voorbeeld.nl/contact``), or with any
    top-level domain when a path follows (``forms.gle/buurtkeuken``).

    Examples
    --------
    >>> text = "Kijk op buurtkeuken.nl of forms.gle/aanmelden, niet op 3.5/10."
    >>> [text[s:e] for s, e in _url_spans(text)]
    ['buurtkeuken.nl', 'forms.gle/aanmelden']
    """
    out = [m.span() for m in _URL_SCHEME.finditer(text)]
    end = -1
    for hit in _URL_TLD.finditer(text):
        if hit.start() < end:
            continue
        start = hit.start()
        while start > 0 and (text[start - 1].islower() or text[start - 1].isdigit()
                             or text[start - 1] in ".-"):
            start -= 1
        while start < hit.start() and text[start] == ".":
            start += 1
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_@/.-"):
            continue
        m = _URL_BARE.match(text, start)
        if m is not None and not any(s <= m.start() < e for s, e in out):
            out.append(m.span())
            end = m.end()
    for m in _URL_PATH.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in out):
            out.append(m.span())
    return sorted(out)


def _pattern_candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []

    def add(start: int, end: int, category: str) -> None:
        out.append(_Cand(start, end, category, _norm(category, text[start:end]), "pattern", 0))

    for start, end in _email_spans(text):
        add(start, end, "email")
    for start, end in _url_spans(text):
        while end > start and text[end - 1] in ".,;:!?)]}'\"":
            end -= 1
        add(start, end, "url")
    for m in _PHONE_INT.finditer(text):
        add(m.start(), m.end(), "phone")
    for m in _PHONE_NAT.finditer(text):
        if _phone_digits_ok(re.sub(r"\D", "", m.group())):
            add(m.start(), m.end(), "phone")
    for m in _PHONE_MUNICIPAL.finditer(text):
        add(m.start(), m.end(), "phone")
    for m in _POSTCODE.finditer(text):
        add(m.start(), m.end(), "postcode")
    for m in _POSTCODE_LOWER_SPACED.finditer(text):     # "Akkerweg 33a, 7005 rb"
        if _POSTCODE_CONTEXT.search(text, max(0, m.start() - 30), m.start()):
            add(m.start(), m.end(), "postcode")
    for m in _IBAN_NL.finditer(text):
        add(m.start(), m.end(), "iban")
    for m in _IBAN.finditer(text):
        if _iban_ok(m.group()):
            add(m.start(), m.end(), "iban")
    street_ends = _STREET_ENDS + tuple(f"{w[:-1]}," for w in _STREET_ENDS)   # "straat, nummer 4"
    for start, end in _find_all(_plain_spaces(text), street_ends):
        if not _NUMBER_AHEAD.match(text, end - 1):
            continue
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-"):
            start -= 1
        m = _ADDRESS.match(text, start)
        if m is not None and (start == 0 or not text[start - 1].isalnum()) \
                and not _UNIT_AFTER.match(text, m.end()):
            start = _street_name_start(text, start)
            out.append(_Cand(start, m.end(), "address", _norm("address", text[start:m.end()]),
                             "pattern", ADDRESS_RANK))
    for start, end in prepositional_streets(text) + street_word_addresses(text):
        out.append(_Cand(start, end, "address", _norm("address", text[start:end]), "pattern",
                         ADDRESS_RANK))
    for m in _BSN.finditer(text):          # the eleven test, or "BSN" just before it
        if _bsn_ok(m.group()) or _BSN_WORD.search(text, max(0, m.start() - 40), m.start()) \
                and m.group().isdigit():
            add(m.start(), m.end(), "bsn")
    for m in _BSN_LOOSE.finditer(text):
        if not _BSN.fullmatch(m.group()) and _BSN_WORD.search(text, max(0, m.start() - 40),
                                                               m.start()):
            add(m.start(), m.end(), "bsn")
    return out


# ------------------------------------------------------------------ organisations


#: Allowed values of the ``organisations`` and ``dates`` options.
ORGANISATION_POLICIES = ("keep", "generalise", "replace")
DATE_POLICIES = ("keep", "month", "year")

#: Un-numbered tag per organisation type (``organisations="generalise"``), tried in this
#: order on the word that names the type ("Zorggroep", "Welzijn", "CBS"); the first
#: pattern that matches wins, ``ORGANISATIE`` when none does.
ORGANISATION_TYPES = (
    (r"huisarts", "HUISARTSENPRAKTIJK"),
    (r"hogeschool|universiteit|^roc$|^mbo|academie", "ONDERWIJSINSTELLING"),
    (r"welzijn", "WELZIJNSORGANISATIE"),
    (r"woonzorg|zorg|ziekenhuis|kliniek|verpleeg|apotheek|fysio|tandarts|verlosk|gezondheid"
     r"|ggz|praktijk|therapie", "ZORGORGANISATIE"),
    (r"woon|wonen|woning", "WONINGCORPORATIE"),
    (r"^(?:cbs|obs|pcbs|rkbs|ikc)$|school|scholen|kindcentrum|college|lyceum|gymnasium", "SCHOOL"),
    (r"vereniging|^(?:vv|v\.v\.|sv|s\.v\.|[a-z]{1,3}[cv])$|club|belang$|^(?:rotary|lions|kiwanis|soroptimist"
     r"|zonta|harmonie|fanfare|scouting|gilde)|koor$", "VERENIGING"),
    (r"bedrijf|combinatie|bureau|^(?:b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?|holding|bouw|advies|vastgoed)$"
     r"|makelaardij|kapsalon|bakkerij|slagerij|drukkerij|garage|shop$|salon$|^(?:kitchen"
     r"|beauty|nails|hair|catering|design|media|services|solutions|group|company|store|fashion"
     r"|studio|events|coaching|foods|schoonmaak|techniek|transport|verhuur|service|makelaars"
     r"|advocaten|notarissen|accountants|architecten|hoveniers)$|restaurant|hotel|camping"
     r"|supermarkt|cafetaria|snackbar|brasserie|pizzeria|fabriek|eethuis|theehuis|market$|bakery$"
     r"|barbershop$", "BEDRIJF"),
    (r"stichting", "STICHTING"),
)

_UPPER = "A-ZÀ-ÖØ-Þ"
_ORG_WORD = rf"(?:[{_UPPER}][\w'’&-]*|['’]\d\d(?!\w))"     # also a club's year: '71
_ORG_JOIN = r"(?:van|de|der|den|het|voor|te|ter|ten|aan|&|['’]t)"
_ORG_ARTICLE = r"(?:[Dd]e|[Hh]et|['’]t)"
_ORG_NAME = (rf"(?:{_ORG_ARTICLE}{_SPACE})?{_ORG_WORD}"
             rf"(?:(?:{_SPACE}{_ORG_JOIN})*{_SPACE}{_ORG_WORD}){{0,3}}")
# a word that names the type, then the name: "Stichting Buurtkracht", "CBS De Wegwijzer"
_ORG_DESIGNATOR = re.compile(
    r"(?i:\w*stichting|\w*vereniging|zorggroep|thuiszorg|\w*praktijk|hogeschool|universiteit"
    r"|\w*school|\w*centrum|buurthuis|dorpshuis|verpleeghuis|\w*coöperatie|woningcorporatie"
    r"|wooncorporatie|\w*opvang|speeltuin|museum|theater|café|zwembad|sporthal|apotheek|\w*bedrijf|\w*combinatie|kapsalon|bakkerij|slagerij"
    r"|drukkerij|garage|welzijn|ziekenhuis|\w*kerk|moskee|voedselbank|kledingbank|bibliotheek"
    r"|kinderdagverblijf|peuterspeelzaal|\w*club|\w*belang|zorgboerderij|\w*fonds|\w*loket"
    r"|\w*bureau|\w*kantoor|\w*winkel|\w*bedrijfje|(?:jongeren|wijk|club|taal|buurt|zorg)huis"
    r"|\w+shuis|\w*platform|\w*netwerk|\w*collectief|\w+shop|\w+salon|\w+bank|fysio"
    r"|fysiotherapie|kinderopvang|\w*project|\w*café|restaurant|hotel|camping|supermarkt|cafetaria"
    r"|snackbar|brasserie|pizzeria|kinderboerderij|manege|harmonie|fanfare|\w*koor|scouting|gilde"
    r"|dorpsraad|wijkraad|buurtraad|parochie|\w*hospice|huisartsenpost|\w*fabriek|scholengroep"
    r"|scholengemeenschap|eethuis|theehuis"
    r"|(?:pinkster|baptisten|evangelie|geloofs|broeder|volle-evangelie)gemeente)"
    r"|CBS|OBS|PCBS|RKBS|IKC|ROC|BSO|[VvSs][Vv]|[VvSs]\.[Vv]\.|SC|FC|RKSV|HC|KV"
    # a club's acronym ends in C (club) or V (vereniging): "ZPC", "MHC", "TTV", "RKVV"
    r"|(?!UMC|ROC|TV)[A-Z]{1,3}[CV]"
    r"|Rotary|Lions|Kiwanis|Soroptimist(?:en)?|Zonta")
# how those words end, looked for with str.find in the lower-cased text (fast): the whole
# word is then checked with _ORG_DESIGNATOR and the name after it with _ORG_AFTER
_ORG_DESIGNATOR_ENDS = (
    "stichting ", "vereniging ", "praktijk ", "school ", "centrum ", "buurthuis ", "dorpshuis ",
    "verpleeghuis ", "coöperatie ", "corporatie ", "opvang ", "speeltuin ", "museum ",
    "theater ", "café ", "zwembad ", "sporthal ", "apotheek ", "bedrijf ",
    "combinatie ", "kapsalon ", "bakkerij ", "slagerij ", "drukkerij ", "garage ", "zorggroep ",
    "thuiszorg ", "universiteit ", "welzijn ", "ziekenhuis ", "kerk ", "moskee ", "voedselbank ",
    "kledingbank ",
    "bibliotheek ", "kinderdagverblijf ", "peuterspeelzaal ", "club ", "belang ", "zorgboerderij ",
    "cbs ", "obs ", "ikc ", "roc ", "bso ", "vv ", "sv ", "v.v. ", "s.v. ", "fonds ", "loket ",
    "bureau ", "kantoor ", "winkel ", "bedrijfje ", "huis ", "sc ", "fc ", "rksv ", "hc ", "kv ",
    "platform ", "netwerk ", "collectief ", "shop ", "salon ", "bank ", "fysio ", "therapie ",
    "project ", "restaurant ", "hotel ", "camping ", "supermarkt ", "cafetaria ",
    "snackbar ", "brasserie ", "pizzeria ", "kinderboerderij ", "manege ", "harmonie ",
    "fanfare ", "koor ", "scouting ", "gilde ", "raad ", "parochie ", "hospice ", "rotary ",
    "lions ", "kiwanis ", "soroptimist ", "soroptimisten ", "zonta ", "post ", "fabriek ",
    "groep ", "gemeenschap ", "gemeente ", "c ", "v ")
_ORG_AFTER = re.compile(rf"{_SPACE}(?P<name>{_ORG_NAME})")
_LOWER_NAME_AFTER = re.compile(rf"{_SPACE}([a-zà-öø-ÿ]{{4,}})(?![\w'’-])")
# the name, then a capitalised word that names the type: "Vaart Welzijn", "Jansen B.V."
_ORG_SUFFIX = re.compile(
    r"(?:Welzijn|Wonen|Woondiensten|Zorg|Zorggroep|Thuiszorg|College|Lyceum"
    r"|Gymnasium|Ziekenhuis|Kliniek|Academie|Huisartsen|Kinderopvang|Apotheek|Fysiotherapie"
    r"|Tandartsen|Holding|Bouw|Advies|Makelaardij|Vastgoed"
    # the English words of small businesses' names: "Suus Nails & Beauty", "Yildiz Catering"
    r"|Kitchen|Beauty|Nails|Hair|Catering|Design|Media|Services|Solutions|Group|Company"
    r"|Store|Fashion|Studio|Events|Coaching|Foods|Schoonmaak|Techniek|Transport|Verhuur"
    r"|Groep|Makelaars|Advocaten|Notarissen|Accountants|Architecten|Hoveniers"
    r"|Market|Supermarket|Bakery|Barbershop"
    r"|B\.V\.|N\.V\.|V\.O\.F\.|BV|NV|VOF|&[^\S\n]+(?:Co|Zn|Zonen|Partners)|Camii|Cami)"
    r"(?![\w]|\.\w)")
# a national organisation: "Zorgkracht Nederland", "Buurtzorg Nederland" (not "Oost Nederland")
_ORG_NATIONAL = re.compile(rf"(?P<name>[{_UPPER}][a-zà-öø-ÿ]+(?:{_SPACE}[{_UPPER}][a-zà-öø-ÿ]+)?)"
                           rf"{_SPACE}Nederland(?![\w-])")
# how a regional organisation's name may end: "Spaarbank Tholen en Omstreken"
_ORG_REGION_END = re.compile(rf"(?:{_SPACE}(?:en|&){_SPACE}[Oo]mstreken|{_SPACE}e\.o\.)(?![\w])")
_COMPASS_AFTER = re.compile(r"[^\S\n]+(?:Noord|Zuid|Oost|West|Centrum)(?![\w'’-])")
_ORG_NAME_BEFORE = re.compile(
    rf"(?<![\w-]){_ORG_WORD}(?:{_SPACE}(?:&{_SPACE})?{_ORG_WORD}){{0,2}}(?:{_SPACE}&)?{_SPACE}$")
# one or two capitalised words right before a capitalised type word: "Taal Café",
# "Tandartsen Coöperatie"
_CAPITALS_BEFORE = re.compile(rf"(?<![\w-])[{_UPPER}][\w'’-]*(?:{_SPACE}[{_UPPER}][\w'’-]*)?{_SPACE}$")


#: Type words that in lower case are mostly ordinary nouns ("een eigen restaurant Syrisch
#: en Nederlands"): in lower case a name follows them with an article ("restaurant De
#: Smulpot") or is one word that is no Dutch word, language or nationality ("het project
#: Buurtpraat").
_WEAK_DESIGNATOR = re.compile(
    r"restaurant|hotel|camping|supermarkt|cafetaria|snackbar|brasserie|pizzeria|\w*café"
    r"|kinderboerderij|manege|harmonie|fanfare|\w*koor|scouting|gilde|parochie|\w*project|\w*platform"
    r"|\w*netwerk|\w*collectief|\w+bank|fysio|\w+shop|\w+salon")


_NATIONALITY_ENDING = re.compile(r"(?i)\w{3,}(?:ees|isch|iaans|aans|aams)")


@lru_cache(maxsize=1)
def _language_names() -> frozenset[str]:
    """Dutch names of languages ("Turks", "Tigrinya"; babel's, when it is installed)."""
    try:
        from babel import Locale
    except ImportError:                                 # pragma: no cover
        return frozenset()
    return frozenset(n.lower() for n in Locale("nl").languages.values())


def _language_or_nationality(word: str) -> bool:
    """A language or nationality adjective ("Turks", "Eritrees", "Surinaams"): capitalised
    in Dutch, but no name.

    Examples
    --------
    >>> [_language_or_nationality(w) for w in ("Turks", "Eritrees", "Surinaams", "Buurtpraat")]
    [True, True, True, False]
    """
    return word.lower() in _language_names() or _NATIONALITY_ENDING.fullmatch(word) is not None


def organisation_type(designator: str) -> str:
    """The un-numbered type tag of an organisation from the word that names its type.

    Examples
    --------
    >>> [organisation_type(w) for w in ("Zorggroep", "CBS", "Rotary", "Zonnewijzer")]
    ['ZORGORGANISATIE', 'SCHOOL', 'VERENIGING', 'ORGANISATIE']
    """
    low = designator.lower()
    return next((tag for pattern, tag in ORGANISATION_TYPES if re.search(pattern, low)),
                "ORGANISATIE")


def _name_words_ok(words: list[str], lower_designator: bool) -> bool:
    """Whether the words after (or before) a type word are a name, not ordinary speech.

    A single word may not be a Dutch function word ("stichting Maar ..."); after a
    lower-case type word the name may not start with a first name ("op school Marloes
    zag ...").
    """
    if not words:
        return False
    if lower_designator and _deduce_first_name(words[0]):
        return False
    return len(words) > 1 or words[0].lower() not in _stop_words()


def _trim_org_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an address after the name ("Jongerencentrum De Loods aan de Kalverdijkje") and
    trailing lower-case function words ("Stichting Buurtkracht en", not "Stichting Samen
    Verder")."""
    toks = _tokens(text, start, end)
    street = next((i for i in range(2, len(toks)) if toks[i - 1][2] in ("de", "het")
                   and toks[i - 2][2] in ("aan", "op", "in") and _STREET_WORD.search(toks[i][2])), None)
    if street is not None:
        toks = toks[:street - 2]
    while len(toks) > 1 and toks[-1][2] in _stop_words() | INTERFIXES:
        toks = toks[:-1]
    return start, toks[-1][1] if toks else end


class Organisation(NamedTuple):
    """An organisation name found in a text: ``text[start:end]``, its type tag and its
    name without the type word (``De Wegwijzer`` of ``CBS De Wegwijzer``)."""

    start: int
    end: int
    type: str
    name: str


# (the regexes below start with a literal, not a look-behind: Python then scans for it fast)
_ORG_BY_ARTICLE = re.compile(
    rf"(?P<article>De|Het|['’]t){_SPACE}(?P<rest>{_ORG_WORD}(?:{_SPACE}{_ORG_WORD}){{0,2}})")
_STREET_WORD = re.compile(r"(?i)\w(?:straat|laan|weg|plein|singel|gracht|kade|dijk|dreef|steeg"
                          r"|hof|pad|park|markt|baan|plantsoen|wal|poort)(?:je)?$")


# a brand-like word with a capital inside, and a compass word or place after it
_CAMEL_CASE = re.compile(r"[A-Z][a-z]{2,}[A-Z][a-z]{2,}(?![\w'’-])"
                         r"(?:[^\S\n]+(?:Noord|Zuid|Oost|West|Centrum)(?![\w'’-]))?")
# one capitalised compound that names a church or school: "de Ontmoetingskerk"
_NAMED_BUILDING = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2,}(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ]+)*-?"
                             r"(?:kerk|kapel|moskee|school|kliniek|college|lyceum|gymnasium|centrum"
                             r"|academie)(?![\w-])")
#: Endings of _NAMED_BUILDING whose first part must be a name, no Dutch word: "het
#: Berkhovencollege", not "het Jongerencentrum".
_NAME_PREFIX_ENDINGS = ("college", "lyceum", "gymnasium", "centrum", "academie")
_COMPASS_REGION = re.compile(r"(?:Noord|Zuid|Oost|West|Midden)-[A-Z]\w+")
_COMPASS_WORD = re.compile(r"(?:Noord|Zuid|Oost|West|Midden)(?:-\w+)?|Centrum")


def _building_prefix_ok(word: str) -> bool:
    """Whether a compound of _NAMED_BUILDING is a name: for the endings of
    _NAME_PREFIX_ENDINGS its first part is no Dutch word ("Berkhovencollege", not
    "Stadscollege")."""
    ending = next((e for e in _NAME_PREFIX_ENDINGS if word.endswith(e)), None)
    if ending is None:
        return True
    prefix = word[:-len(ending)].rstrip("-")
    return len(prefix) > 2 and not (_is_dutch_word(prefix) or prefix.endswith("s")
                                    and _is_dutch_word(prefix[:-1]))


def _name_start_before(text: str, start: int) -> int:
    """Where an organisation name starts when one or two capitalised words precede its
    capitalised type word inside a sentence ("Taal Café Zuid", "Tandartsen Coöperatie
    Oost"); else ``start``."""
    if not text[start:start + 1].isupper() or _sentence_initial(text, start):
        return start
    m = _CAPITALS_BEFORE.search(text, max(0, start - 50), start)
    if m is None:
        return start
    toks = _tokens(text, m.start(), start)
    while toks and (toks[0][2].lower() in _stop_words() | TITLES | INTERFIXES
                    or _sentence_initial(text, toks[0][0])):
        toks = toks[1:]
    if not toks or any(t[2].lower() in _stop_words() | TITLES for t in toks):
        return start
    return toks[0][0]


def _with_region(text: str, org: Organisation) -> Organisation:
    """The organisation with "en Omstreken" or "e.o." after its name, when there."""
    m = _ORG_REGION_END.match(text, org.end)
    return org._replace(end=m.end(), name=org.name + m.group()) if m else org


# "bij Kansrijk Kind", "van Gelders Erf": two or three capitalised words after "bij"...
_ORG_AFTER_PREPOSITION = re.compile(
    rf"(?:bij|van|via|voor){_SPACE}(?P<name>[{_UPPER}][a-zà-öø-ÿ]+(?:{_SPACE}[{_UPPER}][a-zà-öø-ÿ]+){{1,2}})"
    r"(?![\w'’-])")


def _org_word_no_name(word: str, keep_words: frozenset[str]) -> bool:
    """A capitalised word of an organisation's name that is no person's or place's name."""
    low = word.lower()
    return not (low in keep_words or low in WIDE_PLACES or low in _stop_words()
                or _deduce_first_name(word) or _deduce_surname(word) or _deduce_place(word))


def _article_name_ok(text: str, m: re.Match, keep_words: frozenset[str]) -> bool:
    """Whether "De Kiezel" inside a sentence is an organisation's name: the capital
    article and name are no surname ("De Vries"), place, street or kept place."""
    words = m.group("rest").split()
    first = words[0]
    if _sentence_initial(text, m.start()) or first.lower() in _stop_words():
        return False
    if all(w.lower() in keep_words | WIDE_PLACES for w in words):
        return False
    if any(_STREET_WORD.search(w) for w in words):
        return False
    if m.group("article") != "Het" and _deduce_surname_after_interfix(first):
        return False
    return not _deduce_place(" ".join([m.group("article"), *words]))


def find_organisations(text: str, keep_words: frozenset[str] = frozenset(),
                       ) -> list[Organisation]:
    """The organisation names the Dutch patterns find.

    A name is a type word followed by capitalised words (``Stichting Buurtkracht``,
    ``basisschool De Wegwijzer``, ``CBS 't Kompas``, ``vv Oranje Boys``), capitalised
    words followed by a capitalised type word (``Vaart Welzijn``, ``Jansen B.V.``), one
    capitalised compound naming a church or school (``de Ontmoetingskerk``; not a
    dictionary word such as ``Basisschool``) or a capitalised article inside a sentence
    followed by capitalised words (``van De Kiezel``; not a surname such as ``De Vries``,
    a place, a street or a place in ``keep_words``).
    Generic references (``de gemeente``, ``het wijkteam``, ``de school``) have no name
    and are never found. Matches may overlap; the caller keeps the longest.

    Examples
    --------
    >>> text = "Via Stichting Buurtkracht en Vaart Welzijn, niet via de school."
    >>> [(text[o.start:o.end], o.type, o.name) for o in find_organisations(text)]
    [('Stichting Buurtkracht', 'STICHTING', 'Buurtkracht'), \
('Vaart Welzijn', 'WELZIJNSORGANISATIE', 'Vaart Welzijn')]
    """
    out = []
    for start, end in _designators(text):
        designator = text[start:end]
        if text[end] == ",":           # "een bewonersvereniging, Kalsdonk Vooruit, met ..."
            m = _ORG_AFTER.match(text, end + 1)
            if m is not None and all(w[:1].isupper() for w in m.group("name").split()) \
                    and _name_words_ok(m.group("name").split(), True):
                s, e = _trim_org_name(text, m.start("name"), m.end())
                out.append(Organisation(s, e, organisation_type(designator), text[s:e]))
            continue
        m = _ORG_AFTER.match(text, end)
        weak = designator[:1].islower() and _WEAK_DESIGNATOR.fullmatch(designator) is not None
        if m is None:
            if weak:
                continue
            if (m := _LOWER_NAME_AFTER.match(text, end)) and not _is_dutch_word(m.group(1)):
                out.append(Organisation(start, m.end(), organisation_type(designator),
                                        m.group(1)))                 # "stichting kindante"
            continue
        words = [w for w in m.group("name").split() if w[:1].isupper()]
        has_article = re.match(_ORG_ARTICLE + _SPACE, m.group("name")) is not None
        if not has_article and (not _name_words_ok(words, designator[:1].islower()) or weak and (
                all(_is_dutch_word(w) for w in words)          # "nagelsalon Glanzend Roze"
                or any(_language_or_nationality(w) for w in words))):
            continue
        s, e = _trim_org_name(text, start, m.end())
        out.append(Organisation(_name_start_before(text, s), e, organisation_type(designator),
                                " ".join(text[m.start("name"):e].split())))
    for m in _ORG_SUFFIX.finditer(text):
        if not text[m.start() - 1:m.start()].isspace():
            continue
        before = _ORG_NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if before is None:
            continue
        toks = _tokens(text, before.start(), m.start())
        while len(toks) > 1 and (toks[0][2].lower() in _stop_words() | INTERFIXES
                                 or not toks[0][2][:1].isupper()):
            toks = toks[1:]
        s = toks[0][0]
        e = m.end()
        if compass := _COMPASS_AFTER.match(text, e):         # "Montessori College Noord"
            e = compass.end()
        out.append(Organisation(s, e, organisation_type(m.group()), " ".join(text[s:e].split())))
    for m in _NAMED_BUILDING.finditer(text):
        word = m.group()
        if (_word_start(text, m.start()) and not _sentence_initial(text, m.start())
                and not _is_dutch_word(word) and word.lower() not in keep_words
                and _building_prefix_ok(word)):
            out.append(Organisation(m.start(), m.end(), organisation_type(word), word))
    for m in _ORG_NATIONAL.finditer(text):
        words = m.group("name").split()
        if (_word_start(text, m.start()) and not _sentence_initial(text, m.start())
                and all(_org_word_no_name(w, keep_words) and w.lower() not in NOT_PLACES
                        and not _COMPASS_WORD.fullmatch(w) for w in words)):
            out.append(Organisation(m.start(), m.end(), organisation_type(words[0]), m.group()))
    for m in _ORG_AFTER_PREPOSITION.finditer(text):
        words = m.group("name").split()
        if (not _sentence_initial(text, m.start()) and _word_start(text, m.start())
                and not any(o.start < m.end() and m.start("name") < o.end for o in out)
                and all(_org_word_no_name(w, keep_words) for w in words)
                and not _deduce_place(m.group("name"))):
            out.append(Organisation(m.start("name"), m.end("name"), "ORGANISATIE",
                                    " ".join(words)))
    for m in _CAMEL_CASE.finditer(text):                # "WoonKracht West", "WestWijk"
        if (_word_start(text, m.start()) and m.group().lower() not in keep_words
                and m.group().split()[0].lower() not in NOT_PLACES):
            out.append(Organisation(m.start(), m.end(), organisation_type(m.group()), m.group()))
    for m in _ORG_BY_ARTICLE.finditer(text):
        if _word_start(text, m.start()) and _article_name_ok(text, m, keep_words):
            s, e = _trim_org_name(text, m.start(), m.end())
            out.append(Organisation(s, e, "ORGANISATIE", " ".join(text[s:e].split())))
    # names found from their context only where no type word or suffix found one
    out += [o for o in context_organisations(text, keep_words)
            + bare_designator_organisations(text, keep_words)
            + service_organisations(text, keep_words)
            if not any(f.start < o.end and o.start < f.end for f in out)]
    return sorted(_with_region(text, o) for o in out)


#: National agencies and generic services named by their acronym: no identifying name.
GENERIC_ACRONYMS = frozenset({"uwv", "svb", "ggd", "ggz", "duo", "cjg", "coa", "ind", "cak", "kvk",
                              "ns", "rivm", "umc", "azc", "wmo", "vng", "cbs", "mbo", "hbo", "wo",
                              "vmbo", "havo", "vwo", "roc", "bso", "tv", "ov", "pgb", "wij"})
_CONTEXT_NAME = rf"[{_UPPER}][\w'’&-]+(?:{_SPACE}[{_UPPER}][\w'’&-]+)?(?![\w'’-])"
# a name after words that tie someone or something to an organisation: found from "van",
# "bij" or "met" and a capital (fast), then the words before are checked
_AFFILIATION = re.compile(rf"(?:van|bij|met)(?<![\w-]...){_SPACE}(?:de{_SPACE}|het{_SPACE})?"
                          rf"(?P<name>{_CONTEXT_NAME})")
_BEFORE_AFFILIATION = {
    # "iemand van X", "subsidie van X", "de sloopplannen van X"; "Eva Smit van X",
    # "mevrouw Kok van X" (someone's full name or title and surname, then where they work)
    "van": re.compile(
        r"(?:(?<![\w-])(?i:iemand|mensen|medewerkers?|medewerkster|collega['’]?s?|directeur"
        r"|directie|coördinator|vrijwilligers?|bestuur|subsidie|bijdrage|geld|sponsoring"
        r"|\w*plannen|huurders|klanten|leden|namens)"
        rf"|(?<![\w-])(?:(?P<first>[{_UPPER}][a-zà-öø-ÿ]+)|(?i:mevrouw|meneer|juf|meester))"
        rf"{_SPACE}[{_UPPER}][\w'’-]+){_SPACE}$"),
    # "werkt bij X", "stage bij de X", "opleiding kok bij X", "een rekening bij de X"
    "bij": re.compile(
        r"(?<![\w-])(?i:werk|werkt|werkte|werkten|gewerkt|werken|stage|[\w-]*opleiding|dienst"
        r"|vrijwilliger|vrijwilligerswerk|klant|lid|rekening|ingeschreven|aangemeld|baan"
        r"|\w*regeling|contract|schulden?|\w*achterstand|abonnement"
        # a sport or lesson at a club: "voetbal bij X", "hij speelt bij X", "zwemles bij X"
        r"|voetbal|voetballen|voetbalt|hockey|hockeyen|hockeyt|tennis|tennissen|tennist|korfbal"
        r"|handbal|volleybal|basketbal|\w*les|zwemmen|zwemt|turnen|turnt|judo|judoën|atletiek"
        r"|speelt|speelde|speelden|traint|trainde|sport|sporten|sportte)"
        rf"(?:{_SPACE}[\w-]+){{0,2}}{_SPACE}$"),
    # a debt or contract with a company: "een betalingsregeling met Voltix"
    "met": re.compile(r"(?<![\w-])(?i:\w*regeling|contract|schulden?|\w*achterstand|abonnement)"
                      rf"{_SPACE}$"),
}


# a kind of service, not a name: "Jeugdzorg", "Schuldhulp", "Opbouwwerk"
_SECTOR_WORD = re.compile(r"(?i).*(?:zorg|hulp|hulpverlening|werk|welzijn|diensten?|opvang"
                          r"|onderwijs|verpleging|begeleiding|politie)")


def _context_word_ok(word: str, keep_words: frozenset[str]) -> bool:
    """A word of an organisation's name found from its context: no Dutch word, kind of
    service, person's or place's name; an acronym ("BZW") unless it is a generic agency
    ("UWV")."""
    low = word.lower()
    if word.isupper():
        return 2 <= len(word) <= 6 and low not in GENERIC_ACRONYMS | ABBREVIATIONS
    # a capital after a hyphen ("Groen-Wit", "Blauw-Zwart") is a name, not a dictionary word
    capitals_joined = re.fullmatch(rf"[{_UPPER}]\w+-[{_UPPER}]\w+", word) is not None
    return (len(word) > 2 and _org_word_no_name(word, keep_words)
            and (capitals_joined or not _is_dutch_word(word))
            and low not in GENERIC_ORG_WORDS and not _SECTOR_WORD.fullmatch(word)
            and not _first_name(word) and low not in _country_names()
            and low not in NOT_PLACES)


def context_organisations(text: str, keep_words: frozenset[str] = frozenset(),
                          ) -> list[Organisation]:
    """Organisations named without a type word, found from what ties them to people:
    "iemand van Zonnewijzer", "subsidie van Lindestad", "ik werk bij Brantax", "mijn
    rekening bij de Triobank", "een betalingsregeling met Voltix", "Eva Smit van Tulipo"
    (a name that is no Dutch word, kind of service, person's or place's name).

    Examples
    --------
    >>> text = "Er kwam iemand van Woonvlinder, en Sem werkt sinds kort bij Tulipo."
    >>> [text[o.start:o.end] for o in context_organisations(text)]
    ['Woonvlinder', 'Tulipo']
    >>> context_organisations("Ik kreeg geld van Hanneke en werk bij Deventer.")
    []
    """
    out = []
    for m in _AFFILIATION.finditer(text):
        before = _BEFORE_AFFILIATION[m.group()[:3]].search(text, max(0, m.start() - 60), m.start())
        first = before.groupdict().get("first") if before is not None else None
        if before is None or first and not _first_name(first):
            continue
        words = m.group("name").split()
        if all(_context_word_ok(w, keep_words) for w in words):
            out.append(Organisation(m.start("name"), m.end("name"), "ORGANISATIE", m.group("name")))
    return out


# a noun that names what an organisation is or does: "de schuldhulp", "de thuiszorg",
# "de vrijwilligerscentrale", "de Turkse supermarkt"
_ORG_NOUN = re.compile(
    r"(?i)\w*(?:zorg|hulp|hulpverlening|welzijn|diensten?|opvang|verpleging|begeleiding|centrale"
    r"|preventie|organisatie|instelling|stichting|vereniging|corporatie|verhuurder|aanbieder"
    r"|supermarkt|winkel|club|school|kerk|moskee|praktijk|kliniek|bedrijf|loket|centrum|fonds"
    r"|bank|opbouwwerk|buurtwerk|jongerenwerk|thuisadministratie|schuldhulpverlening|koepel)")
_ORG_NAME_WORDS = rf"[{_UPPER}][\w'’&-]+(?:{_SPACE}[{_UPPER}][\w'’&-]+){{0,2}}"
# "X, dat is de schuldhulp", "X, die is de thuiszorg hier"
_APPOSITION = re.compile(
    rf"(?P<name>{_ORG_NAME_WORDS}),{_SPACE}(?:dat|die){_SPACE}(?:is|zijn|was|waren){_SPACE}"
    rf"(?:de|het|een|onze|hun){_SPACE}(?P<noun>[\w-]+(?:{_SPACE}[\w-]+)?)")
# "X doet de (meeste) wijkverpleging", "de thuisadministratie doet X"
_DOES_SERVICE = re.compile(
    rf"(?P<name>{_ORG_NAME_WORDS}){_SPACE}(?:doet|doen|deed|deden|regelt|verzorgt|levert)"
    rf"{_SPACE}(?:de|het|ook|al|nu){_SPACE}(?:(?:meeste|hele|ook){_SPACE})?(?P<noun>[\w-]+)")
_SERVICE_DONE_BY = re.compile(
    rf"(?<![\w-])(?:de|het){_SPACE}(?P<noun>[\w-]+){_SPACE}(?:doet|doen|deed|regelt|verzorgt)"
    rf"{_SPACE}(?P<name>{_ORG_NAME_WORDS})(?![\w'’-])")


def _apposition_name_ok(text: str, start: int, words: list[str],
                        keep_words: frozenset[str]) -> bool:
    """A name said to be a service or organisation: no first name, kept or known place,
    title or function word; capitalised inside a sentence, or no Dutch word."""
    if any(w.lower() in keep_words | WIDE_PLACES | TITLES or w.lower() in _stop_words()
           or _deduce_first_name(w) or _first_name(w) and not w.isupper()
           or w.lower() in GENERIC_ACRONYMS or w.lower() in _country_names()
           or _deduce_place(w) or _language_or_nationality(w) for w in words):
        return False
    return not _sentence_initial(text, start) or not _is_dutch_word(words[0])


def _service_noun(words: str) -> bool:
    """Whether "jeugdpreventie van", "particuliere kliniek" names a service: the first word,
    or after an adjective ending in -e the second."""
    first, *rest = words.split()
    return _ORG_NOUN.fullmatch(first) is not None or (
        first.endswith("e") and bool(rest) and _ORG_NOUN.fullmatch(rest[0]) is not None)


def service_organisations(text: str, keep_words: frozenset[str] = frozenset(),
                          ) -> list[Organisation]:
    """Organisations named without a type word but said to be, or to do, a service: "met
    Kompasnet, dat is de schuldhulp hier", "Zorgkring doet de meeste wijkverpleging", "de
    thuisadministratie doet Hulpvaardig" (no first name, place or function word).

    Examples
    --------
    >>> text = ("We werken met Kompasnet, dat is de schuldhulp hier. Zorgkring doet de "
    ...         "meeste wijkverpleging, en de thuisadministratie doet Hulpvaardig.")
    >>> [text[o.start:o.end] for o in service_organisations(text)]
    ['Kompasnet', 'Zorgkring', 'Hulpvaardig']
    >>> service_organisations("Erik, dat is de wijkagent. Marja doet de zorg. Nou, dat is het werk.")
    []
    """
    out = []
    for pattern in (_APPOSITION, _DOES_SERVICE, _SERVICE_DONE_BY):
        for m in pattern.finditer(text):
            words = m.group("name").split()
            if (_word_start(text, m.start("name")) and _service_noun(m.group("noun"))
                    and _apposition_name_ok(text, m.start("name"), words, keep_words)):
                out.append(Organisation(m.start("name"), m.end("name"), "ORGANISATIE",
                                        " ".join(words)))
    return sorted(out)


# a lower-case type word that stands without an article, then its name: "via stichting
# samen sterk", "we hebben jongerencentrum the yard" (with an article it is generic: "de
# stichting", "het buurthuis")
_BARE_DESIGNATOR = re.compile(
    r"(?<![\w'’-])(?P<des>stichting|vereniging|\w+centrum|\w+shuis|(?:jongeren|buurt|wijk)huis"
    r"|\w+shop|\w+salon|\w+club|\w*platform|\w*collectief)"
    rf"(?P<name>(?:{_SPACE}[a-zà-öø-ÿ][\w'’&-]*){{1,3}})")


def bare_designator_organisations(text: str, keep_words: frozenset[str] = frozenset(),
                                  ) -> list[Organisation]:
    """Organisations in lower-case speech: a type word with no article or possessive
    before it, and the words after it up to a function word, at least one of them no
    Dutch word ("van stichting samen lindeveld die ...").

    Examples
    --------
    >>> text = "dat liep via stichting samen lindeveld die dat beheert, niet via de stichting zelf"
    >>> [text[o.start:o.end] for o in bare_designator_organisations(text)]
    ['stichting samen lindeveld']
    >>> bare_designator_organisations("ik ging naar jongerencentrum gisteren en toen")
    []
    """
    out = []
    for m in _BARE_DESIGNATOR.finditer(text):
        before = _LAST_WORD.search(text, max(0, m.start() - 20), m.start())
        if before is not None and before.group(1).lower() in DETERMINERS | {"die", "dat", "zijn",
                                                                               "m'n", "z'n", "d'r"}:
            continue
        toks = []
        for tok in _tokens(text, m.start("name"), m.end("name")):
            if tok[2].lower() in _stop_words() | INTERFIXES:
                break
            toks.append(tok)
            if text[tok[1]:tok[1] + 1] in ",.;:!?":
                break
        if toks and any(not _is_dutch_word(t[2]) or t[2] in keep_words for t in toks):
            out.append(Organisation(m.start(), toks[-1][1], organisation_type(m.group("des")),
                                    " ".join(text[m.start():toks[-1][1]].split())))
    return out


def _plain_spaces(text: str) -> str:
    """Tabs and no-break spaces as plain spaces (same offsets), for ``str.find``."""
    return text.replace("\t", " ").replace("\xa0", " ")


def _lower_same_length(text: str) -> str:
    """``text.lower()`` with the offsets of ``text`` ("İ" lower-cases to two characters)."""
    low = _plain_spaces(text).lower()
    return low if len(low) == len(text) else "".join(ch.lower()[:1] for ch in _plain_spaces(text))


def _find_all(text: str, needles: Iterable[str]) -> Iterable[tuple[int, int]]:
    """(start, end) of every occurrence of every needle (``str.find``: fast)."""
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            yield i, i + len(needle)
            i = text.find(needle, i + 1)


def _word_start(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_")


def _designators(text: str) -> list[tuple[int, int]]:
    """Spans of the words that name an organisation's type ("Stichting", "CBS", "vv")."""
    out = []
    needles = _ORG_DESIGNATOR_ENDS + tuple(f"{e[:-1]}," for e in _ORG_DESIGNATOR_ENDS)
    for start, end in _find_all(_lower_same_length(text), needles):
        end -= 1                                     # the space or comma after the word
        dotted = text[end - 1] == "."
        while start > 0 and (text[start - 1].isalnum() or dotted and text[start - 1] == "."):
            start -= 1
        if _word_start(text, start) and _ORG_DESIGNATOR.fullmatch(text, start, end):
            out.append((start, end))
    return sorted(set(out))


def _org_group(name: str) -> str:
    """The consistency key of an organisation name: lower case, without its article."""
    return re.sub(rf"^{_ORG_ARTICLE}\s+", "", " ".join(name.split()), flags=re.IGNORECASE).lower()


def _org_variants(name: str) -> list[str]:
    """The spellings of an organisation's name that are replaced elsewhere in the case:
    with its article capitalised, and without it ("De Eendracht"; "de Eendracht" keeps
    its lower-case article)."""
    words = name.split()
    if re.fullmatch(_ORG_ARTICLE, words[0]) and len(words) > 1:
        return [" ".join([_capitalised(words[0]), *words[1:]]), " ".join(words[1:])]
    return [name]


class _Organisations:
    """Organisation names found in a case: their type and the matcher of their names."""

    def __init__(self, excluded: Collection[str], keep_words: frozenset[str]) -> None:
        self.types: dict[str, str] = {}          # group -> most specific type tag
        self.variants: dict[str, str] = {}       # spelling -> group
        self.excluded = {e.lower() for e in excluded}
        self.keep_words = keep_words
        self._regex: re.Pattern | None = None

    def add(self, org: Organisation) -> None:
        self._regex = None
        group = _org_group(org.name)
        if self.types.get(group, "ORGANISATIE") == "ORGANISATIE":
            self.types[group] = org.type
        for variant in _org_variants(org.name):
            low = variant.lower()
            if (low in self.excluded or low in _stop_words() or low in WIDE_PLACES
                    or all(w in self.keep_words for w in low.split()) or len(variant) < 3
                    or len(variant.split()) == 1 and (_deduce_first_name(variant)
                                                      or _COMPASS_WORD.fullmatch(variant))):
                continue                   # not "Oost" alone after "Buurtraad Oost"
            self.variants.setdefault(variant, group)
            # transcripts spell names in lower case too ("de trefhoek" after "De Trefhoek"):
            # then only when a word of the name is no Dutch word and none is an acronym
            if low != variant and not any(w.isupper() for w in variant.split()) \
                    and not re.match(_ORG_ARTICLE + r"\s", variant) \
                    and any(not _is_dutch_word(w) for w in low.split()):
                self.variants.setdefault(low, group)

    def find(self, text: str) -> list[Organisation]:
        """Every spelling of a known name (case-sensitive, word bounded; a single Dutch
        word not at the start of a sentence)."""
        if not self.variants:
            return []
        if self._regex is None:
            body = _trie_pattern(sorted(self.variants))
            self._regex = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
        out = []
        for m in self._regex.finditer(text):
            group = self.variants[" ".join(m.group().split())]
            if len(m.group().split()) == 1 and _is_dutch_word(m.group()) \
                    and _sentence_initial(text, m.start()):
                continue
            out.append(Organisation(m.start(), m.end(), self.types[group], m.group()))
        return out


def _keep_org_regex(names: Collection[str]) -> re.Pattern | None:
    """Case-insensitive, word-bounded regex of the organisation names that stay."""
    if isinstance(names, str):
        names = [names]
    alts = sorted({" ".join(str(n).split()) for n in names if str(n).strip()}, key=len,
                  reverse=True)
    if not alts:
        return None
    body = "|".join(_SPACE.join(re.escape(w) for w in a.split()) for a in alts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _organisation_cand(org: Organisation, type_tag: str, policy: str, source: str,
                       rank: int = 3) -> _Cand:
    """An organisation candidate: a fixed type tag under ``generalise``, else numbered
    per name (without its article)."""
    fixed = f"[{type_tag}]" if policy == "generalise" else ""
    return _Cand(org.start, org.end, "organisation", _org_group(org.name), source, rank,
                 fixed=fixed)


# ---------------------------------------------------------------------------- dates


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
_MONTH_ABBR = {"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12}
_WEEKDAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:ste|de|e)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|['’]\d\d)"
_LEAD = rf"(?:(?P<prep>op|per){_SPACE})?(?:(?P<weekday>{_WEEKDAY}),?{_SPACE})?"
_DATE_WORDS = re.compile(
    rf"(?i)(?<![\w-]){_LEAD}(?P<day>{_DAY}(?:{_SPACE}?(?:-|–|/|t/m|tot en met|tot|en)"
    rf"{_SPACE}?{_DAY})?){_SPACE}?(?P<month>{'|'.join(MONTHS)}"
    rf"|(?:{'|'.join(_MONTH_ABBR)})(?=\.?(?:\s|$|[,;:!?)])))(?:\.?{_SPACE}(?P<year>{_YEAR}))?"
    r"(?![\w'’])")
_DATE_NUMBERS = re.compile(
    rf"(?i)(?<![\w./-]){_LEAD}(?:(?P<day>\d{{1,2}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)"
    r"(?P<year>\d{4}|\d{2})|(?P<iyear>\d{4})-(?P<imonth>\d{1,2})-(?P<iday>\d{1,2}))"
    r"(?![\w]|[-/.]\d)")
_MONTH_YEAR = re.compile(rf"(?i)(?<![\w-])(?P<month>{'|'.join(MONTHS)}){_SPACE}"
                         rf"(?P<year>{_YEAR})(?![\w'’])")


def _month_number(word: str) -> int:
    low = word.lower().rstrip(".")
    return MONTHS.index(low) + 1 if low in MONTHS else _MONTH_ABBR[low]


def _full_year(digits: str) -> str:
    """``2022`` stays, ``22`` becomes ``'22`` (the century is not guessed)."""
    return digits if len(digits) == 4 else "'" + digits[-2:]


def _coarse_date(policy: str, prep: str, month: int, year: str) -> str:
    """A date without its day (``month``) or without day and month (``year``).

    ``op``/``Op`` before a day becomes ``in`` ("op 3 maart 2022" -> "in maart 2022");
    a day and month without a year become ``[DATUM]`` under ``year``.
    """
    lead = ""
    if prep:
        lead = ("In" if prep[0].isupper() else "in") if prep.lower() == "op" else prep
    if policy == "year":
        if not year:
            return (prep + " " if prep else "") + "[DATUM]"
        body = year
    else:
        body = MONTHS[month - 1] + (" " + year if year else "")
    return (lead + " " if lead else "") + body


def find_dates(text: str, policy: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of the dates that ``policy`` makes coarser.

    ``month`` drops the day (and a weekday before it), ``year`` also the month. Years
    alone, ranges of years, a month alone, times and amounts are not dates here; a month
    and year stay under ``month``.

    Examples
    --------
    >>> text = "Op maandag 15 maart 2022 en 3-4-2021, in mei 2020."
    >>> [text[s:e] + " -> " + new for s, e, new in find_dates(text, "month")]
    ['Op maandag 15 maart 2022 -> In maart 2022', '3-4-2021 -> april 2021']
    >>> [text[s:e] + " -> " + new for s, e, new in find_dates(text, "year")][2]
    'mei 2020 -> 2020'
    """
    if policy == "keep":
        return []
    out = []
    for m in _DATE_WORDS.finditer(text):
        year = _full_year(m.group("year")) if m.group("year") else ""
        out.append((m.start(), m.end(), _coarse_date(policy, m.group("prep") or "",
                                                     _month_number(m.group("month")), year)))
    for m in _DATE_NUMBERS.finditer(text):
        day, month, year = ((m.group("day"), m.group("month"), m.group("year"))
                            if m.group("day") else
                            (m.group("iday"), m.group("imonth"), m.group("iyear")))
        if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
            continue
        out.append((m.start(), m.end(), _coarse_date(policy, m.group("prep") or "", int(month),
                                                     _full_year(year))))
    if policy == "year":
        taken = [(s, e) for s, e, _ in out]
        out += [(m.start(), m.end(), _full_year(m.group("year")))
                for m in _MONTH_YEAR.finditer(text)
                if not any(s < m.end() and m.start() < e for s, e in taken)]
    return sorted(out)


# ---------------------------------------------------------------------------- deduce


_DEDUCE_CATEGORIES = {"telefoonnummer": "phone", "emailadres": "email", "url": "url",
                      "bsn": "bsn", "id": "id", "patientnummer": "id"}


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    toks = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in ".,;:!?)]}\"'’":
            word = text[s:e - 1].lower()
            if text[e - 1] == "." and (len(word) == 1 or word in TITLES or "." in word):
                break                                # an initial, "dhr.", "v.d."
            e -= 1
        while s < e and text[s] in "([{\"'‘“":
            s += 1
        if s < e:
            toks.append((s, e, text[s:e]))
    return toks


_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[^\S\n]+$")


def _first_name_before(text: str, start: int, keep_words: frozenset[str]) -> int:
    """Where a surname found alone really starts: "Wil Bruggink" when the word before
    it is capitalised inside a sentence or a first name starting one (not a place)."""
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return start
    word = m.group(1)
    low = word.lower()
    initial = _sentence_initial(text, m.start())
    if (word[:1].isupper() and low not in keep_words and low not in TITLES
            and low not in INTERFIXES and not _deduce_place(word)
            and (_deduce_first_name(word) and not (initial and low in _stop_words())
                 or not initial)):
        return m.start()
    return start


def _word_ok_as_name(word: str) -> bool:
    """Evidence that a capitalised word is a name: a known first name or not a Dutch word."""
    return _deduce_first_name(word) or not _is_dutch_word(word)


def _clean_person(text: str, start: int, end: int,
                  keep_words: frozenset[str]) -> tuple[int, int, bool] | None:
    """Trim a deduce person annotation to the name; None when it is not one.

    Strips titles ("mevrouw Jansen" -> "Jansen") and a Dutch word that is capitalised
    only because it starts the sentence ("Via Yusuf" -> "Yusuf"), cuts an organisation
    after the name ("Pieter Jansen van Icare" -> "Pieter Jansen") and rejects
    annotations made only of Dutch words without a first name ("Mooi", "Zilveren Kruis",
    "van de Wijk"; not "De Vries" inside a sentence) and regions ("Oost-Gelderland").
    Returns (start, end, titled).
    """
    toks = _tokens(text, start, end)
    titled = False
    while toks:
        low = toks[0][2].lower().rstrip(".")
        if low in TITLES:
            toks, titled = toks[1:], True
        elif low == "de" and len(toks) > 1 and toks[1][2].lower() == "heer":
            toks, titled = toks[2:], True
        elif (len(toks) > 1 and toks[1][2][:1].isupper() and _sentence_initial(text, toks[0][0])
              and _is_dutch_word(toks[0][2]) and not _deduce_first_name(toks[0][2])):
            toks = toks[1:]
        else:
            break
    if not toks or (len(toks) == 1 and _COMPASS_REGION.fullmatch(toks[0][2])):
        return None                               # "Oost-Gelderland", "Midden-Drenthe": a region
    kept = next((j for j in range(1, len(toks)) if toks[j][2].lower() in keep_words), None)
    if kept is not None:                          # "Yvonne in het Waterkwartier" -> "Yvonne"
        toks = toks[:kept]
        while toks and toks[-1][2].lower() in INTERFIXES:
            toks = toks[:-1]
        if not toks:
            return None
    lead = 0
    while (lead < len(toks) and toks[lead][2][:1].isupper()
           and toks[lead][2].lower() not in INTERFIXES):
        lead += 1
    if lead >= 2 and lead < len(toks) and toks[lead][2] == toks[lead][2].lower() \
            and toks[lead][2] in INTERFIXES and not _deduce_surname(toks[-1][2]):
        toks = toks[:lead]
    # "Bas van Woonstichting Deltahuis": "van" without a surname after it means "from"
    van = next((j for j in range(1, len(toks)) if toks[j][2] == "van"), None)
    if van is not None and not any(_deduce_surname(t[2]) or _deduce_surname_after_interfix(t[2])
                                   for t in toks[van + 1:] if t[2][:1].isupper()):
        toks = toks[:van]
    while toks and toks[-1][2].lower() in INTERFIXES:
        toks = toks[:-1]
    names = [t[2] for t in toks if t[2].lower() not in INTERFIXES]
    if not names or all(not w[:1].isupper() for w in names):
        return None
    if all(w.lower() in keep_words for w in names) or " ".join(names).lower() in BRANDS:
        return None
    if not titled and not any(_word_ok_as_name(w) for w in names if w[:1].isupper()) \
            and not _capital_particle_surname(text, toks):
        return None
    if len(names) == 1 and len(toks) == 1 and (
            names[0].lower() in _stop_words() and (_sentence_initial(text, toks[0][0])
                                                   or not _first_name(names[0]))
            or names[0].lower() in _country_names() or names[0].lower() in BRANDS):
        return None
    if len(names) == 1 and len(toks) > 1 and _is_dutch_word(names[0]) \
            and not _deduce_surname_after_interfix(names[0]):
        return None                      # "meneer van de Chinese kerk": no surname
    if len(names) == 1 and not titled and (
            _place_phrase([t[2] for t in toks[:-1]]) or len(toks) == 1 and _after_het(text, toks[0][0])):
        return None                      # "van het Rijk", "op de Rijn", "van de Chinese": no surname
    return toks[0][0], toks[-1][1], titled


#: National chains whose names look like a person's ("Albert Heijn"): never persons.
BRANDS = frozenset({"albert heijn", "ah", "jumbo", "lidl", "aldi", "action", "hema", "kruidvat",
                    "etos", "blokker", "gamma", "praxis", "ikea", "coop", "spar", "dirk",
                    "zeeman", "wibra", "bol", "marktplaats"})

#: Particles that start a phrase of place or institution ("op de Rijn", "van het Rijk")
#: more often than a surname without a first name.
_PLACE_PHRASE_STARTS = ("het", "'t", "’t", "op", "in", "aan", "uit", "bij", "naar")


def _after_het(text: str, start: int) -> bool:
    m = _LAST_WORD.search(text, max(0, start - 8), start)
    return m is not None and m.group(1) in ("het", "'t", "’t")


def _place_phrase(particles: list[str]) -> bool:
    low = [p.lower() for p in particles]
    return bool(low) and (low[0] in _PLACE_PHRASE_STARTS or low[:2] == ["van", "het"])


def _capital_particle_surname(text: str, toks: list[tuple[int, int, str]]) -> bool:
    """A surname written with a capital particle inside a sentence ("sprak De Vries",
    "belde Van Dijk"): Dutch spells it so when no first name precedes."""
    return (len(toks) >= 2 and toks[0][2][:1].isupper() and toks[0][2].lower() in INTERFIXES
            and all(t[2].lower() in INTERFIXES for t in toks[1:-1])
            and _deduce_surname_after_interfix(toks[-1][2])
            and not _sentence_initial(text, toks[0][0]))


_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?]+(?=[^\s.!?]))+[.!?]*")  # "a.b@x.nl" stays whole
_FIRST_WORD = re.compile(r"\W*(\w+)")
_DEDUCE_SIGNAL = re.compile(r"(?<=\S)\s+[^\W\d_]*[A-ZÀ-Þ]|\d|@|www\.|https?:")


def sentences_for_deduce(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences deduce can find anything in.

    Deduce recognises names, streets and places only when they are capitalised, and
    numbers, e-mail addresses and URLs by their characters. A sentence with no
    capitalised word after its first, no digit, ``@`` or URL, and whose first word is a
    Dutch function word ("Ik", "En", "Nou") is left out, so deduce (the slowest step of
    the coding path) reads only the sentences that matter: about half of spoken text.

    Examples
    --------
    >>> text = "Ik ging naar huis. Toen belde Marloes."
    >>> [text[s:e] for s, e in sentences_for_deduce(text)]
    [' Toen belde Marloes.']
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        first = _FIRST_WORD.match(sentence)
        if _DEDUCE_SIGNAL.search(sentence) or (first is not None
                                               and first.group(1).lower() not in _stop_words()):
            spans.append((m.start(), m.end()))
    return spans


def _deduce_annotations(text: str, *, institutions: bool) -> list[tuple[str, int, int]]:
    """Deduce's (tag, start, end) annotations of ``text``, reading only
    :func:`sentences_for_deduce` (joined by newlines; offsets mapped back). Deduce's
    redactor (we replace text ourselves) and, unless asked for, its institution
    annotator are switched off."""
    spans = sentences_for_deduce(text)
    starts, pos = [], 0
    for s, e in spans:
        starts.append(pos)
        pos += e - s + 1
    disabled = {"redactor"} if institutions else {"redactor", "institutions"}
    doc = _deduce().deidentify("\n".join(text[s:e] for s, e in spans), disabled=disabled)

    def back(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        return spans[i][0] + offset - starts[i]

    return [(a.tag, back(a.start_char), back(a.end_char - 1) + 1) for a in doc.annotations]


def _deduce_candidates(text: str, key_cands: list[_Cand], keep_words: frozenset[str], *,
                       organisations: str) -> tuple[list[_Cand], list[tuple[int, int]]]:
    """Candidates from deduce's annotations, and the protected (date and age) spans.

    Person candidates carry their name text as ``group``; the caller maps it to a group.
    Institutions (hospitals, care organisations) are looked for only when organisations
    are not kept.
    """
    cands: list[_Cand] = []
    protected: list[tuple[int, int]] = []
    key_spans = sorted((c.start, c.end) for c in key_cands)
    annotations = _deduce_annotations(text, institutions=organisations != "keep")
    for tag, s, e in sorted(annotations, key=lambda a: (a[1], a[2])):
        if tag in ("datum", "leeftijd"):
            protected.append((s, e))
        elif tag in ("persoon", "patient"):
            cleaned = _clean_person(text, s, e, keep_words)
            if cleaned is None:
                continue
            s, e, titled = cleaned
            if not titled and len(_tokens(text, s, e)) == 1:
                s = _first_name_before(text, s, keep_words)
            s, e = _extend_name(text, s, e)
            if _STREET_WORD.search(text[s:e]) and _NUMBER_AHEAD.match(text, e):
                continue                         # "Bart Smitlaan 8" is a street: an address
            overlap = [(ks, ke) for ks, ke in key_spans if ks < e and s < ke]
            rank = 3
            if overlap:
                # a key name inside: drop, unless the annotation adds name words (another
                # person who shares a first name or surname with someone in the key)
                extra = [t for t in _tokens(text, s, e)
                         if not any(ks <= t[0] and t[1] <= ke for ks, ke in overlap)
                         and t[2][:1].isupper() and t[2].lower() not in INTERFIXES
                         and t[2].lower().rstrip(".") not in TITLES and not t[2].isupper()
                         and _word_ok_as_name(t[2])]
                if not extra:
                    continue
                rank = 1
            cands.append(_Cand(s, e, "person", " ".join(text[s:e].split()), "deduce", rank))
        elif tag.startswith("locatie") or "straat" in tag or "huisnummer" in tag:
            toks = _tokens(text, s, e)
            while toks and (toks[0][2].lower() in keep_words | WIDE_PLACES
                            or toks[0][2].lower() in INTERFIXES):
                toks = toks[1:]
            while toks and toks[-1][2].lower().strip(",") in keep_words | WIDE_PLACES:
                toks = toks[:-1]
            if not toks or not any(t[2][:1].isupper() or t[2][:1].isdigit() for t in toks):
                continue
            if " ".join(t[2] for t in toks).lower() in _country_names():
                continue                                  # "uit Polen": a country identifies no one
            if toks[0][2].lower() in ("postbus", "antwoordnummer"):
                continue                                  # an organisation's post box, no home
            s, e = toks[0][0], toks[-1][1]
            if m := _COMPASS_SUFFIX.match(text, e):             # "Tilburg-Noord"
                e = m.end()
            if postcode := _POSTCODE.search(text, s + 1, e):   # "Lekstraat 104 7412 LA"
                e = postcode.start()
            while e > s and text[e - 1] in ",; ":
                e -= 1
            category = "address" if any(ch.isdigit() for ch in text[s:e]) else "place"
            if category == "address":
                e = extend_house_number(text, e)              # "Laan van Henegouwen 101-3"
            if category == "address" and _UNIT_AFTER.match(text, e):
                continue                                  # "in de Lindelaan 3 jaar"
            if category == "place" and all(_is_dutch_word(t[2]) and t[2][:1].islower()
                                           for t in toks):
                continue
            if category == "place" and _imperative(text, toks):
                continue                                  # "Leg het vast als het goed gaat."
            rank = ADDRESS_RANK if category == "address" else 3
            cands.append(_Cand(s, e, category, _norm(category, text[s:e]), "deduce", rank))
        elif "instelling" in tag or "ziekenhuis" in tag:
            # generic ones ("het ziekenhuis", "het UMC", "de GGZ": only generic words, kept
            # places and lower-case words) are never organisations
            words = [t[2] for t in _tokens(text, s, e)]
            if all(w.lower() in GENERIC_ORG_WORDS | keep_words | WIDE_PLACES
                   or not w[:1].isupper() for w in words):
                continue
            type_tag = organisation_type(text[s:e])
            type_tag = "ZORGORGANISATIE" if type_tag == "ORGANISATIE" else type_tag
            cands.append(_organisation_cand(Organisation(s, e, type_tag, text[s:e]), type_tag,
                                            organisations, "deduce"))
        elif tag in _DEDUCE_CATEGORIES:
            if not any(ch.isalnum() for ch in text[s:e]):
                continue                                   # a stray "?" after an e-mail address
            category = _DEDUCE_CATEGORIES[tag]
            # a bare number loses to a pattern that knows what it is (a phone number)
            rank = 1 if category == "id" else 0
            cands.append(_Cand(s, e, category, _norm(category, text[s:e]), "deduce", rank))
        else:
            logger.debug("deduce tag %s not used", tag)
    return cands, protected


# ------------------------------------------------------------------------------ places


#: Endings of Dutch place and neighbourhood names ("Holtenbroek", "Delfshaven").
PLACE_ENDINGS = (
    "broek", "haven", "landen", "eiland", "wijk", "dorp", "veld", "velde", "berg", "bergen",
    "hoven", "meer", "woude", "wolde", "dam", "stad", "horst", "loo", "oord", "kwartier", "buurt",
    "hoek", "weerd", "waard", "zijl", "kerk", "huizen", "heem", "rade", "laar", "donk", "beek",
    "hout", "bosch", "hage", "veen", "kamp", "heuvel", "sluis", "weide", "burg", "ingen", "lanen")
_COMPASS_SUFFIX = re.compile(r"-(?:Noord|Zuid|Oost|West|Centrum|Noordoost|Noordwest|Zuidoost|Zuidwest)\b")
# speech-to-text writes places in lower case: "in etten-leur", "uit breda"
_IN_PLACE_LOWER = re.compile(rf"(?<![\w-])(?:in|uit|naar|vanuit){_SPACE}(?P<place>[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]{{2,}})"
                             r"(?![\w'’-])")
_IN_PLACE = re.compile(rf"(?:in|uit|naar|vanuit|richting){_SPACE}(?P<article>(?:de|het){_SPACE})?"
                       r"(?P<place>[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’-](?=[^\W\d_])){3,})(?![\w-]|['’][^\W\d_])")


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Dutch names of countries and territories (babel's, when it is installed)."""
    try:
        from babel import Locale
    except ImportError:                                 # pragma: no cover
        return frozenset()
    return frozenset(n.lower() for n in Locale("nl").territories.values())


#: Names after "in", "naar"... that are no places: apps, platforms, the pandemic.
NOT_PLACES = frozenset({
    "teams", "zoom", "excel", "word", "whatsapp", "facebook", "instagram", "google", "outlook",
    "youtube", "linkedin", "twitter", "tiktok", "powerpoint", "signal", "telegram", "snapchat",
    "corona", "covid", "sharepoint", "onedrive", "mentimeter", "miro", "padlet", "canva",
    "photoshop", "playstation", "netflix", "spotify", "minecraft", "fortnite", "xbox",
    "nintendo", "ipad", "iphone", "android", "windows", "noord", "zuid", "oost", "west", "centrum"})


def named_places(text: str, keep_words: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of place names deduce does not know, after "in", "uit", "naar"...: a
    capitalised word that is no Dutch word, first name, country, app or kept place, with
    the ending of a Dutch place name ("in Holtenbroek", "uit de Vogelwijk") or, without
    an article, any other ending ("uit Charkiv", "in Gronau")."""
    out = []
    for m in _IN_PLACE.finditer(text):
        word = m.group("place")
        low = word.lower()
        if (_word_start(text, m.start()) and low not in NOT_PLACES
                and (low.endswith(PLACE_ENDINGS) or m.group("article") is None)
                and low not in keep_words and low not in WIDE_PLACES
                and low not in _country_names() and not _is_dutch_word(word)
                and not _first_name(word)):
            out.append((m.start("place"), m.end("place")))
    for m in _IN_PLACE_LOWER.finditer(text):
        word = m.group("place")
        name = "-".join(_capitalised(part) for part in word.split("-"))
        if (word not in keep_words and not _is_dutch_word(word) and word not in _country_names()
                and _deduce_place(name)):
            out.append((m.start("place"), m.end("place")))
    return out


# ------------------------------------------------------------------ names deduce misses


_LOWER_RUN = re.compile(r"[a-zà-öø-ÿ]{2,}-[a-zà-öø-ÿ]{2,}|[a-zà-öø-ÿ]{3,}")
_NAME_WORD = r"[^\W\d_][\w'’-]*"
_PARTICLE = r"(?:van|de|der|den|ter|ten|te|['’]t|el|al|la|le|du|da|di|von)"
_ADDRESSED = re.compile(
    rf"(?:(?:[Mm](?<!\w[Mm])(?:evrouw|evr|w|vr|eneer|ijnheer|nr)|[Dd](?<!\w[Dd])hr)\.?"
    rf"|(?i:dokter|huisarts|wethouder|burgemeester|notaris|directeur|dr\.)"
    rf"|(?P<kin>(?i:juf|juffrouw|meester|tante|oom|zuster|broeder|opa|oma|dominee|pastoor"
    rf"|pater|familie|fam\.|buurman|buurvrouw|beppe|pake))){_SPACE}"
    rf"(?P<name>(?:(?i:{_PARTICLE}){_SPACE}){{0,3}}{_NAME_WORD})")
#: Words that follow "juf", "tante"... as verbs or function words, never as names.
_NOT_NAMES_AFTER_KIN = frozenset({"is", "was", "en", "of", "die", "dat", "had", "heeft", "zei",
                                  "zegt", "kan", "kon", "moet", "gaat", "ging", "kwam", "komt",
                                  "doet", "deed", "zou", "zal", "wordt", "werd", "van", "in"})
_NOUN_BEFORE = re.compile(r"(?i)(?<!\w)(?:de|een|die|deze|dat|zo['’]n|elke|iedere)[^\S\n]+$")
# (a role may follow the first name: "sem van het buurtwerk en Dario")
_AFTER_NAME = re.compile(rf"(?:{_SPACE}(?:van|bij|uit){_SPACE}(?:de|het|['’]t){_SPACE}[a-zà-öø-ÿ]{{3,}}"
                         rf"(?=,|{_SPACE}en))?"
                         rf"(?:(?:{_SPACE})?,(?:{_SPACE})?(?:(?:en|of){_SPACE})?|{_SPACE}(?:en|of){_SPACE})"
                         rf"({_NAME_WORD})")
_JOIN_WORD = re.compile(r"\s(?:en|of)\s")
_BEFORE_NAME = re.compile(rf"({_NAME_WORD})(?:(?:{_SPACE})?,(?:{_SPACE})?|{_SPACE}(?:en|of){_SPACE})$")


def lower_case_first_names(text: str) -> list[tuple[int, int]]:
    """Spans of lower-case words that are first names and no Dutch word ("tineke", "raj"),
    except after an article or possessive ("een ...")."""
    names = [w for w in set(_LOWER_RUN.findall(text)) if _lower_case_first_name(w)]
    if not names:
        return []
    body = "|".join(sorted(names, key=len, reverse=True))
    regex = re.compile(rf"(?<![\w@./'’-])(?:{body})(?![\w@'’-]|\.\w)")
    return [(m.start(), m.end()) for m in regex.finditer(text)
            if not _after_determiner(text, m.start())]


_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]{2,}(?![\w'’-])")


def world_names(text: str, keep_words: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of capitalised first names that deduce's Dutch lists lack ("Olena",
    "Hüseyin"): in the list of first names of the world, no Dutch word, place, country or
    kept place."""
    out = []
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        low = word.lower()
        midst = not _sentence_initial(text, m.start())
        # a name that is a function word only when capitalised inside a sentence ("met Ben")
        word_ok = not _is_dutch_word(word) or midst and low in STOP_WORD_NAMES
        if (_word_start(text, m.start()) and not word.isupper() and word_ok
                and (midst or text[m.end():m.end() + 1] == ",")
                and low not in keep_words
                and low not in WIDE_PLACES and low not in _country_names()
                and not _deduce_place(word) and _first_name(word)):
            out.append(m.span())
    return out


_KIN_NAME = re.compile(
    r"(?<![\w-])(?i:dochter(?:tje)?|zoon(?:tje)?|broer(?:tje)?|zus(?:je)?|vrouw|man|moeder|vader"
    r"|neef(?:je)?|nicht(?:je)?|vriend(?:in|innetje|je)?|kleinzoon|kleindochter|schoonzoon"
    r"|schoondochter|kleinkind|collega|buurjongen|buurmeisje)(?:,)?[^\S\n]+(?P<name>[^\W\d_][\w'’-]+)")


_KIN_WORDS = (r"(?i:dochter(?:tje)?|zoon(?:tje)?|broer(?:tje)?|zus(?:je)?|vrouw|man|moeder"
              r"|vader|neef(?:je)?|nicht(?:je)?|vriend(?:in|innetje|je)?|kleinzoon|kleindochter"
              r"|schoonzoon|schoondochter|kleinkind|collega|buurjongen|buurmeisje|oom|tante|opa"
              r"|oma|buddy|maatje)")
_POSSESSIVE = r"(?:mijn|m['’]n|haar|zijn|z['’]n|d['’]r|onze|ons|hun)"
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_][\w'’-]*"
# where Dutch speakers name someone: "hoe heet ie, Yared", "ze heette Selam"; "Yared, mijn
# neef"; "ik en Teun", "Teun en ik"; "Selam en haar zus"; a nickname before the name it
# shortens ("Lien, Lineke Bos"); an initial and a surname ("T. Gebreyes")
_CONTEXT_PERSON = re.compile(
    rf"(?:(?<![\w-])(?i:hij|ze|zij|ie|jongen|meisje|vrouw|man|zoon|dochter|kind|broer|zus)"
    rf"{_SPACE}(?i:heet|heette)|(?i:heet|heette){_SPACE}(?i:ie|hij|ze|zij)"
    rf"|(?i:noemen|noemde|noemden){_SPACE}(?i:hem|haar)),?{_SPACE}(?P<named>{_CAP_WORD})(?![\w'’-])"
    rf"|(?P<apposed>{_CAP_WORD}),{_SPACE}{_POSSESSIVE}{_SPACE}{_KIN_WORDS}(?![\w-])"
    rf"|(?<![\w-])(?i:ik|mij|wij|we){_SPACE}en{_SPACE}(?P<with_me>{_CAP_WORD})(?![\w'’-])"
    rf"|(?P<me_with>{_CAP_WORD}){_SPACE}en{_SPACE}(?:ik|mij)(?![\w-])"
    rf"|(?P<kin_of>{_CAP_WORD}),?{_SPACE}en{_SPACE}(?:haar|zijn|z['’]n|d['’]r){_SPACE}{_KIN_WORDS}(?![\w-])"
    rf"|(?P<nick>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{{1,5}})[,.]{_SPACE}(?=(?P<full>{_CAP_WORD})(?![\w'’-]))"
    r"|(?<![\w.])(?P<initial>(?:[A-ZÀ-ÖØ-Þ]\.){1,3}[^\S\n]?[A-ZÀ-ÖØ-Þ][^\W\d_]{2,}(?:-[\w]+)?)(?![\w'’-])")


def _context_person_ok(word: str, keep_words: frozenset[str]) -> bool:
    """Whether a capitalised word in a naming context is a name: no function word, title,
    place, country or kept place, and no Dutch word unless a first name ("Teun")."""
    low = word.lower().rstrip("'’")
    if (len(low) < 3 or word.isupper() or low in _stop_words() or low in TITLES
            or low in keep_words or low in WIDE_PLACES or low in _country_names()
            or low in NOT_PLACES or _deduce_place(word)):
        return False
    return _first_name(word) or not _is_dutch_word(word)


def context_names(text: str, keep_words: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans of names found from how Dutch speakers name someone (see _CONTEXT_PERSON).

    Examples
    --------
    >>> text = ("Hoe heet ie, Yared, komt niet. Ik en Teun gingen. Met Jo, Josefien Bos, "
    ...         "en J. Gebreyes. Ook Selam en haar zus.")
    >>> [text[s:e] for s, e in context_names(text)]
    ['Yared', 'Teun', 'Jo', 'J. Gebreyes', 'Selam']
    >>> context_names("Ik en Deventer. Wel, Wendelien zei het. Dat is, mijn vriend, waar.")
    []
    """
    out = []
    for m in _CONTEXT_PERSON.finditer(text):
        group = next(g for g in ("named", "apposed", "with_me", "me_with", "kin_of", "nick",
                                 "initial") if m.group(g))
        word = m.group(group)
        if group == "nick":
            full = m.group("full")
            if (len(word) < len(full) and full.startswith(word) and _first_name(full)
                    and (word.lower() in STOP_WORD_NAMES or _deduce_first_name(word)
                         or not _is_dutch_word(word))):
                out.append(m.span("nick"))
            continue
        if group == "initial":
            surname = word.replace(".", ". ").split()[-1]
            if _deduce_surname(surname) or not _is_dutch_word(surname) \
                    and _context_person_ok(surname, keep_words):
                out.append(m.span(group))
            continue
        midst = not _sentence_initial(text, m.start(group)) or text[m.end(group)] == ","
        if group in ("me_with", "kin_of") and not midst:
            continue
        if _context_person_ok(word, keep_words):
            out.append(m.span(group))
    return out


def kin_names(text: str, keep_words: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of names right after a family word: "haar zoontje Kuba", "een vrouw,
    Faadumo,", "mijn broertje ayaan": a word that is no Dutch word, place or country."""
    out = []
    for m in _KIN_NAME.finditer(text):
        word = m.group("name")
        low = word.lower()
        if (len(word) > 2 and not word.isupper() and not _is_dutch_word(low) and low not in keep_words
                and low not in _country_names() and not _deduce_place(_capitalised(word))
                and low not in ABBREVIATIONS):
            out.append(m.span("name"))
    return out


def addressed_names(text: str) -> list[tuple[int, int]]:
    """Spans of names after ``mevrouw``/``meneer``/``dhr.``, also in lower case
    ("mevrouw ter beek", "meneer smit"): a known surname, or a capitalised word that is
    a first name or no Dutch word (not an abbreviation such as "GGD"). Not after
    "die/de/een mevrouw" (a noun there: "een mevrouw van de GGD"), nor "te" + verb."""
    out = []
    for m in _ADDRESSED.finditer(text):
        name = m.group("name")
        words = name.split()
        last = words[-1]
        low = last.lower()
        if (low in _stop_words() and not m.group("kin") or low in INTERFIXES or len(last) < 2
                or last.isupper()):
            continue
        family = (m.group("kin") or "").lower() in ("familie", "fam.")   # "de familie Jansen"
        if words[0].lower() == "te" or not family and _NOUN_BEFORE.search(
                text, max(0, m.start() - 12), m.start()):
            continue
        surname = _deduce_surname(_capitalised(last)) or (
            len(words) > 1 and _deduce_surname_after_interfix(_capitalised(last)))
        if surname or _titled_name_ok(last, kin=m.group("kin") is not None):
            out.append((m.start("name"), m.end("name")))
    return out


def _titled_name_ok(word: str, kin: bool) -> bool:
    """Whether a word after a form of address is a name: capitalised and a first name or
    no Dutch word; in lower case no Dutch word ("familie haddou"). After "juf", "tante",
    "dominee"... also a capitalised Dutch word ("Tante Door") and a lower-case first name
    ("juf wil"), but no verb or function word ("juf is")."""
    low = word.lower()
    if kin and low in _NOT_NAMES_AFTER_KIN or any(p in _stop_words() for p in low.split("-")[1:]):
        return False                                   # "juf is", "mevrouw zus-en-zo"
    if word[:1].isupper():
        return kin or _deduce_first_name(word) or not _is_dutch_word(word)
    return not _is_dutch_word(word) or kin and _deduce_first_name(_capitalised(word))


def _coordinated_name_ok(word: str, keep_words: frozenset[str], comma: bool = False) -> bool:
    """Whether a word listed with a name ("Fatima en Oksana", "wilma en els") is a name.
    After a mere comma a lower-case Dutch word is a verb more often ("Truus, ken je ...")."""
    low = word.lower()
    if (len(word) < 3 or word.isupper() or low in _stop_words() or low in keep_words
            or low in WIDE_PLACES or low in TITLES or low in INTERFIXES or low in _country_names()):
        return False
    if word[:1].isupper():
        return not _deduce_place(word) and (_deduce_first_name(word) or not _is_dutch_word(word))
    return (_deduce_first_name(_capitalised(word)) and not _common_word(low)
            and not (comma and _is_dutch_word(low)))


def coordinated_names(text: str, names: Iterable[tuple[int, int]], keep_words: frozenset[str],
                      taken: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of words listed with known names: "Fatima en Oksana", "ria, els of Kwame".

    Starting from ``names`` (spans), the word after ", ", " en " or " of " and the word
    before them are names too when :func:`_coordinated_name_ok`; new names are followed
    in turn. Words overlapping ``taken`` (other replacements) are skipped.
    """
    known = sorted(set(names))
    todo = list(known)
    found: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in (*known, *found, *taken))

    while todo:
        start, end = todo.pop()
        around = []
        if m := _AFTER_NAME.match(text, end):
            around.append((m.start(1), m.end(1), _JOIN_WORD.search(m.group()) is None))
        if text[start - 2:start] in (", ", "n ", "f ") or text[start - 1:start] == ",":
            if m := _BEFORE_NAME.search(text, max(0, start - 40), start):
                around.append((m.start(1), m.end(1), _JOIN_WORD.search(m.group()) is None))
        for s, e, comma in around:
            if free(s, e) and _coordinated_name_ok(text[s:e], keep_words, comma):
                found.append((s, e))
                todo.append((s, e))
    return sorted(found)


_PARTICLES_THEN_WORD = re.compile(
    rf"(?:{_SPACE}(?:van|de|der|den|ter|ten|te|in|op|['’]t|het)){{1,3}}{_SPACE}({_NAME_WORD})")
_NEXT_WORD = re.compile(rf"{_SPACE}({_NAME_WORD})")
_LOWER_PARTICLES_THEN_WORD = re.compile(
    rf"(?:{_SPACE}(?:van|de|der|den|el|al|ben|ter|ten)){{1,2}}{_SPACE}([a-zà-öø-ÿ][\w'’-]+)")
_ARABIC_PREFIX = re.compile(r"(?<![\w-])(?i:al|el|ul|ad|as|ben|bin|abu|abd)-$")


def _extend_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A person's name grown to its full extent: "Al-" before a surname
    ("Mohammed Al-Hassan"), particles and a surname after it ("Lies in 't Veld"), a
    capitalised word that is no Dutch word or place after it ("Lies Tanamal") and a
    lower-case surname after a lower-case first name ("henk mulder", "nadia bouchtaoui")."""
    if m := _ARABIC_PREFIX.search(text, max(0, start - 5), start):
        start = m.start()
    if m := _PARTICLES_THEN_WORD.match(text, end):
        word = m.group(1)
        run = " ".join(m.group(0).split()[:-1]).lower()
        if (word[:1].isupper() and run not in ("op de", "in de", "in het", "op het", "aan de")
                and word.lower() not in TITLES and word.lower() not in STREET_TITLES
                and (_deduce_surname_after_interfix(word) or _deduce_surname(word))):
            return start, m.end()
    if text[start:start + 1].isupper() and (m := _NEXT_WORD.match(text, end)):
        word = m.group(1)                     # "Lies Tanamal": a surname no list knows
        if (word[:1].isupper() and not word.isupper()
                and (not _is_dutch_word(word) or _deduce_surname(word) and _first_name(text[start:end]))
                and not _deduce_place(word) and word.lower() not in _country_names()):
            return start, m.end()
    if text[start:start + 1].islower() and (m := _LOWER_PARTICLES_THEN_WORD.match(text, end)) \
            and not _is_dutch_word(m.group(1)):
        return start, m.end()                         # "nordin el idrissi"
    if text[start:start + 1].islower() and (m := _NEXT_WORD.match(text, end)):
        word = m.group(1)
        low = word.lower()
        if word.islower() and low not in _stop_words() and low not in INTERFIXES and (
                _deduce_surname(_capitalised(word)) and not _common_word(low)
                or not _is_dutch_word(low)):
            return start, m.end()
    return start, end


_PARTICLE_NAME = re.compile(
    r"(?P<first>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)(?P<chain>(?:[^\S\n]+(?:van|de|der|den|ter|ten|te|in|op"
    rf"|['’]t|het)){{1,3}}){_SPACE}(?P<last>[A-ZÀ-ÖØ-Þ][\w'’-]+)")
#: Particle runs that are a surname's, not "from the" ("Lies in 't Veld", not "Bas van de").
_SURNAME_RUNS = frozenset({"van der", "van den", "van 't", "van ’t", "in 't", "in ’t", "ter",
                           "ten", "te", "op 't", "op ’t", "op den", "van het"})


_PREFIXED_NAME = re.compile(
    r"(?P<first>[A-ZÀ-ÖØ-Þ](?:[^\W\d_])+)[^\S\n]+(?:Al|El|Abu|Ben|Bin|Abd)-[A-ZÀ-ÖØ-Þ][\w'’-]+")


def particle_names(text: str, keep_words: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of "Lies in 't Veld", "Els van der Meulen": a capitalised word inside a
    sentence, a run of surname particles and a surname deduce knows after particles
    (also when the first name is not in its lists); and of "Rasha Al-Haddad"."""
    out = [(m.start(), m.end()) for m in _PREFIXED_NAME.finditer(text)
           if _word_start(text, m.start()) and m.group("first").lower() not in keep_words
           and _word_ok_as_name(m.group("first"))]
    for m in _PARTICLE_NAME.finditer(text):
        first, last = m.group("first"), m.group("last")
        run = " ".join(m.group("chain").split()).lower()
        low = first.lower()
        # "van" and "de" mean "from" and "the" as often: then the first name must be known
        # ("Wil van Beek", not "Bas van Gemeente")
        if (_word_start(text, m.start()) and not _sentence_initial(text, m.start())
                and (run in _SURNAME_RUNS or run in ("van", "de", "van de") and _first_name(first))
                and _deduce_surname_after_interfix(last)
                and (low not in _stop_words() or _first_name(first)) and low not in keep_words
                and low not in TITLES and not _deduce_place(first)):
            out.append((m.start(), m.end()))
    return out


def _extra_person_candidates(text: str, anchors: Iterable[tuple[int, int]],
                             keep_words: frozenset[str], taken: Sequence[tuple[int, int]],
                             ) -> list[_Cand]:
    """Person candidates for names deduce misses: lower-case first names, names after a
    form of address, names with surname particles and names listed with other names
    (``anchors`` and these)."""
    spans = [_extend_name(text, *sp) for sp in lower_case_first_names(text) + addressed_names(text)
             + world_names(text, keep_words) + kin_names(text, keep_words)
             + context_names(text, keep_words)]
    spans += particle_names(text, keep_words)
    spans = [sp for sp in spans if not any(a < sp[1] and sp[0] < b for a, b in taken)]
    spans += coordinated_names(text, [*anchors, *spans], keep_words, taken)
    return [_Cand(s, e, "person", " ".join(text[s:e].split()), "pattern", 3)
            for s, e in sorted(set(spans))]


# ------------------------------------------------------------------ case-level matching


def _split_possessive(name: str, known: Collection[str]) -> tuple[str, str]:
    """("pieter", "s") for "pieters" when "pieter" is known; else (name, "")."""
    for suffix in ("'s", "’s", "s", "'", "’"):
        stem = name[:-len(suffix)]
        if name.endswith(suffix) and stem in known and (suffix != "s" or len(stem) > 2):
            return stem, suffix
    return name, ""


class _People:
    """Person names found by deduce or as speaker labels, grouped for consistent tags."""

    def __init__(self, key_variants: Collection[str], keep_words: frozenset[str]) -> None:
        self.groups: dict[str, int] = {}       # lower-case variant -> group (for matching)
        self.strict: dict[str, bool] = {}      # lower-case variant -> only if no Dutch word
        self.by_name: dict[str, int] = {}      # lower-case full name -> group
        self.key_variants = set(key_variants)
        self.keep_words = keep_words
        self.n = 0

    def add(self, name: str) -> None:
        norm = " ".join(name.split()).lower()
        if norm in self.by_name:
            return
        stem, _ = _split_possessive(norm, self.groups)
        group = self.groups.get(stem, self.n)
        self.by_name[norm] = group
        if group < self.n:
            return
        self.n += 1
        first = name.split()[0]
        pet_names = _diminutives(first) if _deduce_first_name(_capitalised(first)) else []
        for variant in [v for v, _ in _person_variants(name)] + pet_names:
            low = variant.lower()
            if (len(variant) < 2 or low in INTERFIXES or low in self.key_variants
                    or all(w in self.keep_words for w in low.split()) or low in self.groups):
                continue
            self.groups[low] = group
            self.strict[low] = variant in pet_names or not _loose_first_name(variant)

    def group_of(self, name: str) -> tuple[int, str]:
        """The group of a name added before, and its possessive suffix ("Pieters")."""
        norm = " ".join(name.split()).lower()
        stem, poss = _split_possessive(norm, self.groups)
        return self.by_name[norm], (name[len(stem):] if poss else "")

    def matcher(self) -> _Matcher | None:
        """Matches every variant. In lower case only first names that are no frequent
        Dutch word ("roos" once Roos was seen) and other variants that are no Dutch word;
        a variant that is a stop word ("Wil") only capitalised inside a sentence."""
        if not self.groups:
            return None
        return _Matcher({v: (g, self.strict[v]) for v, g in self.groups.items()})


def _speaker_is_name(label: str, use_deduce: bool) -> bool:
    base = re.sub(r"[\s.]*\d+$", "", label.casefold()).strip(" .")
    if not base or base in GENERIC_SPEAKERS:
        return False
    words = label.split()
    if not any(w[:1].isupper() for w in words):
        return False
    if not all(re.fullmatch(r"[^\W\d_][\w'’.-]*", w) for w in words):
        return False
    caps = [w for w in words if w[:1].isupper()]
    if use_deduce:
        return any(_word_ok_as_name(w) for w in caps)
    return any(not _is_dutch_word(w) for w in caps)


def _resolve(cands: list[_Cand], protected: Sequence[tuple[int, int]]) -> list[_Cand]:
    """Non-overlapping candidates: lower rank first, then longer, then earlier."""
    order = {s: i for i, s in enumerate(_SOURCES)}

    def hits_protected(c: _Cand) -> bool:
        # a number the patterns recognise wins over a date or age deduce reads into it
        sure = c.category in ("email", "url", "date") or (
            c.source == "pattern" and c.category in ("phone", "iban", "bsn", "address", "postcode"))
        return c.source != "key" and not sure and any(s < c.end and c.start < e for s, e in protected)

    chosen: list[tuple[int, int, _Cand]] = []
    for c in sorted(cands, key=lambda c: (c.rank, c.start - c.end, c.start, order[c.source])):
        if c.end <= c.start or hits_protected(c):
            continue
        i = bisect.bisect_left(chosen, (c.start,), key=lambda t: (t[0],))
        if i > 0 and chosen[i - 1][1] > c.start:
            continue
        if i < len(chosen) and chosen[i][0] < c.end:
            continue
        chosen.insert(i, (c.start, c.end, c))
    return [t[2] for t in chosen]


class _Tags:
    """Case-wide numbering: the same (category, group) always gets the same tag."""

    def __init__(self) -> None:
        self.tags: dict[tuple[str, object], str] = {}
        self.counts: dict[str, int] = {}

    def tag(self, category: str, group: object) -> str:
        k = (category, group)
        if k not in self.tags:
            label = TAGS.get(category, "NUMMER")
            self.counts[label] = self.counts.get(label, 0) + 1
            self.tags[k] = f"[{label}-{self.counts[label]}]"
        return self.tags[k]


def _replacement(c: _Cand, text: str, key: PseudonymKey, tags: _Tags) -> Replacement:
    original = text[c.start:c.end]
    if c.source == "key":
        entry = key.entries[c.group]  # type: ignore[index]
        new = entry.pseudonym
        words = new.split()
        if len(words) > 1 and re.search(rf"(?i)(?<!\w){re.escape(words[0])}{_SPACE}$",
                                        text[max(0, c.start - 60):c.start]):
            new = " ".join(words[1:])           # "wethouder Bosma" -> "wethouder W."
        category = entry.category
    elif c.fixed:
        new, category = c.fixed, c.category
    else:
        new, category = tags.tag(c.category, c.group), c.category
    if c.possessive:
        new = _possessive(new, "’" if "’" in c.possessive else "'")
    return Replacement(c.start, c.end, category, original, new, c.source)


def _keep_words(keep: Collection[str]) -> frozenset[str]:
    if isinstance(keep, str):
        keep = [keep]
    return frozenset(w for k in keep for w in str(k).lower().split())


def _check_option(name: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}, "
                         f"not {value!r}")
    return value


@dataclass(frozen=True)
class _Options:
    """The policies of one run (checked): see :func:`pseudonymise`."""

    organisations: str = "keep"
    keep_organisations: re.Pattern | None = None
    dates: str = "keep"
    kept_names: tuple[str, ...] = ()          # the groups of the names that stay

    @classmethod
    def make(cls, organisations: str, keep_organisations: Collection[str], dates: str,
             ) -> _Options:
        names = [keep_organisations] if isinstance(keep_organisations, str) else keep_organisations
        return cls(_check_option("organisations", organisations, ORGANISATION_POLICIES),
                   _keep_org_regex(keep_organisations),
                   _check_option("dates", dates, DATE_POLICIES),
                   tuple(sorted({_org_group(str(n)) for n in names if str(n).strip()})))


def _part_of_kept(name: str, kept_names: Sequence[str]) -> bool:
    """Whether an organisation's name is (a short form of) a name that stays: "het
    Wijklab" of a kept "Wijklab Oosterpark".

    Examples
    --------
    >>> _part_of_kept("het Wijklab", ["wijklab oosterpark"]), _part_of_kept("Lab", ["wijklab"])
    (True, False)
    """
    words = f" {_org_group(name)} "
    return any(words in f" {kept} " for kept in kept_names)


def _policy_candidates(text: str, options: _Options, keep_words: frozenset[str],
                       ) -> tuple[list[_Cand], list[tuple[int, int]], list[Organisation]]:
    """Organisation and date candidates of the patterns, the spans of the organisations
    that stay (all under ``keep``, else ``keep_organisations``: nothing inside them is
    replaced except key names) and the organisations found."""
    found = find_organisations(text, keep_words)
    kept = ([(m.start(), m.end()) for m in options.keep_organisations.finditer(text)]
            if options.keep_organisations is not None else [])
    # (the whole span: "Apotheek Oosterpark" is no short form of "Wijklab Oosterpark")
    short = [_part_of_kept(text[o.start:o.end], options.kept_names) for o in found]
    kept += [(o.start, o.end) for o, k in zip(found, short) if k]
    found = [o for o, k in zip(found, short) if not k]
    if options.organisations == "keep":
        cands, kept = [], kept + [(o.start, o.end) for o in found]
    else:
        cands = [_organisation_cand(o, o.type, options.organisations, "pattern")
                 for o in found]
    cands += [_Cand(s, e, "date", None, "pattern", 1, fixed=new)
              for s, e, new in find_dates(text, options.dates)]
    return cands, kept, found


def _cut_before(text: str, c: _Cand, spans: Sequence[tuple[int, int]]) -> _Cand | None:
    """A person candidate without the organisation names it runs into: "Harm van
    Lindeveld Welzijn" -> "Harm"; None when it starts inside one."""
    end = c.end
    for s, e in spans:
        if s < end and c.start < e:
            if s <= c.start:
                return None
            end = s
    if end == c.end:
        return c
    toks = _tokens(text, c.start, end)
    while toks and toks[-1][2].lower() in INTERFIXES:
        toks = toks[:-1]
    if not toks:
        return None
    name = " ".join(text[c.start:toks[-1][1]].split())
    return _Cand(c.start, toks[-1][1], c.category, name, c.source, c.rank)


@dataclass
class _TextCands:
    """The candidates of one text before case-wide propagation."""

    key: list[_Cand]
    pattern: list[_Cand]
    deduce: list[_Cand]
    protected: list[tuple[int, int]]


def _text_candidates(text: str, km: _Matcher, keep_words: frozenset[str], use_deduce: bool,
                     options: _Options) -> tuple[_TextCands, list[Organisation]]:
    """Key, pattern, organisation, date and deduce candidates of one text."""
    key_c = [_Cand(s, e, "", g, "key", 2, poss) for s, e, poss, g in km.find(text)]
    pol_c, protected, orgs = _policy_candidates(text, options, keep_words)
    pat_c = _pattern_candidates(text) + pol_c
    ded_c, dates_ages = (_deduce_candidates(text, key_c, keep_words,
                                            organisations=options.organisations)
                         if use_deduce and text.strip() else ([], []))
    # a name in an organisation's name ("Huisartsenpraktijk Jansen") is not a person
    org_spans = protected + [(c.start, c.end) for c in pat_c + ded_c
                             if c.category == "organisation"]
    ded_c = [cut for c in ded_c
             if (cut := c if c.category != "person" else _cut_before(text, c, org_spans))]
    protected += dates_ages
    if use_deduce:
        ded_c += [_Cand(s, e, "place", _norm("place", text[s:e]), "pattern", 4)
                  for s, e in named_places(text, keep_words)]
        names = [(c.start, c.end) for c in key_c + ded_c if c.category == "person"]
        taken = [(c.start, c.end) for c in key_c + pat_c + ded_c if c.category != "person"]
        ded_c += _extra_person_candidates(text, names + [(c.start, c.end) for c in key_c
                                                         if c.category == ""],
                                          keep_words, taken + protected)
    return _TextCands(key_c, pat_c, ded_c, protected), orgs


def _find_case(texts: Sequence[str], labels: Sequence[str], *, key: PseudonymKey,
               keep: Collection[str], use_deduce: bool, options: _Options,
               ) -> tuple[list[list[Replacement]], dict[str, str]]:
    """Replacements for every text of one case, and the new speaker label per label."""
    km = _key_matcher(key)
    keep_words = _keep_words(keep)
    per_text = []
    found_orgs: list[Organisation] = []
    found_names: list[tuple[int, int, int, str]] = []     # (-n_words, doc, start, name)
    for i, text in enumerate(texts):
        cands, orgs = _text_candidates(text, km, keep_words, use_deduce, options)
        found_orgs += orgs
        found_names += [(-len(str(c.group).split()), i, c.start, str(c.group))
                        for c in cands.deduce if c.category == "person"]
        per_text.append(cands)
    people = _People(km.variants, keep_words)
    for *_, name in sorted(found_names):
        people.add(name)
    for label in labels:   # a speaker label that is a name not in the key is a person too
        if not any(True for _ in km.find(label)) and _speaker_is_name(label, use_deduce):
            people.add(" ".join(label.split()))
    pm = people.matcher()
    organisations = _Organisations([*km.variants, *people.groups], keep_words)
    for org in found_orgs:
        organisations.add(org)
    tags = _Tags()

    def candidates(text: str, base: list[_Cand]) -> list[_Cand]:
        out = list(base)
        if pm is not None:
            out += [_Cand(*_extend_name(text, s, e), "person", g, "propagated", 3, poss)
                    for s, e, poss, g in pm.find(text)]
        return out

    results = []
    for text, cands in zip(texts, per_text):
        for c in cands.deduce:
            if c.category == "person":
                c.group, c.possessive = people.group_of(str(c.group))
        protected, more = list(cands.protected), []
        for org in organisations.find(text):          # names seen before with a type word
            if options.organisations == "keep":
                protected.append((org.start, org.end))
            else:
                more.append(_organisation_cand(org, org.type, options.organisations,
                                               "propagated"))
        for c in cands.pattern:                       # "De Kiezel" is the school of "CBS De Kiezel"
            if c.category == "organisation" and c.fixed == "[ORGANISATIE]":
                c.fixed = f"[{organisations.types.get(str(c.group), 'ORGANISATIE')}]"
        # a name replaced as a person elsewhere in the case is replaced here too, also where
        # it reads as an organisation that stays ("wijkbeheerder bij Woonvast"): the same
        # word must not be pseudonymised in one place and left in another
        protected = [(s, e) for s, e in protected if " ".join(text[s:e].split()).lower() not in people.by_name]
        chosen = _resolve(candidates(text, cands.key + cands.pattern + cands.deduce + more),
                          protected)
        results.append([_replacement(c, text, key, tags) for c in chosen])
    label_map = {}
    for label in labels:
        key_c = [_Cand(s, e, "", g, "key", 2, poss) for s, e, poss, g in km.find(label)]
        reps = [_replacement(c, label, key, tags) for c in _resolve(candidates(label, key_c), ())]
        label_map[label] = apply_replacements(label, reps)[0]
    return results, label_map


def find_identifiers(text: str, *, key: PseudonymKey, keep: Collection[str] = (),
                     use_deduce: bool = True, organisations: str = "keep",
                     keep_organisations: Collection[str] = (), dates: str = "keep",
                     ) -> list[Replacement]:
    """Everything in one text that must be replaced, sorted and non-overlapping.

    Parameters
    ----------
    text:
        The original text.
    key:
        The case's pseudonym key.
    keep:
        Place names that stay (the municipality and neighbourhoods of the case).
    use_deduce:
        Also run deduce (names not in the key, addresses, places). Without it only the
        key and the contact-detail patterns are used.
    organisations, keep_organisations, dates:
        See :func:`pseudonymise`.

    Examples
    --------
    >>> key = PseudonymKey((KeyEntry("Marloes Dijkstra", "Louise"),))
    >>> [(r.original, r.replacement, r.source) for r in find_identifiers(
    ...     "Marloes' idee: bel 06-12345678.", key=key, use_deduce=False)]
    [("Marloes'", 'Louises', 'key'), ('06-12345678', '[TELEFOONNUMMER-1]', 'pattern')]
    """
    options = _Options.make(organisations, keep_organisations, dates)
    return _find_case([text], [], key=key, keep=keep, use_deduce=use_deduce,
                      options=options)[0][0]


def apply_replacements(text: str, replacements: Sequence[Replacement],
                       ) -> tuple[str, Callable[[int], int]]:
    """Apply replacements; return the new text and a map from old to new offsets.

    An offset at a replacement's start maps to the start of the new text, one at its end
    (or inside it) to the end of the new text.

    Raises
    ------
    ValueError
        When replacements overlap, are not sorted or do not match the text (their
        number and offsets are named, not their text).

    Examples
    --------
    >>> r = Replacement(4, 8, "person", "Bart", "Joris", "key")
    >>> new, to_new = apply_replacements("Dag Bart, hoe gaat het?", [r])
    >>> new, to_new(4), to_new(8), to_new(9)
    ('Dag Joris, hoe gaat het?', 4, 9, 10)
    """
    parts: list[str] = []
    starts: list[int] = []
    new_starts: list[int] = []
    ends: list[int] = []
    deltas: list[int] = []          # cumulative length change after each replacement
    pos = 0
    delta = 0
    for n, r in enumerate(replacements):
        if r.start < pos or r.end <= r.start or r.end > len(text):
            raise ValueError(f"replacement {n} ({r.start}-{r.end}) overlaps the previous one, "
                             "is empty or lies outside the text")
        if text[r.start:r.end] != r.original:
            raise ValueError(f"replacement {n} ({r.start}-{r.end}) does not match the text")
        parts.append(text[pos:r.start])
        parts.append(r.replacement)
        starts.append(r.start)
        ends.append(r.end)
        new_starts.append(r.start + delta)
        delta += len(r.replacement) - (r.end - r.start)
        deltas.append(delta)
        pos = r.end
    parts.append(text[pos:])

    def to_new(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        if offset >= ends[i]:
            return offset + deltas[i]
        if offset == starts[i]:
            return new_starts[i]
        return new_starts[i] + len(replacements[i].replacement)

    return "".join(parts), to_new


# ---------------------------------------------------------------------------- the stage


@dataclass(frozen=True, eq=False)
class Pseudonymised:
    """Result of :func:`pseudonymise`. ``log`` holds real names: keep it private."""

    documents: pd.DataFrame = field(repr=False)
    turns: pd.DataFrame = field(repr=False)
    log: pd.DataFrame = field(repr=False)


def pseudonymise(documents: pd.DataFrame, turns: pd.DataFrame, *, key: PseudonymKey,
                 keep: Collection[str] = (), use_deduce: bool = True,
                 organisations: str = "keep", keep_organisations: Collection[str] = (),
                 dates: str = "keep") -> Pseudonymised:
    """Pseudonymise the documents and turns of one or more cases.

    Each document text is searched once (see :func:`find_identifiers`); names found by
    deduce or as speaker labels are then replaced in every document of the same case,
    with the same tag. Turn offsets are mapped into the new texts so that
    ``documents.text[start:end] == turns.text`` still holds; speaker labels become
    pseudonyms too. The inputs are not changed.

    Parameters
    ----------
    documents, turns:
        DOCUMENTS and TURNS tables (see :mod:`pao_analysis.schemas`) with real names.
    key:
        The pseudonym key.
    keep:
        Place names that stay (municipality and neighbourhoods).
    use_deduce:
        Also run deduce (slower; finds names not in the key).
    organisations:
        What happens to organisation names found in the text (``Stichting Buurtkracht``,
        ``Vaart Welzijn``, ``CBS De Wegwijzer``, institutions deduce knows): ``"keep"``
        (default) leaves them, ``"generalise"`` puts their type instead
        (``[WELZIJNSORGANISATIE]``, ``[SCHOOL]``..., see :data:`ORGANISATION_TYPES`),
        ``"replace"`` numbered tags (``[ORGANISATIE-1]``). Organisations in the key are
        always replaced by their pseudonym; generic references (``de gemeente``,
        ``het wijkteam``, ``de school``) never count.
    keep_organisations:
        Organisation names that always stay (case-insensitive), whatever the policy.
    dates:
        ``"keep"`` (default), ``"month"`` (the day goes: ``op 15 maart 2022`` ->
        ``in maart 2022``, ``15-03-2022`` -> ``maart 2022``) or ``"year"`` (the month
        goes too: ``maart 2022`` -> ``2022``; a day and month without a year ->
        ``[DATUM]``). See :func:`find_dates`.

    Returns
    -------
    Pseudonymised
        New ``documents`` and ``turns``, and the private replacement ``log``.

    Raises
    ------
    ValueError
        An ``organisations`` or ``dates`` value that is not allowed (the message names
        the allowed values).

    Examples
    --------
    >>> docs = pd.DataFrame({"case_id": ["c"], "interview_id": ["P01"], "path": ["P01.txt"],
    ...     "format": ["txt"], "encoding": ["utf-8"], "text": ["Bart: Dag Femke!"]})
    >>> turns = pd.DataFrame({"case_id": ["c"], "interview_id": ["P01"], "turn": [0],
    ...     "speaker": ["Bart"], "speaker_role": ["respondent"], "start": [6], "end": [16],
    ...     "text": ["Dag Femke!"], "timestamp": [float("nan")]})
    >>> key = PseudonymKey((KeyEntry("Bart Mulder", "Joris"), KeyEntry("Femke Hoekstra", "Inge")))
    >>> out = pseudonymise(docs, turns, key=key, use_deduce=False)
    >>> out.documents.text[0], out.turns.speaker[0], out.turns.text[0]
    ('Joris: Dag Inge!', 'Joris', 'Dag Inge!')
    """
    options = _Options.make(organisations, keep_organisations, dates)
    schemas.check(documents, schemas.DOCUMENTS, "documents")
    schemas.check(turns, schemas.TURNS, "turns")
    docs = documents.copy()
    new_turns = turns.copy()
    ids = list(zip(docs["case_id"].astype(str), docs["interview_id"].astype(str)))
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SchemaError(f"documents table has interviews twice: {dupes}",
                          fix="give every transcript its own interview id")
    texts = ["" if pd.isna(t) else str(t) for t in docs["text"]]
    turn_ids = list(zip(new_turns["case_id"].astype(str), new_turns["interview_id"].astype(str)))
    orphans = sorted(set(turn_ids) - set(ids))
    if orphans:
        raise SchemaError(f"turns of interviews without a document: {orphans}",
                          fix="this is a bug in the reader; please report it")
    speakers = ["" if pd.isna(s) else str(s) for s in new_turns["speaker"]]

    new_texts = list(texts)
    mappers: dict[tuple[str, str], Callable[[int], int]] = {}
    label_maps: dict[str, dict[str, str]] = {}
    log_rows: list[dict] = []
    for case_id in dict.fromkeys(i[0] for i in ids):
        rows = [n for n, i in enumerate(ids) if i[0] == case_id]
        labels = sorted({s for s, t in zip(speakers, turn_ids) if t[0] == case_id and s.strip()})
        reps, label_maps[case_id] = _find_case(
            [texts[n] for n in rows], labels, key=key, keep=keep, use_deduce=use_deduce,
            options=options)
        for n, doc_reps in zip(rows, reps):
            new_texts[n], mappers[ids[n]] = apply_replacements(texts[n], doc_reps)
            log_rows += [{"case_id": case_id, "interview_id": ids[n][1], "start": r.start,
                          "end": r.end, "category": r.category, "original": r.original,
                          "replacement": r.replacement, "source": r.source} for r in doc_reps]
    docs["text"] = new_texts

    text_of = dict(zip(ids, new_texts))
    starts, ends, turn_texts = [], [], []
    for tid, s, e in zip(turn_ids, new_turns["start"], new_turns["end"]):
        to_new = mappers[tid]
        ns = to_new(int(s))
        ne = max(ns, to_new(int(e)))
        starts.append(ns)
        ends.append(ne)
        turn_texts.append(text_of[tid][ns:ne])
    new_turns["start"] = pd.Series(starts, index=new_turns.index, dtype="int64")
    new_turns["end"] = pd.Series(ends, index=new_turns.index, dtype="int64")
    new_turns["text"] = pd.Series(turn_texts, index=new_turns.index, dtype=turns["text"].dtype)
    new_turns["speaker"] = [label_maps[t[0]].get(s, s) if s.strip() else old
                            for s, old, t in zip(speakers, new_turns["speaker"], turn_ids)]
    log = pd.DataFrame(log_rows, columns=list(LOG_COLUMNS))
    counts = replacement_counts(log)
    summary = ", ".join(f"{c} {n}" for c, n in zip(counts["category"], counts["count"]))
    logger.info("pseudonymised %d documents: %d replacements (%s)", len(docs), len(log),
                summary or "none")
    return Pseudonymised(documents=schemas.check(docs, schemas.DOCUMENTS, "documents"),
                         turns=schemas.check(new_turns, schemas.TURNS, "turns"), log=log)


_FILE_LIKE = re.compile(r"[\w.-]*_[\w.-]*|[\w.-]+\.(?:txt|docx|vtt|srt|csv)\b", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")


def mask_file_names(text: str, key: PseudonymKey, log: pd.DataFrame, *, whole: bool = False) -> str:
    """``text`` with the names in its file names and ids replaced by "…": transcripts are
    often named after the interviewee ("P04_maarten.txt" -> "P04_….txt"). A word counts as
    a name when it is part of a name in the key or of a person the log replaced, or is a
    first name that is no Dutch word. ``whole``: ``text`` is one path, spaces and all.

    Examples
    --------
    >>> key = PseudonymKey((KeyEntry("Maarten de Vries", "Ruben"),))
    >>> mask_file_names("transcripts/P04_maarten.txt and P13_kees_aanvulling", key,
    ...                 pd.DataFrame(columns=["category", "original"]))
    'transcripts/P04_….txt and P13_…_aanvulling'
    """
    names = {w.lower() for e in key.entries for n in (e.real_name, *e.aliases)
             for w in _LETTERS.findall(n) if w.lower() not in INTERFIXES}
    names |= {w.lower() for o in log.loc[log["category"] == "person", "original"]
              for w in _LETTERS.findall(str(o)) if w.lower() not in INTERFIXES}

    def is_name(word: str) -> bool:
        low = word.lower()
        return low in names or (len(low) > 2 and not _is_dutch_word(low) and (
            _first_name(_capitalised(low)) or _first_name(_capitalised(_loose(low)))))

    def mask(m: re.Match) -> str:
        return _LETTERS.sub(lambda w: "…" if is_name(w.group()) else w.group(), m.group())

    text = unicodedata.normalize("NFC", text)
    return mask(re.match(r"[\s\S]*", text)) if whole else _FILE_LIKE.sub(mask, text)


def replacement_counts(log: pd.DataFrame) -> pd.DataFrame:
    """Number of replacements per category: safe to show (no originals, no pseudonyms).

    Examples
    --------
    >>> log = pd.DataFrame({"category": ["person", "email", "person"], "original": ["x"] * 3})
    >>> replacement_counts(log).to_dict("records")
    [{'category': 'email', 'count': 1}, {'category': 'person', 'count': 2}]
    """
    if log.empty:
        return pd.DataFrame({"category": pd.Series([], dtype=object),
                             "count": pd.Series([], dtype="int64")})
    counts = log.groupby("category", sort=True).size()
    return pd.DataFrame({"category": list(counts.index), "count": counts.to_numpy(dtype="int64")})
