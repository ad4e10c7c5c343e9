"""Products in arbitrary JSON APIs: finding the records and reading their fields.

Whole platform payloads run as extractor cases (cases/data_api_*); these tests pin each rule.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from crawlers.extractors.api import UnexpectedBody
from crawlers.extractors.json_records import (
    parse_json,
    payload_currency,
    product_records,
    record_product,
    record_slug,
)
from crawlers.items import Availability, Product

SITE = "https://shop.example/"


def _load(data: object) -> Any:
    return parse_json(json.dumps(data).encode())


def _product(record: dict[str, Any], hint: str | None = None, site: str = SITE) -> Product:
    records = product_records(_load(record))
    assert len(records) == 1, records
    product = record_product(records[0], site_url=site, currency_hint=hint)
    assert product is not None
    return product


# --- product_records -----------------------------------------------------------------------


def test_graphql_edges_are_unwrapped() -> None:
    data = {"data": {"search": {"edges": [{"cursor": "a", "node": {"title": "Mug", "price": 9}}]}}}
    assert product_records(data) == [{"cursor": "a", "title": "Mug", "price": 9}]


def test_the_largest_array_of_products_wins() -> None:
    data = {
        "featured": [{"name": "Gift card", "price": 25}],
        "results": {"items": [{"name": f"Mug {i}", "price": 10 + i} for i in range(3)]},
    }
    assert [r["name"] for r in product_records(data)] == ["Mug 0", "Mug 1", "Mug 2"]


def test_facet_category_and_shipping_arrays_are_ignored() -> None:
    data = {
        "facets": [{"name": "Price", "price": 10}, {"name": "Price", "price": 50}],
        "categories": [{"name": "Sale", "minPrice": 5}, {"name": "New", "minPrice": 8}],
        "shippingMethods": [{"name": "DHL", "price": 4.95}, {"name": "UPS", "price": 6.5}],
        "products": [{"name": "Shovel", "price": 29}],
    }
    assert [r["name"] for r in product_records(data)] == ["Shovel"]


def test_a_single_product_wins_over_its_related_products() -> None:
    data = {
        "product": {
            "id": 7,
            "name": "Kettle",
            "price": 49,
            "related": [{"name": "Teapot", "price": 30}, {"name": "Cups", "price": 12}],
        }
    }
    assert [r["name"] for r in product_records(data)] == ["Kettle"]


def test_a_product_priced_through_its_variants_is_one_record() -> None:
    data = [
        {
            "productId": "1",
            "productName": "Shoe",
            "items": [{"name": "Shoe 40", "sellers": [{"commertialOffer": {"Price": 99}}]}],
        }
    ]
    assert [r["productName"] for r in product_records(data)] == ["Shoe"]


def test_a_titled_wrapper_is_not_a_product() -> None:
    data = {
        "title": "Search results",
        "items": [{"name": f"Lamp {i}", "price": 20, "url": f"/p/lamp-{i}"} for i in range(2)],
    }
    assert [r["name"] for r in product_records(data)] == ["Lamp 0", "Lamp 1"]


@pytest.mark.parametrize(
    "data",
    [
        {"categories": [{"id": 1, "name": "Mugs", "count": 12}]},
        [{"id": 1, "title": "Great", "rating": 5, "body": "Lovely mug"}],
        {"name": "My Shop", "currency": "EUR", "freeShipping": {"amount": "0.00"}},
        {"items": [{"name": "Mug", "price": 0}]},  # zero is a placeholder, not a price
        {"items": [{"name": "Mug"}], "price": 12},
        [],
        "text",
        None,
    ],
)
def test_no_product_records(data: object) -> None:
    assert product_records(data) == []


# --- record_product: names, prices, currencies ----------------------------------------------


@pytest.mark.parametrize(
    ("record", "price", "regular"),
    [
        ({"Name": "Mug", "Price": 12}, "12.00", None),
        ({"product_name": "Mug", "sale_price": "9.50", "regular_price": "12.00"}, "9.50", "12.00"),
        ({"ProductName": "Mug", "SalePrice": 9.5, "ListPrice": 12}, "9.50", "12.00"),
        ({"display-name": "Mug", "offer-price": "9,50", "list-price": "12,00"}, "9.50", "12.00"),
        ({"title": "Mug", "price": 12, "special_price": 10}, "10.00", "12.00"),
        ({"title": "Mug", "price": 12, "compareAtPrice": 10}, "12.00", None),
        ({"title": "Mug", "price": 10, "salePrice": 12}, "10.00", None),  # the lower one is current
        ({"title": "Mug", "price": 10, "msrp": 14, "was_price": 12}, "10.00", "12.00"),
        ({"title": "Mug", "price_cents": 1250}, "12.50", None),
        ({"title": "Mug", "priceInCents": 1250, "originalPriceInCents": 1500}, "12.50", "15.00"),
        ({"title": "Mug", "price": {"amount_in_cents": 999}}, "9.99", None),
        ({"title": "Mug", "price": {"centAmount": 1280, "fractionDigits": 0}}, "1280.00", None),
        ({"title": "Mug", "price": {"units": "12", "nanos": 990000000}}, "12.99", None),
        ({"title": "Mug", "price": {"formatted": "1.299,00 €"}}, "1299.00", None),
        ({"title": "Mug", "price": "from 12.99"}, None, None),  # words without a currency
        (
            {"title": "Mug", "price": 12, "priceExclTax": 10, "unitPrice": 3, "shippingPrice": 4},
            "12.00",
            None,
        ),
        (
            {"title": "Mug", "price": 12, "discount": {"amount_off": 2, "percent_off": 20}},
            "12.00",
            None,
        ),
        ({"title": "Mug", "pricing": {"was": 15, "now": 11}}, "11.00", "15.00"),
        (
            {
                "id": 5,
                "title": "Mug",
                "variants": [{"price": 14}, {"price": 11, "compare_at_price": 13}],
            },
            "11.00",
            "13.00",
        ),
        ({"title": "Mug", "offers": {"price": "19.99", "priceCurrency": "EUR"}}, "19.99", None),
    ],
)
def test_prices(record: dict[str, Any], price: str | None, regular: str | None) -> None:
    records = product_records(_load({"items": [record]}))
    if price is None:
        assert records == []
        return
    product = record_product(records[0], site_url=SITE)
    assert product is not None
    assert product.price == Decimal(price)
    assert product.regular_price == (Decimal(regular) if regular else None)
    assert isinstance(product.price, Decimal)


@pytest.mark.parametrize(
    ("record", "site", "hint", "currency"),
    [
        ({"name": "Mug", "price": {"amount": "9", "currencyCode": "usd"}}, SITE, "EUR", "USD"),
        ({"name": "Mug", "price": "€12,99"}, SITE, None, "EUR"),
        ({"name": "Mug", "price": "1 299 kr"}, "https://www.butik.se/", None, "SEK"),
        ({"name": "Mug", "price": "1 299 kr"}, "https://www.butik.no/", None, "NOK"),
        ({"name": "Mug", "price": "1,280円"}, SITE, None, "JPY"),
        ({"name": "Mug", "price": 9, "currency": "GBP"}, SITE, "EUR", "GBP"),
        (
            {"name": "Mug", "price": 9, "currency": {"code": "CHF", "symbol": "Fr."}},
            SITE,
            None,
            "CHF",
        ),
        ({"name": "Mug", "price": 9}, SITE, "PLN", "PLN"),
        ({"name": "Mug", "price": 9}, "https://www.sklep.pl/", None, "PLN"),
        ({"name": "Mug", "price": 9}, SITE, None, None),
        (
            {"name": "Mug", "price": {"EUR": {"default": 9}, "USD": {"default": 10}}},
            SITE,
            "USD",
            "USD",
        ),
        (
            {
                "name": "Mug",
                "prices": [{"currency": "SEK", "amount": 99}, {"currency": "EUR", "amount": 9}],
            },
            SITE,
            "EUR",
            "EUR",
        ),
    ],
)
def test_currency(
    record: dict[str, Any], site: str, hint: str | None, currency: str | None
) -> None:
    assert _product(record, hint=hint, site=site).currency == currency


def test_the_wanted_currency_entry_gives_the_amount() -> None:
    record = {"name": "Mug", "price": {"EUR": {"default": 9}, "USD": {"default": 10}}}
    assert _product(record, hint="USD").price == Decimal("10.00")


def test_a_payload_level_currency_is_found() -> None:
    assert payload_currency({"meta": {"currency": "DKK"}, "items": []}) == "DKK"
    assert payload_currency({"items": [{"currency": "DKK"}]}) is None


@pytest.mark.parametrize(
    ("extra", "state", "raw"),
    [
        ({"inStock": True}, Availability.IN_STOCK, "inStock: true"),
        ({"available": False}, Availability.OUT_OF_STOCK, "available: false"),
        ({"soldOut": True}, Availability.OUT_OF_STOCK, "soldOut: true"),
        ({"is_sold_out": False}, Availability.IN_STOCK, "is_sold_out: false"),
        ({"stock_status": "onbackorder"}, Availability.BACK_ORDER, "onbackorder"),
        ({"availability": "https://schema.org/PreOrder"}, Availability.PRE_ORDER, None),
        ({"availability": "Нет в наличии"}, Availability.OUT_OF_STOCK, "Нет в наличии"),
        ({"inventory_quantity": 0}, Availability.OUT_OF_STOCK, "inventory_quantity: 0"),
        ({"stock": "12"}, Availability.IN_STOCK, "stock: 12"),
        ({"stock": {"status": "in_stock", "qty": 3}}, Availability.IN_STOCK, "in_stock"),
        (
            {"variants": [{"price": 5, "available": False}, {"price": 6, "available": True}]},
            Availability.IN_STOCK,
            None,
        ),
        ({"status": "active"}, None, None),
    ],
)
def test_availability(extra: dict[str, Any], state: Availability | None, raw: str | None) -> None:
    product = _product({"name": "Mug", "price": 5, **extra})
    assert product.availability is state
    if raw is not None:
        assert product.availability_raw == raw


@pytest.mark.parametrize(
    ("record", "url"),
    [
        ({"url": "/p/mug-1"}, "https://shop.example/p/mug-1"),
        ({"href": "//shop.example/p/mug-1"}, "https://shop.example/p/mug-1"),
        ({"permalink": "https://www.shop.example/p/mug-1/"}, "https://www.shop.example/p/mug-1/"),
        ({"path": "kitchen/mugs/mug-1"}, "https://shop.example/kitchen/mugs/mug-1"),
        ({"canonical_url": "mug-1.html"}, "https://shop.example/mug-1.html"),
        ({"link": {"href": "/p/mug-1"}}, "https://shop.example/p/mug-1"),
        ({"url": "https://api.shop.example/v1/products/1", "slug": "mug-1"}, ""),
        ({"url": "https://cdn.shop.example/img/mug-1.jpg", "handle": "mug-1"}, ""),
        ({"slug": "mug-1"}, ""),
    ],
)
def test_product_url(record: dict[str, Any], url: str) -> None:
    product = _product({"name": "Mug", "price": 5, **record})
    assert product.url == url
    assert product.canonical_url == (url.rstrip("/") if url and "www" not in url else url or None)


def test_fields_by_any_key_spelling() -> None:
    product = _product(
        {
            "ProductTitle": "Santoku <b>18 cm</b> &amp; sheath",
            "selling_price": "89.00",
            "Article-Number": "KN-18",
            "EAN": 4009839512345,
            "brand": {"data": {"attributes": {"name": "Klingenwerk"}}},
            "categories": [{"name": "Kitchen"}, {"name": "Kitchen > Knives"}],
        }
    )
    assert (product.name, product.sku, product.gtin) == (
        "Santoku 18 cm & sheath",
        "KN-18",
        "4009839512345",
    )
    assert (product.brand, product.category, product.source) == (
        "Klingenwerk",
        "Kitchen > Knives",
        "data_api",
    )


def test_other_languages_key_names() -> None:
    product = _product(
        {
            "bezeichnung": "Gartenschere",
            "verkaufspreis": "24,95 €",
            "streichpreis": "29,95 €",
            "lagerbestand": 0,
        }
    )
    assert (product.name, product.price, product.regular_price) == (
        "Gartenschere",
        Decimal("24.95"),
        Decimal("29.95"),
    )
    assert product.availability is Availability.OUT_OF_STOCK
    spanish = _product(
        {"nombre": "Tijeras", "precio": {"actual": 19.9, "anterior": 25}, "moneda": "EUR"}
    )
    assert (spanish.price, spanish.regular_price, spanish.currency) == (
        Decimal("19.90"),
        Decimal("25.00"),
        "EUR",
    )


def test_localised_names_take_the_first_language() -> None:
    assert _product({"name": {"de-DE": "Becher", "en-GB": "Mug"}, "price": 5}).name == "Becher"


def test_no_product_without_a_name_or_a_price() -> None:
    assert record_product({"name": "Mug"}, site_url=SITE) is None
    assert record_product({"price": 5, "sku": "M-1"}, site_url=SITE) is None


def test_record_slug() -> None:
    assert record_slug({"id": 7, "handle": "mug-1"}) == "mug-1"
    assert record_slug({"slug": {"en": "mug-1"}}) == "mug-1"
    assert record_slug({"objectID": 88123}) == "88123"
    assert record_slug({"name": "Mug"}) is None


# --- parse_json ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"price": 12.99}', None),
        (b'\xef\xbb\xbf{"price": 12.99}', "application/json"),
        (b')]}\'\n{"price": 12.99}', "application/json"),
        (b'while(1);{"price": 12.99}', None),
        ('{"price": 12.99}'.encode("utf-16"), "application/json"),
        (
            '{"name": "Чайник", "price": 12.99}'.encode("cp1251"),
            "application/json; charset=windows-1251",
        ),
    ],
)
def test_parse_json_reads_floats_as_decimal(body: bytes, content_type: str | None) -> None:
    data = parse_json(body, content_type)
    assert data["price"] == Decimal("12.99")
    assert isinstance(data["price"], Decimal)


def test_parse_json_never_gives_float_constants() -> None:
    assert parse_json(b'{"price": NaN, "max": Infinity}') == {"price": None, "max": None}


@pytest.mark.parametrize(
    "body", [b"<!DOCTYPE html><html>", b"", b"\xff\xfe\x00<h", b"callback({})"]
)
def test_parse_json_rejects_other_bodies(body: bytes) -> None:
    with pytest.raises(UnexpectedBody, match="body is not JSON"):
        parse_json(body)
