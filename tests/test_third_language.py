"""A third language is configuration and words only: a line in mkdocs.yml, a locale file
(generator/site/locales/zh.yml) and its hand-written pages (content/zh/). Its pages take a
record's missing text along its fallback chain (Chinese falls back on English first), its
field reference and messages read English, and it writes dates and numbers its own way."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.records.loader import load_catalog

from .conftest import ROOT, SAMPLE_PRODUCTS, TODAY
from .sitebuild import BuildResult, build_site, content, sample_site

ZH_HOME = """# 广宁省OCOP产品

越南"一乡一品"（OCOP）计划认证各地特产。本网站收录广宁省的OCOP产品，并可追溯每一批次的来源。

<!-- ocop:highlights -->
"""
LANGUAGES = [
    {"code": "vi", "name": "Tiếng Việt"},
    {"code": "en", "name": "English", "site_description": "Quảng Ninh's OCOP products."},
    {"code": "zh", "name": "中文", "fallback": ["en"], "site_description": "广宁省OCOP产品目录。"},
]
CATALOG = load_catalog(SAMPLE_PRODUCTS, today=TODAY).catalog
assert CATALOG is not None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("three-languages")
    docs = folder / "content"
    shutil.copytree(ROOT / "content", docs)
    (docs / "zh").mkdir()
    (docs / "zh" / "index.md").write_text(ZH_HOME, encoding="utf-8")
    cache = Path(sample_site(tmp_path_factory).config.plugins["ocop"].config.cache_dir)  # type: ignore[attr-defined]
    return build_site(
        folder,
        SAMPLE_PRODUCTS,
        cache_dir=cache,
        settings={"docs_dir": str(docs)},
        options={"languages": LANGUAGES},
    )


def test_every_product_batch_and_producer_page_exists_in_chinese(site: BuildResult) -> None:
    for product in CATALOG.products:
        assert site.page(f"zh/p/{product.id}/").is_file()
        for batch in product.batches:
            assert site.page(f"zh/p/{product.id}/{batch.lot}/").is_file()
    for producer in CATALOG.producers:
        assert site.page(f"zh/producers/{producer.id}/").is_file()
    assert 'lang="zh"' in site.html("zh/")


def test_a_chinese_page_speaks_chinese_around_the_records(site: BuildResult) -> None:
    product = next(p for p in CATALOG.products if p.batches)
    html = site.html(f"zh/p/{product.id}/")
    assert '<html lang="zh"' in html
    assert 'placeholder="搜索"' in html  # the theme's own words
    assert "生产批次" in html  # ours
    assert '<meta name="description" content="' in html
    switch = [
        a.attrs["hreflang"] for a in site.doc(f"zh/p/{product.id}/").find_all("a", cls="md-select__link")
    ]
    assert switch == ["vi", "en", "zh"]


def test_a_missing_chinese_text_falls_back_on_english_then_vietnamese(site: BuildResult) -> None:
    translated = next(p for p in CATALOG.products if "en" in p.record.name)
    heading = content(site.doc(f"zh/p/{translated.id}/")).find("h1")
    assert heading.find(cls="ocop-untranslated").attrs["lang"] == "en"
    assert translated.record.name["en"] in heading.text
    assert "尚未翻译" in heading.text

    vietnamese_only = next(p for p in CATALOG.products if "en" not in p.record.summary)
    lead = content(site.doc(f"zh/p/{vietnamese_only.id}/")).find("p", cls="ocop-lead")
    assert lead.find(cls="ocop-untranslated").attrs["lang"] == "vi"


def test_the_chinese_field_reference_reads_english(site: BuildResult) -> None:
    page = content(site.doc("zh/contribute/reference/"))
    assert "Production date" in page.text and "Ngày sản xuất" not in page.text
    assert "字段" in page.text  # the table's own words are Chinese


def test_dates_and_numbers_are_written_the_chinese_way(site: BuildResult) -> None:
    batch = next(b for b in CATALOG.batches if b.record.quantity and b.record.quantity.amount >= 1000)
    produced = batch.record.produced
    text = re.sub(r"\s+", " ", content(site.doc(f"zh/p/{batch.product.id}/{batch.lot}/")).text)
    assert f"{produced.year}年{produced.month}月{produced.day}日" in text
    assert f"{batch.record.quantity.amount:,.0f}" in text  # 1,200
    # Vietnamese groups thousands with a narrow no-break space.
    vietnamese = content(site.doc(f"p/{batch.product.id}/{batch.lot}/")).text
    assert f"{batch.record.quantity.amount:,.0f}".replace(",", "\u202f") in vietnamese


def test_the_sitemap_lists_the_chinese_alternate_of_every_page(site: BuildResult) -> None:
    sitemap = "".join(p.read_text(encoding="utf-8") for p in (site.site / "sitemaps").glob("*.xml"))
    product = CATALOG.products[0]
    assert f'hreflang="zh" href="{site.absolute(f"zh/p/{product.id}/")}"' in sitemap
