"""Plain generated shops of any size, for measuring crawl overhead rather than extraction.

Each has a homepage, category listings with `?page=N`, JSON-LD product pages and a sitemap
index; products are derived from their number, so the ground truth needs no data file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import cached_property, partial

from schedules.demo.web.catalog import Catalog, Category, Homepage, ShopProduct, SiteSpec
from schedules.demo.web.site import (
    Handler,
    Request,
    Response,
    Site,
    WebState,
    decimal_str,
    html,
    xml,
)
from schedules.demo.web.sitemaps import index, urlset
from schedules.demo.web.templates import render, render_each
from schedules.demo.web.text import ean13, esc, json_ld

CATEGORIES = ("tools", "garden", "kitchen", "lighting", "storage", "textiles", "toys", "office")
WORDS = ("Compact", "Classic", "Deluxe", "Eco", "Smart", "Heavy-Duty", "Mini", "Pro")
SITEMAP_CHUNK = 10_000
PAGE_SIZE = 48

T = partial(render, "generated")


def generated_sites(
    n_products: int, n_sites: int, state: WebState, page_kib: int = 0
) -> list[Site]:
    """`n_sites` shops of `n_products` products each; product pages padded to ~`page_kib`."""
    return [GeneratedSite(_spec(i), state, n_products, page_kib) for i in range(1, n_sites + 1)]


def _spec(i: int) -> SiteSpec:
    return SiteSpec(
        key=f"gen{i}",
        name=f"Generated Shop {i}",
        kind="direct",
        flavour="generated",
        language="en",
        currency="EUR",
        page_size=PAGE_SIZE,
        social=(),
        notes="Generated for benchmarks.",
    )


class GeneratedSite(Site):
    """A generic shop whose catalog is computed from product numbers."""

    flavour = "generated"

    def __init__(self, spec: SiteSpec, state: WebState, n_products: int, page_kib: int) -> None:
        self.n_products = n_products
        self.padding = _padding(page_kib * 1024)
        super().__init__(spec, state)

    @cached_property
    def catalog(self) -> Catalog:  # type: ignore[override]  (fixed: generated shops have no days)
        categories = tuple(Category(key=c, name=c.capitalize(), slug=c) for c in CATEGORIES)
        products = tuple(_product(n, categories) for n in range(1, self.n_products + 1))
        home = Homepage(
            title=self.name,
            description=self.name,
            h1=self.name,
            usp="Everything for everyone, generated.",
        )
        return Catalog(day=0, products=products, categories=categories, home=home, down=False)

    @cached_property
    def _by_number(self) -> dict[int, ShopProduct]:
        return {p.number: p for p in self.catalog.products}

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/", self.home),
            (r"/about", self.about),
            (r"/c/(?P<c>[\w-]+)", self.listing),
            (r"/item/(?P<n>\d+)", self.product),
            (r"/sitemap\.xml", self.sitemap_index),
            (r"/sitemap-(?P<n>\d+)\.xml", self.sitemap),
        ]

    def product_path(self, product: ShopProduct) -> str:
        return f"/item/{product.number}"

    def robots_txt(self) -> str:
        return f"User-agent: *\nDisallow: /cart\n\nSitemap: {self.url('/sitemap.xml')}\n"

    def home(self, request: Request, match: re.Match[str]) -> Response:
        return self._page(self.name, T("home", shop=esc(self.name)), "/")

    def about(self, request: Request, match: re.Match[str]) -> Response:
        return self._page(f"About {self.name}", f"<h1>About {esc(self.name)}</h1>", "/about")

    def listing(self, request: Request, match: re.Match[str]) -> Response:
        category = next((c for c in self.catalog.categories if c.slug == match["c"]), None)
        page = request.number("page")
        if category is None or page is None:
            return self.not_found()
        shown, pages = self.paginate(self.catalog.in_category(category.key), page)
        rows = [{"number": p.number, "name": esc(p.name), "price": p.price} for p in shown]
        nxt = (
            f'<a rel="next" href="/c/{category.slug}?page={page + 1}">Next</a>'
            if page < pages
            else ""
        )
        main = T(
            "listing", name=category.name, items=render_each("generated", "item", rows), next=nxt
        )
        return self._page(f"{category.name}, page {page}", main, f"/c/{category.slug}?page={page}")

    def product(self, request: Request, match: re.Match[str]) -> Response:
        product = self._by_number.get(int(match["n"]))
        if product is None:
            return self.not_found()
        offer = {
            "@type": "Offer",
            "price": decimal_str(product.price),
            "priceCurrency": "EUR",
            "availability": f"https://schema.org/{product.availability}",
        }
        data = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.name,
            "sku": product.sku,
            "gtin13": product.gtin,
            "brand": {"@type": "Brand", "name": product.brand},
            "offers": offer,
        }
        main = T(
            "product",
            name=esc(product.name),
            price=product.price,
            stock=product.availability,
            sku=product.sku,
        )
        main += self.padding
        return self._page(product.name, main, self.product_path(product), structured=json_ld(data))

    def sitemap_index(self, request: Request, match: re.Match[str]) -> Response:
        chunks = -(-self.n_products // SITEMAP_CHUNK) or 1
        return xml(
            index((self.url(f"/sitemap-{i}.xml"), "2025-03-01") for i in range(1, chunks + 1))
        )

    def sitemap(self, request: Request, match: re.Match[str]) -> Response:
        start = (int(match["n"]) - 1) * SITEMAP_CHUNK
        chunk = self.catalog.products[start : start + SITEMAP_CHUNK]
        return xml(urlset((self.product_url(p), "2025-03-01") for p in chunk))

    def not_found(self) -> Response:
        return replace(self._page("Not found", "<h1>Not found</h1>", "/404"), status=404)

    def _page(self, title: str, main: str, canonical: str, structured: str = "") -> Response:
        nav = render_each(
            "generated",
            "nav_item",
            [{"slug": c.slug, "name": c.name} for c in self.catalog.categories],
        )
        return html(
            T(
                "layout",
                title=esc(title),
                canonical=self.url(canonical),
                shop=esc(self.name),
                nav=nav,
                main=main,
                structured=structured,
            )
        )


def _padding(size: int) -> str:
    """What makes real product pages weigh 100-500 KB: long descriptions, spec tables, menus
    and inline scripts; without prices, so it changes the cost of a page, not its product.
    """
    if size <= 0:
        return ""
    block = (
        "<section class='details'><h2>Details</h2><p>"
        + "Durable materials, careful stitching and a finish that lasts for years. " * 6
        + "</p><table class='specs'>"
        + "".join(f"<tr><th>Feature {i}</th><td>Value {i}</td></tr>" for i in range(8))
        + "</table><ul class='menu'>"
        + "".join(f"<li><a href='/about'>Service {i}</a></li>" for i in range(8))
        + "</ul></section>\n<script>window.__STATE__ = {"
        + ", ".join(f'"k{i}": "{"x" * 40}"' for i in range(8))
        + "};</script>\n"
    )
    return block * max(1, size // len(block))


def _product(n: int, categories: tuple[Category, ...]) -> ShopProduct:
    category = categories[n % len(categories)]
    regular = Decimal(5 + n * 7919 % 995) + Decimal(n % 100) / 100
    on_sale = n % 11 == 0
    price = (regular * Decimal("0.8")).quantize(Decimal("0.01")) if on_sale else regular
    name = f"{WORDS[n % len(WORDS)]} {category.name.removesuffix('s')} {n:05d}"
    return ShopProduct(
        key=f"g{n}",
        number=n,
        name=name,
        brand=f"Brand {n % 17}",
        model=f"{n:05d}",
        type_name=category.name,
        description=name,
        category=category,
        handle=str(n),
        sku=f"GEN-{n:06d}",
        gtin=ean13(n),
        price=price.quantize(Decimal("0.01")),
        regular_price=regular.quantize(Decimal("0.01")) if on_sale else None,
        availability="OutOfStock" if n % 13 == 0 else "InStock",
    )
