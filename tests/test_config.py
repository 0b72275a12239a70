"""The ocop plugin's options: a wrong value is refused in one line that names the option, by
`mkdocs build` itself, with no traceback and nothing built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import SAMPLE_PRODUCTS
from .sitebuild import write_config

VI = {"code": "vi", "name": "Tiếng Việt"}


def refused(tmp_path: Path, options: dict[str, Any], settings: dict[str, Any] | None = None) -> str:
    """The one line in which `mkdocs build` refuses the configuration."""
    config = write_config(tmp_path, SAMPLE_PRODUCTS, options=options, settings=settings)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"},
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists(), "nothing is built"
    errors = [line for line in output.splitlines() if line.startswith(("ERROR", "Error"))]
    assert len(errors) == 1, output
    return errors[0]


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"languages": [VI, {"code": "en"}]}, "option 'languages': Sub-option 'name': Required"),
        (
            {"languages": [VI, {"code": "xx", "name": "Xx"}]},
            "option 'languages': Sub-option 'code': no interface words for 'xx'",
        ),
        ({"languages": [VI, {"code": "English", "name": "English"}]}, "'English' is not a language code"),
        ({"languages": [VI, {"code": "vi", "name": "Việt"}]}, "option 'languages': 'vi' is listed twice"),
        (
            {"languages": [VI, {"code": "en", "name": "English", "fallback": ["zh"]}]},
            "'en' falls back on 'zh', which is not one of the site's languages",
        ),
        ({"languages": "vi"}, "option 'languages': Expected a list"),
        ({"today": "2026-13-45"}, "option 'today': '2026-13-45' is not a date written YYYY-MM-DD"),
        ({"listing_page_size": 0}, "option 'listing_page_size': must be at least 1"),
        ({"labels": "yes please"}, "option 'labels'"),
    ],
)
def test_a_wrong_option_is_refused_in_one_line(tmp_path: Path, options: dict[str, Any], says: str) -> None:
    assert says in refused(tmp_path, options)


def test_a_theme_feature_that_cannot_work_in_a_shell_is_refused(tmp_path: Path) -> None:
    theme = {"name": "material", "custom_dir": "theme", "language": "vi", "features": ["navigation.footer"]}
    line = refused(tmp_path, {}, settings={"theme": theme})
    assert "theme feature 'navigation.footer'" in line and "remove it from theme.features" in line


def test_the_repositorys_own_configuration_builds_as_of_the_real_day() -> None:
    """`./dev.sh build` and the daily workflow give no "today": the build takes Vietnam's."""
    from mkdocs.config import load_config

    from .sitebuild import CONFIG_FILE

    config = load_config(str(CONFIG_FILE))
    assert config.plugins["ocop"].config.today is None  # type: ignore[attr-defined]
