"""The built site in headless Chromium: phone layout, reading without JavaScript, the language
switch, search, console errors and hostile records. The sites are built once per session
(sitebuild.py) and served over HTTP on 127.0.0.1; screenshots go to a temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.records.catalog import Batch
from generator.records.loader import load_catalog

from . import sitebuild
from .chromium import CHROMIUM, Served, chromium, serve
from .conftest import SAMPLE_PRODUCTS, TODAY
from .sitebuild import HOSTILE_LOT, HOSTILE_PRODUCT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Response

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"headless Chromium is not installed at {CHROMIUM}"),
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
RECALLED = "p/che-duong-hoa/DH-2608/"
RELEASED = "p/che-duong-hoa/DH-2610/"
PRODUCT = "p/tra-hoa-vang-ba-che/"
HOSTILE_PAGES = [f"p/{HOSTILE_PRODUCT}/", f"en/p/{HOSTILE_PRODUCT}/{HOSTILE_LOT}/"]

_CATALOG = load_catalog(SAMPLE_PRODUCTS, today=TODAY).catalog
assert _CATALOG is not None, "the sample records must be valid"
BATCHES: dict[str, Batch] = {f"p/{b.product.id}/{b.lot}/": b for b in _CATALOG.batches}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(sitebuild.sample_site(tmp_path_factory))


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(sitebuild.paged_site(tmp_path_factory))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(sitebuild.hostile_site(tmp_path_factory))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@dataclass
class Watch:
    """What a page reported while it was open: console errors, script errors, requests."""

    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Watch:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("dialog", self._dialog)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _failed(self, request: Request) -> None:
        self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    @property
    def elsewhere(self) -> list[str]:
        """Requests that left the site being served."""
        return [url for url in self.requests if not url.startswith((self.base, "data:", "blob:"))]


def open_page(browser: Browser, served: Served, path: str, **context: Any) -> tuple[Page, Watch]:
    page = browser.new_context(**context).new_page()
    watch = Watch(served.base).attach(page)
    page.goto(served.url(path), wait_until="load")
    return page, watch


def settle(page: Page) -> None:
    """Let the page's scripts finish what they start after load (search index, lookups)."""
    page.wait_for_load_state("networkidle")


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


def search(page: Page, words: str) -> list[str]:
    """Type into Material's search box and return the links of the results."""
    settle(page)  # the search worker has fetched this language's index
    page.locator("label.md-header__button[for=__search]").click()
    # Typed key by key, as a person does (Material reacts to key events).
    page.locator("input.md-search__input").press_sequentially(words, delay=10)
    page.locator(".md-search-result__item").first.wait_for(state="attached", timeout=10_000)
    # Material redraws the results as the query settles: read them all at once, not one by one.
    page.wait_for_timeout(300)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    return [str(href) for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")]


def test_english_search_finds_english_product_pages(browser: Browser, sample: Served, shots: Path) -> None:
    page, watch = open_page(browser, sample, "en/", viewport=PHONE)
    try:
        found = search(page, "golden camellia")
        page.screenshot(path=str(shots / "search-en.png"))
        assert any(url.split("#")[0] == sample.url("en/" + PRODUCT) for url in found), found
        assert all(url.startswith(sample.url("en/")) for url in found), "Vietnamese pages in English results"
        assert watch.page_errors == []
    finally:
        page.context.close()


def test_vietnamese_search_finds_vietnamese_pages(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, "", viewport=PHONE)
    try:
        found = search(page, "trà hoa vàng")
        assert any(url.split("#")[0] == sample.url(PRODUCT) for url in found), found
        assert not any(url.startswith(sample.url("en/")) for url in found), (
            "English pages in Vietnamese results"
        )
    finally:
        page.context.close()


# Console and network ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "en/", PRODUCT, RECALLED, "stats/", "en/print/"])
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


def test_searching_hostile_records_opens_no_dialog(browser: Browser, hostile: Served) -> None:
    page, watch = open_page(browser, hostile, "ocop/", viewport=PHONE)
    try:
        assert watch.dialogs == []  # the page itself is clean
        # Results show the hostile records' titles and text (the word is in their summary).
        search(page, "Tóm tắt")
        page.wait_for_timeout(300)
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
    cards = page.locator("ul.ocop-grid > li.ocop-card:visible")
    return [
        str(cards.nth(i).get_attribute("data-producer")) + "/" + str(cards.nth(i).get_attribute("data-name"))
        for i in range(cards.count())
    ]


def test_catalog_filters_sort_and_keep_their_state_in_the_link(
    browser: Browser, sample: Served, shots: Path
) -> None:
    page, watch = open_page(browser, sample, "catalog/", viewport=PHONE)
    try:
        everything = visible_products(page)
        assert len(everything) == len([p for p in _CATALOG.products if p.record.status != "withdrawn"])
        page.select_option("select[name=group]", "food")
        page.select_option("select[name=stars]", "4")
        food_4 = {
            p.record.name["vi"]
            for p in _CATALOG.products
            if p.record.group == "food" and p.record.ocop.stars == 4
        }
        assert {name.split("/", 1)[1] for name in visible_products(page)} == food_4
        assert "group=food" in page.url and "stars=4" in page.url
        page.select_option("select[name=sort]", "name")
        names = [name.split("/", 1)[1] for name in visible_products(page)]
        assert names == sorted(names, key=lambda n: n.casefold()) or len(names) < 2
        page.screenshot(path=str(shots / "catalog-filtered-phone.png"), full_page=True)
        # The link is the state: opening it again shows the same view.
        shared = browser.new_context(viewport=PHONE).new_page()
        shared.goto(page.url)
        assert visible_products(shared) == visible_products(page)
        assert shared.locator("select[name=group]").input_value() == "food"
        shared.context.close()
        # Newest first follows the newest batch of each product.
        page.select_option("select[name=group]", "")
        page.select_option("select[name=stars]", "")
        page.select_option("select[name=sort]", "newest")
        newest = page.locator("ul.ocop-grid > li.ocop-card:visible").first.get_attribute("data-newest")
        assert newest == max(b.record.produced for b in _CATALOG.batches).isoformat()
        assert watch.page_errors == [] and watch.console_errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()


def test_catalog_without_javascript_offers_the_static_index_pages(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, "catalog/", viewport=PHONE, java_script_enabled=False)
    try:
        assert page.locator("form.ocop-filter").is_hidden()
        page.locator("nav.ocop-browse a[href$='group/food/']").click()
        assert page.url.endswith("/catalog/group/food/")
        assert len(visible_products(page)) == len([p for p in _CATALOG.products if p.record.group == "food"])
    finally:
        page.context.close()


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


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("nuoc mam", "Nước mắm Cái Rồng"), ("tra hoa vang", "Trà hoa vàng Ba Chẽ"), ("dong rui", "Đồng Rui")],
)
def test_search_forgives_missing_diacritics(
    browser: Browser, sample: Served, typed: str, expected: str
) -> None:
    """The real search code (Material's worker and lunr) on the built site."""
    page, watch = open_page(browser, sample, "", viewport=PHONE)
    try:
        search(page, typed)
        titles = page.locator(".md-search-result__item h1").evaluate_all("hs => hs.map(h => h.innerText)")
        assert any(expected in title for title in titles), titles
        assert watch.page_errors == []
    finally:
        page.context.close()


# Accessibility --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["catalog/", PRODUCT, RECALLED, "en/" + RECALLED, "en/stats/", PRODUCT + "sheet/"]
)
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
