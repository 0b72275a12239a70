"""The `ocop validate` command: exit codes, file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.records.loader import load_catalog
from generator.tools.cli import main

from .conftest import PRODUCT, SAMPLE_PRODUCTS, TODAY, Records


def test_cli_accepts_the_sample_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SAMPLE_PRODUCTS)]) == 0
    out = capsys.readouterr().out
    result = load_catalog(SAMPLE_PRODUCTS, today=TODAY)
    assert result.catalog is not None
    catalog = result.catalog
    assert f"✓ Hồ sơ hợp lệ: {len(catalog.producers)} cơ sở, {len(catalog.products)} sản phẩm" in out
    assert f"records are valid: {len(catalog.producers)} producers" in out
    assert "lỗi/error" not in out


def test_cli_reports_a_broken_catalog_with_file_and_line(
    records: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    records.minimal()
    records.product(ocop={**PRODUCT["ocop"], "stars": 7})
    records.batch(produced="12/10/2026")
    assert main(["validate", str(records.products)]) == 1
    out = capsys.readouterr().out
    assert "products/htx-tra-ba-che/tra-hoa-vang/product.yml:6:3: lỗi/error [ocop.stars]" in out
    assert "products/htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml:1:1: lỗi/error [produced]" in out
    assert "  vi: Giá trị phải nhỏ hơn hoặc bằng 5." in out
    assert "  en: The value must be at most 5." in out
    assert "✗ 2 lỗi, 0 cảnh báo / 2 errors, 0 warnings" in out


def test_cli_passes_with_only_warnings(records: Records, capsys: pytest.CaptureFixture[str]) -> None:
    records.producer()
    records.product()
    assert main(["validate", str(records.products)]) == 0
    out = capsys.readouterr().out
    assert "products/htx-tra-ba-che/tra-hoa-vang/product.yml:1:1: cảnh báo/warning" in out
    assert "✓ Hồ sơ hợp lệ: 1 cơ sở, 1 sản phẩm, 0 lô" in out
    assert "lỗi/error" not in out


def test_cli_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "khong-co"
    assert main(["validate", str(missing)]) == 2
    captured = capsys.readouterr()
    assert str(missing) in captured.err
    assert "Không tìm thấy thư mục" in captured.err and "folder not found" in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("argv", [[], ["kiem-tra"], ["validate", "a", "b"]])
def test_cli_wrong_usage_exits_with_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: ocop" in capsys.readouterr().err
