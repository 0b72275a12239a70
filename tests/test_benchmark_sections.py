"""BENCHMARKS.md holds sections that scripts write: rewriting one leaves the others as they are
(the Lighthouse writer once cut the search section that came after it)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.sections import write_section

LIGHTHOUSE = "<!-- lighthouse: benchmarks/lighthouse.py writes this section -->"
SEARCH = "<!-- search: benchmarks/search.py writes this section -->"


def test_a_script_rewrites_its_own_section_and_no_other(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Build benchmarks\n\nBy hand.\n", encoding="utf-8")
    write_section(report, LIGHTHOUSE, "## Lighthouse\n\nfirst run")
    write_section(report, SEARCH, "## Search\n\nfirst run")
    write_section(report, LIGHTHOUSE, "## Lighthouse\n\nsecond run")
    assert report.read_text(encoding="utf-8") == (
        f"# Build benchmarks\n\nBy hand.\n\n{LIGHTHOUSE}\n## Lighthouse\n\nsecond run\n\n"
        f"{SEARCH}\n## Search\n\nfirst run\n"
    )
