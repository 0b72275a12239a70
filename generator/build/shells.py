"""Shells: the theme's complete page of one kind, language and path shape, rendered once by the
site engine with sentinels where a page's own parts go, and filled for every page of that kind.

A page's *shape* is the first segment of its path and how many segments follow it: ``p/<id>/``
and ``p/<id>/<lot>/`` are pages of different shapes, as are ``catalog/group/food/`` and
``catalog/group/food/page/2/``; the links of a shell go up as many folders as its pages do.

The contract: pages of a kind and shape written from a shell differ only in their URL segments,
title, description, head tags and body. Whatever else the theme prints must be the same on every
page of the kind, or it would be printed the same on 200,000 pages; the adapter refuses the
theme's features that vary per page, writes the pages of its navigation itself, and a test
compares a filled shell with the page the engine would render itself.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from ..site import urls
from ..site.kinds import CARDS
from ..site.languages import Language
from ..site.plan import PlannedPage
from ..site.render import Cards, Renderer

# "~" is in no id, lot, slug or page number, so no page can hold a sentinel segment.
SEGMENT_SENTINELS = ("~ocop-1~", "~ocop-2~", "~ocop-3~", "~ocop-4~")
TITLE_SENTINEL = "OCOP_SHELL_TITLE"
DESCRIPTION_SENTINEL = "OCOP_SHELL_DESCRIPTION"
HEAD_SENTINEL = "<!--OCOP_SHELL_HEAD-->"
# Material adds an <h1> to content that has none; the body has its own, and so says the sentinel.
BODY_SENTINEL = "<!--OCOP_SHELL_BODY <h1>-->"
Shape = tuple[str, int]  # a path's first segment, and how many segments follow it


def shape(path: str) -> Shape:
    first, *rest = path.rstrip("/").split("/")
    return first, len(rest)


def shell_path(of: Shape) -> str:
    """The language-neutral path at which the shell of pages of the shape ``of`` is rendered: a
    page's path, with sentinels for its segments."""
    first, count = of
    return "/".join([first, *SEGMENT_SENTINELS[:count]]) + "/"


def is_shell(path: str) -> bool:
    """Whether a (site) path is a shell's, which stands for every page of its shape."""
    return SEGMENT_SENTINELS[0] in path


class PageParts(NamedTuple):
    """What a bulk page adds to its shell, and a product page its product's cards on the pages
    that list it: all of it made from records and templates."""

    title: str  # escaped, as are the others
    description: str
    head: str
    body: str
    cards: tuple[str, ...]  # one for each of kinds.CARDS for products, none for other pages
    records: dict[str, bytes]  # its record in each search bundle it is in (Renderer.search_records)


def page_parts(
    page: PlannedPage, language: Language, renderer: Renderer, cards: Cards | None = None
) -> PageParts:
    head = renderer.head(page, language)
    return PageParts(
        html.escape(renderer.title(page, language)),
        html.escape(renderer.description(head, language)),
        renderer.head_tags(head),
        renderer.render_page(page, language, cards),
        tuple(renderer.card(page.subject, language, macro) for macro in CARDS)
        if page.kind == "product"
        else (),
        renderer.search_records(page.kind, page.subject, language),
    )


class Shell:
    """A shell cut at its sentinels once, so that filling it is one join (replacing each
    sentinel in turn went over the whole page six times). Record text is only ever put between
    the pieces, never searched for sentinels."""

    _SENTINELS = (
        *SEGMENT_SENTINELS,
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
        segments = [urls.url_path(segment) for segment in page.path.rstrip("/").split("/")[1:]]
        segments += [""] * (len(SEGMENT_SENTINELS) - len(segments))
        values = (*segments, parts.title, parts.description, parts.head, parts.body)
        filled = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            filled += (values[slot], piece)
        return "".join(filled)
