"""Alpha Outfitters: a Shopify shop on the Dawn theme (English, USD).

What makes it Shopify: cdn.shopify.com assets and the `Shopify.shop` script, collection
listings with `?page=N`, product links nested under collections with a canonical
/products/<handle>, search-tracking parameters (`_pos`, `_sid`, `_ss`), /products.json,
a sitemap index and Shopify's stock robots.txt. Its blog (articles, comments, Atom feed)
is served by shopify_blog. With faults on, one product page fails twice with a 500
before it answers.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal
from functools import partial

from schedules.demo.web import shopify_json as sj
from schedules.demo.web.catalog import ShopProduct, SiteSpec
from schedules.demo.web.expected import ExpectedPost
from schedules.demo.web.shopify_blog import ShopifyBlog
from schedules.demo.web.site import (
    Handler,
    Request,
    Response,
    Site,
    WebState,
    as_json,
    html,
    xml,
)
from schedules.demo.web.sitemaps import index, urlset
from schedules.demo.web.social import profile_rows, share_rows
from schedules.demo.web.templates import page_links, render, render_each
from schedules.demo.web.text import esc, group_digits, json_ld

FLAKY_PRODUCT = "p03"
REMOVED_PRODUCT = "p05"
PAGES = {
    "about-us": ("About us", "Alpha Outfitters started in 2012 in a garage in Boulder, Colorado."),
    "contact": ("Contact", "Email hello@alpha-outfitters.example or call (303) 555-0142."),
}
ROBOTS = """# we use Shopify as our ecommerce platform

User-agent: *
Disallow: /a/downloads/-/*
Disallow: /admin
Disallow: /cart
Disallow: /orders
Disallow: /checkouts/
Disallow: /checkout
Disallow: /61234567890/checkouts
Disallow: /61234567890/orders
Disallow: /carts
Disallow: /account
Disallow: /collections/*sort_by*
Disallow: /*/collections/*sort_by*
Disallow: /collections/*+*
Disallow: /collections/*%2B*
Disallow: */collections/*filter*&*filter*
Disallow: /blogs/*+*
Disallow: /*?*oseid=*
Disallow: /*preview_theme_id*
Disallow: /policies/
Disallow: /*/policies/
Disallow: /search
Disallow: /recommendations/products
Sitemap: {sitemap}

# Google adsbot ignores robots.txt unless specifically named!
User-agent: adsbot-google
Disallow: /checkouts/
Disallow: /checkout
Disallow: /carts
Disallow: /orders

User-agent: Nutch
Disallow: /

User-agent: AhrefsBot
Crawl-delay: 10
Disallow: /admin
"""
SITEMAPS = ("products", "collections", "pages", "blogs")
DASH = "\N{EN DASH}"
"""Dawn separates page and shop names in <title> with an en dash."""

T = partial(render, "shopify")


def money(value: Decimal) -> str:
    """Format like Dawn's default money format: $1,299.00."""
    return "$" + group_digits(value, group=",", decimal=".")


class ShopifySite(Site):
    """A Dawn-themed Shopify storefront."""

    flavour = "shopify"
    server_header = "cloudflare"
    extra_headers = (
        ("X-ShopId", "61234567890"),
        ("X-Shopify-Stage", "production"),
        ("Powered-By", "Shopify"),
    )
    fault_pages = (("transient_500", FLAKY_PRODUCT),)

    def __init__(self, spec: SiteSpec, state: WebState) -> None:
        self.shop_blog = ShopifyBlog(self, self._page, self._title)
        """The shop's blog (articles, comments, Atom feed)."""
        super().__init__(spec, state)

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/|/en-ca/?", self.home),
            (r"/collections/?", self.collections),
            (r"/collections/[\w-]+/products/(?P<h>[\w-]+)", self.product),
            (r"/products/(?P<h>[\w-]+)", self.product),
            (r"/collections/(?P<c>[\w-]+)", self.collection),
            (r"/products\.json", self.products_json),
            (r"/sitemap\.xml", self.sitemap_index),
            (r"/sitemap_(?P<kind>products|collections|pages|blogs)_1\.xml", self.sitemap),
            (r"/pages/(?P<page>[\w-]+)", self.text_page),
            *self.shop_blog.routes(),
            (r"/cart|/account(/login)?|/search|/policies/[\w-]+", self.cart),
        ]

    def product_path(self, product: ShopProduct) -> str:
        return f"/products/{product.handle}"

    def languages(self) -> tuple[str, ...]:
        return ("en-US", "en-CA", "x-default")

    def robots_txt(self) -> str:
        return ROBOTS.format(sitemap=self.url("/sitemap.xml"))

    def fault_urls(self) -> dict[str, str]:
        """Add the product removed on day 1, which is about days, not faults."""
        removed = self.product_url(self.product_by_key(REMOVED_PRODUCT))
        return {**super().fault_urls(), **self.shop_blog.fault_urls(), "removed_product": removed}

    def expected_posts(self) -> list[ExpectedPost]:
        return self.shop_blog.expected()

    # --- pages ---------------------------------------------------------------------------

    def home(self, request: Request, match: re.Match[str]) -> Response:
        cat = self.catalog
        featured = [p for p in cat.products if p.regular_price][:4] + list(cat.products[:4])
        main = T(
            "home",
            cdn=sj.CDN,
            h1=esc(cat.home.h1),
            usp=esc(cat.home.usp),
            grid=self._grid(featured, "frontpage"),
            share=self._share(self.base_url, cat.home.title),
        )
        org = {
            "@context": "http://schema.org",
            "@type": "Organization",
            "name": self.name,
            "logo": f"https:{sj.CDN}/files/alpha-logo.png?v=1700000000",
            "sameAs": list(self.spec.social),
            "url": self.base_url,
        }
        return self._page(
            cat.home.title,
            main,
            "/",
            template="index",
            description=cat.home.description,
            structured=json_ld(org),
        )

    def collections(self, request: Request, match: re.Match[str]) -> Response:
        rows = [{"slug": c.slug, "name": esc(c.name)} for c in self.catalog.categories]
        main = T("collections", items=render_each("shopify", "collection_item", rows))
        title = self._title("Collections")
        return self._page(title, main, "/collections", template="list-collections")

    def collection(self, request: Request, match: re.Match[str]) -> Response:
        handle, cat = match["c"], self.catalog
        category = next((c for c in cat.categories if c.slug == handle), None)
        if handle != "all" and category is None:
            return self.not_found()
        items = cat.in_category(category.key) if category else list(cat.products)
        title = category.name if category else "Products"
        page = request.number("page") or 1  # Shopify shows page 1 for a malformed number
        shown, pages = self.paginate(items, page)
        links = page_links("shopify", page, pages, lambda n: f"/collections/{handle}?page={n}")
        main = T(
            "collection",
            title=esc(title),
            handle=handle,
            count=len(items),
            grid=self._grid(shown, handle),
            pagination=T("pagination", items=links) if links else "",
        )
        canonical = f"/collections/{handle}" + (f"?page={page}" if page > 1 else "")
        return self._page(self._title(title), main, canonical, template="collection")

    def product(self, request: Request, match: re.Match[str]) -> Response:
        product = self.catalog.find(handle=match["h"])
        if product is None:
            return self.not_found()
        if product.key == FLAKY_PRODUCT and self.flaky(f"{self.spec.key}:{product.key}"):
            return html("<h1>There was a problem loading this website</h1>", status=500)
        structured = "\n".join(
            [
                T("og_product", image=sj.image(product), amount=f"{product.price:.2f}"),
                json_ld(sj.product_ld(product, self.product_url(product))),
                T("analytics", meta=json.dumps(sj.analytics_meta(product))),
            ]
        )
        return self._page(
            self._title(product.name),
            self._product_main(product),
            self.product_path(product),
            template="product",
            description=product.description,
            structured=structured,
        )

    def text_page(self, request: Request, match: re.Match[str]) -> Response:
        if match["page"] not in PAGES:
            return self.not_found()
        title, text = PAGES[match["page"]]
        main = T("text_page", title=title, text=f"<p>{esc(text)}</p>")
        return self._page(self._title(title), main, request.path, template="page")

    def cart(self, request: Request, match: re.Match[str]) -> Response:
        title = self._title("Your Shopping Cart")
        return self._page(title, T("cart"), "/cart", template="cart")

    def not_found(self) -> Response:
        title = self._title("404 Not Found")
        return replace(self._page(title, T("not_found"), "/404", template="404"), status=404)

    # --- API and sitemaps --------------------------------------------------------------

    def products_json(self, request: Request, match: re.Match[str]) -> Response:
        """Serve /products.json?limit=250&page=N: 30 per page by default, 250 at most."""
        limit = min(request.number("limit", 30) or 30, 250)
        page = request.number("page") or 1
        chunk = self.catalog.products[(page - 1) * limit : page * limit]
        return as_json({"products": [sj.api_product(p, self._updated()) for p in chunk]})

    def sitemap_index(self, request: Request, match: re.Match[str]) -> Response:
        suffix = {"products": "?from=8012345678001&to=8012345678999"}
        entries = [
            (self.url(f"/sitemap_{kind}_1.xml{suffix.get(kind, '')}"), self._updated())
            for kind in SITEMAPS
        ]
        return xml(index(entries))

    def sitemap(self, request: Request, match: re.Match[str]) -> Response:
        cat, kind = self.catalog, match["kind"]
        paths = {
            "products": [self.product_path(p) for p in cat.products],
            "collections": [f"/collections/{c.slug}" for c in cat.categories],
            "pages": [f"/pages/{slug}" for slug in PAGES],
            "blogs": self.shop_blog.sitemap_paths(),
        }[kind]
        images = {self.product_url(p): sj.image(p) for p in cat.products}
        entries = ((self.url(p), self._updated()) for p in paths)
        return xml(urlset(entries, images=images if kind == "products" else None))

    # --- fragments ---------------------------------------------------------------------

    def _title(self, text: str) -> str:
        return f"{text} {DASH} {self.name}"

    def _updated(self) -> str:
        return f"2025-03-{1 + self.state.day:02d}T09:00:00-05:00"

    def _price(self, product: ShopProduct) -> str:
        if product.regular_price is None:
            return T("price", now=money(product.price))
        return T("price_sale", now=money(product.price), was=money(product.regular_price))

    def _grid(self, products: list[ShopProduct], collection: str) -> str:
        cards = [
            T(
                "card",
                pid=sj.product_id(p),
                image=sj.image(p),
                name=esc(p.name),
                handle=p.handle,
                collection=collection,
                brand=esc(p.brand),
                price=self._price(p),
                badge=self._badge(p),
            )
            for p in products
        ]
        return T("grid", cards="".join(cards))

    def _badge(self, product: ShopProduct) -> str:
        pid = sj.product_id(product)
        if product.availability != "InStock":
            return T("badge_sold_out", pid=pid)
        return T("badge_sale", pid=pid) if product.regular_price else ""

    def _product_main(self, product: ShopProduct) -> str:
        variants = sj.variants(product)
        sold_out = product.availability != "InStock"
        return T(
            "product",
            image=sj.image(product),
            name=esc(product.name),
            handle=product.handle,
            brand=esc(product.brand),
            price=self._price(product),
            picker=self._picker(variants),
            variant_id=variants[0][0],
            disabled=' disabled="disabled"' if sold_out else "",
            button="Sold out" if sold_out else "Add to cart",
            description=esc(product.description),
            share=self._share(self.product_url(product), product.name),
        )

    def _picker(self, variants: list[sj.Variant]) -> str:
        if len(variants) == 1:
            return ""
        rows: list[dict[str, object]] = [
            {"vid": vid, "title": esc(title), "checked": " checked" if i == 0 else ""}
            for i, (vid, title, _) in enumerate(variants)
        ]
        return T("picker", options=render_each("shopify", "option", rows))

    def _share(self, url: str, title: str) -> str:
        rows = share_rows(url, title, ("facebook", "twitter", "pinterest"))
        return T("share", links=render_each("shopify", "share_link", rows))

    def _alternates(self) -> str:
        rows: list[dict[str, object]] = [
            {"lang": lang, "href": self.url("/en-ca" if lang == "en-CA" else "/")}
            for lang in self.languages()
        ]
        return render_each("shopify", "alternate", rows)

    def _page(
        self,
        title: str,
        main: str,
        canonical: str,
        *,
        template: str,
        description: str | None = None,
        structured: str = "",
        feeds: str = "",
    ) -> Response:
        nav = [{"slug": c.slug, "name": esc(c.name)} for c in self.catalog.categories]
        meta = f'<meta name="description" content="{esc(description)}">' if description else ""
        og_kind = "article" if template == "article" else "website"
        og_type = "" if template == "product" else f'<meta property="og:type" content="{og_kind}">'
        page = T(
            "layout",
            title=esc(title),
            canonical=self.url(canonical),
            cdn=sj.CDN,
            template=template,
            meta_description=meta,
            alternates=self._alternates() if template == "index" else "",
            shop_name=esc(self.name),
            og=og_type,
            structured=structured,
            feeds=feeds,
            nav=render_each("shopify", "nav_item", nav),
            social=render_each("shopify", "social_item", profile_rows(self.spec.social)),
            main=main,
        )
        return html(page)
