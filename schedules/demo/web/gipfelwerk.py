"""Gipfelwerk: a German home-grown Java shop with no structured data and no API (EUR).

Only CSS selectors (given in the config) find its products: tiles with two links to each
product, `1.299,00 €` prices with UVP strike prices, German availability texts, accessory
tiles with their own prices on product pages, `?seite=N` pagination with query-only hrefs,
`;jsessionid=` on the homepage's links and a gzip sitemap declared in robots.txt. With
faults on it also holds the crawler traps: an endless events calendar and an offers list
whose `?page=N` never ends.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any

from schedules.demo.web.catalog import ShopProduct
from schedules.demo.web.site import Handler, Request, Response, Site, html
from schedules.demo.web.sitemaps import gzipped, urlset
from schedules.demo.web.social import profile_rows, share_rows
from schedules.demo.web.templates import page_links, render, render_each
from schedules.demo.web.text import NBSP, esc, group_digits

SESSION = ";jsessionid=7F3A9C2E41B0D8A6E5C3B2A1F0E9D8C7"
STOCK = {
    "InStock": ("gruen", "Auf Lager"),
    "OutOfStock": ("rot", "Ausverkauft"),
    "BackOrder": ("gelb", "Lieferbar in 2-3 Wochen"),
}
"""schema.org availability → (traffic-light colour, German label)."""
CALENDAR = ("2025-01", "2025-06")
"""Months the calendar really has; with faults on, 'next month' goes on forever."""
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September")
MONTHS += ("Oktober", "November", "Dezember")
PAGES = {
    "ueber-uns": ("Über uns", "Gipfelwerk wurde 2009 in München von zwei Bergführern gegründet."),
    "kontakt": (
        "Kontakt",
        "Gipfelwerk GmbH, Sendlinger Str. 1, 80331 München, info@gipfelwerk.example",
    ),
    "versand": (
        "Versand & Zahlung",
        "Versandkostenfrei ab 49 € innerhalb Deutschlands, sonst 4,95 €.",
    ),
    "impressum": (
        "Impressum",
        "Gipfelwerk GmbH, HRB 123456, Amtsgericht München. Geschäftsführer: A. Huber.",
    ),
    "datenschutz": (
        "Datenschutz",
        "Wir verarbeiten Ihre Daten nur zur Abwicklung Ihrer Bestellung.",
    ),
    "agb": ("AGB", "Allgemeine Geschäftsbedingungen der Gipfelwerk GmbH."),
    "warenkorb": ("Warenkorb", "Ihr Warenkorb ist leer."),
    "kundenkonto/login": ("Anmelden", "Bitte melden Sie sich mit Ihrer E-Mail-Adresse an."),
    "sonderverkauf/": ("Mitarbeiter-Sonderverkauf", "Nur für Mitarbeiter: bitte anmelden."),
    "suche": ("Suche", "Ihre Suche ergab leider keine Treffer."),
}
ROBOTS = """User-agent: *
Disallow: /warenkorb
Disallow: /kundenkonto/
Disallow: /suche
Disallow: /sonderverkauf/
Disallow: /*sortierung=

User-agent: MJ12bot
Disallow: /

Sitemap: {sitemap}
"""

T = partial(render, "gipfelwerk")


def money(value: Decimal) -> str:
    """German money format: 1.299,95 € (no-break space before the sign)."""
    return f"{group_digits(value, group='.', decimal=',')}{NBSP}€"


class GipfelwerkSite(Site):
    """A custom German shop that only CSS selectors can read."""

    flavour = "gipfelwerk"
    server_header = "Apache"
    extra_headers = (("Set-Cookie", f"JSESSIONID={SESSION.split('=')[1]}; Path=/; HttpOnly"),)

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/", self.home),
            (r"/kategorie/(?P<c>[\w-]+)", self.listing),
            (r"/artikel/(?P<h>[\w-]+)-(?P<nr>\d+)\.html", self.product),
            (r"/angebote", self.offers),
            (r"/veranstaltungen", self.calendar),
            (r"/sitemap\.xml\.gz", self.sitemap),
            (r"/(?P<page>[\w/-]+)", self.text_page),
        ]

    def product_path(self, product: ShopProduct) -> str:
        return f"/artikel/{product.handle}-{self._nr(product)}.html"

    @property
    def catalog_hints(self) -> dict[str, Any]:
        return {
            "start_urls": [self.url(f"/kategorie/{c.slug}") for c in self.catalog.categories],
            "sitemap": self.url("/sitemap.xml.gz"),
            "selectors": {
                "product_link": "a.produkt-link",
                "name": "h1.artikel-titel",
                "price": ".artikel-daten .preis .betrag",
                "regular_price": ".artikel-daten .preis .streichpreis",
                "sku": ".artikel-daten [data-sku]@data-sku",
                "availability": ".artikel-daten .lieferstatus",
            },
        }

    def robots_txt(self) -> str:
        return ROBOTS.format(sitemap=self.url("/sitemap.xml.gz"))

    def fault_urls(self) -> dict[str, str]:
        if not self.state.faults:
            return {}
        return {
            "calendar_trap": self.url(f"/veranstaltungen?monat={CALENDAR[0]}"),
            "endless_pagination": self.url("/angebote?page=2"),
        }

    # --- pages ---------------------------------------------------------------------------

    def home(self, request: Request, match: re.Match[str]) -> Response:
        """Serve a cookieless visitor's first page view: every internal link carries the session."""
        cat = self.catalog
        tiles = self._tiles(cat.products[:6], session=SESSION)
        main = T("home", h1=esc(cat.home.h1), usp=esc(cat.home.usp), tiles=tiles, sid=SESSION)
        return self._page(
            cat.home.title, main, "startseite", description=cat.home.description, sid=SESSION
        )

    def listing(self, request: Request, match: re.Match[str]) -> Response:
        category = next((c for c in self.catalog.categories if c.slug == match["c"]), None)
        if category is None:
            return self.not_found()
        items = self.catalog.in_category(category.key)
        page = request.number("seite") or 1
        shown, pages = self.paginate(items, page)
        tiles = self._tiles(shown) if shown else T("empty")
        main = T(
            "listing",
            title=esc(category.name),
            count=len(items),
            tiles=tiles,
            pager=self._pager(page, pages),
        )
        return self._page(f"{category.name} kaufen | Gipfelwerk", main, "kategorie")

    def product(self, request: Request, match: re.Match[str]) -> Response:
        product = self.catalog.find(handle=match["h"])
        if product is None or str(self._nr(product)) != match["nr"]:
            return self.not_found()
        colour, stock = STOCK[product.availability]
        others = [p for p in self.catalog.products if p.category != product.category][:2]
        main = T(
            "product",
            nr=self._nr(product),
            name=esc(product.name),
            sku=esc(product.sku),
            brand=esc(product.brand),
            price=self._price(product),
            colour=colour,
            stock=stock,
            cat_slug=product.category.slug,
            cat_name=esc(product.category.name),
            description=esc(product.description),
            gtin=product.gtin,
            disabled=' disabled="disabled"' if product.availability == "OutOfStock" else "",
            accessories=self._tiles(others),
        )
        return self._page(f"{product.name} | Gipfelwerk", main, "artikel")

    def offers(self, request: Request, match: re.Match[str]) -> Response:
        """List sale items on one page; with faults on, every ?page=N repeats them, linking on."""
        page = request.number("page") or 1
        endless = self.state.faults
        items = (
            [p for p in self.catalog.products if p.regular_price] if page == 1 or endless else []
        )
        more = T("offers_more", next=page + 1) if endless else ""
        main = T("offers", tiles=self._tiles(items) if items else T("empty"), more=more)
        return self._page("Angebote | Gipfelwerk", main, "angebote")

    def calendar(self, request: Request, match: re.Match[str]) -> Response:
        month = request.query.get("monat", CALENDAR[0])
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            return self.not_found()
        endless = self.state.faults
        if not endless and not CALENDAR[0] <= month <= CALENDAR[1]:
            return self.not_found()
        year, number = int(month[:4]), int(month[5:])
        nxt, prev = _shift(year, number, 1), _shift(year, number, -1)
        later = T("calendar_next", next=nxt) if endless or month < CALENDAR[1] else ""
        earlier = T("calendar_prev", prev=prev) if endless or month > CALENDAR[0] else ""
        name = f"{MONTHS[number - 1]} {year}"
        main = T("calendar", month_name=name, events=T("calendar_event"), prev=earlier, next=later)
        return self._page(f"Termine {name} | Gipfelwerk", main, "kalender")

    def text_page(self, request: Request, match: re.Match[str]) -> Response:
        if match["page"] not in PAGES:
            return self.not_found()
        title, text = PAGES[match["page"]]
        main = T("text_page", title=esc(title), text=f"<p>{esc(text)}</p>")
        return self._page(f"{title} | Gipfelwerk", main, "textseite")

    def sitemap(self, request: Request, match: re.Match[str]) -> Response:
        cat, day = self.catalog, f"2025-03-{1 + self.state.day:02d}"
        paths = [f"/kategorie/{c.slug}" for c in cat.categories] + [
            self.product_path(p) for p in cat.products
        ]
        body = gzipped(urlset((self.url(p), day) for p in ["/", *paths]))
        return Response(body=body, content_type="application/x-gzip")

    def not_found(self) -> Response:
        text = "<p>Die angeforderte Seite existiert nicht (mehr).</p>"
        main = T("text_page", title="Seite nicht gefunden", text=text)
        return replace(self._page("Seite nicht gefunden | Gipfelwerk", main, "fehler"), status=404)

    # --- fragments ---------------------------------------------------------------------

    def _nr(self, product: ShopProduct) -> int:
        return 1000 + product.number

    def _price(self, product: ShopProduct) -> str:
        if product.regular_price is None:
            return T("price", now=money(product.price))
        return T("price_sale", now=money(product.price), was=money(product.regular_price))

    def _tiles(
        self, products: list[ShopProduct] | tuple[ShopProduct, ...], session: str = ""
    ) -> str:
        rows = []
        for product in products:
            colour, stock = STOCK[product.availability]
            path = self.product_path(product)
            href = path.replace(".html", f".html{session}") if session else path
            rows.append(
                {
                    "nr": self._nr(product),
                    "href": href,
                    "name": esc(product.name),
                    "brand": esc(product.brand),
                    "price": self._price(product),
                    "colour": colour,
                    "stock": stock,
                }
            )
        return render_each("gipfelwerk", "tile", rows)

    def _pager(self, page: int, pages: int) -> str:
        links = page_links("gipfelwerk", page, pages, lambda n: f"?seite={n}")
        return T("pager", items=links) if links else ""

    def _page(
        self,
        title: str,
        main: str,
        body_class: str,
        *,
        description: str | None = None,
        sid: str = "",
    ) -> Response:
        nav = [{"slug": c.slug, "name": esc(c.name), "sid": sid} for c in self.catalog.categories]
        share = share_rows(self.base_url, title, ("facebook", "whatsapp"))
        meta = f'<meta name="description" content="{esc(description)}">' if description else ""
        page = T(
            "layout",
            title=esc(title),
            meta_description=meta,
            body_class=body_class,
            sid=sid,
            nav=render_each("gipfelwerk", "nav_item", nav),
            social=render_each("gipfelwerk", "social_item", profile_rows(self.spec.social)),
            share=render_each("gipfelwerk", "share_link", share),
            main=main,
        )
        return html(page)


def _shift(year: int, month: int, delta: int) -> str:
    """YYYY-MM of the month `delta` months away."""
    total = year * 12 + month - 1 + delta
    return f"{total // 12:04d}-{total % 12 + 1:02d}"
