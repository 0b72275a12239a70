"""Writing the bulk of the site: one page per product, batch and producer in every language, and
per batch its QR files, label sheet, EPCIS document and redirects, per producer its feeds, per
GTIN and lot its GS1 linkset. At national scale that is
hundreds of thousands of files, so they skip the site engine's per-page pipeline:

- photos are resized and stripped of their metadata (images.py), other media copied;
- each page of a kind written in bulk (kinds.py) is its *shell* filled with its parts
  (shells.py): the title, description, head tags and body from our templates; a standalone
  one (a page to print) is its template alone;
- listing pages are filled from their shells here too, and the few other planned pages (the
  indexes, the pages of the engine's navigation) are written by the engine around the body's
  sentinel and their bodies filled in here, instead of being held in memory for the whole
  build; a listing page holds 500 product cards, each made once with its product's page; the
  standalone ones (print catalogs) are written whole here, from cards made the same way;
- a page whose producer's records, the templates and the settings are as in an earlier build
  takes its parts from that build (pagecache.py) instead of rendering them, and only goes into
  this build's shell;
- the work is split over forked processes (parallel.py), each writing its own files and
  returning only what the pages give the pages and documents that read the whole catalog
  (``Made``): the product cards for the listings, each page's search records, and the digest of
  what each producer puts into the open data;
- every file goes through the output (output.py), which writes only what differs from the
  previous build's file; all that is made from one producer's records is a *unit*, kept whole,
  without making any of it, when its records, our code, templates, settings, day and shells are
  unchanged and its files are as the previous build left them (what its pages gave is kept with
  it); so is each page of the whole catalog, while the part of the catalog it reads
  (kinds.py, ``kept_by``: the records of producers and products for listings, print catalogs
  and indexes, with the batches' statuses for the figures) and the cards it lists are
  unchanged, and the open data made of every producer's part, while no part changed. A batch
  changed then makes its producer's files and little else;
- nothing is kept in memory longer than it takes to write it.

The engine's adapter provides the shells; this module knows nothing of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import TypeVar

from ..base.parallel import fork_map
from ..records.catalog import Batch, Producer, Product, producer_of
from ..site.images import VariantCache, write_variants
from ..site.kinds import CARDS, KINDS, CatalogPart
from ..site.languages import Language
from ..site.linksets import linkset_path
from ..site.opendata import OpenData, epcis_path
from ..site.plan import ListingPage, PlannedPage, SitePlan
from ..site.qr import SITE
from ..site.render import Cards, Renderer
from ..site.urls import recalls_feed_path
from .output import Output, Unit
from .pagecache import PageCache
from .shells import BODY_SENTINEL, Shape, Shell, page_parts, shape

T = TypeVar("T")
CardBytes = Callable[[Product, Language, str], bytes]  # a product's card by a macro, UTF-8


def _no_pages() -> None:
    """Nothing to fill in (a module's function, which a worker's result pickles by name)."""


@dataclass(frozen=True)
class BulkResult:
    qr_made: int
    files: int  # files made; some were as the previous build left them, and not written
    pages_rendered: int  # pages and label sheets rendered, the others were reused
    pages_reused: int
    producers_kept: int = 0  # producers whose files were all kept as the previous build left them
    # What the pages gave the build's own process, of every producer (kept ones included).
    made: Made = dataclasses.field(default_factory=dict)
    # The keys of what the whole catalog's pages and documents are made from, by part (kinds.py).
    frames: dict[CatalogPart, str] = dataclasses.field(default_factory=dict)
    # Fills in and writes the pages of the whole catalog, in this process, once no worker is
    # left (_fill_bodies).
    fill_catalog_pages: Callable[[], None] = _no_pages  # a worker's part of the result


@dataclass
class _Job:
    plan: SitePlan
    renderer: Renderer
    open_data: OpenData
    languages: list[Language]
    shells: dict[ShellKey, Shell]
    in_bulk: Collection[str]  # the kinds of page written from a shell, the others by the engine
    by_engine: Collection[str]  # pages of those kinds that the engine renders all the same
    engine_dir: Path  # where the engine wrote its pages, whose bodies are filled in here
    images: VariantCache | None
    pages: PageCache
    output: Output


# What to write, its index in the plan, the language's index, and the producer it is made from.
_Task = tuple[str, int, int, str]
ShellKey = tuple[str, str, Shape]  # a kind, a language's code, a path's shape (shells.py)


def producer_unit(producer_id: str) -> str:
    """The output's unit of everything made from one producer's records (output.py)."""
    return f"producer {producer_id}"


def _by_workers(kind: str, in_bulk: Collection[str]) -> bool:
    """Whether pages of ``kind`` are written by the workers: made from their producer's records
    alone (kinds.py), from a shell or standalone. The others are filled in, or written whole, by
    this process once the workers are done (_fill_bodies)."""
    declared = KINDS[kind]
    return declared.bulk and (kind in in_bulk or declared.standalone)


def _tasks(
    plan: SitePlan, languages: list[Language], in_bulk: Collection[str], kept: Collection[str]
) -> Iterator[_Task]:
    """What there is to write of the producers not ``kept`` (by id)."""
    # Photos first: resizing them is the slowest work of a first build, best started early.
    for index, media in enumerate(plan.media):
        if (producer := _media_producer(media.site_path)) not in kept:
            yield ("image" if media.is_image else "file", index, 0, producer)
    # A batch's files follow its page: they show the same QR code (a producer's codes are held
    # together while its tasks run, qr.py) and read the same records, which a forked worker
    # then copies once.
    sheets = {id(sheet.product): index for index, sheet in enumerate(plan.labels)}
    for index, page in enumerate(plan.pages):
        if page.kind not in KINDS or not KINDS[page.kind].bulk:
            continue  # its body is filled in once the workers are done (_fill_bodies)
        if (producer := producer_of(page.subject).id) in kept:
            continue
        if _by_workers(page.kind, in_bulk):
            for language_index in range(len(languages)):
                yield ("page", index, language_index, producer)
        if page.qr:
            yield ("qr", index, 0, producer)
            # The linkset of what the code names, once: a product's fact sheet is about the
            # same product, and two workers writing one file made every build write it again.
            if linkset_path(page.subject):
                yield ("linkset", index, 0, producer)
        if isinstance(page.subject, Batch):
            yield ("epcis", index, 0, producer)
            # The product's sheet of labels follows its last batch, whose codes it draws again.
            product = page.subject.product
            if page.subject is product.batches[-1] and (sheet := sheets.get(id(product))) is not None:
                yield ("labels", sheet, 0, producer)
        if isinstance(page.subject, Producer):
            yield ("open_data", index, 0, producer)
            for language_index in range(len(languages)):
                yield ("atom", index, language_index, producer)
                yield ("json_feed", index, language_index, producer)
    for index, redirect in enumerate(plan.redirects):
        if (producer := redirect.product.producer.id) in kept:
            continue
        for language_index in range(len(languages) if redirect.per_language else 1):
            yield ("redirect", index, language_index, producer)


def _media_producer(site_path: str) -> str:
    """The producer a published file of the records belongs to: ``media/<producer id>/…``."""
    return site_path.split("/", 2)[1]


def _kept(job: _Job, producer: Producer, path: str, make: Callable[[], T]) -> T:
    """What ``make`` makes for the file at ``path``: from an earlier build when it can be reused,
    else made now and kept for the next one."""
    kept = job.pages.get(producer, path)
    if kept is None:
        kept = make()
        job.pages.keep(producer, path, kept)
    return kept


# What a page gives the build's own process, for the pages and documents that read the whole
# catalog: (product id, language code, macro) -> the product's card drawn by that macro, UTF-8;
# (page path, language code, search bundle) -> the page's record in it (search.py), JSON. Kept with
# its producer's unit between builds: one producer's are made when one batch changed.
Made = dict[tuple[str, str, str], bytes]
OPEN_DATA = "open data"  # (producer id, "", OPEN_DATA) -> what it puts into the open data, digested


def _write_page(job: _Job, index: int, language: Language, made: Made) -> None:
    page = job.plan.pages[index]
    path = language.path(page.path) + "index.html"
    if KINDS[page.kind].standalone:
        document = partial(job.renderer.render_page, page, language)
        job.output.write(path, _kept(job, producer_of(page.subject), path, document))
        return
    # Only the parts are kept: a change to the shells (the navigation, say) reuses them.
    parts = _kept(job, producer_of(page.subject), path, partial(page_parts, page, language, job.renderer))
    job.output.write(path, job.shells[(page.kind, language.code, shape(page.path))].fill(page, parts))
    for macro, card in zip(CARDS, parts.cards, strict=False):  # a product's, none for the others
        made[(page.subject.id, language.code, macro)] = card.encode()
    for bundle, record in parts.records.items():
        made[(page.path, language.code, bundle)] = record


def _write_qr(job: _Job, index: int, language: Language, made: Made) -> None:
    qr = job.plan.pages[index].qr
    assert qr is not None
    job.output.write(qr.svg_path, job.renderer.qr.svg(qr.payload))


def _write_labels(job: _Job, index: int, language: Language, made: Made) -> None:
    sheet = job.plan.labels[index]
    path = sheet.path + "index.html"
    producer = sheet.product.producer
    job.output.write(path, _kept(job, producer, path, partial(job.renderer.render_labels, sheet)))


def _write_redirect(job: _Job, index: int, language: Language, made: Made) -> None:
    redirect = job.plan.redirects[index]
    for file in job.renderer.redirect_files(redirect, language):
        job.output.write(file, job.renderer.render_redirect(redirect, language, file))


def _write_image(job: _Job, index: int, language: Language, made: Made) -> None:
    write_variants(job.plan.media[index], job.output.write, job.images)


def _write_file(job: _Job, index: int, language: Language, made: Made) -> None:
    """A document (PDF), published as it is."""
    media = job.plan.media[index]
    job.output.write(media.site_path, media.source.read_bytes())


def _write_epcis(job: _Job, index: int, language: Language, made: Made) -> None:
    batch = job.plan.pages[index].subject
    assert isinstance(batch, Batch)
    job.output.write(epcis_path(batch), job.open_data.epcis_json(batch))


def _write_atom(job: _Job, index: int, language: Language, made: Made) -> None:
    """The producer's feed of recalls and withdrawals, Atom."""
    producer = job.plan.pages[index].subject
    assert isinstance(producer, Producer)
    path = language.path(recalls_feed_path("xml", producer.id))
    job.output.write(path, job.renderer.feeds.atom(producer, language))


def _write_json_feed(job: _Job, index: int, language: Language, made: Made) -> None:
    """The producer's feed of recalls and withdrawals, JSON Feed."""
    producer = job.plan.pages[index].subject
    assert isinstance(producer, Producer)
    path = language.path(recalls_feed_path("json", producer.id))
    job.output.write(path, job.renderer.feeds.json_feed(producer, language))


def _weigh_open_data(job: _Job, index: int, language: Language, made: Made) -> None:
    """What the producer puts into the open data documents made from the whole catalog, for
    them to be kept while it is unchanged (``documents_key``); no file of its own."""
    producer = job.plan.pages[index].subject
    assert isinstance(producer, Producer)
    made[(producer.id, "", OPEN_DATA)] = job.open_data.contribution(producer)


def documents_key(plan: SitePlan, made: Made, build: str) -> str | None:
    """The key of the open data documents that are made of every producer's contribution
    (OpenData.contribution) and of the build's fingerprint (``build``: the code, settings and
    day); None when a producer's is unknown (a build without bulk writing)."""
    digest = hashlib.blake2b(build.encode(), digest_size=16)
    for producer in plan.catalog.producers:
        if (contribution := made.get((producer.id, "", OPEN_DATA))) is None:
            return None
        digest.update(contribution)
    return digest.hexdigest()


def locations_key(locations: Iterable[str], build: str) -> str:
    """The key of documents made of the site's page addresses alone, and of the build's
    fingerprint (``build``: the settings say the site's address): the sitemap's files, each
    listing its part of the pages with their other languages' pages among them."""
    digest = hashlib.blake2b(build.encode(), digest_size=16)
    for location in locations:
        digest.update(f"\0{location}".encode())
    return digest.hexdigest()


def _write_linkset(job: _Job, index: int, language: Language, made: Made) -> None:
    """The GS1 linkset of a product's GTIN or of one of its lots."""
    subject = job.plan.pages[index].subject
    path = linkset_path(subject)
    assert path is not None
    linksets = job.renderer.linksets
    job.output.write(
        path, linksets.batch(subject) if isinstance(subject, Batch) else linksets.product(subject)
    )


_WRITERS: dict[str, Callable[[_Job, int, Language, Made], None]] = {
    "page": _write_page,
    "qr": _write_qr,
    "labels": _write_labels,
    "redirect": _write_redirect,
    "image": _write_image,
    "file": _write_file,
    "epcis": _write_epcis,
    "atom": _write_atom,
    "json_feed": _write_json_feed,
    "linkset": _write_linkset,
    "open_data": _weigh_open_data,
}


def _run(job: _Job, tasks: Sequence[_Task]) -> tuple[BulkResult, dict[str, Made], dict[str, Unit], int]:
    # A worker runs several chunks: each reports what it did itself, and what it wrote.
    output = job.output.apart()
    job = dataclasses.replace(job, output=output)
    made_before, rendered_before, reused_before = job.renderer.qr.made, job.pages.rendered, job.pages.reused
    made: dict[str, Made] = {}  # by producer id
    for kind, index, language_index, producer in tasks:
        output.current = producer_unit(producer)
        job.renderer.qr.scope(producer)
        # An unknown kind: KeyError.
        _WRITERS[kind](job, index, job.languages[language_index], made.setdefault(producer, {}))
    job.pages.flush()
    job.renderer.qr.flush()
    done = BulkResult(
        job.renderer.qr.made - made_before,
        len(tasks),
        job.pages.rendered - rendered_before,
        job.pages.reused - reused_before,
    )
    return done, made, output.made, output.written


def write_bulk(
    plan: SitePlan,
    renderer: Renderer,
    open_data: OpenData,
    languages: list[Language],
    shells: dict[ShellKey, str],
    in_bulk: Collection[str],
    by_engine: Collection[str],
    output: Output,
    engine_dir: Path,
    images: VariantCache | None,
    pages: PageCache,
) -> BulkResult:
    """Write every bulk file into ``output``; returns what was made and reused. Pages of the
    kinds ``in_bulk`` are written from their ``shells`` but for those ``by_engine`` (site
    paths), and the bodies of the others filled in where the engine wrote them, in
    ``engine_dir``. ``images`` and ``pages`` keep resized photos and rendered pages between
    builds. The pages of the whole catalog are left to the result's ``fill_catalog_pages``,
    so that the caller can start other work first, to run alongside."""
    pages.prune(plan.catalog.producers)  # also works out every key once, before the workers fork
    renderer.compile_templates()
    job = _Job(
        plan,
        renderer,
        open_data,
        languages,
        {key: Shell(html) for key, html in shells.items()},
        in_bulk,
        by_engine,
        engine_dir,
        images,
        pages,
        output,
    )
    # What a producer's files are made from besides its folder: the pages' fingerprint (our
    # code, the templates, the settings and the day) and the shells of its pages.
    frame = hashlib.sha256(f"{pages.build}\0{sorted(in_bulk)}".encode())
    for key in sorted(key for key in shells if KINDS[key[0]].bulk):
        frame.update(f"\0{key}\0{shells[key]}".encode())
    kept: set[str] = set()
    for producer in plan.catalog.producers:
        key = hashlib.sha256(f"{frame.hexdigest()}\0{producer.contents}".encode()).hexdigest()
        if producer.contents and output.keep(producer_unit(producer.id), key):
            kept.add(producer.id)
        else:  # never kept without the digest of its folder's contents
            output.unit(producer_unit(producer.id)).key = key if producer.contents else ""
    tasks = list(_tasks(plan, languages, in_bulk, kept))
    # The work is cut between one producer's run of tasks and the next, never inside one: a
    # batch's page, code and label sheet use the same QR code, which a worker keeps in memory,
    # and a cut between them had two workers draw it.
    runs = [list(run) for _, run in groupby(tasks, key=lambda task: task[3])]
    chunks = fork_map(lambda chunk: _run(job, [task for run in chunk for task in run]), runs, minimum=8)
    by_producer: dict[str, Made] = {}
    for _, producers, units, written in chunks:
        output.merge(units, written)
        for producer_id, given in producers.items():
            by_producer.setdefault(producer_id, {}).update(given)
    # What a producer's pages gave goes with its unit, for the next build's listings and search.
    made: Made = {}
    for producer in plan.catalog.producers:
        unit = output.unit(producer_unit(producer.id))
        if producer.id in kept:
            made.update(unit.extra or {})  # type: ignore[call-overload]
        else:
            unit.extra = by_producer.get(producer.id, {})
            made.update(unit.extra)

    def card(product: Product, language: Language, macro: str) -> bytes:
        kept = made.get((product.id, language.code, macro))
        return kept if kept is not None else renderer.card(product, language, macro).encode()

    frames = _catalog_frames(job, frame.hexdigest(), shells)
    results = [result for result, _, _, _ in chunks]
    return BulkResult(
        sum(r.qr_made for r in results),
        sum(r.files for r in results),
        sum(r.pages_rendered for r in results),
        sum(r.pages_reused for r in results),
        len(kept),
        made,
        frames,
        partial(_fill_bodies, job, card, frames),
    )


def _catalog_frames(job: _Job, frame: str, shells: dict[ShellKey, str]) -> dict[CatalogPart, str]:
    """What the pages and documents of the whole catalog are made from, by the part of it they
    read (kinds.py, ``kept_by``), besides the cards they list and the text the engine wrote
    around them: the ``frame`` of the producers' files, the shells of the pages written by this
    process, and the records of every producer and product, which say which listings there
    are and which products each holds, in which order ("records"); with every batch's status
    and date and the digest of each stopped batch's record ("statuses")."""
    digest = hashlib.blake2b(frame.encode(), digest_size=16)
    for key in sorted(key for key in shells if not KINDS[key[0]].bulk):
        digest.update(f"\0{key}\0{shells[key]}".encode())
    for producer in job.plan.catalog.producers:
        digest.update(f"\0{producer.id}\0{producer.digest}".encode())
        for product in producer.products:
            digest.update(f"\0{product.id}\0{product.digest}".encode())
    records = digest.hexdigest()
    for batch in job.plan.catalog.batches:
        r = batch.record
        stopped = batch.digest if r.status != "released" else ""
        digest.update(f"\0{batch.product.id}\0{batch.lot}\0{r.status}\0{r.produced}\0{stopped}".encode())
    return {"records": records, "statuses": digest.hexdigest()}


def _filled_key(
    page: PlannedPage, language: Language, cards: CardBytes, frame: str, engine_text: str | None
) -> str:
    """The key of what a page of the whole catalog is made from: the ``frame`` of the part of
    the catalog it reads, its place, the cards of the products it lists and the text the engine
    wrote around its body."""
    digest = hashlib.blake2b(f"{frame}\0{page.path}\0{language.code}".encode(), digest_size=16)
    if engine_text is not None:
        digest.update(engine_text.encode())
    if macro := KINDS[page.kind].card:
        assert isinstance(page.subject, ListingPage)
        for product in page.subject.products:
            digest.update(cards(product, language, macro))
    return digest.hexdigest()


def _fill_bodies(job: _Job, cards: CardBytes, frames: dict[CatalogPart, str]) -> None:
    """Fill in the bodies of the pages the engine wrote around the body's sentinel, and write the
    standalone ones: listings, indexes and print catalogs, which read the whole catalog. This
    process does it once no worker is left, for a worker would copy whatever it reads of the
    catalog (reading an object writes its reference count), and so would this process of all
    it reads while a worker lives. A page of a kind ``kept_by`` a part of the catalog (kinds.py)
    is a unit of its own, kept as the previous build wrote it while what it is made from is
    unchanged."""

    def card(product: Product, language: Language, macro: str) -> str:
        return cards(product, language, macro).decode()

    job.renderer.qr.scope(SITE)
    for page in job.plan.pages:
        if _by_workers(page.kind, job.in_bulk):
            continue
        for language in job.languages:
            path = language.path(page.path) + "index.html"
            shelled = page.kind in job.in_bulk and page.path not in job.by_engine
            engine = None if shelled or KINDS[page.kind].standalone else job.engine_dir / path
            engine_text = engine.read_text(encoding="utf-8") if engine else None
            if part := KINDS[page.kind].kept_by:
                unit = f"page {language.path(page.path)}"
                key = _filled_key(page, language, cards, frames[part], engine_text)
                if not job.output.keep(unit, key):
                    with job.output.making(unit, key):
                        job.output.write(path, _filled(job, page, language, card, shelled, engine_text))
            else:
                job.output.write(path, _filled(job, page, language, card, shelled, engine_text))
            if engine:
                engine.unlink()  # filled in or kept: not to be copied with the engine's other files
    job.renderer.qr.flush()


def _filled(
    job: _Job, page: PlannedPage, language: Language, cards: Cards, shelled: bool, engine_text: str | None
) -> str:
    """The page whole: its shell filled, the engine's text with its body, or (standalone) its own."""
    if shelled:
        parts = page_parts(page, language, job.renderer, cards)
        return job.shells[(page.kind, language.code, shape(page.path))].fill(page, parts)
    body = job.renderer.render_page(page, language, cards)
    return body if engine_text is None else engine_text.replace(BODY_SENTINEL, body)


def _document_unit(path: str) -> str:
    return f"document {path}"


def write_documents(
    documents: dict[str, Callable[[], Iterable[str]]],
    output: Output,
    keys: Mapping[str, str],
    *,
    forked: bool,
) -> None:
    """Make each document (site path: the function that makes its text, piece by piece) and
    write it into ``output`` as it is made: none is ever held whole (``catalog.json`` is 160 MB
    at national scale). ``forked``: by forked workers, for documents of one producer each; else
    by this process, for those made of every record, which a worker would copy whatever it read
    of (reading an object writes its reference count). A document with a key in ``keys`` (what
    it is made from) is its own unit, kept without being made while its key is the previous
    build's."""
    documents = {
        path: make
        for path, make in documents.items()
        if not (path in keys and output.keep(_document_unit(path), keys[path]))
    }

    def write(chunk: Sequence[tuple[str, Callable[[], Iterable[str]]]]) -> tuple[dict[str, Unit], int]:
        part = output.apart()
        for path, make in chunk:
            if path in keys:
                with part.making(_document_unit(path), keys[path]):
                    part.write_pieces(path, make())
            else:
                part.write_pieces(path, make())
        return part.made, part.written

    items = list(documents.items())
    for units, written in fork_map(write, items, minimum=2) if forked else [write(items)]:
        output.merge(units, written)
