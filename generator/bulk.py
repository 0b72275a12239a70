"""Writing the bulk of the site: one page per product, batch and producer in every language, and
per batch its QR files, label sheet, EPCIS document and redirects. At national scale that is
hundreds of thousands of files, so they skip the site engine's per-page pipeline:

- photos are resized and stripped of their metadata (images.py), other media copied;
- each page is a *shell* — the complete page of that kind and language as the theme renders it,
  with sentinels where the title, description, head tags, body and URL segments go — filled
  with the body from our templates; pages of one kind and language differ only there;
- the few other planned pages (listings, indexes) are written by the engine around the body's
  sentinel, and their bodies — a listing page holds 500 product cards — filled in here, in
  parallel, instead of being held in memory for the whole build;
- a page whose producer's records, the templates and the settings are as in an earlier build
  is copied from that build (pagecache.py) instead of rendered;
- the work is split over forked processes (parallel.py), each writing its own files and
  returning only the small search entries;
- nothing is kept in memory longer than it takes to write it.

The engine's adapter provides the shells; this module knows nothing of it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import urls
from .catalog import Batch, Producer, Product
from .fingerprint import CODE, digest
from .i18n import Language
from .images import is_image, write_variants
from .opendata import OpenData, epcis_path
from .pagecache import PageCache
from .parallel import fork_map
from .plan import PlannedPage, SitePlan
from .render import Renderer

SHELLED_KINDS = ("product", "batch", "producer")
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
    shells: dict[tuple[str, str], str]  # (kind, language code) -> shell HTML
    site_dir: Path
    image_cache: Path | None
    pages: PageCache


def _segments(page: PlannedPage) -> tuple[str, str]:
    subject = page.subject
    if isinstance(subject, Batch):
        return subject.product.id, urls.url_path(subject.lot)
    assert isinstance(subject, Product | Producer)
    return subject.id, ""


def fill_shell(shell: str, page: PlannedPage, language: Language, renderer: Renderer) -> str:
    """The complete page. Sentinels in the shell are replaced first and the record-derived body
    last, so that no text from a record can ever be taken for a sentinel."""
    page_id, lot = _segments(page)
    head = renderer.head(page, language)
    head_html = renderer.env.get_template("head.html").render(head=head, site_name=renderer.site.name)
    return (
        shell.replace(ID_SENTINEL, page_id)
        .replace(LOT_SENTINEL, lot)
        .replace(TITLE_SENTINEL, html.escape(renderer.title(page, language)))
        .replace(DESCRIPTION_SENTINEL, html.escape(head.description))
        .replace(HEAD_SENTINEL, head_html)
        .replace(BODY_SENTINEL, renderer.render_page(page, language))
    )


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
        for language_index in range(len(languages)):
            yield ("page" if page.kind in SHELLED_KINDS else "body", index, language_index)
        if page.qr:
            yield ("qr", index, 0)
        if isinstance(page.subject, Batch):
            yield ("epcis", index, 0)
            if (sheet := sheets.get(id(page.subject))) is not None:
                yield ("labels", sheet, 0)
    for index, redirect in enumerate(plan.redirects):
        for language_index in range(len(languages) if redirect.per_language else 1):
            yield ("redirect", index, language_index)


def _write(site_dir: Path, path: str, content: str | bytes) -> None:
    target = site_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


def _producer_of(page: PlannedPage) -> Producer:
    subject = page.subject
    if isinstance(subject, Batch):
        return subject.product.producer
    if isinstance(subject, Product):
        return subject.producer
    assert isinstance(subject, Producer)
    return subject


def _write_page(job: _Job, producer: Producer, path: str, render: Callable[[], str]) -> None:
    """Copy the page from an earlier build when it can be reused, else render and keep it."""
    if not job.pages.copy_into(producer, path, job.site_dir):
        content = render().encode()
        _write(job.site_dir, path, content)
        job.pages.keep(producer, path, content)


def _run(job: _Job, tasks: Sequence[tuple[str, int, int]]) -> BulkResult:
    plan, renderer, site_dir = job.plan, job.renderer, job.site_dir
    # A worker runs several chunks: each reports what it did itself.
    made_before, rendered_before, reused_before = renderer.qr.made, job.pages.rendered, job.pages.reused
    search: list[SearchEntry] = []
    for kind, index, language_index in tasks:
        language = job.languages[language_index]
        if kind == "page":
            page = plan.pages[index]
            shell = job.shells[(page.kind, language.code)]
            _write_page(
                job,
                _producer_of(page),
                language.path(page.path) + "index.html",
                lambda: fill_shell(shell, page, language, renderer),  # noqa: B023 (called at once)
            )
            if entry := _search_entry(page, language, renderer):
                search.append(entry)
        elif kind == "body":  # the engine wrote the page around the body's sentinel
            page = plan.pages[index]
            target = site_dir / language.path(page.path) / "index.html"
            written = target.read_text(encoding="utf-8")
            body = renderer.render_page(page, language)
            target.write_text(written.replace(BODY_SENTINEL, body), encoding="utf-8")
        elif kind == "qr":
            qr = plan.pages[index].qr
            assert qr is not None
            _write(site_dir, qr.svg_path, renderer.qr.svg(qr.payload))
            _write(site_dir, qr.png_path, renderer.qr.png(qr.payload))
        elif kind == "labels":
            sheet = plan.labels[index]
            _write_page(
                job,
                sheet.batch.product.producer,
                sheet.path + "index.html",
                lambda: renderer.render_labels(sheet),  # noqa: B023 (called at once)
            )
        elif kind == "redirect":
            redirect = plan.redirects[index]
            _write(
                site_dir,
                renderer.redirect_source(redirect, language) + "index.html",
                renderer.render_redirect(redirect, language),
            )
        elif kind == "image":
            write_variants(plan.media[index], site_dir, job.image_cache)
        elif kind == "file":  # a PDF, published as it is
            media = plan.media[index]
            _write(site_dir, media.site_path, media.source.read_bytes())
        else:  # "epcis"
            batch = plan.pages[index].subject
            assert isinstance(batch, Batch)
            _write(
                site_dir,
                epcis_path(batch),
                json.dumps(job.open_data.epcis(batch), ensure_ascii=False, indent=1),
            )
    return BulkResult(
        search,
        renderer.qr.made - made_before,
        len(tasks),
        job.pages.rendered - rendered_before,
        job.pages.reused - reused_before,
    )


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
    build = digest(
        [repr(renderer.site), repr(languages), *(shells[key] for key in sorted(shells))],
        [CODE, renderer.templates],
    )
    pages = PageCache(page_cache, build, plan.media)
    pages.prune(plan.catalog.producers)  # also works out every key once, before the workers fork
    job = _Job(plan, renderer, open_data, languages, shells, site_dir, image_cache, pages)
    results = fork_map(lambda chunk: _run(job, chunk), list(_tasks(plan, languages)), minimum=200)
    return BulkResult(
        [e for r in results for e in r.search],
        sum(r.qr_made for r in results),
        sum(r.files for r in results),
        sum(r.pages_rendered for r in results),
        sum(r.pages_reused for r in results),
    )


def write_documents(documents: dict[str, Callable[[], str | bytes]], folder: Path) -> None:
    """Make each document (site path: the function that makes it) and write it into ``folder``,
    in forked workers: the parent never holds them (``catalog.json`` alone is 160 MB at national
    scale), and the two cores make them side by side."""

    def write(chunk: Sequence[tuple[str, Callable[[], str | bytes]]]) -> None:
        for path, make in chunk:
            _write(folder, path, make())

    fork_map(write, list(documents.items()), minimum=2)


def search_docs(entries: list[SearchEntry]) -> list[dict[str, Any]]:
    """Entries in the shape of Material's search index."""
    return [{"location": e.location, "title": e.title, "text": e.text} for e in entries]
