"""Recalls and withdrawals as news: an Atom feed (RFC 4287) and a JSON Feed (1.1) of the whole
site and of each producer, in every language, for shops, markets and the press to subscribe to.

Everything in a feed comes from the records: an entry's id is its page's URL, its date the
recall's or withdrawal's, and a feed's own date the newest of them, never the clock, so an
unchanged catalog gives byte-identical feeds on every build.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..records.catalog import Batch, Catalog, Producer, Product
from ..records.clock import moment
from . import urls
from .languages import Language, written_date

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EXTENSIONS = {ATOM_TYPE: "xml", JSON_FEED_TYPE: "json"}  # each format's file name extension
# A feed with nothing in it yet has no date of its own in the records.
_NO_NEWS = date(1970, 1, 1)

NoticeKind = Literal["recalled", "withdrawn", "product_withdrawn"]


@dataclass(frozen=True)
class Notice:
    """A recalled or withdrawn batch, or a product taken off the catalog: one entry of a feed."""

    kind: NoticeKind
    subject: Batch | Product
    day: date
    texts: list[tuple[str, dict[str, str]]]  # (the words' key in status:, the record's text)

    @property
    def product(self) -> Product:
        return self.subject.product if isinstance(self.subject, Batch) else self.subject

    @property
    def path(self) -> str:
        subject = self.subject
        if isinstance(subject, Batch):
            return urls.batch_path(subject.product.id, subject.lot)
        return urls.product_path(subject.id)


def notices(products: Iterable[Product]) -> list[Notice]:
    """The recalls and withdrawals among ``products`` and their batches, newest first."""
    found = []
    for product in products:
        if product.record.status == "withdrawn" and product.record.withdrawal:
            withdrawal = product.record.withdrawal
            found.append(
                Notice("product_withdrawn", product, withdrawal.date, [("reason", withdrawal.reason)])
            )
        for batch in product.batches:
            r = batch.record
            if r.status == "recalled" and r.recall:
                texts = [("reason", r.recall.reason), ("instructions", r.recall.instructions)]
                found.append(Notice("recalled", batch, r.recall.date, texts))
            elif r.status == "withdrawn" and r.withdrawal:
                found.append(Notice("withdrawn", batch, r.withdrawal.date, [("reason", r.withdrawal.reason)]))
    return sorted(found, key=lambda notice: (-notice.day.toordinal(), notice.path))


class Feeds:
    def __init__(
        self,
        catalog: Catalog,
        base_url: str,
        site_name: str,
        words: dict[str, dict[str, Any]],
    ):
        self.catalog = catalog
        self.base_url = base_url
        self.site_name = site_name
        self.words = words  # interface words by language code

    def _url(self, path: str, language: Language) -> str:
        return urls.absolute_url(self.base_url, language.path(path))

    def links(self, producer: Producer, language: Language) -> list[tuple[str, str, str]]:
        """``(type, title, absolute URL)`` of the producer's feeds, for a page's head."""
        title = self._title(producer, language)
        return [
            (kind, title, self._url(urls.recalls_feed_path(extension, producer.id), language))
            for kind, extension in EXTENSIONS.items()
        ]

    def _scope(self, producer: Producer | None) -> list[Product]:
        return producer.products if producer is not None else self.catalog.products

    def _title(self, producer: Producer | None, language: Language) -> str:
        words = self.words[language.code]["feeds"]
        if producer is None:
            return f"{words['title']} · {self.site_name}"
        return words["producer_title"].format(name=language.text(producer.record.name))

    def _updated(self, found: list[Notice], producer: Producer | None) -> date:
        """The newest notice's day; for a feed with none, the newest day its records know."""
        if found:
            return found[0].day
        days = [p.record.ocop.issued for p in self._scope(producer)]
        days += [b.record.produced for p in self._scope(producer) for b in p.batches]
        return max(days, default=_NO_NEWS)

    def _entry(self, notice: Notice, language: Language) -> dict[str, Any]:
        words = self.words[language.code]
        product = notice.product
        name = language.text(product.record.name)
        lot = notice.subject.lot if isinstance(notice.subject, Batch) else ""
        lines = [f"{words['status'][key]}: {language.text(text)}" for key, text in notice.texts]
        lines.append(f"{words['status']['since']} {written_date(words, notice.day)}")
        producer = product.producer
        return {
            "id": self._url(notice.path, language) + "#" + notice.kind,
            "url": self._url(notice.path, language),
            "title": words["feeds"][notice.kind].format(name=name, lot=lot),
            "text": "\n".join(lines),
            "day": moment(notice.day),
            "author": language.text(producer.record.name),
            "author_url": self._url(urls.producer_path(producer.id), language),
            "extension": {
                "status": notice.kind,
                "producer": producer.id,
                "product": product.id,
                "lot": lot or None,
                "gtin": product.record.gtin,
            },
        }

    def _feed(self, producer: Producer | None, language: Language) -> dict[str, Any]:
        found = notices(self._scope(producer))
        home = urls.producer_path(producer.id) if producer is not None else ""
        producer_id = producer.id if producer is not None else None
        return {
            "title": self._title(producer, language),
            "subtitle": self.words[language.code]["feeds"]["subtitle"],
            "home": self._url(home, language),
            "atom": self._url(urls.recalls_feed_path("xml", producer_id), language),
            "json": self._url(urls.recalls_feed_path("json", producer_id), language),
            "updated": moment(self._updated(found, producer)),
            "entries": [self._entry(notice, language) for notice in found],
        }

    def atom(self, producer: Producer | None, language: Language) -> str:
        """The Atom feed of the whole site (``producer`` None) or of one producer."""
        feed = self._feed(producer, language)
        root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language.code})
        ET.SubElement(root, "id").text = feed["atom"]
        ET.SubElement(root, "title").text = feed["title"]
        ET.SubElement(root, "subtitle").text = feed["subtitle"]
        ET.SubElement(root, "updated").text = feed["updated"]
        ET.SubElement(root, "link", rel="self", type=ATOM_TYPE, href=feed["atom"])
        ET.SubElement(root, "link", rel="alternate", type="text/html", href=feed["home"])
        ET.SubElement(root, "link", rel="alternate", type=JSON_FEED_TYPE, href=feed["json"])
        author = ET.SubElement(root, "author")
        ET.SubElement(author, "name").text = self.site_name
        ET.SubElement(author, "uri").text = self._url("", language)
        for item in feed["entries"]:
            entry = ET.SubElement(root, "entry")
            ET.SubElement(entry, "id").text = item["id"]
            ET.SubElement(entry, "title").text = item["title"]
            ET.SubElement(entry, "published").text = item["day"]
            ET.SubElement(entry, "updated").text = item["day"]
            ET.SubElement(entry, "link", rel="alternate", type="text/html", href=item["url"])
            author = ET.SubElement(entry, "author")
            ET.SubElement(author, "name").text = item["author"]
            ET.SubElement(author, "uri").text = item["author_url"]
            ET.SubElement(entry, "category", term=item["extension"]["status"])
            ET.SubElement(entry, "content", type="text").text = item["text"]
        ET.indent(root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def json_feed(self, producer: Producer | None, language: Language) -> str:
        """The JSON Feed of the whole site (``producer`` None) or of one producer; each item
        carries what it is about for machines in ``_ocop`` (a JSON Feed extension)."""
        feed = self._feed(producer, language)
        document = {
            "version": JSON_FEED_VERSION,
            "title": feed["title"],
            "description": feed["subtitle"],
            "home_page_url": feed["home"],
            "feed_url": feed["json"],
            "language": language.code,
            "authors": [{"name": self.site_name, "url": self._url("", language)}],
            "items": [
                {
                    "id": item["id"],
                    "url": item["url"],
                    "title": item["title"],
                    "content_text": item["text"],
                    "date_published": item["day"],
                    "authors": [{"name": item["author"], "url": item["author_url"]}],
                    "tags": [item["extension"]["status"]],
                    "_ocop": item["extension"],
                }
                for item in feed["entries"]
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
