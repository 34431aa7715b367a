"""Every word a researcher or partner reads, in Dutch (default) and English.

Internal column names are English snake_case; :func:`t` turns a key into the reader's
language, and :func:`rename` relabels a table's columns for display.
"""

from __future__ import annotations

import pandas as pd

LANGUAGES = ("nl", "en")

LABELS: dict[str, dict[str, str]] = {
    # columns
    "case_id": {"nl": "casus", "en": "case"},
    "interview_id": {"nl": "interview", "en": "interview"},
    "participant": {"nl": "geïnterviewde", "en": "interviewee"},
    "pseudonym": {"nl": "pseudoniem", "en": "pseudonym"},
    "role": {"nl": "rol", "en": "role"},
    "organisation": {"nl": "organisatie", "en": "organisation"},
    "domain": {"nl": "domein", "en": "domain"},
    "interview_date": {"nl": "interviewdatum", "en": "interview date"},
    "format": {"nl": "formaat", "en": "format"},
    "encoding": {"nl": "tekencodering", "en": "encoding"},
    "speaker": {"nl": "spreker", "en": "speaker"},
    "speaker_role": {"nl": "sprekersrol", "en": "speaker role"},
    "segment_id": {"nl": "fragment-id", "en": "segment id"},
    "segments": {"nl": "fragmenten", "en": "segments"},
    "text": {"nl": "tekst", "en": "text"},
    "quote": {"nl": "citaat", "en": "quote"},
    "code_id": {"nl": "code", "en": "code"},
    # the coding workbench and inter-coder reliability
    "show": {"nl": "toon", "en": "show"},
    "save_next": {"nl": "opslaan, volgende", "en": "save, next"},
    "skip": {"nl": "overslaan", "en": "skip"},
    "accept_suggestions": {"nl": "suggesties overnemen", "en": "accept suggestions"},
    "nothing_to_code": {"nl": "geen fragmenten met deze filters", "en": "no segments with these filters"},
    "suggestion": {"nl": "suggestie", "en": "suggestion"},
    "coded": {"nl": "gecodeerd", "en": "coded"},
    "unit": {"nl": "eenheid", "en": "unit"},
    "segment": {"nl": "fragment", "en": "segment"},
    "n_units": {"nl": "aantal eenheden", "en": "units"},
    "n_coders": {"nl": "aantal codeurs", "en": "coders"},
    "percent_agreement": {"nl": "% overeenstemming", "en": "% agreement"},
    "kappa": {"nl": "Cohens kappa", "en": "Cohen's kappa"},
    "alpha": {"nl": "Krippendorffs alfa", "en": "Krippendorff's alpha"},
    "needs_work": {"nl": "codeboek moet beter", "en": "codebook needs work"},
    "comparison": {"nl": "vergelijking", "en": "comparison"},
    "coded_by": {"nl": "wel gecodeerd door", "en": "coded by"},
    "not_coded_by": {"nl": "niet gecodeerd door", "en": "not coded by"},
    "code": {"nl": "code", "en": "code"},
    "condition": {"nl": "voorwaarde", "en": "condition"},
    "category": {"nl": "categorie", "en": "category"},
    "confidence": {"nl": "zekerheid", "en": "confidence"},
    "valence": {"nl": "waardering", "en": "valence"},
    "evidence": {"nl": "aanwijzing", "en": "evidence"},
    "n_segments": {"nl": "aantal fragmenten", "en": "segments"},
    "n_coded": {"nl": "aantal gecodeerd", "en": "coded segments"},
    "n_present": {"nl": "aanwezig", "en": "present"},
    "n_absent": {"nl": "afwezig/problematisch", "en": "absent/problematic"},
    "n_mixed": {"nl": "gemengd", "en": "mixed"},
    "n_human": {"nl": "door mensen gecodeerd", "en": "coded by people"},
    "status": {"nl": "status", "en": "status"},
    "analysed": {"nl": "geanalyseerd", "en": "analysed"},
    "not_read": {"nl": "niet gelezen (zie meldingen)", "en": "not read (see the reading problems)"},
    "n_words": {"nl": "aantal woorden", "en": "words"},
    "n_turns": {"nl": "aantal beurten", "en": "turns"},
    "coverage": {"nl": "dekking", "en": "coverage"},
    "strength": {"nl": "sterkte", "en": "strength"},
    "judgement": {"nl": "oordeel", "en": "judgement"},
    "rule": {"nl": "regel", "en": "rule"},
    "event_id": {"nl": "gebeurtenis-id", "en": "event id"},
    "kind": {"nl": "soort tijdsaanduiding", "en": "kind of time expression"},
    "absolute": {"nl": "absoluut", "en": "absolute"},
    "fuzzy": {"nl": "vaag", "en": "fuzzy"},
    "relative": {"nl": "relatief", "en": "relative"},
    "range": {"nl": "periode", "en": "range"},
    "uncategorised": {"nl": "zonder categorie", "en": "uncategorised"},
    "date_text": {"nl": "tijdsaanduiding", "en": "time expression"},
    "earliest": {"nl": "vroegst", "en": "earliest"},
    "latest": {"nl": "laatst", "en": "latest"},
    "conditions": {"nl": "voorwaarden", "en": "conditions"},
    "theme": {"nl": "thema", "en": "theme"},
    "top_words": {"nl": "kernwoorden", "en": "top words"},
    "weight": {"nl": "gewicht", "en": "weight"},
    "phase": {"nl": "fase", "en": "phase"},
    "count": {"nl": "aantal", "en": "count"},
    "share": {"nl": "aandeel", "en": "share"},
    "level": {"nl": "niveau", "en": "level"},
    "file": {"nl": "bestand", "en": "file"},
    "where": {"nl": "plaats", "en": "where"},
    "message": {"nl": "melding", "en": "message"},
    "fix": {"nl": "oplossing", "en": "fix"},
    # values
    "interviewer": {"nl": "interviewer", "en": "interviewer"},
    "respondent": {"nl": "respondent", "en": "respondent"},
    "present": {"nl": "aanwezig", "en": "present"},
    "absent": {"nl": "afwezig/problematisch", "en": "absent/problematic"},
    "mixed": {"nl": "gemengd", "en": "mixed"},
    # replacement categories (pseudonymisation)
    "person": {"nl": "persoonsnaam", "en": "person name"},
    "email": {"nl": "e-mailadres", "en": "e-mail address"},
    "phone": {"nl": "telefoonnummer", "en": "phone number"},
    "place": {"nl": "plaatsnaam", "en": "place name"},
    "address": {"nl": "adres", "en": "address"},
    "postcode": {"nl": "postcode", "en": "postcode"},
    "url": {"nl": "webadres", "en": "URL"},
    "iban": {"nl": "IBAN", "en": "IBAN"},
    "bsn": {"nl": "BSN", "en": "BSN"},
    "id": {"nl": "identificatienummer", "en": "identification number"},
    "institution": {"nl": "instelling", "en": "institution"},
    "date": {"nl": "datum", "en": "date"},
    # pseudonymisation settings
    "setting": {"nl": "instelling", "en": "setting"},
    "value": {"nl": "waarde", "en": "value"},
    "organisations": {"nl": "organisatienamen", "en": "organisation names"},
    "keep_organisations": {"nl": "altijd behouden organisaties", "en": "organisations always kept"},
    "dates": {"nl": "datums", "en": "dates"},
    "keep_places": {"nl": "behouden plaatsen", "en": "places kept"},
    "keep": {"nl": "behouden", "en": "kept"},
    "generalise": {"nl": "vervangen door soort organisatie", "en": "generalised to their type"},
    "replace": {"nl": "vervangen door code", "en": "replaced by a tag"},
    "month": {"nl": "alleen maand en jaar", "en": "month and year only"},
    "year": {"nl": "alleen jaar", "en": "year only"},
    "no_rows": {"nl": "(geen)", "en": "(none)"},
    "clearly_present": {"nl": "duidelijk aanwezig", "en": "clearly present"},
    "partly_present": {"nl": "deels aanwezig", "en": "partly present"},
    "lagging": {"nl": "blijft achter", "en": "lagging behind"},
    "not_discussed": {"nl": "niet besproken", "en": "not discussed"},
    "all": {"nl": "alle", "en": "all"},
    "total": {"nl": "totaal", "en": "total"},
    "table": {"nl": "tabel", "en": "table"},
    "figure": {"nl": "figuur", "en": "figure"},
    "time": {"nl": "tijd", "en": "time"},
    "no_date": {"nl": "zonder datum", "en": "undated"},
}


def t(key: str, language: str = "nl") -> str:
    """The reader's word for ``key``; unknown keys are returned unchanged.

    Examples
    --------
    >>> t("valence"), t("valence", "en")
    ('waardering', 'valence')
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    return LABELS.get(key, {}).get(language, key)


#: Columns whose values are keys to translate as well (e.g. ``clearly_present``).
VALUE_COLUMNS = ("judgement", "valence", "speaker_role", "kind", "level", "category", "setting", "value",
                 "status")


def rename(df: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """A copy of ``df`` for readers: column names and coded values in ``language``.

    Examples
    --------
    >>> rename(pd.DataFrame({"judgement": ["lagging"]})).to_dict("list")
    {'oordeel': ['blijft achter']}
    """
    out = df.copy()
    for col in VALUE_COLUMNS:
        if col in out.columns:
            out[col] = out[col].map(lambda v: t(v, language) if isinstance(v, str) else v)
    return out.rename(columns={c: t(c, language) for c in out.columns})
