"""The machine-readable side of the WooCommerce shop: Yoast's JSON-LD graph and the Store API.

Shapes follow WooCommerce 8 with Yoast SEO: a JSON-LD `@graph` (WebPage, BreadcrumbList,
WebSite, Organization and, on product pages, the Product) and the public Store API
(/wp-json/wc/store/v1/products) with prices in minor units as strings.
"""

from __future__ import annotations

import json
from typing import Any

from schedules.demo.web.catalog import ShopProduct
from schedules.demo.web.site import Site, decimal_str
from schedules.demo.web.text import NBSP, NNBSP, esc, slugify

STOCK = {
    "InStock": ("instock", "in-stock", "En stock"),
    "OutOfStock": ("outofstock", "out-of-stock", "Rupture de stock"),
    "BackOrder": ("onbackorder", "available-on-backorder", "Disponible sur commande"),
}
"""schema.org availability → (WooCommerce stock status, stock CSS class, French label)."""
PUBLISHED = "2024-05-02T09:12:44+00:00"


def post_id(product: ShopProduct) -> int:
    """Return the product's WordPress post id."""
    return 1000 + product.number * 7


def image(site: Site, product: ShopProduct, size: str = "") -> str:
    """Return a product image URL under wp-content/uploads, optionally a resized copy."""
    return site.url(f"/wp-content/uploads/2024/05/{product.handle}{size}.png")


def yoast_graph(
    site: Site,
    url: str,
    title: str,
    modified: str,
    product: ShopProduct | None = None,
    *,
    article: dict[str, Any] | None = None,
) -> str:
    """Serialise Yoast's JSON-LD graph; on product pages Yoast WooCommerce SEO adds the
    Product, on posts the Article (whose dates the page then carries too).
    """
    base = site.base_url
    published = article["datePublished"] if article else PUBLISHED
    modified = article["dateModified"] if article else modified
    page_type: Any = ["WebPage", "ItemPage"] if product else "WebPage"
    graph: list[dict[str, Any]] = [
        {
            "@type": page_type,
            "@id": url,
            "url": url,
            "name": title,
            "isPartOf": {"@id": f"{base}#website"},
            "datePublished": published,
            "dateModified": modified,
            "breadcrumb": {"@id": f"{url}#breadcrumb"},
            "inLanguage": "fr-FR",
        },
        {
            "@type": "BreadcrumbList",
            "@id": f"{url}#breadcrumb",
            "itemListElement": _crumbs(site, product),
        },
        _website(site),
        {
            "@type": "Organization",
            "@id": f"{base}#organization",
            "name": site.name,
            "url": base,
            "logo": {"@type": "ImageObject", "url": f"{base}wp-content/uploads/2023/04/logo.png"},
            "sameAs": list(site.spec.social),
        },
    ]
    if product:
        graph.append(_product_node(site, product, url))
    if article:
        graph.append(article)
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return text.replace("</", "<\\/")


def _website(site: Site) -> dict[str, Any]:
    base = site.base_url
    search = {
        "@type": "SearchAction",
        "target": {"@type": "EntryPoint", "urlTemplate": f"{base}?s={{search_term_string}}"},
        "query-input": {
            "@type": "PropertyValueSpecification",
            "valueRequired": True,
            "valueName": "search_term_string",
        },
    }
    return {
        "@type": "WebSite",
        "@id": f"{base}#website",
        "url": base,
        "name": site.name,
        "publisher": {"@id": f"{base}#organization"},
        "potentialAction": [search],
        "inLanguage": "fr-FR",
    }


def _crumbs(site: Site, product: ShopProduct | None) -> list[dict[str, Any]]:
    crumbs: list[dict[str, Any]] = [
        {"@type": "ListItem", "position": 1, "name": "Accueil", "item": site.base_url}
    ]
    if product:
        category = product.category
        crumbs += [
            {
                "@type": "ListItem",
                "position": 2,
                "name": category.name,
                "item": site.url(f"/product-category/{category.slug}/"),
            },
            {"@type": "ListItem", "position": 3, "name": product.name},
        ]
    return crumbs


def _product_node(site: Site, product: ShopProduct, url: str) -> dict[str, Any]:
    offer = {
        "@type": "Offer",
        "@id": f"{site.base_url}#/schema/offer/{post_id(product)}-0",
        "price": decimal_str(product.price),
        "priceCurrency": "EUR",
        "priceValidUntil": "2025-12-31",
        "priceSpecification": _price_specs(product),
        "availability": f"http://schema.org/{product.availability}",
        "url": url,
        "seller": {"@id": f"{site.base_url}#organization"},
    }
    return {
        "@type": "Product",
        "@id": f"{url}#product",
        "name": product.name,
        "url": url,
        "description": product.description,
        "sku": product.sku,
        "gtin13": product.gtin,
        "brand": {"@type": "Brand", "name": product.brand},
        "category": product.category.name,
        "image": image(site, product),
        "offers": [offer],
        "mainEntityOfPage": {"@id": url},
    }


def _price_specs(product: ShopProduct) -> list[dict[str, Any]]:
    """WooCommerce 8: the price, and on sale the regular price as a ListPrice."""
    specs = [(product.price, None)]
    if product.regular_price is not None:
        specs.append((product.regular_price, "https://schema.org/ListPrice"))
    return [
        {
            "@type": "UnitPriceSpecification",
            "price": decimal_str(value),
            "priceCurrency": "EUR",
            "valueAddedTaxIncluded": True,
            **({"priceType": kind} if kind else {}),
        }
        for value, kind in specs
    ]


def store_api_product(site: Site, product: ShopProduct, price_html: str) -> dict[str, Any]:
    """Build one product of the Store API: prices in minor units, as strings."""
    pid, url = post_id(product), site.product_url(product)
    status, css, label = STOCK[product.availability]
    description = f"<p>{esc(product.description)}</p>"
    return {
        "id": pid,
        "name": product.name,
        "slug": product.handle,
        "parent": 0,
        "type": "simple",
        "variation": "",
        "permalink": url,
        "sku": product.sku,
        "short_description": description,
        "description": description,
        "on_sale": product.regular_price is not None,
        "prices": _api_prices(product),
        "price_html": price_html,
        "average_rating": "0",
        "review_count": 0,
        "images": [_api_image(site, product)],
        "categories": [_api_category(site, product)],
        "tags": [],
        "brands": [{"id": 80, "name": product.brand, "slug": slugify(product.brand)}],
        "attributes": [],
        "variations": [],
        "has_options": False,
        "is_purchasable": True,
        "is_in_stock": status != "outofstock",
        "is_on_backorder": status == "onbackorder",
        "low_stock_remaining": None,
        "stock_availability": {"text": label, "class": css},
        "sold_individually": False,
        "add_to_cart": _api_cart(product, buyable=status != "outofstock"),
        "extensions": {},
    }


def _api_prices(product: ShopProduct) -> dict[str, Any]:
    cents = str(int(product.price * 100))
    return {
        "price": cents,
        "regular_price": str(int((product.regular_price or product.price) * 100)),
        "sale_price": cents,
        "price_range": None,
        "currency_code": "EUR",
        "currency_symbol": "€",
        "currency_minor_unit": 2,
        "currency_decimal_separator": ",",
        "currency_thousand_separator": NNBSP,
        "currency_prefix": "",
        "currency_suffix": f"{NBSP}€",
    }


def _api_image(site: Site, product: ShopProduct) -> dict[str, Any]:
    return {
        "id": post_id(product) + 1,
        "src": image(site, product),
        "thumbnail": image(site, product, "-324x324"),
        "srcset": "",
        "sizes": "",
        "name": product.handle,
        "alt": "",
    }


def _api_category(site: Site, product: ShopProduct) -> dict[str, Any]:
    category = product.category
    return {
        "id": 15 + [c.key for c in site.catalog.categories].index(category.key),
        "name": category.name,
        "slug": category.slug,
        "link": site.url(f"/product-category/{category.slug}/"),
    }


def _api_cart(product: ShopProduct, *, buyable: bool) -> dict[str, Any]:
    return {
        "text": "Ajouter au panier" if buyable else "Lire la suite",
        "description": f"Ajouter au panier : “{product.name}”",
        "url": f"?add-to-cart={post_id(product)}",
        "single_text": "Ajouter au panier",
        "minimum": 1,
        "maximum": 9999,
        "multiple_of": 1,
    }
