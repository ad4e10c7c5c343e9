"""What a page reveals about the shop behind it: its platform and the currency it sells in."""

from __future__ import annotations

import json
import re

from crawlers.extractors.currency import is_currency_code
from crawlers.extractors.document import Document
from crawlers.extractors.structured import first

SHOPIFY = "shopify"
WOOCOMMERCE = "woocommerce"

# Case-sensitive; each contains "hopify", so one search rules most pages out.
_SHOPIFY_MARKERS = (
    b"cdn.shopify.com",
    b"Shopify.shop",
    b"window.Shopify",
    b".myshopify.com",
    b"shopify-section",
)
# Case-insensitive; each contains "woocommerce" or "wc", so two searches rule most pages out.
_WOO_MARKERS = (
    b"/plugins/woocommerce/",
    b"wc-add-to-cart",
    b"wc_add_to_cart_params",
    b"woocommerce_params",
    b"/wp-json/wc/",
    b"wc-block",
    b'class="woocommerce',
    b"woocommerce-page",
    b"woocommerce-product",
)
_WC_SCRIPT = re.compile(r"""id=["']wc-[\w-]+-js["']""")
_SHOPIFY_SCOPED = re.compile(
    r"^(https?://[^/]+(?:/[a-z]{2}(?:-[a-z]{2})?)?)/collections/[^/?#]+/products/", re.I
)
_SHOPIFY_CURRENCY = re.compile(r"Shopify\.currency\s*=\s*(\{[^}]*\})")
_META_CURRENCY_KEYS = ("og:price:currency", "product:price:currency", "pricecurrency")


def detect_platform(doc: Document) -> str | None:
    """'shopify' or 'woocommerce' when the page's markup or scripts give the platform away."""
    return doc.memo("platform", lambda: _detect(doc))


def shopify_product_url(url: str) -> str:
    """Drop a Shopify product URL's collection scope (/collections/x/products/y → /products/y)."""
    return _SHOPIFY_SCOPED.sub(r"\1/products/", url, count=1)


def _detect(doc: Document) -> str | None:
    if doc.contains(b"hopify") and doc.contains(*_SHOPIFY_MARKERS):
        return SHOPIFY
    if doc.mentions(b"woocommerce", b"wc") and doc.mentions(*_WOO_MARKERS):
        return WOOCOMMERCE
    if doc.mentions(b"/wp-json/") and _WC_SCRIPT.search(doc.source):
        return WOOCOMMERCE
    return None


def page_currency(doc: Document) -> str | None:
    """Return the shop currency the page states unambiguously (Shopify.currency, meta, JSON-LD)."""
    shopify = _shopify_currency(doc.source)
    if shopify:
        return shopify
    stated = {c.upper() for c in _meta_currencies(doc) + _structured_currencies(doc)}
    return stated.pop() if len(stated) == 1 else None


def _shopify_currency(source: str) -> str | None:
    match = _SHOPIFY_CURRENCY.search(source)
    if not match:
        return None
    try:
        active = json.loads(match.group(1)).get("active")
    except (ValueError, AttributeError):
        return None
    return active.upper() if isinstance(active, str) and is_currency_code(active) else None


def _meta_currencies(doc: Document) -> list[str]:
    values = [doc.meta.get(key) for key in _META_CURRENCY_KEYS]
    return [v.strip() for v in values if v and is_currency_code(v)]


def _structured_currencies(doc: Document) -> list[str]:
    found = []
    for node in doc.structured.all_nodes():
        value = first(node.get("priceCurrency"))
        if isinstance(value, str) and is_currency_code(value):
            found.append(value.strip())
    return found
