"""Permanent URLs, as promised in the record contract, and how pages link to each other.

Site paths here are language-neutral and relative to the site root, always ending in "/" for a
page (``p/<product-id>/``). A language other than the default adds its prefix (``en/``).
Printed QR codes point at these paths, so a change here breaks packaging already on shelves.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from ..records.schema import FACT_SHEET

CATALOG = "catalog/"
PRODUCERS = "producers/"
REFERENCE = "contribute/reference/"
PRINT = "print/"  # the catalog as print documents (print_path)
STATS = "stats/"

# Characters that may stand unescaped in a path segment (RFC 3986 pchar).
_SEGMENT_SAFE = "-._~!$&'()*+,;=:@"


def product_path(product_id: str) -> str:
    return f"p/{product_id}/"


def batch_path(product_id: str, lot: str) -> str:
    return f"p/{product_id}/{lot}/"


def sheet_path(product_id: str) -> str:
    """The product's printable fact sheet; no lot may be named like it (records/schema.py)."""
    return f"p/{product_id}/{FACT_SHEET}/"


def labels_path(product_id: str, lot: str) -> str:
    return f"p/{product_id}/{lot}/labels/"


def digital_link_path(gtin14: str, lot: str | None = None) -> str:
    """GS1 Digital Link: ``01/<gtin14>/`` for a product, ``01/<gtin14>/10/<lot>/`` for a batch."""
    return f"01/{gtin14}/" + (f"10/{lot}/" if lot is not None else "")


def producer_path(producer_id: str) -> str:
    return f"{PRODUCERS}{producer_id}/"


def group_path(group: str) -> str:
    return f"{CATALOG}group/{group}/"


def stars_path(stars: int) -> str:
    return f"{CATALOG}stars/{stars}/"


def commune_path(commune: str) -> str:
    return f"{CATALOG}commune/{slugify(commune)}/"


def print_path(listing_path: str) -> str:
    """The print catalog of a listing: ``catalog/`` is printed at ``print/``,
    ``catalog/group/food/`` at ``print/group/food/``, ``catalog/commune/<slug>/`` at
    ``print/commune/<slug>/``."""
    assert listing_path.startswith(CATALOG)
    return PRINT + listing_path[len(CATALOG) :]


def slugify(text: str) -> str:
    """ASCII slug of Vietnamese text: "Đồng Rui" -> "dong-rui"."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    words = "".join(c.lower() if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


def url_path(path: str) -> str:
    """A site path as it is written in a URL: each segment percent-encoded where needed."""
    return quote(path, safe="/" + _SEGMENT_SAFE)


def absolute_url(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + url_path(path)


def digital_link_url(base: str, gtin14: str, lot: str | None = None) -> str:
    """The Digital Link URI, with the lot percent-encoded beyond RFC 3986's unreserved set as
    GS1 Digital Link requires (a lot may hold ! " % & ' ( ) * + , : ; < = > ?)."""
    url = base.rstrip("/") + f"/01/{gtin14}/"
    return url + (f"10/{quote(lot, safe='-._~')}/" if lot is not None else "")


def relative_url(target: str, current: str) -> str:
    """The link from the page at ``current`` to ``target``; both are site paths.

    Links are relative, so the site works from any folder of any static host. Site paths are
    plain (no "." or ".." segments), so the common folders are found by comparing segments:
    a page has dozens of links and the site hundreds of thousands of pages.
    """
    folders = current.split("/")[:-1]  # "p/a/" and "p/a/x.html" are both in p/a/
    parts = target.split("/")
    common = 0
    while common < min(len(folders), len(parts) - 1) and folders[common] == parts[common]:
        common += 1
    relative = "../" * (len(folders) - common) + "/".join(parts[common:])
    if not relative:
        relative = "./"
    elif ":" in relative.split("/", 1)[0]:
        relative = "./" + relative  # "A:1/" would read as a URL with the scheme "a:"
    return url_path(relative)


def listing_page_path(listing_path: str, number: int) -> str:
    """Page ``number`` (from 1) of a listing: the first is the listing's own path."""
    return listing_path if number == 1 else f"{listing_path}page/{number}/"
