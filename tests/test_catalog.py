"""OCOP certificate expiry as the catalog and the pages see it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from generator.records import clock
from generator.records.loader import load_catalog
from generator.records.schema import Ocop
from generator.tools.cli import main

from .conftest import PRODUCT, TODAY, Records
from .sitebuild import NO_LEDGER, build_site, content


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


def test_the_build_and_validation_agree_on_the_day_in_vietnam(
    tmp_path: Path, records: Records, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """17:30 UTC on 10 March 2028 is already 11 March in Vietnam: the certificate valid until
    10 March has expired, for the page as for `ocop validate`, whatever the machine's zone."""
    records.minimal()
    evening_in_utc = datetime(2028, 3, 10, 17, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", evening_in_utc.astimezone)
    monkeypatch.setenv("TZ", "UTC")
    site = build_site(tmp_path / "build", records.products, ledger=NO_LEDGER, today=None)
    assert site.today == date(2028, 3, 11)
    certificate = content(site.doc("p/tra-hoa-vang/")).find("section", cls="ocop-certificate")
    assert "hidden" not in certificate.find("p", cls="ocop-expired-note").attrs

    capsys.readouterr()
    main(["validate", str(records.products)])
    assert "The OCOP certificate expired on 2028-03-10" in capsys.readouterr().out
