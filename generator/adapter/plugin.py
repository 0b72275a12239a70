"""The MkDocs adapter: turns the site plan into MkDocs pages and files, and nothing more.

Everything about records, URLs and page content lives in the core (records, site, build). This
module only hands the plan to MkDocs: generated pages as in-memory files (never written into
the docs folder, so `mkdocs serve` does not loop), per-language navigation, the language switch,
and the search bundles. Its options are typed in config.py.

MkDocs empties its site folder before every build. So that a build writes only the files whose
bytes change (build/output.py), MkDocs builds into a folder of the cache instead (``engine/``),
and what it wrote goes into the site folder the way every other file does, at the end.
"""

from __future__ import annotations

import copy
import gc
import html
import logging
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from mkdocs import __version__ as engine_version
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..base.files import BuildLock, Seal, key_file
from ..base.parallel import collector_paused
from ..build.bulk import documents_key, locations_key, write_bulk, write_documents
from ..build.fingerprint import Fingerprint
from ..build.lightcss import LIGHT_STYLESHEET, Sources, kept_light_stylesheet, markup_words
from ..build.output import Output, manifest_path
from ..build.pagecache import PageCache
from ..build.searchindex import PagefindError, SearchIndex
from ..build.shells import (
    BODY_SENTINEL,
    DESCRIPTION_SENTINEL,
    TITLE_SENTINEL,
    Shape,
    is_shell,
    shape,
    shell_path,
)
from ..records import clock
from ..records.catalog import Producer
from ..records.problems import Problem, format_problem
from ..records.recordcache import RecordCache
from ..records.schema_export import SCHEMA_FOLDER, json_schemas, schema_text
from ..site import urls
from ..site.checks import check_site
from ..site.editor import EDITOR_MARKER, editor_page
from ..site.images import VariantCache
from ..site.kinds import KINDS, SHELL_KINDS
from ..site.languages import Language, language_of, make_languages
from ..site.linksets import HEADERS, REDIRECTS, RESOLVER_DESCRIPTION
from ..site.opendata import CATALOG_JSON, PRODUCTS_CSV, STATS_JSON, OpenData
from ..site.plan import PlannedPage
from ..site.qr import QrCache
from ..site.render import Renderer, SiteInfo, compiled_templates, without_indentation
from ..site.sitemap import SitemapEntry, sitemap_parts, sitemap_xml
from ..site.structured import OG_LOCALES, PageHead
from .config import OcopConfig

log = logging.getLogger("mkdocs.plugins.ocop")


def _site_path(url: str) -> str:
    """MkDocs calls the home page "./"; site paths call it ""."""
    return "" if url in ("./", ".") else url


HIGHLIGHTS_MARKER = "<!-- ocop:highlights -->"
# Material's stylesheets, named by their digests: its own, and its colours' when a palette is set.
MATERIAL_STYLESHEETS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")


class _WrittenByTheBuild(File):
    """A file the build writes into the site itself (build/output.py), as it makes it: MkDocs
    knows it, so that hand-written pages may link to it, but does not copy it."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def _site_feed(make: Callable[[Producer | None, Language], str], language: Language) -> list[str]:
    """The whole site's feed of recalls in ``language``, made by ``make`` (a format of feeds.py)."""
    return [make(None, language)]


# What the theme prints from a page's own place in the navigation, its source file or its
# contents: bulk pages share one shell per kind and language (build/shells.py), so each of
# these would print the shell's value on every product, batch and producer page.
_PER_PAGE_FEATURES = {
    "navigation.path": "breadcrumbs",
    "navigation.footer": "links to the previous and next page",
    "toc.integrate": "a table of contents",
    "toc.follow": "a table of contents",
    "content.action.edit": "a link to the page's source file",
    "content.action.view": "a link to the page's source file",
}
_PER_PAGE_PLUGINS = {
    "social": "a preview image per page",
    "tags": "tags per page",
    "blog": "posts",
    "git-revision-date-localized": "dates per page",
    "git-committers": "authors per page",
    "git-authors": "authors per page",
}


def _navigation_paths(nav: Any) -> set[str]:
    """The site paths of the generated pages the configured navigation lists (``catalog/index.md``
    is ``catalog/``), in the default language; none without a configured navigation, which lists
    no generated page (they are not in the navigation)."""
    if isinstance(nav, str):
        return {nav.removesuffix("index.md")} if nav.endswith("index.md") else set()
    if isinstance(nav, dict):
        return {path for value in nav.values() for path in _navigation_paths(value)}
    if isinstance(nav, list):
        return {path for entry in nav for path in _navigation_paths(entry)}
    return set()


def tracked_by_git(root: Path, path: Path) -> list[str]:
    """Files at or below ``path`` that git tracks in the repository at ``root``; none when there
    is no git or no repository, or ``path`` lies outside it."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", str(path)], capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listed.returncode:  # not a repository, or a path outside it
        return []
    return [name for name in listed.stdout.decode(errors="replace").split("\0") if name]


def refuse_per_page_theme(config: MkDocsConfig) -> None:
    """Refuse the theme's features and the plugins that cannot work in a shell."""
    for feature in config.theme.get("features") or []:
        if feature in _PER_PAGE_FEATURES:
            raise PluginError(
                f"ocop: theme feature {feature!r} prints {_PER_PAGE_FEATURES[feature]}, which product, "
                f"batch and producer pages (written in bulk from one page per kind) cannot have; "
                f"remove it from theme.features"
            )
    for name in config.plugins:
        if name.split("/")[-1] in _PER_PAGE_PLUGINS:
            raise PluginError(
                f"ocop: plugin {name!r} makes {_PER_PAGE_PLUGINS[name.split('/')[-1]]}, which product, "
                f"batch and producer pages (written in bulk from one page per kind) cannot have; "
                f"remove it from plugins"
            )


# Material's base.html writes its drawer and search toggles, outside any block a theme can
# override, as checkboxes with autocomplete="off", which HTML allows only on text-like inputs (the
# Nu Html Checker's error on every page). The attribute asks Firefox not to restore a toggle's
# state on reload; without it, a menu left open may come back open there, a small price for pages
# that every checker and assistive tool reads as valid.
_TOGGLE_AUTOCOMPLETE = (
    'type="checkbox" id="__drawer" autocomplete="off">',
    'type="checkbox" id="__search" autocomplete="off">',
)


def valid_toggles(html: str) -> str:
    """A page of the theme without the attribute HTML does not allow on its toggles."""
    for toggle in _TOGGLE_AUTOCOMPLETE:
        html = html.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return html


def _log_warnings(warnings: Sequence[Problem]) -> None:
    """One line that counts the records' warnings, so that a build's output shows whether it
    worked; each warning in full with `mkdocs build --verbose` (and from `ocop validate`)."""
    for warning in warnings:
        log.debug(format_problem(warning))
    if warnings:
        counts = Counter(warning.code for warning in warnings)
        kinds = ", ".join(f"{n} {code}" for code, n in counts.most_common())
        log.info(
            f"ocop: {len(warnings)} cảnh báo trong hồ sơ / warnings in the records ({kinds}); "
            f"xem / see them: ./dev.sh validate, or build with --verbose"
        )


class OcopPlugin(BasePlugin[OcopConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError(
                "ocop: set site_url in mkdocs.yml; QR codes encode absolute URLs built from it."
            )
        if config.theme.custom_dir is None:
            raise PluginError("ocop: the theme needs custom_dir (the templates live in <custom_dir>/ocop).")
        self.languages = make_languages(self.config.language_settings(config.site_description))
        # Material's own words (search, the language switch...) come in the page's language.
        for language in self.languages:
            try:
                config.theme.get_env().get_template(f"partials/languages/{language.code}.html")
            except TemplateNotFound:
                raise PluginError(
                    f"ocop: languages: the theme has no interface words for {language.code!r}"
                ) from None
        if self.config.bulk:
            refuse_per_page_theme(config)
        # One "today" for the whole build: the checks, the pages and the open data agree on it.
        self.today = self.config.today or clock.today()
        self.site = SiteInfo(
            config.site_name,
            config.site_url,
            self.today,
            self.config.demo_notice,
            self.config.labels,
            self.config.province,
        )
        self.templates = Path(config.theme.custom_dir) / "ocop"
        root = Path(config.config_file_path).parent
        self.cache = root / self.config.cache_dir
        # MkDocs writes into the engine's folder, which it empties first; the site folder gets
        # only what changed, at the end (on_post_build), and is site_dir again from then on.
        self.site_dir = Path(config.site_dir)
        self.engine_dir = self.cache / "engine"
        self.engine_config = config
        config.site_dir = str(self.engine_dir)
        kept = (self.cache, key_file(self.cache))
        if tracked := [name for path in kept for name in tracked_by_git(root, path)]:
            remove = f"git rm -r --cached --ignore-unmatch {' '.join(str(p) for p in kept)}"
            raise PluginError(
                f"ocop: git đang theo dõi bộ nhớ đệm của bản dựng ({tracked[0]}); hãy chạy `{remove}` / "
                f"git tracks the build's cache ({tracked[0]}); run `{remove}`: a build never trusts a "
                f"cache from the repository"
            )
        # Until the build ends (on_post_build, on_build_error): the caches are read and rewritten.
        self.lock = BuildLock(self.cache / "build.lock")
        self.lock.acquire(
            waiting=lambda: log.info(
                f"ocop: một bản dựng khác đang chạy trong thư mục này; đang chờ / another build is "
                f"running in this folder ({self.cache}); waiting for it to finish"
            )
        )
        self.fingerprint = Fingerprint(
            f"{config.theme.name} {engine_version}",
            repr((self.site, self.languages)),
            self.today,
            self.templates,
        )
        # What the caches keep is used only when signed with this runner's key (base/files.py).
        self.seal = Seal.beside(self.cache)
        self.manifest = manifest_path(self.cache / "output", self.site_dir)
        self.qr = QrCache(self.cache / "qr-codes", self.fingerprint.key("qr"), self.seal)
        shutil.rmtree(self.cache / "qr", ignore_errors=True)  # a file per code, before December 2026
        self.compiled = compiled_templates(
            self.cache / "templates", self.fingerprint.key("templates"), self.seal
        )
        self.ledger = root / self.config.ledger
        # Material's templates read the site's description from the configuration: each language
        # gets a copy of it with its own.
        self.configs = {}
        self.light_configs = {}
        for language in self.languages:
            self.configs[language.code] = copy.copy(config)
            self.configs[language.code]["site_description"] = language.description or None
            # Light pages link one stylesheet, which holds what they use of the site's own.
            self.light_configs[language.code] = copy.copy(self.configs[language.code])
            self.light_configs[language.code]["extra_css"] = []
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Runs before MkDocs empties site_dir: invalid records stop the build with nothing written.
        # The previous build's catalog (`mkdocs serve`) becomes collectable again; see below.
        gc.unfreeze()
        preview = self.config.preview
        if preview:
            log.info(f"ocop: preview of {preview} only; the other producers are left out of this build")
        with collector_paused():
            checked = check_site(
                Path(self.config.records),
                self.ledger,
                config.site_url,
                today=self.today,
                only=preview,
                labels=self.config.labels,
                listing_page_size=self.config.listing_page_size,
                cache=RecordCache(self.cache / "records", self.fingerprint.key("records"), self.seal),
            )
            # The catalog lives as long as the build: out of the garbage collector's sight, it
            # is not walked at every collection, nor at once when the collector is back (that
            # cost seconds at 5,000 products).
            gc.freeze()
        _log_warnings(checked.warnings)  # warnings never fail a strict build
        if checked.plan is None:
            report = "\n".join(format_problem(p) for p in checked.errors)
            raise PluginError(f"ocop: {len(checked.errors)} lỗi trong hồ sơ / errors in records:\n{report}")
        self.plan = checked.plan
        self.renderer = Renderer(
            self.plan,
            self.languages,
            self.templates,
            self.qr,
            self.site,
            self.compiled,
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        default = self.languages[0]
        for file in files.documentation_pages():
            if language_of(file.src_uri, self.languages)[0] != default:
                file.inclusion = InclusionLevel.NOT_IN_NAV  # listed by their language's own navigation
        # Product, batch, producer and listing pages are written in bulk from one shell per kind,
        # language and path shape (build/shells.py); the few others go through MkDocs, as all do
        # without `bulk`, and so do the pages of the navigation (which marks the page it is on)
        # and those with scripts of their own; the standalone documents (pages to print) are
        # never MkDocs pages.
        self.in_bulk = SHELL_KINDS if self.config.bulk else ()
        in_nav = _navigation_paths(config.nav)
        self.by_engine = {
            page.path
            for page in self.plan.pages
            if page.kind in self.in_bulk and (page.path in in_nav or KINDS[page.kind].scripts(page))
        }
        self.generated: dict[str, tuple[PlannedPage, Language]] = {}
        self.shells: dict[str, tuple[str, Language, Shape]] = {}
        self.light_rendered: set[str] = set()  # the markup's names of the light pages the engine renders
        shelled: set[str] = set()  # language-neutral paths of the pages written from shells
        for page in self.plan.pages:
            in_bulk = page.kind in self.in_bulk and page.path not in self.by_engine
            # Light pages have their kind's shell however they are written: their stylesheet
            # is cut down to what the shells and our templates write (build/lightcss.py). A
            # page with no segment in its path (the catalog's first) would be its own shell:
            # the engine renders it, and its markup is read as it is (on_post_page).
            if in_bulk or (KINDS[page.kind].light and shape(page.path)[1]):
                for language in self.languages:
                    key = language.path(shell_path(shape(page.path))) + "index.md"
                    kind = self.shells.setdefault(key, (page.kind, language, shape(page.path)))[0]
                    assert kind == page.kind, f"{kind} and {page.kind} pages share the shell {key}"
            if in_bulk:
                shelled.add(page.path)
            elif not KINDS[page.kind].standalone:
                for language in self.languages:
                    self._add_page(files, config, language.path(page.path))
                    self.generated[language.path(page.path) + "index.md"] = (page, language)
        for src_uri in self.shells:
            self._add_page(files, config, src_uri.removesuffix("index.md"))
        self.page_urls = {
            url for file in files.documentation_pages() if not is_shell(url := _site_path(file.url))
        }
        self.page_urls |= {language.path(path) for path in shelled for language in self.languages}
        self.open_data = OpenData(self.plan, self.languages, config.site_url, self.renderer.site.today)
        locations = sorted(self.page_urls)
        sitemaps = sitemap_parts(locations)
        self.sitemaps = list(sitemaps)
        self.document_keys = dict.fromkeys(sitemaps, locations_key(locations, self.fingerprint.key("pages")))
        feeds = self.renderer.feeds
        site_feeds = {
            language.path(urls.recalls_feed_path(extension)): partial(_site_feed, make, language)
            for language in self.languages
            for extension, make in (("xml", feeds.atom), ("json", feeds.json_feed))
        }
        linksets = self.renderer.linksets
        documents: dict[str, Callable[[], Iterable[str]]] = {
            CATALOG_JSON: self.open_data.catalog_json,
            PRODUCTS_CSV: lambda: [self.open_data.products_csv()],
            **site_feeds,
            RESOLVER_DESCRIPTION: lambda: [linksets.resolver_description(config.site_name)],
            REDIRECTS: linksets.redirects,
            HEADERS: lambda: [linksets.headers()],
            STATS_JSON: lambda: [self.open_data.stats_json(self.renderer.figures)],
            **{path: partial(self._sitemap_xml, part, config) for path, part in sitemaps.items()},
        }
        for path in documents:
            # Included although hidden (.well-known): MkDocs leaves out dot files by default.
            file = _WrittenByTheBuild.generated(config, path, content=b"", inclusion=InclusionLevel.INCLUDED)
            self._add(files, file)
        self.documents = documents
        self.site_feeds = list(site_feeds)
        self.from_catalog = {CATALOG_JSON, PRODUCTS_CSV, STATS_JSON, *site_feeds}
        self.output = Output.load(self.site_dir, self.manifest, self.seal)
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
            kind = KINDS[shell[0]]
            page.meta.update(
                title=TITLE_SENTINEL,
                description=DESCRIPTION_SENTINEL,
                ocop_shell=True,
                ocop_light=kind.light,
                ocop_search_script=kind.search_script,
            )
            return ""
        planned = self.generated.get(page.file.src_uri)
        if planned is None:
            return markdown
        kind = KINDS[planned[0].kind]
        # Material prints titles and descriptions as HTML (a title may hold markup from Markdown
        # headings), and a record's name is a stranger's text: escape them here, once.
        page.meta.update(
            title=html.escape(self.renderer.title(*planned)),
            description=html.escape(self.renderer.description(self.renderer.head(*planned), planned[1])),
            ocop_light=kind.light,
            ocop_search_script=kind.search_script,
            ocop_scripts=kind.scripts(planned[0]),
        )
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
        # Pages without the theme's script: those of light kinds (on_page_markdown) and the
        # hand-written ones that say so in their front matter.
        light = bool(page.meta.get("ocop_light"))
        context["config"] = (self.light_configs if light else self.configs)[language.code]
        if language.prefix:
            # The language's own root: Material looks for the search index and the home link here.
            context["base_url"] = get_relative_url(language.prefix, page.url)
        context["ocop_alternates"] = [
            {**alt, "href": get_relative_url(alt["path"], page.url)}
            for alt in self._alternates(page.url, config)
        ]
        context["ocop_words"] = self.renderer.words[language.code]
        context["ocop_search"] = get_relative_url(language.path(urls.SEARCH), page.url)
        if light:
            context["ocop_light_stylesheet"] = get_relative_url(LIGHT_STYLESHEET, page.url)
        if self.config.demo_notice:
            context["ocop_notice"] = self.renderer.words[language.code]["demo_notice"]
        planned = self.generated.get(page.file.src_uri)
        if page.file.src_uri not in self.shells:
            head = (
                self.renderer.head(*planned)
                if planned
                else PageHead(
                    page.title or config.site_name,
                    language.description,
                    page.canonical_url or "",
                    locale=OG_LOCALES.get(language.code, language.code),
                )
            )
            context["ocop_head"] = self.renderer.head_tags(head)
        return context

    def on_template_context(
        self, context: dict[str, Any], template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        if template_name == "sitemap.xml":
            context["ocop_sitemaps"] = [urls.absolute_url(config.site_url, path) for path in self.sitemaps]
        if template_name == "404.html":
            context["ocop_not_found"] = [
                {"code": language.code, "prefix": language.prefix, "words": words["not_found"]}
                for language in self.languages
                for words in [self.renderer.words[language.code]]
            ]
            # MkDocs gives an error page the path of site_url, so that its links work at any depth.
            context["ocop_root"] = context["base_url"].rstrip("/") + "/"
            paths = self.page_urls | {redirect.from_path for redirect in self.plan.redirects}
            context["ocop_top"] = sorted({path.split("/", 1)[0] for path in paths if "/" in path})
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
        exists = other.path(here) in self.page_urls or is_shell(here)  # shells stand for every page
        return other.path(here) if exists else other.prefix

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = without_indentation(valid_toggles(output))
        if page.meta.get("ocop_light") and page.file.src_uri not in self.shells:
            self.light_rendered |= markup_words(output, values=False)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return valid_toggles(output_content)

    def on_post_build(self, config: MkDocsConfig) -> None:
        engine_dir = self.engine_dir
        shells = {}
        for kind, language, of in self.shells.values():
            output = engine_dir / language.path(shell_path(of)) / "index.html"
            shells[(kind, language.code, of)] = output.read_text(encoding="utf-8")
        for _, language, of in self.shells.values():  # the shells have served their purpose
            shutil.rmtree(engine_dir / language.path(shell_path(of)), ignore_errors=True)
        self._write_light_stylesheet(config, engine_dir, shells)
        result = write_bulk(
            self.plan,
            self.renderer,
            self.open_data,
            self.languages,
            shells,
            self.in_bulk,
            self.by_engine,
            self.output,
            engine_dir,
            VariantCache(self.cache / "images", self.fingerprint.key("images"), self.seal),
            PageCache(self.cache / "pages", self.fingerprint.key("pages"), self.plan.media, self.seal),
        )
        self.qr.made += result.qr_made
        # Written into the site as they are made (the build never holds them), after the pages,
        # whose writers weigh what each producer puts into the open data. Those of a producer
        # are written by forked workers before the search index starts, for a process is
        # forked safely only while it runs no other thread; those of the whole catalog by this
        # process, while Pagefind indexes.
        if open_data_key := documents_key(self.plan, result.made, self.fingerprint.key("pages")):
            self.document_keys |= {CATALOG_JSON: open_data_key, PRODUCTS_CSV: open_data_key}
        # The figures and the site's feeds of recalls read what the stats page reads.
        statuses = result.frames["statuses"]
        self.document_keys |= dict.fromkeys([STATS_JSON, *self.site_feeds], statuses)
        by_producer = {path: make for path, make in self.documents.items() if path not in self.from_catalog}
        write_documents(by_producer, self.output, self.document_keys, forked=True)
        # Pagefind indexes while this process writes the documents and fills in the pages of
        # the whole catalog.
        with SearchIndex(
            self.plan,
            self.renderer,
            self.output,
            self.cache / "search",
            self.fingerprint.key("search"),
            self.seal,
            result.made,
        ) as search:
            of_catalog = {path: make for path, make in self.documents.items() if path in self.from_catalog}
            write_documents(of_catalog, self.output, self.document_keys, forked=False)
            result.fill_catalog_pages()
            self.pages_rendered = result.pages_rendered  # the tests watch it
            log.info(
                f"ocop: {result.files} files made in bulk; {result.pages_rendered} pages rendered, "
                f"{result.pages_reused} unchanged since an earlier build; the files of "
                f"{result.producers_kept} producers kept as they were"
            )
            started = time.monotonic()
            try:
                indexed = search.write()
            except PagefindError as error:
                raise PluginError(f"ocop: search index: {error}") from error
        log.info(
            "ocop: search index of "
            + ", ".join(f"{n} records in {path}" for path, n in indexed.items())
            + f", {time.monotonic() - started:.1f} s waited for once the catalog's pages were written"
        )
        # What MkDocs wrote itself: the hand-written pages, the theme's files, the error page.
        for file in sorted(engine_dir.rglob("*")):
            if file.is_file():
                self.output.copy(file.relative_to(engine_dir).as_posix(), file)
        shutil.rmtree(engine_dir, ignore_errors=True)
        removed = self.output.finish(self.manifest, self.seal)
        log.info(f"ocop: {self.output.written} files written into {self.site_dir}, {removed} removed")
        config.site_dir = str(self.site_dir)
        self.lock.release()

    def _write_light_stylesheet(self, config: MkDocsConfig, engine_dir: Path, shells: dict[Any, str]) -> None:
        """The stylesheet of the pages without Material's script, cut from Material's by the light
        kinds' shells and the markup of such pages the engine rendered (a catalog with no
        product yet still has its home page)."""
        light = [page for (kind, _, _), page in shells.items() if KINDS[kind].light]
        if not light and not self.light_rendered:
            return
        patterns = MATERIAL_STYLESHEETS[: 2 if config.theme.get("palette") else 1]
        found = {pattern: sorted(engine_dir.glob(pattern)) for pattern in patterns}
        if missing := [pattern for pattern, paths in found.items() if not paths]:
            # Another theme, or a Material that names its files otherwise.
            raise PluginError(
                f"ocop: the theme has no {', '.join(missing)} to cut the light pages' stylesheet from"
            )
        material = "".join(paths[0].read_text(encoding="utf-8") for paths in found.values())
        sources = Sources(
            material,
            "".join((engine_dir / path).read_text(encoding="utf-8") for path in config.extra_css),
            tuple(light),
            tuple(path.read_text(encoding="utf-8") for path in sorted(self.templates.rglob("*.html"))),
            frozenset(self.light_rendered),
        )
        stylesheet = kept_light_stylesheet(
            self.cache / "styles", self.fingerprint.key("styles"), self.seal, sources
        )
        self.output.write(LIGHT_STYLESHEET, stylesheet)

    def on_build_error(self, error: Exception) -> None:
        if site_dir := getattr(self, "site_dir", None):
            self.engine_config.site_dir = str(site_dir)
        if lock := getattr(self, "lock", None):
            lock.release()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(self.config.records)
        return server
