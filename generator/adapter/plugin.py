"""The MkDocs adapter: turns the site plan into MkDocs pages and files, and nothing more.

Everything about records, URLs and page content lives in the core (loader, plan, render). This
module only hands the plan to MkDocs: generated pages as in-memory files (never written into
the docs folder, so `mkdocs serve` does not loop), per-language navigation, the language switch,
and one search index per language.
"""

from __future__ import annotations

import copy
import gc
import html
import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2 import __version__ as jinja_version
from mkdocs import __version__ as mkdocs_version
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..build.bulk import (
    BODY_SENTINEL,
    DESCRIPTION_SENTINEL,
    ID_SENTINEL,
    SHELLED_KINDS,
    TITLE_SENTINEL,
    search_docs,
    shell_path,
    write_bulk,
    write_documents,
)
from ..build.parallel import collector_paused
from ..records.problems import format_problem
from ..records.schema_export import SCHEMA_FOLDER, json_schemas, schema_text
from ..site import urls
from ..site.checks import check_site
from ..site.editor import EDITOR_MARKER, editor_page
from ..site.languages import Language, language_of, make_languages
from ..site.ledger import LEDGER_FILE
from ..site.opendata import CATALOG_JSON, PRODUCTS_CSV, OpenData
from ..site.plan import LISTING_PAGE_SIZE, PlannedPage
from ..site.qr import QrCache
from ..site.render import Renderer, SiteInfo, compiled_templates
from ..site.search import split_index
from ..site.sitemap import SitemapEntry, sitemap_parts, sitemap_xml
from ..site.structured import OG_LOCALES, PageHead

log = logging.getLogger("mkdocs.plugins.ocop")


def _site_path(url: str) -> str:
    """MkDocs calls the home page "./"; site paths call it ""."""
    return "" if url in ("./", ".") else url


HIGHLIGHTS_MARKER = "<!-- ocop:highlights -->"


class OcopConfig(base.Config):
    records = c.Dir(exists=True, default="products")
    languages = c.ListOfItems(
        c.Type(dict), default=[{"code": "vi", "name": "Tiếng Việt"}, {"code": "en", "name": "English"}]
    )
    demo_notice = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/ocop")
    ledger = c.Type(str, default=LEDGER_FILE)  # relative to mkdocs.yml
    # Printable label sheets for every batch (the largest part of the output at national scale).
    labels = c.Type(bool, default=True)
    # Products per page of a listing (the catalog, a group, a star rating, a commune).
    listing_page_size = c.Type(int, default=LISTING_PAGE_SIZE)
    # Build only this producer's pages (plus the shared ones) for a quick preview; also taken
    # from the environment variable OCOP_PREVIEW, e.g. `OCOP_PREVIEW=htx-tra-ba-che ./dev.sh serve`.
    preview = c.Optional(c.Type(str))
    # Fixed "today" for reproducible builds and tests (certificate expiry depends on it).
    today = c.Optional(c.Type(str))
    # The repository of the records, https://github.com/<owner>/<name>, and its branch: the
    # record editor (/contribute/editor/) hands new files to its "new file" page.
    repository = c.Optional(c.Type(str))
    branch = c.Type(str, default="main")


class OcopPlugin(BasePlugin[OcopConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError(
                "ocop: set site_url in mkdocs.yml; QR codes encode absolute URLs built from it."
            )
        self.languages = make_languages(self.config.languages)
        if self.config.listing_page_size < 1:
            raise PluginError("ocop: listing_page_size must be at least 1.")
        if config.theme.custom_dir is None:
            raise PluginError("ocop: the theme needs custom_dir (the templates live in <custom_dir>/ocop).")
        self.templates = Path(config.theme.custom_dir) / "ocop"
        root = Path(config.config_file_path).parent
        self.cache = root / self.config.cache_dir
        self.qr = QrCache(self.cache / "qr")
        self.compiled = compiled_templates(
            self.cache / "templates", [f"mkdocs {mkdocs_version}", f"jinja2 {jinja_version}"]
        )
        self.ledger = root / self.config.ledger
        repository = self.config.repository
        if repository is not None and not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/?", repository):
            raise PluginError("ocop: repository must read https://github.com/<owner>/<name>.")
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Runs before MkDocs empties site_dir: invalid records stop the build with nothing written.
        # The previous build's catalog (`mkdocs serve`) becomes collectable again; see below.
        gc.unfreeze()
        preview = self.config.preview or os.environ.get("OCOP_PREVIEW") or None
        if preview:
            log.info(f"ocop: preview of {preview} only; the other producers are left out of this build")
        with collector_paused():
            checked = check_site(
                Path(self.config.records),
                self.ledger,
                config.site_url,
                only=preview,
                labels=self.config.labels,
                listing_page_size=self.config.listing_page_size,
                cache=self.cache / "records",
            )
            # The catalog lives as long as the build: out of the garbage collector's sight, it
            # is not walked at every collection, nor at once when the collector is back (that
            # cost seconds at 5,000 products).
            gc.freeze()
        for warning in checked.warnings:
            log.info(format_problem(warning))  # warnings never fail a strict build
        if checked.plan is None:
            report = "\n".join(format_problem(p) for p in checked.errors)
            raise PluginError(f"ocop: {len(checked.errors)} lỗi trong hồ sơ / errors in records:\n{report}")
        self.plan = checked.plan
        today = date.fromisoformat(self.config.today) if self.config.today else date.today()
        self.renderer = Renderer(
            self.plan,
            self.languages,
            self.templates,
            self.qr,
            SiteInfo(config.site_name, config.site_url, today, self.config.demo_notice, self.config.labels),
            self.compiled,
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        default = self.languages[0]
        for file in files.documentation_pages():
            if language_of(file.src_uri, self.languages)[0] != default:
                file.inclusion = InclusionLevel.NOT_IN_NAV  # listed by their language's own navigation
        # The few listing pages go through MkDocs; product, batch and producer pages are written
        # in bulk from one shell per kind and language (see bulk.py).
        self.generated: dict[str, tuple[PlannedPage, Language]] = {}
        self.shells: dict[str, tuple[str, Language]] = {}
        for language in self.languages:
            for page in self.plan.pages:
                if page.kind not in SHELLED_KINDS:
                    self._add_page(files, config, language.path(page.path))
                    self.generated[language.path(page.path) + "index.md"] = (page, language)
            for kind in SHELLED_KINDS:
                self._add_page(files, config, language.path(shell_path(kind)))
                self.shells[language.path(shell_path(kind)) + "index.md"] = (kind, language)
        shell_urls = {
            language.path(shell_path(kind)) for language in self.languages for kind in SHELLED_KINDS
        }
        self.page_urls = {_site_path(file.url) for file in files.documentation_pages()} - shell_urls
        self.page_urls |= {
            language.path(page.path)
            for page in self.plan.pages
            if page.kind in SHELLED_KINDS
            for language in self.languages
        }
        self.open_data = OpenData(self.plan, self.languages, config.site_url, self.renderer.site.today)
        sitemaps = sitemap_parts(sorted(self.page_urls))
        self.sitemaps = list(sitemaps)
        documents: dict[str, Callable[[], Iterable[str]]] = {
            CATALOG_JSON: self.open_data.catalog_json,
            PRODUCTS_CSV: lambda: [self.open_data.products_csv()],
            **{path: partial(self._sitemap_xml, part, config) for path, part in sitemaps.items()},
        }
        # Written as they are made, into a folder of their own: the build never holds them.
        staged = self.cache / "documents"
        shutil.rmtree(staged, ignore_errors=True)
        write_documents(documents, staged, from_catalog={CATALOG_JSON, PRODUCTS_CSV})
        for path in documents:
            self._add(files, File.generated(config, path, abs_src_path=str(staged / path)))
        self._add_small_files(files, config)
        return files

    def _sitemap_xml(self, locations: Sequence[str], config: MkDocsConfig) -> list[str]:
        return sitemap_xml(
            SitemapEntry(
                urls.absolute_url(config.site_url, url),
                [(alt["code"], alt["absolute"]) for alt in self._alternates(url, config)],
            )
            for url in locations
        )

    def _add_page(self, files: Files, config: MkDocsConfig, site_path: str) -> None:
        file = File.generated(config, site_path + "index.md", content="", inclusion=InclusionLevel.NOT_IN_NAV)
        self._add(files, file)

    def _add_small_files(self, files: Files, config: MkDocsConfig) -> None:
        for kind, schema in json_schemas(config.site_url).items():
            self._add(
                files, File.generated(config, f"{SCHEMA_FOLDER}/{kind}.json", content=schema_text(schema))
            )
        sitemap = urls.absolute_url(config.site_url, "sitemap.xml")
        self._add(
            files,
            File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\nSitemap: {sitemap}\n"),
        )

    @staticmethod
    def _add(files: Files, file: File) -> None:
        if files.get_file_from_path(file.src_uri):
            raise PluginError(f"ocop: {file.src_uri} is generated from the records; remove it from docs_dir.")
        files.append(file)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Each language gets the configured navigation with its own pages."""
        self.navs = {self.languages[0].code: nav}
        for language in self.languages[1:]:
            language_config = copy.copy(config)
            language_config["nav"] = [
                language.path(entry)
                for entry in (config.nav or [])
                if isinstance(entry, str) and files.get_file_from_path(language.path(entry))
            ]
            self.navs[language.code] = get_navigation(files, language_config)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs compiles the theme's templates again on every build: kept compiled, as ours are.
        env.bytecode_cache = self.compiled
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if shell := self.shells.get(page.file.src_uri):
            kind = shell[0]
            page.meta.update(
                title=TITLE_SENTINEL,
                description=DESCRIPTION_SENTINEL,
                ocop_shell=True,
                ocop_light=self.renderer.without_theme_script(kind),
                search={"exclude": True},  # bulk pages get their own short search entries
            )
            return ""
        planned = self.generated.get(page.file.src_uri)
        if planned is None:
            return markdown
        # Material prints titles as HTML (they may hold markup from Markdown headings), and a
        # record's name is a stranger's text: escape it here, once.
        page.meta["title"] = html.escape(self.renderer.title(*planned))
        page.meta["ocop_scripts"] = self.renderer.scripts(planned[0])
        # Listing pages repeat product names already indexed with each product.
        page.meta["search"] = {"exclude": True}
        return ""

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.shells or page.file.src_uri in self.generated:
            return BODY_SENTINEL  # filled in when the bulk is written, in parallel
        if HIGHLIGHTS_MARKER in html:
            language, here = language_of(_site_path(page.url), self.languages)
            html = html.replace(
                HIGHLIGHTS_MARKER, self.renderer.render_fragment("highlights", language, here)
            )
        if EDITOR_MARKER in html:
            language, here = language_of(_site_path(page.url), self.languages)
            editor = editor_page(
                language,
                self.languages,
                self.renderer.words[language.code],
                site_url=config.site_url,
                catalog_url=urls.relative_url(CATALOG_JSON, language.path(here)),
                repository=self.config.repository,
                branch=self.config.branch,
            )
            html = html.replace(
                EDITOR_MARKER, self.renderer.render_fragment("editor", language, here, editor=editor)
            )
        return html

    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        language = language_of(_site_path(page.url), self.languages)[0]
        context["nav"] = self.navs[language.code]
        context["ocop_lang"] = language.code
        if language.prefix:
            # The language's own root: Material looks for the search index and the home link here.
            context["base_url"] = get_relative_url(language.prefix, page.url)
        context["ocop_alternates"] = [
            {**alt, "href": get_relative_url(alt["path"], page.url)}
            for alt in self._alternates(page.url, config)
        ]
        if self.config.demo_notice:
            context["ocop_notice"] = self.renderer.words[language.code]["demo_notice"]
        planned = self.generated.get(page.file.src_uri)
        context["ocop_head"] = (
            None
            if page.file.src_uri in self.shells
            else (
                self.renderer.head(*planned)
                if planned
                else PageHead(
                    page.title or config.site_name,
                    config.site_description or "",
                    page.canonical_url or "",
                    locale=OG_LOCALES.get(language.code, language.code),
                )
            )
        )
        return context

    def on_template_context(
        self, context: dict[str, Any], template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        if template_name == "sitemap.xml":
            context["ocop_sitemaps"] = [urls.absolute_url(config.site_url, path) for path in self.sitemaps]
        return context

    def _alternates(self, url: str, config: MkDocsConfig) -> list[dict[str, str]]:
        """The page at ``url`` in every language: the same page where it exists, else that language's home."""
        here = language_of(url, self.languages)[1]
        return [
            {
                "code": other.code,
                "name": other.name,
                "path": (path := self._counterpart(here, other)),
                "absolute": urls.absolute_url(config.site_url, path),
            }
            for other in self.languages
        ]

    def _counterpart(self, here: str, other: Language) -> str:
        """The same page in another language, or that language's home page if it has none."""
        exists = other.path(here) in self.page_urls or ID_SENTINEL in here  # shells stand for every page
        return other.path(here) if exists else other.prefix

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        shells = {}
        for kind, language in self.shells.values():
            output = site_dir / language.path(shell_path(kind)) / "index.html"
            shells[(kind, language.code)] = output.read_text(encoding="utf-8")
        for language in self.languages:  # the shells have served their purpose
            for kind in SHELLED_KINDS:
                folder = site_dir / language.path(shell_path(kind).split("/", 2)[0]) / ID_SENTINEL
                shutil.rmtree(folder, ignore_errors=True)
        result = write_bulk(
            self.plan,
            self.renderer,
            self.open_data,
            self.languages,
            shells,
            site_dir,
            self.cache / "images",
            self.cache / "pages",
        )
        self.qr.made += result.qr_made
        self.pages_rendered = result.pages_rendered  # the tests watch it
        log.info(
            f"ocop: {result.files} files written in bulk; {result.pages_rendered} pages rendered, "
            f"{result.pages_reused} unchanged since an earlier build"
        )
        self._split_search_index(site_dir, search_docs(result.search))

    def _split_search_index(self, site_dir: Path, extra: list[dict[str, Any]]) -> None:
        index_file = site_dir / "search" / "search_index.json"
        if not index_file.is_file():
            return
        index = json.loads(index_file.read_text(encoding="utf-8"))
        index["docs"] += extra
        parts = split_index(index, self.languages)
        for language in self.languages:
            target = site_dir / language.prefix / "search" / "search_index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(parts[language.code], ensure_ascii=False), encoding="utf-8")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(self.config.records)
        return server
