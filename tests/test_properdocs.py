"""MkDocs 1.x is unmaintained; ProperDocs, its maintained drop-in fork, must keep building the
site exactly as MkDocs does (the `generator` meta tag names the engine, nothing else differs), so
that switching is a change of command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .sitebuild import sample_site, snapshot

GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_sample_site_as_mkdocs_does(tmp_path_factory: pytest.TempPathFactory) -> None:
    mkdocs = sample_site(tmp_path_factory)
    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    assert properdocs, "properdocs is installed with the test dependencies"
    output = tmp_path_factory.mktemp("properdocs") / "site"
    done = subprocess.run(
        [properdocs, "build", "-q", "-f", str(mkdocs.config_file), "-d", str(output)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(snapshot(output)) == sorted(snapshot(mkdocs.site))
    differing = []
    for name in snapshot(output):
        ours, theirs = (mkdocs.site / name).read_bytes(), (output / name).read_bytes()
        if GENERATOR_META.sub(b"", ours) != GENERATOR_META.sub(b"", theirs):
            differing.append(name)
    assert differing == []
    assert b"ProperDocs" in (output / "index.html").read_bytes()
