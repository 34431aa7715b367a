"""Cases side by side: phase structure and the timing of key events (multi-case studies).

The five-conditions profiles per case come from
:func:`pao_analysis.pipeline.cross_case_profiles`; this module adds the learning-history
view: each case's phases (from its ``case.yaml``, else proposed) and its key events on one
time axis, so that a researcher sees which case was where, when.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .collective import CaseTimeline, case_timeline, event_label, key_events

__all__ = ["case_timelines", "key_event_table", "phase_table", "plot_cross_case"]


def case_timelines(corpora_dir: str | Path, *, output_root: str | Path = "") -> dict[str, tuple[str, CaseTimeline]]:
    """Case id -> (title, :class:`~pao_analysis.collective.CaseTimeline`) for every case
    under ``corpora_dir`` (see :func:`pao_analysis.pipeline.open_cases`)."""
    from .pipeline import open_cases

    return {data.case.case_id: (data.case.title, case_timeline(data))
            for data in open_cases(corpora_dir, output_root=output_root)}


def phase_table(timelines: dict[str, tuple[str, CaseTimeline]]) -> pd.DataFrame:
    """One row per case and phase: ``case_id``, ``phase``, ``name``, ``start``, ``end``,
    ``months`` (length) and ``origin`` (``case.yaml`` or ``proposal``)."""
    rows = []
    for case_id, (_, tl) in timelines.items():
        for k, (name, start, end) in enumerate(tl.phases, start=1):
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            rows.append({"case_id": case_id, "phase": k, "name": name, "start": pd.Timestamp(start),
                         "end": pd.Timestamp(end), "months": months,
                         "origin": "case.yaml" if tl.defined else "proposal"})
    return pd.DataFrame(rows, columns=["case_id", "phase", "name", "start", "end", "months", "origin"])


def key_event_table(timelines: dict[str, tuple[str, CaseTimeline]], *, n: int = 8) -> pd.DataFrame:
    """The ``n`` key events of each case (told by most interviewees) in order of their middle:
    ``case_id``, ``number``, ``earliest``, ``latest``, ``label``, ``n_interviews`` and the
    ``phase`` it falls in (0: outside all phases)."""
    from .phases import assign_phases

    parts = []
    for case_id, (_, tl) in timelines.items():
        key = key_events(tl.merged, n=n)
        if key.empty:
            continue
        middle = key["earliest"] + (key["latest"] - key["earliest"]) / 2
        key = key.assign(_mid=middle).sort_values(["_mid", "group"], kind="stable").reset_index(drop=True)
        parts.append(pd.DataFrame({
            "case_id": case_id, "number": range(1, len(key) + 1), "earliest": key["earliest"],
            "latest": key["latest"], "label": [event_label(r, undated=True) for r in key.to_dict("records")],
            "n_interviews": key["n_interviews"], "phase": assign_phases(key, tl.phases)}))
    columns = ["case_id", "number", "earliest", "latest", "label", "n_interviews", "phase"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def plot_cross_case(phases: pd.DataFrame, key: pd.DataFrame, *, titles: dict[str, str] | None = None,
                    language: str = "nl"):
    """One row per case on a common time axis: its phases as numbered bands (hatched when
    proposed rather than defined) and its key events as numbered dots.

    Examples
    --------
    >>> import pandas as pd
    >>> ph = pd.DataFrame({"case_id": ["a", "a", "b"], "phase": [1, 2, 1], "name": ["x", "y", "z"],
    ...     "start": pd.to_datetime(["2020-01-01", "2021-01-01", "2020-06-01"]),
    ...     "end": pd.to_datetime(["2020-12-31", "2021-12-31", "2022-05-31"]),
    ...     "origin": ["case.yaml", "case.yaml", "proposal"]})
    >>> ev = pd.DataFrame({"case_id": ["a"], "number": [1], "earliest": pd.to_datetime(["2020-11-01"]),
    ...     "latest": pd.to_datetime(["2020-11-30"])})
    >>> fig = plot_cross_case(ph, ev)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['a', 'b']
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    from .render import new_figure

    cases = list(dict.fromkeys([*phases["case_id"], *key["case_id"]]))
    fig, ax = new_figure(11, max(2.5, 1.2 + 0.9 * len(cases)))
    shades = ("#d9d9d9", "#bdbdbd")
    for row, case_id in enumerate(cases):
        for p in phases[phases["case_id"] == case_id].itertuples():
            a = mdates.date2num(pd.Timestamp(p.start))
            b = mdates.date2num(pd.Timestamp(p.end) + pd.Timedelta(days=1))
            ax.barh(row, b - a, left=a, height=0.6, color=shades[p.phase % 2], edgecolor="white",
                    hatch="//" if p.origin == "proposal" else None, zorder=1)
            ax.text((a + b) / 2, row - 0.32, str(p.phase), ha="center", va="bottom", fontsize=7, color="#333333")
        for e in key[key["case_id"] == case_id].itertuples():
            mid = pd.Timestamp(e.earliest) + (pd.Timestamp(e.latest) - pd.Timestamp(e.earliest)) / 2
            x = mdates.date2num(mid)
            ax.plot([x], [row], "o", color="#1f4e79", ms=6, mec="white", mew=0.6, zorder=3)
            ax.annotate(str(e.number), (x, row), xytext=(0, 5), textcoords="offset points", ha="center",
                        fontsize=7, fontweight="bold", zorder=4)
    ax.set_yticks(range(len(cases)), [(titles or {}).get(c, c) for c in cases])
    ax.set_ylim(len(cases) - 0.5, -0.6)
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.spines[["top", "right"]].set_visible(False)
    words = {"nl": ("fasen uit case.yaml", "voorgestelde fasen", "kerngebeurtenis (nummer: zie tabel)", "tijd"),
             "en": ("phases from case.yaml", "proposed phases", "key event (number: see table)", "time")}[language]
    handles = [Patch(facecolor=shades[1], label=words[0]), Patch(facecolor=shades[1], hatch="//", label=words[1]),
               ax.plot([], [], "o", color="#1f4e79", label=words[2])[0]]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_xlabel(words[3])
    return fig
