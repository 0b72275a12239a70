"""Languages of the site and the words of its interface.

The set of languages is configuration (the first is the default and lives at the site root);
each language's interface words live in ``locales/<code>.yml``. Adding a language is adding a
file and a line of configuration, not code. Text a language lacks — a record's, an interface
word — is taken along that language's fallback chain (``texts.pick``), which ends with the
default language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from ..records.texts import RECORD_LANGUAGE, chain_of, pick, tool_chain
from ..records.yamlsafe import read_yaml

LOCALES = Path(__file__).parent / "locales"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    prefix: str  # "" for the default language, "en/" for English
    chain: tuple[str, ...]  # this language, then the ones its pages fall back on
    description: str = ""  # the site's description in this language

    def path(self, site_path: str) -> str:
        return self.prefix + site_path

    def pick(self, text: dict[str, str]) -> tuple[str, str]:
        """A record's text in this language, or in the first language of the chain it has, with
        the code of the language it is in. Records always hold the record language."""
        found = pick(text, self.chain)
        assert found is not None, "a validated record's text holds the record language"
        return found

    def text(self, text: dict[str, str] | None) -> str:
        """A record's text in this language along the chain, unmarked; "" when there is none."""
        return self.pick(text)[1] if text else ""

    @property
    def doc_chain(self) -> tuple[str, ...]:
        """How field documentation and validator messages are read on this language's pages."""
        return tool_chain(self.code)


@dataclass(frozen=True)
class LanguageSetting:
    """One language as configured: its code, its name in itself, what it falls back on."""

    code: str
    name: str
    fallback: tuple[str, ...] = ()
    description: str = ""


def make_languages(settings: list[LanguageSetting]) -> list[Language]:
    """Configured languages, default first. A language falls back along its own ``fallback``
    list, then to the default language; records always have the record language last."""
    default = settings[0].code
    return [
        Language(
            setting.code,
            setting.name,
            "" if index == 0 else setting.code + "/",
            chain_of(setting.code, *setting.fallback, default, RECORD_LANGUAGE),
            setting.description,
        )
        for index, setting in enumerate(settings)
    ]


def language_of(site_path: str, languages: list[Language]) -> tuple[Language, str]:
    """Split a path of the built site into its language and the language-neutral path."""
    for language in languages[1:]:
        if site_path.startswith(language.prefix):
            return language, site_path[len(language.prefix) :]
    return languages[0], site_path


def has_words(code: str) -> bool:
    return (LOCALES / f"{code}.yml").is_file()


@cache
def _read(code: str) -> dict[str, Any]:
    path = LOCALES / f"{code}.yml"
    if not path.is_file():
        return {}
    # Read like records, so that a key such as `yes:` stays the word "yes".
    data = read_yaml(path).data
    return data if isinstance(data, dict) else {}


def interface_words(language: Language) -> dict[str, Any]:
    """The interface words of ``language``, each missing one taken along its chain."""
    words: dict[str, Any] = {}
    for code in reversed(language.chain):
        words = _merge(words, _read(code))
    return words


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        both_mappings = isinstance(value, dict) and isinstance(base.get(key), dict)
        merged[key] = _merge(base[key], value) if both_mappings else value
    return merged


def counted(words: dict[str, Any], key: str, n: int) -> str:
    """``n`` things as a language counts them, by its interface ``words``: ``labels.<key>`` has
    the form for one and the form for any other number ("1 product", "2 products"; Vietnamese
    writes both alike)."""
    return words["labels"][key]["one" if n == 1 else "other"].format(n=n)


def written_date(words: dict[str, Any], value: date | datetime) -> str:
    """A day (and a time, if it has one) as a language writes it, by its interface ``words``."""
    text = words["date_format"].format(
        day=value.day, month=value.month, year=value.year, month_name=words["months"][value.month - 1]
    )
    if isinstance(value, datetime):
        text += " " + words["time_format"].format(hour=value.hour, minute=value.minute)
    return text
