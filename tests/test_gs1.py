"""The site as GS1's own tools read it: every Digital Link it prints passes the grammar of GS1's
digital-link.js library, on the string exactly as printed, and what a static host can have of a
GS1-conformant resolver (linksets, the resolver description, host rules) follows GS1's schemas."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
import pytest

from generator.records.loader import load_catalog
from generator.site.languages import LanguageSetting, interface_words, make_languages
from generator.site.linksets import Linksets
from generator.site.plan import build_plan

from . import sitebuild
from .conftest import TODAY
from .sitebuild import ROOT, BuildResult

pytestmark = pytest.mark.e2e

NODE_MODULES = ROOT / "node_modules"  # package.json, installed by ./dev.sh test
CHECKER = Path(__file__).parent / "digital_link_check.js"
TEXT_FILES = {".html", ".json", ".xml", ".txt", ".csv", ""}


def gs1_check(uris: list[str]) -> dict[str, list[bool]]:
    """``{uri: [passes GS1's grammar as printed, its check digit is right]}``, from digital-link.js."""
    if shutil.which("node") is None or not (NODE_MODULES / "digital-link.js").is_dir():
        pytest.skip("GS1's digital-link.js is not installed (./dev.sh test installs it from npm)")
    done = subprocess.run(
        ["node", str(CHECKER)],
        input=json.dumps(uris),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        timeout=120,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.sample_site(tmp_path_factory)


def digital_links(site: BuildResult) -> set[str]:
    """Every Digital Link URI written anywhere in the built site: pages, codes' captions, open
    data, feeds, linksets (not the links to the linksets, files in a Digital Link's folder)."""
    pattern = re.compile(re.escape(site.site_url.rstrip("/")) + r"/01/[^\s\"'<>)\]]*")
    found: set[str] = set()
    for file in site.site.rglob("*"):
        if file.is_file() and file.suffix in TEXT_FILES:
            found.update(pattern.findall(file.read_text(encoding="utf-8", errors="replace")))
    return {uri for uri in found if not uri.endswith("/linkset.json")}


def test_every_digital_link_in_the_site_passes_gs1s_grammar(site: BuildResult) -> None:
    links = digital_links(site)
    gtin = "08936041710252"
    printed = {site.absolute(f"01/{gtin}")} | {
        site.absolute(f"01/{gtin}/10/{lot}") for lot in ("QH260402", "QH260815", "QH261103")
    }
    assert printed <= links, "the codes of the sample's GTIN product are not all in the site"
    results = gs1_check(sorted(links))
    rejected = sorted(uri for uri, (grammar, digits) in results.items() if not (grammar and digits))
    assert rejected == []


def test_gs1s_grammar_rejects_what_it_should() -> None:
    """The check is not vacuous: the form printed before (trailing slash), a wrong check digit and
    a lot longer than GS1's 20 characters all fail."""
    base = "https://ocop.example.vn/01/"
    results = gs1_check(
        [
            base + "08936041710252/10/QH261103/",
            base + "08936041710253/10/QH261103",
            base + "08936041710252/10/QH2611030000000000000",
        ]
    )
    assert [all(result) for result in results.values()] == [False, False, False]


# Linksets and the resolver's own files -------------------------------------------------------

GS1_DATA = Path(__file__).parent / "data" / "gs1"
GTIN = "08936041710252"
GTIN_PRODUCT = "nuoc-khoang-quang-hanh-co-ga"
LOTS = ("QH260402", "QH260815", "QH261103")
VOC = "https://gs1.org/voc/"


def gs1_schema(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((GS1_DATA / name).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def site_file(site: BuildResult, url: str) -> Path:
    """The built file a URL of the site names (its fragment aside)."""
    assert url.startswith(site.site_url), url
    path = unquote(urlsplit(url).path)[len(urlsplit(site.site_url).path) :]
    return site.page(path)


def test_every_linkset_follows_gs1s_schema(site: BuildResult) -> None:
    validator = gs1_schema("linkset-schema.json")
    found = sorted(site.site.rglob("linkset.json"))
    assert [p.relative_to(site.site).as_posix() for p in found] == sorted(
        [f"01/{GTIN}/linkset.json"] + [f"01/{GTIN}/10/{lot}/linkset.json" for lot in LOTS]
    ), "a linkset for the GTIN and each lot, and none for products without a GTIN"
    for path in found:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(document)] == [], path
        for links in document["linkset"][0].values():
            for link in links if isinstance(links, list) else []:
                assert site_file(site, link["href"]).is_file(), f"{path}: {link['href']} leads nowhere"


def test_gs1s_linkset_schema_is_not_vacuous() -> None:
    validator = gs1_schema("linkset-schema.json")
    good = {"anchor": f"https://ocop.example.vn/01/{GTIN}", "itemDescription": "Nước khoáng"}
    link = [{"href": "https://ocop.example.vn/p/x/", "title": "Thông tin sản phẩm"}]
    assert not list(validator.iter_errors({"linkset": [{**good, VOC + "pip": link}]}))
    assert list(validator.iter_errors({"linkset": [{"anchor": good["anchor"], VOC + "pip": link}]}))
    assert list(validator.iter_errors({"linkset": [{**good, VOC + "pip": [{"href": "x"}]}]}))


def test_a_lots_linkset_lists_what_a_resolver_would(site: BuildResult) -> None:
    lot = LOTS[-1]
    context = json.loads((site.site / f"01/{GTIN}/10/{lot}/linkset.json").read_text(encoding="utf-8"))[
        "linkset"
    ][0]
    assert context["anchor"] == site.absolute(f"01/{GTIN}/10/{lot}")
    trace = {site.absolute(f"p/{GTIN_PRODUCT}/{lot}/"), site.absolute(f"en/p/{GTIN_PRODUCT}/{lot}/")}
    assert [link["href"] for link in context[VOC + "defaultLink"]] == [
        site.absolute(f"p/{GTIN_PRODUCT}/{lot}/")
    ]
    assert {link["href"] for link in context[VOC + "traceability"]} == trace
    assert {link["href"] for link in context[VOC + "recallStatus"]} == trace
    assert {link["hreflang"][0] for link in context[VOC + "traceability"]} == {"vi", "en"}
    assert {link["href"] for link in context[VOC + "pip"]} == {
        site.absolute(f"p/{GTIN_PRODUCT}/"),
        site.absolute(f"en/p/{GTIN_PRODUCT}/"),
    }
    assert context[VOC + "epcis"][0]["href"] == site.absolute(f"p/{GTIN_PRODUCT}/{lot}/epcis.json")
    assert site.absolute(f"p/{GTIN_PRODUCT}/#ocop-cert") in {
        link["href"] for link in context[VOC + "certificationInfo"]
    }


def test_pages_and_digital_links_name_their_linkset(site: BuildResult) -> None:
    lot = LOTS[0]
    expected = {
        f"p/{GTIN_PRODUCT}/": f"01/{GTIN}/linkset.json",
        f"en/p/{GTIN_PRODUCT}/": f"01/{GTIN}/linkset.json",
        f"p/{GTIN_PRODUCT}/{lot}/": f"01/{GTIN}/10/{lot}/linkset.json",
        f"en/p/{GTIN_PRODUCT}/{lot}/": f"01/{GTIN}/10/{lot}/linkset.json",
        # The redirect pages a Digital Link opens, with and without the trailing slash.
        f"01/{GTIN}/10/{lot}/": f"01/{GTIN}/10/{lot}/linkset.json",
        f"01/{GTIN}/10/{lot}.html": f"01/{GTIN}/10/{lot}/linkset.json",
        f"01/{GTIN}.html": f"01/{GTIN}/linkset.json",
    }
    for page, linkset in expected.items():
        links = site.doc(page).find_all("link", rel="linkset")
        assert len(links) == 1, page
        assert links[0].get("type") == "application/linkset+json"
        served_at = site.absolute(page.removesuffix(".html"))  # a bare file answers without it
        assert urljoin(served_at, links[0].get("href") or "") == site.absolute(linkset), page
    without_gtin = "p/che-duong-hoa/"
    assert site.doc(without_gtin).find_all("link", rel="linkset") == []


def test_resolver_description_follows_gs1s_schema(site: BuildResult) -> None:
    schema_bytes = (GS1_DATA / "description-file-schema.json").read_bytes()
    assert hashlib.sha256(schema_bytes).hexdigest() == (
        "99d505c7aa2004cde3277651e8db0e019eab61d2746b2631ddab3fec8a13617e"
    ), "GS1's published description-file schema, byte for byte"
    description = json.loads((site.site / ".well-known/gs1resolver").read_text(encoding="utf-8"))
    validator = gs1_schema("description-file-schema.json")
    assert [e.message for e in validator.iter_errors(description)] == []
    assert description["resolverRoot"] == site.site_url.rstrip("/")
    assert description["supportedPrimaryKeys"] == ["01"]
    assert list(validator.iter_errors({"resolverRoot": site.site_url, "supportedPrimaryKeys": ["99"]}))


def test_host_rules_send_digital_links_on_and_type_linksets(site: BuildResult) -> None:
    rules = [
        line.split()
        for line in (site.site / "_redirects").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert {source for source, _, _ in rules} == {f"/01/{GTIN}"} | {f"/01/{GTIN}/10/{lot}" for lot in LOTS}
    for source, target, code in rules:
        assert code == "307"  # as a GS1 resolver redirects
        assert site.page(target.lstrip("/")).is_file(), target
        assert not source.endswith("/")
    headers = (site.site / "_headers").read_text(encoding="utf-8")
    assert "/01/*/linkset.json\n  Content-Type: application/linkset+json" in headers
    assert '  Link: <linkset.json>; rel="linkset"; type="application/linkset+json"' in headers


def test_host_rules_name_a_digital_link_as_it_is_printed(records) -> None:
    """A lot's characters outside RFC 3986's unreserved set are percent-encoded in the rule as
    in the code (GS1), whatever a page path may leave as they are."""
    records.producer()
    records.product(gtin=GTIN)
    records.batch(lot="A&1")
    catalog = load_catalog(records.products, today=TODAY).catalog
    assert catalog is not None
    languages = make_languages([LanguageSetting("vi", "Tiếng Việt")])
    words = {"vi": interface_words(languages[0])}
    rules = Linksets(
        build_plan(catalog, "https://ocop.example.vn/"), "https://ocop.example.vn/", languages, words
    )
    assert f"/01/{GTIN}/10/A%261 /p/tra-hoa-vang/A&1/ 307\n" in list(rules.redirects())
