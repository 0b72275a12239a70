"""What a producer reads when the YAML itself is wrong: the mistake named in plain Vietnamese and
English, on the line where it was made, whichever YAML parser (libyaml or PyYAML's own) reads it."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.records import yamlsafe
from generator.records.problems import Problem
from generator.records.yamlsafe import YamlProblem, parse_yaml

from .conftest import has_vietnamese_letters

PARSERS = [pytest.param(yamlsafe._PyComposer, id="pyyaml")]
if yaml.__with_libyaml__:
    PARSERS.append(pytest.param(yamlsafe._CComposer, id="libyaml"))

# (the file, the message it gets, the line of the mistake)
MISTAKES = [
    ("name: Trà hoa vàng\nshelf_life:24 tháng\nstorage: Nơi khô ráo\n", "yaml_colon_space", 2),
    ("name: Trà hoa vàng\nshelf_life:24 tháng\n", "yaml_colon_space", 2),
    ("name: Trà hoa vàng\nshelf_life\nstorage: Nơi khô ráo\n", "yaml_missing_colon", 2),
    ("name:\n\tvi: Trà hoa vàng\n\ten: Golden camellia tea\n", "yaml_tab", 2),
    ("ocop:\n  stars: 4\n\tdecision: 1234/QĐ-UBND\n", "yaml_tab", 3),
    ('name: "Trà hoa vàng\ngroup: herbal\nstatus: active\n', "yaml_unclosed_quote", 1),
    ("name: {vi: Trà hoa vàng, en: Golden camellia tea\ngroup: herbal\n", "yaml_unclosed_bracket", 1),
    ("images: [../media/tra.jpg, ../media/hop.jpg\ngroup: herbal\n", "yaml_unclosed_bracket", 1),
    ("name: Trà: hoa vàng\ngroup: herbal\n", "yaml_colon_in_value", 1),
    ("name:\n  vi: Trà hoa vàng\n en: Golden camellia tea\ngroup: herbal\n", "yaml_indentation", 3),
    ('name: "Trà hoa vàng" Ba Chẽ\ngroup: herbal\n', "yaml_indentation", 1),
    ("group: herbal\nnet_content: @500 g\n", "yaml_bad_character", 2),
    ("group: herbal\nnet_content: *500 g\n", "yaml_undefined_alias", 2),
    ("story: | Trà hoa vàng\n  mọc dưới tán rừng\n", "yaml_block_scalar", 1),
    ('group: herbal\nsummary: "Đường dẫn C:\\Tra\\hoa"\n', "yaml_bad_escape", 2),
    ("group: herbal\nsummary: Trà\x07 hoa vàng\n", "yaml_control_character", 2),
    ("group: herbal\nsummary: Trà\x00 hoa vàng\n", "yaml_nul", 2),
    ("group: herbal\n<<: {group: food}\n", "yaml_merge_key", 2),
]
# What the parsers say, which must never reach the Vietnamese line.
PARSER_WORDS = re.compile(r"could not|expected|found|while|scanning|parsing|token|mapping values", re.I)


@pytest.mark.parametrize("composer", PARSERS)
@pytest.mark.parametrize(("text", "code", "line"), MISTAKES)
def test_a_yaml_mistake_is_named_on_its_own_line(
    monkeypatch: pytest.MonkeyPatch, composer: type, text: str, code: str, line: int
) -> None:
    monkeypatch.setattr(yamlsafe, "_COMPOSER", composer)
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text.encode())
    found = caught.value
    assert (found.code, found.line) == (code, line)
    problem = Problem("products/htx/product.yml", found.line, found.column, "", found.code, found.params)
    vi, en = problem.message("vi"), problem.message("en")
    assert has_vietnamese_letters(vi) and not PARSER_WORDS.search(vi), vi
    assert not PARSER_WORDS.search(en), en


def test_the_colon_mistake_shows_the_line_as_it_should_be() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("name: Trà hoa vàng\nshelf_life:24 tháng\n".encode())
    message = Problem("p.yml", 2, 1, "", caught.value.code, caught.value.params).message("vi")
    assert "“shelf_life: 24 tháng”" in message and "“shelf_life:24 tháng”" in message


def test_a_tab_is_called_a_tab() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(b"name:\n\tvi: Tr\xc3\xa0\n")
    problem = Problem("p.yml", caught.value.line, None, "", caught.value.code, caught.value.params)
    assert "Tab" in problem.message("vi") and "tab" in problem.message("en")


def test_a_control_character_is_named() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("group: herbal\nsummary: Trà\x1b[2J hoa\n".encode())
    problem = Problem(
        "p.yml", caught.value.line, caught.value.column, "", caught.value.code, caught.value.params
    )
    assert (problem.line, problem.column) == (2, 13)
    assert "\\u001b" in problem.message("vi") and "ESCAPE" in problem.message("en")


def test_a_quoted_merge_key_is_only_an_unknown_field() -> None:
    assert parse_yaml(b'"<<": 1\n').data == {"<<": 1}
