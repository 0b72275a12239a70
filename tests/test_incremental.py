"""The everyday build writes only what changed: a sync tool sends a pull request's change, not
the site (build/output.py). Files are compared by their bytes and modification times, as a sync
tool compares them."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .sitebuild import NO_LEDGER, SAMPLE_PRODUCTS, BuildResult, build_site, sample_site

PRODUCER = "cty-lam-san-dap-thanh"
PRODUCT = "tra-hoa-vang-ba-che"
LOT = "THV-2611"
BATCH = f"{PRODUCER}/{PRODUCT}/batches/{LOT}.yml"
MOVED = "cty-thuan-quynh"
RECALLED = f"{MOVED}/che-duong-hoa/batches/DH-2608.yml"

File = tuple[int, int, str]  # size, modification time (ns), digest of the bytes


def files(site: Path) -> dict[str, File]:
    return {
        path.relative_to(site).as_posix(): (
            path.stat().st_size,
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in site.rglob("*")
        if path.is_file()
    }


def rewritten(before: dict[str, File], after: dict[str, File]) -> set[str]:
    """Files written again (a new modification time), new or gone."""
    return {
        path
        for path in before.keys() | after.keys()
        if before.get(path, (0, 0, ""))[:2] != after.get(path, (0, 0, ""))[:2]
    }


@dataclass
class Builds:
    first: BuildResult
    cold: dict[str, File]
    again: dict[str, File]  # nothing changed
    one_batch: dict[str, File]  # one batch's quantity changed
    trace_page: str  # that batch's page after the change
    removed: dict[str, File]  # that batch's record deleted
    renamed: dict[str, File]  # then its product and its producer renamed (in Vietnamese)
    recall_explained: dict[str, File]  # then another batch's recall explained better
    moved: dict[str, File]  # then the recalled batch's producer in another commune


def edit(record: Path, old: str, new: str) -> None:
    """A producer's edit of one passage of a record."""
    text = record.read_text(encoding="utf-8")
    assert old in text, f"{record} no longer says {old!r}"
    record.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The sample catalog built into one folder four times, as a deploy workflow that keeps the
    cache and the previous output builds it (without a ledger, so that a batch may go)."""
    folder = tmp_path_factory.mktemp("incremental")
    products = folder / "products"
    shutil.copytree(SAMPLE_PRODUCTS, products)

    def build() -> tuple[BuildResult, dict[str, File]]:
        result = build_site(folder, products, ledger=NO_LEDGER)
        return result, files(result.site)

    first, cold = build()
    _, again = build()
    edit(products / BATCH, "amount: 450,", "amount: 451,")
    _, one_batch = build()
    trace_page = (first.site / f"p/{PRODUCT}/{LOT}/index.html").read_text(encoding="utf-8")
    (products / BATCH).unlink()
    _, removed = build()
    edit(
        products / PRODUCER / PRODUCT / "product.yml",
        "  vi: Trà hoa vàng Ba Chẽ\n",
        "  vi: Trà hoa vàng rừng Ba Chẽ\n",
    )
    edit(products / PRODUCER / "producer.yml", "Kinh doanh Lâm sản Đạp Thanh", "Lâm sản Đạp Thanh")
    _, renamed = build()
    edit(products / RECALLED, "định kỳ cho thấy", "định kỳ tháng 10 cho thấy")
    _, recall_explained = build()
    edit(products / MOVED / "producer.yml", "commune: xã Đường Hoa", "commune: xã Kỳ Thượng")
    _, moved = build()
    return Builds(first, cold, again, one_batch, trace_page, removed, renamed, recall_explained, moved)


def test_a_build_of_unchanged_records_writes_nothing(builds: Builds) -> None:
    assert rewritten(builds.cold, builds.again) == set()


def test_one_batch_changed_rewrites_its_own_pages_and_nothing_else(builds: Builds) -> None:
    changed = rewritten(builds.again, builds.one_batch)
    # Its trace page in both languages and its EPCIS document; the product page, the listings
    # and the open data do not show a batch's quantity, so they keep their bytes and their time.
    assert changed == {
        f"p/{PRODUCT}/{LOT}/index.html",
        f"en/p/{PRODUCT}/{LOT}/index.html",
        f"p/{PRODUCT}/{LOT}/epcis.json",
    }
    for path in changed:
        assert builds.again[path][2] != builds.one_batch[path][2], f"{path} was written with the same bytes"
    assert "451" in builds.trace_page


def test_only_that_producer_and_the_shared_files_are_written_when_a_batch_goes(builds: Builds) -> None:
    changed = rewritten(builds.one_batch, builds.removed)
    # The listings, the home page's and the figures' counts, the open data, search and sitemaps.
    shared = ("catalog/", "print/", "index.html", "stats/", "data/", "pagefind/", "sitemap", "feeds/", "_")
    for path in changed:
        neutral = path.removeprefix("en/")
        assert neutral.startswith((f"p/{PRODUCT}/", f"producers/{PRODUCER}/", *shared)), path


def test_a_removed_batch_takes_its_files_with_it(builds: Builds) -> None:
    gone = set(builds.one_batch) - set(builds.removed)
    assert {f"p/{PRODUCT}/{LOT}/index.html", f"en/p/{PRODUCT}/{LOT}/index.html"} <= gone
    assert all(f"/{LOT}/" in path or path.startswith("pagefind/") for path in gone), gone
    assert not (builds.first.site / f"p/{PRODUCT}/{LOT}").exists()  # nor is its folder left empty
    assert f"p/{PRODUCT}/index.html" in builds.removed


def test_two_builds_of_the_same_records_are_byte_identical(
    builds: Builds, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The first build of the module against the session's build of the sample: each from its
    own empty cache, in its own folders. Pagefind writes its filter and metadata indexes
    differently on every run (its issue #638, still so in 1.5): those few files of a search
    bundle differ, and the cache keeps them from one build to the next (the tests above)."""
    other = sample_site(tmp_path_factory)
    theirs = {path: digest for path, (_, _, digest) in files(other.site).items()}
    ours = {path: digest for path, (_, _, digest) in builds.cold.items()}
    differ = {path for path in theirs.keys() | ours.keys() if theirs.get(path) != ours.get(path)}
    for path in differ:
        name = path.rsplit("/", 1)[-1]
        assert path.startswith("pagefind/"), path
        assert name.endswith((".pf_filter", ".pf_meta")) or name == "pagefind-entry.json", path
    assert {path for path in theirs if path.startswith("pagefind/")} - differ, "every file of search differs"


def search_results(site: Path) -> dict[str, str]:
    """What search shows for each page it finds (its title), as the browser reads it from
    Pagefind's fragments: gzip, then a signature, then JSON."""
    found = {}
    for fragment in (site / "pagefind/search/fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data["meta"]["title"]
    return found


def test_a_renamed_product_rewrites_the_listings_that_show_it_and_no_other(builds: Builds) -> None:
    changed = rewritten(builds.removed, builds.renamed)
    listings = {path for path in changed if path.removeprefix("en/").startswith(("catalog/", "print/"))}
    # The catalog, its group, stars and commune listings and their print catalogs, in
    # Vietnamese: the English name did not change, and the English listings are kept.
    assert {"catalog/index.html", "print/index.html"} <= listings
    assert not {path for path in listings if path.startswith("en/")}, listings
    for kind in ("group", "stars", "commune"):
        shown = {path for path in listings if path.startswith(f"catalog/{kind}/")}
        assert len(shown) == 1, shown
        assert "Trà hoa vàng rừng Ba Chẽ" in (builds.first.site / shown.pop()).read_text("utf-8")
    others = {
        path for path in builds.renamed if path.startswith(("catalog/group/", "catalog/commune/"))
    } - listings
    assert others, "the sample has one group and one commune only"
    assert not others & changed, "a listing without the product was written"


def test_search_finds_a_renamed_product_by_its_new_name(builds: Builds) -> None:
    found = search_results(builds.first.site)
    assert found[f"p/{PRODUCT}/"] == "Trà hoa vàng rừng Ba Chẽ"
    assert found[f"en/p/{PRODUCT}/"] == "Ba Chẽ golden camellia tea"
    # The others' records come from the previous build, kept with their producers' files.
    assert found["en/p/ba-kich-tim-say-kho/"] == "Dried purple morinda root"


def test_the_open_data_follows_a_renamed_product_and_a_removed_batch(builds: Builds) -> None:
    # Both documents are kept while no producer's part of them changed (the batch's quantity is
    # in neither), and made again when one did.
    assert not {"data/catalog.json", "data/products.csv"} & rewritten(builds.again, builds.one_batch)
    assert {"data/catalog.json", "data/products.csv"} <= rewritten(builds.one_batch, builds.removed)
    assert {"data/catalog.json", "data/products.csv"} <= rewritten(builds.removed, builds.renamed)
    site = builds.first.site
    catalog = json.loads((site / "data/catalog.json").read_text(encoding="utf-8"))
    product = next(p for p in catalog["products"] if p["id"] == PRODUCT)
    assert product["name"]["vi"] == "Trà hoa vàng rừng Ba Chẽ"
    assert LOT not in product["batches"]
    assert not [b for b in catalog["batches"] if b["lot"] == LOT]
    assert "Trà hoa vàng rừng Ba Chẽ" in (site / "data/products.csv").read_text(encoding="utf-8")


def test_the_sitemap_is_kept_until_a_page_comes_or_goes(builds: Builds) -> None:
    sitemaps = {path for path in builds.removed if path.startswith("sitemaps/")}
    assert sitemaps
    assert not sitemaps & rewritten(builds.again, builds.one_batch)
    assert sitemaps & rewritten(builds.one_batch, builds.removed)
    listed = "".join((builds.first.site / path).read_text(encoding="utf-8") for path in sitemaps)
    assert f"/p/{PRODUCT}/" in listed
    assert f"/p/{PRODUCT}/{LOT}/" not in listed


def test_the_index_of_producers_follows_a_renamed_producer(builds: Builds) -> None:
    # Kept as it was while no producer's or product's record changed (a batch is not on it).
    assert "producers/index.html" not in rewritten(builds.again, builds.one_batch)
    changed = rewritten(builds.removed, builds.renamed)
    assert "producers/index.html" in changed
    assert "en/producers/index.html" not in changed  # its English name is as it was
    index = (builds.first.site / "producers/index.html").read_text(encoding="utf-8")
    assert "Công ty Cổ phần Lâm sản Đạp Thanh" in index
    assert "Kinh doanh Lâm sản" not in index


def test_the_figures_and_the_feeds_of_recalls_follow_a_recall(builds: Builds) -> None:
    # Kept while no batch's status changed (a quantity is in neither)...
    figures = {"stats/index.html", "en/stats/index.html", "data/stats.json", "feeds/recalls.xml"}
    assert not figures & rewritten(builds.again, builds.one_batch)
    # ...and made again when a recall says more: the page and the feeds show its reason.
    changed = rewritten(builds.renamed, builds.recall_explained)
    assert {"stats/index.html", "feeds/recalls.xml", "feeds/recalls.json"} <= changed
    assert "data/stats.json" not in changed  # it counts recalls, without their reasons
    site = builds.first.site
    for path in ("stats/index.html", "feeds/recalls.xml"):
        assert "định kỳ tháng 10 cho thấy" in (site / path).read_text(encoding="utf-8"), path


def test_the_index_of_communes_follows_a_producer_that_moved(builds: Builds) -> None:
    index = "catalog/commune/index.html"
    assert index not in rewritten(builds.again, builds.one_batch)
    assert {index, f"en/{index}"} <= rewritten(builds.recall_explained, builds.moved)
    # Its only producer gone, Đường Hoa has no listing left, and the index no link to one.
    assert 'href="xa-duong-hoa/"' not in (builds.first.site / index).read_text(encoding="utf-8")
    assert not (builds.first.site / "catalog/commune/xa-duong-hoa").exists()
