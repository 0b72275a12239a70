"""The small Markdown subset of stories: escaped HTML, only web links."""

from __future__ import annotations

import pytest

from generator.records.markdown_subset import link_targets, render_markdown


@pytest.mark.parametrize(
    ("text", "forbidden", "shown"),
    [
        ("<script>alert('Hạ Long')</script>", "<script", "&lt;script&gt;"),
        ("Ảnh chè <img src=x onerror=alert(1)>", "<img", "&lt;img src=x onerror=alert(1)&gt;"),
        ('<a href="https://x.vn" onclick="alert(1)">bấm</a>', "<a ", "&lt;a href="),
        ("<iframe src='https://x.vn'></iframe>", "<iframe", "&lt;iframe"),
    ],
)
def test_markdown_escapes_raw_html(text: str, forbidden: str, shown: str) -> None:
    html = render_markdown(text)
    assert forbidden not in html
    assert shown in html


@pytest.mark.parametrize(
    "text",
    [
        "Xem [video](javascript:alert(1)) về đồi chè.",
        "Bấm [vào đây](JaVaScRiPt:alert(1)).",
        "Xem [ảnh](data:text/html;base64,PHNjcmlwdD4=).",
        "Gửi [thư](vbscript:msgbox(1)).",
        "[Tải về](file:///etc/passwd)",
    ],
)
def test_markdown_does_not_link_other_schemes(text: str) -> None:
    html = render_markdown(text)
    assert "<a" not in html
    assert "href" not in html


def test_markdown_links_carry_rel() -> None:
    html = render_markdown("Mua tại [gian hàng OCOP Quảng Ninh](https://ocop.quangninh.gov.vn/).")
    assert (
        '<a href="https://ocop.quangninh.gov.vn/" rel="nofollow ugc noopener">gian hàng OCOP Quảng Ninh</a>'
        in html
    )


def test_markdown_lists_and_emphasis() -> None:
    html = render_markdown("Thành phần:\n\n- Nụ trà hoa vàng\n- Mật ong rừng\n\n*Thơm* và **đậm** vị.")
    assert "<ul>\n<li>Nụ trà hoa vàng</li>\n<li>Mật ong rừng</li>\n</ul>" in html
    assert "<em>Thơm</em> và <strong>đậm</strong>" in html
    assert "<ol>\n<li>Hái nụ</li>\n<li>Sấy lạnh</li>\n</ol>" in render_markdown("1. Hái nụ\n2. Sấy lạnh")


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("# Câu chuyện Ba Chẽ", "<h1"),
        ("![ảnh](https://x.vn/a.jpg)", "<img"),
        ("> Lời kể của người trồng chè", "<blockquote"),
        ("Chè\n\n---\n\nBa kích", "<hr"),
    ],
)
def test_markdown_subset_leaves_the_rest_as_text(text: str, absent: str) -> None:
    assert absent not in render_markdown(text)


def test_link_targets_lists_every_link_even_refused_ones() -> None:
    text = "Xem [bản đồ](https://osm.org/x) và [đây](javascript:alert(1))."
    assert link_targets(text) == ["https://osm.org/x", "javascript:alert(1)"]
