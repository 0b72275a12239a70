"""The validated catalog: producers own products, products own batches, media are resolved.

Objects here are built only from records that passed every check, so the rest of the
generator can rely on them without re-checking.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path, PurePosixPath

from .schema import IMAGE_EXTENSIONS, BatchRecord, ProducerRecord, ProductRecord, media_references


@dataclass(frozen=True)
class Media:
    """A producer's file as published: ``site_path`` is ``media/<producer-id>/<path in folder>``;
    a photo's ``size`` is its upright width and height, as its producer's records were loaded
    (``Producer.keep_photo_sizes``)."""

    source: Path
    site_path: str
    size: tuple[int, int] | None = None

    @property
    def is_pdf(self) -> bool:
        return self.site_path.lower().endswith(".pdf")

    @property
    def is_image(self) -> bool:
        return PurePosixPath(self.site_path).suffix.lower() in IMAGE_EXTENSIONS


def resolve_media(record_dir: Path, producer: Producer, value: str) -> Media:
    """Where the media path ``value``, written in a file in ``record_dir``, lands on the site.

    Containment in the producer's folder is checked by the rules before any object is built.
    """
    source = (record_dir / value).resolve()
    inside = source.relative_to(producer.folder.resolve())
    site_path = str(PurePosixPath("media", producer.id, *inside.parts))
    return Media(source, site_path, producer.photo_sizes.get(site_path))


@dataclass(eq=False)
class Producer:
    id: str
    record: ProducerRecord
    folder: Path
    products: list[Product] = field(default_factory=list)
    digest: str = ""  # of the record file's bytes
    # Of every file in its folder (records, photos, documents), when the loader worked it out
    # (with a record cache): what the build's output of this producer is made from.
    contents: str = ""
    # The upright size of each photo its records name, by site path (keep_photo_sizes).
    photo_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)

    def media(self, value: str) -> Media:
        return resolve_media(self.folder, self, value)

    @property
    def source(self) -> Path:
        return self.folder / "producer.yml"

    @cached_property
    def files(self) -> list[Media]:
        """Every media file its records name, once each. Worked out where its folder is loaded
        and kept with it in the record cache (loader.py): walking every record's fields and
        resolving every path again took a second of each build of 5,000 products."""
        found: dict[str, Media] = {}
        for media in self._named():
            found.setdefault(media.site_path, media)
        return list(found.values())

    def keep_photo_sizes(self, measured: Mapping[Path, tuple[int, int]]) -> None:
        """Keep the size of every photo its records name, from those the checks ``measured`` (by
        resolved path), before its ``files`` are worked out. Pages give each photo's published
        widths and heights; kept with the checked records (loader.py), a photo is not opened
        again by every build (a national catalog has tens of thousands), and a photo replaced
        by another of the same name brings its own size, even to ``serve``, which builds again
        in one process."""
        self.photo_sizes = {media.site_path: measured[media.source] for media in self._named() if media.is_image}

    def _named(self) -> Iterator[Media]:
        """Each file its records name, as often as they name it."""
        owners: list[Producer | Product | Batch] = [self, *self.products]
        owners += [batch for product in self.products for batch in product.batches]
        for owner in owners:
            for _, value in media_references(owner.record):
                yield owner.media(value)


@dataclass(eq=False)
class Product:
    id: str
    record: ProductRecord
    folder: Path
    producer: Producer
    batches: list[Batch] = field(default_factory=list)  # newest first
    digest: str = ""  # of the record file's bytes

    def media(self, value: str) -> Media:
        return resolve_media(self.folder, self.producer, value)

    @property
    def source(self) -> Path:
        return self.folder / "product.yml"

    @cached_property
    def images(self) -> list[Media]:
        return [self.media(v) for v in self.record.images]

    @property
    def cover(self) -> Media | None:
        return self.images[0] if self.images else None

    def certificate_expired(self, today: date) -> bool:
        return self.record.ocop.valid_until < today

    @property
    def latest_produced(self) -> date | None:
        return self.batches[0].record.produced if self.batches else None


@dataclass(eq=False)
class Batch:
    lot: str
    record: BatchRecord
    product: Product
    digest: str = ""  # of the record file's bytes

    def media(self, value: str) -> Media:
        # Batch files sit in <product>/batches/, so their paths are relative to that folder.
        product = self.product
        return resolve_media(product.folder / "batches", product.producer, value)

    @property
    def source(self) -> Path:
        return self.product.folder / "batches" / f"{self.lot}.yml"

    def past_best_before(self, today: date) -> bool:
        return self.record.expires is not None and self.record.expires < today


@dataclass
class Catalog:
    producers: list[Producer]

    @cached_property
    def products(self) -> list[Product]:
        return [p for producer in self.producers for p in producer.products]

    @cached_property
    def batches(self) -> list[Batch]:
        return [b for product in self.products for b in product.batches]

    @cached_property
    def media(self) -> list[Media]:
        """Every media file some record names, once each (a producer's are in its own folder)."""
        return [media for producer in self.producers for media in producer.files]


def producer_of(subject: Producer | Product | Batch) -> Producer:
    """The producer a record belongs to (a producer belongs to itself)."""
    if isinstance(subject, Batch):
        return subject.product.producer
    if isinstance(subject, Product):
        return subject.producer
    return subject
