"""Pagefind bundles written from search records (site/search.py), not from the pages' HTML.

A page's records are made with the page, by the worker that renders it, and kept with its
producer's files (bulk.py), so a build with one batch changed makes one producer's records and
takes the others from the previous build. A bundle is kept, by the digest of its records, in the
build's cache and copied from there while its records are unchanged: Pagefind writes the same
records into filter and metadata files of other names on every run (its issue #638), so an
unchanged catalog would otherwise never give an unchanged site, and a sync tool would send them
every time. A bundle is kept as one file, its files one after the other (a *pack*), beside the
runner's signed list of them (base/files.py): a file each was a tenth of a cold build's files
created, 70,000 at national scale, each written, read back and copied. What is kept is published
as it is, so it is used only when every file is as that list says. A bundle is a unit of the
output (output.py) under that digest: unchanged, its files are left as the previous build wrote
them, not even copied.

The `pagefind` package ships the binary and the protocol of its service mode (base64-encoded
JSON messages ending in a comma, over its standard input and output). Its own Python client waits
a tenth of a second before reading each answer (pagefind 1.5.2), which at the national catalog's
60,000 records is an hour and a half; this client sends every record, then reads the answers as
they come, in a thread: 36,000 records took 9 s.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mmap
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from ..base.files import Seal
from ..site import urls
from ..site.kinds import KINDS
from ..site.languages import Language
from ..site.plan import SitePlan
from ..site.render import Renderer
from ..site.search import BROWSE_BUNDLE, SEARCH_BUNDLE, SearchRecord, rank, record_from_json
from .output import Output

# What Pagefind writes besides the index that a page loads: its ready-made interfaces, which
# this site does not use (its own keeps Material's look and makes no other request).
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


_ENTRY = "pagefind-entry.json"  # the list of the bundle's languages, which a page reads first
_KEPT = 4  # bundles kept in the cache, the most recently used


class PagefindError(Exception):
    """The indexer refused a record or could not write the bundle."""


class _Service:
    """One `pagefind --service` process."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            raise PagefindError("the pagefind binary is missing: install the package pagefind[bin]")
        self.process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.sent = 0
        self.answers: dict[int, dict[str, Any]] = {}
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        pending: list[bytes] = []  # of a message not yet whole (a bundle's files are megabytes)
        while chunk := self.process.stdout.read1(1 << 16):
            if b"," not in chunk:
                pending.append(chunk)
                continue
            *messages, rest = b"".join([*pending, chunk]).split(b",")
            pending = [rest]
            with self.arrived:
                for message in messages:
                    answer = json.loads(base64.b64decode(message))
                    self.answers[answer.get("message_id") or 0] = answer["payload"]
                self.arrived.notify_all()
        with self.arrived:
            self.arrived.notify_all()  # the process is gone: whoever waits stops waiting

    def send(self, payload: dict[str, Any]) -> int:
        assert self.process.stdin is not None
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        with _stopped_as_error():
            self.process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        return self.sent

    def answer(self, message_id: int) -> dict[str, Any]:
        assert self.process.stdin is not None
        with _stopped_as_error():
            self.process.stdin.flush()
        with self.arrived:
            self.arrived.wait_for(lambda: message_id in self.answers or self.process.poll() is not None)
        answer = self.answers.get(message_id) or {"type": "Error", "message": "pagefind stopped"}
        if answer["type"] == "Error" or any(a["type"] == "Error" for a in self.answers.values()):
            error = next(a for a in [answer, *self.answers.values()] if a["type"] == "Error")
            raise PagefindError(f"pagefind: {error.get('message')}")
        return answer

    def close(self) -> None:
        if self.process.stdin:
            with suppress(BrokenPipeError):  # what it was not sent is of no use now
                self.process.stdin.close()
        self.process.wait(timeout=60)


@contextmanager
def _stopped_as_error() -> Iterator[None]:
    """A service that stopped before reading what it was sent fails the build in words."""
    try:
        yield
    except BrokenPipeError as error:
        raise PagefindError("pagefind: pagefind stopped") from error


# A page's record as kept (search.py's record_json), with the sort keys only the whole catalog
# knows (its rank in the listings).
Entry = tuple[bytes, dict[str, str]]


def _index(entries: list[Entry]) -> Iterator[tuple[str, bytes]]:
    """The files of a Pagefind bundle of the records of ``entries`` (path in the bundle, bytes),
    indexed one language at a time. Pagefind keeps a language's index apart from the others' in
    every file it makes (each is named after its language but the script and the word-splitting
    modules, which are the same for all), and lists them in ``pagefind-entry.json``, which
    comes last. A service of its own for each language holds that language's records alone, and
    is gone before the next starts: the indexing service's memory, the build's peak, is halved
    for two languages."""
    languages: dict[str, Any] = {}
    entry: dict[str, Any] = {}
    indexed: set[str] = set()
    given: set[str] = set()
    records = (record_from_json(data, sort) for data, sort in entries)
    for language, run in groupby(records, key=lambda record: record.language):
        if language in indexed:  # the callers list one language's records together
            raise PagefindError(f"the records in {language} are not listed together")
        indexed.add(language)
        for path, content in index_language(run):
            if path == _ENTRY:
                entry = json.loads(content)
                languages |= entry["languages"]
            elif path not in _UNUSED and path not in given:  # what languages share, given once
                given.add(path)
                yield path, content
    if entry:
        merged = {**entry, "languages": languages}
        yield _ENTRY, json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode()


def index_language(records: Iterable[SearchRecord]) -> list[tuple[str, bytes]]:
    """The files of a bundle of ``records`` (path in the bundle, bytes), made by a service of
    their own. The service hands them over rather than writing them: it writes a file without
    waiting for the last of its bytes to reach the disk, and stops, writes or not, as soon as it
    is told to (pagefind 1.5.2), which left files empty."""
    service = _Service()
    try:
        index = service.answer(service.send({"type": "NewIndex", "config": None}))["index_id"]
        last = 0
        for record in records:
            last = service.send(
                {
                    "type": "AddRecord",
                    "index_id": index,
                    "url": record.url,
                    "content": record.content,
                    "language": record.language,
                    "meta": record.meta,
                    "filters": record.filters or None,
                    "sort": record.sort or None,
                }
            )
        if last:
            service.answer(last)
        files = service.answer(service.send({"type": "GetFiles", "index_id": index}))["files"]
    finally:
        service.close()
    return [(file["path"], base64.b64decode(file["content"])) for file in files]


@dataclass
class _Bundle:
    """One bundle of the site: its records, and where it is kept in the cache."""

    folder: str  # in the site
    entries: list[Entry]
    kept: Path  # the cache's pack of the bundle of these records, named by their digest
    unit: str  # of the output
    in_place: bool  # as the previous build left it in the site: nothing to make or copy

    @property
    def listing(self) -> Path:
        """The signed list of the pack's files: a line each, its path, length and digest."""
        return self.kept.with_suffix(".files")


def _bundle(entries: Iterable[Entry], folder: str, output: Output, cache: Path, key: str) -> _Bundle:
    """The bundle of the records of ``entries`` in the site's ``folder``, kept in ``cache`` under
    the digest of the records and of the code that indexes them (``key``)."""
    listed = list(entries)
    digest = hashlib.sha256(key.encode())
    for data, sort in listed:
        digest.update(data + (json.dumps(sort).encode() if sort else b"") + b"\n")
    kept = cache / f"{digest.hexdigest()[:32]}.pack"
    unit = f"search {folder}"
    return _Bundle(folder, listed, kept, unit, output.keep(unit, kept.stem))


def _kept_files(bundle: _Bundle, seal: Seal) -> Iterator[tuple[str, bytes]] | None:
    """The files of the bundle's pack, if its signed list is there and the pack holds what it
    lists, whole: each is checked as it is read."""
    if (listing := seal.read(bundle.listing)) is None:
        return None
    try:
        size = bundle.kept.stat().st_size
    except OSError:
        return None
    lines = [line.split("\t") for line in listing.decode().splitlines()]
    if sum(int(length) for _, length, _ in lines) != size:
        return None

    def files() -> Iterator[tuple[str, bytes]]:
        if not size:  # mmap maps no empty file
            return
        with (
            open(bundle.kept, "rb") as stream,
            mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as pack,
        ):
            start = 0
            for path, length, digest in lines:
                content = pack[start : start + int(length)]
                if hashlib.sha256(content).hexdigest() != digest:
                    raise PagefindError(f"the kept bundle {bundle.kept} changed since it was made")
                yield path, content
                start += int(length)

    return files()


def _is_kept(bundle: _Bundle, seal: Seal) -> bool:
    """Whether the bundle's pack is in the cache, whole and as made."""
    if (kept_files := _kept_files(bundle, seal)) is None:
        return False
    try:
        for _ in kept_files:
            pass
    except PagefindError:
        return False
    return True


def _make_in_cache(bundle: _Bundle, seal: Seal) -> None:
    """Index the bundle into the cache unless it is there, whole."""
    if _is_kept(bundle, seal):
        os.utime(bundle.kept)  # used now: the last to go
        return
    cache = bundle.kept.parent
    cache.mkdir(parents=True, exist_ok=True)
    made = bundle.kept.with_name(f"{bundle.kept.name}.{os.getpid()}.tmp")
    listing = []
    with open(made, "wb") as pack:
        for path, content in _index(bundle.entries):
            pack.write(content)
            listing.append(f"{path}\t{len(content)}\t{hashlib.sha256(content).hexdigest()}\n")
    seal.write(bundle.listing, "".join(listing).encode())
    made.replace(bundle.kept)  # whole or not at all, for the next build to reuse
    # A few are kept: builds of other catalogs (a preview of one producer) share the cache.
    for old in sorted(cache.glob("*.pack"), key=lambda p: p.stat().st_mtime)[:-_KEPT]:
        old.unlink(missing_ok=True)
        old.with_suffix(".files").unlink(missing_ok=True)
    for folder in (path for path in cache.iterdir() if path.is_dir()):  # bundles kept as folders once
        shutil.rmtree(folder, ignore_errors=True)


class SearchIndex:
    """Both bundles of the site (site/search.py), made in the build's cache by a thread of this
    process while it goes on with other work (the catalog's own pages), and put into the site
    by ``write``. The work of indexing is Pagefind's, in processes of its own: the thread only
    hands them the records, so the build's two cores are both busy, one filling in pages and
    one indexing, where indexing used to wait for the pages."""

    def __init__(
        self,
        plan: SitePlan,
        renderer: Renderer,
        output: Output,
        cache: Path,
        key: str,
        seal: Seal,
        made: Mapping[tuple[str, str, str], bytes],
    ) -> None:
        """Start on the bundles kept in ``cache`` under ``key`` (the build's fingerprint for
        search). The pages' records come from ``made``, by (page path, language code, bundle),
        where the pages' writers left them (bulk.py); the others are made here."""

        def record(kind: str, subject: Any, path: str, language: Language, bundle: str) -> bytes:
            kept = made.get((path, language.code, bundle))
            return kept if kept is not None else renderer.search_records(kind, subject, language)[bundle]

        searched = (
            (record(page.kind, page.subject, page.path, language, SEARCH_BUNDLE), {})
            for language in renderer.languages
            for page in plan.pages
            if KINDS[page.kind].search
        )
        listed = plan.listings["all"][0].products
        browsed = (
            (
                record("product", product, urls.product_path(product.id), language, BROWSE_BUNDLE),
                rank(position),
            )
            for language in renderer.languages
            for position, product in enumerate(listed)
        )
        self.output = output
        self.seal = seal
        # Whether each bundle is in place in the site is asked now, by the build's own thread:
        # the indexing thread never touches the output.
        self.bundles = [
            _bundle(entries, folder, output, cache / folder, key)
            for folder, entries in ((SEARCH_BUNDLE, searched), (BROWSE_BUNDLE, browsed))
        ]
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._make, name="search index", daemon=True)
        self._thread.start()

    def _make(self) -> None:
        try:
            for bundle in self.bundles:
                if not bundle.in_place:
                    _make_in_cache(bundle, self.seal)
        except BaseException as failure:  # raised again where the build waits for it
            self._failure = failure

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *raised: object) -> None:
        # Whatever went wrong meanwhile, no indexing outlives the build (``serve`` builds again
        # in the same process, into the same cache).
        self._thread.join()

    def write(self) -> dict[str, int]:
        """Wait for the bundles, put them into the site; returns how many records each holds."""
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        for bundle in self.bundles:
            if not bundle.in_place:
                kept_files = _kept_files(bundle, self.seal)
                if kept_files is None:
                    raise PagefindError(f"the bundle {bundle.kept} was not kept")
                with self.output.making(bundle.unit, bundle.kept.stem):
                    for path, content in kept_files:
                        self.output.write(bundle.folder + path, content)
        return {bundle.folder: len(bundle.entries) for bundle in self.bundles}
