"""Sections of BENCHMARKS.md that a script writes: each starts with the script's marker (an HTML
comment naming it) and ends where the next marker starts, or at the end of the file. A script
replaces its own section, or adds it at the end, and leaves every other part as it is."""

from __future__ import annotations

from pathlib import Path

_MARKER_START = "<!-- "


def write_section(path: Path, marker: str, text: str) -> None:
    """Replace the section after ``marker`` in ``path`` with ``text`` (or add it at the end)."""
    document = path.read_text(encoding="utf-8") if path.exists() else ""
    before, found, after = document.partition(marker)
    if not found:
        before, after = document, ""
    following = after.find("\n" + _MARKER_START)  # the next script's section, if any
    rest = after[following:].lstrip("\n") if following != -1 else ""
    parts = [before.rstrip("\n"), f"{marker}\n{text.strip()}", rest.rstrip("\n")]
    path.write_text("\n\n".join(part for part in parts if part) + "\n", encoding="utf-8")
