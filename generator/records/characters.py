"""Characters that no record may carry in its text: controls and invisible marks.

A record's text is published in pages, label sheets, the CSV and the JSON files, and read by a
reviewer in a pull request first. A control character there (ESC, BEL…) drives a terminal or
breaks a file; a bidirectional override (U+202E) shows a lot "ABC-123" that is really "321-CBA";
a zero-width space makes two equal-looking names different. None of them can be seen in review.
Line breaks are the one exception, in the long texts that YAML's block style (``|``) writes on
several lines.
"""

from __future__ import annotations

import unicodedata

from .texts import Texts

# Control (C0, DEL, C1), format (bidirectional marks, zero-width characters, the byte-order mark,
# the soft hyphen), lone surrogates, and the line and paragraph separators of Unicode.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
LINE_BREAK = "\n"

# Unicode gives control characters no name, only these aliases.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
_ZERO_WIDTH = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})


def is_invisible(character: str) -> bool:
    return unicodedata.category(character) in INVISIBLE_CATEGORIES


def first_invisible(text: str, *, line_breaks: bool = False) -> int | None:
    """The index of the first character of ``text`` that a record may not hold, or None.
    ``line_breaks``: the text may hold line breaks (a long text)."""
    # Nearly every text is printable throughout, which str.isprintable tells in C: it is false
    # for every character of INVISIBLE_CATEGORIES (and for some allowed ones, such as a
    # no-break space, which the loop then lets through).
    if (text.replace(LINE_BREAK, "") if line_breaks else text).isprintable():
        return None
    for index, character in enumerate(text):
        if is_invisible(character) and not (line_breaks and character == LINE_BREAK):
            return index
    return None


def escaped(character: str) -> str:
    """``\\u202e``: how a message shows a character that cannot be seen."""
    return f"\\u{ord(character):04x}" if ord(character) <= 0xFFFF else f"\\U{ord(character):08x}"


def character_name(character: str) -> str:
    """The character's Unicode name (or its alias, for a control character)."""
    if found := unicodedata.name(character, None) or _CONTROL_NAMES.get(ord(character)):
        return found
    return "SURROGATE" if unicodedata.category(character) == "Cs" else f"CONTROL U+{ord(character):04X}"


def character_kind(character: str) -> Texts:
    """What sort of invisible character it is, in words a producer reads."""
    code = ord(character)
    if code in _BIDI:
        return Texts(vi="dấu đổi chiều chữ", en="text-direction mark")
    if code in _ZERO_WIDTH:
        return Texts(vi="ký tự vô hình", en="zero-width character")
    if unicodedata.category(character) == "Cc":
        return Texts(vi="ký tự điều khiển", en="control character")
    if unicodedata.category(character) in ("Zl", "Zp"):
        return Texts(vi="dấu ngắt dòng đặc biệt", en="special line break")
    return Texts(vi="ký tự ẩn", en="invisible character")


def described(character: str) -> dict[str, object]:
    """The parameters of a message about ``character``: escaped, named and of which kind."""
    return {
        "character": escaped(character),
        "name": character_name(character),
        "kind": character_kind(character),
    }
