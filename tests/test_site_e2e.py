"""End-to-end: build the real site from records and check what a visitor gets.

The sample catalog is built once per session (tests/sitebuild.py); the tests read the built
HTML, the QR files and the search indexes the way a browser or a phone camera would.
"""

from __future__ import annotations

import json
import os
import re
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest

from generator.records.catalog import Batch, Product
from generator.records.loader import load_catalog
from generator.site.kinds import KINDS
from generator.site.render import LABEL_SIZES, View, placed_cards
from generator.site.search import with_plain_d
from generator.site.urls import slugify

from . import sitebuild
from .conftest import SAMPLE_PRODUCTS, TODAY
from .sitebuild import (
    HOSTILE,
    HOSTILE_LOT,
    HOSTILE_PRODUCER,
    HOSTILE_PRODUCT,
    NO_LEDGER,
    BuildFailed,
    BuildResult,
    Element,
    build_site,
    content,
    decode_svg,
)

pytestmark = pytest.mark.e2e

LANGUAGES = {"vi": "", "en": "en/"}  # language code -> path prefix
RECALLED = ("che-duong-hoa", "DH-2608")
EXPIRED_PRODUCT = "ga-tien-yen"
VALID_PRODUCT = "che-duong-hoa"
VI_ONLY_PRODUCT = "cha-muc-ha-long"
CERT_WORDS = {"vi": ("Đã hết hạn", "Còn hiệu lực"), "en": ("Expired", "Valid")}
UNTRANSLATED_MARK = {"en": "not yet translated"}

# The sample catalog, read at collection time so every page gets its own test case.
_LOADED = load_catalog(SAMPLE_PRODUCTS, today=TODAY)
assert _LOADED.catalog is not None, "the sample records must be valid"
CATALOG = _LOADED.catalog
PRODUCTS: list[Product] = CATALOG.products
BATCHES: list[Batch] = CATALOG.batches
BY_ID = {product.id: product for product in PRODUCTS}
# A withdrawn product keeps its pages for codes already printed, but leaves the catalog.
LISTED: list[Product] = [p for p in PRODUCTS if p.record.status != "withdrawn"]


def url_path(path: str) -> str:
    """A site path as written in a URL (lots may hold characters that need escaping)."""
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def product_path(product: Product) -> str:
    return f"p/{product.id}/"


def batch_path(batch: Batch) -> str:
    return f"p/{batch.product.id}/{batch.lot}/"


RECORD_PAGES = (
    [pytest.param(product_path(p), id=product_path(p)) for p in PRODUCTS]
    + [pytest.param(batch_path(b), id=batch_path(b)) for b in BATCHES]
    + [pytest.param(f"producers/{p.id}/", id=f"producers/{p.id}/") for p in CATALOG.producers]
)
SITE_PAGES = ["", "ocop/", "trace/", "contribute/", "catalog/", "producers/", "contribute/reference/"]
GROUPS = sorted({p.record.group for p in LISTED})
STARS = sorted({p.record.ocop.stars for p in LISTED})
COMMUNES = sorted({slugify(p.producer.record.commune) for p in LISTED})
LISTINGS: dict[str, set[str]] = {
    **{f"catalog/group/{g}/": {p.id for p in LISTED if p.record.group == g} for g in GROUPS},
    **{f"catalog/stars/{s}/": {p.id for p in LISTED if p.record.ocop.stars == s} for s in STARS},
    **{
        f"catalog/commune/{c}/": {p.id for p in LISTED if slugify(p.producer.record.commune) == c}
        for c in COMMUNES
    },
}
QR_PAGES = [pytest.param(product_path(p), p, None, id=product_path(p)) for p in PRODUCTS] + [
    pytest.param(batch_path(b), b.product, b.lot, id=batch_path(b)) for b in BATCHES
]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.sample_site(tmp_path_factory)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.hostile_site(tmp_path_factory)


@pytest.fixture(scope="session")
def sitemap(site: BuildResult) -> dict[str, dict[str, str]]:
    """Every URL in the built sitemap (following a sitemap index) with its hreflang alternates."""
    namespaces = {
        "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "xhtml": "http://www.w3.org/1999/xhtml",
    }
    found: dict[str, dict[str, str]] = {}
    queue = [site.site / "sitemap.xml"]
    while queue:
        root = ElementTree.parse(queue.pop()).getroot()
        for part in root.findall("sm:sitemap/sm:loc", namespaces):
            assert part.text and part.text.startswith(site.site_url), part.text
            queue.append(site.site / part.text[len(site.site_url) :])
        for url in root.findall("sm:url", namespaces):
            loc = url.findtext("sm:loc", "", namespaces)
            links = url.findall("xhtml:link[@rel='alternate']", namespaces)
            found[loc] = {str(link.get("hreflang")): str(link.get("href")) for link in links}
    return found


def squash(text: str) -> str:
    return " ".join(text.split())


def shown(elements: list[Element]) -> list[Element]:
    """Those of ``elements`` a reader sees on the build day: not hidden, nor inside a hidden one."""
    return [e for e in elements if not any("hidden" in a.attrs for a in [e, *e.ancestors()])]


def links(site: BuildResult, page: str, within: Element) -> set[str]:
    """Absolute URLs of every link inside ``within`` on ``page``, resolved as a browser does."""
    base = site.absolute(url_path(page))
    return {urljoin(base, a.get("href") or "") for a in within.find_all("a") if a.get("href") is not None}


# Every page at its permanent URL, in both languages ----------------------------------------


@pytest.mark.parametrize("path", RECORD_PAGES + SITE_PAGES + sorted(LISTINGS))
def test_page_exists_in_both_languages_with_alternates_and_switch(
    site: BuildResult, sitemap: dict[str, dict[str, str]], path: str
) -> None:
    expected = {code: site.absolute(prefix + url_path(path)) for code, prefix in LANGUAGES.items()}
    for code, prefix in LANGUAGES.items():
        assert site.page(prefix + path).is_file(), f"{prefix + path} was not built"
        doc = site.doc(prefix + path)
        assert doc.find("html").get("lang") == code
        assert [e.get("href") for e in doc.find_all("link", rel="canonical")] == [expected[code]]

        # hreflang alternates: <link> tags in the page and/or entries in the sitemap.
        alternates: dict[str, set[str]] = {}
        for link in doc.find_all("link", rel="alternate"):
            if link.get("hreflang"):
                alternates.setdefault(link.get("hreflang") or "", set()).add(link.get("href") or "")
        for other, url in sitemap.get(expected[code], {}).items():
            alternates.setdefault(other, set()).add(url)
        for other in LANGUAGES:
            assert alternates.get(other) == {expected[other]}, f"hreflang={other} of {prefix + path}"
        assert alternates.get("x-default", {expected["vi"]}) == {expected["vi"]}

        switch = doc.find_all("a", cls="md-select__link")
        targets = {a.get("hreflang"): urljoin(expected[code], a.get("href") or "") for a in switch}
        assert targets == expected, f"language switch on {prefix + path}"


def test_sitemap_lists_every_record_page_with_its_alternates(
    site: BuildResult, sitemap: dict[str, dict[str, str]]
) -> None:
    for param in RECORD_PAGES:
        path = str(param.values[0])
        expected = {code: site.absolute(prefix + url_path(path)) for code, prefix in LANGUAGES.items()}
        for url in expected.values():
            assert url in sitemap, f"{url} is not in the sitemap"
            assert {k: v for k, v in sitemap[url].items() if k in LANGUAGES} == expected


def test_catalog_enumeration_matches_the_sample() -> None:
    # Guards the tests above against an empty or partial enumeration.
    assert len(PRODUCTS) >= 10 and len(BATCHES) >= 20 and len(CATALOG.producers) >= 10
    assert VI_ONLY_PRODUCT in BY_ID and EXPIRED_PRODUCT in BY_ID and VALID_PRODUCT in BY_ID


# QR codes ------------------------------------------------------------------------------------


def qr_targets(site: BuildResult, path: str, product: Product, lot: str | None) -> set[str]:
    """What the page's QR code may encode: the page's absolute default-language URL, or, for a
    product with a GTIN, its GS1 Digital Link URI (record contract), which resolves to the page."""
    allowed = {site.absolute(url_path(path))}
    if product.record.gtin:
        link = site.absolute(f"01/{product.record.gtin.zfill(14)}")
        allowed.add(link + (f"/10/{quote(lot, safe='-._~')}" if lot is not None else ""))
    return allowed


def follow(site: BuildResult, url: str) -> str:
    """The page a URL of the site finally shows, following the host's redirect of a folder's
    path without its slash and static (meta refresh) redirects."""
    for _ in range(5):
        assert url.startswith(site.site_url), url
        path = unquote(urlsplit(url).path[len(urlsplit(site.site_url).path) :])
        served = site.served(path)
        if served == path + "/":
            url += "/"
        assert site.page(served).is_file(), f"{url} leads nowhere"
        refresh = [
            m.get("content") or ""
            for m in site.doc(served).find_all("meta")
            if (m.get("http-equiv") or "").lower() == "refresh"
        ]
        if not refresh:
            return url
        url = urljoin(url, refresh[0].split("url=", 1)[1].strip())
    raise AssertionError(f"redirect loop from {url}")


@pytest.mark.parametrize(("path", "product", "lot"), QR_PAGES)
def test_qr_codes_decode_to_the_page_url(
    site: BuildResult, path: str, product: Product, lot: str | None
) -> None:
    page_url = site.absolute(url_path(path))
    decoded: list[str] = []
    for prefix in LANGUAGES.values():
        doc = site.doc(prefix + path)
        shown = doc.find("img", cls="ocop-qr__code")
        drawing = Path(os.path.normpath(site.page(prefix + path).parent / (shown.get("src") or "")))
        assert drawing == site.page(path).parent / "qr.svg", "the page shows another file than its own code"
        found = decode_svg(drawing.read_text(encoding="utf-8"))
        assert len(found) == 1, f"the QR code on {prefix + path} decoded to {found}"
        decoded += found
        assert (shown.get("alt") or "").endswith(": " + found[0]), "a screen reader is not told where it leads"
        printed = doc.find("code", cls="ocop-qr__url")
        assert squash(printed.text) == found[0], "the URL printed under the code differs from the code"
    assert len(decoded) == 2
    assert len(set(decoded)) == 1, f"vi page and en page disagree: {decoded}"
    assert decoded[0] in qr_targets(site, path, product, lot)
    if not product.record.gtin:
        assert decoded[0] == page_url
    assert follow(site, decoded[0]) == page_url, "the scanned URL does not lead to the page"
    assert not (site.page(path).parent / "qr.png").exists(), "a PNG is drawn in the browser (qr/), not written"


@pytest.mark.parametrize("batch", [pytest.param(b, id=batch_path(b)) for b in BATCHES])
def test_label_sheet_codes_decode_to_the_batch_code(site: BuildResult, batch: Batch) -> None:
    """The batch page links its product's sheet of labels, opened at the batch's stickers, and
    they carry the batch's own code."""
    page = batch_path(batch)
    expected = decode_svg((site.page(page).parent / "qr.svg").read_text(encoding="utf-8"))
    sheet = site.absolute(f"p/{batch.product.id}/labels/")
    sheet_links = [url for url in links(site, page, content(site.doc(page))) if url.startswith(sheet)]
    assert sheet_links == [f"{sheet}#{quote(batch.lot, safe='')}"]
    html = site.html(sheet[len(site.site_url) :])
    # The sheet draws each code once as a <symbol> and places it on every sticker with <use>.
    symbols = dict(re.findall(r'<symbol id="([^"]+)" viewBox="([^"]+)">.*?</symbol>', html, flags=re.S))
    bodies = dict(re.findall(r'<symbol id="([^"]+)" viewBox="[^"]+">(.*?)</symbol>', html, flags=re.S))
    # The part of the sheet the link opens (its id is the lot, which the fragment names).
    found = re.search(
        rf'<section class="batch" id="{re.escape(escape(batch.lot))}">(.*?)</section>', html, re.S
    )
    assert found, f"no stickers of {batch.lot} on {sheet}"
    used = set(re.findall(r'<use href="#([^"]+)"', found[1]))
    assert used and used <= set(symbols), "a sticker uses a code the sheet does not define"
    for symbol_id in used:
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{symbols[symbol_id]}">{bodies[symbol_id]}</svg>'
        assert decode_svg(svg) == expected
    # Each size's sticker is written once and repeated by the page's script; without scripts the
    # sheet holds that one of each size, and says so.
    assert found[1].count('class="sticker"') == len(LABEL_SIZES)
    assert re.search(r"<noscript><p[^>]*>[^<]*mỗi cỡ chỉ có một tem", html)


# Status of a batch ---------------------------------------------------------------------------


def test_sample_has_one_recalled_batch() -> None:
    recalled = [(b.product.id, b.lot) for b in BATCHES if b.record.status == "recalled"]
    assert recalled == [RECALLED]


@pytest.mark.parametrize("code", LANGUAGES)
def test_recalled_batch_page_leads_with_the_warning(site: BuildResult, code: str) -> None:
    product_id, lot = RECALLED
    batch = next(b for b in BY_ID[product_id].batches if b.lot == lot)
    doc = site.doc(f"{LANGUAGES[code]}p/{product_id}/{lot}/")
    article = content(doc)
    assert doc.find("article", cls="md-content__inner").elements()[0] is article
    first = article.elements()[0]
    assert first.tag == "section"
    assert first.get("role") == "alert"
    assert "ocop-status--recalled" in first.classes
    order = doc.iter()
    assert order.index(first) < order.index(doc.find("h1")), "the warning must come before the title"
    assert batch.record.recall is not None
    text = squash(first.text)
    assert squash(batch.record.recall.reason[code]) in text
    assert squash(batch.record.recall.instructions[code]) in text


def test_released_batches_have_no_alert(site: BuildResult) -> None:
    released = [b for b in BATCHES if b.record.status == "released"]
    assert released
    for batch in released:
        for prefix in LANGUAGES.values():
            doc = site.doc(prefix + batch_path(batch))
            assert doc.find_all(role="alert") == [], prefix + batch_path(batch)
            shown = [e for e in content(doc).elements() if "hidden" not in e.attrs]
            # A batch past its best-before date on the build day says that first.
            past = batch.past_best_before(TODAY)
            assert (
                "ocop-status--expired" in shown[0].classes
                if past
                else "ocop-status--released" in shown[0].classes
            )


@pytest.mark.parametrize("code", LANGUAGES)
def test_product_page_marks_the_recalled_batch(site: BuildResult, code: str) -> None:
    product_id, lot = RECALLED
    page = f"{LANGUAGES[code]}p/{product_id}/"
    doc = site.doc(page)
    items = doc.find("ul", cls="ocop-batches").find_all("li")
    assert len(items) == len(BY_ID[product_id].batches)
    recalled_url = site.absolute(f"{LANGUAGES[code]}p/{product_id}/{lot}/")
    for item in items:
        badges = item.find_all(cls="ocop-badge--recalled")
        if recalled_url in links(site, page, item):
            assert len(badges) == 1 and squash(badges[0].text)
            assert ("thu hồi" if code == "vi" else "recalled") in badges[0].text.lower()
        else:
            assert badges == []


# OCOP certificate validity -------------------------------------------------------------------


def test_sample_certificates(site: BuildResult) -> None:
    assert BY_ID[EXPIRED_PRODUCT].record.ocop.valid_until < site.today
    assert BY_ID[VALID_PRODUCT].record.ocop.valid_until >= site.today


@pytest.mark.parametrize("product", [pytest.param(p, id=p.id) for p in PRODUCTS])
def test_certificate_validity_is_shown_in_words(site: BuildResult, product: Product) -> None:
    expired = product.record.ocop.valid_until < site.today
    pages = [product_path(product)] + [batch_path(b) for b in product.batches]
    for code, prefix in LANGUAGES.items():
        expired_word, valid_word = CERT_WORDS[code]
        for path in pages:
            article = content(site.doc(prefix + path))
            # The certificate's badges (the best-before date has one too), as shown on the build day.
            badges = [e for e in shown(article.find_all(cls="ocop-badge")) if e.get("data-ocop-past")]
            expired_badges = [squash(e.text) for e in badges if "ocop-badge--expired" in e.classes]
            valid_badges = [squash(e.text) for e in badges if "ocop-badge--valid" in e.classes]
            if expired:
                assert expired_badges and set(expired_badges) == {expired_word}, prefix + path
                assert valid_badges == [], prefix + path
            else:
                assert valid_badges and set(valid_badges) == {valid_word}, prefix + path
                assert expired_badges == [], prefix + path
        page = content(site.doc(prefix + product_path(product)))
        assert bool(shown(page.find_all(cls="ocop-expired-note"))) == expired


# Text not yet translated ---------------------------------------------------------------------


def test_vietnamese_only_product_is_marked_untranslated_in_english(site: BuildResult) -> None:
    record = BY_ID[VI_ONLY_PRODUCT].record
    assert "en" not in record.name and "en" not in record.summary
    article = content(site.doc(f"en/p/{VI_ONLY_PRODUCT}/"))
    for container, text in (
        (article.find("h1"), record.name["vi"]),
        (article.find(cls="ocop-lead"), record.summary["vi"]),
    ):
        marked = container.find(cls="ocop-untranslated")
        assert marked.get("lang") == "vi"
        assert squash(text) in squash(marked.text)
        mark = marked.find(cls="ocop-untranslated__mark")
        assert squash(mark.text) == UNTRANSLATED_MARK["en"]
        assert mark.get("lang") == "en"
    assert content(site.doc(f"p/{VI_ONLY_PRODUCT}/")).find_all(cls="ocop-untranslated") == []


def test_translated_names_are_not_marked(site: BuildResult) -> None:
    for product in PRODUCTS:
        heading = content(site.doc(f"en/{product_path(product)}")).find("h1")
        marked = heading.find_all(cls="ocop-untranslated") != []
        assert marked == ("en" not in product.record.name), product.id
        if "en" in product.record.name:
            assert squash(product.record.name["en"]) in squash(heading.text)


# A Vietnamese unit kind before a name: what an English page must not show in its own text.
VIETNAMESE_UNIT = re.compile(
    r"\b(xã|phường|đặc khu|thị trấn|thị xã|huyện|thành phố|TP)\s+[A-ZĐ]", re.IGNORECASE
)


def own_text(element: Element) -> str:
    """The page's visible text in its own language: no scripts, no examples of records, nor text
    marked as in another language."""
    if (
        element.tag in ("script", "style", "template", "code")
        or "ocop-untranslated" in element.classes
        or element.get("lang") not in (None, "en")
    ):
        return " "
    return "".join(c if isinstance(c, str) else own_text(c) for c in element.children)


def test_english_pages_translate_the_kind_of_a_commune(site: BuildResult) -> None:
    """“xã Ba Chẽ” is “Ba Chẽ commune” on English pages, in links, cards, filters and titles."""
    english = [page for page in site.html_pages() if page.startswith("en/") and page.endswith("/")]
    assert len(english) > 50
    found = {
        page: VIETNAMESE_UNIT.findall(text)
        for page in english
        if VIETNAMESE_UNIT.search(text := own_text(site.doc(page)))
    }
    assert found == {}
    producer = content(site.doc("en/producers/htx-lam-san-ngoai-go-ba-che/"))
    assert "Ba Chẽ commune (formerly part of Ba Chẽ district)" in squash(producer.text)
    assert (
        "Products from Vân Đồn special zone"
        in site.doc("en/catalog/commune/dac-khu-van-don/").find("title").text
    )


def test_vietnamese_pages_say_which_district_a_commune_belonged_to(site: BuildResult) -> None:
    producer = content(site.doc("producers/htx-lam-san-ngoai-go-ba-che/"))
    assert "xã Ba Chẽ (trước đây thuộc huyện Ba Chẽ)" in squash(producer.text)


def test_codes_and_names_the_same_in_every_language_are_not_marked(site: BuildResult) -> None:
    """“QCVN 6-3:2010/BYT” is a code, not Vietnamese waiting for a translation."""
    product = BY_ID["ruou-ba-kich-ba-che"]
    codes = [s.name["vi"] for s in product.record.standards if s.name["vi"].isascii() and "en" not in s.name]
    assert "QCVN 6-3:2010/BYT" in codes
    article = content(site.doc("en/p/ruou-ba-kich-ba-che/"))
    for code in codes:
        [name] = [strong for strong in article.find_all("strong") if squash(strong.text).startswith(code)]
        assert name.find_all(cls="ocop-untranslated") == [] and squash(name.text) == code
        assert not any("ocop-untranslated" in a.classes for a in name.ancestors())


# Catalog and static index pages --------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalog_lists_every_product_and_links_every_index(site: BuildResult, code: str) -> None:
    prefix = LANGUAGES[code]
    page = f"{prefix}catalog/"
    found = links(site, page, content(site.doc(page)))
    for product in LISTED:
        assert site.absolute(prefix + product_path(product)) in found, product.id
    for listing in LISTINGS:
        assert site.absolute(prefix + listing) in found, listing
    # Plain links, no JavaScript: every internal link of the catalog leads to a built page.
    for url in found:
        parts = urlsplit(url)
        if url.startswith(site.site_url):
            target = parts.path[len(urlsplit(site.site_url).path) :]
            assert site.page(target).is_file(), f"{url} has no page"


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_index_pages_list_the_right_products(site: BuildResult, listing: str) -> None:
    for prefix in LANGUAGES.values():
        page = prefix + listing
        grid = content(site.doc(page)).find("ul", cls="ocop-grid")
        listed = {
            url[len(site.absolute(prefix + "p/")) :].rstrip("/")
            for url in links(site, page, grid)
            if url.startswith(site.absolute(prefix + "p/"))
        }
        assert listed == LISTINGS[listing], page


def test_every_group_star_and_commune_has_an_index(site: BuildResult) -> None:
    assert GROUPS and STARS and COMMUNES
    built = {path for path in site.html_pages() if path.startswith("catalog/") and path.count("/") == 3}
    assert built == set(LISTINGS)


# Long listings are cut into pages --------------------------------------------------------------

PAGE_SIZE = sitebuild.PAGED_LISTING_SIZE


@pytest.fixture(scope="session")
def paged(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.paged_site(tmp_path_factory)


def catalog_pages(count: int) -> list[str]:
    return ["catalog/"] + [f"catalog/page/{n}/" for n in range(2, count + 1)]


@pytest.mark.parametrize("code", LANGUAGES)
def test_long_catalog_is_cut_into_pages_that_list_each_product_once(paged: BuildResult, code: str) -> None:
    prefix = LANGUAGES[code]
    count = -(-len(LISTED) // PAGE_SIZE)
    assert count > 2, "the sample must need at least three pages"
    seen: list[str] = []
    for number, page in enumerate(catalog_pages(count), 1):
        grid = content(paged.doc(prefix + page)).find("ul", cls="ocop-grid")
        products = [
            url[len(paged.absolute(prefix + "p/")) :].rstrip("/")
            for url in sorted(links(paged, prefix + page, grid))
            if url.startswith(paged.absolute(prefix + "p/"))
        ]
        assert 0 < len(products) <= PAGE_SIZE, page
        seen += products
        title = paged.doc(prefix + page).find("title").text
        page_words = f"trang {number}/{count}" if code == "vi" else f"page {number} of {count}"
        assert (page_words in title) == (number > 1), title
        # The navigation names the listing, not its first page.
        assert page_words.replace(str(number), "1", 1) not in paged.html(prefix + page)
    assert sorted(seen) == sorted(p.id for p in LISTED)
    assert not paged.page(f"{prefix}catalog/page/{count + 1}/").exists()


@pytest.mark.parametrize("code", LANGUAGES)
def test_pages_of_a_listing_link_to_each_other(paged: BuildResult, code: str) -> None:
    prefix = LANGUAGES[code]
    pages = catalog_pages(-(-len(LISTED) // PAGE_SIZE))
    for index, page in enumerate(pages):
        pager = content(paged.doc(prefix + page)).find("nav", cls="ocop-pager")
        found = links(paged, prefix + page, pager)
        assert found == {paged.absolute(prefix + p) for p in pages if p != page}
        assert pager.find("strong").get("aria-current") == "page"
        rel = {a.get("rel"): a.get("href") for a in pager.find_all("a") if a.get("rel")}
        base = paged.absolute(prefix + page)
        if index > 0:
            assert urljoin(base, rel["prev"] or "") == paged.absolute(prefix + pages[index - 1])
        if index < len(pages) - 1:
            assert urljoin(base, rel["next"] or "") == paged.absolute(prefix + pages[index + 1])


def test_a_card_made_once_links_as_if_made_on_each_listing_page(paged: BuildResult) -> None:
    """A product's card is made once per language, with its page, and placed on every listing
    page the product is on (and every print catalog, with its own card): there it must read as
    if it had been made on that page."""
    plugin = paged.config.plugins["ocop"]
    renderer, plan = plugin.renderer, plugin.plan  # type: ignore[attr-defined]
    macros = renderer.env.get_template("_macros.html").module
    depths = set()
    for page in (p for p in plan.pages if KINDS[p.kind].card):
        macro = KINDS[page.kind].card
        for language in plugin.languages:  # type: ignore[attr-defined]
            view = View(renderer, language, page.path)
            products = page.subject.products
            made_here = "".join(str(getattr(macros, macro)(view, view.w, p)) for p in products)
            placed = placed_cards((renderer.card(p, language, macro) for p in products), language, page.path)
            assert placed == made_here, f"{language.path(page.path)}"
        depths.add(page.path.count("/"))
    assert {1, 3, 5} <= depths, "listings at every depth: the catalog, an index, a later page of one"


def test_only_the_catalogs_first_page_browses_and_short_listings_have_no_pager(paged: BuildResult) -> None:
    """The filters browse the whole catalog (its search bundle), from its first page; its other
    pages and the static index pages are the way without JavaScript."""
    catalog = paged.html("catalog/")
    assert "data-ocop-filter" in catalog and "catalog.js" in catalog and "ocop-browse" in catalog
    later = paged.html("catalog/page/2/")
    assert "data-ocop-filter" not in later and "catalog.js" not in later
    short = next(path for path, ids in LISTINGS.items() if len(ids) <= PAGE_SIZE)
    assert "ocop-pager" not in paged.html(short)


def test_pages_of_a_listing_are_in_the_sitemap(paged: BuildResult) -> None:
    sitemap_text = "".join(p.read_text(encoding="utf-8") for p in (paged.site / "sitemaps").glob("*.xml"))
    assert paged.absolute("catalog/page/2/") in sitemap_text
    assert paged.absolute("en/catalog/page/2/") in sitemap_text


# Search bundles -------------------------------------------------------------------------------


def test_each_bundle_indexes_every_product_in_every_language(site: BuildResult) -> None:
    """Pagefind splits a bundle by the records' language: a page's search reads only its own."""
    listed = [p for p in PRODUCTS if p.record.status != "withdrawn"]
    search = json.loads((site.site / "pagefind/search/pagefind-entry.json").read_text(encoding="utf-8"))
    browse = json.loads((site.site / "pagefind/catalog/pagefind-entry.json").read_text(encoding="utf-8"))
    producers = {p.producer.id for p in PRODUCTS}
    for code in LANGUAGES:
        assert search["languages"][code]["page_count"] == len(PRODUCTS) + len(producers)
        assert browse["languages"][code]["page_count"] == len(listed)
    # Only what a browser loads is published: not Pagefind's own ready-made interfaces.
    assert not list((site.site / "pagefind").rglob("pagefind-ui.*"))


def test_words_with_d_are_also_indexed_with_a_plain_d() -> None:
    assert with_plain_d("Trứng vịt biển Đồng Rui, đặc sản") == ("Trứng vịt biển Đồng Rui, đặc sản Dồng dặc")


# Hostile text in records ---------------------------------------------------------------------


def script_signature(script: Element) -> str:
    """What identifies one of the theme's own scripts: its file, or how its code starts."""
    src = script.get("src")
    if src:
        return "src:" + src.rsplit("/", 1)[-1]
    kind = (script.get("type") or "").lower()
    if kind.endswith("json"):
        # Data, not code: the browser never runs it; a "</script>" breaking out of it would
        # show up as elements of its own.
        return f"data:{kind}"
    code = re.sub(r'"[^"]*"', '""', script.text.strip())  # paths and words differ from page to page
    return f"inline:{kind}:{code[:24]}"


def theme_scripts(site: BuildResult) -> set[str]:
    return {script_signature(s) for page in site.html_pages() for s in site.doc(page).find_all("script")}


def injected(element: Element) -> list[str]:
    """Elements or attributes that could run code, below ``element``."""
    found = []
    for e in element.iter():
        found += [f"<{e.tag} {name}=...> line {e.line}" for name in e.attrs if name.lower().startswith("on")]
        if e.tag in {"iframe", "object", "embed"}:
            found.append(f"<{e.tag}> line {e.line}")
        if e.tag == "img" and e.get("src") == "x":
            found.append(f"<img src=x> line {e.line}")
    return found


HOSTILE_PAGES = [
    f"p/{HOSTILE_PRODUCT}/",
    f"p/{HOSTILE_PRODUCT}/{HOSTILE_LOT}/",
    f"producers/{HOSTILE_PRODUCER}/",
    "catalog/",
    "catalog/group/food/",
    "producers/",
]


def test_hostile_records_build_and_show_as_text(hostile: BuildResult) -> None:
    """Markup in records is valid text: the build succeeds and the pages show it, escaped."""
    for prefix in LANGUAGES.values():
        for path in HOSTILE_PAGES:
            doc = hostile.doc(prefix + path)
            article = content(doc)
            assert article.find_all("script") == [], prefix + path
            assert injected(article) == [], prefix + path
            assert article.find_all("svg") == [], prefix + path
            assert HOSTILE in article.text, f"the text is missing from {prefix + path}"
        html = hostile.html(prefix + f"p/{HOSTILE_PRODUCT}/")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        heading = content(hostile.doc(prefix + f"p/{HOSTILE_PRODUCT}/")).find("h1")
        assert HOSTILE in heading.text


def test_phone_numbers_call_in_one_tap(site: BuildResult, hostile: BuildResult) -> None:
    """A recall's instructions and the producer's phone, on trace and product pages: a consumer
    holding a recalled pack calls in one tap, from a Vietnamese SIM or a foreign one."""
    product_id, lot = RECALLED
    call = ("tel:+842033879024", "0203 387 9024")
    for prefix in LANGUAGES.values():
        trace = content(site.doc(f"{prefix}p/{product_id}/{lot}/"))
        status = trace.find("section", cls="ocop-status--recalled")
        assert [
            (a.get("href"), squash(a.text))
            for a in status.find_all("a")
            if (a.get("href") or "").startswith("tel:")
        ] == [call]
        for path in (
            f"p/{product_id}/{lot}/",
            f"p/{product_id}/",
            f"producers/{BY_ID[product_id].producer.id}/",
        ):
            links = {(a.get("href"), squash(a.text)) for a in content(site.doc(prefix + path)).find_all("a")}
            assert call in links, prefix + path
    # Next to markup, the number is a link and the markup stays text.
    status = content(hostile.doc(f"p/{HOSTILE_PRODUCT}/{HOSTILE_LOT}/")).find(
        "section", cls="ocop-status--recalled"
    )
    calls = [a for a in status.find_all("a") if (a.get("href") or "").startswith("tel:")]
    assert [(a.attrs, a.text) for a in calls] == [({"href": "tel:+84912345678"}, "0912 345 678")]


def test_hostile_text_never_becomes_markup_anywhere(site: BuildResult, hostile: BuildResult) -> None:
    allowed = theme_scripts(site)
    problems = []
    for page in hostile.html_pages():
        doc = hostile.doc(page)
        problems += [
            f"{page}: <script> line {s.line}"
            for s in doc.find_all("script")
            if script_signature(s) not in allowed
        ]
        problems += [f"{page}: {p}" for p in injected(doc)]
        problems += [
            f"{page}: <svg> line {s.line}"
            for s in doc.find_all("svg")
            if any(name.lower().startswith("on") for name in s.attrs)
        ]
    assert problems == []


def test_theme_scripts_are_recognised(site: BuildResult) -> None:
    # The allow-list above must come from the theme itself: a handful of scripts (Material's own,
    # the data blocks, search, the catalog, the editor, the reader's day, the label sheet's
    # repeat), none with "alert".
    allowed = theme_scripts(site)
    assert 1 <= len(allowed) <= 12
    assert not any("alert" in signature for signature in allowed)


# Invalid records -----------------------------------------------------------------------------


def line_of(path: Path, prefix: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"{prefix!r} not in {path}")


def test_invalid_batch_stops_the_build_with_a_bilingual_report(sample_copy: Path, tmp_path: Path) -> None:
    relative = "products/cty-thuan-quynh/che-duong-hoa/batches/DH-2604.yml"
    batch = sample_copy.parent / relative
    text = batch.read_text(encoding="utf-8")
    text = re.sub(r"^produced: .*$", "produced: 12/10/2025", text, count=1, flags=re.M)
    text = re.sub(r"^packaged:", "packged:", text, count=1, flags=re.M)
    batch.write_text(text, encoding="utf-8")
    site_dir = tmp_path / "published"
    site_dir.mkdir()
    (site_dir / "marker.txt").write_text("keep me", encoding="utf-8")

    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, sample_copy, site_dir=site_dir)

    report = str(failure.value)
    lines = report.splitlines()
    for field, prefix in (("produced", "produced:"), ("packged", "packged:")):
        where = f"{relative}:{line_of(batch, prefix)}"
        heads = [i for i, line in enumerate(lines) if where in line and f"[{field}]" in line]
        assert heads, f"no report line naming {where} and [{field}] in:\n{report}"
        vi, en = lines[heads[0] + 1].strip(), lines[heads[0] + 2].strip()
        assert vi.startswith("vi: ") and en.startswith("en: "), report
        assert vi != en
        assert re.search(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", vi.lower()), f"not Vietnamese: {vi}"
        assert en.isascii() or "“" in en, f"not English: {en}"
    assert "12/10/2025" in report
    assert "packaged" in report  # the suggestion for the misspelt field
    assert sorted(p.name for p in site_dir.iterdir()) == ["marker.txt"]
    assert (site_dir / "marker.txt").read_text(encoding="utf-8") == "keep me"


# QR codes are cached by content --------------------------------------------------------------


def test_qr_codes_are_drawn_once_and_reused(site: BuildResult, sample_copy: Path, tmp_path: Path) -> None:
    cache = Path(str(site.config.plugins["ocop"].config.cache_dir))  # type: ignore[attr-defined]
    assert site.qr_made > 0, "the first build draws every code"

    second = build_site(tmp_path / "second", sample_copy, cache_dir=cache)
    assert second.qr_made == 0
    for page in ("p/che-duong-hoa/DH-2610/", "p/ga-tien-yen/"):
        assert (second.page(page).parent / "qr.svg").read_bytes() == (
            site.page(page).parent / "qr.svg"
        ).read_bytes()

    # Renaming a lot (without the permalink ledger, which would rightly refuse it).
    batches = sample_copy / "cty-thuan-quynh" / "che-duong-hoa" / "batches"
    old, new = batches / "DH-2610.yml", batches / "DH-2699.yml"
    new.write_text(old.read_text(encoding="utf-8").replace("lot: DH-2610", "lot: DH-2699"), encoding="utf-8")
    old.unlink()
    third = build_site(tmp_path / "third", sample_copy, cache_dir=cache, ledger=NO_LEDGER)
    url = third.absolute("p/che-duong-hoa/DH-2699/")
    # Only the renamed batch's code is new: its SVG (the page and the label sheet reuse it).
    assert third.qr_made == 1
    assert decode_svg((third.page("p/che-duong-hoa/DH-2699/").parent / "qr.svg").read_text(encoding="utf-8")) == [url]


# Pages are reused while their records are unchanged ------------------------------------------


def bulk_pages(build: BuildResult) -> dict[str, bytes]:
    """Every product, batch and producer page, label sheet and fact sheet of a build, by site path."""
    return {
        path: build.page(path).read_bytes()
        for prefix in LANGUAGES.values()
        for path in build.html_pages()
        if path.startswith((f"{prefix}p/", f"{prefix}producers/")) and path != f"{prefix}producers/"
    }


def test_a_build_after_one_batch_changed_renders_only_its_producers_pages(
    sample_copy: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "first", sample_copy, cache_dir=cache)
    pages = bulk_pages(first)
    assert first.pages_rendered == len(pages) > 100

    second = build_site(tmp_path / "second", sample_copy, cache_dir=cache)
    assert second.pages_rendered == 0
    assert bulk_pages(second) == pages

    batch = sample_copy / "cty-thuan-quynh" / "che-duong-hoa" / "batches" / "DH-2610.yml"
    batch.write_text(
        batch.read_text(encoding="utf-8").replace("amount: 2000", "amount: 2750"), encoding="utf-8"
    )
    third = build_site(tmp_path / "third", sample_copy, cache_dir=cache)
    producer = next(p for p in CATALOG.producers if p.id == "cty-thuan-quynh")
    batches = [b for product in producer.products for b in product.batches]
    # Its page, its products' pages and fact sheets, its batches' pages, in every language; and
    # its products' pages of label sheets.
    own_pages = len(LANGUAGES) * (1 + 2 * len(producer.products) + len(batches)) + len(producer.products)
    assert third.pages_rendered == own_pages
    changed = {path for path, content in bulk_pages(third).items() if content != pages[path]}
    assert changed and all("che-duong-hoa" in path or "cty-thuan-quynh" in path for path in changed)
    assert (
        "2\u202f750 gói" in content(third.doc("p/che-duong-hoa/DH-2610/")).text
    )  # grouped the Vietnamese way

    # A new day may change what pages say (a certificate expires): everything is rendered again.
    fourth = build_site(tmp_path / "fourth", sample_copy, cache_dir=cache, today="2026-11-30")
    assert fourth.pages_rendered == len(pages)


def test_a_change_of_the_pages_frame_reuses_what_the_records_gave(sample_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "first", sample_copy, cache_dir=cache)
    footer = "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"
    second = build_site(tmp_path / "second", sample_copy, cache_dir=cache, settings={"copyright": footer})
    assert first.pages_rendered > 100 and second.pages_rendered == 0
    for path in ("p/che-duong-hoa/DH-2610/", "en/p/che-duong-hoa/", "producers/cty-thuan-quynh/"):
        assert footer in second.html(path) and footer not in first.html(path)
        assert content(second.doc(path)).text == content(first.doc(path)).text


# Published URLs keep resolving ---------------------------------------------------------------


def test_renaming_a_published_lot_stops_the_build(sample_copy: Path, tmp_path: Path) -> None:
    batches = sample_copy / "cty-thuan-quynh" / "che-duong-hoa" / "batches"
    old = batches / "DH-2610.yml"
    (batches / "DH-2699.yml").write_text(
        old.read_text(encoding="utf-8").replace("lot: DH-2610", "lot: DH-2699"), encoding="utf-8"
    )
    old.unlink()
    site_dir = tmp_path / "published"
    site_dir.mkdir()
    (site_dir / "marker.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, sample_copy, site_dir=site_dir)
    assert "p/che-duong-hoa/DH-2610/" in str(failure.value)
    assert sorted(p.name for p in site_dir.iterdir()) == ["marker.txt"]


# No third-party requests, nothing written into the sources ----------------------------------

FETCHED = {"script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"]}
FETCHED |= {"video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"]}


def is_remote(url: str | None) -> bool:
    return bool(url) and re.match(r"^\s*(https?:)?//", url or "", re.I) is not None


def test_no_third_party_requests(site: BuildResult) -> None:
    problems = []
    for page in site.html_pages():
        for e in site.doc(page).iter():
            for attribute in FETCHED.get(e.tag, []):
                if is_remote(e.get(attribute)):
                    problems.append(f"{page}: <{e.tag} {attribute}={e.get(attribute)}>")
            if e.tag == "link" and is_remote(e.get("href")):
                rel = set((e.get("rel") or "").lower().split())
                if not rel <= {"canonical", "alternate", "linkset"}:  # none a browser fetches
                    problems.append(f"{page}: <link rel={e.get('rel')} href={e.get('href')}>")
            if re.search(r"url\(\s*['\"]?(https?:)?//", e.get("style") or ""):
                problems.append(f"{page}: style attribute on <{e.tag}> loads a remote URL")
    for css in site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        if re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(url\()?\s*['\"]?(https?:)?//", text):
            problems.append(f"{css.relative_to(site.site)} loads a remote URL")
    assert problems == []


def test_build_writes_nothing_into_the_sources(site: BuildResult, tmp_path: Path) -> None:
    assert site.written_outside == []
    docs = Path(site.config.docs_dir)
    assert not list(docs.rglob("p")) and not list(docs.rglob("qr.*"))
    assert not (docs / "catalog").exists() and not (docs / "en" / "catalog").exists()


def test_sample_build_is_complete(site: BuildResult) -> None:
    # A sanity check on the helper: the built site holds both languages and the QR files.
    assert (site.site / "index.html").is_file() and (site.site / "en" / "index.html").is_file()
    assert len(list(site.site.glob("p/*/qr.svg"))) == len(PRODUCTS)
    assert len(list(site.site.glob("p/*/*/qr.svg"))) == len(BATCHES)
