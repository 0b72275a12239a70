"""Vietnamese administrative units as officials write them — “xã Ba Chẽ”, “phường Bãi Cháy”,
“đặc khu Vân Đồn”, “TP Hạ Long” — split into their kind and their name, so that each language
writes the kind its own way: “Ba Chẽ commune”, “Bãi Cháy ward”. The words of each kind are
interface words (``units`` in locales/<code>.yml); records keep the official spelling.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# How a unit's kind is written before its name, and the kind's key in the interface words. The
# district level is the one before the 2025 reorganisation (``district_legacy``).
UNIT_KINDS: dict[str, str] = {
    "xã": "commune",
    "phường": "ward",
    "đặc khu": "special_zone",
    "thị trấn": "township",
    "huyện": "district",
    "thị xã": "town",
    "thành phố": "city",
    "tp": "city",
    "tp.": "city",
}
# Longest first, so that “thị xã” is not read as a name “thị” … and “tp.” not as “tp”.
PREFIXES = sorted(UNIT_KINDS, key=len, reverse=True)


@dataclass(frozen=True)
class Place:
    kind: str | None  # a key of UNIT_KINDS' values; None when the text names no kind
    name: str


def split_unit(text: str) -> Place:
    """“xã Ba Chẽ” → Place("commune", "Ba Chẽ"); “Ba Chẽ” → Place(None, "Ba Chẽ")."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    folded = text.casefold()
    for prefix in PREFIXES:
        if folded.startswith(prefix + " ") and len(text) > len(prefix) + 1:
            return Place(UNIT_KINDS[prefix], text[len(prefix) + 1 :])
    return Place(None, text)


def place_name(text: str, units: dict[str, str], default_kind: str | None = None) -> str:
    """A unit as a language writes it, from that language's ``units`` words; a text without a
    kind takes ``default_kind`` (a former district written “Ba Chẽ”), or stays as it is."""
    place = split_unit(text)
    kind = place.kind or default_kind
    return units[kind].format(name=place.name) if kind else place.name


def former_district_name(text: str, units: dict[str, str]) -> str:
    """A district before the 2025 reorganisation (``district_legacy``), which records write by its
    name alone (“Ba Chẽ”, a district) or with its kind (“TP Hạ Long”)."""
    return place_name(text, units, "district")
