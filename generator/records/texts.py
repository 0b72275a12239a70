"""Text in several languages, and the one way of choosing among them.

Records, validator messages, field documentation and the site's interface words all hold text
per language code. Whoever reads them reads along a *chain* of languages: their own first, then
the ones they fall back on. ``pick`` is the only place that walks such a chain.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# The record contract: a plain string in a record is Vietnamese, and Vietnamese is required.
RECORD_LANGUAGE = "vi"
# Validator messages and field documentation are written in Vietnamese and English. A reader of
# a third language more likely reads English than Vietnamese, so theirs fall back to English.
TOOL_LANGUAGES = ("vi", "en")
TOOL_FALLBACK = ("en", RECORD_LANGUAGE)


def pick(texts: Mapping[str, T], chain: Sequence[str]) -> tuple[str, T] | None:
    """The first language of ``chain`` that ``texts`` has, with its text; None when it has none."""
    for code in chain:
        if code in texts:
            return code, texts[code]
    return None


def chain_of(code: str, *fallbacks: str) -> tuple[str, ...]:
    """``code`` then each of ``fallbacks`` once, in order: ``chain_of("zh", "en", "vi", "en")``
    is ``("zh", "en", "vi")``."""
    return tuple(dict.fromkeys((code, *fallbacks)))


def tool_chain(code: str) -> tuple[str, ...]:
    """How validator messages and field documentation are read in ``code``."""
    return chain_of(code, *TOOL_FALLBACK)


@lru_cache(maxsize=1 << 16)  # a commune's or a product's name is asked for by every listing
def slugify(text: str) -> str:
    """ASCII slug of Vietnamese text: "Đồng Rui" -> "dong-rui"; empty when no letter or digit of
    it has an ASCII form."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    words = "".join(c.lower() if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


class Texts(dict[str, str]):
    """Text per language inside a message, e.g. a field's documentation: it is shown in the
    language of the message around it."""


def needs_translation(texts: Mapping[str, str]) -> bool:
    """Whether a text is language that other languages write their own way. Plain ASCII text
    such as "HACCP", "VietGAP", "ISO 22000:2018" or "QCVN 6-3:2010/BYT" is a name or a code that
    reads the same in every language; text with Vietnamese letters is not."""
    return not texts[RECORD_LANGUAGE].isascii()
