"""What search and the catalog's filters know of each page: one record per page and language,
indexed by Pagefind (build/searchindex.py) into two bundles a browser downloads piece by piece,
and only once someone searches or filters:

- *search* (``pagefind/search/``): products and producers, by name, summary, producer, place,
  group and lot, with what a result shows (photo, stars, producer, commune);
- *browse* (``pagefind/catalog/``): the listed products again, with their filters (group, stars,
  commune, producer, province) and sort keys, for the catalog page. Sort keys make a bundle's
  page list larger, and every search loads that list: search does without them.

Pagefind (from 1.5) searches a record's metadata as well as its content, every field of it: the
metadata holds what a result shows and nothing a search should not match. A result is a
product's when it has stars (a field naming the kind made "product" find every page), and a
producer's number of products is kept as a number, which the result's template puts in words
("5 products" made "products" find every producer).

Pagefind folds diacritics itself ("nuoc mam" finds "nước mắm", an exact "nước" ranking first),
except "đ", which Unicode does not decompose: each word with a "đ" is indexed a second time with
"d", so "dong rui" finds "Đồng Rui".
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from ..records.catalog import Producer, Product
from ..records.markdown_subset import render_markdown
from . import urls
from .images import variants
from .languages import Language
from .places import former_district_name, place_name

SEARCH_BUNDLE = "pagefind/search/"
BROWSE_BUNDLE = "pagefind/catalog/"
_WORD_WITH_D = re.compile(r"\w*[đĐ]\w*")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SearchRecord:
    """One page as Pagefind indexes it (its custom-record API)."""

    url: str  # the page's site path, with its language's prefix
    language: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def record_json(record: SearchRecord) -> bytes:
    """The record as it is kept and compared between builds: its fields, in order, as JSON. A
    page's records are made with the page, by the worker that renders it, and kept with its
    producer's files (build/bulk.py): a build with one batch changed makes one producer's."""
    return json.dumps([getattr(record, f.name) for f in fields(record)], ensure_ascii=False).encode()


def record_from_json(data: bytes, sort: dict[str, str] | None = None) -> SearchRecord:
    """The record kept as ``data``, with the ``sort`` keys only the whole catalog knows added."""
    url, language, content, meta, filters, kept_sort = json.loads(data)
    return SearchRecord(url, language, content, meta, filters, {**(sort or {}), **kept_sort})


def with_plain_d(text: str) -> str:
    """``text`` followed by each of its words with a "đ" written with "d" instead."""
    spelled = [word.replace("đ", "d").replace("Đ", "D") for word in _WORD_WITH_D.findall(text)]
    return " ".join([text, *spelled])


def _content(parts: Iterable[str]) -> str:
    return with_plain_d(" · ".join(part for part in parts if part))


def _markdown_text(text: str) -> str:
    """A story's words, without its markup."""
    return html.unescape(_TAGS.sub(" ", render_markdown(text))) if text else ""


def _thumbnail(product: Product) -> str:
    """The site path of the product's smallest photo, for a result's thumbnail."""
    return (
        next((v.site_path for v in variants(product.cover) if v.format == "jpg"), "") if product.cover else ""
    )


def _place_words(commune: str, district_legacy: str | None, words: dict[str, Any]) -> list[str]:
    """A producer's commune, and the district it was in before 2025, as people still search."""
    former = former_district_name(district_legacy, words["units"]) if district_legacy else ""
    return [place_name(commune, words["units"]), former]


def _product_meta(product: Product, language: Language, words: dict[str, Any]) -> dict[str, str]:
    """What a product's result shows, in search and in the catalog."""
    r, producer = product.record, product.producer.record
    return {
        "title": language.text(r.name),
        "image": _thumbnail(product),
        "stars": str(r.ocop.stars),
        "producer": language.text(producer.name),
        "commune": place_name(producer.commune, words["units"]),
        "group": words["groups"][r.group],
    }


def product_record(product: Product, language: Language, words: dict[str, Any]) -> SearchRecord:
    r, producer = product.record, product.producer.record
    return SearchRecord(
        language.path(urls.product_path(product.id)),
        language.code,
        _content(
            [
                language.text(r.name),
                language.text(r.subgroup),
                language.text(r.summary),
                _markdown_text(language.text(r.story)),
                language.text(producer.name),
                *_place_words(producer.commune, producer.district_legacy, words),
                words["groups"][r.group],
                " ".join(language.text(shop.name) for shop in r.where_to_buy),
                " ".join(b.lot for b in product.batches),
            ]
        ),
        _product_meta(product, language, words),
    )


def producer_record(producer: Producer, language: Language, words: dict[str, Any]) -> SearchRecord:
    r = producer.record
    name = language.text(r.name)
    return SearchRecord(
        language.path(urls.producer_path(producer.id)),
        language.code,
        _content(
            [
                name,
                language.text(r.address),
                *_place_words(r.commune, r.district_legacy, words),
                " ".join(language.text(p.record.name) for p in producer.products),
            ]
        ),
        {
            "title": name,
            "producer": words["producer_kinds"][r.kind],
            "commune": place_name(r.commune, words["units"]),
            "products": str(len(producer.products)),
        },
    )


def browse_record(
    product: Product, language: Language, words: dict[str, Any], site_province: str
) -> SearchRecord:
    """The product in the catalog's bundle, with what the catalog filters and sorts it by. The
    filter values are the ones the catalog's links carry: a group, a number of stars, a
    commune's slug, a producer's id, a province's slug. Its rank in the listings' own order is
    added when the whole catalog is known (``rank``)."""
    r, producer = product.record, product.producer.record
    newest = product.latest_produced.isoformat() if product.latest_produced else ""
    return SearchRecord(
        language.path(urls.product_path(product.id)),
        language.code,
        # The catalog never searches words, only filters and sorts: one word a page keeps
        # the bundle's word index to a chunk or two, where a filter-only search of Pagefind
        # loads every chunk. What search needs is in the other bundle.
        r.group,
        _product_meta(product, language, words),
        {
            "group": [r.group],
            "stars": [str(r.ocop.stars)],
            "commune": [urls.slugify(producer.commune)],
            "producer": [product.producer.id],
            "province": [urls.slugify(producer.province or site_province)],
        },
        {"name": urls.slugify(language.text(r.name)), "newest": newest},
    )


def rank(position: int) -> dict[str, str]:
    """The sort key of the product at ``position`` of the listings (most stars first, then by
    name), for the catalog's default order."""
    return {"rank": f"{position:06d}"}
