"""What someone running the project sees: `./dev.sh`'s usage and the commands it passes on, what it
says before it installs anything, and a build's output that tells at a glance whether it worked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.records.loader import load_catalog

from .conftest import ROOT, SAMPLE_PRODUCTS, TODAY, Records
from .sitebuild import NO_LEDGER, write_config

DEV_SH = ROOT / "dev.sh"
BASH = shutil.which("bash") or "/bin/bash"


def dev_sh(*args: str, path: str | None = None, script: Path = DEV_SH) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [BASH, str(script), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_usage_lists_the_commands_and_nothing_of_the_script() -> None:
    done = dev_sh()
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    for command in ("build", "serve", "test", "validate", "ocop new product"):
        assert any(f"./dev.sh {command}" in line for line in lines), command
    assert not any(word in done.stdout for word in ("set -euo", "#!/", 'cd "$(dirname')), done.stdout
    assert dev_sh("--help").returncode == 0


def test_other_commands_run_inside_the_environment() -> None:
    done = dev_sh("ocop", "new", "--help")
    assert done.returncode == 0, done.stderr
    assert "producer" in done.stdout and "batch" in done.stdout


def test_an_unknown_command_is_refused_with_the_usage() -> None:
    done = dev_sh("biuld")
    assert done.returncode == 2
    assert "unknown command: biuld" in done.stderr and "./dev.sh build" in done.stderr


def test_tools_says_what_it_installs_and_why_before_installing(tmp_path: Path) -> None:
    """On a machine without the test tools, `./dev.sh tools` names each Debian package and why the
    tests need it before apt-get starts (here a stand-in that only reports how it was called)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dev.sh", "package-lock.json"):
        shutil.copy(ROOT / name, project / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("awk", "sed", "cut", "sha256sum", "cat", "dirname", "id", "grep", "mkdir"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    stand_ins = {
        "apt-get": 'echo "CALLED apt-get $*" >&2',
        "npm": 'echo "CALLED npm $*" >&2; mkdir -p node_modules',
        "sudo": 'exec "$@"',
    }
    for name, body in stand_ins.items():
        (bin_dir / name).write_text(f"#!{BASH}\n{body}\n")
        (bin_dir / name).chmod(0o755)
    done = dev_sh("tools", path=str(bin_dir), script=project / "dev.sh")
    assert done.returncode == 0, done.stderr
    said = done.stderr.splitlines()
    first_call = next(n for n, line in enumerate(said) if line.startswith("CALLED apt-get"))
    before = "\n".join(said[:first_call])
    assert "installing Debian packages with apt-get" in before
    for package, why in (
        ("chromium", "browser tests"),
        ("poppler-utils", "PDF"),
        ("zbar-tools", "QR codes"),
        ("default-jre-headless", "Nu Html Checker"),
    ):
        assert any(line.strip().startswith(f"{package}:") and why in line for line in said[:first_call]), (
            package
        )
    install = next(line for line in said if line.startswith("CALLED apt-get install"))
    assert "chromium" in install.split() and "zbar-tools" in install.split()
    assert "Nu Html Checker" in "\n".join(
        said[: said.index("CALLED npm ci --ignore-scripts --no-audit --no-fund --loglevel=error")]
    )


def build_output(tmp_path: Path, records: Records, *flags: str) -> str:
    config = write_config(tmp_path, records.products, ledger=NO_LEDGER)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), *flags],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_a_build_counts_the_records_warnings_in_one_line(tmp_path: Path, records: Records) -> None:
    records.minimal()
    records.product(summary={"vi": "Nụ hoa trà vàng hái dưới tán rừng Ba Chẽ."})  # no English
    # Besides: a catalog written for a test has no permalink ledger.
    output = build_output(tmp_path, records)
    lines = [line for line in output.splitlines() if "warning" in line.lower()]
    assert len(lines) == 1, output
    assert "2 cảnh báo trong hồ sơ / warnings in the records (" in lines[0]
    assert "1 missing_translation" in lines[0] and "1 ledger_missing" in lines[0]
    assert "./dev.sh validate" in lines[0]
    assert "  vi: " not in output
    verbose = build_output(tmp_path, records, "--verbose")
    assert "product.yml:" in verbose and "[summary]" in verbose
    assert "en: There is no English text (en) yet" in verbose


def test_the_sample_build_warns_only_about_what_it_shows_on_purpose() -> None:
    """The sample's warnings are its Vietnamese-only household business (the English pages show
    how untranslated text is marked) and certificates due for renewal or expired (the pages say
    so): every other record has its English."""
    loaded = load_catalog(SAMPLE_PRODUCTS, today=TODAY)
    untranslated = {Path(p.file).parts[1] for p in loaded.warnings if p.code == "missing_translation"}
    assert untranslated == {"hkd-cha-muc-hong-gai"}
    assert {p.code for p in loaded.warnings} <= {"missing_translation", "ocop_expiring", "ocop_expired"}
