"""Recalls and withdrawals as feeds: Atom and JSON Feed, of the site and of each producer, in each
language, linked from the pages, and the same on every build of the same records."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urljoin

import pytest

from generator.records.loader import load_catalog
from generator.site.feeds import Feeds
from generator.site.kinds import KINDS
from generator.site.languages import LanguageSetting, interface_words, make_languages

from . import sitebuild
from .conftest import SAMPLE_PRODUCTS, TODAY
from .sitebuild import BuildResult

pytestmark = pytest.mark.e2e

ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = {"vi": "", "en": "en/"}
PRODUCER = "cty-thuan-quynh"
RECALLED = "p/che-duong-hoa/DH-2608/"
INSTRUCTIONS = {"vi": "gọi 0203 387 9024", "en": "call\n      0203 387 9024"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.sample_site(tmp_path_factory)


def atom_entries(site: BuildResult, path: str) -> dict[str, ET.Element]:
    """The entries of the Atom feed at ``path``, by the page each links to."""
    feed = ET.fromstring((site.site / path).read_bytes())
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = {}
    for entry in feed.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None
        entries[link.get("href") or ""] = entry
    return entries


def json_items(site: BuildResult, path: str) -> dict[str, dict]:
    document = json.loads((site.site / path).read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == site.absolute(path)
    return {item["url"]: item for item in document["items"]}


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("folder", ["feeds/", f"producers/{PRODUCER}/"])
def test_feeds_list_the_recalled_batch(site: BuildResult, code: str, folder: str) -> None:
    prefix = LANGUAGES[code]
    page = site.absolute(prefix + RECALLED)
    entry = atom_entries(site, f"{prefix}{folder}recalls.xml")[page]
    assert "DH-2608" in (entry.findtext(f"{ATOM}title") or "")
    assert entry.findtext(f"{ATOM}updated") == "2026-10-14T00:00:00+07:00"  # the recall's day
    assert entry.findtext(f"{ATOM}id") == page + "#recalled"
    content = entry.findtext(f"{ATOM}content") or ""
    assert " ".join(INSTRUCTIONS[code].split()) in " ".join(content.split())
    item = json_items(site, f"{prefix}{folder}recalls.json")[page]
    assert item["_ocop"] == {
        "status": "recalled",
        "producer": PRODUCER,
        "product": "che-duong-hoa",
        "lot": "DH-2608",
        "gtin": None,
    }
    assert item["title"] == entry.findtext(f"{ATOM}title")
    assert item["date_published"] == "2026-10-14T00:00:00+07:00"


def test_a_producer_without_recalls_has_empty_valid_feeds(site: BuildResult) -> None:
    for producer in ("htx-lam-san-ngoai-go-ba-che", "cty-nuoc-khoang-quang-hanh"):
        for prefix in LANGUAGES.values():
            assert atom_entries(site, f"{prefix}producers/{producer}/recalls.xml") == {}
            assert json_items(site, f"{prefix}producers/{producer}/recalls.json") == {}


def test_feeds_are_the_same_whatever_the_day_of_the_build(site: BuildResult) -> None:
    """Ids from URLs, dates from the records: a build a year later of the same records writes
    the same bytes, which a host's sync then leaves alone."""
    languages = make_languages([LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")])
    later = load_catalog(SAMPLE_PRODUCTS, today=TODAY + timedelta(days=400)).catalog
    assert later is not None
    feeds = Feeds(
        later, site.site_url, site.config.site_name, {lang.code: interface_words(lang) for lang in languages}
    )
    for language in languages:
        for producer in (None, next(p for p in later.producers if p.id == PRODUCER)):
            for extension, make in (("xml", feeds.atom), ("json", feeds.json_feed)):
                folder = "feeds/" if producer is None else f"producers/{producer.id}/"
                built = (site.site / language.prefix / folder / f"recalls.{extension}").read_text(
                    encoding="utf-8"
                )
                assert built == make(producer, language), (language.code, folder, extension)


@pytest.mark.parametrize("code", LANGUAGES)
def test_pages_link_their_producers_feeds(site: BuildResult, code: str) -> None:
    prefix = LANGUAGES[code]
    wanted = {
        ("application/atom+xml", site.absolute(f"{prefix}producers/{PRODUCER}/recalls.xml")),
        ("application/feed+json", site.absolute(f"{prefix}producers/{PRODUCER}/recalls.json")),
    }
    for path in (RECALLED, f"producers/{PRODUCER}/", "p/che-duong-hoa/"):
        heads = {
            (link.get("type"), link.get("href"))
            for link in site.doc(prefix + path).find_all("link", rel="alternate")
        }
        assert wanted <= heads, prefix + path
    # Shown too, where a reader looks for them: the producer's page and a recalled batch's.
    for path in (RECALLED, f"producers/{PRODUCER}/"):
        shown = site.doc(prefix + path).find("p", cls="ocop-feeds")
        targets = {urljoin(site.absolute(prefix + path), a.get("href") or "") for a in shown.find_all("a")}
        assert targets == {href for _, href in wanted}
        for target in targets:
            assert (site.site / target.removeprefix(site.site_url)).is_file()


def test_a_page_that_links_feeds_runs_no_theme_script(site: BuildResult) -> None:
    """The theme's script fetches a sitemap beside every <link rel=alternate> it sees, a 404 for a
    feed: the pages that link their producer's feeds are light, their links plain."""
    assert all(kind.light for kind in KINDS.values() if kind.feeds)
    for path in (f"producers/{PRODUCER}/", RECALLED):
        page = site.html(path)
        head = page[: page.index("</head>")]
        assert head.count('type="application/atom+xml"') == 1
        assert "<noscript>" not in head and "assets/javascripts/bundle." not in page
