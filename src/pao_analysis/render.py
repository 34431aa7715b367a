"""Figures and tables for readers: Dutch labels by default, reproducible files.

Figures are written as PNG and SVG, tables as CSV and XLSX (frozen header row,
filters on, wrapped text, no formulas). Files are byte-identical on a rerun.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .labels import rename, t

matplotlib.rcParams["svg.hashsalt"] = "pao-analysis"
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
VALENCE_COLOURS = {"present": "#1a9850", "mixed": "#fee08b", "absent": "#d73027"}


def new_figure(width: float, height: float):
    """A figure not managed by pyplot (no global state; shown in notebooks when returned)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots()


def save_figure(fig, out_dir: str | Path, name: str) -> list[Path]:
    """Write ``fig`` as ``figures/<name>.png`` and ``.svg`` under ``out_dir``."""
    folder = Path(out_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    fig.savefig(png, dpi=150, bbox_inches="tight", metadata={"Software": None})
    fig.savefig(svg, bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return [png, svg]


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def write_zip(path: str | Path, entries: Iterable[tuple[str, bytes]], *,
              modes: Mapping[str, int] | None = None) -> Path:
    """A zip with fixed entry times (same bytes on every run), written whole or not at all;
    ``modes``: an entry's ``external_attr`` (default a plain file, ``rw-r--r--``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (modes or {}).get(name, 0o644 << 16)
            zf.writestr(info, data)
    tmp.replace(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite a zip (xlsx, docx) with fixed entry times and document dates so reruns
    give the same bytes."""
    with zipfile.ZipFile(path) as src:
        infos = src.infolist()
        items = [(info.filename, src.read(info.filename)) for info in infos]
    items = [(name, _MODIFIED.sub(rb"\g<1>2020-01-01T00:00:00Z\g<2>", data) if name == "docProps/core.xml"
              else data) for name, data in items]
    write_zip(path, items, modes={info.filename: info.external_attr for info in infos})


def write_xlsx(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """One sheet per table: frozen header, filters on, wrapped text, no formulas."""
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for sheet, df in tables.items():
            df.to_excel(writer, sheet_name=sheet[:31], index=False)
            ws = writer.sheets[sheet[:31]]
            for row in ws.iter_rows(min_row=2):  # text starting with '=' stays text, never a formula
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
            ws.freeze_panes = "A2"
            ws.auto_filter.ref = ws.dimensions
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for i, col in enumerate(df.columns, start=1):
                lengths = df[col].astype(str).str.len().fillna(0)
                width = min(80, max(10, len(str(col)) + 2, int(lengths.quantile(0.9)) + 2 if len(lengths) else 0))
                ws.column_dimensions[ws.cell(1, i).column_letter].width = width
                if width >= 40:
                    for cell in ws[ws.cell(1, i).column_letter][1:]:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        wb = writer.book
        fixed = pd.Timestamp("2020-01-01").to_pydatetime()
        wb.properties.created = fixed
        wb.properties.modified = fixed
        wb.properties.creator = "pao-analysis"
    _fix_zip_times(path)
    return path


def save_docx(doc, path: str | Path) -> Path:
    """Save a python-docx ``Document`` with fixed core properties (author, dates,
    revision) and fixed zip entry times, so a rerun gives the same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fixed = pd.Timestamp("2020-01-01").to_pydatetime()
    props = doc.core_properties
    props.author = props.last_modified_by = "pao-analysis"
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    doc.save(path)
    _fix_zip_times(path)
    return path


def save_table(df: pd.DataFrame, out_dir: str | Path, name: str, *, language: str = "nl") -> list[Path]:
    """Write ``tables/<name>.csv`` (UTF-8 with BOM, for Excel) and ``.xlsx`` with readable headers."""
    folder = Path(out_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    readable = rename(df, language)
    csv, xlsx = folder / f"{name}.csv", folder / f"{name}.xlsx"
    readable.to_csv(csv, index=False, encoding="utf-8-sig", lineterminator="\n")
    write_xlsx({name: readable}, xlsx)
    return [csv, xlsx]


def sheet_names(names: list[str]) -> list[str]:
    """Excel sheet names for ``names``: at most 31 characters, none of ``[]:*?/\\``, unique.

    Examples
    --------
    >>> sheet_names(["a" * 40, "a" * 35, "x:y"])
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa~2', 'x_y']
    """
    out: list[str] = []
    for name in names:
        base = re.sub(r"[\\[\]:*?/]", "_", name)[:31]
        sheet, n = base, 1
        while sheet.lower() in {s.lower() for s in out}:
            n += 1
            sheet = f"{base[:31 - len(str(n)) - 1]}~{n}"
        out.append(sheet)
    return out


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Columns of a CSV read as text back to numbers where every value is one, so Excel
    sorts and filters them as numbers; ids like ``01`` stay text.

    Examples
    --------
    >>> _typed(pd.DataFrame({"n": ["3", ""], "id": ["01", "12"], "x": ["0.5", "a"]})).map(repr).values.tolist()
    [['3.0', "'01'", "'0.5'"], ['nan', "'12'", "'a'"]]
    """
    out = df.copy()
    for col in out.columns:
        values = out[col].replace("", np.nan)
        numbers = pd.to_numeric(values, errors="coerce")
        if values.notna().any() and numbers.notna().sum() == values.notna().sum() \
                and not values.dropna().str.match(r"^[+-]?0\d").any():
            out[col] = numbers
    return out


def write_workbook(tables_dir: str | Path, path: str | Path, *, language: str = "nl") -> Path:
    """All tables of a run (``tables/*.csv``) in one Excel workbook, one sheet per table,
    after a first sheet listing them: for co-researchers who filter in Excel."""
    csvs = sorted(Path(tables_dir).glob("*.csv"))
    frames = [_typed(pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False)) for p in csvs]
    first, *sheets = sheet_names([t("contents", language)] + [p.stem for p in csvs])
    contents = pd.DataFrame({"sheet": sheets, "file": [f"tables/{p.name}" for p in csvs],
                             "n_rows": [len(f) for f in frames],
                             "columns": [", ".join(map(str, f.columns)) for f in frames]})
    return write_xlsx({first: rename(contents, language), **dict(zip(sheets, frames))}, path)


def _heatmap(ax, values: np.ndarray, *, rows: list[str], cols: list[str], cmap: str,
             vmin: float, vmax: float, annotations: list[list[str]]) -> None:
    im = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=0)
    ax.set_yticks(range(len(rows)), rows)
    for i in range(len(rows)):
        for j in range(len(cols)):
            ax.text(j, i, annotations[i][j], ha="center", va="center", fontsize=8)
    ax.tick_params(length=0)
    return im


def profile_heatmap(profile: pd.DataFrame, *, by: str, code_labels: dict[str, str],
                    language: str = "nl", title: str | None = None,
                    row_labels: Mapping | None = None, conditions_as_rows: bool = False):
    """Heatmap of strength per ``by`` value × condition; cells show strength and n.

    A cell without coded segments shows '–'; when ``profile`` has a ``judgement`` column,
    a cell judged ``not_discussed`` (too few segments to judge) stays grey and shows only
    its n. ``row_labels`` maps ``by`` values to what the reader sees (e.g. phase 1 ->
    '1. Een voedingsbodem …'; long labels are wrapped); ``conditions_as_rows`` puts the
    conditions on the rows and the ``by`` values (e.g. phases, in time order) on the columns.

    Examples
    --------
    >>> prof = pd.DataFrame({"phase": [1, 2], "code_id": "x", "strength": [0.9, 0.5],
    ...     "n_coded": [4, 2], "judgement": ["clearly_present", "not_discussed"]})
    >>> fig = profile_heatmap(prof, by="phase", code_labels={"x": "X"}, conditions_as_rows=True,
    ...                       row_labels={1: "1. Start", 2: "2. Verder"})
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['0.90\\nn=4', 'n=2']
    """
    if profile.empty:  # e.g. a case without phases: an empty figure that says so
        fig, ax = new_figure(4, 1.2)
        ax.text(0.5, 0.5, t("no_rows", language), ha="center", va="center")
        ax.set_axis_off()
        ax.set_title(title or "")
        return fig
    keys = list(dict.fromkeys(profile[by])) if row_labels is None else \
        [k for k in row_labels if k in set(profile[by])]
    if row_labels is None:
        keys = sorted(keys)
    codes = list(code_labels)
    pivot = profile.pivot(index=by, columns="code_id", values="strength").reindex(index=keys, columns=codes)
    n = profile.pivot(index=by, columns="code_id", values="n_coded").reindex(index=keys, columns=codes)
    n = n.fillna(0).astype(int)
    undecided = np.zeros(n.shape, dtype=bool)
    if "judgement" in profile.columns:
        judged = profile.pivot(index=by, columns="code_id", values="judgement").reindex(index=keys, columns=codes)
        undecided = (judged == "not_discussed").to_numpy()
    values = np.array(pivot, dtype=float)
    values[(n.to_numpy() == 0) | undecided] = np.nan
    notes = [["–" if n.iat[i, j] == 0 else f"n={n.iat[i, j]}" if undecided[i, j]
              else f"{values[i, j]:.2f}\nn={n.iat[i, j]}" for j in range(len(codes))] for i in range(len(keys))]
    names = [textwrap.fill(str(row_labels[k] if row_labels is not None else k), 24) for k in keys]
    conds = [code_labels[c] for c in codes]
    if conditions_as_rows:
        values, notes = values.T, [list(col) for col in zip(*notes)]
        rows, cols = conds, names
        lines = max((c.count("\n") + 1 for c in cols), default=1)
        fig, ax = new_figure(1.9 * len(cols) + 2.5, 0.55 * len(rows) + 1.4 + 0.18 * lines)
    else:
        rows, cols = names, conds
        fig, ax = new_figure(1.6 * len(cols) + 2 + (1.2 if row_labels is not None else 0),
                             0.55 * max(len(rows), 1) + 1.6)
    im = _heatmap(ax, values, rows=rows, cols=cols, cmap="RdYlGn", vmin=0, vmax=1, annotations=notes)
    ax.set_facecolor("#e0e0e0")  # grey: nothing to judge
    fig.colorbar(im, ax=ax, label=t("strength", language), fraction=0.04)
    if conditions_as_rows:
        ax.set_xlabel(t(by, language))
        ax.xaxis.set_ticks_position("top")
        ax.xaxis.set_label_position("top")
    else:
        ax.set_ylabel(t(by, language))
    ax.set_title(title or "")
    return fig


def profile_bars(profile: pd.DataFrame, *, code_labels: dict[str, str], language: str = "nl",
                 title: str | None = None):
    """Stacked bars per condition: present, mixed, absent segments; judgement above each bar."""
    prof = profile.set_index("code_id").reindex(list(code_labels))
    fig, ax = new_figure(8, 4.2)
    x = np.arange(len(prof))
    bottom = np.zeros(len(prof))
    for valence in ("present", "mixed", "absent"):
        vals = prof[f"n_{valence}"].to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, color=VALENCE_COLOURS[valence], label=t(valence, language))
        bottom += vals
    for xi, (total, judgement) in enumerate(zip(bottom, prof["judgement"])):
        ax.text(xi, total + max(bottom) * 0.02, t(judgement, language), ha="center", fontsize=8)
    ax.set_xticks(x, [code_labels[c] for c in prof.index])
    ax.set_ylabel(t("n_coded", language))
    ax.set_ylim(0, max(bottom.max() * 1.15, 1))
    ax.legend(frameon=False, loc="upper right", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "")
    return fig


def matrix_heatmap(matrix: pd.DataFrame, *, language: str = "nl", title: str | None = None,
                   cmap: str = "Blues", fmt: str = "{:.0f}", vmax: float | None = None,
                   row_name: str | None = None):
    """A labelled heatmap of any numeric table (co-occurrence, theme affinity)."""
    values = np.array(matrix, dtype=float)
    notes = [[fmt.format(v) for v in row] for row in values]
    fig, ax = new_figure(1.3 * matrix.shape[1] + 2.5, 0.5 * matrix.shape[0] + 1.6)
    _heatmap(ax, values, rows=[str(r) for r in matrix.index], cols=[str(c) for c in matrix.columns],
             cmap=cmap, vmin=0, vmax=vmax if vmax is not None else max(values.max(), 1e-9),
             annotations=notes)
    if row_name:
        ax.set_ylabel(t(row_name, language))
    ax.set_title(title or "")
    return fig


def frequency_bars(freq: pd.DataFrame, *, by: str, code_labels: dict[str, str],
                   colours: dict[str, str] | None = None, language: str = "nl", title: str | None = None):
    """Grouped bars: coded segments per code for each ``by`` value (the ``total`` row left out)."""
    data = freq[freq[by] != "total"].set_index(by)[list(code_labels)]
    fig, ax = new_figure(max(7, 1.1 * len(data) + 3), 4)
    width = 0.8 / max(len(code_labels), 1)
    x = np.arange(len(data))
    for k, code in enumerate(code_labels):
        ax.bar(x + k * width - 0.4 + width / 2, data[code], width,
               label=code_labels[code], color=(colours or {}).get(code))
    ax.set_xticks(x, data.index)
    ax.set_xlabel(t(by, language))
    ax.set_ylabel(t("n_coded", language))
    ax.legend(frameon=False, fontsize=8, ncols=min(5, len(code_labels)))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "")
    return fig


def _figure_title(fig) -> str:
    """A figure's title (its suptitle, else the first axes title): its alternative text."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        return suptitle.get_text()
    return next((ax.get_title() for ax in getattr(fig, "axes", []) if ax.get_title()), "")


def _cell_formats(df: pd.DataFrame, language: str) -> dict:
    """How a reader sees dates (no ``00:00:00``) and yes/no values in a shown table.

    Examples
    --------
    >>> df = pd.DataFrame({"d": pd.to_datetime(["2021-04-01"]), "ok": [True], "n": [1.5]})
    >>> {c: f(df[c][0]) for c, f in _cell_formats(df, "nl").items()}
    {'d': '2021-04-01', 'ok': 'ja'}
    """
    formats = {}
    for col in df.columns:
        values = df[col].dropna()
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            formats[col] = lambda v: v.strftime("%Y-%m-%d") if v == v.normalize() else v.strftime("%Y-%m-%d %H:%M")
        elif len(values) and values.map(lambda v: isinstance(v, bool | np.bool_)).all():
            formats[col] = lambda v: t("yes" if v else "no", language)
    return formats


class Shown:
    """A figure or table as a notebook shows it (and nbconvert embeds it in the HTML).

    Figures made with :func:`new_figure` are not managed by pyplot, so they are shown
    through ``_repr_png_``; tables are shown without the row index, numbers rounded and
    long quotes in full.
    """

    def __init__(self, obj, *, rows: int | None = None, language: str = "nl", name: str = "") -> None:
        self.obj = obj
        self.rows = rows
        self.language = language
        self.name = name

    def __repr__(self) -> str:  # the text/plain version notebooks store: stable across runs
        if isinstance(self.obj, pd.DataFrame):
            return f"<{t('table', self.language)}: {len(self.obj)} × {self.obj.shape[1]}>"
        title = _figure_title(self.obj) or self.name
        return f"<{t('figure', self.language)}: {title}>" if title else f"<{t('figure', self.language)}>"

    def _repr_png_(self) -> bytes | None:
        if isinstance(self.obj, pd.DataFrame):
            return None
        buf = io.BytesIO()
        self.obj.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
        return buf.getvalue()

    def _repr_html_(self) -> str | None:
        if not isinstance(self.obj, pd.DataFrame):
            return None
        df = self.obj if self.rows is None else self.obj.head(self.rows)
        if df.empty:
            return f"<p><em>{t('no_rows', self.language)}</em></p>"
        uuid = hashlib.sha256(df.to_csv().encode()).hexdigest()[:8]  # stable HTML ids
        return (df.style.set_uuid(uuid).hide(axis="index")
                .format(_cell_formats(df, self.language), precision=2, na_rep="")
                .set_properties(**{"text-align": "left", "vertical-align": "top"})
                .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]).to_html())


_FILE_NAME = re.compile(r"[\w][\w.-]*")


def _check_name(name: str) -> None:
    """A table or figure name is a plain file name: it cannot lead out of the output folder."""
    if not _FILE_NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"{name!r} is not a plain file name: use letters, digits, _, - and .")


class Outputs:
    """Where a notebook writes its figures and tables, and in which language.

    With an empty ``output_dir`` (interactive work) nothing is written; what is saved
    is also returned for display.

    Examples
    --------
    >>> out = Outputs("", language="en")
    >>> out.table(pd.DataFrame({"code_id": ["ambitie"]}), "demo").obj.columns.tolist()
    ['code']
    """

    def __init__(self, output_dir: str | Path = "", *, language: str = "nl") -> None:
        self.output_dir = Path(output_dir) if output_dir else None
        self.language = language

    def table(self, df: pd.DataFrame, name: str, *, rows: int | None = None,
              show: list[str] | None = None) -> Shown:
        """Save ``df`` as CSV and XLSX (if writing); show it (its first ``rows`` rows, only
        the columns ``show`` when given: a page stays readable, the files keep everything)
        with readable headers."""
        _check_name(name)
        if self.output_dir is not None:
            save_table(df, self.output_dir, name, language=self.language)
        return Shown(rename(df[show] if show else df, self.language), rows=rows, language=self.language)

    def document(self, doc, name: str):
        """Save a python-docx ``Document`` as ``report/<name>.docx`` (if writing); show
        where it went, relative to the output folder."""
        from IPython.display import Markdown

        _check_name(name)
        if self.output_dir is None:
            return Markdown(f"*{t('report_not_saved', self.language)}.*")
        save_docx(doc, self.output_dir / "report" / f"{name}.docx")
        return Markdown(f"{t('report_saved', self.language)}: `report/{name}.docx`")

    def figure(self, fig, name: str) -> Shown:
        """Save ``fig`` as PNG and SVG (if writing) and show it."""
        _check_name(name)
        if self.output_dir is not None:
            save_figure(fig, self.output_dir, name)
        return Shown(fig, language=self.language, name=name)


def code_labels(codebook, language: str = "nl", *, short: bool = True) -> dict[str, str]:
    """Code id -> display label (short upper-case label by default), in codebook order."""
    return {c.id: (c.short if short else c.label).get(language, c.id) for c in codebook.codes}


def code_colours(codebook) -> dict[str, str]:
    """Code id -> colour from the codebook."""
    return {c.id: c.color for c in codebook.codes}


def case_header(case, *, language: str = "nl"):
    """A Markdown block naming the case, its place and its interview period."""
    from IPython.display import Markdown

    where = ", ".join(case.neighbourhood + case.municipality)
    start, end = case.interview_period
    period = f"{start:%d-%m-%Y} – {end:%d-%m-%Y}" if start and end else ""
    word = {"nl": "Interviews", "en": "Interviews"}[language]
    return Markdown(f"**{case.title}** ({where}). {word}: {period}, n = {len(case.participants)}.")
