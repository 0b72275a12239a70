"""Sitemaps in files the protocol accepts, with every language of a page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.site.sitemap import MAX_URLS_PER_FILE, SitemapEntry, sitemap_parts, sitemap_xml


def test_the_national_sitemap_is_cut_into_files_the_protocol_accepts() -> None:
    locations = [f"p/san-pham-{n}/" for n in range(2 * MAX_URLS_PER_FILE + 1)]
    parts = sitemap_parts(locations)
    assert list(parts) == ["sitemaps/pages-1.xml", "sitemaps/pages-2.xml", "sitemaps/pages-3.xml"]
    assert [len(part) for part in parts.values()] == [MAX_URLS_PER_FILE, MAX_URLS_PER_FILE, 1]
    assert [loc for part in parts.values() for loc in part] == locations


def test_a_sitemap_file_is_xml_with_every_language_of_each_page() -> None:
    entry = SitemapEntry(
        "https://ocop.example.vn/p/ruou-ba-kich/?a=1&b=2",
        [
            ("vi", "https://ocop.example.vn/p/ruou-ba-kich/"),
            ("en", "https://ocop.example.vn/en/p/ruou-ba-kich/"),
        ],
    )
    root = ET.fromstring("".join(sitemap_xml([entry])))
    names = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    url = root.find("sm:url", names)
    assert url is not None and url.findtext("sm:loc", namespaces=names) == entry.loc
    links = url.findall("xhtml:link", names)
    assert [(link.get("hreflang"), link.get("href")) for link in links] == entry.alternates
