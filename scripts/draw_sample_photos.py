#!/usr/bin/env python3
"""Draw the illustrative photos, logos and scans used by the sample catalog.

The sample records under products/ must not ship downloaded photos, so this
script draws simple flat pictures instead: a soft background, the product
(bottle, jar, pack, bowl, eggs, pearls, flowers ...) and a banner with the
product's short Vietnamese name.

Output is deterministic (no randomness), so re-running it gives the same files.

    .venv/bin/python scripts/draw_sample_photos.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
PRODUCTS = ROOT / "products"

W, H = 960, 720  # photo size
S = 2  # supersampling factor for smooth edges
LOGO = 256
JPEG_QUALITY = 80

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts")]


def find_font(names: list[str]) -> Path | None:
    for d in FONT_DIRS:
        for name in names:
            hits = sorted(d.rglob(name)) if d.exists() else []
            if hits:
                return hits[0]
    return None


BOLD = find_font(["DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf"])
REGULAR = find_font(["DejaVuSans.ttf", "NotoSans-Regular.ttf"])


def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    path = BOLD if bold else REGULAR
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def mix(c1, c2, t: float):
    """Blend two RGB colours (t=0 gives c1, t=1 gives c2)."""
    return tuple(round(a + (b - a) * t) for a, b in zip(c1, c2, strict=True))


WHITE = (255, 255, 255)
INK = (52, 48, 44)


class Pen:
    """ImageDraw wrapper working in 960x720 coordinates on a supersampled image."""

    def __init__(self, img: Image.Image, scale: int):
        self.d = ImageDraw.Draw(img)
        self.s = scale

    def _b(self, box):
        return [v * self.s for v in box]

    def rect(self, box, fill, radius=0, outline=None, width=0):
        self.d.rounded_rectangle(
            self._b(box), radius * self.s, fill=fill, outline=outline, width=width * self.s
        )

    def ellipse(self, box, fill, outline=None, width=0):
        self.d.ellipse(self._b(box), fill=fill, outline=outline, width=width * self.s)

    def circle(self, cx, cy, r, fill, outline=None, width=0):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def poly(self, pts, fill, outline=None):
        self.d.polygon([(x * self.s, y * self.s) for x, y in pts], fill=fill, outline=outline)

    def line(self, pts, fill, width=2):
        self.d.line(
            [(x * self.s, y * self.s) for x, y in pts], fill=fill, width=width * self.s, joint="curve"
        )

    def pieslice(self, box, start, end, fill):
        self.d.pieslice(self._b(box), start, end, fill=fill)

    def text(self, xy, txt, size, fill=INK, anchor="mm", bold=True):
        self.d.text(
            (xy[0] * self.s, xy[1] * self.s), txt, font=font(size * self.s, bold), fill=fill, anchor=anchor
        )

    def text_width(self, txt, size, bold=True):
        return self.d.textlength(txt, font=font(size * self.s, bold)) / self.s


def petal(cx, cy, angle, length, width, steps=18):
    """Points of a leaf/petal shape pointing from (cx, cy) in direction angle (deg)."""
    a = math.radians(angle)
    ux, uy = math.cos(a), math.sin(a)
    vx, vy = -uy, ux
    left, right = [], []
    for i in range(steps + 1):
        t = i / steps
        half = width / 2 * math.sin(math.pi * t)
        px, py = cx + ux * length * t, cy + uy * length * t
        left.append((px + vx * half, py + vy * half))
        right.append((px - vx * half, py - vy * half))
    return left + right[::-1]


# ---------------------------------------------------------------- objects


def bottle(p: Pen, cx, base, w, h, glass, liquid, cap, label, label_text="", fill_level=0.8):
    neck_w, neck_h = w * 0.34, h * 0.2
    body_top = base - h * 0.72
    p.rect((cx - w / 2, body_top, cx + w / 2, base), glass, radius=w * 0.22)
    liquid_top = base - (base - body_top) * fill_level
    p.rect((cx - w / 2 + 8, liquid_top, cx + w / 2 - 8, base - 8), liquid, radius=w * 0.18)
    p.poly(
        [
            (cx - neck_w / 2, body_top + 20),
            (cx - neck_w / 2, body_top - neck_h),
            (cx + neck_w / 2, body_top - neck_h),
            (cx + neck_w / 2, body_top + 20),
        ],
        glass,
    )
    p.rect(
        (cx - neck_w / 2 - 4, body_top - neck_h - 44, cx + neck_w / 2 + 4, body_top - neck_h + 4),
        cap,
        radius=8,
    )
    ly0, ly1 = base - h * 0.5, base - h * 0.2
    p.rect((cx - w / 2 + 4, ly0, cx + w / 2 - 4, ly1), label, radius=6)
    if label_text:
        p.text((cx, (ly0 + ly1) / 2), label_text, 22, fill=INK)
    p.rect((cx - w / 2 + 16, body_top + 26, cx - w / 2 + 30, ly0 - 14), mix(glass, WHITE, 0.6), radius=7)


def jar(p: Pen, cx, base, w, h, glass, content, lid, label_text=""):
    top = base - h
    p.rect((cx - w / 2, top + 30, cx + w / 2, base), glass, radius=30)
    p.rect((cx - w / 2 + 12, top + 60, cx + w / 2 - 12, base - 12), content, radius=22)
    p.rect((cx - w / 2 - 8, top, cx + w / 2 + 8, top + 44), lid, radius=10)
    for i in range(5):
        x = cx - w / 2 + 10 + i * (w / 5)
        p.line([(x + 10, top + 8), (x + 10, top + 36)], mix(lid, INK, 0.2), 3)
    if label_text:
        ly = base - h * 0.45
        p.rect((cx - w / 2 + 6, ly - 36, cx + w / 2 - 6, ly + 36), (250, 246, 236), radius=8)
        p.text((cx, ly), label_text, 24)


def pack(p: Pen, cx, base, w, h, color, window, label_text="", draw_window=None):
    top = base - h
    p.rect((cx - w / 2, top + 20, cx + w / 2, base), color, radius=18)
    teeth = 12
    pts = [(cx - w / 2, top + 30)]
    for i in range(teeth + 1):
        x = cx - w / 2 + i * w / teeth
        pts.append((x, top if i % 2 == 0 else top + 14))
    pts.append((cx + w / 2, top + 30))
    p.poly(pts, mix(color, INK, 0.15))
    wx0, wy0, wx1, wy1 = cx - w / 2 + 30, top + 90, cx + w / 2 - 30, base - 120
    p.rect((wx0, wy0, wx1, wy1), window, radius=14)
    if draw_window:
        draw_window(p, wx0, wy0, wx1, wy1)
    if label_text:
        p.rect((cx - w / 2 + 20, base - 100, cx + w / 2 - 20, base - 30), (250, 246, 236), radius=10)
        p.text((cx, base - 65), label_text, 24)


def noodle_lines(colour):
    def draw(p: Pen, x0, y0, x1, y1):
        rows = 9
        for r in range(rows):
            y = y0 + 14 + r * (y1 - y0 - 28) / (rows - 1)
            pts = [
                (x0 + 10 + i * 12, y + 6 * math.sin(i * 0.9 + r)) for i in range(int((x1 - x0 - 20) / 12) + 1)
            ]
            p.line(pts, colour, 3)

    return draw


def tea_leaves(colour):
    def draw(p: Pen, x0, y0, x1, y1):
        for i in range(14):
            cx = x0 + 25 + (i * 47) % max(1, int(x1 - x0 - 50))
            cy = y0 + 25 + (i * 31) % max(1, int(y1 - y0 - 50))
            p.poly(petal(cx, cy, (i * 53) % 360, 34, 12), mix(colour, INK, (i % 3) * 0.12))

    return draw


def root_pieces(colour):
    def draw(p: Pen, x0, y0, x1, y1):
        for i in range(10):
            cx = x0 + 30 + (i * 41) % max(1, int(x1 - x0 - 60))
            cy = y0 + 30 + (i * 29) % max(1, int(y1 - y0 - 60))
            p.ellipse((cx - 22, cy - 12, cx + 22, cy + 12), mix(colour, WHITE, (i % 3) * 0.12))
            p.circle(cx, cy, 5, mix(colour, INK, 0.35))

    return draw


def bowl_of_noodles(p: Pen, cx, cy, r):
    p.ellipse((cx - r * 0.8, cy + r * 0.66, cx + r * 0.8, cy + r * 0.86), (200, 194, 176))
    p.rect((cx - r * 0.32, cy + r * 0.6, cx + r * 0.32, cy + r * 0.78), (222, 224, 226), radius=8)
    p.pieslice((cx - r, cy - r * 0.72, cx + r, cy + r * 0.72), 0, 180, (236, 238, 240))
    p.ellipse((cx - r, cy - 36, cx + r, cy + 36), (245, 247, 248))
    p.ellipse((cx - r + 18, cy - 26, cx + r - 18, cy + 26), (120, 96, 70))
    for k in range(11):
        pts = [
            (cx - r + 40 + i * 10, cy - 16 + k * 3.2 + 7 * math.sin(i * 0.7 + k))
            for i in range(int((2 * r - 80) / 10))
        ]
        p.line(pts, (104, 112, 96), 3)
    for k, (dx, dy) in enumerate([(-60, -8), (-10, 4), (50, -10), (90, 6)]):
        p.poly(petal(cx + dx, cy + dy, k * 70 + 10, 34, 14), (78, 150, 72))
    p.circle(cx + 20, cy - 6, 14, (210, 84, 60))
    p.line([(cx + r * 0.2, cy - r * 0.9), (cx + r * 1.05, cy - 20)], (150, 110, 70), 8)
    p.line([(cx + r * 0.35, cy - r * 0.95), (cx + r * 1.12, cy - 34)], (150, 110, 70), 8)


def golden_camellia(p: Pen, cx, cy, r):
    for k in range(3):
        p.poly(petal(cx, cy, 200 + k * 60, r * 1.9, r * 0.7), (70, 130, 70))
    for k in range(7):
        p.poly(petal(cx, cy, k * 360 / 7, r, r * 0.8), (238, 190, 40))
    for k in range(7):
        p.poly(petal(cx, cy, k * 360 / 7 + 25, r * 0.75, r * 0.6), (248, 212, 70))
    p.circle(cx, cy, r * 0.28, (232, 160, 40))
    for k in range(14):
        a = math.radians(k * 360 / 14)
        p.circle(cx + math.cos(a) * r * 0.22, cy + math.sin(a) * r * 0.22, 4, (196, 110, 30))


def eggs(p: Pen, cx, base):
    basket, weave = (176, 132, 86), (150, 110, 70)
    p.ellipse((cx - 240, base - 40, cx + 240, base + 24), (200, 194, 176))
    shell = (204, 226, 218)
    for ex, ey in [(-140, -120), (-50, -140), (40, -128), (130, -118), (-95, -90), (85, -92)]:
        p.ellipse(
            (cx + ex - 46, base + ey - 62, cx + ex + 46, base + ey + 62),
            shell,
            outline=(160, 190, 180),
            width=2,
        )
        p.ellipse((cx + ex - 28, base + ey - 44, cx + ex - 8, base + ey - 14), mix(shell, WHITE, 0.7))
    # front of the basket, drawn over the eggs so they sit inside it
    p.pieslice((cx - 230, base - 150, cx + 230, base + 10), 0, 180, basket)
    p.rect((cx - 232, base - 76, cx + 232, base - 62), weave, radius=7)
    for i in range(8):
        p.line([(cx - 190 + i * 54, base - 60), (cx - 170 + i * 54, base - 4)], weave, 3)
    # a halved egg with the famous deep-orange yolk
    hx, hy = cx + 320, base - 40
    p.ellipse((hx - 70, hy - 50, hx + 70, hy + 50), (250, 250, 246))
    p.circle(hx, hy, 34, (232, 110, 30))
    p.circle(hx - 10, hy - 10, 9, (246, 160, 80))


def pearls_on_shell(p: Pen, cx, cy):
    p.pieslice((cx - 240, cy - 130, cx + 240, cy + 170), 180, 360, (120, 116, 128))
    p.pieslice((cx - 220, cy - 110, cx + 220, cy + 150), 180, 360, (206, 214, 226))
    for k in range(6):
        p.line([(cx, cy + 20), (cx - 200 + k * 80, cy - 90)], (184, 192, 210), 3)
    p.ellipse((cx - 250, cy + 10, cx + 250, cy + 90), (110, 106, 118))
    p.ellipse((cx - 230, cy + 16, cx + 230, cy + 76), (196, 204, 218))
    pearl(p, cx, cy - 16, 46)
    for k in range(13):
        a = math.radians(200 + k * 11)
        pearl(p, cx + 330 + math.cos(a) * 150, cy + 60 + math.sin(a) * 150, 17)


def pearl(p: Pen, x, y, r):
    p.circle(x, y + r * 0.15, r, (190, 186, 196))
    p.circle(x, y, r, (246, 242, 238))
    p.circle(x - r * 0.15, y - r * 0.1, r * 0.7, (252, 250, 248))
    p.circle(x - r * 0.35, y - r * 0.38, r * 0.22, WHITE)


def plate_of_patties(p: Pen, cx, cy, herbs=True):
    p.ellipse((cx - 260, cy - 110, cx + 260, cy + 120), (232, 232, 226))
    p.ellipse((cx - 230, cy - 90, cx + 230, cy + 100), (250, 250, 246))
    for dx, dy in [(-120, -20), (0, -40), (120, -20), (-60, 45), (70, 45)]:
        p.ellipse((cx + dx - 72, cy + dy - 46, cx + dx + 72, cy + dy + 46), (196, 130, 50))
        p.ellipse((cx + dx - 62, cy + dy - 40, cx + dx + 62, cy + dy + 34), (222, 164, 72))
        for j in range(5):
            p.circle(cx + dx - 40 + j * 20, cy + dy - 8 + (j % 2) * 14, 5, (176, 112, 40))
    if herbs:
        for k in range(5):
            p.poly(petal(cx + 200, cy + 40, 150 + k * 25, 60, 22), (84, 156, 76))


def chicken(p: Pen, cx, base):
    body = (196, 128, 52)
    p.line([(cx - 20, base - 90), (cx - 30, base)], (220, 170, 60), 8)
    p.line([(cx + 40, base - 90), (cx + 40, base)], (220, 170, 60), 8)
    for k in range(5):
        p.poly(petal(cx - 150, base - 250, 170 + k * 22, 170, 52), mix((60, 70, 56), body, k * 0.18))
    p.ellipse((cx - 170, base - 300, cx + 140, base - 80), body)
    p.poly(petal(cx - 70, base - 200, 15, 170, 90), mix(body, INK, 0.25))
    p.ellipse((cx + 60, base - 380, cx + 180, base - 250), (210, 148, 64))
    for k in range(3):
        p.circle(cx + 95 + k * 24, base - 384 + (k % 2) * 6, 18, (214, 48, 40))
    p.poly([(cx + 175, base - 330), (cx + 220, base - 316), (cx + 175, base - 302)], (236, 180, 50))
    p.ellipse((cx + 160, base - 300, cx + 184, base - 262), (214, 48, 40))
    p.circle(cx + 140, base - 330, 9, INK)
    p.circle(cx + 143, base - 333, 3, WHITE)


def teacup(p: Pen, cx, cy):
    p.ellipse((cx - 150, cy + 50, cx + 150, cy + 100), (232, 226, 214))
    p.pieslice((cx - 110, cy - 90, cx + 110, cy + 110), 0, 180, (248, 246, 240))
    p.ellipse((cx - 110, cy - 24, cx + 110, cy + 24), (248, 246, 240))
    p.ellipse((cx - 96, cy - 16, cx + 96, cy + 16), (176, 178, 70))
    for k in range(3):
        x = cx - 40 + k * 40
        p.line([(x + 10 * math.sin(i / 2 + k), cy - 40 - i * 10) for i in range(10)], (255, 255, 255), 5)


def dipping_dish(p: Pen, cx, cy, sauce):
    p.ellipse((cx - 90, cy - 34, cx + 90, cy + 34), (244, 244, 240))
    p.ellipse((cx - 70, cy - 22, cx + 70, cy + 22), sauce)
    for k in range(3):
        p.circle(cx - 30 + k * 28, cy - 2 + (k % 2) * 6, 7, (214, 48, 40))


# ---------------------------------------------------------------- scenes


def new_canvas(bg):
    img = Image.new("RGB", (W * S, H * S), bg)
    pen = Pen(img, S)
    pen.circle(W * 0.42, H * 0.42, 300, mix(bg, WHITE, 0.35))
    pen.rect((0, H - 150, W, H), mix(bg, INK, 0.12))
    pen.rect((0, H - 150, W, H - 140), mix(bg, INK, 0.2))
    return img, pen


def finish(img: Image.Image, pen: Pen, title: str, accent, out: Path):
    tw = pen.text_width(title, 40)
    pen.rect((40, 34, 40 + tw + 56, 110), accent, radius=22)
    pen.text((40 + 28 + tw / 2, 72), title, 40, fill=WHITE)
    pen.text((W - 24, H - 22), "ảnh minh hoạ", 18, fill=mix(INK, WHITE, 0.35), anchor="rs", bold=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    img = img.resize((W, H), Image.LANCZOS)
    img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)


def scene(draw, bg, accent, title):
    def make(out: Path):
        img, pen = new_canvas(bg)
        draw(pen)
        finish(img, pen, title, accent, out)

    return make


PHOTOS = {
    # producer folder / file name: scene
    "cty-lam-san-dap-thanh/media/tra-hoa-vang.jpg": scene(
        lambda p: (
            jar(p, 360, 600, 260, 330, (232, 236, 232), (236, 196, 70), (150, 40, 40), "Trà hoa vàng"),
            golden_camellia(p, 660, 430, 90),
            golden_camellia(p, 800, 520, 60),
        ),
        (246, 236, 208),
        (170, 50, 40),
        "Trà hoa vàng Ba Chẽ",
    ),
    "cty-lam-san-dap-thanh/media/tra-hoa-vang-bong.jpg": scene(
        lambda p: (golden_camellia(p, 420, 380, 150), golden_camellia(p, 700, 470, 95)),
        (226, 238, 214),
        (70, 120, 60),
        "Bông trà hoa vàng",
    ),
    "htx-lam-san-ngoai-go-ba-che/media/ruou-ba-kich.jpg": scene(
        lambda p: (
            bottle(
                p,
                380,
                600,
                180,
                470,
                (226, 224, 220),
                (128, 42, 52),
                (90, 30, 30),
                (244, 228, 190),
                "Ba kích",
            ),
            bottle(p, 600, 600, 120, 300, (226, 224, 220), (128, 42, 52), (90, 30, 30), (244, 228, 190)),
        ),
        (236, 222, 214),
        (110, 36, 48),
        "Rượu ba kích Ba Chẽ",
    ),
    "htx-lam-san-ngoai-go-ba-che/media/ba-kich-kho.jpg": scene(
        lambda p: pack(
            p, 420, 610, 300, 460, (120, 60, 90), (236, 226, 214), "Ba kích tím", root_pieces((150, 96, 120))
        ),
        (236, 228, 236),
        (110, 56, 86),
        "Ba kích tím sấy khô",
    ),
    "cty-tmdv-binh-lieu/media/mien-dong.jpg": scene(
        lambda p: bowl_of_noodles(p, 440, 440, 230), (234, 230, 214), (96, 110, 70), "Miến dong Bình Liêu"
    ),
    "cty-tmdv-binh-lieu/media/mien-dong-goi.jpg": scene(
        lambda p: pack(
            p, 420, 610, 320, 460, (86, 120, 80), (238, 236, 226), "Miến dong", noodle_lines((132, 138, 118))
        ),
        (226, 234, 220),
        (70, 100, 60),
        "Miến dong Bình Liêu",
    ),
    "cty-thuy-san-quang-ninh/media/ruoc-hau.jpg": scene(
        lambda p: (
            jar(p, 380, 600, 270, 340, (236, 238, 240), (214, 170, 110), (40, 90, 140), "Ruốc hàu"),
            jar(p, 640, 600, 170, 220, (236, 238, 240), (214, 170, 110), (40, 90, 140)),
        ),
        (220, 232, 240),
        (34, 84, 130),
        "Ruốc hàu Vân Đồn",
    ),
    "hkd-cha-muc-hong-gai/media/cha-muc.jpg": scene(
        lambda p: plate_of_patties(p, 450, 450), (240, 230, 210), (180, 110, 40), "Chả mực Hạ Long"
    ),
    "cty-ngoc-trai-ha-long/media/ngoc-trai-akoya.jpg": scene(
        lambda p: pearls_on_shell(p, 380, 430), (214, 226, 236), (40, 70, 110), "Ngọc trai Akoya"
    ),
    "cty-ngoc-trai-ha-long/media/ngoc-trai-chuoi.jpg": scene(
        lambda p: [
            pearl(p, 480 + math.cos(math.radians(a)) * 230, 380 + math.sin(math.radians(a)) * 170, 20)
            for a in range(0, 360, 12)
        ],
        (40, 60, 86),
        (180, 150, 90),
        "Chuỗi ngọc trai Akoya",
    ),
    "cty-nuoc-khoang-quang-hanh/media/nuoc-khoang.jpg": scene(
        lambda p: (
            bottle(p, 360, 600, 170, 470, (214, 232, 240), (186, 220, 236), (30, 110, 170), (40, 120, 180)),
            p.text((360, 600 - 470 * 0.35), "Quang Hanh", 22, fill=WHITE),
            bottle(p, 580, 600, 170, 470, (214, 232, 240), (186, 220, 236), (30, 110, 170), (40, 120, 180)),
            p.text((580, 600 - 470 * 0.35), "Quang Hanh", 22, fill=WHITE),
            [p.circle(330 + (i * 37) % 70, 520 - i * 22, 5, (240, 248, 252)) for i in range(8)],
        ),
        (220, 236, 242),
        (30, 110, 170),
        "Nước khoáng Quang Hanh",
    ),
    "htx-chan-nuoi-dong-tien/media/trung-vit-bien.jpg": scene(
        lambda p: eggs(p, 380, 580), (232, 238, 226), (60, 120, 110), "Trứng vịt biển Đồng Rui"
    ),
    "cty-thuan-quynh/media/che-duong-hoa.jpg": scene(
        lambda p: (
            pack(
                p,
                330,
                610,
                280,
                440,
                (46, 110, 70),
                (230, 236, 220),
                "Chè Đường Hoa",
                tea_leaves((90, 130, 60)),
            ),
            teacup(p, 680, 470),
        ),
        (230, 238, 222),
        (40, 100, 60),
        "Chè Đường Hoa",
    ),
    "cty-phuc-long-tien-yen/media/ga-tien-yen.jpg": scene(
        lambda p: chicken(p, 450, 600), (236, 232, 206), (150, 90, 30), "Gà Tiên Yên"
    ),
    "cty-nuoc-mam-cai-rong/media/nuoc-mam.jpg": scene(
        lambda p: (
            bottle(
                p,
                360,
                600,
                150,
                480,
                (230, 226, 216),
                (150, 80, 30),
                (160, 40, 30),
                (246, 232, 200),
                "Cái Rồng",
            ),
            dipping_dish(p, 640, 560, (170, 96, 40)),
        ),
        (240, 228, 206),
        (150, 60, 30),
        "Nước mắm Cái Rồng",
    ),
}


# ---------------------------------------------------------------- documents


def document(out: Path, heading: str, lines: list[str], stamp: str):
    """A plain A4-like page: used for the sample certificate and lab report scans."""
    w, h = 720, 960
    img = Image.new("RGB", (w * S, h * S), (252, 251, 246))
    p = Pen(img, S)
    p.rect((30, 30, w - 30, h - 30), None, radius=4, outline=(180, 150, 90), width=3)
    p.text((w / 2, 90), "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 20)
    p.text((w / 2, 118), "Độc lập - Tự do - Hạnh phúc", 18, bold=False)
    p.text((w / 2, 200), heading, 28, fill=(150, 40, 40))
    y = 270
    for line in lines:
        p.text((80, y), line, 19, anchor="lm", bold=False)
        y += 40
    p.circle(w - 170, h - 190, 80, None, outline=(200, 60, 60), width=4)
    p.text((w - 170, h - 190), stamp, 16, fill=(200, 60, 60))
    p.text((w / 2, h - 60), "Bản minh hoạ, không có giá trị pháp lý", 16, fill=(150, 150, 150), bold=False)
    img = img.resize((w, h), Image.LANCZOS)
    img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)


DOCUMENTS = {
    "htx-lam-san-ngoai-go-ba-che/media/chung-nhan-ocop-ruou-ba-kich.jpg": (
        "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        [
            "Sản phẩm: Rượu ba kích Ba Chẽ",
            "Chủ thể: HTX Kinh doanh dịch vụ lâm sản ngoài gỗ Ba Chẽ",
            "Hạng: 4 sao",
            "Quyết định số 312/QĐ-UBND ngày 30/01/2024",
            "của UBND tỉnh Quảng Ninh",
            "Thời hạn: 36 tháng kể từ ngày ký",
        ],
        "OCOP ★★★★",
    ),
    "cty-thuan-quynh/media/phieu-thu-nghiem-DH-2608.jpg": (
        "PHIẾU KẾT QUẢ THỬ NGHIỆM",
        [
            "Mẫu: Chè xanh Đường Hoa, lô DH-2608",
            "Số phiếu: KN-26-10-0418",
            "Ngày nhận mẫu: 06/10/2026",
            "Độ ẩm: 10,4 % (mức công bố: ≤ 8 %)  KHÔNG ĐẠT",
            "Tổng số nấm men - nấm mốc: 2,3 × 10³ CFU/g",
            "(mức công bố: ≤ 10² CFU/g)  KHÔNG ĐẠT",
            "Kết luận: mẫu không đạt chỉ tiêu đã công bố",
        ],
        "ĐÃ KÝ",
    ),
}


# ---------------------------------------------------------------- logos

LOGOS = {
    "cty-lam-san-dap-thanh": ("ĐT", (170, 50, 40)),
    "htx-lam-san-ngoai-go-ba-che": ("BC", (110, 36, 48)),
    "cty-tmdv-binh-lieu": ("BL", (70, 100, 60)),
    "cty-thuy-san-quang-ninh": ("QN", (34, 84, 130)),
    "cty-ngoc-trai-ha-long": ("HL", (40, 70, 110)),
    "cty-nuoc-khoang-quang-hanh": ("QH", (30, 110, 170)),
    "htx-chan-nuoi-dong-tien": ("ĐR", (60, 120, 110)),
    "cty-thuan-quynh": ("TQ", (40, 100, 60)),
    "cty-phuc-long-tien-yen": ("PL", (150, 90, 30)),
    "cty-nuoc-mam-cai-rong": ("CR", (150, 60, 30)),
}


def logo(out: Path, initials: str, colour):
    img = Image.new("RGBA", (LOGO * S, LOGO * S), (0, 0, 0, 0))
    p = Pen(img, S)
    p.circle(LOGO / 2, LOGO / 2, LOGO / 2 - 6, colour)
    p.circle(LOGO / 2, LOGO / 2, LOGO / 2 - 22, None, outline=mix(colour, WHITE, 0.6), width=4)
    p.text((LOGO / 2, LOGO / 2 + 4), initials, 92, fill=WHITE)
    img = img.resize((LOGO, LOGO), Image.LANCZOS)
    img.save(out, "PNG", optimize=True)


def main() -> None:
    written = []
    for rel, make in PHOTOS.items():
        out = PRODUCTS / rel
        make(out)
        written.append(out)
    for rel, (heading, lines, stamp) in DOCUMENTS.items():
        out = PRODUCTS / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        document(out, heading, lines, stamp)
        written.append(out)
    for producer, (initials, colour) in LOGOS.items():
        out = PRODUCTS / producer / "media" / "logo.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        logo(out, initials, colour)
        written.append(out)
    for out in written:
        print(f"{out.stat().st_size / 1024:6.1f} KB  {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
