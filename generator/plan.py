"""The site plan: every generated page, QR code and media file, decided from the catalog alone.

Nothing here knows about MkDocs or HTML. Each planned page exists once per language at the same
path shape; the adapter realises it in every configured language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from . import urls
from .catalog import Batch, Catalog, Media, Producer, Product

PageKind = Literal["product", "batch", "producer", "listing", "producers", "reference"]
ListingKind = Literal["all", "group", "stars", "commune"]
Localized = dict[str, str]


@dataclass(frozen=True)
class QrCode:
    """A QR code for a page: it encodes the page's absolute URL in the default language."""

    page_path: str
    payload: str

    @property
    def svg_path(self) -> str:
        return self.page_path + "qr.svg"

    @property
    def png_path(self) -> str:
        return self.page_path + "qr.png"


@dataclass(frozen=True)
class Listing:
    """A list of products: the whole catalog, or one OCOP group, star rating or commune."""

    kind: ListingKind
    key: str
    path: str
    products: list[Product]
    label: Localized | None = None  # a commune's name; groups and stars are named by the interface


@dataclass(frozen=True)
class PlannedPage:
    path: str
    kind: PageKind
    subject: Product | Batch | Producer | Listing | Catalog
    title: Localized
    summary: Localized | None = None
    qr: QrCode | None = None


@dataclass
class SitePlan:
    pages: list[PlannedPage]
    listings: dict[ListingKind, list[Listing]]
    media: list[Media]
    catalog: Catalog
    by_path: dict[str, PlannedPage] = field(init=False)

    def __post_init__(self) -> None:
        self.by_path = {page.path: page for page in self.pages}

    @property
    def qr_codes(self) -> list[QrCode]:
        return [page.qr for page in self.pages if page.qr]


def _sort_products(products: list[Product]) -> list[Product]:
    # Highest rated first, then by name as Vietnamese readers look it up.
    return sorted(products, key=lambda p: (-p.record.ocop.stars, urls.slugify(p.record.name["vi"])))


def _listings(catalog: Catalog) -> dict[ListingKind, list[Listing]]:
    by_group: dict[str, list[Product]] = defaultdict(list)
    by_stars: dict[int, list[Product]] = defaultdict(list)
    by_commune: dict[str, list[Product]] = defaultdict(list)
    commune_names: dict[str, str] = {}
    for product in catalog.products:
        by_group[product.record.group].append(product)
        by_stars[product.record.ocop.stars].append(product)
        commune = product.producer.record.commune
        slug = urls.slugify(commune)
        by_commune[slug].append(product)
        commune_names.setdefault(slug, commune)
    return {
        "all": [Listing("all", "all", urls.CATALOG, _sort_products(catalog.products))],
        "group": [
            Listing("group", g, urls.group_path(g), _sort_products(p)) for g, p in sorted(by_group.items())
        ],
        "stars": [
            Listing("stars", str(s), urls.stars_path(s), _sort_products(p))
            for s, p in sorted(by_stars.items(), reverse=True)
        ],
        "commune": [
            Listing(
                "commune",
                slug,
                urls.commune_path(commune_names[slug]),
                _sort_products(p),
                {"vi": commune_names[slug]},
            )
            for slug, p in sorted(by_commune.items())
        ],
    }


def build_plan(catalog: Catalog, base_url: str) -> SitePlan:
    """Plan every generated page; ``base_url`` is the public root that QR codes point to."""
    pages: list[PlannedPage] = []
    for producer in catalog.producers:
        pages.append(
            PlannedPage(
                urls.producer_path(producer.id),
                "producer",
                producer,
                producer.record.name,
                producer.record.description,
            )
        )
        for product in producer.products:
            path = urls.product_path(product.id)
            pages.append(
                PlannedPage(
                    path,
                    "product",
                    product,
                    product.record.name,
                    product.record.summary,
                    QrCode(path, urls.absolute_url(base_url, path)),
                )
            )
            for batch in product.batches:
                path = urls.batch_path(product.id, batch.lot)
                title = {code: f"{name} · {batch.lot}" for code, name in product.record.name.items()}
                pages.append(
                    PlannedPage(
                        path,
                        "batch",
                        batch,
                        title,
                        product.record.summary,
                        QrCode(path, urls.absolute_url(base_url, path)),
                    )
                )
    listings = _listings(catalog)
    for kind_listings in listings.values():
        for listing in kind_listings:
            pages.append(PlannedPage(listing.path, "listing", listing, listing.label or {}))
    pages.append(PlannedPage(urls.PRODUCERS, "producers", catalog, {}))
    pages.append(PlannedPage(urls.REFERENCE, "reference", catalog, {}))
    return SitePlan(pages, listings, catalog.media, catalog)
