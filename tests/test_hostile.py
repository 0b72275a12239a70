"""Hostile records (tests/hostile/) are refused with a clear bilingual error naming the file and
the line, or are made harmless; and no YAML text or bytes at all can crash the loader."""

from __future__ import annotations

import json
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.records.characters import INVISIBLE_CATEGORIES, first_invisible
from generator.records.loader import load_catalog
from generator.records.markdown_subset import render_markdown
from generator.records.problems import Problem, format_problem
from generator.records.schema import RECORD_MODELS
from generator.records.validate import Source, check_record
from generator.records.yamlsafe import MAX_FILE_BYTES, LoadedYaml, YamlProblem, parse_yaml, read_yaml
from generator.tools.cli import main

from .conftest import TODAY, Records, has_vietnamese_letters

HOSTILE = Path(__file__).parent / "hostile"
PLACES = {
    "producer": "htx-tra-ba-che/producer.yml",
    "product": "htx-tra-ba-che/tra-hoa-vang/product.yml",
    "batch": "htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml",
}


@dataclass(frozen=True)
class Case:
    file: str
    kind: str
    code: str | tuple[str, ...] | None  # None: accepted, made harmless; a tuple: any of these
    line: int | None = None
    field: str | None = ""  # None: not checked


CASES = [
    Case("alias-bomb.yml", "batch", "yaml_too_many_nodes", 1),
    Case("deep-nesting-block.yml", "batch", "yaml_too_deep", 35),
    Case("deep-nesting-flow.yml", "batch", "yaml_too_deep", 2),
    Case("duplicate-key.yml", "product", "yaml_duplicate_key", 5),
    Case("python-tag.yml", "product", "yaml_tag", 4),
    Case("custom-tag.yml", "product", "yaml_tag", 5),
    Case("latin1.yml", "producer", "not_utf8", 6),
    Case("utf16-bom.yml", "producer", "not_utf8", 1),
    Case("null-byte.yml", "producer", "yaml_nul", 4),
    Case("utf8-bom.yml", "producer", None),
    Case("top-level-list.yml", "product", "mapping", 1),
    Case("top-level-scalar.yml", "product", "mapping", 1),
    Case("list-for-mapping.yml", "product", "mapping", 5, "ocop"),
    Case("multiple-documents.yml", "product", "yaml_multiple_documents", 13),
    Case("merge-key.yml", "product", "yaml_merge_key", 13),
    Case("date-day-first.yml", "batch", "ocop_date", 1, "produced"),
    Case("date-with-time.yml", "batch", "ocop_date", 1, "produced"),
    Case("date-impossible.yml", "batch", "yaml_bad_date", 1),
    Case("nan-amount.yml", "batch", "number", 2, "quantity.amount"),
    Case("infinite-location.yml", "producer", "number", 10, "location.lat"),
    Case("javascript-shop-link.yml", "product", "ocop_url", 15, "where_to_buy[0].url"),
    Case("data-url-website.yml", "producer", "ocop_url", 11, "contact.website"),
    # On the line of the link, not of the field
    Case("vbscript-story-link.yml", "product", "ocop_link_scheme", 14, "story"),
    Case("javascript-story-link.yml", "product", "ocop_link_scheme", 14, "story"),
    Case("absolute-media.yml", "product", "ocop_media_path", 14, "images[0]"),
    Case("windows-media.yml", "product", "ocop_media_path", 14, "images[0]"),
    Case("traversal-media.yml", "product", "media_outside", 14, "images[0]"),
    Case("control-characters.yml", "product", "literal_error", 4, "group"),
    # libyaml refuses the escape while parsing; PyYAML's own parser leaves it to the validator.
    Case("lone-surrogate.yml", "product", ("yaml_bad_escape", "ocop_invisible_character"), 2, None),
    # Round two (issue 14): what YAML mistakes and invisible characters are called, and where.
    Case("colon-without-space.yml", "product", "yaml_colon_space", 13),
    Case("tab-indent.yml", "product", "yaml_tab", 12),
    Case("unclosed-quote.yml", "product", "yaml_unclosed_quote", 13),
    Case("bidi-override-name.yml", "product", "ocop_invisible_character", 2, "name.vi"),
    Case("newline-in-name.yml", "product", "ocop_invisible_character", 2, "name.vi"),
    Case("escaped-escape.yml", "product", "ocop_invisible_character", 7, "ocop.decision"),
    Case("hidden-mark-in-story.yml", "product", "ocop_invisible_character", 17, "story.vi"),
    Case("link-on-third-line.yml", "product", "ocop_link_scheme", 17, "story"),
    Case("zero-width-commune.yml", "producer", "ocop_invisible_character", 8, "commune"),
    Case("commune-without-letters.yml", "producer", "ocop_commune_name", 8, "commune"),
    Case("windows-device-media.yml", "product", "ocop_windows_device", 14, "images[0]"),
    Case("formula-name.yml", "product", None),  # published; neutralised in the CSV
    Case("lot-leading-zeros.yml", "batch", None),
    Case("no-is-text.yml", "producer", None),
    Case("raw-html-story.yml", "product", None),
]


def place(records: Records, case: Case) -> str:
    """Put the hostile file into a valid catalog; returns its name as messages give it."""
    records.minimal()
    relative = PLACES[case.kind]
    if case.file == "lot-leading-zeros.yml":
        (records.products / relative).unlink()
        relative = relative.replace("THV2610", "00123")
    records.write(relative, text=(HOSTILE / case.file).read_bytes())
    return f"products/{relative}"


def test_every_file_in_the_corpus_has_a_case() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.yml")) == sorted(c.file for c in CASES)


@pytest.mark.parametrize("case", [c for c in CASES if c.code], ids=lambda c: c.file)
def test_hostile_record_is_refused_naming_file_and_line(
    records: Records, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    name = place(records, case)
    code = main(["validate", str(records.products), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    codes = case.code if isinstance(case.code, tuple) else (case.code,)
    matching = [e for e in report["errors"] if e["code"] in codes and e["file"] == name]
    assert matching, report["errors"]
    error = matching[0]
    assert error["line"] == case.line
    assert case.field is None or error["field"] == case.field
    assert has_vietnamese_letters(error["message"]["vi"]) and error["message"]["en"].strip()
    assert error["message"]["vi"] != error["message"]["en"]
    # The same, as a person reads it: the place first, then both languages; no traceback.
    assert main(["validate", str(records.products)]) == 1
    out = capsys.readouterr().out
    assert f"{name}:{case.line}" in out and "Traceback" not in out
    assert "\x1b" not in out and "\u202e" not in out  # nothing from the record drives the terminal


@pytest.mark.parametrize("case", [c for c in CASES if not c.code], ids=lambda c: c.file)
def test_harmless_once_read_safely(records: Records, case: Case) -> None:
    place(records, case)
    result = load_catalog(records.products, today=TODAY)
    assert result.errors == [], [format_problem(p) for p in result.errors]
    assert result.catalog is not None


def test_leading_zeros_stay_in_the_lot(records: Records) -> None:
    place(records, Case("lot-leading-zeros.yml", "batch", None))
    catalog = load_catalog(records.products, today=TODAY).catalog
    assert catalog is not None
    assert [(b.lot, b.record.lot) for b in catalog.batches] == [("00123", "00123")]


def test_no_and_off_stay_text(records: Records) -> None:
    place(records, Case("no-is-text.yml", "producer", None))
    catalog = load_catalog(records.products, today=TODAY).catalog
    assert catalog is not None
    record = catalog.producers[0].record
    assert (record.commune, record.province, record.district_legacy) == ("no", "NO", "off")


def test_merge_keys_merge_nothing(records: Records) -> None:
    place(records, Case("merge-key.yml", "product", None))
    result = load_catalog(records.products, today=TODAY)
    assert [(p.code, p.line) for p in result.errors] == [("yaml_merge_key", 13)]


def test_raw_html_in_a_story_is_shown_as_text(records: Records) -> None:
    place(records, Case("raw-html-story.yml", "product", None))
    catalog = load_catalog(records.products, today=TODAY).catalog
    assert catalog is not None
    story = catalog.products[0].record.story or {}
    for text in story.values():
        html = render_markdown(text)
        assert "<script" not in html and "<img" not in html and "<iframe" not in html
        assert "&lt;script&gt;" in html or "&lt;iframe" in html


def test_file_over_the_size_cap_is_refused_without_reading_it_all(records: Records) -> None:
    records.minimal()
    name = "htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml"
    records.write(name, text=b"produced: 2026-10-12\n" + b"# " + b"x" * (MAX_FILE_BYTES * 4) + b"\n")
    [problem] = load_catalog(records.products, today=TODAY).errors
    assert (problem.file, problem.code) == (f"products/{name}", "file_too_large")
    assert "256" in problem.message("vi") or str(MAX_FILE_BYTES) in problem.message("vi")


def test_alias_bomb_is_refused_fast(records: Records) -> None:
    start = time.perf_counter()
    read_attempt = parse_or_problem((HOSTILE / "alias-bomb.yml").read_bytes())
    assert isinstance(read_attempt, YamlProblem)
    assert time.perf_counter() - start < 2


# --- Property: nothing crashes the loader ---------------------------------------------------------


def parse_or_problem(raw: bytes) -> LoadedYaml | YamlProblem:
    try:
        return parse_yaml(raw)
    except YamlProblem as problem:
        return problem


def check_all_kinds(raw: bytes) -> None:
    """Parse, then validate as each kind of record: only YamlProblem or Problems may come out."""
    outcome = parse_or_problem(raw)
    if isinstance(outcome, YamlProblem):
        assert outcome.code and (outcome.line is None or outcome.line >= 1)
        return
    for model in RECORD_MODELS.values():
        _, problems = check_record(model, Source(Path("x.yml"), "x.yml", outcome))
        for problem in problems:
            assert isinstance(problem, Problem)
            format_problem(problem).encode("utf-8")  # printable, whatever the record held


YAML_PIECES = st.sampled_from(
    [
        "name", "vi", "en", "group", "ocop", "stars", "events", "step", "date", ":", ": ", "- ", "-", "\n",
        "  ", "    ", "\t", "{", "}", "[", "]", ",", "&a ", "*a", "&b", "*b", "!!str ", "!!int ", "!!map ",
        "!tag ", "<<: ", "? ", "|", ">", "'", '"', "#", "---", "...", "%YAML 1.1\n", "no", "00123",
        ".nan", ".inf", "2025-02-30", "2025-10-12", "12/10/2025", "~", "null", "true", "Trà", "\u202e",
        "\x00", "\ufeff", "\\ud800", "javascript:", "../", "1e5", "0x1F", "0o17",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_loader(raw: bytes) -> None:
    check_all_kinds(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_arbitrary_yaml_looking_text_never_crashes_the_loader(text: str) -> None:
    check_all_kinds(text.encode("utf-8", "surrogatepass"))


JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates().map(str),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["name", "kind", "group", "ocop", "events", "origin", "produced", "images", "x"]),
        JSON_LIKE,
        max_size=6,
    ),
    st.booleans(),
)
def test_well_formed_yaml_of_any_shape_gives_problems_not_crashes(data: dict, flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    check_all_kinds(text.encode("utf-8", "surrogatepass"))


def test_a_real_file_of_random_bytes_gives_a_problem_not_a_crash(records: Records) -> None:
    records.minimal()
    path = records.write("htx-tra-ba-che/producer.yml", text=bytes(range(256)) * 4)
    with pytest.raises(YamlProblem):
        read_yaml(path)
    assert [p.code for p in load_catalog(records.products, today=TODAY).errors] == ["not_utf8"]


def test_every_invisible_character_is_found_in_any_text() -> None:
    """Each character no record may hold is found wherever it stands, in a name or in a long
    text (where line breaks alone are allowed), whichever test finds it first."""
    invisible = [
        chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in INVISIBLE_CATEGORIES
    ]
    assert len(invisible) > 2000  # the controls, formats, surrogates and separators of Unicode
    for character in invisible:
        assert first_invisible(f"Trà hoa vàng{character} Ba Chẽ") == 12, repr(character)
        expected = None if character == "\n" else 5
        assert first_invisible(f"Dòng\n{character}", line_breaks=True) == expected, repr(character)
    assert first_invisible("Giá 120\u00a0000 đồng, 1\u202f kg") is None  # spaces that are allowed
