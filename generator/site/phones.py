"""Vietnamese phone numbers in text, so that a consumer holding a recalled pack calls in one tap.

Recognised as written in Vietnam: mobiles (10 digits, 03/05/07/08/09…), landlines (11 digits,
02…), either with a leading 0 or +84 / (+84), and 1800 / 1900 hotlines; digits may be grouped by
spaces, dots or hyphens. A tax number (0 then 01…), a GTIN, a lot or a date is none of these.
A number becomes a ``tel:`` URI in international form (+84…), which works from a foreign SIM.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_GAP = r"[ .\-]?"
_NATIONAL = rf"(?:[35789](?:{_GAP}\d){{8}}|2(?:{_GAP}\d){{9}})"  # without the leading 0
_PHONE = re.compile(
    r"(?<![\w+(])"  # not the end of a longer number or word
    rf"(?:(?:\+84|\(\+84\)){_GAP}{_NATIONAL}|0{_NATIONAL}|1[89]00(?:{_GAP}\d){{4,6}})"
    r"(?![\w])"
)


def tel_uri(number: str) -> str:
    """The ``tel:`` URI of a phone number as written: +84 and its digits for a Vietnamese number,
    the digits of a hotline, else the number's digits and a leading +."""
    digits = re.sub(r"\D", "", number)
    if number.lstrip().startswith(("+84", "(+84")):
        return "tel:+" + digits
    if digits.startswith("0") and len(digits) in (10, 11):
        return "tel:+84" + digits[1:]
    return "tel:" + ("+" if number.lstrip().startswith("+") else "") + digits


def find_phones(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, tel: URI)`` of every phone number in ``text``."""
    for found in _PHONE.finditer(text):
        yield found.start(), found.end(), tel_uri(found.group())
