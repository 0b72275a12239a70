"""One fingerprint of a build, from which every cache takes its key.

What a build keeps for the next one is reused only while everything it was made from is
unchanged: our code, every library whose output is kept, the settings and the day. Each cache
depends on a part of that, declared in ``SCOPES`` and nowhere else: a photo resized last year is
still right after a template changed (resizing the national catalog's 18,000 photos again would
take forty minutes), while a page is not. Nothing is bumped by hand: a key changes when the code
that makes the entries does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Literal

from ..base.files import digest

GENERATOR = Path(__file__).resolve().parent.parent
CacheName = Literal["records", "pages", "templates", "qr", "images", "search", "styles"]


@dataclass(frozen=True)
class Scope:
    """What the entries of one cache are made from."""

    code: tuple[str, ...]  # files and folders of the generator, relative to it
    libraries: tuple[str, ...]  # distributions whose output the entries hold
    theme: bool = False  # the theme's templates
    settings: bool = False  # the site's settings
    day: bool = False  # what is true of a certificate or a batch depends on the day


SCOPES: dict[CacheName, Scope] = {
    # Checked records: our checks, and the libraries that parse and check them (Pillow decodes
    # every photo a record names, as the build will).
    "records": Scope(
        ("records", "base"),
        ("pydantic", "pydantic-core", "PyYAML", "biip", "markdown-it-py", "Pillow"),
        day=True,
    ),
    # What a page adds to its frame: all of our code and templates, every library that writes
    # part of it (a new markdown-it-py renders a story differently), the settings and the day.
    "pages": Scope(
        ("",),
        ("Jinja2", "MarkupSafe", "markdown-it-py", "pydantic", "PyYAML", "zxing-cpp", "Pillow"),
        theme=True,
        settings=True,
        day=True,
    ),
    # Compiled templates: Jinja compiles a template again when its source changes, not when the
    # options of its environment do, which our renderer and the site engine set.
    "templates": Scope(("site/render.py", "adapter"), ("Jinja2", "MarkupSafe")),
    # QR codes and photos, by content: only the code that draws and resizes them matters.
    "qr": Scope(("site/qr.py",), ("zxing-cpp",)),
    "images": Scope(("site/images.py",), ("Pillow",)),
    # Search bundles, by their records: the indexer and how we speak to it.
    "search": Scope(("build/searchindex.py",), ("pagefind", "pagefind-bin")),
    # The stylesheet of light pages, by what it is cut from (Material's, the shells, the templates).
    "styles": Scope(("build/lightcss.py",), ("tinycss2",)),
}


@dataclass(frozen=True)
class Fingerprint:
    """What this build is made from; ``key`` gives each cache the part it depends on."""

    engine: str  # the site engine and its version, e.g. "mkdocs 1.6.1"
    settings: str
    day: date
    theme: Path

    def key(self, cache: CacheName) -> str:
        scope = SCOPES[cache]
        parts = [cache, *(f"{name} {_version(name)}" for name in scope.libraries)]
        if cache == "templates":
            parts.append(self.engine)
        if scope.settings:
            parts.append(self.settings)
        if scope.day:
            parts.append(self.day.isoformat())
        folders = [GENERATOR / path for path in scope.code]
        return digest(parts, [*folders, *([self.theme] if scope.theme else [])])


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"
