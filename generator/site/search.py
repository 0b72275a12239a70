"""Per-language search indexes that forgive missing diacritics.

People type "nuoc mam" or "dong rui" for "nước mắm" and "Đồng Rui". Each indexed page gets a
hidden field with its title and text folded to plain ASCII letters; Material's search worker
indexes every field named in the index's `fields` configuration, and the query, typed without
diacritics, matches it. The visible title and text are left as they are.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..records.catalog import Producer, Product
from .languages import Language, language_of
from .places import former_district_name, place_name

FOLDED_FIELD = "folded"
_TAGS = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """ "Nước mắm Đồng Rui" -> "nuoc mam dong rui"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def split_index(index: dict[str, Any], languages: list[Language]) -> dict[str, dict[str, Any]]:
    """Material's one index, split into one index per language with locations relative to that
    language's root, each with the folded field added."""
    docs: dict[str, list[dict[str, Any]]] = {language.code: [] for language in languages}
    for doc in index["docs"]:
        language, here = language_of(doc["location"], languages)
        folded = fold(_TAGS.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}"))
        docs[language.code].append({**doc, "location": here, FOLDED_FIELD: folded})
    result = {}
    for language in languages:
        config = dict(index["config"])
        config["lang"] = [language.code]
        config["fields"] = {**config.get("fields", {}), FOLDED_FIELD: {"boost": 1.0}}
        result[language.code] = {"config": config, "docs": docs[language.code]}
    return result


def product_text(product: Product, language: Language, words: dict[str, Any]) -> list[str]:
    """What a product is searched by besides its name: what people search for is names,
    producers, places and groups (and a lot printed on a pack)."""
    r, producer = product.record, product.producer.record
    return [
        language.text(r.summary),
        language.text(producer.name),
        place_name(producer.commune, words["units"]),
        words["groups"][r.group],
        " ".join(b.lot for b in product.batches),
    ]


def producer_text(producer: Producer, language: Language, words: dict[str, Any]) -> list[str]:
    r = producer.record
    return [
        language.text(r.address),
        place_name(r.commune, words["units"]),
        former_district_name(r.district_legacy, words["units"]) if r.district_legacy else "",
        " ".join(language.text(p.record.name) for p in producer.products),
    ]
