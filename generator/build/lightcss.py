"""Material's stylesheet cut down to what the light pages (listings, product, producer and
trace pages, the home page) can use.

A consumer who scans a code on a bottle opens its trace page once, over whatever connection
the shop has, and Material's stylesheet was most of that visit: 22.3 of its 30.9 kB (gzip),
blocking the first paint. The light pages run none of Material's scripts (our search and the
catalog's filters fill in templates the pages carry), so what they look like comes from their
markup and the stylesheets alone, and a rule can apply to them only if every class, id and
attribute its selector asks for is written somewhere in them. Their markup
is their kind's shell (Material's header, navigation and search, build/shells.py) around
content made by our templates: the words of both decide what is kept, those of every one of our
templates (a few more words than the light pages' own need, and none left out, whether a page's
template imports it or our code renders it, as it does the stars of a certificate). Element selectors always
stay (a story's markup varies), and so does whatever sits inside ``:not()``, ``:is()`` and the
like; a custom property that nothing kept reads goes, with the icons it draws. Measured on the
sample: Material's 137.5 kB come down to 40.7 kB; with the site's own, in one file instead of
two, a first visit's stylesheets weigh 10.1 kB gzip instead of 25.4, and the pages look, pixel
for pixel, as before (tests/test_light_stylesheet.py).

The words come from the shells and from the templates' source, never from records: every
catalog gets the same stylesheet, and no record can change it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import tinycss2
from tinycss2 import ast

from ..base.files import Seal, digest

LIGHT_STYLESHEET = "stylesheets/light.css"
# At-rules whose block holds rules, which are cut down like the stylesheet's own.
_GROUPING = {"media", "supports", "layer", "container"}
_VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")
_WORD = re.compile(r"[\w-]+")


class _MarkupWords(HTMLParser):
    """The names of the elements and attributes of an HTML page, its classes and ids and, with
    ``values``, its other attributes' values, whole and word by word; never its text."""

    def __init__(self, values: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.values = values
        self.words: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.words.add(tag)
        for name, value in attrs:
            self.words.add(name)
            if value and (self.values or name in ("class", "id")):
                self.words.add(value)
                self.words.update(value.split())


def markup_words(page: str, values: bool = True) -> set[str]:
    parser = _MarkupWords(values)
    parser.feed(page)
    parser.close()
    return parser.words


@dataclass(frozen=True)
class Sources:
    """What the light pages' stylesheet is cut from, and for."""

    material: str  # Material's stylesheet
    own: str  # the site's own, which follows it whole
    shells: tuple[str, ...]  # the light kinds' shells
    templates: tuple[str, ...]  # the sources of all of our templates
    # The light pages the engine renders itself (the catalog's first, in the navigation, and the
    # hand-written ones whose front matter asks for no theme script, the home page's): the
    # names of their elements and attributes, classes and ids, not values a record may give.
    rendered: frozenset[str] = frozenset()

    def digest(self, key: str) -> str:
        counts = f"{len(self.shells)} {len(self.templates)}"
        return digest(
            [key, self.material, self.own, counts, *self.shells, *self.templates, *sorted(self.rendered)]
        )


def light_stylesheet(sources: Sources) -> str:
    """The one stylesheet of the light pages: Material's, cut down to the rules that may apply
    to pages made of the shells and our templates (their sources give every word of them, a
    superset of the classes they write, including those put together from parts), followed by
    the site's own, whole: its rules are few, and some are for classes our code puts together
    from a record's values (a status, a kind of badge)."""
    words = {word for shell in sources.shells for word in markup_words(shell)} | sources.rendered
    words |= {word for template in sources.templates for word in _WORD.findall(template)}
    read_elsewhere = sources.own + "".join(sources.shells) + "".join(sources.templates)
    return cut_down(sources.material, words, read_elsewhere) + sources.own


def kept_light_stylesheet(folder: Path, key: str, seal: Seal, sources: Sources) -> bytes:
    """``light_stylesheet``'s, kept in ``folder`` under the digest of what it is cut from and of
    ``key`` (this code and tinycss2): cutting takes a tenth of a second, most of a small
    catalog's everyday build, and gives the same bytes until the theme or Material changes."""
    kept = folder / f"{sources.digest(key)[:32]}.css"
    if (made := seal.read(kept)) is None:
        made = light_stylesheet(sources).encode()
        seal.write(kept, made)
        for old in folder.glob("*.css"):  # another theme's, of no use now
            if old != kept:
                old.unlink(missing_ok=True)
    return made


def cut_down(css: str, words: Set[str], read_elsewhere: str) -> str:
    """``css`` without the rules that ask for a class, id or attribute (with its value) missing
    from ``words``, and without the custom properties read neither by what is kept nor in
    ``read_elsewhere`` (the other stylesheets, templates and pages)."""
    kept = _kept(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), words)
    styles = list(_styles(kept))
    animations = {
        token.value
        for style in styles
        for declaration in style.declarations or []
        if declaration.name in ("animation", "animation-name")
        for token in declaration.value
        if token.type == "ident"
    }
    return "".join(_serialized(kept, _read_variables(styles, read_elsewhere), animations))


@dataclass
class _Style:
    """A style rule kept, with the selectors that may apply."""

    selectors: str
    declarations: list[ast.Declaration] | None  # None when its block nests rules: kept as written
    content: list[ast.Node]


@dataclass
class _Group:
    """A ``@media`` rule (or another that groups rules), with the rules kept in it."""

    rule: ast.AtRule
    rules: list[_Kept]


_Kept = _Style | _Group | ast.AtRule


def _kept(rules: Iterable[ast.Node], words: Set[str]) -> list[_Kept]:
    kept: list[_Kept] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [tinycss2.serialize(s) for s in _selectors(rule.prelude) if _may_apply(s, words)]
            if selectors:
                items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
                declarations = items if all(item.type == "declaration" for item in items) else None
                kept.append(_Style(",".join(selectors), declarations, rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPING and rule.content is not None:
            inner = _kept(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), words
            )
            if inner:
                kept.append(_Group(rule, inner))
        elif rule.type == "at-rule":
            kept.append(rule)
    return kept


def _selectors(prelude: list[ast.Node]) -> Iterator[list[ast.Node]]:
    """The selectors of a rule's selector list, each as its tokens, without surrounding spaces."""
    selector: list[ast.Node] = []
    for token in [*prelude, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            while selector and selector[-1].type == "whitespace":
                selector.pop()
            yield selector
            selector = []
        elif selector or token.type != "whitespace":
            selector.append(token)


def _may_apply(selector: list[ast.Node], words: Set[str]) -> bool:
    """Whether every class, id and attribute the selector asks for (outside functional
    pseudo-classes such as ``:not()``) is among ``words``."""
    for index, token in enumerate(selector):
        following = selector[index + 1] if index + 1 < len(selector) else None
        if token.type == "literal" and token.value == "." and following and following.type == "ident":
            written = following.value in words
        elif token.type == "hash":
            written = token.value in words
        elif token.type == "[] block":
            written = _attribute_written(token.content, words)
        else:
            continue
        if not written:
            return False
    return True


def _attribute_written(content: list[ast.Node], words: Set[str]) -> bool:
    """``[name]``, ``[name=value]`` or ``[name~=value]`` asks for its name and value; other
    operators (a prefix, a part) for the name only."""
    tokens = [token for token in content if token.type != "whitespace"]
    if not tokens or tokens[0].type != "ident":
        return True  # a namespace or another form: kept
    if tokens[0].lower_value not in words:
        return False
    operator = "".join(t.value for t in tokens[1:] if t.type == "literal" and t.value in ("~", "="))
    values = [t.value for t in tokens[1:] if t.type in ("ident", "string")]
    return operator not in ("=", "~=") or not values or values[0] in words


def _styles(kept: Iterable[_Kept]) -> Iterator[_Style]:
    for item in kept:
        if isinstance(item, _Style):
            yield item
        elif isinstance(item, _Group):
            yield from _styles(item.rules)


def _read_variables(styles: list[_Style], read_elsewhere: str) -> set[str]:
    """The custom properties read by the kept rules and in ``read_elsewhere``, with those their
    values read in turn."""
    values: dict[str, list[str]] = {}
    read = set(_VARIABLE.findall(read_elsewhere))
    for style in styles:
        if style.declarations is None:
            read.update(_VARIABLE.findall(tinycss2.serialize(style.content)))
            continue
        for declaration in style.declarations:
            value = tinycss2.serialize(declaration.value)
            if declaration.name.startswith("--"):
                values.setdefault(declaration.name, []).append(value)
            else:
                read.update(_VARIABLE.findall(value))
    pending = list(read)
    while pending:
        for value in values.get(pending.pop(), []):
            for name in _VARIABLE.findall(value):
                if name not in read:
                    read.add(name)
                    pending.append(name)
    return read


def _serialized(kept: Iterable[_Kept], read: Set[str], animations: Set[str]) -> Iterator[str]:
    for item in kept:
        if isinstance(item, _Style):
            if item.declarations is None:
                yield f"{item.selectors}{{{tinycss2.serialize(item.content)}}}"
                continue
            body = ";".join(
                f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                for d in item.declarations
                if not d.name.startswith("--") or d.name in read
            )
            if body:
                yield f"{item.selectors}{{{body}}}"
        elif isinstance(item, _Group):
            inner = "".join(_serialized(item.rules, read, animations))
            if inner:
                yield f"@{item.rule.at_keyword}{tinycss2.serialize(item.rule.prelude)}{{{inner}}}"
        elif item.lower_at_keyword.endswith("keyframes"):  # also -webkit-keyframes
            if any(token.type == "ident" and token.value in animations for token in item.prelude):
                yield tinycss2.serialize([item])
        else:
            yield tinycss2.serialize([item])
