"""Photos as published: resized for the web, in WebP with a JPEG fallback, without metadata.

A producer's photo straight from a phone can be 5 MB and carry the farm's GPS position in its
EXIF data. The site never publishes the original: each photo becomes a few widths (never wider
than the original), re-encoded by Pillow, which writes no EXIF, GPS or ICC data unless asked.
Variants are cached by the photo's content, so an unchanged photo is processed once.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from PIL import Image

from ..base.files import Seal
from ..records.catalog import Media
from ..records.media import decoded_image, image_size

WIDTHS = (480, 960, 1600)
FORMATS = {
    "webp": {"quality": 80, "method": 4},
    "jpg": {"quality": 82, "optimize": True, "progressive": True},
}
# The longest side the WebP encoder takes (JPEG's is 65,535): every variant stays within it.
MAX_SIDE = 16383


@dataclass(frozen=True)
class VariantCache:
    """Where resized photos are kept between builds; ``key`` says what they were made with (this
    code and Pillow), so that variants made by other code are made again. A kept variant is
    published only when signed with this runner's key (``Seal``), so never cut short or planted."""

    folder: Path
    key: str
    seal: Seal = field(default=None)  # type: ignore[assignment]  # by default, the folder's

    def __post_init__(self) -> None:
        if self.seal is None:
            object.__setattr__(self, "seal", Seal.beside(self.folder))


@dataclass(frozen=True)
class Variant:
    site_path: str
    width: int
    height: int
    format: str


def _fitted(width: int, height: int, wanted: int) -> tuple[int, int]:
    """The size of a variant ``wanted`` pixels wide, narrower if it would be taller than an
    encoder takes (a photo of a long banner, stood up), never less than a pixel."""
    if height * wanted > MAX_SIDE * width:
        wanted = max(1, width * MAX_SIDE // height)
    return wanted, min(MAX_SIDE, max(1, round(height * wanted / width)))


@cache  # a product's cover appears on its pages, its batches' and every listing
def variants(media: Media) -> tuple[Variant, ...]:
    """Every published file of a photo, smallest first, WebP and JPEG for each width."""
    # Measured with its records (catalog.py); a photo given without its size is measured now.
    width, height = media.size or image_size(media.source)
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    sizes = sorted({_fitted(width, height, w) for w in widths})
    stem = str(PurePosixPath(media.site_path).with_suffix(""))
    return tuple(Variant(f"{stem}-{w}.{fmt}", w, h, fmt) for w, h in sizes for fmt in FORMATS)


def largest_jpeg(media: Media) -> Variant:
    return [v for v in variants(media) if v.format == "jpg"][-1]


def write_variants(media: Media, write: Callable[[str, bytes], None], cache: VariantCache | None) -> int:
    """Write the photo's variants with ``write`` (a site path, the file's bytes); returns how
    many had to be made."""
    digest = hashlib.sha256(cache.key.encode() if cache else b"")
    digest.update(media.source.read_bytes())
    name = digest.hexdigest()
    missing: list[tuple[Variant, Path | None]] = []
    for variant in variants(media):
        cached = cache.folder / name[:2] / f"{name}-{variant.width}.{variant.format}" if cache else None
        if cache and cached and (kept := cache.seal.read(cached)) is not None:
            write(variant.site_path, kept)
        else:
            missing.append((variant, cached))
    if not missing:
        return 0
    largest = max(missing, key=lambda m: m[0].width)[0]
    image = decoded_image(media.source, largest.width, largest.height)
    # Largest first, each width resized from the one before, both formats from one resize:
    # resizing from a phone's full photo for every variant took three quarters of the time.
    for variant, cached in sorted(missing, key=lambda m: -m[0].width):
        if image.size != (variant.width, variant.height):
            image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        encoded = io.BytesIO()
        image.save(encoded, format="WEBP" if variant.format == "webp" else "JPEG", **FORMATS[variant.format])
        write(variant.site_path, encoded.getvalue())
        if cache and cached:
            cache.seal.write(cached, encoded.getvalue())
    return len(missing)
