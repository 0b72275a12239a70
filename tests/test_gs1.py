"""The site as GS1's own tools read it: every Digital Link it prints passes the grammar of GS1's
digital-link.js library, on the string exactly as printed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from . import sitebuild
from .sitebuild import ROOT, BuildResult

pytestmark = pytest.mark.e2e

NODE_MODULES = ROOT / ".venv" / "npm" / "node_modules"
CHECKER = Path(__file__).parent / "digital_link_check.js"
TEXT_FILES = {".html", ".json", ".xml", ".txt", ".csv", ""}


def gs1_check(uris: list[str]) -> dict[str, list[bool]]:
    """``{uri: [passes GS1's grammar as printed, its check digit is right]}``, from digital-link.js."""
    if shutil.which("node") is None or not (NODE_MODULES / "digital-link.js").is_dir():
        pytest.skip("GS1's digital-link.js is not installed (./dev.sh test installs it from npm)")
    done = subprocess.run(
        ["node", str(CHECKER)],
        input=json.dumps(uris),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        timeout=120,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return sitebuild.sample_site(tmp_path_factory)


def digital_links(site: BuildResult) -> set[str]:
    """Every Digital Link URI written anywhere in the built site: pages, codes' captions, open
    data, feeds, linksets, the host's redirect rules."""
    pattern = re.compile(re.escape(site.site_url.rstrip("/")) + r"/01/[^\s\"'<>)\]]*")
    found: set[str] = set()
    for file in site.site.rglob("*"):
        if file.is_file() and file.suffix in TEXT_FILES:
            found.update(pattern.findall(file.read_text(encoding="utf-8", errors="replace")))
    return found


def test_every_digital_link_in_the_site_passes_gs1s_grammar(site: BuildResult) -> None:
    links = digital_links(site)
    gtin = "08936041710252"
    printed = {site.absolute(f"01/{gtin}")} | {
        site.absolute(f"01/{gtin}/10/{lot}") for lot in ("QH260402", "QH260815", "QH261103")
    }
    assert printed <= links, "the codes of the sample's GTIN product are not all in the site"
    results = gs1_check(sorted(links))
    rejected = sorted(uri for uri, (grammar, digits) in results.items() if not (grammar and digits))
    assert rejected == []


def test_gs1s_grammar_rejects_what_it_should() -> None:
    """The check is not vacuous: the form printed before (trailing slash), a wrong check digit and
    a lot longer than GS1's 20 characters all fail."""
    base = "https://ocop.example.vn/01/"
    results = gs1_check(
        [
            base + "08936041710252/10/QH261103/",
            base + "08936041710253/10/QH261103",
            base + "08936041710252/10/QH2611030000000000000",
        ]
    )
    assert [all(result) for result in results.values()] == [False, False, False]
