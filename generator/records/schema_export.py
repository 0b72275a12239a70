"""JSON Schema files for editors, generated from the record models in ``schema.py``.

The same models validate records, so an editor that reads these files (VS Code's YAML
extension, or any editor using yaml-language-server) completes the same field names and flags
the same kinds of mistakes as `ocop validate`, while the producer types. The validator checks
more than a schema can say (check digits, dates in order, files that exist), never less.

The files are committed under ``schema/`` (`ocop schema` writes them, a test keeps them equal
to the models) and published on the site under ``/schema/``.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from .schema import RECORD_MODELS

SCHEMA_FOLDER = "schema"
# Draft 7 is the newest draft that yaml-language-server fully supports.
META_SCHEMA = "http://json-schema.org/draft-07/schema#"
_TITLES = {
    "producer": ("Hồ sơ cơ sở sản xuất OCOP (producer.yml)", "OCOP producer record (producer.yml)"),
    "product": ("Hồ sơ sản phẩm OCOP (product.yml)", "OCOP product record (product.yml)"),
    "batch": (
        "Hồ sơ lô sản xuất OCOP (batches/<lot>.yml)",
        "OCOP production batch record (batches/<lot>.yml)",
    ),
}


def schema_url(site_url: str, kind: str) -> str:
    """Where the schema of ``kind`` is published, e.g. https://ocop.example.vn/schema/product.json."""
    return f"{site_url.rstrip('/')}/{SCHEMA_FOLDER}/{kind}.json"


def json_schemas(site_url: str | None = None) -> dict[str, dict[str, Any]]:
    """The JSON Schema of each record kind ("producer", "product", "batch").

    ``site_url`` is the site's public address (``site_url`` in mkdocs.yml); each schema's ``$id``
    is its address on the site. Without it, mkdocs.yml in the working folder is read.
    """
    base = site_url if site_url is not None else site_url_from(Path("mkdocs.yml"))
    return {
        kind: _schema(kind, model.model_json_schema(), schema_url(base, kind))
        for kind, model in RECORD_MODELS.items()
    }


def _schema(kind: str, generated: dict[str, Any], schema_id: str) -> dict[str, Any]:
    vi, en = _TITLES[kind]
    body = _draft7(_bilingual(copy.deepcopy(generated)))
    body.pop("title", None)
    return {"$schema": META_SCHEMA, "$id": schema_id, "title": f"{vi} / {en}", **body}


def _bilingual(node: Any) -> Any:
    """Editors show ``description`` on hover; say it in Vietnamese first, then in English."""
    if isinstance(node, dict):
        doc = node.get("x-doc")
        if isinstance(doc, dict) and {"vi", "en"} <= doc.keys():
            node["description"] = f"{doc['vi']}\n\n{doc['en']}"
        for value in node.values():
            _bilingual(value)
    elif isinstance(node, list):
        for item in node:
            _bilingual(item)
    return node


def _draft7(schema: dict[str, Any]) -> dict[str, Any]:
    """pydantic writes definitions under ``$defs``; draft 7 names them ``definitions``."""
    text = json.dumps(schema, ensure_ascii=False)
    text = text.replace('"#/$defs/', '"#/definitions/')
    moved = json.loads(text)
    if "$defs" in moved:
        moved["definitions"] = moved.pop("$defs")
    return moved


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_file(root: Path, kind: str) -> Path:
    return root / SCHEMA_FOLDER / f"{kind}.json"


def write_schemas(root: Path, site_url: str) -> list[Path]:
    """Write ``schema/<kind>.json`` under ``root``; returns the files that changed."""
    changed = []
    for kind, schema in json_schemas(site_url).items():
        path = schema_file(root, kind)
        text = schema_text(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(root: Path, site_url: str) -> list[Path]:
    """The committed schema files that differ from the models (or are missing)."""
    return [
        schema_file(root, kind)
        for kind, schema in json_schemas(site_url).items()
        if not schema_file(root, kind).is_file()
        or schema_file(root, kind).read_text(encoding="utf-8") != schema_text(schema)
    ]


def site_url_from(mkdocs_yml: Path) -> str:
    """``site_url`` from mkdocs.yml, read as text: the file may hold tags (!ENV) that a plain
    YAML loader refuses, and the site URL is one plain line."""
    if mkdocs_yml.is_file():
        match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", mkdocs_yml.read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1)
    return ""
