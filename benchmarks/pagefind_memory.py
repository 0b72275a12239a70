"""The memory Pagefind takes to index one language's search bundle: the largest single share of a
cold build's peak at national scale (BENCHMARKS.md, issue 18's target of 1.5 GB for the build).

For each size, a synthetic catalog (benchmarks/synth.py) is loaded and the search records of its
Vietnamese product and producer pages made as the build makes them (site/search.py). Each set of
records is then indexed the way the build indexes it (build/searchindex.py's ``index_language``,
one ``pagefind --service``) in a Python process of its own, whose only child is that service, so
the child's peak resident memory the process reports is Pagefind's:

- *as built*: the records as the site's search bundle holds them;
- *titles only*: each record's content replaced by its title, its result's fields kept: what
  Pagefind holds for a record whatever the record says.

    .venv/bin/python -m benchmarks.pagefind_memory --sizes 1000,5000,18000 --workdir /var/tmp/ocop-bench
    .venv/bin/python -m benchmarks.pagefind_memory --sizes 1000,5000,18000 --write BENCHMARKS.md

Not part of the test suite: loading 18,000 products takes a minute.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from generator.build.searchindex import index_language
from generator.records.clock import today
from generator.records.loader import load_catalog
from generator.site.languages import LanguageSetting, interface_words, make_languages
from generator.site.search import SearchRecord, producer_record, product_record

from .run import ROOT, build_env
from .sections import write_section
from .synth import generate

MARKER = "<!-- pagefind-memory: benchmarks/pagefind_memory.py writes this section -->"
VARIANTS = {
    "as built": lambda record: record,
    "titles only": lambda record: replace(record, content=record.meta["title"]),
}


def search_records(products: Path) -> list[SearchRecord]:
    """The Vietnamese search records of the catalog in ``products``, products' then producers'."""
    catalog = load_catalog(products, today=today()).catalog
    assert catalog is not None, f"the synthetic catalog in {products} does not load"
    vi = make_languages([LanguageSetting("vi", "Tiếng Việt")])[0]
    words = interface_words(vi)
    return [product_record(p, vi, words) for p in catalog.products] + [
        producer_record(p, vi, words) for p in catalog.producers
    ]


def indexed(records_file: Path) -> dict[str, float]:
    """Index the pickled records of ``records_file`` (in the process this runs in): seconds taken,
    the service's peak resident memory and the bundle's size."""
    records = pickle.loads(records_file.read_bytes())
    started = time.monotonic()
    files = index_language(records)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    return {"seconds": seconds, "peak": peak, "bytes": sum(len(content) for _, content in files)}


def measure(size: int, workdir: Path) -> list[dict[str, object]]:
    folder = workdir / str(size)
    generate(folder, size)
    records = search_records(folder / "products")
    words = sum(len(r.content.split()) for r in records) / len(records)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, variant in VARIANTS.items():
            kept = Path(scratch) / "records.pickle"
            kept.write_bytes(pickle.dumps([variant(r) for r in records]))
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.pagefind_memory", "--index", str(kept)],
                cwd=ROOT,
                env=build_env(ROOT),
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout)
            rows.append(
                {"products": size, "records": len(records), "words": words, "variant": name, **result}
            )
            print(
                f"{size:>6,} products, {name}: {result['peak'] / 1e6:,.0f} MB, {result['seconds']:.1f} s",
                flush=True,
            )
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| Products | Records (vi) | Words a record | Variant | Pagefind's peak | Indexing | Bundle |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['products']:,} | {r['records']:,} | {r['words']:.0f} | {r['variant']} | "
            f"{float(r['peak']) / 1e6:,.0f} MB | {float(r['seconds']):.1f} s | {float(r['bytes']) / 1e6:.1f} MB |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,5000", help="products in each synthetic catalog")
    parser.add_argument("--workdir", type=Path, default=Path("/var/tmp/ocop-bench"))
    parser.add_argument("--write", type=Path, help="write the table into this Markdown file")
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)  # one measurement's process
    args = parser.parse_args(argv)
    if args.index:
        print(json.dumps(indexed(args.index)))
        return 0
    rows = [row for size in map(int, args.sizes.split(",")) for row in measure(size, args.workdir)]
    print(table(rows))
    if args.write:
        heading = f"Pagefind's memory for one language's search bundle (measured {today()}):"
        write_section(args.write, MARKER, f"{heading}\n\n{table(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
