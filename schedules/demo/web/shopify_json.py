"""The machine-readable side of the Shopify shop: ids, variants, JSON-LD, analytics, API rows.

Shapes follow what Shopify storefronts really serve: /products.json with prices as decimal
strings and `available` per variant, Dawn's Product JSON-LD with one offer per variant, and
the ShopifyAnalytics `meta` object whose prices are integer cents.
"""

from __future__ import annotations

from typing import Any

from schedules.demo.web.catalog import ShopProduct
from schedules.demo.web.site import decimal_str
from schedules.demo.web.text import esc

CDN = "//cdn.shopify.com/s/files/1/0612/3456/7890"
VARIANTS = {"backpacks": ("S/M", "M/L"), "sleeping": ("Regular", "Long")}
"""Option values per collection; the first variant's SKU is the product's SKU."""
CREATED = "2024-09-12T10:21:33-04:00"

Variant = tuple[int, str, str]
"""(variant id, title, sku)."""


def product_id(product: ShopProduct) -> int:
    """Shopify's 13-digit product id."""
    return 8012345678000 + product.number


def variants(product: ShopProduct) -> list[Variant]:
    """List the variants; a single 'Default Title' when the product has no options."""
    options = VARIANTS.get(product.category.key, ("Default Title",))
    base = 44012345678000 + product.number * 10
    return [
        (base + i, title, product.sku if i == 0 else f"{product.sku}-{title[-1]}")
        for i, title in enumerate(options)
    ]


def image(product: ShopProduct) -> str:
    """Return the product image URL on Shopify's CDN."""
    return f"https:{CDN}/files/{product.handle}.jpg?v=1700000000"


def product_ld(product: ShopProduct, url: str) -> dict[str, Any]:
    """Dawn's Product JSON-LD: one Offer per variant, the compare-at price as a strikethrough."""
    stock = "InStock" if product.availability == "InStock" else "OutOfStock"
    offers = []
    for vid, _title, sku in variants(product):
        offer: dict[str, Any] = {
            "@type": "Offer",
            "@id": f"/products/{product.handle}?variant={vid}#offer",
            "availability": f"http://schema.org/{stock}",
            "price": decimal_str(product.price),
            "priceCurrency": "USD",
            "sku": sku,
            "url": f"{url}?variant={vid}",
        }
        if product.regular_price is not None:
            offer["priceSpecification"] = [_strikethrough(product)]
        offers.append(offer)
    return {
        "@context": "http://schema.org/",
        "@type": "Product",
        "@id": f"/products/{product.handle}#product",
        "brand": {"@type": "Brand", "name": product.brand},
        "category": product.category.name,
        "description": product.description,
        "gtin": product.gtin,
        "image": image(product),
        "name": product.name,
        "sku": product.sku,
        "url": url,
        "offers": offers,
    }


def _strikethrough(product: ShopProduct) -> dict[str, Any]:
    assert product.regular_price is not None
    return {
        "@type": "UnitPriceSpecification",
        "priceType": "https://schema.org/StrikethroughPrice",
        "price": decimal_str(product.regular_price),
        "priceCurrency": "USD",
    }


def analytics_meta(product: ShopProduct) -> dict[str, Any]:
    """Build ShopifyAnalytics' meta object: prices in cents, a classic extraction pitfall."""
    pid, cents = product_id(product), int(product.price * 100)
    rows = [
        {
            "id": vid,
            "price": cents,
            "name": f"{product.name} - {title}",
            "public_title": None if title == "Default Title" else title,
            "sku": sku,
        }
        for vid, title, sku in variants(product)
    ]
    return {
        "product": {
            "id": pid,
            "vendor": product.brand,
            "type": product.category.name,
            "variants": rows,
        },
        "page": {"pageType": "product", "resourceType": "product", "resourceId": pid},
    }


def api_product(product: ShopProduct, updated: str) -> dict[str, Any]:
    """Build one product of /products.json: prices as strings, availability per variant."""
    pid = product_id(product)
    rows = [
        _api_variant(product, variant, position, updated)
        for position, variant in enumerate(variants(product), 1)
    ]
    return {
        "id": pid,
        "title": product.name,
        "handle": product.handle,
        "body_html": f"<p>{esc(product.description)}</p>",
        "published_at": CREATED,
        "created_at": CREATED,
        "updated_at": updated,
        "vendor": product.brand,
        "product_type": product.category.name,
        "tags": sorted({product.brand, product.category.name, *_sale_tag(product)}),
        "variants": rows,
        "images": [_api_image(product, updated)],
        "options": [
            {
                "name": "Title" if len(rows) == 1 else "Size",
                "position": 1,
                "values": [row["title"] for row in rows],
            }
        ],
    }


def _sale_tag(product: ShopProduct) -> list[str]:
    return ["Sale"] if product.regular_price is not None else []


def _api_variant(
    product: ShopProduct, variant: Variant, position: int, updated: str
) -> dict[str, Any]:
    vid, title, sku = variant
    regular = product.regular_price
    return {
        "id": vid,
        "title": title,
        "option1": title,
        "option2": None,
        "option3": None,
        "sku": sku,
        "requires_shipping": True,
        "taxable": True,
        "featured_image": None,
        "available": product.availability == "InStock",
        "price": decimal_str(product.price),
        "grams": 1200,
        "compare_at_price": None if regular is None else decimal_str(regular),
        "position": position,
        "product_id": product_id(product),
        "created_at": CREATED,
        "updated_at": updated,
    }


def _api_image(product: ShopProduct, updated: str) -> dict[str, Any]:
    pid = product_id(product)
    return {
        "id": pid * 10,
        "created_at": CREATED,
        "position": 1,
        "updated_at": updated,
        "product_id": pid,
        "variant_ids": [],
        "src": image(product),
        "width": 2048,
        "height": 2048,
    }
