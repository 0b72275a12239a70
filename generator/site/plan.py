"""The site plan: every generated page, QR code and media file, decided from the catalog alone.

Nothing here knows about MkDocs or HTML. Each planned page exists once per language at the same
path shape; the adapter realises it in every configured language.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, get_args

from ..records.catalog import Batch, Catalog, Media, Producer, Product
from ..records.schema import OcopGroup
from ..records.texts import RECORD_LANGUAGE
from . import urls
from .kinds import page_path

ListingKind = Literal["all", "group", "stars", "commune"]
STARS = (5, 4, 3)  # the OCOP ratings, highest first
Localized = dict[str, str]


@dataclass(frozen=True)
class QrCode:
    """A QR code for a page: it encodes the page's absolute URL in the default language."""

    page_path: str
    payload: str

    @property
    def svg_path(self) -> str:
        return self.page_path + "qr.svg"


@dataclass(frozen=True)
class Listing:
    """A list of products: the whole catalog, or one OCOP group, star rating or commune."""

    kind: ListingKind
    key: str
    path: str
    products: list[Product]
    commune: str | None = None  # as officials write it; groups and stars are named by the interface
    online: str | None = None  # for a print catalog, the path of the listing it prints

    @cached_property
    def by_stars(self) -> dict[int, int]:
        """How many of its products have 5, 4 and 3 stars; counted once, for every page of it."""
        found = Counter(product.record.ocop.stars for product in self.products)
        return {stars: found[stars] for stars in STARS}

    @cached_property
    def by_group(self) -> dict[str, int]:
        """How many of its products are in each OCOP group, in the order they come."""
        return dict(Counter(product.record.group for product in self.products))


# Quảng Ninh's 437 products stay on one catalog page, which the browser filters and sorts; the
# national catalog (18,000) is cut into pages a phone can load.
LISTING_PAGE_SIZE = 500


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing; a listing longer than the page size is cut into several."""

    listing: Listing
    number: int  # from 1
    count: int
    products: list[Product]

    @property
    def path(self) -> str:
        return self.page_path(self.number)

    def page_path(self, number: int) -> str:
        return urls.listing_page_path(self.listing.path, number)

    @property
    def paginated(self) -> bool:
        return self.count > 1


def _listing_pages(listing: Listing, size: int) -> list[ListingPage]:
    chunks = [listing.products[start : start + size] for start in range(0, len(listing.products), size)]
    chunks = chunks or [[]]
    return [ListingPage(listing, number, len(chunks), chunk) for number, chunk in enumerate(chunks, 1)]


def _listed(kind: str, listing: Listing, size: int) -> list[PlannedPage]:
    """The pages of ``kind`` that show a listing, ``size`` products each."""
    return [
        PlannedPage(page.path, kind, page, {}) for page in _listing_pages(listing, size)
    ]  # titled from the listing


@dataclass(frozen=True)
class Redirect:
    """A static redirect from a permanent URL that has no page of its own any more (or never had:
    GS1 Digital Link URLs), so that a printed code keeps working on any static host."""

    from_path: str
    to_path: str
    per_language: bool  # renamed products move in every language; Digital Link URLs have none
    product: Product = field(compare=False, repr=False)  # the product it leads to
    # Also answered without the trailing slash by a file of its own (urls.bare_path): the form
    # GS1's grammar accepts, printed on every new code.
    bare: bool = False

    @property
    def digital_link(self) -> bool:
        return not self.per_language


@dataclass(frozen=True)
class LabelSheet:
    """A printable page of QR stickers for each batch of a product: one page a product, not a
    file a batch (four files fewer a product; producers alone use it)."""

    path: str
    product: Product
    lots: tuple[tuple[Batch, str], ...]  # each batch, with the payload of its code


@dataclass(frozen=True)
class PlannedPage:
    path: str
    kind: str  # a name of kinds.KINDS
    subject: Product | Batch | Producer | ListingPage | Catalog
    title: Localized
    summary: Localized | None = None
    qr: QrCode | None = None


@dataclass
class SitePlan:
    pages: list[PlannedPage]
    listings: dict[ListingKind, list[Listing]]
    media: list[Media]
    catalog: Catalog
    redirects: list[Redirect]
    labels: list[LabelSheet]
    by_path: dict[str, PlannedPage] = field(init=False)

    def __post_init__(self) -> None:
        self.by_path = {page.path: page for page in self.pages}
        self.redirect_targets = {r.from_path: r.to_path for r in self.redirects}
        self.label_paths = {sheet.path for sheet in self.labels}

    def resolves(self, path: str) -> bool:
        """Whether a published, language-neutral path still leads somewhere on the site."""
        return path in self.by_path or path in self.redirect_targets or path in self.label_paths

    @property
    def qr_codes(self) -> list[QrCode]:
        return [page.qr for page in self.pages if page.qr]


def _sort_products(products: list[Product]) -> list[Product]:
    # Highest rated first, then by name as Vietnamese readers look it up.
    return sorted(
        products, key=lambda p: (-p.record.ocop.stars, urls.slugify(p.record.name[RECORD_LANGUAGE]))
    )


GROUP_ORDER = {group: index for index, group in enumerate(get_args(OcopGroup))}


def _printed(listing: Listing) -> Listing:
    """The print catalog of a listing: its products by OCOP group, in the programme's order,
    each group sorted as the listing is."""
    products = sorted(listing.products, key=lambda p: GROUP_ORDER[p.record.group])  # a stable sort
    return Listing(
        listing.kind, listing.key, urls.print_path(listing.path), products, listing.commune, listing.path
    )


def _listings(catalog: Catalog) -> dict[ListingKind, list[Listing]]:
    by_group: dict[str, list[Product]] = defaultdict(list)
    by_stars: dict[int, list[Product]] = defaultdict(list)
    by_commune: dict[str, list[Product]] = defaultdict(list)
    commune_names: dict[str, str] = {}
    # A withdrawn product keeps its page for the codes already printed, but leaves the catalog.
    listed = [p for p in catalog.products if p.record.status != "withdrawn"]
    for product in listed:
        by_group[product.record.group].append(product)
        by_stars[product.record.ocop.stars].append(product)
        commune = product.producer.record.commune
        slug = urls.slugify(commune)
        by_commune[slug].append(product)
        commune_names.setdefault(slug, commune)
    return {
        "all": [Listing("all", "all", urls.CATALOG, _sort_products(listed))],
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
                commune_names[slug],
            )
            for slug, p in sorted(by_commune.items())
        ],
    }


def qr_payload(base_url: str, product: Product, lot: str | None = None) -> str:
    """What a printed code encodes: the GS1 Digital Link URI when the product has a GTIN,
    otherwise the page's own permanent URL, always in the default language."""
    if product.record.gtin:
        return urls.digital_link_url(base_url, product.record.gtin, lot)
    path = urls.product_path(product.id) if lot is None else urls.batch_path(product.id, lot)
    return urls.absolute_url(base_url, path)


def product_qr(base_url: str, product: Product) -> QrCode:
    """The code of a product's page, which its fact sheet and print cards show too."""
    return QrCode(urls.product_path(product.id), qr_payload(base_url, product))


def _redirects(product: Product) -> list[Redirect]:
    found = []
    product_path = urls.product_path(product.id)
    if gtin := product.record.gtin:
        found.append(
            Redirect(
                urls.digital_link_path(gtin), product_path, per_language=False, product=product, bare=True
            )
        )
        lots = {b.lot for b in product.batches}
        found += [
            Redirect(
                urls.digital_link_path(gtin, b.lot),
                urls.batch_path(product.id, b.lot),
                per_language=False,
                product=product,
                # Lot "A"'s file "A.html" would stand where lot "A.html"'s folder is: that one lot
                # is left to the host's own redirect to the folder.
                bare=urls.bare_path(b.lot) not in lots,
            )
            for b in product.batches
        ]
    for old_id in product.record.formerly:
        found.append(Redirect(urls.product_path(old_id), product_path, per_language=True, product=product))
        found += [
            Redirect(
                urls.batch_path(old_id, b.lot),
                urls.batch_path(product.id, b.lot),
                per_language=True,
                product=product,
            )
            for b in product.batches
        ]
    return found


def build_plan(
    catalog: Catalog, base_url: str, labels: bool = True, listing_page_size: int = LISTING_PAGE_SIZE
) -> SitePlan:
    """Plan every generated page; ``base_url`` is the public root that QR codes point to;
    ``labels`` adds a printable label sheet per batch; listings are cut into pages of
    ``listing_page_size`` products."""
    pages: list[PlannedPage] = []
    redirects: list[Redirect] = []
    sheets: list[LabelSheet] = []
    for producer in catalog.producers:
        pages.append(
            PlannedPage(
                page_path("producer", producer),
                "producer",
                producer,
                producer.record.name,
                producer.record.description,
            )
        )
        for product in producer.products:
            path = page_path("product", product)
            qr = product_qr(base_url, product)
            pages.append(
                PlannedPage(path, "product", product, product.record.name, product.record.summary, qr)
            )
            # Its code is the product page's, drawn with that page.
            pages.append(
                PlannedPage(
                    page_path("sheet", product), "sheet", product, product.record.name, product.record.summary
                )
            )
            redirects += _redirects(product)
            lots = []
            for batch in product.batches:
                path = page_path("batch", batch)
                title = {code: f"{name} · {batch.lot}" for code, name in product.record.name.items()}
                qr = QrCode(path, qr_payload(base_url, product, batch.lot))
                pages.append(PlannedPage(path, "batch", batch, title, product.record.summary, qr))
                lots.append((batch, qr.payload))
            if labels and lots:
                sheets.append(LabelSheet(urls.labels_path(product.id), product, tuple(lots)))
    listings = _listings(catalog)
    for kind_listings in listings.values():
        for listing in kind_listings:
            pages += _listed("listing", listing, listing_page_size)
    # The whole catalog, each group and each commune to print, for trade fairs and showrooms; a
    # print catalog is cut into parts as its listing is into pages: the national one is no brochure.
    for kind in ("all", "group", "commune"):
        for listing in listings[kind]:
            pages += _listed("print", _printed(listing), listing_page_size)
    pages.append(PlannedPage(urls.PRODUCERS, "producers", catalog, {}))
    pages.append(PlannedPage(urls.COMMUNES, "communes", catalog, {}))
    pages.append(PlannedPage(urls.REFERENCE, "reference", catalog, {}))
    pages.append(PlannedPage(urls.STATS, "stats", catalog, {}))
    pages.append(PlannedPage(urls.SEARCH, "search", catalog, {}))
    pages.append(PlannedPage(urls.QR_PNG, "qr", catalog, {}))
    return SitePlan(pages, listings, catalog.media, catalog, redirects, sheets)
