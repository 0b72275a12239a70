"""The pages without Material's script (listings, product, producer and trace pages, the home
page) load its stylesheet cut down to what they can use
(generator/build/lightcss.py): a consumer's first visit downloads a fraction of it, and the page
looks, pixel for pixel, as it did with the whole of it, on a phone and a desktop, with the menu
or the search open, with a search's results, and printed."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.build import lightcss
from generator.build.lightcss import cut_down

from .browsing import CHROMIUM, DESKTOP, PHONE, Served
from .conftest import Records
from .sitebuild import NO_LEDGER, build_site, hostile_site, sample_site
from .test_search import search

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TRACE = "p/che-duong-hoa/DH-2608/"  # a recalled batch: its warning is the page's first block
PRODUCT = "p/tra-hoa-vang-ba-che/"
PRODUCER = "producers/cty-thuan-quynh/"
CATALOG = "catalog/"  # the engine renders it (it is in the navigation), not a shell
LISTING = "catalog/group/food/"
LIGHT = "stylesheets/light.css"
OWN = "stylesheets/ocop.css"


def stylesheets(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="(?:\.\./)*([^"]+)"', page)


def material_stylesheet(site: Path) -> Path:
    return next(site.glob("assets/stylesheets/main.*.min.css"))


@pytest.mark.parametrize(
    "path",
    [TRACE, "en/" + TRACE, PRODUCT, "en/" + PRODUCT, PRODUCER, "en/" + PRODUCER, CATALOG, LISTING, "", "en/"],
)
def test_a_light_page_loads_the_cut_down_stylesheet(
    tmp_path_factory: pytest.TempPathFactory, path: str
) -> None:
    site = sample_site(tmp_path_factory).site
    # One stylesheet, which holds what the page uses of the site's own too.
    assert stylesheets((site / path / "index.html").read_text(encoding="utf-8")) == [LIGHT]
    # Every other page keeps Material's and the site's own.
    other = (site / "stats/index.html").read_text(encoding="utf-8")
    assert stylesheets(other)[0].startswith("assets/stylesheets/main.") and OWN in stylesheets(other)
    light = (site / LIGHT).read_text(encoding="utf-8")
    whole = material_stylesheet(site).read_text(encoding="utf-8") + (site / OWN).read_text(encoding="utf-8")
    assert len(gzip.compress(light.encode())) < 0.45 * len(gzip.compress(whole.encode()))
    # It moved from Material's folder: nothing in it may point at a file beside it.
    assert re.findall(r"url\((?![\"']?data:)", light) == []


def test_no_record_changes_the_stylesheet(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The hostile catalog's records are full of markup and class names; the stylesheet is cut
    # by the words of the shells and templates alone.
    sample, hostile = sample_site(tmp_path_factory).site, hostile_site(tmp_path_factory).site
    assert (sample / LIGHT).read_bytes() == (hostile / LIGHT).read_bytes()


def test_a_build_with_the_same_theme_takes_the_stylesheet_it_cut_before(
    tmp_path: Path, records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "first", records.minimal().products, cache_dir=cache, ledger=NO_LEDGER)

    def cut_again(*_: object) -> str:
        raise AssertionError("the stylesheet was cut again")

    monkeypatch.setattr(lightcss, "light_stylesheet", cut_again)
    second = build_site(tmp_path / "second", records.products, cache_dir=cache, ledger=NO_LEDGER)
    assert (second.site / LIGHT).read_bytes() == (first.site / LIGHT).read_bytes()


def test_a_site_without_records_yet_has_the_stylesheet_its_home_page_links(tmp_path: Path) -> None:
    products = tmp_path / "products"
    products.mkdir()
    site = build_site(tmp_path / "build", products, ledger=NO_LEDGER).site
    assert stylesheets((site / "index.html").read_text(encoding="utf-8")) == [LIGHT]
    assert "md-header" in (site / LIGHT).read_text(encoding="utf-8")


def test_what_may_apply_is_kept_and_what_cannot_goes() -> None:
    css = (
        ":root{--used:red;--unused:url(x.svg);--via:var(--used)}"
        ".md-header{color:var(--via)}.md-tabs{color:blue}"
        "[dir=rtl] .md-header{margin:0}[dir=ltr] .md-header{margin:1px}"
        ".md-nav:not(.md-tabs){display:block}a,.md-tabs .x{color:green}"
        "@media print{.md-tabs{display:none}.md-header{display:none}}"
        "@keyframes spin{to{transform:rotate(1turn)}}@keyframes fade{to{opacity:0}}"
        ".md-nav{animation:spin 1s}"
    )
    kept = cut_down(css, {"md-header", "md-nav", "dir", "ltr"}, "")
    assert kept == (
        ":root{--used:red;--via:var(--used)}.md-header{color:var(--via)}"
        "[dir=ltr] .md-header{margin:1px}.md-nav:not(.md-tabs){display:block}a{color:green}"
        "@media print{.md-header{display:none}}"
        "@keyframes spin{to{transform:rotate(1turn)}}.md-nav{animation:spin 1s}"
    )
    # A custom property read elsewhere (by the site's own stylesheet) stays.
    assert "--unused" in cut_down(css, {"md-header"}, ".ocop{background:var(--unused)}")


@pytest.mark.parametrize(
    ("rule", "kept"),
    [
        ("p{margin:0}", True),  # elements: a story's markup varies
        ("[href^=https]{color:red}", True),  # a prefix asks for the attribute only
        ("[lang=zh]{color:red}", False),  # a whole value asks for the value too
        ('[data-md-toggle="search"]:checked~.md-header{color:red}', True),
        (".md-header :is(.md-tabs,.md-nav){color:red}", True),  # alternatives: kept, unread
        ("#__drawer{color:red}", True),
        ("#__palette{color:red}", False),
        ("@supports (display:grid){.md-tabs{display:grid}}", False),
        ("@supports (display:grid){.md-nav{display:grid}}", True),
    ],
)
def test_a_selector_is_kept_when_the_pages_can_match_it(rule: str, kept: bool) -> None:
    words = {"md-header", "md-nav", "href", "https", "lang", "vi", "data-md-toggle", "search", "__drawer"}
    assert (cut_down(rule, words, "") != "") == kept


# In the browser ---------------------------------------------------------------------------

STILL = "*,*::before,*::after{transition:none!important;animation:none!important}"
# Each photo loaded and decoded (a loaded one may still be drawn a frame later).
ALL_PHOTOS = """Promise.all([...document.images].map(image => {
  image.loading = "eager";
  return image.decode().catch(() => null);
}))"""
LOOKS = [
    (TRACE, PHONE, "plain"),
    (TRACE, PHONE, "drawer"),
    (TRACE, PHONE, "search"),
    ("en/" + TRACE, DESKTOP, "plain"),
    ("en/" + TRACE, DESKTOP, "print"),
    (PRODUCT, PHONE, "search"),
    (PRODUCT, DESKTOP, "plain"),
    ("en/" + PRODUCT, DESKTOP, "search"),
    ("en/" + PRODUCT, PHONE, "plain"),
    (PRODUCER, PHONE, "drawer"),
    ("en/" + PRODUCER, DESKTOP, "plain"),
    (CATALOG, PHONE, "plain"),
    (CATALOG, DESKTOP, "plain"),
    ("en/" + LISTING, PHONE, "drawer"),
    ("en/" + LISTING, DESKTOP, "plain"),
    ("", PHONE, "plain"),  # the home page, hand-written: no theme script, says its front matter
    ("en/", DESKTOP, "drawer"),
    ("contribute/editor/", PHONE, "plain"),
    (PRODUCT, PHONE, "results"),
    ("en/" + PRODUCT, DESKTOP, "results"),
]
TYPED = {"": "tra hoa vang", "en/": "camellia"}  # what the results are asked for, by language


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"headless Chromium is not installed at {CHROMIUM}")
@pytest.mark.parametrize(("path", "viewport", "state"), LOOKS)
def test_a_light_page_looks_as_it_did_with_the_whole_stylesheet(
    browser: Browser, sample: Served, shots: Path, path: str, viewport: dict[str, int], state: str
) -> None:
    site = sample.build.site
    whole = material_stylesheet(site).read_text(encoding="utf-8") + (site / OWN).read_text(encoding="utf-8")

    def screenshot(stylesheet: str | None) -> bytes:
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            if stylesheet is not None:
                page.route(
                    f"**/{LIGHT}", lambda route: route.fulfill(body=stylesheet, content_type="text/css")
                )
            page.goto(sample.url(path), wait_until="load")
            page.add_style_tag(content=STILL)  # both as they end up, not halfway through a transition
            if state in ("drawer", "search"):
                page.locator(f"#__{state}").evaluate("toggle => { toggle.checked = true }")
            if state == "print":
                page.emulate_media(media="print")
            if state == "results":
                assert search(page, TYPED[path.removesuffix(PRODUCT)])
            # Every photo drawn, not those the full-page capture happened to scroll into view.
            page.evaluate(ALL_PHOTOS)
            page.wait_for_load_state("networkidle")
            return page.screenshot(full_page=True)
        finally:
            context.close()

    # A difference the stylesheet makes is there every time; one a busy machine makes (a page's
    # script or a photo a frame late) is not: a pair is taken again, twice at most.
    for _ in range(3):
        light, with_whole = screenshot(None), screenshot(whole)
        if light == with_whole:
            break
    name = f"light-{path.strip('/').replace('/', '-')}-{viewport['width']}-{state}.png"
    (shots / name).write_bytes(light)
    assert light == with_whole, f"{path} at {viewport['width']} px ({state}) differs: see {shots / name}"
