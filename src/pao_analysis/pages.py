"""HTML pages for partners: single files that work offline and print on A4.

Every page (the case index and each rendered notebook) carries its figures inside
(``data:`` URIs), loads nothing from the internet (no scripts, fonts or styles from a
CDN), opens with a table of contents built from its headings, has readable tables and
an A4 print layout, and is marked as Dutch (``lang="nl"``) or English.
"""

from __future__ import annotations

import base64
import html
import re
from importlib import resources
from pathlib import Path

from .labels import t

__all__ = ["PAGE_CSS", "add_contents", "data_uri", "headings", "report_page", "slug", "table_of_contents"]

#: The nbconvert template of the reports: nbconvert's 'lab' template minus every script.
REPORT_TEMPLATE = "pao_report.html.j2"

#: Styles shared by every page: contents, tables, figures and the A4 print layout.
PAGE_CSS = (
    "nav.toc{border:1px solid #ddd;background:#fafafa;padding:.5rem 1rem;margin:1rem 0 1.5rem;"
    "font-size:.95rem}nav.toc h2{font-size:1rem;margin:.2rem 0 .4rem}"
    "nav.toc ol{margin:0;padding-left:1.2rem}nav.toc ol ol{list-style:lower-alpha}"
    "table{border-collapse:collapse}th,td{text-align:left!important;vertical-align:top;"
    "padding:.25rem .5rem!important}thead th{border-bottom:2px solid #999}"
    "tbody tr:nth-child(even){background:#f4f6f8}img{max-width:100%;height:auto}"
    "a.anchor-link{display:none}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
    "nav.toc{break-after:avoid}h1,h2,h3{break-after:avoid}tr,img,figure{break-inside:avoid}"
    "thead{display:table-header-group}.jp-OutputArea-output,.jp-RenderedHTMLCommon{overflow:visible!important}"
    "a{color:inherit;text-decoration:none}}"
)
#: Layout of a notebook report on screen (the lab template fills the whole window).
REPORT_CSS = ("main{max-width:72rem;margin:0 auto;padding:1rem}"
              ".jp-RenderedHTMLCommon table{table-layout:auto;width:100%;margin-left:0;font-size:.8rem}"
              ".jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{overflow-wrap:break-word;hyphens:auto}")

_HEADING = re.compile(r'<h([23])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def templates_dir() -> Path:
    """The package's nbconvert templates (``data/templates``)."""
    return Path(str(resources.files("pao_analysis") / "data" / "templates"))


def heading_text(inner: str) -> str:
    """A heading's plain text, without tags and nbconvert's ``¶`` anchor.

    >>> heading_text('Tijdlijn per ge&iuml;nterviewde<a class="anchor-link" href="#x">¶</a>')
    'Tijdlijn per geïnterviewde'
    """
    return html.unescape(_TAG.sub("", inner)).replace("¶", "").strip()


def headings(page: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of every ``h2`` and ``h3`` with an id, in page order.

    >>> headings('<h1>Titel</h1><h2 id="a">Rapporten</h2><h3 id="b">Thema&#39;s</h3>')
    [(2, 'a', 'Rapporten'), (3, 'b', "Thema's")]
    """
    return [(int(level), ident, heading_text(inner)) for level, ident, inner in _HEADING.findall(page)]


def slug(text: str) -> str:
    """An id for a heading: lower case, runs of other characters as ``-``.

    >>> slug("Alle figuren")
    'alle-figuren'
    """
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "kop"


def table_of_contents(page: str, language: str = "nl") -> str:
    """A ``<nav class="toc">`` listing the page's h2 headings with their h3 below them;
    empty when the page has fewer than two headings."""
    found = headings(page)
    if len(found) < 2:
        return ""
    parts, open_sub = [f'<nav class="toc"><h2>{t("contents", language)}</h2><ol>'], False
    for n, (level, ident, text) in enumerate(found):
        link = f'<a href="#{html.escape(ident)}">{html.escape(text)}</a>'
        if level == 3 and n > 0:
            parts.append(("" if open_sub else "<ol>") + f"<li>{link}</li>")
            open_sub = True
            continue
        if n > 0:
            parts.append("</ol></li>" if open_sub else "</li>")
        parts.append(f"<li>{link}")
        open_sub = False
    parts.append("</ol></li></ol></nav>" if open_sub else "</li></ol></nav>")
    return "".join(parts)


def add_contents(page: str, language: str = "nl") -> str:
    """The page with its table of contents after the first ``h1`` and the shared styles
    at the end of ``<head>``."""
    toc = table_of_contents(page, language)
    end = page.find("</h1>")
    if toc and end >= 0:
        end += len("</h1>")
        page = page[:end] + toc + page[end:]
    return page.replace("</head>", f"<style>{PAGE_CSS}</style></head>", 1)


def report_page(nb, *, with_code: bool, language: str = "nl") -> str:
    """A notebook as one offline HTML page: figures embedded, no scripts, code only
    ``with_code``, a table of contents and the A4 print styles."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(templates_dir())],
                            template_file=REPORT_TEMPLATE, exclude_input=not with_code,
                            exclude_input_prompt=True, exclude_output_prompt=True, language_code=language)
    body, _ = exporter.from_notebook_node(nb)
    body = body.replace("</head>", f"<style>{REPORT_CSS}</style></head>", 1)
    return add_contents(body, language)


def data_uri(path: str | Path, mime: str = "image/png") -> str:
    """A file as a ``data:`` URI, to embed it in a page."""
    return f"data:{mime};base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")
