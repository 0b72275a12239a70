"""Rules that a single model cannot check: dates in order, recall details, media on disk."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from .clock import SITE_TIMEZONE
from .media import MediaProblem, check_document, read_image
from .problems import Problem
from .schema import (
    IMAGE_EXTENSIONS,
    BatchRecord,
    ProductRecord,
    Record,
    media_references,
    values_at,
)
from .texts import RECORD_LANGUAGE, Texts, needs_translation
from .validate import Parsed, Source
from .yamlsafe import FieldPath

MAX_MEDIA_BYTES = 10 * 1024 * 1024
# Photos are shown at most 960 CSS pixels wide: 2000 pixels covers two-times screens; a photo
# of that size saved as JPEG weighs well under 1 MB.
USEFUL_IMAGE_SIDE = 2000
USEFUL_IMAGE_BYTES = 1024 * 1024
EXPIRY_NOTICE_DAYS = 90
# Languages that every text should have besides Vietnamese; a missing one is a warning.
EXPECTED_TRANSLATIONS = ("en",)


def _earlier(current: date | datetime, previous: date | datetime) -> bool:
    """Whether an event happened before the one listed ahead of it. An event with a day but no
    time is not earlier than another on the same day."""
    if isinstance(current, datetime) and isinstance(previous, datetime):
        return current < previous
    return _day(current) < _day(previous)


def _day(value: date | datetime) -> date:
    return value.astimezone(SITE_TIMEZONE).date() if isinstance(value, datetime) else value


def _after(
    source: Source,
    later: FieldPath,
    later_value: date | None,
    earlier: FieldPath,
    earlier_value: date | None,
    *,
    strictly: bool,
) -> list[Problem]:
    if later_value is None or earlier_value is None:
        return []
    if later_value > earlier_value or (not strictly and later_value == earlier_value):
        return []
    return [
        source.problem(
            later,
            "date_order" if strictly else "date_not_before",
            field=".".join(map(str, later)),
            value=later_value,
            other_field=".".join(map(str, earlier)),
            other_value=earlier_value,
        )
    ]


def _withdrawal(source: Source, record: ProductRecord | BatchRecord) -> list[Problem]:
    if record.status == "withdrawn" and record.withdrawal is None:
        return [source.problem(("status",), "withdrawal_required")]
    if record.withdrawal is not None and record.status != "withdrawn":
        return [source.problem(("withdrawal",), "withdrawal_unexpected")]
    return []


def product_problems(parsed: Parsed[ProductRecord], today: date) -> list[Problem]:
    ocop = parsed.record.ocop
    return (
        _withdrawal(parsed.source, parsed.record)
        + _after(
            parsed.source, ("ocop", "expires"), ocop.expires, ("ocop", "issued"), ocop.issued, strictly=True
        )
        + _certificate_expiry(parsed, today)
    )


CertificateDue = Literal["expired", "expiring"]


def certificate_due(record: ProductRecord, today: date) -> tuple[CertificateDue, int] | None:
    """Whether a product on sale needs its OCOP certificate renewed: ``("expired", days)`` once it
    has run out, ``("expiring", days)`` within EXPIRY_NOTICE_DAYS of it, with the days left
    (negative once expired); None otherwise. Producers renew every three years."""
    if record.status != "active":
        return None
    days = (record.ocop.valid_until - today).days
    if days < 0:
        return ("expired", days)
    if days <= EXPIRY_NOTICE_DAYS:
        return ("expiring", days)
    return None


def _certificate_expiry(parsed: Parsed[ProductRecord], today: date) -> list[Problem]:
    """A product on sale whose OCOP certificate runs out soon, or has run out, is worth a warning:
    the site shows an expired certificate as expired."""
    record = parsed.record
    due = certificate_due(record, today)
    if due is None:
        return []
    at = ("ocop", "expires") if record.ocop.expires else ("ocop", "issued")
    until = record.ocop.valid_until
    if due[0] == "expired":
        return [parsed.source.problem(at, "ocop_expired", severity="warning", date=until)]
    return [parsed.source.problem(at, "ocop_expiring", severity="warning", date=until, days=due[1])]


def translatable_texts(record: Record) -> list[tuple[FieldPath, dict[str, str]]]:
    """Every localized text of a record that needs translating (not a name such as "HACCP"),
    with its field path."""
    return [
        (path, text)
        for pattern in _localized_fields(type(record))
        for path, text in values_at(record, pattern)
        if needs_translation(text)
    ]


def translation_warnings(parsed: Parsed[Record]) -> list[Problem]:
    """One warning for each text that has Vietnamese but lacks an expected translation."""
    return [
        parsed.source.problem(path, "missing_translation", severity="warning")
        for path, text in translatable_texts(parsed.record)
        if any(lang not in text for lang in EXPECTED_TRANSLATIONS)
    ]


@cache
def _localized_fields(model: type[Record]) -> list[tuple[str, ...]]:
    """Where a record holds localized text, as patterns for ``values_at``. Read once from the
    JSON Schema, which says which fields are localized the same way the field reference reads it."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    found: list[tuple[str, ...]] = []

    def walk(node: dict[str, Any], pattern: tuple[str, ...]) -> None:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
        if any(o.get("type") == "object" and o.get("required") == [RECORD_LANGUAGE] for o in options):
            found.append(pattern)
        elif len(options) == 1:
            walk(options[0], pattern)
        else:
            for key, child in node.get("properties", {}).items():
                walk(child, (*pattern, key))
            if "items" in node:
                walk(node["items"], (*pattern, "*"))

    walk(schema, ())
    return found


def batch_problems(parsed: Parsed[BatchRecord]) -> list[Problem]:
    record, source = parsed.record, parsed.source
    found = [
        *_after(source, ("packaged",), record.packaged, ("produced",), record.produced, strictly=False),
        *_after(source, ("expires",), record.expires, ("produced",), record.produced, strictly=True),
        *_after(source, ("expires",), record.expires, ("packaged",), record.packaged, strictly=True),
    ]
    found += _withdrawal(source, record)
    if record.status == "recalled" and record.recall is None:
        found.append(source.problem(("status",), "recall_required"))
    if record.recall is not None:
        if record.status != "recalled":
            found.append(source.problem(("recall",), "recall_unexpected"))
        found += _after(
            source, ("recall", "date"), record.recall.date, ("produced",), record.produced, strictly=False
        )
    for index in range(1, len(record.events)):
        previous, current = record.events[index - 1].date, record.events[index].date
        if _earlier(current, previous):
            found.append(
                source.problem(("events", index, "date"), "events_order", value=current, previous=previous)
            )
    return found


def media_problems(
    parsed: Parsed[Record], record_dir: Path, producer_dir: Path, root: Path, sizes: dict[Path, tuple[int, int]]
) -> list[Problem]:
    """Every media path must name a file inside the producer's folder (symbolic links resolved).
    The upright size of each photo read is put into ``sizes``, by its resolved path: the pages
    need it (catalog.py, ``Producer.keep_photo_sizes``), and the check has read it already."""
    found = []
    folder = producer_dir.resolve()
    for path, value in media_references(parsed.record):
        target = (record_dir / value).resolve()
        if not target.is_relative_to(folder):
            found.append(
                parsed.source.problem(path, "media_outside", path=value, folder=_shown(producer_dir, root))
            )
        elif not target.is_file():
            found.append(parsed.source.problem(path, "media_missing", path=value))
        elif (size := target.stat().st_size) > MAX_MEDIA_BYTES:
            found.append(
                parsed.source.problem(
                    path,
                    "media_too_large",
                    path=value,
                    size=round(size / 2**20, 1),
                    limit=MAX_MEDIA_BYTES // 2**20,
                )
            )
        else:
            found += _content_problems(parsed.source, path, value, target, size, sizes)
    return found


def _content_problems(
    source: Source, at: FieldPath, value: str, target: Path, size: int, sizes: dict[Path, tuple[int, int]]
) -> list[Problem]:
    """A file the build could not publish as what its name says (media.py), or a photo larger
    than the pages need (a warning)."""
    try:
        if target.suffix.lower() not in IMAGE_EXTENSIONS:
            check_document(target)
            return []
        width, height = sizes[target] = read_image(target)
    except MediaProblem as problem:
        return [source.problem(at, problem.code, path=value, **problem.params)]
    if size <= USEFUL_IMAGE_BYTES and max(width, height) <= USEFUL_IMAGE_SIDE:
        return []
    megabytes = f"{size / 2**20:.1f} MB"
    detail = Texts(vi=f"{width}×{height} điểm ảnh, {megabytes}", en=f"{width}×{height} pixels, {megabytes}")
    return [
        source.problem(
            at,
            "image_oversized",
            severity="warning",
            path=value,
            detail=detail,
            max_side=USEFUL_IMAGE_SIDE,
            max_mb=USEFUL_IMAGE_BYTES // 2**20,
        )
    ]


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) + "/"
    except ValueError:
        return str(path) + "/"
