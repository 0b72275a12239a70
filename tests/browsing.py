"""Debian's headless Chromium (driven by Playwright), built sites served to it over HTTP on
127.0.0.1, and what a page reported while it was open. The tests' fixtures are in served.py; the
printing benchmark uses these too."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import sync_playwright

from .sitebuild import BuildResult

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Response

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
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
def serving(
    folder: Path, handler_class: type[QuietHandler] | None = None
) -> Iterator[http.server.ThreadingHTTPServer]:
    """``folder`` served over HTTP on 127.0.0.1 at a random port, quietly."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve(build: BuildResult, handler_class: type[QuietHandler] | None = None) -> Iterator[Served]:
    with serving(build.site, handler_class) as server:
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


@dataclass
class Watch:
    """What a page reported while it was open: console errors, script errors, requests."""

    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Watch:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("dialog", self._dialog)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _failed(self, request: Request) -> None:
        self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    @property
    def elsewhere(self) -> list[str]:
        """Requests that left the site being served."""
        return [url for url in self.requests if not url.startswith((self.base, "data:", "blob:"))]


def open_page(browser: Browser, served: Served, path: str, **context: Any) -> tuple[Page, Watch]:
    page = browser.new_context(**context).new_page()
    watch = Watch(served.base).attach(page)
    page.goto(served.url(path), wait_until="load")
    return page, watch


def settle(page: Page) -> None:
    """Let the page's scripts finish what they start after load (search index, lookups)."""
    page.wait_for_load_state("networkidle")


def serious_violations(page: Page) -> list[str]:
    """What axe-core finds serious or critical on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
