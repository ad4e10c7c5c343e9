"""Summit & Co: our own shop on a home-built platform (English, GBP): the price-index reference.

It shares many products (same names and GTINs) with the competitors. Product pages carry
OpenGraph product tags the way Facebook catalogs define them (on sale, `product:price` is
the regular price and `product:sale_price` the current one) plus JSON-LD; with faults on,
one product's JSON-LD is malformed so extraction has to fall back to the rest of the page.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any

from schedules.demo.web.catalog import ShopProduct
from schedules.demo.web.site import Handler, Request, Response, Site, decimal_str, html, xml
from schedules.demo.web.sitemaps import urlset
from schedules.demo.web.social import profile_rows, share_rows
from schedules.demo.web.templates import render, render_each
from schedules.demo.web.text import esc, group_digits, json_ld

BROKEN_LD_PRODUCT = "p20"
STOCK = {
    "InStock": ("in", "In stock", "in stock"),
    "OutOfStock": ("out", "Out of stock", "out of stock"),
    "PreOrder": ("pre", "Pre-order: ships in 3 weeks", "preorder"),
}
"""schema.org availability → (CSS modifier, label, OpenGraph product:availability)."""
JOURNAL = {
    "wild-camping-in-the-lakes": ("Wild camping in the Lakes: a beginner's guide", "p01"),
    "stove-buying-guide": ("Which camping stove? Our buying guide", "p47"),
}
PAGES = {
    "about": ("About us", "Summit & Co has kitted out walkers from our Ambleside shop since 1998."),
    "delivery": ("Delivery & returns", "Free UK delivery over £50. 365-day returns on unused kit."),
    "stores": (
        "Our stores",
        "Ambleside, Keswick and Manchester. Open 9am to 6pm, seven days a week.",
    ),
    "basket": ("Your basket", "Your basket is empty."),
    "account/": ("Sign in", "Sign in to see your orders."),
    "staff-sale/": ("Staff sale", "Staff only: sign in with your staff account."),
    "search": ("Search", "No results."),
}
ROBOTS = """# Summit & Co
User-agent: *
Disallow: /basket
Disallow: /account/
Disallow: /search
Disallow: /staff-sale/
Disallow: /*?*ref=

User-agent: GPTBot
Disallow: /

Sitemap: {sitemap}
"""

T = partial(render, "ownshop")


def pounds(value: Decimal) -> str:
    """£1,299.00."""
    return "£" + group_digits(value, group=",", decimal=".")


class OwnShopSite(Site):
    """Our own shop."""

    flavour = "ownshop"
    server_header = "nginx/1.24.0"
    fault_pages = (("malformed_json_ld", BROKEN_LD_PRODUCT),)
    extra_headers = (
        ("X-Frame-Options", "SAMEORIGIN"),
        ("Strict-Transport-Security", "max-age=31536000"),
    )

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/|/ie/", self.home),
            (r"/shop/(?P<c>[\w-]+)", self.listing),
            (r"/gear/(?P<h>[\w-]+)", self.product),
            (r"/journal", self.journal_index),
            (r"/journal/(?P<slug>[\w-]+)", self.journal),
            (r"/sitemap\.xml", self.sitemap),
            (r"/(?P<page>[\w/-]+)", self.text_page),
        ]

    def product_path(self, product: ShopProduct) -> str:
        return f"/gear/{product.handle}"

    def languages(self) -> tuple[str, ...]:
        return ("en-GB", "en-IE", "x-default")

    def robots_txt(self) -> str:
        return ROBOTS.format(sitemap=self.url("/sitemap.xml"))

    # --- pages ---------------------------------------------------------------------------

    def home(self, request: Request, match: re.Match[str]) -> Response:
        cat = self.catalog
        main = T(
            "home", h1=esc(cat.home.h1), usp=esc(cat.home.usp), cards=self._cards(cat.products[::5])
        )
        alternates = render_each(
            "ownshop",
            "alternate",
            [
                {"lang": lang, "href": self.url("/ie/" if lang == "en-IE" else "/")}
                for lang in self.languages()
            ],
        )
        org = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.name,
            "url": self.base_url,
            "sameAs": list(self.spec.social),
        }
        return self._page(
            cat.home.title,
            main,
            "/",
            body_class="page-home",
            description=cat.home.description,
            head_links=alternates,
            structured=json_ld(org),
        )

    def listing(self, request: Request, match: re.Match[str]) -> Response:
        category = next((c for c in self.catalog.categories if c.slug == match["c"]), None)
        page = request.number("page")
        if category is None or page is None:
            return self.not_found()
        items = self.catalog.in_category(category.key)
        shown, pages = self.paginate(items, page)
        if not shown:
            return self.not_found()
        base = f"/shop/{category.slug}"

        def href(n: int) -> str:
            return base + (f"?page={n}" if n > 1 else "")

        prev = f'<a rel="prev" href="{href(page - 1)}">Previous</a>' if page > 1 else ""
        nxt = f'<a rel="next" href="{href(page + 1)}">Next</a>' if page < pages else ""
        pagination = (
            T("pagination", prev=prev, next=nxt, page=page, pages=pages) if pages > 1 else ""
        )
        main = T(
            "listing",
            title=esc(category.name),
            count=len(items),
            cards=self._cards(shown),
            pagination=pagination,
        )
        links = "".join(
            f'<link rel="{rel}" href="{self.url(href(n))}">'
            for rel, n, ok in (("prev", page - 1, page > 1), ("next", page + 1, page < pages))
            if ok
        )
        return self._page(
            f"{category.name} | {self.name}",
            main,
            href(page),
            body_class="page-plp",
            head_links=links,
        )

    def product(self, request: Request, match: re.Match[str]) -> Response:
        product = self.catalog.find(handle=match["h"])
        if product is None:
            return self.not_found()
        css, label, _ = STOCK[product.availability]
        main = T(
            "product",
            pid=product.number,
            handle=product.handle,
            name=esc(product.name),
            brand=esc(product.brand),
            price=self._price(product),
            stock_class=css,
            stock=label,
            sku=esc(product.sku),
            gtin=product.gtin,
            description=esc(product.description),
            cat_slug=product.category.slug,
            cat_name=esc(product.category.name),
            disabled=" disabled" if product.availability == "OutOfStock" else "",
            button="Pre-order" if product.availability == "PreOrder" else "Add to basket",
            share=self._share(self.product_url(product), product.name),
        )
        structured = self._structured(product)
        return self._page(
            f"{product.name} | {self.name}",
            main,
            self.product_path(product),
            body_class="page-pdp",
            description=product.description,
            og=self._og(product),
            structured=structured,
        )

    def journal_index(self, request: Request, match: re.Match[str]) -> Response:
        items = "".join(
            f'<li><a href="/journal/{slug}">{esc(title)}</a></li>'
            for slug, (title, _) in JOURNAL.items()
        )
        main = T("text_page", title="Journal", text=f'<ul class="journal-list">{items}</ul>')
        return self._page(f"Journal | {self.name}", main, "/journal", body_class="page-journal")

    def journal(self, request: Request, match: re.Match[str]) -> Response:
        if match["slug"] not in JOURNAL:
            return self.not_found()
        title, key = JOURNAL[match["slug"]]
        product = self.product_by_key(key)
        main = T(
            "journal",
            title=esc(title),
            text="Notes from our team on the fells.",
            share=self._share(self.url(request.path), title),
            link=esc(self.product_path(product) + "?ref=journal"),
            product=esc(product.name),
        )
        return self._page(f"{title} | {self.name}", main, request.path, body_class="page-journal")

    def text_page(self, request: Request, match: re.Match[str]) -> Response:
        if match["page"] not in PAGES:
            return self.not_found()
        title, text = PAGES[match["page"]]
        main = T("text_page", title=esc(title), text=f"<p>{esc(text)}</p>")
        return self._page(
            f"{title} | {self.name}", main, f"/{match['page']}", body_class="page-content"
        )

    def sitemap(self, request: Request, match: re.Match[str]) -> Response:
        cat, day = self.catalog, f"2025-03-{1 + self.state.day:02d}"
        paths = [
            "/",
            *(f"/shop/{c.slug}" for c in cat.categories),
            *(self.product_path(p) for p in cat.products),
        ]
        return xml(urlset((self.url(p), day) for p in paths))

    def not_found(self) -> Response:
        main = T(
            "text_page", title="Page not found", text="<p>Sorry, we couldn't find that page.</p>"
        )
        return replace(
            self._page(f"Page not found | {self.name}", main, "/404", body_class="page-404"),
            status=404,
        )

    # --- fragments ---------------------------------------------------------------------

    def _price(self, product: ShopProduct) -> str:
        if product.regular_price is None:
            return T("price", now=pounds(product.price))
        return T("price_sale", now=pounds(product.price), was=pounds(product.regular_price))

    def _share(self, url: str, title: str) -> str:
        rows = share_rows(url, title, ("facebook", "x", "linkedin", "whatsapp"))
        return render_each("ownshop", "share_link", rows)

    def _cards(self, products: tuple[ShopProduct, ...] | list[ShopProduct]) -> str:
        rows = [
            {
                "sku": esc(p.sku),
                "href": self.product_path(p),
                "handle": p.handle,
                "name": esc(p.name),
                "brand": esc(p.brand),
                "price": self._price(p),
                "stock_class": STOCK[p.availability][0],
                "stock": STOCK[p.availability][1],
            }
            for p in products
        ]
        return render_each("ownshop", "card", rows)

    def _og(self, product: ShopProduct) -> str:
        """OpenGraph product tags; on sale, product:price is the regular price (Facebook's rule)."""
        tags = {
            "og:type": "product",
            "og:image": self.url(f"/media/products/{product.handle}-1200.jpg"),
            "og:description": product.description,
            "product:brand": product.brand,
            "product:availability": STOCK[product.availability][2],
            "product:condition": "new",
            "product:retailer_item_id": product.sku,
            "product:price:amount": decimal_str(product.regular_price or product.price),
            "product:price:currency": "GBP",
        }
        if product.regular_price is not None:
            tags |= {
                "product:sale_price:amount": decimal_str(product.price),
                "product:sale_price:currency": "GBP",
            }
        return "\n  ".join(f'<meta property="{k}" content="{esc(v)}">' for k, v in tags.items())

    def _structured(self, product: ShopProduct) -> str:
        data = self._product_ld(product)
        if not (self.state.faults and product.key == BROKEN_LD_PRODUCT):
            return json_ld(data)
        # a hand-edited template: a trailing comma and a raw line break inside a string
        broken = json.dumps(data, ensure_ascii=False, indent=2).replace(
            '"offers"', '"note": "line one\nline two",\n  "offers"'
        )
        return f'<script type="application/ld+json">\n{broken[:-2]},\n}}\n</script>'

    def _product_ld(self, product: ShopProduct) -> dict[str, Any]:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "url": self.product_url(product),
            "price": decimal_str(product.price),
            "priceCurrency": "GBP",
            "availability": f"https://schema.org/{product.availability}",
            "itemCondition": "https://schema.org/NewCondition",
        }
        if product.regular_price is not None:
            offer["priceSpecification"] = {
                "@type": "UnitPriceSpecification",
                "priceType": "https://schema.org/ListPrice",
                "price": decimal_str(product.regular_price),
                "priceCurrency": "GBP",
            }
        return {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.name,
            "sku": product.sku,
            "gtin13": product.gtin,
            "brand": {"@type": "Brand", "name": product.brand},
            "category": product.category.name,
            "description": product.description,
            "image": self.url(f"/media/products/{product.handle}-1200.jpg"),
            "offers": offer,
        }

    def _page(
        self,
        title: str,
        main: str,
        canonical: str,
        *,
        body_class: str,
        description: str | None = None,
        head_links: str = "",
        og: str = '<meta property="og:type" content="website">',
        structured: str = "",
    ) -> Response:
        nav = [{"slug": c.slug, "name": esc(c.name)} for c in self.catalog.categories]
        meta = f'<meta name="description" content="{esc(description)}">' if description else ""
        page = T(
            "layout",
            title=esc(title),
            og_title=esc(title.split(" | ")[0]),
            meta_description=meta,
            canonical=self.url(canonical),
            head_links=head_links,
            og=og,
            structured=structured,
            body_class=body_class,
            nav=render_each("ownshop", "nav_item", nav),
            social=render_each("ownshop", "social_item", profile_rows(self.spec.social)),
            main=main,
        )
        return html(page)
