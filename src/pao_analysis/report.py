"""The five-conditions report: a drafted text and a two-column DOCX for the researcher.

The drafted text fills template sentences (:mod:`pao_analysis.labels`) with the case
judgements (:func:`pao_analysis.conditions.judgement_summary`) and the deciding quotes
(:func:`pao_analysis.conditions.deciding_quotes`); it states no fact that is not in those
tables, and it is marked as a draft for the researcher to rewrite.

The DOCX follows learning-history reports: per condition a section with the judgement,
the rule and the draft sentence, then a table whose right column holds the quotes (with
the interviewee's pseudonym, segment id and date when known) and whose left column is
left empty for the researcher's commentary. :func:`pao_analysis.render.save_docx`
writes it with fixed dates, so a rerun gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .conditions import shorten
from .labels import LABELS, t

#: Quote length in the drafted sentences (the DOCX tables hold the longer quotes).
SENTENCE_QUOTE_CHARS = 160
#: A margin (see :meth:`pao_analysis.conditions.JudgementRule.margin`) at or below this
#: gets a note in the draft: the judgement hangs on a few segments.
NARROW_MARGIN = 2

_SECTIONS = (("clearly_present", "section_strengths"), ("partly_present", "section_partly"),
             ("lagging", "section_vulnerabilities"), ("not_discussed", "section_not_discussed"))


def condition_names(codebook, language: str = "nl") -> dict[str, str]:
    """Code id -> 'SHORT (long label)' for the conditions of ``codebook``, in its order.

    Examples
    --------
    >>> from pao_analysis.codebook import default_codebook
    >>> condition_names(default_codebook("conditions"))["ambitie"]
    'AMBITIE (gedeelde ambitie van betekenis)'
    """
    t("time", language)  # validates the language
    names = {}
    for c in codebook.codes:
        short, label = c.short.get(language, c.id), c.label.get(language, c.id)
        names[c.id] = f"{short} ({label[:1].lower() + label[1:]})"
    return names


def _join(items: list[str], language: str) -> str:
    """'A', 'A en B', 'A, B en C' (English: 'and')."""
    word = {"nl": "en", "en": "and"}[language]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def key_passage(text: str, code_id: str, limit: int = SENTENCE_QUOTE_CHARS) -> str:
    """The part of a long quote that makes the point about a condition: from the sentence
    the default coder scores highest for ``code_id`` (rules and learned coder,
    :func:`pao_analysis.learn.combined_scores`), with the sentences after it that fit in
    ``limit`` characters; '… ' marks a start inside the quote. A short quote, or a code of
    another codebook, is shortened from its start.

    Examples
    --------
    >>> key_passage("Dat was in 2021.", "ambitie")
    'Dat was in 2021.'
    """
    from .codebook import default_codebook
    from .learn import combined_scores
    from .timeline import sentence_spans

    book = default_codebook("conditions")
    text = " ".join(str(text).split())
    spans = sentence_spans(text)
    if len(text) <= limit or code_id not in book.ids or len(spans) < 2:
        return shorten(text, limit)
    score = combined_scores([text[a:b] for a, b in spans], book)[:, list(book.ids).index(code_id)]
    k = int(np.argmax(score))
    return ("… " if k else "") + shorten(text[spans[k][0]:], limit - (2 if k else 0))


def _quote_phrase(key: str, quote: Mapping, language: str) -> str:
    return t(key, language).format(who=quote["participant"], segment_id=quote["segment_id"],
                                   quote=key_passage(str(quote["quote"]), str(quote["code_id"])))


def condition_sentence(row: Mapping, quotes: pd.DataFrame, *, name: str, language: str = "nl") -> str:
    """The draft sentence for one condition, from its row of the judgement summary.

    Clearly present: the strongest present quote as example; lagging: the strongest
    absent/problematic one; partly present: one of each. A narrow margin adds a note.

    Examples
    --------
    >>> row = {"code_id": "proces", "judgement": "clearly_present", "strength": 0.8, "n_coded": 35,
    ...        "margin": 6, "n_interviewees": 6, "n_interviewees_present": 5, "n_interviewees_lagging": 0}
    >>> q = pd.DataFrame({"code_id": ["proces"], "valence": ["present"], "participant": ["Inge"],
    ...                   "segment_id": ["c/P04/1-9"], "quote": ["In PAO werk je in cycli."]})
    >>> import textwrap
    >>> print(textwrap.fill(condition_sentence(row, q, name="PROCES"), 90))
    Sterk: PROCES. 80% van 35 gecodeerde fragmenten beschrijft deze voorwaarde als aanwezig;
    duidelijk aanwezig bij 5 van 6 geïnterviewden, o.a. Inge: ‘In PAO werk je in cycli.’
    [c/P04/1-9].
    """
    judgement = row["judgement"]
    own = quotes[quotes["code_id"] == row["code_id"]]
    present = own[own["valence"] == "present"].to_dict("records")
    absent = own[own["valence"] == "absent"].to_dict("records")
    example = ""
    if judgement == "clearly_present" and present:
        example = _quote_phrase("example_one", present[0], language)
    elif judgement == "lagging" and absent:
        example = _quote_phrase("example_one", absent[0], language)
    elif judgement == "partly_present":
        if present:
            example = _quote_phrase("example_one", present[0], language)
        if absent:
            example += _quote_phrase("example_critical", absent[0], language)
    text = t(f"sentence_{judgement}", language).format(
        name=name, pct=f"{float(row['strength']):.0%}", n=int(row["n_coded"]),
        k_present=int(row["n_interviewees_present"]), k_lagging=int(row["n_interviewees_lagging"]),
        k_all=int(row["n_interviewees"]), example=example)
    margin = row.get("margin")
    if judgement != "not_discussed" and margin is not None and not pd.isna(margin) \
            and int(margin) <= NARROW_MARGIN:
        text += t("margin_note_one" if int(margin) == 1 else "margin_note", language).format(margin=int(margin))
    return text


def recommendations(summary: pd.DataFrame, *, short_names: Mapping[str, str],
                    language: str = "nl") -> list[str]:
    """Draft recommendations: one per lagging condition (else per partly present one),
    then how the strong conditions can carry them.

    The advice per condition restates what the condition asks for (Kaats & Opheij); a
    condition of another codebook gets a generic line.

    Examples
    --------
    >>> s = pd.DataFrame({"code_id": ["ambitie", "organisatie"],
    ...                   "judgement": ["clearly_present", "lagging"]})
    >>> for line in recommendations(s, short_names={"ambitie": "AMBITIE", "organisatie": "ORGANISATIE"}):
    ...     print(line[:60])
    ORGANISATIE: formaliseer de samenwerking: leg afspraken vast
    Werk aan ORGANISATIE vanuit wat al sterk is (AMBITIE).
    Blijf investeren in wat sterk is (AMBITIE): de dialoog gaand
    """
    by = {j: [c for c in summary.loc[summary["judgement"] == j, "code_id"]] for j in
          ("clearly_present", "partly_present", "lagging")}
    lines = []
    weak = by["lagging"]
    if not weak and by["partly_present"]:
        lines.append(t("advice_none_lagging", language))
        weak = by["partly_present"]
    for code in weak:
        key = f"advice_{code}"
        lines.append(t(key, language) if key in LABELS else
                     t("advice_generic", language).format(name=short_names.get(code, code)))
    strong = ", ".join(short_names.get(c, c) for c in by["clearly_present"])
    if weak and strong:
        lines.append(t("advice_from_strength", language).format(
            weak=_join([short_names.get(c, c) for c in weak], language), strong=strong))
    if strong:
        lines.append(t("advice_keep", language).format(names=strong))
    return lines


def draft_sections(summary: pd.DataFrame, quotes: pd.DataFrame, *, names: Mapping[str, str],
                   short_names: Mapping[str, str], language: str = "nl") -> list[tuple[str, list[str]]]:
    """The drafted text as (heading, paragraphs): strengths, partly present,
    vulnerabilities, not discussed, recommendations; empty sections left out.

    Examples
    --------
    >>> s = pd.DataFrame({"code_id": ["organisatie"], "judgement": ["lagging"], "strength": [0.4],
    ...     "n_coded": [60], "margin": [6], "n_interviewees": [6], "n_interviewees_present": [1],
    ...     "n_interviewees_lagging": [4]})
    >>> q = pd.DataFrame({"code_id": ["organisatie"], "valence": ["absent"], "participant": ["Inge"],
    ...     "segment_id": ["c/P04/1-9"], "quote": ["Er is geen convenant."]})
    >>> [h for h, _ in draft_sections(s, q, names={"organisatie": "ORGANISATIE"},
    ...                                short_names={"organisatie": "ORGANISATIE"})]
    ['Kwetsbaarheden', 'Aanbevelingen']
    """
    sections = []
    for judgement, heading in _SECTIONS:
        rows = summary[summary["judgement"] == judgement].to_dict("records")
        if rows:
            sections.append((t(heading, language), [
                condition_sentence(r, quotes, name=names.get(r["code_id"], r["code_id"]), language=language)
                for r in rows]))
    advice = recommendations(summary, short_names=short_names, language=language)
    if advice:
        sections.append((t("section_recommendations", language), advice))
    return sections


def draft_markdown(sections: list[tuple[str, list[str]]], *, language: str = "nl") -> str:
    """The drafted text as Markdown for a notebook, under its draft mark.

    Examples
    --------
    >>> print(draft_markdown([("Kwetsbaarheden", ["Kwetsbaar: X."])]))
    **CONCEPT - door de onderzoeker te herschrijven**
    <BLANKLINE>
    ### Kwetsbaarheden
    <BLANKLINE>
    - Kwetsbaar: X.
    """
    parts = [f"**{t('draft_mark', language)}**"]
    for heading, paragraphs in sections:
        parts += ["", f"### {heading}", ""] + [f"- {p}" for p in paragraphs]
    return "\n".join(parts)


def _attribution(q: Mapping, language: str) -> str:
    who = str(q["participant"])
    if str(q.get("role", "") or ""):
        who += f" ({q['role']})"
    bits = [who, f"{t('fragment', language)} {q['segment_id']}"]
    if str(q.get("date_text", "") or ""):
        bits.append(str(q["date_text"]))
    bits.append(t(str(q["valence"]), language))
    return " · ".join(bits)


def _phase_line(phase_profile: pd.DataFrame, code: str, language: str) -> str:
    own = phase_profile[phase_profile["code_id"] == code]
    cells = [f"{int(r.phase)}: " + ("–" if r.n_coded == 0 else f"{r.strength:.2f} (n={int(r.n_coded)})")
             for r in own.itertuples(index=False)]
    return f"{t('per_phase_line', language)}: " + "; ".join(cells)


def conditions_document(summary: pd.DataFrame, quotes: pd.DataFrame, *, names: Mapping[str, str],
                        short_names: Mapping[str, str], title: str, language: str = "nl",
                        phase_profile: pd.DataFrame | None = None):
    """The five-conditions report as a python-docx ``Document`` (save it with
    :func:`pao_analysis.render.save_docx`).

    Layout: title, the draft mark, how to read it, the drafted strengths, vulnerabilities
    and recommendations; then per condition a heading, the judgement, the rule (with a note
    on a narrow margin), the strength per phase (when ``phase_profile`` is given), the
    draft sentence, and a two-column table: left 'Commentaar onderzoeker' (empty), right
    the quotes, each with interviewee, segment id, date when known and valence.

    Examples
    --------
    >>> s = pd.DataFrame({"code_id": ["proces"], "judgement": ["clearly_present"], "strength": [0.8],
    ...     "n_coded": [35], "rule": ["80% van 35"], "margin": [6], "n_interviewees": [6],
    ...     "n_interviewees_present": [5], "n_interviewees_lagging": [0]})
    >>> q = pd.DataFrame({"code_id": ["proces"], "valence": ["present"], "segment_id": ["c/P04/1-9"],
    ...     "participant": ["Inge"], "role": ["promovendus"], "date_text": [""], "quote": ["In cycli."]})
    >>> doc = conditions_document(s, q, names={"proces": "PROCES"}, short_names={"proces": "PROCES"}, title="Casus")
    >>> [c.text for c in doc.tables[0].rows[0].cells]
    ['Commentaar onderzoeker', 'Citaten uit de interviews']
    """
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    doc = Document()
    doc.core_properties.title = t("report_title", language)
    doc.add_heading(t("report_title", language), level=0)
    doc.add_paragraph(title)
    mark = doc.add_paragraph().add_run(t("draft_mark", language))
    mark.bold = True
    doc.add_paragraph(t("report_intro", language))

    doc.add_heading(t("draft_summary", language), level=1)
    for heading, paragraphs in draft_sections(summary, quotes, names=names, short_names=short_names,
                                              language=language):
        doc.add_heading(heading, level=2)
        for text in paragraphs:
            doc.add_paragraph(text, style="List Bullet")

    for row in summary.to_dict("records"):
        code = row["code_id"]
        doc.add_heading(names.get(code, code), level=1)
        for key, value in (("judgement_line", t(row["judgement"], language)),
                           ("rule_line", str(row["rule"]))):
            par = doc.add_paragraph()
            par.add_run(f"{t(key, language)}: ").bold = True
            par.add_run(value)
        if phase_profile is not None and not phase_profile.empty:
            doc.add_paragraph(_phase_line(phase_profile, code, language))
        par = doc.add_paragraph()
        par.add_run(f"{t('draft_line', language)} ({t('draft_mark', language)}): ").bold = True
        par.add_run(condition_sentence(row, quotes, name=names.get(code, code), language=language)).italic = True

        own = quotes[quotes["code_id"] == code].to_dict("records")
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        header = table.rows[0].cells
        header[0].text, header[1].text = t("commentary", language), t("quotes_column", language)
        for cell in header:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for q in own or [None]:
            left, right = table.add_row().cells
            if q is None:
                right.text = t("no_quotes", language)
                continue
            right.paragraphs[0].add_run(f"‘{q['quote']}’").italic = True
            source = right.add_paragraph().add_run(_attribution(q, language))
            source.font.size = Pt(8)
        for r in table.rows:
            r.cells[0].width, r.cells[1].width = Cm(6.5), Cm(10.5)
    return doc
