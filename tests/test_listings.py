"""Listing pages at the national catalog's scale: 3,300 communes are not listed on every page."""

from __future__ import annotations

from pathlib import Path

from generator.base.files import Seal
from generator.records.loader import load_catalog
from generator.site.languages import LanguageSetting, make_languages
from generator.site.plan import build_plan
from generator.site.qr import QrCache
from generator.site.render import Renderer, SiteInfo

from .conftest import TODAY, Records
from .sitebuild import ROOT, parse_html

SITE_URL = "https://ocop.example.vn/"


def _renderer(records: Records, tmp_path: Path) -> Renderer:
    catalog = load_catalog(records.products, today=TODAY).catalog
    assert catalog is not None
    languages = make_languages([LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")])
    seal = Seal(b"k" * 32)
    return Renderer(
        build_plan(catalog, SITE_URL),
        languages,
        ROOT / "theme" / "ocop",
        QrCache(tmp_path / "qr", "key", seal),
        SiteInfo("OCOP", SITE_URL, TODAY, demo=False),
    )


def _links(html: str) -> set[str]:
    return {a.get("href") or "" for a in parse_html(html).find_all("a")}


def _communes(records: Records, count: int) -> None:
    for n in range(count):
        producer = f"co-so-{n}"
        records.producer(producer, commune=f"xã Thử Nghiệm {n}")
        records.product(f"san-pham-{n}", producer)


def test_every_commune_has_its_line_on_the_communes_page(records: Records, tmp_path: Path) -> None:
    _communes(records, 3)
    renderer = _renderer(records, tmp_path)
    page = renderer.plan.by_path["catalog/commune/"]
    for language in renderer.languages:
        html = renderer.render_page(page, language)
        for n in range(3):
            assert {f"xa-thu-nghiem-{n}/", f"../../print/commune/xa-thu-nghiem-{n}/"} <= _links(html)
    english = renderer.render_page(page, renderer.languages[1])
    assert "Thử Nghiệm 0 commune" in english


def test_listing_pages_name_a_few_communes_and_link_many(records: Records, tmp_path: Path) -> None:
    """Quảng Ninh's 37 communes are linked from every listing page and print catalog; the
    national 3,300 would make each of 13,000 pages 430 kB longer: they link the communes page."""
    _communes(records, 3)
    few = _renderer(records, tmp_path / "few")
    catalog = few.plan.by_path["catalog/"]
    vi = few.languages[0]
    assert "commune/xa-thu-nghiem-2/" in _links(few.render_page(catalog, vi))
    assert "commune/xa-thu-nghiem-2/" in _links(few.render_page(few.plan.by_path["print/"], vi))
    _communes(records, 401)
    many = _renderer(records, tmp_path / "many")
    for path, communes_link in (("catalog/", "commune/"), ("print/", "../catalog/commune/")):
        html = many.render_page(many.plan.by_path[path], vi)
        links = _links(html)
        assert communes_link in links
        assert not any("xa-thu-nghiem" in link for link in links)
        assert "401 xã, phường" in html
