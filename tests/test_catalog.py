"""OCOP certificate expiry as the catalog and the pages see it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from generator.records.loader import load_catalog
from generator.records.schema import Ocop

from .conftest import PRODUCT, TODAY, Records


def ocop(issued: str, expires: str | None = None) -> Ocop:
    data = {**PRODUCT["ocop"], "issued": issued}
    if expires:
        data["expires"] = expires
    return Ocop.model_validate(data)


@pytest.mark.parametrize(
    ("issued", "valid_until"),
    [
        ("2025-03-10", date(2028, 3, 10)),
        ("2024-02-29", date(2027, 2, 28)),
        ("2023-12-31", date(2026, 12, 31)),
        ("2025-02-28", date(2028, 2, 28)),
    ],
)
def test_certificate_is_valid_36_months_by_default(issued: str, valid_until: date) -> None:
    assert ocop(issued).valid_until == valid_until


def test_written_expiry_wins() -> None:
    assert ocop("2024-02-20", "2026-06-30").valid_until == date(2026, 6, 30)


def test_certificate_expires_the_day_after_valid_until(records: Records) -> None:
    records.minimal()
    result = load_catalog(records.products, today=TODAY)
    assert result.catalog is not None
    product = result.catalog.products[0]
    last_day = date(2028, 3, 10)
    assert product.record.ocop.valid_until == last_day
    assert not product.certificate_expired(last_day)
    assert product.certificate_expired(last_day + timedelta(days=1))
