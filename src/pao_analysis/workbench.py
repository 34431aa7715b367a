"""Human coding of a case's segments: the state behind the JupyterLab coding workbench.

A :class:`CodingSession` holds one coder's work on one codebook. Every decision (the
codes of a segment, accepted and rejected suggestions, a memo) is appended at once to
``corpora/<case>/coding/<coder>.csv`` (see :mod:`pao_analysis.journal`): append-only,
timestamped, one file per coder, so two coders never write the same file and reopening
restores the latest state. The auto-coder's suggestions come with their evidence; the
queue of segments to code puts first the ones the learned coder is least sure about, so
that a coder's first decisions teach it most.

:func:`human_decisions` turns the record files of all coders into the decisions table of
:mod:`pao_analysis.reliability`; :func:`human_codings` into a CODINGS table that the
reports use in place of the auto-coder's codes where a human coded a segment.
:func:`workbench` builds the ipywidgets interface (notebook ``07_workbench``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import journal, learn, schemas
from .codebook import Codebook
from .coding import code_segments

__all__ = ["RECORD_FIELDS", "CodingSession", "coding_folder", "decision_row", "human_codings",
           "human_decisions", "latest_decisions", "with_human_codes", "workbench"]

#: The columns of a coder's record file after ``timestamp`` and ``author``.
RECORD_FIELDS = ("segment_id", "codebook", "codes", "accepted", "rejected", "memo")
FILTERS = ("all", "uncoded", "coded", "suggested", "disagreement")


def coding_folder(case_root: str | Path) -> Path:
    """``<case>/coding``: the coders' record files."""
    return Path(case_root) / "coding"


def _ids(cell: str) -> list[str]:
    return [c for c in str(cell).split(";") if c]


def _latest(folder: Path, codebook_id: str) -> pd.DataFrame:
    """The latest decision of every coder on every segment for one codebook."""
    frames = [journal.read_records(p) for p in sorted(folder.glob("*.csv"))] if folder.is_dir() else []
    frames = [f for f in frames if not f.empty and "segment_id" in f.columns]
    if not frames:
        return pd.DataFrame(columns=[*journal.RECORD_COLUMNS, *RECORD_FIELDS])
    records = pd.concat(frames, ignore_index=True)
    records = records[records["codebook"] == codebook_id]
    return journal.latest(records, ["author", "segment_id"])


def latest_decisions(case_root: str | Path, codebook_id: str) -> pd.DataFrame:
    """Every coder's latest record per segment for one codebook (columns of a record file)."""
    return _latest(coding_folder(case_root), codebook_id)


def decision_row(segment_id: str, codebook: Codebook, codes: Sequence[str], suggested: set[str], *,
                 memo: str = "") -> dict:
    """One record of a coder's decision (:data:`RECORD_FIELDS`): the codes in codebook order,
    the auto-coder's ``suggested`` codes taken over as accepted, the others as rejected.

    Examples
    --------
    >>> from pao_analysis.codebook import default_codebook
    >>> row = decision_row("c/P01/0-9", default_codebook("conditions"), ["proces", "ambitie"], {"ambitie",
    ...                    "relaties"})
    >>> row["codes"], row["accepted"], row["rejected"]
    ('ambitie;proces', 'ambitie', 'relaties')
    """
    chosen = [c for c in codebook.ids if c in set(codes)]
    return {"segment_id": segment_id, "codebook": codebook.id, "codes": ";".join(chosen),
            "accepted": ";".join(c for c in chosen if c in suggested),
            "rejected": ";".join(c for c in codebook.ids if c in suggested and c not in chosen),
            "memo": memo}


@dataclass
class CodingSession:
    """One coder coding one case's segments with one codebook.

    ``segments`` are the case's prepared (pseudonymised) segments; ``suggestions`` the
    auto-coder's codings of them (computed with the rules when not given).
    """

    case_root: Path
    coder: str
    codebook: Codebook
    segments: pd.DataFrame
    suggestions: pd.DataFrame | None = None
    clock: object = journal.timestamp
    _state: dict[str, dict] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.case_root = Path(self.case_root)
        self.path = journal.record_path(coding_folder(self.case_root), self.coder)   # checks the id
        self.segments = self.segments.sort_values("segment_id", kind="stable").reset_index(drop=True)
        if self.suggestions is None:
            self.suggestions = code_segments(self.segments, self.codebook)
        self.suggestions = self.suggestions[self.suggestions["codebook"] == self.codebook.id]
        latest = _latest(self.path.parent, self.codebook.id)
        for row in latest[latest["author"] == self.coder].itertuples():
            self._state[row.segment_id] = {"codes": _ids(row.codes), "memo": row.memo}

    # ------------------------------------------------------------------ reading
    def codes(self, segment_id: str) -> list[str] | None:
        """The coder's codes of a segment, None when not coded yet."""
        entry = self._state.get(segment_id)
        return None if entry is None else list(entry["codes"])

    def memo(self, segment_id: str) -> str:
        return self._state.get(segment_id, {}).get("memo", "")

    def suggested(self, segment_id: str) -> pd.DataFrame:
        """The auto-coder's suggestions for a segment: code_id, confidence, valence, evidence."""
        rows = self.suggestions[self.suggestions["segment_id"] == segment_id]
        return rows[["code_id", "confidence", "valence", "evidence"]].reset_index(drop=True)

    def progress(self) -> tuple[int, int]:
        """(segments coded, segments in the case)."""
        known = set(self.segments["segment_id"])
        return sum(1 for s in self._state if s in known), len(known)

    def disagreements(self) -> set[str]:
        """Segments this coder coded differently from another coder."""
        latest = _latest(self.path.parent, self.codebook.id)
        mine = {s: set(v["codes"]) for s, v in self._state.items()}
        return {r.segment_id for r in latest.itertuples()
                if r.author != self.coder and r.segment_id in mine and set(_ids(r.codes)) != mine[r.segment_id]}

    def queue(self, *, show: str = "all", interview: str = "", role: str = "", code: str = "") -> list[str]:
        """Segment ids to show, the least certain for the learned coder first.

        ``show``: one of ``all``, ``uncoded``, ``coded``, ``suggested`` (the auto-coder
        suggests a code), ``disagreement`` (another coder decided otherwise). ``code``: only
        segments the coder or the auto-coder gave this code.
        """
        if show not in FILTERS:
            raise ValueError(f"show must be one of {', '.join(FILTERS)}")
        seg = self.segments
        keep = pd.Series(True, index=seg.index)
        if interview:
            keep &= seg["interview_id"] == interview
        if role and "role" in seg:
            keep &= seg["role"].astype(str) == role
        coded = seg["segment_id"].isin(list(self._state))
        suggested = seg["segment_id"].isin(set(self.suggestions["segment_id"]))
        keep &= {"all": True, "uncoded": ~coded, "coded": coded, "suggested": suggested,
                 "disagreement": seg["segment_id"].isin(self.disagreements())}[show]
        if code:
            by_auto = set(self.suggestions.loc[self.suggestions["code_id"] == code, "segment_id"])
            by_me = {s for s, v in self._state.items() if code in v["codes"]}
            keep &= seg["segment_id"].isin(by_auto | by_me)
        order = self._uncertainty_order()
        return [seg["segment_id"].iat[i] for i in order if keep.iat[i]]

    def _uncertainty_order(self) -> np.ndarray:
        """Learned coder trained on the shipped set plus this coder's decisions so far."""
        data = learn.training_set(self.codebook.id)
        coded = self.segments["segment_id"].isin(list(self._state))
        lemmas = [*data.lemmas, *self.segments.loc[coded, "lemmas"]]
        labels = [*data.labels, *(self._state[s]["codes"] for s in self.segments.loc[coded, "segment_id"])]
        if not lemmas:
            return np.arange(len(self.segments))
        model = learn.train(lemmas, labels, self.codebook.ids)
        return learn.uncertainty_order(model.predict(self.segments["lemmas"].tolist()))

    # ------------------------------------------------------------------ writing
    def decide(self, segment_id: str, codes: Sequence[str], *, memo: str = "") -> None:
        """Save the coder's codes (and memo) for a segment: appended to the record file at
        once. Suggestions taken over count as accepted, the others as rejected."""
        if segment_id not in set(self.segments["segment_id"]):
            raise ValueError(f"segment {segment_id} is not in this case")
        unknown = [c for c in codes if c not in self.codebook.ids]
        if unknown:
            raise ValueError(f"unknown code(s) {', '.join(unknown)}; the codebook has "
                             + ", ".join(self.codebook.ids))
        row = decision_row(segment_id, self.codebook, codes, set(self.suggested(segment_id)["code_id"]),
                           memo=memo)
        codes = _ids(row["codes"])
        journal.append_records(self.path, [row], author=self.coder, columns=RECORD_FIELDS,
                               clock=self.clock)
        self._state[segment_id] = {"codes": codes, "memo": memo}


def human_decisions(case_root: str | Path, codebook: Codebook) -> pd.DataFrame:
    """All coders' latest decisions as a reliability decisions table (segment_id, coder,
    code_id, value): a 1 or 0 for every code of every segment a coder coded."""
    latest = _latest(coding_folder(case_root), codebook.id)
    rows = [(r.segment_id, r.author, code, int(code in _ids(r.codes)))
            for r in latest.itertuples() for code in codebook.ids]
    return pd.DataFrame(rows, columns=["segment_id", "coder", "code_id", "value"])


def human_codings(case_root: str | Path, codebook: Codebook,
                  decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The human codes as a CODINGS table (source: the coder ids; confidence 1); with
    several coders, a code counts when most of the segment's coders gave it.
    ``decisions``: :func:`human_decisions`, when already read."""
    if decisions is None:
        decisions = human_decisions(case_root, codebook)
    if decisions.empty:
        return schemas.empty(schemas.CODINGS)
    share = decisions.groupby(["segment_id", "code_id"])["value"].mean()
    coders = decisions.groupby("segment_id")["coder"].agg(lambda s: ";".join(sorted(set(s))))
    kept = share[share > 0.5].reset_index()
    out = pd.DataFrame({"segment_id": kept["segment_id"], "codebook": codebook.id,
                        "code_id": kept["code_id"], "source": kept["segment_id"].map(coders),
                        "confidence": 1.0, "valence": "", "evidence": ""})
    return schemas.check(out.sort_values(["segment_id", "code_id"], kind="stable")
                         .reset_index(drop=True), schemas.CODINGS, "codings")


def _highlight(text: str, evidence: Sequence[str]) -> str:
    """The segment as HTML with the evidence words of the suggestions marked."""
    words = sorted({w.strip() for e in evidence for w in str(e).split("|") if w.strip()},
                   key=len, reverse=True)
    shown = html.escape(text)
    if words:
        pattern = re.compile("|".join(re.escape(html.escape(w)) for w in words), re.IGNORECASE)
        shown = pattern.sub(lambda m: f"<mark>{m.group()}</mark>", shown)
    return shown


def workbench(session: CodingSession, *, language: str = "nl"):
    """The ipywidgets coding workbench for a session (display it in JupyterLab)."""
    import ipywidgets as w

    from .labels import t

    seg = session.segments.set_index("segment_id")
    labels = {c.id: c.name(language) for c in session.codebook.codes}
    show = w.Dropdown(options=list(FILTERS), value="uncoded", description=t("show", language))
    interview = w.Dropdown(options=["", *sorted(seg["interview_id"].unique())], description="interview")
    role = w.Dropdown(options=["", *sorted(seg["role"].dropna().astype(str).unique())] if "role" in seg
                      else [""], description=t("role", language))
    code = w.Dropdown(options=["", *session.codebook.ids], description=t("code", language))
    # CSS classes pao-code-<code id> and pao-save: stable hooks for the browser test
    toggles = {c: w.ToggleButton(description=labels[c], layout=w.Layout(width="auto"))
               .add_class("pao-code").add_class(f"pao-code-{c}") for c in session.codebook.ids}
    memo = w.Textarea(placeholder="memo", layout=w.Layout(width="100%"))
    text = w.HTML()
    context = w.HTML()
    status = w.HTML()
    bar = w.IntProgress(min=0)
    save = w.Button(description=t("save_next", language), button_style="primary").add_class("pao-save")
    skip = w.Button(description=t("skip", language))
    accept = w.Button(description=t("accept_suggestions", language))
    position = {"queue": [], "i": 0}

    def current() -> str | None:
        q = position["queue"]
        return q[position["i"]] if position["i"] < len(q) else None

    def render(*_):
        done, total = session.progress()
        bar.max, bar.value = total, done
        sid = current()
        if sid is None:
            text.value, context.value = f"<i>{t('nothing_to_code', language)}</i>", ""
            status.value = f"{done}/{total}"
            return
        row = seg.loc[sid]
        sug = session.suggested(sid)
        text.value = (f"<b>{html.escape(str(row.get('participant', row['speaker'])))}</b> "
                      f"({html.escape(str(row.get('role', '')))}, {row['interview_id']})<br>"
                      f"<div style='font-size:1.1em'>{_highlight(row['text'], sug['evidence'])}</div>")
        same = seg[seg["interview_id"] == row["interview_id"]]
        before = same[same["end"] <= row["start"]].tail(1)["text"].tolist()
        after = same[same["start"] >= row["end"]].head(1)["text"].tolist()
        context.value = (f"<div style='color:#666'>… {html.escape(' '.join(before))}</div>"
                         f"<div style='color:#666'>{html.escape(' '.join(after))} …</div>")
        chosen = session.codes(sid)
        for c, button in toggles.items():
            button.value = c in (chosen if chosen is not None else [])
            hint = sug[sug["code_id"] == c]
            button.tooltip = (f"{t('suggestion', language)} {hint['confidence'].iat[0]:.2f}: "
                              f"{hint['evidence'].iat[0]}" if len(hint) else "")
            button.button_style = "info" if len(hint) else ""
        memo.value = session.memo(sid)
        status.value = (f"{position['i'] + 1}/{len(position['queue'])} · {t('coded', language)} "
                        f"{done}/{total}")

    def refresh(*_):
        position["queue"] = session.queue(show=show.value, interview=interview.value, role=role.value,
                                          code=code.value)
        position["i"] = 0
        render()

    def on_save(_):
        sid = current()
        if sid is not None:
            session.decide(sid, [c for c, b in toggles.items() if b.value], memo=memo.value)
            position["i"] += 1
            render()

    def on_skip(_):
        position["i"] += 1
        render()

    def on_accept(_):
        sid = current()
        if sid is not None:
            for c in session.suggested(sid)["code_id"]:
                toggles[c].value = True

    for widget in (show, interview, role, code):
        widget.observe(refresh, names="value")
    save.on_click(on_save)
    skip.on_click(on_skip)
    accept.on_click(on_accept)
    refresh()
    return w.VBox([w.HBox([show, interview, role, code]), bar, status, context, text,
                   w.HBox(list(toggles.values())), accept, memo, w.HBox([save, skip])])


def with_human_codes(codings: pd.DataFrame, segments: pd.DataFrame, case_root: str | Path,
                     codebooks: Sequence[Codebook], *, learn_from_case: bool = True) -> pd.DataFrame:
    """The auto-coder's codings with the human codes in their place wherever a person
    coded a segment (per codebook). The ``source`` column says who coded: ``rules``,
    ``learned`` or the coder ids. A human code's valence is the auto-coder's for the same
    code, else it is read from the segment's text.

    With ``learn_from_case`` (default), the learned coder of a codebook with a shipped
    training set is retrained on it plus the case's human-coded segments, and the
    segments nobody coded are coded again with it: the first human codings of a case
    improve the auto-coder on the rest of the case."""
    from . import learn
    from .coding import segment_valence

    texts = segments.set_index("segment_id")["text"]
    valence = {(r.codebook, r.segment_id, r.code_id): r.valence for r in codings.itertuples()}
    auto, humans = codings, []
    for book in codebooks:
        decisions = human_decisions(case_root, book)
        human = human_codings(case_root, book, decisions)
        if decisions.empty:
            continue
        decided = set(decisions["segment_id"])
        if learn_from_case and learn.training_set(book.id).texts:
            taught = segments[segments["segment_id"].isin(decided)]
            codes = human.groupby("segment_id")["code_id"].agg(list)
            coder = learn.case_learned(book, taught["lemmas"].fillna("").tolist(), taught["text"].fillna("").tolist(),
                                       [codes.get(s, []) for s in taught["segment_id"]])
            auto = pd.concat([auto[auto["codebook"] != book.id],
                              learn.code_learned(segments, [book], coders={book.id: coder})], ignore_index=True)
        if human.empty:
            auto = auto[~((auto["codebook"] == book.id) & auto["segment_id"].isin(decided))]
            continue
        human["valence"] = [valence.get((book.id, s, c)) or segment_valence(str(texts.get(s, "")))
                            for s, c in zip(human["segment_id"], human["code_id"])]
        auto = auto[~((auto["codebook"] == book.id) & auto["segment_id"].isin(decided))]
        humans.append(human)
    out = pd.concat([auto, *humans], ignore_index=True)
    return out.sort_values(["codebook", "segment_id", "code_id"], kind="stable").reset_index(drop=True)
