"""Check one parsed record against its model and explain every failure with its line."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Hint, Problem, Severity, field_path
from .schema import Record
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
    hint = None
    if kind == "extra_forbidden":
        code, params = kind, {"key": loc[-1]}
        hint = _did_you_mean(str(loc[-1]), _field_names(model, loc[:-1]))
    elif kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        code, params = kind, {"input": error["input"], "expected": ", ".join(allowed)}
        hint = _did_you_mean(str(error["input"]), allowed)
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
    elif kind in _CODES:
        code, params = _CODES[kind], ctx
    else:
        code, params = "invalid", {"detail": error["msg"]}
    return source.problem(loc, code, hint=("did_you_mean", {"suggestion": hint}) if hint else None, **params)


def _did_you_mean(word: str, choices: list[str]) -> str | None:
    matches = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _field_names(model: type[BaseModel], path: FieldPath) -> list[str]:
    """The field names allowed in the mapping at ``path`` inside ``model``."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
    return list(current.model_fields) if current else []


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
