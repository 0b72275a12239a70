"""Render the body of each planned page, per language, with Jinja templates from ``theme/ocop``.

The renderer produces the page's article HTML only; the surrounding shell (header, search,
language switch) belongs to whichever site engine wraps it. Everything from records is escaped
by Jinja's autoescape; Markdown fields go through the safe subset renderer.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup, escape
from pydantic import BaseModel

from ..base.files import Seal
from ..records.catalog import Batch, Media, Product
from ..records.markdown_subset import render_markdown
from ..records.reference import RecordReference, field_reference
from ..records.schema import Location, field_extra
from ..records.texts import needs_translation, pick
from . import urls
from .charts import BarChart, bar_chart
from .feeds import Feeds
from .images import Variant, largest_jpeg, variants
from .kinds import KINDS
from .languages import Language, counted, interface_words, written_date
from .linksets import Linksets
from .opendata import epcis_path
from .phones import find_phones, tel_uri
from .places import former_district_name, place_name
from .plan import LabelSheet, Listing, ListingPage, PlannedPage, QrCode, Redirect, SitePlan, product_qr
from .qr import QrCache, as_symbol
from .search import BROWSE_BUNDLE, SEARCH_BUNDLE, record_json
from .stats import Figures, figures
from .structured import PageHead, StructuredData


@dataclass(frozen=True)
class SiteInfo:
    name: str
    base_url: str
    today: date
    demo: bool
    labels: bool = True
    province: str = "Quảng Ninh"  # where a producer is that names no province


@dataclass(frozen=True)
class LabelSize:
    mm: int
    count: int  # stickers of this size on the sheet
    font_pt: float


LABEL_SIZES = (LabelSize(20, 16, 4.5), LabelSize(30, 10, 6), LabelSize(40, 8, 7))

# A product's card in a language, drawn by the named macro (kinds.py, PageKind.card).
Cards = Callable[[Product, Language, str], str]


class View:
    """What a template may ask for one page in one language: text, links, dates."""

    def __init__(self, renderer: Renderer, language: Language, here: str):
        self.renderer = renderer
        self.language = language
        self.here = here  # the language-neutral path of the page being rendered
        self.w = renderer.words[language.code]

    # Text from records
    def t(self, text: dict[str, str] | None, *, tel: bool = False) -> Markup:
        """Text in this language, or along its fallback chain, marked as not translated; with
        ``tel``, each phone number in it is a link that calls it (escaped piece by piece)."""
        if not text:
            return Markup("")
        code, found = self.language.pick(text)
        shown = self._with_phones(found) if tel else escape(found)
        return self._marked(shown, text, code, False)

    def _with_phones(self, text: str) -> Markup:
        pieces, done = [], 0
        for start, end, uri in find_phones(text):
            pieces += [escape(text[done:start]), self.renderer.markup.call(uri, text[start:end])]
            done = end
        return Markup("").join([*pieces, escape(text[done:])])

    def calls(self, phone: str) -> Markup:
        """A record's phone field, each number in it a link that calls it; one link if none is
        written the way Vietnamese numbers are."""
        if next(find_phones(phone), None) is None:
            return self.renderer.markup.call(tel_uri(phone), phone)
        return self._with_phones(phone)

    def md(self, text: dict[str, str] | None) -> Markup:
        if not text:
            return Markup("")
        code, found = self.language.pick(text)
        return self._marked(Markup(render_markdown(found)), text, code, True)

    def _marked(self, content: Markup, text: dict[str, str], code: str, block: bool) -> Markup:
        """Text in another language than the page's is marked so; a name or code that reads the
        same in every language ("QCVN 6-3:2010/BYT") is not."""
        if code == self.language.code or not needs_translation(text):
            return content
        return self.renderer.markup.untranslated(
            content, code, self.language.code, self.w["untranslated_title"], self.w["untranslated"], block
        )

    def plain(self, text: dict[str, str] | None) -> str:
        return self.language.text(text)

    def doc(self, docs: dict[str, str]) -> str:
        """A field's documentation, which a third language reads in English first."""
        found = pick(docs, self.language.doc_chain)
        return found[1] if found else ""

    def field_label(self, record: BaseModel, name: str) -> str:
        """A record field's name on a page: its documentation in schema.py."""
        return self.doc(field_extra(type(record), name).get("x-doc", {}))

    # Links
    def link(self, site_path: str) -> str:
        """A link to another page of the site, in this language."""
        return urls.relative_url(self.language.path(site_path), self.language.path(self.here))

    def file(self, site_path: str) -> str:
        """A link to a file shared by all languages (media, QR downloads)."""
        return urls.relative_url(site_path, self.language.path(self.here))

    def png_link(self, qr: QrCode) -> str:
        """The page that draws ``qr`` as a PNG for print, in this language: it is given the code's
        SVG as a path from the site's root, and draws nothing from anywhere else."""
        return self.link(urls.QR_PNG) + "?" + urlencode({"svg": urls.url_path(qr.svg_path)})

    def media(self, media: Media) -> str:
        """A link to a producer's file; a photo links to its largest published size."""
        return self.file(largest_jpeg(media).site_path if media.is_image else media.site_path)

    def picture(self, media: Media, alt: str, sizes: str, *, lazy: bool = True, css: str = "") -> Markup:
        """A responsive photo: WebP where the browser takes it, JPEG otherwise, the size it needs."""
        found = variants(media)
        sources = {
            fmt: [(self.file(v.site_path), v.width) for v in found if v.format == fmt]
            for fmt in ("webp", "jpg")
        }
        fallback = [v for v in found if v.format == "jpg"][min(1, len(found) // 2 - 1)]
        return self.renderer.markup.picture(
            sources["webp"], sources["jpg"], sizes, fallback, self.file(fallback.site_path), alt, lazy, css
        )

    def product_link(self, product: Product) -> str:
        return self.link(urls.product_path(product.id))

    def batch_link(self, batch: Batch) -> str:
        return self.link(urls.batch_path(batch.product.id, batch.lot))

    def sheet_link(self, product: Product) -> str:
        return self.link(urls.sheet_path(product.id))

    def print_link(self, listing: Listing) -> str:
        """The print catalog of a listing of the site."""
        return self.link(urls.print_path(listing.path))

    def labels_link(self, batch: Batch) -> str:
        """The batch's stickers on its product's sheet of labels, which shows them alone."""
        return self.file(urls.labels_path(batch.product.id)) + "#" + urls.labels_anchor(batch.lot)

    def producer_link(self, producer_id: str) -> str:
        return self.link(urls.producer_path(producer_id))

    def recalls_feed(self, extension: str, producer_id: str | None = None) -> str:
        """The feed of recalls (``xml``: Atom, ``json``: JSON Feed) in this language."""
        return self.link(urls.recalls_feed_path(extension, producer_id))

    @staticmethod
    def slug(text: str) -> str:
        return urls.slugify(text)

    def place(self, name: str) -> str:
        """A commune, ward or special zone as this language writes it: “xã Ba Chẽ” is “Ba Chẽ
        commune” in English."""
        return place_name(name, self.w["units"])

    def former_district(self, name: str) -> str:
        """Where a place belonged before 2025: “trước đây thuộc huyện Ba Chẽ”, “formerly part of
        Ba Chẽ district” (a district is written by its name alone, a city or town with its kind)."""
        return self.w["labels"]["former_district"].format(place=former_district_name(name, self.w["units"]))

    def commune_link(self, commune: str) -> str:
        return self.link(urls.commune_path(commune))

    @staticmethod
    def map_url(location: Location) -> str:
        return (
            f"https://www.openstreetmap.org/?mlat={location.lat:.5f}&mlon={location.lon:.5f}"
            f"#map=14/{location.lat:.5f}/{location.lon:.5f}"
        )

    def in_languages(self) -> list[tuple[Language, str]]:
        """This page in every language of the site, each with its link from here."""
        here = self.language.path(self.here)
        return [(other, urls.relative_url(other.path(self.here), here)) for other in self.renderer.languages]

    # What a page shows besides its records
    def qr_to(self, site_path: str) -> tuple[str, Markup]:
        """The absolute URL of a page of the site in this language, and its QR code (SVG)."""
        url = urls.absolute_url(self.renderer.site.base_url, self.language.path(site_path))
        return url, Markup(self.renderer.qr.svg(url))

    def product_qr(self, product: Product) -> QrCode:
        return product_qr(self.renderer.site.base_url, product)

    def qr_mm(self, payload: str, smallest: float) -> float:
        """How wide to print the code of ``payload``, in millimetres: at least ``smallest``, and
        wide enough for a phone to read it (qr.py, print_size_mm)."""
        return math.ceil(self.renderer.qr.print_size_mm(payload, smallest) * 10) / 10

    @property
    def figures(self) -> Figures:
        return self.renderer.figures

    @staticmethod
    def bar_chart(values: list[float], maximum: float | None = None) -> BarChart:
        return bar_chart(values, maximum)

    @staticmethod
    def by_group(products: list[Product]) -> list[tuple[str, list[Product]]]:
        """Products in runs of one OCOP group each, in the order given (Jinja's groupby sorts)."""
        return [(group, list(run)) for group, run in groupby(products, key=lambda p: p.record.group)]

    @staticmethod
    def jpeg(media: Media, width: int) -> Variant:
        """The smallest JPEG of a photo at least ``width`` pixels wide, or its largest: a printed
        page names one file (a printer chooses from a srcset as a narrow screen would)."""
        jpegs = [found for found in variants(media) if found.format == "jpg"]
        return next((found for found in jpegs if found.width >= width), jpegs[-1])

    def epcis(self, batch: Batch) -> str:
        return self.file(epcis_path(batch))

    @staticmethod
    def field_reference() -> list[RecordReference]:
        return field_reference()

    # Words and formats
    def date(self, value: date | datetime | None) -> str:
        return written_date(self.w, value) if value is not None else ""

    def iso(self, value: date | datetime) -> str:
        return value.isoformat()

    def time(self, value: date | datetime | None) -> Markup:
        """A date as this language writes it, in a ``<time>`` element that gives it to machines
        (and to the page's script, which compares it with the reader's day)."""
        return self.renderer.markup.time(self.iso(value), self.date(value)) if value else Markup("")

    def stars(self, n: int) -> Markup:
        return self.renderer.stars(self.language, n)

    def count(self, key: str, n: int) -> str:
        return counted(self.w, key, n)

    def percent(self, part: float, whole: float) -> str:
        """``part`` of ``whole`` in per cent, to a tenth: "83,3%" in Vietnamese."""
        return self.number(round(100 * part / whole, 1) if whole else 0) + "%"

    def number(self, value: float) -> str:
        """A number as this language writes it: 1 200 in Vietnamese, 1,200 in English."""
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        numbers = self.w["numbers"]
        return text.translate(str.maketrans({",": numbers["thousands"], ".": numbers["decimal"]}))

    def title(self, page: PlannedPage) -> str:
        return self.renderer.title(page, self.language)


# The theme indents its markup for its own readers: blank lines and indentation are an eighth of
# each page's bytes (3 kB of a 25 kB trace page).
# A run of white space that holds a line break becomes one line break, which is still white
# space between inline elements, except inside the elements where white space is content.
_WHITE_RUN = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)|[ \t]*\n\s*", re.S | re.I)


def without_indentation(html: str) -> str:
    """``html`` with its runs of white space across lines made single line breaks. The adapter
    applies it to every page the engine writes, shells included, before any body is filled in,
    and the head tags are written so: a page written from a shell and one the engine writes
    whole stay byte for byte the same."""
    return _WHITE_RUN.sub(lambda match: match[1] or "\n", html)


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


def compiled_templates(folder: Path, key: str, seal: Seal | None = None) -> BytecodeCache:
    """Where compiled templates are kept between builds: compiling the theme's and ours took half
    of an empty catalog's build. Jinja compiles a template again when its source changes, not
    when its environment's options do, so they are kept apart under the ``key`` of the code that
    sets those options (see fingerprint.py). Other keys' go."""
    key = key[:16]
    for other in folder.glob("*"):
        if other.is_dir() and other.name != key:
            shutil.rmtree(other, ignore_errors=True)
        elif other.is_file():
            other.unlink()
    (folder / key).mkdir(parents=True, exist_ok=True)
    return _SignedBytecode(folder / key, seal or Seal.beside(folder))


class _SignedBytecode(BytecodeCache):
    """Compiled templates are Python code, run when loaded: one is loaded only when signed with
    this runner's key (``Seal``), never because a file of the right name is in the folder."""

    def __init__(self, folder: Path, seal: Seal):
        self.folder = folder
        self.seal = seal

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.seal.read(self.folder / f"{bucket.key}.cache")) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.seal.write(self.folder / f"{bucket.key}.cache", bucket.bytecode_to_string())


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
        self.words = {language.code: interface_words(language) for language in languages}
        self.feeds = Feeds(plan.catalog, site.base_url, site.name, self.words)
        self.linksets = Linksets(plan, site.base_url, languages, self.words)
        self.structured = StructuredData(site.base_url, site.province, self.words, self.feeds)
        self.env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=compiled,
            # A build reads each template once: a fresh renderer is made for every build, `serve`'s
            # too, so Jinja need not stat a template's file each time a page uses it.
            auto_reload=False,
        )
        self._stars: dict[tuple[str, int], Markup] = {}

    @cached_property
    def figures(self) -> Figures:
        """The catalog's figures as of the build's day (stats.py), made once for the stats page
        in every language and for stats.json."""
        return figures(self.plan, self.languages, self.site.today)

    @cached_property
    def markup(self) -> Any:
        """The macros of ``_markup.html``, which views put into text from records."""
        return self.env.get_template("_markup.html").module

    @cached_property
    def macros(self) -> Any:
        """The macros of ``_macros.html``, which draw the cards that listings place."""
        return self.env.get_template("_macros.html").module

    def stars(self, language: Language, n: int) -> Markup:
        # Five ratings per language, on every card of every listing: each drawn once.
        if (language.code, n) not in self._stars:
            label = self.words[language.code]["stars_label"].format(n=n)
            self._stars[(language.code, n)] = self.markup.stars(label, n)
        return self._stars[(language.code, n)]

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
        return language.text(page.title) or words[page.kind]

    def _listing_title(self, listing: Listing, language: Language) -> str:
        words = self.words[language.code]["titles"]
        if listing.kind == "commune":
            assert listing.commune is not None
            return words["commune"].format(
                name=place_name(listing.commune, self.words[language.code]["units"])
            )
        if listing.kind == "group":
            return words["group"].format(name=self.words[language.code]["groups"][listing.key])
        if listing.kind == "stars":
            return words["stars"].format(n=listing.key)
        return words["catalog"]

    def head(self, page: PlannedPage, language: Language) -> PageHead:
        return self.structured.head(page, KINDS[page.kind], language, self.title(page, language))

    @staticmethod
    def description(head: PageHead, language: Language) -> str:
        """What a page says of itself in its <meta name=description>: its own words, else the
        site's in its language."""
        return head.description or language.description

    def head_tags(self, head: PageHead) -> str:
        """The page's Open Graph and JSON-LD tags, the same whichever engine writes the page."""
        return without_indentation(
            self.env.get_template("head.html").render(head=head, site_name=self.site.name)
        ).strip()

    def card(self, product: Product, language: Language, macro: str) -> str:
        """The product's card drawn by ``macro`` of ``_macros.html``, to be placed by
        ``placed_cards`` on the pages that list it."""
        view = _CardView(self, language, urls.CATALOG)
        return str(getattr(self.macros, macro)(view, view.w, product))

    def search_records(self, kind: str, subject: Any, language: Language) -> dict[str, bytes]:
        """The records of a page of ``kind`` about ``subject`` in each search bundle it is in
        (search.py), as kept between builds: made with the page, from its producer's records."""
        words = self.words[language.code]
        records = {}
        if search := KINDS[kind].search:
            records[SEARCH_BUNDLE] = record_json(search(subject, language, words))
        if browse := KINDS[kind].browse:
            records[BROWSE_BUNDLE] = record_json(browse(subject, language, words, self.site.province))
        return records

    def render_page(self, page: PlannedPage, language: Language, cards: Cards | None = None) -> str:
        """The page's body, or the whole document of a standalone kind; a page that lists
        products places their ``cards`` when they were made already (with their pages), else
        makes them: its template calls ``cards(products)``."""
        view = View(self, language, page.path)
        context: dict[str, Any] = {"page": page, "v": view, "w": view.w, "site": self.site, "plan": self.plan}
        macro = KINDS[page.kind].card
        if macro:
            card = cards or self.card
            context["cards"] = lambda products: placed_cards(
                (card(p, language, macro) for p in products), language, page.path
            )
        return self.env.get_template(KINDS[page.kind].template).render(context)

    def redirect_source(self, redirect: Redirect, language: Language) -> str:
        """Where a redirect lives in ``language``; Digital Link URLs exist in the default one only."""
        return language.path(redirect.from_path) if redirect.per_language else redirect.from_path

    def redirect_files(self, redirect: Redirect, language: Language) -> list[str]:
        """The files that answer a redirect's URL in ``language``: its folder's page and, for a
        Digital Link, the file that answers it without the trailing slash."""
        source = self.redirect_source(redirect, language)
        return [source + "index.html"] + ([urls.bare_path(source)] if redirect.bare else [])

    def render_redirect(self, redirect: Redirect, language: Language, file: str) -> str:
        """A static redirect page at ``file`` (its link is relative to it): works on any host,
        without JavaScript."""
        target = language.path(redirect.to_path)
        linkset = redirect.from_path + "linkset.json" if redirect.digital_link else None
        return self.env.get_template("redirect.html").render(
            lang=language.code,
            title=self.words[language.code]["labels"]["redirect"],
            href=urls.relative_url(target, file),
            canonical=urls.absolute_url(self.site.base_url, target),
            linkset=urls.relative_url(linkset, file) if linkset else None,
        )

    def render_labels(self, sheet: LabelSheet) -> str:
        """The printable sticker sheets of a product's batches, in the default language. Each
        batch's code is drawn once a level, as a <symbol> its stickers <use>."""
        language = self.languages[0]
        view = View(self, language, sheet.path)
        lots, symbols = [], []
        for number, (batch, payload) in enumerate(sheet.lots):
            levels = {size.mm: self.qr.level_for_print(payload, size.mm) for size in LABEL_SIZES}
            symbols += [
                Markup(as_symbol(self.qr.svg(payload, level), f"qr-{number}-{level}"))
                for level in sorted(set(levels.values()))
            ]
            lots.append(
                {
                    "number": number,
                    "lot": batch.lot,
                    "anchor": urls.labels_anchor(batch.lot),
                    "expires": view.date(batch.record.expires),
                    "short_url": payload.split("://", 1)[-1],
                    "levels": levels,
                }
            )
        return self.env.get_template("labels.html").render(
            lang=language.code,
            w=view.w,
            name=view.plain(sheet.product.record.name),
            sizes=LABEL_SIZES,
            lots=lots,
            symbols=symbols,
        )

    def render_fragment(self, name: str, language: Language, here: str, **extra: Any) -> str:
        """A piece of a hand-written page, e.g. the home page's highlights."""
        view = View(self, language, here)
        return self.env.get_template(f"{name}.html").render(
            {"v": view, "w": view.w, "site": self.site, "plan": self.plan, **extra}
        )
