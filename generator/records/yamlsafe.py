"""Load one untrusted YAML record safely, remembering where every value came from.

Records are written by strangers, so this loader is deliberately narrower than PyYAML:

- files are capped in size and decoded as strict UTF-8 (a UTF-8 byte-order mark is tolerated,
  because Windows editors add one);
- scalars are resolved close to YAML 1.2: only ``true``/``false`` are booleans (``no`` stays the
  text "no"), integers have no leading zeros (``lot: 00123`` stays "00123"), no octal, hex or
  sexagesimal numbers;
- only the standard tags are allowed, so ``!!python/object`` and custom tags are refused;
- duplicate keys are an error (PyYAML silently keeps the last one);
- alias expansion and nesting depth are bounded, so an alias bomb fails fast in bounded memory.

The result keeps the line and column of each key or list item, so that validation errors can
name the line a producer has to fix.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .characters import described

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 32

FieldPath = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


class YamlProblem(Exception):
    """A file that cannot be read as a record at all; ``code`` keys the bilingual message."""

    def __init__(self, code: str, line: int | None = None, column: int | None = None, **params: Any):
        super().__init__(code)
        self.code = code
        self.line = line
        self.column = column
        self.params = params


@dataclass(frozen=True)
class LoadedYaml:
    data: Any
    positions: dict[FieldPath, tuple[int, int]]  # of each key and list item
    digest: str = ""  # of the file's bytes: what later builds compare to reuse their work
    spans: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)  # first and last line of each value
    text: str = ""

    def position(self, path: FieldPath) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def find(self, path: FieldPath, written: str) -> tuple[int, int] | None:
        """Where ``written`` is in the value at ``path`` (or in a value below it, such as one
        language of a text), when it is written there as it is; None otherwise. A long text spans
        many lines, and a mistake in it is on one of them."""
        lines = self.text.split("\n")
        for at, (first, last) in self.spans.items():
            if at[: len(path)] == path:
                for number in range(first, last + 1):
                    if (column := lines[number - 1].find(written)) >= 0:
                        return number, column + 1
        return None


class _Resolver(yaml.resolver.BaseResolver):
    pass


_IMPLICIT = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:[0-9][0-9]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        "0123456789",
    ),
]
_PATTERNS = {_STD + name: re.compile(pattern) for name, pattern, _ in _IMPLICIT}
for _name, _pattern, _first in _IMPLICIT:
    _Resolver.add_implicit_resolver(_STD + _name, _PATTERNS[_STD + _name], list(_first))


class _Composer(yaml.constructor.SafeConstructor, _Resolver):
    """Composes nodes (C parser if available) and resolves tags with our YAML 1.2-like rules."""

    def __init__(self, text: str):
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)


# libyaml (PyYAML's C parser) when PyYAML was built with it: many times faster on a large catalog.
class _CComposer(yaml.cyaml.CParser, _Composer):  # type: ignore[misc]
    def __init__(self, text: str):
        yaml.cyaml.CParser.__init__(self, text)
        _Composer.__init__(self, text)


class _PyComposer(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Composer
):
    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Composer.__init__(self, text)


_COMPOSER: type[_Composer] = _CComposer if yaml.__with_libyaml__ else _PyComposer


def _where(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed nodes into plain Python values, counting what aliases expand to."""

    def __init__(self, composer: _Composer):
        self.composer = composer
        self.positions: dict[FieldPath, tuple[int, int]] = {(): (1, 1)}
        self.spans: dict[FieldPath, tuple[int, int]] = {}
        self.count = 0

    def build(self, node: Node, path: FieldPath, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem("yaml_too_many_nodes", *_where(node), limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise YamlProblem("yaml_too_deep", *_where(node), limit=MAX_DEPTH)
        if node.tag not in _ALLOWED_TAGS:
            raise YamlProblem("yaml_tag", *_where(node), tag=node.tag)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.positions.setdefault((*path, index), _where(child))
                items.append(self.build(child, (*path, index), depth + 1))
            return items
        assert isinstance(node, ScalarNode)
        self.spans[path] = (node.start_mark.line + 1, node.end_mark.line + 1)
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or not key_node.value.strip():
                raise YamlProblem("yaml_bad_key", *_where(key_node))
            # Keys are taken as written: `no:` or `1:` is the text, never false or a number.
            key = key_node.value
            if key == "<<" and not key_node.style:  # YAML 1.1's merge key (plain, unquoted): never merged
                raise YamlProblem("yaml_merge_key", *_where(key_node))
            if key in result:
                first = self.positions.get((*path, key), (None, None))[0]
                raise YamlProblem("yaml_duplicate_key", *_where(key_node), key=key, first_line=first)
            self.positions[(*path, key)] = _where(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag.removeprefix(_STD)
        if tag == "str":
            return node.value
        # An explicit tag (`!!int bốn`) must still fit the type's own syntax.
        pattern = _PATTERNS.get(node.tag)  # none for `!!map` or `!!seq` written on a plain value
        if pattern is None or not pattern.match(node.value):
            raise YamlProblem("yaml_bad_value", *_where(node), tag=tag, value=node.value)
        if tag == "null":
            return None
        if tag == "bool":
            return node.value.lower() == "true"
        if tag == "int":
            return int(node.value)
        if tag == "float":
            return self.composer.construct_yaml_float(node)
        try:
            return self.composer.construct_yaml_timestamp(node)
        except ValueError as error:  # e.g. 2025-02-30
            raise YamlProblem("yaml_bad_date", *_where(node), value=node.value) from error


_OPENING = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _too_deep_at(text: str) -> tuple[int | None, int | None]:
    """Where nesting first goes past MAX_DEPTH, found by the scanner, which does not recurse."""
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        depth += isinstance(token, _OPENING) - isinstance(token, _CLOSING)
        if depth > MAX_DEPTH:
            return token.start_mark.line + 1, token.start_mark.column + 1
    return None, None


def parse_yaml(raw: bytes) -> LoadedYaml:
    """Parse the bytes of one record file; raise YamlProblem for anything unsafe or unreadable."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem("file_too_large", size=len(raw), limit=MAX_FILE_BYTES)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _looks_utf16(raw):
        raise YamlProblem("not_utf8", 1, None)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblem("not_utf8", line, None) from error
    if "\x00" in text:  # valid UTF-8, but no text file holds it: a damaged file, or a binary one
        before = text[: text.index("\x00")]
        raise YamlProblem("yaml_nul", before.count("\n") + 1, len(before) - before.rfind("\n"))
    try:
        composer = _COMPOSER(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.reader.ReaderError as error:  # a control character, refused before parsing
        # Its first one in the text: libyaml gives the position in bytes, PyYAML in characters.
        before = text[: text.find(chr(error.character))]
        raise YamlProblem(
            "yaml_control_character",
            before.count("\n") + 1,
            len(before) - before.rfind("\n"),
            **described(chr(error.character)),
        ) from error
    except yaml.composer.ComposerError as error:
        if "single document" in str(error.context):
            mark = error.problem_mark
            raise YamlProblem("yaml_multiple_documents", mark.line + 1, mark.column + 1) from error
        raise _syntax_problem(error, text) from error
    except RecursionError as error:  # PyYAML's composer recurses once per nesting level
        raise YamlProblem("yaml_too_deep", *_too_deep_at(text), limit=MAX_DEPTH) from error
    except yaml.YAMLError as error:
        if "nesting depth" in str(getattr(error, "problem", "")):  # libyaml's own limit
            raise YamlProblem("yaml_too_deep", *_too_deep_at(text), limit=MAX_DEPTH) from error
        raise _syntax_problem(error, text) from error
    if node is None:
        raise YamlProblem("empty_file", 1, 1)
    builder = _Builder(composer)
    data = builder.build(node, ())
    return LoadedYaml(data, builder.positions, hashlib.sha256(raw).hexdigest(), builder.spans, text)


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 (Notepad's "Unicode"), with or without its byte-order mark: Vietnamese or English
    text in it has a zero byte in every other place, which UTF-8 text never has."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = raw[:512]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 3


# What the parser says (libyaml's words, or PyYAML's own parser's) and the mistake it means.
# The parser's words are only shown in English; the Vietnamese message names the mistake.
_SYNTAX = (
    # (in the parser's problem or context, the message, whether the mistake began at the context)
    ("could not find expected ':'", "yaml_missing_colon", True),
    ("quoted scalar", "yaml_unclosed_quote", True),
    ("flow mapping", "yaml_unclosed_bracket", True),
    ("flow sequence", "yaml_unclosed_bracket", True),
    ("block scalar", "yaml_block_scalar", False),
    ("mapping values are not allowed", "yaml_colon_in_value", False),
    ("cannot start any token", "yaml_bad_character", False),
    ("undefined alias", "yaml_undefined_alias", False),
    ("block mapping", "yaml_indentation", False),
    ("block end", "yaml_indentation", False),
    ("expected key", "yaml_indentation", False),
)
_ESCAPE = ("escape", "hexadecimal", "hexdecimal")


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """A syntax error as the mistake a person made, at the line where they made it."""
    problem, context = error.problem or "", error.context or ""
    mark, start = error.problem_mark, error.context_mark
    if mark is None:
        return YamlProblem("yaml_syntax", None, None, detail=problem or str(error))
    lines = text.split("\n")
    line, column = mark.line + 1, mark.column + 1
    here = lines[mark.line] if mark.line < len(lines) else ""
    found = here[mark.column] if mark.column < len(here) else ""
    if found == "\t" or "\t" in here[: len(here) - len(here.lstrip())] or "tab character" in problem:
        return YamlProblem("yaml_tab", line, column)
    if "quoted scalar" in context and any(word in problem for word in _ESCAPE):
        return YamlProblem("yaml_bad_escape", line, column)
    meant = next(((c, at) for words, c, at in _SYNTAX if words in problem or words in context), None)
    if meant is None:
        return YamlProblem("yaml_syntax", line, column, detail=problem)
    code, at_start = meant
    if at_start and start is not None:
        line, column = start.line + 1, start.column + 1
    written = lines[line - 1].strip() if line <= len(lines) else ""
    if code == "yaml_missing_colon" and (glued := re.match(r"([^\s:#][^:#]*):(\S.*)$", written)):
        # `shelf_life:24 tháng`: a colon with no space after it is part of the text
        fixed = f"{glued[1]}: {glued[2]}"
        return YamlProblem("yaml_colon_space", line, column, written=written, fixed=fixed)
    if code == "yaml_unclosed_bracket":
        return YamlProblem(code, line, column, bracket="{" if "mapping" in context else "[")
    if code == "yaml_bad_character":
        return YamlProblem(code, line, column, character=found)
    return YamlProblem(code, line, column, detail=problem)


def read_yaml(path: Path) -> LoadedYaml:
    """Read and parse a record file without following it outside its size cap."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem("file_too_large", size=size, limit=MAX_FILE_BYTES)
    with path.open("rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)  # the file may grow between the two looks
    return parse_yaml(raw)
