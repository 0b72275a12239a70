"""The search index is made while the build writes the catalog's pages: a failure of Pagefind's
still fails the build, in its own words."""

from __future__ import annotations

import gzip
import json
import threading
from pathlib import Path

import pytest

from generator.build import bulk, searchindex

from .conftest import Records
from .sitebuild import NO_LEDGER, BuildFailed, build_site


def test_a_pagefind_that_stops_fails_the_build(
    tmp_path: Path, records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    records.minimal()
    stopping = tmp_path / "pagefind"  # takes the first record, then stops
    stopping.write_text("#!/bin/sh\nhead -c 1 >/dev/null\nexit 3\n", encoding="utf-8")
    stopping.chmod(0o755)
    monkeypatch.setattr(searchindex, "get_executable", lambda: stopping)
    with pytest.raises(BuildFailed, match="ocop: search index: pagefind: pagefind stopped"):
        build_site(tmp_path / "build", records.products, ledger=NO_LEDGER)


def test_both_languages_are_in_each_bundle(tmp_path: Path, records: Records) -> None:
    """Each language is indexed on its own, and the bundle lists both, with all their pages."""
    records.minimal()
    site = build_site(tmp_path / "build", records.products, ledger=NO_LEDGER).site
    for bundle, pages in (("search", 2), ("catalog", 1)):  # search: the product and its producer
        entry = (site / "pagefind" / bundle / "pagefind-entry.json").read_text(encoding="utf-8")
        languages = json.loads(entry)["languages"]
        assert list(languages) == ["vi", "en"]
        assert [languages[code]["page_count"] for code in languages] == [pages, pages]
        for code in languages:
            assert (site / "pagefind" / bundle / f"pagefind.{languages[code]['hash']}.pf_meta").is_file()
            assert any((site / "pagefind" / bundle / "index").glob(f"{code}_*.pf_index"))
        # Every file whole: Pagefind's service left some empty when it wrote them itself.
        for path in (site / "pagefind" / bundle).rglob("*.pf_*"):
            assert gzip.decompress(path.read_bytes()).startswith(b"pagefind_dcd"), path


def test_a_build_that_fails_leaves_no_indexing_behind(
    tmp_path: Path, records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` builds again in the same process, into the same cache: a build that fails while
    Pagefind indexes waits for it before it stops."""
    records.minimal()

    def failing(*args: object) -> None:
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(bulk, "_fill_bodies", failing)
    with pytest.raises(BuildFailed, match="hỏng giữa chừng"):
        build_site(tmp_path / "build", records.products, ledger=NO_LEDGER)
    assert [thread for thread in threading.enumerate() if thread.name == "search index"] == []


def _failing_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stopping = tmp_path / "pagefind"
    stopping.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    stopping.chmod(0o755)
    monkeypatch.setattr(searchindex, "get_executable", lambda: stopping)


def _bundles(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in (site / "pagefind").rglob("*") if path.is_file()}


def test_a_kept_bundle_is_published_as_it_was_made(
    tmp_path: Path, records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A runner that kept the cache but not the last output (a new site folder) publishes the
    bundles the cache keeps, without indexing again: the same bytes, Pagefind's filter and
    metadata files included (it names them anew on every run)."""
    records.minimal()
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "first", records.products, cache_dir=cache, ledger=NO_LEDGER).site
    assert len(list((cache / "search").rglob("*.pack"))) == 2 and not list(cache.rglob("*.pf_*"))
    _failing_pagefind(tmp_path, monkeypatch)  # indexing again would fail the build
    again = build_site(tmp_path / "again", records.products, cache_dir=cache, ledger=NO_LEDGER).site
    assert _bundles(again) == _bundles(first)


def test_a_kept_bundle_that_changed_is_not_published(
    tmp_path: Path, records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the cache keeps is published as it is: a pack changed after it was made (a byte
    flipped on a full disk, a planted file) is indexed again, never copied into the site."""
    records.minimal()
    cache = tmp_path / "cache"
    build_site(tmp_path / "first", records.products, cache_dir=cache, ledger=NO_LEDGER)
    pack = max((cache / "search").rglob("*.pack"), key=lambda path: path.stat().st_size)
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0xFF
    pack.write_bytes(bytes(data))
    _failing_pagefind(tmp_path, monkeypatch)
    with pytest.raises(BuildFailed, match="ocop: search index: pagefind: pagefind stopped"):
        build_site(tmp_path / "again", records.products, cache_dir=cache, ledger=NO_LEDGER)
