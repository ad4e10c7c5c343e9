from __future__ import annotations

from datetime import timedelta, timezone

import jsonschema
import pytest

from pipeline.dossier import DossierInput, build_dossier
from pipeline.schemas import load_schema
from pipeline.screenshots import ScreenshotLink
from tests.pipeline.builders import T0, T1, competitor, crawl, event, state

POSITIONING = {
    "url": "https://c1.example/",
    "title": "Alpha Shop \u2013 Werkzeug",
    "meta_description": "Günstige Werkzeuge",
    "h1": "Willkommen",
    "usp": None,
    "language": "de",
    "languages": ["en", "de"],
    "social": ["https://instagram.example/alpha"],
}


def _input(**overrides: object) -> DossierInput:
    values: dict[str, object] = {
        "competitor": competitor(),
        "last_crawl": crawl(),
        "positioning": POSITIONING,
        "products": [
            state("z", name="zebra", price="1.5", currency="EUR", status="removed"),
            state("b", name="Bohrer", price="19.90", regular_price="24.90", currency="EUR"),
            state("n", name=None, price=None),
            state("a", name="Äxte", price="1E+2", currency="EUR", availability="InStock"),
        ],
        "changes": [
            event("price_changed", "b", at=T0, field="price", old="21.00", new="19.90"),
            event("product_added", "a", at=T1, new="Äxte"),
        ],
        "generated_at": T1 + timedelta(hours=1),
        "screenshots": [
            ScreenshotLink(taken_at=T0, path="../screenshots/competitor-1/2024-05-01T080000Z.png"),
            ScreenshotLink(taken_at=T1, path="../screenshots/competitor-1/2024-05-02T080000Z.png"),
        ],
    }
    values.update(overrides)
    return DossierInput(**values)  # type: ignore[arg-type]


def test_dossier_has_exactly_the_contract_keys() -> None:
    dossier = build_dossier(_input())
    assert list(dossier) == [
        "competitor",
        "generated_at",
        "last_crawl",
        "positioning",
        "products",
        "changes",
        "screenshots",
        "posts",
        "videos",
        "social",
        "mentions",
    ]
    assert list(dossier["screenshots"][0]) == ["taken_at", "path"]
    assert list(dossier["competitor"]) == ["name", "kind", "homepage", "notes"]
    assert list(dossier["last_crawl"]) == ["status", "finished_at", "pages", "errors"]
    assert list(dossier["positioning"]) == [
        "title",
        "meta_description",
        "h1",
        "usp",
        "languages",
        "social",
    ]
    assert list(dossier["products"][0]) == [
        "url",
        "name",
        "sku",
        "price",
        "regular_price",
        "currency",
        "availability",
        "status",
        "first_seen",
        "last_seen",
    ]
    assert list(dossier["changes"][0]) == [
        "kind",
        "detected_at",
        "entity",
        "url",
        "sku",
        "field",
        "old",
        "new",
    ]


def test_dossier_validates_against_its_schema() -> None:
    jsonschema.validate(build_dossier(_input()), load_schema("dossier"))


def test_products_sorted_active_first_then_by_name() -> None:
    names = [p["name"] for p in build_dossier(_input())["products"]]
    assert names == ["Äxte", "Bohrer", None, "zebra"]


def test_prices_are_plain_decimal_strings_and_times_utc_iso() -> None:
    dossier = build_dossier(_input())
    by_name = {p["name"]: p for p in dossier["products"]}
    assert by_name["Äxte"]["price"] == "100.00"
    assert (by_name["Bohrer"]["price"], by_name["Bohrer"]["regular_price"]) == ("19.90", "24.90")
    assert by_name[None]["price"] is None
    assert dossier["generated_at"] == "2024-05-02T09:00:00Z"
    assert dossier["last_crawl"]["finished_at"] == "2024-05-02T08:00:00Z"


def test_changes_newest_first() -> None:
    kinds = [c["kind"] for c in build_dossier(_input())["changes"]]
    assert kinds == ["product_added", "price_changed"]


def test_screenshots_newest_first_with_utc_times() -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    late = ScreenshotLink(taken_at=(T1 + timedelta(hours=2)).astimezone(india), path="/x/late.png")
    screenshots = build_dossier(_input(screenshots=[*_input().screenshots, late]))["screenshots"]
    assert screenshots == [
        {"taken_at": "2024-05-02T10:00:00Z", "path": "/x/late.png"},
        {
            "taken_at": "2024-05-02T08:00:00Z",
            "path": "../screenshots/competitor-1/2024-05-02T080000Z.png",
        },
        {
            "taken_at": "2024-05-01T08:00:00Z",
            "path": "../screenshots/competitor-1/2024-05-01T080000Z.png",
        },
    ]


def test_positioning_lists_sorted_and_missing_positioning_is_empty() -> None:
    assert build_dossier(_input())["positioning"]["languages"] == ["de", "en"]
    empty = build_dossier(
        _input(positioning=None, last_crawl=None, products=[], changes=[], screenshots=[])
    )
    assert empty["positioning"] == {
        "title": None,
        "meta_description": None,
        "h1": None,
        "usp": None,
        "languages": [],
        "social": [],
    }
    assert (empty["last_crawl"], empty["screenshots"]) == (None, [])
    jsonschema.validate(empty, load_schema("dossier"))


def test_schema_rejects_float_prices_and_renamed_keys() -> None:
    dossier = build_dossier(_input())
    dossier["products"][0]["price"] = 19.9
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dossier, load_schema("dossier"))
    renamed = build_dossier(_input())
    renamed["competitor"]["title"] = renamed["competitor"].pop("name")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(renamed, load_schema("dossier"))


@pytest.mark.parametrize(
    "screenshot",
    [
        {"taken_at": "2024-05-02T08:00:00+02:00", "path": "a.png"},  # not UTC
        {"taken_at": "2024-05-02T08:00:00Z", "path": ""},
        {"taken_at": "2024-05-02T08:00:00Z", "path": "a.png", "width": 1280},  # closed object
    ],
)
def test_schema_rejects_malformed_screenshots(screenshot: dict[str, object]) -> None:
    dossier = build_dossier(_input())
    dossier["screenshots"].append(screenshot)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dossier, load_schema("dossier"))
    del dossier["screenshots"]
    with pytest.raises(jsonschema.ValidationError, match="'screenshots' is a required property"):
        jsonschema.validate(dossier, load_schema("dossier"))
