"""Debian's Chromium for the tests (and the printing benchmark), and built sites served to it
over HTTP on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import sync_playwright

from .sitebuild import BuildResult

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
# No internet: nothing that would reach out on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser dropping a connection it no longer needs is not a test failure


@dataclass
class Served:
    """A built site served over HTTP on 127.0.0.1 at a random port."""

    build: BuildResult
    server: http.server.ThreadingHTTPServer

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serving(folder: Path) -> Iterator[http.server.ThreadingHTTPServer]:
    """``folder`` served over HTTP on 127.0.0.1 at a random port, quietly."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve(build: BuildResult) -> Iterator[Served]:
    with serving(build.site) as server:
        yield Served(build, server)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless and offline (never a browser Playwright would download)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
