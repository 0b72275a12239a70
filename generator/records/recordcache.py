"""Checked records kept between builds, per producer folder, while its files are unchanged.

Reading and checking a record costs about half a millisecond; taking the result of an earlier
build back costs a tenth of that. A producer folder's entry is keyed by the contents of every
file in it and the build's fingerprint for records (the checks' code and libraries, and the day:
a certificate's expiry warning depends on it), so an edit anywhere in the folder, or a new day,
checks the folder again.

What is kept here is unpickled, which runs code: an entry is read only when it carries the
signature of this runner's key (``Seal``), so a planted or damaged file is a miss.
"""

from __future__ import annotations

from pathlib import Path

from ..base.files import Seal, digest


class RecordCache:
    def __init__(self, folder: Path, key: str, seal: Seal | None = None):
        self.folder = folder
        self.code = key  # what the checks are made of, and the day
        self.seal = seal or Seal.beside(folder)
        # Working out a key reads every file of the folder: once per folder and run, not again
        # when a folder that was not kept is put after it is checked.
        self.files: dict[Path, Path] = {}

    def _file(self, producer_folder: Path) -> Path:
        if producer_folder not in self.files:
            key = digest([self.code, str(producer_folder.resolve())], [producer_folder])
            self.files[producer_folder] = self.folder / producer_folder.name / f"{key}.pickle"
        return self.files[producer_folder]

    def contents(self, producer_folder: Path) -> str:
        """The digest of every file in the folder as it is now (with the checks' code and day)."""
        return self._file(producer_folder).stem

    def get(self, producer_folder: Path) -> bytes | None:
        """What was kept for the folder as it is now, pickled, or None."""
        return self.seal.read(self._file(producer_folder))

    def put(self, producer_folder: Path, pickled: bytes) -> None:
        """Keep ``pickled`` for the folder as it is now, and forget earlier versions of it."""
        target = self._file(producer_folder)
        for old in target.parent.glob("*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
        self.seal.write(target, pickled)
