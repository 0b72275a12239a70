"""CODEOWNERS from each producer's ``maintainers``: every producer folder is reviewed by its
own people and by the province's editors.

`ocop codeowners` writes a block between two marker lines in ``.github/CODEOWNERS``; lines
outside the block (owners of the code, say) are kept as they are. `ocop validate` fails when the
block no longer matches the records, naming the producer and the line it should have.

The editors' team is read from the block's ``/products/`` line, so it is set once with
``ocop codeowners --editors @org/team`` and kept by every later run.

GitHub asks for a code owner's review only from accounts with write access to the repository:
a producer's maintainers are invited as collaborators (or to a team) when the folder is created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..records.problems import Problem
from ..records.schema import SLUG_RE, ProducerRecord
from ..records.validate import Source, check_record
from ..records.yamlsafe import YamlProblem, read_yaml

CODEOWNERS_FILE = ".github/CODEOWNERS"
DEFAULT_EDITORS = "@ocop-quang-ninh/editors"
BEGIN = "# >>> ocop codeowners: tạo bằng `ocop codeowners`, đừng sửa tay / generated, do not edit by hand"
END = "# <<< ocop codeowners"
OWNER_RE = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?$")
_PRODUCER_LINE = re.compile(r"^/products/([^/\s]+)/\s+(.*)$")


@dataclass(frozen=True)
class ProducerOwners:
    producer: str
    maintainers: tuple[str, ...] | None  # None when producer.yml cannot be read
    source: Source | None  # where `maintainers` is written, to point problems at it


@dataclass(frozen=True)
class CodeownersFile:
    before: list[str]
    block: list[str] | None  # None when the file has no generated block
    after: list[str]
    block_start: int  # line number of the BEGIN marker (1-based), 0 without a block

    @property
    def editors(self) -> str | None:
        for line in self.block or []:
            if line.startswith("/products/ "):
                return line.split()[1]
        return None

    def producer_lines(self) -> dict[str, tuple[int, str]]:
        """Each producer's line in the block, with its line number."""
        found = {}
        for offset, line in enumerate(self.block or [], start=1):
            if match := _PRODUCER_LINE.match(line):
                found[match.group(1)] = (self.block_start + offset, line)
        return found


def producer_owners(products: Path, only: str | None = None) -> list[ProducerOwners]:
    """The maintainers of each producer folder, read from its producer.yml."""
    owners = []
    for folder in sorted(products.iterdir() if products.is_dir() else []):
        if not folder.is_dir() or (only and folder.name != only):
            continue
        if not SLUG_RE.match(folder.name):
            continue  # not a valid producer id (the loader says so), and unsafe in CODEOWNERS
        owners.append(_read_owners(folder, products.parent))
    return owners


def _read_owners(folder: Path, root: Path) -> ProducerOwners:
    record_file = folder / "producer.yml"
    try:
        loaded = read_yaml(record_file)
    except (OSError, YamlProblem):
        return ProducerOwners(folder.name, None, None)
    source = Source(record_file, record_file.relative_to(root).as_posix(), loaded)
    parsed, _ = check_record(ProducerRecord, source)  # its problems are reported by the loader
    if parsed is None:
        return ProducerOwners(folder.name, None, source)
    return ProducerOwners(folder.name, tuple(parsed.record.maintainers), source)


def owners_line(producer: str, maintainers: tuple[str, ...], editors: str) -> str:
    accounts = [f"@{name}" for name in dict.fromkeys(maintainers)]
    return f"/products/{producer}/ {' '.join([*accounts, editors])}"


def render_block(owners: list[ProducerOwners], editors: str, kept: dict[str, str]) -> list[str]:
    """The generated block; a producer whose record cannot be read keeps its current line."""
    lines = [
        BEGIN,
        "# Mỗi thư mục cơ sở do chính cơ sở và biên tập viên của tỉnh duyệt.",
        "# Each producer folder is reviewed by its own maintainers and by the province's editors.",
        f"/products/ {editors}",
        f"/.github/ {editors}",
    ]
    for owner in owners:
        if owner.maintainers is not None:
            lines.append(owners_line(owner.producer, owner.maintainers, editors))
        elif owner.producer in kept:
            lines.append(kept[owner.producer])
    lines.append(END)
    return lines


def read_codeowners(path: Path) -> CodeownersFile:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    if BEGIN not in lines or END not in lines[lines.index(BEGIN) :]:
        return CodeownersFile(lines, None, [], 0)
    start = lines.index(BEGIN)
    end = lines.index(END, start)
    return CodeownersFile(lines[:start], lines[start + 1 : end], lines[end + 1 :], start + 1)


def write_codeowners(root: Path, editors: str | None = None) -> tuple[Path, bool]:
    """Write the block for every producer under ``root/products``; returns the file and whether
    it changed."""
    path = root / CODEOWNERS_FILE
    current = read_codeowners(path)
    team = editors or current.editors or DEFAULT_EDITORS
    kept = {producer: line for producer, (_, line) in current.producer_lines().items()}
    block = render_block(producer_owners(root / "products"), team, kept)
    before = current.before or [
        "# Người duyệt bắt buộc cho từng phần của kho / Required reviewers for each part of the repository.",
        "",
    ]
    text = "\n".join([*before, *block, *current.after]) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, True


def stale_problems(root: Path, only: str | None = None) -> list[Problem]:
    """Producers whose line in CODEOWNERS no longer matches their maintainers.

    A repository without the generated block has not opted in, and is not checked.
    """
    path = root / CODEOWNERS_FILE
    current = read_codeowners(path)
    if current.block is None:
        return []
    editors = current.editors or DEFAULT_EDITORS
    written = current.producer_lines()
    owners = producer_owners(root / "products", only)
    problems = []
    for owner in owners:
        if owner.maintainers is None:
            continue  # the loader explains why producer.yml cannot be read
        expected = owners_line(owner.producer, owner.maintainers, editors)
        if written.get(owner.producer, (0, ""))[1].split() == expected.split():
            continue
        params = {"file": CODEOWNERS_FILE, "producer": owner.producer, "expected": expected}
        if owner.source is not None:
            problems.append(owner.source.problem(("maintainers",), "codeowners_stale", **params))
        else:
            problems.append(Problem(CODEOWNERS_FILE, None, None, "", "codeowners_stale", params))
    if only is None:
        present = {owner.producer for owner in owners}
        for producer, (line, _) in written.items():
            if producer not in present:
                problems.append(
                    Problem(
                        CODEOWNERS_FILE,
                        line,
                        1,
                        "",
                        "codeowners_orphan",
                        {"file": CODEOWNERS_FILE, "producer": producer},
                    )
                )
    return problems
