"""Draw screenshots/validate-errors.png for CONTRIBUTING.md: the real output of `ocop validate` on
a copy of a sample producer whose product.yml has three everyday mistakes, as a terminal shows it.

    .venv/bin/python .github/scripts/validation_picture.py

Needs Noto Sans (Debian: fonts-noto-core, which ./dev.sh test installs): no monospaced font in
Debian's default set draws every Vietnamese letter whole.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.tools.cli import main

ROOT = Path(__file__).resolve().parents[2]
PRODUCER = "htx-lam-san-ngoai-go-ba-che"
PRODUCT = f"{PRODUCER}/ruou-ba-kich-ba-che/product.yml"
MISTAKES = [
    ("group: beverage", "group: drinks"),
    ("  stars: 4", "  stars: 6"),
    ("issued: 2024-01-30", "issued: 30/01/2024"),
]
FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
MARKS = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
WIDTH, SIZE, PAD = 1040, 17, 24
COLOURS = {
    "bg": "#1e1f29",
    "text": "#e6e6e6",
    "dim": "#9aa0b4",
    "error": "#ff6e6e",
    "hint": "#8be9a8",
    "prompt": "#79b8ff",
}


def broken_output() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        products = Path(tmp) / "products"
        shutil.copytree(ROOT / "products" / PRODUCER, products / PRODUCER)
        record = products / PRODUCT
        text = record.read_text(encoding="utf-8")
        for right, wrong in MISTAKES:
            text = text.replace(right, wrong, 1)
        record.write_text(text, encoding="utf-8")
        out = io.StringIO()
        with contextlib.chdir(tmp), contextlib.redirect_stdout(out):
            main(["validate", f"products/{PRODUCER}"])
    return out.getvalue()


def lines_of(output: str, font: ImageFont.FreeTypeFont) -> list[tuple[str, str]]:
    """Each screen line with its colour, long lines wrapped to the picture's width."""
    screen = [(f"$ ocop validate products/{PRODUCER}", "prompt")]
    for line in output.rstrip().splitlines():
        colour = "text"
        if "lỗi/error" in line or line.startswith("✗"):
            colour = "error"
        elif line.lstrip().startswith("gợi ý"):
            colour = "hint"
        elif line.lstrip().startswith("en:"):
            colour = "dim"
        indent = " " * (len(line) - len(line.lstrip()) + 6)
        screen += [(part, colour) for part in _wrap(line, font, indent)]
    return screen


def _wrap(line: str, font: ImageFont.FreeTypeFont, indent: str) -> list[str]:
    parts, current = [], ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > WIDTH - 2 * PAD:
            parts.append(current)
            current = indent + word
        else:
            candidate = candidate if current else (" " * (len(line) - len(line.lstrip())) + word)
            current = candidate
    return [*parts, current]


def draw(screen: list[tuple[str, str]], target: Path) -> None:
    regular, bold = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    marks = ImageFont.truetype(MARKS, SIZE)
    height, bar = int(SIZE * 1.55), 34
    image = Image.new("RGB", (WIDTH, bar + PAD * 2 + height * len(screen)), COLOURS["bg"])
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, image.width, bar), fill="#2b2d3a")
    for n, colour in enumerate(("#ff5f57", "#febc2e", "#28c840")):
        pen.ellipse((16 + n * 22, 11, 28 + n * 22, 23), fill=colour)
    for row, (text, colour) in enumerate(screen):
        font = bold if colour in ("error", "prompt") else regular
        x, y = PAD, bar + PAD + row * height
        if text.startswith(("✗", "✓")):  # Noto Sans has no check marks; DejaVu Sans does
            pen.text((x, y), text[0], font=marks, fill=COLOURS[colour])
            x, text = x + marks.getlength(text[0]), text[1:]
        pen.text((x, y), text, font=font, fill=COLOURS[colour])
    image.save(target, optimize=True)


if __name__ == "__main__":
    target = ROOT / "screenshots" / "validate-errors.png"
    draw(lines_of(broken_output(), ImageFont.truetype(BOLD, SIZE)), target)
    print(target)
