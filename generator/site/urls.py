"""Permanent URLs, as promised in the record contract, and how pages link to each other.

Site paths here are language-neutral and relative to the site root, always ending in "/" for a
page (``p/<product-id>/``). A language other than the default adds its prefix (``en/``).
Printed QR codes point at these paths, so a change here breaks packaging already on shelves.
"""

from __future__ import annotations

from urllib.parse import quote

from ..records.texts import slugify

CATALOG = "catalog/"
PRODUCERS = "producers/"
REFERENCE = "contribute/reference/"
SEARCH = "search/"
QR_PNG = "qr/"  # a page's code drawn as a PNG for print, in the browser
FACT_SHEET = "sheet"  # a product's printable fact sheet, beside its batches
PRINT = "print/"  # the catalog as print documents (print_path)
STATS = "stats/"
COMMUNES = f"{CATALOG}commune/"  # every commune's listing; a commune's slug is never empty

# Characters that may stand unescaped in a path segment (RFC 3986 pchar).
_SEGMENT_SAFE = "-._~!$&'()*+,;=:@"


def product_path(product_id: str) -> str:
    return f"p/{product_id}/"


def batch_path(product_id: str, lot: str) -> str:
    return f"p/{product_id}/{lot}/"


def sheet_path(product_id: str) -> str:
    """The product's printable fact sheet; no lot may be named like it (records/schema.py)."""
    return f"p/{product_id}/{FACT_SHEET}/"


def labels_path(product_id: str) -> str:
    """The product's printable sheets of QR stickers, one for each batch (``#<lot>`` shows
    that batch's alone); no lot may be named like it (site/checks.py)."""
    return f"p/{product_id}/labels/"


def labels_anchor(lot: str) -> str:
    """What follows ``#`` in a link to a batch's stickers on its product's sheet of labels: the
    lot, which names its part of the sheet, percent-encoded (a lot may hold "%" or "&")."""
    return quote(lot, safe="")


def digital_link_path(gtin14: str, lot: str | None = None) -> str:
    """GS1 Digital Link: ``01/<gtin14>/`` for a product, ``01/<gtin14>/10/<lot>/`` for a batch.
    The folder answers the URI with a trailing slash (codes printed before) and, on every static
    host, the URI without one (``bare_path``)."""
    return f"01/{gtin14}/" + (f"10/{lot}/" if lot is not None else "")


def linkset_path(gtin14: str, lot: str | None = None) -> str:
    """The linkset (RFC 9264) of a Digital Link, in its folder."""
    return digital_link_path(gtin14, lot) + "linkset.json"


def bare_path(folder_path: str) -> str:
    """The file that answers a folder's path without its trailing slash: GitHub Pages, Netlify
    and Cloudflare Pages serve ``x.html`` for ``/x`` (and would otherwise redirect to ``/x/``)."""
    return folder_path.rstrip("/") + ".html"


def producer_path(producer_id: str) -> str:
    return f"{PRODUCERS}{producer_id}/"


FEEDS = "feeds/"


def recalls_feed_path(extension: str, producer_id: str | None = None) -> str:
    """The feed of recalls and withdrawals (``xml``: Atom, ``json``: JSON Feed), of the whole
    site or of one producer; a file, so each language has its own under its prefix."""
    folder = producer_path(producer_id) if producer_id is not None else FEEDS
    return f"{folder}recalls.{extension}"


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


def url_path(path: str) -> str:
    """A site path as it is written in a URL: each segment percent-encoded where needed."""
    return quote(path, safe="/" + _SEGMENT_SAFE)


def absolute_url(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + url_path(path)


def digital_link_url(base: str, gtin14: str, lot: str | None = None) -> str:
    """The Digital Link URI as GS1's grammar reads it: no trailing slash, and the lot
    percent-encoded beyond RFC 3986's unreserved set (a lot may hold ! " % & ' ( ) * + , : ; < = >
    ?). Codes printed before carry a trailing slash: ``digital_link_path`` serves both."""
    url = base.rstrip("/") + f"/01/{gtin14}"
    return url + (f"/10/{quote(lot, safe='-._~')}" if lot is not None else "")


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
