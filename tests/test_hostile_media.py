"""Hostile media (issue 14): a file is what its name says or it is refused, with its record's line.

Pillow recognises files by their content: PostScript named .png went to Ghostscript; truncated
photos passed validation and stopped the build; a tall photo crashed the WebP encoder; a 20 kB PNG
of 13,000 x 13,000 pixels was only a warning; a .pdf holding a web page was published."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import EpsImagePlugin, Image

from generator.build.output import Output
from generator.records.catalog import Media
from generator.records.loader import load_catalog
from generator.records.media import MAX_IMAGE_PIXELS
from generator.site.images import MAX_SIDE, variants, write_variants

from .conftest import TODAY, Records, has_vietnamese_letters

POSTSCRIPT = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(%pipe%id) (w) file\nshowpage\n"
HTML = b"<!doctype html><title>Chung nhan</title><script>location='https://lua.example'</script>"


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (900, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


def with_photo(records: Records, name: str, content: bytes, field: str = "images") -> list:
    """The catalog's problems once the product names ``media/<name>`` (in ``field``)."""
    records.minimal()
    records.write(f"htx-tra-ba-che/media/{name}", text=content)
    if field == "images":
        records.product(images=[f"../media/{name}"])
    else:
        records.product(standards=[{"name": "VietGAP", "document": f"../media/{name}"}])
    return load_catalog(records.products, today=TODAY).problems


def only_error(problems: list) -> object:
    [error] = [p for p in problems if p.severity == "error"]
    assert error.file == "products/htx-tra-ba-che/tra-hoa-vang/product.yml" and error.line
    assert has_vietnamese_letters(error.message("vi")) and error.message("en")
    return error


@pytest.mark.parametrize("name", ["logo.png", "anh.jpg", "anh.webp"])
def test_postscript_named_as_a_photo_never_reaches_ghostscript(
    records: Records, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    with Image.open(io.BytesIO(POSTSCRIPT)) as unrestricted:
        assert unrestricted.format == "EPS"  # what Pillow makes of it when asked by content

    def never(*args: object) -> None:
        raise AssertionError("the EPS reader was reached")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", never)
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", never)
    error = only_error(with_photo(records, name, POSTSCRIPT))
    assert (error.code, error.field) == ("media_not_image", "images[0]")


def test_a_jpeg_named_png_is_refused(records: Records) -> None:
    error = only_error(with_photo(records, "logo.png", jpeg_bytes()))
    assert error.code == "media_not_image" and "PNG" in error.message("vi")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.jpg", jpeg_bytes()[:4000]),
        ("anh.jpg", jpeg_bytes()[:-200]),
        ("logo.png", png_bytes(Image.effect_noise((300, 200), 60))[:30000]),
        ("logo.png", png_bytes(Image.effect_noise((300, 200), 60))[:-2000]),
    ],
)
def test_a_truncated_photo_is_refused_at_validation(records: Records, name: str, content: bytes) -> None:
    error = only_error(with_photo(records, name, content))
    assert (error.code, error.field) == ("media_not_image", "images[0]")


def test_a_pixel_bomb_is_an_error_found_without_decoding_it(records: Records) -> None:
    start = time.perf_counter()
    error = only_error(with_photo(records, "logo.png", png_claiming(13000, 13000)))
    assert time.perf_counter() - start < 5
    assert error.code == "media_too_many_pixels"
    assert "13000×13000" in error.message("vi") and str(MAX_IMAGE_PIXELS // 10**6) in error.message("en")


def test_a_photo_past_pillows_own_limit_is_told_in_words(records: Records) -> None:
    error = only_error(with_photo(records, "logo.png", png_claiming(20000, 20000)))
    assert error.code == "media_too_many_pixels"
    assert (
        "triệu" in error.message("vi") and "million" in error.message("en") and "?" not in error.message("en")
    )


def test_a_pdf_that_is_a_web_page_is_refused(records: Records) -> None:
    error = only_error(with_photo(records, "chung-nhan.pdf", HTML, field="standards"))
    assert (error.code, error.field) == ("media_not_pdf", "standards[0].document")


def test_a_real_pdf_is_accepted(records: Records) -> None:
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert [
        p for p in with_photo(records, "chung-nhan.pdf", pdf, field="standards") if p.severity == "error"
    ] == []


@pytest.mark.parametrize("size", [(200, 40000), (40000, 3), (1, 16384), (3, 1)])
def test_every_variant_fits_the_encoders(tmp_path: Path, size: tuple[int, int]) -> None:
    source = tmp_path / "bang-ron.png"
    source.write_bytes(png_bytes(Image.new("L", size, 128)))
    media = Media(source, "media/htx/media/bang-ron.png")
    assert size[0] * size[1] <= MAX_IMAGE_PIXELS
    write_variants(media, Output(tmp_path / "site").write, cache=None)
    for variant in variants(media):
        assert 1 <= variant.width <= MAX_SIDE and 1 <= variant.height <= MAX_SIDE
        with Image.open(tmp_path / "site" / variant.site_path) as published:
            published.load()
            assert published.size == (variant.width, variant.height)
