"""The record editor at /contribute/editor/: a producer fills it on a phone as a person does, sees
each mistake next to its field in the validator's words, previews the trace page and takes the
file from the hand-off link; the file passes `ocop validate` in a copy of the repository and
builds that very trace page.
"""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from benchmarks.weights import page_weight
from generator.records.problems import MESSAGES, Problem
from generator.records.reference import schema_rows
from generator.records.schema_export import json_schemas
from generator.records.yamlsafe import parse_yaml
from generator.site.editor import (
    CLIENT_CODES,
    SCRIPT_WORDS,
    SCRIPT_WORDS_IN,
    TASKS,
    EditorPage,
    FormField,
    editor_page,
    message,
    short_label,
)
from generator.site.languages import LanguageSetting, interface_words, make_languages
from generator.tools import scaffold
from generator.tools.cli import main

from . import sitebuild
from .browsing import CHROMIUM, PHONE, Served, Watch, serious_violations, serve
from .conftest import SAMPLE_PRODUCTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

EDITOR = "contribute/editor/"
EDITOR_JS = Path(__file__).resolve().parent.parent / "theme" / "javascripts" / "editor.js"
LANGUAGES = make_languages([LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")])
REPOSITORY = "https://github.com/ocop-quang-ninh/ocop-catalog"  # mkdocs.yml's sample value
PRODUCER = "cty-lam-san-dap-thanh"
PRODUCT = "tra-hoa-vang-ba-che"
LOT = "THV-2612"
REPORT = "phieu-kiem-nghiem-THV-2612.pdf"
TODAY = date.fromisoformat(sitebuild.TODAY)


# --- What the page is made of (no browser) ------------------------------------------------------


def editor(code: str = "vi") -> EditorPage:
    language = LANGUAGES[0] if code == "vi" else LANGUAGES[1]
    return editor_page(
        language,
        LANGUAGES,
        interface_words(language),
        site_url="https://ocop.example.vn/",
        catalog_url="../../data/catalog.json",
        repository=REPOSITORY,
        branch="main",
    )


def test_the_editor_speaks_the_validators_words() -> None:
    """Every message the script shows is the validator's, in the page's language, and the script
    shows no message code the page does not carry."""
    for code in ("vi", "en"):
        assert editor(code).data["messages"] == {c: message(c)[code] for c in CLIENT_CODES}
    assert message("missing") == {lang: expected("missing", lang) for lang in ("vi", "en")}
    script = EDITOR_JS.read_text(encoding="utf-8")
    quoted = set(re.findall(r'"([a-z_]+)"', script))
    kinds = set(interface_words(LANGUAGES[0])["types"])  # the form's kinds: "mapping" is one
    assert set(CLIENT_CODES) <= quoted
    assert (quoted & MESSAGES.keys()) - kinds <= set(CLIENT_CODES)


def test_the_page_carries_the_words_and_settings_its_script_uses() -> None:
    script = EDITOR_JS.read_text(encoding="utf-8")
    assert set(re.findall(r"\bD\.(\w+)", script)) == set(editor().data)
    assert set(re.findall(r"\bW\.(\w+)", script)) == {*SCRIPT_WORDS, *SCRIPT_WORDS_IN}
    for group, short in (("labels", "L"), ("editor", "E"), ("status", "W.status")):
        assert set(re.findall(rf"\b{re.escape(short)}\.(\w+)", script)) - SCRIPT_WORDS_IN.keys() == set(
            SCRIPT_WORDS_IN[group]
        )


def paths(fields: list[FormField]) -> list[str]:
    return [p for f in fields for p in [f.path, *paths(f.children)]]


def test_the_form_is_the_schema() -> None:
    """The batch form asks for every field of the schema but those a new batch cannot have, in the
    schema's order, labelled with the start of each field's documentation."""
    rows = schema_rows(json_schemas("https://ocop.example.vn/")["batch"])
    left_out = TASKS["batch"].left_out
    expected = [r.path for r in rows if not any(r.path == x or r.path.startswith(x + ".") for x in left_out)]
    page = editor()
    assert paths(page.tasks["batch"]) == expected
    produced = next(f for f in page.tasks["batch"] if f.path == "produced")
    assert (produced.label, produced.required) == ("Ngày sản xuất", True)
    events = next(f for f in page.tasks["batch"] if f.path == "events")
    step = events.children[0]
    assert ("harvesting", "Thu hoạch") in step.choices
    assert paths(page.tasks["certificate"])[0] == "ocop"
    assert short_label("Hạn sử dụng (sau ngày sản xuất)") == "Hạn sử dụng"
    assert short_label("Unit, e.g. bottles, boxes, kg") == "Unit"
    assert editor("en").tasks["batch"][0].label == "Production date"


# --- In the browser -----------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"headless Chromium is not installed at {CHROMIUM}"
)


def open_editor(
    browser: Browser, served: Served, path: str = EDITOR, locale: str = "vi-VN"
) -> tuple[Page, Watch]:
    page = browser.new_context(viewport=PHONE, locale=locale).new_page()
    page.set_default_timeout(5_000)
    watch = Watch(served.base).attach(page)
    page.goto(served.url(path))
    page.wait_for_load_state("networkidle")  # catalog.json
    return page, watch


def group(scope: Page | Locator, legend: str) -> Locator:
    """A group of fields (a fieldset), found by its legend as a person finds it."""
    page = getattr(scope, "page", scope)  # the inner locator is relative to each fieldset
    title = page.locator(f"xpath=legend[starts-with(normalize-space(.), '{legend}')]")
    return scope.locator("fieldset", has=title).last


def localized(scope: Page | Locator, legend: str, vi: str, en: str | None = None) -> None:
    box = group(scope, legend)
    box.get_by_label("Tiếng Việt").fill(vi)
    if en is not None:
        box.get_by_label("English").fill(en)


def error_of(scope: Locator) -> str:
    return scope.locator("[data-error]").first.inner_text().strip()


def next_step(page: Page) -> None:
    page.get_by_role("button", name="Tiếp tục").click()


def expected(code: str, lang: str = "vi", **params: object) -> str:
    """The validator's own message for ``code``, formatted by the validator."""
    return Problem("x.yml", None, None, "", code, dict(params)).message(lang)


def fill_batch(page: Page, shots: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """Steps 1 to 4 for a new batch of golden camellia tea, with the mistakes people make on the
    way; returns what the form said about them, and the text of the trace page's preview."""
    said: dict[str, str] = {}

    def shot(name: str, at: str = "[data-ocop-editor]") -> None:
        if shots:
            page.locator(at).first.evaluate("element => element.scrollIntoView()")
            page.screenshot(path=str(shots / f"editor-{name}.png"))

    # Step 1: nothing chosen yet.
    next_step(page)
    assert error_of(page.locator("[data-pick=producer]")) == expected("missing")
    page.get_by_label("Cơ sở sản xuất").select_option(label="Công ty Cổ phần Kinh doanh Lâm sản Đạp Thanh")
    page.get_by_label("Sản phẩm").select_option(PRODUCT)
    lot = page.get_by_label("Số lô")
    lot.fill("THV 2612")  # a space, as on the package
    lot.blur()
    said["lot"] = error_of(page.locator("[data-pick=lot]"))
    assert said["lot"] == expected("ocop_lot", input="THV 2612")
    lot.fill("THV-2611")  # already published
    assert "THV-2611" in error_of(page.locator("[data-pick=lot]"))
    lot.fill(LOT)
    assert not page.locator("[data-pick=lot] [data-error]").is_visible()
    shot("1-pick")
    next_step(page)

    # Step 2: the batch.
    form = page.locator('[data-form="batch"]')
    form.get_by_label("Ngày sản xuất").fill("2026-10-20")
    expires = form.get_by_label("Hạn sử dụng")
    expires.fill("2026-10-01")  # the day before production: a typing slip
    expires.blur()
    said["expires"] = error_of(form.locator('[data-name="expires"]'))
    assert said["expires"] == expected(
        "date_order", field="expires", value="2026-10-01", other_field="produced", other_value="2026-10-20"
    )
    group(form, "Số lượng").get_by_label("Số lượng").fill("1200")
    localized(form, "Đơn vị", "hộp", "boxes")
    origin = group(form, "Nguồn gốc nguyên liệu")
    origin.get_by_label("Xã").fill("xã Kỳ Thượng")  # the area is left out
    events = group(form, "Các công đoạn")
    first = events.locator("[data-item]").nth(0)
    first.get_by_label("Công đoạn").select_option(label="Thu hoạch")
    first.get_by_label("Ngày hoặc ngày giờ").fill("2026-10-10")
    localized(first, "Địa điểm", "Đồi Khe Mằn, xã Kỳ Thượng", "Khe Mằn hill, Kỳ Thượng commune")
    events.get_by_role("button", name="Thêm: các công đoạn").click()
    packing = events.locator("[data-item]").nth(1)
    packing.get_by_label("Công đoạn").select_option(label="Đóng gói")
    packing.get_by_label("Ngày hoặc ngày giờ").fill("2026-10-20")
    localized(packing, "Địa điểm", "Xưởng đóng gói của công ty", "Company packing room")
    events.get_by_role("button", name="Thêm: các công đoạn").click()
    drying = events.locator("[data-item]").nth(2)
    drying.get_by_label("Công đoạn").select_option(label="Chế biến")
    drying.get_by_label("Ngày hoặc ngày giờ").fill("2026-10-12")
    localized(drying, "Địa điểm", "Xưởng sấy của công ty", "Company drying workshop")
    localized(drying, "Ghi chú", "Sấy lạnh 7 ngày", "Dried at low temperature for 7 days")
    said["events[2].date"] = error_of(drying.locator('[data-name="date"]'))
    assert said["events[2].date"] == expected("events_order", value="2026-10-12", previous="2026-10-20")
    drying.get_by_role("button", name="Đưa lên").click()  # drying came before packing
    assert not form.locator('[data-name="events"] [data-error]:visible').count()

    inputs = group(form, "Nguyên liệu đầu vào")
    inputs.get_by_role("button", name="Thêm: nguyên liệu đầu vào").click()
    localized(inputs, "Nguyên liệu", "Hoa trà hoa vàng tươi", "Fresh golden camellia flowers")
    documents = group(form, "Giấy tờ")
    documents.get_by_role("button", name="Thêm: giấy tờ").click()
    documents.get_by_label("Loại").select_option(label="Phiếu kiểm nghiệm")
    localized(
        documents, "Tên tài liệu", "Phiếu kết quả thử nghiệm trà hoa vàng", "Test report, golden camellia tea"
    )
    documents.get_by_label("Số hiệu").fill("KN-26-10-1207")
    documents.get_by_label("Ngày cấp").fill("2026-10-22")
    scan = documents.get_by_label("Tệp PDF hoặc ảnh")
    scan.fill(REPORT.replace(".pdf", ".docx"))  # a Word file: not a document the site can show
    scan.blur()
    said["documents[0].file"] = error_of(documents.locator('[data-name="file"]'))
    assert said["documents[0].file"] == expected(
        "ocop_media_ext",
        input=f"../../media/{REPORT.replace('.pdf', '.docx')}",
        allowed=".jpg, .jpeg, .png, .webp, .pdf",
    )
    scan.fill(REPORT)

    next_step(page)  # refused: the expiry date and the missing area
    said["origin.area"] = error_of(group(origin, "Vùng nguyên liệu"))
    assert said["origin.area"] == expected("missing")
    assert page.locator("[data-summary]").is_visible()
    shot("2-wrong-date", '[data-name="produced"]')
    shot("2-missing", '[data-name="origin"]')
    expires.fill("2028-10-20")
    localized(origin, "Vùng nguyên liệu", "Vùng trồng trà hoa vàng dưới tán rừng Khe Mằn")
    assert not form.locator("[data-error]:visible").count()
    shot("2-batch", '[data-name="events"]')
    next_step(page)

    # Step 3: the trace page as it will be.
    assert LOT in page.locator("[data-preview] h1").inner_text()
    previewed = texts(page, "[data-preview]")
    shot("3-preview")
    next_step(page)
    shot("4-send")
    return said, previewed


def file_from_link(page: Page) -> tuple[str, str, str]:
    """The path, the text and the base of the hand-off link, read as the code host reads it."""
    href = page.get_by_role("link", name="Mở trang gửi tệp trên GitHub").get_attribute("href")
    assert href
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    return query["filename"][0], query["value"][0], f"{parts.scheme}://{parts.netloc}{parts.path}"


def copy_of_repository(tmp_path: Path) -> Path:
    """The records and the files `ocop validate` reads beside them."""
    root = tmp_path / "repo"
    shutil.copytree(SAMPLE_PRODUCTS, root / "products")
    for name in ("permalinks.tsv", "mkdocs.yml"):
        shutil.copy(SAMPLE_PRODUCTS.parent / name, root / name)
    return root


def events_swapped(text: str, one: int, other: int) -> str:
    """The record with two of its events in each other's place, as before the producer moved one."""
    data = yaml.safe_load(text)
    events = data["events"]
    events[one], events[other] = events[other], events[one]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def validate(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, str]:
    code = main(["validate", str(folder)])
    return code, capsys.readouterr().out


# The parts of the trace page that its preview shows (the QR code, labels, the product's
# standards and warnings are the real page's only).
PREVIEWED = [
    "section.ocop-status:not([hidden])",
    "h1",
    "dl.ocop-facts--key",
    "dl.ocop-facts:not(.ocop-facts--key)",
    "ol.ocop-timeline",
]


def texts(page: Page, scope: str) -> list[str]:
    return [" ".join(page.locator(f"{scope} {part}").first.inner_text().split()) for part in PREVIEWED] + [
        " ".join(t.split()) for t in page.locator(f"{scope} ul.ocop-list").all_inner_texts()[:2]
    ]


@pytest.mark.browser
@needs_chromium
def test_a_new_batch_from_a_phone_passes_validation_and_builds_its_trace_page(
    browser: Browser, sample: Served, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, watch = open_editor(browser, sample)
    try:
        said, previewed = fill_batch(page, tmp_path)
        path, text, base = file_from_link(page)
        assert base == f"{REPOSITORY}/new/main"
        assert page.locator("[data-file-text]").input_value() == text
        assert watch.page_errors == [] and watch.console_errors == []
        assert watch.elsewhere == [], "the editor made a request to a third party"
    finally:
        page.context.close()
    assert path == f"products/{PRODUCER}/{PRODUCT}/batches/{LOT}.yml"
    assert text.startswith("# yaml-language-server: $schema=../../../../schema/batch.json\n")

    root = copy_of_repository(tmp_path)
    (root / "products" / PRODUCER / "media" / REPORT).write_bytes(b"%PDF-1.4\n%%EOF\n")  # uploaded
    record = root / path
    record.write_text(text, encoding="utf-8")
    code, out = validate(capsys, root / "products" / PRODUCER)
    assert code == 0, out

    # The validator, given each of the producer's mistakes, says what the form said.
    mistakes = {
        "expires": text.replace("expires: 2028-10-20", "expires: 2026-10-01"),
        "origin.area": re.sub(r"  area:\n(    .*\n)+", "", text),
        "events[2].date": events_swapped(text, 1, 2),
        "documents[0].file": text.replace(REPORT, REPORT.replace(".pdf", ".docx")),
    }
    for field, wrong in mistakes.items():
        record.write_text(wrong, encoding="utf-8")
        code, out = validate(capsys, root / "products" / PRODUCER)
        assert code == 1
        assert f"[{field}]\n  vi: {said[field]}\n" in out, out
    record.write_text(text, encoding="utf-8")

    cache = Path(sample.build.config.plugins["ocop"].config.cache_dir)  # type: ignore[attr-defined]
    built = sitebuild.build_site(tmp_path / "build", root / "products", cache_dir=cache)
    with contextmanager(serve)(built) as served:
        trace = browser.new_context(viewport=PHONE).new_page()
        trace.goto(served.url(f"p/{PRODUCT}/{LOT}/"))
        # The preview is the page the batch got, part for part.
        assert texts(trace, "article.ocop-trace") == previewed
        trace.context.close()


@pytest.mark.browser
@needs_chromium
def test_the_file_is_written_the_way_ocop_new_writes_it(
    browser: Browser, sample: Served, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given the same values, the editor and `ocop new batch` write the same lines, comments aside."""
    values = {
        "produced": "2026-10-20",
        "origin.area": "Đồi chè: thôn Khe Mằn",  # a colon, which plain YAML would misread
        "origin.area@en": "Tea hills of Khe Mằn",
        "events[].step": "harvesting",
        "events[].date": "2026-10-10",
        "events[].place": "no",  # YAML 1.1 would read this as false
        "events[].place@en": "Khe Mằn hill",
    }
    page, _ = open_editor(browser, sample)
    try:
        page.get_by_label("Cơ sở sản xuất").select_option(PRODUCER)
        page.get_by_label("Sản phẩm").select_option(PRODUCT)
        page.get_by_label("Số lô").fill(LOT)
        next_step(page)
        form = page.locator('[data-form="batch"]')
        form.get_by_label("Ngày sản xuất").fill(values["produced"])
        localized(form, "Vùng nguyên liệu", values["origin.area"], values["origin.area@en"])
        form.get_by_label("Công đoạn").select_option(values["events[].step"])
        form.get_by_label("Ngày hoặc ngày giờ").fill(values["events[].date"])
        localized(form, "Địa điểm", values["events[].place"], values["events[].place@en"])
        next_step(page)
        next_step(page)
        _, text, _ = file_from_link(page)
    finally:
        page.context.close()
    root = copy_of_repository(tmp_path)
    request = scaffold.NewRecord("batch", root / "products", PRODUCER, PRODUCT, LOT, values)
    written, missing = scaffold.run_new(request, interactive=False, ask=input, say=print, today=TODAY)
    assert missing == []

    def content(lines: str) -> list[str]:
        return [line for line in lines.splitlines() if line.strip() and not line.lstrip().startswith("#")]

    assert content(text) == content(written.read_text(encoding="utf-8"))
    assert validate(capsys, root / "products" / PRODUCER)[0] == 0


TRICKY_TEXTS = [
    "hộp",
    "no",
    "Yes",
    "on",
    "null",
    "~",
    "1200",
    "0x1F",
    "1_000",
    "2026-10-20",
    "12:30",
    "5445/QĐ-UBND",
    "500 ml",
    "Đồi chè: thôn Khe Mằn",
    "xưởng # 2",
    "- gạch đầu dòng",
    "* sao",
    "&neo",
    "!thẻ",
    "@tên",
    "`lệnh`",
    "'trích'",
    '"ngoặc"',
    "[a, b]",
    "{vi: x}",
    "a: b",
    "kết thúc:",
    "cách ",
    " đầu",
    "dấu \\ chéo",
    "tab\there",
    "dòng\nmới",
    "chuông\u0007",
    "dòng\u2028tách",
    "Trà hoa vàng – 50 g (hộp)",
    ".inf",
    "=",
    "%",
    "?",
    "|",
    ">",
]


@pytest.mark.browser
@needs_chromium
def test_every_text_reads_back_as_it_was_typed(browser: Browser, sample: Served) -> None:
    """The editor's YAML for a text reads back as that very text, in our loader and in YAML 1.1."""
    page, _ = open_editor(browser, sample)
    try:
        written = page.evaluate("texts => texts.map(window.ocopEditor.yamlText)", TRICKY_TEXTS)
    finally:
        page.context.close()
    for text, yaml_text in zip(TRICKY_TEXTS, written, strict=True):
        document = f"k: {yaml_text}\n"
        assert parse_yaml(document.encode()).data == {"k": text}, (text, yaml_text)
        assert yaml.safe_load(document) == {"k": text}, (text, yaml_text)
    assert written[0] == "hộp" and written[TRICKY_TEXTS.index("500 ml")] == "500 ml"


CERTIFIED = "ruou-ba-kich-ba-che"  # its certificate runs out two months after the tests' today
CERTIFIED_BY = "htx-lam-san-ngoai-go-ba-che"


@pytest.mark.browser
@needs_chromium
def test_a_renewed_certificate_replaces_the_ocop_block(
    browser: Browser, sample: Served, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, watch = open_editor(browser, sample, f"{EDITOR}?product={CERTIFIED}")
    try:
        assert page.get_by_label("Sản phẩm").input_value() == CERTIFIED  # from the product's link
        page.get_by_label("Cập nhật giấy chứng nhận OCOP").check()
        assert not page.get_by_label("Số lô").is_visible()
        next_step(page)
        form = page.locator('[data-form="certificate"]')
        # What the site shows now is filled in.
        assert form.get_by_label("Quyết định").input_value() == "312/QĐ-UBND"
        assert group(form, "Cơ quan").get_by_label("Tiếng Việt").input_value() == "UBND tỉnh Quảng Ninh"
        form.get_by_label("Số quyết định").fill("1187/QĐ-UBND")
        form.get_by_label("Số sao").fill("6")
        form.get_by_label("Số sao").blur()
        assert error_of(form.locator('[data-name="stars"]')) == expected("range_le", le=5)
        form.get_by_label("Số sao").fill("5")
        form.get_by_label("Ngày cấp").fill("2026-11-20")
        form.get_by_label("Ngày hết hạn").fill("2026-01-20")
        form.get_by_label("Ngày hết hạn").blur()
        assert error_of(form.locator('[data-name="expires"]')) == expected(
            "date_order",
            field="ocop.expires",
            value="2026-01-20",
            other_field="ocop.issued",
            other_value="2026-11-20",
        )
        form.get_by_label("Ngày hết hạn").fill("")
        form.get_by_label("Bản chụp").fill("chung-nhan-ocop-ruou-ba-kich.jpg")
        next_step(page)
        block = page.locator("[data-file-text]").input_value()
        edit = page.get_by_role("link", name="Mở product.yml trên GitHub").get_attribute("href")
        assert watch.elsewhere == [] and watch.page_errors == []
    finally:
        page.context.close()
    path = f"products/{CERTIFIED_BY}/{CERTIFIED}/product.yml"
    assert edit == f"{REPOSITORY}/edit/main/{path}"
    root = copy_of_repository(tmp_path)
    product = root / path
    # What the producer does on GitHub: the old block out, the new one in.
    old = product.read_text(encoding="utf-8")
    product.write_text(re.sub(r"^ocop:\n(?:  .*\n)+", block, old, count=1, flags=re.M), encoding="utf-8")
    code, out = validate(capsys, root / "products" / CERTIFIED_BY)
    assert code == 0, out
    assert "ocop_expiring" not in out and "1187/QĐ-UBND" in product.read_text(encoding="utf-8")
    assert "stars: 5\n" in block


@pytest.mark.browser
@needs_chromium
def test_photos_go_to_the_producers_media_folder(browser: Browser, sample: Served) -> None:
    page, _ = open_editor(browser, sample, f"{EDITOR}?product={CERTIFIED}")
    try:
        page.get_by_label("Thêm ảnh hoặc giấy tờ").check()
        next_step(page)
        upload = page.get_by_role("link", name="Mở trang tải tệp lên thư mục media")
        assert upload.get_attribute("href") == f"{REPOSITORY}/upload/main/products/{CERTIFIED_BY}/media"
        assert (
            page.get_by_role("link", name="Tạo bản sao (fork)").get_attribute("href") == f"{REPOSITORY}/fork"
        )
    finally:
        page.context.close()


@pytest.mark.browser
@needs_chromium
def test_the_english_editor_speaks_english(browser: Browser, sample: Served) -> None:
    page, watch = open_editor(browser, sample, "en/" + EDITOR, locale="en-GB")
    try:
        page.get_by_role("button", name="Next").click()
        assert error_of(page.locator("[data-pick=producer]")) == expected("missing", "en")
        page.get_by_label("Producer", exact=True).select_option(PRODUCER)
        page.get_by_label("Product", exact=True).select_option(PRODUCT)
        page.get_by_label("Lot").fill(LOT)
        page.get_by_role("button", name="Next").click()
        assert page.locator('[data-form="batch"]').get_by_label("Production date").is_visible()
        # Every word on its buttons is a word ("copy" once printed a dict's method instead).
        assert page.locator("button[data-copy]").text_content() == "Copy the text"
        assert watch.page_errors == [] and watch.elsewhere == []
    finally:
        page.context.close()


def test_the_editor_page_is_light_and_loads_nothing_from_elsewhere(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """HTML, CSS and JavaScript of a first visit, gzip: what a phone on a weak connection takes
    before the form works (the catalog it then reads is measured in BENCHMARKS.md)."""
    site = sitebuild.sample_site(tmp_path_factory).site
    for path in (EDITOR, "en/" + EDITOR):
        weight = page_weight(site, path)
        assert weight.missing == []
        assert weight.total_gz <= 50 * 1024, weight
        html = (site / path / "index.html").read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="([^"]*)"', html)
        # A link element loads its href, unless it only names another page (canonical, prev…).
        loaded += [
            href
            for tag in re.findall(r"<link\b[^>]*>", html)
            if not re.search(r'rel="(?:canonical|prev|next|alternate)"', tag)
            for href in re.findall(r'href="([^"]*)"', tag)
        ]
        assert loaded and not [url for url in loaded if re.match(r"(?:[a-z]+:)?//", url)]


@pytest.mark.browser
@needs_chromium
def test_no_serious_accessibility_violations_in_the_form(browser: Browser, sample: Served) -> None:

    page, _ = open_editor(browser, sample)
    try:
        found = []
        for step in ("pick", "batch"):
            if step == "batch":
                page.get_by_label("Cơ sở sản xuất").select_option(PRODUCER)
                page.get_by_label("Sản phẩm").select_option(PRODUCT)
                page.get_by_label("Số lô").fill(LOT)
                next_step(page)
                next_step(page)  # refused: the mistakes are shown too
                # Away from the button and past its colour transition (125 ms): axe reads colours
                # as they are drawn.
                page.mouse.move(0, 0)
                page.wait_for_timeout(300)
            found += [f"{step}: {violation}" for violation in serious_violations(page)]
        assert found == []
    finally:
        page.context.close()
