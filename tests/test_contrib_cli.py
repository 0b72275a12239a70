"""What a contributor meets: `ocop validate` in its three formats, `ocop new`, the JSON Schema
wired to editors, CODEOWNERS kept in step with the records, and the pull-request workflows."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker
from PIL import Image

from generator.records import clock
from generator.records.schema import RECORD_MODELS
from generator.records.schema_export import json_schemas, schema_text, site_url_from
from generator.records.validate import Source, check_record
from generator.records.yamlsafe import read_yaml
from generator.tools import cli, codeowners, scaffold
from generator.tools.cli import main

from .conftest import PRODUCER, PRODUCT, ROOT, SAMPLE_PRODUCTS, Records, has_vietnamese_letters

PRODUCT_FILE = "products/htx-tra-ba-che/tra-hoa-vang/product.yml"
PRODUCER_FILE = "products/htx-tra-ba-che/producer.yml"
TODAY = clock.today()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def validate_json(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, Any]]:
    """The JSON report, less the reminder that a catalog written for a test has no permalink ledger."""
    code, out, _ = run(capsys, "validate", str(path), "--format", "json")
    report = json.loads(out)
    report["warnings"] = [w for w in report["warnings"] if w["code"] != "ledger_missing"]
    return code, report


def line_of(path: Path, key: str) -> int:
    """The line where ``key:`` is written in a record file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(f"{key}:"))


# --- ocop validate: hints ---------------------------------------------------------------------


def test_misspelt_field_and_value_get_did_you_mean_hints(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    product = {k: v for k, v in PRODUCT.items() if k != "group"}
    records.write("htx-tra-ba-che/tra-hoa-vang/product.yml", {**product, "grop": "herbal"})
    records.producer(kind="HTX")
    code, report = validate_json(capsys, records.products)
    by_field = {e["field"]: e for e in report["errors"]}
    assert (code, sorted(by_field)) == (1, ["grop", "group", "kind"])
    assert by_field["grop"]["hint"] == {"vi": "Có phải ý bạn là “group”?", "en": "Did you mean “group”?"}
    assert by_field["kind"]["hint"]["en"] == "Did you mean “cooperative”?"  # HTX, hợp tác xã


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("drinks", "beverage"),
        ("Đồ uống", "beverage"),
        ("thảo dược", "herbal"),
        ("Food", "food"),
        ("du lịch", "tourism"),
    ],
)
def test_a_group_written_another_way_suggests_the_right_one(
    records: Records, capsys: pytest.CaptureFixture, written: str, meant: str
) -> None:
    records.minimal()
    records.product(group=written)
    code, report = validate_json(capsys, records.products)
    [error] = report["errors"]
    assert (code, error["field"], error["code"]) == (1, "group", "literal_error")
    assert error["hint"]["en"] == f"Did you mean “{meant}”?"


@pytest.mark.parametrize("written", ["12/10/2026", "12.10.2026", "12 tháng 10 năm 2026", "2026/10/12"])
def test_a_date_written_another_way_gets_its_iso_form_as_a_hint(
    records: Records, capsys: pytest.CaptureFixture, written: str
) -> None:
    records.minimal()
    records.batch(produced=written)
    code, report = validate_json(capsys, records.products)
    [error] = report["errors"]
    assert (code, error["field"], error["line"]) == (1, "produced", 1)
    assert error["hint"]["vi"] == "Có phải ý bạn là “2026-10-12”?"


def test_a_missing_field_is_explained_from_its_documentation(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.product(ocop={k: v for k, v in PRODUCT["ocop"].items() if k != "stars"})
    _, report = validate_json(capsys, records.products)
    [error] = report["errors"]
    assert (error["field"], error["code"]) == ("ocop.stars", "missing")
    assert error["hint"]["vi"] == "Thêm dòng “stars: …” (Số sao OCOP, từ 3 đến 5)."
    assert error["hint"]["en"] == "Add a line “stars: …” (OCOP stars, 3 to 5)."


# --- ocop validate: warnings, apart from errors -----------------------------------------------


def test_missing_english_is_a_warning_on_its_line(records: Records, capsys: pytest.CaptureFixture) -> None:
    records.minimal()
    records.product(summary="Nụ hoa trà vàng hái dưới tán rừng Ba Chẽ.")
    code, report = validate_json(capsys, records.products)
    [warning] = report["warnings"]
    assert (code, report["errors"]) == (0, [])
    assert (warning["file"], warning["field"], warning["code"]) == (
        PRODUCT_FILE,
        "summary",
        "missing_translation",
    )
    assert warning["line"] == line_of(records.root / PRODUCT_FILE, "summary")


def test_names_that_read_the_same_in_english_need_no_translation(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.product(standards=[{"name": "HACCP"}, {"name": "ISO 22000:2018"}])
    _, report = validate_json(capsys, records.products)
    assert report["warnings"] == []


def issued_for_expiry_in(days: int) -> str:
    """An issue date whose certificate (valid 36 months) runs out ``days`` from today."""
    until = TODAY + timedelta(days=days)
    return until.replace(year=until.year - 3).isoformat()


@pytest.mark.parametrize(
    ("days", "code"), [(30, "ocop_expiring"), (89, "ocop_expiring"), (-5, "ocop_expired")]
)
def test_certificate_running_out_is_a_warning(
    records: Records, capsys: pytest.CaptureFixture, days: int, code: str
) -> None:
    records.minimal()
    records.product(ocop={**PRODUCT["ocop"], "issued": issued_for_expiry_in(days)})
    exit_code, report = validate_json(capsys, records.products)
    [warning] = report["warnings"]
    assert (exit_code, warning["field"], warning["code"]) == (0, "ocop.issued", code)
    assert (TODAY + timedelta(days=days)).isoformat() in warning["message"]["vi"]


def test_certificate_valid_for_months_is_not_mentioned(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.product(ocop={**PRODUCT["ocop"], "issued": issued_for_expiry_in(120)})
    assert validate_json(capsys, records.products)[1]["warnings"] == []


def test_photo_larger_than_needed_is_a_warning_naming_its_size(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    (records.products / "htx-tra-ba-che/media").mkdir()
    Image.new("RGB", (4000, 3000), "gold").save(records.products / "htx-tra-ba-che/media/tra.jpg")
    Image.new("RGB", (1600, 1200), "gold").save(records.products / "htx-tra-ba-che/media/tra-nho.jpg")
    records.product(images=["../media/tra.jpg", "../media/tra-nho.jpg"])
    code, report = validate_json(capsys, records.products)
    [warning] = report["warnings"]
    assert (code, warning["field"], warning["code"]) == (0, "images[0]", "image_oversized")
    assert "4000×3000 pixels" in warning["message"]["en"] and "4000×3000 điểm ảnh" in warning["message"]["vi"]


def test_text_report_lists_errors_first_and_warnings_apart(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.producer(address="Thôn Khe Lạc, xã Ba Chẽ")  # a warning, in the file sorted first
    records.product(group="drinks")
    code, out, _ = run(capsys, "validate", str(records.products / "htx-tra-ba-che"))
    assert code == 1
    group = line_of(records.root / PRODUCT_FILE, "group")
    address = line_of(records.root / PRODUCER_FILE, "address")
    error_at = out.index(f"{PRODUCT_FILE}:{group}:1: lỗi/error [group]")
    section_at = out.index("── 1 cảnh báo (không chặn việc đăng) / warnings (do not block publishing) ──")
    warning_at = out.index(f"{PRODUCER_FILE}:{address}:1: cảnh báo/warning [address]")
    assert error_at < section_at < warning_at
    assert "  gợi ý: Có phải ý bạn là “beverage”?  hint: Did you mean “beverage”?" in out
    assert out.rstrip().endswith("✗ 1 lỗi, 1 cảnh báo / 1 errors, 1 warnings")


# --- ocop validate --format github and json ---------------------------------------------------


def test_github_format_annotates_the_line_of_each_problem(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.producer(address="Thôn Khe Lạc: 100% nụ trà")  # no English: a warning
    records.product(ocop={**PRODUCT["ocop"], "stars": 7})
    code, out, _ = run(capsys, "validate", str(records.products / "htx-tra-ba-che"), "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 2
    error, warning = annotations
    stars = line_of(records.root / PRODUCT_FILE, "stars")
    assert error.startswith(
        f"::error file={PRODUCT_FILE},line={stars},col=3,title=ocop.stars — ocop validate::"
    )
    assert "vi: Giá trị phải nhỏ hơn hoặc bằng 5.%0Aen: The value must be at most 5." in error
    address = line_of(records.root / PRODUCER_FILE, "address")
    assert warning.startswith(
        f"::warning file={PRODUCER_FILE},line={address},col=1,title=address — ocop validate::"
    )
    # The full report follows for the log, where GitHub shows more than ten annotations.
    assert f"{PRODUCT_FILE}:{stars}:3: lỗi/error [ocop.stars]" in out


def test_github_format_escapes_what_would_break_a_workflow_command(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.product(group="x\n::warning file=evil.yml::injected\n%0A")
    _, out, _ = run(capsys, "validate", str(records.products), "--format", "github")
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::error ")
    assert "injected" in commands[0] and "%250A" in commands[0]


def test_github_format_writes_a_job_summary(
    records: Records, capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    records.minimal()
    records.product(group="drinks|<b>")
    run(capsys, "validate", str(records.products), "--format", "github")
    text = summary.read_text(encoding="utf-8")
    assert "✗ 1 lỗi, 0 cảnh báo / 1 errors, 0 warnings" in text
    assert f"`{PRODUCT_FILE}:{line_of(records.root / PRODUCT_FILE, 'group')}:1`" in text
    assert "drinks\\|&lt;b&gt;" in text and "<b>" not in text


def test_json_format_is_one_document_for_tools(records: Records, capsys: pytest.CaptureFixture) -> None:
    records.minimal()
    records.batch(produced="12/10/2026")
    code, report = validate_json(capsys, records.products)
    assert (code, report["version"], report["valid"], report["counts"]) == (1, 1, False, None)
    [error] = report["errors"]
    assert error == {
        "file": "products/htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml",
        "line": 1,
        "column": 1,
        "field": "produced",
        "code": "ocop_date",
        "severity": "error",
        "message": {
            "vi": "Ngày “12/10/2026” phải viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-10-12.",
            "en": "The date “12/10/2026” must be written YEAR-MONTH-DAY, e.g. 2025-10-12.",
        },
        "hint": {"vi": "Có phải ý bạn là “2026-10-12”?", "en": "Did you mean “2026-10-12”?"},
    }


def test_json_format_counts_a_valid_catalog(records: Records, capsys: pytest.CaptureFixture) -> None:
    code, report = validate_json(capsys, records.minimal().products)
    assert (code, report["valid"], report["counts"]) == (
        0,
        True,
        {"producers": 1, "products": 1, "batches": 1},
    )


# --- ocop validate products/<producer> ----------------------------------------------------------


def test_one_producer_is_checked_alone(records: Records, capsys: pytest.CaptureFixture) -> None:
    records.minimal()
    records.producer("htx-nuoc-mam-cai-rong", kind="fishery")  # someone else's mistake
    code, report = validate_json(capsys, records.products / "htx-tra-ba-che")
    assert (code, report["errors"], report["counts"]) == (
        0,
        [],
        {"producers": 1, "products": 1, "batches": 1},
    )
    code, report = validate_json(capsys, records.products / "htx-nuoc-mam-cai-rong")
    assert (code, [e["field"] for e in report["errors"]]) == (1, ["kind"])


def test_a_path_inside_a_producer_folder_checks_that_producer(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.producer("htx-nuoc-mam-cai-rong", kind="fishery")
    batch = records.products / "htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml"
    code, report = validate_json(capsys, batch)
    assert (code, report["scope"]) == (0, str(records.products / "htx-tra-ba-che"))


def test_one_producer_check_still_refuses_a_product_id_taken_elsewhere(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.producer("htx-a-ba-che")
    records.product(producer_id="htx-a-ba-che")  # tra-hoa-vang, already used by htx-tra-ba-che
    code, report = validate_json(capsys, records.products / "htx-tra-ba-che")
    [error] = report["errors"]
    assert (code, error["code"], error["file"]) == (1, "duplicate_product_id", PRODUCT_FILE)


def test_exit_codes(records: Records, capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    records.minimal()
    assert run(capsys, "validate", str(records.products))[0] == 0
    records.product(summary="Chỉ có tiếng Việt")
    assert run(capsys, "validate", str(records.products))[0] == 0  # warnings do not fail
    records.product(group="drinks")
    assert run(capsys, "validate", str(records.products))[0] == 1
    assert run(capsys, "validate", str(tmp_path / "khong-co"))[0] == 2
    with pytest.raises(SystemExit) as usage:
        main(["validate", "--format", "xml"])
    assert usage.value.code == 2
    assert "Exit codes:" in (cli.__doc__ or "")


# --- ocop new -------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    """Standard input as a person at a terminal types it."""

    def isatty(self) -> bool:
        return True


def new_product_flags(producer: str = "htx-tra-ba-che") -> list[str]:
    return [
        "new", "product", "--producer", producer,
        "--name", "Trà hoa vàng Ba Chẽ", "--name-en", "Ba Chẽ golden camellia tea",
        "--group", "herbal", "--ocop-stars", "4", "--ocop-decision", "1234/QĐ-UBND",
        "--ocop-issued-by", "UBND tỉnh Quảng Ninh", "--ocop-issued-by-en", "Quảng Ninh People's Committee",
        "--ocop-issued", "2025-03-10",
        "--summary", "Nụ trà hoa vàng: hái tay, sấy lạnh", "--summary-en", "Hand-picked, cold-dried buds",
    ]  # fmt: skip


def test_new_records_from_flags_are_valid(records: Records, capsys: pytest.CaptureFixture) -> None:
    products = str(records.products)
    code, out, _ = run(
        capsys, "new", "producer", "--products", products, "--name", "Hợp tác xã Trà hoa vàng Ba Chẽ",
        "--name-en", "Ba Chẽ Golden Camellia Cooperative", "--kind", "cooperative",
        "--address", "Thôn Khe Lạc, xã Ba Chẽ", "--address-en", "Khe Lạc village, Ba Chẽ",
        "--commune", "xã Ba Chẽ", "--maintainers", "htx-tra, @ke-toan-htx",
    )  # fmt: skip
    producer_file = records.products / "hop-tac-xa-tra-hoa-vang-ba-che/producer.yml"
    assert (code, out.strip()) == (0, f"✓ Đã tạo / created {producer_file}")
    assert run(capsys, *new_product_flags("hop-tac-xa-tra-hoa-vang-ba-che"), "--products", products)[0] == 0
    code, _, err = run(
        capsys, "new", "batch", "--products", products, "--product", "tra-hoa-vang-ba-che", "--lot", "00123",
        "--origin-area", "Đồi chè Khe Lạc", "--origin-area-en", "Khe Lạc tea hills",
        "--events-step", "đóng gói", "--events-place", "Xưởng", "--events-place-en", "Workshop",
    )  # fmt: skip
    assert code == 1  # “đóng gói” is not a step's name: nothing is written, the right one is suggested
    assert "Did you mean “packing”?" in err
    code, _, _ = run(
        capsys, "new", "batch", "--products", products, "--product", "tra-hoa-vang-ba-che", "--lot", "00123",
        "--origin-area", "Đồi chè Khe Lạc", "--origin-area-en", "Khe Lạc tea hills",
        "--events-step", "packing", "--events-place", "Xưởng", "--events-place-en", "Workshop",
    )  # fmt: skip
    assert code == 0
    code, report = validate_json(capsys, records.products)
    assert (code, report["errors"], report["warnings"]) == (0, [], [])
    batch = read_yaml(
        records.products / "hop-tac-xa-tra-hoa-vang-ba-che/tra-hoa-vang-ba-che/batches/00123.yml"
    )
    assert batch.data["produced"] == TODAY  # today's date
    assert read_yaml(producer_file).data["maintainers"] == ["htx-tra", "ke-toan-htx"]


def test_new_batch_refuses_the_lot_of_the_fact_sheet(records: Records, capsys: pytest.CaptureFixture) -> None:
    records.minimal()
    code, out, err = run(
        capsys, "new", "batch", "--products", str(records.products), "--product", "tra-hoa-vang",
        "--lot", "sheet", "--origin-area", "Đồi chè Khe Lạc", "--events-step", "packing",
        "--events-place", "Xưởng",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert "Số lô “sheet” trùng tên một tệp" in err and "choose another lot" in err
    assert not (records.products / "htx-tra-ba-che/tra-hoa-vang/batches/sheet.yml").exists()


def test_new_refuses_a_wrong_value_and_names_the_right_one(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.producer()
    argv = new_product_flags()
    argv[argv.index("herbal")] = "drinks"
    code, out, err = run(capsys, *argv, "--products", str(records.products))
    assert (code, out) == (1, "")
    assert "“drinks” is not allowed here" in err and "Did you mean “beverage”?" in err
    assert not (records.products / "htx-tra-ba-che/tra-hoa-vang-ba-che").exists()


def test_new_never_overwrites_a_file(records: Records, capsys: pytest.CaptureFixture) -> None:
    records.producer()
    existing = records.product("tra-hoa-vang-ba-che")
    before = existing.read_bytes()
    code, _, err = run(capsys, *new_product_flags(), "--products", str(records.products))
    assert code == 1
    assert "không bao giờ ghi đè" in err and "never overwrites" in err
    assert existing.read_bytes() == before


def test_new_without_values_writes_a_skeleton_that_validation_explains(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    code, _, err = run(
        capsys, "new", "producer", "--products", str(records.products), "--producer", "htx-moi"
    )
    path = records.products / "htx-moi/producer.yml"
    assert code == 0
    assert "still empty, please fill in: name, kind, address, commune, maintainers[]" in err
    text = path.read_text(encoding="utf-8")
    modeline = "# yaml-language-server: $schema="
    assert text.startswith(modeline)
    schema_ref = text.splitlines()[0].removeprefix(modeline)
    assert (path.parent / schema_ref).resolve() == (records.root / "schema/producer.json").resolve()
    # Each field has a comment in Vietnamese on the line above it (a text's languages are its parts).
    lines = text.splitlines()
    fields = [
        n
        for n, line in enumerate(lines)
        if re.match(r"^\s*(- )?[a-z_]+:", line) and not re.match(r"^\s*(vi|en):", line)
    ]
    assert len(fields) == 5
    for number in fields:
        assert lines[number - 1].lstrip().startswith("# ") and has_vietnamese_letters(lines[number - 1])
    _, report = validate_json(capsys, records.products)
    errors = {e["field"]: e for e in report["errors"]}
    assert sorted(errors) == ["address.vi", "commune", "kind", "maintainers", "name.vi"]
    assert (
        errors["kind"]["message"]["en"]
        == "This field is empty; choose one of: cooperative, company, household, other."
    )
    assert errors["commune"]["message"]["vi"] == "Trường này còn trống; hãy điền vào."
    assert errors["commune"]["hint"]["vi"].startswith("Trường “commune”: Xã, phường hoặc đặc khu")


def test_new_asks_in_a_terminal_and_asks_again_when_an_answer_is_wrong(
    records: Records, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    records.producer()
    answers = [
        "Trà hoa vàng Ba Chẽ",  # name (vi)
        "Ba Chẽ golden camellia tea",  # name (en)
        "",  # product id: the one suggested from the name
        "drinks",  # group: wrong, asked again
        "3",  # group by its number: herbal
        "6",  # stars: out of range, asked again
        "4",
        "1234/QĐ-UBND",
        "UBND tỉnh Quảng Ninh",
        "",  # issuing authority in English: skipped
        "12/3/2025",  # wrong date form, asked again
        "2025-03-10",
        "Nụ trà hoa vàng hái dưới tán rừng.",
        "Golden camellia buds from the forest.",
    ]
    monkeypatch.setattr("sys.stdin", Terminal("\n".join(answers) + "\n"))
    code, _, err = run(
        capsys, "new", "product", "--products", str(records.products), "--producer", "htx-tra-ba-che"
    )
    assert code == 0, err
    assert "Did you mean “beverage”?" in err
    assert "The value must be at most 5." in err
    assert "Did you mean “2025-03-12”?" in err  # 12 March: the day first, as Vietnamese writes it
    path = records.products / "htx-tra-ba-che/tra-hoa-vang-ba-che/product.yml"
    record = read_yaml(path).data
    assert (record["group"], record["ocop"]["stars"], record["ocop"]["issued"]) == (
        "herbal",
        4,
        date(2025, 3, 10),
    )
    code, report = validate_json(capsys, records.products)
    assert code == 0
    assert [(w["field"], w["code"]) for w in report["warnings"]] == [
        ("", "no_batches"),
        ("ocop.issued_by", "missing_translation"),
    ]


def product_answers(group: list[str], issued: list[str]) -> list[str]:
    """What a person types for `ocop new product` in the sample's producer folder."""
    return [
        "Trà hoa vàng Ba Chẽ",
        "Ba Chẽ golden camellia tea",
        "",  # product id: the one suggested from the name
        *group,
        "4",
        "1234/QĐ-UBND",
        "UBND tỉnh Quảng Ninh",
        "Quảng Ninh Provincial People's Committee",
        *issued,
        "Nụ trà hoa vàng hái dưới tán rừng.",
        "Golden camellia buds from the forest.",
    ]


def new_product_at_terminal(
    records: Records, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> tuple[dict[str, Any], str, str]:
    monkeypatch.setattr("sys.stdin", Terminal("\n".join(answers) + "\n"))
    code, out, err = run(
        capsys, "new", "product", "--products", str(records.products), "--producer", "htx-tra-ba-che"
    )
    assert code == 0, err
    return read_yaml(records.products / "htx-tra-ba-che/tra-hoa-vang-ba-che/product.yml").data, out, err


@pytest.mark.parametrize("taken", ["", "y", "có", "Yes"])
def test_new_takes_the_value_it_suggests(
    records: Records, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, taken: str
) -> None:
    """After “Did you mean “beverage”?”, Enter or a yes takes “beverage”; the same for a date."""
    records.producer()
    answers = product_answers(["drinks", taken], ["12/3/2025", taken])
    record, out, err = new_product_at_terminal(records, capsys, monkeypatch, answers)
    assert "Did you mean “beverage”?" in err and "Did you mean “2025-03-12”?" in err
    assert "[beverage]» " in out and "[2025-03-12]» " in out  # offered where the answer is typed
    assert (record["group"], record["ocop"]["issued"]) == ("beverage", date(2025, 3, 12))


def test_new_keeps_its_default_after_a_wrong_answer(
    records: Records, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    records.producer()
    answers = product_answers(["3"], ["hôm qua", ""])  # a word, not a date: then Enter
    record, out, _ = new_product_at_terminal(records, capsys, monkeypatch, answers)
    assert out.count(f"[{TODAY.isoformat()}]» ") == 2  # offered again after the wrong answer
    assert record["ocop"]["issued"] == TODAY


def test_new_lists_the_existing_producers_when_asking_for_one(
    records: Records, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    records.producer()
    records.producer("htx-ga-tien-yen", name="Hợp tác xã gà Tiên Yên", commune="xã Tiên Yên")
    answers = ["Trà hoa vàng Ba Chẽ", "", "ba-che"]  # then the input ends
    monkeypatch.setattr("sys.stdin", Terminal("\n".join(answers) + "\n"))
    code, out, err = run(capsys, "new", "product", "--products", str(records.products))
    assert code == 1  # cancelled
    assert "existing producers: htx-ga-tien-yen, htx-tra-ba-che" in out
    assert "There is no producer “ba-che”" in err


def english_half(line: str) -> str:
    """The English half of a line written “Vietnamese / English”, less quoted values and codes
    such as 5445/QĐ-UBND."""
    english = line.split(" / ", 1)[1] if " / " in line else line
    return re.sub(r"“[^”]*”|\[[^\]]*\]|\S*\d\S*", "", english)


def test_new_never_mixes_vietnamese_into_its_english(records: Records, capsys: pytest.CaptureFixture) -> None:
    records.producer()
    prompts = [
        q.prompt("xã Ba Chẽ")
        for kind in ("producer", "product", "batch")
        for q in scaffold.askable(scaffold.questions_for(kind))
    ]
    for prompt in prompts:
        for line in prompt.splitlines():
            if " / " in line:
                assert not has_vietnamese_letters(english_half(line)), line
    refusals = [
        ("new", "producer", "--producer", "Cơ sở mới"),
        ("new", "product", "--producer", "ba-che", "--product", "tra-moi"),
        ("new", "product", "--producer", "htx-tra-ba-che", "--product", "Trà"),
        ("new", "product", "--producer", "htx-tra-ba-che", "--no-input"),
        ("new", "batch", "--product", "tra-hoa-vang", "--no-input"),
        ("new", "batch", "--product", "khong-co", "--lot", "A1"),
    ]
    for argv in refusals:
        code, _, err = run(capsys, *argv, "--products", str(records.products))
        assert code == 1, argv
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) >= 2 and has_vietnamese_letters(lines[0]), err
        for line in lines[1:]:
            assert not has_vietnamese_letters(english_half(line)), (argv, line)


def test_new_cancelled_at_the_terminal_writes_nothing(
    records: Records, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("Hợp tác xã Mới\n"))  # then the input ends (Ctrl+D)
    code, _, err = run(capsys, "new", "producer", "--products", str(records.products))
    assert code == 1
    assert "nothing was written" in err
    assert list(records.products.iterdir()) == []


# --- JSON Schema ----------------------------------------------------------------------------------


def as_json(value: Any) -> Any:
    """A record as an editor's YAML 1.2 reader sees it: dates are text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def validators() -> dict[str, Draft7Validator]:
    return {
        kind: Draft7Validator(schema, format_checker=FormatChecker())
        for kind, schema in json_schemas("").items()
    }


def kind_of(path: Path) -> str:
    return {"producer.yml": "producer", "product.yml": "product"}.get(path.name, "batch")


def test_committed_schema_files_are_generated_from_the_models(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    site_url = site_url_from(ROOT / "mkdocs.yml")
    for kind, schema in json_schemas(site_url).items():
        committed = ROOT / "schema" / f"{kind}.json"
        assert committed.read_text(encoding="utf-8") == schema_text(schema), (
            f"run `ocop schema` ({committed})"
        )
        assert schema["$id"] == f"{site_url}schema/{kind}.json"
        Draft7Validator.check_schema(schema)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert run(capsys, "schema", "--check", "--root", str(tmp_path))[0] == 1
    assert run(capsys, "schema", "--root", str(tmp_path))[0] == 0
    assert run(capsys, "schema", "--check", "--root", str(tmp_path))[0] == 0


def test_every_sample_record_is_valid_for_the_schema_too() -> None:
    checkers = validators()
    records = sorted(SAMPLE_PRODUCTS.glob("**/*.yml"))
    assert len(records) > 30
    for path in records:
        errors = list(checkers[kind_of(path)].iter_errors(as_json(read_yaml(path).data)))
        assert errors == [], f"{path}: {errors[0].message}"


MISTAKES = [
    ("producer", {**PRODUCER, "grop": "x"}),
    ("producer", {**PRODUCER, "kind": "HTX"}),
    ("producer", {k: v for k, v in PRODUCER.items() if k != "maintainers"}),
    ("producer", {**PRODUCER, "maintainers": []}),
    ("producer", {**PRODUCER, "name": {"en": "No Vietnamese"}}),
    ("producer", {**PRODUCER, "contact": {"website": "javascript:alert(1)"}}),
    ("producer", {**PRODUCER, "location": {"lat": 91, "lon": 107}}),
    ("product", {**PRODUCT, "group": "drinks"}),
    ("product", {**PRODUCT, "ocop": {**PRODUCT["ocop"], "stars": 6}}),
    ("product", {**PRODUCT, "ocop": {**PRODUCT["ocop"], "issued": "12/10/2025"}}),
    ("product", {**PRODUCT, "ocop": "4 sao"}),
    ("product", {**PRODUCT, "summary": ""}),
    ("product", {**PRODUCT, "where_to_buy": [{"name": "Shop", "url": "data:text/html,x"}]}),
    ("product", {**PRODUCT, "status": "selling"}),
    ("batch", {"produced": "2026-10-12", "origin": {"area": "Đồi"}, "events": []}),
    ("batch", {"produced": "2026-10-12", "origin": {"area": "Đồi"}, "events": [{"step": "packaging"}]}),
]


@pytest.mark.parametrize(("kind", "data"), MISTAKES)
def test_what_the_schema_flags_the_validator_refuses(
    kind: str, data: dict[str, Any], records: Records
) -> None:
    """An editor never flags what `ocop validate` accepts, and these mistakes are caught by both."""
    assert list(validators()[kind].iter_errors(data)), "the editor would not flag it"
    path = {
        "producer": lambda: records.producer(),
        "product": lambda: records.product(),
        "batch": lambda: records.batch(),
    }[kind]()
    records.write(str(path.relative_to(records.products)), data)
    parsed, problems = check_record(RECORD_MODELS[kind], Source(path, path.name, read_yaml(path)))
    assert parsed is None and problems


def test_vscode_maps_each_record_file_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for path in sorted(SAMPLE_PRODUCTS.glob("**/*.yml")):
        relative = path.relative_to(ROOT)
        matched = [schema for schema, globs in mapping.items() if any(relative.match(g) for g in globs)]
        assert matched == [f"./schema/{kind_of(path)}.json"], relative
        assert (ROOT / matched[0]).is_file()
    assert (
        "redhat.vscode-yaml" in json.loads((ROOT / ".vscode/extensions.json").read_text())["recommendations"]
    )


# --- CODEOWNERS -----------------------------------------------------------------------------------


def test_codeowners_gives_each_producer_folder_its_maintainers_and_the_editors(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.producer("htx-nuoc-mam-cai-rong", maintainers=["nuoc-mam-cr"])
    assert run(capsys, "codeowners", "--root", str(records.root))[0] == 0
    text = (records.root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/products/ @ocop-quang-ninh/editors\n" in text
    assert "/products/htx-nuoc-mam-cai-rong/ @nuoc-mam-cr @ocop-quang-ninh/editors\n" in text
    assert "/products/htx-tra-ba-che/ @htx-tra-hoa-vang @ocop-quang-ninh/editors\n" in text
    assert run(capsys, "codeowners", "--check", "--root", str(records.root))[0] == 0
    assert run(capsys, "validate", str(records.products))[0] == 0


def test_stale_codeowners_fails_validation_naming_the_producer(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    run(capsys, "codeowners", "--root", str(records.root))
    records.producer(maintainers=["htx-tra-hoa-vang", "nguoi-moi"])
    code, report = validate_json(capsys, records.products)
    [error] = report["errors"]
    assert (code, error["code"], error["file"], error["field"]) == (
        1,
        "codeowners_stale",
        PRODUCER_FILE,
        "maintainers",
    )
    assert error["line"] == line_of(records.root / PRODUCER_FILE, "maintainers")
    assert "“htx-tra-ba-che”" in error["message"]["vi"]
    expected = "/products/htx-tra-ba-che/ @htx-tra-hoa-vang @nguoi-moi @ocop-quang-ninh/editors"
    assert expected in error["message"]["en"]
    # The quick check of that one producer says so too; fixing the line by hand is enough.
    assert validate_json(capsys, records.products / "htx-tra-ba-che")[0] == 1
    owners = records.root / ".github/CODEOWNERS"
    text = owners.read_text(encoding="utf-8")
    owners.write_text(re.sub(r"^/products/htx-tra-ba-che/ .*$", expected, text, flags=re.M), encoding="utf-8")
    assert validate_json(capsys, records.products)[0] == 0


def test_codeowners_line_of_a_removed_producer_is_flagged(
    records: Records, capsys: pytest.CaptureFixture
) -> None:
    records.minimal()
    records.producer("htx-cu")
    run(capsys, "codeowners", "--root", str(records.root))
    shutil.rmtree(records.products / "htx-cu")
    _, report = validate_json(capsys, records.products)
    [error] = report["errors"]
    assert (error["code"], error["file"]) == ("codeowners_orphan", ".github/CODEOWNERS")
    assert "htx-cu" in error["message"]["en"]


def test_editors_team_is_configurable_and_kept(records: Records, capsys: pytest.CaptureFixture) -> None:
    records.minimal()
    owners = records.root / ".github/CODEOWNERS"
    owners.parent.mkdir()
    owners.write_text("/generator/ @ocop-dev\n", encoding="utf-8")
    assert run(capsys, "codeowners", "--root", str(records.root), "--editors", "@so-nong-nghiep/ocop")[0] == 0
    records.producer("htx-moi-ba-che", maintainers=["htx-moi"])
    assert run(capsys, "codeowners", "--root", str(records.root))[0] == 0  # no --editors: the team is kept
    text = owners.read_text(encoding="utf-8")
    assert text.startswith("/generator/ @ocop-dev\n")  # hand-written lines stay
    assert "/products/htx-moi-ba-che/ @htx-moi @so-nong-nghiep/ocop\n" in text
    assert "ocop-quang-ninh" not in text
    assert run(capsys, "codeowners", "--root", str(records.root), "--editors", "khong hop le")[0] == 2


def test_repository_codeowners_is_current() -> None:
    assert codeowners.stale_problems(ROOT) == [], "run `ocop codeowners`"


# --- Code host files ----------------------------------------------------------------------------


def test_pull_request_workflow_validates_with_annotations_builds_and_keeps_a_preview() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as true
    steps = workflow["jobs"]["check"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "ocop validate --format github" in commands
    assert commands.index("ocop validate --format github") < commands.index("mkdocs build")
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_main_branch_is_deployed_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_deploy_workflow_keeps_the_cache_and_the_last_output_together() -> None:
    """The everyday build writes only what changed when it finds both the cache, whose manifest
    records the last output, and that output (README, Hosting)."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    [cache] = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert set(cache["with"]["path"].split()) == {".cache/ocop", ".cache/ocop.key", "site"}
    restored = steps.index(cache)
    built = next(i for i, step in enumerate(steps) if "mkdocs build" in step.get("run", ""))
    assert restored < built


def test_pull_request_template_and_contributing_guide_are_bilingual() -> None:
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in template.splitlines() if line.lstrip().startswith("- [ ]")]
    assert 3 <= len(boxes) <= 7 and all(has_vietnamese_letters(box) for box in boxes)
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for picture in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", guide):
        assert (ROOT / picture).is_file(), picture
    assert "Fork" in guide and "pull request" in guide.lower()
