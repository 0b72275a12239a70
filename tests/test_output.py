"""The output folder: a build without a manifest of the folder's files leaves only its own."""

from __future__ import annotations

from pathlib import Path

from generator.base.files import Seal
from generator.build.output import Output, manifest_path


def test_a_folder_of_unknown_files_keeps_only_what_the_build_made(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    for old in ("p/nuoc-mam-cai-rong/QH-01/index.html", "index.html", "cũ/trang.html"):
        (site / old).parent.mkdir(parents=True, exist_ok=True)
        (site / old).write_text("trang cũ", encoding="utf-8")
    output = Output(site, None)  # no manifest: what the folder holds is unknown
    output.write("index.html", "Sản phẩm OCOP Quảng Ninh")
    output.write("p/tra-hoa-vang-ba-che/index.html", "Trà hoa vàng Ba Chẽ")
    cache.mkdir()
    removed = output.finish(manifest_path(cache, site), Seal.beside(cache))
    assert removed == 2
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "index.html",
        "p/tra-hoa-vang-ba-che/index.html",
    ]
    assert not (site / "cũ").exists() and not (site / "p/nuoc-mam-cai-rong").exists()  # emptied folders go
    assert (site / "index.html").read_text(encoding="utf-8") == "Sản phẩm OCOP Quảng Ninh"


def test_the_next_build_keeps_what_the_manifest_records(tmp_path: Path) -> None:
    """What one build wrote, as its signed manifest records it, the next build finds again: a
    unit made from the same key is kept, an unchanged file is not written, a new one is."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    cache.mkdir()
    manifest, seal = manifest_path(cache, site), Seal.beside(cache)
    first = Output(site, None)
    with first.making("producer htx-tra-ba-che", "khoá 1"):
        first.write("p/tra-hoa-vang-ba-che/index.html", "Trà hoa vàng Ba Chẽ")
        first.write("p/tra-hoa-vang-ba-che/BC-01/index.html", "Lô BC-01")
    with first.making("producer trống", "khoá 2"):
        pass
    first.write("index.html", "Sản phẩm OCOP Quảng Ninh")
    first.finish(manifest, seal)

    second = Output.load(site, manifest, seal)
    assert second.previous is not None
    assert {name: unit.files for name, unit in second.previous.items()} == {
        name: unit.files for name, unit in first.made.items()
    }
    assert second.keep("producer htx-tra-ba-che", "khoá 1") and second.keep("producer trống", "khoá 2")
    second.write("index.html", "Sản phẩm OCOP Quảng Ninh")
    second.write("p/tra-hoa-vang-ba-che/sheet/index.html", "Trà hoa vàng Ba Chẽ (A4)")
    assert second.written == 1
    assert second.finish(manifest, seal) == 0
