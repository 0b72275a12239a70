"""What the record editor (/contribute/editor/) costs a phone, and how long its hand-off links are.

    .venv/bin/python -m benchmarks.editor SITE [--sizes 437,18000] [--workdir DIR]

SITE is a built site (``./dev.sh build`` writes ``site/``). Reported, gzip level 6 as in
``weights.py``:

- the first visit of the editor's page in each language: HTML, CSS and JavaScript
  (``weights.page_weight``); nothing else is named by the page;
- ``data/catalog.json``, which the page reads as it starts (its producers and products), for the
  built site and, with ``--sizes``, for synthetic catalogs of that many products
  (``benchmarks.synth``, five batches a product; the file is made as the build makes it, without
  building the pages);
- the length of the new-file link for each batch record of the built site's catalog, its text
  percent-encoded as the editor encodes it (``encodeURIComponent``): GitHub refuses a link longer
  than 8,192 bytes, and the editor falls back to copy and paste above 8,000 characters.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
from datetime import date
from pathlib import Path
from urllib.parse import quote

from generator.records.loader import load_catalog
from generator.site.languages import make_languages
from generator.site.opendata import CATALOG_JSON, OpenData
from generator.site.plan import build_plan

from . import synth
from .weights import GZIP_LEVEL, page_weight

EDITOR = "contribute/editor/"
URL_LIMIT = 8000  # editor.js's URL_LIMIT
LINK_BASE = "https://github.com/ocop-quang-ninh/ocop-catalog/new/main?filename="


def kb(size: int) -> str:
    return f"{size / 1024:.1f} kB"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def catalog_json(products: Path) -> bytes:
    catalog = load_catalog(products).catalog
    assert catalog is not None, f"{products} is not a valid catalog"
    languages = make_languages([{"code": "vi", "name": "Tiếng Việt"}, {"code": "en", "name": "English"}])
    plan = build_plan(catalog, "https://ocop.example.vn/")
    data = OpenData(plan, languages, "https://ocop.example.vn/", synth.TODAY)
    return "".join(data.catalog_json()).encode()


def link_length(relative: str, text: str) -> int:
    # encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) as they are.
    return len(LINK_BASE + relative + "&value=" + quote(text, safe="-_.!~*'()"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path)
    parser.add_argument("--sizes", default="", help="product counts of synthetic catalogs, e.g. 437,18000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ocop-editor-bench"))
    args = parser.parse_args(argv)

    print("| Page | HTML | HTML gzip | CSS gzip | JS gzip | Total gzip |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path in (EDITOR, "en/" + EDITOR):
        w = page_weight(args.site, path)
        assert not w.missing, w.missing
        print(
            f"| `/{path}` | {kb(w.html_raw)} | {kb(w.html_gz)} | {kb(w.css_gz)} | {kb(w.js_gz)} | **{kb(w.total_gz)}** |"
        )
    print()
    print(f"Files named by `/{EDITOR}`: " + "; ".join(page_weight(args.site, EDITOR).files))
    print()

    print("| Catalog | catalog.json | gzip |")
    print("| --- | ---: | ---: |")
    built = (args.site / CATALOG_JSON).read_bytes()
    print(f"| the built site | {kb(len(built))} | {kb(gz(built))} |")
    for size in [int(s) for s in args.sizes.split(",") if s]:
        out = args.workdir / f"synth-{size}"
        synth.generate(out, size)
        data = catalog_json(out / "products")
        print(f"| {size:,} products (synthetic, 5 batches each) | {kb(len(data))} | {kb(gz(data))} |")
    print()

    products = synth.SAMPLE_PRODUCTS
    lengths = []
    for record in sorted(products.glob("*/*/batches/*.yml")):
        text = "".join(
            line for line in record.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#")
        )
        lengths.append(link_length(record.relative_to(products.parent).as_posix(), text))
    print(
        f"New-file links of the sample's {len(lengths)} batch records: median {statistics.median(lengths):,.0f}, "
        f"longest {max(lengths):,} characters; {sum(n > URL_LIMIT for n in lengths)} over {URL_LIMIT:,}."
    )
    print(f"(measured on {date.today().isoformat()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
