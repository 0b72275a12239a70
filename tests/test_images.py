"""Photos are published resized and without their metadata (a phone photo's EXIF holds GPS)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from generator.catalog import Media
from generator.images import variants, write_variants

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
    assert write_variants(media, site, cache=None) == 6
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
    cache = tmp_path / "cache"
    assert write_variants(media, tmp_path / "one", cache) == 2
    assert write_variants(media, tmp_path / "two", cache) == 0


def test_a_file_that_is_not_a_photo_is_refused(records) -> None:  # type: ignore[no-untyped-def]
    from generator.loader import load_catalog

    records.minimal()
    records.write("htx-tra-ba-che/media/anh.jpg", text="đây không phải là ảnh")
    records.product(images=["../media/anh.jpg"])
    result = load_catalog(records.products)
    assert [(p.code, p.field) for p in result.errors] == [("media_not_image", "images[0]")]
