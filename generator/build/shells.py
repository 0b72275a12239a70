"""Shells: the theme's complete page of one kind and language, rendered once by the site engine
with sentinels where a page's own parts go, and filled for every page of that kind.

The contract: pages of a kind written in bulk differ only in their URL segments, title,
description, head tags and body. Whatever else the theme prints must be the same on every page
of the kind, or it would be printed the same on 200,000 pages; the adapter refuses the theme's
features that vary per page, and a test compares a filled shell with the page the engine would
render itself.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from ..site import urls
from ..site.kinds import CARDS, KINDS
from ..site.languages import Language
from ..site.plan import PlannedPage
from ..site.render import Renderer

ID_SENTINEL = "~ocop-id~"  # "~" is in no id or lot, so no record can contain a sentinel segment
LOT_SENTINEL = "~ocop-lot~"
TITLE_SENTINEL = "OCOP_SHELL_TITLE"
DESCRIPTION_SENTINEL = "OCOP_SHELL_DESCRIPTION"
HEAD_SENTINEL = "<!--OCOP_SHELL_HEAD-->"
# Material adds an <h1> to content that has none; the body has its own, and so says the sentinel.
BODY_SENTINEL = "<!--OCOP_SHELL_BODY <h1>-->"
_SEGMENT_SENTINELS = (ID_SENTINEL, LOT_SENTINEL)  # in the order of a kind's URL segments


def shell_path(kind: str) -> str:
    """The language-neutral path at which the shell of ``kind`` is rendered: a page's path, with
    sentinels for its segments."""
    declared = KINDS[kind]
    assert declared.path is not None
    return declared.path(*_SEGMENT_SENTINELS[: declared.segment_count])


class PageParts(NamedTuple):
    """What a bulk page adds to its shell, and a product page its product's cards on the pages
    that list it: all of it made from records and templates."""

    title: str  # escaped, as are the others
    description: str
    head: str
    body: str
    cards: tuple[str, ...]  # one for each of kinds.CARDS for products, none for other pages


def page_parts(page: PlannedPage, language: Language, renderer: Renderer) -> PageParts:
    head = renderer.head(page, language)
    return PageParts(
        html.escape(renderer.title(page, language)),
        html.escape(head.description),
        renderer.head_tags(head),
        renderer.render_page(page, language),
        tuple(renderer.card(page.subject, language, macro) for macro in CARDS)
        if page.kind == "product"
        else (),
    )


class Shell:
    """A shell cut at its sentinels once, so that filling it is one join (replacing each
    sentinel in turn went over the whole page six times). Record text is only ever put between
    the pieces, never searched for sentinels."""

    _SENTINELS = (
        ID_SENTINEL,
        LOT_SENTINEL,
        TITLE_SENTINEL,
        DESCRIPTION_SENTINEL,
        HEAD_SENTINEL,
        BODY_SENTINEL,
    )
    _CUT = re.compile("|".join(map(re.escape, _SENTINELS)))

    def __init__(self, html: str):
        self.pieces = self._CUT.split(html)  # text, sentinel, text, sentinel, ..., text
        self.slots = [self._SENTINELS.index(found) for found in self._CUT.findall(html)]

    def fill(self, page: PlannedPage, parts: PageParts) -> str:
        """The complete page."""
        declared = KINDS[page.kind]
        assert declared.segments is not None
        segments = [urls.url_path(segment) for segment in declared.segments(page.subject)]
        segments += [""] * (len(_SEGMENT_SENTINELS) - len(segments))
        values = (*segments, parts.title, parts.description, parts.head, parts.body)
        filled = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            filled += (values[slot], piece)
        return "".join(filled)
