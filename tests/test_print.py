"""Printing: the print catalogs and a fact sheet of the sample site, printed to PDF by Chromium as
a browser's "Save as PDF" does, then read back with poppler (pdftoppm, pdftotext) and a real QR
decoder: every code decodes to its page at 150 dpi, no word lies outside the page's printable
area, no card is split across two pages, the pages are numbered, a fact sheet is one page.

The site is the session's sample build; each document is printed once and checked many ways.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import zxingcpp
from PIL import Image

from generator.site.urls import slugify

from .browsing import CHROMIUM, Served

if TYPE_CHECKING:
    from playwright.sync_api import Browser
from .sitebuild import BuildResult

MM = 72 / 25.4  # PDF points per millimetre
SLACK = 1 * 72 / 25.4  # a glyph's box reaches past its line box by up to a millimetre
DPI = 150
# Printed once each: the whole catalog in both languages, a commune's, a group's, fact sheets;
# and the food group of the sample with a product whose every text is long and full of markup
# (sitebuild.add_hostile_records): seven cards, more than two pages hold, so one moves on whole.
DOCUMENTS = [
    "print/",
    "en/print/",
    "print/commune/xa-ba-che/",
    "en/print/group/beverage/",
    "hostile:print/group/food/",
    "p/tra-hoa-vang-ba-che/sheet/",
    "en/p/ngoc-trai-akoya-ha-long/sheet/",
]
# The page boxes of print.css: (top, right, bottom, left) margins in millimetres.
CATALOG_MARGINS = (14, 14, 16, 14)
SHEET_MARGINS = (12, 14, 12, 14)
PAGE_NUMBER = re.compile(r"^\d+$|^/$")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"headless Chromium is not installed at {CHROMIUM}"),
    pytest.mark.skipif(
        not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
        reason="poppler-utils (pdftoppm, pdftotext) is not installed",
    ),
]


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PdfPage:
    number: int  # from 1
    width: float  # points
    height: float
    words: list[Word]
    codes: list[str]  # what the QR codes on the page decode to, at 150 dpi

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def read_pdf(pdf: Path) -> list[PdfPage]:
    """The PDF's pages: their words with their boxes (pdftotext -bbox), and the codes found on
    each page rendered at 150 dpi (pdftoppm), as a phone would see the paper."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
    images = sorted(pdf.parent.glob(pdf.stem + "-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    pages = []
    for number, (match, image) in enumerate(zip(_PAGE.finditer(boxes.stdout), images, strict=True), 1):
        words = [
            Word(unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in _WORD.findall(match.group(3))
        ]
        with Image.open(image) as picture:
            codes = [found.text for found in zxingcpp.read_barcodes(picture)]
        pages.append(PdfPage(number, float(match.group(1)), float(match.group(2)), words, codes))
    return pages


@pytest.fixture(scope="module")
def site(sample: Served) -> Served:
    """The sample site, served (served.py)."""
    return sample


@pytest.fixture(scope="module")
def printed(
    sample: Served, hostile: Served, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[PdfPage]]:
    """Each document printed to PDF once, with the browser's defaults (no "background graphics")."""
    folder = tmp_path_factory.mktemp("printed")
    found = {}
    for document in DOCUMENTS:
        served, path = served_at(document, sample, hostile)
        page = browser.new_page()
        page.goto(served.url(path), wait_until="load")
        pdf = folder / (document.strip("/").replace("/", "_").replace(":", "_") + ".pdf")
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        page.close()
        found[document] = read_pdf(pdf)
    return found


def served_at(document: str, site: Served, hostile: Served) -> tuple[Served, str]:
    """The site a document is printed from, and its path there."""
    name, _, path = document.rpartition(":")
    return (hostile if name == "hostile" else site), path


def catalog_of(served: Served) -> dict:
    return json.loads((served.build.site / "data" / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(site: Served) -> dict:
    return catalog_of(site)


def printed_products(catalog: dict, path: str) -> list[dict]:
    """The products a print catalog lists, worked out from catalog.json."""
    producers = {p["id"]: p for p in catalog["producers"]}
    products = [p for p in catalog["products"] if p["status"] != "withdrawn"]
    kind, _, key = path.removeprefix("en/").removeprefix("print/").rstrip("/").partition("/")
    if kind == "group":
        return [p for p in products if p["group"] == key]
    if kind == "commune":
        return [p for p in products if slugify(producers[p["producer"]]["commune"]) == key]
    return products


def name_in(text: dict[str, str], code: str) -> str:
    return text.get(code, text["vi"])


def page_with(pages: list[PdfPage], phrase: str) -> list[int]:
    """The pages whose text holds ``phrase``, spaces aside: a name may wrap, even where it had
    no space."""
    wanted = "".join(phrase.split())
    return [page.number for page in pages if wanted in "".join(page.text.split())]


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if "/sheet/" not in d])
def test_every_card_is_whole_on_one_page_with_a_code_that_leads_to_its_product(
    printed: dict[str, list[PdfPage]], site: Served, hostile: Served, document: str
) -> None:
    pages = printed[document]
    served, path = served_at(document, site, hostile)
    catalog = catalog_of(served)
    code = "en" if path.startswith("en/") else "vi"
    producers = {p["id"]: p for p in catalog["producers"]}
    products = printed_products(catalog, path)
    assert products
    # The cover: its own code leads to the same list on the website, in the catalog's language.
    assert pages[0].codes == [served.build.absolute(path.replace("print/", "catalog/"))]
    decoded = [found for page in pages[1:] for found in page.codes]
    assert sorted(decoded) == sorted(p["qr"] for p in products)
    for product in products:
        name = name_in(product["name"], code)
        on = page_with(pages[1:], name)
        assert len(on) == 1, f"{name} is on pages {on}"
        page = pages[on[0] - 1]
        # The card is whole: its producer and its code are on the same page as its name.
        assert product["qr"] in page.codes, f"{name}'s code is not on page {page.number}"
        assert page_with([page], name_in(producers[product["producer"]]["name"], code)) == [page.number]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_word_lies_outside_the_printable_area(printed: dict[str, list[PdfPage]], document: str) -> None:
    top, right, bottom, left = SHEET_MARGINS if "/sheet/" in document else CATALOG_MARGINS
    for page in printed[document]:
        assert (round(page.width / MM), round(page.height / MM)) == (210, 297), "A4"
        outside = [
            word.text
            for word in page.words
            if word.x0 < left * MM - SLACK
            or word.x1 > page.width - right * MM + SLACK
            or word.y0 < top * MM - SLACK
            or (word.y1 > page.height - bottom * MM + SLACK and not PAGE_NUMBER.match(word.text))
        ]
        assert outside == [], f"page {page.number} of {document}"


@pytest.mark.parametrize("path", ["print/", "en/print/"])
def test_pages_are_numbered_after_the_cover(printed: dict[str, list[PdfPage]], path: str) -> None:
    pages = printed[path]
    assert len(pages) > 2
    for page in pages:
        footer = [w.text for w in page.words if w.y0 > page.height - CATALOG_MARGINS[2] * MM]
        assert footer == ([] if page.number == 1 else [str(page.number), "/", str(len(pages))])


@pytest.mark.parametrize("path", [d for d in DOCUMENTS if "/sheet/" in d])
def test_a_fact_sheet_is_one_page_with_the_products_code(
    printed: dict[str, list[PdfPage]], catalog: dict, path: str
) -> None:
    (page,) = printed[path]
    product = next(p for p in catalog["products"] if f"p/{p['id']}/sheet/" in path)
    producer = next(p for p in catalog["producers"] if p["id"] == product["producer"])
    code = "en" if path.startswith("en/") else "vi"
    assert page.codes == [product["qr"]]
    for phrase in (
        name_in(product["name"], code),
        name_in(producer["name"], code),
        product["ocop"]["decision"],
    ):
        assert page_with([page], phrase) == [1], phrase


def test_every_group_and_commune_has_a_print_catalog_of_its_products(site: Served) -> None:
    build: BuildResult = site.build
    plan = build.config.plugins["ocop"].plan  # type: ignore[attr-defined]
    for kind in ("group", "commune"):
        for listing in plan.listings[kind]:
            for prefix in ("", "en/"):
                printed = build.doc(prefix + listing.path.replace("catalog/", "print/", 1))
                cards = printed.find_all("li", cls="ocop-print-card")
                links = sorted(card.find("h3").find("a").get("href") for card in cards)
                depth = "../" * listing.path.count("/")
                assert links == sorted(f"{depth}p/{p.id}/" for p in listing.products)


@pytest.mark.parametrize("path", ["p/ruou-ba-kich-ba-che/BK-2610/", "en/p/ruou-ba-kich-ba-che/BK-2610/"])
def test_a_printed_trace_page_carries_its_batchs_code(
    site: Served, browser: Browser, tmp_path: Path, path: str
) -> None:
    """The page shows its code's file rather than carrying it: printed as soon as the page has
    loaded, as a reader's Print does, the code is on paper and leads to the batch's page."""
    page = browser.new_page()
    page.goto(site.url(path), wait_until="load")
    pdf = tmp_path / "trace.pdf"
    page.pdf(path=str(pdf))
    page.close()
    codes = [found for printed in read_pdf(pdf) for found in printed.codes]
    assert codes == [site.build.absolute("p/ruou-ba-kich-ba-che/BK-2610/")]
