"""Files a build keeps for the next one (.cache/ocop): written whole, known by their contents."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

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
    folder comes from strangers."""
    found = hashlib.sha256()
    paths = sorted(folder.rglob("*")) if folder.is_dir() else [folder]
    for path in paths:
        if "__pycache__" in path.parts:
            continue
        info = path.lstat()
        name = path.relative_to(folder).as_posix() if path != folder else path.name
        if stat.S_ISLNK(info.st_mode):
            found.update(f"{name}\0link\0{os.readlink(path)}\0".encode())
        elif stat.S_ISREG(info.st_mode):
            content = path.read_bytes() if info.st_size <= _LARGEST_READ else str(info.st_size).encode()
            found.update(f"{name}\0file\0".encode() + hashlib.sha256(content).digest())
    return found.hexdigest()
