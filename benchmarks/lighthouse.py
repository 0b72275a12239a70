"""Lighthouse scores of the built sample site, in mobile mode, as a phone on a slow network sees
it: a product page, a trace page, the catalog and the home page, in both languages.

    .venv/bin/python -m benchmarks.lighthouse [--runs 3] [--site DIR] [--write BENCHMARKS.md]

The site is built from the sample records (unless ``--site`` names a built one) and served on
127.0.0.1 by a small server that compresses text with gzip, as static hosts do (Python's own
http.server does not). Lighthouse 12.2.3 (npm, pinned in benchmarks/lighthouse/package-lock.json,
installed there on first use) drives Debian's Chromium. Each page is measured ``--runs`` times
and the median of each category kept: performance varies from run to run on a shared machine.
Not part of the test suite: scores are measurements, kept in BENCHMARKS.md with the command.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import mimetypes
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

from .sections import write_section

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# When the first text, and the largest thing on the first screen, are painted on the simulated
# slow phone (ms): what "two seconds on a weak connection" is measured by.
PAINTS = {"first-contentful-paint": "First paint", "largest-contentful-paint": "Largest paint"}
PAGES = {
    "Product page": "p/tra-hoa-vang-ba-che/",
    "Trace page": "p/che-duong-hoa/DH-2610/",
    "Catalog": "catalog/",
    "Home page": "",
}
LANGUAGES = {"vi": "", "en": "en/"}
MARKER = "<!-- lighthouse: benchmarks/lighthouse.py writes this section -->"
COMPRESSED = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
              "image/svg+xml", "application/xml", "text/xml", "text/plain", "application/ld+json"}  # fmt: skip


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser accepts it; a missing address gets
    the site's 404 page, as static hosts serve it."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Cache-Control", "public, max-age=600")  # what GitHub Pages sends
        if kind in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = _gzipped(path)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@cache
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build(target: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(target)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return target


def install() -> None:
    if not LIGHTHOUSE.exists():
        print("Installing Lighthouse 12.2.3 with npm into benchmarks/lighthouse/ (once)", file=sys.stderr)
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=TOOLS, check=True)


def scores(url: str, workdir: Path) -> dict[str, float]:
    """One Lighthouse run in its default mode, a mid-range phone on a slow 4G connection."""
    report = workdir / "report.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    result = {name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES}
    result |= {audit: data["audits"][audit]["numericValue"] for audit in PAINTS}
    failed = [
        audit["id"]
        for name in CATEGORIES[1:]
        for ref in data["categories"][name]["auditRefs"]
        if ref["weight"] and (audit := data["audits"][ref["id"]])["score"] is not None and audit["score"] < 1
    ]
    if failed:
        print(f"  {url}: below 1 in {', '.join(failed)}", file=sys.stderr)
    return result


def table(rows: dict[str, dict[str, float]]) -> str:
    head = (
        "| Page | Performance | Accessibility | Best practices | SEO | " + " | ".join(PAINTS.values()) + " |"
    )
    lines = [head, "| --- |" + " ---: |" * (len(CATEGORIES) + len(PAINTS))]
    lines += [
        f"| {page} | "
        + " | ".join([*(f"{row[c]:.0f}" for c in CATEGORIES), *(f"{row[a] / 1000:.2f} s" for a in PAINTS)])
        + " |"
        for page, row in rows.items()
    ]
    return "\n".join(lines)


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept")
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample now)")
    parser.add_argument("--write", type=Path, help="write the table into this file (BENCHMARKS.md)")
    args = parser.parse_args(argv)
    install()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        site = args.site or build(workdir / "site")
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        rows: dict[str, dict[str, float]] = {}
        try:
            for code, prefix in LANGUAGES.items():
                for name, path in PAGES.items():
                    runs = [scores(base + prefix + path, workdir) for _ in range(args.runs)]
                    rows[f"{name} ({code}) `/{prefix}{path}`"] = {
                        c: statistics.median(run[c] for run in runs) for c in (*CATEGORIES, *PAINTS)
                    }
                    print(
                        f"{name} ({code}): "
                        + ", ".join(f"{c} {rows[next(reversed(rows))][c]:.0f}" for c in CATEGORIES)
                    )
        finally:
            server.shutdown()
    text = table(rows)
    print(text)
    if args.write:
        command = f"./dev.sh python -m benchmarks.lighthouse --runs {args.runs} --write BENCHMARKS.md"
        write_section(
            args.write,
            MARKER,
            f"## Lighthouse, mobile (measured {date.today().isoformat()}, commit {commit()})\n\n"
            f"Lighthouse 12.2.3 in its default mobile mode (a mid-range phone, slow 4G, CPU slowed 4×) on\n"
            f"Debian's Chromium, against the sample site built and served on 127.0.0.1 with gzip; the\n"
            f"median of {args.runs} runs per page, with when the page's first text and its largest\n"
            f"element are painted on that phone:\n\n```sh\n{command}\n```\n\n{text}",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
