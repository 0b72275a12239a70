"""The field reference producers read, made from the record models."""

from __future__ import annotations

import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from generator.records.reference import field_reference
from generator.records.schema import RECORD_MODELS
from generator.site.languages import LanguageSetting, interface_words, make_languages

LANGUAGES = [LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")]


def model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found:
            return found
    return None


def is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(is_list(arg) for arg in typing.get_args(annotation))
    return False


def expected_rows(model: type[BaseModel], prefix: str = "") -> dict[str, bool]:
    """Every field path the reference must list, with whether it is required."""
    rows: dict[str, bool] = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        inner = model_in(info.annotation)
        listed = is_list(info.annotation)
        if inner is not None:
            rows[path] = info.is_required()
            rows.update(expected_rows(inner, path + ("[]." if listed else ".")))
        else:
            rows[path + ("[]" if listed else "")] = info.is_required()
    return rows


@pytest.mark.parametrize("kind", list(RECORD_MODELS))
def test_reference_lists_every_field_of_the_model(kind: str) -> None:
    [reference] = [r for r in field_reference() if r.kind == kind]
    listed = {row.path: row.required for row in reference.rows}
    assert listed == expected_rows(RECORD_MODELS[kind])


def test_reference_names_the_record_files() -> None:
    files = {r.kind: r.file for r in field_reference()}
    assert files == {
        "producer": "products/<producer-id>/producer.yml",
        "product": "products/<producer-id>/<product-id>/product.yml",
        "batch": "products/<producer-id>/<product-id>/batches/<lot>.yml",
    }


def test_reference_rows_are_documented_in_both_languages() -> None:
    words = {language.code: interface_words(language)["types"] for language in make_languages(LANGUAGES)}
    for reference in field_reference():
        for row in reference.rows:
            assert row.doc.get("vi") and row.doc.get("en"), row.path
            assert row.kind in words["vi"] and row.kind in words["en"], row


def test_reference_choices_are_the_allowed_values() -> None:
    rows = {(r.kind, row.path): row for r in field_reference() for row in r.rows}
    assert rows[("product", "group")].choices == (
        "food",
        "beverage",
        "herbal",
        "handicraft",
        "ornamental",
        "tourism",
    )
    assert rows[("batch", "status")].choices == ("released", "recalled", "withdrawn")
    assert "harvesting" in rows[("batch", "events[].step")].choices
    assert rows[("product", "summary")].kind == "localized"
    assert rows[("product", "story")].kind == "markdown"
    assert rows[("product", "images[]")].kind == "media"
    assert rows[("batch", "produced")].kind == "date"
