"""Files a build keeps for the next one (.cache/ocop): written whole, known by their contents,
and read back only when this runner wrote them (``Seal``)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: builds there are not locked
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# Files larger than this are not read for a digest (records and photos are refused well below).
_LARGEST_READ = 64 * 1024 * 1024


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` so that a reader sees the whole file or none: workers write side by side,
    and a build stopped halfway must not leave half a file for the next one to reuse."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def digest(parts: Iterable[str], folders: Iterable[Path] = ()) -> str:
    """A digest of ``parts`` and of every file in ``folders`` (names and contents)."""
    found = hashlib.sha256()
    for part in parts:
        found.update(part.encode() + b"\0")
    for folder in folders:
        found.update(folder_digest(folder).encode())
    return found.hexdigest()


def folder_digest(folder: Path) -> str:
    """Names and contents of the files below ``folder`` (or of ``folder`` itself, a file). Links
    are taken by where they point, never followed, and special files are left out: a record
    folder comes from strangers. Every build digests every producer's folder (the record cache
    is keyed by it): walked with ``os.scandir`` and plain strings, a folder takes a quarter of
    the time ``Path.rglob`` took (4 s of CPU of each build at 18,000 products)."""
    found = hashlib.sha256()
    paths = sorted(_below(str(folder), "")) if folder.is_dir() else [(folder.name, str(folder))]
    for name, path in paths:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            found.update(f"{name}\0link\0{os.readlink(path)}\0".encode())
        elif stat.S_ISREG(info.st_mode):
            if info.st_size <= _LARGEST_READ:
                with open(path, "rb") as stream:
                    content = stream.read()
            else:
                content = str(info.st_size).encode()
            found.update(f"{name}\0file\0".encode() + hashlib.sha256(content).digest())
    return found.hexdigest()


def _below(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
    """(name relative to the top, as a POSIX path; path) of everything below ``folder``, links
    to folders not followed, Python's caches left out."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            name = prefix + entry.name
            yield name, entry.path
            if entry.is_dir(follow_symlinks=False):
                yield from _below(entry.path, name + "/")


KEY_BYTES = 32


class Seal:
    """What the caches keep, signed with a secret key of the runner's (HMAC-SHA256), so that an
    entry is used only if a build holding the key wrote it, whole.

    The caches hold pickles, which run code when they are loaded, and QR codes and photos, which
    are published as they are: a file planted in the cache folder (by a pull request that adds
    it to git, by a restored archive) or cut short (a full disk, a build killed while copying)
    must be a miss, never loaded or published. The key is kept beside the cache folder, not in
    it (``.cache/ocop.key`` for ``.cache/ocop``), readable by its owner only; it is never in the
    repository (the build refuses to run when the cache is tracked by git). An entry is signed
    with its folder's and its own name, so that entries cannot be swapped either.
    """

    def __init__(self, key: bytes):
        self.key = key

    @classmethod
    def beside(cls, folder: Path) -> Seal:
        """The seal of the cache in ``folder``, whose key is kept beside it."""
        return cls(runner_key(key_file(folder)))

    def _signature(self, path: Path, data: bytes) -> bytes:
        name = f"{path.parent.name}/{path.name}".encode()
        return hmac.new(self.key, name + b"\0" + data, hashlib.sha256).digest()

    def write(self, path: Path, data: bytes) -> None:
        write_atomically(path, self._signature(path, data) + data)

    def read(self, path: Path) -> bytes | None:
        """What was kept at ``path``; None when nothing was, or it is not whole or not ours."""
        try:
            kept = path.read_bytes()
        except OSError:
            return None
        signature, data = kept[: hashlib.sha256().digest_size], kept[hashlib.sha256().digest_size :]
        if not hmac.compare_digest(signature, self._signature(path, data)):
            log.debug("cache: %s is not signed by this runner's key, or not whole; made again", path)
            return None
        return data


def key_file(folder: Path) -> Path:
    """Where the key of the cache in ``folder`` is kept: ``<folder>.key``."""
    return folder.with_name(folder.name + ".key")


def runner_key(path: Path) -> bytes:
    """The secret key kept at ``path``, made there on first use (readable by its owner only). A
    file there that is not such a key (a link, another owner's, readable by others, the wrong
    size) is replaced: nothing signed with it is trusted."""
    if (key := _key_at(path)) is not None:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(KEY_BYTES))
    try:
        try:
            os.link(temporary, path)  # of two builds starting at once, one makes the key
        except FileExistsError:
            if _key_at(path) is None:
                os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    key = _key_at(path)
    if key is None:
        raise OSError(f"{path}: the cache's key could not be made")
    return key


def _key_at(path: Path) -> bytes | None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    # Owner and permissions mean this on POSIX systems only.
    private = os.name != "posix" or (info.st_uid == os.getuid() and not info.st_mode & 0o077)
    if not stat.S_ISREG(info.st_mode) or not private or info.st_size != KEY_BYTES:
        return None
    return path.read_bytes()


class BuildLock:
    """One build at a time in a folder: an exclusive lock (flock) on a file in it, held from
    ``acquire`` to ``release``, or until the process ends, however it ends. Two builds sharing
    a cache would each delete and rewrite what the other is reading."""

    def __init__(self, path: Path):
        self.path = path
        self._held: IO[bytes] | None = None

    def acquire(self, waiting: Callable[[], None]) -> None:
        """Take the lock; when another process holds it, call ``waiting`` and wait for it."""
        if fcntl is None or self._held is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        self._held = handle

    def release(self) -> None:
        if self._held is not None:
            fcntl.flock(self._held, fcntl.LOCK_UN)
            self._held.close()
            self._held = None
