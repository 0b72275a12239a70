"""The field reference for producers, read from the JSON Schema of the record models.

Nothing is retyped: a field added to ``schema.py`` appears here with its documentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schema import RECORD_MODELS

RECORD_FILES = {
    "producer": "products/<producer-id>/producer.yml",
    "product": "products/<producer-id>/<product-id>/product.yml",
    "batch": "products/<producer-id>/<product-id>/batches/<lot>.yml",
}


@dataclass(frozen=True)
class FieldRow:
    path: str
    kind: str  # a key of the interface words' `types`
    choices: tuple[str, ...]
    required: bool
    doc: dict[str, str]
    depth: int
    # The JSON Schema keywords that bound the value (maxLength, minimum, pattern, minItems…).
    rules: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RecordReference:
    kind: str
    file: str
    rows: list[FieldRow]


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return defs[node["$ref"].rsplit("/", 1)[-1]]
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1 and "type" not in node:
        return _resolve(options[0], defs)
    return node


def _kind(node: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    if "enum" in node:
        return "choice", tuple(node["enum"])
    if "const" in node:
        return "choice", (node["const"],)
    if node.get("x-markdown"):
        return "markdown", ()
    if "anyOf" in node and any(o.get("type") == "object" for o in node["anyOf"]):
        return "localized", ()
    if node.get("x-media"):
        return "media", ()
    if node.get("format") == "date":
        return "date", ()
    if "anyOf" in node:
        return "datetime", ()
    return {"integer": "integer", "number": "number", "object": "mapping", "array": "list"}.get(
        node.get("type", ""), "text"
    ), ()


_RULES = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "x-media",
)


def _rules(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {key: node[key] for node in nodes for key in _RULES if key in node}


def _rows(model_schema: dict[str, Any], defs: dict[str, Any], prefix: str, depth: int) -> list[FieldRow]:
    rows = []
    required = set(model_schema.get("required", []))
    for name, prop in model_schema.get("properties", {}).items():
        node = _resolve(prop, defs)
        doc = prop.get("x-doc") or node.get("x-doc") or {}
        path = prefix + name
        if node.get("type") == "array":
            item = _resolve(node.get("items", {}), defs)
            if "properties" in item:
                rows.append(FieldRow(path, "list", (), name in required, doc, depth, _rules(node)))
                rows += _rows(item, defs, path + "[].", depth + 1)
            else:
                kind, choices = _kind(item)
                rows.append(
                    FieldRow(path + "[]", kind, choices, name in required, doc, depth, _rules(node, item))
                )
        elif "properties" in node:
            rows.append(FieldRow(path, "mapping", (), name in required, doc, depth))
            rows += _rows(node, defs, path + ".", depth + 1)
        else:
            kind, choices = _kind(node)
            rows.append(FieldRow(path, kind, choices, name in required, doc, depth, _rules(node)))
    return rows


def schema_rows(schema: dict[str, Any]) -> list[FieldRow]:
    """The rows of one record kind's JSON Schema as published (``schema_export.json_schemas``)."""
    return _rows(schema, schema.get("definitions", schema.get("$defs", {})), "", 0)


def field_reference() -> list[RecordReference]:
    references = []
    for kind, model in RECORD_MODELS.items():
        schema = model.model_json_schema()
        references.append(
            RecordReference(kind, RECORD_FILES[kind], _rows(schema, schema.get("$defs", {}), "", 0))
        )
    return references
