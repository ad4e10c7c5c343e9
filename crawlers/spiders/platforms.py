"""Where a detected shop platform publishes its catalog as JSON."""

from __future__ import annotations

from urllib.parse import urljoin

SHOPIFY_PRODUCTS_PATH = "/products.json?limit=250&page=1"
WOOCOMMERCE_PRODUCTS_PATH = "wp-json/wc/store/v1/products?per_page=100&page=1"


def api_start_url(platform: str | None, homepage: str) -> str | None:
    """First page of the platform's public product API, or None when there is none.

    WooCommerce may live in a sub-folder, so its path is relative to the homepage.
    """
    if platform == "shopify":
        return urljoin(homepage, SHOPIFY_PRODUCTS_PATH)
    if platform == "woocommerce":
        base = homepage if homepage.endswith("/") else homepage + "/"
        return urljoin(base, WOOCOMMERCE_PRODUCTS_PATH)
    return None
