"""Render the body of each planned page, per language, with Jinja templates from ``theme/ocop``.

The renderer produces the page's article HTML only; the surrounding shell (header, search,
language switch) belongs to whichever site engine wraps it. Everything from records is escaped
by Jinja's autoescape; Markdown fields go through the safe subset renderer.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from ..build.fingerprint import CODE, digest
from ..records.catalog import Batch, Media, Product
from ..records.markdown_subset import render_markdown
from ..records.reference import field_reference
from ..records.schema import Location
from . import urls
from .images import is_image, largest_jpeg, variants
from .languages import Language, interface_words
from .opendata import epcis_path
from .plan import LabelSheet, Listing, ListingPage, PlannedPage, Redirect, SitePlan
from .qr import QrCache, as_symbol, level_for_print
from .structured import PageHead, StructuredData


@dataclass(frozen=True)
class SiteInfo:
    name: str
    base_url: str
    today: date
    demo: bool
    labels: bool = True


@dataclass(frozen=True)
class LabelSize:
    mm: int
    count: int  # stickers of this size on the sheet
    font_pt: float


LABEL_SIZES = (LabelSize(20, 16, 4.5), LabelSize(30, 10, 6), LabelSize(40, 8, 7))

Cards = Callable[[Product, Language], str]  # a product's card in a language


class View:
    """What a template may ask for one page in one language: text, links, dates."""

    def __init__(self, renderer: Renderer, language: Language, here: str):
        self.renderer = renderer
        self.language = language
        self.here = here  # the language-neutral path of the page being rendered
        self.w = renderer.words[language.code]
        self.default = renderer.languages[0].code

    # Text from records
    def t(self, text: dict[str, str] | None) -> Markup:
        """Text in this language, or the default language's text marked as untranslated."""
        if not text:
            return Markup("")
        if self.language.code in text:
            return escape(text[self.language.code])
        return self._untranslated(escape(text[self.default]), "span")

    def md(self, text: dict[str, str] | None) -> Markup:
        if not text:
            return Markup("")
        if self.language.code in text:
            return Markup(render_markdown(text[self.language.code]))
        return self._untranslated(Markup(render_markdown(text[self.default])), "div")

    def _untranslated(self, content: Markup, tag: str) -> Markup:
        # A block (Markdown) carries its mark first, where a reader starts; inline text after it.
        template = (
            '<{tag} class="ocop-untranslated" lang="{lang}" title="{title}">'
            + (
                '<span class="ocop-untranslated__mark" lang="{here}">{mark}</span>{content}'
                if tag == "div"
                else '{content}<span class="ocop-untranslated__mark" lang="{here}">{mark}</span>'
            )
            + "</{tag}>"
        )
        return Markup(template).format(
            tag=Markup(tag),
            lang=self.default,
            title=self.w["untranslated_title"],
            content=content,
            here=self.language.code,
            mark=self.w["untranslated"],
        )

    def plain(self, text: dict[str, str] | None) -> str:
        if not text:
            return ""
        return text.get(self.language.code) or text[self.default]

    # Links
    def link(self, site_path: str) -> str:
        """A link to another page of the site, in this language."""
        return urls.relative_url(self.language.path(site_path), self.language.path(self.here))

    def file(self, site_path: str) -> str:
        """A link to a file shared by all languages (media, QR downloads)."""
        return urls.relative_url(site_path, self.language.path(self.here))

    def media(self, media: Media) -> str:
        """A link to a producer's file; a photo links to its largest published size."""
        return self.file(largest_jpeg(media).site_path if is_image(media) else media.site_path)

    def picture(self, media: Media, alt: str, sizes: str, *, lazy: bool = True, css: str = "") -> Markup:
        """A responsive photo: WebP where the browser takes it, JPEG otherwise, the size it needs."""
        found = variants(media)
        srcset = {
            fmt: Markup(", ").join(
                Markup("{} {}w").format(self.file(v.site_path), v.width) for v in found if v.format == fmt
            )
            for fmt in ("webp", "jpg")
        }
        fallback = [v for v in found if v.format == "jpg"][min(1, len(found) // 2 - 1)]
        return Markup(
            '<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
            '<img src="{src}" srcset="{jpg}" sizes="{sizes}" alt="{alt}" width="{width}" height="{height}"'
            "{lazy}{css}></picture>"
        ).format(
            webp=srcset["webp"],
            jpg=srcset["jpg"],
            sizes=sizes,
            src=self.file(fallback.site_path),
            alt=alt,
            width=fallback.width,
            height=fallback.height,
            lazy=Markup(' loading="lazy"') if lazy else "",
            css=Markup(' class="{}"').format(css) if css else "",
        )

    def product_link(self, product: Product) -> str:
        return self.link(urls.product_path(product.id))

    def batch_link(self, batch: Batch) -> str:
        return self.link(urls.batch_path(batch.product.id, batch.lot))

    def labels_link(self, batch: Batch) -> str:
        return self.file(urls.labels_path(batch.product.id, batch.lot))

    def producer_link(self, producer_id: str) -> str:
        return self.link(urls.producer_path(producer_id))

    @staticmethod
    def slug(text: str) -> str:
        return urls.slugify(text)

    def commune_link(self, commune: str) -> str:
        return self.link(urls.commune_path(commune))

    @staticmethod
    def map_url(location: Location) -> str:
        return (
            f"https://www.openstreetmap.org/?mlat={location.lat:.5f}&mlon={location.lon:.5f}"
            f"#map=14/{location.lat:.5f}/{location.lon:.5f}"
        )

    # Words and formats
    def date(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        text = self.w["date_format"].format(
            day=value.day, month=value.month, year=value.year, month_name=self.w["months"][value.month - 1]
        )
        if isinstance(value, datetime):
            text += " " + self.w["time_format"].format(hour=value.hour, minute=value.minute)
        return text

    def iso(self, value: date | datetime) -> str:
        return value.isoformat()

    def stars(self, n: int) -> Markup:
        return _stars(self.w["stars_label"], n)

    def count(self, key: str, n: int) -> str:
        return self.w["labels"][key].format(n=n)

    def number(self, value: float) -> str:
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        return text.replace(",", "\u202f") if self.language.code != "en" else text

    def title(self, page: PlannedPage) -> str:
        return self.renderer.title(page, self.language)


# Where a product card's links start, until a listing page puts in its own way up to the root.
# Record text is escaped and paths are percent-encoded, so neither can hold a "<" and pass for one.
LANGUAGE_ROOT = "<ocop:language-root>"
SITE_ROOT = "<ocop:site-root>"


class _CardView(View):
    """The view of a product card, rendered once per language and placed on every listing page it
    is on, at any depth: a listing page's links to products and photos differ only in how many
    folders they go up, as listings are under ``catalog/`` and products and photos are not."""

    def link(self, site_path: str) -> Markup:
        return Markup(LANGUAGE_ROOT) + urls.url_path(site_path)

    def file(self, site_path: str) -> Markup:
        return Markup(SITE_ROOT) + urls.url_path(site_path)


def placed_cards(cards: Iterable[str], language: Language, here: str) -> Markup:
    """Product cards placed on the listing page at ``here``, their links relative to it."""
    return Markup(
        "".join(cards)
        .replace(LANGUAGE_ROOT, "../" * here.count("/"))
        .replace(SITE_ROOT, "../" * language.path(here).count("/"))
    )


@lru_cache(maxsize=64)  # five ratings per language, on every card of every listing
def _stars(label: str, n: int) -> Markup:
    return Markup('<span class="ocop-stars" role="img" aria-label="{label}">{full}{empty}</span>').format(
        label=label.format(n=n),
        full="★" * n,
        empty=Markup('<span class="ocop-stars__empty">{}</span>').format("★" * (5 - n)),
    )


def compiled_templates(folder: Path, made_by: Iterable[str] = ()) -> BytecodeCache:
    """Where compiled templates are kept between builds: compiling the theme's and ours took half
    of an empty catalog's build. Jinja compiles a template again when its source changes, not
    when its environment's options do, so they are kept apart for each version of the code that
    sets those options: ours, and the libraries named in ``made_by``. Other versions' go."""
    key = digest(made_by, [CODE])[:16]
    for other in folder.glob("*"):
        if other.is_dir() and other.name != key:
            shutil.rmtree(other, ignore_errors=True)
        elif other.is_file():
            other.unlink()
    (folder / key).mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder / key))


class Renderer:
    def __init__(
        self,
        plan: SitePlan,
        languages: list[Language],
        templates: Path,
        qr: QrCache,
        site: SiteInfo,
        compiled: BytecodeCache | None = None,
    ):
        self.plan = plan
        self.languages = languages
        self.templates = templates
        self.qr = qr
        self.site = site
        self.words = {lang.code: interface_words(lang.code, languages[0].code) for lang in languages}
        self.structured = StructuredData(site.base_url, languages, self.words)
        self.env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=compiled,
        )

    def compile_templates(self) -> None:
        """Compile every template now, so that forked workers inherit them compiled instead of
        each compiling its own (a tenth of a second a worker, and a worker a chunk of work)."""
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)

    def title(self, page: PlannedPage, language: Language) -> str:
        """The page's title as plain text, for <title>, navigation and search."""
        words = self.words[language.code]["titles"]
        subject = page.subject
        if isinstance(subject, ListingPage):
            title = self._listing_title(subject.listing, language)
            if subject.number > 1:  # the first page stands for the listing, in the navigation too
                title += " · " + words["page"].format(n=subject.number, count=subject.count)
            return title
        if page.title:
            return page.title.get(language.code) or page.title[self.languages[0].code]
        return words[page.kind]

    def _listing_title(self, listing: Listing, language: Language) -> str:
        words = self.words[language.code]["titles"]
        if listing.kind == "commune":
            assert listing.label is not None
            return words["commune"].format(name=listing.label["vi"])
        if listing.kind == "group":
            return words["group"].format(name=self.words[language.code]["groups"][listing.key])
        if listing.kind == "stars":
            return words["stars"].format(n=listing.key)
        return words["catalog"]

    @staticmethod
    def scripts(page: PlannedPage) -> list[str]:
        """Our own scripts a page needs (site paths): only the whole catalog, when it is on one
        page, has one (its filters and sorts work on the products of the page)."""
        subject = page.subject
        if isinstance(subject, ListingPage) and subject.listing.kind == "all" and not subject.paginated:
            return ["javascripts/catalog.js"]
        return []

    @staticmethod
    def without_theme_script(kind: str) -> bool:
        """The trace page is what a QR code opens, often on a weak connection: it is complete
        without the theme's script (a third of its weight), so it loads without it and without
        search."""
        return kind == "batch"

    def plain_text(self, text: dict[str, str] | None, language: Language) -> str:
        """Text in ``language`` or the default one, unmarked: for titles and search."""
        if not text:
            return ""
        return text.get(language.code) or text[self.languages[0].code]

    def head(self, page: PlannedPage, language: Language) -> PageHead:
        return self.structured.head(page, language, self.title(page, language))

    def card(self, product: Product, language: Language) -> str:
        """The product's card on listing pages, to be placed by ``placed_cards``."""
        view = _CardView(self, language, urls.CATALOG)
        return str(self.env.get_template("_macros.html").module.product_card(view, view.w, product))

    def render_page(self, page: PlannedPage, language: Language, cards: Cards | None = None) -> str:
        """The page's body; a listing page takes its products' ``cards`` when they were made
        already (with their pages), else makes them."""
        view = View(self, language, page.path)
        context: dict[str, Any] = {"page": page, "v": view, "w": view.w, "site": self.site, "plan": self.plan}
        if isinstance(page.subject, ListingPage):
            card = cards or self.card
            context["cards"] = placed_cards(
                (card(p, language) for p in page.subject.products), language, page.path
            )
        if page.qr:
            context["qr_svg"] = Markup(self.qr.svg(page.qr.payload))
        if page.kind == "reference":
            context["references"] = field_reference()
        if isinstance(page.subject, Batch):
            context["epcis"] = epcis_path(page.subject)
        return self.env.get_template(f"{page.kind}.html").render(context)

    def redirect_source(self, redirect: Redirect, language: Language) -> str:
        """Where a redirect lives in ``language``; Digital Link URLs exist in the default one only."""
        return language.path(redirect.from_path) if redirect.per_language else redirect.from_path

    def render_redirect(self, redirect: Redirect, language: Language) -> str:
        """A static redirect page: works on any host, without JavaScript."""
        target = language.path(redirect.to_path)
        return self.env.get_template("redirect.html").render(
            lang=language.code,
            title=self.words[language.code]["labels"]["redirect"],
            href=urls.relative_url(target, self.redirect_source(redirect, language)),
            canonical=urls.absolute_url(self.site.base_url, target),
        )

    def render_labels(self, sheet: LabelSheet) -> str:
        """The printable sticker sheet of a batch, in the default language."""
        language = self.languages[0]
        view = View(self, language, sheet.path)
        sizes = [
            {
                "mm": size.mm,
                "count": size.count,
                "font_pt": size.font_pt,
                "level": level_for_print(sheet.payload, size.mm),
            }
            for size in LABEL_SIZES
        ]
        symbols = [
            Markup(as_symbol(self.qr.svg(sheet.payload, level), f"qr-{level}"))
            for level in sorted({size["level"] for size in sizes})
        ]
        batch = sheet.batch
        return self.env.get_template("labels.html").render(
            lang=language.code,
            w=view.w,
            sheet=sheet,
            name=view.plain(batch.product.record.name),
            expires=view.date(batch.record.expires),
            short_url=sheet.payload.split("://", 1)[-1],
            sizes=sizes,
            symbols=symbols,
        )

    def render_fragment(self, name: str, language: Language, here: str, **extra: Any) -> str:
        """A piece of a hand-written page, e.g. the home page's highlights."""
        view = View(self, language, here)
        return self.env.get_template(f"{name}.html").render(
            {"v": view, "w": view.w, "site": self.site, "plan": self.plan, **extra}
        )
