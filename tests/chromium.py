"""Debian's Chromium for the tests, and built sites served to it over HTTP on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sitebuild import BuildResult

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


def serve(build: BuildResult) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(build.site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(build, server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
