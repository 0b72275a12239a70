"""QR codes: cached across builds, print-sized, decodable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import resvg_py
import zxingcpp
from PIL import Image

from generator.site.qr import PRINT_PIXELS, QrCache

QR_PAYLOADS = [
    "https://ocop.quangninh.example.vn/01/08936041710252/10/QH261103",
    "https://ocop.quangninh.example.vn/p/tra-hoa-vang-ba-che/A%3FB%251/",
]


def decode(image: Image.Image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def test_qr_cache_reuses_files_across_builds(tmp_path: Path) -> None:
    folder = tmp_path / "qr"
    first = QrCache(folder)
    png, svg = first.png(QR_PAYLOADS[0]), first.svg(QR_PAYLOADS[0])
    assert first.made == 2
    assert sorted(p.suffix for p in folder.rglob("*.*")) == [".png", ".svg"]

    second = QrCache(folder)
    assert second.png(QR_PAYLOADS[0]) == png
    assert second.svg(QR_PAYLOADS[0]) == svg
    assert second.made == 0


@pytest.mark.parametrize("payload", QR_PAYLOADS)
def test_qr_png_is_print_size_and_decodes(payload: str) -> None:
    image = Image.open(io.BytesIO(QrCache(None).png(payload)))
    assert image.width >= PRINT_PIXELS >= 1000
    assert image.width == image.height
    assert decode(image) == [payload]


@pytest.mark.parametrize("payload", QR_PAYLOADS)
def test_qr_svg_decodes(payload: str) -> None:
    svg = QrCache(None).svg(payload)
    assert svg.startswith("<svg")
    png = resvg_py.svg_to_bytes(svg_string=svg, width=400, height=400)
    assert decode(Image.open(io.BytesIO(bytes(png)))) == [payload]
