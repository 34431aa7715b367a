"""The texts of reading problems (message, place and fix) in Dutch and English.

A problem that can reach the table of reading problems (``CaseData.problems``, shown as
"meldingen") is built from :class:`Msg` values instead of plain strings: a key into
:data:`MESSAGES` and its parameters. The English text is what logs, the CLI and
``str(error)`` show; :meth:`Msg.text` gives any language in :data:`labels.LANGUAGES`.
A parameter may itself be a :class:`Msg` (e.g. the kind of file, or a place inside a
message); it is rendered in the same language.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from .labels import LANGUAGES

#: key -> language -> ``str.format`` template. Message keys name the problem, ``fix_*``
#: keys what to do, ``at_*`` keys a place in a file, ``kind_*`` what a wrong file is.
MESSAGES: dict[str, dict[str, str]] = {
    # places in a file
    "at_line": {"en": "line {n}", "nl": "regel {n}"},
    "at_lines": {"en": "lines {first}-{last}", "nl": "regels {first}-{last}"},
    "at_cue": {"en": "cue {n}", "nl": "ondertitel {n}"},
    "at_cues": {"en": "cues {first}-{last}", "nl": "ondertitels {first}-{last}"},
    "at_participants_row": {"en": "participants.csv, row {row}", "nl": "participants.csv, rij {row}"},
    # matching transcripts to participants.csv (pipeline.py)
    "transcripts_folder_missing": {"en": "folder not found", "nl": "map niet gevonden"},
    "fix_transcripts_folder": {"en": "put one file per interview in transcripts/",
                               "nl": "zet één bestand per interview in transcripts/"},
    "missing_transcript": {
        "en": "interview {iid} is listed in participants.csv but has no transcript",
        "nl": "interview {iid} staat in participants.csv maar heeft geen transcript"},
    "fix_missing_named_transcript": {
        "en": "put '{name}' in transcripts/, or correct the 'transcript' column in row {row} of "
              "participants.csv",
        "nl": "zet '{name}' in transcripts/, of verbeter de kolom 'transcript' in rij {row} van "
              "participants.csv"},
    "fix_missing_transcript": {
        "en": "add {iid}.txt (or .docx, .vtt, .srt) to transcripts/, name its file in the 'transcript' "
              "column, or delete row {row} of participants.csv",
        "nl": "zet {iid}.txt (of .docx, .vtt, .srt) in transcripts/, noem de bestandsnaam in de kolom "
              "'transcript', of verwijder rij {row} van participants.csv"},
    "duplicate_transcript": {
        "en": "interview {iid} has {n} transcripts ({names}); none of them is read",
        "nl": "interview {iid} heeft {n} transcripten ({names}); geen ervan wordt gelezen"},
    "fix_duplicate_transcript": {
        "en": "keep one file per interview in transcripts/ (move the others out), or name the right one "
              "in the 'transcript' column of participants.csv",
        "nl": "houd één bestand per interview over in transcripts/ (haal de andere eruit), of noem het "
              "juiste bestand in de kolom 'transcript' van participants.csv"},
    "not_a_transcript_format": {
        "en": "not a transcript format ({suffix}); the file is ignored",
        "nl": "geen transcriptformaat ({suffix}); het bestand wordt genegeerd"},
    "no_extension": {"en": "no extension", "nl": "geen extensie"},
    "fix_not_a_transcript_format": {
        "en": "save the transcript as .txt, .docx, .vtt or .srt, or move the file out of transcripts/",
        "nl": "sla het transcript op als .txt, .docx, .vtt of .srt, of haal het bestand uit transcripts/"},
    "unlisted_transcript": {
        "en": "transcript has no row in participants.csv and is skipped",
        "nl": "transcript heeft geen rij in participants.csv en wordt overgeslagen"},
    "fix_unlisted_by_id": {
        "en": "add a row with interview_id {iid} to participants.csv, or move the file out of transcripts/",
        "nl": "voeg een rij met interview_id {iid} toe aan participants.csv, of haal het bestand uit "
              "transcripts/"},
    "fix_unlisted_by_name": {
        "en": "add a row with '{name}' in its 'transcript' column to participants.csv, or move the file "
              "out of transcripts/",
        "nl": "voeg een rij met '{name}' in de kolom 'transcript' toe aan participants.csv, of haal het "
              "bestand uit transcripts/"},
    "unexpected_failure": {
        "en": "the file could not be read ({error})",
        "nl": "het bestand kon niet worden gelezen ({error})"},
    "fix_unexpected_failure": {
        "en": "check that it opens in its usual program and save it again; if it opens fine, report this "
              "as a bug",
        "nl": "controleer of het bestand opent in het programma waarmee het gemaakt is en sla het opnieuw "
              "op; opent het gewoon, meld dit dan als fout in pao-analysis"},
    # opening and decoding a transcript (ingest.py)
    "unsupported_format": {
        "en": "unsupported transcript format '{suffix}'",
        "nl": "transcriptformaat '{suffix}' wordt niet ondersteund"},
    "no_suffix": {"en": "(none)", "nl": "(geen)"},
    "fix_unsupported_format": {"en": "save the transcript as one of {formats}",
                               "nl": "sla het transcript op als een van {formats}"},
    "file_not_found": {"en": "file not found", "nl": "bestand niet gevonden"},
    "fix_file_not_found": {"en": "check the file name in transcripts/ and participants.csv",
                           "nl": "controleer de bestandsnaam in transcripts/ en in participants.csv"},
    "cannot_read": {"en": "the file cannot be read ({reason})",
                    "nl": "het bestand kan niet worden gelezen ({reason})"},
    "fix_cannot_read": {
        "en": "check that the file is not open elsewhere and is readable",
        "nl": "controleer of het bestand niet in een ander programma openstaat en of het leesbaar is"},
    "empty_file": {"en": "the file is empty (0 bytes)", "nl": "het bestand is leeg (0 bytes)"},
    "fix_empty_file": {
        "en": "put the transcript text in the file, or remove the file and its row in participants.csv",
        "nl": "zet de tekst van het transcript in het bestand, of verwijder het bestand en de rij ervan "
              "in participants.csv"},
    "only_whitespace": {"en": "the file contains no text (only whitespace)",
                        "nl": "het bestand bevat geen tekst (alleen spaties, tabs en lege regels)"},
    "fix_only_whitespace": {
        "en": "check that this is the right file; export the transcript again",
        "nl": "controleer of dit het juiste bestand is; exporteer het transcript opnieuw"},
    "bad_bom": {
        "en": "the file starts with a {encoding} byte-order mark but is not valid {encoding} (byte {pos})",
        "nl": "het bestand begint met een {encoding}-kenmerk (byte-order mark) maar is geen geldige "
              "{encoding}-tekst (byte {pos})"},
    "nul_bytes": {"en": "the text contains {n} NUL byte(s), the first at byte {pos}",
                  "nl": "de tekst bevat {n} NUL-teken(s), het eerste op byte {pos}"},
    "fix_nul_bytes": {"en": "remove them in a text editor (or re-save the file as UTF-8)",
                      "nl": "verwijder ze in een teksteditor (of sla het bestand opnieuw op als UTF-8)"},
    "utf16_without_bom": {
        "en": "this looks like UTF-16 text without a byte-order mark",
        "nl": "dit lijkt UTF-16-tekst zonder kenmerk aan het begin (byte-order mark)"},
    "fix_save_as_utf8": {"en": "open it in a text editor and save it as UTF-8",
                         "nl": "open het in een teksteditor en sla het op als UTF-8"},
    "unknown_encoding_byte": {
        "en": "the text encoding could not be recognised (byte {pos} is neither UTF-8 nor Windows-1252)",
        "nl": "de tekencodering is niet herkend (byte {pos} past niet bij UTF-8 en ook niet bij "
              "Windows-1252)"},
    "unknown_encoding": {
        "en": "the text encoding could not be recognised (not UTF-8, and as Windows-1252 it does not look "
              "like text)",
        "nl": "de tekencodering is niet herkend (geen UTF-8, en als Windows-1252 lijkt het geen tekst)"},
    "fix_reexport": {
        "en": "open the file in a text editor and save it as UTF-8 text (.txt), or export the transcript "
              "again",
        "nl": "open het bestand in een teksteditor en sla het op als UTF-8-tekst (.txt), of exporteer het "
              "transcript opnieuw"},
    "garbled_accents": {
        "en": "the text contains garbled accents (e.g. 'Ã«' for 'ë'): it was probably converted to UTF-8 "
              "twice",
        "nl": "de tekst bevat verminkte accenten (bijv. 'Ã«' voor 'ë'): hij is waarschijnlijk twee keer "
              "naar UTF-8 omgezet"},
    "fix_garbled_accents": {
        "en": "re-save the original transcript as UTF-8 once and replace this file",
        "nl": "sla het oorspronkelijke transcript één keer op als UTF-8 en vervang dit bestand daardoor"},
    # files that are no text at all
    "not_text_kind": {"en": "this is not a text file: it looks like {kind}",
                      "nl": "dit is geen tekstbestand: het lijkt {kind}"},
    "not_text": {"en": "this is not a text file", "nl": "dit is geen tekstbestand"},
    "not_text_nul": {"en": "this is not a text file (it contains NUL bytes)",
                     "nl": "dit is geen tekstbestand (het bevat NUL-tekens)"},
    "not_text_control": {"en": "this is not a text file ({n} control characters)",
                         "nl": "dit is geen tekstbestand ({n} stuurtekens)"},
    "kind_zip": {"en": "a zip archive, such as a Word .docx file",
                 "nl": "een zip-archief, zoals een Word-document (.docx)"},
    "kind_ole": {"en": "an old Word .doc file (or another old Office file)",
                 "nl": "een oud Word-document (.doc) of een ander oud Office-bestand"},
    "kind_pdf": {"en": "a PDF file", "nl": "een pdf-bestand"},
    "kind_rtf": {"en": "an RTF file (formatted text)", "nl": "een RTF-bestand (opgemaakte tekst)"},
    "kind_png": {"en": "a PNG image", "nl": "een PNG-afbeelding"},
    "kind_jpeg": {"en": "a JPEG image", "nl": "een JPEG-afbeelding"},
    "kind_gif": {"en": "a GIF image", "nl": "een GIF-afbeelding"},
    "kind_mp3": {"en": "an MP3 recording", "nl": "een MP3-opname"},
    "kind_wav": {"en": "a WAV recording or AVI video", "nl": "een WAV-opname of AVI-video"},
    "kind_ogg": {"en": "an Ogg recording", "nl": "een Ogg-opname"},
    "kind_flac": {"en": "a FLAC recording", "nl": "een FLAC-opname"},
    "kind_mp4": {"en": "an MP4/M4A recording or video", "nl": "een MP4/M4A-opname of -video"},
    "fix_wrong_file": {
        "en": "check that the right file was put in transcripts/; transcripts must be .txt (UTF-8), .docx, "
              ".vtt or .srt",
        "nl": "controleer of het juiste bestand in transcripts/ staat; een transcript moet .txt (UTF-8), "
              ".docx, .vtt of .srt zijn"},
    "fix_zip": {"en": "if it is a Word document, rename it to .docx; otherwise {otherwise}",
                "nl": "geef het de extensie .docx als het een Word-document is; anders: {otherwise}"},
    "fix_ole": {"en": "open it in Word and save it as .docx (Word document)",
                "nl": "open het in Word en sla het op als .docx (Word-document)"},
    "fix_pdf": {"en": "export the transcript as .docx or .txt from the program that made the PDF",
                "nl": "exporteer het transcript als .docx of .txt uit het programma dat de pdf maakte"},
    "fix_rtf": {"en": "open it in Word and save it as .docx, or save it as plain text (.txt, UTF-8)",
                "nl": "open het in Word en sla het op als .docx, of sla het op als platte tekst (.txt, UTF-8)"},
    "fix_recording": {
        "en": "transcripts/ holds transcripts, not recordings: move the recording elsewhere and put its "
              "transcript here",
        "nl": "in transcripts/ horen transcripten, geen opnames: zet de opname ergens anders neer en zet "
              "het transcript ervan hier"},
    # Word documents
    "docx_unreadable": {"en": "not a readable Word .docx file ({error})",
                        "nl": "geen leesbaar Word-document (.docx) ({error})"},
    "fix_docx_unreadable": {
        "en": "this is not a Word .docx file; re-save it from Word as .docx (Word document)",
        "nl": "dit is geen Word-document (.docx); sla het vanuit Word opnieuw op als .docx (Word-document)"},
    "not_docx": {"en": "not a Word .docx file ({what})", "nl": "geen Word-document (.docx) ({what})"},
    "docx_is_doc": {"en": "it is an old Word .doc file, not a zip archive",
                    "nl": "het is een oud Word-document (.doc), geen zip-archief"},
    "docx_looks_like": {"en": "it looks like {kind}, not a zip archive",
                        "nl": "het lijkt {kind}, geen zip-archief"},
    "docx_is_text": {"en": "it looks like plain text", "nl": "het lijkt platte tekst"},
    "docx_not_zip": {"en": "it is not a zip archive", "nl": "het is geen zip-archief"},
    "fix_resave_docx": {"en": "re-save it from Word as .docx (Word document)",
                        "nl": "sla het vanuit Word opnieuw op als .docx (Word-document)"},
    "fix_resave_doc": {
        "en": "re-save it from Word as .docx (Word document); an old .doc file cannot be read",
        "nl": "sla het vanuit Word opnieuw op als .docx (Word-document); een oud .doc-bestand kan niet "
              "worden gelezen"},
    "fix_docx_is_text": {
        "en": "re-save it from Word as .docx (Word document), or rename it to .txt if it is a plain-text "
              "transcript",
        "nl": "sla het vanuit Word opnieuw op als .docx (Word-document), of geef het de extensie .txt als "
              "het een transcript in platte tekst is"},
    # speakers and turns
    "no_speaker_labels": {
        "en": "no speaker labels found; treated as one respondent monologue",
        "nl": "geen sprekerslabels gevonden; de tekst is gelezen als één monoloog van de respondent"},
    "fix_no_speaker_labels": {
        "en": "start every turn with a label such as 'Interviewer:' or 'R:' if this is a conversation",
        "nl": "begin elke beurt met een label zoals 'Interviewer:' of 'R:' als dit een gesprek is"},
    "text_before_first_label": {
        "en": "text before the first speaker label is not part of any turn and is left out of the analysis",
        "nl": "de tekst vóór het eerste sprekerslabel hoort bij geen enkele beurt en telt niet mee in de "
              "analyse"},
    "fix_text_before_first_label": {
        "en": "remove it (e.g. a title) or start it with a speaker label if it was said in the interview",
        "nl": "verwijder die tekst (bijvoorbeeld een titel), of zet er een sprekerslabel voor als hij in "
              "het interview is uitgesproken"},
    "label_without_text": {"en": "speaker label without text; the label is skipped",
                           "nl": "sprekerslabel zonder tekst; het label is overgeslagen"},
    "fix_label_without_text": {"en": "add the missing text after the label, or remove the label",
                               "nl": "zet de ontbrekende tekst achter het label, of verwijder het label"},
    "all_labels_empty": {"en": "every speaker label is empty; the file has no spoken text",
                         "nl": "alle sprekerslabels zijn leeg; het bestand bevat geen gesproken tekst"},
    "fix_all_labels_empty": {"en": "put the text of each turn after its label",
                             "nl": "zet de tekst van elke beurt achter het label"},
    "interviewer_inferred": {
        "en": "no interviewer label found; speaker {n} (first label at {where}) is taken to be the "
              "interviewer because their turns end with a question mark most often",
        "nl": "geen label voor de interviewer gevonden; spreker {n} (eerste label op {where}) is als "
              "interviewer genomen, omdat die het vaakst met een vraagteken eindigt"},
    "no_interviewer": {
        "en": "no interviewer found among {n} speaker(s); all turns are treated as respondent turns",
        "nl": "geen interviewer gevonden onder {n} spreker(s); alle beurten zijn gelezen als beurten "
              "van de respondent"},
    "fix_label_interviewer": {
        "en": "label the interviewer 'Interviewer:' or give the interviewer role interviewer in "
              "private/pseudonym_key.csv",
        "nl": "geef de interviewer het label 'Interviewer:', of geef de interviewer de rol interviewer in "
              "private/pseudonym_key.csv"},
    # subtitles (.vtt, .srt)
    "no_cues": {"en": "no subtitle cues found (no 'start --> end' time lines)",
                "nl": "geen ondertitels gevonden (geen tijdregels 'begin --> eind')"},
    "fix_no_cues": {"en": "export the transcript again as .vtt/.srt, or save it as .txt",
                    "nl": "exporteer het transcript opnieuw als .vtt/.srt, of sla het op als .txt"},
    "subtitles_without_text": {"en": "the subtitles contain no text",
                               "nl": "de ondertitels bevatten geen tekst"},
    "fix_subtitles_without_text": {"en": "export the transcript again, with the spoken text",
                                   "nl": "exporteer het transcript opnieuw, met de gesproken tekst"},
    "text_before_first_speaker": {
        "en": "text before the first speaker is not part of any turn and is left out of the analysis",
        "nl": "de tekst vóór de eerste spreker hoort bij geen enkele beurt en telt niet mee in de analyse"},
    "fix_text_before_first_speaker": {
        "en": "start the first cue with a speaker label if it was said in the interview",
        "nl": "zet een sprekerslabel aan het begin van de eerste ondertitel als de tekst in het interview "
              "is uitgesproken"},
    "bad_cue_time": {"en": "time line '{line}' cannot be read; its text is kept, with the time of the cue before",
                     "nl": "tijdregel '{line}' is onleesbaar; de tekst is behouden, met de tijd van de ondertitel "
                           "ervoor"},
    "fix_bad_cue_time": {"en": "write the times as 00:03:49,100 --> 00:03:52,500 (at most three digits after the "
                               "comma or dot)",
                         "nl": "schrijf de tijden als 00:03:49,100 --> 00:03:52,500 (hoogstens drie cijfers na de "
                               "komma of punt)"},
    "speaker_without_text": {"en": "speaker without text; the label is skipped",
                             "nl": "spreker zonder tekst; het label is overgeslagen"},
    "fix_speaker_without_text": {"en": "add the missing text, or remove the label",
                                 "nl": "vul de ontbrekende tekst aan, of verwijder het label"},
}


@dataclass(frozen=True)
class Msg:
    """A catalogue text with its parameters, rendered in a language by :meth:`text`.

    Build it with :func:`msg`, which checks the key and the parameters.
    """

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, language: str = "en") -> str:
        """The text in ``language``; parameters that are :class:`Msg` are rendered too.

        Examples
        --------
        >>> msg("at_line", n=3).text("nl")
        'regel 3'
        """
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
        values = {k: v.text(language) if isinstance(v, Msg) else v for k, v in self.params}
        return MESSAGES[self.key][language].format(**values)

    def __str__(self) -> str:
        return self.text("en")


def placeholders(template: str) -> set[str]:
    """The names of the ``{fields}`` in a template.

    >>> sorted(placeholders("lines {first}-{last}"))
    ['first', 'last']
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def msg(key: str, **params) -> Msg:
    """The catalogue text ``key`` with ``params``; an unknown key or a missing parameter
    is a programming error and raises at once.

    Examples
    --------
    >>> m = msg("no_interviewer", n=3)
    >>> m.text("en")
    'no interviewer found among 3 speaker(s); all turns are treated as respondent turns'
    >>> m.text("nl")
    'geen interviewer gevonden onder 3 spreker(s); alle beurten zijn gelezen als beurten van de respondent'
    >>> msg("not_text_kind", kind=msg("kind_pdf")).text("nl")
    'dit is geen tekstbestand: het lijkt een pdf-bestand'
    """
    if key not in MESSAGES:
        raise KeyError(f"unknown message key {key!r}")
    missing = placeholders(MESSAGES[key]["en"]) - set(params)
    if missing:
        raise KeyError(f"message {key!r} needs the parameter(s) {', '.join(sorted(missing))}")
    return Msg(key, tuple(sorted(params.items())))
