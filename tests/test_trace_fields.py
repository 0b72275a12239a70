"""Optional batch fields, from the record to the trace page and the EPCIS document.

`variety` is the field CONTRIBUTING.md's walk-through adds: its label on the page is its
documentation in schema.py, and schema.py places it in the EPCIS master data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from .conftest import Records
from .sitebuild import NO_LEDGER, build_site, content
from .test_open_data import EPCIS_SCHEMA, undeclared_prefixes


def test_a_batchs_variety_is_on_its_trace_page_and_in_its_epcis_document(
    tmp_path: Path, records: Records
) -> None:
    records.minimal()
    records.batch(variety={"vi": "Trà hoa vàng lá to", "en": "Large-leaf golden camellia"})
    site = build_site(tmp_path / "build", records.products, ledger=NO_LEDGER)

    for prefix, label, value in (
        ("", "Giống cây trồng hoặc vật nuôi", "Trà hoa vàng lá to"),
        ("en/", "Plant variety or animal breed", "Large-leaf golden camellia"),
    ):
        facts = content(site.doc(f"{prefix}p/tra-hoa-vang/THV2610/")).find_all("div", cls="ocop-fact")
        shown = {re.sub(r"\s+", " ", f.find("dt").text).strip(): f.find("dd").text.strip() for f in facts}
        assert shown[label] == value

    document = json.loads((site.site / "p/tra-hoa-vang/THV2610/epcis.json").read_text(encoding="utf-8"))
    schema = json.loads(EPCIS_SCHEMA.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(document)] == []
    assert document["epcisBody"]["eventList"][0]["ilmd"]["ocop:variety"] == [
        {"@value": "Trà hoa vàng lá to", "@language": "vi"},
        {"@value": "Large-leaf golden camellia", "@language": "en"},
    ]
    assert undeclared_prefixes(document) == set()


def test_a_batch_without_a_variety_shows_no_empty_line(tmp_path: Path, records: Records) -> None:
    records.minimal()
    site = build_site(tmp_path / "build", records.products, ledger=NO_LEDGER)
    assert "Giống cây trồng" not in site.html("p/tra-hoa-vang/THV2610/")
    document = json.loads((site.site / "p/tra-hoa-vang/THV2610/epcis.json").read_text(encoding="utf-8"))
    assert "ocop:variety" not in document["epcisBody"]["eventList"][0]["ilmd"]
