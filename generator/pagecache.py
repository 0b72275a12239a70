"""Pages rendered by an earlier build, reused while nothing they are made from has changed.

A product, batch or producer page (and a batch's label sheet) is made from its producer's
records alone: the producer, its products and their batches, the sizes of its photos. It is
also made with the build's templates, interface words, settings and date. So what was rendered
is kept per producer, under a key of both: ``<folder>/<producer id>/<key>/<site path>``. When a
producer edits one batch, only that producer's pages are rendered again; when the templates or
the date change, all are. Keys come from file contents, not modification times, so a fresh
clone on a CI runner reuses what the previous run left.

What is kept for a page is what it adds to its shell (bulk.py), not the whole page: a change of
the shells (a hand-written page added to the navigation) reuses it, and it is smaller (three
fifths of the page at 1,000 products). It is compressed (zlib, fastest level), because the
folder holds something for every page of the site, 220,000 of them in the national catalog.
"""

from __future__ import annotations

import hashlib
import shutil
import zlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .cachefile import write_atomically
from .catalog import Media, Producer
from .images import is_image, variants


class PageCache:
    def __init__(self, folder: Path | None, build: str, media: list[Media]):
        self.folder = folder
        self.build = build
        self.media: dict[str, list[Media]] = defaultdict(list)  # producer id -> its files
        for item in media:
            self.media[item.site_path.split("/", 2)[1]].append(item)
        self.keys: dict[str, str] = {}
        self.reused = 0
        self.rendered = 0

    def key(self, producer: Producer) -> str:
        if producer.id not in self.keys:
            digest = hashlib.sha256(self.build.encode())
            digest.update(f"{producer.id}\0{producer.digest}".encode())
            for product in producer.products:
                digest.update(f"\0{product.id}\0{product.digest}".encode())
                for batch in product.batches:
                    digest.update(f"\0{batch.lot}\0{batch.digest}".encode())
            for item in sorted(self.media[producer.id], key=lambda m: m.site_path):
                sizes = [(v.width, v.height) for v in variants(item)] if is_image(item) else []
                digest.update(f"\0{item.site_path}\0{sizes}".encode())
            self.keys[producer.id] = digest.hexdigest()
        return self.keys[producer.id]

    def _file(self, producer: Producer, site_path: str) -> Path | None:
        return self.folder / producer.id / self.key(producer) / site_path if self.folder else None

    def get(self, producer: Producer, site_path: str) -> bytes | None:
        """What was kept for the file at ``site_path``, or None when there is nothing to reuse."""
        cached = self._file(producer, site_path)
        if cached is None:
            return None
        try:
            content = zlib.decompress(cached.read_bytes())
        except (FileNotFoundError, zlib.error):
            return None
        self.reused += 1
        return content

    def keep(self, producer: Producer, site_path: str, content: bytes) -> None:
        self.rendered += 1
        cached = self._file(producer, site_path)
        if cached is None:
            return
        write_atomically(cached, zlib.compress(content, 1))

    def prune(self, producers: Iterable[Producer]) -> None:
        """Forget the pages of earlier versions of these producers' records."""
        if self.folder is None:
            return
        for producer in producers:
            for old in (self.folder / producer.id).glob("*"):
                if old.name != self.key(producer):
                    shutil.rmtree(old, ignore_errors=True)
