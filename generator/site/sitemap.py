"""Sitemaps with hreflang alternates, split into files of at most 50,000 URLs as the sitemap
protocol requires (the national catalog has about 220,000 pages), listed by a small index.

The index matters on phones too: Material's script fetches `sitemap.xml` next to every
alternate-language link of a page; an index keeps that fetch a few hundred bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

MAX_URLS_PER_FILE = 50_000


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    alternates: list[tuple[str, str]]  # (language code, absolute URL)


def sitemap_parts(locations: Sequence[str]) -> dict[str, Sequence[str]]:
    """``{site path: the page locations it lists}`` for every file of the sitemap."""
    return {
        f"sitemaps/pages-{number}.xml": locations[start : start + MAX_URLS_PER_FILE]
        for number, start in enumerate(range(0, len(locations), MAX_URLS_PER_FILE), start=1)
    }


def sitemap_xml(entries: Iterable[SitemapEntry]) -> list[str]:
    """One file of the sitemap, line by line."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in entries:
        lines.append(f"<url><loc>{_text(entry.loc)}</loc>")
        lines += [
            f'<xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(url)}/>'
            for code, url in entry.alternates
        ]
        lines.append("</url>")
    lines.append("</urlset>")
    return [line + "\n" for line in lines]


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
