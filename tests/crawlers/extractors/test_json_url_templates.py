"""Product URL templates for JSON records with only a slug, handle or id: inferring, filling.

Whole API payloads with product links run as extractor cases (cases/data_api_*); these
tests pin each rule of inference and application.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.data_api import DataApiExtractor
from crawlers.extractors.json_url_templates import fill_template, infer_template, url_values
from crawlers.items import PageFailure, Product
from crawlers.page import FetchedPage

SHOP = "https://shop.example"


def _slugs(*slugs: str) -> list[dict[str, str]]:
    return [{"slug": s} for s in slugs]


# --- infer_template ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("records", "links", "template"),
    [
        # slug as a path segment; links of other products do not matter
        (
            _slugs("mug-1", "plate-2", "bowl-3"),
            [f"{SHOP}/p/mug-1", f"{SHOP}/p/plate-2", f"{SHOP}/p/jug-9", f"{SHOP}/c/kitchen"],
            f"{SHOP}/p/{{slug}}",
        ),
        # id and slug
        (
            [{"slug": "mug-1", "id": "31"}, {"slug": "plate-2", "id": "36"}, {"id": "40"}],
            [f"{SHOP}/product/31/mug-1", f"{SHOP}/product/36/plate-2"],
            f"{SHOP}/product/{{id}}/{{slug}}",
        ),
        # numeric id in the query; the other parameters are the same for every product
        (
            [{"id": "123", "slug": "mug"}, {"id": "124", "slug": "plate"}],
            [f"{SHOP}/product.php?id=123", f"{SHOP}/product.php?id=124"],
            f"{SHOP}/product.php?id={{id}}",
        ),
        (
            [{"id": "42"}, {"id": "43"}],
            [
                f"{SHOP}/index.php?route=product/product&product_id=42",
                f"{SHOP}/index.php?route=product/product&product_id=43",
            ],
            f"{SHOP}/index.php?product_id={{id}}&route=product%2Fproduct",
        ),
        # a file extension after the slug (Magento url_key + .html)
        (
            _slugs("down-bag", "tent-2p"),
            [f"{SHOP}/down-bag.html", f"{SHOP}/tent-2p.html"],
            f"{SHOP}/{{slug}}.html",
        ),
        # trailing slashes are kept; a link listed with and without one is one link
        (
            _slugs("mug-1", "plate-2"),
            [f"{SHOP}/p/mug-1/", f"{SHOP}/p/mug-1", f"{SHOP}/p/plate-2/"],
            f"{SHOP}/p/{{slug}}/",
        ),
        # a query after a path that names the product does not generalise: dropped
        (
            _slugs("mug-1", "plate-2"),
            [f"{SHOP}/products/mug-1?variant=7", f"{SHOP}/products/plate-2?variant=9#top"],
            f"{SHOP}/products/{{slug}}",
        ),
        # slug equal to SKU: {slug} is preferred
        (
            [{"slug": "kn-18", "sku": "kn-18"}, {"slug": "kn-20", "sku": "kn-20"}],
            [f"{SHOP}/p/kn-18", f"{SHOP}/p/kn-20"],
            f"{SHOP}/p/{{slug}}",
        ),
        # the SKU when only the SKU is in the links
        (
            [{"slug": "mug", "sku": "M-1"}, {"slug": "plate", "sku": "P-2"}],
            [f"{SHOP}/artikel/M-1", f"{SHOP}/artikel/P-2"],
            f"{SHOP}/artikel/{{sku}}",
        ),
        # a page of one record may learn from its one link
        (_slugs("mug-1"), [f"{SHOP}/p/mug-1"], f"{SHOP}/p/{{slug}}"),
    ],
)
def test_templates_inferred(records: list[dict[str, str]], links: list[str], template: str) -> None:
    assert infer_template(records, links) == template


@pytest.mark.parametrize(
    ("records", "links"),
    [
        # conflicting templates: the category is part of each link
        (_slugs("mug-1", "plate-2"), [f"{SHOP}/mugs/mug-1", f"{SHOP}/plates/plate-2"]),
        # one link for a page of several records is not enough
        (_slugs("mug-1", "plate-2", "bowl-3"), [f"{SHOP}/p/mug-1"]),
        # ambiguous: the slug is in two links, so the record is no evidence
        (
            _slugs("mug-1", "plate-2"),
            [f"{SHOP}/p/mug-1", f"{SHOP}/p/mug-1/reviews", f"{SHOP}/p/plate-2"],
        ),
        # two records pointing at one link are one link
        (_slugs("mug-1", "mug-1"), [f"{SHOP}/p/mug-1"]),
        # no value appears whole ('mug' is only part of 'mug-1'), or nothing to match
        (_slugs("mug", "plate"), [f"{SHOP}/p/mug-1", f"{SHOP}/p/plate-2"]),
        ([{}, {}], [f"{SHOP}/p/mug-1", f"{SHOP}/p/plate-2"]),
        (_slugs("mug-1", "plate-2"), []),
        # a number that is not a file extension
        (_slugs("mug-1", "plate-2"), [f"{SHOP}/p/mug-1.5l", f"{SHOP}/p/plate-2.5l"]),
    ],
)
def test_no_template_without_consistent_evidence(
    records: list[dict[str, str]], links: list[str]
) -> None:
    assert infer_template(records, links) is None


def test_a_records_own_url_is_its_only_link() -> None:
    records = _slugs("mug-1", "plate-2")
    links = [f"{SHOP}/collections/kitchen/products/mug-1", f"{SHOP}/products/plate-2"]
    own = [f"{SHOP}/products/mug-1", ""]
    assert infer_template(records, links, own) == f"{SHOP}/products/{{slug}}"
    assert infer_template(records, links) is None  # without it, mug-1 is in one link: conflict


@pytest.mark.parametrize(
    ("slug", "link"),
    [
        ("tält-2", f"{SHOP}/produkt/t%C3%A4lt-2"),
        ("tält-2", f"{SHOP}/produkt/t%c3%a4lt-2"),
        ("tält-2", f"{SHOP}/produkt/tält-2"),
        ("t%C3%A4lt-2", f"{SHOP}/produkt/t%C3%A4lt-2"),
        ("ta\u0308lt-2", f"{SHOP}/produkt/t%C3%A4lt-2"),  # decomposed ä
    ],
)
def test_percent_encoded_non_ascii_slugs(slug: str, link: str) -> None:
    records = [url_values({"slug": slug}), url_values({"slug": "kåsa"})]
    template = infer_template(records, [link, f"{SHOP}/produkt/k%C3%A5sa"])
    assert template == f"{SHOP}/produkt/{{slug}}"
    assert fill_template(template, records[0]) == f"{SHOP}/produkt/t%C3%A4lt-2"


# --- fill_template -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "values", "url"),
    [
        (f"{SHOP}/p/{{slug}}", {"slug": "mug-1"}, f"{SHOP}/p/mug-1"),
        (f"{SHOP}/products/{{handle}}", {"slug": "mug-1"}, f"{SHOP}/products/mug-1"),
        (
            f"{SHOP}/product/{{id}}/{{slug}}/",
            {"slug": "mug-1", "id": "31"},
            f"{SHOP}/product/31/mug-1/",
        ),
        (f"{SHOP}/{{slug}}.html", {"slug": "mug"}, f"{SHOP}/mug.html"),
        (f"{SHOP}/p/{{slug}}-{{sku}}", {"slug": "mug", "sku": "M-1"}, f"{SHOP}/p/mug-M-1"),
        (f"{SHOP}/p.php?id={{id}}&lang=sv", {"id": "a&b=c"}, f"{SHOP}/p.php?id=a%26b%3Dc&lang=sv"),
        (f"{SHOP}/p/{{slug}}", {"slug": "tält & tarp"}, f"{SHOP}/p/t%C3%A4lt%20&%20tarp"),
        # a placeholder the record lacks, an unknown one, or none at all: no URL
        (f"{SHOP}/p/{{id}}/{{slug}}", {"slug": "mug"}, None),
        (f"{SHOP}/p/{{name}}", {"slug": "mug"}, None),
        (f"{SHOP}/p/mug", {"slug": "mug"}, None),
    ],
)
def test_fill_template(template: str, values: dict[str, str], url: str | None) -> None:
    assert fill_template(template, values) == url


# --- url_values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "values"),
    [
        ({"handle": "mug-1", "id": 7, "sku": "M-1"}, {"slug": "mug-1", "id": "7", "sku": "M-1"}),
        ({"url_key": "mug", "objectID": "88123"}, {"slug": "mug", "id": "88123"}),
        ({"slug": {"sv-SE": "tält", "en-GB": "tent"}}, {"slug": "tält"}),
        (
            {"id": "gid://shopify/Product/79", "handle": "mug", "variants": [{"sku": "M-1"}]},
            {"slug": "mug", "sku": "M-1"},
        ),
        ({"slug": "not a slug", "id": True, "sku": ""}, {}),
    ],
)
def test_url_values(record: dict[str, object], values: dict[str, str]) -> None:
    assert url_values(record) == values


# --- the data_api extractor ----------------------------------------------------------------


def _extract(records: list[dict[str, object]], **context: Any) -> Extraction:
    page = FetchedPage(
        url=f"{SHOP}/api/products",
        body=json.dumps({"products": records}).encode(),
        status=200,
        headers={"content-type": "application/json"},
    )
    return DataApiExtractor().extract(page, ExtractionContext(homepage=f"{SHOP}/", **context))


_RECORDS = [
    {"name": "Mug", "price": 9, "slug": "mug-1", "id": 31},
    {"name": "Plate", "price": 12, "slug": "plate-2", "id": 36},
    {"name": "Bowl", "price": 15, "slug": "bowl-3", "id": 40},
]


def test_the_inferred_template_gives_every_record_a_url() -> None:
    links = (f"{SHOP}/shop/31/mug-1", f"{SHOP}/shop/36/plate-2")
    result = _extract(_RECORDS, product_links=links)
    assert [p.url for p in result.items if isinstance(p, Product)] == [
        *links,
        f"{SHOP}/shop/40/bowl-3",
    ]
    assert result.url_template == f"{SHOP}/shop/{{id}}/{{slug}}"


def test_a_given_template_wins_and_is_not_returned() -> None:
    links = (f"{SHOP}/shop/31/mug-1", f"{SHOP}/shop/36/plate-2")
    result = _extract(_RECORDS, product_links=links, product_url_template="/item/{handle}")
    assert [p.url for p in result.items if isinstance(p, Product)] == [
        f"{SHOP}/item/mug-1",
        f"{SHOP}/item/plate-2",
        f"{SHOP}/item/bowl-3",
    ]
    assert isinstance(result.items[0], Product)
    assert result.items[0].canonical_url == f"{SHOP}/item/mug-1"
    assert result.url_template is None


def test_records_without_a_url_are_left_out_not_invented() -> None:
    records = [{**_RECORDS[0], "url": "/shop/31/mug-1"}, _RECORDS[1], _RECORDS[2]]
    result = _extract(records, product_links=(f"{SHOP}/other/36/plate-2",))
    assert [p.url for p in result.items if isinstance(p, Product)] == [f"{SHOP}/shop/31/mug-1"]
    assert result.url_template is None


def test_records_with_urls_need_no_template() -> None:
    records = [{**r, "url": f"/x/{r['slug']}"} for r in _RECORDS]
    result = _extract(records, product_links=(f"{SHOP}/shop/31/mug-1",))
    assert [p.url for p in result.items if isinstance(p, Product)] == [
        f"{SHOP}/x/mug-1",
        f"{SHOP}/x/plate-2",
        f"{SHOP}/x/bowl-3",
    ]
    assert result.url_template is None


def test_a_page_whose_records_all_lack_urls_fails_with_the_reason() -> None:
    result = _extract(_RECORDS)
    assert len(result.items) == 1
    failure = result.items[0]
    assert isinstance(failure, PageFailure)
    assert failure.kind is PageKind.DATA_API
    assert failure.reason == "product records have no URL and no product link matches their slug/id"


def test_a_given_template_that_does_not_fit_is_named_in_the_failure() -> None:
    result = _extract(_RECORDS, product_url_template=f"{SHOP}/p/{{sku}}")
    failure = result.items[0]
    assert isinstance(failure, PageFailure)
    assert f"template {SHOP}/p/{{sku}} does not fit" in failure.reason
