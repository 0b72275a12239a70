"""Search and browsing the catalog in headless Chromium, with the real Pagefind bundles of the
built sample site: the searches people type, in each language, the keyboard, what is downloaded
when, and the catalog's filters over a catalog larger than one listing page."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from generator.site.urls import slugify

from . import sitebuild
from .browsing import DESKTOP, PHONE, Served, open_page, serious_violations, settle
from .test_browser import _CATALOG, PRODUCT, RECALLED, pytestmark  # noqa: F401 (Chromium is needed)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page


def pagefind_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "/pagefind/" in url]


def type_search(page: Page, words: str) -> None:
    """Open the header's search and type ``words`` key by key."""
    button = page.locator("label.md-header__button[for=__search]")
    (button if button.is_visible() else page.locator(".md-header input[name=q]")).click()
    page.locator(".md-header input[name=q]").press_sequentially(words, delay=30)


def search(page: Page, words: str) -> list[tuple[str, str]]:
    """Open the header's search, type ``words`` and read the results (title, link)."""
    type_search(page, words)
    return shown_results(page)


def shown_results(page: Page) -> list[tuple[str, str]]:
    """The header search's results (title, link), once they have settled."""
    results = page.locator(".md-header [data-ocop-search-results] a.ocop-result")
    results.first.wait_for(state="attached", timeout=10_000)
    page.wait_for_timeout(400)  # the last keys' search settles
    return [
        (str(item["title"]), str(item["href"]))
        for item in results.evaluate_all(
            "links => links.map(a => ({title: a.querySelector('.ocop-result__title').textContent, href: a.href}))"
        )
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nuoc mam", "Nước mắm Cái Rồng"),
        ("tra hoa vang", "Trà hoa vàng Ba Chẽ"),
        ("dong rui", "Trứng vịt biển Đồng Rui"),  # "đ" has no decomposition: indexed as "d" too
        ("dac san", "Nước mắm Cái Rồng"),  # a word of its story
        ("Đồng Tiến", "Hợp tác xã Chăn nuôi và Dịch vụ Đồng Tiến"),  # producers are results too
    ],
)
def test_vietnamese_searches_find_their_pages(
    browser: Browser, sample: Served, typed: str, expected: str
) -> None:
    page, watch = open_page(browser, sample, "", viewport=PHONE)
    try:
        found = search(page, typed)
        assert any(title.startswith(expected) for title, _ in found), found
        assert not any("/en/" in href for _, href in found), "English pages in Vietnamese results"
        assert watch.page_errors == [] and watch.console_errors == []
    finally:
        page.context.close()


def test_exact_diacritics_rank_first(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, "", viewport=PHONE)
    try:
        titles = [title for title, _ in search(page, "đồng")]
        exact = [i for i, title in enumerate(titles) if "Đồng" in title or "đồng" in title]
        folded = [
            i
            for i, title in enumerate(titles)
            if "dong" in title.lower().split() and "đồng" not in title.lower()
        ]
        assert exact, titles
        assert not folded or max(exact) < min(folded), titles
    finally:
        page.context.close()


def test_english_search_finds_english_pages_only(browser: Browser, sample: Served, shots: Path) -> None:
    page, watch = open_page(browser, sample, "en/", viewport=PHONE)
    try:
        found = search(page, "fish sauce")
        page.screenshot(path=str(shots / "search-en-phone.png"))
        assert any("fish sauce" in title.lower() for title, _ in found), found
        assert all(href.startswith(sample.url("en/")) for _, href in found), found
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert watch.elsewhere == [] and watch.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("path", [RECALLED, PRODUCT])
def test_an_open_search_does_not_scroll_sideways_on_a_phone(
    browser: Browser, sample: Served, path: str
) -> None:
    # Material's search opens behind a circle 45 times its size, and only Material's script,
    # which these pages do not run, locked the page meanwhile.
    page, _ = open_page(browser, sample, path, viewport=PHONE)
    try:
        type_search(page, "nuoc mam")
        page.wait_for_timeout(500)  # the backdrop grown
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()


def test_a_result_shows_photo_stars_producer_and_commune(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, "", viewport=PHONE)
    try:
        search(page, "tra hoa vang")
        first = page.locator(".md-header a.ocop-result").first
        product = next(p for p in _CATALOG.products if p.id == PRODUCT.split("/")[1])
        assert first.evaluate("a => a.href") == sample.url(PRODUCT)
        assert first.locator("img").get_attribute("src").endswith("-480.jpg")
        meta = first.locator(".ocop-result__meta").inner_text()
        assert f"{product.record.ocop.stars} sao OCOP" in meta
        assert product.producer.record.name["vi"] in meta and product.producer.record.commune in meta
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("prefix", "typed", "producer", "counted"),
    [
        ("", "Đồng Tiến", "htx-chan-nuoi-dong-tien", "1 sản phẩm"),
        ("en/", "Đồng Tiến", "htx-chan-nuoi-dong-tien", "1 product"),
        ("en/", "Ba Chẽ forest", "htx-lam-san-ngoai-go-ba-che", "2 products"),
    ],
)
def test_a_producer_result_counts_its_products(
    browser: Browser, sample: Served, prefix: str, typed: str, producer: str, counted: str
) -> None:
    page, _ = open_page(browser, sample, prefix, viewport=PHONE)
    try:
        search(page, typed)
        result = page.locator(f".md-header a.ocop-result[href$='producers/{producer}/']")
        assert result.locator(".ocop-result__meta").inner_text().endswith(" · " + counted)
    finally:
        page.context.close()


@pytest.mark.parametrize(("prefix", "typed"), [("", "sản phẩm"), ("en/", "products"), ("en/", "producer")])
def test_a_search_matches_what_pages_say_not_what_their_results_show(
    browser: Browser, sample: Served, prefix: str, typed: str
) -> None:
    """Pagefind searches a result's fields too: a field naming the kind of page, or a count
    written in words, made "product" find every page and "sản phẩm" every producer."""
    page, _ = open_page(browser, sample, prefix, viewport=PHONE)
    try:
        found = page.evaluate(
            """async ([bundle, typed]) => {
                const pagefind = await import(bundle);
                await pagefind.options({baseUrl: "/"});
                const search = await pagefind.search(typed);
                const results = await Promise.all(search.results.map(r => r.data()));
                return results.map(r => [r.url, r.locations.length]);
            }""",
            [sample.url("pagefind/search/pagefind.js"), typed],
        )
        assert found, f"nothing found for {typed!r}"
        assert [url for url, matched_in_text in found if not matched_in_text] == []
    finally:
        page.context.close()


def test_a_lone_letter_is_not_searched(browser: Browser, sample: Served) -> None:
    """A letter alone starts a tenth of the catalog's words and would cost the download of its
    index chunk: "n" shows the hint, and "nuoc m" the results of "nuoc" until the next letter."""
    page, watch = open_page(browser, sample, "", viewport=PHONE)
    try:
        page.locator("label.md-header__button[for=__search]").click()
        box = page.locator(".md-header input[name=q]")
        box.press_sequentially("n", delay=30)
        page.wait_for_timeout(600)
        status = page.locator(".md-header [data-ocop-search-status]")
        assert status.inner_text().startswith("Gõ tên sản phẩm")
        assert not [url for url in watch.requests if url.endswith(".pf_index")]
        box.press_sequentially("uoc", delay=30)
        nuoc = shown_results(page)
        chunks = {url for url in watch.requests if url.endswith(".pf_index")}
        box.press_sequentially(" m", delay=30)
        assert shown_results(page) == nuoc
        assert {url for url in watch.requests if url.endswith(".pf_index")} == chunks
    finally:
        page.context.close()


@pytest.mark.parametrize("path", [PRODUCT, "catalog/"])
def test_nothing_is_downloaded_for_search_until_it_is_opened(
    browser: Browser, sample: Served, path: str
) -> None:
    page, watch = open_page(browser, sample, path, viewport=PHONE)
    try:
        settle(page)
        assert pagefind_requests(watch.requests) == []
        page.locator("label.md-header__button[for=__search]").click()
        page.wait_for_timeout(500)
        assert any(url.endswith("pagefind/search/pagefind.js") for url in watch.requests)
    finally:
        page.context.close()


def test_the_keyboard_opens_moves_through_and_closes_search(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, "", viewport=DESKTOP)
    try:
        search(page, "tra hoa vang")
        box = page.locator(".md-header input[name=q]")
        assert box.get_attribute("aria-label")
        assert page.locator(".md-header [data-ocop-search-status]").get_attribute("aria-live") == "polite"
        box.press("ArrowDown")
        assert page.evaluate("document.activeElement.classList.contains('ocop-result')")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.name") == "q"
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
        assert page.locator(".md-search__output").is_hidden()
    finally:
        page.context.close()


def test_a_trace_page_searches_through_the_search_page(browser: Browser, sample: Served) -> None:
    """Trace pages run no theme script: their search is a form that opens the search page."""
    page, watch = open_page(browser, sample, RECALLED, viewport=PHONE)
    try:
        settle(page)
        assert not any(url.endswith(".js") for url in watch.requests)
        page.locator("label.md-header__button[for=__search]").click()
        box = page.locator(".md-header input[name=q]")
        box.fill("nuoc mam")
        box.press("Enter")
        page.wait_for_url("**/search/?q=nuoc+mam")
        page.locator("article [data-ocop-search-results] a.ocop-result").first.wait_for(timeout=10_000)
        titles = page.locator("article .ocop-result__title").all_inner_texts()
        assert any(t.startswith("Nước mắm Cái Rồng") for t in titles), titles
        assert page.locator("#ocop-query").input_value() == "nuoc mam"
    finally:
        page.context.close()


# Browsing the whole catalog -------------------------------------------------------------------


def shown_products(page: Page) -> list[str]:
    return page.locator("ul.ocop-grid > li.ocop-card .ocop-card__name").all_inner_texts()


def wait_for_results(page: Page, found: int, total: int) -> None:
    """Until the count says ``found`` of ``total`` and the first of them are shown (on a shared,
    busy machine the index can take more than ten seconds to load: a full CI run once did)."""
    page.locator(f"[data-ocop-count]:has-text('{found} / {total}')").wait_for(timeout=30_000)
    shown = min(found, int(page.locator("[data-ocop-more]").get_attribute("data-size") or 0))
    page.wait_for_function(f"document.querySelectorAll('ul.ocop-grid > li').length == {shown}")


def listed() -> list:
    return [p for p in _CATALOG.products if p.record.status != "withdrawn"]


def test_filters_find_products_beyond_the_first_listing_page(
    browser: Browser, paged: Served, shots: Path
) -> None:
    """Listings of four products a page: the filters browse all of them, with the counts of
    /data/catalog.json."""
    catalog = json.loads((paged.build.site / "data" / "catalog.json").read_text(encoding="utf-8"))
    products = [p for p in catalog["products"] if p["status"] != "withdrawn"]
    page, watch = open_page(browser, paged, "catalog/", viewport=PHONE)
    try:
        first_page = set(shown_products(page))
        assert len(first_page) == sitebuild.PAGED_LISTING_SIZE
        page.get_by_role("button", name="Lọc danh mục").click()
        page.select_option("select[name=group]", "food")
        food = [p for p in products if p["group"] == "food"]
        wait_for_results(page, len(food), len(products))
        more = page.get_by_role("button", name="Xem thêm")
        while more.is_visible():  # four at a time
            before = len(shown_products(page))
            more.click()
            page.wait_for_function(f"document.querySelectorAll('ul.ocop-grid > li').length > {before}")
        shown = set(shown_products(page))
        assert shown == {p["name"]["vi"] for p in food}
        assert shown - first_page, "the filter finds products that page 1 does not list"
        # Each option says how many products it would leave, as catalog.json counts them.
        groups = Counter(p["group"] for p in products)
        for group, n in groups.items():
            label = page.locator(f"select[name=group] option[value={group}]").inner_text()
            assert label.endswith(f"({n})"), label
        stars = Counter(str(p["ocop"]["stars"]) for p in food)
        for value, n in stars.items():
            assert page.locator(f"select[name=stars] option[value='{value}']").inner_text().endswith(f"({n})")
        page.screenshot(path=str(shots / "catalog-filtered-phone.png"), full_page=True)
        assert "group=food" in page.url
        assert watch.page_errors == [] and watch.console_errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()


def test_a_shared_link_opens_filtered_and_sorted(browser: Browser, paged: Served) -> None:
    product = max(
        listed(),
        key=lambda p: len([q for q in listed() if q.producer.record.commune == p.producer.record.commune]),
    )
    commune = slugify(product.producer.record.commune)
    in_commune = [p for p in listed() if slugify(p.producer.record.commune) == commune]
    page, _ = open_page(browser, paged, f"catalog/?commune={commune}&sort=name", viewport=PHONE)
    try:
        wait_for_results(page, len(in_commune), len(listed()))
        names = shown_products(page)
        assert sorted(names) == sorted(p.record.name["vi"] for p in in_commune)
        slugs = [slugify(name) for name in names]
        assert slugs == sorted(slugs)
        assert page.locator("select[name=commune]").input_value() == commune
    finally:
        page.context.close()


def test_newest_first_follows_each_products_newest_batch(browser: Browser, paged: Served) -> None:
    page, _ = open_page(browser, paged, "catalog/?sort=newest", viewport=PHONE)
    try:
        wait_for_results(page, len(listed()), len(listed()))
        newest = max(listed(), key=lambda p: p.latest_produced)
        assert shown_products(page)[0] == newest.record.name["vi"]
        page.get_by_role("button", name="Xem thêm").click()
        page.wait_for_function(
            f"document.querySelectorAll('ul.ocop-grid > li').length == {2 * sitebuild.PAGED_LISTING_SIZE}"
        )
        dates = [max(b.record.produced for b in p.batches) for p in listed()]
        assert len(set(dates)) > 1
    finally:
        page.context.close()


def test_the_catalog_without_javascript_leads_to_the_static_index_pages(
    browser: Browser, sample: Served
) -> None:
    page, _ = open_page(browser, sample, "catalog/", viewport=PHONE, java_script_enabled=False)
    try:
        assert page.locator("[data-ocop-filter]").is_hidden()
        page.locator(".ocop-filter__static a").click()
        page.locator("nav.ocop-browse a[href$='group/food/']").click()
        assert page.url.endswith("/catalog/group/food/")
        assert len(shown_products(page)) == len([p for p in listed() if p.record.group == "food"])
    finally:
        page.context.close()


def test_products_are_on_the_first_phone_screen_and_stay_there(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, "catalog/", viewport=PHONE)
    try:
        first = page.locator("ul.ocop-grid > li.ocop-card").first
        top = first.bounding_box()["y"]
        assert top < PHONE["height"] * 0.75, top
        settle(page)
        assert first.bounding_box()["y"] == top, "the filters took the products' place"
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["search/?q=tra", "en/search/?q=tea", "catalog/?group=food"])
def test_search_and_browse_have_no_serious_accessibility_violations(
    browser: Browser, sample: Served, path: str
) -> None:
    page, watch = open_page(browser, sample, path, viewport=PHONE)
    try:
        settle(page)
        page.wait_for_timeout(300)
        assert serious_violations(page) == []
        assert watch.console_errors == [] and watch.elsewhere == []
    finally:
        page.context.close()


def test_searching_hostile_records_opens_no_dialog(browser: Browser, hostile: Served) -> None:
    page, watch = open_page(browser, hostile, "ocop/", viewport=PHONE)
    try:
        found = search(page, "Tóm tắt")  # in the summary of the records full of markup
        assert any("<script>alert(1)</script>" in title for title, _ in found), found
        page.wait_for_timeout(300)
        assert watch.dialogs == []
        assert page.locator(".md-header [data-ocop-search-results] script").count() == 0
    finally:
        page.context.close()
