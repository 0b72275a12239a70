"""The generator's stages import only from the stages before them, and only the adapter imports
the site engine (README, "How it is built"): swapping MkDocs for another engine is then a new
adapter, and a stage can be read without the ones after it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# Each stage, and the stages it may import from; the tools stand beside them all.
MAY_IMPORT = {
    "base": set(),
    "records": {"base"},
    "site": {"base", "records"},
    "build": {"base", "records", "site"},
    "adapter": {"base", "records", "site", "build"},
    "tools": {"base", "records", "site", "build", "adapter"},
}
ENGINES = ("mkdocs", "material", "properdocs")


def imports(module: Path) -> list[tuple[int, str]]:
    """Every module ``module`` imports (at any depth of its code), as absolute dotted names."""
    package = module.relative_to(GENERATOR.parent).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            name = ".".join((*base, node.module or "")).strip(".")
            found += [(node.lineno, f"{name}.{alias.name}" if not node.module else name) for alias in node.names]
    return found


MODULES = sorted(p for p in GENERATOR.rglob("*.py") if p.parent != GENERATOR)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(GENERATOR).as_posix())
def test_a_stage_imports_only_from_the_stages_before_it(module: Path) -> None:
    stage = module.relative_to(GENERATOR).parts[0]
    for line, name in imports(module):
        parts = name.split(".")
        if parts[0] == "generator" and len(parts) > 1 and parts[1] in MAY_IMPORT:
            assert parts[1] == stage or parts[1] in MAY_IMPORT[stage], f"{module.name}:{line} imports {name}"
        if parts[0] in ENGINES:
            assert stage == "adapter", f"{module.name}:{line} imports the site engine ({name})"


def test_the_walk_sees_the_imports_it_judges() -> None:
    """The adapter's imports are found, relative and absolute: the test above is not vacuous."""
    names = {name for _, name in imports(GENERATOR / "adapter" / "plugin.py")}
    assert "mkdocs.plugins" in names
    assert "generator.build.bulk" in names and "generator.site.kinds" in names
