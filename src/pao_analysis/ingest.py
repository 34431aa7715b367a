"""Transcript readers: ``.txt``, ``.docx``, ``.vtt`` and ``.srt`` -> one document and its turns.

Every reader builds one *normalised* document text (NFC, ``\\n`` line ends, no control
characters) and a TURNS table whose ``start``/``end`` offsets point at the content of
each speaker turn in that text, so that ``text[start:end] == turn_text`` always holds.

Speaker labels
--------------
A turn starts with a label at the start of a line, optionally preceded by a timestamp
(``[00:03:12]``, ``00:03:12``, ``(00:03)``, ``[3:12]``, or a timestamp alone on the line
before) or followed by a bracketed one (``Interviewer [00:03:12]:``)::

    Interviewer: Hoe begon het?
    [00:00:39] R: Ja, nou...
    Gerda van der Veen: Dat was in 2022.

Role labels (``Interviewer``, ``I``, ``V``, ``Vraag``, ``R``, ``A``, ``Respondent``,
``Spreker 2``, ...) are always labels. A name (1-4 capitalised words, with tussenvoegsels
such as ``van der``) is a label when it is in ``interviewer_names``, when it occurs as a
label at least twice in the file, or when it is the only candidate besides the
interviewer's labels. Common Dutch words (``Nou:``, ``Datum:``, ``Let op:``) never are,
and a sentence like ``Ik zei: ga maar`` is not a name (lower-case word). Everything that
is not a label continues the current turn.

Warnings and errors name files, lines, cues and speaker numbers, never the labels
themselves (labels are often real names).
"""

from __future__ import annotations

import bisect
import html
import logging
import math
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import schemas
from .errors import CorpusError, PaoError
from .messages import Msg, msg

__all__ = ["SUPPORTED_FORMATS", "Transcript", "decode_text", "normalise_text", "parse_turns",
           "read_transcript"]

logger = logging.getLogger("pao_analysis")

SUPPORTED_FORMATS = (".txt", ".docx", ".vtt", ".srt")

_FIX_WRONG_FILE = msg("fix_wrong_file")
_FIX_RECORDING = msg("fix_recording")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: First bytes of files that end up in transcripts/ by mistake: (signature, what it is, fix).
_SIGNATURES = (
    (b"PK\x03\x04", msg("kind_zip"), msg("fix_zip", otherwise=_FIX_WRONG_FILE)),
    (_OLE, msg("kind_ole"), msg("fix_ole")),
    (b"%PDF", msg("kind_pdf"), msg("fix_pdf")),
    (b"{\\rtf", msg("kind_rtf"), msg("fix_rtf")),
    (b"\x89PNG", msg("kind_png"), _FIX_WRONG_FILE),
    (b"\xff\xd8\xff", msg("kind_jpeg"), _FIX_WRONG_FILE),
    (b"GIF8", msg("kind_gif"), _FIX_WRONG_FILE),
    (b"ID3", msg("kind_mp3"), _FIX_RECORDING),
    (b"RIFF", msg("kind_wav"), _FIX_RECORDING),
    (b"OggS", msg("kind_ogg"), _FIX_RECORDING),
    (b"fLaC", msg("kind_flac"), _FIX_RECORDING),
)

# --------------------------------------------------------------------------- labels

#: Labels that mark the interviewer (compared case-insensitively, trailing number and
#: dot ignored: ``Int.``, ``I1``, ``Interviewer 2``).
INTERVIEWER_LABELS = frozenset({
    "interviewer", "interviewster", "interviewers", "onderzoeker", "onderzoekster", "int",
    "i", "v", "vraag", "q", "gespreksleider", "gespreksleidster"})
#: Labels that mark a respondent.
RESPONDENT_LABELS = frozenset({
    "r", "a", "antwoord", "respondent", "respondente", "geïnterviewde", "geinterviewde",
    "interviewee", "deelnemer", "deelneemster", "participant"})
#: Labels of an unnamed speaker whose role is not given.
GENERIC_LABELS = frozenset({
    "spreker", "speaker", "persoon", "stem", "onbekend", "onbekende spreker",
    "unknown speaker", "unknown"})

#: Lower-case name particles (tussenvoegsels) allowed between the words of a name.
_PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "'t", "’t", "ten", "ter", "te", "in", "op", "aan",
    "uit", "la", "le", "du", "da", "di", "dos", "del", "von", "zu", "d'", "d’", "l'", "l’"})

#: Capitalised Dutch words that start a line with a colon but are not speakers.
_NOT_NAMES = frozenset("""
aanbeveling aanbevelingen aanwezig aanwezigen achtergrond actie actiepunt actiepunten
afsluiting agenda ach al alle allemaal alles also anyway auteur begin belangrijk besluit
bestand bijlage bijvoorbeeld bron bronnen case casus categorie citaat code codes conclusie
conclusies context daar daarna daarom dat datum deel deze die dit doel doelen dus duur
echt een eerst eigenlijk eh ehm einde en enfin er feedback functie fase gelach geslacht
gewoon goed goh haar hè hier hoe hoofdstuk hoor hun iemand iedereen iets ik inderdaad
inleiding interview interviews introductie je jij jullie kijk klopt kortom label leeftijd
let locatie maar memo mijn misschien mooi naam namelijk natuurlijk nb nee niemand niets
noot notitie notities nou nja of oftewel ok oké okay ons onderwerp onze ook opmerking
opmerkingen opname opnameduur organisatie overigens pauze plaats precies prima project ps
reactie resultaat resultaten resumerend rol samenvatting sowieso start status stelling
stilte stap super thema tijd tip titel tja toelichting toen top tot transcript
transcriptie trouwens u uitleg vandaar vervolg versie voorbeeld waar waarom waarschuwing
wanneer want wat we weet welke wie wij wijk woonplaats zeg zeker ze zij zijn
note notes date time location subject title summary question answer topic
""".split())  # noqa: SIM905 - a word list reads better than a list literal

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_BRTS = rf"(?:\[[ \t]?{_TS}[ \t]?\]|\([ \t]?{_TS}[ \t]?\))"
_ANYTS = rf"(?:{_BRTS}|{_TS})"
_WORD = r"[^\W\d_][\w.'’\-]{0,39}"
# Every part is bounded and adjacent parts use disjoint character sets, so a failed
# match costs a few steps per line start whatever the length of the line.
_BODY = (
    rf"(?:[ \t]{{0,8}}(?P<ts0>{_ANYTS})[ \t]{{0,8}}\n)?"            # timestamp on its own line
    rf"[ \t]{{0,8}}(?:(?P<ts1>{_ANYTS})[ \t]{{0,4}}(?:[-–][ \t]{{0,4}})?)?"   # timestamp before
    rf"(?P<label>{_WORD}(?:[ \t]{{1,3}}{_WORD}){{0,6}}(?:[ \t]{{1,2}}\d{{1,2}}(?!\d)(?!:\d))?)"
    rf"(?:[ \t]{{0,4}}(?P<ts2>{_BRTS}))?"                           # bracketed timestamp after
    r"[ \t]{0,4}(?P<colon>:)(?![/\\:\d])[ \t]*"
    rf"(?:(?P<ts3>{_BRTS})[ \t]*)?"                                 # bracketed timestamp after ':'
)
_LABEL_AT_START = re.compile(_BODY)
_LABEL_AFTER_NL = re.compile(r"\n" + _BODY)
_TRAILING_NUMBER = re.compile(r"[ \t]*\d{1,2}$")
_TS_PARTS = re.compile(r"(\d+):(\d+)(?::(\d+))?(?:[.,](\d+))?")
_NAME_CHARS = re.compile(r"[^\W\d_]+(?:[.'’\-]+[^\W\d_]*)*\.?")

# --------------------------------------------------------------------------- text clean-up

_NEWLINE_LIKE = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufeff]")
_CONTROL_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_LETTER = re.compile(r"[^\W\d_]")
_MOJIBAKE = re.compile("Ã[\u00a0-\u00bf]|â€")
_TAG = re.compile(r"</?[A-Za-z][\w.\-]*(?:[ \t][^<>\n]*)?>|<\d[\d:.]*>|\{\\[^{}\n]*\}")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*[ \t]+([^>\n]*)>")
#: A line that starts like a time ('00:03:49,1000 --> ...'): a cue whose time is misspelled.
_TIME_LIKE = re.compile(r"^[ \t]*\d+[:.,]\d")
_CUE_TIME = re.compile(
    r"^[ \t]*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?[ \t]*-->")
_DIGITS_LINE = re.compile(r"[ \t]*\d+[ \t]*")

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)
_SAMPLE = 200_000   # characters looked at to judge whether Windows-1252 bytes are text


@dataclass(frozen=True)
class Transcript:
    """One transcript as read from disk.

    ``document`` is one DOCUMENTS row, ``turns`` the TURNS table sorted by turn, and
    ``warnings`` the oddities that did not stop the file from being used.
    """

    document: dict
    turns: pd.DataFrame
    warnings: list[PaoError] = field(default_factory=list)


@dataclass
class _Turn:
    speaker: str
    start: int
    end: int
    timestamp: float
    where: Msg                 # line 12 or cue 4, for warnings
    role: str = ""


# =========================================================================== decoding


def decode_text(data: bytes, *, path: str) -> tuple[str, str]:
    """Decode the bytes of a text file, never guessing silently.

    Order: byte-order mark (UTF-8, UTF-16, UTF-32); then strict UTF-8; then Windows-1252
    when the result looks like text. Binary data and undecodable files raise.

    Parameters
    ----------
    data:
        The file's bytes.
    path:
        The file name to show in errors.

    Returns
    -------
    tuple[str, str]
        The text (byte-order mark removed) and the encoding name: ``utf-8``,
        ``utf-8-sig``, ``utf-16``, ``utf-32`` or ``cp1252``.

    Raises
    ------
    CorpusError
        Empty file, binary data, or an encoding that cannot be recognised.

    Examples
    --------
    >>> decode_text("ideeën".encode("cp1252"), path="P01.txt")
    ('ideeën', 'cp1252')
    >>> decode_text(b"\\xef\\xbb\\xbfJa.", path="P01.txt")
    ('Ja.', 'utf-8-sig')
    """
    if not data:
        raise CorpusError(msg("empty_file"), path=path, fix=msg("fix_empty_file"))
    if data.startswith(b"{\\rtf"):
        raise _not_text(data, path=path)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise CorpusError(msg("bad_bom", encoding=name.upper(), pos=err.start), path=path,
                                  fix=msg("fix_reexport")) from None
            _check_not_binary(text, data, path=path)
            return text, name
    if b"\x00" in data:
        n_nul = data.count(0)
        if n_nul <= max(2, len(data) // 1000) and _is_utf8(data.replace(b"\x00", b"")):
            raise CorpusError(msg("nul_bytes", n=n_nul, pos=data.index(0)), path=path,
                              fix=msg("fix_nul_bytes"))
        if _looks_like_utf16_without_bom(data):
            raise CorpusError(msg("utf16_without_bom"), path=path, fix=msg("fix_save_as_utf8"))
        raise _not_text(data, path=path, detail=msg("not_text_nul"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_not_binary(text, data, path=path)
        return text, "utf-8"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise CorpusError(msg("unknown_encoding_byte", pos=err.start), path=path,
                          fix=msg("fix_reexport")) from None
    _check_not_binary(text, data, path=path)
    if _file_kind(data):
        raise _not_text(data, path=path)
    high = len(data.translate(None, bytes(range(128))))
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    visible = len(sample) - sum(sample.count(c) for c in " \t\r\n")
    if high > 0.2 * len(data) or letters < 0.5 * max(visible, 1):
        raise CorpusError(msg("unknown_encoding"), path=path, fix=msg("fix_reexport"))
    return text, "cp1252"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    half = max(len(data) // 2, 1)
    odd, even = data[1::2].count(0), data[0::2].count(0)
    return max(odd, even) > 0.6 * half and min(odd, even) < 0.05 * half


def _check_not_binary(text: str, data: bytes, *, path: str) -> None:
    if not _CONTROL_TEXT.search(text):
        return
    n_control = len(_CONTROL_TEXT.findall(text))
    if (n_control > 0.01 * len(text) or "\x00" in text):
        raise _not_text(data, path=path, detail=msg("not_text_control", n=n_control))


def _file_kind(data: bytes) -> tuple[Msg, Msg] | None:
    """(what the file is, the fix) when its first bytes identify a known non-text format.

    >>> _file_kind(b"%PDF-1.7 ...")[0].text("nl")
    'een pdf-bestand'
    """
    for signature, kind, fix in _SIGNATURES:
        if data.startswith(signature):
            return kind, fix
    if data[4:8] == b"ftyp":
        return msg("kind_mp4"), _FIX_RECORDING
    return None


def _not_text(data: bytes, *, path: str, detail: Msg | None = None) -> CorpusError:
    """The error for bytes that are no transcript text, saying what they are when known
    (else ``detail``, the reason they are no text)."""
    kind = _file_kind(data)
    if kind:
        return CorpusError(msg("not_text_kind", kind=kind[0]), path=path, fix=kind[1])
    return CorpusError(detail or msg("not_text"), path=path, fix=_FIX_WRONG_FILE)


def normalise_text(text: str) -> str:
    """Normalise text so offsets are stable: NFC, ``\\n`` line ends, no BOM or control
    characters (tabs and newlines stay; vertical tab, form feed and Unicode line and
    paragraph separators become ``\\n``).

    Examples
    --------
    >>> normalise_text("\\ufeffIdeee\\u0308n\\r\\nzo\\x00\\rja\\tnee")
    'Ideeën\\nzo\\nja\\tnee'
    """
    if _NEWLINE_LIKE.search(text):
        text = _NEWLINE_LIKE.sub("\n", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


# =========================================================================== labels


@dataclass(frozen=True)
class _Label:
    line_start: int        # offset of the line (or of the timestamp line before it)
    content_start: int     # offset right after "Label:" and the spaces after it
    label: str             # as written, whitespace collapsed
    key: str               # casefolded, for comparisons
    kind: str              # interviewer, respondent, generic or name
    timestamp: float


def _label_kind(label: str) -> str | None:
    """``interviewer``, ``respondent``, ``generic``, ``name`` or None (not a label)."""
    key = label.casefold()
    base = _TRAILING_NUMBER.sub("", key).rstrip(".").strip()
    if base in INTERVIEWER_LABELS:
        return "interviewer"
    if base in RESPONDENT_LABELS:
        return "respondent"
    if base in GENERIC_LABELS:
        return "generic"
    words = label.split()
    if not words or key in _NOT_NAMES or words[0].casefold() in _NOT_NAMES:
        return None
    n_names = 0
    for w in words:
        if w.casefold() in _PARTICLES and not w[0].isupper():
            continue
        if not (w[0].isupper() and _NAME_CHARS.fullmatch(w)):
            return None
        n_names += 1
    if not 1 <= n_names <= 4 or not words[-1][0].isupper():
        return None
    return "name"


def _timestamp(raw: str | None) -> float:
    """Seconds from ``00:03:12``, ``[3:12]``, ``(00:03)``, ``1:02:03.5``; NaN when None.

    >>> _timestamp("[00:03:12]"), _timestamp("(3:12)"), _timestamp(None)
    (192.0, 192.0, nan)
    """
    if not raw:
        return math.nan
    m = _TS_PARTS.search(raw)
    if not m:
        return math.nan
    a, b, c, frac = m.groups()
    h, mi, s = (int(a), int(b), int(c)) if c is not None else (0, int(a), int(b))
    return h * 3600 + mi * 60 + s + (float(f"0.{frac}") if frac else 0.0)


def _name_matcher(interviewer_names: Collection[str]):
    """A function telling whether a label names one of the interviewers.

    A label matches a name when it is the full name, when it is one word equal to the
    name's first word, or when the name itself is one word that starts the label.
    """
    full, first, single = set(), set(), set()
    for name in interviewer_names:
        words = str(name).casefold().split()
        if not words:
            continue
        full.add(" ".join(words))
        first.add(words[0])
        if len(words) == 1:
            single.add(words[0])

    def matches(label: str) -> bool:
        words = label.casefold().split()
        if not words:
            return False
        return (" ".join(words) in full or (len(words) == 1 and words[0] in first)
                or words[0] in single)

    return matches


def _make_label(label: str, kind: str, line_start: int, content_start: int,
                ts: str | None) -> _Label:
    clean = " ".join(label.split())
    return _Label(line_start=line_start, content_start=content_start, label=clean,
                  key=clean.casefold(), kind=kind, timestamp=_timestamp(ts))


def _scan_text(text: str) -> list[_Label]:
    """Every line that starts like a speaker label (not yet accepted)."""
    found: list[_Label] = []
    pos = 0
    m = _LABEL_AT_START.match(text)
    if m:
        found.extend(_candidate(m, m.start()))
        pos = m.end()
    for m in _LABEL_AFTER_NL.finditer(text, pos):
        found.extend(_candidate(m, m.start() + 1))
    return found


def _candidate(m: re.Match, line_start: int) -> list[_Label]:
    kind = _label_kind(m["label"])
    if kind is None:
        return []
    if kind == "name" and m.string[m.end("colon"):m.end("colon") + 1] not in ("", " ", "\t", "\n"):
        return []     # 'Marloes:Ja' is too often not a label; only role labels may omit the space
    return [_make_label(m["label"], kind, line_start, m.end(),
                        m["ts0"] or m["ts1"] or m["ts2"] or m["ts3"])]


def _accepted_keys(labels: list[_Label], is_interviewer, *, extra: Collection[str] = ()) -> set[str]:
    """Keys of the candidate labels that really are speaker labels.

    Role labels always are; names are when they are an interviewer's name, occur at least
    twice, or are the only candidate besides the interviewer's labels. ``extra`` are
    speakers known from elsewhere (VTT voices).
    """
    counts = Counter(lab.key for lab in labels if lab.kind == "name")
    accepted = {lab.key for lab in labels if lab.kind != "name"}
    accepted |= {k for k, n in counts.items() if n >= 2 or is_interviewer(k)}
    speakers = accepted | {k.casefold() for k in extra}
    interviewers = {k for k in speakers if _role_of_key(k, is_interviewer) == "interviewer"}
    remaining = set(counts) - accepted
    if interviewers and speakers == interviewers and len(remaining) == 1:
        accepted |= remaining
    return accepted


def _role_of_key(key: str, is_interviewer) -> str | None:
    """interviewer, respondent (a respondent role label) or None (not known)."""
    base = _TRAILING_NUMBER.sub("", key.casefold()).rstrip(".").strip()
    if base in INTERVIEWER_LABELS or is_interviewer(key):
        return "interviewer"
    if base in RESPONDENT_LABELS:
        return "respondent"
    return None


# =========================================================================== turns


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of ``text[start:end]`` without surrounding whitespace."""
    part = text[start:end]
    stripped = part.lstrip()
    if not stripped:
        return start, start
    lead = len(part) - len(stripped)
    return start + lead, start + len(part.rstrip())


class _Lines:
    """Line numbers of offsets (1-based), computed only when a warning needs them."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def __call__(self, pos: int) -> int:
        if self._starts is None:
            self._starts = [m.end() for m in re.finditer("\n", self._text)]
        return bisect.bisect_right(self._starts, pos) + 1


def _assign_roles(turns: list[_Turn], texts: list[str], is_interviewer, *,
                  path: str | None) -> list[PaoError]:
    """Set ``role`` on every turn; infer the interviewer of a two-speaker file."""
    warnings: list[PaoError] = []
    order: dict[str, int] = {}
    first_where: dict[str, Msg] = {}
    for t in turns:
        k = t.speaker.casefold()
        if k not in order:
            order[k] = len(order) + 1
            first_where[k] = t.where
    known = {k: _role_of_key(k, is_interviewer) for k in order}
    if "interviewer" not in known.values() and len(order) == 2:
        asks = Counter()
        n = Counter()
        for t, body in zip(turns, texts):
            k = t.speaker.casefold()
            n[k] += 1
            asks[k] += body.rstrip(" \t\n\"'”’»)…").endswith("?")
        rate = {k: asks[k] / n[k] for k in order}
        (a, ra), (_, rb) = sorted(rate.items(), key=lambda kv: -kv[1])
        if ra > rb and known[a] is None:
            known[a] = "interviewer"
            warnings.append(CorpusError(
                msg("interviewer_inferred", n=order[a], where=first_where[a]), path=path,
                where=first_where[a], fix=msg("fix_label_interviewer")))
    if "interviewer" not in known.values():
        warnings.append(CorpusError(msg("no_interviewer", n=len(order)), path=path,
                                    fix=msg("fix_label_interviewer")))
    for t in turns:
        t.role = "interviewer" if known[t.speaker.casefold()] == "interviewer" else "respondent"
    return warnings


def _turn_rows(text: str, turns: list[_Turn]) -> list[dict]:
    return [{"turn": i, "speaker": t.speaker, "speaker_role": t.role, "start": t.start,
             "end": t.end, "text": text[t.start:t.end], "timestamp": t.timestamp}
            for i, t in enumerate(turns)]


def _monologue(text: str, *, path: str | None, start: int = 0, end: int | None = None,
               timestamp: float = math.nan) -> tuple[list[dict], list[PaoError]]:
    s, e = _strip_span(text, start, len(text) if end is None else end)
    warning = CorpusError(msg("no_speaker_labels"), path=path, fix=msg("fix_no_speaker_labels"))
    turn = _Turn(speaker="R", start=s, end=e, timestamp=timestamp, where=msg("at_line", n=1),
                 role="respondent")
    return _turn_rows(text, [turn]), [warning]


def _parse_text(text: str, *, interviewer_names: Collection[str] = (),
                path: str | None = None) -> tuple[list[dict], list[PaoError]]:
    """Turns and warnings of a normalised text with speaker labels at line starts."""
    is_interviewer = _name_matcher(interviewer_names)
    candidates = _scan_text(text)
    keys = _accepted_keys(candidates, is_interviewer)
    labels = [lab for lab in candidates if lab.key in keys]
    if not labels:
        return _monologue(text, path=path)
    line_of = _Lines(text)
    warnings: list[PaoError] = []
    pre_s, pre_e = _strip_span(text, 0, labels[0].line_start)
    if pre_e > pre_s:
        first, last = line_of(pre_s), line_of(pre_e - 1)
        where = msg("at_line", n=first) if first == last else msg("at_lines", first=first, last=last)
        warnings.append(CorpusError(msg("text_before_first_label"), path=path, where=where,
                                    fix=msg("fix_text_before_first_label")))
    turns: list[_Turn] = []
    for i, lab in enumerate(labels):
        limit = labels[i + 1].line_start if i + 1 < len(labels) else len(text)
        s, e = _strip_span(text, lab.content_start, limit)
        if e == s:
            warnings.append(CorpusError(msg("label_without_text"), path=path,
                                        where=msg("at_line", n=line_of(lab.content_start)),
                                        fix=msg("fix_label_without_text")))
            continue
        turns.append(_Turn(speaker=lab.label, start=s, end=e, timestamp=lab.timestamp,
                           where=msg("at_line", n=line_of(lab.line_start))))
    if not turns:
        raise CorpusError(msg("all_labels_empty"), path=path, fix=msg("fix_all_labels_empty"))
    texts = [text[t.start:t.end] for t in turns]
    warnings += _assign_roles(turns, texts, is_interviewer, path=path)
    return _turn_rows(text, turns), warnings


def parse_turns(text: str, *, interviewer_names: Collection[str] = ()) -> list[dict]:
    """Split a normalised transcript text into speaker turns.

    Parameters
    ----------
    text:
        Normalised text (see :func:`normalise_text`).
    interviewer_names:
        Names (full names or first names) whose labels mark the interviewer.

    Returns
    -------
    list[dict]
        One dict per turn with ``turn``, ``speaker``, ``speaker_role``, ``start``,
        ``end``, ``text`` and ``timestamp`` (seconds or NaN); ``text[start:end]`` is the
        turn's text. Warnings are dropped; :func:`read_transcript` returns them.

    Examples
    --------
    >>> doc = "Interviewer: Hoe begon het?\\n[00:00:39] R: In 2020, bij het buurthuis."
    >>> [(t["speaker"], t["speaker_role"], t["text"], t["timestamp"]) for t in parse_turns(doc)]
    [('Interviewer', 'interviewer', 'Hoe begon het?', nan), ('R', 'respondent', 'In 2020, bij het buurthuis.', 39.0)]
    """
    return _parse_text(text, interviewer_names=interviewer_names)[0]


# =========================================================================== subtitles


@dataclass
class _Cue:
    number: int            # 1-based position in the file
    start: float
    lines: list[str]


def _parse_cues(text: str) -> tuple[list[_Cue], list[tuple[int, str]]]:
    """Cues of a normalised .vtt or .srt text (headers, NOTE and STYLE blocks skipped), and
    the (line number, line) of time lines that cannot be read: their cue keeps its text,
    with the start of the cue before. A blank line right after a time line does not end
    the cue: its text follows."""
    cues: list[_Cue] = []
    bad: list[tuple[int, str]] = []
    current: _Cue | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        m = _CUE_TIME.match(line) if "-->" in line else None
        if m or "-->" in line and _TIME_LIKE.match(line):
            if current is not None and current.lines and _DIGITS_LINE.fullmatch(current.lines[-1]):
                current.lines.pop()     # an .srt index without the blank line before it
            if m:
                h, mi, s, frac = m.groups()
                start = int(h or 0) * 3600 + int(mi) * 60 + int(s) + (float(f"0.{frac}") if frac else 0)
            else:
                bad.append((number, line.strip()))
                start = cues[-1].start if cues else 0.0
            current = _Cue(number=len(cues) + 1, start=float(start), lines=[])
            cues.append(current)
        elif not line.strip():
            if current is None or current.lines:
                current = None          # else an empty first text line: the cue's text follows
        elif current is not None:
            current.lines.append(line)
    return cues, bad


def _cue_segments(cue: _Cue, *, vtt: bool) -> list[tuple[str | None, str]]:
    """(voice or None, one-line text) parts of a cue; tags removed, spaces collapsed."""
    payload = "\n".join(cue.lines)
    parts: list[tuple[str | None, str]] = []
    if vtt and "<v" in payload:
        pieces = _VOICE.split(payload)
        if pieces[0].strip():
            parts.append((None, pieces[0]))
        for voice, body in zip(pieces[1::2], pieces[2::2]):
            parts.append((" ".join(voice.split()) or None, body))
    else:
        parts.append((None, payload))
    out = []
    for voice, body in parts:
        if "<" in body or "{" in body:
            body = unicodedata.normalize("NFC", _TAG.sub("", body))
        if vtt and "&" in body:
            body = normalise_text(html.unescape(body))
        body = " ".join(body.split())
        if voice is not None:
            voice = " ".join(normalise_text(html.unescape(voice)).split()) or None
        out.append((voice, body))
    return out


def _parse_subtitles(text: str, *, vtt: bool, interviewer_names: Collection[str],
                     path: str | None) -> tuple[str, list[dict], list[PaoError]]:
    """Document text, turns and warnings of a normalised .vtt/.srt text."""
    cues, bad = _parse_cues(text)
    if not cues:
        raise CorpusError(msg("no_cues"), path=path, fix=msg("fix_no_cues"))
    warnings: list[PaoError] = [CorpusError(msg("bad_cue_time", line=line), path=path, where=msg("at_line", n=n),
                                            fix=msg("fix_bad_cue_time")) for n, line in bad]
    is_interviewer = _name_matcher(interviewer_names)
    units: list[tuple[_Cue, str | None, _Label | None, str]] = []
    candidates: list[_Label] = []
    voices: set[str] = set()
    for cue in cues:
        for i, (voice, body) in enumerate(_cue_segments(cue, vtt=vtt)):
            lab = None
            if voice is None and i == 0:
                m = _LABEL_AT_START.match(body)
                if m and "\n" not in m.group(0):
                    found = _candidate(m, 0)
                    lab = found[0] if found else None
                    if lab is not None:
                        candidates.append(lab)
            elif voice is not None:
                voices.add(voice)
            units.append((cue, voice, lab, body))
    keys = _accepted_keys(candidates, is_interviewer, extra=voices)

    pre: list[str] = []
    pre_cues: list[int] = []
    groups: list[tuple[str, float, int, list[str]]] = []   # speaker, start, cue number, pieces
    for cue, voice, lab, body in units:
        speaker, piece = voice, body
        if speaker is None and lab is not None and lab.key in keys:
            speaker, piece = lab.label, body[lab.content_start:].strip()
        if speaker is None:
            if groups:
                groups[-1][3].append(piece)
            elif piece:
                pre.append(piece)
                pre_cues.append(cue.number)
            continue
        if groups and groups[-1][0].casefold() == speaker.casefold():
            groups[-1][3].append(piece)
        else:
            groups.append((speaker, cue.start, cue.number, [piece]))

    if not groups:
        body = " ".join(p for p in pre if p)
        if not body:
            raise CorpusError(msg("subtitles_without_text"), path=path, fix=msg("fix_subtitles_without_text"))
        rows, warns = _monologue(body, path=path, timestamp=cues[0].start)
        return body, rows, warnings + warns
    out: list[str] = []
    length = 0
    if pre:
        first, last = pre_cues[0], pre_cues[-1]
        where = msg("at_cue", n=first) if first == last else msg("at_cues", first=first, last=last)
        warnings.append(CorpusError(msg("text_before_first_speaker"), path=path, where=where,
                                    fix=msg("fix_text_before_first_speaker")))
        out.append(" ".join(pre))
        length = len(out[0])
    turns: list[_Turn] = []
    for speaker, start, number, pieces in groups:
        content = " ".join(p for p in pieces if p)
        if not content:
            warnings.append(CorpusError(msg("speaker_without_text"), path=path, where=msg("at_cue", n=number),
                                        fix=msg("fix_speaker_without_text")))
            continue
        sep = "\n\n" if out else ""
        prefix = f"{sep}{speaker}: "
        s = length + len(prefix)
        out.append(prefix + content)
        length = s + len(content)
        turns.append(_Turn(speaker=speaker, start=s, end=length, timestamp=start,
                           where=msg("at_cue", n=number)))
    document = "".join(out) + "\n"
    if not turns:
        raise CorpusError(msg("all_labels_empty"), path=path, fix=msg("fix_all_labels_empty"))
    texts = [document[t.start:t.end] for t in turns]
    warnings += _assign_roles(turns, texts, is_interviewer, path=path)
    return document, _turn_rows(document, turns), warnings


# =========================================================================== docx


def _docx_text(path: Path, *, display: str) -> str:
    """Paragraphs (and table rows) of a .docx file, one per line, in document order."""
    if not zipfile.is_zipfile(path):
        raise _not_docx(path, display=display)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile,
            etree.XMLSyntaxError) as err:
        raise CorpusError(msg("docx_unreadable", error=type(err).__name__), path=display,
                          fix=msg("fix_docx_unreadable")) from None
    lines: list[str] = []
    p_tag, tbl_tag, sdt_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt")
    for child in doc.element.body.iterchildren():
        if child.tag == p_tag:
            lines.append(Paragraph(child, doc).text)
        elif child.tag == tbl_tag:
            lines.extend(_table_lines(Table(child, doc)))
        elif child.tag == sdt_tag:
            lines.extend(Paragraph(p, doc).text for p in child.iter(p_tag))
    return "\n".join(lines)


def _not_docx(path: Path, *, display: str) -> CorpusError:
    """The error for a .docx that is not a zip archive, saying what it looks like."""
    with path.open("rb") as file:
        head = file.read(4096)
    fix = msg("fix_resave_docx")
    kind = _file_kind(head)
    if head.startswith(_OLE):
        what, fix = msg("docx_is_doc"), msg("fix_resave_doc")
    elif kind:
        what = msg("docx_looks_like", kind=kind[0])
    elif head and b"\x00" not in head and sum(b >= 32 or b in b"\t\n\r" for b in head) >= 0.95 * len(head):
        what, fix = msg("docx_is_text"), msg("fix_docx_is_text")
    else:
        what = msg("docx_not_zip")
    return CorpusError(msg("not_docx", what=what), path=display, fix=fix)


def _table_lines(table) -> list[str]:
    """A transcript kept in a table: ``[time |] speaker | text`` rows become label lines;
    other rows give one line per cell paragraph."""
    lines: list[str] = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(p.text for p in cell.paragraphs).strip())
        cells = [c for c in cells if c]
        if len(cells) == 3 and re.fullmatch(_ANYTS, cells[0]):
            cells = [f"{cells[0]} {cells[1]}", cells[2]]
        if len(cells) == 2 and "\n" not in cells[0] and len(cells[0]) <= 60:
            sep = " " if cells[0].endswith(":") else ": "
            lines.append(f"{cells[0]}{sep}{cells[1]}")
        else:
            lines.extend(cells)
    return lines


# =========================================================================== entry point


def _document_path(path: Path) -> str:
    return f"transcripts/{path.name}" if path.parent.name == "transcripts" else path.name


def read_transcript(path: Path, *, case_id: str, interview_id: str,
                    interviewer_names: Collection[str] = (),
                    display_path: str | None = None) -> Transcript:
    """Read one transcript file into a document row and its speaker turns.

    Parameters
    ----------
    path:
        A ``.txt``, ``.docx``, ``.vtt`` or ``.srt`` file.
    case_id, interview_id:
        Written into every row.
    interviewer_names:
        Names (full or first names) of interviewers; their labels get the interviewer role.
    display_path:
        How to name the file in errors and warnings (default: ``path``).

    Returns
    -------
    Transcript
        ``document`` (DOCUMENTS row), ``turns`` (TURNS table) and ``warnings``.

    Raises
    ------
    CorpusError
        When the file cannot be used at all (missing, empty, binary, unsupported, not a
        real .docx, no cues), naming the file and the fix.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "P01.txt"
    ...     _ = path.write_text("I: Hoe begon het?\\nR: Bij het buurthuis.\\n", encoding="utf-8")
    ...     tr = read_transcript(path, case_id="demo", interview_id="P01")
    >>> tr.turns[["speaker", "speaker_role", "text"]].values.tolist()
    [['I', 'interviewer', 'Hoe begon het?'], ['R', 'respondent', 'Bij het buurthuis.']]
    """
    path = Path(path)
    shown = display_path or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_FORMATS:
        raise CorpusError(msg("unsupported_format", suffix=suffix or msg("no_suffix")), path=shown,
                          fix=msg("fix_unsupported_format", formats=", ".join(SUPPORTED_FORMATS)))
    if not path.is_file():
        raise CorpusError(msg("file_not_found"), path=shown, fix=msg("fix_file_not_found"))
    warnings: list[PaoError] = []
    if suffix == ".docx":
        text, encoding = normalise_text(_docx_text(path, display=shown)), "utf-8"
    else:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise CorpusError(msg("cannot_read", reason=err.strerror), path=shown,
                              fix=msg("fix_cannot_read")) from None
        raw, encoding = decode_text(data, path=shown)
        text = normalise_text(raw)
    if not text.strip():
        raise CorpusError(msg("only_whitespace"), path=shown, fix=msg("fix_only_whitespace"))
    bad = _MOJIBAKE.search(text)
    if bad:
        warnings.append(CorpusError(msg("garbled_accents"), path=shown,
                                    where=msg("at_line", n=text.count("\n", 0, bad.start()) + 1),
                                    fix=msg("fix_garbled_accents")))
    if suffix in (".vtt", ".srt"):
        text, rows, warns = _parse_subtitles(text, vtt=suffix == ".vtt",
                                             interviewer_names=interviewer_names, path=shown)
    else:
        rows, warns = _parse_text(text, interviewer_names=interviewer_names, path=shown)
    warnings += warns
    turns = pd.DataFrame(rows, columns=["turn", "speaker", "speaker_role", "start", "end", "text",
                                        "timestamp"])
    turns.insert(0, "interview_id", interview_id)
    turns.insert(0, "case_id", case_id)
    turns = turns.astype({"turn": "int64", "start": "int64", "end": "int64",
                          "timestamp": "float64"})[list(schemas.TURNS)]
    schemas.check(turns, schemas.TURNS, "turns")
    document = {"case_id": case_id, "interview_id": interview_id, "path": _document_path(path),
                "format": suffix[1:], "encoding": encoding, "text": text}
    logger.debug("read %s: %d turns, %d warnings", shown, len(turns), len(warnings))
    return Transcript(document=document, turns=turns, warnings=warnings)
