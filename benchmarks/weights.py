"""Page weight on a first visit: the HTML plus every stylesheet and script it loads, gzip-compressed.

Each page's ``<link rel="stylesheet" href>`` and ``<script src>`` are resolved against the page
and read from the built site; each file is compressed on its own with gzip level 6 (a common
server setting), as a server would send it. Photos and other images are left out, as are
external URLs (there are none: the site sets ``font: false``).

Material's JavaScript bundle also fetches the search index (``search/search_index.json`` of
the page's language root, named by the ``__config`` script) and starts the search worker as
soon as a page with a search form loads; that is reported separately, because it is not named
by a tag in the page but is still downloaded on a first visit.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self.js: list[str] = []
        self.config: str = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").lower().split() and a.get("href"):
            self.css.append(a["href"] or "")
        elif tag == "script":
            if a.get("src"):
                self.js.append(a["src"] or "")
            elif a.get("id") == "__config":
                self._in_config = True

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False


@cache
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


@dataclass
class Weight:
    page: str
    html_raw: int
    html_gz: int
    css_gz: int
    js_gz: int
    files: list[str] = field(default_factory=list)
    search_gz: int = 0  # search index + worker, fetched by the bundle at start-up
    missing: list[str] = field(default_factory=list)

    @property
    def total_gz(self) -> int:
        return self.html_gz + self.css_gz + self.js_gz


def _resolve(site: Path, page_dir: str, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # external: not part of the site (none expected)
    target = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
    return site / target.lstrip("/")


def page_weight(site: Path, page_path: str) -> Weight:
    """The first-visit weight of the page at site path ``page_path`` (e.g. ``p/x/``)."""
    file = site / page_path / "index.html" if page_path.endswith("/") or not page_path else site / page_path
    html = file.read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    page_dir = "/" + page_path if page_path.endswith("/") else "/" + posixpath.dirname(page_path)
    weight = Weight(page_path, len(html), len(gzip.compress(html, compresslevel=GZIP_LEVEL, mtime=0)), 0, 0)
    for kind, urls in (("css", parser.css), ("js", parser.js)):
        for url in urls:
            target = _resolve(site, page_dir, url)
            if target is None:
                continue
            if not target.is_file():
                weight.missing.append(url)
                continue
            size = gzip_size(target)
            weight.files.append(f"{target.relative_to(site).as_posix()} ({size / 1024:.1f} kB gz)")
            if kind == "css":
                weight.css_gz += size
            else:
                weight.js_gz += size
    if parser.config:
        weight.search_gz = _search_weight(site, page_dir, json.loads(parser.config))
    return weight


def _search_weight(site: Path, page_dir: str, config: dict[str, object]) -> int:
    """The search index, the search worker and the lunr language files it imports, as
    Material's bundle and worker fetch them when a page with a search form loads."""
    base = posixpath.join(page_dir, str(config.get("base", ".")))
    index = _resolve(site, base + "/", "search/search_index.json")
    worker = config.get("search")
    files = [index]
    if isinstance(worker, str):
        files.append(_resolve(site, page_dir, worker))
        if index is not None and index.is_file():
            # Only the index's config is needed; it is written first, so read a little.
            with index.open("rb") as stream:
                head = stream.read(4096).decode("utf-8", "ignore")
            found = re.search(r'"lang"\s*:\s*\[([^\]]*)\]', head.split('"docs"')[0])
            langs = re.findall(r'"([^"]+)"', found.group(1)) if found else ["en"]
            lunr = posixpath.join(posixpath.dirname(posixpath.dirname(worker)), "lunr")
            imports = [f"{lunr}/min/lunr.{code}.min.js" for code in langs if code != "en"]
            if len(langs) > 1:
                imports.append(f"{lunr}/min/lunr.multi.min.js")
            if imports:
                imports.append(f"{lunr}/min/lunr.stemmer.support.min.js")
            files += [_resolve(site, page_dir, url) for url in imports]
    return sum(gzip_size(p) for p in files if p is not None and p.is_file())


def pick_pages(site: Path, preferred: list[str]) -> dict[str, str]:
    """Site paths of a product page, a batch (trace) page and the catalog page.

    ``preferred`` names a product path and a batch path to use when they exist; otherwise the
    first product (``p/<id>/``) and its first batch are taken.
    """
    product, batch = preferred[0], preferred[1]
    if not (site / product / "index.html").is_file() or not (site / batch / "index.html").is_file():
        products = sorted(p for p in (site / "p").iterdir() if (p / "index.html").is_file())
        first = products[0]
        product = f"p/{first.name}/"
        lots = sorted(d for d in first.iterdir() if (d / "index.html").is_file())
        batch = f"p/{first.name}/{lots[0].name}/"
    return {"product": product, "batch": batch, "catalog": "catalog/"}
