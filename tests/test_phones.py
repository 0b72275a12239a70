"""Phone numbers found in text as Vietnamese write them, and nothing else."""

from __future__ import annotations

import pytest

from generator.site.phones import find_phones


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("gọi 0203 387 9024 để đổi", [("0203 387 9024", "tel:+842033879024")]),
        ("Hotline 0912.345.678.", [("0912.345.678", "tel:+84912345678")]),
        (
            "0912-345-678, 0913 111 222",
            [("0912-345-678", "tel:+84912345678"), ("0913 111 222", "tel:+84913111222")],
        ),
        ("+84 912 345 678", [("+84 912 345 678", "tel:+84912345678")]),
        ("(+84) 203 387 9024", [("(+84) 203 387 9024", "tel:+842033879024")]),
        ("tổng đài 1800 1234", [("1800 1234", "tel:18001234")]),
        ("số 0912345678.", [("0912345678", "tel:+84912345678")]),
    ],
)
def test_phone_numbers_are_found(text: str, found: list[tuple[str, str]]) -> None:
    assert [(text[start:end], uri) for start, end, uri in find_phones(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "phiếu KN-26-10-0418",  # a document number
        "mã số thuế 5701450336",
        "mã số thuế 0101234567",  # tax numbers begin 01
        "GTIN 08936041710252",
        "ngày 2026-10-14",
        "độ ẩm 10,4%",
        "0912 345 6789",  # one digit too many for a mobile
        "lô AB0912345678",
    ],
)
def test_other_numbers_are_not_phone_numbers(text: str) -> None:
    assert list(find_phones(text)) == []
