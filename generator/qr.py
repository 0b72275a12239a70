"""QR codes for pages and print, made with ``qrcode`` and cached by content.

The inline SVG is drawn from the module matrix as one path of horizontal runs: a third of the
size of qrcode's own SVG output, which matters on the trace page a shopper opens on a weak
connection. The PNG for print is at least 1000 px wide.
"""

from __future__ import annotations

import hashlib
import io
import math
from pathlib import Path

import qrcode
from qrcode import constants

QUIET_ZONE = 4  # modules, as ISO/IEC 18004 requires
PRINT_PIXELS = 1000
# Smallest module that phone cameras read reliably in print; label sizes are checked against it.
MIN_MODULE_MM = 0.33
LEVELS = {
    "L": constants.ERROR_CORRECT_L,
    "M": constants.ERROR_CORRECT_M,
    "Q": constants.ERROR_CORRECT_Q,
    "H": constants.ERROR_CORRECT_H,
}
# Bump when the drawing changes, so cached files made by older code are not reused.
_DRAWING_VERSION = "1"


def _code(payload: str, level: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=LEVELS[level], border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return code


def symbol_size(payload: str, level: str = "M") -> tuple[int, int]:
    """(QR version, modules per side) of the code for ``payload``."""
    code = _code(payload, level)
    return code.version, code.modules_count


def level_for_print(payload: str, size_mm: float) -> str:
    """The strongest error correction whose modules stay at least MIN_MODULE_MM wide when the
    code, quiet zone included, is printed ``size_mm`` wide; more correction means more modules."""
    for level in "HQM":
        if (symbol_size(payload, level)[1] + 2 * QUIET_ZONE) * MIN_MODULE_MM <= size_mm:
            return level
    return "L"


def _svg(payload: str, level: str) -> bytes:
    matrix = _code(payload, level).get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>'
    ).encode()


def _png(payload: str, level: str) -> bytes:
    code = _code(payload, level)
    code.box_size = math.ceil(PRINT_PIXELS / (code.modules_count + 2 * QUIET_ZONE))
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


_MAKERS = {"svg": _svg, "png": _png}


class QrCache:
    """Makes each (payload, format) once; with a folder, once across builds too."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.memory: dict[tuple[str, str, str], bytes] = {}
        self.made = 0  # how many codes were drawn rather than reused: the tests watch it

    def get(self, payload: str, kind: str, level: str = "M") -> bytes:
        key = (payload, kind, level)
        if key in self.memory:
            return self.memory[key]
        digest = hashlib.sha256(f"{_DRAWING_VERSION}\n{kind}\n{level}\n{payload}".encode()).hexdigest()
        cached = self.folder / f"{digest}.{kind}" if self.folder else None
        if cached and cached.is_file():
            data = cached.read_bytes()
        else:
            data = _MAKERS[kind](payload, level)
            self.made += 1
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(data)
        self.memory[key] = data
        return data

    def svg(self, payload: str, level: str = "M") -> str:
        return self.get(payload, "svg", level).decode()

    def png(self, payload: str) -> bytes:
        return self.get(payload, "png")
