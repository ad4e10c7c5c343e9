"""Le Comptoir du Bivouac: a French WordPress/WooCommerce shop on Storefront (EUR).

What makes it WooCommerce: wp-content/plugins/woocommerce assets, the /wp-json/ link and
Link header, body classes, /product-category/<slug>/page/N/ listings, prices like
`1 299,00 €` (narrow no-break spaces) with <del>/<ins> sales and screen-reader copies of
the prices, related products on every product page, `?add-to-cart=` buttons, Yoast
sitemaps, the Store API and WordPress' trailing-slash 301s. Its WordPress blog (posts,
comments, RSS feeds) is served by wordpress_blog. With faults on, one product page stalls
for a couple of seconds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from schedules.demo.web import woocommerce_json as wj
from schedules.demo.web.catalog import Category, ShopProduct, SiteSpec
from schedules.demo.web.expected import ExpectedPost
from schedules.demo.web.site import (
    Handler,
    Request,
    Response,
    Site,
    WebState,
    as_json,
    html,
    pixel_png,
    xml,
)
from schedules.demo.web.sitemaps import index, urlset
from schedules.demo.web.social import profile_rows, share_rows
from schedules.demo.web.templates import page_links, render, render_each
from schedules.demo.web.text import NBSP, NNBSP, esc, group_digits, slugify
from schedules.demo.web.wordpress_blog import WordPressBlog

SLOW_PRODUCT = "p09"
PAGES = {
    "a-propos": ("À propos", "Une boutique tenue par des randonneurs, à Annecy depuis 2016."),
    "contact": ("Contact", "Écrivez-nous à bonjour@comptoir-bivouac.example."),
    "ventes-privees": ("Ventes privées", "Réservé aux membres : connectez-vous."),
    "panier": ("Panier", "Votre panier est actuellement vide."),
    "mon-compte": ("Mon compte", "Identifiant ou adresse e-mail, mot de passe."),
    "commande": ("Commande", "Votre panier est actuellement vide."),
}
ROBOTS = """User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /panier/
Disallow: /commande/
Disallow: /mon-compte/
Disallow: /ventes-privees/
Disallow: /?s=
Disallow: /*add-to-cart=*

Sitemap: {sitemap}
"""
SITEMAPS = ("post", "page", "product", "product_cat")
ARCHIVE = "archive woocommerce woocommerce-page"

T = partial(render, "woocommerce")


def amount_text(value: Decimal) -> str:
    """Format as the shop does in text: 1 299,00 € (narrow NBSP groups, NBSP before €)."""
    return f"{group_digits(value, group=NNBSP, decimal=',')}{NBSP}€"


class WooCommerceSite(Site):
    """A WooCommerce shop with Yoast SEO on the Storefront theme."""

    flavour = "woocommerce"
    server_header = "Apache"
    extra_headers = (("X-Powered-By", "PHP/8.2.18"),)
    fault_pages = (("slow", SLOW_PRODUCT),)

    def __init__(self, spec: SiteSpec, state: WebState) -> None:
        self.wp_blog = WordPressBlog(self, self._page)
        """The shop's WordPress blog (posts, comments, feeds)."""
        super().__init__(spec, state)

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/|/be/", self.home),
            (r"/boutique/(page/(?P<n>\d+)/)?", self.listing),
            (r"/product-category/(?P<c>[\w-]+)/(page/(?P<n>\d+)/)?", self.listing),
            (r"/product/(?P<h>[\w-]+)/", self.product),
            (r"/marque/(?P<b>[\w-]+)/", self.brand),
            (r"/wp-content/uploads/[\w/-]+\.png", lambda request, match: pixel_png()),
            (r"/wp-json/?", self.api_index),
            (r"/wp-json/wc/store(/v1)?/products", self.store_api),
            (r"/sitemap_index\.xml", self.sitemap_index),
            (r"/(?P<kind>product|product_cat|page|post)-sitemap\.xml", self.sitemap),
            *self.wp_blog.routes(),
            (r"/(?P<slug>[\w-]+)/", self.text_page),
        ]

    def respond(self, request: Request) -> Response:
        """Answer a path without its trailing slash with a 301 to the slashed one, as WP does."""
        path = request.path
        is_file = "." in path.rsplit("/", 1)[-1]
        if path.endswith("/") or is_file or path.startswith("/wp-json"):
            return super().respond(request)
        query = urlsplit(request.target).query
        target = self.url(path + "/") + (f"?{query}" if query else "")
        return Response(status=301, headers=(("Location", target),))

    def product_path(self, product: ShopProduct) -> str:
        return f"/product/{product.handle}/"

    def languages(self) -> tuple[str, ...]:
        return ("fr-FR", "fr-BE", "x-default")

    def robots_txt(self) -> str:
        return ROBOTS.format(sitemap=self.url("/sitemap_index.xml"))

    def fault_urls(self) -> dict[str, str]:
        return {**super().fault_urls(), **self.wp_blog.fault_urls()}

    def expected_posts(self) -> list[ExpectedPost]:
        return self.wp_blog.expected()

    # --- pages ---------------------------------------------------------------------------

    def home(self, request: Request, match: re.Match[str]) -> Response:
        if request.query.get("s"):
            return self._search(request.query["s"])
        if "p" in request.query:
            return self.wp_blog.shortlink(request.query["p"])
        cat = self.catalog
        promos = [p for p in cat.products if p.regular_price][:4]
        main = T(
            "home",
            base=self.base_url,
            h1=esc(cat.home.h1),
            usp=esc(cat.home.usp),
            categories=render_each("woocommerce", "category_card", self._category_rows()),
            promos="".join(self._card(p) for p in promos),
        )
        return self._page(
            cat.home.title,
            main,
            "/",
            body_class="home page-template-default page page-id-12",
            description=cat.home.description,
        )

    def listing(self, request: Request, match: re.Match[str]) -> Response:
        slug = match.groupdict().get("c")
        category = next((c for c in self.catalog.categories if c.slug == slug), None)
        if slug and category is None:
            return self.not_found()
        page = int(match["n"] or 1)
        return self._listing(category, page) or self.not_found()

    def product(self, request: Request, match: re.Match[str]) -> Response:
        product = self.catalog.find(handle=match["h"])
        if product is None:
            return self.not_found()
        pid, title = wj.post_id(product), f"{product.name} - {self.name}"
        body_class = (
            f"product-template-default single single-product postid-{pid} "
            "woocommerce woocommerce-page"
        )
        response = self._page(
            title,
            self._product_main(product),
            self.product_path(product),
            body_class=body_class,
            description=product.description,
            og_type="product",
            api_id=pid,
            product=product,
        )
        return replace(response, slow=self.state.faults and product.key == SLOW_PRODUCT)

    def brand(self, request: Request, match: re.Match[str]) -> Response:
        items = [p for p in self.catalog.products if slugify(p.brand) == match["b"]]
        if not items:
            return self.not_found()
        title = f"Marque : {items[0].brand}"
        base = f"/marque/{match['b']}/"
        return self._results(title, items, items, base, 1, 1, "", "tax-product_brand")

    def text_page(self, request: Request, match: re.Match[str]) -> Response:
        if match["slug"] not in PAGES:
            return self.not_found()
        title, text = PAGES[match["slug"]]
        pid = 40 + list(PAGES).index(match["slug"])
        main = T("text_page", pid=pid, title=esc(title), text=f"<p>{esc(text)}</p>")
        body_class = f"page-template-default page page-id-{pid}"
        return self._page(f"{title} - {self.name}", main, request.path, body_class=body_class)

    def not_found(self) -> Response:
        main = T("not_found", base=self.base_url)
        page = self._page(f"Page non trouvée - {self.name}", main, "/404/", body_class="error404")
        return replace(page, status=404)

    # --- API and sitemaps --------------------------------------------------------------

    def api_index(self, request: Request, match: re.Match[str]) -> Response:
        home = self.base_url.rstrip("/")
        return as_json(
            {
                "name": self.name,
                "description": "Matériel de camping et de randonnée",
                "url": home,
                "home": home,
                "gmt_offset": "1",
                "timezone_string": "Europe/Paris",
                "namespaces": ["oembed/1.0", "wc/store", "wc/store/v1", "wp/v2", "yoast/v1"],
                "authentication": [],
                "routes": {"/wc/store/v1/products": {"namespace": "wc/store/v1"}},
            }
        )

    def store_api(self, request: Request, match: re.Match[str]) -> Response:
        """Serve /wp-json/wc/store/v1/products?per_page=N&page=M (10 by default, 100 at most)."""
        per_page, page = request.number("per_page", 10), request.number("page")
        if per_page is None or page is None or per_page > 100:
            error = {
                "code": "rest_invalid_param",
                "message": "Paramètre(s) non valide(s) : per_page, page",
                "data": {"status": 400},
            }
            return as_json(error, status=400)
        products = self.catalog.products
        pages = max(1, -(-len(products) // per_page))
        chunk = products[(page - 1) * per_page : page * per_page]
        rows = [wj.store_api_product(self, p, self._price(p)) for p in chunk]
        return as_json(rows, headers=self._api_headers(len(products), per_page, page, pages))

    def sitemap_index(self, request: Request, match: re.Match[str]) -> Response:
        return xml(index((self.url(f"/{k}-sitemap.xml"), self._modified()) for k in SITEMAPS))

    def sitemap(self, request: Request, match: re.Match[str]) -> Response:
        if match["kind"] == "post":
            return xml(urlset(self.wp_blog.sitemap_entries()))
        cat = self.catalog
        paths = {
            "product": ["/boutique/", *(self.product_path(p) for p in cat.products)],
            "product_cat": [f"/product-category/{c.slug}/" for c in cat.categories],
            "page": ["/", "/a-propos/", "/contact/", "/blog/"],
        }[match["kind"]]
        return xml(urlset((self.url(p), self._modified()) for p in paths))

    # --- fragments ---------------------------------------------------------------------

    def _modified(self) -> str:
        return f"2025-03-{1 + self.state.day:02d}T08:00:00+00:00"

    def _api_headers(
        self, total: int, per_page: int, page: int, pages: int
    ) -> tuple[tuple[str, str], ...]:
        """WordPress REST paging headers, including a Link rel=next while pages remain."""
        headers = [
            ("X-WP-Total", str(total)),
            ("X-WP-TotalPages", str(pages)),
            ("Link", f'<{self.base_url}wp-json/>; rel="https://api.w.org/"'),
        ]
        if page < pages:
            nxt = self.url(f"/wp-json/wc/store/v1/products?per_page={per_page}&page={page + 1}")
            headers.append(("Link", f'<{nxt}>; rel="next"'))
        return tuple(headers)

    def _category_rows(self) -> list[dict[str, object]]:
        cat = self.catalog
        return [
            {
                "base": self.base_url,
                "slug": c.slug,
                "name": esc(c.name),
                "count": len(cat.in_category(c.key)),
            }
            for c in cat.categories
        ]

    def _amount(self, value: Decimal) -> str:
        return T("amount", amount=group_digits(value, group=NNBSP, decimal=","))

    def _price(self, product: ShopProduct) -> str:
        if product.regular_price is None:
            return self._amount(product.price)
        return T(
            "sale_price",
            was=self._amount(product.regular_price),
            now=self._amount(product.price),
            was_text=amount_text(product.regular_price),
            now_text=amount_text(product.price),
        )

    def _card(self, product: ShopProduct) -> str:
        values = {
            "base": self.base_url,
            "pid": wj.post_id(product),
            "url": self.product_url(product),
            "sku": esc(product.sku),
            "name": esc(product.name),
        }
        buyable = product.availability != "OutOfStock"
        return T(
            "card",
            **values,
            handle=product.handle,
            cat_slug=product.category.slug,
            stock_class=wj.STOCK[product.availability][0],
            sale_class=" sale" if product.regular_price else "",
            onsale=_onsale(product),
            price=self._price(product),
            button=T("cart_button" if buyable else "read_more", **values),
        )

    def _product_main(self, product: ShopProduct) -> str:
        status, css, label = wj.STOCK[product.availability]
        related = [p for p in self.catalog.in_category(product.category.key) if p != product][:3]
        return T(
            "product",
            base=self.base_url,
            pid=wj.post_id(product),
            url=self.product_url(product),
            handle=product.handle,
            name=esc(product.name),
            cat_slug=product.category.slug,
            cat_name=esc(product.category.name),
            stock_class=status,
            stock_css=css,
            stock_text=label,
            sale_class=" sale" if product.regular_price else "",
            onsale=_onsale(product),
            price=self._price(product),
            description=esc(product.description),
            sku=esc(product.sku),
            brand=esc(product.brand),
            brand_slug=slugify(product.brand),
            disabled=" disabled" if status == "outofstock" else "",
            share=self._share(self.product_url(product), product.name),
            related="".join(self._card(p) for p in related),
        )

    def _listing(self, category: Category | None, page: int) -> Response | None:
        """Answer a category (or whole-shop) listing page; None past the last page."""
        items = self.catalog.in_category(category.key) if category else list(self.catalog.products)
        shown, pages = self.paginate(items, page)
        if not shown:
            return None
        base = f"/product-category/{category.slug}/" if category else "/boutique/"
        title = category.name if category else "Boutique"
        body_class = "tax-product_cat" if category else "post-type-archive-product"
        intro = '<div class="term-description"><p>Sélection testée par notre équipe.</p></div>'
        return self._results(
            title, items, shown, base, page, pages, intro if category else "", body_class
        )

    def _search(self, query: str) -> Response:
        words = query.lower().split()
        found = [p for p in self.catalog.products if all(w in p.name.lower() for w in words)]
        title = f"Résultats de recherche : « {query} »"
        return self._results(title, found, found, "/", 1, 1, "", "search search-results")

    def _results(
        self,
        title: str,
        items: list[ShopProduct],
        shown: list[ShopProduct],
        base: str,
        page: int,
        pages: int,
        intro: str,
        body_class: str,
    ) -> Response:
        def href(n: int) -> str:
            return self.url(base + (f"page/{n}/" if n > 1 else ""))

        first = (page - 1) * self.spec.page_size + 1
        last = first + len(shown) - 1
        links = page_links("woocommerce", page, pages, href)
        main = T(
            "listing",
            title=esc(title),
            intro=intro,
            result_count=f"Affichage de {first}-{last} sur {len(items)} résultats",
            pagination=T("pagination", items=links) if links else "",
            cards="\n".join(self._card(p) for p in shown),
        )
        rel = [f'<link rel="prev" href="{href(page - 1)}" />'] if page > 1 else []
        rel += [f'<link rel="next" href="{href(page + 1)}" />'] if page < pages else []
        canonical = urlsplit(href(page)).path
        return self._page(
            f"{title} - {self.name}",
            main,
            canonical,
            body_class=f"{ARCHIVE} {body_class}",
            rel_links="\n\t".join(rel),
        )

    def _share(self, url: str, title: str) -> str:
        rows = share_rows(url, title, ("facebook", "pinterest", "x", "whatsapp"))
        return render_each("woocommerce", "share_link", rows)

    def _alternates(self) -> str:
        rows: list[dict[str, object]] = [
            {"lang": lang, "href": self.url("/be/" if lang == "fr-BE" else "/")}
            for lang in self.languages()
        ]
        return render_each("woocommerce", "alternate", rows)

    def _page(
        self,
        title: str,
        main: str,
        canonical: str,
        *,
        body_class: str,
        description: str | None = None,
        og_type: str = "article",
        rel_links: str = "",
        api_id: int | None = None,
        product: ShopProduct | None = None,
        article: dict[str, Any] | None = None,
    ) -> Response:
        base, is_home = self.base_url, canonical == "/"
        nav = [{"base": base, "slug": c.slug, "name": esc(c.name)} for c in self.catalog.categories]
        api_url = f"{base}wp-json/wp/v2/product/{api_id}"
        api = f'\n<link rel="alternate" type="application/json" href="{api_url}" />'
        page = T(
            "layout",
            base=base,
            title=esc(title),
            canonical=self.url(canonical),
            meta_description=f'<meta name="description" content="{esc(description)}" />'
            if description
            else "",
            rel_links=rel_links,
            og_type="website" if is_home else og_type,
            graph=wj.yoast_graph(
                self, self.url(canonical), title, self._modified(), product, article=article
            ),
            alternates=self._alternates() if is_home else "",
            api_alternate=api if api_id else "",
            body_class=body_class,
            nav=render_each("woocommerce", "nav_item", nav),
            social=render_each("woocommerce", "social_item", profile_rows(self.spec.social)),
            main=main,
        )
        return html(page, headers=(("Link", f'<{base}wp-json/>; rel="https://api.w.org/"'),))


def _onsale(product: ShopProduct) -> str:
    return '<span class="onsale">Promo !</span>' if product.regular_price else ""
