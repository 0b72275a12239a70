"""Run a command and measure it: wall time, CPU time and peak memory of its whole process tree;
and count what a build wrote: files, bytes, HTML pages, label sheets and redirect stubs.

Peak memory is the larger of two readings: the kernel's maximum resident set of any single
process in the tree (``wait4``'s ``ru_maxrss``, which never misses a spike), and the sum of the
resident sets of every process in the tree, sampled every 50 ms from ``/proc`` (which counts
worker processes running side by side). On a system without ``/proc`` only the first exists.

The tree's sum counts twice the pages that forked workers share with their parent; the
proportional set size (PSS, from ``/proc/<pid>/smaps_rollup``) divides each shared page among
the processes sharing it, so its sum over the tree is the memory the build really holds.
Reading it makes the kernel walk the process's page tables, so it is sampled less often the
more it costs (under 5% of a core).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024
DISCARDED = ".discarded"  # beside what was set aside, until nothing is timed
_discarded: set[Path] = set()


def discard(*paths: Path) -> None:
    """Set ``paths`` aside, renamed into a folder beside each, for ``empty_discarded`` to delete
    once nothing is timed any more. For minutes after many files are deleted, ext4 creates files
    slowly (it avoids reusing an inode deleted in the last one to six minutes, and looks at each
    such inode): a build timed right after the previous one's output was deleted spent five
    times as long in the kernel, which a fresh runner never does. The Material baseline used to
    be timed just after our output was deleted."""
    for path in paths:
        if path.exists() or path.is_symlink():
            folder = path.parent / DISCARDED
            folder.mkdir(exist_ok=True)
            path.rename(folder / f"{path.name}.{time.monotonic_ns()}")
            _discarded.add(folder)


def empty_discarded(*workdirs: Path) -> None:
    """Delete what was set aside, and what a run that was stopped left in ``workdirs``."""
    left = {found for workdir in workdirs for found in workdir.glob(f"**/{DISCARDED}")}
    for folder in sorted(_discarded | left):
        shutil.rmtree(folder, ignore_errors=True)
    _discarded.clear()


@dataclass
class Measurement:
    wall_s: float
    cpu_s: float  # user + system, the whole tree
    peak_mb: float  # max(largest single process, sampled sum of the tree)
    single_mb: float  # largest single process (ru_maxrss)
    tree_mb: float  # sampled sum of the tree
    pss_mb: float  # sampled sum of the tree's proportional set sizes (shared pages once)
    returncode: int | None
    timed_out: bool
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as stream:
                found += [int(c) for c in stream.read().split()]
    except OSError:
        pass
    return found


def _tree(root: int) -> list[int]:
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid not in found:
            found.append(pid)
            stack += _children(pid)
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as stream:
            return int(stream.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def measure(
    cmd: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    interval: float = 0.05,
) -> Measurement:
    """Run ``cmd`` to completion (killing its process group after ``timeout`` seconds)."""
    # What an earlier build wrote is on the disk before this one starts: an everyday build timed
    # while the kernel still wrote out the cold build before it (6 GB at 18,000 products) spent
    # twice as long in the kernel.
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        done = threading.Event()
        peak_tree = peak_pss = 0
        timed_out = False

        def sample() -> None:
            nonlocal peak_tree, peak_pss
            next_pss = 0.0
            while not done.wait(interval):
                pids = _tree(proc.pid)
                peak_tree = max(peak_tree, sum(_rss(pid) for pid in pids))
                if (now := time.perf_counter()) >= next_pss:
                    peak_pss = max(peak_pss, sum(_pss(pid) for pid in pids))
                    # The kernel walks every page table to sum a PSS: 100 ms for a 4 GB tree,
                    # half a core at a 50 ms interval, taken from the build being measured.
                    # Kept under 5% of one core.
                    next_pss = now + 20 * (time.perf_counter() - now)

        def kill() -> None:
            nonlocal timed_out
            timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            wall = time.perf_counter() - started
            done.set()
            if timer:
                timer.cancel()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
        single = usage.ru_maxrss / (MB if sys.platform == "darwin" else 1024)
        out.seek(0)
        err.seek(0)
        return Measurement(
            wall_s=wall,
            cpu_s=usage.ru_utime + usage.ru_stime,
            peak_mb=max(single, peak_tree / MB),
            single_mb=single,
            tree_mb=peak_tree / MB,
            pss_mb=peak_pss / MB,
            returncode=None if timed_out else proc.returncode,
            timed_out=timed_out,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


@dataclass
class Output:
    """What a build wrote."""

    files: int = 0
    bytes: int = 0
    html: int = 0
    pages: int = 0  # HTML documents that are neither label sheets nor redirect stubs
    labels: int = 0  # printable QR label sheets (``…/labels/index.html``)
    redirects: int = 0  # stubs that only forward (``<meta http-equiv="refresh">``)
    html_bytes: int = 0
    largest_html: int = 0
    largest_html_path: str = ""

    @property
    def mb(self) -> float:
        return self.bytes / MB


def _files(site: Path) -> Iterator[os.DirEntry[str]]:
    """Every file below ``site``, not following links."""
    stack = [str(site)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    yield entry


def scan(site: Path) -> Output:
    """Walk a built site and count its files, classifying the HTML ones."""
    found = Output()
    for entry in _files(site):
        size = entry.stat(follow_symlinks=False).st_size
        found.files += 1
        found.bytes += size
        if not entry.name.endswith(".html"):
            continue
        found.html += 1
        found.html_bytes += size
        if size > found.largest_html:
            found.largest_html, found.largest_html_path = size, os.path.relpath(entry.path, site)
        if os.path.basename(os.path.dirname(entry.path)) == "labels":
            found.labels += 1
            continue
        with open(entry.path, "rb") as stream:
            head = stream.read(2048).lower()
        if b'http-equiv="refresh"' in head:
            found.redirects += 1
        else:
            found.pages += 1
    return found


def written_since(site: Path, since: float) -> int:
    """How many files of a built site were written at or after ``since`` (a time.time()): what a
    sync tool would send after the build, since the build leaves unchanged files untouched."""
    return sum(1 for entry in _files(site) if entry.stat(follow_symlinks=False).st_mtime >= since)
