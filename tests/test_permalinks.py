"""A printed QR code always resolves: the ledger, withdrawn records, renamed products, Digital Link
and labels that scan at their print size."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser

from generator.records.loader import load_catalog
from generator.site.plan import build_plan
from generator.site.urls import digital_link_url
from generator.tools.cli import main as ocop

from .conftest import TODAY
from .sitebuild import ROOT, BuildFailed, build_site

pytestmark = pytest.mark.e2e

RECALLED_PRODUCT = "cty-thuan-quynh/che-duong-hoa"
BATCH_FILE = f"{RECALLED_PRODUCT}/batches/DH-2610.yml"
GTIN_PRODUCT = "nuoc-khoang-quang-hanh-co-ga"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the sample records next to a copy of the repository's ledger."""
    shutil.copytree(ROOT / "products", tmp_path / "products")
    shutil.copy(ROOT / "permalinks.tsv", tmp_path / "permalinks.tsv")
    return tmp_path


def redirect_target(site: Path, path: str) -> str:
    """Where the static redirect page at ``path`` leads (site path), read as a browser would."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert refresh, f"{path} is not a redirect"
    assert 'rel="canonical"' in html
    return urljoin("https://x/" + path, refresh.group(1)).removeprefix("https://x/")


def test_removing_a_published_batch_fails_validation_and_the_build(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (checkout / "products" / BATCH_FILE).unlink()
    assert ocop(["validate", str(checkout / "products")]) == 1
    out = capsys.readouterr().out
    assert "/p/che-duong-hoa/DH-2610/" in out
    assert "products/cty-thuan-quynh/che-duong-hoa/batches/DH-2610.yml" in out
    assert "permalinks.tsv:" in out  # the ledger line is named, so a reviewer finds it
    with pytest.raises(BuildFailed) as failure:
        build_site(checkout / "build", checkout / "products", ledger=checkout / "permalinks.tsv")
    assert "/p/che-duong-hoa/DH-2610/" in str(failure.value)


def test_withdrawing_a_batch_passes_and_serves_a_tombstone(checkout: Path) -> None:
    path = checkout / "products" / BATCH_FILE
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["status"] = "withdrawn"
    record["withdrawal"] = {
        "date": "2026-11-20",
        "reason": {"vi": "Ngừng phân phối theo kế hoạch của cơ sở.", "en": "Distribution ended as planned."},
    }
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    assert ocop(["validate", str(checkout / "products")]) == 0
    site = build_site(checkout / "build", checkout / "products", ledger=checkout / "permalinks.tsv").site
    for prefix, reason in (("", "Ngừng phân phối theo kế hoạch"), ("en/", "Distribution ended as planned")):
        html = (site / prefix / "p/che-duong-hoa/DH-2610/index.html").read_text(encoding="utf-8")
        status = html.index("ocop-status--withdrawn")
        assert status < html.index("<h1"), "the page opens with what happened"
        assert reason in html
        assert 'href="../"' in html[status:], "the tombstone links on to its product"
        # And it is news: the producer's feed says so, newest first, above the older recall.
        feed = json.loads(
            (site / prefix / "producers/cty-thuan-quynh/recalls.json").read_text(encoding="utf-8")
        )
        assert [(item["_ocop"]["status"], item["_ocop"]["lot"]) for item in feed["items"]] == [
            ("withdrawn", "DH-2610"),
            ("recalled", "DH-2608"),
        ]
        assert reason in feed["items"][0]["content_text"]


def test_renamed_product_redirects_its_old_product_and_batch_urls(checkout: Path) -> None:
    products = checkout / "products" / "cty-thuan-quynh"
    (products / "che-duong-hoa").rename(products / "che-xanh-duong-hoa")
    record_file = products / "che-xanh-duong-hoa" / "product.yml"
    record = yaml.safe_load(record_file.read_text(encoding="utf-8"))
    record["id"] = "che-xanh-duong-hoa"
    record["formerly"] = ["che-duong-hoa"]
    record_file.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    assert ocop(["validate", str(checkout / "products")]) == 0
    site = build_site(checkout / "build", checkout / "products", ledger=checkout / "permalinks.tsv").site
    lots = [p.stem for p in (products / "che-xanh-duong-hoa" / "batches").glob("*.yml")]
    for prefix in ("", "en/"):
        assert redirect_target(site, f"{prefix}p/che-duong-hoa/") == f"{prefix}p/che-xanh-duong-hoa/"
        for lot in lots:
            old, new = f"{prefix}p/che-duong-hoa/{lot}/", f"{prefix}p/che-xanh-duong-hoa/{lot}/"
            assert redirect_target(site, old) == new
            assert (site / new / "index.html").is_file()


def test_former_id_cannot_shadow_another_product(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record_file = checkout / "products" / RECALLED_PRODUCT / "product.yml"
    record = yaml.safe_load(record_file.read_text(encoding="utf-8"))
    record["formerly"] = ["ga-tien-yen"]
    record_file.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    assert ocop(["validate", str(checkout / "products")]) == 1
    assert "ga-tien-yen" in capsys.readouterr().out


def test_digital_link_urls_resolve_to_the_product_and_its_batches(sample_site_dir: Path) -> None:
    gtin = "08936041710252"
    assert redirect_target(sample_site_dir, f"01/{gtin}/") == f"p/{GTIN_PRODUCT}/"
    for lot in ("QH260402", "QH260815", "QH261103"):
        assert redirect_target(sample_site_dir, f"01/{gtin}/10/{lot}/") == f"p/{GTIN_PRODUCT}/{lot}/"


def test_digital_link_percent_encodes_lot_characters_gs1_requires() -> None:
    url = digital_link_url("https://ocop.example.vn/", "08936041710252", "A:1(x)")
    assert url == "https://ocop.example.vn/01/08936041710252/10/A%3A1%28x%29"


def test_digital_links_resolve_without_their_trailing_slash(sample_site_dir: Path) -> None:
    """New codes print the form GS1's grammar accepts; a static host answers it with a file of
    its own (``<path>.html``), which leads where the folder of the printed form leads."""
    gtin = "08936041710252"
    for path, target in [(f"01/{gtin}", f"p/{GTIN_PRODUCT}/")] + [
        (f"01/{gtin}/10/{lot}", f"p/{GTIN_PRODUCT}/{lot}/") for lot in ("QH260402", "QH260815", "QH261103")
    ]:
        html = (sample_site_dir / f"{path}.html").read_text(encoding="utf-8")
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
        assert refresh, f"{path}.html is not a redirect"
        # The file is served at the path without a slash: its link is relative to that URL.
        assert urljoin("https://x/" + path, refresh.group(1)).removeprefix("https://x/") == target


def test_a_lot_named_like_another_lots_file_keeps_the_folder(records) -> None:
    """Lot "A"'s file "A.html" would stand where lot "A.html"'s folder is: that lot alone is left
    to the host's redirect of "…/10/A" to "…/10/A/"."""
    records.producer()
    records.product(gtin="08936041710252")
    records.batch(lot="A")
    records.batch(lot="A.html")
    catalog = load_catalog(records.products, today=TODAY).catalog
    assert catalog is not None
    bare = {r.from_path: r.bare for r in build_plan(catalog, "https://ocop.example.vn/").redirects}
    gtin = "08936041710252"
    assert bare == {f"01/{gtin}/": True, f"01/{gtin}/10/A/": False, f"01/{gtin}/10/A.html/": True}


@pytest.fixture(scope="module")
def sample_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("permalinks")
    return build_site(root, ROOT / "products").site


@pytest.mark.browser
def test_label_stickers_scan_when_printed_at_300_dpi(sample_site_dir: Path, browser: Browser) -> None:
    """Each sticker, rendered at its print size at 300 dots per inch, decodes to the batch's code."""
    sheet = sample_site_dir / "p/ruou-ba-kich-ba-che/labels/index.html"
    expected = "https://ocop.example.vn/p/ruou-ba-kich-ba-che/BK-2610/"
    page = browser.new_page(device_scale_factor=300 / 96)  # CSS inches at 300 dpi
    try:
        page.goto(sheet.as_uri() + "#BK-2610")  # the batch's stickers alone, as its page links them
        stickers = page.locator("svg.code:visible")
        sizes = {}
        for index in range(stickers.count()):
            box = stickers.nth(index).bounding_box()
            assert box is not None
            size_mm = round(box["width"] / 96 * 25.4)
            if size_mm in sizes:
                continue
            image = Image.open(io.BytesIO(stickers.nth(index).screenshot()))
            sizes[size_mm] = [code.text for code in zxingcpp.read_barcodes(image)]
    finally:
        page.close()
    assert sizes == {20: [expected], 30: [expected], 40: [expected]}


def test_preview_builds_one_producer_and_the_shared_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OCOP_PREVIEW", "cty-thuan-quynh")
    site = build_site(tmp_path, ROOT / "products").site
    assert sorted(p.name for p in (site / "p").iterdir()) == ["che-duong-hoa"]
    assert (site / "producers/cty-thuan-quynh/index.html").is_file()
    assert (site / "catalog/index.html").is_file() and (site / "en/index.html").is_file()


def test_site_without_label_sheets_links_to_none(tmp_path: Path) -> None:
    """`labels: false` keeps the output smaller for hosts with a size cap, without broken links."""
    site = build_site(tmp_path, ROOT / "products", options={"labels": False}).site
    batch = site / "p/ruou-ba-kich-ba-che/BK-2610"
    assert (batch / "index.html").is_file() and (batch / "qr.svg").is_file()
    assert not list(site.rglob("labels"))
    assert "labels/" not in (batch / "index.html").read_text(encoding="utf-8")
