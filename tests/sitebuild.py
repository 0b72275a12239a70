"""Build a real site from a products folder, the way `mkdocs build` does, into a temporary folder.

The repository's mkdocs.yml is the starting point; only the paths (made absolute or moved into
the test's temporary folder) and the plugin's fixed "today" change. A refused build raises
`BuildFailed` carrying everything MkDocs logged as a warning or error, which for invalid records
is the plugin's bilingual problem report.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import resvg_py
import yaml
import zxingcpp
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load
from PIL import Image

from generator.site.render import LANGUAGE_ROOT, SITE_ROOT

from .conftest import TODAY as CONFTEST_TODAY

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PRODUCTS = ROOT / "products"
CONFIG_FILE = ROOT / "mkdocs.yml"
NO_LEDGER = Path("/nonexistent/no-ledger.tsv")
TODAY = CONFTEST_TODAY.isoformat()


class BuildFailed(Exception):
    """The build was refused; the text holds MkDocs' log of warnings and errors."""


@dataclass
class BuildResult:
    site: Path
    config: MkDocsConfig
    config_file: Path
    today: date
    # Files the build created or changed in docs_dir or in the records folder (should be none).
    written_outside: list[str]
    _parsed: dict[str, Element] = field(default_factory=dict, repr=False)

    @property
    def qr_made(self) -> int:
        """QR codes drawn (not taken from the cache) in this build."""
        return int(self.config.plugins["ocop"].qr.made)  # type: ignore[attr-defined]

    @property
    def pages_rendered(self) -> int:
        """Bulk pages and label sheets rendered (not copied from an earlier build) in this build."""
        return int(self.config.plugins["ocop"].pages_rendered)  # type: ignore[attr-defined]

    @property
    def site_url(self) -> str:
        return str(self.config.site_url)

    def page(self, path: str) -> Path:
        """The built file for a site path such as ``p/<id>/`` or ``en/catalog/``."""
        target = self.site / path
        return target / "index.html" if path.endswith("/") or not path else target

    def served(self, path: str) -> str:
        """The site path a static host answers ``path`` with, as GitHub Pages, Netlify and
        Cloudflare Pages do: the file itself, else ``<path>.html``, else the folder ``<path>/``
        (they redirect there when it exists)."""
        if not path or path.endswith("/") or self.page(path).is_file():
            return path
        if (self.site / (path + ".html")).is_file():
            return path + ".html"
        return path + "/"

    def html(self, path: str) -> str:
        return self.page(path).read_text(encoding="utf-8")

    def doc(self, path: str) -> Element:
        """The parsed page at a site path (parsed once per build)."""
        if path not in self._parsed:
            self._parsed[path] = parse_html(self.html(path))
        return self._parsed[path]

    def html_pages(self) -> list[str]:
        """Site paths of every built HTML page (``p/x/`` for ``p/x/index.html``)."""
        found = []
        for file in sorted(self.site.rglob("*.html")):
            relative = file.relative_to(self.site).as_posix()
            found.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        return found

    def absolute(self, path: str) -> str:
        return urljoin(self.site_url, path)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def write_config(
    tmp_path: Path,
    products_dir: Path,
    *,
    today: str | None = TODAY,
    site_dir: Path | None = None,
    cache_dir: Path | None = None,
    ledger: Path | None = None,
    options: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
) -> Path:
    """A copy of the repository's mkdocs.yml pointing at ``products_dir`` and into ``tmp_path``.

    ``ledger`` is the permalink ledger the build checks; by default the repository's own, as
    configured in mkdocs.yml (``NO_LEDGER`` for none). ``options`` are more plugin options,
    ``settings`` more top-level settings of mkdocs.yml.
    """
    data: dict[str, Any] = yaml_load(CONFIG_FILE.read_text(encoding="utf-8"))  # with its !ENV tags
    data.update(settings or {})
    data["docs_dir"] = str((ROOT / data.get("docs_dir", "docs")).resolve())
    data["site_dir"] = str(site_dir or tmp_path / "site")
    theme = data["theme"]
    theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    plugins: list[Any] = data["plugins"]
    for index, entry in enumerate(plugins):
        if entry == "ocop":
            plugins[index] = entry = {"ocop": {}}
        if isinstance(entry, dict) and "ocop" in entry:
            ocop = entry["ocop"] = dict(entry["ocop"] or {})
            ocop["records"] = str(products_dir.resolve())
            if today is not None:  # None: the build takes the day itself
                ocop["today"] = today
            ocop["cache_dir"] = str(cache_dir or tmp_path / "cache")
            repository_ledger = ROOT / ocop.get("ledger", "permalinks.tsv")
            chosen = repository_ledger if ledger is None else ledger
            # A ledger file that does not exist holds no URL, so nothing is checked against it.
            ocop["ledger"] = str(tmp_path / "no-ledger.tsv" if chosen == NO_LEDGER else chosen)
            ocop.update(options or {})
            break
    else:
        raise AssertionError("mkdocs.yml has no ocop plugin")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below ``folder`` with its size and modification time."""
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def build_site(
    tmp_path: Path,
    products_dir: Path,
    *,
    today: str | None = TODAY,
    site_dir: Path | None = None,
    cache_dir: Path | None = None,
    ledger: Path | None = None,
    options: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
) -> BuildResult:
    """Build the site for ``products_dir`` into ``site_dir`` (default ``tmp_path/site``).

    Raises `BuildFailed` when MkDocs refuses the build; its text includes the log.
    """
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    tmp_path.mkdir(parents=True, exist_ok=True)
    config_file = write_config(
        tmp_path,
        products_dir,
        today=today,
        site_dir=site_dir,
        cache_dir=cache_dir,
        ledger=ledger,
        options=options,
        settings=settings,
    )
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        cfg = load_config(config_file=str(config_file))
        docs_dir = Path(cfg.docs_dir)
        docs_before, records_before = snapshot(docs_dir), snapshot(products_dir)
        try:
            build(cfg)
        except Exception as error:  # a refused build ends in mkdocs' Abort
            log = "\n".join(collect.messages)
            raise BuildFailed(f"{type(error).__name__}: {error}\n{log}") from error
        written = changes(docs_before, snapshot(docs_dir))
        written += [f"{products_dir.name}/{name}" for name in changes(records_before, snapshot(products_dir))]
    finally:
        logger.removeHandler(collect)
    day = cfg.plugins["ocop"].today  # type: ignore[attr-defined]
    return BuildResult(Path(cfg.site_dir), cfg, config_file, day, written)


# Builds shared by the whole test session ------------------------------------------------------

# The last two are the sentinels a product card's links start with until a listing places them.
HOSTILE = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> "><svg onload=alert(1)> '
    f"{LANGUAGE_ROOT}{SITE_ROOT}"
)
HOSTILE_PRODUCER = "co-so-thu-nghiem"
HOSTILE_PRODUCT = "san-pham-thu-nghiem"
HOSTILE_LOT = "XSS-1"

_SESSION_BUILDS: dict[str, BuildResult] = {}


def add_hostile_records(products_dir: Path) -> None:
    """A producer, product and batch whose every text field carries markup as plain text."""

    def text(label: str) -> dict[str, str]:
        return {"vi": f"{label} {HOSTILE}", "en": f"{label} (en) {HOSTILE}"}

    producer = products_dir / HOSTILE_PRODUCER
    product = producer / HOSTILE_PRODUCT
    (product / "batches").mkdir(parents=True)
    records: dict[Path, dict[str, Any]] = {
        producer / "producer.yml": {
            "name": text("Cơ sở"),
            "kind": "household",
            "address": text("Địa chỉ"),
            "commune": f"xã Thử {HOSTILE}",
            "district_legacy": HOSTILE,
            "maintainers": ["tester"],
            "description": text("Mô tả *nhấn*"),
        },
        product / "product.yml": {
            "name": text("Sản phẩm"),
            "group": "food",
            "subgroup": text("Phân nhóm"),
            "ocop": {"stars": 3, "decision": HOSTILE, "issued_by": text("UBND"), "issued": "2026-01-05"},
            "summary": text("Tóm tắt"),
            "story": {
                "vi": f"Câu chuyện {HOSTILE}\n\n- mục *một* {HOSTILE}\n- [liên kết](https://shop.example/a)",
                "en": f"Story {HOSTILE}",
            },
            "ingredients": text("Thành phần"),
            "net_content": HOSTILE,
            "shelf_life": text("Hạn"),
            "storage": text("Bảo quản"),
            "usage": text("Cách dùng"),
            "warnings": text("Cảnh báo"),
            "standards": [{"name": text("Tiêu chuẩn"), "number": HOSTILE}],
            "where_to_buy": [
                {
                    "name": text("Cửa hàng"),
                    "url": 'https://shop.example/?q="><script>alert(1)</script>',
                    "address": text("Địa chỉ cửa hàng"),
                }
            ],
        },
        product / "batches" / f"{HOSTILE_LOT}.yml": {
            "produced": "2026-09-01",
            "quantity": {"amount": 10, "unit": text("gói")},
            "status": "recalled",
            "recall": {
                "date": "2026-10-01",
                "reason": text("Lý do"),
                "instructions": text("Hướng dẫn: gọi 0912 345 678"),
            },
            "origin": {"area": text("Vùng"), "commune": HOSTILE},
            "inputs": [{"material": text("Nguyên liệu"), "supplier": text("Nhà cung cấp"), "lot": "A1"}],
            "events": [
                {
                    "step": "packing",
                    "date": "2026-09-01",
                    "place": text("Nơi"),
                    "actor": text("Người"),
                    "note": text("Ghi chú"),
                }
            ],
        },
    }
    for path, data in records.items():
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def sample_site(factory: pytest.TempPathFactory) -> BuildResult:
    """The repository's sample catalog, built once per test session."""
    if "sample" not in _SESSION_BUILDS:
        _SESSION_BUILDS["sample"] = build_site(factory.mktemp("sample-build"), SAMPLE_PRODUCTS)
    return _SESSION_BUILDS["sample"]


# Products per listing page in paged_site: small enough to cut the sample catalog in three.
PAGED_LISTING_SIZE = 4


def paged_site(factory: pytest.TempPathFactory) -> BuildResult:
    """The sample catalog with listings cut into pages, as the national catalog's are."""
    if "paged" not in _SESSION_BUILDS:
        _SESSION_BUILDS["paged"] = build_site(
            factory.mktemp("paged-build"), SAMPLE_PRODUCTS, options={"listing_page_size": PAGED_LISTING_SIZE}
        )
    return _SESSION_BUILDS["paged"]


def hostile_site(factory: pytest.TempPathFactory) -> BuildResult:
    """A copy of the sample catalog plus records full of markup, built once per test session."""
    if "hostile" not in _SESSION_BUILDS:
        folder = factory.mktemp("hostile-build")
        products = folder / "products"
        shutil.copytree(SAMPLE_PRODUCTS, products)
        add_hostile_records(products)
        # The sample's QR cache: only the hostile records' codes need drawing.
        cache = Path(sample_site(factory).config.plugins["ocop"].config.cache_dir)  # type: ignore[attr-defined]
        _SESSION_BUILDS["hostile"] = build_site(folder, products, cache_dir=cache)
    return _SESSION_BUILDS["hostile"]


# QR codes -------------------------------------------------------------------------------------


def decode_image(data: bytes) -> list[str]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return [result.text for result in zxingcpp.read_barcodes(image)]


def decode_svg(svg: str) -> list[str]:
    """Render an SVG QR code as a phone camera would see it, then read it."""
    png = resvg_py.svg_to_bytes(svg_string=svg, width=400, height=400)
    return decode_image(bytes(png))


def image_width(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as image:
        return int(image.width)


# Reading built pages -------------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


RCDATA = {"title", "textarea"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None
    children: list[Element | str]
    line: int

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    def iter(self) -> list[Element]:
        """This element and all below it, in document order."""
        found = [self]
        for child in self.elements():
            found += child.iter()
        return found

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        if not found:
            raise AssertionError(f"no <{tag or '*'} class={cls!r} {attrs}> inside <{self.tag}>")
        return found[0]

    @property
    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return "".join(parts)

    def ancestors(self) -> list[Element]:
        found = []
        node = self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found


class _TreeBuilder(HTMLParser):
    """A forgiving DOM for built pages: enough structure for tests, no third-party parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None, [], 0)
        self.current = self.root
        self.raw_svg: list[tuple[Element, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current, [], self.getpos()[0])
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element
        if tag in RCDATA:
            # As in a browser, markup inside <title> is text up to the closing tag.
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current, [], self.getpos()[0])
        self.current.children.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def content(doc: Element) -> Element:
    """The generated part of a page (the ocop article inside Material's content area)."""
    return doc.find("article", cls="ocop-page")
