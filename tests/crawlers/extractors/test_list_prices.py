"""A list, was or recommended price shown beside the selling price is never taken for it.

Shops mark such prices with tags, classes, inline styles or words, in many languages; each
snippet is a product page without structured data, read by the real PRODUCT extractor.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from crawlers.extractors.base import ExtractionContext, PageKind
from crawlers.extractors.registry import extractor_for
from crawlers.items import Product
from crawlers.page import FetchedPage

HOSTS = {"de": "shop.de", "en": "shop.co.uk", "us": "shop.com", "fr": "boutique.fr"}
HOSTS |= {"es": "tienda.es", "it": "negozio.it", "ru": "magazin.ru", "pl": "sklep.pl"}
LANGS = {"us": "en-US", "en": "en-GB"}

# (language, markup after the H1, selling price, list price)
MARKUP = [
    ("de", '<div class="price"><del>59,95 €</del> 49,95 €</div>', "49.95", "59.95"),
    ("us", '<div class="price"><s>$80.00</s> $60.00</div>', "60.00", "80.00"),
    ("fr", '<div class="prix"><del>24€99</del> 19€99</div>', "19.99", "24.99"),
    ("fr", '<div class="prix"><span class="old">€ 29,99</span> € 19,99</div>', "19.99", "29.99"),
    ("en", '<div class="price"><strike>£30.00</strike> £25.00</div>', "25.00", "30.00"),
    (
        "us",
        '<div class="price"><span style="text-decoration: line-through">$129.00</span>'
        " <span>$99.00</span></div>",
        "99.00",
        "129.00",
    ),
    (
        "ru",
        '<div class="product-price"><span class="old-price">1 290 ₽</span> 990 ₽</div>',
        "990.00",
        "1290.00",
    ),
    (
        "us",
        '<div class="price"><span class="was">$40.00</span> <b>$30.00</b></div>',
        "30.00",
        "40.00",
    ),
    (
        "us",
        '<div class="price"><span class="compare-at">$40.00</span> <b>$30.00</b></div>',
        "30.00",
        "40.00",
    ),
    (
        "de",
        '<div class="preis"><span class="streichpreis">59,95 €</span> <b>49,95 €</b></div>',
        "49.95",
        "59.95",
    ),
    (
        "de",
        '<div class="preis"><span class="uvp">59,95 €</span> <b>49,95 €</b></div>',
        "49.95",
        "59.95",
    ),
    (
        "fr",
        '<div class="prix"><span class="prix-ancien">49,90 €</span> <b>39,90 €</b></div>',
        "39.90",
        "49.90",
    ),
    (
        "fr",
        '<div class="prix"><span class="barre">49,90 €</span> <b>39,90 €</b></div>',
        "39.90",
        "49.90",
    ),
    (
        "es",
        '<div class="precio"><span class="precio-tachado">59,99 €</span> <b>44,99 €</b></div>',
        "44.99",
        "59.99",
    ),
    (
        "es",
        '<div class="precio"><span class="antes">59,99 €</span> <b>44,99 €</b></div>',
        "44.99",
        "59.99",
    ),
    (
        "es",
        '<div class="precio"><span class="precio-lista">59,99 €</span> <b>44,99 €</b></div>',
        "44.99",
        "59.99",
    ),
    (
        "pl",
        '<div class="cena"><span class="cena-stara">129,00 zł</span> <b>99,00 zł</b></div>',
        "99.00",
        "129.00",
    ),
    (
        "ru",
        '<div class="price"><span class="старая-цена">1 290 ₽</span> <b>990 ₽</b></div>',
        "990.00",
        "1290.00",
    ),
]
LABELS = [
    ("de", "UVP 59,95 € 49,95 €", "49.95", "59.95"),
    ("de", "statt 59,95 € nur 49,95 €", "49.95", "59.95"),
    ("de", "49,95 € statt 59,95 €", "49.95", "59.95"),
    ("de", "Vorher: 59,95 € Jetzt: 49,95 €", "49.95", "59.95"),
    ("de", "War 59,95 € 49,95 €", "49.95", "59.95"),
    ("de", "Normalpreis 59,95 € 49,95 €", "49.95", "59.95"),
    ("de", "Originalpreis: 59,95 € Ihr Preis: 49,95 €", "49.95", "59.95"),
    ("en", "Was £60.00 Now £45.00", "45.00", "60.00"),
    ("en", "RRP £30.00 Our price £25.00", "25.00", "30.00"),
    ("us", "MSRP: $199.99 $149.99", "149.99", "199.99"),
    ("us", "List price: $120.00 Price: $99.00", "99.00", "120.00"),
    ("us", "Compare at $40.00 $30.00", "30.00", "40.00"),
    ("fr", "avant 49,90 € maintenant 39,90 €", "39.90", "49.90"),
    ("fr", "39,90 € au lieu de 49,90 €", "39.90", "49.90"),
    ("es", "antes 59,99 € ahora 44,99 €", "44.99", "59.99"),
    ("es", "Precio anterior: 59,99 € Precio: 44,99 €", "44.99", "59.99"),
    ("it", "prima 59,99 € ora 44,99 €", "44.99", "59.99"),
    ("ru", "было 1 290 руб. 990 руб.", "990.00", "1290.00"),
    ("ru", "Старая цена: 1 290 руб. Цена: 990 руб.", "990.00", "1290.00"),
    ("pl", "przed 129,00 zł 99,00 zł", "99.00", "129.00"),
]
# Prices that only the page's plain text shows: no price-classed element at all.
TEXT_ONLY = [
    ("de", "<p>UVP 59,95 €</p><p>49,95 €</p>", "49.95", "59.95"),
    ("en", "<p><span>Was</span> <span>£60.00</span></p><p>£45.00</p>", "45.00", "60.00"),
    ("en", "<p>Was £60.00 Now £45.00</p>", "45.00", "60.00"),
    ("fr", "<p><b>39,90 €</b> au lieu de 49,90 €</p>", "39.90", "49.90"),
    (
        "us",
        '<p><span style="text-decoration:line-through">$129.00</span> $99.00</p>',
        "99.00",
        "129.00",
    ),
]
# Amounts in a price block that are neither the price nor a list price.
NOT_PRICES = [
    ("de", "49,95 € Sie sparen 10,00 € (17 %)", "49.95", None),
    ("en", "Now £45.00 Save £15.00", "45.00", None),
    ("pl", "99,00 zł Najniższa cena z 30 dni przed obniżką: 89,00 zł", "99.00", None),
    ("de", "Niedrigster Preis der letzten 30 Tage: 44,95 € 49,95 €", "49.95", None),
    ("us", "From $19.99 – $29.99", "19.99", None),
    ("us", "or 4 interest-free payments of $12.50 with Afterpay $49.99", "49.99", None),
    ("de", "UVP 59,95 €", "59.95", None),
    ("de", "UVP 59,95 € -10 € 49,95 €", "49.95", "59.95"),
    ("de", "19,99 €-29,99 €", "19.99", None),
    ("de", "49,95 € (9,99 € / 1 kg)", "49.95", None),
    ("de", "4,99 €/kg 49,95 €", "49.95", None),
]


def product(lang: str, markup: str) -> Product:
    host = HOSTS[lang]
    html = (
        f'<!DOCTYPE html><html lang="{LANGS.get(lang, lang)}"><head><meta charset="utf-8">'
        f"<title>Item</title></head><body><h1>Wanderschuh Alpin</h1>{markup}"
        '<p class="desc">Robust und leicht.</p></body></html>'
    )
    page = FetchedPage(
        url=f"https://{host}/p/item-1",
        body=html.encode("utf-8"),
        headers={"content-type": "text/html; charset=utf-8"},
    )
    result = extractor_for(PageKind.PRODUCT).extract(
        page, ExtractionContext(homepage=f"https://{host}/")
    )
    (item,) = result.items
    assert isinstance(item, Product)
    return item


def check(item: Product, price: str, regular: str | None) -> None:
    assert (item.price, item.regular_price) == (
        Decimal(price),
        Decimal(regular) if regular else None,
    )


@pytest.mark.parametrize(("lang", "markup", "price", "regular"), MARKUP, ids=[m[1] for m in MARKUP])
def test_markup_marks_the_list_price(lang: str, markup: str, price: str, regular: str) -> None:
    check(product(lang, markup), price, regular)


@pytest.mark.parametrize(("lang", "text", "price", "regular"), LABELS, ids=[m[1] for m in LABELS])
def test_words_mark_the_list_price_in_a_price_block(
    lang: str, text: str, price: str, regular: str
) -> None:
    check(product(lang, f'<div class="price">{text}</div>'), price, regular)


@pytest.mark.parametrize(("lang", "text", "price", "regular"), LABELS, ids=[m[1] for m in LABELS])
def test_words_mark_the_list_price_in_separate_elements(
    lang: str, text: str, price: str, regular: str
) -> None:
    """The same texts with each amount in its own unclassed element, as templates split them."""
    markup = text.replace("€ ", "€</span> <span>").replace("zł ", "zł</span> <span>")
    markup = markup.replace(".00 ", ".00</span> <span>").replace(".99 ", ".99</span> <span>")
    markup = markup.replace("руб. ", "руб.</span> <span>")
    check(product(lang, f'<div class="price"><span>{markup}</span></div>'), price, regular)


@pytest.mark.parametrize(
    ("lang", "markup", "price", "regular"), TEXT_ONLY, ids=[m[1] for m in TEXT_ONLY]
)
def test_plain_text_prices_skip_the_list_price(
    lang: str, markup: str, price: str, regular: str
) -> None:
    check(product(lang, markup), price, regular)


@pytest.mark.parametrize(
    ("lang", "text", "price", "regular"), NOT_PRICES, ids=[m[1] for m in NOT_PRICES]
)
def test_savings_ranges_instalments_and_lowest_prices_are_not_the_price(
    lang: str, text: str, price: str, regular: str | None
) -> None:
    check(product(lang, f'<div class="price">{text}</div>'), price, regular)
