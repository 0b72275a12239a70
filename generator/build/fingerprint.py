"""Digests of what a build's output is made from, so that later builds can tell what changed."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

# Bump when the way digests are made changes.
_VERSION = "1"
# Files larger than this are not read for a digest (records and photos are refused well below).
_LARGEST_READ = 64 * 1024 * 1024

CODE = Path(__file__).parent.parent  # the generator's code and interface words


def digest(parts: Iterable[str], folders: Iterable[Path] = ()) -> str:
    """A digest of ``parts`` and of every file in ``folders`` (names and contents)."""
    found = hashlib.sha256(_VERSION.encode())
    for part in parts:
        found.update(part.encode() + b"\0")
    for folder in folders:
        found.update(folder_digest(folder).encode())
    return found.hexdigest()


def folder_digest(folder: Path) -> str:
    """Names and contents of the files below ``folder``. Links are taken by where they point,
    never followed, and special files are left out: a record folder comes from strangers."""
    found = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        info = path.lstat()
        name = path.relative_to(folder).as_posix()
        if stat.S_ISLNK(info.st_mode):
            found.update(f"{name}\0link\0{os.readlink(path)}\0".encode())
        elif stat.S_ISREG(info.st_mode):
            content = path.read_bytes() if info.st_size <= _LARGEST_READ else str(info.st_size).encode()
            found.update(f"{name}\0file\0".encode() + hashlib.sha256(content).digest())
    return found.hexdigest()
