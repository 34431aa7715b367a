"""Codebooks as data: the shipped codebooks, indicator syntax, and errors on bad files."""

from __future__ import annotations

import re

import pytest

from pao_analysis.codebook import (
    SHIPPED,
    Code,
    Codebook,
    default_codebook,
    fold,
    load_codebook,
    parse_codebook,
    parse_indicator,
)
from pao_analysis.errors import CodebookError

VALID = """\
codebook_id: demo
title: {nl: Demo, en: Demo}
codes:
  - id: geld
    label: {nl: Geld, en: Money}
    definition: Over geld.
    indicators:
      strong: [financiering]
      weak: [geld]
  - id: sfeer
    label: Sfeer
    definition: {nl: Over de sfeer., en: About the atmosphere.}
    indicators: {strong: [sfeer]}
"""


# --- the shipped codebooks -------------------------------------------------------------

@pytest.mark.parametrize("name, ids", [
    ("conditions", ["ambitie", "belangen", "relaties", "organisatie", "proces"]),
    ("timeline", ["ontwikkeling", "activiteit", "rol", "uitdaging"]),
])
def test_shipped_codebooks_have_the_method_codes(name, ids):
    cb = load_codebook(name)
    assert cb.id == name
    assert cb.ids == ids
    assert cb.path.endswith(f"{name}.yaml")
    assert load_codebook(cb.path).codes == cb.codes  # the same file, read by path


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_codes_are_complete(name):
    cb = default_codebook(name)
    colours = [c.color for c in cb.codes]
    assert len(set(colours)) == len(colours)
    for code in cb.codes:
        assert code.label.keys() >= {"nl", "en"}, code.id
        assert code.short.keys() >= {"nl", "en"}, code.id
        assert code.definition.keys() >= {"nl", "en"}, code.id
        assert code.examples and code.include, code.id
        assert len(code.strong) >= 15 and len(code.weak) >= 8, code.id
        assert code.threshold == 0.5
        assert code.wishes == ("present" if code.id == "ambitie" else "absent")


def test_shipped_codebook_texts():
    cb = default_codebook("conditions")
    assert cb.code("ambitie").name() == "Gedeelde ambitie van betekenis"
    assert cb.code("ambitie").name("en") == "Shared meaningful ambition"
    assert cb.title["nl"].startswith("Vijf voorwaarden")
    frame = cb.to_frame("en")
    assert list(frame.columns) == ["code_id", "label", "short", "definition", "color"]
    assert frame["short"].tolist() == ["AMBITION", "INTERESTS", "RELATIONSHIPS", "ORGANISATION",
                                       "PROCESS"]
    assert cb.to_frame()["label"].iloc[1] == "Inspelen op belangen"


def test_default_codebook_is_cached_and_checked():
    assert default_codebook("conditions") is default_codebook("conditions")
    with pytest.raises(CodebookError, match="conditions, timeline"):
        default_codebook("voorwaarden")


def test_unknown_code_lists_the_available_ones():
    with pytest.raises(CodebookError) as info:
        default_codebook("timeline").code("fase")
    assert "ontwikkeling, activiteit, rol, uitdaging" in str(info.value)


def test_minimal_codebook_gets_defaults():
    cb = parse_codebook(VALID, display="demo.yaml")
    assert isinstance(cb, Codebook) and isinstance(cb.codes[0], Code)
    geld = cb.code("geld")
    assert geld.short == {"nl": "GELD", "en": "GELD"}
    assert re.fullmatch(r"#[0-9a-f]{6}", geld.color)
    assert geld.threshold == 0.5 and geld.exclude_indicators == () and geld.wishes == "absent"
    assert cb.code("sfeer").label == {"nl": "Sfeer"}
    assert cb.code("sfeer").name("en") == "Sfeer"  # falls back to Dutch
    assert cb.description == {}


# --- indicator syntax ------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, parts", [
    ("vertrouwen", "word", (("vertrouwen",),)),
    ("Afspraken", "word", (("afspraken", "afspraak"),)),
    ("coördinatie", "word", (("coordinatie",),)),
    ("*overeenkomst", "word", (("*overeenkomst",),)),
    ("convenant*", "word", (("convenant*",),)),
    ("afspraak vastleggen", "phrase", (("afspraak",), ("vastleggen",))),
    ("leren kennen", "phrase", (("leren", "leer"), ("kennen",))),  # simplemma: leren -> leer
    ("korte lijn*", "phrase", (("korte", "kort"), ("lijn*",))),
    ("re:wie (betaalt|beslist)", "regex", (("wie (betaalt|beslist)",),)),
])
def test_parse_indicator(text, kind, parts):
    ind = parse_indicator(text)
    assert (ind.kind, ind.parts) == (kind, parts)


@pytest.mark.parametrize("text, message", [
    ("", "non-empty"),
    ("*", "every word"),
    ("geld *", "every word"),
    ("re:(wie", "invalid regular expression"),
    ("re:x*", "matches empty text"),
    ("wie?", "use the re: prefix"),
])
def test_bad_indicators(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_indicator(text)


@pytest.mark.parametrize("word, folded", [
    ("Coördinatie", "coordinatie"), ("vast_leggen", "vastleggen"), ("GÉÉN", "geen"),
    ("mét", "met"), ("samenwerking", "samenwerking"),
])
def test_fold(word, folded):
    assert fold(word) == folded


def test_every_shipped_indicator_parses():
    for name in SHIPPED:
        for code in default_codebook(name).codes:
            for text in code.strong + code.weak + code.exclude_indicators:
                assert parse_indicator(text).kind in ("word", "phrase", "regex")


# --- errors on bad files ---------------------------------------------------------------

def _error(text: str) -> CodebookError:
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, display="mijn_codes.yaml")
    return info.value


def test_yaml_syntax_error_names_line_and_column():
    err = _error(VALID.replace("title: {nl: Demo, en: Demo}", "title: {nl: Demo, en: Demo"))
    assert err.path == "mijn_codes.yaml"
    assert re.fullmatch(r"line \d+, column \d+", err.where)
    assert "YAML syntax error" in str(err) and "Fix:" in str(err)
    err = _error("codebook_id: x\ntitle: a\ncodes:\n  - id: a\n   label: b\n")
    assert err.where.startswith("line 5, column")


@pytest.mark.parametrize("edit, where, message", [
    # (old, new) replacements of VALID -> the place and message of the error
    (("    definition: Over geld.\n", ""), "line 4, code 'geld', key 'definition'",
     "missing key 'definition'"),
    (("    label: Sfeer\n", ""), "line 10, code 'sfeer', key 'label'", "missing key 'label'"),
    (("    indicators: {strong: [sfeer]}\n", ""), "line 10, code 'sfeer', key 'indicators'",
     "missing key 'indicators'"),
    (("  - id: sfeer\n", "  - id: geld\n"), "line 10, code 'geld', key 'id'",
     "duplicate code id 'geld' (also code number 1, line 4)"),
    (("id: sfeer", "id: Sfeer!"), "line 10, code number 2, key 'id'", "is not valid"),
    (("strong: [financiering]", "strong: [financiering, \"re:(wie\"]"),
     "line 8, code 'geld', key 'indicators.strong[1]'", "indicator 're:(wie'"),
    (("weak: [geld]", "weak: [geld, '*']"), "line 9, code 'geld', key 'indicators.weak[1]'",
     "would match every word"),
    (("weak: [geld]", "waek: [geld]"), "line 9, code 'geld', key 'indicators.waek'",
     "unknown key 'waek' in indicators"),
    (("    definition: Over geld.\n", "    definition: Over geld.\n    colour: red\n"),
     "line 7, code 'geld', key 'colour'", "unknown key 'colour'"),
    (("    definition: Over geld.\n", "    definition: Over geld.\n    color: red\n"),
     "line 7, code 'geld', key 'color'", "is not a colour"),
    (("    definition: Over geld.\n", "    definition: Over geld.\n    threshold: 2\n"),
     "line 7, code 'geld', key 'threshold'", "threshold 2"),
    (("    definition: Over geld.\n", "    definition: Over geld.\n    wishes: maybe\n"),
     "line 7, code 'geld', key 'wishes'", "wishes 'maybe' is not absent or present"),
    (("      strong: [financiering]\n      weak: [geld]\n", "      exclude: [geld]\n"),
     "line 7, code 'geld', key 'indicators'", "no strong or weak indicators"),
    (("    label: {nl: Geld, en: Money}\n", "    label: [Geld]\n"),
     "line 5, code 'geld', key 'label'", "must be a text or a mapping"),
])
def test_invalid_code_names_file_line_code_and_key(edit, where, message):
    old, new = edit
    assert old in VALID
    err = _error(VALID.replace(old, new))
    assert err.path == "mijn_codes.yaml"
    assert err.where == where
    assert message in err.message
    assert err.fix


@pytest.mark.parametrize("text, where, message", [
    ("title: x\ncodes: []\n", "key 'codebook_id'", "missing key 'codebook_id'"),
    ("codebook_id: x\ntitle: x\ncodes: []\n", "key 'codes'", "non-empty list"),
    ("codebook_id: x\ntitle: x\ncodes: [a]\n", "line 3, code number 1", "must be a mapping"),
    ("codebook_id: x\ntitle: x\nversion: 2\ncodes: [a]\n", "key 'version'", "unknown top-level"),
    ("codebook_id: X-1\ntitle: x\ncodes: [a]\n", "key 'codebook_id'", "is not valid"),
    ("- a\n- b\n", None, "must be a YAML mapping"),
])
def test_invalid_top_level(text, where, message):
    err = _error(text)
    assert err.where == where
    assert message in err.message


def test_load_codebook_from_path(tmp_path):
    path = tmp_path / "eigen.yaml"
    path.write_text(VALID, encoding="utf-8")
    cb = load_codebook(path)
    assert cb.ids == ["geld", "sfeer"] and cb.path == str(path)
    path.write_text(VALID.replace("  - id: sfeer", "  - id: geld"), encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert info.value.path == "eigen.yaml"  # the file name, never the full private path


def test_missing_file_and_bad_encoding(tmp_path):
    with pytest.raises(CodebookError, match="not found.*conditions, timeline"):
        load_codebook(tmp_path / "bestaat_niet.yaml")
    path = tmp_path / "latin1.yaml"
    path.write_bytes(VALID.replace("Demo", "Coördinatie").encode("cp1252"))
    with pytest.raises(CodebookError, match="UTF-8"):
        load_codebook(path)
