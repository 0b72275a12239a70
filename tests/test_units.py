"""Smaller parts: URLs, the Markdown subset, QR codes, the field reference, interface words,
certificate expiry, the messages and the `ocop validate` command."""

from __future__ import annotations

import io
import itertools
import string
import types
import typing
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import resvg_py
import zxingcpp
from PIL import Image
from pydantic import BaseModel

from generator.build.pagecache import PageCache
from generator.records.loader import load_catalog
from generator.records.markdown_subset import link_targets, render_markdown
from generator.records.problems import HINTS, MESSAGES
from generator.records.reference import field_reference
from generator.records.schema import RECORD_MODELS, Ocop
from generator.records.yamlsafe import read_yaml
from generator.site import urls
from generator.site.languages import interface_words, language_of, make_languages
from generator.site.qr import PRINT_PIXELS, QrCache
from generator.site.render import compiled_templates
from generator.site.sitemap import MAX_URLS_PER_FILE, SitemapEntry, sitemap_parts, sitemap_xml
from generator.tools.cli import main

from .conftest import PRODUCT, SAMPLE_PRODUCTS, Records

LOCALES = Path(__file__).resolve().parent.parent / "generator" / "site" / "locales"
BASE = "https://ocop.quangninh.example.vn/"


def has_vietnamese_letters(text: str) -> bool:
    return any(c in "đĐ" or unicodedata.normalize("NFD", c) != c for c in text)


# --- URLs -----------------------------------------------------------------------------------


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


# --- Markdown subset ------------------------------------------------------------------------


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


# --- QR codes -------------------------------------------------------------------------------

QR_PAYLOADS = [
    "https://ocop.quangninh.example.vn/01/08936041710252/10/QH261103/",
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


# --- Field reference ------------------------------------------------------------------------


def model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found:
            return found
    return None


def is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(is_list(arg) for arg in typing.get_args(annotation))
    return False


def expected_rows(model: type[BaseModel], prefix: str = "") -> dict[str, bool]:
    """Every field path the reference must list, with whether it is required."""
    rows: dict[str, bool] = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        inner = model_in(info.annotation)
        listed = is_list(info.annotation)
        if inner is not None:
            rows[path] = info.is_required()
            rows.update(expected_rows(inner, path + ("[]." if listed else ".")))
        else:
            rows[path + ("[]" if listed else "")] = info.is_required()
    return rows


@pytest.mark.parametrize("kind", list(RECORD_MODELS))
def test_reference_lists_every_field_of_the_model(kind: str) -> None:
    [reference] = [r for r in field_reference() if r.kind == kind]
    listed = {row.path: row.required for row in reference.rows}
    assert listed == expected_rows(RECORD_MODELS[kind])


def test_reference_names_the_record_files() -> None:
    files = {r.kind: r.file for r in field_reference()}
    assert files == {
        "producer": "products/<producer-id>/producer.yml",
        "product": "products/<producer-id>/<product-id>/product.yml",
        "batch": "products/<producer-id>/<product-id>/batches/<lot>.yml",
    }


def test_reference_rows_are_documented_in_both_languages() -> None:
    words = {code: interface_words(code, "vi")["types"] for code in ("vi", "en")}
    for reference in field_reference():
        for row in reference.rows:
            assert row.doc.get("vi") and row.doc.get("en"), row.path
            assert row.kind in words["vi"] and row.kind in words["en"], row


def test_reference_choices_are_the_allowed_values() -> None:
    rows = {(r.kind, row.path): row for r in field_reference() for row in r.rows}
    assert rows[("product", "group")].choices == (
        "food",
        "beverage",
        "herbal",
        "handicraft",
        "ornamental",
        "tourism",
    )
    assert rows[("batch", "status")].choices == ("released", "recalled", "withdrawn")
    assert "harvesting" in rows[("batch", "events[].step")].choices
    assert rows[("product", "summary")].kind == "localized"
    assert rows[("product", "story")].kind == "markdown"
    assert rows[("product", "images[]")].kind == "media"
    assert rows[("batch", "produced")].kind == "date"


# --- Interface words ------------------------------------------------------------------------


def keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, value in data.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= keys(value, prefix + key + ".")
    return found


def test_english_interface_has_every_vietnamese_key() -> None:
    vi = read_yaml(LOCALES / "vi.yml").data
    en = read_yaml(LOCALES / "en.yml").data
    assert sorted(keys(vi) - keys(en)) == []


def test_english_interface_has_no_unknown_key() -> None:
    vi = read_yaml(LOCALES / "vi.yml").data
    en = read_yaml(LOCALES / "en.yml").data
    assert sorted(keys(en) - keys(vi)) == []


def test_interface_word_yes_stays_a_word() -> None:
    assert interface_words("vi", "vi")["labels"]["yes"] == "Có"
    assert interface_words("en", "vi")["labels"]["yes"] == "Yes"


def test_month_names_in_every_language() -> None:
    for code in ("vi", "en"):
        months = interface_words(code, "vi")["months"]
        assert len(months) == 12 and all(isinstance(m, str) and m for m in months)


def test_interface_words_fall_back_to_the_default_language() -> None:
    assert interface_words("zh", "vi") == interface_words("vi", "vi")
    english = interface_words("en", "vi")
    assert english["labels"]["lot"] == "Lot"
    assert english["groups"]["beverage"] == "Beverages"


def test_languages_and_their_prefixes() -> None:
    languages = make_languages([{"code": "vi", "name": "Tiếng Việt"}, {"code": "en", "name": "English"}])
    assert [(lang.code, lang.prefix) for lang in languages] == [("vi", ""), ("en", "en/")]
    assert languages[1].path("p/tra-hoa-vang/") == "en/p/tra-hoa-vang/"
    assert language_of("en/p/tra-hoa-vang/", languages) == (languages[1], "p/tra-hoa-vang/")
    assert language_of("p/tra-hoa-vang/", languages) == (languages[0], "p/tra-hoa-vang/")


# --- Messages -------------------------------------------------------------------------------


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", [*MESSAGES, *HINTS])
def test_message_is_written_in_both_languages(code: str) -> None:
    vi, en = {**MESSAGES, **HINTS}[code]
    assert vi.strip() and en.strip()
    assert has_vietnamese_letters(vi)
    assert placeholders(vi) == placeholders(en)


# --- OCOP certificate expiry ----------------------------------------------------------------


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
    result = load_catalog(records.products)
    assert result.catalog is not None
    product = result.catalog.products[0]
    last_day = date(2028, 3, 10)
    assert product.record.ocop.valid_until == last_day
    assert not product.certificate_expired(last_day)
    assert product.certificate_expired(last_day + timedelta(days=1))


# --- The `ocop validate` command ------------------------------------------------------------


def test_cli_accepts_the_sample_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SAMPLE_PRODUCTS)]) == 0
    out = capsys.readouterr().out
    result = load_catalog(SAMPLE_PRODUCTS)
    assert result.catalog is not None
    catalog = result.catalog
    assert f"✓ Hồ sơ hợp lệ: {len(catalog.producers)} cơ sở, {len(catalog.products)} sản phẩm" in out
    assert f"records are valid: {len(catalog.producers)} producers" in out
    assert "lỗi/error" not in out


def test_cli_reports_a_broken_catalog_with_file_and_line(
    records: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    records.minimal()
    records.product(ocop={**PRODUCT["ocop"], "stars": 7})
    records.batch(produced="12/10/2026")
    assert main(["validate", str(records.products)]) == 1
    out = capsys.readouterr().out
    assert "products/htx-tra-ba-che/tra-hoa-vang/product.yml:6:3: lỗi/error [ocop.stars]" in out
    assert "products/htx-tra-ba-che/tra-hoa-vang/batches/THV2610.yml:1:1: lỗi/error [produced]" in out
    assert "  vi: Giá trị phải nhỏ hơn hoặc bằng 5." in out
    assert "  en: The value must be at most 5." in out
    assert "✗ 2 lỗi, 0 cảnh báo / 2 errors, 0 warnings" in out


def test_cli_passes_with_only_warnings(records: Records, capsys: pytest.CaptureFixture[str]) -> None:
    records.producer()
    records.product()
    assert main(["validate", str(records.products)]) == 0
    out = capsys.readouterr().out
    assert "products/htx-tra-ba-che/tra-hoa-vang/product.yml:1:1: cảnh báo/warning" in out
    assert "✓ Hồ sơ hợp lệ: 1 cơ sở, 1 sản phẩm, 0 lô" in out
    assert "lỗi/error" not in out


def test_cli_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "khong-co"
    assert main(["validate", str(missing)]) == 2
    captured = capsys.readouterr()
    assert str(missing) in captured.err
    assert "Không tìm thấy thư mục" in captured.err and "folder not found" in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("argv", [[], ["kiem-tra"], ["validate", "a", "b"]])
def test_cli_wrong_usage_exits_with_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: ocop" in capsys.readouterr().err


# --- Sitemaps ------------------------------------------------------------------------------


def test_the_national_sitemap_is_cut_into_files_the_protocol_accepts() -> None:
    locations = [f"p/san-pham-{n}/" for n in range(2 * MAX_URLS_PER_FILE + 1)]
    parts = sitemap_parts(locations)
    assert list(parts) == ["sitemaps/pages-1.xml", "sitemaps/pages-2.xml", "sitemaps/pages-3.xml"]
    assert [len(part) for part in parts.values()] == [MAX_URLS_PER_FILE, MAX_URLS_PER_FILE, 1]
    assert [loc for part in parts.values() for loc in part] == locations


def test_a_sitemap_file_is_xml_with_every_language_of_each_page() -> None:
    entry = SitemapEntry(
        "https://ocop.example.vn/p/ruou-ba-kich/?a=1&b=2",
        [
            ("vi", "https://ocop.example.vn/p/ruou-ba-kich/"),
            ("en", "https://ocop.example.vn/en/p/ruou-ba-kich/"),
        ],
    )
    root = ET.fromstring("".join(sitemap_xml([entry])))
    names = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    url = root.find("sm:url", names)
    assert url is not None and url.findtext("sm:loc", namespaces=names) == entry.loc
    links = url.findall("xhtml:link", names)
    assert [(link.get("hreflang"), link.get("href")) for link in links] == entry.alternates


# --- The page cache -------------------------------------------------------------------------


def test_page_cache_gives_back_what_an_earlier_build_kept_and_forgets_a_damaged_pack(tmp_path: Path) -> None:
    catalog = load_catalog(SAMPLE_PRODUCTS).catalog
    assert catalog is not None
    first, second = catalog.producers[:2]
    kept = PageCache(tmp_path, "build 1", catalog.media)
    kept.keep(first, "p/a/index.html", "Trang sản phẩm".encode())
    kept.keep(first, "en/p/a/index.html", b"Product page")
    kept.keep(second, "p/b/index.html", b"second")  # moving on writes the first producer's pack
    kept.flush()

    later = PageCache(tmp_path, "build 1", catalog.media)
    assert later.get(first, "p/a/index.html") == "Trang sản phẩm".encode()
    assert later.get(first, "p/x/index.html") is None
    assert later.get(second, "p/b/index.html") == b"second"
    assert later.reused == 2
    # Another build (templates, settings) keys its pages apart.
    assert PageCache(tmp_path, "build 2", catalog.media).get(first, "p/a/index.html") is None

    for pack in (tmp_path / first.id).rglob("*.pack"):
        pack.write_bytes(pack.read_bytes()[:10])
    assert PageCache(tmp_path, "build 1", catalog.media).get(first, "p/a/index.html") is None


def test_records_loaded_share_the_equal_texts_of_a_producers_batches() -> None:
    """Batches of a product repeat their origin, places and notes: loaded, each text is one
    object (memory at national scale), still equal to what every batch says."""
    catalog = load_catalog(SAMPLE_PRODUCTS).catalog
    assert catalog is not None
    batches = [b for product in catalog.products for b in product.batches]
    pairs = [(a, b) for a, b in itertools.pairwise(batches) if a.product is b.product]
    equal = [(a, b) for a, b in pairs if a.record.origin.area == b.record.origin.area]
    assert equal, "the sample has batches of one product from the same area"
    assert all(a.record.origin.area is b.record.origin.area for a, b in equal)


def test_compiled_templates_are_kept_apart_for_each_version_of_what_compiles_them(tmp_path: Path) -> None:
    """Jinja recompiles a template whose source changed, not one whose environment's options did."""
    folder = tmp_path / "templates"
    compiled_templates(folder, ["mkdocs 1.6.1"])
    first = [p.name for p in folder.iterdir()]
    compiled_templates(folder, ["mkdocs 1.6.1"])
    assert [p.name for p in folder.iterdir()] == first
    compiled_templates(folder, ["mkdocs 1.6.2"])
    second = [p.name for p in folder.iterdir()]
    assert len(first) == len(second) == 1 and first != second  # the other version's are gone
