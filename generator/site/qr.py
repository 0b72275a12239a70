"""QR codes for pages and print, encoded by zxing-cpp (its zint-based writer) and cached by content.

zxing-cpp encodes a code, mask selection included, in about 0.2 ms, where the pure-Python
``qrcode`` took 5–7 ms: at national scale (100,000 batch codes) that was most of a cold build.
The SVG is drawn from the module matrix as one path of horizontal strokes, about 2 kB for a
batch URL's code, which matters on a weak connection: the trace page shows its code's file,
and a label sheet carries each of its batches' codes. A PNG for print is drawn from the SVG in
the producer's browser, at least 1,000 px wide (theme/javascripts/qr-png.js, the page ``qr/``):
a file per code would be a sixth of the national site's files, for the few producers who want a
PNG rather than the SVG.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
import zlib
from functools import lru_cache
from pathlib import Path

import zxingcpp

from ..base.files import Seal

log = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules, as ISO/IEC 18004 requires
# Smallest module that phone cameras read reliably in print; label sizes are checked against it.
MIN_MODULE_MM = 0.33
LEVELS = ("L", "M", "Q", "H")
SITE = "_site"  # where the codes of pages made from the whole catalog are kept (no producer id begins with _)


@lru_cache(maxsize=1024)
def _symbol(payload: str, level: str) -> tuple[int, bytes]:
    """(modules per side, the modules row by row as bytes: 0 dark, 255 light), quiet zone excluded."""
    if level not in LEVELS:
        raise ValueError(f"unknown error-correction level {level!r}")
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
    pixels = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    return pixels.shape[0], pixels.tobytes()


_DARK_RUN = re.compile(rb"\x00+")


def _svg(payload: str, level: str) -> bytes:
    modules, pixels = _symbol(payload, level)
    size = modules + 2 * QUIET_ZONE
    # Each run of dark modules in a row is one stroke, one module wide, along the row's middle;
    # every move is relative to where the last stroke ended. Half the bytes of a rectangle per
    # run ("M14 4h1v1h-1z"), which a weak connection and a label sheet of several codes feel.
    strokes = [f"M{QUIET_ZONE} {QUIET_ZONE}.5"]
    x = y = 0  # where the pen is, in modules from the symbol's top left corner
    for row in range(modules):
        row_start = row * modules
        for run in _DARK_RUN.finditer(pixels, row_start, row_start + modules):
            start, width = run.start() - row_start, run.end() - run.start()
            if (start, row) != (x, y):
                strokes.append(f"m{start - x} {row - y}")
            strokes.append(f"h{width}")
            x, y = start + width, row
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path stroke="#000" d="{"".join(strokes)}"/></svg>'
    ).encode()


def as_symbol(svg: str, symbol_id: str) -> str:
    """Our own SVG as a <symbol>, so a sheet of stickers draws each code once and <use>s it."""
    opening, rest = svg.split(">", 1)
    view_box = opening.split('viewBox="', 1)[1].split('"', 1)[0]
    return f'<symbol id="{symbol_id}" viewBox="{view_box}">{rest.rsplit("</svg>", 1)[0]}</symbol>'


_MAKERS = {"svg": _svg}


class QrCache:
    """Draws each (payload, format, level) once across builds when given a folder; ``key`` says
    what the drawings are made with (this code and zxing-cpp), so other code's are not reused.

    The drawings are kept per producer (``scope``), as the pages are: the codes of one producer's
    products and batches are asked for together, by their pages, their files and their label
    sheets, so they are read at once from one file (a *pack*) and written at once when new ones
    were drawn. A file per code was a sixth of a cold build's files created, each read four
    times. A pack is used only when signed with this runner's key (``Seal``): a code printed on a
    label must never come from a planted or truncated file."""

    def __init__(self, folder: Path | None, key: str = "", seal: Seal | None = None):
        self.folder = folder
        self.key = key
        self.seal = seal or (Seal.beside(folder) if folder else None)
        self.made = 0  # how many codes were drawn rather than reused: the tests watch it
        self._modules: dict[tuple[str, str], int] = {}
        self._scope = SITE
        self._drawings: dict[tuple[str, str, str], bytes] | None = None  # the scope's, once read
        self._replaced: list[Path] = []  # the scope's packs, read whole or refused: a new one replaces them
        self._drawn = False  # whether any was drawn since

    def scope(self, name: str) -> None:
        """The codes asked for from now on are kept with those of ``name``, a producer id (or
        SITE); what was drawn for the previous one is written first."""
        if name != self._scope:
            self.flush()
            self._scope = name

    def get(self, payload: str, kind: str, level: str = "M") -> bytes:
        drawings = self._scope_drawings()
        asked = (payload, kind, level)
        if (data := drawings.get(asked)) is None:
            data = drawings[asked] = _MAKERS[kind](payload, level)
            self.made += 1
            self._drawn = True
        return data

    def _packs(self) -> tuple[Path, str]:
        """The folder of the scope's packs, and the beginning of their names: this code's."""
        assert self.folder is not None
        return self.folder / self._scope, hashlib.sha256(self.key.encode()).hexdigest()[:16]

    def _scope_drawings(self) -> dict[tuple[str, str, str], bytes]:
        if self._drawings is None:
            self._drawings, self._replaced = {}, []
            if self.folder is not None and self.seal is not None:
                folder, prefix = self._packs()
                for pack in sorted(folder.glob(f"{prefix}-*.pack")):
                    self._replaced.append(pack)
                    if (data := self.seal.read(pack)) is None:
                        continue
                    try:
                        self._drawings.update(pickle.loads(zlib.decompress(data)))
                    except Exception as error:  # one of ours, but of other code
                        log.debug("QR cache: %s is discarded (%s); its codes are drawn again", pack, error)
        return self._drawings

    def flush(self) -> None:
        """Write the scope's drawings if any was drawn, in place of the packs read for it (and of
        other code's); called when the work is done."""
        if self._drawn and self._drawings and self.folder is not None and self.seal is not None:
            folder, prefix = self._packs()
            data = zlib.compress(pickle.dumps(self._drawings, protocol=pickle.HIGHEST_PROTOCOL), 1)
            # Named after what it holds: two workers that drew a producer's codes side by side
            # leave a pack each, read together by the next build.
            written = folder / f"{prefix}-{hashlib.sha256(data).hexdigest()[:16]}.pack"
            self.seal.write(written, data)
            for old in folder.glob("*.pack"):
                if old != written and (old in self._replaced or not old.name.startswith(f"{prefix}-")):
                    old.unlink(missing_ok=True)
        self._drawings, self._replaced, self._drawn = None, [], False

    def svg(self, payload: str, level: str = "M") -> str:
        return self.get(payload, "svg", level).decode()

    def modules(self, payload: str, level: str = "M") -> int:
        """Modules per side of the code for ``payload``, quiet zone excluded: read from its
        drawing, which a build has at hand, rather than encoding the code again to count them
        (a label sheet asks for three sizes; encoding was a twelfth of a build with the codes
        cached)."""
        if (payload, level) not in self._modules:
            view_box = self.svg(payload, level).split('viewBox="0 0 ', 1)[1]
            self._modules[(payload, level)] = int(view_box.split(" ", 1)[0]) - 2 * QUIET_ZONE
        return self._modules[(payload, level)]

    def print_size_mm(self, payload: str, smallest: float = 0) -> float:
        """How wide the page's own code (level M) is printed, quiet zone included: ``smallest``
        mm, or wider when its modules would otherwise be narrower than MIN_MODULE_MM."""
        return max(smallest, (self.modules(payload) + 2 * QUIET_ZONE) * MIN_MODULE_MM)

    def level_for_print(self, payload: str, size_mm: float) -> str:
        """Labels use the page's own code (level M, 15% of it may be damaged) when its modules
        stay at least MIN_MODULE_MM wide at ``size_mm``, quiet zone included; otherwise level L,
        whose code has fewer, larger modules."""
        return "M" if self.print_size_mm(payload) <= size_mm else "L"
