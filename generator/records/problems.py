"""Problems found in records, explained in plain Vietnamese and English.

Every problem names the file, the line and column, the field (as a path such as
``events[2].date``) and carries a message in both languages: the people who fix records are
producers, not programmers, and read Vietnamese first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from .texts import pick, tool_chain
from .yamlsafe import FieldPath

Severity = Literal["error", "warning"]
Hint = tuple[str, dict[str, Any]]
_INVISIBLE = {"Cc", "Cf", "Cs"}  # control, format (e.g. bidi overrides), lone surrogates

# code -> its text per language (Vietnamese and English, see texts.py). Parameters in braces come
# from the check that found the problem.
MESSAGES: dict[str, dict[str, str]] = {
    # Reading the file
    "file_too_large": {
        "vi": "Tệp quá lớn ({size} byte); giới hạn là {limit} byte.",
        "en": "The file is too large ({size} bytes); the limit is {limit} bytes.",
    },
    "not_utf8": {
        "vi": "Tệp không phải văn bản UTF-8. Hãy lưu lại tệp với mã hoá UTF-8.",
        "en": "The file is not UTF-8 text. Save it again with UTF-8 encoding.",
    },
    "yaml_syntax": {
        "vi": "Lỗi cú pháp YAML: {detail}. Kiểm tra thụt lề, dấu hai chấm và dấu ngoặc.",
        "en": "YAML syntax error: {detail}. Check the indentation, colons and brackets.",
    },
    "yaml_multiple_documents": {
        "vi": "Mỗi tệp chỉ được chứa một hồ sơ; hãy bỏ dòng '---' thứ hai.",
        "en": "A file may hold only one record; remove the second '---' line.",
    },
    "empty_file": {"vi": "Tệp trống.", "en": "The file is empty."},
    "yaml_control_character": {
        "vi": "Tệp có một ký tự điều khiển không in được ({character}), thường lẫn vào khi dán chữ từ Word "
        "hoặc PDF. Hãy xoá ký tự đó, hoặc gõ lại dòng này.",
        "en": "The file holds an unprintable control character ({character}), which often comes with text "
        "pasted from Word or a PDF. Delete it, or type the line again.",
    },
    "yaml_bad_date": {
        "vi": "Ngày “{value}” không tồn tại.",
        "en": "The date “{value}” does not exist.",
    },
    "yaml_bad_value": {
        "vi": "“{value}” không phải giá trị kiểu !!{tag}; hãy bỏ thẻ !!{tag} hoặc sửa giá trị.",
        "en": "“{value}” is not a valid !!{tag} value; remove the !!{tag} tag or fix the value.",
    },
    "yaml_too_many_nodes": {
        "vi": "Tệp có quá nhiều giá trị (hơn {limit}), có thể do lạm dụng neo và bí danh (&, *).",
        "en": "The file expands to too many values (over {limit}), probably through anchors and aliases (&, *).",
    },
    "yaml_too_deep": {
        "vi": "Dữ liệu lồng nhau quá sâu (hơn {limit} cấp).",
        "en": "The data is nested too deeply (over {limit} levels).",
    },
    "yaml_tag": {
        "vi": "Không dùng thẻ YAML “{tag}”; chỉ viết văn bản, số, ngày, danh sách và nhóm trường.",
        "en": "The YAML tag “{tag}” is not allowed; write only text, numbers, dates, lists and mappings.",
    },
    "yaml_bad_key": {
        "vi": "Tên trường phải là một từ đơn giản, ví dụ “name”.",
        "en": "A field name must be a plain word, such as “name”.",
    },
    "yaml_duplicate_key": {
        "vi": "Trường “{key}” bị viết hai lần (lần đầu ở dòng {first_line}); hãy giữ một lần.",
        "en": "The field “{key}” appears twice (first on line {first_line}); keep only one.",
    },
    # Shape of a value
    "missing": {"vi": "Thiếu trường bắt buộc này.", "en": "This required field is missing."},
    "empty_value": {"vi": "Trường này còn trống; hãy điền vào.", "en": "This field is empty; fill it in."},
    "empty_choice": {
        "vi": "Trường này còn trống; hãy chọn một trong: {expected}.",
        "en": "This field is empty; choose one of: {expected}.",
    },
    "extra_forbidden": {
        "vi": "Trường “{key}” không có trong mẫu hồ sơ.",
        "en": "The field “{key}” is not part of the record format.",
    },
    "literal_error": {
        "vi": "Giá trị “{input}” không hợp lệ; hãy chọn một trong: {expected}.",
        "en": "“{input}” is not allowed here; choose one of: {expected}.",
    },
    "string_type": {"vi": "Cần một đoạn văn bản.", "en": "Text is expected here."},
    "string_too_short": {"vi": "Không được để trống.", "en": "This must not be empty."},
    "string_too_long": {
        "vi": "Văn bản quá dài (tối đa {max_length} ký tự).",
        "en": "The text is too long (at most {max_length} characters).",
    },
    "number": {"vi": "Cần một con số, ví dụ 1200.", "en": "A number is expected, e.g. 1200."},
    "int_number": {"vi": "Cần một số nguyên, ví dụ 4.", "en": "A whole number is expected, e.g. 4."},
    "range_ge": {"vi": "Giá trị phải lớn hơn hoặc bằng {ge}.", "en": "The value must be at least {ge}."},
    "range_gt": {"vi": "Giá trị phải lớn hơn {gt}.", "en": "The value must be greater than {gt}."},
    "range_le": {"vi": "Giá trị phải nhỏ hơn hoặc bằng {le}.", "en": "The value must be at most {le}."},
    "list_type": {
        "vi": "Cần một danh sách (mỗi mục bắt đầu bằng “- ”).",
        "en": "A list is expected (each item starting with “- ”).",
    },
    "too_short": {"vi": "Cần ít nhất {min_length} mục.", "en": "At least {min_length} item(s) are needed."},
    "too_long": {"vi": "Tối đa {max_length} mục.", "en": "At most {max_length} items are allowed."},
    "mapping": {
        "vi": "Cần một nhóm trường (mỗi dòng “tên: giá trị”), không phải một giá trị đơn hay danh sách.",
        "en": "A mapping of fields (“name: value” lines) is expected, not a single value or a list.",
    },
    "bool_type": {"vi": "Cần giá trị true hoặc false.", "en": "true or false is expected."},
    "ocop_slug": {
        "vi": "Mã “{input}” phải gồm chữ thường không dấu, số và dấu gạch ngang, dài 3–60 ký tự, "
        "ví dụ “tra-hoa-vang-ba-che”.",
        "en": "The id “{input}” must be 3–60 lowercase ASCII letters, digits and hyphens, "
        "e.g. “tra-hoa-vang-ba-che”.",
    },
    "ocop_lot": {
        "vi": "Số lô “{input}” chỉ được gồm 1–20 chữ cái không dấu, chữ số và các ký tự . _ - "
        "(không có dấu cách, dấu “/” hay chữ có dấu).",
        "en": "The lot “{input}” may only contain 1–20 ASCII letters, digits and . _ - "
        "(no spaces, no “/”, no diacritics).",
    },
    "ocop_date": {
        "vi": "Ngày “{input}” phải viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-10-12.",
        "en": "The date “{input}” must be written YEAR-MONTH-DAY, e.g. 2025-10-12.",
    },
    "ocop_datetime": {
        "vi": "Thời điểm “{input}” phải là ngày (2025-10-12) hoặc ngày giờ (2025-10-12T07:30:00+07:00).",
        "en": "“{input}” must be a date (2025-10-12) or a date and time (2025-10-12T07:30:00+07:00).",
    },
    "ocop_url": {
        "vi": "Đường dẫn “{input}” phải bắt đầu bằng https:// hoặc http://.",
        "en": "The link “{input}” must start with https:// or http://.",
    },
    "ocop_email": {
        "vi": "Địa chỉ thư “{input}” không hợp lệ.",
        "en": "“{input}” is not a valid e-mail address.",
    },
    "ocop_gtin": {
        "vi": "Mã GTIN “{input}” không hợp lệ: cần 8, 12, 13 hoặc 14 chữ số với số kiểm tra đúng.",
        "en": "The GTIN “{input}” is not valid: 8, 12, 13 or 14 digits with a correct check digit are needed.",
    },
    "ocop_gln": {
        "vi": "Mã GLN “{input}” không hợp lệ: cần 13 chữ số với số kiểm tra đúng.",
        "en": "The GLN “{input}” is not valid: 13 digits with a correct check digit are needed.",
    },
    "ocop_media_path": {
        "vi": "Đường dẫn tệp “{input}” phải là đường dẫn tương đối tới thư mục media của cơ sở, "
        "ví dụ ../media/anh.jpg.",
        "en": "The file path “{input}” must be relative, pointing into the producer's media folder, "
        "e.g. ../media/photo.jpg.",
    },
    "ocop_media_ext": {
        "vi": "Tệp “{input}” phải là {allowed}.",
        "en": "The file “{input}” must be one of: {allowed}.",
    },
    "ocop_lang_code": {
        "vi": "“{input}” không phải mã ngôn ngữ (vi, en, zh…). Nếu văn bản trong {{…}} có dấu phẩy, "
        "hãy đặt nó trong ngoặc kép hoặc viết mỗi ngôn ngữ một dòng.",
        "en": "“{input}” is not a language code (vi, en, zh…). If text inside {{…}} has a comma, "
        "put it in quotes or write one language per line.",
    },
    "ocop_vi_required": {
        "vi": "Cần có bản tiếng Việt (vi).",
        "en": "The Vietnamese text (vi) is required.",
    },
    "ocop_localized_type": {
        "vi": "Cần văn bản tiếng Việt, hoặc các bản dịch dạng {{vi: …, en: …}}.",
        "en": "Vietnamese text is expected, or translations as {{vi: …, en: …}}.",
    },
    "ocop_link_scheme": {
        "vi": "Liên kết “{input}” không được phép; chỉ dùng liên kết https:// hoặc http://.",
        "en": "The link “{input}” is not allowed; only https:// or http:// links are.",
    },
    "ocop_username": {
        "vi": "Tên tài khoản “{input}” không hợp lệ (chữ, số và dấu gạch ngang).",
        "en": "The account name “{input}” is not valid (letters, digits and hyphens).",
    },
    # Relations between records and files
    "folder_slug": {
        "vi": "Tên thư mục “{name}” phải gồm chữ thường không dấu, số và dấu gạch ngang (3–60 ký tự).",
        "en": "The folder name “{name}” must be 3–60 lowercase ASCII letters, digits and hyphens.",
    },
    "id_mismatch": {
        "vi": "Mã “{value}” phải trùng với tên thư mục “{folder}”.",
        "en": "The id “{value}” must equal the folder name “{folder}”.",
    },
    "lot_mismatch": {
        "vi": "Số lô “{value}” phải trùng với tên tệp “{stem}.yml”.",
        "en": "The lot “{value}” must equal the file name “{stem}.yml”.",
    },
    "lot_file_name": {
        "vi": "Tên tệp lô “{name}” không hợp lệ: số lô gồm 1–20 chữ cái không dấu, chữ số và . _ -",
        "en": "The batch file name “{name}” is not a valid lot: 1–20 ASCII letters, digits and . _ -",
    },
    "lot_reserved": {
        "vi": "Không dùng được số lô “{lot}”: địa chỉ p/<mã sản phẩm>/{lot}/ là trang thông tin sản phẩm "
        "để in. Hãy đặt tên khác cho tệp lô.",
        "en": "The lot “{lot}” cannot be used: p/<product-id>/{lot}/ is the product's printable fact "
        "sheet. Give the batch file another name.",
    },
    "duplicate_product_id": {
        "vi": "Mã sản phẩm “{id}” đã được dùng ở {other}; mã sản phẩm phải là duy nhất trong cả danh mục.",
        "en": "The product id “{id}” is already used in {other}; product ids must be unique across the catalog.",
    },
    "date_order": {
        "vi": "Ngày “{field}” ({value}) phải sau ngày “{other_field}” ({other_value}).",
        "en": "“{field}” ({value}) must come after “{other_field}” ({other_value}).",
    },
    "date_not_before": {
        "vi": "Ngày “{field}” ({value}) không được trước ngày “{other_field}” ({other_value}).",
        "en": "“{field}” ({value}) must not be before “{other_field}” ({other_value}).",
    },
    "events_order": {
        "vi": "Các sự kiện phải theo thứ tự thời gian: sự kiện này ({value}) sớm hơn sự kiện trước ({previous}).",
        "en": "Events must be in time order: this one ({value}) is earlier than the one before ({previous}).",
    },
    "recall_required": {
        "vi": "Lô bị thu hồi (status: recalled) phải có mục “recall” với ngày, lý do và hướng dẫn.",
        "en": "A recalled batch (status: recalled) needs a “recall” block with a date, reason and instructions.",
    },
    "recall_unexpected": {
        "vi": "Chỉ lô có status: recalled mới có mục “recall”.",
        "en": "Only a batch with status: recalled may have a “recall” block.",
    },
    "withdrawal_required": {
        "vi": "Khi status là withdrawn, cần có mục “withdrawal” với ngày và lý do.",
        "en": "With status: withdrawn, a “withdrawal” block with a date and a reason is needed.",
    },
    "withdrawal_unexpected": {
        "vi": "Chỉ hồ sơ có status: withdrawn mới có mục “withdrawal”.",
        "en": "Only a record with status: withdrawn may have a “withdrawal” block.",
    },
    "formerly_taken": {
        "vi": "Mã cũ “{id}” đang là mã của sản phẩm khác ({other}); một đường dẫn chỉ dẫn tới một nơi.",
        "en": "The former id “{id}” belongs to another product ({other}); a URL can lead to one place only.",
    },
    "ledger_broken": {
        "vi": "Đường dẫn “{url}” đã được công bố (có thể đã in trên bao bì) nhưng không còn trang nào: "
        "hồ sơ {record} đã bị xoá hoặc đổi tên. Hãy khôi phục hồ sơ và đặt status: withdrawn, "
        "hoặc khai báo mã cũ trong “formerly” của sản phẩm mới.",
        "en": "The URL “{url}” has been published (it may be printed on packaging) but no page serves it "
        "any more: the record {record} was removed or renamed. Restore it with status: withdrawn, or "
        "list the old id under “formerly” in the renamed product.",
    },
    "ledger_missing": {
        "vi": "{count} đường dẫn mới chưa có trong sổ đường dẫn (ví dụ /{first}); chạy `ocop ledger update` "
        "và đưa tệp vào commit.",
        "en": "{count} new URLs are not in the permalink ledger yet (e.g. /{first}); run `ocop ledger update` "
        "and commit the file.",
    },
    "ledger_format": {
        "vi": "Dòng không đúng dạng “đường dẫn<TAB>ngày<TAB>hồ sơ”.",
        "en": "The line is not “path<TAB>date<TAB>record”.",
    },
    "media_missing": {
        "vi": "Không tìm thấy tệp “{path}”.",
        "en": "The file “{path}” was not found.",
    },
    "media_outside": {
        "vi": "Tệp “{path}” nằm ngoài thư mục của cơ sở; chỉ dùng tệp trong thư mục {folder}.",
        "en": "The file “{path}” lies outside the producer's folder; use files inside {folder} only.",
    },
    "media_not_image": {
        "vi": "Tệp “{path}” không phải ảnh JPEG, PNG hoặc WebP đọc được (hoặc quá nhiều điểm ảnh).",
        "en": "The file “{path}” is not a readable JPEG, PNG or WebP image (or has far too many pixels).",
    },
    "media_too_large": {
        "vi": "Tệp “{path}” quá lớn ({size} MB); giới hạn là {limit} MB.",
        "en": "The file “{path}” is too large ({size} MB); the limit is {limit} MB.",
    },
    "producer_missing": {
        "vi": "Thư mục cơ sở “{folder}” thiếu tệp producer.yml.",
        "en": "The producer folder “{folder}” has no producer.yml.",
    },
    "product_missing": {
        "vi": "Thư mục sản phẩm “{folder}” thiếu tệp product.yml.",
        "en": "The product folder “{folder}” has no product.yml.",
    },
    "outside_products": {
        "vi": "“{name}” là liên kết trỏ ra ngoài thư mục products/; hãy đặt tệp thật vào đây.",
        "en": "“{name}” is a link pointing outside the products/ folder; put the real file here.",
    },
    "stray_file": {
        "vi": "Tệp “{name}” không thuộc cấu trúc hồ sơ; hồ sơ lô đặt trong thư mục batches/ và có đuôi .yml.",
        "en": "The file “{name}” is not part of the record layout; batch records live in batches/ and end in .yml.",
    },
    "no_batches": {
        "vi": "Sản phẩm chưa có lô nào trong thư mục batches/.",
        "en": "The product has no batch in its batches/ folder yet.",
    },
    "invalid": {"vi": "Giá trị không hợp lệ: {detail}", "en": "Invalid value: {detail}"},
    # Warnings: the record is published, but something deserves attention.
    "missing_translation": {
        "vi": "Chưa có bản tiếng Anh (en); trang tiếng Anh sẽ hiện chữ tiếng Việt kèm dấu “chưa dịch”.",
        "en": "There is no English text (en) yet; the English page will show the Vietnamese text "
        "marked “not yet translated”.",
    },
    "ocop_expiring": {
        "vi": "Giấy chứng nhận OCOP hết hạn ngày {date}, chỉ còn {days} ngày. Khi được công nhận lại, "
        "hãy cập nhật mục “ocop”.",
        "en": "The OCOP certificate expires on {date}, in {days} days. Once it is renewed, update the "
        "“ocop” block.",
    },
    "ocop_expired": {
        "vi": "Giấy chứng nhận OCOP đã hết hạn ngày {date}; trang sản phẩm sẽ ghi rõ là đã hết hạn.",
        "en": "The OCOP certificate expired on {date}; the product page says so.",
    },
    "image_oversized": {
        "vi": "Ảnh “{path}” lớn hơn mức trang cần ({detail}). Hãy thu nhỏ để cạnh dài nhất không quá "
        "{max_side} điểm ảnh và tệp dưới {max_mb} MB, trang sẽ tải nhanh hơn trên điện thoại.",
        "en": "The photo “{path}” is larger than the site needs ({detail}). Shrink it to at most "
        "{max_side} pixels on its longest side and under {max_mb} MB so that pages load fast on phones.",
    },
    # Repository files kept in step with the records
    "codeowners_stale": {
        "vi": "Tệp {file} chưa khớp với “maintainers” của cơ sở “{producer}”. Dòng đúng là: {expected}. "
        "Hãy sửa dòng đó trong {file} (sửa được ngay trên trình duyệt) hoặc chạy `ocop codeowners`.",
        "en": "{file} does not match the “maintainers” of the producer “{producer}”. The line should be: "
        "{expected}. Fix that line in {file} (the web editor will do) or run `ocop codeowners`.",
    },
    "codeowners_orphan": {
        "vi": "Tệp {file} còn dòng cho cơ sở “{producer}”, nhưng thư mục products/{producer}/ không còn. "
        "Hãy xoá dòng này hoặc chạy `ocop codeowners`.",
        "en": "{file} still has a line for the producer “{producer}”, but products/{producer}/ no longer "
        "exists. Delete the line or run `ocop codeowners`.",
    },
}

HINTS: dict[str, dict[str, str]] = {
    "did_you_mean": {"vi": "Có phải ý bạn là “{suggestion}”?", "en": "Did you mean “{suggestion}”?"},
    "field_doc": {"vi": "Thêm dòng “{field}: …” ({doc}).", "en": "Add a line “{field}: …” ({doc})."},
    "field_meaning": {"vi": "Trường “{field}”: {doc}.", "en": "The field “{field}”: {doc}."},
    "see_reference": {
        "vi": "Danh sách các trường có trong mục “Tra cứu trường dữ liệu” của trang web (/contribute/reference/).",
        "en": "Every field is listed in the site's field reference (/en/contribute/reference/).",
    },
}


class Texts(dict[str, str]):
    """A message parameter that is itself text per language, e.g. a field's documentation: it is
    shown in the language of the message around it."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: Severity = "error"
    hint: Hint | None = field(default=None, compare=False, hash=False)

    def message(self, lang: str) -> str:
        return _format(MESSAGES[self.code], self.params, lang)

    def hint_text(self, lang: str) -> str | None:
        if self.hint is None:
            return None
        code, params = self.hint
        return _format(HINTS[code], params, lang)

    @property
    def location(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where


def _format(templates: dict[str, str], params: dict[str, Any], lang: str) -> str:
    chain = tool_chain(lang)
    return _in(templates, chain).format_map(
        {k: _show(_in(v, chain) if isinstance(v, Texts) else v) for k, v in params.items()}
    )


def _in(texts: dict[str, str], chain: tuple[str, ...]) -> str:
    found = pick(texts, chain)
    assert found is not None, "every message is written in Vietnamese and English"
    return found[1]


def _show(value: Any) -> str:
    text = visible_text(str(value))
    return text if len(text) <= 160 else text[:157] + "…"


def visible_text(text: str) -> str:
    """Control characters, invisible formatting marks and lone surrogates written as escapes.

    Values come from strangers' records and are echoed in messages: they must not move the
    terminal cursor, start a CI workflow command on a line of their own ("\\n::error::…"),
    reorder the text around them, or make printing fail.
    """
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _INVISIBLE else c for c in text)


class ProblemSummary:
    """Errors and warnings apart, for anything that carries ``problems``."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def field_path(path: FieldPath) -> str:
    """``('events', 2, 'date')`` -> ``events[2].date``, the way a producer reads it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def format_problem(problem: Problem) -> str:
    """The text form printed by ``ocop validate`` and by a refused build."""
    label = {"error": "lỗi/error", "warning": "cảnh báo/warning"}[problem.severity]
    head = f"{problem.location}: {label}"
    if problem.field:
        head += f" [{problem.field}]"
    lines = [head, f"  vi: {problem.message('vi')}", f"  en: {problem.message('en')}"]
    if problem.hint:
        lines.append(f"  gợi ý: {problem.hint_text('vi')}  hint: {problem.hint_text('en')}")
    return "\n".join(lines)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """In file and line order, each problem once (a file may be reached by two checks)."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0, p.column or 0, p.code))
