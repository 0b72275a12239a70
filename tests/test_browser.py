"""The built site in headless Chromium: phone layout, reading without JavaScript, the language
switch, search, console errors and hostile records. The sites are built once per session
(sitebuild.py) and served over HTTP on 127.0.0.1; screenshots go to a temporary folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit

import pytest
from PIL import Image, ImageOps

from generator.records.catalog import Batch
from generator.records.loader import load_catalog
from generator.site.render import LABEL_SIZES

from . import sitebuild
from .browsing import (
    CHROMIUM,
    DESKTOP,
    PHONE,
    QuietHandler,
    Served,
    Watch,
    open_page,
    serious_violations,
    serve,
    settle,
)
from .conftest import SAMPLE_PRODUCTS, TODAY, Records
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
        status = page.locator(".ocop-status:visible")
        assert status.count() == 1
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


# Dates that stay true on the day a page is read ----------------------------------------------

# A released batch whose product's certificate was valid on the build day: both its dates are
# ahead of the page, and the page's script must notice when the reader's day passes them.
DATED = next(
    path
    for path, batch in BATCHES.items()
    if batch.record.status == "released"
    and batch.record.expires
    and not batch.product.certificate_expired(TODAY)
    and batch.product.record.ocop.valid_until < batch.record.expires
)
VIETNAM = timezone(timedelta(hours=7))
WORDS = {
    "": {"valid": "Còn hiệu lực", "expired": "Đã hết hạn", "past": "Đã quá hạn sử dụng"},
    "en/": {"valid": "Valid", "expired": "Expired", "past": "Past its best-before date"},
}


def open_on(browser: Browser, served: Served, path: str, moment: datetime) -> Page:
    """The page opened in a browser whose clock reads ``moment``."""
    page = browser.new_context(viewport=PHONE).new_page()
    page.clock.set_fixed_time(moment)
    page.goto(served.url(path), wait_until="load")
    return page


def badge_texts(page: Page) -> list[str]:
    """The dated statuses a reader sees: the certificate's and the best-before date's."""
    shown = page.locator(".ocop-badge--valid:visible, .ocop-badge--expired:visible")
    return [text.strip() for text in shown.all_inner_texts()]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_trace_page_says_when_its_dates_have_passed_on_the_readers_day(
    browser: Browser, sample: Served, shots: Path, prefix: str
) -> None:
    batch = BATCHES[DATED]
    until, expires = batch.product.record.ocop.valid_until, batch.record.expires
    assert expires is not None
    words = WORDS[prefix]
    moments = {
        # The last evening of the certificate in Vietnam, though already the next day in UTC+8 and
        # still the day before in UTC: the reader's day is Vietnam's.
        "last day": (datetime.combine(until, time(23, 30), VIETNAM), [words["valid"]]),
        "next morning": (
            datetime.combine(until + timedelta(days=1), time(0, 30), VIETNAM),
            [words["expired"]],
        ),
        "past best before": (
            datetime.combine(expires + timedelta(days=1), time(9), VIETNAM),
            [words["past"], words["expired"]],
        ),
    }
    for name, (moment, expected) in moments.items():
        page = open_on(browser, sample, prefix + DATED, moment)
        try:
            assert badge_texts(page) == expected, name
            warning = page.locator(".ocop-status--expired")
            assert warning.is_visible() == (name == "past best before"), name
            if warning.is_visible():
                assert warning.bounding_box()["y"] < PHONE["height"], "the warning is below the first screen"
            assert not page.locator(".ocop-as-of").is_visible(), (
                "the build day is for readers without JavaScript"
            )
            page.screenshot(
                path=str(shots / f"dates-{prefix.strip('/') or 'vi'}-{name.replace(' ', '-')}.png")
            )
        finally:
            page.context.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_product_page_says_its_certificate_expired_on_the_readers_day(
    browser: Browser, sample: Served, prefix: str
) -> None:
    product = BATCHES[DATED].product
    path = f"{prefix}p/{product.id}/"
    after = datetime.combine(product.record.ocop.valid_until + timedelta(days=1), time(8), VIETNAM)
    page = open_on(browser, sample, path, after)
    try:
        assert WORDS[prefix]["expired"] in badge_texts(page)
        assert WORDS[prefix]["valid"] not in badge_texts(page)
        assert page.locator(".ocop-expired-note").is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_without_javascript_a_page_says_what_it_knew_and_when(
    browser: Browser, sample: Served, prefix: str
) -> None:
    product = BATCHES[DATED].product
    for path in (prefix + DATED, f"{prefix}p/{product.id}/"):
        page, _ = open_page(browser, sample, path, viewport=PHONE, java_script_enabled=False)
        try:
            assert badge_texts(page) == [WORDS[prefix]["valid"]], path
            note = page.locator(".ocop-as-of")
            assert note.is_visible(), path
            assert note.locator("time").get_attribute("datetime") == TODAY.isoformat()
            written = {"": f"{TODAY:%d/%m/%Y}", "en/": f"{TODAY.day} {TODAY:%b %Y}"}[prefix]
            assert written in note.inner_text()
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


@pytest.mark.parametrize(
    "path", ["catalog/", PRODUCT, RECALLED, "en/" + RECALLED, "en/stats/", PRODUCT + "sheet/"]
)
def test_no_serious_accessibility_violations(
    browser: Browser, sample: Served, shots: Path, path: str
) -> None:
    page, watch = open_page(browser, sample, path, viewport=PHONE)
    try:
        settle(page)
        page.screenshot(path=str(shots / f"a11y-{path.strip('/').replace('/', '_')}.png"), full_page=True)
        assert serious_violations(page) == []
        assert watch.console_errors == []
    finally:
        page.context.close()


def test_the_untranslated_mark_beside_a_heading_is_a_small_badge(browser: Browser, sample: Served) -> None:
    page, _ = open_page(browser, sample, "en/p/cha-muc-ha-long/", viewport=PHONE)
    try:
        mark, text, heading = page.evaluate(
            """() => ['article h1 .ocop-untranslated__mark', 'article .ocop-lead', 'article h1']
                .map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
        )
        assert mark < text < heading, (mark, text, heading)
    finally:
        page.context.close()


# The 404 page, on a preview served from a sub-folder ---------------------------------------

PREVIEW = "/preview/"


class _PreviewHandler(QuietHandler):
    """The site under /preview/, as a fork's GitHub Pages preview serves it: a missing address
    gets the site's 404.html with status 404."""

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(PREVIEW) if path.startswith(PREVIEW) else "/-")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(sitebuild.sample_site(tmp_path_factory), _PreviewHandler)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_mistyped_lot_gets_a_styled_bilingual_404_that_leads_to_its_product(
    browser: Browser, preview: Served, shots: Path, viewport: dict[str, int]
) -> None:

    mistyped = preview.url(PREVIEW.lstrip("/") + "p/che-duong-hoa/DH-26l0/")  # l for 1
    page = browser.new_context(viewport=viewport).new_page()
    watch = Watch(preview.base).attach(page)
    try:
        response = page.goto(mistyped, wait_until="load")
        assert response is not None and response.status == 404
        settle(page)
        assert page.locator("html").get_attribute("lang") == "vi"
        headings = page.locator("h1").all_inner_texts()
        assert headings == ["Không tìm thấy trang", "Page not found"]  # Vietnamese first
        assert page.locator("section[lang=en] h1").inner_text() == "Page not found"
        assert "số lô" in page.locator("section").first.inner_text().lower()
        assert "lot number" in page.locator("section[lang=en]").inner_text()
        # Styled with no file of its own, so under any folder: the site's green bar, its fonts.
        assert (
            page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(27, 110, 51)"
        )
        assert "system-ui" in page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # The batch's product exists: both languages lead to it, under the preview's folder.
        hints = page.locator("[data-product-hint] a")
        hints.first.wait_for(state="visible")
        hrefs = [str(hints.nth(i).get_attribute("href")) for i in range(hints.count())]
        assert hrefs == [f"{PREVIEW}p/che-duong-hoa/", f"{PREVIEW}en/p/che-duong-hoa/"]
        page.screenshot(path=str(shots / f"404-{viewport['width']}.png"), full_page=True)
        assert serious_violations(page) == []
        assert watch.page_errors == [] and watch.elsewhere == []
        # Besides the missing page itself: Chromium reports the HEAD look-ups of the product's
        # pages (status 200, no body to read) as aborted.
        looked_up = {preview.url(href.lstrip("/")) + " (net::ERR_ABORTED)" for href in hrefs}
        assert [url for url in watch.failed if not url.startswith(mistyped) and url not in looked_up] == []
        page.locator("section[lang=en] a", has_text="Product catalog").click()
        page.wait_for_url(preview.url(PREVIEW.lstrip("/") + "en/catalog/"))
        assert page.locator("article.ocop-listing").is_visible()
    finally:
        page.context.close()


# Label sheets ---------------------------------------------------------------------------------

STICKERS_PER_SHEET = sum(size.count for size in LABEL_SIZES)
# Sheets of the sample's longest product name, longest address and a GTIN product (a longer code).
LABEL_SHEETS = sorted(
    {
        max(BATCHES, key=lambda path: len(BATCHES[path].product.record.name["vi"])),
        max((path for path, b in BATCHES.items() if not b.product.record.gtin), key=len),
        next(path for path, b in BATCHES.items() if b.product.record.gtin),
    }
)


def label_sheet(batch_path: str) -> str:
    """The product's sheet of labels opened at the batch's own stickers, as its page links it."""
    batch = BATCHES[batch_path]
    return f"p/{batch.product.id}/labels/#{quote(batch.lot, safe='')}"


# Every line of every sticker shown (those of the batch the sheet is opened at): whether it is
# cut (wider than its box, or ending in an ellipsis), and where the address breaks between lines
# (the character before each break).
STICKER_LINES = """() => [...document.querySelectorAll('.sticker')].filter(sticker => sticker.getClientRects().length).flatMap((sticker, index) => {
    const box = sticker.getBoundingClientRect();
    return [...sticker.querySelectorAll('span')].map(span => {
        const r = span.getBoundingClientRect();
        const chars = [];
        const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange();
                range.setStart(node, i); range.setEnd(node, i + 1);
                const rect = range.getBoundingClientRect();
                chars.push([node.data[i], rect.top]);
            }
        }
        const breaksAfter = [];
        for (let i = 1; i < chars.length; i++) {
            if (chars[i][1] > chars[i - 1][1] + 1) breaksAfter.push(chars[i - 1][0]);
        }
        return {
            sticker: index, line: span.className, text: span.textContent,
            cut: span.scrollWidth > span.clientWidth + 0.5 || getComputedStyle(span).textOverflow === 'ellipsis',
            outside: r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5,
            breaksAfter,
        };
    });
})"""


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("path", LABEL_SHEETS)
def test_no_sticker_text_is_cut(browser: Browser, sample: Served, path: str, media: str) -> None:
    """The best-before date, the lot, the name and the address are whole on every sticker, and
    the address breaks only after a “/” or a “-”, never inside a word."""
    batch = BATCHES[path]
    page, _ = open_page(browser, sample, label_sheet(path), viewport=DESKTOP)
    try:
        page.emulate_media(media=media)  # type: ignore[arg-type]
        lines = page.evaluate(STICKER_LINES)
        assert len({line["sticker"] for line in lines}) == STICKERS_PER_SHEET
        assert [line for line in lines if line["cut"] or line["outside"]] == []
        expires = batch.record.expires
        assert expires is not None
        date = f"HSD {expires.day:02d}/{expires.month:02d}/{expires.year}"
        assert [line["text"] for line in lines if line["line"] == "expires"] == [date] * STICKERS_PER_SHEET
        for line in lines:
            if line["line"] == "url":
                assert set(line["breaksAfter"]) <= {"/", "-"}, line
            if line["line"] == "expires":
                assert line["breaksAfter"] == [], line
    finally:
        page.context.close()


def sticker_pieces(image: Image.Image, gap_px: int) -> list[tuple[int, int, int, int]]:
    """The boxes of what is printed on a page, cut apart where at least ``gap_px`` of white
    separates them: rows first, then each row into stickers."""
    ink = ImageOps.invert(image.convert("L"))  # white paper is 0

    def runs(profile: list[int]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        start = last = None
        for position, value in enumerate(profile):
            if value > 0:
                if start is None or position - (last or 0) > gap_px:
                    if start is not None:
                        found.append((start, (last or 0) + 1))
                    start = position
                last = position
        if start is not None:
            found.append((start, (last or 0) + 1))
        return found

    def profile(region: Image.Image, axis: int) -> list[int]:
        size = (1, region.height) if axis == 0 else (region.width, 1)
        return list(region.resize(size, Image.Resampling.BOX).tobytes())

    boxes = []
    for top, bottom in runs(profile(ink, 0)):
        row = ink.crop((0, top, ink.width, bottom))
        boxes += [(left, top, right, bottom) for left, right in runs(profile(row, 1))]
    return boxes


@pytest.mark.parametrize("path", LABEL_SHEETS)
def test_every_printed_sticker_decodes(browser: Browser, sample: Served, tmp_path: Path, path: str) -> None:
    """The sheet printed to PDF by Chromium, turned into pictures at 150 and 300 dpi (pdftoppm),
    cut into stickers and read one by one by zbar: every one of the 34 codes decodes."""
    for tool in ("pdftoppm", "zbarimg"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (./dev.sh tools)")
    expected = (sample.build.site / path / "qr.svg").read_text(encoding="utf-8")
    payload = sitebuild.decode_svg(expected)[0]
    page, _ = open_page(browser, sample, label_sheet(path), viewport=DESKTOP)
    try:
        pdf = tmp_path / "sheet.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    finally:
        page.context.close()
    for dpi in (150, 300):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / f"p{dpi}")], check=True)
        pieces = []
        for number, rendered in enumerate(sorted(tmp_path.glob(f"p{dpi}-*.png"))):
            with Image.open(rendered) as image:
                margin = round(3 / 25.4 * dpi)  # white around each piece: a code's quiet zone and more
                for index, box in enumerate(sticker_pieces(image, gap_px=margin)):
                    piece = ImageOps.expand(image.crop(box).convert("L"), border=margin, fill=255)
                    pieces.append(tmp_path / f"piece-{dpi}-{number}-{index}.png")
                    piece.save(pieces[-1])
        done = subprocess.run(["zbarimg", "--xml", "-q", *map(str, pieces)], capture_output=True, text=True)
        decoded = re.findall(
            r"<source href='([^']+)'>.*?<data><!\[CDATA\[(.*?)\]\]></data>", done.stdout, re.S
        )
        assert [text for _, text in decoded] == [payload] * STICKERS_PER_SHEET, f"{dpi} dpi"
        assert len({source for source, _ in decoded}) == STICKERS_PER_SHEET, "one code per piece"


def test_a_batch_link_opens_its_own_stickers_whatever_its_lot(
    browser: Browser, tmp_path: Path, records: Records
) -> None:
    """A lot may hold characters a link percent-encodes (“%”, “&”, “(”): the batch page's link,
    in either language, still opens the product's sheet at that batch's stickers, and those
    alone, under the sheet's title; the sheet's own links choose a lot, or all of them."""
    lots = ("THV2610", "L%1&(2)")
    records.producer()
    records.product()
    for lot in lots:
        records.batch(lot)
    site = sitebuild.build_site(tmp_path / "build", records.products, ledger=sitebuild.NO_LEDGER).site
    trace = (site / "p/tra-hoa-vang/L%1&(2)/index.html").read_text(encoding="utf-8")
    link = re.findall(r'href="([^"]*labels/[^"]*)"', trace)
    assert link == ["../labels/#L%251%26%282%29"]
    english = (site / "en/p/tra-hoa-vang/L%1&(2)/index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]*labels/[^"]*)"', english) == ["../../../../p/tra-hoa-vang/labels/#L%251%26%282%29"]
    page = browser.new_page()
    try:
        sheet = (site / "p/tra-hoa-vang/labels/index.html").as_uri()
        shown = "() => [...document.querySelectorAll('section')].filter(s => s.getClientRects().length).map(s => s.id)"
        page.goto(sheet + "#" + link[0].split("#")[1])
        assert page.evaluate(shown) == ["L%1&(2)"]
        assert page.locator(".sticker:visible .lot").first.inner_text() == "Số lô L%1&(2)"
        assert page.evaluate("scrollY") == 0  # the sheet's title and how to print it stay in view
        page.get_by_role("link", name="Tất cả các lô").click()
        assert sorted(page.evaluate(shown)) == sorted(lots)
        page.get_by_role("link", name="THV2610", exact=True).click()
        assert page.evaluate(shown) == ["THV2610"]
    finally:
        page.close()


# A QR code as a PNG for print ----------------------------------------------------------------


@pytest.mark.parametrize(("path", "link", "download"), [
    (RELEASED, "Tải PNG (cho bản thiết kế)", "Tải ảnh PNG"),
    ("en/" + PRODUCT, "Download PNG (for artwork)", "Download the PNG"),
])
def test_a_page_code_is_drawn_as_a_print_png_in_the_browser(
    browser: Browser, sample: Served, path: str, link: str, download: str
) -> None:
    """The build writes no PNG: the page's link opens qr/, which draws the page's own SVG code at
    print size; the file it offers decodes to the page's code."""
    neutral = path.removeprefix("en/")
    code = sitebuild.decode_svg((sample.build.page(neutral).parent / "qr.svg").read_text(encoding="utf-8"))
    page, watch = open_page(browser, sample, path, viewport=PHONE, accept_downloads=True)
    try:
        page.get_by_role("link", name=link).click()
        page.wait_for_url("**/qr/?svg=*")
        with page.expect_download() as started:
            page.get_by_role("link", name=download).click()
        png = Path(started.value.path()).read_bytes()
        assert sitebuild.decode_image(png) == code
        assert sitebuild.image_width(png) >= 1000
        assert started.value.suggested_filename.endswith(".png")
        assert watch.page_errors == [] and watch.console_errors == [] and watch.elsewhere == []
    finally:
        page.context.close()


@pytest.mark.parametrize(("prefix", "svg", "says"), [
    ("", "https://lua.example/p/x/qr.svg", "Liên kết này không chỉ tới mã QR"),
    ("", "//lua.example/p/x/qr.svg", "Liên kết này không chỉ tới mã QR"),
    ("", "p/../../lua/qr.svg", "Liên kết này không chỉ tới mã QR"),
    ("", "media/htx/anh.svg", "Liên kết này không chỉ tới mã QR"),
    ("en/", "javascript:alert(1)//p/x/qr.svg", "This link does not lead to one of the site’s QR codes"),
])
def test_the_png_page_draws_only_the_sites_own_codes(
    browser: Browser, sample: Served, prefix: str, svg: str, says: str
) -> None:
    """Its link is anyone's to write: a code from elsewhere, or any other file, is refused, in
    the page's language."""
    page, watch = open_page(browser, sample, prefix + "qr/?" + urlencode({"svg": svg}), viewport=PHONE)
    try:
        settle(page)
        assert page.locator("[data-ocop-qr-status]").text_content().startswith(says)
        assert page.locator("[data-ocop-qr-figure]").is_hidden()
        assert watch.elsewhere == [] and not any(urlsplit(url).path.endswith(".svg") for url in watch.requests)
        assert watch.dialogs == [] and watch.page_errors == []
    finally:
        page.context.close()
