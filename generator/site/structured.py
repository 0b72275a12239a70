"""What a page tells machines: schema.org JSON-LD and the Open Graph preview used by Zalo and
Facebook. OCOP stars are a certification, never an ``aggregateRating`` (nobody voted)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..records.catalog import Media, Producer, Product, producer_of
from . import urls
from .feeds import Feeds
from .images import largest_jpeg
from .languages import Language
from .linksets import linkset_path
from .places import place_name

if TYPE_CHECKING:
    from .kinds import PageKind
    from .plan import PlannedPage

OG_LOCALES = {"vi": "vi_VN", "en": "en_US", "zh": "zh_CN"}


@dataclass(frozen=True)
class PageHead:
    title: str
    description: str
    url: str
    image: str | None = None
    og_type: str = "website"
    locale: str = ""
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    feeds: list[tuple[str, str, str]] = field(default_factory=list)  # (type, title, URL)
    linkset: str | None = None  # the GS1 linkset about the page's GTIN or lot (linksets.py)

    @property
    def json_ld_script(self) -> str:
        """JSON-LD safe inside <script>: no "<", ">" or "&" can end the element early."""
        text = json.dumps(self.json_ld[0] if len(self.json_ld) == 1 else self.json_ld, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class StructuredData:
    def __init__(self, base_url: str, province: str, words: dict[str, dict[str, Any]], feeds: Feeds):
        self.base_url = base_url
        self.province = province
        self.words = words
        self.feeds = feeds

    def _url(self, path: str, language: Language) -> str:
        return urls.absolute_url(self.base_url, language.path(path))

    def head(self, page: PlannedPage, kind: PageKind, language: Language, title: str) -> PageHead:
        """The preview and JSON-LD of a page, as its kind declares them (kinds.py)."""
        json_ld = kind.json_ld(self, page.subject, language) if kind.json_ld else []
        # A page about a product previews its first photo, the one its JSON-LD names first.
        product = next((item for item in json_ld if item.get("@type") == "Product"), None)
        return PageHead(
            title,
            # On one line: a producer's story has paragraphs, a preview or a search result shows
            # one line, and the meta tags then read the same whoever writes the page.
            " ".join(language.text(page.summary).split()),
            self._url(page.path, language),
            image=product["image"][0] if product and product["image"] else None,
            og_type=kind.og_type,
            locale=OG_LOCALES.get(language.code, language.code),
            json_ld=json_ld,
            feeds=self.feeds.links(producer_of(page.subject), language) if kind.feeds else [],
            linkset=urls.absolute_url(self.base_url, found)
            if (found := linkset_path(page.subject))
            else None,
        )

    def _image(self, media: Media) -> str:
        return urls.absolute_url(self.base_url, largest_jpeg(media).site_path)

    def organization(self, producer: Producer, language: Language) -> dict[str, Any]:
        r = producer.record
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": language.text(r.name),
            "url": self._url(urls.producer_path(producer.id), language),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": language.text(r.address),
                "addressLocality": place_name(r.commune, self.words[language.code]["units"]),
                "addressRegion": r.province or self.province,
                "addressCountry": "VN",
            },
        }
        optional = {
            "taxID": r.business_id,
            "globalLocationNumber": r.gln,
            "telephone": r.contact.phone if r.contact else None,
            "email": r.contact.email if r.contact else None,
            "sameAs": r.contact.website if r.contact else None,
        }
        data.update({k: v for k, v in optional.items() if v})
        if r.location:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": r.location.lat, "longitude": r.location.lon}
        return data

    def product(self, product: Product, language: Language) -> dict[str, Any]:
        r = product.record
        words = self.words[language.code]
        organization = self.organization(product.producer, language)
        organization.pop("@context")
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": language.text(r.name),
            "description": language.text(r.summary),
            "url": self._url(urls.product_path(product.id), language),
            "image": [self._image(image) for image in product.images],
            "brand": {"@type": "Brand", "name": organization["name"]},
            "manufacturer": organization,
            "countryOfOrigin": "VN",
            "category": words["groups"][r.group],
            "hasCertification": {
                "@type": "Certification",
                "name": "OCOP",
                "certificationIdentification": r.ocop.decision,
                "issuedBy": {"@type": "Organization", "name": language.text(r.ocop.issued_by)},
                "certificationRating": {
                    "@type": "Rating",
                    "ratingValue": r.ocop.stars,
                    "bestRating": 5,
                    "worstRating": 3,
                },
                "validFrom": r.ocop.issued.isoformat(),
                "expires": r.ocop.valid_until.isoformat(),
            },
        }
        if r.gtin:
            data["gtin"] = r.gtin
        if r.net_content:
            data["size"] = r.net_content
        return data
