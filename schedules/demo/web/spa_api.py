"""The JSON API behind the single-page-app shop: the only place its catalog data lives.

Shapes follow what headless-commerce backends serve to React/Vue storefronts: camelCase
fields, prices as `{"amount": "1299.00", "currency": "SEK"}` objects, a nullable
`compareAtPrice` while on sale, an `inStock` flag beside an enum availability, relative
`url`s, and page-numbered listings answering `{"items", "page", "pages", "total"}`.
"""

from __future__ import annotations

from typing import Any

from schedules.demo.web.catalog import Catalog, Category, ShopProduct, SiteSpec
from schedules.demo.web.site import decimal_str

MAX_PER_PAGE = 100
"""Larger `per_page` values are refused with a 400, as most APIs do."""
AVAILABILITY = {
    "InStock": "IN_STOCK",
    "OutOfStock": "OUT_OF_STOCK",
    "BackOrder": "BACKORDER",
    "PreOrder": "PREORDER",
}
"""schema.org availability → the API's enum."""


def product_path(product: ShopProduct) -> str:
    """The app's route of a product page."""
    return f"/p/{product.handle}"


def category_path(category: Category) -> str:
    """The app's route of a category listing."""
    return f"/kategori/{category.slug}"


def image_path(product: ShopProduct) -> str:
    """The product's (SVG) image, served by the shop itself."""
    return f"/img/p/{product.handle}.svg"


def money(amount: Any, currency: str) -> dict[str, str]:
    """A price object: decimal string plus ISO currency code."""
    return {"amount": decimal_str(amount), "currency": currency}


def item(product: ShopProduct, currency: str) -> dict[str, Any]:
    """One product as listings return it."""
    regular = product.regular_price
    return {
        "id": 1000 + product.number,
        "slug": product.handle,
        "title": product.name,
        "brand": {"name": product.brand},
        "category": {"slug": product.category.slug, "name": product.category.name},
        "price": money(product.price, currency),
        "compareAtPrice": None if regular is None else money(regular, currency),
        "inStock": product.availability == "InStock",
        "availability": AVAILABILITY[product.availability],
        "sku": product.sku,
        "url": product_path(product),
        "image": image_path(product),
    }


def detail(product: ShopProduct, currency: str) -> dict[str, Any]:
    """One product as its own endpoint returns it: the listing fields and more."""
    return {**item(product, currency), "description": product.description, "gtin": product.gtin}


def listing(products: list[ShopProduct], currency: str, page: int, per_page: int) -> dict[str, Any]:
    """One page of a listing; pages past the end hold no items."""
    chunk = products[(page - 1) * per_page : page * per_page]
    return {
        "items": [item(p, currency) for p in chunk],
        "page": page,
        "pages": max(1, -(-len(products) // per_page)),
        "perPage": per_page,
        "total": len(products),
    }


def home(catalog: Catalog, spec: SiteSpec, locale: str) -> dict[str, Any]:
    """The homepage content and what every page's frame shows (menu, social profiles)."""
    return {
        "shop": {
            "name": spec.name,
            "locale": locale,
            "currency": spec.currency,
            "social": list(spec.social),
        },
        "headline": catalog.home.h1,
        "tagline": catalog.home.usp,
        "seo": {"title": catalog.home.title, "description": catalog.home.description},
        "categories": [
            {
                "slug": c.slug,
                "name": c.name,
                "url": category_path(c),
                "productCount": len(catalog.in_category(c.key)),
            }
            for c in catalog.categories
        ],
    }


def error(code: str, message: str) -> dict[str, Any]:
    """The API's error body."""
    return {"error": {"code": code, "message": message}}
