"""Photos are published resized and without their metadata (a phone photo's EXIF holds GPS)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.build.output import Output
from generator.records.catalog import Media
from generator.site.images import VariantCache, variants, write_variants

from .conftest import TODAY
from .sitebuild import SAMPLE_PRODUCTS, build_site

GPS_IFD = 0x8825


def phone_photo(path: Path, size: tuple[int, int] = (2400, 1800)) -> Path:
    image = Image.new("RGB", size, (200, 160, 40))
    exif = Image.Exif()
    exif[0x010F] = "Điện thoại của hợp tác xã"  # camera maker
    exif[GPS_IFD] = {1: "N", 2: (21.0, 16.0, 30.0), 3: "E", 4: (107.0, 20.0, 10.0)}
    image.save(path, format="JPEG", exif=exif)
    assert Image.open(path).getexif().get(GPS_IFD) is not None  # the test photo does carry GPS
    return path


def test_published_sizes_carry_no_exif_or_gps(tmp_path: Path) -> None:
    media = Media(phone_photo(tmp_path / "tra-hoa-vang.jpg"), "media/htx/media/tra-hoa-vang.jpg")
    site = tmp_path / "site"
    assert write_variants(media, Output(site).write, cache=None) == 6
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.*"))
    assert published == [
        f"media/htx/media/tra-hoa-vang-{w}.{fmt}" for w in (1600, 480, 960) for fmt in ("jpg", "webp")
    ]
    for file in site.rglob("*.*"):
        with Image.open(file) as image:
            assert not image.getexif(), f"{file.name} still carries metadata"
            assert image.width in (480, 960, 1600)
    assert not (site / media.site_path).exists(), "the original is never published"


def test_small_photos_are_never_enlarged_and_cache_is_reused(tmp_path: Path) -> None:
    media = Media(phone_photo(tmp_path / "logo.jpg", (300, 300)), "media/htx/media/logo.jpg")
    assert [(v.width, v.format) for v in variants(media)] == [(300, "webp"), (300, "jpg")]
    cache = VariantCache(tmp_path / "cache", "tests")
    assert write_variants(media, Output(tmp_path / "one").write, cache) == 2
    assert write_variants(media, Output(tmp_path / "two").write, cache) == 0
    other_code = VariantCache(tmp_path / "cache", "other code")
    assert write_variants(media, Output(tmp_path / "three").write, other_code) == 2


def test_a_file_that_is_not_a_photo_is_refused(records) -> None:  # type: ignore[no-untyped-def]
    from generator.records.loader import load_catalog

    records.minimal()
    records.write("htx-tra-ba-che/media/anh.jpg", text="đây không phải là ảnh")
    records.product(images=["../media/anh.jpg"])
    result = load_catalog(records.products, today=TODAY)
    assert [(p.code, p.field) for p in result.errors] == [("media_not_image", "images[0]")]


def test_a_phone_photo_taken_upright_is_published_upright(tmp_path: Path) -> None:
    """Phones store a portrait photo lying on its side and say so in EXIF (orientation 6)."""
    stored = Image.new("RGB", (4000, 3000), (255, 255, 255))
    stored.paste((200, 30, 30), (0, 0, 400, 3000))  # a red band on the left of the stored image…
    exif = Image.Exif()
    exif[0x0112] = 6  # …which a viewer turns clockwise: the band ends up on top
    stored.save(tmp_path / "chai-nuoc-mam.jpg", format="JPEG", exif=exif)
    media = Media(tmp_path / "chai-nuoc-mam.jpg", "media/htx/media/chai-nuoc-mam.jpg")
    site = tmp_path / "site"
    assert write_variants(media, Output(site).write, cache=None) == 6
    for variant in variants(media):
        with Image.open(site / variant.site_path) as image:
            assert image.size == (variant.width, variant.height)
            assert image.height > image.width, f"{variant.site_path} is not upright"
            pixels = image.convert("RGB")
            top = pixels.getpixel((image.width // 2, 5))
            bottom = pixels.getpixel((image.width // 2, image.height - 5))
            assert top[0] > 150 and top[1] < 90, f"{variant.site_path}: the band is not on top"
            assert min(bottom) > 200


def test_a_transparent_logo_is_published_on_white(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    logo.paste((20, 90, 40, 255), (200, 100, 400, 300))
    logo.save(tmp_path / "logo.png")
    media = Media(tmp_path / "logo.png", "media/htx/media/logo.png")
    write_variants(media, Output(tmp_path / "site").write, cache=None)
    for variant in variants(media):
        with Image.open(tmp_path / "site" / variant.site_path) as image:
            corner = image.convert("RGB").getpixel((2, 2))
            assert min(corner) > 240, f"{variant.site_path}: the transparent corner is {corner}"


def test_a_replaced_photo_brings_its_own_size_and_an_unchanged_build_opens_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with nothing changed opens no photo (their sizes are kept with the checked
    records: a national catalog has tens of thousands). A producer who replaces a product's
    photo by an upright one of the same name sees it at its own size at the next build, in the
    same process, as `serve` builds again."""
    products = tmp_path / "products"
    shutil.copytree(SAMPLE_PRODUCTS, products)
    build_site(tmp_path, products)

    def opened(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a photo was opened: {args[0]}")

    with monkeypatch.context() as patch:
        patch.setattr(Image, "open", opened)
        build_site(tmp_path, products)

    phone_photo(products / "cty-lam-san-dap-thanh" / "media" / "tra-hoa-vang.jpg", (600, 800))
    site = build_site(tmp_path, products).site
    page = (site / "p/tra-hoa-vang-ba-che/index.html").read_text(encoding="utf-8")
    assert 'tra-hoa-vang-600.jpg" srcset=' in page and 'width="600" height="800"' in page
    assert "tra-hoa-vang-960.jpg" not in page
    with Image.open(site / "media/cty-lam-san-dap-thanh/media/tra-hoa-vang-600.jpg") as published:
        assert published.size == (600, 800)
