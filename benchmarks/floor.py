"""The floor: the same pages rendered with plain Jinja2 and one simple template, written to disk.

``python -m benchmarks.floor RECORDS OUT --pages N`` reads the records (PyYAML's C loader, no
validation), renders N pages (the same set as our build: product, batch, producer, listing and
index pages in Vietnamese and English, topped up with text pages) into ``OUT`` as
``<path>/index.html``, and prints its phase timings as JSON. No search index, no QR codes, no
assets: the least any generator of these pages has to do.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import sys
import time
from pathlib import Path
from typing import Any

from jinja2 import DictLoader, Environment, select_autoescape

from . import plain

BASE = """<!doctype html>
<html lang="{{ page.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ w.site }}</title>
<link rel="stylesheet" href="{{ rel('assets/site.css') }}">
</head>
<body>
<header><a href="{{ link('') }}">{{ w.site }}</a>
<nav><a href="{{ link('catalog/') }}">{{ w.catalog }}</a> · <a href="{{ link('producers/') }}">{{ w.producers }}</a>
· <a href="{{ other }}" hreflang="{{ other_lang }}">{{ other_lang }}</a></nav></header>
<main>
{% block main %}{% endblock %}
</main>
<footer>{{ w.site }}</footer>
</body>
</html>
"""

PRODUCT = """{% extends "base.html" %}
{% block main %}{% set r = s.record %}
<article>
<h1>{{ t(r.name) }}</h1>
<p>{{ "★" * r.ocop.stars }} · <a href="{{ link('catalog/group/' ~ r.group ~ '/') }}">{{ w[r.group] }}</a>
 · <a href="{{ link('producers/' ~ s.producer.id ~ '/') }}">{{ t(s.producer.record.name) }}</a>
 · {{ s.producer.record.commune }}</p>
<p>{{ t(r.summary) }}</p>
{% if r.story %}<h2>{{ w.story }}</h2>{% for para in t(r.story).split("\\n\\n") %}<p>{{ para }}</p>{% endfor %}{% endif %}
<h2>{{ w.details }}</h2>
<dl>
<dt>{{ w.group }}</dt><dd>{{ w[r.group] }}</dd>
{% if r.ingredients %}<dt>{{ w.ingredients }}</dt><dd>{{ t(r.ingredients) }}</dd>{% endif %}
{% if r.net_content %}<dt>{{ w.net_content }}</dt><dd>{{ r.net_content }}</dd>{% endif %}
{% if r.shelf_life %}<dt>{{ w.shelf_life }}</dt><dd>{{ t(r.shelf_life) }}</dd>{% endif %}
{% if r.storage %}<dt>{{ w.storage }}</dt><dd>{{ t(r.storage) }}</dd>{% endif %}
</dl>
{% if r.warnings %}<p><strong>{{ w.warnings }}:</strong> {{ t(r.warnings) }}</p>{% endif %}
{% if r.standards %}<h2>{{ w.standards }}</h2><ul>{% for x in r.standards %}<li>{{ t(x.name) }}{% if x.number %} — {{ x.number }}{% endif %}</li>{% endfor %}</ul>{% endif %}
<h2>{{ w.certificate }}</h2>
<dl><dt>{{ w.decision }}</dt><dd>{{ r.ocop.decision }}</dd><dt>{{ w.issued }}</dt><dd>{{ date(r.ocop.issued) }}</dd></dl>
<h2>{{ w.batches }}</h2>
<ul>{% for b in s.batches %}<li><a href="{{ link('p/' ~ s.id ~ '/' ~ b.lot ~ '/') }}">{{ w.lot }} {{ b.lot }}</a> · {{ w.produced }} {{ date(b.record.produced) }} · {{ w[b.record.status or "released"] }}</li>{% endfor %}</ul>
{% if r.where_to_buy %}<h2>{{ w.where_to_buy }}</h2><ul>{% for shop in r.where_to_buy %}<li>{{ t(shop.name) }}{% if shop.address %} — {{ t(shop.address) }}{% endif %}</li>{% endfor %}</ul>{% endif %}
<h2>{{ w.producer }}</h2>
<p><a href="{{ link('producers/' ~ s.producer.id ~ '/') }}">{{ t(s.producer.record.name) }}</a><br>{{ t(s.producer.record.address) }}</p>
</article>
{% endblock %}
"""

BATCH = """{% extends "base.html" %}
{% block main %}{% set r = s.record %}{% set product = s.product %}
<article>
{% if r.status == "recalled" %}<section role="alert"><p>{{ w.recalled }}</p>
<p><strong>{{ w.reason }}:</strong> {{ t(r.recall.reason) }}</p>
<p><strong>{{ w.instructions }}:</strong> {{ t(r.recall.instructions) }}</p></section>
{% elif r.status == "withdrawn" %}<section role="alert"><p>{{ w.withdrawn }}</p><p>{{ t(r.withdrawal.reason) }}</p></section>
{% else %}<section><p>✓ {{ w.released }}</p></section>{% endif %}
<h1>{{ t(product.record.name) }} <span>{{ w.lot }} {{ s.lot }}</span></h1>
<dl>
<dt>{{ w.product }}</dt><dd><a href="{{ link('p/' ~ product.id ~ '/') }}">{{ t(product.record.name) }}</a></dd>
<dt>{{ w.producer }}</dt><dd><a href="{{ link('producers/' ~ product.producer.id ~ '/') }}">{{ t(product.producer.record.name) }}</a></dd>
<dt>{{ w.produced }}</dt><dd>{{ date(r.produced) }}</dd>
{% if r.packaged %}<dt>{{ w.packaged }}</dt><dd>{{ date(r.packaged) }}</dd>{% endif %}
{% if r.expires %}<dt>{{ w.expires }}</dt><dd>{{ date(r.expires) }}</dd>{% endif %}
{% if r.quantity %}<dt>{{ w.quantity }}</dt><dd>{{ r.quantity.amount }} {{ t(r.quantity.unit) }}</dd>{% endif %}
</dl>
<h2>{{ w.origin }}</h2>
<p>{{ t(r.origin.area) }}{% if r.origin.commune %} · {{ r.origin.commune }}{% endif %}</p>
{% if r.inputs %}<h2>{{ w.inputs }}</h2><ul>{% for i in r.inputs %}<li><strong>{{ t(i.material) }}</strong>{% if i.supplier %}<br>{{ w.supplier }}: {{ t(i.supplier) }}{% endif %}{% if i.lot %}<br>{{ w.lot }}: {{ i.lot }}{% endif %}</li>{% endfor %}</ul>{% endif %}
<h2>{{ w.timeline }}</h2>
<ol>{% for e in r.events %}<li><p><strong>{{ e.step }}</strong> · <time>{{ date(e.date) }}</time></p><p>{{ w.place }}: {{ t(e.place) }}</p>{% if e.note %}<p>{{ t(e.note) }}</p>{% endif %}</li>{% endfor %}</ol>
{% if r.documents %}<h2>{{ w.documents }}</h2><ul>{% for d in r.documents %}<li>{{ t(d.title) }}{% if d.number %} · {{ d.number }}{% endif %}{% if d.issuer %} · {{ t(d.issuer) }}{% endif %}</li>{% endfor %}</ul>{% endif %}
</article>
{% endblock %}
"""

PRODUCER = """{% extends "base.html" %}
{% from "grid.html" import grid with context %}
{% block main %}{% set r = s.record %}
<article>
<h1>{{ t(r.name) }}</h1>
<p>{{ r.commune }}{% if r.district_legacy %} ({{ r.district_legacy }}){% endif %}</p>
{% if r.description %}{% for para in t(r.description).split("\\n\\n") %}<p>{{ para }}</p>{% endfor %}{% endif %}
<h2>{{ w.products }}</h2>
{{ grid(s.products) }}
<dl><dt>{{ w.address }}</dt><dd>{{ t(r.address) }}</dd>
{% if r.contact and r.contact.phone %}<dt>{{ w.phone }}</dt><dd>{{ r.contact.phone }}</dd>{% endif %}</dl>
</article>
{% endblock %}
"""

LISTING = """{% extends "base.html" %}
{% from "grid.html" import grid with context %}
{% block main %}
<article>
<h1>{{ title }}</h1>
<p>{{ s.products | length }} {{ w.products | lower }}</p>
{{ grid(s.products) }}
</article>
{% endblock %}
"""

PRODUCERS = """{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ w.producers }}</h1>
<ul>{% for p in s.producers %}<li><a href="{{ link('producers/' ~ p.id ~ '/') }}">{{ t(p.record.name) }}</a> · {{ p.record.commune }} · {{ p.products | length }}</li>{% endfor %}</ul>
</article>
{% endblock %}
"""

TEXT = """{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ title }}</h1>
{% for para in paragraphs %}<p>{{ para }}</p>{% endfor %}
</article>
{% endblock %}
"""

GRID = """{% macro grid(products) %}<ul class="grid">{% for p in products %}
<li><a href="{{ link('p/' ~ p.id ~ '/') }}">{{ t(p.record.name) }}</a> {{ "★" * p.record.ocop.stars }} · {{ w[p.record.group] }}<br>{{ t(p.producer.record.name) }} · {{ p.producer.record.commune }}</li>{% endfor %}
</ul>{% endmacro %}"""

TEMPLATES = {
    "base.html": BASE,
    "product.html": PRODUCT,
    "batch.html": BATCH,
    "producer.html": PRODUCER,
    "listing.html": LISTING,
    "producers.html": PRODUCERS,
    "text.html": TEXT,
    "grid.html": GRID,
}


def relative(target: str, current: str) -> str:
    """A relative link between two site paths ending in "/" (or a file path for ``target``)."""
    link = posixpath.relpath("/" + target, "/" + current)
    return link + "/" if target.endswith("/") and link != "." else ("./" if link == "." else link)


def title_of(page: plain.Page) -> str:
    s = page.subject
    if page.kind == "product":
        return plain.text(s.record["name"], page.lang)
    if page.kind == "batch":
        return f"{plain.text(s.product.record['name'], page.lang)} · {s.lot}"
    if page.kind == "producer":
        return plain.text(s.record["name"], page.lang)
    if page.kind == "listing":
        return plain.text(s.title, page.lang)
    if page.kind == "producers":
        return plain.WORDS[page.lang]["producers"]
    return plain.WORDS[page.lang]["site"] if page.path == "" else f"{plain.WORDS[page.lang]['page']} {s}"


def render_all(records: Path, out: Path, total: int | None) -> dict[str, Any]:
    started = time.perf_counter()
    catalog = plain.load(records)
    loaded = time.perf_counter()
    env = Environment(
        loader=DictLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True)
    )
    templates = {
        kind: env.get_template(f"{kind}.html")
        for kind in ("product", "batch", "producer", "listing", "producers", "text")
    }
    all_pages = plain.pages(catalog, total)
    planned = time.perf_counter()
    made_dirs: set[str] = set()
    for page in all_pages:
        here = page.site_path
        lang = page.lang

        def link(path: str, here: str = here, lang: str = lang) -> str:
            return relative(("" if lang == "vi" else lang + "/") + path, here)

        def rel(path: str, here: str = here) -> str:
            return relative(path, here)

        def t(value: Any, lang: str = lang) -> str:
            return plain.text(value, lang)

        other_lang = "en" if lang == "vi" else "vi"
        context = {
            "page": page,
            "s": page.subject,
            "w": plain.WORDS[lang],
            "title": title_of(page),
            "link": link,
            "rel": rel,
            "t": t,
            "date": plain.fmt_date,
            "other": relative(("" if other_lang == "vi" else "en/") + page.path, here),
            "other_lang": other_lang,
            "paragraphs": plain.TEXT_PAGE[lang],
        }
        html = templates[page.kind].render(context)
        folder = out / here
        if here not in made_dirs:
            os.makedirs(folder, exist_ok=True)
            made_dirs.add(here)
        (folder / "index.html").write_text(html, encoding="utf-8")
    finished = time.perf_counter()
    return {
        "pages": len(all_pages),
        "load_s": round(loaded - started, 3),
        "plan_s": round(planned - loaded, 3),
        "render_write_s": round(finished - planned, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the catalog's pages with plain Jinja2 (the floor).")
    parser.add_argument("records", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=None, help="exact number of pages to write")
    args = parser.parse_args(argv)
    json.dump(render_all(args.records, args.out, args.pages), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
