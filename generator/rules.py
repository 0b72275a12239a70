"""Rules that a single model cannot check: dates in order, recall details, media on disk."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from .problems import Problem
from .schema import SITE_TIMEZONE, BatchRecord, ProductRecord, Record, media_references
from .validate import Parsed, Source
from .yamlsafe import FieldPath

MAX_MEDIA_BYTES = 10 * 1024 * 1024


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


def product_problems(parsed: Parsed[ProductRecord]) -> list[Problem]:
    ocop = parsed.record.ocop
    return _withdrawal(parsed.source, parsed.record) + _after(
        parsed.source, ("ocop", "expires"), ocop.expires, ("ocop", "issued"), ocop.issued, strictly=True
    )


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


def media_problems(parsed: Parsed[Record], record_dir: Path, producer_dir: Path, root: Path) -> list[Problem]:
    """Every media path must name a file inside the producer's folder (symbolic links resolved)."""
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
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) + "/"
    except ValueError:
        return str(path) + "/"
