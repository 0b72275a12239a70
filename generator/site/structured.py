"""What a page tells machines: schema.org JSON-LD and the Open Graph preview used by Zalo and
Facebook. OCOP stars are a certification, never an ``aggregateRating`` (nobody voted)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..records.catalog import Batch, Media, Producer, Product
from . import urls
from .images import largest_jpeg
from .languages import Language
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

    @property
    def json_ld_script(self) -> str:
        """JSON-LD safe inside <script>: no "<", ">" or "&" can end the element early."""
        text = json.dumps(self.json_ld[0] if len(self.json_ld) == 1 else self.json_ld, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class StructuredData:
    def __init__(self, base_url: str, languages: list[Language], words: dict[str, dict[str, Any]]):
        self.base_url = base_url
        self.languages = languages
        self.words = words

    def _text(self, text: dict[str, str] | None, language: Language) -> str:
        if not text:
            return ""
        return text.get(language.code) or text[self.languages[0].code]

    def _url(self, path: str, language: Language) -> str:
        return urls.absolute_url(self.base_url, language.path(path))

    def head(self, page: PlannedPage, language: Language, title: str) -> PageHead:
        subject = page.subject
        common = {
            "title": title,
            "description": self._text(page.summary, language),
            "url": self._url(page.path, language),
            "locale": OG_LOCALES.get(language.code, language.code),
        }
        if isinstance(subject, Product):
            return PageHead(
                **common,
                image=self._cover(subject),
                og_type="product",
                json_ld=[self.product(subject, language)],
            )
        if isinstance(subject, Batch):
            return PageHead(
                **common,
                image=self._cover(subject.product),
                og_type="product",
                json_ld=[self.product(subject.product, language)],
            )
        if isinstance(subject, Producer):
            return PageHead(**common, json_ld=[self.organization(subject, language)])
        return PageHead(**common)

    def _cover(self, product: Product) -> str | None:
        return self._image(product.cover) if product.cover else None

    def _image(self, media: Media) -> str:
        return urls.absolute_url(self.base_url, largest_jpeg(media).site_path)

    def organization(self, producer: Producer, language: Language) -> dict[str, Any]:
        r = producer.record
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self._text(r.name, language),
            "url": self._url(urls.producer_path(producer.id), language),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self._text(r.address, language),
                "addressLocality": r.commune,
                "addressRegion": r.province or "Quảng Ninh",
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
            "name": self._text(r.name, language),
            "description": self._text(r.summary, language),
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
                "issuedBy": {"@type": "Organization", "name": self._text(r.ocop.issued_by, language)},
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
