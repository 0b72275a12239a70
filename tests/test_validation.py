"""Checking records: every mistake a producer can make is found, placed and explained in both languages."""

from __future__ import annotations

import copy
import io
import os
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.records.loader import LoadResult, load_catalog
from generator.records.problems import Problem, format_problem
from generator.records.recordcache import RecordCache
from generator.site.checks import check_site

from .conftest import BATCH, PRODUCER, PRODUCT, TODAY, Records, has_vietnamese_letters

PRODUCT_FILE = "products/htx-tra-ba-che/tra-hoa-vang/product.yml"
PRODUCER_FILE = "products/htx-tra-ba-che/producer.yml"
BATCH_FILE = "products/htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml"


def load(records: Records) -> LoadResult:
    """Load the catalog and check that every problem is explained to a producer in both languages."""
    result = load_catalog(records.products, today=TODAY)
    for problem in result.problems:
        vi, en = problem.message("vi"), problem.message("en")
        assert vi.strip() and en.strip(), problem
        assert vi != en, problem
        assert has_vietnamese_letters(vi), vi
        if problem.hint:
            assert problem.hint_text("vi") and problem.hint_text("en"), problem
            assert has_vietnamese_letters(problem.hint_text("vi") or ""), problem
    if result.errors:
        assert result.catalog is None
    return result


def only_error(result: LoadResult) -> Problem:
    assert len(result.errors) == 1, [format_problem(p) for p in result.errors]
    return result.errors[0]


def written_line(records: Records, problem: Problem) -> str:
    """The line of the record file that ``problem`` points at, as the producer sees it in an editor."""
    assert problem.line is not None, problem
    return (records.root / problem.file).read_text(encoding="utf-8").splitlines()[problem.line - 1]


def without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


# --- Valid records --------------------------------------------------------------------------


def test_minimal_catalog_is_valid(records: Records) -> None:
    result = load(records.minimal())
    assert result.problems == []
    assert result.catalog is not None
    product = result.catalog.products[0]
    assert product.record.name == {"vi": "Trà hoa vàng Ba Chẽ", "en": "Ba Chẽ golden camellia tea"}
    assert product.producer.id == "htx-tra-ba-che"


def test_plain_text_is_taken_as_vietnamese(records: Records) -> None:
    records.minimal()
    records.product(name="Trà hoa vàng Ba Chẽ")
    result = load(records)
    assert result.catalog is not None
    assert result.catalog.products[0].record.name == {"vi": "Trà hoa vàng Ba Chẽ"}


def test_product_without_batches_is_a_warning_not_an_error(records: Records) -> None:
    records.minimal()
    shutil.rmtree(records.products / "htx-tra-ba-che/tra-hoa-vang/batches")
    result = load(records)
    assert result.errors == []
    assert result.catalog is not None
    [warning] = result.warnings
    assert (warning.code, warning.file, warning.severity) == ("no_batches", PRODUCT_FILE, "warning")
    assert "cảnh báo/warning" in format_problem(warning)


def test_recalled_batch_with_recall_details_is_valid(records: Records) -> None:
    records.minimal()
    records.batch(
        status="recalled",
        recall={
            "date": "2026-11-02",
            "reason": {"vi": "Phát hiện nấm mốc ở một số hộp", "en": "Mould found in some boxes"},
            "instructions": "Ngừng sử dụng và mang trả lại nơi mua để được hoàn tiền.",
        },
    )
    result = load(records)
    assert result.errors == []
    assert result.catalog is not None
    assert result.catalog.batches[0].record.status == "recalled"


# --- Shape of a record ----------------------------------------------------------------------


def test_missing_required_field_is_named(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/product.yml", without(PRODUCT, "summary"))
    problem = only_error(load(records))
    assert (problem.file, problem.field, problem.code) == (PRODUCT_FILE, "summary", "missing")
    assert problem.line is not None
    assert problem.message("vi") == "Thiếu trường bắt buộc này."


def test_missing_nested_field_points_at_its_parent(records: Records) -> None:
    records.minimal()
    records.product(ocop=without(PRODUCT["ocop"], "decision"))
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("ocop.decision", "missing")
    assert written_line(records, problem).startswith("ocop:")


def test_misspelt_field_gets_a_did_you_mean_hint(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/product.yml", {**without(PRODUCT, "group"), "grop": "herbal"})
    result = load(records)
    [extra] = [p for p in result.errors if p.code == "extra_forbidden"]
    assert extra.field == "grop"
    assert extra.hint_text("en") == "Did you mean “group”?"
    assert extra.hint_text("vi") == "Có phải ý bạn là “group”?"
    assert written_line(records, extra).startswith("grop:")
    assert "gợi ý: Có phải ý bạn là “group”?" in format_problem(extra)


def test_misspelt_nested_field_gets_a_hint_too(records: Records) -> None:
    records.minimal()
    events = copy.deepcopy(BATCH["events"])
    events[1]["plase"] = events[1].pop("place")
    records.batch(events=events)
    result = load(records)
    [extra] = [p for p in result.errors if p.code == "extra_forbidden"]
    assert extra.field == "events[1].plase"
    assert extra.hint_text("en") == "Did you mean “place”?"


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("beverages", "beverage"), ("Herbal", "herbal"), ("handicrafts", "handicraft")],
)
def test_wrong_choice_lists_the_choices_and_suggests_one(
    records: Records, value: str, suggestion: str
) -> None:
    records.minimal()
    records.product(group=value)
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("group", "literal_error")
    assert problem.hint_text("en") == f"Did you mean “{suggestion}”?"
    for group in ("food", "beverage", "herbal", "handicraft", "ornamental", "tourism"):
        assert group in problem.message("vi")
        assert group in problem.message("en")


def test_wrong_event_step_lists_every_step(records: Records) -> None:
    records.minimal()
    events = copy.deepcopy(BATCH["events"])
    events[1]["step"] = "packaging"
    records.batch(events=events)
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("events[1].step", "literal_error")
    assert problem.hint_text("en") == "Did you mean “packing”?"
    for step in ("harvesting", "packing", "shipping", "retail", "other"):
        assert step in problem.message("en")


@pytest.mark.parametrize(
    ("stars", "code", "en"), [(7, "range_le", "at most 5"), (2, "range_ge", "at least 3")]
)
def test_stars_out_of_range(records: Records, stars: int, code: str, en: str) -> None:
    records.minimal()
    records.product(ocop={**PRODUCT["ocop"], "stars": stars})
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("ocop.stars", code)
    assert en in problem.message("en")
    assert written_line(records, problem).strip() == f"stars: {stars}"


def test_stars_must_be_a_whole_number(records: Records) -> None:
    records.minimal()
    records.product(ocop={**PRODUCT["ocop"], "stars": 4.5})
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("ocop.stars", "int_number")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("8934567890120", "08934567890120"),
        ("08934567890120", "08934567890120"),
        ("036000291452", "00036000291452"),
        ("96385074", "00000096385074"),
    ],
)
def test_valid_gtin_is_stored_as_gtin14(records: Records, written: str, stored: str) -> None:
    records.minimal()
    records.product(gtin=written)
    result = load(records)
    assert result.errors == []
    assert result.catalog is not None
    assert result.catalog.products[0].record.gtin == stored


def test_gtin_written_as_a_bare_number_is_accepted(records: Records) -> None:
    records.minimal()
    path = records.product()
    path.write_text(path.read_text(encoding="utf-8") + "gtin: 8934567890120\n", encoding="utf-8")
    result = load(records)
    assert result.catalog is not None
    assert result.catalog.products[0].record.gtin == "08934567890120"


@pytest.mark.parametrize(
    "gtin", ["8934567890124", "893456789012", "89345678901", "893-456789012-0", "GTIN8934567"]
)
def test_invalid_gtin_is_refused(records: Records, gtin: str) -> None:
    records.minimal()
    records.product(gtin=gtin)
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("gtin", "ocop_gtin")
    assert gtin in problem.message("vi")


@pytest.mark.parametrize("gln", ["8936000000017", "893600000001"])
def test_invalid_gln_is_refused(records: Records, gln: str) -> None:
    records.minimal()
    records.producer(gln=gln)
    problem = only_error(load(records))
    assert (problem.file, problem.field, problem.code) == (PRODUCER_FILE, "gln", "ocop_gln")


@pytest.mark.parametrize("field", ["produced", "expires"])
@pytest.mark.parametrize("written", ["12/10/2025", "2025-6-3", "12-10-2025", "ngày 12 tháng 10"])
def test_date_not_written_year_month_day_is_refused(records: Records, field: str, written: str) -> None:
    records.minimal()
    records.batch(**{field: written})
    problem = only_error(load(records))
    assert (problem.file, problem.field, problem.code) == (BATCH_FILE, field, "ocop_date")
    assert "YEAR-MONTH-DAY" in problem.message("en")
    assert "NĂM-THÁNG-NGÀY" in problem.message("vi")
    assert written in problem.message("vi")


def test_impossible_date_is_refused_with_its_line(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml", text="produced: 2026-02-30\n")
    problem = only_error(load(records))
    assert (problem.file, problem.line, problem.code) == (BATCH_FILE, 1, "yaml_bad_date")
    assert "2026-02-30" in problem.message("vi")


def test_localized_text_needs_vietnamese(records: Records) -> None:
    records.minimal()
    records.product(summary={"en": "Golden camellia buds from the Ba Chẽ forest."})
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("summary", "ocop_vi_required")


def test_unknown_language_code_is_refused(records: Records) -> None:
    records.minimal()
    records.product(name={"vi": "Trà hoa vàng Ba Chẽ", "english": "Golden camellia tea"})
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("name", "ocop_lang_code")
    assert "“english”" in problem.message("en")


COMMA_TRAP = """\
produced: 2026-10-12
origin:
  area: {vi: Đồi Khe Lạc, xã Ba Chẽ}
events:
  - step: harvesting
    date: 2026-10-01
    place: Đồi Khe Lạc
"""


def test_comma_in_flow_mapping_gets_the_language_code_explanation(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml", text=COMMA_TRAP)
    problem = only_error(load(records))
    assert problem.line == 3
    assert problem.code == "ocop_lang_code"
    assert "xã Ba Chẽ" in problem.message("vi")
    assert "dấu phẩy" in problem.message("vi")


def test_comma_in_flow_mapping_is_at_least_refused_on_its_line(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml", text=COMMA_TRAP)
    problem = only_error(load(records))
    assert (problem.file, problem.line) == (BATCH_FILE, 3)
    assert problem.field.startswith("origin.area")


@pytest.mark.parametrize(
    "story",
    [
        "Xem [video](javascript:alert(1)) về đồi chè.",
        "Xem [ảnh](data:text/html;base64,PHNjcmlwdD4=) đồi chè.",
        "Bấm [vào đây](JavaScript:alert(1)).",
    ],
)
def test_non_web_link_in_a_story_is_refused(records: Records, story: str) -> None:
    records.minimal()
    records.product(story={"vi": "Chuyện hái chè ở Ba Chẽ.", "en": story})
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("story", "ocop_link_scheme")
    assert "https://" in problem.message("en")


def test_web_link_in_a_story_is_accepted(records: Records) -> None:
    records.minimal()
    records.product(story="Đọc thêm về [trà hoa vàng](https://quangninh.gov.vn/tra-hoa-vang) Ba Chẽ.")
    assert load(records).errors == []


def test_shop_link_must_be_a_web_link(records: Records) -> None:
    records.minimal()
    records.product(where_to_buy=[{"name": "Gian hàng OCOP Hạ Long", "url": "javascript:alert(1)"}])
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("where_to_buy[0].url", "ocop_url")


def test_record_that_is_not_a_mapping_is_refused(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/producer.yml", text="- Hợp tác xã Trà hoa vàng\n- Ba Chẽ\n")
    problem = only_error(load(records))
    assert (problem.file, problem.code) == (PRODUCER_FILE, "mapping")


# --- Names of files and folders -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["lô 1.yml", "THV 2610.yml", "THV2610-dành-cho-hội-chợ.yml", "THV2610-hoi-cho-mua-thu-2026.yml"]
)
def test_invalid_lot_file_name_is_refused(records: Records, name: str) -> None:
    records.minimal()
    records.write(f"htx-tra-ba-che/tra-hoa-vang/batches/{name}", BATCH)
    problem = only_error(load(records))
    assert problem.code == "lot_file_name"
    assert problem.file == f"products/htx-tra-ba-che/tra-hoa-vang/batches/{name}"
    assert name in problem.message("vi")


def test_lot_named_like_the_fact_sheet_is_refused(records: Records) -> None:
    # p/<product-id>/sheet/ is the product's printable fact sheet: a batch page cannot be there.
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/sheet.yml", BATCH)
    [problem] = check_site(records.products, None, "https://ocop.example.vn/", today=TODAY).errors
    assert (problem.code, problem.file) == (
        "lot_reserved",
        "products/htx-tra-ba-che/tra-hoa-vang/batches/sheet.yml",
    )
    assert "Số lô “sheet”" in problem.message("vi") and "sheet" in problem.params["reserved"]


def test_stray_file_in_batches_is_refused(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2611.yaml", BATCH)
    problem = only_error(load(records))
    assert problem.code == "stray_file"
    assert ".yml" in problem.message("en")


def test_lot_written_in_the_file_must_match_its_name(records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml", {"lot": "THV2611", **BATCH})
    problem = only_error(load(records))
    assert (problem.file, problem.line, problem.field, problem.code) == (BATCH_FILE, 1, "lot", "lot_mismatch")
    assert "THV2611" in problem.message("vi") and "THV2610.yml" in problem.message("vi")


def test_lot_with_leading_zeros_matches_its_file(records: Records) -> None:
    records.minimal()
    path = records.batch(lot="00123")
    path.write_text("lot: 00123\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = load(records)
    assert result.errors == []
    assert result.catalog is not None
    assert sorted(b.lot for b in result.catalog.batches) == ["00123", "THV2610"]


@pytest.mark.parametrize("kind", ["producer", "product"])
def test_id_in_the_file_must_equal_the_folder(records: Records, kind: str) -> None:
    records.minimal()
    if kind == "producer":
        records.producer(id="htx-tra-hoa-vang-ba-che")
    else:
        records.product(id="tra-hoa-vang-ba-che")
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("id", "id_mismatch")
    assert problem.file == (PRODUCER_FILE if kind == "producer" else PRODUCT_FILE)
    assert problem.line is not None and problem.line > 1


def test_folder_name_must_be_a_slug(records: Records) -> None:
    records.minimal()
    records.producer("HTX-Đầm-Hà", name="Hợp tác xã chè Đường Hoa")
    result = load(records)
    assert [p.code for p in result.errors] == ["folder_slug"]


def test_same_product_id_under_two_producers_is_refused(records: Records) -> None:
    records.minimal()
    records.producer("htx-che-duong-hoa", name="Hợp tác xã chè Đường Hoa", commune="xã Đường Hoa")
    records.product(producer_id="htx-che-duong-hoa")
    records.batch(producer_id="htx-che-duong-hoa")
    problem = only_error(load(records))
    assert problem.code == "duplicate_product_id"
    assert {problem.file, problem.params["other"]} == {
        PRODUCT_FILE,
        "products/htx-che-duong-hoa/tra-hoa-vang/product.yml",
    }
    assert str(problem.params["other"]) in problem.message("vi")


def test_producer_folder_without_producer_yml(records: Records) -> None:
    records.minimal()
    (records.products / "htx-tra-ba-che/producer.yml").unlink()
    result = load(records)
    assert [p.code for p in result.errors] == ["producer_missing"]


# --- Dates and status -----------------------------------------------------------------------


def test_expires_before_produced_is_refused(records: Records) -> None:
    records.minimal()
    records.batch(expires="2026-01-01")
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("expires", "date_order")
    assert "2026-01-01" in problem.message("en") and "2026-10-12" in problem.message("en")


def test_certificate_expiring_before_issue_is_refused(records: Records) -> None:
    records.minimal()
    records.product(ocop={**PRODUCT["ocop"], "expires": "2024-03-10"})
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("ocop.expires", "date_order")


def test_packaged_before_produced_is_refused(records: Records) -> None:
    records.minimal()
    records.batch(packaged="2026-10-11")
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("packaged", "date_not_before")


def test_events_out_of_order_are_refused(records: Records) -> None:
    records.minimal()
    events = copy.deepcopy(BATCH["events"])
    events[1]["date"] = "2026-09-20"
    records.batch(events=events)
    problem = only_error(load(records))
    assert (problem.file, problem.field, problem.code) == (BATCH_FILE, "events[1].date", "events_order")
    assert "2026-09-20" in written_line(records, problem)


def batch_text(first: str, second: str) -> str:
    return f"""\
produced: 2026-10-02
origin:
  area: Đồi chè xã Ba Chẽ
events:
  - step: harvesting
    date: {first}
    place: Đồi Khe Lạc
  - step: packing
    date: {second}
    place: Xưởng hợp tác xã
"""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2026-10-01", "2026-10-02"),
        ("2026-10-02", "2026-10-02"),
        ("2026-10-02T08:00:00+07:00", "2026-10-02T10:30:00+07:00"),
        ("2026-10-02T08:00:00", "2026-10-02T01:30:00Z"),
        pytest.param(
            "2026-10-02T08:00:00+07:00",
            "2026-10-02",
        ),
    ],
)
def test_events_in_order_are_accepted(records: Records, first: str, second: str) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml", text=batch_text(first, second))
    assert load(records).errors == []


@pytest.mark.parametrize(
    "written",
    [
        "2025-06-03",
        pytest.param(
            '"2025-06-03"',
        ),
    ],
)
def test_event_date_without_time_stays_a_date(records: Records, written: str) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml", text=batch_text(written, "2026-10-02"))
    result = load(records)
    assert result.catalog is not None
    event_date = result.catalog.batches[0].record.events[0].date
    assert not isinstance(event_date, datetime)
    assert event_date == date(2025, 6, 3)


def test_event_time_without_offset_is_vietnam_time(records: Records) -> None:
    records.minimal()
    records.write(
        "htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml",
        text=batch_text("2026-10-02T07:30:00", "2026-10-02T09:00:00"),
    )
    result = load(records)
    assert result.catalog is not None
    first = result.catalog.batches[0].record.events[0].date
    assert isinstance(first, datetime)
    assert first.utcoffset() == timedelta(hours=7)


def test_recalled_batch_needs_recall_details(records: Records) -> None:
    records.minimal()
    records.batch(status="recalled")
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("status", "recall_required")
    assert "recall" in problem.message("vi")


def test_recall_details_on_a_released_batch_are_refused(records: Records) -> None:
    records.minimal()
    records.batch(
        recall={"date": "2026-11-02", "reason": "Nấm mốc", "instructions": "Trả lại nơi mua"},
    )
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("recall", "recall_unexpected")


def test_events_cannot_be_empty(records: Records) -> None:
    records.minimal()
    records.batch(events=[])
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("events", "too_short")


# --- Media ----------------------------------------------------------------------------------


def add_media(records: Records, relative: str) -> Path:
    """A small real JPEG (the build resizes every photo, so it must be one)."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 140, 40)).save(buffer, format="JPEG")
    return records.write(relative, text=buffer.getvalue())


def test_media_inside_the_producer_folder_is_accepted(records: Records) -> None:
    records.minimal()
    add_media(records, "htx-tra-ba-che/media/nụ trà vàng.jpg")
    records.product(images=["../media/nụ trà vàng.jpg"])
    result = load(records)
    assert result.errors == []
    assert result.catalog is not None
    assert [m.site_path for m in result.catalog.media] == ["media/htx-tra-ba-che/media/nụ trà vàng.jpg"]


def test_missing_media_file_is_refused(records: Records) -> None:
    records.minimal()
    records.product(images=["../media/tra-hoa-vang.jpg"])
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("images[0]", "media_missing")
    assert "../media/tra-hoa-vang.jpg" in problem.message("vi")


def test_media_of_another_producer_is_refused(records: Records) -> None:
    records.minimal()
    records.producer("htx-nuoc-mam-cai-rong", name="Hợp tác xã nước mắm Cái Rồng", commune="đặc khu Vân Đồn")
    add_media(records, "htx-nuoc-mam-cai-rong/media/nuoc-mam.jpg")
    records.product(images=["../../htx-nuoc-mam-cai-rong/media/nuoc-mam.jpg"])
    problem = only_error(load(records))
    assert (problem.file, problem.field, problem.code) == (PRODUCT_FILE, "images[0]", "media_outside")
    assert "products/htx-tra-ba-che/" in problem.message("en")


@pytest.mark.parametrize(
    "path", ["/etc/passwd.jpg", "C:/anh/tra.jpg", "..\\media\\tra.jpg", "./../media/tra.jpg"]
)
def test_media_path_must_be_relative(records: Records, path: str) -> None:
    records.minimal()
    records.product(images=[path])
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("images[0]", "ocop_media_path")


def test_media_of_the_wrong_type_is_refused(records: Records) -> None:
    records.minimal()
    add_media(records, "htx-tra-ba-che/media/gioi-thieu.docx")
    records.product(images=["../media/gioi-thieu.docx"])
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("images[0]", "ocop_media_ext")
    assert ".jpg" in problem.message("en")


def test_media_link_to_a_file_outside_products_is_refused(records: Records) -> None:
    records.minimal()
    secret = records.root / "bi-mat.jpg"
    secret.write_bytes(b"\xff\xd8")
    (records.products / "htx-tra-ba-che/media").mkdir()
    os.symlink(secret, records.products / "htx-tra-ba-che/media/tra.jpg")
    records.product(images=["../media/tra.jpg"])
    problem = only_error(load(records))
    assert (problem.field, problem.code) == ("images[0]", "media_outside")


@pytest.mark.parametrize(
    "relative",
    [
        "htx-tra-ba-che/producer.yml",
        pytest.param(
            "htx-tra-ba-che/tra-hoa-vang/product.yml",
        ),
        "htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml",
    ],
)
def test_record_file_linked_from_outside_products_is_refused(records: Records, relative: str) -> None:
    records.minimal()
    real = records.products / relative
    outside = records.root / "ngoai-thu-muc.yml"
    shutil.move(real, outside)
    os.symlink(outside, real)
    result = load(records)
    assert result.catalog is None
    assert [p.code for p in result.errors] == ["outside_products"]
    assert result.errors[0].file == f"products/{relative}"


@pytest.mark.parametrize("relative", ["htx-tra-ba-che", "htx-tra-ba-che/tra-hoa-vang/batches"])
def test_folder_linked_from_outside_products_is_refused(records: Records, relative: str) -> None:
    records.minimal()
    real = records.products / relative
    outside = records.root / "ngoai-thu-muc"
    shutil.move(real, outside)
    os.symlink(outside, real, target_is_directory=True)
    result = load(records)
    assert result.catalog is None
    assert [p.code for p in result.errors] == ["outside_products"]
    assert result.errors[0].file == f"products/{relative}"


# --- The whole run --------------------------------------------------------------------------


def test_every_error_of_several_files_is_reported_in_one_run(records: Records) -> None:
    records.minimal()
    records.producer(kind="hợp tác xã")
    records.product(ocop={**PRODUCT["ocop"], "stars": 7}, grop="herbal")
    records.batch(produced="12/10/2026")
    records.write("htx-tra-ba-che/tra-hoa-vang/batches/THV2611.yml", text="produced: 2026-02-30\n")
    records.producer("htx-mien-dong-binh-lieu", name="Hợp tác xã miến dong Bình Liêu", maintainers=[])
    result = load(records)
    found = {(p.file, p.code) for p in result.errors}
    assert found == {
        (PRODUCER_FILE, "literal_error"),
        (PRODUCT_FILE, "range_le"),
        (PRODUCT_FILE, "extra_forbidden"),
        (BATCH_FILE, "ocop_date"),
        ("products/htx-tra-ba-che/tra-hoa-vang/batches/THV2611.yml", "yaml_bad_date"),
        ("products/htx-mien-dong-binh-lieu/producer.yml", "too_short"),
    }
    assert result.catalog is None
    assert result.problems == sorted(
        result.problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.code)
    )


def test_duplicate_key_message_names_both_lines(records: Records) -> None:
    records.minimal()
    text = "\n".join(
        [
            "name: Hợp tác xã Trà hoa vàng Ba Chẽ",
            "kind: cooperative",
            "address: Thôn Khe Lạc, xã Ba Chẽ",
            "commune: xã Ba Chẽ",
            "maintainers: [htx-tra-hoa-vang]",
            "name: HTX Trà hoa vàng",
            "",
        ]
    )
    records.write("htx-tra-ba-che/producer.yml", text=text)
    problem = only_error(load(records))
    assert (problem.file, problem.line, problem.code) == (PRODUCER_FILE, 6, "yaml_duplicate_key")
    assert "dòng 1" in problem.message("vi")
    assert "line 1" in problem.message("en")
    assert format_problem(problem).startswith(f"{PRODUCER_FILE}:6:1: lỗi/error")


def test_non_utf8_record_is_refused_with_its_line(records: Records) -> None:
    records.minimal()
    text = "name: Hợp tác xã Trà hoa vàng\nkind: cooperative\n".encode() + b"address: Th\xf4n Khe L\xe1c\n"
    records.write("htx-tra-ba-che/producer.yml", text=text)
    problem = only_error(load(records))
    assert (problem.code, problem.line) == ("not_utf8", 3)
    assert format_problem(problem).startswith(f"{PRODUCER_FILE}:3: lỗi/error")
    assert "UTF-8" in problem.message("vi")


def test_error_in_one_record_keeps_the_catalog_from_being_built(records: Records) -> None:
    records.minimal()
    records.producer("htx-ga-tien-yen", name="Hợp tác xã gà Tiên Yên", commune="xã Tiên Yên")
    records.product("ga-tien-yen", "htx-ga-tien-yen", name="Gà Tiên Yên", group="food")
    records.batch("GTY2610", "ga-tien-yen", "htx-ga-tien-yen", expires="2026-10-12")
    result = load(records)
    assert [p.code for p in result.errors] == ["date_order"]
    assert result.catalog is None


@pytest.mark.parametrize("producer_field", ["maintainers", "commune", "kind"])
def test_every_required_producer_field(records: Records, producer_field: str) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/producer.yml", without(PRODUCER, producer_field))
    problem = only_error(load(records))
    assert (problem.file, problem.field, problem.code) == (PRODUCER_FILE, producer_field, "missing")


# --- Records kept between runs -------------------------------------------------------------


def test_unchanged_records_come_back_from_the_cache_as_they_were_checked(records: Records) -> None:
    records.minimal()
    records.product("mien-dong", producer_id="htx-mien-dong-binh-lieu")
    records.producer("htx-mien-dong-binh-lieu", name={"vi": "HTX Miến dong Bình Liêu"})
    records.batch("MD2610", "mien-dong", "htx-mien-dong-binh-lieu", produced="2026-02-30")  # an error
    cache = records.root / "cache"
    fresh = load_catalog(records.products, today=TODAY)
    first = load_catalog(records.products, today=TODAY, cache=RecordCache(cache, "tests"))
    kept = load_catalog(records.products, today=TODAY, cache=RecordCache(cache, "tests"))
    assert fresh.problems == first.problems == kept.problems
    assert [p.message("vi") for p in kept.problems] == [p.message("vi") for p in fresh.problems]
    assert kept.catalog is None and any(p.code == "ocop_date" for p in kept.errors)
    assert len(list(cache.rglob("*.pickle"))) == 2  # one entry per producer folder

    # Mending the batch is seen at once, and only that producer's entry is replaced.
    records.batch("MD2610", "mien-dong", "htx-mien-dong-binh-lieu", produced="2026-02-28")
    other = next((cache / "htx-tra-ba-che").glob("*.pickle")).read_bytes()
    mended = load_catalog(records.products, today=TODAY, cache=RecordCache(cache, "tests"))
    assert mended.catalog is not None and not mended.errors
    assert next((cache / "htx-tra-ba-che").glob("*.pickle")).read_bytes() == other
    assert len(list((cache / "htx-mien-dong-binh-lieu").glob("*.pickle"))) == 1
    batch = next(b for b in mended.catalog.batches if b.lot == "MD2610")
    assert batch.record.produced.isoformat() == "2026-02-28"


def test_a_damaged_cache_entry_is_checked_again(records: Records) -> None:
    records.minimal()
    cache = records.root / "cache"
    load_catalog(records.products, today=TODAY, cache=RecordCache(cache, "tests"))
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    result = load_catalog(records.products, today=TODAY, cache=RecordCache(cache, "tests"))
    assert result.catalog is not None and [p.id for p in result.catalog.products] == ["tra-hoa-vang"]
