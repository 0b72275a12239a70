"""Every page of the built site is valid HTML, as the Nu Html Checker (vnu) reads it: the
checker that browsers' makers and the W3C use, from npm, on Debian's Java (./dev.sh tools)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from . import sitebuild
from .conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (VNU.is_file() and JAVA), reason="./dev.sh tools installs Java and vnu-jar"),
]


def nu_errors(*folders: Path) -> list[str]:
    """The checker's errors on every HTML file below ``folders``, one line each."""
    assert JAVA is not None
    done = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stderr or done.stdout)
    return [
        f"{message.get('url', '')}:{message.get('lastLine', '?')}: {message['message']}"
        for message in report["messages"]
        if message["type"] in ("error", "non-document-error")
    ]


def test_every_page_is_valid_html(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The sample site and the one with records full of markup: product, batch, producer and
    listing pages, label sheets, redirects, the 404 page and the hand-written pages."""
    sample = sitebuild.sample_site(tmp_path_factory)
    hostile = sitebuild.hostile_site(tmp_path_factory)
    pages = [page for build in (sample, hostile) for page in build.site.rglob("*.html")]
    assert len(pages) > 300
    assert {"labels", "404.html"} <= {part for page in pages for part in page.parts}
    assert nu_errors(sample.site, hostile.site) == []
