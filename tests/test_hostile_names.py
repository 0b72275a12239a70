"""Hostile names (issue 14): files and folders that a checkout on Windows cannot hold, and lots that
would be files the site writes itself. Each is refused by `ocop validate`, naming the file, in
Vietnamese and English; the build refuses the same records with the same words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.site.checks import names_beside_lots
from generator.tools.cli import main

from . import sitebuild
from .conftest import Records, has_vietnamese_letters
from .sitebuild import BuildFailed, BuildResult, build_site

PRODUCT = "htx-tra-ba-che/tra-hoa-vang"


def errors_of(records: Records, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["validate", str(records.products), "--format", "json"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    for error in errors:
        assert has_vietnamese_letters(error["message"]["vi"]) and error["message"]["en"]
    return errors


def move_batch(records: Records, lot: str) -> None:
    records.minimal()
    (records.products / PRODUCT / "batches" / "THV2610.yml").unlink()
    records.batch(lot)


@pytest.mark.parametrize(
    ("lot", "code"),
    [
        ("CON", "ocop_windows_device"),
        ("nul.2610", "ocop_windows_device"),
        ("Com1", "ocop_windows_device"),
        ("LPT9.tra", "ocop_windows_device"),
        ("A:1", "ocop_windows_character"),  # a GS1 lot character, but not in a Windows file name
        ("L<2>", "ocop_windows_character"),
    ],
)
def test_a_lot_windows_cannot_name_a_file_after_is_refused(
    records: Records, capsys: pytest.CaptureFixture[str], lot: str, code: str
) -> None:
    move_batch(records, lot)
    [error] = errors_of(records, capsys)
    assert (error["code"], error["file"]) == (code, f"products/{PRODUCT}/batches/{lot}.yml")
    assert "Windows" in error["message"]["vi"]


@pytest.mark.parametrize(
    ("relative", "code"),
    [
        ("htx-tra-ba-che/media/aux.jpg", "ocop_windows_device"),  # named by no record
        ("htx-tra-ba-che/media/PRN/logo.png", "ocop_windows_device"),
        ("htx-tra-ba-che/media/bản cũ./anh.jpg", "ocop_windows_end"),
        ("htx-tra-ba-che/media/anh.jpg ", "ocop_windows_end"),
        ("htx-tra-ba-che/media/anh?.jpg", "ocop_windows_character"),
        ("htx-tra-ba-che/media/tài liệu/a<b>.txt", "ocop_windows_character"),
    ],
)
def test_any_name_in_a_producer_folder_must_suit_every_checkout(
    records: Records, capsys: pytest.CaptureFixture[str], relative: str, code: str
) -> None:
    records.minimal()
    records.write(relative, text=b"\xff\xd8")
    [error] = errors_of(records, capsys)
    assert error["code"] == code
    assert relative.startswith(error["file"].removeprefix("products/"))


def test_a_folder_named_like_a_device_is_refused(
    records: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    records.minimal()
    (records.products / "htx-tra-ba-che").rename(records.products / "aux")
    [error] = errors_of(records, capsys)
    assert (error["code"], error["file"]) == ("ocop_windows_device", "products/aux")


def test_two_names_that_differ_only_in_case_are_refused(
    records: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    records.minimal()
    records.batch("thv2610")
    [error] = errors_of(records, capsys)
    assert error["code"] == "name_case_clash"
    assert error["file"] == f"products/{PRODUCT}/batches/thv2610.yml"
    assert "THV2610.yml" in error["message"]["vi"]


@pytest.mark.parametrize("lot", ["qr.png", "qr.svg", "index.html", "QR.PNG", "labels", "epcis.json"])
def test_a_lot_named_like_a_file_the_site_writes_is_refused(
    records: Records, capsys: pytest.CaptureFixture[str], lot: str
) -> None:
    move_batch(records, lot)
    [error] = errors_of(records, capsys)
    assert (error["code"], error["file"]) == ("lot_reserved", f"products/{PRODUCT}/batches/{lot}.yml")
    assert "qr.png" in error["message"]["vi"]


def test_the_build_refuses_a_reserved_lot_with_the_same_words(tmp_path: Path) -> None:
    records = Records(tmp_path / "records")
    move_batch(records, "qr.png")
    with pytest.raises(BuildFailed) as refused:
        build_site(tmp_path / "build", records.products, ledger=sitebuild.NO_LEDGER)
    report = str(refused.value)
    assert "lot_reserved" not in report and "Số lô “qr.png”" in report and "FileExistsError" not in report


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.sample_site(tmp_path_factory)


def test_every_name_the_site_writes_beside_the_lots_is_reserved(site: BuildResult) -> None:
    """Fails when a writer adds a file to a product's, a batch's or a Digital Link folder without
    reserving its name from lots."""
    lots = {batch.lot for batch in site.config.plugins["ocop"].plan.catalog.batches}  # type: ignore[attr-defined]
    folders = [*site.site.glob("p/*/"), *site.site.glob("p/*/*/"), *site.site.glob("en/p/*/")]
    folders += [*site.site.glob("en/p/*/*/"), *site.site.glob("01/*/")]
    assert len(folders) > 20
    written = {entry.name for folder in folders if folder.is_dir() for entry in folder.iterdir()}
    assert {"qr.svg", "epcis.json", "labels", "index.html"} <= written
    assert written - lots - {"10"} <= names_beside_lots()  # 10: the GS1 key of lots, a folder of lots
