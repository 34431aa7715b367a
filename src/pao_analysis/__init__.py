"""pao-analysis: an offline workbench for Dutch qualitative interview research.

The public API is re-exported here lazily (importing the package loads nothing heavy)::

    import pao_analysis as pao
    data = pao.open_case("corpora/pittelo")
    pao.condition_profile(data.segments, data.codings, code_ids=pao.default_codebook("conditions").ids)
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_API = {
    "load_case": "config",
    "prepare_case": "pipeline",
    "open_case": "pipeline",
    "CaseData": "pipeline",
    "read_transcript": "ingest",
    "load_key": "pseudonymise",
    "pseudonymise": "pseudonymise",
    "make_pipeline": "nlp",
    "segment_turns": "segment",
    "load_codebook": "codebook",
    "default_codebook": "codebook",
    "code_segments": "coding",
    "code_texts": "coding",
    "code_frequencies": "analysis",
    "cooccurrence": "analysis",
    "condition_profile": "conditions",
    "evidence_quotes": "conditions",
    "find_themes": "themes",
    "extract_dates": "timeline",
    "extract_events": "timeline",
    "plot_timeline": "timeline",
    "run_case": "batch",
    "audit_dir": "audit",
    "PaoError": "errors",
    "problem_table": "errors",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'pao_analysis' has no attribute {name!r}")
