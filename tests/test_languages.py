"""Languages of the site and the words of its interface."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.records.yamlsafe import read_yaml
from generator.site.languages import LanguageSetting, counted, interface_words, language_of, make_languages

LOCALES = Path(__file__).resolve().parent.parent / "generator" / "site" / "locales"


def keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, value in data.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= keys(value, prefix + key + ".")
    return found


def test_english_interface_has_every_vietnamese_key() -> None:
    vi = read_yaml(LOCALES / "vi.yml").data
    en = read_yaml(LOCALES / "en.yml").data
    assert sorted(keys(vi) - keys(en)) == []


def test_english_interface_has_no_unknown_key() -> None:
    vi = read_yaml(LOCALES / "vi.yml").data
    en = read_yaml(LOCALES / "en.yml").data
    assert sorted(keys(en) - keys(vi)) == []


def test_chinese_interface_has_the_very_keys_english_has() -> None:
    """A Chinese page reads no English words around the records (the field reference apart,
    which it reads in English on purpose, being the rules' own words)."""
    en = read_yaml(LOCALES / "en.yml").data
    zh = read_yaml(LOCALES / "zh.yml").data
    assert sorted(keys(en) ^ keys(zh)) == []


VI, EN = LanguageSetting("vi", "Tiếng Việt"), LanguageSetting("en", "English")
ZH = LanguageSetting("zh", "中文", fallback=("en",))


def words(code: str, *settings: LanguageSetting) -> dict[str, Any]:
    languages = make_languages(list(settings or (VI, EN)))
    return interface_words(next(language for language in languages if language.code == code))


def test_interface_word_yes_stays_a_word() -> None:
    assert words("vi")["labels"]["yes"] == "Có"
    assert words("en")["labels"]["yes"] == "Yes"


def test_month_names_in_every_language() -> None:
    for code in ("vi", "en"):
        months = words(code)["months"]
        assert len(months) == 12 and all(isinstance(m, str) and m for m in months)


def test_interface_words_fall_back_along_the_chain() -> None:
    english = words("en")
    assert english["labels"]["lot"] == "Lot"
    assert english["groups"]["beverage"] == "Beverages"
    # A language without words of its own reads those of the languages it falls back on.
    assert words("ja", VI, EN, LanguageSetting("ja", "日本語")) == words("vi")
    assert words("ja", VI, EN, LanguageSetting("ja", "日本語", fallback=("en",))) == english


def test_a_records_text_is_taken_along_the_chain_of_the_page_language() -> None:
    vi, en, zh = make_languages([VI, EN, ZH])
    text = {"vi": "Trà hoa vàng", "en": "Golden camellia tea"}
    assert zh.chain == ("zh", "en", "vi")
    assert zh.pick(text) == ("en", "Golden camellia tea")
    assert zh.pick({**text, "zh": "金花茶"}) == ("zh", "金花茶")
    assert en.pick({"vi": "Trà hoa vàng"}) == ("vi", "Trà hoa vàng")
    assert vi.text(None) == "" and vi.text(text) == "Trà hoa vàng"


def test_messages_and_field_docs_in_a_third_language_fall_back_to_english() -> None:
    ja = make_languages([VI, EN, LanguageSetting("ja", "日本語")])[2]
    assert ja.chain == ("ja", "vi")  # records: the default language
    assert ja.doc_chain == ("ja", "en", "vi")  # tools' words: English first


def test_languages_and_their_prefixes() -> None:
    languages = make_languages([VI, EN])
    assert [(lang.code, lang.prefix) for lang in languages] == [("vi", ""), ("en", "en/")]
    assert languages[1].path("p/tra-hoa-vang/") == "en/p/tra-hoa-vang/"
    assert language_of("en/p/tra-hoa-vang/", languages) == (languages[1], "p/tra-hoa-vang/")
    assert language_of("p/tra-hoa-vang/", languages) == (languages[0], "p/tra-hoa-vang/")


def test_english_counts_one_thing_in_the_singular() -> None:
    english, vietnamese = words("en"), words("vi")
    assert counted(english, "product_count", 1) == "1 product"
    assert counted(english, "product_count", 2) == "2 products"
    assert counted(english, "batch_count", 1) == "1 batch"
    assert counted(english, "commune_count", 0) == "0 communes"
    assert counted(vietnamese, "product_count", 1) == "1 sản phẩm"
    assert counted(vietnamese, "product_count", 5) == "5 sản phẩm"
