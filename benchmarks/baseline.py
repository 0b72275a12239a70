"""The baseline: a plain Material for MkDocs site with the same number of pages as our build.

``write_baseline`` turns the synthetic records into Markdown pages (product, batch, producer,
listing and index pages in Vietnamese and English, the same text as ours, topped up with text
pages) plus an ``mkdocs.yml``: theme ``material`` with the repository's theme settings, features and
Markdown extensions, no plugin but ``search``, and a pruned navigation that lists only four
pages. Writing the Markdown is set-up; the benchmark times ``mkdocs build`` on the result.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from . import plain
from .measure import discard

ROOT = Path(__file__).resolve().parent.parent


def source_of(page: plain.Page) -> str:
    """The Markdown file of a page; MkDocs' directory URLs give it the same URL as ours."""
    return _source(page.path, page.lang)


def _source(path: str, lang: str) -> str:
    """The Markdown file of a language-neutral site path (the same rule as ``source_of``)."""
    prefix = "" if lang == plain.LANGUAGES[0] else lang + "/"
    if path in ("", "catalog/", "producers/") or (path.startswith("p/") and path.count("/") == 2):
        return prefix + path + "index.md"
    return prefix + path.rstrip("/") + ".md"


class Writer:
    def __init__(self, page: plain.Page):
        self.page = page
        self.lang = page.lang
        self.w = plain.WORDS[page.lang]
        self.here = posixpath.dirname(source_of(page))

    def t(self, value: Any) -> str:
        return plain.text(value, self.lang)

    def link(self, path: str) -> str:
        return posixpath.relpath(_source(path, self.lang), self.here or ".")

    def grid(self, products: list[plain.Product]) -> list[str]:
        return [
            f"- [{self.t(p.record['name'])}]({self.link(f'p/{p.id}/')}) {'★' * int(p.record['ocop']['stars'])}"
            f" · {self.w[p.record['group']]}  \n  {self.t(p.producer.record['name'])} · {p.producer.record['commune']}"
            for p in products
        ]

    def markdown(self) -> str:
        kind = self.page.kind
        lines = getattr(self, kind)()
        return "\n".join(lines) + "\n"

    def product(self) -> list[str]:
        s: plain.Product = self.page.subject
        r, w, t = s.record, self.w, self.t
        producer = s.producer
        group, stars = r["group"], "★" * int(r["ocop"]["stars"])
        group_link = self.link(f"catalog/group/{group}/")
        producer_link = self.link(f"producers/{producer.id}/")
        lines = [
            f"# {t(r['name'])}",
            "",
            f"{stars} · [{w[group]}]({group_link}) · [{t(producer.record['name'])}]({producer_link})"
            f" · {producer.record['commune']}",
            "",
            t(r["summary"]),
            "",
        ]
        if r.get("story"):
            lines += [f"## {w['story']}", "", t(r["story"]), ""]
        lines += [f"## {w['details']}", "", w["group"], f":   {w[r['group']]}", ""]
        for key in ("ingredients", "net_content", "shelf_life", "storage"):
            if r.get(key):
                lines += [w[key], f":   {t(r[key])}", ""]
        if r.get("warnings"):
            lines += [f'!!! warning "{w["warnings"]}"', f"    {t(r['warnings'])}", ""]
        if r.get("standards"):
            lines += [f"## {w['standards']}", ""]
            lines += [
                f"- **{t(x['name'])}**" + (f" — {x['number']}" if x.get("number") else "")
                for x in r["standards"]
            ]
            lines.append("")
        c = r["ocop"]
        lines += [
            f"## {w['certificate']}",
            "",
            w["decision"],
            f":   {c['decision']} ({t(c['issued_by'])})",
            "",
            w["issued"],
            f":   {plain.fmt_date(c['issued'])}",
            "",
            f"## {w['batches']}",
            "",
        ]
        lines += [
            f"- [{w['lot']} {b.lot}]({self.link(f'p/{s.id}/{b.lot}/')}) · {w['produced']} "
            f"{plain.fmt_date(b.record['produced'])} · {w[b.record.get('status') or 'released']}"
            for b in s.batches
        ]
        lines.append("")
        if r.get("where_to_buy"):
            lines += [f"## {w['where_to_buy']}", ""]
            lines += [
                f"- {t(shop['name'])}" + (f" — {t(shop['address'])}" if shop.get("address") else "")
                for shop in r["where_to_buy"]
            ]
            lines.append("")
        lines += [
            f"## {w['producer']}",
            "",
            f"[{t(producer.record['name'])}]({self.link(f'producers/{producer.id}/')})  ",
            t(producer.record["address"]),
        ]
        return lines

    def batch(self) -> list[str]:
        s: plain.Batch = self.page.subject
        r, w, t = s.record, self.w, self.t
        product = s.product
        status = r.get("status") or "released"
        if status == "recalled":
            lines = [
                f'!!! danger "{w["recalled"]}"',
                f"    **{w['reason']}:** {t(r['recall']['reason'])}",
                "",
                f"    **{w['instructions']}:** {t(r['recall']['instructions'])}",
                "",
            ]
        elif status == "withdrawn":
            lines = [f'!!! warning "{w["withdrawn"]}"', f"    {t(r['withdrawal']['reason'])}", ""]
        else:
            lines = [f'!!! success "{w["released"]}"', ""]
        lines += [
            f"# {t(product.record['name'])} · {w['lot']} {s.lot}",
            "",
            w["product"],
            f":   [{t(product.record['name'])}]({self.link(f'p/{product.id}/')})",
            "",
            w["producer"],
            f":   [{t(product.producer.record['name'])}]({self.link(f'producers/{product.producer.id}/')})",
            "",
            w["produced"],
            f":   {plain.fmt_date(r['produced'])}",
            "",
        ]
        for key in ("packaged", "expires"):
            if r.get(key):
                lines += [w[key], f":   {plain.fmt_date(r[key])}", ""]
        if r.get("quantity"):
            lines += [w["quantity"], f":   {r['quantity']['amount']} {t(r['quantity']['unit'])}", ""]
        origin = r["origin"]
        lines += [
            f"## {w['origin']}",
            "",
            t(origin["area"]) + (f" · {origin['commune']}" if origin.get("commune") else ""),
            "",
        ]
        if r.get("inputs"):
            lines += [f"## {w['inputs']}", ""]
            for i in r["inputs"]:
                item = f"- **{t(i['material'])}**"
                if i.get("supplier"):
                    item += f"  \n  {w['supplier']}: {t(i['supplier'])}"
                if i.get("lot"):
                    item += f"  \n  {w['lot']}: {i['lot']}"
                lines.append(item)
            lines.append("")
        lines += [f"## {w['timeline']}", ""]
        for number, e in enumerate(r["events"], start=1):
            item = (
                f"{number}. **{e['step']}** · {plain.fmt_date(e['date'])}  \n   {w['place']}: {t(e['place'])}"
            )
            if e.get("note"):
                item += f"  \n   {t(e['note'])}"
            lines.append(item)
        lines.append("")
        if r.get("documents"):
            lines += [f"## {w['documents']}", ""]
            lines += [
                f"- {t(d['title'])}"
                + (f" · {d['number']}" if d.get("number") else "")
                + (f" · {t(d['issuer'])}" if d.get("issuer") else "")
                for d in r["documents"]
            ]
        return lines

    def producer(self) -> list[str]:
        s: plain.Producer = self.page.subject
        r, w, t = s.record, self.w, self.t
        lines = [
            f"# {t(r['name'])}",
            "",
            str(r["commune"]) + (f" ({r['district_legacy']})" if r.get("district_legacy") else ""),
            "",
        ]
        if r.get("description"):
            lines += [t(r["description"]), ""]
        lines += [
            f"## {w['products']}",
            "",
            *self.grid(s.products),
            "",
            w["address"],
            f":   {t(r['address'])}",
            "",
        ]
        if r.get("contact", {}).get("phone"):
            lines += [w["phone"], f":   {r['contact']['phone']}", ""]
        return lines

    def listing(self) -> list[str]:
        s: plain.Listing = self.page.subject
        return [
            f"# {self.t(s.title)}",
            "",
            f"{len(s.products)} {self.w['products'].lower()}",
            "",
            *self.grid(s.products),
        ]

    def producers(self) -> list[str]:
        s: plain.Catalog = self.page.subject
        return [f"# {self.w['producers']}", ""] + [
            f"- [{self.t(p.record['name'])}]({self.link(f'producers/{p.id}/')}) · {p.record['commune']} · {len(p.products)}"
            for p in s.producers
        ]

    def text(self) -> list[str]:
        title = self.w["site"] if self.page.path == "" else f"{self.w['page']} {self.page.subject}"
        return [f"# {title}", "", *(p + "\n" for p in plain.TEXT_PAGE[self.lang])]


def config(docs: Path, site: Path, repo: Path = ROOT) -> dict[str, Any]:
    """Material with the repository's look and Markdown, search only, and a pruned navigation."""
    # MkDocs' own loader: the configuration uses its tags (!ENV).
    ours: dict[str, Any] = yaml_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {k: v for k, v in ours["theme"].items() if k != "custom_dir"}
    search = next(
        (p for p in ours.get("plugins", []) if p == "search" or (isinstance(p, dict) and "search" in p)),
        "search",
    )
    return {
        "site_name": ours["site_name"],
        "site_url": ours["site_url"],
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "nav": ["index.md", "catalog/index.md", "producers/index.md", "en/index.md"],
        "theme": theme,
        "markdown_extensions": ours.get("markdown_extensions", []),
        "plugins": [search],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }


def write_baseline(records: Path, folder: Path, total_pages: int, repo: Path = ROOT) -> int:
    """Write ``folder/docs`` and ``folder/mkdocs.yml``; returns the number of Markdown pages.

    Material adds ``404.html`` itself, so ``total_pages - 1`` Markdown pages give ``total_pages``
    HTML pages.
    """
    docs = folder / "docs"
    discard(docs)
    catalog = plain.load(records)
    pages = plain.pages(catalog, total_pages - 1)
    made: set[Path] = set()
    for page in pages:
        target = docs / source_of(page)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(Writer(page).markdown(), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        yaml.safe_dump(config(docs, folder / "site", repo), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return len(pages)
