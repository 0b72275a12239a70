"""The build's cache is not trusted (issue 14): what it holds is used only when signed with the
runner's own key and whole. A planted pickle never runs, a truncated QR code or photo is never
published; either is made again, as if it had never been kept."""

from __future__ import annotations

import io
import os
import pickle
import stat
import zlib
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader
from jinja2.bccache import Bucket
from PIL import Image

from generator.base.files import KEY_BYTES, Seal, folder_digest, runner_key
from generator.build.output import Output
from generator.build.pagecache import PageCache
from generator.records.catalog import Media
from generator.records.loader import load_catalog
from generator.records.recordcache import RecordCache
from generator.site.images import VariantCache, write_variants
from generator.site.qr import QrCache
from generator.site.render import compiled_templates

from .conftest import SAMPLE_PRODUCTS, TODAY, Records
from .sitebuild import NO_LEDGER, build_site, decode_svg


class Planted:
    """A pickle that creates ``marker`` when it is loaded: what a hostile cache entry would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


def planted(marker: Path) -> bytes:
    return pickle.dumps(Planted(marker))


def test_the_key_is_made_once_beside_the_cache_readable_by_its_owner_only(tmp_path: Path) -> None:
    cache = tmp_path / ".cache" / "ocop"
    key = Seal.beside(cache).key
    key_file = tmp_path / ".cache" / "ocop.key"
    assert len(key) == KEY_BYTES and key_file.read_bytes() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not cache.exists(), "the key is not kept inside the cache"
    assert Seal.beside(cache).key == key


def test_a_key_file_others_can_read_or_write_is_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "ocop.key"
    key_file.write_bytes(b"k" * KEY_BYTES)
    key_file.chmod(0o644)
    assert runner_key(key_file) != b"k" * KEY_BYTES
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    target = tmp_path / "elsewhere"
    target.write_bytes(b"k" * KEY_BYTES)
    target.chmod(0o600)
    key_file.unlink()
    key_file.symlink_to(target)
    assert runner_key(key_file) != b"k" * KEY_BYTES and not key_file.is_symlink()


def test_a_planted_record_cache_entry_is_never_unpickled(tmp_path: Path, records: Records) -> None:
    records.minimal()
    cache_dir, marker = tmp_path / "cache" / "records", tmp_path / "ran"
    first = load_catalog(records.products, today=TODAY, cache=RecordCache(cache_dir, "tests"))
    [entry] = cache_dir.rglob("*.pickle")
    for hostile in (planted(marker), Seal(os.urandom(KEY_BYTES)).key + planted(marker)):
        entry.write_bytes(hostile)
        again = load_catalog(records.products, today=TODAY, cache=RecordCache(cache_dir, "tests"))
        assert not marker.exists(), "a pickle from the cache ran"
        assert again.catalog is not None and first.catalog is not None
        assert [p.id for p in again.catalog.products] == [p.id for p in first.catalog.products]


def test_an_entry_signed_with_another_runners_key_is_a_miss(tmp_path: Path, records: Records) -> None:
    records.minimal()
    cache_dir, marker = tmp_path / "cache" / "records", tmp_path / "ran"
    load_catalog(records.products, today=TODAY, cache=RecordCache(cache_dir, "tests"))
    [entry] = cache_dir.rglob("*.pickle")
    Seal(os.urandom(KEY_BYTES)).write(entry, planted(marker))  # whole, but not by this runner
    assert RecordCache(cache_dir, "tests").get(records.products / "htx-tra-ba-che") is None
    assert load_catalog(records.products, today=TODAY, cache=RecordCache(cache_dir, "tests")).catalog
    assert not marker.exists()


def test_a_planted_page_pack_is_never_unpickled(tmp_path: Path) -> None:
    catalog = load_catalog(SAMPLE_PRODUCTS, today=TODAY).catalog
    assert catalog is not None
    producer, marker = catalog.producers[0], tmp_path / "ran"
    kept = PageCache(tmp_path / "pages", "build 1", catalog.media)
    kept.keep(producer, "p/a/index.html", b"Trang")
    kept.flush()
    [pack] = (tmp_path / "pages").rglob("*.pack")
    pack.write_bytes(planted(marker))
    assert PageCache(tmp_path / "pages", "build 1", catalog.media).get(producer, "p/a/index.html") is None
    assert not marker.exists()


def test_a_truncated_qr_code_is_drawn_again(tmp_path: Path) -> None:
    payload = "https://ocop.example.vn/01/08936041710252/10/QH-2611/"
    first = QrCache(tmp_path / "qr")
    medium, low = first.svg(payload), first.svg(payload, "L")
    first.flush()
    for kept in (tmp_path / "qr").rglob("*.*"):
        kept.write_bytes(kept.read_bytes()[: kept.stat().st_size // 2])
    again = QrCache(tmp_path / "qr")
    assert (again.svg(payload), again.svg(payload, "L")) == (medium, low)
    assert again.made == 2
    assert decode_svg(again.svg(payload)) == [payload]
    last = QrCache(tmp_path / "qr")  # refuses the truncated pack and keeps one code only
    last.svg(payload)
    last.flush()
    assert len(list((tmp_path / "qr").rglob("*.pack"))) == 1, "a truncated pack is replaced, not kept"


def test_a_planted_qr_code_is_never_published(tmp_path: Path) -> None:
    """A pack whose code leads elsewhere, planted in place of a producer's (a pull request
    cannot sign it), is never used, nor is it unpickled."""
    payload, phishing = "https://ocop.example.vn/p/tra/", QrCache(None).svg("https://lua.example/")
    first = QrCache(tmp_path / "qr")
    first.scope("htx-tra-ba-che")
    first.svg(payload)
    first.flush()
    [kept] = (tmp_path / "qr" / "htx-tra-ba-che").iterdir()
    kept.write_bytes(zlib.compress(pickle.dumps({(payload, "svg", "M"): phishing.encode()})))
    again = QrCache(tmp_path / "qr")
    again.scope("htx-tra-ba-che")
    assert decode_svg(again.svg(payload)) == [payload] and again.made == 1


def test_a_truncated_photo_variant_is_made_again(tmp_path: Path) -> None:
    source = tmp_path / "tra.jpg"
    Image.linear_gradient("L").resize((1200, 900)).convert("RGB").save(source, quality=90)
    media = Media(source, "media/htx/media/tra.jpg")
    cache = VariantCache(tmp_path / "images", "tests")
    assert write_variants(media, Output(tmp_path / "one").write, cache) == 6
    for kept in (tmp_path / "images").rglob("*.*"):
        kept.write_bytes(kept.read_bytes()[:100])
    assert write_variants(media, Output(tmp_path / "two").write, cache) == 6
    for published in (tmp_path / "two").rglob("*.*"):
        with Image.open(io.BytesIO(published.read_bytes())) as image:
            image.load()
        assert (
            published.read_bytes()
            == (tmp_path / "one" / published.relative_to(tmp_path / "two")).read_bytes()
        )


def test_planted_compiled_templates_are_never_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "theme"
    templates.mkdir()
    (templates / "page.html").write_text("Xin chào {{ name }}", encoding="utf-8")
    folder = tmp_path / "compiled"
    signed = compiled_templates(folder, "a1" * 32)
    [kept_in] = folder.iterdir()
    # Jinja's own cache writes what a planted file would be: valid code, not signed by us.
    plain = Environment(
        loader=FileSystemLoader(templates), bytecode_cache=FileSystemBytecodeCache(str(kept_in))
    )
    plain.get_template("page.html")
    [plain_file] = kept_in.glob("*.cache")
    loaded: list[str] = []
    original = Bucket.bytecode_from_string
    monkeypatch.setattr(
        Bucket, "bytecode_from_string", lambda self, data: (loaded.append(self.key), original(self, data))[1]
    )
    ours = Environment(loader=FileSystemLoader(templates), bytecode_cache=signed)
    assert ours.get_template("page.html").render(name="Ba Chẽ") == "Xin chào Ba Chẽ"
    assert loaded == [], "an unsigned compiled template was loaded"
    assert plain_file.exists()  # replaced by our own, signed
    again = Environment(
        loader=FileSystemLoader(templates), bytecode_cache=compiled_templates(folder, "a1" * 32)
    )
    assert again.get_template("page.html").render(name="Hạ Long") == "Xin chào Hạ Long"
    assert len(loaded) == 1, "our own signed compiled template is reused"


def test_a_record_folders_digest_follows_what_it_holds_and_nothing_outside(tmp_path: Path) -> None:
    """The record cache is keyed by this digest: it changes with a file's bytes, a file's name
    and a link's target, and never with what a link points to or Python's caches."""
    folder = tmp_path / "htx-tra-ba-che"
    (folder / "tra-hoa-vang" / "batches").mkdir(parents=True)
    (folder / "producer.yml").write_text("name: {vi: HTX Trà Ba Chẽ}\n", encoding="utf-8")
    (folder / "tra-hoa-vang" / "batches" / "BC-01.yml").write_text("lot: BC-01\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("bí mật", encoding="utf-8")
    (folder / "media").symlink_to(outside, target_is_directory=True)
    first = folder_digest(folder)

    (outside / "secret.txt").write_text("bí mật khác", encoding="utf-8")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert folder_digest(folder) == first, "what a link points to, or a cache, changed the digest"

    for change in (
        lambda: (folder / "tra-hoa-vang" / "batches" / "BC-01.yml").write_text("lot: BC-02\n", encoding="utf-8"),
        lambda: (folder / "tra-hoa-vang" / "batches" / "BC-01.yml").rename(folder / "tra-hoa-vang" / "batches" / "BC-02.yml"),
        lambda: ((folder / "media").unlink(), (folder / "media").symlink_to(tmp_path, target_is_directory=True)),
    ):
        before = folder_digest(folder)
        change()
        assert folder_digest(folder) != before


def test_a_cache_of_codes_kept_a_file_each_is_replaced_by_packs(tmp_path: Path, records: Records) -> None:
    """Caches restored from runs before the packs (a file per code, ``qr/``) would otherwise be
    carried from run to run for ever: the build removes them and keeps a pack per producer."""
    records.minimal()
    cache = tmp_path / "cache"
    old = cache / "qr" / "ab" / f"{'ab' * 32}.svg"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"<svg/>")
    build_site(tmp_path / "build", records.products, cache_dir=cache, ledger=NO_LEDGER)
    assert not (cache / "qr").exists()
    # The producer's codes, and those of the whole catalog's pages (its print catalogs).
    assert sorted(pack.parent.name for pack in (cache / "qr-codes").rglob("*.pack")) == ["_site", "htx-tra-ba-che"]
