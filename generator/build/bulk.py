"""Writing the bulk of the site: one page per product, batch and producer in every language, and
per batch its QR files, label sheet, EPCIS document and redirects. At national scale that is
hundreds of thousands of files, so they skip the site engine's per-page pipeline:

- photos are resized and stripped of their metadata (images.py), other media copied;
- each page is a *shell* — the complete page of that kind and language as the theme renders it,
  with sentinels where the title, description, head tags, body and URL segments go — filled
  with the body from our templates; pages of one kind and language differ only there;
- the few other planned pages (listings, indexes) are written by the engine around the body's
  sentinel, and their bodies filled in here, instead of being held in memory for the whole
  build; a listing page holds 500 product cards, each made once with its product's page;
- a page whose producer's records, the templates and the settings are as in an earlier build
  takes its parts (title, head tags, body) from that build (pagecache.py) instead of rendering
  them, and only goes into this build's shell;
- the work is split over forked processes (parallel.py), each writing its own files and
  returning only the small search entries;
- nothing is kept in memory longer than it takes to write it.

The engine's adapter provides the shells; this module knows nothing of it.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ..records.catalog import Batch, Producer, Product
from ..site import urls
from ..site.images import is_image, write_variants
from ..site.languages import Language
from ..site.opendata import OpenData, epcis_path
from ..site.plan import PlannedPage, SitePlan
from ..site.render import Cards, Renderer
from .fingerprint import CODE, digest
from .pagecache import PageCache
from .parallel import fork_map

SHELLED_KINDS = ("product", "batch", "producer")
T = TypeVar("T")
ID_SENTINEL = "~ocop-id~"  # "~" is in no id or lot, so no record can contain a sentinel segment
LOT_SENTINEL = "~ocop-lot~"
TITLE_SENTINEL = "OCOP_SHELL_TITLE"
DESCRIPTION_SENTINEL = "OCOP_SHELL_DESCRIPTION"
HEAD_SENTINEL = "<!--OCOP_SHELL_HEAD-->"
# Material adds an <h1> to content that has none; the body has its own, and so says the sentinel.
BODY_SENTINEL = "<!--OCOP_SHELL_BODY <h1>-->"


def shell_path(kind: str) -> str:
    """The language-neutral path at which the shell of ``kind`` is rendered."""
    return {
        "product": urls.product_path(ID_SENTINEL),
        "batch": urls.batch_path(ID_SENTINEL, LOT_SENTINEL),
        "producer": urls.producer_path(ID_SENTINEL),
    }[kind]


@dataclass(frozen=True)
class SearchEntry:
    location: str  # site path, with the language prefix
    title: str
    text: str


@dataclass(frozen=True)
class BulkResult:
    search: list[SearchEntry]
    qr_made: int
    files: int
    pages_rendered: int  # pages and label sheets rendered, the others were reused
    pages_reused: int


@dataclass
class _Job:
    plan: SitePlan
    renderer: Renderer
    open_data: OpenData
    languages: list[Language]
    shells: dict[tuple[str, str], Shell]  # by (kind, language code)
    site_dir: Path
    image_cache: Path | None
    pages: PageCache
    output: _Output


def _segments(page: PlannedPage) -> tuple[str, str]:
    subject = page.subject
    if isinstance(subject, Batch):
        return subject.product.id, urls.url_path(subject.lot)
    assert isinstance(subject, Product | Producer)
    return subject.id, ""


class PageParts(NamedTuple):
    """What a bulk page adds to its shell, and a product page its product's card on listing
    pages: all of it made from records and templates."""

    title: str  # escaped, as are the others
    description: str
    head: str
    body: str
    card: str  # empty but for products


def page_parts(page: PlannedPage, language: Language, renderer: Renderer) -> PageParts:
    head = renderer.head(page, language)
    subject = page.subject
    return PageParts(
        html.escape(renderer.title(page, language)),
        html.escape(head.description),
        renderer.env.get_template("head.html").render(head=head, site_name=renderer.site.name),
        renderer.render_page(page, language),
        renderer.card(subject, language) if isinstance(subject, Product) else "",
    )


class Shell:
    """The page of one kind and language as the theme renders it, cut at its sentinels once, so
    that filling it is one join (replacing each sentinel in turn went over the whole page six
    times). Record text is only ever put between the pieces, never searched for sentinels."""

    _SENTINELS = (
        ID_SENTINEL,
        LOT_SENTINEL,
        TITLE_SENTINEL,
        DESCRIPTION_SENTINEL,
        HEAD_SENTINEL,
        BODY_SENTINEL,
    )
    _CUT = re.compile("|".join(map(re.escape, _SENTINELS)))

    def __init__(self, html: str):
        self.pieces = self._CUT.split(html)  # text, sentinel, text, sentinel, ..., text
        self.slots = [self._SENTINELS.index(found) for found in self._CUT.findall(html)]

    def fill(self, page: PlannedPage, parts: PageParts) -> str:
        """The complete page."""
        values = (*_segments(page), parts.title, parts.description, parts.head, parts.body)
        filled = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            filled += (values[slot], piece)
        return "".join(filled)


def _search_entry(page: PlannedPage, language: Language, renderer: Renderer) -> SearchEntry | None:
    """A short entry: what people search for is names, producers, places and groups."""
    subject = page.subject
    view_text = renderer.plain_text
    if isinstance(subject, Product):
        r, producer = subject.record, subject.producer.record
        parts = [
            view_text(r.summary, language),
            view_text(producer.name, language),
            producer.commune,
            renderer.words[language.code]["groups"][r.group],
            " ".join(b.lot for b in subject.batches),
        ]
    elif isinstance(subject, Producer):
        r = subject.record
        parts = [
            view_text(r.address, language),
            r.commune,
            r.district_legacy or "",
            " ".join(view_text(p.record.name, language) for p in subject.products),
        ]
    else:
        return None
    text = " · ".join(html.escape(part) for part in parts if part)
    return SearchEntry(language.path(page.path), html.escape(renderer.title(page, language)), text)


def _tasks(plan: SitePlan, languages: list[Language]) -> Iterator[tuple[str, int, int]]:
    # Photos first: resizing them is the slowest work of a first build, best started early.
    for index, media in enumerate(plan.media):
        yield ("image" if is_image(media) else "file", index, 0)
    # A batch's files follow its page: they draw the same QR code (kept in memory for a while)
    # and read the same records, which a forked worker then copies once.
    sheets = {id(sheet.batch): index for index, sheet in enumerate(plan.labels)}
    for index, page in enumerate(plan.pages):
        if page.kind not in SHELLED_KINDS:
            continue  # its body is filled in once the workers are done (_fill_bodies)
        for language_index in range(len(languages)):
            yield ("page", index, language_index)
        if page.qr:
            yield ("qr", index, 0)
        if isinstance(page.subject, Batch):
            yield ("epcis", index, 0)
            if (sheet := sheets.get(id(page.subject))) is not None:
                yield ("labels", sheet, 0)
    for index, redirect in enumerate(plan.redirects):
        for language_index in range(len(languages) if redirect.per_language else 1):
            yield ("redirect", index, language_index)


class _Output:
    """Files written under one folder, each of its subfolders made once (a build writes 600,000
    files, most of them alone in their folder)."""

    def __init__(self, root: Path):
        self.root = str(root)
        self.folders: set[str] = set()

    def write(self, path: str, content: str | bytes) -> None:
        with open(self._target(path), "wb") as stream:
            stream.write(content.encode() if isinstance(content, str) else content)

    def write_pieces(self, path: str, pieces: Iterable[str]) -> None:
        with open(self._target(path), "w", encoding="utf-8", newline="") as stream:
            stream.writelines(pieces)

    def _target(self, path: str) -> str:
        target = os.path.join(self.root, path)
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        return target


def _producer_of(page: PlannedPage) -> Producer:
    subject = page.subject
    if isinstance(subject, Batch):
        return subject.product.producer
    if isinstance(subject, Product):
        return subject.producer
    assert isinstance(subject, Producer)
    return subject


def _kept(job: _Job, producer: Producer, path: str, make: Callable[[], T]) -> T:
    """What ``make`` makes for the file at ``path``: from an earlier build when it can be reused,
    else made now and kept for the next one."""
    kept = job.pages.get(producer, path)
    if kept is None:
        kept = make()
        job.pages.keep(producer, path, kept)
    return kept


_MadeCards = dict[tuple[str, str], bytes]  # (product id, language code) -> its card, UTF-8


def _run(job: _Job, tasks: Sequence[tuple[str, int, int]]) -> tuple[BulkResult, _MadeCards]:
    plan, renderer, site_dir, write = job.plan, job.renderer, job.site_dir, job.output.write
    # A worker runs several chunks: each reports what it did itself.
    made_before, rendered_before, reused_before = renderer.qr.made, job.pages.rendered, job.pages.reused
    search: list[SearchEntry] = []
    cards: _MadeCards = {}
    for kind, index, language_index in tasks:
        language = job.languages[language_index]
        if kind == "page":
            page = plan.pages[index]
            path = language.path(page.path) + "index.html"
            # Only the parts are kept: a change to the shells (the navigation, say) reuses them.
            parts = _kept(job, _producer_of(page), path, partial(page_parts, page, language, renderer))
            write(path, job.shells[(page.kind, language.code)].fill(page, parts))
            if parts.card:
                assert isinstance(page.subject, Product)
                cards[(page.subject.id, language.code)] = parts.card.encode()
            if entry := _search_entry(page, language, renderer):
                search.append(entry)
        elif kind == "qr":
            qr = plan.pages[index].qr
            assert qr is not None
            write(qr.svg_path, renderer.qr.svg(qr.payload))
            write(qr.png_path, renderer.qr.png(qr.payload))
        elif kind == "labels":
            sheet = plan.labels[index]
            path = sheet.path + "index.html"
            write(
                path, _kept(job, sheet.batch.product.producer, path, partial(renderer.render_labels, sheet))
            )
        elif kind == "redirect":
            redirect = plan.redirects[index]
            write(
                renderer.redirect_source(redirect, language) + "index.html",
                renderer.render_redirect(redirect, language),
            )
        elif kind == "image":
            write_variants(plan.media[index], site_dir, job.image_cache)
        elif kind == "file":  # a PDF, published as it is
            media = plan.media[index]
            write(media.site_path, media.source.read_bytes())
        else:  # "epcis"
            batch = plan.pages[index].subject
            assert isinstance(batch, Batch)
            write(epcis_path(batch), job.open_data.epcis_json(batch))
    job.pages.flush()
    done = BulkResult(
        search,
        renderer.qr.made - made_before,
        len(tasks),
        job.pages.rendered - rendered_before,
        job.pages.reused - reused_before,
    )
    return done, cards


def write_bulk(
    plan: SitePlan,
    renderer: Renderer,
    open_data: OpenData,
    languages: list[Language],
    shells: dict[tuple[str, str], str],
    site_dir: Path,
    image_cache: Path | None = None,
    page_cache: Path | None = None,
) -> BulkResult:
    """Write every bulk file into ``site_dir``; returns the search entries of the pages written.
    ``image_cache`` and ``page_cache`` are folders kept between builds."""
    build = digest([repr(renderer.site), repr(languages)], [CODE, renderer.templates])
    pages = PageCache(page_cache, build, plan.media)
    pages.prune(plan.catalog.producers)  # also works out every key once, before the workers fork
    renderer.compile_templates()
    job = _Job(
        plan,
        renderer,
        open_data,
        languages,
        {key: Shell(html) for key, html in shells.items()},
        site_dir,
        image_cache,
        pages,
        _Output(site_dir),
    )
    chunks = fork_map(lambda chunk: _run(job, chunk), list(_tasks(plan, languages)), minimum=200)
    cards = {key: card for _, made in chunks for key, card in made.items()}
    _fill_bodies(job, lambda product, language: cards[(product.id, language.code)].decode())
    results = [result for result, _ in chunks]
    return BulkResult(
        [e for r in results for e in r.search],
        sum(r.qr_made for r in results),
        sum(r.files for r in results),
        sum(r.pages_rendered for r in results),
        sum(r.pages_reused for r in results),
    )


def _fill_bodies(job: _Job, cards: Cards) -> None:
    """Fill in the bodies of the pages the engine wrote around the body's sentinel: listings and
    indexes, which read the whole catalog. This process does it once no worker is left, for a
    worker would copy whatever it reads of the catalog (reading an object writes its reference
    count), and so would this process of all it reads while a worker lives."""
    for page in job.plan.pages:
        if page.kind in SHELLED_KINDS:
            continue
        for language in job.languages:
            target = job.site_dir / language.path(page.path) / "index.html"
            written = target.read_text(encoding="utf-8")
            body = job.renderer.render_page(page, language, cards)
            target.write_text(written.replace(BODY_SENTINEL, body), encoding="utf-8")


def write_documents(
    documents: dict[str, Callable[[], Iterable[str]]], folder: Path, from_catalog: Collection[str] = ()
) -> None:
    """Make each document (site path: the function that makes its text, piece by piece) and
    write it into ``folder`` as it is made: none is ever held whole (``catalog.json`` is 160 MB
    at national scale). Those made ``from_catalog`` (every record) are made by this process once
    the others are made by forked workers: a worker copies whatever it reads (reading an object
    writes its reference count), and so would the parent, of all it reads while a worker lives."""
    output = _Output(folder)

    def write(chunk: Sequence[tuple[str, Callable[[], Iterable[str]]]]) -> None:
        for path, make in chunk:
            output.write_pieces(path, make())

    items = list(documents.items())
    fork_map(write, [item for item in items if item[0] not in from_catalog], minimum=2)
    write([item for item in items if item[0] in from_catalog])


def search_docs(entries: list[SearchEntry]) -> list[dict[str, Any]]:
    """Entries in the shape of Material's search index."""
    return [{"location": e.location, "title": e.title, "text": e.text} for e in entries]
