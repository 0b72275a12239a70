"""Communes as officials write them, in each language's own words."""

from __future__ import annotations

import pytest

from generator.site.languages import LanguageSetting, interface_words, make_languages
from generator.site.places import Place, former_district_name, place_name, split_unit

VI, EN = make_languages([LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")])
UNITS = {language.code: interface_words(language)["units"] for language in (VI, EN)}


@pytest.mark.parametrize(
    ("written", "place"),
    [
        ("xã Ba Chẽ", Place("commune", "Ba Chẽ")),
        ("phường Bãi Cháy", Place("ward", "Bãi Cháy")),
        ("đặc khu Vân Đồn", Place("special_zone", "Vân Đồn")),
        ("Phường  Hồng Gai", Place("ward", "Hồng Gai")),
        ("thị xã Quảng Yên", Place("town", "Quảng Yên")),
        ("thị trấn Cái Rồng", Place("township", "Cái Rồng")),
        ("TP Hạ Long", Place("city", "Hạ Long")),
        ("TP. Cẩm Phả", Place("city", "Cẩm Phả")),
        ("Ba Chẽ", Place(None, "Ba Chẽ")),
        ("Xã", Place(None, "Xã")),  # a kind alone is no unit
        ("Xãi Lộc", Place(None, "Xãi Lộc")),
    ],
)
def test_the_kind_is_split_from_the_name(written: str, place: Place) -> None:
    assert split_unit(written) == place


@pytest.mark.parametrize(
    ("written", "vi", "en"),
    [
        ("xã Ba Chẽ", "xã Ba Chẽ", "Ba Chẽ commune"),
        ("phường Bãi Cháy", "phường Bãi Cháy", "Bãi Cháy ward"),
        ("đặc khu Vân Đồn", "đặc khu Vân Đồn", "Vân Đồn special zone"),
        ("Cái Rồng", "Cái Rồng", "Cái Rồng"),
    ],
)
def test_each_language_writes_the_kind_its_own_way(written: str, vi: str, en: str) -> None:
    assert (place_name(written, UNITS["vi"]), place_name(written, UNITS["en"])) == (vi, en)


def test_a_former_district_is_a_district_unless_it_says_otherwise() -> None:
    assert former_district_name("Ba Chẽ", UNITS["en"]) == "Ba Chẽ district"
    assert former_district_name("Ba Chẽ", UNITS["vi"]) == "huyện Ba Chẽ"
    assert former_district_name("TP Hạ Long", UNITS["en"]) == "Hạ Long city"
    assert former_district_name("TP Hạ Long", UNITS["vi"]) == "thành phố Hạ Long"
