"""Pages rendered by an earlier build, reused while nothing they are made from has changed.

A product, batch or producer page (and a batch's label sheet) is made from its producer's
records alone: the producer, its products and their batches, the sizes of its photos. It is
also made with the build's templates, interface words, settings and date. So what was rendered
is kept per producer, under a key of both: ``<folder>/<producer id>/<key>/``. When a
producer edits one batch, only that producer's pages are rendered again; when the templates or
the date change, all are. Keys come from file contents, not modification times, so a fresh
clone on a CI runner reuses what the previous run left.

What is kept for a page is what it adds to its shell (bulk.py), not the whole page: a change of
the shells (a hand-written page added to the navigation) reuses it, and it is smaller (three
fifths of the page at 1,000 products).

What is kept for a producer's pages goes into one file per producer (a *pack*), not one per
page: the folder holds something for every page of the site, 310,000 pages and label sheets in
the national catalog, and a file each cost a tenth of a millisecond to write and as much to read
again. Pages are made in order of producer, so a worker gathers a producer's pages and writes
them at once when it moves to the next producer; a producer whose pages two workers made has
two packs, read together. A pack is the dict of what was made for each page (a page's parts,
a label sheet), pickled in one go and compressed (zlib, fastest level). A pack is unpickled only
when it carries the signature of this runner's key (``Seal``): a planted one is never loaded.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import shutil
import zlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..base.files import Seal
from ..records.catalog import Media, Producer
from ..site.images import variants

log = logging.getLogger(__name__)


class PageCache:
    def __init__(self, folder: Path | None, build: str, media: list[Media], seal: Seal | None = None):
        """``build`` is the build's fingerprint for pages (fingerprint.py)."""
        self.folder = folder
        self.build = build
        self.seal = seal or (Seal.beside(folder) if folder else None)
        self.media: dict[str, list[Media]] = defaultdict(list)  # producer id -> its files
        for item in media:
            self.media[item.site_path.split("/", 2)[1]].append(item)
        self.keys: dict[str, str] = {}
        self.reused = 0
        self.rendered = 0
        self._read: tuple[str, dict[str, Any]] = ("", {})  # a producer id and its packs' contents
        self._made: tuple[Producer | None, dict[str, Any]] = (None, {})  # to be written as a pack

    def key(self, producer: Producer) -> str:
        if producer.id not in self.keys:
            digest = hashlib.sha256(self.build.encode())
            digest.update(f"{producer.id}\0{producer.digest}".encode())
            for product in producer.products:
                digest.update(f"\0{product.id}\0{product.digest}".encode())
                for batch in product.batches:
                    digest.update(f"\0{batch.lot}\0{batch.digest}".encode())
            for item in sorted(self.media[producer.id], key=lambda m: m.site_path):
                sizes = [(v.width, v.height) for v in variants(item)] if item.is_image else []
                digest.update(f"\0{item.site_path}\0{sizes}".encode())
            self.keys[producer.id] = digest.hexdigest()
        return self.keys[producer.id]

    def _packs(self, producer: Producer) -> Path:
        assert self.folder is not None
        return self.folder / producer.id / self.key(producer)

    def get(self, producer: Producer, site_path: str) -> Any:
        """What was kept for the file at ``site_path``, or None when there is nothing to reuse."""
        if self.folder is None:
            return None
        if self._read[0] != producer.id:
            self._read = (producer.id, self._unpacked(producer))
        content = self._read[1].get(site_path)
        if content is not None:
            self.reused += 1
        return content

    def _unpacked(self, producer: Producer) -> dict[str, Any]:
        found: dict[str, Any] = {}
        assert self.seal is not None
        for pack in self._packs(producer).glob("*.pack"):
            if (data := self.seal.read(pack)) is None:
                continue
            try:
                found.update(pickle.loads(zlib.decompress(data)))
            except Exception as error:  # one of ours, but kept by other code
                log.debug("page cache: %s is discarded (%s); its pages are made again", pack, error)
        return found

    def keep(self, producer: Producer, site_path: str, made: Any) -> None:
        """Keep what was made for the file at ``site_path`` (anything that pickles)."""
        self.rendered += 1
        if self.folder is None:
            return
        if self._made[0] is not producer:
            self.flush()
            self._made = (producer, {})
        self._made[1][site_path] = made

    def flush(self) -> None:
        """Write what was made for the last producer; called when a worker is done."""
        producer, made = self._made
        if producer is not None and made:
            # Named after what it holds, so that the same pages made again replace it.
            name = hashlib.sha256("\0".join(sorted(made)).encode()).hexdigest()[:16]
            data = zlib.compress(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL), 1)
            assert self.seal is not None
            self.seal.write(self._packs(producer) / f"{name}.pack", data)
        self._made = (None, {})

    def prune(self, producers: Iterable[Producer]) -> None:
        """Forget the pages of earlier versions of these producers' records."""
        if self.folder is None:
            return
        for producer in producers:
            for old in (self.folder / producer.id).glob("*"):
                if old.name != self.key(producer):
                    shutil.rmtree(old, ignore_errors=True)
