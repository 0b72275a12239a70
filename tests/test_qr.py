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


def test_qr_cache_reuses_drawings_across_builds(tmp_path: Path) -> None:
    folder = tmp_path / "qr"
    first = QrCache(folder)
    first.scope("htx-tra-ba-che")
    medium, low = first.svg(QR_PAYLOADS[0]), first.svg(QR_PAYLOADS[0], "L")
    first.svg(QR_PAYLOADS[1])
    first.flush()
    assert first.made == 3 and medium != low
    assert [p.parent.name for p in folder.rglob("*.*")] == ["htx-tra-ba-che"], "one file for a producer's codes"

    second = QrCache(folder)
    second.scope("htx-tra-ba-che")
    assert second.svg(QR_PAYLOADS[0]) == medium
    assert second.svg(QR_PAYLOADS[0], "L") == low
    assert second.made == 0
    second.scope("htx-nuoc-mam-cai-rong")  # nothing new drawn: nothing written
    assert len(list(folder.rglob("*.*"))) == 1


def test_a_producers_new_code_replaces_its_pack(tmp_path: Path) -> None:
    """A new batch's code is kept with its producer's others, in one file again."""
    QrCache(tmp_path / "qr").svg(QR_PAYLOADS[0])  # drawn without a producer: the site's own
    first = QrCache(tmp_path / "qr")
    first.scope("htx-tra-ba-che")
    first.svg(QR_PAYLOADS[0])
    first.flush()
    again = QrCache(tmp_path / "qr")
    again.scope("htx-tra-ba-che")
    again.svg(QR_PAYLOADS[0]), again.svg(QR_PAYLOADS[1])
    again.flush()
    assert again.made == 1
    assert len(list((tmp_path / "qr" / "htx-tra-ba-che").iterdir())) == 1, "the pack it was read from is gone"
    last = QrCache(tmp_path / "qr")
    last.scope("htx-tra-ba-che")
    assert [last.svg(payload) for payload in QR_PAYLOADS] == [again.svg(payload) for payload in QR_PAYLOADS]
    assert last.made == 0


@pytest.mark.parametrize("payload", QR_PAYLOADS)
def test_qr_svg_decodes(payload: str) -> None:
    svg = QrCache(None).svg(payload)
    assert svg.startswith("<svg")
    png = resvg_py.svg_to_bytes(svg_string=svg, width=400, height=400)
    assert decode(Image.open(io.BytesIO(bytes(png)))) == [payload]


def test_qr_svg_is_light_for_a_weak_connection() -> None:
    """The trace page loads its code's file: a batch URL's code (version 4, 33 modules a side)
    stays near 2 kB, a stroke per run of dark modules, not a rectangle (which made it 4.3 kB)."""
    svg = QrCache(None).svg(QR_PAYLOADS[0])
    assert QrCache(None).modules(QR_PAYLOADS[0]) == 33
    assert len(svg.encode()) < 2_300


def test_print_size_and_level_come_from_the_drawing(tmp_path: Path) -> None:
    """A sticker's code is printed with modules at least 0.33 mm wide: the size is counted from
    the code as drawn (a build's cached drawing), the same as a decoder finds it."""
    long = QR_PAYLOADS[0] + "?" + "x" * 200  # at level M, modules narrower than 0.33 mm at 20 mm
    drawn = QrCache(tmp_path / "qr")
    for payload in (QR_PAYLOADS[0], long):
        png = resvg_py.svg_to_bytes(svg_string=drawn.svg(payload), width=800, height=800)
        (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(png))))
        assert drawn.modules(payload) == 17 + 4 * int(found.extra["Version"])
        assert drawn.print_size_mm(payload, 20) == max(20, (drawn.modules(payload) + 8) * 0.33)
    assert drawn.level_for_print(QR_PAYLOADS[0], 30) == "M"
    assert drawn.level_for_print(long, 20) == "L"

    drawn.flush()
    kept = QrCache(tmp_path / "qr")  # the next build reads the sizes from the drawings it keeps
    assert kept.level_for_print(long, 20) == "L" and kept.made == 0


def test_a_producers_codes_are_read_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's code is asked for by its page, its file and its label sheet, beside its
    product's others: the cache reads them all from the disk once."""
    earlier = QrCache(tmp_path / "qr")
    earlier.scope("htx-tra-ba-che")
    drawn = [earlier.svg(payload) for payload in QR_PAYLOADS]
    earlier.flush()
    kept = QrCache(tmp_path / "qr")
    kept.scope("htx-tra-ba-che")
    reads = []
    read = kept.seal.read  # type: ignore[union-attr]
    monkeypatch.setattr(kept.seal, "read", lambda path: reads.append(path) or read(path))
    assert [kept.svg(payload) for payload in QR_PAYLOADS * 4] == drawn * 4
    assert kept.modules(QR_PAYLOADS[0]) > 0
    assert len(reads) == 1 and kept.made == 0
