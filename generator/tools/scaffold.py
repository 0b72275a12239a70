"""`ocop new producer|product|batch`: start a record with every required field in place.

The fields, their order, their Vietnamese comments and their choices all come from the field
reference, which is read from the models in ``schema.py``: a field added there is asked for
here. In a terminal each value is asked for and checked at once by the validator itself; in a
script the values come from flags, and any left out are written empty for a person to fill in
(validation then points at each one). Dates default to today. An existing file is never
overwritten.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..records.problems import MESSAGES, Problem
from ..records.reference import FieldRow, field_reference
from ..records.schema import RECORD_MODELS, SLUG_RE, is_valid_lot
from ..records.schema_export import SCHEMA_FOLDER
from ..records.validate import Source, check_record, fold_text
from ..records.yamlsafe import YamlProblem, parse_yaml
from ..site.checks import names_beside_lots

KINDS = ("producer", "product", "batch")
RECORD_NAMES = {
    "producer": ("cơ sở sản xuất", "producer"),
    "product": ("sản phẩm", "product"),
    "batch": ("lô sản xuất", "production batch"),
}
Ask = Callable[[str], str]
Say = Callable[[str], None]


class ScaffoldError(Exception):
    """The record cannot be started; the message is bilingual."""


@dataclass(frozen=True)
class Question:
    """One value to ask for: a field of the record, or one language of a localized field."""

    row: FieldRow
    language: str | None = None  # "vi" or "en" for localized text

    @property
    def key(self) -> str:
        return self.row.path + ("@en" if self.language == "en" else "")

    @property
    def flag(self) -> str:
        name = self.row.path.replace("[]", "").replace(".", "-").replace("_", "-")
        return name + ("-en" if self.language == "en" else "")

    @property
    def optional(self) -> bool:
        return self.language == "en"

    def prompt(self, default: str | None) -> str:
        """What a person sees: the field's documentation, its choices, then where to type."""
        label = {
            "vi": "tiếng Việt / Vietnamese",
            "en": "tiếng Anh, Enter để bỏ qua / English, Enter to skip",
        }.get(self.language or "", "")
        if self.row.path.endswith("[]"):
            label = "cách nhau bằng dấu phẩy / separated by commas"
        if default:
            label = f"{label} [{default}]" if label else f"[{default}]"
        where = f"  {label}» " if label else "  » "
        if self.language == "en":  # the Vietnamese question just above said what the field is
            return where
        doc = self.row.doc
        lines = ["", f"{doc.get('vi', '')} / {doc.get('en', '')}"]
        if self.row.choices:
            lines.append("  " + "  ".join(f"{n}) {c}" for n, c in enumerate(self.row.choices, start=1)))
        return "\n".join([*lines, where])


@dataclass
class Draft:
    """The answers so far, and how they look as a record file."""

    kind: str
    questions: list[Question]
    schema_ref: str
    today: date
    answers: dict[str, str | list[str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)  # offered to a person, taken by Enter

    def text(self) -> str:
        vi, en = RECORD_NAMES[self.kind]
        lines = [
            f"# yaml-language-server: $schema={self.schema_ref}",
            f"# Hồ sơ {vi} OCOP, tạo ngày {self.today.isoformat()} bằng `ocop new {self.kind}`. "
            "Mỗi dòng “# …” giải thích trường ngay dưới nó.",
            f"# OCOP {en} record. Each “# …” line explains the field below it.",
            "",
        ]
        for row in _top_level(self.questions):
            lines += self._field(row, 0)
        lines += _optional_fields(self.kind)
        return "\n".join(lines) + "\n"

    def missing(self) -> list[str]:
        """The required values still empty."""
        return [q.row.path for q in askable(self.questions) if not q.optional and not self.answers.get(q.key)]

    def problems(self) -> list[Problem]:
        raw = self.text().encode("utf-8")
        try:
            loaded = parse_yaml(raw)
        except YamlProblem as error:  # cannot happen with quoted values, but never write such a file
            raise ScaffoldError(
                f"Không tạo được tệp hợp lệ / could not write a valid file: {error.code}"
            ) from error
        _, problems = check_record(RECORD_MODELS[self.kind], Source(Path("draft.yml"), "draft.yml", loaded))
        return problems

    def problems_for(self, question: Question) -> list[Problem]:
        keys = (question.key, question.key.removesuffix("[]"))  # `maintainers` is too short
        return [p for p in self.problems() if _question_key(p.field) in keys]

    # --- writing the YAML text ---

    def _field(self, row: FieldRow, indent: int) -> list[str]:
        pad = " " * indent
        name = row.path.rsplit(".", 1)[-1].removesuffix("[]")
        lines = [f"{pad}# {_one_line(row.doc.get('vi', ''))}"]
        children = list(
            {
                q.row.path: q.row
                for q in self.questions
                if _parent(q.row.path) == row.path.removesuffix("[]")
            }.values()
        )
        if row.kind == "mapping":
            lines.append(f"{pad}{name}:")
            for child in children:
                lines += self._field(child, indent + 2)
        elif row.kind == "list" and children:
            lines.append(f"{pad}{name}:")
            item = [line for child in children for line in self._field(child, indent + 4)]
            first = next(i for i, line in enumerate(item) if not line.lstrip().startswith("#"))
            lines += [line[2:] for line in item[:first]]
            lines.append(" " * (indent + 2) + "- " + item[first][indent + 4 :])
            lines += item[first + 1 :]
        elif row.path.endswith("[]"):
            values = self.answers.get(row.path) or []
            assert isinstance(values, list)
            lines.append(f"{pad}{name}:" + ("" if values else " []"))
            lines += [f"{pad}  - {_scalar(value, row.kind)}" for value in values]
        elif row.kind == "localized":
            vi, en = self.answers.get(row.path), self.answers.get(row.path + "@en")
            lines.append(f"{pad}{name}:")
            lines.append(f"{pad}  vi:" + (f" {_scalar(str(vi), 'text')}" if vi else ""))
            if en:
                lines.append(f"{pad}  en: {_scalar(str(en), 'text')}")
            else:
                lines.append(f"{pad}  # en: bản tiếng Anh (nên có) / English text (recommended)")
        else:
            value = self.answers.get(row.path)
            lines.append(f"{pad}{name}:" + (f" {_scalar(str(value), row.kind)}" if value else ""))
        return lines


def questions_for(kind: str) -> list[Question]:
    """The required fields of a record kind (and of the required blocks inside it), in order."""
    reference = {r.kind: r for r in field_reference()}[kind]
    included: set[str] = set()
    questions: list[Question] = []
    for row in reference.rows:
        parent = _parent(row.path)
        if not row.required or (parent and parent not in included):
            continue
        if row.kind in ("mapping", "list"):
            included.add(row.path)
            questions.append(Question(row))  # a container: written, never asked
        elif row.kind == "localized":
            questions += [Question(row, "vi"), Question(row, "en")]
        else:
            questions.append(Question(row))
    return questions


def askable(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.row.kind not in ("mapping", "list")]


def new_draft(kind: str, schema_ref: str, today: date) -> Draft:
    draft = Draft(kind, questions_for(kind), schema_ref, today)
    for question in askable(draft.questions):
        if question.row.kind in ("date", "datetime"):
            draft.answers[question.key] = draft.defaults[question.key] = today.isoformat()
    return draft


def parse_answer(question: Question, text: str) -> str | list[str]:
    """An answer as typed: a choice may be given by its number, a list by commas."""
    text = text.strip()
    if question.row.path.endswith("[]"):
        return [item.strip().removeprefix("@") for item in text.split(",") if item.strip()]
    if question.row.choices and text.isdigit() and 1 <= int(text) <= len(question.row.choices):
        return question.row.choices[int(text) - 1]
    return text


# Answers that take the value offered in brackets, as Enter does.
YES = frozenset({"y", "yes", "có", "co", "c", "ừ", "ok"})


def ask_for(draft: Draft, questions: list[Question], given: set[str], ask: Ask, say: Say) -> None:
    """Ask for each value, re-asking until the validator accepts it; a value given by a flag is
    asked again only when it is wrong. The value offered in brackets — a field's default (today's
    date), or what the validator suggests after a wrong answer ("Did you mean “food”?") — is
    taken by Enter or a yes; a wrong answer never takes away the default."""
    for question in questions:
        problems = draft.problems_for(question) if question.key in given else []
        if question.key in given and not problems:
            continue
        default = draft.defaults.get(question.key)
        while True:
            for problem in problems:
                say(explain(problem))
            offered = next((p.suggestion for p in problems if p.suggestion), None) or default
            answer = ask(question.prompt(offered)).strip()
            if offered and (not answer or answer.casefold() in YES):
                answer = offered
            draft.answers[question.key] = parse_answer(question, answer)
            problems = draft.problems_for(question)
            if not problems:
                break


def explain(problem: Problem) -> str:
    lines = [f"  ✗ {problem.message('vi')}", f"    {problem.message('en')}"]
    if problem.hint:
        lines.append(f"    → {problem.hint_text('vi')} / {problem.hint_text('en')}")
    return "\n".join(lines)


# --- One run of `ocop new` ------------------------------------------------------------------


@dataclass
class NewRecord:
    """What `ocop new` was told: the kind, where, and the values given as flags."""

    kind: str
    products: Path
    producer: str | None = None
    product: str | None = None
    lot: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # question key -> text as typed


def run_new(
    request: NewRecord, *, interactive: bool, ask: Ask, say: Say, today: date
) -> tuple[Path, list[str]]:
    """Write a new record; returns its path and the required fields still empty."""
    draft = new_draft(request.kind, "", today)
    questions = askable(draft.questions)
    by_key = {q.key: q for q in questions}
    for key, text in request.values.items():
        draft.answers[key] = parse_answer(by_key[key], text)
    wrong = [p for key in request.values for p in draft.problems_for(by_key[key])]
    if wrong and not interactive:
        raise ScaffoldError("\n".join(explain(p) for p in wrong))
    given = set(request.values)
    names = [q for q in questions if q.row.path == "name"]
    if interactive:
        ask_for(draft, names, given, ask, say)
    path = _locate(request, draft, interactive, ask, say)
    draft.schema_ref = schema_ref_for(path, request.products)
    if interactive:
        ask_for(draft, [q for q in questions if q not in names], given, ask, say)
    write_new(path, draft.text())
    return path, draft.missing()


def _locate(request: NewRecord, draft: Draft, interactive: bool, ask: Ask, say: Say) -> Path:
    """Settle the ids that name the new file's folder, and make sure the file does not exist."""
    products = request.products
    name = draft.answers.get("name")
    suggested = slug_for(name) if isinstance(name, str) and name else None

    def settle(value: str | None, key: str, default: str | None, check: Callable[[str], None]) -> str:
        if value is not None or not interactive:
            value = value if value is not None else default
            if value is None:
                vi, en = _ID_PROMPT[key]
                flag = "--lot" if key == "lot" else f"--{key.split('_')[-1]}"
                raise ScaffoldError(f"{vi}: chưa có, hãy thêm cờ {flag}\n{en}: missing, add the {flag} flag")
            check(value)
            return value
        vi, en = _ID_PROMPT[key]
        prompt = f"\n{vi} / {en}\n" + _choices(key, products) + "  "
        while True:
            answer = ask(prompt + (f"[{default}]" if default else "") + "» ").strip() or (default or "")
            try:
                check(answer)
                return answer
            except ScaffoldError as error:
                say(f"  ✗ {error}")

    if request.kind == "producer":
        producer = settle(request.producer, "producer", suggested, _new_producer(products))
        return record_path(products, "producer", producer, None, None)
    if request.kind == "product":
        producer = settle(
            request.producer, "in_producer", _only(products, PRODUCERS), _existing_producer(products)
        )
        product = settle(request.product, "product", suggested, _new_product(products, producer))
        return record_path(products, "product", producer, product, None)
    product = settle(request.product, "of_product", _only(products, PRODUCTS), _existing_product(products))
    producer = request.producer or find_producer_of(products, product)
    if producer is None or not (products / producer / product / "product.yml").is_file():
        raise ScaffoldError(_no_product(product))
    lot = settle(request.lot, "lot", None, _new_lot(products / producer / product))
    return record_path(products, "batch", producer, product, lot)


_ID_PROMPT = {
    "producer": ("Mã cơ sở, cũng là tên thư mục", "Producer id, also the folder name"),
    "in_producer": ("Mã cơ sở có sản phẩm này", "Id of the producer that makes it"),
    "product": ("Mã sản phẩm, cũng là tên thư mục", "Product id, also the folder name"),
    "of_product": ("Mã sản phẩm của lô", "Id of the batch's product"),
    "lot": (
        "Số lô in trên bao bì, cũng là tên tệp",
        "Lot number printed on the package, also the file name",
    ),
}
PRODUCERS, PRODUCTS = "*/producer.yml", "*/*/product.yml"
# Ids listed when a person is asked for an existing one; a national catalog lists the first ones.
LISTED_IDS = 40


def _choices(key: str, products: Path) -> str:
    """The existing producers or products to choose from, when the question is about one."""
    pattern = {"in_producer": PRODUCERS, "of_product": PRODUCTS}.get(key)
    if pattern is None:
        return ""
    ids = sorted(path.parent.name for path in products.glob(pattern))
    if not ids:
        return ""
    shown = ", ".join(ids[:LISTED_IDS])
    more = len(ids) - LISTED_IDS
    if more > 0:
        shown += f" (+{more})"
    vi, en = {
        "in_producer": ("Các cơ sở đã có", "existing producers"),
        "of_product": ("Các sản phẩm đã có", "existing products"),
    }[key]
    return f"  {vi} / {en}: {shown}\n"


def _only(products: Path, pattern: str) -> str | None:
    """The one folder that fits, offered as the default answer."""
    found = sorted(products.glob(pattern))
    return found[0].parent.name if len(found) == 1 else None


def _new_producer(products: Path) -> Callable[[str], None]:
    def check(value: str) -> None:
        check_id(value, PRODUCER_WORDS)
        if (products / value / "producer.yml").exists():
            raise ScaffoldError(exists_message(products / value / "producer.yml"))

    return check


def _existing_producer(products: Path) -> Callable[[str], None]:
    def check(value: str) -> None:
        check_id(value, PRODUCER_WORDS)
        if not (products / value / "producer.yml").is_file():
            raise ScaffoldError(
                f"Chưa có cơ sở “{value}” trong {products}/; hãy tạo trước bằng `ocop new producer`.\n"
                f"There is no producer “{value}” in {products}/ yet; create it first with `ocop new producer`."
            )

    return check


def _new_product(products: Path, producer: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        check_id(value, PRODUCT_WORDS)
        if (products / producer / value / "product.yml").exists():
            raise ScaffoldError(exists_message(products / producer / value / "product.yml"))
        if taken := sorted(products.glob(f"*/{value}/product.yml")):
            raise ScaffoldError(
                f"Mã sản phẩm “{value}” đã được dùng ở {taken[0].parent}; mã sản phẩm là duy nhất trong cả danh mục.\n"
                f"The product id “{value}” is already used by {taken[0].parent}; product ids are unique in the catalog."
            )

    return check


def _existing_product(products: Path) -> Callable[[str], None]:
    def check(value: str) -> None:
        check_id(value, PRODUCT_WORDS)
        if find_producer_of(products, value) is None:
            raise ScaffoldError(_no_product(value))

    return check


def _no_product(product: str) -> str:
    return (
        f"Chưa có sản phẩm “{product}”; hãy tạo trước bằng `ocop new product`.\n"
        f"There is no product “{product}” yet; create it first with `ocop new product`."
    )


def _new_lot(product_dir: Path) -> Callable[[str], None]:
    def check(value: str) -> None:
        check_lot(value)
        if (product_dir / "batches" / f"{value}.yml").exists():
            raise ScaffoldError(exists_message(product_dir / "batches" / f"{value}.yml"))

    return check


def record_path(products: Path, kind: str, producer: str, product: str | None, lot: str | None) -> Path:
    if kind == "producer":
        return products / producer / "producer.yml"
    if kind == "product":
        return products / producer / str(product) / "product.yml"
    return products / producer / str(product) / "batches" / f"{lot}.yml"


def schema_ref_for(path: Path, products: Path) -> str:
    """The schema's path relative to the new file, so editors find it inside the repository."""
    root = products.resolve().parent
    return Path(os.path.relpath(root / SCHEMA_FOLDER / _kind_of(path), path.resolve().parent)).as_posix()


def _kind_of(path: Path) -> str:
    if path.name == "producer.yml":
        return "producer.json"
    if path.name == "product.yml":
        return "product.json"
    return "batch.json"


def find_producer_of(products: Path, product: str) -> str | None:
    found = sorted(p.parent.parent.name for p in products.glob(f"*/{product}/product.yml"))
    return found[0] if len(found) == 1 else None


PRODUCER_WORDS, PRODUCT_WORDS = ("cơ sở", "producer"), ("sản phẩm", "product")


def check_id(value: str, what: tuple[str, str]) -> None:
    """``what`` names the record in Vietnamese and in English, each in its own sentence."""
    if not (3 <= len(value) <= 60 and SLUG_RE.match(value)):
        vi, en = what
        raise ScaffoldError(
            f"Mã {vi} “{value}” phải gồm 3–60 chữ thường không dấu, chữ số và dấu gạch ngang, "
            f"ví dụ “tra-hoa-vang-ba-che”.\n"
            f"The {en} id “{value}” must be 3–60 lowercase ASCII letters, digits and hyphens, "
            f"e.g. “tra-hoa-vang-ba-che”."
        )


def check_lot(value: str) -> None:
    if not is_valid_lot(value):
        raise ScaffoldError(
            f"Số lô “{value}” chỉ gồm 1–20 chữ cái không dấu, chữ số và . _ -\n"
            f"The lot “{value}” may only hold 1–20 ASCII letters, digits and . _ -"
        )
    reserved = names_beside_lots()
    if value.casefold() in {name.casefold() for name in reserved}:
        message = MESSAGES["lot_reserved"]
        names = ", ".join(sorted(reserved))
        raise ScaffoldError(f"{message['vi']}\n{message['en']}".format(lot=value, reserved=names))


def slug_for(name: str) -> str:
    """An id from a Vietnamese name: “Trà hoa vàng Ba Chẽ” → tra-hoa-vang-ba-che."""
    return re.sub(r"[^a-z0-9]+", "-", fold_text(name)).strip("-")[:60].rstrip("-")


def write_new(path: Path, text: str) -> None:
    """Create the file; an existing one is never touched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as error:
        raise ScaffoldError(exists_message(path)) from error


def exists_message(path: Path) -> str:
    return (
        f"Tệp {path} đã có; lệnh này không bao giờ ghi đè. Hãy sửa tệp đó, hoặc chọn mã khác.\n"
        f"{path} already exists; this command never overwrites a file. Edit it, or choose another id."
    )


# --- Helpers -----------------------------------------------------------------------------------


def _parent(path: str) -> str:
    """``events[].place`` → ``events``; ``ocop.stars`` → ``ocop``; ``name`` → ``""``."""
    head = path.removesuffix("[]").rsplit(".", 1)
    return head[0].removesuffix("[]") if len(head) == 2 else ""


def _top_level(questions: list[Question]) -> list[FieldRow]:
    return list({q.row.path: q.row for q in questions if "." not in q.row.path}.values())


def _question_key(field_path: str) -> str:
    """The question a problem belongs to: ``events[0].place.vi`` → ``events[].place``."""
    path = re.sub(r"\[\d+\]", "[]", field_path)
    if path.endswith(".en"):
        return path.removesuffix(".en") + "@en"
    return path.removesuffix(".vi")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _scalar(value: str, kind: str) -> str:
    """A value as YAML that reads back as exactly this value: plain when it can be, quoted when
    plain would change its meaning (a colon, a leading zero, `no`, a # …)."""
    if kind in ("integer", "number", "date", "datetime") and _reads_back(value, kind):
        return value
    if value and _reads_back(value, "text"):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar


def _reads_back(value: str, kind: str) -> bool:
    try:
        read = parse_yaml(f"k: {value}\n".encode()).data
    except YamlProblem:
        return False
    if not isinstance(read, dict) or "k" not in read:
        return False
    got = read["k"]
    if kind == "text":
        # Other tools may read YAML 1.1, where `no` is false and `010` is eight: keep to what
        # both readings agree on.
        return got == value and yaml.safe_load(f"k: {value}\n") == {"k": value}
    if kind in ("integer", "number"):
        return isinstance(got, int | float) and not isinstance(got, bool)
    return isinstance(got, date)


def _optional_fields(kind: str) -> list[str]:
    reference = {r.kind: r for r in field_reference()}[kind]
    rows = [r for r in reference.rows if r.depth == 0 and not r.required and r.path not in ("id", "lot")]
    if not rows:
        return []
    lines = [
        "",
        "# Các trường không bắt buộc: xoá “# ” ở đầu dòng để dùng. Tra cứu: /contribute/reference/",
        "# Optional fields: remove the leading “# ” to use one.",
    ]
    for row in rows:
        name = row.path.removesuffix("[]")
        lines.append(f"# {name}:  # {_one_line(row.doc.get('vi', ''))}")
    return lines
