"""The site folder, written as a sync tool would want it: a file is written only when its bytes
differ from what is there, and a file the build no longer makes is removed.

A deploy that uploads the output with a sync tool (or a CDN that compares files) then sends only
what changed, and a build after a one-line change writes a few dozen files instead of the whole
site. What the previous build wrote into a folder is kept in a *manifest* in the build's cache:
every file with its size, modification time and the digest of its bytes, so that nothing is read
back from the site folder; a file is trusted to hold what the manifest says only while its size
and modification time are still the ones recorded (a file changed or replaced since is written
again).

Files are grouped in *units*, each with a key saying what its files were made from: a producer's
pages, photos and documents (the page cache's key of its records, the build's code, settings and
day, and the shells), a page of the whole catalog (the part of the catalog it reads and its
cards), the open data made from every record (each producer's part of it), a search bundle (the
digest of its records). A unit whose key is unchanged and whose files are all still as recorded
is *kept*: not made, not read, not written. The others are made and each of their files
compared with what the manifest recorded for it.

Files of a unit the build no longer has, and files a unit no longer makes, are removed: a product
taken out of the records takes its files with it, but for what the permalink ledger still
promises (its pages become redirects, which this build makes). The manifest is signed with the
runner's key (base/files.py): a planted one could otherwise make a build keep a file it should
write.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..base.files import Seal

log = logging.getLogger(__name__)

# A file as written: its size, modification time (ns) and the digest of its bytes.
Entry = tuple[int, int, bytes]
SHARED = ""  # the unit of files every build makes again (listings, documents, the engine's files)
_KEPT = 4  # manifests kept in the cache, of the folders most recently built into


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass
class Unit:
    """The files one part of the build made, with what they were made from (``key``) and
    whatever the build keeps with them for the next one (``extra``: a producer's cards)."""

    key: str = ""
    files: dict[str, Entry] = field(default_factory=dict)
    extra: object = None


def manifest_path(cache: Path, root: Path) -> Path:
    """Where the manifest of the output folder ``root`` is kept in the cache folder ``cache``."""
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return cache / f"{name}.manifest"


class Output:
    """Files written under ``root``, compared with the manifest of the previous build into it.

    ``current`` names the unit the next files belong to. A part of the work (a worker forked
    from the build's process) writes with an output of its own (``apart``) and hands back what
    it made and wrote, which the build's output adds to its own (``merge``); ``finish`` removes
    what this build did not make and keeps the manifest.
    """

    def __init__(self, root: Path, previous: dict[str, Unit] | None = None):
        self.root = root
        # Paths are joined to it by hand: os.path.join and relpath cost seconds over the
        # national site's 765,000 files.
        self._prefix = os.path.join(root, "")
        self.previous = previous  # None: no manifest, so whatever is in the folder is unknown
        self.made: dict[str, Unit] = {}
        self.current = SHARED
        self.written = 0  # files written, the others were as the manifest says
        self._folders: set[str] = set()

    @classmethod
    def load(cls, root: Path, manifest: Path, seal: Seal) -> Output:
        """The output folder ``root`` with the manifest its previous build left, if it is whole
        and signed by this runner."""
        previous = None
        data = seal.read(manifest)
        if data is not None:
            try:
                previous = pickle.loads(data)
            except Exception as error:  # one of ours, but kept by other code
                log.debug("output manifest %s is discarded (%s); every file is written", manifest, error)
        return cls(root, previous)

    def apart(self) -> Output:
        """An output for a part of the work: the same folder and manifest, nothing made yet."""
        part = Output(self.root, self.previous)
        part._folders = self._folders
        return part

    def unit(self, name: str) -> Unit:
        return self.made.setdefault(name, Unit())

    @contextmanager
    def making(self, name: str, key: str) -> Iterator[None]:
        """The files written meanwhile are the unit ``name``, made from ``key``; then the shared
        unit's again."""
        self.current = name
        self.unit(name).key = key
        try:
            yield
        finally:
            self.current = SHARED

    def _previous(self, path: str) -> Entry | None:
        if self.previous is None:
            return None
        unit = self.previous.get(self.current)
        return unit.files.get(path) if unit else None

    def _target(self, path: str) -> str:
        target = self._prefix + path
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def _unchanged(self, target: str, digest: bytes, entry: Entry | None) -> bool:
        if entry is None or entry[2] != digest:
            return False
        try:
            info = os.stat(target)
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == entry[:2]

    def write(self, path: str, content: str | bytes) -> None:
        """Have the file at ``path`` (relative to the root) hold ``content``."""
        data = content.encode() if isinstance(content, str) else content
        digest = _digest(data)
        target = self._target(path)
        entry = self._previous(path)
        if not self._unchanged(target, digest, entry):
            with open(target, "wb") as stream:
                stream.write(data)
                stream.flush()
                info = os.fstat(stream.fileno())
            entry = (info.st_size, info.st_mtime_ns, digest)
            self.written += 1
        assert entry is not None
        self.unit(self.current).files[path] = entry

    def write_pieces(self, path: str, pieces: Iterable[str]) -> None:
        """Have the file at ``path`` hold the text of ``pieces``, written as they come (a
        document too large to hold whole): beside it first, and in its place if it differs."""
        target = self._target(path)
        temporary = f"{target}.{os.getpid()}.tmp"
        digest = hashlib.blake2b(digest_size=16)
        with open(temporary, "wb") as stream:
            for piece in pieces:
                data = piece.encode()
                digest.update(data)
                stream.write(data)
            stream.flush()
            info = os.fstat(stream.fileno())
        entry = self._previous(path)
        if self._unchanged(target, digest.digest(), entry):
            os.unlink(temporary)
        else:
            os.replace(temporary, target)
            entry = (info.st_size, info.st_mtime_ns, digest.digest())
            self.written += 1
        assert entry is not None
        self.unit(self.current).files[path] = entry

    def copy(self, path: str, source: Path) -> None:
        self.write(path, source.read_bytes())

    def keep(self, name: str, key: str) -> bool:
        """Keep the unit ``name`` as the previous build left it, if it was made from the same
        ``key`` and each of its files is still as recorded; else say it must be made."""
        unit = self.previous.get(name) if self.previous is not None else None
        if unit is None or unit.key != key:
            return False
        for path, (size, mtime, _) in unit.files.items():
            try:
                info = os.stat(self._prefix + path)
            except OSError:
                return False
            if (info.st_size, info.st_mtime_ns) != (size, mtime):
                return False
        self.made[name] = unit
        return True

    def kept_extra(self, name: str) -> object:
        """What the previous build kept with the unit ``name``, if it had the unit."""
        unit = self.previous.get(name) if self.previous is not None else None
        return unit.extra if unit else None

    def merge(self, made: dict[str, Unit], written: int) -> None:
        """Add the units (or parts of units) a part of the work made, and wrote ``written`` files of."""
        self.written += written
        for name, unit in made.items():
            mine = self.unit(name)
            # A file two parts both write is recorded with one part's time and holds the other's:
            # every later build would find it changed and write it again.
            twice = mine.files.keys() & unit.files.keys()
            assert not twice, f"written by two parts of the work: {sorted(twice)[:3]}"
            mine.files.update(unit.files)
            mine.key = mine.key or unit.key
            mine.extra = mine.extra if mine.extra is not None else unit.extra

    def remove(self, path: str) -> None:
        """Forget a file this build made after all (a staging file consumed by another)."""
        for unit in self.made.values():
            unit.files.pop(path, None)

    def finish(self, manifest: Path, seal: Seal) -> int:
        """Remove the files of the previous build that this one did not make, and keep the
        manifest of this one for the next; returns how many files were removed."""
        made = {path for unit in self.made.values() for path in unit.files}
        if self.previous is not None:
            stale = {path for unit in self.previous.values() for path in unit.files} - made
        else:  # what the folder holds is unknown: all of it but what this build made goes
            stale = {
                os.path.join(folder, name)[len(self._prefix) :]
                for folder, _, names in os.walk(self._prefix)
                for name in names
            } - made
        for path in stale:
            target = self._prefix + path
            try:
                os.unlink(target)
            except FileNotFoundError:
                continue
            _remove_empty_folders(os.path.dirname(target), str(self.root))
        # Not compressed: at national scale zlib's fastest level took 1.5 s of each build to
        # compress and decompress 226 MB into 43 MB, more than writing and reading them.
        seal.write(manifest, pickle.dumps(self.made, protocol=pickle.HIGHEST_PROTOCOL))
        _forget_other_manifests(manifest)
        return len(stale)


def _remove_empty_folders(folder: str, root: str) -> None:
    while os.path.normpath(folder) != os.path.normpath(root):
        try:
            os.rmdir(folder)
        except OSError:  # not empty, or gone
            return
        folder = os.path.dirname(folder)


def _forget_other_manifests(kept: Path) -> None:
    """Keep the manifests of the few folders most recently built into (a preview, a test's
    folder and the site share the cache), the others go."""
    manifests = sorted(kept.parent.glob("*.manifest"), key=lambda p: p.stat().st_mtime)
    for old in manifests[:-_KEPT]:
        if old != kept:
            old.unlink(missing_ok=True)
