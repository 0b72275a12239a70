"""Producers' photos and documents, read only as what their names say they are.

Pillow recognises a file by its content, whatever its name: a file named ``.png`` that holds
PostScript would go to Ghostscript where it is installed (PostScript is a programming language,
and Ghostscript has a history of sandbox escapes), and other contents to decoders nobody meant to
run. So a photo is opened only by the decoder its suffix names, its pixels are counted before any
is decoded, and validation decodes it all the way, as the build does, so that a truncated or
damaged file is refused with its record's line rather than stopping the build. A document is a
PDF only when it begins as one; a ``.pdf`` holding a web page would be published as it is.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from .schema import IMAGE_FORMATS
from .texts import Texts

# A 50-megapixel phone photo is the largest worth taking (it is refused over 10 MB anyway); a
# small file can claim far more, and decoding 13,000 x 13,000 pixels took 1.7 GB and 11 s.
MAX_IMAGE_PIXELS = 50_000_000
PDF_SIGNATURE = b"%PDF-"  # how every PDF file begins (ISO 32000)
_TURNED = (5, 6, 7, 8)  # EXIF orientations of a photo stored on its side


class MediaProblem(Exception):
    """A media file the site cannot publish; ``code`` keys the bilingual message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@contextmanager
def opened_image(path: Path) -> Iterator[Image.Image]:
    """The photo at ``path`` opened by the decoder of the format its suffix names and no other,
    its pixels counted but not decoded yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # counted below
            image = Image.open(path, formats=[IMAGE_FORMATS[path.suffix.lower()]])
    except Image.DecompressionBombError as error:  # Pillow's own limit, far above ours
        over = 2 * (Image.MAX_IMAGE_PIXELS or 0) // 10**6
        pixels = Texts(vi=f"hơn {over} triệu", en=f"over {over} million")
        raise MediaProblem("media_too_many_pixels", pixels=pixels, limit=MAX_IMAGE_PIXELS // 10**6) from error
    except Exception as error:  # Pillow raises many kinds of errors on what it cannot read
        raise _not_an_image(path) from error
    with image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise MediaProblem(
                "media_too_many_pixels",
                pixels=f"{image.width}×{image.height}",
                limit=MAX_IMAGE_PIXELS // 10**6,
            )
        yield image


def upright_size(image: Image.Image) -> tuple[int, int]:
    """Width and height of the photo as shown, turned as its EXIF data says."""
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112, 1) in _TURNED else (width, height)


def decoded_image(path: Path, width: int, height: int) -> Image.Image:
    """The photo upright (as EXIF says), on white (JPEG has no transparency, and a logo's
    transparent background would otherwise turn black), at least ``width`` x ``height`` upright.

    A JPEG is decoded by libjpeg at a half, a quarter or an eighth of its size when that is still
    large enough: a 12-megapixel phone photo at 2000 x 1500 instead of 4000 x 3000, four times
    fewer pixels to decode and resize."""
    with opened_image(path) as opened:
        turned = opened.getexif().get(0x0112, 1) in _TURNED
        opened.draft(None, (height, width) if turned else (width, height))  # JPEG only
        image = ImageOps.exif_transpose(opened).convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def image_size(path: Path) -> tuple[int, int]:
    """The upright size of the photo at ``path``, read as far as its EXIF data, not decoded."""
    with opened_image(path) as image:
        return upright_size(image)


def read_image(path: Path) -> tuple[int, int]:
    """Check that the build can publish the photo at ``path``: decoded as the build decodes it,
    every byte of it (a JPEG at an eighth of its size, which reads all of its data all the same).
    Returns its upright size; raises MediaProblem."""
    try:
        width, height = image_size(path)
        decoded_image(path, max(1, width // 8), max(1, height // 8))
    except MediaProblem:
        raise
    except Exception as error:  # truncated, damaged, or beyond a decoder's limits
        raise _not_an_image(path) from error
    return width, height


def _not_an_image(path: Path) -> MediaProblem:
    shown = IMAGE_FORMATS[path.suffix.lower()].replace("WEBP", "WebP")
    return MediaProblem("media_not_image", format=shown, suffix=path.suffix)


def check_document(path: Path) -> None:
    """Raise MediaProblem unless the PDF at ``path`` begins as a PDF does."""
    with path.open("rb") as handle:
        if handle.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
            raise MediaProblem("media_not_pdf")
