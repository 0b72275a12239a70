"""Every kind of generated page, declared once: its template, its path, whether it is written in
bulk, what it gives search, its head tags and its scripts.

A new kind of page is one declaration here and one template ``theme/ocop/<name>.html``; the
plan, the renderer, the bulk writer and the site engine's adapter read what they need from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from . import structured, urls
from .search import SearchRecord, browse_record, producer_record, product_record

if TYPE_CHECKING:
    from .plan import PlannedPage

CatalogPart = Literal["records", "statuses"]
JsonLd = Callable[["structured.StructuredData", Any, Any], list[dict[str, Any]]]


def _no_scripts(page: PlannedPage) -> list[str]:
    return []


def _catalog_scripts(page: PlannedPage) -> list[str]:
    """The catalog's first page browses the whole catalog by filters and sorts (search.py)."""
    subject = page.subject
    return ["javascripts/catalog.js"] if subject.listing.kind == "all" and subject.number == 1 else []


@dataclass(frozen=True)
class PageKind:
    name: str
    # Written in bulk (build/bulk.py) by forked workers, each page from its producer's records
    # alone: from a *shell*, the theme's page of this kind rendered once per language at ``path``
    # with sentinel segments, instead of through the site engine (or standalone, below). Other
    # kinds read the whole catalog and are written by the build's own process.
    bulk: bool = False
    # A document of its own, complete in its template (a page to print): never a page of the site
    # engine, so out of its navigation, search and sitemap, and written as the template renders it.
    standalone: bool = False
    # The macro of ``_macros.html`` that draws a product's card on the pages of this kind, which
    # list products: each card is made once per product and language, with the product's page,
    # and placed on every page of the kind that lists the product (render.py, placed_cards).
    card: str | None = None
    # The page's path from its URL segments (ids, a lot), for kinds written in bulk.
    path: Callable[..., str] | None = None
    segments: Callable[[Any], tuple[str, ...]] | None = None
    # Written from a *shell* when the build writes in bulk (build/shells.py): the theme's page of
    # the kind rendered once per language and path shape, and filled for every page; but for
    # the pages of the site engine's navigation and those with scripts of their own, which the
    # engine renders as it renders them all without ``bulk``.
    shell: bool = False
    # Complete without the theme's script (a third of a page's weight), with a stylesheet cut
    # down to what such pages use (build/lightcss.py): the pages a shopper opens, often on a
    # weak connection, the catalog's listings, a product's, its producer's and the trace page a
    # QR code opens. Without the script, a long listing has no "back to top" button; the header
    # stays on screen all the same.
    light: bool = False
    # The header's search shows results as one types (javascripts/search.js, 2 kB); without it
    # the search box is a form that opens the search page: the trace page loads no script.
    search_script: bool = True
    # The page's search record (search.py): what it is found by and what a result shows; None
    # keeps it out of search.
    search: Callable[[Any, Any, dict[str, Any]], SearchRecord] | None = None
    # Its record in the catalog's bundle (search.py), with what the catalog filters and sorts
    # by; the site's province is given for a producer that names none.
    browse: Callable[[Any, Any, dict[str, Any], str], SearchRecord] | None = None
    og_type: str = "website"
    json_ld: JsonLd | None = None
    # Its head links the feeds of recalls of the producer it is about (feeds.py). Only a light
    # kind may: the theme's script fetches a sitemap beside every <link rel="alternate"> (for
    # its language switch), which a feed's folder does not have.
    feeds: bool = False
    scripts: Callable[[PlannedPage], list[str]] = _no_scripts
    # What a page of the whole catalog is made from, for the build to keep it as it is while that
    # is unchanged (build/bulk.py), so that a batch changed does not make every listing and
    # index again: "records", the records of producers and products and the cards of the
    # products it lists, never a batch (what a batch shows on a card is in the card);
    # "statuses", those and every batch's status and date, with the whole record of each batch
    # recalled or withdrawn. None: made by every build.
    kept_by: CatalogPart | None = None

    @property
    def template(self) -> str:
        return f"{self.name}.html"


KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind(
            "product",
            bulk=True,
            shell=True,
            path=urls.product_path,
            segments=lambda product: (product.id,),
            search=product_record,
            browse=browse_record,
            light=True,
            og_type="product",
            json_ld=lambda data, product, language: [data.product(product, language)],
            feeds=True,
        ),
        PageKind(
            "batch",
            bulk=True,
            shell=True,
            path=urls.batch_path,
            segments=lambda batch: (batch.product.id, batch.lot),
            light=True,
            search_script=False,
            og_type="product",
            json_ld=lambda data, batch, language: [data.product(batch.product, language)],
            feeds=True,
        ),
        PageKind(
            "producer",
            bulk=True,
            shell=True,
            path=urls.producer_path,
            segments=lambda producer: (producer.id,),
            search=producer_record,
            light=True,
            json_ld=lambda data, producer, language: [data.organization(producer, language)],
            feeds=True,
        ),
        # A product's one-page A4 fact sheet for a buyer, to print or keep as PDF.
        PageKind(
            "sheet",
            bulk=True,
            standalone=True,
            path=urls.sheet_path,
            segments=lambda product: (product.id,),
        ),
        PageKind(
            "listing", shell=True, light=True, card="product_card", scripts=_catalog_scripts, kept_by="records"
        ),
        # The catalog, a group or a commune as a brochure to print: a cover, then the products.
        PageKind("print", standalone=True, card="print_card", kept_by="records"),
        PageKind("producers", kept_by="records"),
        # Every commune with products, linked to its listing and its print catalog.
        PageKind("communes", kept_by="records"),
        PageKind("reference", kept_by="records"),
        PageKind("search", kept_by="records"),
        # A page's QR code as a PNG for print, drawn in the producer's browser from its SVG.
        PageKind("qr", scripts=lambda page: ["javascripts/qr-png.js"], kept_by="records"),
        # The figures the programme's agencies report, drawn as charts beside their tables: they
        # count batches by status and list those recalled and withdrawn.
        PageKind("stats", kept_by="statuses"),
    )
}
# The kinds written from a shell when the build writes in bulk; the others are the engine's.
SHELL_KINDS = tuple(name for name, kind in KINDS.items() if kind.shell)
# The cards a product's page comes with, one per kind of page that lists products.
CARDS = tuple(sorted({kind.card for kind in KINDS.values() if kind.card}))


def page_path(kind: str, subject: Any) -> str:
    """Where the page of ``kind`` about ``subject`` lives, for kinds written in bulk."""
    declared = KINDS[kind]
    assert declared.path is not None and declared.segments is not None
    return declared.path(*declared.segments(subject))
