"""Writing into the folder a build keeps for the next one (.cache/ocop)."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` so that a reader sees the whole file or none: workers write side by side,
    and a build stopped halfway must not leave half a file for the next one to reuse."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
