"""The record contract (``shared/spec/records.md``) as typed models: the single source of truth.

The same models validate records, give the rest of the generator typed objects, produce the
JSON Schema, and produce the field reference that producers read on the site. Each field's
documentation is therefore written once, here, in Vietnamese and English.

This module checks the shape of one record. Rules that need the file system or other records
(ids equal folder names, dates in order, media files exist) live in ``rules.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from biip import ParseError
from biip.gln import Gln
from biip.gtin import Gtin
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .characters import described, first_invisible
from .clock import SITE_TIMEZONE
from .filenames import checkout_problem
from .markdown_subset import is_web_url, link_targets
from .texts import RECORD_LANGUAGE, slugify

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# GS1 AI(10) characters without "/"; the contract recommends [A-Za-z0-9._-] in practice. A lot
# also names its record's file, so is_valid_lot refuses what Windows refuses in a file name.
LOT_RE = re.compile(r"""^[A-Za-z0-9!"%&'()*+,\-.:;<=>?_]{1,20}$""")
LANG_RE = re.compile(r"^[a-z]{2,3}$")
# Each kind of photo by its file's suffix, as Pillow names its format (media.py reads no other).
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
IMAGE_EXTENSIONS = tuple(IMAGE_FORMATS)
DOCUMENT_EXTENSIONS = (*IMAGE_EXTENSIONS, ".pdf")


EpcisPlace = Literal["ilmd"]


def doc(vi: str, en: str, *, epcis: EpcisPlace | None = None, **kwargs: Any) -> Any:
    """A field with its documentation for producers in both languages. A batch field that EPCIS
    has no term for, but that belongs in a batch's EPCIS document, names where it goes: its
    master data (``ilmd``), as ``ocop:<field>`` (opendata.py)."""
    extra: dict[str, Any] = {"x-doc": {"vi": vi, "en": en}}
    if epcis:
        extra["x-epcis"] = epcis
    return Field(description=en, json_schema_extra=extra, **kwargs)


def field_extra(model: type[BaseModel], name: str) -> dict[str, Any]:
    """What ``doc`` says of a field of ``model``: ``x-doc`` (its documentation per language) and
    ``x-epcis`` where it has one; empty for a field without."""
    info = model.model_fields.get(name)
    extra = info.json_schema_extra if info else None
    return extra if isinstance(extra, dict) else {}


def _fail(code: str, message: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, {"input": value})


# --- Scalar types -------------------------------------------------------------------------


def _slug(value: str) -> str:
    if not (3 <= len(value) <= 60 and SLUG_RE.match(value)):
        raise _fail("ocop_slug", "not a valid id", value)
    return value


# The product's printable fact sheet, p/<product-id>/sheet/, sits beside its batches' pages
# (site/urls.py): no lot may take its name.


def is_valid_lot(value: str) -> bool:
    # "." and ".." would be path traversal once the lot becomes a URL segment; "CON.yml" or a
    # file name ending in a dot cannot be checked out on Windows.
    return bool(LOT_RE.match(value)) and value.strip(".") != "" and checkout_problem(value) is None


def _lot(value: str) -> str:
    if not is_valid_lot(value):
        raise _fail("ocop_lot", "not a valid lot", value)
    return value


def _iso_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail("ocop_date", "date must be YYYY-MM-DD", value)


def _date_or_datetime(value: Any) -> date | datetime:
    if isinstance(value, datetime):
        # A time without an offset is taken as Vietnam time, where the events happen.
        return value if value.tzinfo else value.replace(tzinfo=SITE_TIMEZONE)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                return date.fromisoformat(value.strip())  # a day, not midnight of that day
            return _date_or_datetime(datetime.fromisoformat(value.strip()))
        except ValueError:
            pass
    raise _fail("ocop_datetime", "date or ISO date-time expected", value)


def _visible(line_breaks: bool) -> Any:
    """Text without control characters or invisible marks (characters.py); ``line_breaks``: a
    long text, which may go over several lines."""

    def check(value: str) -> str:
        if (index := first_invisible(value, line_breaks=line_breaks)) is not None:
            raise PydanticCustomError(
                "ocop_invisible_character",
                "control or invisible character",
                {"input": value, "position": index + 1, **described(value[index])},
            )
        return value

    return AfterValidator(check)


_ONE_LINE = _visible(line_breaks=False)


def _commune(value: str) -> str:
    # The commune's listing is at catalog/commune/<slug>/.
    if not slugify(value):
        raise _fail("ocop_commune_name", "no letter or digit", value)
    return value


# ASCII characters that a URL may not hold as they are; a browser sends them percent-encoded.
_URL_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in ' "<>\\^`{|}'})


def _web_url(value: str) -> str:
    """An http(s) link, with what a URL may not hold percent-encoded, as a browser would send it:
    the pages then carry a valid URL, whatever was typed."""
    if not is_web_url(value):
        raise _fail("ocop_url", "only http(s) links", value)
    return value.strip().translate(_URL_ESCAPES)


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}", value):
        raise _fail("ocop_email", "not an e-mail address", value)
    return value


def _gtin14(value: str) -> str:
    digits = value.strip()
    if not re.fullmatch(r"\d{8}|\d{12,14}", digits):
        raise _fail("ocop_gtin", "not a GTIN", value)
    try:
        return Gtin.parse(digits).as_gtin_14()
    except ParseError as error:
        raise _fail("ocop_gtin", "not a GTIN", value) from error


def _gln(value: str) -> str:
    if not re.fullmatch(r"\d{13}", value.strip()):
        raise _fail("ocop_gln", "not a GLN", value)
    try:
        return Gln.parse(value.strip()).value
    except ParseError as error:
        raise _fail("ocop_gln", "not a GLN", value) from error


def _media_path(extensions: tuple[str, ...]) -> Any:
    def check(value: str) -> str:
        path = PurePosixPath(value)
        if (
            not value
            or "\\" in value
            or ":" in value
            or value.startswith("/")
            or any(part in ("", ".") for part in value.split("/"))
        ):
            raise _fail("ocop_media_path", "relative path expected", value)
        if path.suffix.lower() not in extensions:
            raise PydanticCustomError(
                "ocop_media_ext", "wrong file type", {"input": value, "allowed": ", ".join(extensions)}
            )
        for part in path.parts:
            if part != ".." and (problem := checkout_problem(part)):
                code, params = problem
                raise PydanticCustomError(
                    code, "not a name every checkout can hold", {"input": value, **params}
                )
        return value

    return AfterValidator(check)


def _username(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", value):
        raise _fail("ocop_username", "not an account name", value)
    return value


Text = Annotated[str, Field(min_length=1, max_length=2000), _ONE_LINE]
LongText = Annotated[str, Field(min_length=1, max_length=2000), _visible(line_breaks=True)]
Commune = Annotated[Text, AfterValidator(_commune)]
Slug = Annotated[str, AfterValidator(_slug), Field(json_schema_extra={"pattern": SLUG_RE.pattern})]
Lot = Annotated[str, AfterValidator(_lot), Field(json_schema_extra={"pattern": LOT_RE.pattern})]
IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
DateOrDateTime = Annotated[
    date | datetime,
    BeforeValidator(_date_or_datetime),
    WithJsonSchema({"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}),
]
WebUrl = Annotated[
    str, _ONE_LINE, AfterValidator(_web_url), Field(json_schema_extra={"pattern": "^https?://"})
]
Email = Annotated[str, _ONE_LINE, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
Gtin14 = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
    AfterValidator(_gtin14),
    Field(json_schema_extra={"pattern": r"^(\d{8}|\d{12,14})$"}),
]
GlnCode = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
    AfterValidator(_gln),
    Field(json_schema_extra={"pattern": r"^\d{13}$"}),
]
ImagePath = Annotated[
    str, _ONE_LINE, _media_path(IMAGE_EXTENSIONS), Field(json_schema_extra={"x-media": "image"})
]
DocumentPath = Annotated[
    str, _ONE_LINE, _media_path(DOCUMENT_EXTENSIONS), Field(json_schema_extra={"x-media": "document"})
]
Username = Annotated[str, AfterValidator(_username)]


# --- Localized text -----------------------------------------------------------------------

_LOCALIZED_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "required": [RECORD_LANGUAGE],
            "propertyNames": {"pattern": LANG_RE.pattern},
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ]
}


def _localized(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        value = {RECORD_LANGUAGE: value}
    if not isinstance(value, dict):
        raise PydanticCustomError("ocop_localized_type", "text or {vi: ..., en: ...} expected")
    # Checked before the texts: `{vi: Đồi Khe Lạc, xã Ba Chẽ}` gives a key "xã Ba Chẽ" with no
    # text, and the useful explanation is about the comma, not about the missing text.
    for code in value:
        if not LANG_RE.match(str(code)):
            raise _fail("ocop_lang_code", "not a language code", code)
    return value


def _require_vi(value: dict[str, str]) -> dict[str, str]:
    if RECORD_LANGUAGE not in value:
        raise PydanticCustomError("ocop_vi_required", "Vietnamese text is required")
    return value


def _only_web_links(value: dict[str, str]) -> dict[str, str]:
    for text in value.values():
        for target in link_targets(text):
            if not is_web_url(target):
                raise _fail("ocop_link_scheme", "only http(s) links", target)
    return value


# Texts validated so far, while texts_shared() lasts.
_TEXTS: dict[tuple[tuple[str, str], ...], dict[str, str]] | None = None


@contextmanager
def texts_shared() -> Iterator[None]:
    """Records validated meanwhile share their equal localized texts: the batches of a product
    repeat the same places, suppliers and notes, which are then one object each, and stay one
    when pickled together. A loaded catalog takes 26% less memory with five batches a product
    (the benchmark's), 3% with the sample's two or three."""
    global _TEXTS
    _TEXTS = {}
    try:
        yield
    finally:
        _TEXTS = None


def _shared(value: dict[str, str]) -> dict[str, str]:
    # Records are frozen and nothing changes a text once validated, so equal ones can be one.
    return value if _TEXTS is None else _TEXTS.setdefault(tuple(value.items()), value)


def _localized_of(text: Any, *checks: Any, schema: dict[str, Any] = _LOCALIZED_SCHEMA) -> Any:
    """Text per language, each of type ``text``; Vietnamese is required, and a plain string is
    Vietnamese. ``checks`` look at all languages together."""
    return Annotated[  # type: ignore[valid-type]
        (
            dict[str, text],
            BeforeValidator(_localized),
            AfterValidator(_require_vi),
            *checks,
            AfterValidator(_shared),
            WithJsonSchema(schema),
        )
    ]


Localized = _localized_of(LongText)
LocalizedName = _localized_of(Text)  # a name or a title: one line
LocalizedMarkdown = _localized_of(
    Annotated[str, Field(min_length=1, max_length=20000), _visible(line_breaks=True)],
    AfterValidator(_only_web_links),
    schema={**_LOCALIZED_SCHEMA, "x-markdown": True},
)


# --- Records ------------------------------------------------------------------------------


class Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        coerce_numbers_to_str=True,  # `number: 5107` is meant as text
        str_strip_whitespace=True,
    )

    def __getstate__(self) -> dict[Any, Any]:
        # Pydantic gives every model instance its own set of the fields its input gave, the
        # largest part of a record in memory after its dict. Records are frozen, so those sets
        # never change: equal ones are pickled as one object and come back shared, which takes a
        # fifth off the memory of a catalog loaded in workers or from the record cache.
        state = super().__getstate__()
        given = state["__pydantic_fields_set__"]
        state["__pydantic_fields_set__"] = _FIELDS_GIVEN.setdefault(frozenset(given), given)
        return state


# Every distinct set of given fields seen so far: a few per record type.
_FIELDS_GIVEN: dict[frozenset[str], set[str]] = {}


class Location(Record):
    lat: float = doc("Vĩ độ (WGS84), ví dụ 21.27", "Latitude (WGS84), e.g. 21.27", ge=-90, le=90)
    lon: float = doc("Kinh độ (WGS84), ví dụ 107.35", "Longitude (WGS84), e.g. 107.35", ge=-180, le=180)


class Contact(Record):
    phone: Text | None = doc("Số điện thoại", "Phone number", default=None)
    email: Email | None = doc("Thư điện tử", "E-mail address", default=None)
    website: WebUrl | None = doc("Trang web (https://…)", "Website (https://…)", default=None)


ProducerKind = Literal["cooperative", "company", "household", "other"]
OcopGroup = Literal["food", "beverage", "herbal", "handicraft", "ornamental", "tourism"]
ProductStatus = Literal["active", "discontinued", "withdrawn"]
BatchStatus = Literal["released", "recalled", "withdrawn"]
EventStep = Literal[
    "harvesting", "receiving", "processing", "packing", "inspecting", "storing", "shipping", "retail", "other"
]
DocumentKind = Literal["lab-test", "certificate", "other"]


class ProducerRecord(Record):
    id: Slug | None = doc(
        "Mã cơ sở, trùng tên thư mục", "Producer id, equal to the folder name", default=None
    )
    name: LocalizedName = doc("Tên pháp lý hoặc tên giao dịch", "Legal or trading name")
    kind: ProducerKind = doc(
        "Loại hình: cooperative (hợp tác xã), company (doanh nghiệp), household (hộ kinh doanh), other",
        "Kind: cooperative, company, household or other",
    )
    address: Localized = doc("Địa chỉ", "Street address")
    commune: Commune = doc(
        "Xã, phường hoặc đặc khu theo địa giới từ 1/7/2025",
        "Commune, ward or special zone, as reorganised on 1 July 2025",
    )
    district_legacy: Text | None = doc(
        "Huyện, thị xã hoặc thành phố cũ trước năm 2025, ví dụ Ba Chẽ",
        "The former (pre-2025) district or town, e.g. Ba Chẽ",
        default=None,
    )
    province: Text | None = doc(
        "Tỉnh; mặc định là tỉnh của trang", "Province; defaults to the site's", default=None
    )
    location: Location | None = doc("Toạ độ cơ sở", "Coordinates of the premises", default=None)
    business_id: Text | None = doc(
        "Mã số doanh nghiệp, hợp tác xã hoặc mã số thuế", "Registration or tax number", default=None
    )
    gln: GlnCode | None = doc(
        "Mã địa điểm toàn cầu GS1 (GLN), 13 chữ số", "GS1 Global Location Number, 13 digits", default=None
    )
    contact: Contact | None = doc("Liên hệ", "Contact details", default=None)
    maintainers: list[Username] = doc(
        "Tài khoản được phép sửa thư mục này",
        "Code-host accounts allowed to change this folder",
        min_length=1,
    )
    description: LocalizedMarkdown | None = doc(
        "Giới thiệu (Markdown đơn giản)", "About the producer (simple Markdown)", default=None
    )
    logo: ImagePath | None = doc(
        "Ảnh logo trong thư mục media", "Logo image in the media folder", default=None
    )


class Ocop(Record):
    stars: int = doc("Số sao OCOP, từ 3 đến 5", "OCOP stars, 3 to 5", ge=3, le=5)
    score: float | None = doc("Điểm đánh giá, 0–100", "Evaluation score, 0–100", default=None, ge=0, le=100)
    decision: Text = doc("Số quyết định công nhận, ví dụ 5445/QĐ-UBND", "Decision number, e.g. 5445/QĐ-UBND")
    issued_by: Localized = doc("Cơ quan ra quyết định", "Issuing authority")
    issued: IsoDate = doc("Ngày cấp", "Date of issue")
    expires: IsoDate | None = doc(
        "Ngày hết hạn; mặc định 36 tháng sau ngày cấp",
        "Expiry date; defaults to 36 months after issue",
        default=None,
    )
    certificate: DocumentPath | None = doc(
        "Bản chụp giấy chứng nhận", "Scan of the certificate", default=None
    )

    @property
    def valid_until(self) -> date:
        if self.expires:
            return self.expires
        # 36 months is three years to the day; 29 February falls back to the 28th.
        try:
            return self.issued.replace(year=self.issued.year + 3)
        except ValueError:
            return self.issued.replace(year=self.issued.year + 3, day=28)


class Standard(Record):
    name: LocalizedName = doc("Tên tiêu chuẩn, ví dụ VietGAP, HACCP", "Standard, e.g. VietGAP, HACCP")
    number: Text | None = doc(
        "Số hiệu hoặc số giấy chứng nhận", "Number of the standard or certificate", default=None
    )
    issued_by: Localized | None = doc("Tổ chức cấp", "Issuing body", default=None)
    document: DocumentPath | None = doc("Tệp giấy chứng nhận", "Certificate file", default=None)


class WhereToBuy(Record):
    name: LocalizedName = doc("Tên điểm bán", "Shop name")
    url: WebUrl | None = doc("Trang bán hàng (https://…)", "Shop link (https://…)", default=None)
    address: Localized | None = doc("Địa chỉ điểm bán", "Shop address", default=None)


class Withdrawal(Record):
    date: IsoDate = doc("Ngày ngừng lưu hành", "Date of withdrawal")
    reason: Localized = doc("Lý do ngừng lưu hành", "Why it was withdrawn")


class ProductRecord(Record):
    id: Slug | None = doc(
        "Mã sản phẩm, trùng tên thư mục", "Product id, equal to the folder name", default=None
    )
    name: LocalizedName = doc("Tên sản phẩm", "Product name")
    group: OcopGroup = doc(
        "Nhóm OCOP: food (thực phẩm), beverage (đồ uống), herbal (thảo dược), handicraft "
        "(thủ công mỹ nghệ, vải, lưu niệm), ornamental (sinh vật cảnh), tourism (du lịch)",
        "OCOP group: food, beverage, herbal, handicraft, ornamental or tourism",
    )
    subgroup: Localized | None = doc(
        "Phân nhóm, ví dụ thuỷ sản chế biến", "Subgroup, e.g. processed seafood", default=None
    )
    ocop: Ocop = doc("Giấy chứng nhận OCOP", "OCOP certificate")
    gtin: Gtin14 | None = doc(
        "Mã vạch GTIN-8/12/13/14 (được lưu và in dạng GTIN-14)",
        "GTIN-8/12/13/14 barcode (stored as GTIN-14)",
        default=None,
    )
    summary: Localized = doc("Giới thiệu ngắn, một hai câu", "One or two sentences")
    story: LocalizedMarkdown | None = doc(
        "Câu chuyện sản phẩm (Markdown đơn giản)", "The product's story (simple Markdown)", default=None
    )
    ingredients: Localized | None = doc("Thành phần", "Ingredients", default=None)
    net_content: Text | None = doc(
        "Khối lượng hoặc thể tích tịnh, ví dụ 500 ml", "Net content, e.g. 500 ml", default=None
    )
    shelf_life: Localized | None = doc(
        "Hạn sử dụng, ví dụ 24 tháng", "Shelf life, e.g. 24 months", default=None
    )
    storage: Localized | None = doc("Hướng dẫn bảo quản", "Storage instructions", default=None)
    usage: Localized | None = doc("Hướng dẫn sử dụng", "How to use", default=None)
    warnings: Localized | None = doc("Cảnh báo an toàn", "Safety warnings", default=None)
    standards: list[Standard] = doc(
        "Tiêu chuẩn, chứng nhận", "Standards and certifications", default_factory=list
    )
    images: list[ImagePath] = doc(
        "Ảnh sản phẩm; ảnh đầu tiên là ảnh bìa", "Photos; the first is the cover", default_factory=list
    )
    where_to_buy: list[WhereToBuy] = doc("Nơi mua", "Where to buy", default_factory=list)
    status: ProductStatus = doc(
        "active (đang bán), discontinued (ngừng sản xuất) hoặc withdrawn (rút khỏi danh mục)",
        "active, discontinued or withdrawn",
        default="active",
    )
    withdrawal: Withdrawal | None = doc(
        "Ngày và lý do; bắt buộc khi status là withdrawn",
        "Date and reason; required when withdrawn",
        default=None,
    )
    formerly: list[Slug] = doc(
        "Các mã cũ của sản phẩm: đường dẫn cũ (đã in trên bao bì) sẽ chuyển về mã mới",
        "The product's former ids: their URLs (already printed on packaging) redirect to the new one",
        default_factory=list,
    )


class Quantity(Record):
    amount: float = doc("Số lượng", "Amount", gt=0)
    unit: Localized = doc("Đơn vị, ví dụ chai, hộp, kg", "Unit, e.g. bottles, boxes, kg")


class Recall(Record):
    date: IsoDate = doc("Ngày thu hồi", "Recall date")
    reason: Localized = doc("Lý do thu hồi", "Why the batch is recalled")
    instructions: Localized = doc("Người mua cần làm gì", "What buyers should do")


class Origin(Record):
    area: Localized = doc("Vùng nguyên liệu", "Where the raw material comes from")
    commune: Text | None = doc("Xã, phường", "Commune", default=None)
    location: Location | None = doc("Toạ độ vùng nguyên liệu", "Coordinates of the area", default=None)


class Input(Record):
    material: Localized = doc("Nguyên liệu", "Material")
    supplier: Localized | None = doc("Nhà cung cấp", "Supplier", default=None)
    lot: Text | None = doc("Số lô của nguyên liệu", "The material's lot", default=None)
    origin: Localized | None = doc("Xuất xứ nguyên liệu", "Where the material comes from", default=None)


class Event(Record):
    step: EventStep = doc(
        "Công đoạn: harvesting (thu hoạch), receiving (tiếp nhận), processing (chế biến), packing "
        "(đóng gói), inspecting (kiểm tra), storing (lưu kho), shipping (vận chuyển), retail (bán lẻ), other",
        "Step: harvesting, receiving, processing, packing, inspecting, storing, shipping, retail or other",
    )
    date: DateOrDateTime = doc("Ngày hoặc ngày giờ", "Date or ISO date-time")
    place: Localized = doc("Địa điểm", "Place")
    actor: Localized | None = doc("Người hoặc đơn vị thực hiện", "Who did it", default=None)
    note: Localized | None = doc("Ghi chú", "Note", default=None)
    documents: list[DocumentPath] = doc("Tệp kèm theo", "Attached files", default_factory=list)


class Document(Record):
    kind: DocumentKind = doc(
        "Loại: lab-test (phiếu kiểm nghiệm), certificate (chứng nhận), other",
        "lab-test, certificate or other",
    )
    title: LocalizedName = doc("Tên tài liệu", "Title")
    number: Text | None = doc("Số hiệu", "Number", default=None)
    issuer: Localized | None = doc("Nơi cấp", "Issuer", default=None)
    date: IsoDate | None = doc("Ngày cấp", "Date", default=None)
    file: DocumentPath | None = doc("Tệp PDF hoặc ảnh", "PDF or image file", default=None)


class BatchRecord(Record):
    lot: Lot | None = doc("Số lô, trùng tên tệp", "Lot, equal to the file name", default=None)
    produced: IsoDate = doc("Ngày sản xuất", "Production date")
    packaged: IsoDate | None = doc("Ngày đóng gói", "Packaging date", default=None)
    expires: IsoDate | None = doc(
        "Hạn sử dụng (sau ngày sản xuất)", "Expiry or best-before date", default=None
    )
    quantity: Quantity | None = doc("Số lượng của lô", "Batch size", default=None)
    status: BatchStatus = doc(
        "released (đang lưu hành), recalled (thu hồi) hoặc withdrawn (ngừng lưu hành)",
        "released, recalled or withdrawn",
        default="released",
    )
    recall: Recall | None = doc(
        "Thông tin thu hồi; bắt buộc khi status là recalled",
        "Recall details; required when recalled",
        default=None,
    )
    withdrawal: Withdrawal | None = doc(
        "Ngày và lý do; bắt buộc khi status là withdrawn",
        "Date and reason; required when withdrawn",
        default=None,
    )
    origin: Origin = doc("Nguồn gốc nguyên liệu", "Origin of the raw material")
    variety: Localized | None = doc(
        "Giống cây trồng hoặc vật nuôi", "Plant variety or animal breed", default=None, epcis="ilmd"
    )
    inputs: list[Input] = doc(
        "Nguyên liệu đầu vào (một bước trước)", "Inputs, one step back", default_factory=list
    )
    events: list[Event] = doc("Các công đoạn, theo thứ tự thời gian", "Events, in time order", min_length=1)
    documents: list[Document] = doc(
        "Giấy tờ: phiếu kiểm nghiệm, chứng nhận", "Documents: lab tests, certificates", default_factory=list
    )


RECORD_MODELS: dict[str, type[Record]] = {
    "producer": ProducerRecord,
    "product": ProductRecord,
    "batch": BatchRecord,
}


# Which fields name media files, so that every such path is checked and published the same way.
_MEDIA_FIELDS: dict[type[Record], list[tuple[str, ...]]] = {
    ProducerRecord: [("logo",)],
    ProductRecord: [("images", "*"), ("ocop", "certificate"), ("standards", "*", "document")],
    BatchRecord: [("events", "*", "documents", "*"), ("documents", "*", "file")],
}


def values_at(record: BaseModel, pattern: tuple[str, ...]) -> list[tuple[tuple[str | int, ...], Any]]:
    """The values at ``pattern`` in a record, with their field paths; ``"*"`` stands for every
    item of a list. Read from the model's attributes: dumping it first costs ten times more."""
    found: list[tuple[tuple[str | int, ...], Any]] = []

    def walk(value: Any, pattern: tuple[str, ...], path: tuple[str | int, ...]) -> None:
        if not pattern:
            found.append((path, value))
            return
        head, rest = pattern[0], pattern[1:]
        if head == "*":
            for index, item in enumerate(value or []):
                walk(item, rest, (*path, index))
        elif (field := getattr(value, head, None)) is not None:
            walk(field, rest, (*path, head))

    walk(record, pattern, ())
    return found


def media_references(record: Record) -> list[tuple[tuple[str | int, ...], str]]:
    """Every media path a record names, with the field path it was written at."""
    return [
        (path, value)
        for pattern in _MEDIA_FIELDS[type(record)]
        for path, value in values_at(record, pattern)
        if isinstance(value, str)
    ]
