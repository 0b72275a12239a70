"""What search and the catalog's browsing cost a phone, measured in Chromium on synthetic catalogs.

For each size: a synthetic catalog (benchmarks/synth.py) is built once, cold, with the
repository's configuration (the build's log gives the time the search bundles took), then served
with gzip as a static host serves it (benchmarks/lighthouse.py's server) and opened in Debian's
Chromium, on a fresh profile each time:

- a product page's first visit: the bytes on the wire of its HTML, CSS and JavaScript (photos
  apart), and that no search data is fetched;
- one query typed letter by letter in the header's search, as a person types it (the first
  words of a product's name, without diacritics): the bytes it
  downloads (Pagefind's script, its WebAssembly, the index's metadata and chunks, the results'
  fragments; the results' photos apart), and, with the CPU slowed four times (Chromium's phone
  profile), the time from a query typed at once to its results, nothing downloaded before;
- the catalog filtered by a group and a star rating: the bytes of the browsing bundle it loads.

    .venv/bin/python -m benchmarks.search --sizes 1000,5000,18000 --workdir /dev/shm/search-bench
    .venv/bin/python -m benchmarks.search --sizes 1000 --write BENCHMARKS.md

Not part of the test suite: sizes are minutes of building each.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .lighthouse import serve
from .run import ROOT, build_env, write_our_config
from .sections import write_section
from .synth import generate

MARKER = "<!-- search: benchmarks/search.py writes this section -->"
PHOTOS = re.compile(r"\.(jpe?g|webp|png)(\?|$)")


@dataclass
class Traffic:
    """What a page fetched, its worker's fetches included (Pagefind searches in a worker), by
    URL: bytes on the wire, headers and compressed body."""

    sizes: dict[str, int] = field(default_factory=dict)

    def attach(self, page: Any) -> None:
        page.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        self.sizes[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def total(self, *, photos: bool = False, only: str = "") -> int:
        return sum(
            size
            for url, size in self.sizes.items()
            if (photos or not PHOTOS.search(url)) and only in url and "favicon" not in url
        )


@dataclass
class Result:
    products: int
    build_seconds: float
    index_seconds: float
    search_bundle: tuple[int, int]  # bytes, files
    browse_bundle: tuple[int, int]
    product_page: int
    product_page_search: int
    query: int
    query_photos: int
    query_ms_throttled: float
    browse: int


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def build(size: int, workdir: Path) -> tuple[Path, float, float]:
    """The synthetic catalog of ``size`` products, built cold; its site, the build's time and the
    search bundles' (from the build's log)."""
    folder = workdir / str(size)
    generate(folder, size)
    site, cache = folder / "site", folder / "cache"
    config = write_our_config(folder, folder / "products", site, cache, ROOT)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        cwd=folder,
        env=build_env(ROOT),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.monotonic() - started
    found = re.search(r"search index of .* in ([\d.]+) s", done.stderr)
    return site, seconds, float(found.group(1)) if found else float("nan")


def query_for(site: Path) -> str:
    """What a person types, letter by letter and without diacritics: the first words of a
    product's name, e.g. "mien dong dam" for "Miến dong Đầm Hà"."""
    catalog = json.loads((site / "data" / "catalog.json").read_text(encoding="utf-8"))
    name = catalog["products"][len(catalog["products"]) // 2]["name"]["vi"]
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return " ".join(plain.split()[:3])


def measure(site: Path, browser: Any) -> dict[str, float]:
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    product = next((site / "p").iterdir()).name
    try:
        page, traffic = _open(browser, base + f"p/{product}/")
        product_page = traffic.total()
        product_page_search = traffic.total(only="/pagefind/")
        page.close()

        page, traffic = _open(browser, base)
        before = set(traffic.sizes)
        page.locator("label.md-header__button[for=__search]").click()
        page.locator(".md-header input[name=q]").press_sequentially(query_for(site), delay=180)
        page.locator(".md-header a.ocop-result").first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        query = Traffic({url: size for url, size in traffic.sizes.items() if url not in before})
        page.close()

        # A phone, the CPU four times slower: from typing a query at once to its results, with
        # nothing of search downloaded before (the slowest a first search is).
        page, traffic = _open(browser, base)
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.locator("label.md-header__button[for=__search]").click()
        started = time.monotonic()
        page.locator(".md-header input[name=q]").fill(query_for(site))
        page.locator(".md-header a.ocop-result").first.wait_for(timeout=120_000)
        answered_ms = (time.monotonic() - started) * 1000
        page.close()

        page, traffic = _open(browser, base + "catalog/?group=food&stars=4")
        page.locator("[data-ocop-count]:has-text('/')").wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        browse = traffic.total(only="/pagefind/")
        page.close()
    finally:
        server.shutdown()
    return {
        "product_page": product_page,
        "product_page_search": product_page_search,
        "query": query.total(),
        "query_photos": query.total(photos=True) - query.total(),
        "query_ms_throttled": answered_ms,
        "browse": browse,
    }


def _open(browser: Any, url: str) -> tuple[Any, Traffic]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    traffic = Traffic()
    traffic.attach(page)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, traffic


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} kB"


def report(results: list[Result]) -> str:
    rows = [
        "| Products | Build, cold | Search bundles built in | Search bundle | Browse bundle | "
        "Product page, first visit | Of it, search data | One query typed | Its results' photos | "
        "First results, CPU ÷4 | Catalog filtered |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rows.append(
            f"| {r.products:,} | {r.build_seconds:.0f} s | {r.index_seconds:.1f} s | "
            f"{r.search_bundle[0] / 1e6:.1f} MB, {r.search_bundle[1]:,} files | "
            f"{r.browse_bundle[0] / 1e6:.1f} MB, {r.browse_bundle[1]:,} files | {kb(r.product_page)} | "
            f"{kb(r.product_page_search)} | {kb(r.query)} | {kb(r.query_photos)} | "
            f"{r.query_ms_throttled:,.0f} ms | {kb(r.browse)} |"
        )
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,5000,18000")
    parser.add_argument("--workdir", type=Path, default=Path("/dev/shm/search-bench"))
    parser.add_argument("--write", type=Path, help="a Markdown file to write the table into")
    args = parser.parse_args(argv)
    from tests.browsing import chromium  # Debian's Chromium, as the tests drive it

    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        site, seconds, index_seconds = build(size, args.workdir)
        with chromium() as browser:
            found = measure(site, browser)
        result = Result(
            size,
            seconds,
            index_seconds,
            folder_size(site / "pagefind" / "search"),
            folder_size(site / "pagefind" / "catalog"),
            **found,  # type: ignore[arg-type]
        )
        results.append(result)
        print(report([result]), flush=True)
    text = report(results)
    print(text)
    if args.write:
        write_section(args.write, MARKER, "## Search and browsing on a phone (issue 13)\n\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
