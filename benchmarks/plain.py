"""The records read the plain way, and the list of pages a catalog site has, for the two
comparison builds (the Material baseline and the Jinja2 floor).

Nothing here imports the generator: the comparisons must not share its code or its costs.
Records are read with PyYAML's C loader, without validation; pages are the same set our build
makes (product, batch and producer pages, the catalog listings, the producer index, in every
language), topped up with plain text pages to reach an exact page count.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGUAGES = ("vi", "en")
GROUPS = ("food", "beverage", "herbal", "handicraft", "ornamental", "tourism")

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "site": "OCOP Quảng Ninh",
        "catalog": "Danh mục sản phẩm OCOP",
        "producers": "Các cơ sở sản xuất",
        "group": "Nhóm",
        "stars": "sao OCOP",
        "commune": "Xã, phường",
        "story": "Câu chuyện sản phẩm",
        "details": "Thông tin sản phẩm",
        "ingredients": "Thành phần",
        "net_content": "Khối lượng tịnh",
        "shelf_life": "Hạn sử dụng",
        "storage": "Bảo quản",
        "warnings": "Cảnh báo",
        "standards": "Tiêu chuẩn, chứng nhận",
        "certificate": "Giấy chứng nhận OCOP",
        "decision": "Quyết định",
        "issued": "Ngày cấp",
        "batches": "Các lô sản xuất",
        "lot": "Số lô",
        "produced": "Ngày sản xuất",
        "packaged": "Ngày đóng gói",
        "expires": "Hạn sử dụng",
        "quantity": "Số lượng",
        "where_to_buy": "Nơi mua",
        "producer": "Cơ sở sản xuất",
        "product": "Sản phẩm",
        "origin": "Nguồn gốc nguyên liệu",
        "inputs": "Nguyên liệu đầu vào",
        "supplier": "Nhà cung cấp",
        "timeline": "Hành trình sản phẩm",
        "place": "Địa điểm",
        "documents": "Giấy tờ",
        "released": "Đang lưu hành",
        "recalled": "Lô hàng đã bị thu hồi",
        "withdrawn": "Lô hàng đã ngừng lưu hành",
        "reason": "Lý do",
        "instructions": "Bạn cần làm gì",
        "address": "Địa chỉ",
        "phone": "Điện thoại",
        "products": "Sản phẩm",
        "page": "Trang",
        "food": "Thực phẩm",
        "beverage": "Đồ uống",
        "herbal": "Thảo dược",
        "handicraft": "Thủ công mỹ nghệ, lưu niệm",
        "ornamental": "Sinh vật cảnh",
        "tourism": "Dịch vụ du lịch",
    },
    "en": {
        "site": "OCOP Quảng Ninh",
        "catalog": "OCOP product catalog",
        "producers": "Producers",
        "group": "Group",
        "stars": "OCOP stars",
        "commune": "Commune",
        "story": "The product's story",
        "details": "Product details",
        "ingredients": "Ingredients",
        "net_content": "Net content",
        "shelf_life": "Shelf life",
        "storage": "Storage",
        "warnings": "Warnings",
        "standards": "Standards and certifications",
        "certificate": "OCOP certificate",
        "decision": "Decision",
        "issued": "Issued",
        "batches": "Production batches",
        "lot": "Lot",
        "produced": "Produced",
        "packaged": "Packed",
        "expires": "Best before",
        "quantity": "Quantity",
        "where_to_buy": "Where to buy",
        "producer": "Producer",
        "product": "Product",
        "origin": "Origin of the raw material",
        "inputs": "Inputs",
        "supplier": "Supplier",
        "timeline": "The batch's journey",
        "place": "Place",
        "documents": "Documents",
        "released": "On sale",
        "recalled": "This batch has been recalled",
        "withdrawn": "This batch has been withdrawn",
        "reason": "Reason",
        "instructions": "What to do",
        "address": "Address",
        "phone": "Phone",
        "products": "Products",
        "page": "Page",
        "food": "Food",
        "beverage": "Beverages",
        "herbal": "Herbal products",
        "handicraft": "Handicrafts and souvenirs",
        "ornamental": "Ornamental plants",
        "tourism": "Tourism services",
    },
}


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in ascii_text).split())


def text(value: Any, lang: str) -> str:
    """A localized field in ``lang``, falling back to Vietnamese."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("vi") or "")
    return str(value)


def fmt_date(value: Any) -> str:
    if value is None:
        return ""
    if not hasattr(value, "day"):
        value = date.fromisoformat(str(value)[:10])
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


@dataclass
class Producer:
    id: str
    record: dict[str, Any]
    products: list[Product] = field(default_factory=list)


@dataclass
class Product:
    id: str
    record: dict[str, Any]
    producer: Producer
    batches: list[Batch] = field(default_factory=list)


@dataclass
class Batch:
    lot: str
    record: dict[str, Any]
    product: Product


@dataclass
class Catalog:
    producers: list[Producer]
    products: list[Product]
    batches: list[Batch]


def load(products_dir: Path) -> Catalog:
    """Every record under ``products_dir``, parsed with the C loader and not validated."""
    producers: list[Producer] = []
    products: list[Product] = []
    batches: list[Batch] = []

    def read(path: Path) -> dict[str, Any]:
        with path.open("rb") as stream:
            data: dict[str, Any] = yaml.load(stream, Loader=Loader)
        return data

    for folder in sorted(p for p in products_dir.iterdir() if p.is_dir()):
        producer = Producer(folder.name, read(folder / "producer.yml"))
        producers.append(producer)
        for product_dir in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "media"):
            product = Product(product_dir.name, read(product_dir / "product.yml"), producer)
            producer.products.append(product)
            products.append(product)
            batch_dir = product_dir / "batches"
            if batch_dir.is_dir():
                for batch_file in sorted(batch_dir.glob("*.yml"), reverse=True):
                    batch = Batch(batch_file.stem, read(batch_file), product)
                    product.batches.append(batch)
                    batches.append(batch)
    return Catalog(producers, products, batches)


@dataclass(frozen=True)
class Listing:
    kind: str  # all, group, stars, commune
    key: str
    path: str  # language-neutral site path of the listing, e.g. catalog/group/food/
    title: dict[str, str]
    products: list[Product]


def listings(catalog: Catalog) -> list[Listing]:
    """The catalog's index pages: all products, and by group, by stars and by commune."""

    def order(products: list[Product]) -> list[Product]:
        return sorted(
            products, key=lambda p: (-int(p.record["ocop"]["stars"]), slugify(text(p.record["name"], "vi")))
        )

    by_group: dict[str, list[Product]] = defaultdict(list)
    by_stars: dict[int, list[Product]] = defaultdict(list)
    by_commune: dict[str, list[Product]] = defaultdict(list)
    commune_names: dict[str, str] = {}
    for product in catalog.products:
        by_group[product.record["group"]].append(product)
        by_stars[int(product.record["ocop"]["stars"])].append(product)
        commune = str(product.producer.record["commune"])
        by_commune[slugify(commune)].append(product)
        commune_names[slugify(commune)] = commune
    found = [
        Listing(
            "all",
            "all",
            "catalog/",
            {"vi": WORDS["vi"]["catalog"], "en": WORDS["en"]["catalog"]},
            order(catalog.products),
        )
    ]
    found += [
        Listing("group", g, f"catalog/group/{g}/", {lang: WORDS[lang][g] for lang in LANGUAGES}, order(p))
        for g, p in sorted(by_group.items())
    ]
    found += [
        Listing(
            "stars",
            str(s),
            f"catalog/stars/{s}/",
            {lang: f"{s} {WORDS[lang]['stars']}" for lang in LANGUAGES},
            order(p),
        )
        for s, p in sorted(by_stars.items(), reverse=True)
    ]
    found += [
        Listing("commune", slug, f"catalog/commune/{slug}/", {"vi": commune_names[slug]}, order(p))
        for slug, p in sorted(by_commune.items())
    ]
    return found


@dataclass(frozen=True)
class Page:
    """One page of the comparison sites, in one language."""

    kind: str  # product, batch, producer, listing, producers, text
    path: str  # language-neutral site path ending in "/"
    lang: str
    subject: Any = None  # Product, Batch, Producer, Listing, Catalog or the text page's number

    @property
    def site_path(self) -> str:
        return ("" if self.lang == LANGUAGES[0] else self.lang + "/") + self.path


def pages(catalog: Catalog, total: int | None = None) -> list[Page]:
    """The pages of the catalog in every language; with ``total``, topped up with text pages (or
    cut) to exactly that many."""
    found: list[Page] = []
    index = listings(catalog)
    for lang in LANGUAGES:
        for producer in catalog.producers:
            found.append(Page("producer", f"producers/{producer.id}/", lang, producer))
        for product in catalog.products:
            found.append(Page("product", f"p/{product.id}/", lang, product))
            found += [Page("batch", f"p/{product.id}/{b.lot}/", lang, b) for b in product.batches]
        found += [Page("listing", listing.path, lang, listing) for listing in index]
        found.append(Page("producers", "producers/", lang, catalog))
        found.append(Page("text", "", lang, 0))  # the home page
    if total is not None:
        number = 1
        while len(found) < total:
            found.append(Page("text", f"about/{number}/", LANGUAGES[number % 2], number))
            number += 1
        found = found[:total]
    return found


TEXT_PAGE = {
    "vi": (
        "Chương trình Mỗi xã một sản phẩm (OCOP) đánh giá và phân hạng sản phẩm từ 3 đến 5 sao. "
        "Hội đồng cấp tỉnh chấm điểm theo bộ tiêu chí của Trung ương: sản phẩm và sức mạnh cộng đồng, "
        "khả năng tiếp thị, chất lượng sản phẩm. Giấy chứng nhận có giá trị 36 tháng.",
        "Mỗi lô sản xuất có một trang truy xuất nguồn gốc riêng. Quét mã QR trên bao bì để biết sản "
        "phẩm được làm ở đâu, khi nào, từ nguyên liệu gì, và lô hàng có bị thu hồi hay không.",
    ),
    "en": (
        "Vietnam's One Commune One Product (OCOP) programme rates local products from three to five "
        "stars. A provincial council scores them against national criteria: the product and its "
        "community, marketing, and quality. A certificate is valid for 36 months.",
        "Every production batch has its own trace page. Scan the QR code on the package to see where "
        "and when the product was made, from which raw materials, and whether the batch was recalled.",
    ),
}
