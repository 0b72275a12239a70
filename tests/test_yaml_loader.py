"""The safe YAML loader: what a producer writes is what the generator reads, and nothing more."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from generator.records.yamlsafe import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    LoadedYaml,
    YamlProblem,
    parse_yaml,
    read_yaml,
)


def parse(text: str) -> LoadedYaml:
    return parse_yaml(text.encode("utf-8"))


def refused(raw: str | bytes) -> YamlProblem:
    """The problem the loader raises for ``raw``; the test fails if the file is accepted."""
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(raw.encode("utf-8") if isinstance(raw, str) else raw)
    return caught.value


# --- YAML 1.1 surprises ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("lot: 00123", "00123"),
        ("answer: no", "no"),
        ("answer: Yes", "Yes"),
        ("answer: off", "off"),
        ("answer: y", "y"),
        ("time: 1:30", "1:30"),
        ("phone: 0912345678", "0912345678"),
        ("mode: 0o17", "0o17"),
        ("code: 0x1F", "0x1F"),
        ("amount: 1_000", "1_000"),
    ],
)
def test_yaml_1_1_surprises_stay_text(line: str, expected: str) -> None:
    key = line.split(":")[0]
    assert parse(line + "\n").data == {key: expected}


def test_keys_are_taken_as_written() -> None:
    assert parse("no: Không\nyes: Có\n1: một\n").data == {"no": "Không", "yes": "Có", "1": "một"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("flag: true", True),
        ("flag: false", False),
        ("flag: True", True),
        ("flag: FALSE", False),
        ("flag: ~", None),
        ("flag: null", None),
        ("flag: 4", 4),
        ("flag: -12", -12),
        ("flag: 87.5", 87.5),
        ("flag: 1e3", 1000.0),
        ("flag: 2025-10-12", date(2025, 10, 12)),
        (
            "flag: 2025-10-12T07:30:00+07:00",
            datetime(2025, 10, 12, 7, 30, tzinfo=timezone(timedelta(hours=7))),
        ),
        ('flag: "true"', "true"),
        ("flag: !!str 00123", "00123"),
    ],
)
def test_plain_values_keep_their_type(line: str, expected: Any) -> None:
    value = parse(line + "\n").data["flag"]
    assert value == expected
    assert type(value) is type(expected)


# --- Refused files --------------------------------------------------------------------------


def test_duplicate_key_is_refused_naming_both_lines() -> None:
    problem = refused("name: Chả mực Hạ Long\ngroup: food\nsummary: Chả mực giã tay\nname: Chả mực\n")
    assert problem.code == "yaml_duplicate_key"
    assert problem.line == 4
    assert problem.params == {"key": "name", "first_line": 1}


def test_duplicate_key_in_a_nested_mapping_names_the_first_line() -> None:
    problem = refused("ocop:\n  stars: 4\n  decision: 5445/QĐ-UBND\n  stars: 5\n")
    assert (problem.code, problem.line, problem.params["first_line"]) == ("yaml_duplicate_key", 4, 2)


@pytest.mark.parametrize(
    "text",
    [
        "name: !!python/object/apply:os.system ['echo hỏng']\n",
        "name: !!python/name:os.system\n",
        "name: !foo Hạ Long\n",
        "!foo\nname: Hạ Long\n",
        "name: !!binary aGVsbG8=\n",
        "name: !!set {Hạ Long, Cẩm Phả}\n",
    ],
)
def test_custom_and_python_tags_are_refused(text: str) -> None:
    problem = refused(text)
    assert problem.code == "yaml_tag"
    assert problem.line == 1


def test_python_tag_never_runs_code(tmp_path: Path) -> None:
    target = tmp_path / "bi-hack"
    problem = refused(f"name: !!python/object/apply:os.mkdir ['{target}']\n")
    assert problem.code == "yaml_tag"
    assert not target.exists()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "stars: !!int bốn\n",
        ),
        pytest.param(
            "score: !!float cao\n",
        ),
        pytest.param(
            "produced: !!timestamp hôm qua\n",
        ),
    ],
)
def test_explicit_standard_tag_on_a_wrong_value_is_a_problem_not_a_crash(text: str) -> None:
    problem = refused(text)
    assert problem.line == 1


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [cười, cười, cười, cười, cười, cười, cười, cười, cười, cười]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast() -> None:
    start = time.perf_counter()
    problem = refused(billion_laughs())
    assert time.perf_counter() - start < 1.0
    assert problem.code == "yaml_too_many_nodes"


def test_a_few_aliases_are_fine() -> None:
    data = parse("place: &xuong Xưởng Ba Chẽ\nevents:\n  - place: *xuong\n  - place: *xuong\n").data
    assert [e["place"] for e in data["events"]] == ["Xưởng Ba Chẽ", "Xưởng Ba Chẽ"]


def test_recursive_alias_is_refused() -> None:
    assert refused("a: &a [*a]\n").code == "yaml_too_deep"


def nested_block(depth: int) -> str:
    return "".join("  " * level + "a:\n" for level in range(depth)) + "  " * depth + "b: 1\n"


def nested_flow(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(nested_block(MAX_DEPTH + 5), id="block-37"),
        pytest.param(nested_flow(100), id="flow-100"),
        pytest.param(
            nested_flow(1000),
            id="flow-1000",
        ),
    ],
)
def test_deep_nesting_is_refused(text: str) -> None:
    problem = refused(text)
    assert problem.code == "yaml_too_deep"
    assert problem.line is not None


def test_nesting_below_the_limit_is_fine() -> None:
    data = parse(nested_block(MAX_DEPTH - 2)).data
    for _ in range(MAX_DEPTH - 2):
        data = data["a"]
    assert data == {"b": 1}


def test_utf8_byte_order_mark_is_accepted() -> None:
    loaded = parse_yaml(b"\xef\xbb\xbf" + "name: Trà hoa vàng\ncommune: xã Ba Chẽ\n".encode())
    assert loaded.data == {"name": "Trà hoa vàng", "commune": "xã Ba Chẽ"}
    assert loaded.position(("commune",)) == (2, 1)


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("name: Chả mực\ncommune: Hạ Long\n".encode("utf-16"), 1),
        (b"name: Ch\xe1 m\xfdc\n", 1),
        ("name: Chả mực\n".encode() + b"commune: H\xe1 Long\n", 2),
        ("name: Chả mực\ncommune: Hạ Long\n".encode("utf-16-le"), 1),  # Notepad's "Unicode", no mark
    ],
)
def test_non_utf8_bytes_are_refused_with_the_line(raw: bytes, line: int) -> None:
    problem = refused(raw)
    assert problem.code == "not_utf8"
    assert problem.line == line


def test_a_null_character_is_not_called_an_encoding_problem() -> None:
    problem = refused("name: Chả mực\ngroup: food\n".encode() + b"note: \x00\n")
    assert (problem.code, problem.line, problem.column) == ("yaml_nul", 3, 7)


def test_file_at_the_size_cap_is_read() -> None:
    head = "name: Nước mắm Cái Rồng\n# "
    raw = (head + "x" * (MAX_FILE_BYTES - len(head.encode()) - 1) + "\n").encode()
    assert len(raw) == MAX_FILE_BYTES
    assert parse_yaml(raw).data == {"name": "Nước mắm Cái Rồng"}


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "product.yml"
    path.write_bytes(b"name: Mi\xe1\xba\xbfn dong\n# " + b"x" * (4 * MAX_FILE_BYTES))
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path)
    assert caught.value.code == "file_too_large"
    assert caught.value.params["limit"] == MAX_FILE_BYTES
    assert caught.value.params["size"] > MAX_FILE_BYTES


def test_two_documents_are_refused() -> None:
    problem = refused("name: Sá sùng Quan Lạn\n---\nname: Sá sùng khô\n")
    assert problem.code == "yaml_multiple_documents"
    assert problem.line == 2


def test_one_document_with_a_leading_marker_is_fine() -> None:
    assert parse("---\nname: Sá sùng Quan Lạn\n").data == {"name": "Sá sùng Quan Lạn"}


@pytest.mark.parametrize("text", ["", "\n\n", "# Hồ sơ sẽ viết sau\n"])
def test_empty_file_is_refused(text: str) -> None:
    assert refused(text).code == "empty_file"


def test_impossible_date_is_refused_with_its_position() -> None:
    problem = refused("name: Gà Tiên Yên\nproduced: 2025-02-30\n")
    assert problem.code == "yaml_bad_date"
    assert (problem.line, problem.column) == (2, 11)
    assert problem.params == {"value": "2025-02-30"}


def test_syntax_error_names_the_line() -> None:
    problem = refused("name: Khoai sọ Bình Liêu\nevents:\n\t- step: harvesting\n")
    assert (problem.code, problem.line) == ("yaml_tab", 3)


def test_a_mapping_key_must_be_plain() -> None:
    assert refused("? [vi, en]\n: Trà hoa vàng\n").code == "yaml_bad_key"


# --- Positions ------------------------------------------------------------------------------

BATCH_TEXT = """\
produced: 2025-10-12
origin:
  area: Vùng trồng ba kích xã Ba Chẽ
events:
  - step: harvesting
    date: 2025-06-03
    place: {vi: Đồi Khe Lạc, en: Khe Lạc hill}
  - step: packing
    date: 2025-10-12
    place:
      vi: Xưởng hợp tác xã
      en: Cooperative workshop
"""


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("produced",), (1, 1)),
        (("origin", "area"), (3, 3)),
        (("events", 0), (5, 5)),
        (("events", 0, "place", "en"), (7, 30)),
        (("events", 1, "date"), (9, 5)),
        (("events", 1, "place", "en"), (12, 7)),
    ],
)
def test_positions_of_nested_values(path: tuple[str | int, ...], position: tuple[int, int]) -> None:
    assert parse(BATCH_TEXT).position(path) == position


def test_position_of_a_missing_field_is_its_nearest_parent() -> None:
    loaded = parse(BATCH_TEXT)
    assert loaded.position(("events", 1, "actor")) == (8, 5)
    assert loaded.position(("recall", "date")) == (1, 1)


def test_positions_with_windows_line_endings() -> None:
    loaded = parse(BATCH_TEXT.replace("\n", "\r\n"))
    assert loaded.position(("events", 1, "place", "en")) == (12, 7)
    assert loaded.data["events"][1]["place"]["vi"] == "Xưởng hợp tác xã"
