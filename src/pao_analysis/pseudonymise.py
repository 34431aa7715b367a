"""Pseudonymisation: replace names and contact details before any NLP.

This stage runs right after reading the transcripts; nothing after it sees a real name.
Four sources of replacements are combined per case:

``key``
    The case's ``private/pseudonym_key.csv``. A person's full name, first name alone,
    surname alone (``van der Veen``, ``Van der Veen``; the last word ``Veen`` only when
    capitalised or not a Dutch word), aliases, possessives (``Marloes'``, ``Femkes``,
    ``Bart's``) and lower-case spellings (``marloes``) all become the pseudonym.
``pattern``
    Dutch e-mail addresses, phone numbers, postcodes, URLs, IBANs and BSN-like numbers.
``deduce``
    The Dutch de-identification library `deduce <https://github.com/vmenger/deduce>`_
    finds names that are not in the key, street addresses, places and the contact
    details the patterns missed.
``propagated``
    A person name that deduce (or an unknown speaker label) revealed once is replaced
    everywhere in the case, with its first name and surname alone, in lower case and
    as a possessive.

Replacements for what is not in the key are bracketed Dutch tags numbered per case:
``[PERSOON-1]``, ``[E-MAILADRES-1]``, ``[TELEFOONNUMMER-1]``, ``[ADRES-1]``,
``[POSTCODE-1]``, ``[PLAATS-1]``, ``[URL-1]``, ``[IBAN-1]``, ``[BSN-1]``, ``[NUMMER-1]``;
the same original always gets the same tag in every document of a case.

What is kept on purpose:

* dates and ages (the timeline needs them);
* the places in ``keep`` (the case's municipality and neighbourhoods), the country and
  its provinces (``Nederland``, ``Drenthe``, ``Groningen``...);
* institutions deduce recognises (hospitals, care organisations: the analysis needs the
  organisation types); pass ``replace_institutions=True`` to replace them, generic ones
  such as ``het ziekenhuis`` or ``de gemeente`` are never replaced;
* street names without a house number (an address is a street *with* a number).

Key names always win over ``keep`` and over deduce. The replacement log (``Pseudonymised.log``)
holds the originals: it is private and must never be written to outputs; use
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

import pandas as pd

from . import schemas
from .errors import CorpusError, SchemaError

logger = logging.getLogger("pao_analysis")

__all__ = ["KeyEntry", "PseudonymKey", "Pseudonymised", "Replacement", "apply_replacements",
           "find_identifiers", "load_key", "pseudonymise", "replacement_counts"]

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
    "id": "NUMMER", "institution": "INSTELLING", "organisation": "ORGANISATIE",
}

#: Lower-case name particles (tussenvoegsels).
INTERFIXES = frozenset({
    "van", "de", "der", "den", "het", "'t", "’t", "te", "ter", "ten", "in", "op", "aan", "uit",
    "'n", "la", "le", "du", "da", "di", "del", "dos", "das", "des", "von", "zu", "d'", "d’",
    "vd", "v.d.", "v/d"})

#: Titles and forms of address stripped from the front of a name found by deduce.
TITLES = frozenset({
    "mevrouw", "mevr", "mw", "mvr", "meneer", "mijnheer", "mnr", "dhr", "heer", "dokter", "dr",
    "drs", "ir", "ing", "mr", "prof", "juf", "juffrouw", "meester", "zuster", "broeder",
    "wethouder", "burgemeester", "directeur", "directrice", "pastor", "pastoor", "dominee", "ds",
    "collega", "buurman", "buurvrouw", "oom", "tante", "opa", "oma", "mama", "papa", "zus",
    "broer", "lector", "professor", "student", "studente", "teamleider", "coördinator"})

#: Place names that never identify anyone and stay: the country and its provinces.
WIDE_PLACES = frozenset({
    "nederland", "holland", "europa", "belgië", "duitsland", "randstad", "groningen", "friesland",
    "fryslân", "drenthe", "overijssel", "flevoland", "gelderland", "utrecht", "noord-holland",
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
        aliases = tuple(dict.fromkeys(a for a in (_clean_cell(x) for x in re.split(
            r"[;|]", cells.get("aliases", ""))) if a))
        for col, name in [("real_name", real)] + [("aliases", a) for a in aliases]:
            norm = name.casefold()
            if len(name) < 2:
                raise CorpusError("an alias must have at least two characters", path=shown,
                                  where=f"line {line}, column aliases", fix="remove or lengthen it")
            if norm in seen:
                other_line, other_col = seen[norm]
                raise CorpusError(f"this {col} repeats the {other_col} of line {other_line}",
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


@lru_cache(maxsize=100_000)
def _is_dutch_word(word: str) -> bool:
    """Whether the lower-cased word is a Dutch dictionary word (simplemma's data)."""
    import simplemma

    low = word.lower()
    return low in _stop_words() or simplemma.is_known(low, lang="nl")


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


@lru_cache(maxsize=100_000)
def _deduce_surname(word: str) -> bool:
    return [word] in _deduce().lookup_structs["surname"]


def _sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and text[j] in " \t\"'“‘„(-–":
        j -= 1
    return j < 0 or text[j] in ".!?:\n…"


def _accept(text: str, start: int, name: str, strict: bool) -> bool:
    """Whether a (case-insensitive) match of a name variant is really the name.

    Capitalised matches are accepted, except a stop word at the start of a sentence
    ("Wil je..." for a person called Wil). Lower-case matches are accepted for first
    names and aliases unless they are stop words, and for surnames (``strict``) unless
    they are Dutch words ("de boer", "visser").
    """
    head = name.split()[-1]
    low = head.lower()
    if head[:1].isupper():
        return not (len(name.split()) == 1 and low in _stop_words()
                    and _sentence_initial(text, start))
    if low in _stop_words():
        return False
    return not (strict and _is_dutch_word(low))


def _possessive(name: str, apostrophe: str = "'") -> str:
    """Dutch possessive of a replacement: ``Joris'``, ``Inges``, ``Anna's``, ``[PERSOON-1]'s``."""
    last = name[-1:].lower()
    if last and last in "sxz":
        return name + apostrophe
    if not last.isalpha() or last in "aiouyé":
        return name + apostrophe + "s"
    return name + "s"


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


class _Matcher:
    """One regex for many names: longest first, word bounded, optional possessive."""

    def __init__(self, variants: dict[str, tuple[object, bool]]) -> None:
        self.variants = variants
        alts = sorted(variants, key=lambda v: (-len(v), v))
        body = "|".join(_SPACE.join(re.escape(w) for w in v.split()) for v in alts)
        self.regex = re.compile(
            rf"(?<!\w)(?P<name>{body})(?P<poss>['’]s|s|['’])?(?!\w)" if alts else r"(?!)",
            re.IGNORECASE)

    def find(self, text: str) -> Iterable[tuple[int, int, str, object]]:
        """(start, end, possessive, payload) of accepted matches."""
        for m in self.regex.finditer(text):
            name, poss, end = m.group("name"), m.group("poss") or "", m.end()
            if poss in ("'", "’") and (name[-1].lower() not in "sxz"
                                       or text[m.start() - 1:m.start()] in ("'", "‘", "’")
                                       or not text[end:end + 1].isspace()):
                end, poss = end - 1, ""             # a closing quote, not a possessive
            payload, strict = self.variants[" ".join(name.split()).lower()]
            if _accept(text, m.start(), name, strict):
                yield m.start(), end, poss, payload


@lru_cache(maxsize=16)
def _key_matcher(key: PseudonymKey) -> _Matcher:
    variants: dict[str, tuple[object, bool]] = {}
    owner_line: dict[str, int] = {}
    full = [(i, e, v, e.category != "person") for i, e in enumerate(key.entries)
            for v in (e.real_name, *e.aliases)]
    parts = [(i, e, v, strict) for i, e in enumerate(key.entries) if e.category == "person"
             for v, strict in _person_variants(e.real_name)[1:]]
    for i, e, v, strict in full + parts:
        low = v.lower()
        if len(v) < 2 or low in INTERFIXES:
            continue
        if low in variants:
            if variants[low][0] != i:
                logger.warning("pseudonym key lines %s and %s share a first name or surname; "
                               "alone it becomes the pseudonym of line %s (add aliases to "
                               "be precise)", owner_line[low], e.line, owner_line[low])
            continue
        variants[low] = (i, strict)
        owner_line[low] = e.line
    return _Matcher(variants)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# web addresses; bare domains only in lower case ("Pittelo.Nu" is a missing space)
_URL = re.compile(r"(?<![\w@/.])(?i:https?://|www\.)[^\s<>\"']+"
                  r"|(?<![\w@/.-])(?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|be|info|io)"
                  r"(?:/[^\s<>\"']*)?(?![\w@-])")
_PHONE_INT = re.compile(r"(?<![\w+])(?:\+|00)31[ \-.]?(?:\(0\)[ \-.]?)?\d(?:[ \-.]?\d){8}(?!\d)")
_PHONE_NAT = re.compile(r"(?<![\w+\-./])(?:\(0\d{1,3}\)|0\d{1,3})(?:[ \-.]?\d){6,8}(?![\w])")
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
_IBAN_NL = re.compile(r"(?<![\w])NL ?\d{2} ?[A-Z]{4}(?: ?\d){10}(?![\w])", re.IGNORECASE)
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![\w])")
_BSN = re.compile(r"(?<![\w.,])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w]|[.,]\d)")
_TOKEN = re.compile(r"\S+")


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


def _pattern_candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []

    def add(start: int, end: int, category: str) -> None:
        out.append(_Cand(start, end, category, _norm(category, text[start:end]), "pattern", 0))

    for m in _EMAIL.finditer(text):
        add(m.start(), m.end(), "email")
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]}'\"":
            end -= 1
        add(m.start(), end, "url")
    for m in _PHONE_INT.finditer(text):
        add(m.start(), m.end(), "phone")
    for m in _PHONE_NAT.finditer(text):
        if len(re.sub(r"\D", "", m.group())) == 10:
            add(m.start(), m.end(), "phone")
    for m in _POSTCODE.finditer(text):
        add(m.start(), m.end(), "postcode")
    for m in _IBAN_NL.finditer(text):
        add(m.start(), m.end(), "iban")
    for m in _IBAN.finditer(text):
        if _iban_ok(m.group()):
            add(m.start(), m.end(), "iban")
    for m in _BSN.finditer(text):
        add(m.start(), m.end(), "bsn")
    return out


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


def _word_ok_as_name(word: str) -> bool:
    """Evidence that a capitalised word is a name: a known first name or not a Dutch word."""
    return _deduce_first_name(word) or not _is_dutch_word(word)


def _clean_person(text: str, start: int, end: int,
                  keep_words: frozenset[str]) -> tuple[int, int, bool] | None:
    """Trim a deduce person annotation to the name; None when it is not one.

    Strips titles ("mevrouw Jansen" -> "Jansen"), cuts an organisation after the name
    ("Pieter Jansen van Icare" -> "Pieter Jansen") and rejects annotations made only of
    Dutch words without a first name ("Mooi", "Zilveren Kruis", "van de Wijk").
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
        else:
            break
    if not toks:
        return None
    lead = 0
    while (lead < len(toks) and toks[lead][2][:1].isupper()
           and toks[lead][2].lower() not in INTERFIXES):
        lead += 1
    if lead >= 2 and lead < len(toks) and toks[lead][2] == toks[lead][2].lower() \
            and toks[lead][2] in INTERFIXES and not _deduce_surname(toks[-1][2]):
        toks = toks[:lead]
    names = [t[2] for t in toks if t[2].lower() not in INTERFIXES]
    if not names or all(not w[:1].isupper() for w in names):
        return None
    if all(w.lower() in keep_words for w in names):
        return None
    if not titled and not any(_word_ok_as_name(w) for w in names if w[:1].isupper()):
        return None
    if len(names) == 1 and len(toks) == 1 and names[0].lower() in _stop_words():
        return None
    return toks[0][0], toks[-1][1], titled


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
                       replace_institutions: bool) -> tuple[list[_Cand], list[tuple[int, int]]]:
    """Candidates from deduce's annotations, and the protected (date and age) spans.

    Person candidates carry their name text as ``group``; the caller maps it to a group.
    """
    cands: list[_Cand] = []
    protected: list[tuple[int, int]] = []
    key_spans = sorted((c.start, c.end) for c in key_cands)
    for tag, s, e in sorted(_deduce_annotations(text, institutions=replace_institutions), key=lambda a: (a[1], a[2])):
        if tag in ("datum", "leeftijd"):
            protected.append((s, e))
        elif tag in ("persoon", "patient"):
            cleaned = _clean_person(text, s, e, keep_words)
            if cleaned is None:
                continue
            s, e, _ = cleaned
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
            s, e = toks[0][0], toks[-1][1]
            while e > s and text[e - 1] in ",;":
                e -= 1
            category = "address" if any(ch.isdigit() for ch in text[s:e]) else "place"
            if category == "place" and all(_is_dutch_word(t[2]) and t[2][:1].islower()
                                           for t in toks):
                continue
            cands.append(_Cand(s, e, category, _norm(category, text[s:e]), "deduce", 3))
        elif "instelling" in tag or "ziekenhuis" in tag:
            # kept by default; generic ones ("het ziekenhuis", "UMC Groningen": only
            # generic words, kept places and lower-case words) are never replaced
            words = [t[2] for t in _tokens(text, s, e)]
            if not replace_institutions or all(
                    w.lower() in GENERIC_ORG_WORDS | keep_words | WIDE_PLACES
                    or not w[:1].isupper() for w in words):
                continue
            cands.append(_Cand(s, e, "institution", _norm("institution", text[s:e]), "deduce", 3))
        elif tag in _DEDUCE_CATEGORIES:
            category = _DEDUCE_CATEGORIES[tag]
            cands.append(_Cand(s, e, category, _norm(category, text[s:e]), "deduce", 0))
        else:
            logger.debug("deduce tag %s not used", tag)
    return cands, protected


# ------------------------------------------------------------------ case-level matching


def _split_possessive(name: str, known: Collection[str]) -> tuple[str, str]:
    """("pieter", "s") for "pieters" when "pieter" is known; else (name, "")."""
    for suffix in ("'s", "’s", "s", "'", "’"):
        if name.endswith(suffix) and name[:-len(suffix)] in known:
            return name[:-len(suffix)], suffix
    return name, ""


class _People:
    """Person names found by deduce or as speaker labels, grouped for consistent tags."""

    def __init__(self, key_variants: Collection[str], keep_words: frozenset[str]) -> None:
        self.groups: dict[str, int] = {}       # lower-case variant -> group (for matching)
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
        for variant, _ in _person_variants(name):
            low = variant.lower()
            if (len(variant) < 2 or low in INTERFIXES or low in self.key_variants
                    or all(w in self.keep_words for w in low.split()) or low in self.groups):
                continue
            if len(variant.split()) == 1 and low in _stop_words():
                continue
            self.groups[low] = group

    def group_of(self, name: str) -> tuple[int, str]:
        """The group of a name added before, and its possessive suffix ("Pieters")."""
        norm = " ".join(name.split()).lower()
        stem, poss = _split_possessive(norm, self.groups)
        return self.by_name[norm], (name[len(stem):] if poss else "")

    def matcher(self) -> _Matcher | None:
        """Matches every variant; lower-case only when it is not a Dutch word."""
        if not self.groups:
            return None
        return _Matcher({v: (g, True) for v, g in self.groups.items()})


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
        return c.source != "key" and c.category not in ("email", "url") and any(
            s < c.end and c.start < e for s, e in protected)

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
    else:
        new, category = tags.tag(c.category, c.group), c.category
    if c.possessive:
        new = _possessive(new, "’" if "’" in c.possessive else "'")
    return Replacement(c.start, c.end, category, original, new, c.source)


def _keep_words(keep: Collection[str]) -> frozenset[str]:
    if isinstance(keep, str):
        keep = [keep]
    return frozenset(w for k in keep for w in str(k).lower().split())


def _find_case(texts: Sequence[str], labels: Sequence[str], *, key: PseudonymKey,
               keep: Collection[str], use_deduce: bool, replace_institutions: bool,
               ) -> tuple[list[list[Replacement]], dict[str, str]]:
    """Replacements for every text of one case, and the new speaker label per label."""
    km = _key_matcher(key)
    keep_words = _keep_words(keep)
    per_text = []
    found_names: list[tuple[int, int, int, str]] = []     # (-n_words, doc, start, name)
    for i, text in enumerate(texts):
        key_c = [_Cand(s, e, "", g, "key", 2, poss) for s, e, poss, g in km.find(text)]
        pat_c = _pattern_candidates(text)
        ded_c, protected = (_deduce_candidates(text, key_c, keep_words,
                                               replace_institutions=replace_institutions)
                            if use_deduce and text.strip() else ([], []))
        for c in ded_c:
            if c.category == "person":
                found_names.append((-len(str(c.group).split()), i, c.start, str(c.group)))
        per_text.append((key_c, pat_c, ded_c, protected))
    people = _People(km.variants, keep_words)
    for *_, name in sorted(found_names):
        people.add(name)
    for label in labels:   # a speaker label that is a name not in the key is a person too
        if not any(True for _ in km.find(label)) and _speaker_is_name(label, use_deduce):
            people.add(" ".join(label.split()))
    pm = people.matcher()
    tags = _Tags()

    def candidates(text: str, base: list[_Cand]) -> list[_Cand]:
        out = list(base)
        if pm is not None:
            out += [_Cand(s, e, "person", g, "propagated", 3, poss)
                    for s, e, poss, g in pm.find(text)]
        return out

    results = []
    for text, (key_c, pat_c, ded_c, protected) in zip(texts, per_text):
        for c in ded_c:
            if c.category == "person":
                c.group, c.possessive = people.group_of(str(c.group))
        chosen = _resolve(candidates(text, key_c + pat_c + ded_c), protected)
        results.append([_replacement(c, text, key, tags) for c in chosen])
    label_map = {}
    for label in labels:
        key_c = [_Cand(s, e, "", g, "key", 2, poss) for s, e, poss, g in km.find(label)]
        reps = [_replacement(c, label, key, tags) for c in _resolve(candidates(label, key_c), ())]
        label_map[label] = apply_replacements(label, reps)[0]
    return results, label_map


def find_identifiers(text: str, *, key: PseudonymKey, keep: Collection[str] = (),
                     use_deduce: bool = True, replace_institutions: bool = False,
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
    replace_institutions:
        Replace institutions deduce recognises (kept by default).

    Examples
    --------
    >>> key = PseudonymKey((KeyEntry("Marloes Dijkstra", "Louise"),))
    >>> [(r.original, r.replacement, r.source) for r in find_identifiers(
    ...     "Marloes' idee: bel 06-12345678.", key=key, use_deduce=False)]
    [("Marloes'", 'Louises', 'key'), ('06-12345678', '[TELEFOONNUMMER-1]', 'pattern')]
    """
    return _find_case([text], [], key=key, keep=keep, use_deduce=use_deduce,
                      replace_institutions=replace_institutions)[0][0]


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
                 replace_institutions: bool = False) -> Pseudonymised:
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
    replace_institutions:
        Replace institution names deduce finds (kept by default).

    Returns
    -------
    Pseudonymised
        New ``documents`` and ``turns``, and the private replacement ``log``.

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
            replace_institutions=replace_institutions)
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
