"""The producers' record editor at ``/contribute/editor/``: its form and what its script needs.

Nothing is written twice. The fields, their documentation, choices, bounds and required flags
come from the published JSON Schema (``schema_export.json_schemas``, read through
``reference.schema_rows``, the rows of the field reference and of `ocop new`); the words of each
mistake are the validator's own (``problems.MESSAGES``); the trace page's words and the editor's
are interface words (``locales/<code>.yml``). The page's script (``theme/javascripts/editor.js``)
checks what a browser can check with them, writes the record the way `ocop new` does, previews
the trace page and hands the file to the code host's "new file" page.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..records.problems import MESSAGES
from ..records.reference import RECORD_FILES, FieldRow, schema_rows
from ..records.schema import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS
from ..records.schema_export import SCHEMA_FOLDER, json_schemas
from ..records.texts import pick
from .languages import Language
from .places import PREFIXES, UNIT_KINDS

EDITOR_MARKER = "<!-- ocop:editor -->"

# The validator's messages that editor.js shows; a test keeps this list and the script in step.
CLIENT_CODES = (
    "missing",
    "number",
    "int_number",
    "range_ge",
    "range_gt",
    "range_le",
    "string_too_long",
    "too_short",
    "ocop_lot",
    "ocop_date",
    "ocop_datetime",
    "ocop_media_path",
    "ocop_media_ext",
    "ocop_vi_required",
    "date_order",
    "date_not_before",
    "events_order",
)

MEDIA_EXTENSIONS = {"image": IMAGE_EXTENSIONS, "document": DOCUMENT_EXTENSIONS}

# Interface words that name the choices of a field, where the trace page already has them.
CHOICE_WORDS = {"events[].step": "steps", "documents[].kind": "document_kinds"}

# The interface words editor.js uses (a test keeps these lists and the script in step): those of
# the trace page for its preview, and the few of the editor's own that the script writes.
SCRIPT_WORDS = (
    "units",
    "steps",
    "document_kinds",
    "months",
    "date_format",
    "stars_label",
    "untranslated",
    "untranslated_title",
)
SCRIPT_WORDS_IN = {
    "labels": tuple(
        [
            "actor",
            "area",
            "attached",
            "business_id",
            "cert_expired",
            "cert_valid",
            "certificate",
            "commune",
            "date",
            "documents",
            "expires",
            "former_district",
            "gtin",
            "inputs",
            "issuer",
            "lot",
            "map",
            "material_lot",
            "material_origin",
            "number",
            "phone",
            "open_file",
            "origin",
            "packaged",
            "place",
            "produced",
            "producer",
            "product",
            "quantity",
            "supplier",
            "timeline",
            "valid_until",
        ]
    ),
    "status": ("released",),
    "editor": ("step", "steps", "errors", "lot_taken", "file_comment", "copied", "load_failed"),
}


@dataclass(frozen=True)
class Task:
    """What the editor helps to write: a record, or one block of one."""

    kind: str  # the record kind whose schema it follows
    root: str  # "" for the whole record, else the block's field
    left_out: tuple[str, ...] = ()  # fields (with what is inside them) the task does not ask for


TASKS = {
    # A new batch. Its lot is the file's name; it is released (a recall or a withdrawal changes a
    # batch that was published).
    "batch": Task("batch", "", ("lot", "status", "recall", "withdrawal")),
    # A renewed OCOP certificate: the `ocop` block of the product.
    "certificate": Task("product", "ocop"),
}


@dataclass
class FormField:
    """One field of the form, in one language, with the fields inside it."""

    path: str  # as the field reference writes it: "events[].place"
    kind: str  # a kind of the field reference: text, localized, date, list, mapping…
    required: bool
    label: str
    help: str
    choices: list[tuple[str, str]]  # (value, what a person reads)
    rules: dict[str, Any]
    children: list[FormField] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The field's key in the record."""
        return self.path.removesuffix("[]").rsplit(".", 1)[-1]

    @property
    def repeated(self) -> bool:
        """A list: of groups of fields (``children``), or of single values."""
        return self.kind == "list" or self.path.endswith("[]")


def message(code: str) -> dict[str, str]:
    """A validator message in each of its languages: the one place the editor reads them."""
    return dict(MESSAGES[code])


def short_label(doc: str) -> str:
    """A field's name as a form label: its documentation up to the first explanation.
    "Hạn sử dụng (sau ngày sản xuất)" → "Hạn sử dụng"; "Unit, e.g. bottles" → "Unit"."""
    return re.split(r":|;| \(|, ", doc, maxsplit=1)[0].strip()


def _in(language: Language, texts: dict[str, str]) -> str:
    """Field documentation and messages in ``language``, read along its chain (texts.py)."""
    found = pick(texts, language.doc_chain)
    return found[1] if found else ""


def _field(row: FieldRow, language: Language, words: dict[str, Any]) -> FormField:
    doc = _in(language, row.doc)
    label = short_label(doc)
    named = words.get(CHOICE_WORDS.get(row.path, ""), {})
    return FormField(
        path=row.path,
        kind=row.kind,
        required=row.required,
        label=label,
        # A choice's options say what each one means; its documentation lists them again.
        help="" if row.kind == "choice" or doc == label else doc,
        choices=[(value, named.get(value, value)) for value in row.choices],
        rules=row.rules,
    )


def _tree(rows: list[FieldRow], language: Language, words: dict[str, Any]) -> list[FormField]:
    """The rows (in the reference's order: each field followed by the fields inside it) as a tree."""
    top: list[FormField] = []
    open_: list[tuple[int, FormField]] = []  # the fields that may still receive children
    for row in rows:
        node = _field(row, language, words)
        while open_ and open_[-1][0] >= row.depth:
            open_.pop()
        (open_[-1][1].children if open_ else top).append(node)
        open_.append((row.depth, node))
    return top


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith((root + ".", root + "[]")) for root in roots)


def task_fields(
    task: Task, rows: list[FieldRow], language: Language, words: dict[str, Any]
) -> list[FormField]:
    """The fields a task asks for, in the order `ocop new` writes them."""
    kept = [
        r
        for r in rows
        if (not task.root or _inside(r.path, (task.root,))) and not _inside(r.path, task.left_out)
    ]
    return _tree(kept, language, words)


@dataclass
class EditorPage:
    """What the editor's template needs for one language."""

    tasks: dict[str, list[FormField]]
    lot: FormField
    languages: list[Language]
    data: dict[str, Any]  # what editor.js reads

    @property
    def data_json(self) -> Markup:
        """``data`` for a <script> element: Vietnamese letters as they are (a third of the size
        of their \\u escapes), no spaces after separators, and nothing that could close the
        element."""
        return htmlsafe_json_dumps(
            self.data, dumps=json.dumps, ensure_ascii=False, separators=(",", ":")
        )


def editor_page(
    language: Language,
    languages: list[Language],
    words: dict[str, Any],
    *,
    site_url: str,
    catalog_url: str,
    repository: str | None,
    branch: str,
) -> EditorPage:
    """The editor in ``language``; ``words`` are that language's interface words and
    ``catalog_url`` the link from the editor's page to the open data catalog."""
    default = languages[0].code
    schemas = json_schemas(site_url)
    rows = {kind: schema_rows(schema) for kind, schema in schemas.items()}
    tasks = {name: task_fields(task, rows[task.kind], language, words) for name, task in TASKS.items()}
    [lot_row] = [r for r in rows["batch"] if r.path == "lot"]
    batch_file = RECORD_FILES["batch"]
    data = {
        "lang": language.code,
        "default": default,
        "chain": list(language.chain),
        "catalog": catalog_url,
        "repository": (repository or "").rstrip("/"),
        "branch": branch,
        "files": {"batch": batch_file, "product": RECORD_FILES["product"]},
        # The schema line `ocop new` writes first, relative to the new file.
        "schema": posixpath.relpath(f"{SCHEMA_FOLDER}/batch.json", posixpath.dirname(batch_file)),
        "media": {kind: list(extensions) for kind, extensions in MEDIA_EXTENSIONS.items()},
        "messages": {code: _in(language, message(code)) for code in CLIENT_CODES},
        # How a commune or a former district is written (places.py): the kinds that start a
        # place's name as officials write it, longest first, and this language's word for each.
        "places": [[prefix, UNIT_KINDS[prefix]] for prefix in PREFIXES],
        "words": {key: words[key] for key in SCRIPT_WORDS}
        | {group: {key: words[group][key] for key in keys} for group, keys in SCRIPT_WORDS_IN.items()},
    }
    return EditorPage(tasks, _field(lot_row, language, words), languages, data)
