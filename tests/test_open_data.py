"""Sharing and open data: JSON-LD, Open Graph, the catalog files, EPCIS documents validated
against GS1's schema, and the digital product passport items on each trace page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.records.loader import load_catalog
from generator.site.images import largest_jpeg

from .conftest import TODAY
from .sitebuild import ROOT, SAMPLE_PRODUCTS, BuildResult, build_site

pytestmark = pytest.mark.e2e

EPCIS_SCHEMA = ROOT.parent / "shared" / "data" / "gs1" / "EPCIS-JSON-Schema.json"
CATALOG = load_catalog(SAMPLE_PRODUCTS, today=TODAY).catalog
assert CATALOG is not None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_site(tmp_path_factory.mktemp("open-data"), SAMPLE_PRODUCTS)


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    assert len(found) == 1
    return json.loads(found[0])


def meta(html: str, name: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.mark.parametrize("product", CATALOG.products, ids=lambda p: p.id)
def test_product_pages_describe_the_product_and_its_certification(site: BuildResult, product) -> None:
    for prefix in ("", "en/"):
        html = site.html(f"{prefix}p/{product.id}/")
        data = json_ld(html)
        assert data["@type"] == "Product"
        assert data["countryOfOrigin"] == "VN"
        assert data["manufacturer"]["@type"] == "Organization"
        assert data["manufacturer"]["address"]["addressCountry"] == "VN"
        assert "aggregateRating" not in json.dumps(data), "OCOP stars are a certification, not a rating"
        certification = data["hasCertification"]
        assert certification["@type"] == "Certification"
        assert certification["certificationRating"]["ratingValue"] == product.record.ocop.stars
        assert certification["validFrom"] == product.record.ocop.issued.isoformat()
        assert certification["expires"] == product.record.ocop.valid_until.isoformat()
        assert data.get("gtin") == product.record.gtin
        # A preview on Zalo or Facebook shows the photo.
        assert meta(html, "og:image") == f"{site.site_url}{largest_jpeg(product.cover).site_path}"
        assert (site.site / largest_jpeg(product.cover).site_path).is_file()
        assert meta(html, "og:url") == f"{site.site_url}{prefix}p/{product.id}/"
        assert meta(html, "twitter:card") == "summary_large_image"
        assert f'<link rel="canonical" href="{site.site_url}{prefix}p/{product.id}/">' in html


def test_producer_pages_carry_an_organization(site: BuildResult) -> None:
    producer = CATALOG.producers[0]
    data = json_ld(site.html(f"producers/{producer.id}/"))
    assert data["@type"] == "Organization"
    assert data["name"] == producer.record.name["vi"]


def test_robots_and_sitemap(site: BuildResult) -> None:
    robots = (site.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site.site_url}sitemap.xml" in robots
    index = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and "sitemaps/pages-1.xml" in index


def test_catalog_json_lists_every_record_with_urls(site: BuildResult) -> None:
    data = json.loads((site.site / "data/catalog.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {p["id"] for p in data["products"]} == {p.id for p in CATALOG.products}
    assert len(data["batches"]) == len(CATALOG.batches)
    assert {p["id"] for p in data["producers"]} == {p.id for p in CATALOG.producers}
    for batch in data["batches"]:
        path = batch["url"]["vi"].removeprefix(site.site_url)
        assert (site.site / path / "index.html").is_file()
        assert (site.site / batch["epcis"].removeprefix(site.site_url)).is_file()
    recalled = [b for b in data["batches"] if b["status"] == "recalled"]
    assert recalled and recalled[0]["recall"]["reason"]["vi"]


def test_products_csv_opens_in_excel_with_vietnamese(site: BuildResult) -> None:
    raw = (site.site / "data/products.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(CATALOG.products)
    names = {row["name_vi"] for row in rows}
    assert "Trà hoa vàng Ba Chẽ" in names
    expired = {row["id"]: row["certificate_expired"] for row in rows}
    assert expired["ga-tien-yen"] == "True"


def test_open_data_page_states_the_licence(site: BuildResult) -> None:
    for prefix in ("", "en/"):
        html = site.html(f"{prefix}data/")
        assert "CC BY 4.0" in html
        assert "catalog.json" in html and "products.csv" in html


@pytest.fixture(scope="module")
def epcis_validator() -> jsonschema.Draft7Validator:
    if not EPCIS_SCHEMA.is_file():
        pytest.fail(f"GS1's EPCIS schema is expected at {EPCIS_SCHEMA} (../shared beside the checkout)")
    schema = json.loads(EPCIS_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("batch", CATALOG.batches, ids=lambda b: f"{b.product.id}/{b.lot}")
def test_epcis_documents_follow_gs1_schema(site: BuildResult, epcis_validator, batch) -> None:
    document = json.loads(
        (site.site / f"p/{batch.product.id}/{batch.lot}/epcis.json").read_text(encoding="utf-8")
    )
    errors = [e.message for e in epcis_validator.iter_errors(document)]
    assert errors == []
    events = document["epcisBody"]["eventList"]
    first = events[0]
    assert first["bizStep"] == "commissioning" and first["action"] == "ADD"
    assert first["ilmd"]["cbvmda:lotNumber"] == batch.lot
    if batch.record.expires:
        assert first["ilmd"]["cbvmda:itemExpirationDate"] == batch.record.expires.isoformat()
    assert all(e["eventTime"].endswith("+07:00") and e["eventTimeZoneOffset"] == "+07:00" for e in events)
    epc_class = first["quantityList"][0]["epcClass"]
    if batch.product.record.gtin:
        assert f"/01/{batch.product.record.gtin}/10/{batch.lot}" in epc_class
    if batch.record.status == "recalled":
        assert events[-1]["disposition"] == "recalled"


# The prefixes GS1's EPCIS 2.0 JSON-LD context declares (gs1/EPCIS, JSON-LD-Context/
# epcis-context-root.jsonld at commit 2b888be): a term with any other prefix must be declared by
# the document itself, or a JSON-LD reader cannot tell what it means.
GS1_PREFIXES = {"epcis", "cbv", "cbvmda", "gs1", "rdfs", "owl", "xsd", "dcterms"}


def prefixed_terms(node: Any) -> set[str]:
    """Every key of ``node``, at any depth, written ``prefix:term``."""
    if isinstance(node, dict):
        found = {key for key in node if ":" in key and not key.startswith(("@", "http"))}
        return found.union(*(prefixed_terms(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(prefixed_terms(item) for item in node))
    return set()


def undeclared_prefixes(document: dict[str, Any]) -> set[str]:
    declared = set(GS1_PREFIXES)
    for context in document["@context"]:
        if isinstance(context, dict):
            declared |= set(context)
    return {term.split(":", 1)[0] for term in prefixed_terms(document["epcisBody"])} - declared


@pytest.mark.parametrize("batch", CATALOG.batches[:3], ids=lambda b: f"{b.product.id}/{b.lot}")
def test_every_epcis_term_has_a_declared_prefix(site: BuildResult, batch) -> None:
    document = json.loads(
        (site.site / f"p/{batch.product.id}/{batch.lot}/epcis.json").read_text(encoding="utf-8")
    )
    assert undeclared_prefixes(document) == set()
    ours = next(context for context in document["@context"] if isinstance(context, dict))
    assert ours == {"ocop": site.absolute("data/") + "#epcis-"}
    # The check is not vacuous: a term of our own without the declaration is caught.
    document["epcisBody"]["eventList"][0]["ilmd"]["acme:grade"] = "A"
    assert undeclared_prefixes(document) == {"acme"}


def test_epcis_validation_catches_a_broken_document(epcis_validator) -> None:
    """The schema check is not vacuous: a document without its body fails."""
    assert list(
        epcis_validator.iter_errors({"type": "EPCISDocument", "@context": [], "schemaVersion": "2.0"})
    )


@pytest.mark.parametrize("lang", ["", "en/"])
def test_trace_page_carries_the_digital_product_passport(site: BuildResult, lang: str) -> None:
    """Decree 37/2026/NĐ-CP Art. 32: the minimum content, on the page a QR code opens."""
    batch = next(b for b in CATALOG.batches if b.product.record.gtin)
    product, producer = batch.product.record, batch.product.producer.record
    text = re.sub(r"<[^>]+>", " ", site.html(f"{lang}p/{batch.product.id}/{batch.lot}/"))
    text = re.sub(r"\s+", " ", text)
    code = "en" if lang else "vi"
    expected = {
        "product name": product.name.get(code, product.name["vi"]),
        "GTIN": product.gtin,
        "producer name": producer.name.get(code, producer.name["vi"]),
        "producer address": producer.address.get(code, producer.address["vi"]),
        "business ID": producer.business_id,
        "origin": batch.record.origin.area.get(code, batch.record.origin.area["vi"]),
        "traceability (an event place)": batch.record.events[0].place.get(
            code, batch.record.events[0].place["vi"]
        ),
        "conformity certificate": product.standards[0].name.get(code, product.standards[0].name["vi"]),
        "OCOP certificate decision": product.ocop.decision,
        "safety warnings": (product.warnings or {}).get(code, (product.warnings or {}).get("vi", "")),
    }
    for item, value in expected.items():
        assert value and value in text, f"{item} is missing from the trace page"
    produced = batch.record.produced
    expires = batch.record.expires
    assert expires is not None
    if code == "vi":
        assert f"{produced.day:02d}/{produced.month:02d}/{produced.year}" in text
        assert f"{expires.day:02d}/{expires.month:02d}/{expires.year}" in text
    else:
        assert f"{produced.year}" in text and f"{expires.year}" in text


def test_trace_page_weighs_at_most_40_kb_on_a_first_visit(site: BuildResult) -> None:
    """HTML plus the CSS and JavaScript it loads, gzip-compressed, photos excluded."""
    import gzip

    page = site.page("p/che-duong-hoa/DH-2608/")
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode(), 9))
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(r'<script src="([^"]+)"', html)
    for asset in assets:
        total += len(gzip.compress((page.parent / asset).resolve().read_bytes(), 9))
    assert total <= 40 * 1024, f"{total} bytes"
    assert not re.search(r'src="https?://', html), "no third-party request"


def test_a_trace_page_carries_nothing_only_a_script_would_use(site: BuildResult) -> None:
    """The trace page loads no script file: the theme's parts that only a script fills or shows
    (search results as one types, "back to top", the theme's settings) are not sent to the phone
    that scanned the code; the product page, which runs the search script, has its results'."""
    for language in ("", "en/"):
        trace = site.page(f"{language}p/che-duong-hoa/DH-2608/").read_text(encoding="utf-8")
        assert "<script src=" not in trace
        for part in ("<template", "data-ocop-search-results", 'class="md-top', "__md_scope", "__tabbed_"):
            assert part not in trace, part
        assert 'action="../../../search/"' in trace, "its search is a form that opens the search page"
        assert ("rồi nhấn Enter" if language == "" else "then press Enter") in trace, "and says so"
        product = site.page(f"{language}p/che-duong-hoa/").read_text(encoding="utf-8")
        assert "javascripts/search.js" in product and "<template data-ocop-result" in product


def test_sample_has_the_product_with_a_gtin() -> None:
    assert any(p.record.gtin for p in CATALOG.products)
    assert Path(SAMPLE_PRODUCTS).is_dir()
