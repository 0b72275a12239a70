"""Everything a change to the records is checked against, for `ocop validate` and the build alike:
the records themselves, then the promise that every published URL still resolves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..base.parallel import collector_paused
from ..records.loader import load_catalog
from ..records.problems import Problem, ProblemSummary, sort_problems
from ..records.recordcache import RecordCache
from .ledger import check_ledger, missing_from_ledger, read_ledger
from .plan import LISTING_PAGE_SIZE, SitePlan, build_plan


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
    problems = list(result.problems)
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
