"""The figures the agencies running the OCOP programme report, made from the records the site is
built from: products by stars, OCOP group and commune; certificates expired or about to expire;
recalled and withdrawn batches; how much of the catalog each language has; producers by kind.

Products are counted as the catalog lists them (a withdrawn product keeps its page but leaves
the catalog), from the plan's own listings, so that each figure links to a page listing the
very products it counts. Certificates follow the validator's rule (records/rules.py), as of the
build's one "today". The figures are drawn on the stats page (stats.html) and published in
``stats.json`` (opendata.py), both from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from ..records.catalog import Batch, Product
from ..records.rules import EXPIRY_NOTICE_DAYS, certificate_due, translatable_texts
from ..records.schema import BatchStatus, OcopGroup, ProducerKind
from .languages import Language
from .plan import STARS, Listing, SitePlan

# Communes drawn one bar each, the others as one more bar; the table beside lists them all.
CHARTED_COMMUNES = 12


@dataclass(frozen=True)
class Count:
    key: str  # what is counted: "5", "food", a commune's slug, "cooperative"; "" for the others
    value: int
    label: str | None = None  # a commune's name as its records write it; a language's name
    path: str | None = None  # the listing of the products counted


@dataclass(frozen=True)
class Due:
    """A product whose OCOP certificate has run out, or runs out soon."""

    product: Product
    until: date
    days: int  # left; negative once run out


@dataclass(frozen=True)
class Figures:
    as_of: date
    products: int
    by_stars: list[Count]
    by_group: list[Count]
    by_commune: list[Count]  # most products first
    certificates: list[Count]  # of the products on sale (status "active"): valid, expiring, expired
    expired: list[Due]
    expiring: list[Due]
    batches: list[Count]  # released, recalled, withdrawn
    recalled: list[Batch]
    withdrawn: list[Batch]
    # How much of the catalog each language has (key: its code, label: its name): listed
    # products whose every text is in it, and texts in it among the ``texts`` of the producers
    # and listed products (a name such as "HACCP" needs no translation).
    translated_products: list[Count]
    translated_texts: list[Count]
    texts: int
    producers_by_kind: list[Count]
    notice_days: int = EXPIRY_NOTICE_DAYS  # a certificate is "expiring" this many days ahead

    @property
    def producers(self) -> int:
        return sum(count.value for count in self.producers_by_kind)

    @property
    def charted_communes(self) -> list[Count]:
        """The communes with the most products, then the others together (key "")."""
        shown, others = self.by_commune[:CHARTED_COMMUNES], self.by_commune[CHARTED_COMMUNES:]
        return shown + ([Count("", sum(c.value for c in others))] if len(others) > 1 else others)


def figures(plan: SitePlan, languages: list[Language], today: date) -> Figures:
    listings = plan.listings
    listed = listings["all"][0].products
    due = [(product, certificate_due(product.record, today)) for product in listed]
    expired = [Due(p, p.record.ocop.valid_until, d[1]) for p, d in due if d and d[0] == "expired"]
    expiring = [Due(p, p.record.ocop.valid_until, d[1]) for p, d in due if d and d[0] == "expiring"]
    batches = [batch for product in listed for batch in product.batches]
    by_status = {
        status: [b for b in batches if b.record.status == status] for status in get_args(BatchStatus)
    }
    producers = plan.catalog.producers
    return Figures(
        as_of=today,
        products=len(listed),
        by_stars=_counted([str(stars) for stars in STARS], listings["stars"]),
        by_group=_counted(list(get_args(OcopGroup)), listings["group"]),
        by_commune=sorted(
            (
                Count(listing.key, len(listing.products), listing.commune or "", listing.path)
                for listing in listings["commune"]
            ),
            key=lambda count: (-count.value, count.key),
        ),
        certificates=[
            Count("valid", sum(p.record.status == "active" for p in listed) - len(expired) - len(expiring)),
            Count("expiring", len(expiring)),
            Count("expired", len(expired)),
        ],
        expired=sorted(expired, key=lambda d: (d.until, d.product.id)),
        expiring=sorted(expiring, key=lambda d: (d.until, d.product.id)),
        batches=[Count(status, len(found)) for status, found in by_status.items()],
        recalled=_latest_first(by_status["recalled"]),
        withdrawn=_latest_first(by_status["withdrawn"]),
        **_translation(languages, plan, listed),
        producers_by_kind=[
            Count(kind, sum(1 for p in producers if p.record.kind == kind)) for kind in get_args(ProducerKind)
        ],
    )


def _counted(keys: list[str], listings: list[Listing]) -> list[Count]:
    """Products per key, each with its listing; a key with no product has none."""
    found = {listing.key: listing for listing in listings}
    return [
        Count(key, len(found[key].products), None, found[key].path) if key in found else Count(key, 0)
        for key in keys
    ]


def _latest_first(batches: list[Batch]) -> list[Batch]:
    """Recalled or withdrawn batches, the latest recall or withdrawal first."""

    def stopped(batch: Batch) -> date:
        record = batch.record
        notice = record.recall or record.withdrawal
        return notice.date if notice else record.produced

    return sorted(batches, key=lambda b: (stopped(b), b.product.id, b.lot), reverse=True)


def _translation(languages: list[Language], plan: SitePlan, listed: list[Product]) -> dict[str, Any]:
    # The catalog a reader browses: its products and producers. Batches' texts (places, notes)
    # are left out: five times as many records, a second of the build's own time at 5,000
    # products, for a figure that says little more.
    texts = [[text for _, text in translatable_texts(p.record)] for p in listed]
    producer_texts = [text for p in plan.catalog.producers for _, text in translatable_texts(p.record)]
    every = [text for own in texts for text in own] + producer_texts
    return {
        "translated_products": [
            Count(language.code, sum(all(language.code in t for t in own) for own in texts), language.name)
            for language in languages
        ],
        "translated_texts": [
            Count(language.code, sum(language.code in t for t in every), language.name)
            for language in languages
        ],
        "texts": len(every),
    }
