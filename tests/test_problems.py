"""Validator messages, in Vietnamese and English."""

from __future__ import annotations

import string

import pytest

from generator.records.problems import HINTS, MESSAGES, Problem

from .conftest import has_vietnamese_letters


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", [*MESSAGES, *HINTS])
def test_message_is_written_in_both_languages(code: str) -> None:
    texts = {**MESSAGES, **HINTS}[code]
    assert sorted(texts) == ["en", "vi"]
    vi, en = texts["vi"], texts["en"]
    assert vi.strip() and en.strip()
    assert has_vietnamese_letters(vi)
    assert placeholders(vi) == placeholders(en)


def test_a_message_in_a_third_language_is_read_in_english() -> None:
    problem = Problem("products/htx/tra/product.yml", 3, 1, "group", "missing")
    assert problem.message("zh") == problem.message("en") == "This required field is missing."
    assert problem.message("vi") == "Thiếu trường bắt buộc này."
