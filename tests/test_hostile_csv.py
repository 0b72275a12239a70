"""A record's text never runs as a formula in /data/products.csv, which the site invites people to
open in a spreadsheet (OWASP's "CSV injection"): a text cell that begins with = + - @, a tab or a
carriage return gets a leading single quote, which makes it text there."""

from __future__ import annotations

import csv
import io

import pytest

from generator.records.loader import load_catalog
from generator.site.languages import LanguageSetting, make_languages
from generator.site.opendata import OpenData
from generator.site.plan import build_plan

from .conftest import PRODUCER, PRODUCT, TODAY, Records

FORMULAS = ['=HYPERLINK("https://lua.example";"Trà")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


def products_csv(records: Records) -> list[dict[str, str]]:
    result = load_catalog(records.products, today=TODAY)
    assert result.catalog is not None, [p.message("en") for p in result.errors]
    languages = make_languages([LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")])
    plan = build_plan(result.catalog, "https://ocop.example.vn/")
    text = OpenData(plan, languages, "https://ocop.example.vn/", TODAY).products_csv()
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_name_that_looks_like_a_formula_is_text_in_the_csv(records: Records, formula: str) -> None:
    records.minimal()
    records.product(name={"vi": formula, "en": formula}, ocop={**PRODUCT["ocop"], "decision": formula})
    records.producer(name={"vi": formula}, commune=f"{formula} xã Ba Chẽ", district_legacy=formula)
    [row] = products_csv(records)
    for column in (
        "name_vi",
        "name_en",
        "certificate_decision",
        "producer_name",
        "commune",
        "district_legacy",
    ):
        assert row[column].startswith("'" + formula[0]), (column, row[column])
        assert row[column].removeprefix("'").startswith(formula)


def test_ordinary_cells_are_left_alone(records: Records) -> None:
    records.minimal()
    [row] = products_csv(records)
    assert row["name_vi"] == "Trà hoa vàng Ba Chẽ" and row["producer_name"] == PRODUCER["name"]["vi"]
    assert (row["stars"], row["batches"]) == ("4", "1")
    assert row["url_vi"].startswith("https://")
