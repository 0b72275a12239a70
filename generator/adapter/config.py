"""The ocop plugin's options in mkdocs.yml, typed: a wrong value is refused by MkDocs' own config
validation in one line that names the option, before anything is built.

    plugins:
      - ocop:
          records: products
          languages:
            - {code: vi, name: Tiếng Việt}
            - {code: en, name: English, site_description: …}
            - {code: zh, name: 中文, fallback: [en]}
          preview: !ENV OCOP_PREVIEW
"""

from __future__ import annotations

import re
from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..site.languages import LanguageSetting, has_words
from ..site.ledger import LEDGER_FILE
from ..site.plan import LISTING_PAGE_SIZE

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class LanguageConfig(base.Config):
    """One language of the site; the first in the list is the default, at the site's root."""

    code = c.Type(str)
    name = c.Type(str)  # the language's name in itself, shown in the language switch
    # The site's description in this language (<meta name="description"> of its own pages); the
    # default language takes `site_description` when this is not set.
    site_description = c.Optional(c.Type(str))
    # Languages to take a text from when a record has none in this one, before the default
    # language: a Chinese page may show English before Vietnamese.
    fallback = c.ListOfItems(c.Type(str), default=[])

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, Warning]]]:
        failed, warnings = super().validate()
        if not failed:
            if not _LANGUAGE_CODE.match(self.code):
                failed.append(
                    ("code", c.ValidationError(f"{self.code!r} is not a language code (vi, en, zh)"))
                )
            elif not has_words(self.code):
                failed.append(
                    (
                        "code",
                        c.ValidationError(
                            f"no interface words for {self.code!r}: add generator/site/locales/{self.code}.yml"
                        ),
                    )
                )
        return failed, warnings


class DateOption(c.OptionallyRequired[date]):
    """A day written YYYY-MM-DD (YAML may have read it as a date already)."""

    def run_validation(self, value: object) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise c.ValidationError(f"{value!r} is not a date written YYYY-MM-DD") from None


class GitHubRepository(c.Type[str]):
    """The address of a repository on GitHub, where the editor sends producers' files."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        address = super().run_validation(value)
        if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/?", address):
            raise c.ValidationError(f"{address!r} is not https://github.com/<owner>/<name>")
        return address.rstrip("/")


class PositiveInt(c.Type[int]):
    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise c.ValidationError("must be at least 1")
        return number


class OcopConfig(base.Config):
    records = c.Dir(exists=True, default="products")
    languages = c.ListOfItems(
        c.SubConfig(LanguageConfig),
        default=[{"code": "vi", "name": "Tiếng Việt"}, {"code": "en", "name": "English"}],
    )
    demo_notice = c.Type(bool, default=True)
    # The province of a producer whose record names none (the record contract's default).
    province = c.Type(str, default="Quảng Ninh")
    cache_dir = c.Type(str, default=".cache/ocop")
    ledger = c.Type(str, default=LEDGER_FILE)  # relative to mkdocs.yml
    # Printable label sheets for every batch (the largest part of the output at national scale).
    labels = c.Type(bool, default=True)
    # Products per page of a listing (the catalog, a group, a star rating, a commune).
    listing_page_size = PositiveInt(default=LISTING_PAGE_SIZE)
    # Build only this producer's pages (plus the shared ones) for a quick preview, e.g.
    # `preview: !ENV OCOP_PREVIEW`, then `OCOP_PREVIEW=htx-tra-ba-che ./dev.sh serve`.
    preview = c.Optional(c.Type(str))
    # A fixed "today" for reproducible builds and tests (certificate expiry depends on it).
    # Optional: a real build (`./dev.sh build`, the daily workflow) takes the day in Vietnam.
    today = c.Optional(DateOption())
    # The repository of the records, https://github.com/<owner>/<name>, and its branch: the
    # record editor (/contribute/editor/) hands new files to its "new file" page.
    repository = c.Optional(GitHubRepository())
    branch = c.Type(str, default="main")
    # Product, batch and producer pages written in bulk from one page of the theme per kind and
    # language (fast); `false` has MkDocs render each of them (slow: the tests compare the two).
    bulk = c.Type(bool, default=True)

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, Warning]]]:
        failed, warnings = super().validate()
        if not failed:
            failed += [("languages", c.ValidationError(problem)) for problem in self._language_problems()]
        return failed, warnings

    def _language_problems(self) -> list[str]:
        codes = [language.code for language in self.languages]
        problems = [f"{code!r} is listed twice" for code in sorted(set(codes)) if codes.count(code) > 1]
        problems += [
            f"{language.code!r} falls back on {other!r}, which is not one of the site's languages"
            for language in self.languages
            for other in language.fallback
            if other not in codes
        ]
        return problems

    def language_settings(self, site_description: str | None) -> list[LanguageSetting]:
        return [
            LanguageSetting(
                language.code,
                language.name,
                tuple(language.fallback),
                language.site_description or (site_description if index == 0 else None) or "",
            )
            for index, language in enumerate(self.languages)
        ]
