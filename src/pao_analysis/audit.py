"""Leak audit: search everything a run wrote for the real names of the pseudonym key
and every original in the replacement log.

``pao audit OUTPUT_DIR --case CASE_DIR`` reads every text-bearing file under the output
folder (html, ipynb, csv, json, svg, md, txt, the XML inside xlsx/docx/zip exports and
the text columns of parquet tables) and reports each place where a real name occurs:
the file and line:column, and *which line of the key or log* it comes from, never the
name itself (the report may be shared or logged). Names are matched case- and
accent-insensitively, also as first name or surname alone; a surname that is also a
Dutch word ("de Boer") only counts when capitalised, and a single name that is also a
Dutch word ("Door", "Wil") only when capitalised inside a sentence. Titles in a key
alias ("dokter De Vries") are not names. From the log, every replaced person name,
address, phone number, e-mail address, URL, BSN, IBAN, place and organisation is
searched as written (dates generalised to month or year are not identifiers).

Letters only make a word: "P04_maarten.txt" holds the name "maarten". In HTML, SVG, XML
and notebooks the markup itself is not searched (tag and attribute names, style sheets,
scripts: a CSS rule for ``<mark>`` is no leak of a person called Mark), nor embedded
images (base64, or image files inside docx and xlsx); text and the ``alt``/``title``
attributes are.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .pseudonymise import TITLES, PseudonymKey, _is_dutch_word, _person_variants, _stop_words
from .timeline import MONTH_ABBREVIATIONS, MONTHS

TEXT_SUFFIXES = (".html", ".htm", ".ipynb", ".csv", ".json", ".svg", ".md", ".txt", ".xml", ".qde")
ZIP_SUFFIXES = (".xlsx", ".docx", ".zip", ".qdpx")
#: Dutch month names and their abbreviations, written in lower case in dates: a first
#: name spelled like one ("Jan", "April", "Mei") is only a leak when capitalised.
MONTH_WORDS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)
#: Images inside those: pixels, not text (their bytes can spell a short name by chance).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")


@dataclass(frozen=True)
class Leak:
    """One occurrence of a real name in an output file (without the name)."""

    file: str
    where: str
    key_line: int
    source: str = "pseudonym key"

    def __str__(self) -> str:
        what = "a real name" if self.source == "pseudonym key" else "an identifier"
        return f"{self.file} ({self.where}): {what} from line {self.key_line} of the {self.source}"


#: What to do about a leak, by where the leaked identifier was found.
LEAK_FIX = {
    "replacement log": "a word the pseudonymiser replaced in one place still stands in another. Look it up on "
                       "that line of private/replacement_log.csv. If it is not a person (an organisation or a "
                       "place that may be named), add it under pseudonymisation: keep_organisations or "
                       "keep_words in case.yaml; if it is a person, add the name with its variants (aliases "
                       "column) to the pseudonym key. Then run again.",
    "pseudonym key": "a name from the pseudonym key still stands in the outputs in a form the key does not "
                     "list. Add that form to the aliases column of the key's line, then run again.",
}


def leak_fixes(leaks: list[Leak]) -> list[str]:
    """What to do about ``leaks``: one fix per kind of source found (:data:`LEAK_FIX`)."""
    return [fix for source, fix in LEAK_FIX.items() if any(leak.source == source for leak in leaks)]


def fold(text: str) -> str:
    """Lower case without accents, same length for the common Latin letters.

    Examples
    --------
    >>> fold("Ëlla Çelik")
    'ella celik'
    """
    return "".join(ch for ch in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(ch))


_BEFORE = r"(?<![^\W\d_])"        # letters only make a word: "_maarten" is a name
_AFTER = r"(?![^\W\d_])"
# after a space that does not follow the end of a sentence or an opening quote: not
# "Door de ..." at the start of a sentence, a line, a cell or an element
_MID_SENTENCE = r"(?<=[ \t])(?<![.!?:>\"“‘(\[\n][ \t])"


def _without_titles(name: str) -> str:
    return " ".join(w for w in name.split() if w.lower().rstrip(".") not in TITLES)


def _patterns(variants: list[tuple[str, bool]], source: tuple[int, str], *, found: bool = False,
              ) -> list[tuple]:
    """Patterns of the spellings of one name; ``found``: a name the pseudonymiser found
    (in the log), whose lower-case spelling may be an ordinary word ("roos")."""
    out = []
    for variant, strict in variants:
        variant = _without_titles(variant)
        low = variant.lower()
        if len(variant) < 2 or low in _stop_words() and len(variant.split()) > 1:
            continue
        capital = re.escape(variant[0].upper() + variant[1:])
        if len(variant.split()) == 1 and low in _stop_words():
            # a name that is also a function word ("Door", "Wil"): capitalised in a sentence
            out.append((re.compile(rf"{_MID_SENTENCE}{_BEFORE}{capital}{_AFTER}"), False, source))
        elif (strict or found and len(variant.split()) == 1) and _is_dutch_word(variant.split()[-1]) \
                or low in MONTH_WORDS:
            # a surname that is also a word, a found name that is one ("Roos"), or a name
            # that is also a month ("Jan", "April"; "1 jan 2020" in a figure): capitalised,
            # accents as written
            out.append((re.compile(rf"{_BEFORE}{capital}{_AFTER}"), False, source))
        else:
            out.append((re.compile(rf"{_BEFORE}{re.escape(fold(variant))}{_AFTER}"), True, source))
    return out


def audit_patterns(key: PseudonymKey, log: pd.DataFrame | None = None) -> list[tuple[re.Pattern, bool, tuple]]:
    """(pattern, on folded text?, (line, source)) for every real name, alias and name part
    of the key, and every original of the replacement ``log`` (as read from its CSV)."""
    out = []
    for n, entry in enumerate(key.entries, start=2):
        line = getattr(entry, "line", 0) or n
        variants = _person_variants(entry.real_name) if entry.category == "person" \
            else [(entry.real_name, False)]
        variants += [(a, False) for a in entry.aliases if a]
        out += _patterns(variants, (line, "pseudonym key"))
    seen = set()
    for n, (category, original) in enumerate(zip(log["category"], log["original"]) if log is not None else (),
                                             start=2):
        original = " ".join(str(original).split())
        if category == "date" or (category, original) in seen:
            continue
        seen.add((category, original))
        variants = _person_variants(original) if category == "person" else [(original, False)]
        out += _patterns(variants, (n, "replacement log"), found=True)
    return out


def scan_text(text: str, patterns, *, file: str) -> list[Leak]:
    """Every leak in one text, located by line and column."""
    folded = fold(text)
    if len(folded) != len(text):  # rare letters that change length: locate in folded text
        text = folded
    found = sorted((m.start(), -m.end(), source) for pattern, on_folded, source in patterns
                   for m in pattern.finditer(folded if on_folded else text))
    leaks, reach = [], -1
    for start, neg_end, (key_line, origin) in found:
        if start < reach:  # inside a longer match (a first name within the full name): once
            continue
        reach = -neg_end
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        leaks.append(Leak(file, f"line {line}, column {col}", key_line, origin))
    return leaks


MARKUP_SUFFIXES = (".html", ".htm", ".svg", ".xml", ".ipynb", ".qde")
_CODE_BLOCK = re.compile(r"<(style|script)\b[^>]*>[\s\S]*?</\1\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[!?/]?[A-Za-z][^<>]*>")
_SHOWN_ATTRIBUTE = re.compile(r"""\b(?:alt|title|aria-label)\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def text_of_markup(text: str) -> str:
    """The text with style sheets, scripts and tags blanked out (same length and lines, so
    line and column stay right); the values of alt, title and aria-label attributes stay.

    Examples
    --------
    >>> text_of_markup('<style>mark {x}</style><p title="Mark">Mark</p>').split()
    ['title="Mark">Mark', '>']
    """
    def tag(match: re.Match) -> str:
        shown = {m.start(): m.group() for m in _SHOWN_ATTRIBUTE.finditer(match.group())}
        out, i = [], 0
        body = match.group()
        while i < len(body):
            if i in shown:
                out.append(shown[i])
                i += len(shown[i])
            else:
                out.append(" " if body[i] != "\n" else "\n")
                i += 1
        return "".join(out)[:-1] + ">"        # an element starts a text, like a sentence

    return _TAG.sub(tag, _CODE_BLOCK.sub(_blank, text))


# embedded images and other base64 data (no prose has 200 letters without a space)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{200,}={0,2}")


def _texts(path: Path):
    """(part name, text) pairs of one output file; binary files without text yield nothing."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = _BASE64.sub(_blank, path.read_bytes().decode("utf-8", errors="replace"))
        yield "", text_of_markup(text) if suffix in MARKUP_SUFFIXES else text
    elif suffix in ZIP_SUFFIXES:
        with zipfile.ZipFile(path) as zf:
            for name in sorted(zf.namelist()):
                if not name.endswith("/") and not name.lower().endswith(IMAGE_SUFFIXES):
                    text = zf.read(name).decode("utf-8", errors="replace")
                    yield name, text_of_markup(text) if name.endswith((".xml", ".rels")) else text
    elif suffix == ".parquet":
        yield "", pd.read_parquet(path).to_csv(index=False)


def read_log(path: Path) -> pd.DataFrame | None:
    """The replacement log written by :func:`pao_analysis.pipeline.prepare_case`, if any."""
    if not Path(path).is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def audit_dir(output_dir: str | Path, key: PseudonymKey, log: pd.DataFrame | None = None) -> list[Leak]:
    """Scan every file under ``output_dir``; returns the leaks, sorted by file."""
    root = Path(output_dir)
    patterns = audit_patterns(key, log)
    leaks: list[Leak] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = str(path.relative_to(root))
        try:
            parts = list(_texts(path))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            leaks.append(Leak(rel, f"unreadable ({type(exc).__name__}); check it by hand", 0))
            continue
        for part, text in parts:
            leaks += scan_text(text, patterns, file=f"{rel}:{part}" if part else rel)
    return leaks
