"""Pages kept between builds, shared texts and compiled templates."""

from __future__ import annotations

import itertools
from pathlib import Path

from generator.build.pagecache import PageCache
from generator.records.loader import load_catalog
from generator.site.render import compiled_templates

from .conftest import SAMPLE_PRODUCTS, TODAY


def test_page_cache_gives_back_what_an_earlier_build_kept_and_forgets_a_damaged_pack(tmp_path: Path) -> None:
    catalog = load_catalog(SAMPLE_PRODUCTS, today=TODAY).catalog
    assert catalog is not None
    first, second = catalog.producers[:2]
    kept = PageCache(tmp_path, "build 1", catalog.media)
    kept.keep(first, "p/a/index.html", "Trang sản phẩm".encode())
    kept.keep(first, "en/p/a/index.html", b"Product page")
    kept.keep(second, "p/b/index.html", b"second")  # moving on writes the first producer's pack
    kept.flush()

    later = PageCache(tmp_path, "build 1", catalog.media)
    assert later.get(first, "p/a/index.html") == "Trang sản phẩm".encode()
    assert later.get(first, "p/x/index.html") is None
    assert later.get(second, "p/b/index.html") == b"second"
    assert later.reused == 2
    # Another build (templates, settings) keys its pages apart.
    assert PageCache(tmp_path, "build 2", catalog.media).get(first, "p/a/index.html") is None

    for pack in (tmp_path / first.id).rglob("*.pack"):
        pack.write_bytes(pack.read_bytes()[:10])
    assert PageCache(tmp_path, "build 1", catalog.media).get(first, "p/a/index.html") is None


def test_records_loaded_share_the_equal_texts_of_a_producers_batches() -> None:
    """Batches of a product repeat their origin, places and notes: loaded, each text is one
    object (memory at national scale), still equal to what every batch says."""
    catalog = load_catalog(SAMPLE_PRODUCTS, today=TODAY).catalog
    assert catalog is not None
    batches = [b for product in catalog.products for b in product.batches]
    pairs = [(a, b) for a, b in itertools.pairwise(batches) if a.product is b.product]
    equal = [(a, b) for a, b in pairs if a.record.origin.area == b.record.origin.area]
    assert equal, "the sample has batches of one product from the same area"
    assert all(a.record.origin.area is b.record.origin.area for a, b in equal)


def test_compiled_templates_are_kept_apart_for_each_version_of_what_compiles_them(tmp_path: Path) -> None:
    """Jinja recompiles a template whose source changed, not one whose environment's options did."""
    folder = tmp_path / "templates"
    compiled_templates(folder, "a1" * 32)
    first = [p.name for p in folder.iterdir()]
    compiled_templates(folder, "a1" * 32)
    assert [p.name for p in folder.iterdir()] == first
    compiled_templates(folder, "b2" * 32)
    second = [p.name for p in folder.iterdir()]
    assert len(first) == len(second) == 1 and first != second  # the other version's are gone
