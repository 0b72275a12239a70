"""The build benchmark: our site against a plain Material build (baseline) and plain Jinja2 (floor).

    .venv/bin/python -m benchmarks.run                  # 100, 1,000, 5,000 and 18,000 products
    .venv/bin/python -m benchmarks.run --quick          # 100 and 1,000 products
    .venv/bin/python -m benchmarks.run --disk --warm    # on the real disk, with the everyday builds
    .venv/bin/python -m benchmarks.run --sizes 100,5000 --out BENCHMARKS.md

For each size it generates a synthetic catalog (``benchmarks/synth.py``, 5 batches per product,
reused while unchanged) under ``--workdir`` (default ``/dev/shm/ocop-bench``, tmpfs; with
``--disk``, ``/var/tmp/ocop-bench`` on the real disk, where creating a file costs what it costs
on a CI runner and dominates a large build), then measures, one after the other, in subprocesses:

- ours: ``mkdocs build`` with the repository's ``mkdocs.yml``, only paths made absolute, the
  records pointed at the catalog, ``today`` fixed and an empty QR cache (a cold, full build);
- baseline: a plain Material build of the same number of pages, with the same text as
  Markdown, the repository's theme settings and Markdown extensions, search as the only plugin
  and a navigation that lists four pages (``benchmarks/baseline.py``);
- floor: the same number of pages rendered with plain Jinja2 and written to disk
  (``benchmarks/floor.py``).

It prints the ratios and writes the tables, the page weights of the sample site
(``benchmarks/weights.py``) and the machine it ran on to ``--out`` (default ``BENCHMARKS.md``;
with ``--quick`` the default is ``<workdir>/BENCHMARKS-quick.md``, so that a quick check never
overwrites the full table). A size whose build would, extrapolated linearly from the previous
size, take longer than ``--budget`` seconds or not fit in memory and on the work folder is
skipped, and the report says so.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from . import baseline, synth
from .measure import MB, Measurement, Output, discard, empty_discarded, measure, scan, written_since
from .weights import GZIP_LEVEL, Weight, page_weight, pick_pages

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1000, 5000, 18000)
TMPFS_WORKDIR = Path("/dev/shm/ocop-bench")  # memory: writing a file is nearly free
DISK_WORKDIR = Path("/var/tmp/ocop-bench")  # the real disk, as a CI runner builds
QUICK_SIZES = (100, 1000)
TODAY = synth.TODAY.isoformat()
# Pages of the sample catalog used for the page weights (the first product and batch otherwise).
WEIGHT_PAGES = ["p/ruou-ba-kich-ba-che/", "p/ruou-ba-kich-ba-che/BK-2610/"]
TARGET_SPEEDUP = 3.0  # per page, at least 3× faster than the Material baseline
TARGET_FLOOR = 3.0  # per page, within 3× of the Jinja2 floor
TARGET_18K_S = 300
TARGET_18K_MB = 2048


# --- Configuration of our build -------------------------------------------------------------


def snapshot(dest: Path) -> str:
    """Copy the working tree (tracked and untracked files that git does not ignore) to ``dest``,
    so that every build of the run measures the same code even if the tree changes meanwhile."""
    clean(dest)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copied = 0
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied += 1
    return f"{copied} files copied to {dest}"


def write_our_config(folder: Path, records: Path, site: Path, cache: Path, code: Path) -> Path:
    """The mkdocs.yml of ``code`` (the repository or its snapshot) with absolute paths, the given
    records and a fixed today."""
    # MkDocs' own reader: mkdocs.yml holds tags such as !ENV, which it resolves.
    data: dict[str, Any] = yaml_load((code / "mkdocs.yml").read_text(encoding="utf-8"))
    data["docs_dir"] = str((code / data.get("docs_dir", "docs")).resolve())
    data["site_dir"] = str(site)
    theme = data["theme"]
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((code / theme["custom_dir"]).resolve())
    plugins: list[Any] = data.get("plugins", [])
    for index, entry in enumerate(plugins):
        if entry == "ocop":
            plugins[index] = entry = {"ocop": {}}
        if isinstance(entry, dict) and "ocop" in entry:
            options = entry["ocop"] = dict(entry["ocop"] or {})
            options["records"] = str(records)
            options["today"] = TODAY
            options["cache_dir"] = str(cache)
            break
    else:
        raise SystemExit("mkdocs.yml has no ocop plugin")
    # The ledger (permalinks.tsv) is looked up next to this file, where synth wrote it.
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def build_env(code: Path) -> dict[str, str]:
    """The environment of a build: our package imported from ``code`` (the snapshot) first."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    if code != ROOT:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH", "")]))
    return env


def mkdocs_build(config_file: Path, timeout: float | None, code: Path = ROOT) -> Measurement:
    env = build_env(code)
    return measure(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
        cwd=config_file.parent,
        env=env,
        timeout=timeout,
    )


def clean(*paths: Path) -> None:
    """Out of the way of the next build, deleted once no build is timed (measure.discard)."""
    discard(*paths)


# --- Results ----------------------------------------------------------------------------------


@dataclass
class Build:
    name: str
    ok: bool
    wall_s: float
    cpu_s: float
    peak_mb: float
    output: Output
    note: str = ""
    pss_mb: float = 0.0  # the tree's proportional set size: shared pages counted once
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return self.output.pages

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.wall_s / self.pages if self.pages else float("nan")

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else float("nan")

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else float("nan")


@dataclass
class SizeResult:
    products: int
    manifest: dict[str, Any]
    generate_s: float
    builds: dict[str, Build] = field(default_factory=dict)
    skipped: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def ratio(self, a: str, b: str, cpu: bool = False) -> float | None:
        """How many times longer ``a`` takes per page than ``b`` (wall time, or CPU time)."""
        x, y = self.builds.get(a), self.builds.get(b)
        if not x or not y or not x.ok or not y.ok or not x.pages or not y.pages:
            return None
        if cpu:
            return x.cpu_ms_per_page / y.cpu_ms_per_page
        return x.ms_per_page / y.ms_per_page


@dataclass
class Seen:
    """The last successful build of one kind: what the next size is extrapolated from."""

    products: int
    build: Build
    manifest: dict[str, Any]


def _build_from(name: str, m: Measurement, site: Path) -> Build:
    output = scan(site) if site.is_dir() else Output()
    note = ""
    if not m.ok:
        tail = (m.stderr.strip().splitlines() or ["(no output)"])[-1][:300]
        note = f"timed out after {m.wall_s:.0f} s" if m.timed_out else f"failed (exit {m.returncode}): {tail}"
    return Build(name, m.ok, m.wall_s, m.cpu_s, m.peak_mb, output, note, pss_mb=m.pss_mb)


@contextlib.contextmanager
def _one_batch_changed(records: Path) -> Iterator[None]:
    """A producer corrects one batch (its quantity) between two builds; put back afterwards so
    that the catalog stays the one its manifest describes."""
    batch = min(records.glob("*/*/batches/*.yml"))
    original = batch.read_bytes()
    text = original.decode("utf-8")
    amount = re.search(r"^  amount: (\d+)$", text, re.MULTILINE)
    assert amount, f"{batch} has no quantity to change"
    changed = text[: amount.start(1)] + str(int(amount[1]) + 1) + text[amount.end(1) :]
    batch.write_text(changed, encoding="utf-8")
    try:
        yield
    finally:
        batch.write_bytes(original)


def _not_run(name: str, reason: str) -> Build:
    return Build(name, False, 0.0, 0.0, 0.0, Output(), reason)


def _catalog_weight(site: Path) -> dict[str, float]:
    page = site / "catalog" / "index.html"
    if not page.is_file():
        return {}
    w = page_weight(site, "catalog/")
    search = site / "search" / "search_index.json"
    return {
        "catalog_html_kb": w.html_raw / 1024,
        "catalog_html_gz_kb": w.html_gz / 1024,
        "search_index_mb": search.stat().st_size / MB if search.is_file() else 0.0,
        "search_first_visit_gz_kb": w.search_gz / 1024,
    }


# --- Feasibility --------------------------------------------------------------------------------


def _available_memory() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _is_tmpfs(path: Path) -> bool:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    best, fstype = "", ""
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) > 2 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype == "tmpfs"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def feasibility(seen: Seen | None, size: int, budget: float, workdir: Path) -> str:
    """Why a build of ``size`` products should not run, extrapolated linearly from the last
    size it ran at: too long for the budget, or too big for the memory and the work folder."""
    if seen is None:
        return ""
    last = seen.build
    scale = size / seen.products
    est_s, est_mb, est_out = last.wall_s * scale, last.peak_mb * scale, last.output.bytes * scale
    reasons = []
    if est_s > budget:
        reasons.append(f"it would take about {_duration(est_s)} (budget {_duration(budget)})")
    free = shutil.disk_usage(workdir).free
    if est_out > 0.9 * free:
        reasons.append(f"its output would be about {est_out / 2**30:.1f} GB ({free / 2**30:.1f} GB free)")
    memory = _available_memory()
    tmpfs = _is_tmpfs(workdir)
    need = est_mb * MB + (est_out if tmpfs else 0)
    if memory and need > 0.85 * memory:
        reasons.append(
            f"it would need about {need / 2**30:.1f} GB of memory (peak {est_mb / 1024:.1f} GB"
            + (f" + {est_out / 2**30:.1f} GB of output on tmpfs" if tmpfs else "")
            + f"; {memory / 2**30:.1f} GB available)"
        )
    if not reasons:
        return ""
    return f"not run: extrapolated linearly from {seen.products:,} products, " + "; ".join(reasons)


# --- One size -------------------------------------------------------------------------------------


def _best(name: str, runs: int, once: Any) -> Build:
    """The fastest of ``runs`` runs of ``once()`` (each returns a Build); a failure ends it."""
    best: Build | None = None
    for _ in range(max(1, runs)):
        build: Build = once()
        if not build.ok:
            return build
        if best is None or build.wall_s < best.wall_s:
            best = build
    assert best is not None
    if runs > 1:
        best.note = f"fastest of {runs}"
    return best


def run_size(size: int, args: argparse.Namespace, seen: dict[str, Seen]) -> SizeResult:
    workdir: Path = args.workdir
    folder = workdir / str(size)
    reasons = {
        name: "not run: left out with --skip"
        if name in args.skip
        else ("" if args.force else feasibility(seen.get(name), size, args.budget, workdir))
        for name in ("ours", "baseline", "floor")
    }
    if all(reasons.values()):
        reason = reasons["ours"] + " (and the baseline and floor likewise)"
        print(f"\n== {size:,} products: {reason}", flush=True)
        return SizeResult(size, {}, 0.0, skipped=reason)
    print(f"\n== {size:,} products", flush=True)
    started = time.perf_counter()
    manifest = synth.generate(folder, size, args.seed, force=args.regenerate)
    generate_s = time.perf_counter() - started
    state = "reused" if manifest.get("reused") else f"generated in {generate_s:.1f} s"
    print(
        f"   catalog: {manifest['producers']:,} producers, {manifest['products']:,} products, "
        f"{manifest['batches']:,} batches ({state})",
        flush=True,
    )
    result = SizeResult(size, manifest, generate_s)
    records = folder / "products"

    # Ours: a cold build (empty QR cache), as on a fresh CI runner.
    site, cache = folder / "site", folder / "cache"
    config_file = write_our_config(folder, records, site, cache, args.code)
    if reasons["ours"]:
        ours = _not_run("ours", reasons["ours"])
    else:

        def once_ours() -> Build:
            clean(site, cache)
            return _build_from("ours", mkdocs_build(config_file, args.timeout, args.code), site)

        ours = _best("ours", args.repeat, once_ours)
        ours.extra.update(_catalog_weight(site))
    result.builds["ours"] = ours
    _print_build(ours)
    if ours.ok and args.warm:

        def again(key: str, name: str) -> None:
            since = time.time()
            build = _build_from(name, mkdocs_build(config_file, args.timeout, args.code), site)
            build.extra["written"] = written_since(site, since)
            result.builds[key] = build
            _print_build(build)

        # The everyday builds, with the previous output and every cache kept, as the deploy
        # workflow keeps them: nothing changed, then one record changed since the last build.
        again("ours_same", "ours, nothing changed")
        with _one_batch_changed(records):
            again("ours_warm", "ours, one batch changed")
        # Every record checked and every page rendered again, QR codes and photos from their caches.
        if "rendered" not in args.skip:
            clean(site, cache / "pages", cache / "records")
            again("ours_render", "ours, all pages rendered, warm QR and photo caches")
    if not args.keep:
        clean(site, cache)

    if ours.ok and ours.pages:
        pages = ours.pages
    else:
        pages = _expected_pages(manifest, seen.get("ours"))
        result.extra["pages_estimated"] = pages
        print(f"   (our build did not run: the comparisons make an estimated {pages:,} pages)", flush=True)

    # Baseline: plain Material, the same number of pages.
    base_dir = folder / "baseline"
    if reasons["baseline"]:
        base = _not_run("baseline", reasons["baseline"])
    else:
        started = time.perf_counter()
        written = baseline.write_baseline(records, base_dir, pages, args.code)
        result.extra["baseline_setup_s"] = time.perf_counter() - started

        def once_base() -> Build:
            clean(base_dir / "site")
            return _build_from(
                "baseline", mkdocs_build(base_dir / "mkdocs.yml", args.timeout), base_dir / "site"
            )

        base = _best("baseline", args.repeat, once_base)
        base.extra["markdown_pages"] = written
        base.extra.update(_catalog_weight(base_dir / "site"))
    result.builds["baseline"] = base
    _print_build(base)
    if not args.keep:
        clean(base_dir)

    # Floor: plain Jinja2, the same number of pages.
    floor_dir = folder / "floor"
    if reasons["floor"]:
        floor = _not_run("floor", reasons["floor"])
    else:

        def once_floor() -> Build:
            clean(floor_dir)
            m = measure(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.floor",
                    str(records),
                    str(floor_dir),
                    "--pages",
                    str(pages),
                ],
                cwd=ROOT,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
                timeout=args.timeout,
            )
            build = _build_from("floor", m, floor_dir)
            if m.ok:
                build.extra.update(json.loads(m.stdout.strip().splitlines()[-1]))
            return build

        floor = _best("floor", args.repeat, once_floor)
    result.builds["floor"] = floor
    _print_build(floor)
    if not args.keep:
        clean(floor_dir)

    for name, build in result.builds.items():
        if build.ok and name in ("ours", "baseline", "floor"):
            seen[name] = Seen(size, build, manifest)
    for name in ("ours", "ours_render"):
        vs_base, vs_floor = result.ratio("baseline", name), result.ratio(name, "floor")
        if vs_base is not None and vs_floor is not None:
            print(
                f"   per page, {result.builds[name].name}: {_times(vs_base)} the Material baseline "
                f"(target ≥ {TARGET_SPEEDUP:g}× faster) and {vs_floor:.1f}× the Jinja2 floor "
                f"(target ≤ {TARGET_FLOOR:g}×)",
                flush=True,
            )
    if (incremental := result.ratio("ours", "ours_warm")) is not None:
        print(f"   one batch changed: {incremental:.1f}× faster than a cold build", flush=True)
    return result


def _per_language(manifest: dict[str, Any]) -> int:
    listings = 1 + 6 + 3 + int(manifest.get("communes", 0))
    return int(manifest["products"] + manifest["batches"] + manifest["producers"] + listings)


def _expected_pages(manifest: dict[str, Any], seen: Seen | None) -> int:
    """Our page count when our build did not run: product, batch, producer and listing pages in
    two languages, plus the rest (indexes, hand-written pages, 404) as counted at the last size
    our build ran at (an estimate; the report says so)."""
    rest = seen.build.pages - 2 * _per_language(seen.manifest) if seen else 16
    return 2 * _per_language(manifest) + rest


def _times(speedup: float) -> str:
    return f"{speedup:.2f}× faster than" if speedup >= 1 else f"{1 / speedup:.2f}× slower than"


def _print_build(build: Build) -> None:
    if not build.ok:
        print(f"   {build.name:<22} {build.note}", flush=True)
        return
    o = build.output
    print(
        f"   {build.name:<22} {build.wall_s:8.1f} s  (CPU {build.cpu_s:7.1f} s)  {build.pages:>8,} pages  "
        f"{build.ms_per_page:7.2f} ms/page  peak {build.peak_mb:7.0f} MB  pss {build.pss_mb:7.0f} MB  out {o.mb:8.1f} MB  {o.files:>9,} files"
        + (f" ({build.extra['written']:,} written)" if "written" in build.extra else ""),
        flush=True,
    )


# --- Page weights of the sample site ------------------------------------------------------------


def sample_weights(args: argparse.Namespace) -> tuple[list[Weight], str]:
    """Build the repository's sample catalog (not timed) and weigh three kinds of page."""
    folder = args.workdir / "sample"
    site, cache = folder / "site", folder / "cache"
    clean(site, cache)
    folder.mkdir(parents=True, exist_ok=True)
    code: Path = args.code
    if (code / "permalinks.tsv").is_file():  # the sample's own ledger, as in the repository
        shutil.copyfile(code / "permalinks.tsv", folder / "permalinks.tsv")
    config_file = write_our_config(folder, code / "products", site, cache, code)
    m = mkdocs_build(config_file, args.timeout, code)
    if not m.ok:
        return [], f"the sample site did not build: {m.stderr.strip()[-300:]}"
    chosen = pick_pages(site, WEIGHT_PAGES)
    weights = []
    for lang in ("", "en/"):
        for kind in ("product", "batch", "catalog"):
            weights.append(page_weight(site, lang + chosen[kind]))
    if not args.keep:
        clean(site, cache)
    return weights, ""


# --- Report ---------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "—"

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.0f} GB"
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "CPU": f"{cpu}, {usable} usable cores (nproc)",
        "Memory": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "MkDocs": version("mkdocs"),
        "Material for MkDocs": version("mkdocs-material"),
        "Jinja2": version("Jinja2"),
        "PyYAML": version("PyYAML") + (" (libyaml)" if getattr(yaml, "__with_libyaml__", False) else ""),
        "Commit": (commit or "—") + (" with uncommitted changes" if dirty else ""),
        "Load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def everyday_section(results: list[SizeResult]) -> list[str]:
    """The builds after a merged pull request, with the previous output and the caches kept: how
    long they take and how many files they write (what a sync tool then sends)."""
    lines = [
        "",
        "## The everyday build (with `--warm`)",
        "",
        "The previous output and every cache kept, as the deploy workflow keeps them; *written* "
        "counts the files whose modification time is the build's (the others kept their bytes "
        "and their time). Output per product is the whole site divided by the products.",
        "",
        "| Products | Cold s | Nothing changed s (files written) | One batch changed s (files written) "
        "| Cold ÷ one batch changed | Output per product | Files per product |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        cold, same, warm = (r.builds.get(key) for key in ("ours", "ours_same", "ours_warm"))
        if not cold or not cold.ok or not same or not warm:
            continue
        lines.append(
            f"| {r.products:,} | {cold.wall_s:.1f} | {same.wall_s:.1f} ({same.extra.get('written', 0):,}) | "
            f"{warm.wall_s:.1f} ({warm.extra.get('written', 0):,}) | {cold.wall_s / warm.wall_s:.1f}× | "
            f"{cold.output.bytes / r.products / 1024:.0f} kB | {cold.output.files / r.products:.1f} |"
        )
    return lines


def _kb(kb: float) -> str:
    return f"{kb:,.0f} kB" if kb < 1024 else f"{kb / 1024:,.1f} MB"


def _f(value: float | None, spec: str = ".1f", none: str = "—") -> str:
    return none if value is None or value != value else format(value, spec)


def report(
    results: list[SizeResult],
    weights: list[Weight],
    weights_note: str,
    info: dict[str, str],
    command: str,
    started: datetime,
    elapsed: float,
    workdir: Path,
    profile: str = "",
) -> str:
    lines = [
        "# Build benchmarks",
        "",
        "Generated by `benchmarks/run.py`; do not edit by hand. Re-run with:",
        "",
        "```sh",
        command,
        "```",
        "",
        f"Run on {started:%Y-%m-%d %H:%M} (local time), {elapsed / 60:.0f} min in all. "
        "The machine is shared and noisy: compare the ratios, which are measured in the same run, "
        "one build right after the other, rather than absolute times across runs.",
        "",
        "| Machine | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in info.items()],
        "",
        "## What is measured",
        "",
        "Each size is a synthetic catalog (`benchmarks/synth.py`: about 5 products per producer, "
        "5 batches per product, Vietnamese and English text built from Quảng Ninh word lists, one "
        f"photo per producer, a complete `permalinks.tsv`), on {'tmpfs' if _is_tmpfs(workdir) else 'the real disk'} "
        f"(`{workdir}`). Three builds of it run one "
        "after the other, each in its own process, timed from start to exit:",
        "",
        "- **ours**: `mkdocs build` with the repository's `mkdocs.yml` (only paths made absolute, "
        f"`today: {TODAY}`) and an empty cache folder: a cold, complete build (pages, QR codes, "
        "label sheets, redirects, search index, media). With `--warm`, three times more: the "
        "everyday builds, with the previous output and every cache kept as the deploy workflow "
        "keeps them, first with nothing changed, then after one batch's quantity changed; then with "
        "every record checked and every page rendered again but QR codes and photos from the cache "
        "(the per-page speed to compare).",
        "- **baseline**: plain Material for MkDocs, the same number of pages with the same text as "
        "Markdown, the repository's theme settings and Markdown extensions, `search` as the only "
        "plugin and a navigation listing four pages (pruned navigation).",
        "- **floor**: the same number of pages rendered by plain Jinja2 from the records (PyYAML's "
        "C loader, no validation) with one simple template, written to disk.",
        "",
        "*Pages* are the HTML documents of our site other than QR label sheets and redirect stubs "
        "(product, batch, producer, listing and hand-written pages in both languages, and 404); "
        "the baseline and the floor make exactly as many. Label sheets and redirects are extra work "
        "that only our build does, counted in its time but not in its pages. *Peak* is the peak "
        "resident memory of the build's process tree (the sum over its processes, which counts "
        "twice what forked workers share with their parent); *PSS* is the peak of the tree's "
        "proportional set size, which counts shared memory once: the memory the build holds. "
        "*Output* and *files* count everything written to the site folder.",
        "",
        "## Results",
        "",
        "| Products | Build | Pages | Wall s | CPU s | Pages/s | ms/page | Peak MB | PSS MB | Output MB | Files | HTML files (labels, redirects) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.skipped:
            lines.append(f"| {r.products:,} | — | | | | | | | | | | {r.skipped} |")
            continue
        for b in r.builds.values():
            o = b.output
            if not b.ok:
                lines.append(f"| {r.products:,} | {b.name} | | | | | | | | | | {b.note} |")
                continue
            lines.append(
                f"| {r.products:,} | {b.name} | {b.pages:,} | {b.wall_s:.1f} | {b.cpu_s:.1f} | "
                f"{b.pages_per_s:.0f} | {b.ms_per_page:.2f} | {b.peak_mb:.0f} | {b.pss_mb:.0f} | {o.mb:.1f} | {o.files:,} | "
                f"{o.html:,} ({o.labels:,}, {o.redirects:,}) |"
            )
    lines += [
        "",
        "## Ratios (per page, same run)",
        "",
        f"Targets: at least {TARGET_SPEEDUP:g}× faster per page than the Material baseline, within "
        f"{TARGET_FLOOR:g}× of the Jinja2 floor; 18,000 products in at most {TARGET_18K_S // 60} min "
        f"and {TARGET_18K_MB / 1024:g} GB on 2 cores; time and memory growing linearly.",
        "",
        "Wall-time ratios are the targets; CPU-time ratios (user + system of the whole process "
        "tree) are given too, because they are less disturbed by other work on a shared machine.",
        "",
        "| Products | Our build | Baseline ÷ ours, wall (≥ 3) | Ours ÷ floor, wall (≤ 3) | Baseline ÷ ours, CPU "
        "| Ours ÷ floor, CPU | Ours PSS ÷ baseline PSS | Ours ms/page ÷ at the smallest size "
        "| Ours PSS MB per 1,000 pages | Cold ÷ one batch changed (≥ 3) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("ours", "ours_render"):
        first = next((r for r in results if name in r.builds and r.builds[name].ok), None)
        for r in results:
            ours = r.builds.get(name)
            if r.skipped or not ours or not ours.ok or first is None:
                continue
            base = r.builds.get("baseline")
            mem = ours.pss_mb / base.pss_mb if base and base.ok and base.pss_mb else None
            growth = ours.ms_per_page / first.builds[name].ms_per_page
            incremental = r.ratio("ours", "ours_warm") if name == "ours" else None
            lines.append(
                f"| {r.products:,} | {ours.name} | {_f(r.ratio('baseline', name), '.2f')}× | "
                f"{_f(r.ratio(name, 'floor'), '.1f')}× | {_f(r.ratio('baseline', name, cpu=True), '.2f')}× | "
                f"{_f(r.ratio(name, 'floor', cpu=True), '.1f')}× | {_f(mem, '.1f')}× | {growth:.2f}× | "
                f"{1000 * ours.pss_mb / ours.pages:.0f} | {_f(incremental, '.1f')}{'×' if incremental else ''} |"
            )
    lines += everyday_section(results)
    lines += [
        "",
        "## Output size and file count",
        "",
        "The catalog page lists up to 500 products (then it is cut into pages). The last two "
        "columns are the baseline's: Material's lunr index of the Vietnamese pages and what a "
        "first visit to the catalog page downloads for it (index, worker and lunr language files, "
        "gzip). Ours downloads no search file until a search is opened (Pagefind, measured by "
        "`benchmarks/search.py`).",
        "",
        "| Products | Build | Output MB | Files | HTML MB | Largest HTML file | Catalog page (HTML, gzip) | Search index (vi) | Search on a first visit, gzip |",
        "| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        for b in r.builds.values():
            if not b.ok or b.name.startswith("ours, "):  # the same output as the cold build
                continue
            o = b.output
            catalog = (
                f"{b.extra['catalog_html_kb']:,.0f} kB, {b.extra['catalog_html_gz_kb']:,.0f} kB gz"
                if "catalog_html_kb" in b.extra
                else "—"
            )
            search = f"{b.extra['search_index_mb']:.1f} MB" if b.extra.get("search_index_mb") else "—"
            first_visit = (
                _kb(b.extra["search_first_visit_gz_kb"]) if b.extra.get("search_first_visit_gz_kb") else "—"
            )
            lines.append(
                f"| {r.products:,} | {b.name} | {o.mb:,.1f} | {o.files:,} | {o.html_bytes / MB:,.1f} | "
                f"`{o.largest_html_path}` ({o.largest_html / 1024:,.0f} kB) | {catalog} | {search} | {first_visit} |"
            )
    lines += ["", "## Time per size", ""]
    for r in results:
        if r.skipped:
            lines.append(f"- {r.products:,} products: {r.skipped}")
            continue
        parts = [
            f"{b.name} {b.wall_s:.0f} s"
            if b.ok
            else f"{b.name} {'not run' if b.note.startswith('not run') else b.note}"
            for b in r.builds.values()
        ]
        gen = "catalog reused" if r.manifest.get("reused") else f"catalog generated in {r.generate_s:.0f} s"
        setup = r.extra.get("baseline_setup_s")
        floor = r.builds.get("floor")
        phases = (
            f"; floor phases: load {floor.extra['load_s']:.1f} s, render and write {floor.extra['render_write_s']:.1f} s"
            if floor and "load_s" in floor.extra
            else ""
        )
        estimated = r.extra.get("pages_estimated")
        if estimated:
            phases += f"; the comparisons made an estimated {estimated:,} pages, as our build did not run"
        lines.append(
            f"- {r.products:,} products ({r.manifest.get('batches', 0):,} batches, {r.manifest.get('producers', 0):,} "
            f"producers): {', '.join(parts)} ({gen}; baseline Markdown written in {_f(setup, '.0f')} s{phases})."
        )
    lines += [
        "",
        "## Page weight on a first visit",
        "",
        "Built from the sample catalog in `products/`. Bytes of the HTML plus every stylesheet "
        "(`<link rel=stylesheet>`) and script (`<script src>`) it names, each file gzip-compressed "
        f"on its own (level {GZIP_LEVEL}); photos excluded. The last column is what Material's own "
        "search would download as the page loads (its index, worker and lunr files): nothing "
        "here, since search is Pagefind's, loaded only when a search is opened.",
        "",
    ]
    if weights_note:
        lines.append(f"Not measured: {weights_note}")
    else:
        lines += [
            "| Page | HTML | HTML gzip | CSS gzip | JS gzip | Total gzip | + search index and worker, gzip |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for w in weights:
            lines.append(
                f"| `/{w.page}` | {w.html_raw / 1024:.1f} kB | {w.html_gz / 1024:.1f} kB | {w.css_gz / 1024:.1f} kB | "
                f"{w.js_gz / 1024:.1f} kB | **{w.total_gz / 1024:.1f} kB** | {w.search_gz / 1024:.1f} kB |"
            )
        if weights:
            lines += ["", "Stylesheets and scripts named by each page:", ""]
            lines += [f"- `/{w.page}`: " + ("; ".join(w.files) or "none") for w in weights]
            missing = sorted({m for w in weights for m in w.missing})
            if missing:
                lines.append(f"Named but missing from the site: {', '.join(missing)}.")
    not_run = [f"- {r.products:,} products: {r.skipped}." for r in results if r.skipped]
    not_run += [
        f"- {r.products:,} products, {b.name}: {b.note}."
        for r in results
        if not r.skipped
        for b in r.builds.values()
        if not b.ok
    ]
    lines += ["", "## Not run", ""]
    lines += not_run or ["Every requested size and build was run."]
    if profile:
        lines += ["", "## Where our build's time goes", "", profile.rstrip("\n")]
    return "\n".join(lines) + "\n"


# --- Main --------------------------------------------------------------------------------------


# Where time goes, by the file a function is defined in (first match wins).
PROFILE_BUCKETS: list[tuple[str, tuple[str, ...]]] = [
    ("QR codes (generator/site/qr.py, qrcode, Pillow)", ("generator/site/qr.py", "/qrcode/", "/PIL/", "/png.py")),
    ("YAML reading (generator/records/yamlsafe.py, PyYAML)", ("generator/records/yamlsafe.py", "/yaml/")),
    ("Record validation (generator schema/rules/validate, pydantic)", ("/pydantic", "generator/records/schema.py", "generator/records/rules.py", "generator/records/validate.py", "/biip/")),
    ("Jinja2 templates (our page bodies, the Material page shell)", ("generator/site/render.py", "/jinja2/", "/markupsafe/", "/theme/", "/material/templates/")),
    ("Search index (search plugin, HTML parsing, JSON)", ("/search/", "/html/parser.py", "/_markupbase.py", "/json/")),
    ("Markdown (Python-Markdown, pymdownx, markdown-it)", ("/markdown/", "/pymdownx/", "/markdown_it/", "generator/records/markdown_subset.py")),
    ("Material plugins and theme code", ("/material/",)),
    ("MkDocs (files, navigation, page build, copying)", ("/mkdocs/",)),
    ("Other generator code", ("/generator/",)),
]  # fmt: skip


def _bucket(filename: str) -> str:
    for name, needles in PROFILE_BUCKETS:
        if any(needle in filename for needle in needles):
            return name
    if filename == "~" or filename.startswith("<"):
        return "Built-ins called from built-ins"
    return "Other (standard library, imports)"


def profile_section(size: int, args: argparse.Namespace) -> str:
    """Profile our build of ``size`` products with cProfile (in a subprocess) and summarise it."""
    folder = args.workdir / str(size)
    synth.generate(folder, size, args.seed)
    site, cache = folder / "site", folder / "cache"
    clean(site, cache)
    config_file = write_our_config(folder, folder / "products", site, cache, args.code)
    out = folder / "ours.prof"
    print(f"\n== Profiling our build of {size:,} products (cProfile, {out})", flush=True)
    m = measure(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(out),
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(config_file),
        ],
        cwd=folder,
        env=build_env(args.code),
        timeout=args.timeout,
    )
    if not args.keep:
        clean(site, cache)
    if not m.ok or not out.is_file():
        return f"Profiling {size:,} products failed: {m.stderr.strip()[-300:]}\n"
    stats = pstats.Stats(str(out))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    buckets: dict[str, float] = {}
    for (filename, _line, _name), entry in raw.items():
        callers: dict[Any, Any] = entry[4]
        if filename == "~" and callers:
            # A built-in (str.join, file writes, PNG encoding…) counts for the code that called it.
            for caller, from_caller in callers.items():
                key = _bucket(caller[0])
                buckets[key] = buckets.get(key, 0.0) + from_caller[2]
        else:
            key = _bucket(filename)
            buckets[key] = buckets.get(key, 0.0) + entry[2]
    top = sorted(
        (
            (entry[3], f"{_short(filename)}:{line}({name})", entry[1])
            for (filename, line, name), entry in raw.items()
        ),
        reverse=True,
    )
    lines = [
        f"Our build of {size:,} products under cProfile (`{out}`): {m.wall_s:.0f} s with profiling "
        "overhead, which inflates pure-Python code (the QR encoder, the YAML composer) more than "
        "C code; read the shares, not the seconds.",
        "",
        "| Where (own time of the functions defined there, and of the built-ins they call) | Seconds | Share |",
        "| --- | ---: | ---: |",
    ]
    for name, seconds in sorted(buckets.items(), key=lambda item: -item[1]):
        if seconds < 0.05:
            continue
        lines.append(f"| {name} | {seconds:.1f} | {100 * seconds / total:.0f}% |")
    lines += [
        "",
        "Largest cumulative times:",
        "",
        "| Function | Cumulative s | Calls |",
        "| --- | ---: | ---: |",
    ]
    shown = 0
    for cumulative, where, calls in top:
        if any(
            skip in where
            for skip in ("<built-in method builtins.exec>", "click/", "runpy", "cProfile", "<module>")
        ):
            continue
        lines.append(f"| `{where}` | {cumulative:.1f} | {calls:,} |")
        shown += 1
        if shown == 25:
            break
    return "\n".join(lines) + "\n"


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/code/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only 100 and 1,000 products")
    parser.add_argument("--sizes", help="comma-separated product counts (default 100,1000,5000,18000)")
    parser.add_argument(
        "--out", type=Path, help="report file (default BENCHMARKS.md; with --quick, in the work folder)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help=f"folder for catalogs and sites (default {TMPFS_WORKDIR}, tmpfs; with --disk {DISK_WORKDIR})",
    )
    parser.add_argument(
        "--disk",
        action="store_true",
        help="work on the real disk, where creating a file costs what it costs on a CI runner",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a build is killed")
    parser.add_argument(
        "--budget",
        type=float,
        default=900,
        help="skip a size whose build would take longer than this (seconds)",
    )
    parser.add_argument("--force", action="store_true", help="run every size, whatever the estimates say")
    parser.add_argument("--repeat", type=int, default=1, help="run each build N times and keep the fastest")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="also time a second build of ours, with warm caches, after one batch changed",
    )
    parser.add_argument(
        "--skip",
        type=lambda text: set(text.split(",")),
        default=set(),
        help="comma-separated builds not to run (baseline, floor, rendered: ours with every page "
        "rendered again), e.g. at a size measured before",
    )
    parser.add_argument("--keep", action="store_true", help="keep the built sites in the work folder")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the catalogs even if current")
    parser.add_argument("--no-weights", action="store_true", help="skip the page weights of the sample site")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="also profile our build of SIZE products")
    parser.add_argument(
        "--no-snapshot",
        action="store_true",
        help="build from the live working tree instead of a copy taken when the run starts",
    )
    parser.add_argument("--seed", type=int, default=synth.SEED)
    args = parser.parse_args(argv)
    if args.workdir is None:
        args.workdir = DISK_WORKDIR if args.disk else TMPFS_WORKDIR
    if args.sizes:
        args.size_list = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    else:
        args.size_list = list(QUICK_SIZES if args.quick else SIZES)
    if args.out is None:
        args.out = args.workdir / "BENCHMARKS-quick.md" if args.quick else ROOT / "BENCHMARKS.md"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    empty_discarded(args.workdir)  # what a stopped run set aside
    try:
        return _run(args, argv)
    finally:
        empty_discarded(args.workdir)


def _run(args: argparse.Namespace, argv: list[str] | None) -> int:
    started, clock = datetime.now(), time.perf_counter()
    info = machine()
    if args.no_snapshot:
        args.code = ROOT
        info["Code measured"] = "the live working tree"
    else:
        args.code = args.workdir / "code"
        copied = snapshot(args.code)
        info["Code measured"] = (
            f"a snapshot of the working tree taken at the start ({copied.split(' copied')[0]})"
        )
        print(f"Snapshot: {copied}", flush=True)
    command = ".venv/bin/python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"Benchmark: sizes {', '.join(f'{s:,}' for s in args.size_list)} in {args.workdir}", flush=True)
    weights: list[Weight] = []
    weights_note = "skipped (--no-weights)"
    if not args.no_weights:
        weights, weights_note = sample_weights(args)
        for w in weights:
            print(
                f"   weight /{w.page}: {w.total_gz / 1024:.1f} kB gzip (HTML {w.html_gz / 1024:.1f}, "
                f"CSS {w.css_gz / 1024:.1f}, JS {w.js_gz / 1024:.1f}) + search {w.search_gz / 1024:.1f} kB",
                flush=True,
            )
    results: list[SizeResult] = []
    seen: dict[str, Seen] = {}

    def write_report(profile: str = "") -> None:
        elapsed = time.perf_counter() - clock
        text = report(
            results, weights, weights_note, info, command.strip(), started, elapsed, args.workdir, profile
        )
        args.out.write_text(text, encoding="utf-8")

    for size in args.size_list:
        results.append(run_size(size, args, seen))
        write_report()  # after each size: a killed run keeps its rows
    # The raw numbers, named after the report (BENCHMARKS.json, BENCHMARKS-quick.json, …).
    (args.workdir / f"{args.out.stem}.json").write_text(
        json.dumps([asdict(r) for r in results], indent=2, default=str), encoding="utf-8"
    )
    if args.profile:
        write_report(profile_section(args.profile, args))
    print(f"\nReport written to {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
