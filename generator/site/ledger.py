"""The permalink ledger: every URL the site has published, kept so that none ever breaks.

``permalinks.tsv`` is committed next to ``products/``: one sorted line per language-neutral
path (each configured language serves it under its own prefix), the date it was first
published, and the record it came from. ``ocop ledger update`` adds the URLs of the current
records; validation and the build fail when a URL in the ledger no longer resolves.

What lives beside a ledger path keeps it as long as the path: a producer's feeds of recalls
(``producers/<id>/recalls.xml`` and ``.json``), a Digital Link's linkset (``linkset.json`` in its
folder) and the form GS1's grammar prints, without the trailing slash (``01/<gtin14>/10/<lot>``,
answered by ``<path>.html`` or by the host's redirect to the folder). None needs a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..records.catalog import Batch, Producer, Product
from ..records.problems import Problem
from . import urls
from .plan import SitePlan

LEDGER_FILE = "permalinks.tsv"
_HEADER = (
    "# Permanent URLs of this site: path<TAB>first published<TAB>record. Paths are relative to the\n"
    "# site root and hold for every language (en/<path>, …). Never delete a line: run `ocop ledger update`.\n"
)


@dataclass(frozen=True)
class Permalink:
    path: str
    first_published: date
    record: str
    line: int = 0


def read_ledger(path: Path) -> tuple[list[Permalink], list[Problem]]:
    entries, problems = [], []
    if not path.is_file():
        return entries, problems
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            entries.append(Permalink(parts[0], date.fromisoformat(parts[1]), parts[2], number))
        except (IndexError, ValueError):
            problems.append(Problem(path.name, number, None, "", "ledger_format"))
    return entries, problems


def write_ledger(path: Path, entries: list[Permalink]) -> None:
    lines = [
        f"{e.path}\t{e.first_published.isoformat()}\t{e.record}\n"
        for e in sorted(entries, key=lambda e: e.path)
    ]
    path.write_text(_HEADER + "".join(lines), encoding="utf-8")


def _published(plan: SitePlan) -> Iterator[tuple[str, Producer | Product | Batch]]:
    """The permanent paths of the current records, each with its record."""
    for page in plan.pages:
        if isinstance(page.subject, Producer | Product | Batch):
            yield page.path, page.subject
    for product in plan.catalog.products:
        if gtin := product.record.gtin:
            yield urls.digital_link_path(gtin), product
            for batch in product.batches:
                yield urls.digital_link_path(gtin, batch.lot), batch


def published(plan: SitePlan, root: Path) -> dict[str, str]:
    """The permanent paths of the current records, each with the record file it comes from."""
    return {path: record.source.relative_to(root).as_posix() for path, record in _published(plan)}


def check_ledger(entries: list[Permalink], plan: SitePlan, ledger_name: str) -> list[Problem]:
    return [
        Problem(
            ledger_name,
            entry.line,
            None,
            "",
            "ledger_broken",
            {"url": "/" + entry.path, "record": entry.record},
        )
        for entry in entries
        if not plan.resolves(entry.path)
    ]


def missing_from_ledger(entries: list[Permalink], plan: SitePlan) -> list[str]:
    known = {entry.path for entry in entries}
    return sorted(path for path, _ in _published(plan) if path not in known)


def update_ledger(entries: list[Permalink], plan: SitePlan, root: Path, today: date) -> list[Permalink]:
    """The ledger with the current records' URLs added; nothing is ever removed."""
    known = {entry.path for entry in entries}
    added = [
        Permalink(path, today, record) for path, record in published(plan, root).items() if path not in known
    ]
    return entries + added
