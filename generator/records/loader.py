"""Find every record under ``products/``, check it, and build the catalog when all is well.

All problems are collected in one pass, so a producer sees every mistake at once; the catalog
is built only when there is no error, so nothing downstream ever sees a half-valid record.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from ..base.parallel import collector_paused, fork_map
from .catalog import Batch, Catalog, Producer, Product
from .filenames import case_clashes, checkout_problem
from .problems import Problem, ProblemSummary, sort_problems
from .recordcache import RecordCache
from .rules import batch_problems, media_problems, product_problems, translation_warnings
from .schema import (
    SLUG_RE,
    BatchRecord,
    ProducerRecord,
    ProductRecord,
    Record,
    is_valid_lot,
    texts_shared,
)
from .validate import Parsed, Source, check_record
from .yamlsafe import YamlProblem, read_yaml

R = TypeVar("R", bound=Record)
log = logging.getLogger(__name__)
MEDIA_FOLDER = "media"
BATCH_FOLDER = "batches"


@dataclass(frozen=True)
class LoadResult(ProblemSummary):
    catalog: Catalog | None
    problems: list[Problem]


@dataclass(frozen=True)
class _Claim:
    """A product id taken by a record, by its folder name or in its ``formerly`` list, and the
    problem to report if another record took it first (none for a record only noted)."""

    id: str
    file: str
    clash: Problem | None = None

    def taken(self, other: str) -> Problem | None:
        return replace(self.clash, params={**self.clash.params, "other": other}) if self.clash else None


@dataclass
class _Loaded:
    """What loading some producer folders gives; claims are checked across all folders after."""

    producers: list[Producer]
    problems: list[Problem]
    ids: list[_Claim]
    former_ids: list[_Claim]


class _Loader:
    def __init__(self, products_dir: Path, today: date):
        self.products_dir = products_dir
        self.today = today
        self.real_root = products_dir.resolve()
        self.root = products_dir.parent
        self.problems: list[Problem] = []
        self.ids: list[_Claim] = []
        self.former_ids: list[_Claim] = []
        self.unsafe: set[Path] = set()  # files no checkout can hold, reported and not read
        self.photo_sizes: dict[Path, tuple[int, int]] = {}  # of each photo the checks read

    def name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def report(self, path: Path, code: str, **params: object) -> None:
        self.problems.append(Problem(self.name(path), None, None, "", code, dict(params)))

    def inside(self, path: Path) -> bool:
        """Whether ``path``, in a folder already found inside products/, stays inside. Only a
        symbolic link can lead out, so only links are resolved: resolving is a system call for
        every folder on the way, for every one of a national catalog's 100,000 files."""
        if path.is_symlink() and not path.resolve().is_relative_to(self.real_root):
            self.report(path, "outside_products", name=self.name(path))
            return False
        return True

    def entries(self, folder: Path) -> Iterator[Path]:
        """Visible entries of a folder, refusing links that lead out of products/."""
        for entry in sorted(folder.iterdir()):
            if not entry.name.startswith(".") and self.inside(entry):
                yield entry

    def check_names(self, folder: Path, names: Iterable[str]) -> None:
        """Names of entries of ``folder`` that a checkout on Windows or macOS cannot hold."""
        for name in names:
            if problem := checkout_problem(name):
                code, params = problem
                self.report(folder / name, code, **params)
                self.unsafe.add(folder / name)
        for name, other in case_clashes(sorted(names)):
            self.report(folder / name, "name_case_clash", name=name, other=other)
            self.unsafe.add(folder / name)

    def check_tree(self, folder: Path) -> None:
        """Every name below ``folder``, media and stray files included: one bad name anywhere
        and the repository cannot be cloned. Links are not followed."""
        for top, folders, files in os.walk(folder):
            self.check_names(Path(top), folders + files)

    def parse(self, path: Path, model: type[R]) -> Parsed[R] | None:
        if not self.inside(path):
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

    def load_folders(self, folders: Sequence[Path]) -> _Loaded:
        producers = [producer for folder in folders if (producer := self.load_producer(folder))]
        if not any(problem.severity == "error" for problem in self.problems):
            for producer in producers:
                producer.keep_photo_sizes(self.photo_sizes)
                producer.files  # noqa: B018 (worked out here, to be kept with the folder)
        return _Loaded(producers, self.problems, self.ids, self.former_ids)

    def load_producer(self, folder: Path) -> Producer | None:
        if not (3 <= len(folder.name) <= 60 and SLUG_RE.match(folder.name)):
            self.report(folder, "folder_slug", name=folder.name)
        self.check_tree(folder)
        record_file = folder / "producer.yml"
        if not record_file.is_file():
            self.report(folder, "producer_missing", folder=self.name(folder))
            return None
        parsed = self.parse(record_file, ProducerRecord)
        producer = None
        if parsed:
            self.check_folder_id(folder, parsed)
            self.problems += media_problems(parsed, folder, folder, self.root, self.photo_sizes)
            producer = Producer(folder.name, parsed.record, folder, digest=parsed.source.yaml.digest)
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
            self.problems += product_problems(parsed, self.today)
            self.problems += media_problems(parsed, folder, producer_dir, self.root, self.photo_sizes)
            self.ids.append(
                _Claim(
                    folder.name,
                    parsed.source.name,
                    parsed.source.problem(("id",), "duplicate_product_id", id=folder.name),
                )
            )
            self.former_ids += [
                _Claim(
                    old,
                    parsed.source.name,
                    parsed.source.problem(("formerly", index), "formerly_taken", id=old),
                )
                for index, old in enumerate(parsed.record.formerly)
            ]
        batches = self.load_batches(folder / BATCH_FOLDER, producer_dir)
        if parsed is None or producer is None:
            return None
        if not batches:
            self.problems.append(parsed.source.problem((), "no_batches", severity="warning"))
        product = Product(folder.name, parsed.record, folder, producer, digest=parsed.source.yaml.digest)
        product.batches = sorted(
            (Batch(lot, batch.record, product, batch.source.yaml.digest) for lot, batch in batches),
            key=lambda batch: (batch.record.produced, batch.lot),
            reverse=True,
        )
        return product

    def load_batches(self, folder: Path, producer_dir: Path) -> list[tuple[str, Parsed[BatchRecord]]]:
        if not folder.is_dir() or not self.inside(folder):
            return []
        batches = []
        for entry in self.entries(folder):
            if entry in self.unsafe:
                continue  # reported by check_tree
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
            self.problems += media_problems(parsed, folder, producer_dir, self.root, self.photo_sizes)
            batches.append((entry.stem, parsed))
        return batches


# Below this many producers, forking workers costs more than it saves.
_PARALLEL_FROM = 40


def load_catalog(
    products_dir: Path, *, today: date, only: str | None = None, cache: RecordCache | None = None
) -> LoadResult:
    """Load and check every record as of ``today``, or those of the producer folder ``only``;
    the catalog is ``None`` when any error was found. Producer folders are loaded on every core;
    with a ``cache``, those unchanged since an earlier run are taken from it."""
    with collector_paused():
        return _load_catalog(_Folders(products_dir, today, cache), only)


@dataclass(frozen=True)
class _Folders:
    """Where the producer folders are, the day they are checked for, and what was kept of them."""

    products_dir: Path
    today: date
    records: RecordCache | None


def _load_catalog(folders_of: _Folders, only: str | None) -> LoadResult:
    products_dir = folders_of.products_dir
    if not products_dir.is_dir():
        return LoadResult(Catalog([]), [])
    top = _Loader(products_dir, folders_of.today)
    top.check_names(products_dir, [e.name for e in products_dir.iterdir() if only in (None, e.name)])
    folders = [folder for folder in top.entries(products_dir) if folder.is_dir()]
    noted: list[_Claim] = []
    if only is not None:
        # The other producers are not read, only their product folder names are noted, so
        # that a product id taken elsewhere in the catalog is still refused.
        noted = [
            _Claim(product.name, top.name(product / "product.yml"))
            for other in folders
            if other.name != only
            for product in other.iterdir()
            if (product / "product.yml").is_file()
        ]
        folders = [folder for folder in folders if folder.name == only]
    chunks = fork_map(lambda chunk: _load_chunk(folders_of, chunk), folders, _PARALLEL_FROM)
    pickled = [part for chunk in chunks for part in chunk]
    parts = [_unpickled(folders_of, folder, *each) for folder, each in zip(folders, pickled, strict=True)]
    problems = top.problems + [p for part in parts for p in part.problems]
    ids = noted + [claim for part in parts for claim in part.ids]
    problems += _clashes(ids, [claim for part in parts for claim in part.former_ids])
    problems = sort_problems(problems)
    has_errors = any(p.severity == "error" for p in problems)
    catalog = Catalog([producer for part in parts for producer in part.producers])
    return LoadResult(None if has_errors else catalog, problems)


def _load_chunk(folders_of: _Folders, folders: Sequence[Path]) -> list[tuple[str, bytes]]:
    # Each folder's result goes back pickled as the cache keeps it: a folder taken from the cache
    # is passed on as it was read, not unpickled and pickled again by the worker. With it goes
    # the digest of the folder's contents, which the cache works out to find it.
    return [_pickled_folder(folders_of, folder) for folder in folders]


def _pickled_folder(folders_of: _Folders, folder: Path) -> tuple[str, bytes]:
    if not folders_of.records:
        return "", _load_folder(folders_of, folder)[1]
    contents = folders_of.records.contents(folder)
    if (kept := folders_of.records.get(folder)) is not None:
        return contents, kept
    return contents, _load_folder(folders_of, folder)[1]


def _load_folder(folders_of: _Folders, folder: Path) -> tuple[_Loaded, bytes]:
    with texts_shared():
        loaded = _Loader(folders_of.products_dir, folders_of.today).load_folders([folder])
    pickled = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
    if folders_of.records:
        folders_of.records.put(folder, pickled)
    return loaded, pickled


def _unpickled(folders_of: _Folders, folder: Path, contents: str, pickled: bytes) -> _Loaded:
    try:
        loaded = pickle.loads(pickled)
    except Exception as error:  # a damaged cache entry, or one kept by other code
        log.debug("record cache: the entry of %s is discarded (%s); the folder is read again", folder, error)
        loaded = None
    if not isinstance(loaded, _Loaded):
        loaded = _load_folder(folders_of, folder)[0]
    for producer in loaded.producers:
        producer.contents = contents
    return loaded


def _clashes(ids: list[_Claim], former_ids: list[_Claim]) -> list[Problem]:
    """A product id belongs to the first record that takes it, current ids before former ones:
    a former id leads to exactly one product and never shadows a current one."""
    problems = []
    owners: dict[str, str] = {}
    for claim in ids + former_ids:
        if other := owners.get(claim.id):
            if problem := claim.taken(other):
                problems.append(problem)
        else:
            owners[claim.id] = claim.file
    return problems
