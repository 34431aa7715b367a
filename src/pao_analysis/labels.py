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
    "codebook": {"nl": "codeboek", "en": "codebook"},
    "source": {"nl": "gecodeerd door", "en": "coded by"},
    "rules": {"nl": "automatisch (regels)", "en": "automatic (rules)"},
    "learned": {"nl": "automatisch (geleerd)", "en": "automatic (learned)"},
    "short": {"nl": "korte naam", "en": "short name"},
    "definition": {"nl": "definitie", "en": "definition"},
    "color": {"nl": "kleur", "en": "colour"},
    "n_units_auto": {"nl": "aantal eenheden (automatische codeur)", "en": "units (auto-coder)"},
    "percent_agreement_auto": {"nl": "% overeenstemming automatische codeur", "en": "% agreement auto-coder"},
    "kappa_auto": {"nl": "Cohens kappa automatische codeur", "en": "Cohen's kappa auto-coder"},
    "precision_auto": {"nl": "precisie automatische codeur", "en": "precision auto-coder"},
    "recall_auto": {"nl": "recall automatische codeur", "en": "recall auto-coder"},
    # pages for readers
    "contents": {"nl": "Inhoud", "en": "Contents"},
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
    "timeline": {"nl": "tijdlijn", "en": "timeline"},
    "theme": {"nl": "thema", "en": "theme"},
    "top_words": {"nl": "kernwoorden", "en": "top words"},
    "weight": {"nl": "gewicht", "en": "weight"},
    "phase": {"nl": "fase", "en": "phase"},
    "phase_talk": {"nl": "woorden over een nieuwe fase", "en": "talk of a new phase"},
    "phase_talk_by": {"nl": "woorden over een nieuwe fase van", "en": "talk of a new phase by"},
    "count": {"nl": "aantal", "en": "count"},
    "share": {"nl": "aandeel", "en": "share"},
    "level": {"nl": "niveau", "en": "level"},
    "file": {"nl": "bestand", "en": "file"},
    "where": {"nl": "plaats", "en": "where"},
    "message": {"nl": "melding", "en": "message"},
    "fix": {"nl": "oplossing", "en": "fix"},
    "error": {"nl": "fout", "en": "error"},
    "warning": {"nl": "waarschuwing", "en": "warning"},
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
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "total": {"nl": "totaal", "en": "total"},
    "table": {"nl": "tabel", "en": "table"},
    "sheet": {"nl": "blad", "en": "sheet"},
    "n_rows": {"nl": "aantal rijen", "en": "rows"},
    "columns": {"nl": "kolommen", "en": "columns"},
    "workbook": {"nl": "Alle tabellen in één Excel-werkboek", "en": "All tables in one Excel workbook"},
    "figure": {"nl": "figuur", "en": "figure"},
    "time": {"nl": "tijd", "en": "time"},
    "no_date": {"nl": "zonder datum", "en": "undated"},
    # the member check (membercheck.py): columns, values and the interviewee's document
    "label": {"nl": "omschrijving", "en": "description"},
    "member_check": {"nl": "membercheck", "en": "member check"},
    "origin": {"nl": "bron", "en": "source"},
    "interview": {"nl": "interview", "en": "interview"},
    "membercheck": {"nl": "toegevoegd bij membercheck", "en": "added in the member check"},
    "unchecked": {"nl": "nog niet gecontroleerd", "en": "not checked yet"},
    "confirmed": {"nl": "bevestigd", "en": "confirmed"},
    "commented": {"nl": "alleen opmerking", "en": "comment only"},
    "corrected": {"nl": "gecorrigeerd", "en": "corrected"},
    "added": {"nl": "toegevoegd", "en": "added"},
    "removed": {"nl": "verwijderd", "en": "removed"},
    "action": {"nl": "antwoord", "en": "answer"},
    "confirm": {"nl": "klopt", "en": "correct as it is"},
    "correct": {"nl": "verbeterd", "en": "corrected"},
    "remove": {"nl": "verwijderen", "en": "remove"},
    "add": {"nl": "toevoegen", "en": "add"},
    "comment": {"nl": "opmerking", "en": "comment"},
    "reason": {"nl": "reden", "en": "reason"},
    "timestamp": {"nl": "tijdstip", "en": "time"},
    "source_file": {"nl": "bestand", "en": "file"},
    "n_comments": {"nl": "opmerkingen in totaal", "en": "comments in all"},
    "earlier_comments": {"nl": "uw eerdere opmerkingen", "en": "your earlier comments"},
    "last_answer": {"nl": "laatste antwoord", "en": "last answer"},
    "interval": {"nl": "periode (vroegst – laatst)", "en": "period (earliest – latest)"},
    "mark_ok": {"nl": "klopt (zet een x)", "en": "correct (put an x)"},
    "mark_remove": {"nl": "klopt niet – verwijderen (zet een x)", "en": "not right – remove (put an x)"},
    "new_date": {"nl": "andere datum (bijv. voorjaar 2021)", "en": "other date (e.g. spring 2021)"},
    "new_label": {"nl": "andere omschrijving", "en": "other wording"},
    "new_category": {"nl": "andere categorie", "en": "other category"},
    "add_date": {"nl": "wanneer (bijv. voorjaar 2021)", "en": "when (e.g. spring 2021)"},
    "add_label": {"nl": "wat gebeurde er", "en": "what happened"},
    "mc_title": {"nl": "Uw tijdlijn: klopt het zo?", "en": "Your timeline: is this right?"},
    "mc_reference": {"nl": "Kenmerk (niet wijzigen)", "en": "Reference (do not change)"},
    "mc_intro": {
        "nl": "Bedankt voor het interview. Uit uw verhaal hebben we een tijdlijn gemaakt: de "
              "gebeurtenissen die u noemde, met het moment waarop ze volgens u plaatsvonden. Met deze "
              "controle (een 'membercheck') kijkt u of wij u goed hebben begrepen. Uw antwoorden nemen we "
              "mee in de analyse. Namen van personen zijn vervangen door schuilnamen.",
        "en": "Thank you for the interview. From your story we made a timeline: the events you mentioned, "
              "with the moment they happened according to you. With this check (a 'member check') you "
              "see whether we understood you correctly. We take your answers into the analysis. Names of "
              "people have been replaced by pseudonyms.",
    },
    "mc_how": {
        "nl": "Wat u kunt doen, per gebeurtenis: zet een x bij 'klopt' als het zo goed is; zet een x bij "
              "'klopt niet – verwijderen' als het geen gebeurtenis is of niet klopt; of vul een andere "
              "datum (gewone woorden mogen: 'voorjaar 2021', 'eind 2022', 'september 2020'), een andere "
              "omschrijving of een andere categorie in. Bij 'opmerking' kunt u alles kwijt wat u wilt "
              "toevoegen. Mist u een gebeurtenis? Schrijf die onderaan bij 'Gebeurtenissen die ontbreken'. "
              "Laat wat u niet weet gewoon leeg.",
        "en": "What you can do, per event: put an x at 'correct' if it is right; put an x at 'not right – "
              "remove' if it is not an event or not right; or fill in another date (plain words are fine: "
              "'spring 2021', 'end of 2022', 'September 2020'), other wording or another category. Under "
              "'comment' you can add anything you like. Is an event missing? Write it at the bottom under "
              "'Missing events'. Leave empty what you do not know.",
    },
    "mc_return": {
        "nl": "Terugsturen: bewaar dit document (of het Excel-bestand met dezelfde gebeurtenissen) en stuur "
              "het terug naar de onderzoeker. Verander de gebeurtenis-id's en het kenmerk niet: daarmee "
              "koppelen we uw antwoorden aan de juiste gebeurtenis.",
        "en": "Returning it: save this document (or the Excel file with the same events) and send it back "
              "to the researcher. Do not change the event ids or the reference: they link your answers to "
              "the right event.",
    },
    "mc_categories": {"nl": "De vier categorieën", "en": "The four categories"},
    "mc_events": {"nl": "Uw gebeurtenissen", "en": "Your events"},
    "mc_no_events": {"nl": "We vonden geen gedateerde gebeurtenissen in uw interview. Vul hieronder "
                           "aan wat u belangrijk vindt.",
                     "en": "We found no dated events in your interview. Add below what you find "
                           "important."},
    "mc_removed": {"nl": "Verwijderde gebeurtenissen", "en": "Removed events"},
    "mc_removed_how": {"nl": "Deze gebeurtenissen heeft u eerder laten verwijderen. Zet een x bij 'klopt' "
                             "om er een terug te zetten.",
                       "en": "You had these events removed earlier. Put an x at 'correct' to restore "
                             "one."},
    "mc_missing": {"nl": "Gebeurtenissen die ontbreken", "en": "Missing events"},
    "mc_missing_how": {"nl": "Eén gebeurtenis per regel: wanneer, wat er gebeurde en eventueel de "
                             "categorie.",
                       "en": "One event per line: when, what happened and, if you like, the "
                             "category."},
    # the collective timeline and phases (collective.py, phases.py)
    "group": {"nl": "groep", "en": "group"},
    "score": {"nl": "score", "en": "score"},
    "nearest": {"nl": "dichtstbijzijnde andere", "en": "nearest other"},
    "nearest_score": {"nl": "score dichtstbijzijnde", "en": "score of nearest"},
    "link": {"nl": "koppeling", "en": "link"},
    "auto": {"nl": "automatisch", "en": "automatic"},
    "researcher": {"nl": "onderzoeker", "en": "researcher"},
    "repeats": {"nl": "herhalingen", "en": "repeats"},
    "date_agreement": {"nl": "data eens", "en": "dates agree"},
    "category_agreement": {"nl": "categorie eens", "en": "category agrees"},
    "interviews": {"nl": "verteld door", "en": "told by"},
    "n_interviews": {"nl": "aantal vertellers", "en": "number of tellers"},
    "only_one": {"nl": "alleen door één persoon verteld", "en": "told by one person only"},
    "event_ids": {"nl": "gebeurtenis-id's", "en": "event ids"},
    "name": {"nl": "naam", "en": "name"},
    "start": {"nl": "begin", "en": "start"},
    "end": {"nl": "eind", "en": "end"},
    "reasons": {"nl": "redenen voor het begin", "en": "reasons for the start"},
    "period": {"nl": "periode", "en": "period"},
    "n_events": {"nl": "aantal gebeurtenissen", "en": "number of events"},
    "groups": {"nl": "gebeurtenissen (groepen)", "en": "events (groups)"},
    "proposed_start": {"nl": "voorgesteld begin", "en": "proposed start"},
    "months": {"nl": "maanden", "en": "months"},
    "proposal": {"nl": "voorstel", "en": "proposal"},
    "number": {"nl": "nr", "en": "no."},
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
        "nl": " Let op: als {margin} fragmenten andersom gewaardeerd worden, verandert het oordeel; "
              "lees de citaten na.",
        "en": " Note: if {margin} segments were read the other way round, the judgement would "
              "change; read the quotes."},
    "margin_note_one": {
        "nl": " Let op: als één fragment andersom gewaardeerd wordt, verandert het oordeel; "
              "lees de citaten na.",
        "en": " Note: if one segment were read the other way round, the judgement would "
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
    # the tables on a case's index page
    "index_profiel_voorwaarden": {"nl": "Profiel voorwaarden", "en": "Conditions profile"},
    "index_citaten_voorwaarden": {"nl": "Citaten voorwaarden", "en": "Quotes per condition"},
    "index_themas": {"nl": "Thema's", "en": "Themes"},
    "fragment": {"nl": "fragment", "en": "segment"},
    "no_quotes": {"nl": "(geen citaten)", "en": "(no quotes)"},
    "report_saved": {"nl": "Rapport (Word) geschreven", "en": "Report (Word) written"},
    "report_not_saved": {"nl": "Rapport (Word) niet geschreven: geen uitvoermap",
                         "en": "Report (Word) not written: no output folder"},
    # REFI-QDA exchange (codebook descriptions in ATLAS.ti, NVivo, MAXQDA, QualCoder)
    "refi_include": {"nl": "Gebruiken als", "en": "Use when"},
    "refi_exclude": {"nl": "Niet gebruiken als", "en": "Do not use when"},
    "refi_examples": {"nl": "Voorbeelden", "en": "Examples"},
    "refi_project": {"nl": "project voor ATLAS.ti, NVivo, MAXQDA en QualCoder (REFI-QDA)",
                     "en": "project for ATLAS.ti, NVivo, MAXQDA and QualCoder (REFI-QDA)"},
    "refi_auto_coder": {"nl": "automatische codeerder van pao-analysis", "en": "pao-analysis auto-coder"},
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
                 "status", "member_check", "origin", "action", "basis", "link", "codebook", "source")


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
