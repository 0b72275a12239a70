"""The figures for the agencies: /stats/ in each language and /data/stats.json, on the sample
catalog (built once per session). The counts are the sample's own, counted from its records by
hand, and they agree with /data/catalog.json of the same build."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from urllib.parse import urljoin

import pytest

from . import sitebuild
from .sitebuild import BuildResult, Element

pytestmark = pytest.mark.e2e

LANGUAGES = {"vi": "", "en": "en/"}
AS_OF = {"vi": "29/11/2026", "en": "29 Nov 2026"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.sample_site(tmp_path_factory)


@pytest.fixture(scope="module")
def stats(site: BuildResult) -> dict:
    return json.loads((site.site / "data" / "stats.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(site: BuildResult) -> dict:
    return json.loads((site.site / "data" / "catalog.json").read_text(encoding="utf-8"))


def test_the_sample_catalogs_figures(stats: dict) -> None:
    # Counted from products/ by hand: twelve products, none withdrawn, in four groups and ten
    # communes; Tiên Yên chicken's certificate ran out on 20 June 2025, three run out within 90
    # days of 29 November 2026; one batch of thirty is recalled; one product has no English.
    assert stats["version"] == 1 and stats["as_of"] == "2026-11-29"
    products = stats["products"]
    assert products["total"] == 12
    assert products["by_stars"] == {"5": 2, "4": 7, "3": 3}
    assert products["by_group"] == {
        "food": 6,
        "beverage": 3,
        "herbal": 2,
        "handicraft": 1,
        "ornamental": 0,
        "tourism": 0,
    }
    communes = {entry["commune"]: entry["products"] for entry in products["by_commune"]}
    assert len(communes) == 10 and communes["đặc khu Vân Đồn"] == communes["xã Ba Chẽ"] == 2
    assert [entry["products"] for entry in products["by_commune"]] == [2, 2, *[1] * 8]
    certificates = stats["certificates"]
    assert (certificates["valid"], certificates["expiring"], certificates["expired"]) == (8, 3, 1)
    assert [(e["product"], e["valid_until"], e["days_left"]) for e in certificates["expired_products"]] == [
        ("ga-tien-yen", "2025-06-20", -527)
    ]
    assert all(0 <= e["days_left"] <= 90 for e in certificates["expiring_products"])
    assert stats["batches"]["by_status"] == {"released": 29, "recalled": 1, "withdrawn": 0}
    assert [(b["product"], b["lot"]) for b in stats["batches"]["recalled"]] == [("che-duong-hoa", "DH-2608")]
    assert stats["translation"]["products_translated"] == {"vi": 12, "en": 11}
    texts = stats["translation"]["texts"]
    assert (
        stats["translation"]["texts_translated"]["vi"]
        == texts
        > stats["translation"]["texts_translated"]["en"]
    )
    assert stats["producers"] == {
        "total": 11,
        "by_kind": {"cooperative": 2, "company": 8, "household": 1, "other": 0},
    }


def test_figures_agree_with_catalog_json(stats: dict, catalog: dict) -> None:
    """Every count, worked out again from the catalog.json of the same build."""
    as_of = date.fromisoformat(stats["as_of"])
    listed = [p for p in catalog["products"] if p["status"] != "withdrawn"]
    producers = {p["id"]: p for p in catalog["producers"]}
    products = stats["products"]
    assert products["total"] == len(listed)
    stars = Counter(str(p["ocop"]["stars"]) for p in listed)
    assert products["by_stars"] == {key: stars[key] for key in ("5", "4", "3")}
    groups = Counter(p["group"] for p in listed)
    assert {k: v for k, v in products["by_group"].items() if v} == dict(groups)
    communes = Counter(producers[p["producer"]]["commune"] for p in listed)
    assert {e["commune"]: e["products"] for e in products["by_commune"]} == dict(communes)

    active = [p for p in listed if p["status"] == "active"]
    expired = {p["id"] for p in active if p["ocop"]["expired"]}
    expiring = {
        p["id"]
        for p in active
        if not p["ocop"]["expired"] and (date.fromisoformat(p["ocop"]["valid_until"]) - as_of).days <= 90
    }
    certificates = stats["certificates"]
    assert {e["product"] for e in certificates["expired_products"]} == expired
    assert {e["product"] for e in certificates["expiring_products"]} == expiring
    assert certificates["valid"] == len(active) - len(expired) - len(expiring)

    listed_ids = {p["id"] for p in listed}
    batches = [b for b in catalog["batches"] if b["product"] in listed_ids]
    assert stats["batches"]["by_status"] == {
        status: sum(b["status"] == status for b in batches)
        for status in ("released", "recalled", "withdrawn")
    }
    for status in ("recalled", "withdrawn"):
        found = {(b["product"], b["lot"]) for b in stats["batches"][status]}
        assert found == {(b["product"], b["lot"]) for b in batches if b["status"] == status}
        assert all(
            b["url"]["vi"].endswith(f"/p/{b['product']}/{b['lot']}/") for b in stats["batches"][status]
        )

    assert stats["producers"]["by_kind"] == {
        kind: sum(p["kind"] == kind for p in catalog["producers"])
        for kind in ("cooperative", "company", "household", "other")
    }
    english = sum("en" in p["name"] for p in listed)  # a product without an English name is not translated
    assert stats["translation"]["products_translated"]["en"] <= english


def figure(doc: Element, figure_id: str) -> Element:
    return doc.find("section", cls="ocop-figure", **{"aria-labelledby": figure_id})


def table_rows(section: Element) -> dict[str, tuple[str, str | None]]:
    """The figure's table: each row's label, its count and where its label links to."""
    rows = {}
    for row in section.find("tbody").find_all("tr"):
        label = row.find("th")
        links = label.find_all("a")
        rows[" ".join(label.text.split())] = (
            row.find("td").text.strip(),
            links[0].get("href") if links else None,
        )
    return rows


@pytest.mark.parametrize("code", LANGUAGES)
def test_stats_page_draws_every_figure_beside_its_table(site: BuildResult, stats: dict, code: str) -> None:
    prefix = LANGUAGES[code]
    doc = site.doc(prefix + "stats/")
    article = doc.find("article", cls="ocop-page")
    assert AS_OF[code] in article.text  # the day the figures hold for
    assert article.find_all("script") == []
    sections = article.find_all("section", cls="ocop-figure")
    assert len(sections) == 8
    for section in sections:
        # Drawn at build time, readable without JavaScript, named for screen readers.
        svg = section.find("svg", cls="ocop-chart")
        assert svg.get("role") == "img"
        title_id, desc_id = (svg.get("aria-labelledby") or "").split()
        title, desc = svg.find("title", id=title_id), svg.find("desc", id=desc_id)
        assert title.text == section.find("h2").text
        rows = table_rows(section)
        bars = svg.find_all("rect")
        assert len(bars) == len(rows) > 0  # the sample's communes are few enough to draw each
        for label, (count, _) in rows.items():
            assert f"{label}: " in desc.text
            assert count in desc.text
    stars = table_rows(figure(doc, "stats-stars"))
    assert [count for count, _ in stars.values()] == ["2", "7", "3"]
    # Each count links to the listing of the products it counts.
    for (count, href), listing in zip(stars.values(), ("5", "4", "3"), strict=True):
        assert href == f"../catalog/stars/{listing}/"
        listed = site.doc(f"{prefix}catalog/stars/{listing}/").find_all("li", cls="ocop-card")
        assert len(listed) == int(count)
    communes = table_rows(figure(doc, "stats-communes"))
    expected = {"vi": "đặc khu Vân Đồn", "en": "Vân Đồn special zone"}[code]
    assert communes[expected] == ("2", "../catalog/commune/dac-khu-van-don/")
    translated = table_rows(figure(doc, "stats-translated-products"))
    assert translated["English"][0] == "11"
    # The lists behind the certificate and batch figures, each entry linked to its page.
    links = {a.get("href") for a in article.find_all("a")}
    assert {"../p/ga-tien-yen/", "../p/che-duong-hoa/DH-2608/"} <= links
    for entry in stats["certificates"]["expiring_products"]:
        assert f"../p/{entry['product']}/" in links
    here = site.absolute(prefix + "stats/")
    assert site.absolute("data/stats.json") in {urljoin(here, link or "") for link in links}


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_and_contribute_pages_lead_to_the_print_catalog_and_the_figures(
    site: BuildResult, code: str
) -> None:
    prefix = LANGUAGES[code]
    home = {a.get("href") for a in site.doc(prefix).find("article").find_all("a")}
    assert {"print/", "stats/"} <= home
    contribute = {a.get("href") for a in site.doc(prefix + "contribute/").find("article").find_all("a")}
    assert {"../print/", "../stats/"} <= contribute
    assert site.page(prefix + "print/").is_file() and site.page(prefix + "stats/").is_file()
    navigation = {a.get("href") for a in site.doc(prefix).find_all("a", cls="md-nav__link")}
    assert "stats/" in navigation
