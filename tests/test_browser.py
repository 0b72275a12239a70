"""The built site in headless Chromium: phone layout, reading without JavaScript, the language
switch, search, console errors and hostile records. The sites are built once per session
(sitebuild.py) and served over HTTP on 127.0.0.1; screenshots go to a temporary folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.records.catalog import Batch
from generator.records.loader import load_catalog

from . import sitebuild
from .browsing import CHROMIUM, DESKTOP, PHONE, Served, open_page, settle
from .conftest import SAMPLE_PRODUCTS, TODAY
from .sitebuild import HOSTILE_LOT, HOSTILE_PRODUCT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"headless Chromium is not installed at {CHROMIUM}"),
]

RECALLED = "p/che-duong-hoa/DH-2608/"
RELEASED = "p/che-duong-hoa/DH-2610/"
PRODUCT = "p/tra-hoa-vang-ba-che/"
HOSTILE_PAGES = [f"p/{HOSTILE_PRODUCT}/", f"en/p/{HOSTILE_PRODUCT}/{HOSTILE_LOT}/"]

_CATALOG = load_catalog(SAMPLE_PRODUCTS, today=TODAY).catalog
assert _CATALOG is not None, "the sample records must be valid"
BATCHES: dict[str, Batch] = {f"p/{b.product.id}/{b.lot}/": b for b in _CATALOG.batches}


# A shopper scanning a recalled batch on a phone ----------------------------------------------


def test_recalled_batch_warning_is_on_the_first_phone_screen(
    browser: Browser, sample: Served, shots: Path
) -> None:
    page, watch = open_page(browser, sample, RECALLED, viewport=PHONE)
    try:
        alert = page.locator('[role="alert"].ocop-status--recalled')
        assert alert.count() == 1
        assert alert.is_visible()
        box = alert.bounding_box()
        assert box is not None
        assert box["y"] < PHONE["height"], f"the recall warning starts below the first screen ({box['y']} px)"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert "thu hồi" in alert.inner_text().lower()
        page.screenshot(path=str(shots / "recalled-phone.png"))
        assert watch.page_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("path", [RECALLED])
def test_trace_page_does_not_scroll_sideways_on_a_phone(browser: Browser, sample: Served, path: str) -> None:
    page, _ = open_page(browser, sample, path, viewport=PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a {PHONE['width']} px screen"
    finally:
        page.context.close()


def test_product_page_does_not_scroll_sideways_on_a_phone(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, PRODUCT, viewport=PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()


# Reading a trace page without JavaScript -----------------------------------------------------


@pytest.mark.parametrize("path", [RELEASED, RECALLED])
def test_trace_page_without_javascript(browser: Browser, sample: Served, shots: Path, path: str) -> None:
    batch = BATCHES[path]
    page, watch = open_page(browser, sample, path, viewport=PHONE, java_script_enabled=False)
    try:
        status = page.locator(".ocop-status")
        assert status.count() == 1 and status.is_visible()
        facts = page.locator(".ocop-facts--key")
        assert facts.is_visible()
        produced = batch.record.produced
        assert f"{produced.day:02d}/{produced.month:02d}/{produced.year}" in facts.inner_text()
        events = page.locator(".ocop-timeline__event")
        assert events.count() == len(batch.record.events)
        for index in range(events.count()):
            event = events.nth(index)
            event.scroll_into_view_if_needed()
            assert event.is_visible()
            assert event.locator("time").first.is_visible()
        page.screenshot(path=str(shots / f"nojs-{batch.lot}.png"), full_page=True)
        assert watch.page_errors == []
    finally:
        page.context.close()


# Language switch -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [PRODUCT, RELEASED])  # a trace page runs no theme script
def test_language_switch_leads_to_the_same_page_in_english(
    browser: Browser, sample: Served, path: str
) -> None:
    page, _ = open_page(browser, sample, path, viewport=DESKTOP)
    try:
        page.locator(".md-header__option .md-select > button").click()
        page.locator('a.md-select__link[hreflang="en"]').click()
        page.wait_for_url(sample.url("en/" + path))
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator(".md-header__option .md-select > button").click()
        page.locator('a.md-select__link[hreflang="vi"]').click()
        page.wait_for_url(sample.url(path))
        assert page.locator("html").get_attribute("lang") == "vi"
    finally:
        page.context.close()


# Search --------------------------------------------------------------------------------------


# Console and network ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "en/", PRODUCT, RECALLED])
def test_pages_load_without_errors_or_outside_requests(browser: Browser, sample: Served, path: str) -> None:
    """No console error or script error, nothing fetched from another host (fonts, analytics,
    the production site) and no failed request (e.g. Material's lookup of sitemap.xml beside
    <link rel=alternate> tags)."""
    page, watch = open_page(browser, sample, path, viewport=DESKTOP)
    try:
        settle(page)
        assert watch.page_errors == []
        assert watch.console_errors == []
        assert watch.elsewhere == []
        assert watch.failed == []
    finally:
        page.context.close()


# Hostile records -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_page_opens_no_dialog(browser: Browser, hostile: Served, shots: Path, path: str) -> None:
    page, watch = open_page(browser, hostile, path, viewport=PHONE)
    try:
        settle(page)
        page.wait_for_timeout(200)
        page.screenshot(path=str(shots / f"hostile-{path.strip('/').replace('/', '_')}.png"))
        assert watch.dialogs == []
    finally:
        page.context.close()


def test_hostile_text_is_shown_as_text(browser: Browser, hostile: Served) -> None:
    page, _ = open_page(
        browser, hostile, f"p/{HOSTILE_PRODUCT}/", viewport=DESKTOP, java_script_enabled=False
    )
    try:
        heading = page.locator("article.ocop-page h1")
        assert "<script>alert(1)</script>" in heading.inner_text()
        assert page.locator("article.ocop-page script, article.ocop-page img[src=x]").count() == 0
    finally:
        page.context.close()


# Browsing the catalog -----------------------------------------------------------------------


def visible_products(page: Page) -> list[str]:
    return page.locator("ul.ocop-grid > li.ocop-card:visible .ocop-card__name").all_inner_texts()


@pytest.mark.parametrize(("prefix", "next_label"), [("", "Trang sau"), ("en/", "Next")])
def test_paged_catalog_leads_on_page_by_page_on_a_phone(
    browser: Browser, paged: Served, shots: Path, prefix: str, next_label: str
) -> None:
    page, watch = open_page(browser, paged, prefix + "catalog/page/2/", viewport=PHONE)
    try:
        settle(page)
        assert len(visible_products(page)) == sitebuild.PAGED_LISTING_SIZE
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("nav.ocop-pager").scroll_into_view_if_needed()
        page.screenshot(path=shots / f"catalog-page-2-{prefix.strip('/') or 'vi'}.png", full_page=True)
        page.get_by_role("link", name=next_label).click()
        assert page.url.endswith(f"/{prefix}catalog/page/3/")
        assert page.locator("nav.ocop-pager [aria-current=page]").inner_text() == "3"
        assert watch.page_errors == [] and watch.console_errors == []
    finally:
        page.context.close()


# Accessibility --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["catalog/", PRODUCT, RECALLED, "en/" + RECALLED])
def test_no_serious_accessibility_violations(
    browser: Browser, sample: Served, shots: Path, path: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, watch = open_page(browser, sample, path, viewport=PHONE)
    try:
        settle(page)
        page.screenshot(path=str(shots / f"a11y-{path.strip('/').replace('/', '_')}.png"), full_page=True)
        results = Axe().run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
        assert watch.console_errors == []
    finally:
        page.context.close()
