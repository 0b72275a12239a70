"""Photos as published: resized for the web, in WebP with a JPEG fallback, without metadata.

A producer's photo straight from a phone can be 5 MB and carry the farm's GPS position in its
EXIF data. The site never publishes the original: each photo becomes a few widths (never wider
than the original), re-encoded by Pillow, which writes no EXIF, GPS or ICC data unless asked.
Variants are cached by the photo's content, so an unchanged photo is processed once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

from ..base.files import write_atomically
from ..records.catalog import Media

WIDTHS = (480, 960, 1600)
FORMATS = {
    "webp": {"quality": 80, "method": 4},
    "jpg": {"quality": 82, "optimize": True, "progressive": True},
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class VariantCache:
    """Where resized photos are kept between builds; ``key`` says what they were made with (this
    code and Pillow), so that variants made by other code are made again."""

    folder: Path
    key: str


@dataclass(frozen=True)
class Variant:
    site_path: str
    width: int
    height: int
    format: str


def is_image(media: Media) -> bool:
    return PurePosixPath(media.site_path).suffix.lower() in IMAGE_SUFFIXES


@cache
def _size(source: Path) -> tuple[int, int]:
    with Image.open(source) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)  # rotated by EXIF


@cache  # a product's cover appears on its pages, its batches' and every listing
def variants(media: Media) -> tuple[Variant, ...]:
    """Every published file of a photo, smallest first, WebP and JPEG for each width."""
    width, height = _size(media.source)
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    stem = str(PurePosixPath(media.site_path).with_suffix(""))
    return tuple(
        Variant(f"{stem}-{w}.{fmt}", w, round(height * w / width), fmt)
        for w in sorted(set(widths))
        for fmt in FORMATS
    )


def largest_jpeg(media: Media) -> Variant:
    return [v for v in variants(media) if v.format == "jpg"][-1]


def _decoded(source: Path, width: int, height: int) -> Image.Image:
    """The photo upright (as EXIF says), on white (JPEG has no transparency, and a logo's
    transparent background would otherwise turn black), at least ``width`` x ``height`` upright.

    A JPEG is decoded by libjpeg at a half, a quarter or an eighth of its size when that is still
    large enough: a 12-megapixel phone photo at 2000 x 1500 instead of 4000 x 3000, four times
    fewer pixels to decode and resize."""
    with Image.open(source) as opened:
        turned = opened.getexif().get(0x0112, 1) in (5, 6, 7, 8)
        opened.draft(None, (height, width) if turned else (width, height))  # JPEG only
        image = ImageOps.exif_transpose(opened).convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def write_variants(media: Media, site_dir: Path, cache: VariantCache | None) -> int:
    """Write the photo's variants into ``site_dir``; returns how many had to be made."""
    digest = hashlib.sha256(cache.key.encode() if cache else b"")
    digest.update(media.source.read_bytes())
    name = digest.hexdigest()
    missing: list[tuple[Variant, Path, Path | None]] = []
    for variant in variants(media):
        target = site_dir / variant.site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = cache.folder / name[:2] / f"{name}-{variant.width}.{variant.format}" if cache else None
        if cached and cached.is_file():
            target.write_bytes(cached.read_bytes())
        else:
            missing.append((variant, target, cached))
    if not missing:
        return 0
    largest = max(missing, key=lambda m: m[0].width)[0]
    image = _decoded(media.source, largest.width, largest.height)
    # Largest first, each width resized from the one before, both formats from one resize:
    # resizing from a phone's full photo for every variant took three quarters of the time.
    for variant, target, cached in sorted(missing, key=lambda m: -m[0].width):
        if image.size != (variant.width, variant.height):
            image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        image.save(target, format="WEBP" if variant.format == "webp" else "JPEG", **FORMATS[variant.format])
        if cached:
            write_atomically(cached, target.read_bytes())
    return len(missing)
