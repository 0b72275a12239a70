"""What the pages to print cost: rendering them in the build, and printing them to PDF, which the
build does not do (a browser's "Save as PDF" does), to say what a PDF made at build time would
cost. Measured on a synthetic catalog that ``benchmarks.run`` built and kept:

    .venv/bin/python -m benchmarks.run --sizes 1000 --skip baseline,floor --no-weights --keep
    .venv/bin/python -m benchmarks.printing /dev/shm/ocop-bench/1000

- rendering, in this one process, for every product in both languages: a product page's parts
  (the page and its cards), its print card apart (a part of them since print catalogs came) and
  its fact sheet; then every print catalog put together from the cards, as the build's own
  process does, and the figures of the stats page;
- printing, in Debian's Chromium: the first part of the whole print catalog (up to 500 products)
  and a few fact sheets of the built site, to PDF, timed per PDF page.

It prints the times and an estimate for the national catalog (18,000 products, two languages).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.build.shells import page_parts
from generator.records.loader import load_catalog
from generator.site.languages import LanguageSetting, make_languages
from generator.site.plan import build_plan
from generator.site.qr import QrCache
from generator.site.render import Renderer, SiteInfo
from generator.site.stats import figures

from . import synth

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = 18_000
CORES = 2
SITE_URL = "https://ocop.example.vn/"


def timed(items: Iterable[Any], work: Callable[[Any], object]) -> tuple[float, int]:
    """Seconds ``work`` took over all ``items``, and how many there were."""
    started, count = time.perf_counter(), 0
    for item in items:
        work(item)
        count += 1
    return time.perf_counter() - started, count


def rendering(folder: Path) -> dict[str, float]:
    """Milliseconds per page or card, for every product and language, in the order the build's
    workers make them: a product's page (with its cards) and right after it its fact sheet."""
    loaded = load_catalog(folder / "products", today=synth.TODAY)
    assert loaded.catalog is not None, "the synthetic catalog must be valid"
    plan = build_plan(loaded.catalog, SITE_URL)
    languages = make_languages([LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")])
    renderer = Renderer(
        plan, languages, ROOT / "theme" / "ocop", QrCache(None), SiteInfo("OCOP", SITE_URL, synth.TODAY, True)
    )
    renderer.compile_templates()
    sheets = {page.subject.id: page for page in plan.pages if page.kind == "sheet"}
    spent = dict.fromkeys(("product page and its cards", "print card", "fact sheet"), 0.0)
    cards: dict[tuple[str, str], str] = {}
    count = 0
    for page in (p for p in plan.pages if p.kind == "product"):
        for language in languages:
            started = time.perf_counter()
            page_parts(page, language, renderer)
            made = time.perf_counter()
            cards[(page.subject.id, language.code)] = renderer.card(page.subject, language, "print_card")
            carded = time.perf_counter()
            renderer.render_page(sheets[page.subject.id], language)
            spent["product page and its cards"] += made - started
            spent["print card"] += carded - made  # made within the page's parts, measured apart
            spent["fact sheet"] += time.perf_counter() - carded
            count += 1
    result = {name: 1000 * seconds / count for name, seconds in spent.items()}
    result["products"] = len(sheets)

    def card(product: Any, language: Any, macro: str) -> str:
        return cards[(product.id, language.code)]

    printed = [(page, language) for page in plan.pages if page.kind == "print" for language in languages]
    seconds, count = timed(printed, lambda pl: renderer.render_page(pl[0], pl[1], card))
    result["print catalogs, all"] = seconds
    result["print catalogs"] = count
    started = time.perf_counter()
    figures(plan, languages, synth.TODAY)
    result["figures"] = time.perf_counter() - started
    return result


def printing(site: Path, sheets: int) -> dict[str, float]:
    """Seconds per PDF page: the first part of the whole print catalog, and ``sheets`` fact sheets."""
    from tests.browsing import chromium, serving  # Debian's Chromium, as the tests drive it

    sheet_paths = sorted(
        p.parent.relative_to(site).as_posix() + "/" for p in site.glob("p/*/sheet/index.html")
    )
    result: dict[str, float] = {}
    with serving(site) as server, tempfile.TemporaryDirectory() as temporary, chromium() as browser:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for name, paths in (("catalog", ["print/"]), ("sheet", sheet_paths[:sheets])):
            total_pages, total_bytes, started = 0, 0, time.perf_counter()
            for index, path in enumerate(paths):
                page = browser.new_page()
                page.goto(base + path, wait_until="load")
                pdf = Path(temporary) / f"{index}.pdf"
                page.pdf(path=str(pdf), prefer_css_page_size=True)
                page.close()
                info = subprocess.run(
                    ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
                ).stdout
                total_pages += int(info.split("Pages:")[1].split()[0])
                total_bytes += pdf.stat().st_size
            result[f"{name} seconds"] = time.perf_counter() - started
            result[f"{name} pages"] = total_pages
            result[f"{name} bytes"] = total_bytes
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.printing", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("folder", type=Path, help="a size's folder kept by benchmarks.run (products/, site/)")
    parser.add_argument("--sheets", type=int, default=20, help="fact sheets to print")
    args = parser.parse_args(argv)
    rendered = rendering(args.folder)
    products = int(rendered.pop("products"))
    catalogs = int(rendered.pop("print catalogs"))
    all_catalogs = rendered.pop("print catalogs, all")
    figures_s = rendered.pop("figures")
    print(f"Rendering, {products:,} products in 2 languages, one process:")
    for name, ms in rendered.items():
        print(f"  {name:<28} {ms:6.2f} ms")
    print(
        f"  {catalogs:,} print catalogs (all parts, 2 languages) from cards made already: {all_catalogs:.2f} s"
    )
    print(f"  the figures of the stats page and stats.json: {figures_s:.2f} s")
    printed = printing(args.folder / "site", args.sheets)
    catalog_ms = 1000 * printed["catalog seconds"] / printed["catalog pages"]
    sheet_ms = 1000 * printed["sheet seconds"] / printed["sheet pages"]
    print("Printing to PDF in Chromium:")
    per_catalog_page = printed["catalog bytes"] / printed["catalog pages"]
    per_sheet = printed["sheet bytes"] / printed["sheet pages"]
    print(
        f"  print catalog, first part: {printed['catalog pages']:.0f} pages in {printed['catalog seconds']:.1f} s,"
        f" {catalog_ms:.0f} ms and {per_catalog_page / 1024:.0f} kB a page"
    )
    print(
        f"  fact sheets: {printed['sheet pages']:.0f} in {printed['sheet seconds']:.1f} s,"
        f" {sheet_ms:.0f} ms and {per_sheet / 1024:.0f} kB a sheet"
    )
    # The national catalog: every product printed in the whole catalog, its group's and its
    # commune's, in two languages, as many to a page as here; and a sheet per product and language.
    per_page = printed["catalog pages"] / min(products, 500)
    catalog_pages = NATIONAL * 3 * 2 * per_page
    sheets = NATIONAL * 2
    pdf_hours = (catalog_pages * catalog_ms + sheets * sheet_ms) / 1000 / CORES / 3600
    pdf_gb = (catalog_pages * per_catalog_page + sheets * per_sheet) / 1024**3
    added = NATIONAL * 2 * (rendered["fact sheet"] + rendered["print card"]) / 1000 / CORES
    added += (all_catalogs + figures_s) * NATIONAL / products  # in the build's own process
    print(f"National catalog ({NATIONAL:,} products, 2 languages, {CORES} cores):")
    print(f"  rendering sheets, print cards and print catalogs in the build: about {added:.0f} s more")
    print(
        f"  PDFs at build time: about {catalog_pages:,.0f} catalog pages and {sheets:,} sheets, "
        f"{pdf_hours:.1f} hours of Chromium, {pdf_gb:.1f} GB"
    )


if __name__ == "__main__":
    main()
