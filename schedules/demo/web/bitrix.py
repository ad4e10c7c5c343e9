"""ТайгаСнаб: a Russian 1C-Bitrix shop (Aspro theme) served in windows-1251 (RUB).

The charset is declared only in the Content-Type header, as many Bitrix sites do, so a
crawler that sniffs meta tags or assumes UTF-8 garbles every word. Prices read
`12 990 руб.` (no-break space groups) beside a 'savings' amount; products carry microdata;
listings paginate with `?PAGEN_1=N` (out-of-range pages show the last one, as Bitrix
does); homepage links carry `?sid=` and utm parameters; there is no sitemap at all.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import partial

from schedules.demo.web.catalog import Category, ShopProduct
from schedules.demo.web.site import Handler, Request, Response, Site, html
from schedules.demo.web.social import profile_rows, share_rows
from schedules.demo.web.templates import page_links, render, render_each
from schedules.demo.web.text import NBSP, esc, group_digits

CHARSET = "windows-1251"
SESSION = "?sid=a81f3c9e27d4"
STOCK = {
    "InStock": ("stock", "В наличии"),
    "OutOfStock": ("order", "Нет в наличии"),
    "BackOrder": ("order", "Под заказ"),
}
"""schema.org availability → (icon class, Russian label)."""
NEWS = {
    "novye-palatki-2025": ("Новые палатки сезона 2025", "01.03.2025", "p02"),
    "kak-vybrat-gorelku": ("Как выбрать газовую горелку", "14.02.2025", "p52"),
}
PAGES = {
    "about": ("О компании", "ТайгаСнаб работает с 2012 года: магазины в Москве и Новосибирске."),
    "contacts": (
        "Контакты",
        "Москва, ул. Лесная, 5. Телефон 8 800 555-01-23, info@taigasnab.example",
    ),
    "sale/closed": (
        "Закрытая распродажа",
        "Доступ только для участников клуба. Войдите в личный кабинет.",
    ),
    "basket": ("Корзина", "Ваша корзина пуста."),
    "personal": ("Личный кабинет", "Авторизация"),
    "search": ("Поиск", "К сожалению, по вашему запросу ничего не найдено."),
}
ROBOTS = """User-agent: *
Disallow: /bitrix/
Disallow: /personal/
Disallow: /basket/
Disallow: /auth/
Disallow: /search/
Disallow: /sale/closed/
Disallow: /*?sort=
Disallow: /*&sort=
Disallow: /*SHOWALL
Disallow: /*action=
Disallow: /*print=
Allow: /bitrix/components/
Allow: /bitrix/cache/
Allow: /bitrix/js/
Allow: /bitrix/templates/
Allow: /upload/

User-agent: Yandex
Disallow: /bitrix/
Disallow: /personal/
Disallow: /basket/
Clean-param: sid&utm_source&utm_medium&utm_campaign /
"""

T = partial(render, "bitrix")


def rubles(value: Decimal) -> str:
    """Whole rubles with no-break space groups: 12 990."""
    return group_digits(value, group=NBSP, decimal="", decimals=0)


class BitrixSite(Site):
    """A 1C-Bitrix storefront in windows-1251."""

    flavour = "bitrix"
    server_header = "nginx"
    extra_headers = (
        ("X-Powered-CMS", "Bitrix Site Manager (8a93f2c1d0e9b7a6f5c4d3e2b1a09f87)"),
        ("X-Powered-By", "PHP/8.1.27"),
        ("Set-Cookie", "PHPSESSID=9b8c7d6e5f4a3b2c1d0e; path=/; HttpOnly"),
    )

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/", self.home),
            (r"/catalog/", self.sections),
            (r"/catalog/(?P<c>[\w-]+)/", self.listing),
            (r"/catalog/(?P<c>[\w-]+)/(?P<h>[\w-]+)/", self.product),
            (r"/news/", self.news),
            (r"/news/(?P<code>[\w-]+)/", self.news_page),
            (r"/(?P<page>[\w/-]+?)/?", self.text_page),
        ]

    def product_path(self, product: ShopProduct) -> str:
        return f"/catalog/{product.category.slug}/{product.handle}/"

    def robots_txt(self) -> str:
        return ROBOTS

    # --- pages ---------------------------------------------------------------------------

    def home(self, request: Request, match: re.Match[str]) -> Response:
        cat = self.catalog
        hits = [p for p in cat.products if p.availability == "InStock"][:8]
        main = T(
            "home",
            h1=esc(cat.home.h1),
            usp=esc(cat.home.usp),
            items=self._items(hits, suffix=SESSION),
            share=self._share(self.base_url, cat.home.title),
        )
        return self._page(
            cat.home.title, main, "/", body_class="front", description=cat.home.description
        )

    def sections(self, request: Request, match: re.Match[str]) -> Response:
        rows = [
            {"code": c.slug, "name": esc(c.name), "count": len(self.catalog.in_category(c.key))}
            for c in self.catalog.categories
        ]
        main = T("sections", items=render_each("bitrix", "section_item", rows))
        return self._page("Каталог товаров — ТайгаСнаб", main, "/catalog/", body_class="catalog")

    def listing(self, request: Request, match: re.Match[str]) -> Response:
        category = self._category(match["c"])
        if category is None:
            return self.not_found()
        items = self.catalog.in_category(category.key)
        if request.query.get("SHOWALL_1") == "1":
            shown, page, pages = items, 1, 1
        else:
            pages = self.paginate(items, 1)[1]
            page = min(request.number("PAGEN_1") or 1, pages)  # Bitrix clamps to the last page
            shown = self.paginate(items, page)[0]
        main = T(
            "listing",
            title=esc(category.name),
            code=category.slug,
            items=self._items(shown),
            pagination=self._pagination(category.slug, page, pages),
        )
        title = f"{category.name} — купить в интернет-магазине ТайгаСнаб"
        return self._page(title, main, f"/catalog/{category.slug}/", body_class="catalog")

    def product(self, request: Request, match: re.Match[str]) -> Response:
        product = self.catalog.find(handle=match["h"])
        if product is None or product.category.slug != match["c"]:
            return self.not_found()
        icon, stock = STOCK[product.availability]
        main = T(
            "product",
            name=esc(product.name),
            section=product.category.slug,
            section_name=esc(product.category.name),
            sku=esc(product.sku),
            gtin=product.gtin,
            brand=esc(product.brand),
            img=self._img(product),
            code=product.handle,
            id=self._id(product),
            stock_icon=icon,
            stock=stock,
            price=self._price(product),
            economy=self._economy(product),
            value=rubles(product.price).replace(NBSP, ""),
            availability=product.availability,
            url=self.product_url(product),
            description=esc(product.description),
            share=self._share(self.product_url(product), product.name),
        )
        title = f"{product.name} — купить по цене {rubles(product.price)} руб. в ТайгаСнаб"
        return self._page(
            title,
            main,
            self.product_path(product),
            body_class="catalog detail",
            description=product.description,
        )

    def news(self, request: Request, match: re.Match[str]) -> Response:
        rows = [
            {"code": code, "title": esc(title), "date": date}
            for code, (title, date, _) in NEWS.items()
        ]
        main = T("news", items=render_each("bitrix", "news_item", rows))
        return self._page("Новости — ТайгаСнаб", main, "/news/", body_class="news")

    def news_page(self, request: Request, match: re.Match[str]) -> Response:
        if match["code"] not in NEWS:
            return self.not_found()
        title, date, key = NEWS[match["code"]]
        product = self.product_by_key(key)
        main = T(
            "news_page",
            title=esc(title),
            date=date,
            text="Рассказываем о новинках и хитах сезона.",
            link=self.product_path(product) + "?utm_source=news",
            product=esc(product.name),
            share=self._share(self.url(request.path), title),
        )
        return self._page(f"{title} — ТайгаСнаб", main, request.path, body_class="news")

    def text_page(self, request: Request, match: re.Match[str]) -> Response:
        if match["page"] not in PAGES:
            return self.not_found()
        title, text = PAGES[match["page"]]
        main = T("text_page", title=esc(title), text=f"<p>{esc(text)}</p>")
        return self._page(f"{title} — ТайгаСнаб", main, f"/{match['page']}/", body_class="page")

    def not_found(self) -> Response:
        page = self._page("404 Not Found", T("not_found"), None, body_class="error404")
        return replace(page, status=404)

    # --- fragments ---------------------------------------------------------------------

    def _category(self, code: str) -> Category | None:
        return next((c for c in self.catalog.categories if c.slug == code), None)

    def _id(self, product: ShopProduct) -> int:
        return 300 + product.number

    def _img(self, product: ShopProduct) -> str:
        return f"{product.number * 37 % 4096:03x}"

    def _price(self, product: ShopProduct) -> str:
        now = T(
            "price", value=rubles(product.price).replace(NBSP, ""), amount=rubles(product.price)
        )
        if product.regular_price is None:
            return now
        old = product.regular_price
        return now + T("price_old", value=rubles(old).replace(NBSP, ""), amount=rubles(old))

    def _economy(self, product: ShopProduct) -> str:
        if product.regular_price is None:
            return ""
        saved = product.regular_price - product.price
        percent = round(saved * 100 / product.regular_price)
        return T("economy", percent=percent, amount=rubles(saved))

    def _items(self, products: list[ShopProduct], suffix: str = "") -> str:
        rows = []
        for product in products:
            icon, stock = STOCK[product.availability]
            rows.append(
                {
                    "id": self._id(product),
                    "href": self.product_path(product) + suffix,
                    "img": self._img(product),
                    "code": product.handle,
                    "name": esc(product.name),
                    "stock_icon": icon,
                    "stock": stock,
                    "sku": esc(product.sku),
                    "price": self._price(product),
                    "section": product.category.slug,
                }
            )
        return render_each("bitrix", "item", rows)

    def _pagination(self, code: str, page: int, pages: int) -> str:
        def href(n: int) -> str:
            return f"/catalog/{code}/" + (f"?PAGEN_1={n}" if n > 1 else "")

        links = page_links("bitrix", page, pages, href)
        return T("pagination", code=code, items=links) if links else ""

    def _share(self, url: str, title: str) -> str:
        rows = share_rows(url, title, ("vk", "telegram", "ok"))
        return render_each("bitrix", "share_link", rows)

    def _page(
        self,
        title: str,
        main: str,
        canonical: str | None,
        *,
        body_class: str,
        description: str | None = None,
    ) -> Response:
        nav = [{"code": c.slug, "name": esc(c.name)} for c in self.catalog.categories]
        meta = f'<meta name="description" content="{esc(description)}" />' if description else ""
        link = f'<link rel="canonical" href="{self.url(canonical)}" />' if canonical else ""
        page = T(
            "layout",
            title=esc(title),
            meta_description=meta,
            canonical=link,
            body_class=body_class,
            nav=render_each("bitrix", "nav_item", nav),
            social=render_each("bitrix", "social_item", profile_rows(self.spec.social)),
            main=main,
        )
        return html(page, charset=CHARSET)
