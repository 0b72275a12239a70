"""What a GS1-conformant resolver (GS1-Conformant Resolver standard 1.2) can have on a static
host: a linkset (RFC 9264, in the shape of GS1's linkset schema) for every GTIN and every lot,
the resolver description file ``/.well-known/gs1resolver``, and rules for hosts that read
``_redirects`` and ``_headers`` files (Netlify, Cloudflare Pages).

A server would answer a Digital Link by content negotiation; a static host cannot, so the
linkset is a file beside the Digital Link's redirect page (``01/<gtin14>/10/<lot>/linkset.json``)
that pages name with ``<link rel="linkset">`` and, where the host honours ``_headers``, the
Digital Link's response names in a ``Link`` header. Products without a GTIN have no Digital Link
and so no linkset.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..records.catalog import Batch, Media, Producer, Product
from . import urls
from .languages import Language

if TYPE_CHECKING:
    from .plan import SitePlan

LINKSET_TYPE = "application/linkset+json"
GS1_VOCABULARY = "https://gs1.org/voc/"
RESOLVER_DESCRIPTION = ".well-known/gs1resolver"
REDIRECTS = "_redirects"
HEADERS = "_headers"


def linkset_path(subject: Producer | Product | Batch) -> str | None:
    """Where the linkset about a record is: a product with a GTIN and each of its lots have one."""
    product = subject.product if isinstance(subject, Batch) else subject
    if not isinstance(product, Product) or not product.record.gtin:
        return None
    return urls.linkset_path(product.record.gtin, subject.lot if isinstance(subject, Batch) else None)


class Linksets:
    def __init__(self, plan: SitePlan, base_url: str, languages: list[Language], words: dict[str, Any]):
        self.plan = plan
        self.base_url = base_url
        self.languages = languages
        self.words = words  # interface words by language code

    def _url(self, path: str, language: Language | None = None) -> str:
        return urls.absolute_url(self.base_url, language.path(path) if language else path)

    def _each_language(
        self,
        path: str,
        title: Callable[[dict[str, Any]], str],
        media_type: str = "text/html",
        fragment: str = "",
    ) -> list[dict[str, Any]]:
        """A link to the page at ``path`` in every language; ``title`` gives its words."""
        return [
            {
                "href": self._url(path, language) + fragment,
                "title": title(self.words[language.code]),
                "type": media_type,
                "hreflang": [language.code],
            }
            for language in self.languages
        ]

    def _media(self, media: Media, title: str) -> dict[str, Any]:
        return {"href": self._url(media.site_path), "title": title}

    def _certificates(self, product: Product) -> list[dict[str, Any]]:
        """The OCOP certificate, on the product's page and as the producer's scan of it."""
        page = urls.product_path(product.id)
        links = self._each_language(page, lambda w: w["labels"]["certificate"], fragment="#ocop-cert")
        if scan := product.record.ocop.certificate:
            default = self.words[self.languages[0].code]
            links.append(self._media(product.media(scan), default["labels"]["cert_scan"]))
        return links

    @staticmethod
    def _document(anchor: str, description: str, links: dict[str, list[dict[str, Any]]]) -> str:
        context = {"anchor": anchor, "itemDescription": description}
        context |= {GS1_VOCABULARY + link_type: targets for link_type, targets in links.items()}
        return json.dumps({"linkset": [context]}, ensure_ascii=False, indent=1) + "\n"

    def product(self, product: Product) -> str:
        """The linkset of a product's GTIN."""
        gtin = product.record.gtin
        assert gtin is not None
        page = urls.product_path(product.id)
        pip = self._each_language(page, lambda w: w["labels"]["details"])
        feeds = self._each_language(
            urls.recalls_feed_path("xml", product.producer.id),
            lambda w: w["feeds"]["follow_producer"],
            "application/atom+xml",
        )
        links = {
            "defaultLink": pip[:1],
            "pip": pip,
            "certificationInfo": self._certificates(product),
            "recallStatus": feeds,
        }
        name = self.languages[0].text(product.record.name)
        return self._document(urls.digital_link_url(self.base_url, gtin), name, links)

    def batch(self, batch: Batch) -> str:
        """The linkset of a lot: its trace page first, what the page draws on, and its status."""
        product = batch.product
        gtin = product.record.gtin
        assert gtin is not None
        page = urls.batch_path(product.id, batch.lot)
        trace = self._each_language(page, lambda w: w["linkset"]["traceability"])
        epcis = [
            {
                "href": self._url(page + "epcis.json"),
                "title": self.words[self.languages[0].code]["labels"]["epcis"],
                "type": "application/ld+json",
            }
        ]
        default = self.words[self.languages[0].code]
        documents = [
            self._media(
                batch.media(d.file), f"{default['document_kinds'][d.kind]}: {self.languages[0].text(d.title)}"
            )
            for d in batch.record.documents
            if d.file
        ]
        links = {
            "defaultLink": trace[:1],
            "traceability": trace,
            "pip": self._each_language(urls.product_path(product.id), lambda w: w["labels"]["details"]),
            "epcis": epcis,
            "certificationInfo": self._certificates(product) + documents,
            "recallStatus": self._each_language(page, lambda w: w["linkset"]["recall_status"]),
        }
        name = self.languages[0].text(product.record.name)
        return self._document(
            urls.digital_link_url(self.base_url, gtin, batch.lot), f"{name} · {batch.lot}", links
        )

    def resolver_description(self, site_name: str) -> str:
        """``/.well-known/gs1resolver``: what this resolver answers (GS1's description file)."""
        description = {
            "name": site_name,
            "resolverRoot": self.base_url.rstrip("/"),
            "supportedPrimaryKeys": ["01"],
            "supportedLinkType": [{"namespace": GS1_VOCABULARY, "prefix": "gs1:"}],
            "linkTypeDefaultCanBeLinkset": False,
        }
        return json.dumps(description, ensure_ascii=False, indent=1) + "\n"

    def _site_path(self, path: str) -> str:
        """A site path as a host's rule names it: from the host's root, percent-encoded."""
        return urlsplit(self.base_url).path.rstrip("/") + "/" + urls.url_path(path)

    def redirects(self) -> Iterator[str]:
        """``_redirects``: each Digital Link, as GS1's grammar writes it (no trailing slash), sent
        on with a 307 as a GS1 resolver does, without the page that redirects in the browser.
        Hosts cap such rules (Cloudflare Pages at 2,000): past it, those pages still answer."""
        yield "# Digital Link URIs (GS1), sent on to their pages; written by the ocop generator.\n"
        for redirect in self.plan.redirects:
            if redirect.digital_link:
                # "01/<gtin14>/" or "01/<gtin14>/10/<lot>/" (a lot holds no "/"), encoded as printed.
                _, gtin, *lot = redirect.from_path.strip("/").split("/")
                source = urlsplit(urls.digital_link_url(self.base_url, gtin, lot[1] if lot else None)).path
                yield f"{source} {self._site_path(redirect.to_path)} 307\n"

    def headers(self) -> str:
        """``_headers``: linksets with their media type and, on a Digital Link's folder, the
        ``Link`` header GS1 resolvers send; open to other sites' scripts (CORS), as GS1 asks."""
        root = self._site_path("")
        return (
            f"{root}01/*/linkset.json\n"
            f"  Content-Type: {LINKSET_TYPE}\n"
            "  Access-Control-Allow-Origin: *\n"
            f"{root}01/*/\n"
            f'  Link: <linkset.json>; rel="linkset"; type="{LINKSET_TYPE}"\n'
            "  Access-Control-Allow-Origin: *\n"
            f"{root}{RESOLVER_DESCRIPTION}\n"
            "  Content-Type: application/json\n"
            "  Access-Control-Allow-Origin: *\n"
        )
