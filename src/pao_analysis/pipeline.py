"""The whole path for one case: read -> pseudonymise -> segment -> code.

:func:`prepare_case` reads the transcripts and the pseudonym key, writes the private
replacement log next to the key and returns (and caches) pseudonymised tables. It runs
in ``pao run`` / ``pao prepare``, never inside a report notebook: notebooks call
:func:`open_case`, which only loads the prepared tables and, when they are missing or
out of date, prepares them in a separate process. Real names exist only inside
:func:`read_case` and the pseudonymisation step.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, fields
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import schemas
from .codebook import Codebook, load_codebook
from .config import Case, load_case
from .errors import PROBLEM_COLUMNS, PROBLEM_TEXT_COLUMNS, CorpusError, PaoError, Problems
from .ingest import SUPPORTED_FORMATS, read_transcript
from .learn import code_learned, gold_path, semantic_available
from .messages import msg
from .pseudonymise import load_key, mask_file_names, pseudonymise, replacement_counts
from .segment import segment_turns

PARTICIPANT_FIELDS = ("pseudonym", "role", "organisation", "domain", "interview_date")


@dataclass(frozen=True)
class CaseData:
    """Everything the analyses need, pseudonymised.

    ``segments`` carries the participant's attributes (``participant`` = pseudonym,
    ``role``, ``organisation``, ``domain``, ``interview_date``). ``problems`` lists
    skipped files and warnings in every language (:meth:`errors.Problems.to_stored`; show it
    with :func:`errors.problem_table`); ``replacements`` counts replacements per category.
    """

    case: Case
    documents: pd.DataFrame
    turns: pd.DataFrame
    segments: pd.DataFrame
    codings: pd.DataFrame
    problems: pd.DataFrame
    replacements: pd.DataFrame


#: Files in transcripts/ that are never transcripts (system files); hidden files and Word
#: lock files (``~$...``) are skipped as well.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


def _name_key(name: str) -> str:
    """A file name as the researcher sees it: NFC (macOS writes NFD) and case-insensitive."""
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold()


def _transcript_files(folder: Path) -> list[Path]:
    """The files in ``transcripts/``, without hidden, lock and system files."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$"))
                  and p.name.lower() not in _SYSTEM_FILES)


def _candidates(iid: str, name: str, files: list[Path], folder: Path) -> list[Path]:
    """The files that may be the transcript of one participants.csv row.

    A name in the ``transcript`` column is matched ignoring case and Unicode
    normalisation; without one, files named after the interview id in a supported
    format (any format when there is none, so that the reader can say what is wrong).
    """
    if name:
        same = [p for p in files if _name_key(p.name) == _name_key(name)]
        return same or [p for p in [folder / name] if p.is_file()]
    same_stem = [p for p in files if _name_key(p.stem) == _name_key(iid)]
    return [p for p in same_stem if p.suffix.lower() in SUPPORTED_FORMATS] or same_stem


def _missing_transcript(iid: str, name: str, *, rel: str, row: int) -> CorpusError:
    fix = (msg("fix_missing_named_transcript", name=name, row=row) if name
           else msg("fix_missing_transcript", iid=iid, row=row))
    return CorpusError(msg("missing_transcript", iid=iid), path=f"{rel}/{name or iid + '.*'}",
                       where=msg("at_participants_row", row=row), fix=fix)


def _duplicate_transcript(iid: str, path: Path, candidates: list[Path], *, rel: str) -> CorpusError:
    names = ", ".join(p.name for p in candidates)
    return CorpusError(msg("duplicate_transcript", iid=iid, n=len(candidates), names=names),
                       path=f"{rel}/{path.name}", fix=msg("fix_duplicate_transcript"))


def _unlisted_file(path: Path, *, rel: str) -> CorpusError:
    from .config import INTERVIEW_ID

    if path.suffix.lower() not in SUPPORTED_FORMATS:
        return CorpusError(msg("not_a_transcript_format", suffix=path.suffix or msg("no_extension")),
                           path=f"{rel}/{path.name}", fix=msg("fix_not_a_transcript_format"))
    fix = (msg("fix_unlisted_by_id", iid=path.stem) if INTERVIEW_ID.fullmatch(path.stem)
           else msg("fix_unlisted_by_name", name=path.name))
    return CorpusError(msg("unlisted_transcript"), path=f"{rel}/{path.name}", fix=fix)


def match_transcripts(case: Case, problems: Problems) -> dict[str, Path]:
    """Map interview ids to transcript files; report missing, duplicate and unlisted files.

    Every problem names the file (relative to the corpora folder) and the fix; interviews
    with a missing or ambiguous transcript are left out, the others are returned.
    """
    folder = case.transcripts_dir
    rel = f"{case.root.name}/transcripts"
    if not folder.is_dir():
        raise CorpusError(msg("transcripts_folder_missing"), path=rel, fix=msg("fix_transcripts_folder"))
    files = _transcript_files(folder)
    found: dict[str, Path] = {}
    used: set[Path] = set()
    rows = zip(case.participants["interview_id"], case.participants["transcript"])
    for row, (iid, name) in enumerate(rows, start=2):
        candidates = _candidates(iid, name, files, folder)
        used.update(candidates)
        if len(candidates) == 1:
            found[iid] = candidates[0]
        elif not candidates:
            problems.error(_missing_transcript(iid, name, rel=rel, row=row))
        else:
            for path in candidates:
                problems.error(_duplicate_transcript(iid, path, candidates, rel=rel))
    for path in files:
        if path not in used:
            problems.warn(_unlisted_file(path, rel=rel))
    return found


def _read_one(case: Case, iid: str, path: Path, *, interviewer_names, problems: Problems):
    """One transcript, or None after reporting why it cannot be used."""
    display = (f"{case.root.name}/{path.relative_to(case.root).as_posix()}"
               if path.is_relative_to(case.root) else str(path))
    try:
        transcript = read_transcript(path, case_id=case.case_id, interview_id=iid,
                                     interviewer_names=interviewer_names, display_path=display)
    except PaoError as err:
        problems.error(err)
        return None
    except Exception as err:  # one unreadable file must not stop the case; the type only, no content
        logging.getLogger("pao_analysis").debug("reading %s failed", display, exc_info=True)
        problems.error(CorpusError(msg("unexpected_failure", error=type(err).__name__), path=display,
                                   fix=msg("fix_unexpected_failure")))
        return None
    for warning in transcript.warnings:
        problems.warn(warning)
    return transcript


def read_case(case: Case, *, interviewer_names=(), problems: Problems) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read every matched transcript; files that fail are reported and skipped.

    Files are only opened for reading.
    """
    docs, turns = [], []
    for iid, path in sorted(match_transcripts(case, problems).items()):
        transcript = _read_one(case, iid, path, interviewer_names=interviewer_names, problems=problems)
        if transcript is not None:
            docs.append(transcript.document)
            turns.append(transcript.turns)
    documents = pd.DataFrame(docs, columns=list(schemas.DOCUMENTS))
    turns_df = pd.concat(turns, ignore_index=True) if turns else schemas.empty(schemas.TURNS)
    return documents, turns_df


def attach_participants(segments: pd.DataFrame, case: Case) -> pd.DataFrame:
    """Add ``participant`` (pseudonym), role, organisation, domain and interview_date.

    In a group interview (more than one respondent speaker) each segment is attributed to
    who spoke it (:func:`speaker_participant`), so quotes, profiles and draft texts tell the
    speakers apart.
    """
    part = case.participants[["interview_id", *PARTICIPANT_FIELDS]].rename(
        columns={"pseudonym": "participant"})
    out = segments.merge(part, on="interview_id", how="left")
    speakers = out.groupby("interview_id")["speaker"].transform("nunique")
    group = (speakers > 1) & out["participant"].notna()
    out.loc[group, "participant"] = [speaker_participant(p, s)
                                     for p, s in zip(out.loc[group, "participant"], out.loc[group, "speaker"])]
    return out


def speaker_participant(pseudonym: str, speaker: str) -> str:
    """Who spoke a segment of a group interview: the speaker's (pseudonymised) name when the
    participants table names them in the interview's pseudonym, else the pseudonym with the
    speaker's label.

    Examples
    --------
    >>> speaker_participant("Samira en Klaas", "Klaas")
    'Klaas'
    >>> speaker_participant("Bewonersgroep", "R2")
    'Bewonersgroep (R2)'
    """
    named = re.search(rf"(?<![\w-]){re.escape(speaker)}(?![\w-])", pseudonym, re.IGNORECASE)
    return speaker if named else f"{pseudonym} ({speaker})"


def code_all(segments: pd.DataFrame, codebooks: list[Codebook]) -> pd.DataFrame:
    """Code the segments against every codebook (one CODINGS table): the rules, combined
    with the learned coder where the codebook has a shipped training set."""
    return code_learned(segments, codebooks) if codebooks else schemas.empty(schemas.CODINGS)


def file_hashes(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """SHA-256 of every file under ``root`` by relative path, leaving out folders named in ``skip``."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not set(skip) & set(p.relative_to(root).parts)}


#: Folders of a case holding human decisions (codings, member-check answers, corrections of
#: the event alignment): they do not
#: change the prepared tables, so saving a coding does not make them stale.
HUMAN_FOLDERS = ("coding", "membercheck", "timeline")


def input_fingerprint(case: Case, codebooks: list[Codebook], options: dict) -> str:
    """Hash of the case's input files, the codebooks, options and package version.

    Files under ``private/`` are not read: the key enters by its size and modification
    time, so that checking whether prepared tables are current never opens it. Human
    decisions (:data:`HUMAN_FOLDERS`) are read by the notebooks themselves.
    """
    key = case.key_path.stat() if case.key_path.is_file() else None
    stamp = [key.st_size, key.st_mtime_ns] if key else None
    h = hashlib.sha256(json.dumps([file_hashes(case.root, skip=(case.private_dir.name, *HUMAN_FOLDERS)),
                                   stamp], sort_keys=True).encode())
    for cb in codebooks:
        h.update(Path(cb.path).read_bytes() if cb.path and Path(cb.path).is_file() else cb.id.encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    h.update(metadata.version("pao-analysis").encode())
    return h.hexdigest()


def _save(data: CaseData, folder: Path, fingerprint: str) -> None:
    """Write the tables, then the manifest last: a half-written folder is never current."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").unlink(missing_ok=True)
    for f in fields(CaseData):
        if f.name != "case":
            getattr(data, f.name).to_parquet(folder / f"{f.name}.parquet", index=False)
    write_if_changed(folder / "manifest.json",
                     (json.dumps({"fingerprint": fingerprint}, indent=1) + "\n").encode())


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically (temporary file, then rename), only when it differs."""
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def write_replacement_log(log: pd.DataFrame, path: Path) -> Path:
    """The private replacement log (every original, its replacement and where) as CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, log.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return path


def _load(case: Case, folder: Path, fingerprint: str) -> CaseData | None:
    manifest = folder / "manifest.json"
    try:
        if json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint") != fingerprint:
            return None
        tables = {f.name: pd.read_parquet(folder / f"{f.name}.parquet")
                  for f in fields(CaseData) if f.name != "case"}
    except (OSError, ValueError):
        return None
    if tuple(tables["problems"].columns) != PROBLEM_COLUMNS:   # prepared by an older version
        return None
    return CaseData(case=case, **tables)


DEFAULT_CODEBOOKS = ("conditions", "timeline")


def _options(books: list[Codebook], max_words: int, use_deduce: bool) -> dict:
    gold = hashlib.sha256(gold_path().read_bytes()).hexdigest()
    return {"codebooks": [cb.id for cb in books], "max_words": max_words, "use_deduce": use_deduce,
            "training_set": gold, "semantic": semantic_available()}


def prepare_case(case_dir: str | Path, *, cache_dir: str | Path | None = None,
                 codebooks: tuple[str, ...] = DEFAULT_CODEBOOKS, max_words: int = 120,
                 use_deduce: bool = True) -> CaseData:
    """Read, pseudonymise, segment and code one case; write the replacement log.

    The log (see :func:`write_replacement_log`) goes next to the key, in the case's
    ``private/`` folder; it is rewritten only when its content changes.

    Parameters
    ----------
    case_dir:
        The case folder (see the README's corpus format).
    cache_dir:
        When given, the pseudonymised tables are stored there as Parquet and reused
        while no input file, codebook or option changed.
    codebooks:
        Codebooks to code against: shipped names or YAML paths.

    Examples
    --------
    >>> data = prepare_case("corpora/pittelo")  # doctest: +SKIP
    >>> data.codings.groupby("code_id").size()  # doctest: +SKIP
    """
    case = load_case(case_dir)
    books = [load_codebook(c) for c in codebooks]
    options = _options(books, max_words, use_deduce)
    fingerprint = input_fingerprint(case, books, options)
    if cache_dir is not None and case.log_path.is_file():
        cached = _load(case, Path(cache_dir), fingerprint)
        if cached is not None:
            return cached
    problems = Problems()
    key = load_key(case.key_path, display_path=f"{case.root.name}/{case.key_path.relative_to(case.root)}"
                   if case.key_path.is_relative_to(case.root) else str(case.key_path))
    raw_docs, raw_turns = read_case(case, interviewer_names=key.interviewer_names(), problems=problems)
    pseudo = pseudonymise(raw_docs, raw_turns, key=key, keep=case.kept_words, use_deduce=use_deduce,
                          organisations=case.privacy.organisations,
                          keep_organisations=case.privacy.keep_organisations, dates=case.privacy.dates)
    del raw_docs, raw_turns
    write_replacement_log(pseudo.log, case.log_path)
    segments = attach_participants(segment_turns(pseudo.turns, max_words=max_words), case)
    def masked(df: pd.DataFrame, paths: list[str], texts: list[str] = ()) -> pd.DataFrame:
        """File names in outputs without the names they often hold ("P04_maarten.txt")."""
        return df.assign(**{c: [mask_file_names(str(v), key, pseudo.log, whole=c in paths)
                                for v in df[c]] for c in [*paths, *texts]})

    data = CaseData(case=case, documents=masked(pseudo.documents, ["path"]), turns=pseudo.turns,
                    segments=segments, codings=code_all(segments, books),
                    problems=masked(problems.to_stored(), ["file"], list(PROBLEM_TEXT_COLUMNS)),
                    replacements=replacement_counts(pseudo.log))
    if cache_dir is not None:
        _save(data, Path(cache_dir), fingerprint)
    return data


def default_data_dir(case: Case, output_root: str | Path = "") -> Path:
    """Where ``pao run`` keeps a case's prepared tables: ``<output_root>/<case id>/data``;
    the default root is the ``outputs/`` folder next to the case's corpora folder."""
    return Path(output_root or case.root.resolve().parent.parent / "outputs") / case.case_id / "data"


def open_case(case_dir: str | Path, data_dir: str | Path = "") -> CaseData:
    """The prepared (pseudonymised) tables of a case: what report notebooks call.

    Never opens the pseudonym key or the replacement log. When the tables in
    ``data_dir`` (default :func:`default_data_dir`) are missing or older than the inputs,
    ``pao prepare`` runs in a separate process first.

    Examples
    --------
    >>> data = open_case("corpora/pittelo")  # doctest: +SKIP
    """
    case = load_case(case_dir)
    folder = Path(data_dir) if data_dir else default_data_dir(case)
    books = [load_codebook(c) for c in DEFAULT_CODEBOOKS]
    fingerprint = input_fingerprint(case, books, _options(books, 120, True))
    data = _load(case, folder, fingerprint)
    if data is None:
        done = subprocess.run([sys.executable, "-m", "pao_analysis.cli", "prepare", str(case.root),
                               "--data", str(folder)], capture_output=True, text=True)
        data = _load(case, folder, fingerprint) if done.returncode == 0 else None
        if data is None:
            raise PaoError(f"preparing the case failed: {done.stderr.strip() or done.stdout.strip()}",
                           path=case.root.name, fix=f"run 'pao prepare {case.root}' and read its messages")
    return data


def open_cases(corpora_dir: str | Path, *, output_root: str | Path = "") -> Iterator[CaseData]:
    """The prepared data of every case under ``corpora_dir`` (tables from
    ``<output_root>/<case id>/data``, prepared when missing). Cases that cannot be read are
    reported and left out."""
    from .batch import find_cases

    for case_dir in find_cases(corpora_dir):
        try:
            case = load_case(case_dir)
            yield open_case(case_dir, default_data_dir(case, output_root))
        except PaoError as err:
            logging.getLogger("pao_analysis").error(str(err))


def cross_case_profiles(corpora_dir: str | Path, *, code_ids: list[str], codebook: str = "conditions",
                        language: str = "nl", output_root: str | Path = "") -> pd.DataFrame:
    """The case-level five-conditions profile of every case under ``corpora_dir``, stacked
    with a ``case_id`` column (see :func:`open_cases`)."""
    from .conditions import condition_profile

    parts = [condition_profile(data.segments, data.codings, code_ids=code_ids, codebook=codebook,
                               language=language).assign(case_id=data.case.case_id)
             for data in open_cases(corpora_dir, output_root=output_root)]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["case_id"])
    return table[["case_id"] + [c for c in table.columns if c != "case_id"]]
