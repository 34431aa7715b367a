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
    # strength per phase
    "phase_name": {"nl": "naam fase", "en": "phase name"},
    "basis": {"nl": "grond", "en": "basis"},
    "dated": {"nl": "gedateerd", "en": "dated"},
    "carried": {"nl": "tijd van eerder fragment", "en": "time of an earlier segment"},
    "source_segment": {"nl": "datering uit fragment", "en": "dated by segment"},
    "no_phase": {"nl": "zonder fase", "en": "no phase"},
    # judgement summary and deciding quotes
    "margin": {"nl": "marge (fragmenten)", "en": "margin (segments)"},
    "n_interviewees": {"nl": "aantal geïnterviewden", "en": "interviewees"},
    "n_interviewees_present": {"nl": "geïnterviewden: duidelijk aanwezig", "en": "interviewees: clearly present"},
    "n_interviewees_lagging": {"nl": "geïnterviewden: blijft achter", "en": "interviewees: lagging behind"},
    # the drafted text and the DOCX report (str.format templates)
    "draft_mark": {"nl": "CONCEPT - door de onderzoeker te herschrijven",
                   "en": "DRAFT - to be rewritten by the researcher"},
    "report_title": {"nl": "De vijf voorwaarden voor duurzame samenwerking",
                     "en": "The five conditions for durable collaboration"},
    "report_intro": {
        "nl": "Per voorwaarde van Kaats & Opheij het oordeel over de hele casus, de regel die tot dat "
              "oordeel leidde, een concepttekst en de doorslaggevende citaten. De linkerkolom van elke "
              "tabel is ruimte voor het commentaar van de onderzoeker; de rechterkolom geeft de citaten "
              "met geïnterviewde (pseudoniem) en fragment-id, zodat elk citaat terug te vinden is.",
        "en": "For each condition of Kaats & Opheij: the judgement over the whole case, the rule that "
              "produced it, a draft text and the deciding quotes. The left column of each table is "
              "space for the researcher's commentary; the right column gives the quotes with the "
              "interviewee (pseudonym) and segment id, so every quote can be traced."},
    "draft_summary": {"nl": "Sterke punten, kwetsbaarheden en aanbevelingen",
                      "en": "Strengths, vulnerabilities and recommendations"},
    "section_strengths": {"nl": "Sterke punten", "en": "Strengths"},
    "section_partly": {"nl": "Deels aanwezig", "en": "Partly present"},
    "section_vulnerabilities": {"nl": "Kwetsbaarheden", "en": "Vulnerabilities"},
    "section_not_discussed": {"nl": "Niet besproken", "en": "Not discussed"},
    "section_recommendations": {"nl": "Aanbevelingen", "en": "Recommendations"},
    "sentence_clearly_present": {
        "nl": "Sterk: {name}. {pct} van {n} gecodeerde fragmenten beschrijft deze voorwaarde als "
              "aanwezig; duidelijk aanwezig bij {k_present} van {k_all} geïnterviewden{example}.",
        "en": "Strong: {name}. {pct} of {n} coded segments describe this condition as present; "
              "clearly present for {k_present} of {k_all} interviewees{example}."},
    "sentence_partly_present": {
        "nl": "Deels: {name}. {pct} van {n} gecodeerde fragmenten beschrijft deze voorwaarde als "
              "aanwezig; duidelijk aanwezig bij {k_present} en achterblijvend bij {k_lagging} van "
              "{k_all} geïnterviewden{example}.",
        "en": "Partly: {name}. {pct} of {n} coded segments describe this condition as present; "
              "clearly present for {k_present} and lagging for {k_lagging} of {k_all} "
              "interviewees{example}."},
    "sentence_lagging": {
        "nl": "Kwetsbaar: {name}. Slechts {pct} van {n} gecodeerde fragmenten beschrijft deze "
              "voorwaarde als aanwezig; zij blijft achter bij {k_lagging} van {k_all} "
              "geïnterviewden{example}.",
        "en": "Vulnerable: {name}. Only {pct} of {n} coded segments describe this condition as "
              "present; it lags behind for {k_lagging} of {k_all} interviewees{example}."},
    "sentence_not_discussed": {
        "nl": "Niet besproken: {name}. Te weinig gecodeerde fragmenten (n={n}) voor een oordeel.",
        "en": "Not discussed: {name}. Too few coded segments (n={n}) to judge."},
    "example_one": {"nl": ", o.a. {who}: ‘{quote}’ [{segment_id}]",
                    "en": ", e.g. {who}: ‘{quote}’ [{segment_id}]"},
    "example_critical": {"nl": "; kritisch: {who}: ‘{quote}’ [{segment_id}]",
                         "en": "; critical: {who}: ‘{quote}’ [{segment_id}]"},
    "margin_note": {
        "nl": " Let op: als {margin} fragment(en) andersom gewaardeerd worden, verandert het oordeel; "
              "lees de citaten na.",
        "en": " Note: if {margin} segment(s) were read the other way round, the judgement would "
              "change; read the quotes."},
    "advice_keep": {
        "nl": "Blijf investeren in wat sterk is ({names}): de dialoog gaande houden en de ambitie en "
              "visie blijven verwoorden.",
        "en": "Keep investing in what is strong ({names}): keep the dialogue going and keep voicing "
              "the ambition and vision."},
    "advice_from_strength": {
        "nl": "Werk aan {weak} vanuit wat al sterk is ({strong}).",
        "en": "Work on {weak} starting from what is already strong ({strong})."},
    "advice_none_lagging": {
        "nl": "Geen voorwaarde blijft achter; de aanbevelingen volgen uit de voorwaarden die deels "
              "aanwezig zijn.",
        "en": "No condition lags behind; the recommendations follow from the conditions that are "
              "partly present."},
    "advice_generic": {"nl": "Geef aandacht aan {name}.", "en": "Pay attention to {name}."},
    "advice_ambitie": {
        "nl": "AMBITIE: maak de gedeelde ambitie expliciet en verwoord haar samen: waar werken we "
              "naartoe en waarom doet ieder mee?",
        "en": "AMBITION: make the shared ambition explicit and voice it together: what are we "
              "working towards and why does each take part?"},
    "advice_belangen": {
        "nl": "BELANGEN: maak de persoonlijke belangen en die van elke organisatie expliciet en "
              "bespreek wat ieder nodig heeft om mee te blijven doen.",
        "en": "INTERESTS: make the personal interests and those of each organisation explicit and "
              "discuss what each needs to stay involved."},
    "advice_relaties": {
        "nl": "RELATIES: investeer in de onderlinge relaties: tijd om elkaar te leren kennen, "
              "vertrouwen en een open gesprek.",
        "en": "RELATIONS: invest in the relationships: time to get to know each other, trust and an "
              "open conversation."},
    "advice_organisatie": {
        "nl": "ORGANISATIE: formaliseer de samenwerking: leg afspraken vast over besluitvorming, "
              "rollen, tijd en geld en coördinatie.",
        "en": "ORGANISATION: formalise the collaboration: agree on decision-making, roles, time and "
              "money and coordination."},
    "advice_proces": {
        "nl": "PROCES: organiseer momenten om samen terug te kijken, betekenis te geven en bij te "
              "sturen.",
        "en": "PROCESS: organise moments to look back together, make sense and adjust course."},
    "judgement_line": {"nl": "Oordeel", "en": "Judgement"},
    "rule_line": {"nl": "Regel", "en": "Rule"},
    "draft_line": {"nl": "Concepttekst", "en": "Draft text"},
    "per_phase_line": {"nl": "Sterkte per fase", "en": "Strength per phase"},
    "commentary": {"nl": "Commentaar onderzoeker", "en": "Researcher's commentary"},
    "quotes_column": {"nl": "Citaten uit de interviews", "en": "Quotes from the interviews"},
    "fragment": {"nl": "fragment", "en": "segment"},
    "no_quotes": {"nl": "(geen citaten)", "en": "(no quotes)"},
    "report_saved": {"nl": "Rapport (Word) geschreven", "en": "Report (Word) written"},
    "report_not_saved": {"nl": "Rapport (Word) niet geschreven: geen uitvoermap",
                         "en": "Report (Word) not written: no output folder"},
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
                 "status", "basis")


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
