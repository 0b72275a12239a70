"""Checked records kept between builds, per producer folder, while its files are unchanged.

Reading and checking a record costs about half a millisecond; taking the result of an earlier
build back costs a tenth of that. A producer folder's entry is keyed by the contents of every
file in it and the build's fingerprint for records (the checks' code and libraries, and the day:
a certificate's expiry warning depends on it), so an edit anywhere in the folder, or a new day,
checks the folder again.

What is kept here is unpickled, so the folder must belong to the build machine: never restore
it from anything the records' authors can write (CI keeps a pull request's caches apart from
the main branch's).
"""

from __future__ import annotations

from pathlib import Path

from ..base.files import digest, write_atomically


class RecordCache:
    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.code = key  # what the checks are made of, and the day
        # Working out a key reads every file of the folder: once per folder and run, not again
        # when a folder that was not kept is put after it is checked.
        self.files: dict[Path, Path] = {}

    def _file(self, producer_folder: Path) -> Path:
        if producer_folder not in self.files:
            key = digest([self.code, str(producer_folder.resolve())], [producer_folder])
            self.files[producer_folder] = self.folder / producer_folder.name / f"{key}.pickle"
        return self.files[producer_folder]

    def get(self, producer_folder: Path) -> bytes | None:
        """What was kept for the folder as it is now, pickled, or None."""
        try:
            return self._file(producer_folder).read_bytes()
        except OSError:
            return None  # not kept

    def put(self, producer_folder: Path, pickled: bytes) -> None:
        """Keep ``pickled`` for the folder as it is now, and forget earlier versions of it."""
        target = self._file(producer_folder)
        for old in target.parent.glob("*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
        write_atomically(target, pickled)
