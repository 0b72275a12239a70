"""Find every record under ``products/``, check it, and build the catalog when all is well.

All problems are collected in one pass, so a producer sees every mistake at once; the catalog
is built only when there is no error, so nothing downstream ever sees a half-valid record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .catalog import Batch, Catalog, Producer, Product
from .problems import Problem, ProblemSummary, sort_problems
from .rules import batch_problems, media_problems, product_problems, translation_warnings
from .schema import (
    SLUG_RE,
    BatchRecord,
    ProducerRecord,
    ProductRecord,
    Record,
    is_valid_lot,
)
from .validate import Parsed, Source, check_record
from .yamlsafe import YamlProblem, read_yaml

R = TypeVar("R", bound=Record)
MEDIA_FOLDER = "media"
BATCH_FOLDER = "batches"


@dataclass(frozen=True)
class LoadResult(ProblemSummary):
    catalog: Catalog | None
    problems: list[Problem]


class _Loader:
    def __init__(self, products_dir: Path, only: str | None = None):
        self.products_dir = products_dir
        self.only = only  # one producer folder to check, for a quick `ocop validate products/<id>`
        self.real_root = products_dir.resolve()
        self.root = products_dir.parent
        self.problems: list[Problem] = []
        self.product_files: dict[str, str] = {}
        self.former_ids: list[tuple[str, int, Parsed[ProductRecord]]] = []

    def name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def report(self, path: Path, code: str, **params: object) -> None:
        self.problems.append(Problem(self.name(path), None, None, "", code, dict(params)))

    def entries(self, folder: Path) -> Iterator[Path]:
        """Visible entries of a folder, refusing links that lead out of products/."""
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if not entry.resolve().is_relative_to(self.real_root):
                self.report(entry, "outside_products", name=self.name(entry))
                continue
            yield entry

    def parse(self, path: Path, model: type[R]) -> Parsed[R] | None:
        if not path.resolve().is_relative_to(self.real_root):
            self.report(path, "outside_products", name=self.name(path))
            return None
        try:
            loaded = read_yaml(path)
        except YamlProblem as problem:
            self.problems.append(
                Problem(self.name(path), problem.line, problem.column, "", problem.code, problem.params)
            )
            return None
        parsed, problems = check_record(model, Source(path, self.name(path), loaded))
        self.problems += problems
        if parsed:
            self.problems += translation_warnings(parsed)
        return parsed

    def check_folder_id(self, folder: Path, parsed: Parsed[ProducerRecord] | Parsed[ProductRecord]) -> None:
        if parsed.record.id is not None and parsed.record.id != folder.name:
            self.problems.append(
                parsed.source.problem(("id",), "id_mismatch", value=parsed.record.id, folder=folder.name)
            )

    def load(self) -> Catalog:
        producers = []
        folders = [folder for folder in self.entries(self.products_dir) if folder.is_dir()]
        if self.only is not None:
            # The other producers are not read, only their product folder names are noted, so
            # that a product id taken elsewhere in the catalog is still refused.
            for other in folders:
                if other.name != self.only:
                    self.product_files.update(
                        (product.name, self.name(product / "product.yml"))
                        for product in other.iterdir()
                        if (product / "product.yml").is_file()
                    )
            folders = [folder for folder in folders if folder.name == self.only]
        for folder in folders:
            if producer := self.load_producer(folder):
                producers.append(producer)
        self.check_former_ids()
        return Catalog(producers)

    def check_former_ids(self) -> None:
        """A former id leads to exactly one product, and never shadows a current one."""
        claimed = dict(self.product_files)
        for old_id, index, parsed in self.former_ids:
            if other := claimed.get(old_id):
                self.problems.append(
                    parsed.source.problem(("formerly", index), "formerly_taken", id=old_id, other=other)
                )
            else:
                claimed[old_id] = parsed.source.name

    def load_producer(self, folder: Path) -> Producer | None:
        if not (3 <= len(folder.name) <= 60 and SLUG_RE.match(folder.name)):
            self.report(folder, "folder_slug", name=folder.name)
        record_file = folder / "producer.yml"
        if not record_file.is_file():
            self.report(folder, "producer_missing", folder=self.name(folder))
            return None
        parsed = self.parse(record_file, ProducerRecord)
        producer = None
        if parsed:
            self.check_folder_id(folder, parsed)
            self.problems += media_problems(parsed, folder, folder, self.root)
            producer = Producer(folder.name, parsed.record, folder)
        for entry in self.entries(folder):
            if entry.is_dir() and entry.name != MEDIA_FOLDER:
                product = self.load_product(entry, folder, producer)
                if producer and product:
                    producer.products.append(product)
        return producer

    def load_product(self, folder: Path, producer_dir: Path, producer: Producer | None) -> Product | None:
        """Check a product folder; the object is built only when its producer is valid too."""
        if not (3 <= len(folder.name) <= 60 and SLUG_RE.match(folder.name)):
            self.report(folder, "folder_slug", name=folder.name)
        record_file = folder / "product.yml"
        if not record_file.is_file():
            self.report(folder, "product_missing", folder=self.name(folder))
            return None
        parsed = self.parse(record_file, ProductRecord)
        if parsed:
            self.check_folder_id(folder, parsed)
            self.problems += product_problems(parsed)
            self.problems += media_problems(parsed, folder, producer_dir, self.root)
            if first := self.product_files.get(folder.name):
                self.problems.append(
                    parsed.source.problem(("id",), "duplicate_product_id", id=folder.name, other=first)
                )
            else:
                self.product_files[folder.name] = self.name(record_file)
            self.former_ids += [(old, index, parsed) for index, old in enumerate(parsed.record.formerly)]
        batches = self.load_batches(folder / BATCH_FOLDER, producer_dir)
        if parsed is None or producer is None:
            return None
        if not batches:
            self.problems.append(parsed.source.problem((), "no_batches", severity="warning"))
        product = Product(folder.name, parsed.record, folder, producer)
        product.batches = sorted(
            (Batch(lot, batch.record, product) for lot, batch in batches),
            key=lambda batch: (batch.record.produced, batch.lot),
            reverse=True,
        )
        return product

    def load_batches(self, folder: Path, producer_dir: Path) -> list[tuple[str, Parsed[BatchRecord]]]:
        if not folder.is_dir():
            return []
        batches = []
        for entry in self.entries(folder):
            if entry.suffix != ".yml" or not entry.is_file():
                self.report(entry, "stray_file", name=entry.name)
                continue
            if not is_valid_lot(entry.stem):
                self.report(entry, "lot_file_name", name=entry.name)
                continue
            parsed = self.parse(entry, BatchRecord)
            if parsed is None:
                continue
            if parsed.record.lot is not None and parsed.record.lot != entry.stem:
                self.problems.append(
                    parsed.source.problem(("lot",), "lot_mismatch", value=parsed.record.lot, stem=entry.stem)
                )
            self.problems += batch_problems(parsed)
            self.problems += media_problems(parsed, folder, producer_dir, self.root)
            batches.append((entry.stem, parsed))
        return batches


def load_catalog(products_dir: Path, only: str | None = None) -> LoadResult:
    """Load and check every record, or those of the producer folder ``only``; the catalog is
    ``None`` when any error was found."""
    loader = _Loader(products_dir, only)
    if not products_dir.is_dir():
        return LoadResult(Catalog([]), [])
    catalog = loader.load()
    problems = sort_problems(loader.problems)
    has_errors = any(p.severity == "error" for p in problems)
    return LoadResult(None if has_errors else catalog, problems)
