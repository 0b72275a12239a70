"""QR codes: cached across builds, at every error-correction level, decodable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import resvg_py
import zxingcpp
from PIL import Image

from generator.site.qr import QrCache

QR_PAYLOADS = [
    "https://ocop.quangninh.example.vn/01/08936041710252/10/QH261103",
    "https://ocop.quangninh.example.vn/p/tra-hoa-vang-ba-che/A%3FB%251/",
]


def decode(image: Image.Image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def test_qr_cache_reuses_files_across_builds(tmp_path: Path) -> None:
    folder = tmp_path / "qr"
    first = QrCache(folder)
    medium, low = first.svg(QR_PAYLOADS[0]), first.svg(QR_PAYLOADS[0], "L")
    assert first.made == 2 and medium != low
    assert sorted(p.suffix for p in folder.rglob("*.*")) == [".svg", ".svg"]

    second = QrCache(folder)
    assert second.svg(QR_PAYLOADS[0]) == medium
    assert second.svg(QR_PAYLOADS[0], "L") == low
    assert second.made == 0


@pytest.mark.parametrize("payload", QR_PAYLOADS)
def test_qr_svg_decodes(payload: str) -> None:
    svg = QrCache(None).svg(payload)
    assert svg.startswith("<svg")
    png = resvg_py.svg_to_bytes(svg_string=svg, width=400, height=400)
    assert decode(Image.open(io.BytesIO(bytes(png)))) == [payload]
