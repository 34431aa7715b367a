"""Codebooks as data: codes with definitions, examples and indicators, read from YAML.

A codebook is a YAML file that a researcher can read, discuss and edit without touching
Python. Two codebooks ship with the package (``data/codebooks/``): ``conditions`` (the
five conditions of Kaats & Opheij) and ``timeline`` (the four learning-history
timeline categories). :func:`load_codebook` validates a file on load; every problem is a
:class:`~pao_analysis.errors.CodebookError` naming the file, the line, the code id and
the key.

File layout
-----------
.. code-block:: yaml

    codebook_id: conditions
    title: {nl: Vijf voorwaarden, en: Five conditions}
    description: {nl: ..., en: ...}          # optional
    codes:
      - id: ambitie                          # lower case letters, digits, _
        label: {nl: Gedeelde ambitie van betekenis, en: Shared meaningful ambition}
        short: {nl: AMBITIE, en: AMBITION}   # optional, default: id in capitals
        color: "#1b9e77"                     # optional, default: a fixed palette
        definition: {nl: ..., en: ...}
        include: [when to use the code]      # optional notes for human coders
        exclude: [when not to use it]        # optional
        examples: [Dutch example sentences]  # optional
        indicators:
          strong: [...]    # weight 0.8 each
          weak: [...]      # weight 0.4 each
          exclude: [...]   # a match vetoes this code in the same sentence
        threshold: 0.5     # optional, default 0.5
        wishes: absent     # optional: how wishes and needs ("we moeten nog afspraken
                           # maken") count for the valence; default absent (see below)

Text fields (title, label, short, definition) are either a mapping of language to text
or a plain string (taken as Dutch).

Indicator syntax
----------------
Indicators are matched per sentence against the lemmas (dictionary forms) of the words,
lower case, with accents and lemma-internal ``_`` ignored, so ``coördinatie`` and
``coordinatie`` are the same.

``vertrouwen``
    One word: matches a word whose lemma *or* spoken form is this word or its lemma
    (words are lemmatised on load, so ``afspraken`` works as well as ``afspraak``).
``*overeenkomst``, ``convenant*``
    ``*`` stands for any letters, for compounds: ``*overeenkomst`` matches
    "samenwerkingsovereenkomst", ``convenant*`` matches "convenanten". A word with a
    wildcard is not lemmatised. ``*`` alone is refused.
``afspraak vastleggen``
    Several words: a phrase of lemmas in this order, with at most 3 other words between
    two consecutive ones. "afspraak vastleggen" matches "afspraken hebben we nooit
    vastgelegd"; "leren kennen" matches "we leerden elkaar kennen" (separable verbs).
    Each word is lemmatised on load and may carry a ``*``.
``re:wie (betaalt|beslist)``
    A Python regular expression searched in the original sentence, lower-cased and without
    accents ("mét" reads "met"). Use it for
    fixed expressions whose exact form matters. A pattern that matches empty text is
    refused.

The confidence of a code on a segment is ``1 - prod(1 - w)`` over the distinct
indicators that matched (0.8 strong, 0.4 weak, capped at 0.99); the code is assigned when
it reaches ``threshold``. A weak indicator only counts when another indicator of the same
code matches in the same sentence, so with the default threshold one strong indicator,
or two weak ones in one sentence, are enough. See :mod:`pao_analysis.coding`.

Wishes
------
People often talk about a condition that lags behind as a wish or a need ("we moeten
nu echt afspraken gaan maken", "ik zou graag zien dat..."). With ``wishes: absent`` (the
default) a clause holding such a wish counts as problematised for the code's valence;
use ``wishes: present`` for a code where the wish *is* the condition (a shared ambition).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .errors import CodebookError
from .nlp import lemma

#: Codebooks that ship with the package (``data/codebooks/<name>.yaml``).
SHIPPED = ("conditions", "timeline")
#: Weight of one matched indicator, by list.
WEIGHTS = {"strong": 0.8, "weak": 0.4}
#: Default confidence a code needs to be assigned.
DEFAULT_THRESHOLD = 0.5
#: Most words allowed between two consecutive words of a phrase indicator.
PHRASE_GAP = 3
#: Colours for codes without one (ColorBrewer Dark2, then Set2).
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
           "#666666", "#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3")

_TOP_REQUIRED = ("codebook_id", "title", "codes")
_TOP_KEYS = (*_TOP_REQUIRED, "description")
_CODE_REQUIRED = ("id", "label", "definition", "indicators")
_CODE_KEYS = (*_CODE_REQUIRED, "short", "color", "include", "exclude", "examples", "threshold",
              "wishes")
_INDICATOR_KEYS = ("strong", "weak", "exclude")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ELEMENT = re.compile(r"^[\w*'’-]+$")


@dataclass(frozen=True)
class Code:
    """One code of a codebook. Text fields are ``{language: text}`` mappings.

    ``strong``, ``weak`` and ``exclude_indicators`` hold the indicator strings as written
    in the YAML (see the module docstring for their syntax).
    """

    id: str
    label: dict
    short: dict
    color: str
    definition: dict
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    exclude_indicators: tuple[str, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    wishes: str = "absent"

    def name(self, language: str = "nl") -> str:
        """The code's label in ``language`` (falls back to Dutch, then to the id).

        Examples
        --------
        >>> default_codebook("conditions").code("relaties").name("en")
        'Attention to personal relationships'
        """
        return _pick(self.label, language, self.id)


@dataclass(frozen=True)
class Codebook:
    """A validated codebook; ``path`` is the file it was read from."""

    id: str
    title: dict
    description: dict
    codes: tuple[Code, ...]
    path: str = ""

    def code(self, code_id: str) -> Code:
        """The code with this id.

        Raises
        ------
        CodebookError
            Listing the available ids.

        Examples
        --------
        >>> default_codebook("timeline").code("rol").short["nl"]
        'ROL'
        """
        for c in self.codes:
            if c.id == code_id:
                return c
        raise CodebookError(f"codebook '{self.id}' has no code '{code_id}'", path=self.path or None,
                            fix=f"use one of the available codes: {', '.join(self.ids)}")

    @property
    def ids(self) -> list[str]:
        """Code ids in codebook order.

        Examples
        --------
        >>> default_codebook("conditions").ids
        ['ambitie', 'belangen', 'relaties', 'organisatie', 'proces']
        """
        return [c.id for c in self.codes]

    def to_frame(self, language: str = "nl") -> pd.DataFrame:
        """One row per code: code_id, label, short, definition, color.

        Examples
        --------
        >>> default_codebook("timeline").to_frame("en")["short"].tolist()
        ['DEVELOPMENT', 'ACTIVITY', 'ROLE', 'CHALLENGE']
        """
        rows = [{"code_id": c.id, "label": c.name(language),
                 "short": _pick(c.short, language, c.id.upper()),
                 "definition": _pick(c.definition, language, ""), "color": c.color}
                for c in self.codes]
        return pd.DataFrame(rows, columns=["code_id", "label", "short", "definition", "color"])


@dataclass(frozen=True)
class Indicator:
    """A parsed indicator: ``kind`` is ``word``, ``phrase`` or ``regex``.

    For words and phrases ``parts`` holds one tuple of accepted forms per word (a form
    with ``*`` is a wildcard pattern); for a regex it holds ``((pattern,),)``.
    """

    text: str
    kind: str
    parts: tuple[tuple[str, ...], ...]


def fold(word: str) -> str:
    """Lower case, accents and ``_`` removed: the form indicators and words are compared in.

    Examples
    --------
    >>> fold("Coördinatie"), fold("vast_leggen"), fold("géén")
    ('coordinatie', 'vastleggen', 'geen')
    """
    low = word.lower().replace("_", "")
    if low.isascii():
        return low
    return "".join(ch for ch in unicodedata.normalize("NFD", low) if not unicodedata.combining(ch))


@lru_cache(maxsize=20_000)
def parse_indicator(text: str) -> Indicator:
    """Parse one indicator string (syntax in the module docstring).

    Raises
    ------
    ValueError
        Saying what is wrong with the indicator.

    Examples
    --------
    >>> parse_indicator("afspraken vastleggen").parts
    (('afspraken', 'afspraak'), ('vastleggen',))
    >>> parse_indicator("*overeenkomst").parts
    (('*overeenkomst',),)
    >>> parse_indicator("re:wie (betaalt|beslist)").kind
    'regex'
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("an indicator must be a non-empty text")
    text = text.strip()
    if text.startswith("re:"):
        pattern = text[3:]
        try:
            compiled = re.compile(pattern)
        except re.error as err:
            raise ValueError(f"invalid regular expression {pattern!r}: {err}") from None
        if compiled.search("") is not None:
            raise ValueError(f"regular expression {pattern!r} matches empty text, so it "
                             "would match every sentence")
        return Indicator(text, "regex", ((pattern,),))
    words = text.split()
    parts = []
    for w in words:
        if not _ELEMENT.match(w):
            raise ValueError(f"word {w!r} may only contain letters, digits, ' - and *; "
                             "use the re: prefix for patterns")
        if "*" in w:
            if not w.strip("*"):
                raise ValueError(f"word {w!r} would match every word")
            parts.append((fold(w),))
        else:
            forms = dict.fromkeys((fold(w), fold(lemma(w))))
            parts.append(tuple(forms))
    return Indicator(text, "word" if len(parts) == 1 else "phrase", tuple(parts))


def _pick(texts: dict, language: str, default: str) -> str:
    return texts.get(language) or texts.get("nl") or next(iter(texts.values()), default) or default


def _line_map(text: str) -> tuple[dict[int, int], dict[tuple[int, str], int]]:
    """Line numbers (1-based) of each code and of each key inside a code."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}, {}
    codes_line: dict[int, int] = {}
    key_line: dict[tuple[int, str], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return codes_line, key_line
    for k, v in root.value:
        if k.value == "codes" and isinstance(v, yaml.SequenceNode):
            for i, item in enumerate(v.value):
                codes_line[i] = item.start_mark.line + 1
                if isinstance(item, yaml.MappingNode):
                    for ck, cv in item.value:
                        key_line[(i, str(ck.value))] = ck.start_mark.line + 1
                        if ck.value == "indicators" and isinstance(cv, yaml.MappingNode):
                            for ik, iv in cv.value:
                                key_line[(i, f"indicators.{ik.value}")] = ik.start_mark.line + 1
                                if isinstance(iv, yaml.SequenceNode):
                                    for j, el in enumerate(iv.value):
                                        key_line[(i, f"indicators.{ik.value}[{j}]")] = \
                                            el.start_mark.line + 1
    return codes_line, key_line


class _Reader:
    """Validation helpers that know the file and where each code and key is."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.code_line, self.key_line = _line_map(text)

    def fail(self, message: str, *, index: int | None = None, code_id: str | None = None,
             key: str | None = None, fix: str) -> CodebookError:
        where = []
        line = None
        if index is not None:
            line = self.key_line.get((index, key or "")) if key else None
            if line is None and key and "[" in key:
                line = self.key_line.get((index, key.split("[")[0]))
            if line is None:
                line = self.code_line.get(index)
        if line is not None:
            where.append(f"line {line}")
        if index is not None:
            where.append(f"code '{code_id}'" if code_id else f"code number {index + 1}")
        if key:
            where.append(f"key '{key}'")
        return CodebookError(message, path=self.display, where=", ".join(where) or None, fix=fix)

    def texts(self, value, *, index: int | None, code_id: str | None, key: str,
              required: bool) -> dict:
        if value is None:
            if required:
                raise self.fail(f"missing key '{key}'", index=index, code_id=code_id, key=key,
                                fix=f"add '{key}:' with a text, or {{nl: ..., en: ...}}")
            return {}
        if isinstance(value, str):
            return {"nl": value}
        if isinstance(value, dict) and value and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value)
        raise self.fail(f"'{key}' must be a text or a mapping of language to text",
                        index=index, code_id=code_id, key=key,
                        fix=f"write e.g. {key}: {{nl: ..., en: ...}}")

    def strings(self, value, *, index: int, code_id: str, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"'{key}' must be a list of non-empty texts", index=index,
                            code_id=code_id, key=key, fix=f"write {key}: [text, text, ...]")
        return tuple(v.strip() for v in value)


def _read_code(raw, index: int, reader: _Reader) -> Code:
    if not isinstance(raw, dict):
        raise reader.fail("a code must be a mapping with keys such as id, label, definition",
                          index=index, fix="start the code with '- id: ...'")
    code_id = raw.get("id")
    shown = code_id if isinstance(code_id, str) else None
    for key in _CODE_REQUIRED:
        if key not in raw or raw[key] is None:
            raise reader.fail(f"missing key '{key}'", index=index, code_id=shown, key=key,
                              fix=f"add '{key}:' to the code (required keys: "
                                  f"{', '.join(_CODE_REQUIRED)})")
    if not isinstance(code_id, str) or not _ID.match(code_id):
        raise reader.fail(f"code id {code_id!r} is not valid", index=index, key="id",
                          fix="use lower-case letters, digits and _ (starting with a letter)")
    unknown = sorted(set(map(str, raw)) - set(_CODE_KEYS))
    if unknown:
        raise reader.fail(f"unknown key '{unknown[0]}'", index=index, code_id=code_id,
                          key=unknown[0], fix=f"use only: {', '.join(_CODE_KEYS)}")
    label = reader.texts(raw["label"], index=index, code_id=code_id, key="label", required=True)
    short = reader.texts(raw.get("short"), index=index, code_id=code_id, key="short",
                         required=False) or {"nl": code_id.upper(), "en": code_id.upper()}
    definition = reader.texts(raw["definition"], index=index, code_id=code_id, key="definition",
                              required=True)
    color = raw.get("color", PALETTE[index % len(PALETTE)])
    if not isinstance(color, str) or not _COLOR.match(color):
        raise reader.fail(f"color {color!r} is not a colour like \"#1b9e77\"", index=index,
                          code_id=code_id, key="color",
                          fix="write the colour as a quoted hex code, e.g. color: \"#1b9e77\"")
    threshold = raw.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
            or not 0 < threshold <= 1:
        raise reader.fail(f"threshold {threshold!r} is not a number above 0 and at most 1",
                          index=index, code_id=code_id, key="threshold",
                          fix="use e.g. threshold: 0.5 (one strong or two weak indicators)")
    wishes = raw.get("wishes", "absent")
    if wishes not in ("absent", "present"):
        raise reader.fail(f"wishes {wishes!r} is not absent or present", index=index,
                          code_id=code_id, key="wishes",
                          fix="write wishes: absent (a wish means it is not there yet) or "
                              "wishes: present (the wish is the condition)")
    indicators = raw["indicators"]
    if not isinstance(indicators, dict):
        raise reader.fail("'indicators' must be a mapping with strong, weak and/or exclude",
                          index=index, code_id=code_id, key="indicators",
                          fix="write indicators: {strong: [...], weak: [...], exclude: [...]}")
    unknown = sorted(set(map(str, indicators)) - set(_INDICATOR_KEYS))
    if unknown:
        raise reader.fail(f"unknown key '{unknown[0]}' in indicators", index=index,
                          code_id=code_id, key=f"indicators.{unknown[0]}",
                          fix=f"use only: {', '.join(_INDICATOR_KEYS)}")
    lists = {k: reader.strings(indicators.get(k), index=index, code_id=code_id,
                               key=f"indicators.{k}") for k in _INDICATOR_KEYS}
    if not lists["strong"] and not lists["weak"]:
        raise reader.fail("the code has no strong or weak indicators", index=index,
                          code_id=code_id, key="indicators",
                          fix="add at least one indicator under strong: or weak:")
    for kind, items in lists.items():
        for j, text in enumerate(items):
            try:
                parse_indicator(text)
            except ValueError as err:
                raise reader.fail(f"indicator {text!r}: {err}", index=index, code_id=code_id,
                                  key=f"indicators.{kind}[{j}]",
                                  fix="correct the indicator (syntax: see the codebook "
                                      "documentation in pao_analysis.codebook)") from None
    return Code(
        id=code_id, label=label, short=short, color=color, definition=definition,
        include=reader.strings(raw.get("include"), index=index, code_id=code_id, key="include"),
        exclude=reader.strings(raw.get("exclude"), index=index, code_id=code_id, key="exclude"),
        examples=reader.strings(raw.get("examples"), index=index, code_id=code_id,
                                key="examples"),
        strong=lists["strong"], weak=lists["weak"], exclude_indicators=lists["exclude"],
        threshold=float(threshold), wishes=wishes)


def parse_codebook(text: str, *, display: str = "<codebook>", path: str = "") -> Codebook:
    """Validate and build a codebook from YAML text (``display`` names it in errors).

    Raises
    ------
    CodebookError
        Naming ``display``, the line, the code id and the key, and how to fix it.

    Examples
    --------
    >>> cb = parse_codebook('''
    ... codebook_id: demo
    ... title: Demo
    ... codes:
    ...   - id: geld
    ...     label: Geld
    ...     definition: Over geld en financiering.
    ...     indicators: {strong: [financiering, "*subsidie"], weak: [geld]}
    ... ''')
    >>> cb.ids, cb.code("geld").strong
    (['geld'], ('financiering', '*subsidie'))
    """
    reader = _Reader(display, text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise CodebookError(f"YAML syntax error: {problem}", path=display, where=where,
                            fix="check indentation, colons and quotes on that line; quote "
                                "texts that contain ': ' or start with * or #") from None
    if not isinstance(data, dict):
        raise CodebookError("a codebook must be a YAML mapping with codebook_id, title and codes",
                            path=display, fix="start the file with 'codebook_id: ...'")
    for key in _TOP_REQUIRED:
        if data.get(key) is None:
            raise CodebookError(f"missing key '{key}'", path=display, where=f"key '{key}'",
                                fix=f"add '{key}:' at the top level (required: "
                                    f"{', '.join(_TOP_REQUIRED)})")
    unknown = sorted(set(map(str, data)) - set(_TOP_KEYS))
    if unknown:
        raise CodebookError(f"unknown top-level key '{unknown[0]}'", path=display,
                            where=f"key '{unknown[0]}'", fix=f"use only: {', '.join(_TOP_KEYS)}")
    book_id = data["codebook_id"]
    if not isinstance(book_id, str) or not _ID.match(book_id):
        raise CodebookError(f"codebook_id {book_id!r} is not valid", path=display,
                            where="key 'codebook_id'",
                            fix="use lower-case letters, digits and _ (starting with a letter)")
    title = reader.texts(data["title"], index=None, code_id=None, key="title", required=True)
    description = reader.texts(data.get("description"), index=None, code_id=None,
                               key="description", required=False)
    raw_codes = data["codes"]
    if not isinstance(raw_codes, list) or not raw_codes:
        raise CodebookError("'codes' must be a non-empty list of codes", path=display,
                            where="key 'codes'", fix="list the codes as '- id: ...' items")
    codes: list[Code] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_codes):
        code = _read_code(raw, i, reader)
        if code.id in seen:
            raise reader.fail(f"duplicate code id '{code.id}' (also code number {seen[code.id] + 1}"
                              f", line {reader.code_line.get(seen[code.id], '?')})", index=i,
                              code_id=code.id, key="id", fix="give every code its own id")
        seen[code.id] = i
        codes.append(code)
    return Codebook(id=book_id, title=title, description=description, codes=tuple(codes),
                    path=path)


def _shipped_path(name: str):
    return resources.files("pao_analysis").joinpath("data", "codebooks", f"{name}.yaml")


def load_codebook(path_or_name: str | Path) -> Codebook:
    """Read and validate a codebook: a YAML path, or ``conditions``/``timeline`` (shipped).

    Raises
    ------
    CodebookError
        When the file is missing or invalid (file, line, code id, key and fix).

    Examples
    --------
    >>> cb = load_codebook("conditions")
    >>> cb.id, len(cb.codes), cb.code("organisatie").short["nl"]
    ('conditions', 5, 'ORGANISATIE')
    """
    if isinstance(path_or_name, str) and path_or_name in SHIPPED:
        res = _shipped_path(path_or_name)
        text = res.read_text(encoding="utf-8")
        return parse_codebook(text, display=f"{path_or_name}.yaml (shipped)", path=str(res))
    path = Path(path_or_name)
    if not path.is_file():
        raise CodebookError("codebook file not found", path=path,
                            fix=f"give a path to a .yaml file, or a shipped codebook: "
                                f"{', '.join(SHIPPED)}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise CodebookError(f"not UTF-8 text (byte {err.start})", path=path,
                            fix="save the codebook as UTF-8") from None
    return parse_codebook(text, display=path.name, path=str(path))


@cache
def default_codebook(name: str) -> Codebook:
    """A shipped codebook, read once per process.

    Examples
    --------
    >>> default_codebook("timeline").ids
    ['ontwikkeling', 'activiteit', 'rol', 'uitdaging']
    >>> default_codebook("timeline") is default_codebook("timeline")
    True
    """
    if name not in SHIPPED:
        raise CodebookError(f"no shipped codebook '{name}'",
                            fix=f"use one of: {', '.join(SHIPPED)}, or load_codebook(path)")
    return load_codebook(name)
