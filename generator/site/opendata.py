"""Open data: the catalog as JSON and CSV, and each batch's history as an EPCIS 2.0 document.

The shapes are versioned (``CATALOG_VERSION``) and documented for re-users on the site's open
data page; a change that removes or renames a field is a new version.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ..records.catalog import Batch, Producer, Product
from ..records.clock import moment
from ..records.schema import BatchRecord, field_extra
from . import urls
from .languages import Language
from .plan import SitePlan, qr_payload
from .stats import Count, Due, Figures

CATALOG_VERSION = 1
CATALOG_JSON = "data/catalog.json"
PRODUCTS_CSV = "data/products.csv"
EPCIS_FILE = "epcis.json"  # in each batch's folder
STATS_VERSION = 1
STATS_JSON = "data/stats.json"
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
# Our own terms in EPCIS documents (a field of a batch that EPCIS has no term for) are written
# `ocop:<term>`; the prefix is declared in every document and leads to their documentation.
EPCIS_PREFIX = "ocop"
EPCIS_TERMS_PAGE = "data/"  # its section "#epcis" documents each term

# Our event steps in the GS1 Core Business Vocabulary. Harvest commissions the lot (it is where
# its identity begins); processing creates the lot as a class instance.
BIZ_STEPS = {
    "harvesting": "commissioning",
    "receiving": "receiving",
    "processing": "creating_class_instance",
    "packing": "packing",
    "inspecting": "inspecting",
    "storing": "storing",
    "shipping": "shipping",
    "retail": "retail_selling",
    "other": "other",
}


# Batch fields that schema.py places in EPCIS master data (doc(..., epcis="ilmd")).
_ILMD_FIELDS = [
    name for name in BatchRecord.model_fields if field_extra(BatchRecord, name).get("x-epcis") == "ilmd"
]


def _json_ld_value(value: Any) -> Any:
    """A record's value as JSON-LD: localized text as language-tagged strings, a date as ISO."""
    if isinstance(value, dict):
        return [{"@value": text, "@language": code} for code, text in value.items()]
    if isinstance(value, date):
        return value.isoformat()
    return value


# A cell that begins with one of these is a formula to a spreadsheet (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: object) -> object:
    """A text cell as a spreadsheet shows it, never runs it: a leading quote makes it text there.
    Only text from records is at stake; the numbers (stars, batches) are never negative."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _json(data: object) -> str:
    # Compact: the standard library encodes compact JSON in C, indented JSON in Python.
    return json.dumps(data, ensure_ascii=False)


def epcis_path(batch: Batch) -> str:
    return urls.batch_path(batch.product.id, batch.lot) + EPCIS_FILE


class OpenData:
    def __init__(self, plan: SitePlan, languages: list[Language], base_url: str, today: date):
        self.plan = plan
        self.languages = languages
        self.base_url = base_url
        self.today = today
        self._terms = urls.absolute_url(base_url, EPCIS_TERMS_PAGE) + "#epcis-"

    def _urls(self, path: str) -> dict[str, str]:
        return {
            language.code: urls.absolute_url(self.base_url, language.path(path))
            for language in self.languages
        }

    def catalog_json(self) -> Iterator[str]:
        """``catalog.json``, an entry at a time: for the national catalog the whole document as
        objects would take half a gigabyte at once."""
        catalog = self.plan.catalog
        head = {
            "version": CATALOG_VERSION,
            "site": self.base_url,
            "languages": [language.code for language in self.languages],
        }
        yield _json(head)[:-1]  # the object stays open for the lists
        lists: list[tuple[str, list[Any], Callable[[Any], dict[str, Any]]]] = [
            ("producers", catalog.producers, self._producer),
            ("products", catalog.products, self._product),
            ("batches", catalog.batches, self._batch),
        ]
        for key, items, entry in lists:
            yield f',"{key}":['
            for index, item in enumerate(items):
                yield ("," if index else "") + _json(entry(item))
            yield "]"
        yield "}"

    def _producer(self, producer: Producer) -> dict[str, Any]:
        r = producer.record
        return {
            "id": producer.id,
            "url": self._urls(urls.producer_path(producer.id)),
            "name": r.name,
            "kind": r.kind,
            "address": r.address,
            "commune": r.commune,
            "district_legacy": r.district_legacy,
            "province": r.province,
            "location": r.location.model_dump() if r.location else None,
            "business_id": r.business_id,
            "gln": r.gln,
            "contact": r.contact.model_dump(exclude_none=True) if r.contact else None,
            "products": [p.id for p in producer.products],
        }

    def _product(self, product: Product) -> dict[str, Any]:
        r = product.record
        return {
            "id": product.id,
            "url": self._urls(urls.product_path(product.id)),
            "qr": qr_payload(self.base_url, product),
            "name": r.name,
            "group": r.group,
            "producer": product.producer.id,
            "gtin": r.gtin,
            "status": r.status,
            "ocop": {
                "stars": r.ocop.stars,
                "score": r.ocop.score,
                "decision": r.ocop.decision,
                "issued_by": r.ocop.issued_by,
                "issued": r.ocop.issued.isoformat(),
                "valid_until": r.ocop.valid_until.isoformat(),
                "expired": product.certificate_expired(self.today),
            },
            "net_content": r.net_content,
            "batches": [b.lot for b in product.batches],
        }

    def _batch(self, batch: Batch) -> dict[str, Any]:
        r = batch.record
        return {
            "product": batch.product.id,
            "lot": batch.lot,
            "url": self._urls(urls.batch_path(batch.product.id, batch.lot)),
            "qr": qr_payload(self.base_url, batch.product, batch.lot),
            "epcis": urls.absolute_url(self.base_url, epcis_path(batch)),
            "status": r.status,
            "produced": r.produced.isoformat(),
            "packaged": r.packaged.isoformat() if r.packaged else None,
            "expires": r.expires.isoformat() if r.expires else None,
            "recall": r.recall.model_dump(mode="json") if r.recall else None,
        }

    def stats_json(self, f: Figures) -> str:
        """``stats.json``: the figures behind every chart of the stats page (stats.py), as of the
        build's day, for the agencies' own reports."""

        def counts(found: list[Count]) -> dict[str, int]:
            return {count.key: count.value for count in found}

        def due(item: Due) -> dict[str, Any]:
            return {
                "product": item.product.id,
                "producer": item.product.producer.id,
                "valid_until": item.until.isoformat(),
                "days_left": item.days,
                "url": self._urls(urls.product_path(item.product.id)),
            }

        def stopped(batch: Batch) -> dict[str, Any]:
            notice = batch.record.recall or batch.record.withdrawal
            return {
                "product": batch.product.id,
                "lot": batch.lot,
                "date": notice.date.isoformat() if notice else None,
                "url": self._urls(urls.batch_path(batch.product.id, batch.lot)),
            }

        return _json(
            {
                "version": STATS_VERSION,
                "site": self.base_url,
                "as_of": f.as_of.isoformat(),
                "languages": [language.code for language in self.languages],
                "products": {
                    "total": f.products,
                    "by_stars": counts(f.by_stars),
                    "by_group": counts(f.by_group),
                    "by_commune": [
                        {
                            "commune": count.label,
                            "slug": count.key,
                            "products": count.value,
                            "url": self._urls(count.path) if count.path else None,
                        }
                        for count in f.by_commune
                    ],
                },
                "certificates": {
                    "notice_days": f.notice_days,
                    **counts(f.certificates),
                    "expired_products": [due(item) for item in f.expired],
                    "expiring_products": [due(item) for item in f.expiring],
                },
                "batches": {
                    "by_status": counts(f.batches),
                    "recalled": [stopped(batch) for batch in f.recalled],
                    "withdrawn": [stopped(batch) for batch in f.withdrawn],
                },
                "translation": {
                    "texts": f.texts,
                    "products_translated": counts(f.translated_products),
                    "texts_translated": counts(f.translated_texts),
                },
                "producers": {"total": f.producers, "by_kind": counts(f.producers_by_kind)},
            }
        )

    def products_csv(self) -> str:
        """One row per product; with a byte-order mark so that Excel reads Vietnamese correctly."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(
            [
                "id",
                *[f"name_{lang.code}" for lang in self.languages],
                "group",
                "stars",
                "certificate_decision",
                "certificate_valid_until",
                "certificate_expired",
                "gtin",
                "producer_id",
                "producer_name",
                "commune",
                "district_legacy",
                "batches",
                *[f"url_{lang.code}" for lang in self.languages],
            ]
        )
        for product in self.plan.catalog.products:
            writer.writerow(self._csv_row(product))
        return "\ufeff" + buffer.getvalue()

    def _csv_row(self, product: Product) -> list[object]:
        r = product.record
        page_urls = self._urls(urls.product_path(product.id))
        row = [
            product.id,
            *[r.name.get(lang.code, "") for lang in self.languages],
            r.group,
            r.ocop.stars,
            r.ocop.decision,
            r.ocop.valid_until.isoformat(),
            product.certificate_expired(self.today),
            r.gtin or "",
            product.producer.id,
            product.producer.record.name[self.languages[0].code],
            product.producer.record.commune,
            product.producer.record.district_legacy or "",
            len(product.batches),
            *[page_urls[lang.code] for lang in self.languages],
        ]
        return [_inert(cell) for cell in row]

    def contribution(self, producer: Producer) -> bytes:
        """The digest of what ``producer``'s records put into ``catalog.json`` and
        ``products.csv``, each entry and row as it is written there. Both documents are these
        contributions in the catalog's order, so they are unchanged while every producer's is
        (build/bulk.py): a batch changed in a way neither shows leaves them as they are."""
        digest = hashlib.blake2b(digest_size=16)
        entries = [self._producer(producer), *map(self._product, producer.products)]
        entries += [self._batch(batch) for product in producer.products for batch in product.batches]
        entries += [self._csv_row(product) for product in producer.products]
        for entry in entries:
            digest.update(_json(entry).encode() + b"\n")
        return digest.digest()

    def epcis_json(self, batch: Batch) -> str:
        return _json(self._epcis(batch))

    def _epcis(self, batch: Batch) -> dict[str, Any]:
        """The batch's events as an EPCIS 2.0 JSON-LD document (GS1), with CBV business steps."""
        product, r = batch.product, batch.record
        lot_class = (
            urls.digital_link_url(self.base_url, product.record.gtin, batch.lot)
            if product.record.gtin
            else urls.absolute_url(self.base_url, urls.batch_path(product.id, batch.lot))
        )
        location = (
            f"https://id.gs1.org/414/{product.producer.record.gln}"
            if product.producer.record.gln
            else urls.absolute_url(self.base_url, urls.producer_path(product.producer.id))
        )
        quantity: dict[str, Any] = {"epcClass": lot_class}
        if r.quantity:
            quantity["quantity"] = r.quantity.amount
        events = []
        for index, event in enumerate(r.events):
            commissioning = index == 0  # the lot's identity begins with its first recorded step
            item: dict[str, Any] = {
                "type": "ObjectEvent",
                "eventTime": moment(event.date),
                "eventTimeZoneOffset": "+07:00",
                "action": "ADD" if commissioning else "OBSERVE",
                "bizStep": "commissioning" if commissioning else BIZ_STEPS[event.step],
                "quantityList": [quantity if commissioning else {"epcClass": lot_class}],
                "bizLocation": {"id": location},
            }
            if commissioning:
                item["ilmd"] = {"cbvmda:lotNumber": batch.lot}
                item["ilmd"] |= {
                    f"{EPCIS_PREFIX}:{name}": _json_ld_value(getattr(r, name))
                    for name in _ILMD_FIELDS
                    if getattr(r, name) is not None
                }
                if r.expires:
                    item["ilmd"]["cbvmda:itemExpirationDate"] = r.expires.isoformat()
                if r.origin.location:
                    item["readPoint"] = {"id": f"geo:{r.origin.location.lat},{r.origin.location.lon}"}
            events.append(item)
        if r.recall:
            events.append(
                {
                    "type": "ObjectEvent",
                    "eventTime": moment(r.recall.date),
                    "eventTimeZoneOffset": "+07:00",
                    "action": "OBSERVE",
                    "bizStep": "holding",
                    "disposition": "recalled",
                    "quantityList": [{"epcClass": lot_class}],
                    "bizLocation": {"id": location},
                }
            )
        return {
            "@context": [EPCIS_CONTEXT, {EPCIS_PREFIX: self._terms}],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            # Derived from the record, not the clock, so that unchanged batches give unchanged files.
            "creationDate": max(e["eventTime"] for e in events),
            "epcisBody": {"eventList": events},
        }
