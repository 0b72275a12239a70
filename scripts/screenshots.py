"""Screenshots of built pages in headless Chromium (Debian's), for the README and for review.

Usage: python scripts/screenshots.py SITE_DIR OUT_DIR PATH[=NAME][#PAGE] ...  (e.g. p/cha-muc-ha-long/)
Each page is taken at phone width (360 px) and desktop width (1280 px). With ``#PAGE``, the
page is printed to PDF instead, as a browser's "Save as PDF" does, and page PAGE of the PDF is
rendered to PNG at 100 dpi (pdftoppm, from Debian's poppler-utils): what comes out of a printer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browsing import chromium, serving

WIDTHS = {"phone": 360, "desktop": 1280}


def main(site: Path, out: Path, pages: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with serving(site) as server, chromium() as browser:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for spec in pages:
            spec, _, printed = spec.partition("#")
            path, _, name = spec.partition("=")
            name = name or path.strip("/").replace("/", "_") or "home"
            if printed:
                page = browser.new_page()
                page.goto(base + path, wait_until="load")
                pdf = out / f"{name}.pdf"
                page.pdf(path=str(pdf), prefer_css_page_size=True)
                page.close()
                subprocess.run(
                    [
                        "pdftoppm",
                        "-r",
                        "100",
                        "-png",
                        "-singlefile",
                        "-f",
                        printed,
                        "-l",
                        printed,
                        pdf,
                        out / name,
                    ],
                    check=True,
                )
                pdf.unlink()
                continue
            for label, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=label == "phone")
                page.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
