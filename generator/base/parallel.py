"""Work split over both cores of a small build machine, in forked processes.

Forked workers inherit the parent's memory, so neither the work nor the data it reads is
pickled: only a chunk's index goes out, and only the chunk's result comes back. Chunks are
contiguous runs of the work, each done by a fresh worker, so a worker touches one region of the
parent's objects and copy-on-write copies little of them; the garbage collector is frozen around
the fork for the same reason (a collection would write to every object it looks at).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # set just before forking


def _run_chunk(index: int) -> Any:
    assert _WORK is not None
    function, chunks = _WORK
    return function(chunks[index])


def contiguous_chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """``items`` cut into at most ``count`` runs of nearly equal length, in order."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        chunks.append(items[start:end])
        start = end
    return chunks


def workers_available() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_map(function: Callable[[Sequence[T]], R], items: Sequence[T], minimum: int = 1) -> list[R]:
    """``function`` applied to contiguous chunks of ``items``, in forked workers when there are
    at least ``minimum`` items and more than one core; results in the order of the chunks."""
    global _WORK
    workers = workers_available()
    if workers == 1 or len(items) < max(minimum, 2):
        return [function(items)]
    # Several chunks per worker even out their loads; more would cost a fork and a result each.
    chunks = contiguous_chunks(items, workers * 8)
    _WORK = (function, chunks)
    was_frozen = gc.get_freeze_count() > 0  # the caller's choice, kept
    gc.freeze()
    try:
        # A fresh worker for every chunk: what a worker copies of the parent's memory as it
        # touches it is given back when the chunk is done, instead of adding up to a copy of
        # all of it in each worker.
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=1) as pool:
            return pool.map(_run_chunk, range(len(chunks)), chunksize=1)
    finally:
        if not was_frozen:
            gc.unfreeze()
        _WORK = None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building a large object graph, such as the catalog or its copy sent back by a worker,
    makes Python's garbage collector walk the growing graph again and again: unpickling the
    records of 1,000 products took 1.1 s with it and 0.2 s without. The graph has no cycles to
    collect, so the collector waits until it is built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
