"""Screenshots of the record editor at phone width (360 px), one per step, for the README.

Usage: python scripts/editor_screenshots.py SITE_DIR OUT_DIR   (after `./dev.sh build`)

The steps are filled exactly as the browser test fills them (tests/test_editor.py), in
Debian's Chromium in Vietnamese, so that the date pickers read day/month/year as on a phone in
Vietnam; that needs Chromium's translations (`apt-get install chromium-l10n`), without which
the pickers read month/day/year.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS, serve
from tests.test_browser import PHONE
from tests.test_editor import EDITOR, fill_batch


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, "LANG": "vi_VN.UTF-8"}
        )
        page = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
        page.goto(base + EDITOR)
        page.wait_for_load_state("networkidle")
        fill_batch(page, out)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
