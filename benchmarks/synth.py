"""Deterministic synthetic catalogs in the record format, for the build benchmark.

``python -m benchmarks.synth OUT --products N`` writes ``OUT/products/`` (producers, products,
batches, one shared photo per producer), ``OUT/permalinks.tsv`` (the ledger a deployed site
keeps, listing every generated URL) and ``OUT/manifest.json`` (counts). The same seed and size
always give the same files.

Text is assembled from word lists of Quảng Ninh communes, OCOP product kinds, materials and
production steps, in Vietnamese and English, so pages carry text of realistic length and
characters (diacritics everywhere). About 10% of stories have no English text, so the
"untranslated" path is exercised; about 2% of batches are recalled or withdrawn, 30% of
products carry a GTIN (and therefore GS1 Digital Link redirects), and about a third of the OCOP
certificates have expired by the benchmark's fixed "today" (2026-11-29). `ocop validate` accepts
every catalog and warns only about those two things (untranslated stories, expired certificates).

Media: each producer gets one photo, copied from the sample catalog (25-35 kB JPEG) and used as
the cover of all its products; there are no logos, certificate scans or lab-report files, so
copied media stay a small part of the output and the build's cost is the pages. Copies of one
photo are one photo to the photo cache (keyed by content), so even a cold build resizes only
the sample's 17: what real photos cost is in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from .measure import discard

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PRODUCTS = ROOT / "products"
TODAY = date(2026, 11, 29)  # the benchmark's fixed "today" (the plugin's `today` option)
SEED = 20251
BATCHES_PER_PRODUCT = 5
GENERATOR_VERSION = "2"  # bump when the shape of the generated records changes

_Base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    """Writes records the way people do: no anchors, multi-line text as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)

VN = timezone(timedelta(hours=7))


# --- Word lists -----------------------------------------------------------------------------

# (commune after the 1 July 2025 reorganisation, short name, former district or town, lat, lon)
COMMUNES: list[tuple[str, str, str, float, float]] = [
    ("phường Hạ Long", "Hạ Long", "TP Hạ Long", 20.9510, 107.0800),
    ("phường Bãi Cháy", "Bãi Cháy", "TP Hạ Long", 20.9560, 107.0470),
    ("phường Hồng Gai", "Hồng Gai", "TP Hạ Long", 20.9528, 107.0842),
    ("phường Hà Tu", "Hà Tu", "TP Hạ Long", 20.9660, 107.1380),
    ("phường Tuần Châu", "Tuần Châu", "TP Hạ Long", 20.9290, 106.9890),
    ("phường Hoành Bồ", "Hoành Bồ", "Hoành Bồ", 21.0120, 107.0410),
    ("phường Quảng Yên", "Quảng Yên", "TX Quảng Yên", 20.9370, 106.8070),
    ("phường Phong Cốc", "Phong Cốc", "TX Quảng Yên", 20.9000, 106.8210),
    ("phường Đông Triều", "Đông Triều", "TX Đông Triều", 21.0830, 106.5150),
    ("phường Mạo Khê", "Mạo Khê", "TX Đông Triều", 21.0560, 106.5930),
    ("phường Uông Bí", "Uông Bí", "TP Uông Bí", 21.0340, 106.7750),
    ("phường Yên Tử", "Yên Tử", "TP Uông Bí", 21.1150, 106.7300),
    ("phường Cẩm Phả", "Cẩm Phả", "TP Cẩm Phả", 21.0100, 107.2900),
    ("phường Quang Hanh", "Quang Hanh", "TP Cẩm Phả", 21.0046, 107.2214),
    ("phường Cửa Ông", "Cửa Ông", "TP Cẩm Phả", 21.0290, 107.3630),
    ("phường Móng Cái 1", "Móng Cái", "TP Móng Cái", 21.5250, 107.9660),
    ("phường Móng Cái 2", "Trà Cổ", "TP Móng Cái", 21.4790, 108.0350),
    ("xã Hải Sơn", "Hải Sơn", "TP Móng Cái", 21.5880, 107.8200),
    ("xã Vĩnh Thực", "Vĩnh Thực", "TP Móng Cái", 21.4210, 107.9420),
    ("xã Ba Chẽ", "Ba Chẽ", "Ba Chẽ", 21.2712, 107.2905),
    ("xã Kỳ Thượng", "Kỳ Thượng", "Ba Chẽ", 21.3185, 107.2240),
    ("xã Lương Minh", "Lương Minh", "Ba Chẽ", 21.2100, 107.2180),
    ("xã Tiên Yên", "Tiên Yên", "Tiên Yên", 21.3320, 107.3990),
    ("xã Đông Ngũ", "Đông Ngũ", "Tiên Yên", 21.3068, 107.4452),
    ("xã Hải Lạng", "Hải Lạng", "Tiên Yên", 21.2862, 107.4031),
    ("xã Điền Xá", "Điền Xá", "Tiên Yên", 21.3800, 107.3350),
    ("xã Bình Liêu", "Bình Liêu", "Bình Liêu", 21.5270, 107.3970),
    ("xã Lục Hồn", "Lục Hồn", "Bình Liêu", 21.5098, 107.4318),
    ("xã Hoành Mô", "Hoành Mô", "Bình Liêu", 21.6130, 107.5180),
    ("xã Đầm Hà", "Đầm Hà", "Đầm Hà", 21.3540, 107.5970),
    ("xã Quảng Tân", "Quảng Tân", "Đầm Hà", 21.3900, 107.5580),
    ("xã Quảng Hà", "Quảng Hà", "Hải Hà", 21.4510, 107.7500),
    ("xã Đường Hoa", "Đường Hoa", "Hải Hà", 21.4985, 107.6820),
    ("xã Quảng Đức", "Quảng Đức", "Hải Hà", 21.5540, 107.7040),
    ("xã Cái Chiên", "Cái Chiên", "Hải Hà", 21.3570, 107.7550),
    ("đặc khu Vân Đồn", "Vân Đồn", "Vân Đồn", 21.0598, 107.4227),
    ("đặc khu Cô Tô", "Cô Tô", "Cô Tô", 20.9760, 107.7640),
]

# The national catalog spreads over about 3,321 communes (after the 1 July 2025 reorganisation),
# one listing page each; Quảng Ninh's 37 above are the first, and a larger catalog adds communes of
# other provinces in that proportion (NATIONAL_COMMUNES for NATIONAL_PRODUCTS), named from common
# place-name syllables.
NATIONAL_PRODUCTS, NATIONAL_COMMUNES = 18000, 3321
SYLLABLES = [
    "Tân", "Phú", "An", "Hòa", "Bình", "Thạnh", "Long", "Phước", "Đông", "Tây", "Mỹ", "Hưng",
    "Thuận", "Vĩnh", "Quang", "Minh", "Thành", "Trung", "Nghĩa", "Lộc", "Thái", "Hải", "Sơn", "Đức",
    "Kim", "Xuân", "Hồng", "Cẩm", "Tiên", "Yên", "Ngọc", "Lạc", "Thắng", "Hiệp", "Thới", "Khánh",
    "Gia", "Hà", "Lâm", "Bảo", "Phong", "Nam",
]  # fmt: skip
PROVINCES = [
    ("Lào Cai", 22.48, 103.97), ("Thái Nguyên", 21.59, 105.84), ("Phú Thọ", 21.32, 105.40),
    ("Bắc Ninh", 21.19, 106.07), ("Hưng Yên", 20.65, 106.05), ("Ninh Bình", 20.25, 105.97),
    ("Thanh Hóa", 19.81, 105.78), ("Nghệ An", 18.68, 105.68), ("Hà Tĩnh", 18.34, 105.91),
    ("Quảng Trị", 16.75, 107.19), ("Huế", 16.46, 107.59), ("Đà Nẵng", 16.05, 108.20),
    ("Quảng Ngãi", 15.12, 108.80), ("Gia Lai", 13.98, 108.00), ("Khánh Hòa", 12.24, 109.19),
    ("Lâm Đồng", 11.94, 108.44), ("Đắk Lắk", 12.67, 108.04), ("Đồng Nai", 10.95, 106.82),
    ("Tây Ninh", 11.31, 106.10), ("Vĩnh Long", 10.25, 105.97), ("Đồng Tháp", 10.46, 105.63),
    ("An Giang", 10.38, 105.44), ("Cà Mau", 9.18, 105.15), ("Cần Thơ", 10.03, 105.78),
    ("Tuyên Quang", 21.82, 105.21), ("Cao Bằng", 22.67, 106.26), ("Lạng Sơn", 21.85, 106.76),
    ("Lai Châu", 22.40, 103.46), ("Điện Biên", 21.39, 103.02), ("Sơn La", 21.33, 103.91),
]  # fmt: skip


def communes(n_products: int) -> list[tuple[str, str, str, float, float, str | None]]:
    """The communes a catalog of ``n_products`` spreads over, each with the province it names
    (None: the site's own, Quảng Ninh): as many, in proportion, as the national catalog's."""
    wanted = max(len(COMMUNES), round(n_products * NATIONAL_COMMUNES / NATIONAL_PRODUCTS))
    found: list[tuple[str, str, str, float, float, str | None]] = [(*c, None) for c in COMMUNES]
    rng = random.Random(NATIONAL_COMMUNES)  # the same communes in every catalog, in the same order
    names = [(a, b) for a in SYLLABLES for b in SYLLABLES if a != b]
    rng.shuffle(names)
    for index, (a, b) in enumerate(names * 2):
        if len(found) >= wanted:
            break
        province, lat, lon = PROVINCES[index % len(PROVINCES)]
        unit = "xã" if index < len(names) else "phường"
        short = f"{a} {b}"
        found.append((f"{unit} {short}", short, a, round(lat + rng.uniform(-0.4, 0.4), 4),
                      round(lon + rng.uniform(-0.4, 0.4), 4), province))  # fmt: skip
    return found


HAMLETS = [
    "Khe Lạc", "Làng Mới", "Nà Phạ", "Đồng Rui", "Khe Tù", "Pò Hèn", "Nà Bắp", "Cái Rồng",
    "Bản Cáp", "Khe Mằn", "Đồng Mỏ", "Nà Sa", "Tấn Mài", "Thanh Lân", "Cổng Mỏ", "Khe Nà",
]  # fmt: skip
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Lý", "Tô", "Chu"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Quang", "Thanh", "Kim"]
GIVEN = [
    "Hà", "Lan", "Tuấn", "Hùng", "Thảo", "Quỳnh", "Sơn", "Hải", "Nga", "Dũng", "Hương", "Bình",
    "Thủy", "Long", "Mai", "Phúc", "Yến", "Khánh", "Tâm", "Hoa",
]  # fmt: skip
BRANDS = [
    "Thuấn Quỳnh", "Phúc Long", "Hải Đăng", "Bavabi", "Minh Tâm", "An Phát", "Đại Dương", "Hoàng Gia",
    "Việt Hương", "Sao Biển", "Kim Long", "Hưng Thịnh", "Tân Tiến", "Thành Công", "Hồng Hà",
]  # fmt: skip
TESTING_CENTRES = [
    ("Trung tâm Kiểm nghiệm tỉnh Quảng Ninh", "Quảng Ninh Testing Centre"),
    ("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Quảng Ninh", "Quảng Ninh Quality Technical Centre"),
    ("Viện Kiểm nghiệm an toàn vệ sinh thực phẩm quốc gia", "National Institute for Food Control"),
]
QUALIFIERS = [
    ("", ""),
    ("truyền thống", "traditional"),
    ("đặc biệt", "premium"),
    ("gia truyền", "family recipe"),
    ("hộp quà", "gift box"),
    ("loại 1", "grade 1"),
    ("hữu cơ", "organic"),
]


@dataclass(frozen=True)
class Kind:
    """One kind of OCOP product: how it is named, made, packed and kept."""

    vi: str
    en: str
    group: str
    subgroup: tuple[str, str]
    prefix: str  # lot prefix
    net: tuple[str, ...]
    unit: tuple[str, str]
    shelf: tuple[str, str]
    ingredients: tuple[str, str]
    materials: tuple[tuple[str, str], ...]
    process: tuple[tuple[str, str], ...]  # notes of the processing step
    warning: tuple[str, str] | None = None
    standard: str = "TCCS"


@dataclass(frozen=True)
class Trade:
    """What a producer does: its kinds of product and the words its name is built from."""

    vi: str
    en: str
    kinds: tuple[Kind, ...]


def _k(*args: Any, **kwargs: Any) -> Kind:
    return Kind(*args, **kwargs)


# fmt: off
SEAFOOD = Trade(
    "Chế biến thủy sản",
    "Seafood Processing",
    (
        _k("Chả mực", "squid cake", "food", ("Thủy sản chế biến", "Processed seafood"), "CM",
           ("500 g", "1 kg"), ("hộp", "boxes"), ("6 tháng (cấp đông)", "6 months (frozen)"),
           ("Mực ống tươi 92%, mỡ lợn, tiêu, muối, nước mắm.", "Fresh squid 92%, pork fat, pepper, salt, fish sauce."),
           (("Mực ống tươi", "Fresh squid"), ("Mỡ lợn", "Pork fat")),
           (("Giã tay bằng cối đá, nặn bánh, chiên vàng", "Hand-pounded in a stone mortar, shaped and fried golden"),
            ("Cấp đông nhanh -35 °C", "Blast-frozen at -35 °C"))),
        _k("Ruốc hàu", "oyster floss", "food", ("Thủy sản chế biến", "Processed seafood"), "RH",
           ("100 g", "200 g"), ("hũ", "jars"), ("12 tháng", "12 months"),
           ("Thịt hàu 85%, hành khô, nước mắm, đường.", "Oyster meat 85%, shallots, fish sauce, sugar."),
           (("Hàu Thái Bình Dương", "Pacific oysters"), ("Hành khô", "Dried shallots")),
           (("Hấp, tách thịt, sao khô, đánh tơi", "Steamed, shucked, pan-dried and shredded"),)),
        _k("Nước mắm", "fish sauce", "food", ("Gia vị", "Condiments"), "NM",
           ("500 ml", "1 l"), ("chai", "bottles"), ("24 tháng", "24 months"),
           ("Cá cơm, muối biển. Độ đạm 35 °N.", "Anchovies and sea salt. 35 °N protein."),
           (("Cá cơm than", "Anchovies"), ("Muối biển", "Sea salt")),
           (("Ủ chượp trong thùng gỗ 12 tháng", "Fermented in wooden vats for 12 months"),
            ("Kéo rút, lọc và lắng", "Drawn off, filtered and settled"))),
        _k("Sá sùng khô", "dried peanut worm", "food", ("Thủy sản khô", "Dried seafood"), "SS",
           ("100 g", "250 g"), ("túi", "bags"), ("12 tháng", "12 months"),
           ("100% sá sùng biển.", "100% sea peanut worm."),
           (("Sá sùng tươi", "Fresh peanut worms"),),
           (("Lộn ruột, rửa cát, phơi nắng ba ngày", "Turned inside out, rinsed of sand and sun-dried for three days"),)),
        _k("Mực khô", "dried squid", "food", ("Thủy sản khô", "Dried seafood"), "MK",
           ("250 g", "500 g"), ("túi", "bags"), ("12 tháng", "12 months"),
           ("100% mực ống.", "100% squid."),
           (("Mực ống câu đêm", "Night-caught squid"),),
           (("Mổ, rửa nước biển, phơi hai nắng", "Split, rinsed in sea water and dried over two sunny days"),)),
    ),
)
FOREST = Trade(
    "Lâm sản ngoài gỗ",
    "Non-Timber Forest Products",
    (
        _k("Ba kích tím sấy khô", "dried purple morinda root", "herbal", ("Dược liệu khô", "Dried medicinal herb"), "BK",
           ("200 g", "500 g"), ("túi", "bags"), ("24 tháng", "24 months"),
           ("100% củ ba kích tím đã rút lõi.", "100% cored purple morinda root."),
           (("Củ ba kích tím", "Purple morinda roots"),),
           (("Đồ, rút lõi, thái khúc, sấy 50 °C", "Steamed, cored, cut and dried at 50 °C"),),
           ("Phụ nữ có thai nên hỏi ý kiến thầy thuốc.", "Pregnant women should consult a doctor first.")),
        _k("Trà hoa vàng", "golden camellia tea", "beverage", ("Trà thảo mộc", "Herbal tea"), "THV",
           ("50 g", "100 g"), ("hộp", "boxes"), ("24 tháng", "24 months"),
           ("100% bông trà hoa vàng sấy lạnh.", "100% freeze-dried golden camellia flowers."),
           (("Bông trà hoa vàng tươi", "Fresh golden camellia flowers"),),
           (("Sấy lạnh 36 giờ", "Freeze-dried for 36 hours"),)),
        _k("Tinh dầu quế", "cinnamon oil", "herbal", ("Tinh dầu", "Essential oil"), "TDQ",
           ("10 ml", "30 ml"), ("lọ", "vials"), ("36 tháng", "36 months"),
           ("Tinh dầu chưng cất từ lá và cành quế.", "Oil distilled from cinnamon leaves and twigs."),
           (("Lá và cành quế", "Cinnamon leaves and twigs"),),
           (("Chưng cất hơi nước 6 giờ", "Steam-distilled for 6 hours"),)),
        _k("Hoa hồi khô", "dried star anise", "food", ("Gia vị", "Spices"), "HH",
           ("100 g", "500 g"), ("túi", "bags"), ("24 tháng", "24 months"),
           ("100% quả hồi khô.", "100% dried star anise."),
           (("Quả hồi tươi", "Fresh star anise"),),
           (("Chần nước sôi, phơi khô tự nhiên", "Blanched and air-dried"),)),
        _k("Mật ong rừng", "wild forest honey", "food", ("Mật ong", "Honey"), "MO",
           ("250 ml", "500 ml"), ("chai", "bottles"), ("24 tháng", "24 months"),
           ("100% mật ong rừng.", "100% wild forest honey."),
           (("Mật ong rừng", "Wild honey"),),
           (("Lọc qua vải, hạ thủy phần", "Cloth-filtered and moisture-reduced"),),
           ("Không dùng cho trẻ dưới 1 tuổi.", "Not for children under one year old.")),
    ),
)
TEA = Trade(
    "Chè",
    "Tea",
    (
        _k("Chè xanh", "green tea", "beverage", ("Chè", "Tea"), "CX",
           ("100 g", "200 g", "500 g"), ("gói", "packs"), ("18 tháng", "18 months"),
           ("100% búp chè xanh.", "100% green tea shoots."),
           (("Búp chè tươi", "Fresh tea shoots"),),
           (("Diệt men, vò, sấy hai lần", "Fixed, rolled and dried twice"),)),
        _k("Chè hoa vàng túi lọc", "golden camellia tea bags", "beverage", ("Trà túi lọc", "Tea bags"), "CHV",
           ("20 túi × 2 g", "50 túi × 2 g"), ("hộp", "boxes"), ("24 tháng", "24 months"),
           ("Lá và hoa trà hoa vàng.", "Golden camellia leaves and flowers."),
           (("Lá trà hoa vàng", "Golden camellia leaves"),),
           (("Sao, nghiền, đóng túi lọc", "Roasted, ground and bagged"),)),
    ),
)
LIVESTOCK = Trade(
    "Chăn nuôi",
    "Livestock",
    (
        _k("Gà đồi", "hill chicken", "food", ("Thịt gia cầm", "Poultry"), "GD",
           ("1,5–2 kg/con",), ("con", "birds"), ("3 ngày (bảo quản mát)", "3 days (chilled)"),
           ("Gà đồi nuôi thả trên 150 ngày.", "Free-range hill chicken raised over 150 days."),
           (("Gà giống chín cựa", "Nine-spur chicks"), ("Thóc, ngô", "Paddy and maize")),
           (("Giết mổ tại cơ sở đạt chuẩn", "Slaughtered at a certified plant"),)),
        _k("Trứng vịt biển", "sea duck eggs", "food", ("Trứng gia cầm", "Eggs"), "TVB",
           ("10 quả", "30 quả"), ("quả", "eggs"), ("30 ngày", "30 days"),
           ("Trứng vịt nuôi bãi triều.", "Eggs of ducks raised on tidal flats."),
           (("Vịt biển đẻ trứng", "Laying sea ducks"),),
           (("Làm sạch, soi trứng, phân loại", "Cleaned, candled and graded"),)),
        _k("Lợn bản", "hill pig pork", "food", ("Thịt", "Meat"), "LB",
           ("1 kg",), ("kg", "kg"), ("5 ngày (bảo quản mát)", "5 days (chilled)"),
           ("Thịt lợn bản nuôi thả.", "Free-range hill pig pork."),
           (("Lợn bản", "Hill pigs"),),
           (("Pha lóc, hút chân không", "Butchered and vacuum-packed"),)),
    ),
)
FARM = Trade(
    "Nông sản",
    "Farm Produce",
    (
        _k("Miến dong", "arrowroot vermicelli", "food", ("Nông sản chế biến", "Processed farm produce"), "MD",
           ("500 g", "1 kg"), ("túi", "bags"), ("12 tháng", "12 months"),
           ("100% tinh bột dong riềng.", "100% arrowroot starch."),
           (("Củ dong riềng", "Arrowroot tubers"),),
           (("Tráng bánh, thái sợi, phơi nắng", "Spread into sheets, cut into strands and sun-dried"),)),
        _k("Khoai sọ", "taro", "food", ("Nông sản tươi", "Fresh produce"), "KS",
           ("1 kg", "2 kg"), ("túi", "bags"), ("20 ngày", "20 days"),
           ("Khoai sọ núi.", "Mountain taro."),
           (("Khoai sọ giống địa phương", "Local taro seed tubers"),),
           (("Làm sạch đất, phân loại", "Cleaned and graded"),)),
        _k("Gạo nếp cái hoa vàng", "yellow-flower sticky rice", "food", ("Gạo", "Rice"), "NCV",
           ("2 kg", "5 kg"), ("túi", "bags"), ("12 tháng", "12 months"),
           ("100% gạo nếp cái hoa vàng.", "100% yellow-flower sticky rice."),
           (("Thóc nếp cái hoa vàng", "Yellow-flower sticky paddy"),),
           (("Xay xát, tách tấm, đóng túi hút chân không", "Milled, sorted and vacuum-packed"),)),
    ),
)
DRINKS = Trade(
    "Đồ uống",
    "Beverages",
    (
        _k("Rượu ba kích", "morinda root liquor", "beverage", ("Rượu ngâm dược liệu", "Herbal liqueur"), "RBK",
           ("500 ml", "750 ml"), ("chai", "bottles"), ("36 tháng", "36 months"),
           ("Rượu gạo, củ ba kích tím. Độ cồn 29,5% vol.", "Rice liquor and purple morinda root. 29.5% ABV."),
           (("Củ ba kích tím", "Purple morinda roots"), ("Rượu gạo nấu thủ công", "Hand-distilled rice liquor")),
           (("Ngâm 120 ngày", "Steeped for 120 days"), ("Lọc và đóng chai", "Filtered and bottled")),
           ("Không dùng cho người dưới 18 tuổi.", "Not for anyone under 18.")),
        _k("Rượu mơ", "apricot liqueur", "beverage", ("Rượu ngâm trái cây", "Fruit liqueur"), "RM",
           ("500 ml",), ("chai", "bottles"), ("36 tháng", "36 months"),
           ("Rượu gạo, quả mơ, đường phèn. Độ cồn 25% vol.", "Rice liquor, apricots, rock sugar. 25% ABV."),
           (("Quả mơ rừng", "Wild apricots"), ("Rượu gạo", "Rice liquor")),
           (("Ngâm 6 tháng", "Steeped for 6 months"),),
           ("Không dùng cho người dưới 18 tuổi.", "Not for anyone under 18.")),
        _k("Nước khoáng", "natural mineral water", "beverage", ("Nước khoáng đóng chai", "Bottled mineral water"), "NK",
           ("350 ml", "500 ml", "1,5 l"), ("chai", "bottles"), ("24 tháng", "24 months"),
           ("Nước khoáng thiên nhiên.", "Natural mineral water."),
           (("Nước khoáng từ giếng khoan", "Mineral water from the borehole"),),
           (("Lọc, tiệt trùng UV, chiết chai", "Filtered, UV-sterilised and bottled"),)),
    ),
)
CRAFT = Trade(
    "Thủ công mỹ nghệ",
    "Handicrafts",
    (
        _k("Tranh than đá", "coal painting", "handicraft", ("Đồ lưu niệm", "Souvenirs"), "TTD",
           ("30 × 40 cm", "40 × 60 cm"), ("bức", "pieces"), ("Không giới hạn", "Unlimited"),
           ("Than đá Quảng Ninh, keo, khung gỗ.", "Quảng Ninh coal, resin, wooden frame."),
           (("Than đá cám", "Fine coal"),),
           (("Nghiền, rây, gắn tranh thủ công", "Ground, sieved and set by hand"),)),
        _k("Khăn thổ cẩm", "brocade scarf", "handicraft", ("Dệt may", "Textiles"), "KTC",
           ("180 × 40 cm",), ("chiếc", "pieces"), ("Không giới hạn", "Unlimited"),
           ("Sợi bông, chỉ màu.", "Cotton yarn, coloured thread."),
           (("Sợi bông nhuộm màu", "Dyed cotton yarn"),),
           (("Dệt tay trên khung cửi", "Hand-woven on a loom"),)),
        _k("Ngọc trai", "pearl jewellery", "handicraft", ("Trang sức", "Jewellery"), "NT",
           ("1 chiếc",), ("chiếc", "pieces"), ("Không giới hạn", "Unlimited"),
           ("Ngọc trai nuôi, bạc 925.", "Cultured pearls, 925 silver."),
           (("Ngọc trai Akoya", "Akoya pearls"), ("Bạc 925", "925 silver")),
           (("Tuyển chọn, đánh bóng, gắn bạc", "Sorted, polished and set in silver"),)),
    ),
)
NATURE = Trade(
    "Du lịch cộng đồng",
    "Community Tourism",
    (
        _k("Lan rừng", "wild orchid", "ornamental", ("Hoa, cây cảnh", "Ornamental plants"), "LR",
           ("1 chậu",), ("chậu", "pots"), ("Không áp dụng", "Not applicable"),
           ("Cây lan nhân giống trong vườn.", "Nursery-propagated orchids."),
           (("Cây giống lan", "Orchid seedlings"),),
           (("Ươm, chăm sóc 18 tháng", "Grown on for 18 months"),)),
        _k("Tour trải nghiệm làng nghề", "craft-village experience tour", "tourism", ("Du lịch cộng đồng", "Community tourism"), "TOUR",
           ("1 ngày",), ("lượt khách", "visitors"), ("Không áp dụng", "Not applicable"),
           ("Hướng dẫn viên, bữa trưa, vé tham quan.", "Guide, lunch and entry tickets."),
           (("Dịch vụ hướng dẫn", "Guiding services"),),
           (("Đón khách, tham quan, trải nghiệm", "Welcome, visit and hands-on session"),)),
    ),
)
# fmt: on
TRADES = (SEAFOOD, FOREST, TEA, LIVESTOCK, FARM, DRINKS, CRAFT, NATURE)
TRADE_WEIGHTS = (5, 4, 3, 3, 4, 3, 2, 1)


# --- Helpers ----------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """The generator's own slug rule (generator.site.urls.slugify), copied so this module stays
    independent of the code under test."""
    import unicodedata

    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in ascii_text).split())


def gtin13(rng: random.Random) -> str:
    body = "893" + "".join(str(rng.randrange(10)) for _ in range(9))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _unique(base: str, used: set[str], limit: int = 60) -> str:
    base = base[:limit].strip("-")
    candidate, n = base, 1
    while candidate in used:
        n += 1
        suffix = f"-{n}"
        candidate = base[: limit - len(suffix)].strip("-") + suffix
    used.add(candidate)
    return candidate


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _phone(rng: random.Random) -> str:
    return f"0203 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"


def _loc(lat: float, lon: float, rng: random.Random) -> dict[str, float]:
    return {"lat": round(lat + rng.uniform(-0.03, 0.03), 4), "lon": round(lon + rng.uniform(-0.03, 0.03), 4)}


def _dump(path: Path, data: dict[str, Any], comment: str | None = None) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text((f"# {comment}\n" if comment else "") + text, encoding="utf-8")


# --- Records ----------------------------------------------------------------------------------


@dataclass
class Counts:
    producers: int = 0
    products: int = 0
    batches: int = 0
    gtins: int = 0
    recalled: int = 0
    withdrawn: int = 0
    media: int = 0


class Synth:
    def __init__(self, out: Path, seed: int):
        self.out = out
        self.products_dir = out / "products"
        self.rng = random.Random(seed)
        self.used_producers: set[str] = set()
        self.used_products: set[str] = set()
        self.ledger: list[tuple[str, str]] = []
        self.counts = Counts()
        self.communes: list[tuple[str, str, str, float, float, str | None]] = []
        self.photos = sorted(SAMPLE_PRODUCTS.glob("*/media/*.jpg"))
        if not self.photos:
            raise SystemExit(f"no sample photos under {SAMPLE_PRODUCTS}/*/media/")

    def record_path(self, path: Path) -> str:
        return path.relative_to(self.out).as_posix()

    def run(self, n_products: int) -> Counts:
        self.communes = communes(n_products)
        remaining = n_products
        while remaining > 0:
            size = min(remaining, self.rng.choice((3, 4, 5, 5, 6, 7)))
            self.producer(size)
            remaining -= size
        return self.counts

    def producer(self, n_products: int) -> None:
        rng = self.rng
        trade = rng.choices(TRADES, TRADE_WEIGHTS)[0]
        # Every commune in turn, in an order of the seed's: each has a listing of its own.
        if not self.counts.producers % len(self.communes):
            rng.shuffle(self.communes)
        commune, short, legacy, lat, lon, province = self.communes[self.counts.producers % len(self.communes)]
        kind = rng.choices(("cooperative", "company", "household"), (5, 4, 2))[0]
        if kind == "cooperative":
            name = {"vi": f"Hợp tác xã {trade.vi} {short}", "en": f"{short} {trade.en} Cooperative"}
            slug = f"htx-{slugify(trade.vi)}-{slugify(short)}"
        elif kind == "company":
            brand = rng.choice(BRANDS)
            if rng.random() < 0.5:
                name = {"vi": f"Công ty TNHH {brand}", "en": f"{brand} Co., Ltd."}
                slug = f"cty-{slugify(brand)}"
            else:
                name = {"vi": f"Công ty Cổ phần {trade.vi} {short}", "en": f"{short} {trade.en} JSC"}
                slug = f"cty-{slugify(trade.vi)}-{slugify(short)}"
        else:
            person = _person(rng)
            name = {"vi": f"Hộ kinh doanh {person}", "en": f"{person} household business"}
            slug = f"hkd-{slugify(person)}"
        pid = _unique(slug, self.used_producers)
        folder = self.products_dir / pid
        (folder / "media").mkdir(parents=True)
        photo = rng.choice(self.photos)
        photo_name = f"{slugify(trade.vi)}.jpg"
        shutil.copyfile(photo, folder / "media" / photo_name)
        self.counts.media += 1
        hamlet = rng.choice(HAMLETS)
        record: dict[str, Any] = {
            "id": pid,
            "name": name,
            "kind": kind,
            "address": {
                "vi": f"Thôn {hamlet}, {commune}, tỉnh {province or 'Quảng Ninh'}",
                "en": f"{hamlet} hamlet, {short}, {province or 'Quảng Ninh'}",
            },
            "commune": commune,
            "district_legacy": legacy,
            **({"province": province} if province else {}),
            "location": _loc(lat, lon, rng),
            "business_id": str(rng.randrange(5700000000, 5709999999)),
            "contact": {"phone": _phone(rng), "email": f"{pid.replace('-', '')[:24]}@example.com"},
            "maintainers": [pid[:30].strip("-"), f"{slugify(short)}-ketoan"[:39]],
            "description": {
                "vi": (
                    f"{name['vi']} ở {commune} chuyên {trade.vi.lower()}, với nguyên liệu "
                    f"thu mua từ các hộ trong vùng.\n\n"
                    f"Các sản phẩm được làm theo cách *truyền thống* của {short}, kiểm soát từ khâu "
                    f"nguyên liệu đến đóng gói."
                ),
                "en": (
                    f"{name['en']} in {short} works in {trade.en.lower()}, buying raw materials "
                    f"from local households.\n\n"
                    f"Its products are made the *traditional* {short} way, checked from raw material "
                    f"to packing."
                ),
            },
        }
        _dump(folder / "producer.yml", record)
        self.counts.producers += 1
        self.ledger.append((f"producers/{pid}/", self.record_path(folder / "producer.yml")))
        for _ in range(n_products):
            self.product(folder, pid, trade, (commune, short, legacy, lat, lon), photo_name, name)

    def product(
        self,
        producer_dir: Path,
        producer_id: str,
        trade: Trade,
        place: tuple[str, str, str, float, float],
        photo: str,
        producer_name: dict[str, str],
    ) -> None:
        rng = self.rng
        commune, short = place[0], place[1]
        kind = rng.choice(trade.kinds)
        q_vi, q_en = rng.choice(QUALIFIERS)
        name_vi = " ".join(p for p in (kind.vi, short, q_vi) if p)
        name_en = " ".join(p for p in (short, q_en, kind.en) if p)
        name_en = name_en[0].upper() + name_en[1:]
        product_id = _unique(slugify(name_vi), self.used_products)
        folder = producer_dir / product_id
        (folder / "batches").mkdir(parents=True)
        stars = rng.choices((3, 4, 5), (60, 35, 5))[0]
        issued = TODAY - timedelta(days=rng.randrange(60, 1500))
        centre_vi, centre_en = rng.choice(TESTING_CENTRES)
        story_vi = (
            f"*{kind.vi}* là đặc sản của vùng {short}. {producer_name['vi']} làm ra sản phẩm từ "
            f"{kind.materials[0][0].lower()} của các hộ trong {commune}, theo cách làm được truyền "
            f"lại qua nhiều thế hệ.\n\n"
            f"Mỗi lô đều được ghi chép từ khâu nguyên liệu đến đóng gói: "
            f"{kind.process[0][0].lower()}. Sản phẩm được công nhận OCOP {stars} sao năm "
            f"{issued.year}."
        )
        story_en = (
            f"*{kind.en.capitalize()}* is a speciality of {short}. {producer_name['en']} makes it "
            f"from {kind.materials[0][1].lower()} grown by households in {short}, the way it has been "
            f"done for generations.\n\n"
            f"Every batch is recorded from raw material to packing: {kind.process[0][1].lower()}. "
            f"The product was rated {stars} OCOP stars in {issued.year}."
        )
        if rng.random() < 0.2:
            story_vi += " Tìm hiểu thêm về [Quảng Ninh](https://vi.wikipedia.org/wiki/Qu%E1%BA%A3ng_Ninh)."
            story_en += " More about [Quảng Ninh](https://en.wikipedia.org/wiki/Qu%E1%BA%A3ng_Ninh_province)."
        story: dict[str, str] = {"vi": story_vi}
        if rng.random() >= 0.1:  # one story in ten is not translated yet
            story["en"] = story_en
        record: dict[str, Any] = {
            "id": product_id,
            "name": {"vi": name_vi, "en": name_en},
            "group": kind.group,
            "subgroup": {"vi": kind.subgroup[0], "en": kind.subgroup[1]},
            "ocop": {
                "stars": stars,
                "score": rng.randrange(50 + 10 * (stars - 3), 70 + 15 * (stars - 3)),
                "decision": f"{rng.randrange(100, 6000)}/QĐ-UBND",
                "issued_by": {"vi": "UBND tỉnh Quảng Ninh", "en": "Quảng Ninh Provincial People's Committee"},
                "issued": issued,
            },
            "summary": {
                "vi": f"{kind.vi} {short}: {kind.ingredients[0][0].lower()}{kind.ingredients[0][1:]}",
                "en": f"{name_en}: {kind.ingredients[1][0].lower()}{kind.ingredients[1][1:]}",
            },
            "story": story,
            "ingredients": {"vi": kind.ingredients[0], "en": kind.ingredients[1]},
            "net_content": rng.choice(kind.net),
            "shelf_life": {"vi": kind.shelf[0], "en": kind.shelf[1]},
            "storage": {
                "vi": "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
                "en": "Keep somewhere cool and dry, away from direct sunlight.",
            },
        }
        if kind.warning:
            record["warnings"] = {"vi": kind.warning[0], "en": kind.warning[1]}
        gtin = None
        if rng.random() < 0.3:
            gtin = gtin13(rng)
            record["gtin"] = gtin
            self.counts.gtins += 1
        record["standards"] = [
            {"name": {"vi": "Tiêu chuẩn cơ sở", "en": "Company standard"},
             "number": f"{kind.standard} {rng.randrange(1, 20):02d}:{issued.year}/{kind.prefix}"},
        ]  # fmt: skip
        if rng.random() < 0.3:
            record["standards"].append({"name": rng.choice(("VietGAP", "HACCP", "ISO 22000:2018"))})
        record["images"] = [f"../media/{photo}"]
        record["where_to_buy"] = [
            {
                "name": {"vi": "Cửa hàng của cơ sở", "en": "Producer's shop"},
                "address": {"vi": f"{commune}, tỉnh Quảng Ninh", "en": f"{short}, Quảng Ninh"},
            },
            {"name": {"vi": "Trung tâm OCOP Hạ Long", "en": "Hạ Long OCOP centre"}},
        ]
        _dump(folder / "product.yml", record)
        self.counts.products += 1
        source = self.record_path(folder / "product.yml")
        self.ledger.append((f"p/{product_id}/", source))
        gtin14 = "0" + gtin if gtin else None
        if gtin14:
            self.ledger.append((f"01/{gtin14}/", source))
        # Five batches in five distinct months between January 2025 and October 2026.
        months = sorted(rng.sample(range(22), BATCHES_PER_PRODUCT))
        for month_index in months:
            year, month = 2025 + month_index // 12, month_index % 12 + 1
            lot = f"{kind.prefix}-{year % 100:02d}{month:02d}"
            produced = date(year, month, rng.randrange(1, 28))
            batch_file = folder / "batches" / f"{lot}.yml"
            self.batch(batch_file, lot, produced, kind, place, (centre_vi, centre_en))
            batch_source = self.record_path(batch_file)
            self.ledger.append((f"p/{product_id}/{lot}/", batch_source))
            if gtin14:
                self.ledger.append((f"01/{gtin14}/10/{lot}/", batch_source))

    def batch(
        self,
        path: Path,
        lot: str,
        produced: date,
        kind: Kind,
        place: tuple[str, str, str, float, float],
        centre: tuple[str, str],
    ) -> None:
        rng = self.rng
        commune, short, _legacy, lat, lon = place
        hamlet = rng.choice(HAMLETS)
        packaged = produced + timedelta(days=rng.randrange(0, 4))
        record: dict[str, Any] = {
            "lot": lot,
            "produced": produced,
            "packaged": packaged,
            "expires": produced + timedelta(days=rng.choice((180, 365, 540, 730))),
            "quantity": {
                "amount": rng.randrange(20, 400) * 10,
                "unit": {"vi": kind.unit[0], "en": kind.unit[1]},
            },
        }
        roll = rng.random()
        comment = None
        if roll < 0.015:
            recall_date = packaged + timedelta(days=rng.randrange(10, 40))
            record["status"] = "recalled"
            record["recall"] = {
                "date": recall_date,
                "reason": {
                    "vi": f"Kiểm tra mẫu lưu cho thấy chỉ tiêu vi sinh vượt mức công bố ở lô {lot}.",
                    "en": f"A check of retained samples found microbial counts above the declared limit in lot {lot}.",
                },
                "instructions": {
                    "vi": f"Không sử dụng sản phẩm thuộc lô {lot}. Mang sản phẩm đến nơi mua để được hoàn tiền.",
                    "en": f"Do not use products from lot {lot}. Return them to the shop for a full refund.",
                },
            }
            comment = "Lô bị thu hồi (dữ liệu tổng hợp cho bài đo hiệu năng)."
            self.counts.recalled += 1
        elif roll < 0.02:
            record["status"] = "withdrawn"
            record["withdrawal"] = {
                "date": packaged + timedelta(days=rng.randrange(30, 90)),
                "reason": {"vi": "Thay đổi mẫu bao bì.", "en": "Packaging redesign."},
            }
            self.counts.withdrawn += 1
        record["origin"] = {
            "area": {
                "vi": f"Vùng nguyên liệu thôn {hamlet}, {commune}",
                "en": f"Raw-material area, {hamlet} hamlet, {short}",
            },
            "commune": commune,
            "location": _loc(lat, lon, rng),
        }
        record["inputs"] = [
            {
                "material": {"vi": vi, "en": en},
                "supplier": {
                    "vi": f"Hộ thành viên thôn {hamlet}",
                    "en": f"Member households, {hamlet} hamlet",
                },
                "lot": f"NL-{produced:%y%m}{index + 1}",
            }
            for index, (vi, en) in enumerate(kind.materials)
        ]
        day = produced - timedelta(days=rng.randrange(3, 12))
        events: list[dict[str, Any]] = [
            {
                "step": "harvesting",
                "date": datetime(
                    day.year, day.month, day.day, rng.randrange(5, 9), 30, tzinfo=VN
                ).isoformat(),
                "place": {"vi": f"Thôn {hamlet}, {commune}", "en": f"{hamlet} hamlet, {short}"},
                "actor": {"vi": "Hộ thành viên", "en": "Member households"},
            }
        ]
        for note_vi, note_en in kind.process:
            day += timedelta(days=1)
            events.append(
                {
                    "step": "processing",
                    "date": min(day, produced),
                    "place": {"vi": "Xưởng sản xuất của cơ sở", "en": "Producer's workshop"},
                    "note": {"vi": note_vi, "en": note_en},
                }
            )
        events.append(
            {
                "step": "packing",
                "date": packaged,
                "place": {"vi": "Xưởng sản xuất của cơ sở", "en": "Producer's workshop"},
                "note": {"vi": f"Đóng gói {kind.net[0]}", "en": "Packed and labelled"},
            }
        )
        tested = packaged + timedelta(days=rng.randrange(2, 8))
        events.append(
            {
                "step": "inspecting",
                "date": tested,
                "place": {"vi": centre[0], "en": centre[1]},
                "note": {"vi": "Mẫu đạt yêu cầu", "en": "Sample passed"},
            }
        )
        if rng.random() < 0.6:
            events.append(
                {
                    "step": "shipping",
                    "date": tested + timedelta(days=rng.randrange(1, 10)),
                    "place": {
                        "vi": "Cửa hàng đặc sản tại Hạ Long và Móng Cái",
                        "en": "Specialty shops in Hạ Long and Móng Cái",
                    },
                }
            )
        record["events"] = events
        record["documents"] = [
            {
                "kind": "lab-test",
                "title": {
                    "vi": f"Phiếu kết quả thử nghiệm {kind.vi.lower()}",
                    "en": f"Test report, {kind.en}",
                },
                "number": f"KN-{tested:%y-%m}-{rng.randrange(1, 9999):04d}",
                "issuer": {"vi": centre[0], "en": centre[1]},
                "date": tested,
            }
        ]
        _dump(path, record, comment)
        self.counts.batches += 1

    def write_ledger(self) -> None:
        header = (
            "# Permanent URLs of this site: path<TAB>first published<TAB>record. Paths are relative to the\n"
            "# site root and hold for every language (en/<path>, …). Never delete a line: run `ocop ledger update`.\n"
        )
        lines = [f"{p}\t{TODAY.isoformat()}\t{r}\n" for p, r in sorted(self.ledger)]
        (self.out / "permalinks.tsv").write_text(header + "".join(lines), encoding="utf-8")


def fingerprint(n_products: int, seed: int) -> str:
    """Changes whenever the generated catalog would: size, seed, this file, the sample photos."""
    digest = hashlib.sha256(f"{GENERATOR_VERSION}\n{n_products}\n{seed}\n".encode())
    digest.update(Path(__file__).read_bytes())
    for photo in sorted(SAMPLE_PRODUCTS.glob("*/media/*.jpg")):
        digest.update(photo.name.encode())
    return digest.hexdigest()[:16]


def generate(out: Path, n_products: int, seed: int = SEED, *, force: bool = False) -> dict[str, Any]:
    """Write the catalog into ``out`` (reused when it is already there and current)."""
    manifest_file = out / "manifest.json"
    stamp = fingerprint(n_products, seed)
    if not force and manifest_file.is_file():
        manifest: dict[str, Any] = json.loads(manifest_file.read_text(encoding="utf-8"))
        if manifest.get("fingerprint") == stamp and (out / "products").is_dir():
            manifest["reused"] = True
            return manifest
    discard(*(out / stale for stale in ("products", "permalinks.tsv", "manifest.json")))
    out.mkdir(parents=True, exist_ok=True)
    synth = Synth(out, seed)
    counts = synth.run(n_products)
    synth.write_ledger()
    communes = {
        yaml.safe_load((p / "producer.yml").read_text(encoding="utf-8"))["commune"]
        for p in (out / "products").iterdir()
    }
    manifest = {
        "fingerprint": stamp,
        "seed": seed,
        **counts.__dict__,
        "communes": len(communes),
        "ledger_entries": len(synth.ledger),
    }
    manifest_file.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    manifest["reused"] = False
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic OCOP catalog in the record format.")
    parser.add_argument("out", type=Path, help="folder to write products/, permalinks.tsv, manifest.json")
    parser.add_argument("--products", type=int, default=100)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even if the folder is current")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.products, args.seed, force=args.force)
    json.dump(manifest, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
