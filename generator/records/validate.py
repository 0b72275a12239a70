"""Check one parsed record against its model and explain every failure with its line."""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Hint, Problem, Severity, field_path
from .schema import Record, field_extra
from .texts import Texts
from .yamlsafe import FieldPath, LoadedYaml

R = TypeVar("R", bound=Record)

# pydantic's error types folded into our message codes (problems.MESSAGES).
_CODES = {
    "int_type": "int_number",
    "int_parsing": "int_number",
    "int_from_float": "int_number",
    "float_type": "number",
    "float_parsing": "number",
    "finite_number": "number",
    "greater_than_equal": "range_ge",
    "greater_than": "range_gt",
    "less_than_equal": "range_le",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "bool_parsing": "bool_type",
}


@dataclass(frozen=True)
class Source:
    """A record file: where it is on disk, how it is named in messages, where its values are."""

    path: Path
    name: str
    yaml: LoadedYaml

    def problem(
        self, at: FieldPath, code: str, severity: Severity = "error", hint: Hint | None = None, **params: Any
    ) -> Problem:
        line, column = self.yaml.position(at)
        return Problem(self.name, line, column, field_path(at), code, params, severity, hint)


@dataclass(frozen=True)
class Parsed(Generic[R]):
    record: R
    source: Source


def check_record(model: type[R], source: Source) -> tuple[Parsed[R] | None, list[Problem]]:
    try:
        record = model.model_validate(source.yaml.data)
    except ValidationError as error:
        return None, [_explain(model, source, item) for item in error.errors()]
    return Parsed(record, source), []


def _explain(model: type[BaseModel], source: Source, error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    hint: Hint | None = None
    if error.get("input", "") is None and kind != "missing":
        # `kind:` with nothing after it: the value is empty, whatever type was expected.
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) if kind == "literal_error" else []
        code, params = ("empty_choice", {"expected": ", ".join(allowed)}) if allowed else ("empty_value", {})
        return source.problem(loc, code, hint=_field_doc(model, loc, "field_meaning"), **params)
    if kind == "extra_forbidden":
        code, params = kind, {"key": loc[-1]}
        suggestion = _closest(str(loc[-1]), _field_names(model, loc[:-1]), _FIELD_SYNONYMS)
        hint = _did_you_mean(suggestion) if suggestion else ("see_reference", {})
    elif kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        code, params = kind, {"input": error["input"], "expected": ", ".join(allowed)}
        hint = _did_you_mean(_closest(str(error["input"]), allowed, _VALUE_SYNONYMS))
    elif kind.startswith("ocop_") or kind in {
        "missing",
        "string_type",
        "string_too_short",
        "string_too_long",
        "list_type",
        "too_short",
        "too_long",
        "bool_type",
    }:
        code, params = kind, ctx
        if kind in ("ocop_date", "ocop_datetime"):
            hint = _did_you_mean(iso_date_for(error["input"]))
        elif kind == "missing":
            hint = _field_doc(model, loc)
    elif kind in _CODES:
        code, params = _CODES[kind], ctx
    else:
        code, params = "invalid", {"detail": error["msg"]}
    problem = source.problem(loc, code, hint=hint, **params)
    if (written := _written_inside(kind, ctx)) and (found := source.yaml.find(loc, written)):
        problem = replace(problem, line=found[0], column=found[1])
    return problem


def _written_inside(kind: str, ctx: dict[str, Any]) -> str | None:
    """What a mistake inside a text looks like in the file, so that it is found on its own line
    of a long text rather than on the field's first."""
    if kind == "ocop_link_scheme":
        return str(ctx["input"])
    if kind == "ocop_invisible_character":
        return str(ctx["input"])[ctx["position"] - 1]
    return None


def _did_you_mean(suggestion: str | None) -> Hint | None:
    return ("did_you_mean", {"suggestion": suggestion}) if suggestion else None


def fold_text(text: str) -> str:
    """Lower case without diacritics or separators, so that "Đồ uống" and "do-uong" compare equal."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_-]+", " ", plain.lower()).strip()


def _closest(word: str, choices: list[str], synonyms: dict[str, tuple[str, ...]]) -> str | None:
    """The allowed choice a producer most likely meant: same word, a known synonym (often the
    Vietnamese word), or a near spelling."""
    folded = fold_text(word)
    by_fold = {fold_text(choice): choice for choice in choices}
    if folded in by_fold:
        return by_fold[folded]
    for meant in synonyms.get(folded, ()):
        if meant in choices:
            return meant
    matches = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    return by_fold[matches[0]] if matches else None


def _field_doc(model: type[BaseModel], loc: FieldPath, hint: str = "field_doc") -> Hint | None:
    """What a missing field means, in the words of its documentation in ``schema.py``."""
    if not loc:
        return None
    parent = _model_at(model, loc[:-1])
    docs = field_extra(parent, str(loc[-1])).get("x-doc") if parent else None
    if not isinstance(docs, dict):
        return None
    return (hint, {"field": loc[-1], "doc": Texts(docs)})


_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*(?:năm|,)?\s*(\d{4})", re.IGNORECASE)


def iso_date_for(value: Any) -> str | None:
    """The YEAR-MONTH-DAY form of a date written another way, when it is unambiguous enough.

    Vietnamese writes the day first (12/10/2025 is 12 October), as do the documents producers
    copy dates from, so a day-first reading is the one suggested.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):  # 20251012
        parts = (text[:4], text[4:6], text[6:])
    elif match := _YEAR_FIRST.fullmatch(text):
        parts = match.groups()
    elif (match := _DAY_FIRST.fullmatch(text)) or (match := _WORDS.fullmatch(text)):
        day, month, year = match.groups()
        parts = (year, month, day)
    else:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


# Words producers write for a choice, folded by ``_fold``, and the choices they mean; each
# suggestion is offered only where that choice is allowed.
_VALUE_SYNONYMS: dict[str, tuple[str, ...]] = {
    # OCOP groups
    **dict.fromkeys(("thuc pham", "do an", "thuc an", "foods", "foodstuff"), ("food",)),
    **dict.fromkeys(("drink", "drinks", "do uong", "thuc uong", "nuoc uong", "beverages"), ("beverage",)),
    **dict.fromkeys(("herb", "herbs", "thao duoc", "duoc lieu", "medicinal", "medicine"), ("herbal",)),
    **dict.fromkeys(
        ("craft", "crafts", "handicrafts", "thu cong", "thu cong my nghe", "my nghe", "luu niem", "souvenir"),
        ("handicraft",),
    ),
    **dict.fromkeys(("sinh vat canh", "cay canh", "hoa", "flowers", "plants"), ("ornamental",)),
    **dict.fromkeys(("du lich", "dich vu du lich", "travel", "tour", "tours"), ("tourism",)),
    # Kinds of producer
    **dict.fromkeys(("hop tac xa", "htx", "coop", "co op", "cooperatives"), ("cooperative",)),
    **dict.fromkeys(("cong ty", "cty", "doanh nghiep", "enterprise", "business", "firm"), ("company",)),
    **dict.fromkeys(("ho kinh doanh", "hkd", "ho gia dinh", "ho san xuat", "family"), ("household",)),
    "khac": ("other",),
    # Statuses
    **dict.fromkeys(("dang ban", "dang luu hanh", "luu hanh", "on sale"), ("active", "released")),
    **dict.fromkeys(("ngung san xuat", "stopped"), ("discontinued",)),
    **dict.fromkeys(("thu hoi", "recall", "recalls"), ("recalled",)),
    **dict.fromkeys(("ngung luu hanh", "ngung ban", "rut", "withdraw", "withdrew"), ("withdrawn",)),
    # Traceability steps
    **dict.fromkeys(("thu hoach", "harvest", "thu hai"), ("harvesting",)),
    **dict.fromkeys(("tiep nhan", "nhap nguyen lieu", "receive"), ("receiving",)),
    **dict.fromkeys(("che bien", "san xuat", "process", "production"), ("processing",)),
    **dict.fromkeys(("dong goi", "dong chai", "packaging", "package", "pack"), ("packing",)),
    **dict.fromkeys(("kiem tra", "inspect", "inspection"), ("inspecting",)),
    **dict.fromkeys(("luu kho", "bao quan", "storage", "store"), ("storing",)),
    **dict.fromkeys(("van chuyen", "giao hang", "ship", "transport", "delivery"), ("shipping",)),
    **dict.fromkeys(("ban le", "sale", "sales"), ("retail",)),
    # Documents
    **dict.fromkeys(
        ("kiem nghiem", "phieu kiem nghiem", "xet nghiem", "lab test", "labtest", "test report"),
        ("lab-test",),
    ),
    **dict.fromkeys(("chung nhan", "giay chung nhan", "cert"), ("certificate",)),
}

# Field names written in Vietnamese, and the field each one means.
_FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ten", "ten san pham", "ten co so"), ("name",)),
    **dict.fromkeys(("nhom", "nhom san pham", "category"), ("group",)),
    **dict.fromkeys(("sao", "so sao", "star"), ("stars",)),
    **dict.fromkeys(("dia chi",), ("address",)),
    **dict.fromkeys(("xa", "phuong"), ("commune",)),
    **dict.fromkeys(("tom tat", "gioi thieu", "mo ta ngan"), ("summary",)),
    **dict.fromkeys(("cau chuyen",), ("story",)),
    **dict.fromkeys(("mo ta",), ("description", "summary")),
    **dict.fromkeys(("anh", "hinh anh", "photos", "pictures"), ("images",)),
    **dict.fromkeys(("ngay san xuat", "nsx", "production date"), ("produced",)),
    **dict.fromkeys(("han su dung", "hsd", "expiry"), ("expires",)),
    **dict.fromkeys(("thanh phan",), ("ingredients",)),
    **dict.fromkeys(("noi ban", "noi mua", "shops"), ("where_to_buy",)),
    **dict.fromkeys(("nguon goc", "xuat xu"), ("origin",)),
    **dict.fromkeys(("cong doan", "nhat ky"), ("events",)),
    **dict.fromkeys(("so lo", "lo"), ("lot",)),
    **dict.fromkeys(("nguoi quan ly", "owners"), ("maintainers",)),
}


def _field_names(model: type[BaseModel], path: FieldPath) -> list[str]:
    """The field names allowed in the mapping at ``path`` inside ``model``."""
    current = _model_at(model, path)
    return list(current.model_fields) if current else []


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model of the mapping at ``path`` inside ``model`` (list indexes are skipped)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X | None``, ``list[X]`` or ``Annotated[X, ...]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None
