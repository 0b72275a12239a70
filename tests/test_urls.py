"""Permanent URLs and the links between pages."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.site import urls

BASE = "https://ocop.quangninh.example.vn/"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Đồng Rui", "dong-rui"),
        ("xã Ba Chẽ", "xa-ba-che"),
        ("Hạ Long", "ha-long"),
        ("đặc khu Vân Đồn", "dac-khu-van-don"),
        ("phường Cẩm Phả", "phuong-cam-pha"),
        ("Móng Cái", "mong-cai"),
        ("ĐẦM HÀ", "dam-ha"),
        ("  Cô   Tô  ", "co-to"),
        ("Quang Hanh (cũ)", "quang-hanh-cu"),
        ("Hải Hoà", "hai-hoa"),
        ("Hải Hòa", "hai-hoa"),
        (unicodedata.normalize("NFD", "Uông Bí"), "uong-bi"),
    ],
)
def test_slugify_vietnamese_names(name: str, slug: str) -> None:
    assert urls.slugify(name) == slug


def test_permanent_paths_follow_the_contract() -> None:
    assert urls.product_path("tra-hoa-vang-ba-che") == "p/tra-hoa-vang-ba-che/"
    assert urls.batch_path("tra-hoa-vang-ba-che", "THV-2611") == "p/tra-hoa-vang-ba-che/THV-2611/"
    assert urls.producer_path("htx-lam-san-ba-che") == "producers/htx-lam-san-ba-che/"
    assert urls.commune_path("xã Ba Chẽ") == "catalog/commune/xa-ba-che/"


@pytest.mark.parametrize(
    ("target", "current", "link"),
    [
        ("p/ruou-ba-kich/", "p/tra-hoa-vang/", "../ruou-ba-kich/"),
        ("p/tra-hoa-vang/THV-2611/", "p/tra-hoa-vang/", "THV-2611/"),
        ("p/tra-hoa-vang/", "p/tra-hoa-vang/THV-2611/", "../"),
        ("p/tra-hoa-vang/", "p/tra-hoa-vang/", "./"),
        ("p/tra-hoa-vang/", "", "p/tra-hoa-vang/"),
        ("producers/htx-ba-che/", "p/tra-hoa-vang/THV-2611/", "../../../producers/htx-ba-che/"),
        (
            "media/htx-ba-che/media/nụ trà.jpg",
            "p/tra-hoa-vang/",
            "../../media/htx-ba-che/media/n%E1%BB%A5%20tr%C3%A0.jpg",
        ),
    ],
)
def test_relative_url(target: str, current: str, link: str) -> None:
    assert urls.relative_url(target, current) == link


@pytest.mark.parametrize(
    ("target", "current"),
    [
        ("p/tra-hoa-vang/THV-2611/", "p/tra-hoa-vang/"),
        ("", "p/tra-hoa-vang/THV-2611/"),
        ("en/p/tra-hoa-vang/", "p/tra-hoa-vang/"),
        ("p/tra-hoa-vang/A?B%1/", "p/tra-hoa-vang/"),
        ("p/tra-hoa-vang/(2026)/", "producers/htx-ba-che/"),
        pytest.param(
            "p/tra-hoa-vang/A:1/",
            "p/tra-hoa-vang/",
        ),
    ],
)
def test_relative_link_leads_to_the_target_page(target: str, current: str) -> None:
    """Followed from the current page, the link lands where the absolute URL points."""
    followed = urljoin(urls.absolute_url(BASE, current), urls.relative_url(target, current))
    assert followed == urls.absolute_url(BASE, target)


@pytest.mark.parametrize(
    ("lot", "segment"),
    [
        ("THV-2611", "THV-2611"),
        ("A.B_C-1", "A.B_C-1"),
        ("A?B", "A%3FB"),
        ("50%", "50%25"),
        ('L"<1>', "L%22%3C1%3E"),
    ],
)
def test_absolute_url_percent_encodes_unusual_lot_characters(lot: str, segment: str) -> None:
    url = urls.absolute_url(BASE, urls.batch_path("tra-hoa-vang", lot))
    assert url == f"{BASE}p/tra-hoa-vang/{segment}/"
    parts = urlsplit(url)
    assert (parts.query, parts.fragment) == ("", "")
    assert unquote(parts.path.split("/")[-2]) == lot


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("https://ocop.example.vn", "https://ocop.example.vn/p/cha-muc-ha-long/"),
        ("https://ocop.example.vn/", "https://ocop.example.vn/p/cha-muc-ha-long/"),
        ("https://ocop.example.vn/quang-ninh", "https://ocop.example.vn/quang-ninh/p/cha-muc-ha-long/"),
        ("https://ocop.example.vn/quang-ninh/", "https://ocop.example.vn/quang-ninh/p/cha-muc-ha-long/"),
    ],
)
def test_absolute_url_with_or_without_trailing_slash(base: str, url: str) -> None:
    assert urls.absolute_url(base, "p/cha-muc-ha-long/") == url
