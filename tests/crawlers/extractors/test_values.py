"""The value normalisers every extractor shares: prices, currencies, availability, URLs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crawlers.extractors.availability import availability_from_text, normalise_availability
from crawlers.extractors.currency import resolve_currency
from crawlers.extractors.prices import minor_units, parse_price_text, parse_price_value
from crawlers.extractors.urls import canonicalise, is_excluded, is_pagination, same_site
from crawlers.items import Availability


@pytest.mark.parametrize(
    ("text", "amount", "symbol"),
    [
        ("12 990 руб.", "12990.00", "руб."),
        ("12\u00a0990\u00a0руб.", "12990.00", "руб."),
        ("12\u202f990 ₽", "12990.00", "₽"),
        ("12\u2009990 р.", "12990.00", "р."),
        ("1.299,00 €", "1299.00", "€"),
        ("1,299.00", "1299.00", None),
        ("1'299.50 CHF", "1299.50", "CHF"),
        ("CHF 1’299.50", "1299.50", "CHF"),
        ("€ 12,-", "12.00", "€"),
        ("19.99", "19.99", None),
        ("Preis: 19,99 € inkl. MwSt.", "19.99", "€"),
        ("Артикул: 90NB1021", "90.00", None),
    ],
)
def test_price_text(text: str, amount: str, symbol: str | None) -> None:
    parsed = parse_price_text(text)
    assert parsed is not None
    assert parsed.amount == Decimal(amount)
    assert parsed.symbol == symbol


@pytest.mark.parametrize("text", [None, "", "Free", "0,00 €", "Sold out", "-", "50%"])
def test_no_price_in_text(text: str | None) -> None:
    assert parse_price_text(text) is None


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (19.99, "19.99"),
        (20, "20.00"),
        ("1299.00", "1299.00"),
        ("1.299", "1.299"),
        ("19,99 €", "19.99"),
    ],
)
def test_structured_price_values(value: object, amount: str) -> None:
    parsed = parse_price_value(value)
    assert parsed is not None
    assert parsed.amount == Decimal(amount)
    assert str(parsed.amount) == amount  # one canonical form, so hashes do not flip


@pytest.mark.parametrize("value", [None, True, "0.00", "1e400", "NaN", {"price": 1}])
def test_structured_non_prices(value: object) -> None:
    assert parse_price_value(value) is None


def test_minor_units() -> None:
    assert minor_units("1105", 2) == Decimal("11.05")
    assert minor_units("1105", 0) == Decimal("1105.00")
    assert minor_units("n/a", 2) is None


@pytest.mark.parametrize(
    ("symbol", "lang", "host", "hint", "code"),
    [
        ("$", "en", None, None, "USD"),
        ("$", "en-CA", None, None, "CAD"),
        ("$", "en", "shop.example.com.au", None, "AUD"),
        ("$", "en", None, "CAD", "CAD"),
        ("€", None, None, None, "EUR"),
        ("£", None, None, None, "GBP"),
        ("руб.", "ru", None, None, "RUB"),
        ("р.", "ru", None, None, "RUB"),
        ("₽", None, None, None, "RUB"),
        ("kr", "sv", None, None, "SEK"),
        ("kr", "nb", None, None, "NOK"),
        ("kr.", "da", None, None, "DKK"),
        ("kr", "en", "butik.example.se", None, "SEK"),
        ("kr", None, None, None, None),
        ("zł", None, None, None, "PLN"),
        ("₴", None, None, None, "UAH"),
        ("грн", "uk", None, None, "UAH"),
        ("Kč", "cs", None, None, "CZK"),
        ("Fr.", "de-CH", None, None, "CHF"),
        ("¥", "ja", None, None, "JPY"),
        ("¥", "zh-CN", None, None, "CNY"),
        ("₹", None, None, None, "INR"),
        ("eur", None, None, None, "EUR"),
        (None, "de", None, "EUR", None),
    ],
)
def test_currency_resolution(
    symbol: str | None, lang: str | None, host: str | None, hint: str | None, code: str | None
) -> None:
    assert resolve_currency(symbol, lang=lang, host=host, hint=hint) == code


@pytest.mark.parametrize(
    ("value", "state"),
    [
        ("https://schema.org/InStock", Availability.IN_STOCK),
        ("http://schema.org/OutOfStock", Availability.OUT_OF_STOCK),
        ("InStock", Availability.IN_STOCK),
        ("instock", Availability.IN_STOCK),
        ("in_stock", Availability.IN_STOCK),
        ("onbackorder", Availability.BACK_ORDER),
        ("oos", Availability.OUT_OF_STOCK),
        (True, Availability.IN_STOCK),
        ("", None),
    ],
)
def test_availability_codes(value: object, state: Availability | None) -> None:
    assert normalise_availability(value) is state


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("In stock", Availability.IN_STOCK),
        ("Auf Lager", Availability.IN_STOCK),
        ("Lieferbar", Availability.IN_STOCK),
        ("En stock", Availability.IN_STOCK),
        ("Disponible", Availability.IN_STOCK),
        ("В наличии", Availability.IN_STOCK),
        ("Out of stock", Availability.OUT_OF_STOCK),
        ("Ausverkauft", Availability.OUT_OF_STOCK),
        ("Nicht vorrätig", Availability.OUT_OF_STOCK),
        ("Rupture de stock", Availability.OUT_OF_STOCK),
        ("Agotado", Availability.OUT_OF_STOCK),
        ("Нет  в\nналичии", Availability.OUT_OF_STOCK),
        ("No disponible", Availability.OUT_OF_STOCK),
        ("Indisponible", Availability.OUT_OF_STOCK),
        ("Под заказ", Availability.BACK_ORDER),
        ("Pre-order", Availability.PRE_ORDER),
        ("Vorbestellen", Availability.PRE_ORDER),
        ("Précommande", Availability.PRE_ORDER),
        ("Reservar", Availability.PRE_ORDER),
        ("Предзаказ", Availability.PRE_ORDER),
        ("Op voorraad", Availability.IN_STOCK),
        ("Esaurito", Availability.OUT_OF_STOCK),
        ("Brak towaru", Availability.OUT_OF_STOCK),
        ("Em estoque", Availability.IN_STOCK),
        ("Lieferbar in 2-3 Wochen", Availability.BACK_ORDER),
        ("Sofort lieferbar, Lieferzeit 1–2 Werktage", Availability.IN_STOCK),
        ("Pre-order: ships in 3 weeks", Availability.PRE_ORDER),
        ("Disponible sur commande", Availability.BACK_ORDER),
        ("Free shipping over 50", None),
    ],
)
def test_availability_wording(text: str, state: Availability | None) -> None:
    assert availability_from_text(text) is state


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Shop.Example:443/a#x", "https://shop.example/a"),
        ("https://shop.example/p?utm_source=x&b=2&a=1&gclid=z", "https://shop.example/p?a=1&b=2"),
        ("https://shop.example/p;jsessionid=ABC123?x=1", "https://shop.example/p?x=1"),
        ("https://shop.example/p?PHPSESSID=abc&ref=home", "https://shop.example/p"),
        ("https://shop.example/p?s=0123456789abcdef0123456789abcdef", "https://shop.example/p"),
        ("https://shop.example/a b/ü", "https://shop.example/a%20b/%C3%BC"),
        ("ftp://shop.example/file", None),
        ("mailto:a@shop.example", None),
    ],
)
def test_canonical_urls(url: str, canonical: str | None) -> None:
    assert canonicalise(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example/cart",
        "https://shop.example/checkout/onepage/",
        "https://shop.example/customer/account/login/",
        "https://shop.example/?add-to-cart=12",
        "https://shop.example/shop/?add_to_wishlist=12",
        "https://shop.example/c/shoes?sort=price",
        "https://shop.example/c/shoes?orderby=date",
        "https://shop.example/search?q=shoe",
        "https://shop.example/?s=shoe",
        "https://shop.example/feed/",
        "https://shop.example/img/photo.JPG",
        "https://shop.example/catalogue.pdf",
        "https://shop.example/2026/11/23/post/",
        "https://shop.example/events/?month=11&year=2026",
        "https://shop.example/?calendar=1",
        "https://shop.example/index.php?route=checkout/cart",
    ],
)
def test_excluded_urls(url: str) -> None:
    assert is_excluded(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example/products/golf-cart-cover",
        "https://shop.example/c/shoes?page=2",
        "https://shop.example/index.php?route=product/product&product_id=42",
        "https://shop.example/catalog/noutbuki/?PAGEN_1=2",
    ],
)
def test_followed_urls(url: str) -> None:
    assert not is_excluded(url)


@pytest.mark.parametrize(
    ("url", "paging"),
    [
        ("https://shop.example/c?page=2", True),
        ("https://shop.example/c?p=3", True),
        ("https://shop.example/c/page/2/", True),
        ("https://shop.example/c?seite=2", True),
        ("https://shop.example/c?pagina=2", True),
        ("https://shop.example/c?strana=2", True),
        ("https://shop.example/c?PAGEN_1=2", True),
        ("https://shop.example/c?page=all", False),
        ("https://shop.example/pages/about", False),
    ],
)
def test_pagination_urls(url: str, paging: bool) -> None:
    assert is_pagination(url) is paging


def test_same_site_allows_www_only() -> None:
    assert same_site("https://www.shop.example/a", "https://shop.example/")
    assert same_site("http://shop.example/a", "https://www.shop.example/")
    assert not same_site("https://blog.shop.example/a", "https://shop.example/")
    assert not same_site("https://shop.example.evil.test/a", "https://shop.example/")
