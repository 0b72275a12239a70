"""Shared fixtures: the repository's sample records and small catalogs written per test."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

# Headless Chromium and the sites it opens (tests/served.py).
pytest_plugins = ["tests.served"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PRODUCTS = ROOT / "products"
# The day the tests check records and build sites as of (certificate expiry depends on it).
TODAY = date(2026, 11, 29)


def has_vietnamese_letters(text: str) -> bool:
    """True when ``text`` has a letter with a Vietnamese diacritic (or đ)."""
    return any(c in "đĐ" or unicodedata.normalize("NFD", c) != c for c in text)


PRODUCER: dict[str, Any] = {
    "name": {"vi": "Hợp tác xã Trà hoa vàng Ba Chẽ", "en": "Ba Chẽ Golden Camellia Cooperative"},
    "kind": "cooperative",
    "address": {"vi": "Thôn Khe Lạc, xã Ba Chẽ, tỉnh Quảng Ninh", "en": "Khe Lạc village, Ba Chẽ commune"},
    "commune": "xã Ba Chẽ",
    "district_legacy": "Ba Chẽ",
    "maintainers": ["htx-tra-hoa-vang"],
}
PRODUCT: dict[str, Any] = {
    "name": {"vi": "Trà hoa vàng Ba Chẽ", "en": "Ba Chẽ golden camellia tea"},
    "group": "herbal",
    "ocop": {
        "stars": 4,
        "decision": "1234/QĐ-UBND",
        "issued_by": {"vi": "UBND tỉnh Quảng Ninh", "en": "Quảng Ninh Provincial People's Committee"},
        "issued": "2025-03-10",
    },
    "summary": {
        "vi": "Nụ hoa trà vàng hái dưới tán rừng Ba Chẽ.",
        "en": "Golden camellia buds from the Ba Chẽ forest.",
    },
}
BATCH: dict[str, Any] = {
    "produced": "2026-10-12",
    "expires": "2028-10-12",
    "origin": {"area": {"vi": "Đồi chè xã Ba Chẽ", "en": "Tea hills of Ba Chẽ commune"}},
    "events": [
        {"step": "harvesting", "date": "2026-10-01", "place": {"vi": "Đồi Khe Lạc", "en": "Khe Lạc hill"}},
        {
            "step": "packing",
            "date": "2026-10-12",
            "place": {"vi": "Xưởng hợp tác xã", "en": "Cooperative workshop"},
        },
    ],
}


class Records:
    """Writes a small catalog under ``<tmp>/products`` for one test."""

    def __init__(self, root: Path):
        self.root = root
        self.products = root / "products"
        self.products.mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, data: Any = None, *, text: str | bytes | None = None) -> Path:
        path = self.products / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def producer(self, producer_id: str = "htx-tra-ba-che", **changes: Any) -> Path:
        return self.write(f"{producer_id}/producer.yml", {**PRODUCER, **changes})

    def product(
        self, product_id: str = "tra-hoa-vang", producer_id: str = "htx-tra-ba-che", **changes: Any
    ) -> Path:
        return self.write(f"{producer_id}/{product_id}/product.yml", {**PRODUCT, **changes})

    def batch(
        self,
        lot: str = "THV2610",
        product_id: str = "tra-hoa-vang",
        producer_id: str = "htx-tra-ba-che",
        **changes: Any,
    ) -> Path:
        return self.write(f"{producer_id}/{product_id}/batches/{lot}.yml", {**BATCH, **changes})

    def minimal(self) -> Records:
        """One valid producer with one product and one batch."""
        self.producer()
        self.product()
        self.batch()
        return self


@pytest.fixture
def records(tmp_path: Path) -> Records:
    return Records(tmp_path)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's sample records."""
    target = tmp_path / "products"
    shutil.copytree(SAMPLE_PRODUCTS, target)
    return target
