"""The WOOCOMMERCE_PRODUCTS extractor: products from the WooCommerce Store API.

Body of `/wp-json/wc/store/v1/products?per_page=100&page=N`: a JSON list of products whose
`prices` are integer strings in minor units (`currency_minor_unit` decimals), with
`price_range` for variable products and `is_in_stock` / `stock_availability` for stock.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crawlers.extractors.api import UnexpectedBody, failure, load_json, next_page_url
from crawlers.extractors.availability import normalise_availability
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.currency import is_currency_code
from crawlers.extractors.platforms import WOOCOMMERCE
from crawlers.extractors.prices import minor_units
from crawlers.extractors.registry import register
from crawlers.extractors.schema_product import text_value
from crawlers.extractors.urls import canonicalise, query_param
from crawlers.items import Availability, Product
from crawlers.page import FetchedPage

_DEFAULT_PER_PAGE = 10  # the Store API's own default


@register(PageKind.WOOCOMMERCE_PRODUCTS)
class WooCommerceProductsExtractor:
    """WooCommerce Store API product pages: one Product per product, prices in minor units.

    `next_page` is the next page when this one was full (`per_page` items, read from the URL).
    A body that is not a JSON list of products gives one parse_error failure.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        try:
            products = _products(load_json(page))
        except UnexpectedBody as exc:
            return failure(page, PageKind.WOOCOMMERCE_PRODUCTS, str(exc))
        items = [p for raw in products if (p := _product(raw, context.currency_hint))]
        full = len(products) >= _per_page(page.url)
        return Extraction(
            items=list(items),
            platform=WOOCOMMERCE,
            next_page=next_page_url(page.url) if products and full else None,
        )


def _products(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise UnexpectedBody("not a WooCommerce Store API products body (expected a JSON list)")
    return data


def _per_page(url: str) -> int:
    value = query_param(url, "per_page")
    return int(value) if value and value.isdigit() and int(value) > 0 else _DEFAULT_PER_PAGE


def _product(raw: Any, currency_hint: str | None) -> Product | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("permalink"), str):
        return None
    prices = raw.get("prices") if isinstance(raw.get("prices"), dict) else {}
    price, price_raw = _price(prices)
    regular = minor_units(prices.get("regular_price"), prices.get("currency_minor_unit"))
    code = prices.get("currency_code")
    availability, availability_raw = _availability(raw)
    return Product(
        url=raw["permalink"],
        canonical_url=canonicalise(raw["permalink"]) or raw["permalink"],
        name=text_value(raw.get("name")),
        price=price,
        regular_price=regular if regular and price and regular > price else None,
        currency=(code.upper() if is_currency_code(code) else currency_hint) if price else None,
        price_raw=price_raw,
        availability=availability,
        availability_raw=availability_raw,
        sku=text_value(raw.get("sku")),
        gtin=text_value(raw.get("global_unique_id")),
        brand=_first_name(raw.get("brands")),
        category=_first_name(raw.get("categories")),
        source="woocommerce-api",
    )


def _price(prices: dict[str, Any]) -> tuple[Decimal | None, str | None]:
    unit = prices.get("currency_minor_unit")
    price_range = prices.get("price_range") if isinstance(prices.get("price_range"), dict) else {}
    for raw in (prices.get("price"), price_range.get("min_amount")):
        amount = minor_units(raw, unit) if raw not in (None, "") else None
        if amount is not None:
            return amount, str(raw)
    return None, None


def _availability(raw: dict[str, Any]) -> tuple[Availability | None, str | None]:
    stock = raw.get("stock_availability") if isinstance(raw.get("stock_availability"), dict) else {}
    for value in (raw.get("stock_status"), stock.get("class"), raw.get("is_in_stock")):
        state = normalise_availability(value)
        if state is not None:
            return state, str(value).lower() if isinstance(value, bool) else str(value)
    return None, None


def _first_name(values: Any) -> str | None:
    if not isinstance(values, list):
        return None
    return next(
        (n for v in values if isinstance(v, dict) and (n := text_value(v.get("name")))), None
    )
