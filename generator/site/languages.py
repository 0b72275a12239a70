"""Languages of the site and the words of its interface.

The set of languages is configuration (the first is the default and lives at the site root);
each language's interface words live in ``locales/<code>.yml``. Adding a language is adding a
file and a line of configuration, not code. A word missing in a language falls back to the
default language's word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..records.yamlsafe import read_yaml

LOCALES = Path(__file__).parent / "locales"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    prefix: str  # "" for the default language, "en/" for English

    def path(self, site_path: str) -> str:
        return self.prefix + site_path


def make_languages(entries: list[dict[str, str]]) -> list[Language]:
    """``[{code: vi, name: Tiếng Việt}, {code: en, name: English}]`` -> languages, default first."""
    return [
        Language(entry["code"], entry["name"], "" if index == 0 else entry["code"] + "/")
        for index, entry in enumerate(entries)
    ]


def language_of(site_path: str, languages: list[Language]) -> tuple[Language, str]:
    """Split a path of the built site into its language and the language-neutral path."""
    for language in languages[1:]:
        if site_path.startswith(language.prefix):
            return language, site_path[len(language.prefix) :]
    return languages[0], site_path


@cache
def _read(code: str) -> dict[str, Any]:
    path = LOCALES / f"{code}.yml"
    if not path.is_file():
        return {}
    # Read like records, so that a key such as `yes:` stays the word "yes".
    data = read_yaml(path).data
    return data if isinstance(data, dict) else {}


def interface_words(code: str, default: str) -> dict[str, Any]:
    """The interface words of ``code``, completed from the default language."""
    return _merge(_read(default), _read(code))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        both_mappings = isinstance(value, dict) and isinstance(base.get(key), dict)
        merged[key] = _merge(base[key], value) if both_mappings else value
    return merged
