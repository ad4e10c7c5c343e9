"""The SHOPIFY_PRODUCTS extractor: products from a shop's public `/products.json` pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from crawlers.extractors.api import UnexpectedBody, failure, load_json, next_page_url
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.platforms import SHOPIFY
from crawlers.extractors.prices import ParsedPrice, parse_price_value
from crawlers.extractors.registry import register
from crawlers.extractors.schema_product import text_value
from crawlers.extractors.urls import canonicalise
from crawlers.items import Availability, Product
from crawlers.page import FetchedPage


@register(PageKind.SHOPIFY_PRODUCTS)
class ShopifyProductsExtractor:
    """Shopify `/products.json?limit=250&page=N`: one Product per product, lowest variant price.

    The regular price is that variant's compare_at_price when higher; in stock when any variant
    is available; the currency is the site's hint (the JSON has none). `next_page` is the next
    page while pages have products. A body that is not this JSON gives one parse_error failure.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        try:
            products = _products(load_json(page))
        except UnexpectedBody as exc:
            return failure(page, PageKind.SHOPIFY_PRODUCTS, str(exc))
        parts = urlsplit(page.url)
        origin = f"{parts.scheme}://{parts.netloc}"
        items = [p for raw in products if (p := _product(raw, origin, context.currency_hint))]
        return Extraction(
            items=list(items),
            platform=SHOPIFY,
            next_page=next_page_url(page.url) if products else None,
        )


def _products(data: Any) -> list[Any]:
    products = data.get("products") if isinstance(data, dict) else None
    if not isinstance(products, list):
        raise UnexpectedBody("not a Shopify products.json body (no 'products' list)")
    return products


def _product(raw: Any, origin: str, currency: str | None) -> Product | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("handle"), str) or not raw["handle"]:
        return None
    variants = [v for v in raw.get("variants") or [] if isinstance(v, dict)]
    cheapest = _cheapest(variants)
    url = f"{origin}/products/{raw['handle']}"
    availability, availability_raw = _availability(variants)
    return Product(
        url=url,
        canonical_url=canonicalise(url) or url,
        name=text_value(raw.get("title")),
        price=cheapest[1].amount if cheapest else None,
        regular_price=_compare_at(cheapest),
        currency=currency if cheapest else None,
        price_raw=cheapest[1].raw if cheapest else None,
        availability=availability,
        availability_raw=availability_raw,
        sku=next((s for v in variants if (s := text_value(v.get("sku")))), None),
        gtin=next((g for v in variants if (g := text_value(v.get("barcode")))), None),
        brand=text_value(raw.get("vendor")),
        category=text_value(raw.get("product_type")),
        source="shopify-json",
    )


def _cheapest(variants: list[dict[str, Any]]) -> tuple[dict[str, Any], ParsedPrice] | None:
    priced = [(v, p) for v in variants if (p := parse_price_value(v.get("price")))]
    return min(priced, key=lambda vp: vp[1].amount) if priced else None


def _compare_at(cheapest: tuple[dict[str, Any], ParsedPrice] | None) -> Decimal | None:
    if cheapest is None:
        return None
    compare = parse_price_value(cheapest[0].get("compare_at_price"))
    return compare.amount if compare and compare.amount > cheapest[1].amount else None


def _availability(variants: list[dict[str, Any]]) -> tuple[Availability | None, str | None]:
    flags = [v["available"] for v in variants if isinstance(v.get("available"), bool)]
    if not flags:
        return None, None
    if any(flags):
        return Availability.IN_STOCK, "available"
    return Availability.OUT_OF_STOCK, "unavailable"
