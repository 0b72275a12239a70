"""The benchmark times a build on a disk where nothing was just deleted, as on a fresh runner."""

from __future__ import annotations

from pathlib import Path

from benchmarks.measure import DISCARDED, discard, empty_discarded


def test_what_is_cleared_before_a_build_is_deleted_only_once_nothing_is_timed(tmp_path: Path) -> None:
    site, cache = tmp_path / "300" / "site", tmp_path / "300" / "cache.key"
    (site / "p").mkdir(parents=True)
    (site / "p" / "index.html").write_text("<h1>Trà hoa vàng</h1>", encoding="utf-8")
    cache.write_text("khoá", encoding="utf-8")
    discard(site, cache, tmp_path / "300" / "nothing-here")
    assert not site.exists() and not cache.exists()  # out of the next build's way at once
    aside = tmp_path / "300" / DISCARDED
    assert sorted(path.name.split(".")[0] for path in aside.iterdir()) == ["cache", "site"]
    empty_discarded()
    assert not aside.exists()


def test_what_a_stopped_run_set_aside_is_deleted_by_the_next(tmp_path: Path) -> None:
    left = tmp_path / "1000" / DISCARDED / "site.123"
    left.mkdir(parents=True)
    empty_discarded(tmp_path)
    assert not left.parent.exists()
