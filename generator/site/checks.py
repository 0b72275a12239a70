"""Everything a change to the records is checked against, for `ocop validate` and the build alike:
the records themselves, then the promise that every published URL still resolves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ..base.parallel import collector_paused
from ..records.loader import load_catalog
from ..records.problems import Problem, ProblemSummary, sort_problems
from ..records.recordcache import RecordCache
from . import urls
from .ledger import check_ledger, missing_from_ledger, read_ledger
from .opendata import EPCIS_FILE
from .plan import LISTING_PAGE_SIZE, QrCode, SitePlan, build_plan

# The file a folder URL serves, which every page of the site is written as.
PAGE_FILE = "index.html"


@dataclass(frozen=True)
class Checked(ProblemSummary):
    plan: SitePlan | None  # None when there is any error
    problems: list[Problem]


def check_site(
    products: Path,
    ledger: Path | None,
    base_url: str,
    *,
    today: date,
    only: str | None = None,
    labels: bool = True,
    listing_page_size: int = LISTING_PAGE_SIZE,
    cache: RecordCache | None = None,
) -> Checked:
    """Check the records (all, or the producer folder ``only``) as of ``today``, and the
    permalink ledger.

    With ``only``, the ledger is checked for that producer's URLs alone, and URLs not yet in the
    ledger are not reported: the rest of the catalog is not looked at. ``cache`` keeps checked
    records for later runs.
    """
    with collector_paused():
        return _check_site(products, ledger, base_url, today, only, labels, listing_page_size, cache)


def _check_site(
    products: Path,
    ledger: Path | None,
    base_url: str,
    today: date,
    only: str | None,
    labels: bool,
    listing_page_size: int,
    cache: RecordCache | None,
) -> Checked:
    result = load_catalog(products, today=today, only=only, cache=cache)
    if result.catalog is None:
        return Checked(None, result.problems)
    plan = build_plan(result.catalog, base_url, labels=labels, listing_page_size=listing_page_size)
    problems = list(result.problems) + _reserved_lots(plan, products.parent)
    if ledger is not None:
        entries, problems_in_file = read_ledger(ledger)
        if only is not None:
            entries = [e for e in entries if e.record.startswith(f"{products.name}/{only}/")]
        problems += problems_in_file + check_ledger(entries, plan, ledger.name)
        if only is None and (missing := missing_from_ledger(entries, plan)):
            problems.append(
                Problem(
                    ledger.name,
                    None,
                    None,
                    "",
                    "ledger_missing",
                    {"count": len(missing), "first": missing[0]},
                    "warning",
                )
            )
    problems = sort_problems(problems)
    has_errors = any(p.severity == "error" for p in problems)
    return Checked(None if has_errors else plan, problems)


@cache
def names_beside_lots() -> frozenset[str]:
    """What the site writes in a product's folder, in a batch's and in a product's GS1 Digital
    Link folder, besides the batches' own folders (worked out from the paths the writers use).
    A lot names a folder beside them, so it must take none of these names."""
    product, lot, gtin = "p", "l", "0" * 14
    folders = [urls.product_path(product), urls.batch_path(product, lot), urls.digital_link_path(gtin)]
    written = [
        *(path + PAGE_FILE for path in folders),
        *(QrCode(path, "").svg_path for path in folders[:2]),
        # Earlier builds wrote each code as a PNG too: a lot of that name would shadow a file
        # someone may still link to.
        *(path + "qr.png" for path in folders[:2]),
        urls.labels_path(product) + PAGE_FILE,
        urls.batch_path(product, lot) + EPCIS_FILE,
        urls.linkset_path(gtin),
        urls.sheet_path(product) + PAGE_FILE,
    ]
    return frozenset(
        path.removeprefix(folder).split("/")[0]
        for path in written
        for folder in folders
        if path.startswith(folder) and path.removeprefix(folder).split("/")[0] != lot
    )


def _reserved_lots(plan: SitePlan, root: Path) -> list[Problem]:
    """Lots whose folder would be a file the site writes (``p/<id>/qr.png/``): the build would
    stop halfway. Compared without case, as a file system on Windows or macOS does."""
    reserved = {name.casefold() for name in names_beside_lots()}
    return [
        Problem(
            batch.source.relative_to(root).as_posix(),
            None,
            None,
            "",
            "lot_reserved",
            {"lot": batch.lot, "reserved": ", ".join(sorted(names_beside_lots()))},
        )
        for batch in plan.catalog.batches
        if batch.lot.casefold() in reserved
    ]
