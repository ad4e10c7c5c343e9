"""Vildmarksboden: a Swedish single-page-app shop (SEK) whose HTML is an empty app shell.

Like React or Vue storefronts, every page answers the same HTML: the shop name as
<title>, `<div id="app">`, a hashed ES module and a <noscript>; no product name, price,
product link or JSON-LD is in any served HTML. The browser app (assets/spa-app.js) reads
the route, fetches /api/v1/home, /api/v1/catalog (numbered pages behind a 'Visa fler'
button) and /api/v1/products/<slug>, shows prices with Intl.NumberFormat ('1 299 kr') and
follows links with pushState. Unknown pages, categories and products answer the shell with
a 404, as server-side routers do. robots.txt allows everything and names no sitemap, so
the catalog can be found only through the app or its API.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, partial
from importlib.resources import files
from typing import Any

from schedules.demo.web import spa_api
from schedules.demo.web.catalog import ShopProduct
from schedules.demo.web.site import Handler, Request, Response, Site, as_json, html, plain
from schedules.demo.web.templates import render
from schedules.demo.web.text import esc

LOCALE = "sv-SE"
"""The app formats prices and numbers for this locale."""
ASSETS = {
    "js": ("spa-app.js", "text/javascript; charset=utf-8"),
    "css": ("spa-app.css", "text/css; charset=utf-8"),
}
"""Asset kind → (source file under assets/, content type)."""
ROBOTS = "User-agent: *\nAllow: /\n"
NO_CACHE = (("Cache-Control", "no-cache"),)
IMMUTABLE = (("Cache-Control", "public, max-age=31536000, immutable"),)
"""Hashed asset names change with their content, so browsers may keep them for good."""

T = partial(render, "spa")


@cache
def asset(kind: str) -> tuple[str, bytes]:
    """Return the public name ('app.1a2b3c4d.js') and content of the app's script or styles."""
    source, _ = ASSETS[kind]
    body = (files(__package__) / "assets" / source).read_bytes()
    return f"app.{hashlib.sha256(body).hexdigest()[:8]}.{kind}", body


class SpaSite(Site):
    """A client-rendered storefront: one HTML shell, a JSON API and a JavaScript app."""

    flavour = "spa"
    server_header = "nginx/1.25.4"
    extra_headers = (("X-Powered-By", "Express"),)
    render_mode = "auto"
    api_version = 1
    """The API version the app uses; older versions answer 404, as after a redesign."""

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/api/v(?P<v>\d+)/home", self._versioned(self.api_home)),
            (r"/api/v(?P<v>\d+)/catalog", self._versioned(self.api_catalog)),
            (r"/api/v(?P<v>\d+)/products/(?P<slug>[^/]+)", self._versioned(self.api_product)),
            (r"/api(/.*)?", self.api_unknown),
            (r"/assets/(?P<name>[^/]+)", self.asset),
            (r"/img/p/(?P<slug>[\w-]+)\.svg", self.image),
            (r"/favicon\.svg", self.favicon),
            (r"/|/sortiment/?|/om-oss/?", self.page),
            (r"/kategori/(?P<c>[\w-]+)/?", self.category_page),
            (r"/p/(?P<slug>[\w-]+)/?", self.product_page),
        ]

    def product_path(self, product: ShopProduct) -> str:
        return spa_api.product_path(product)

    def robots_txt(self) -> str:
        return ROBOTS

    def not_found(self) -> Response:
        return self.shell(404)

    # --- the app shell ---------------------------------------------------------------------

    def shell(self, status: int = 200) -> Response:
        """Answer the app shell, the same HTML for every page."""
        page = T(
            "shell",
            lang=self.spec.language,
            name=esc(self.name),
            api=f"/api/v{self.api_version}",
            script=asset("js")[0],
            stylesheet=asset("css")[0],
        )
        return html(page, status=status, headers=NO_CACHE)

    def page(self, request: Request, match: re.Match[str]) -> Response:
        return self.shell()

    def category_page(self, request: Request, match: re.Match[str]) -> Response:
        known = any(c.slug == match["c"] for c in self.catalog.categories)
        return self.shell(200 if known else 404)

    def product_page(self, request: Request, match: re.Match[str]) -> Response:
        return self.shell(200 if self.catalog.find(handle=match["slug"]) else 404)

    # --- the JSON API ----------------------------------------------------------------------

    def api_home(self, request: Request, match: re.Match[str]) -> Response:
        return _json(spa_api.home(self.catalog, self.spec, LOCALE))

    def api_catalog(self, request: Request, match: re.Match[str]) -> Response:
        """Serve /api/v1/catalog?page=N&per_page=M[&category=slug]."""
        page = request.number("page")
        per_page = request.number("per_page", self.spec.page_size)
        if page is None or per_page is None or per_page > spa_api.MAX_PER_PAGE:
            message = f"page must be a positive integer, per_page 1..{spa_api.MAX_PER_PAGE}"
            return _json(spa_api.error("invalid_parameter", message), status=400)
        products = self._listed(request.query.get("category"))
        if products is None:
            return _json(spa_api.error("not_found", "Category not found"), status=404)
        return _json(spa_api.listing(products, self.spec.currency, page, per_page))

    def api_product(self, request: Request, match: re.Match[str]) -> Response:
        product = self.catalog.find(handle=match["slug"])
        if product is None:
            return _json(spa_api.error("not_found", "Product not found"), status=404)
        return _json(spa_api.detail(product, self.spec.currency))

    def _versioned(self, handler: Handler) -> Handler:
        """Only the current API version answers."""

        def answer(request: Request, match: re.Match[str]) -> Response:
            if int(match["v"]) != self.api_version:
                return self.api_unknown(request, match)
            return handler(request, match)

        return answer

    def api_unknown(self, request: Request, match: re.Match[str]) -> Response:
        return _json(spa_api.error("not_found", "No such endpoint"), status=404)

    # --- static files ----------------------------------------------------------------------

    def asset(self, request: Request, match: re.Match[str]) -> Response:
        """Serve the hashed script and stylesheet; any other name is a plain 404."""
        for kind, (_, content_type) in ASSETS.items():
            name, body = asset(kind)
            if name == match["name"]:
                return Response(body=body, content_type=content_type, headers=IMMUTABLE)
        return plain("Not Found", status=404)

    def image(self, request: Request, match: re.Match[str]) -> Response:
        """A small SVG per product, so a browser's image blocking has something to block."""
        product = self.catalog.find(handle=match["slug"])
        if product is None:
            return plain("Not Found", status=404)
        return _svg(T("image", hue=product.number * 37 % 360, sku=esc(product.sku)))

    def favicon(self, request: Request, match: re.Match[str]) -> Response:
        return _svg(T("favicon"))

    def _listed(self, category_slug: str | None) -> list[ShopProduct] | None:
        """Today's products, of one category when a slug is given; None for unknown slugs."""
        catalog = self.catalog
        if category_slug is None:
            return list(catalog.products)
        category = next((c for c in catalog.categories if c.slug == category_slug), None)
        return None if category is None else catalog.in_category(category.key)


def _json(data: Any, *, status: int = 200) -> Response:
    return as_json(data, status=status, headers=NO_CACHE)


def _svg(text: str) -> Response:
    return Response(body=text.encode(), content_type="image/svg+xml", headers=IMMUTABLE)
