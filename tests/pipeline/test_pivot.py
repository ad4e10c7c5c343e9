from __future__ import annotations

from datetime import timedelta

import jsonschema

from pipeline.dossier import DossierInput
from pipeline.pivot import EventCounts, build_pivot, count_events, dominant_currency
from pipeline.schemas import load_schema
from tests.pipeline.builders import T1, competitor, content, crawl, event, state

NOW = T1 + timedelta(hours=1)


def _input(cid: int, name: str, kind: str = "direct", **overrides: object) -> DossierInput:
    values: dict[str, object] = {
        "competitor": competitor(cid, name, kind),
        "last_crawl": crawl(cid),
        "positioning": None,
        "products": [],
        "changes": [],
        "generated_at": NOW,
    }
    values.update(overrides)
    return DossierInput(**values)  # type: ignore[arg-type]


PRODUCTS = [
    state("a", price="10.00", currency="EUR", availability="InStock"),
    state("b", price="30", currency="EUR", availability="OutOfStock"),
    state("c", price="20.5", currency="EUR", availability="LimitedAvailability"),
    state("d", price="25.00", currency="EUR", availability=None),
    state("e", price="999", currency="USD", availability="InStock"),
    state("f", price="1", currency="EUR", status="removed"),
]

CHANGES = [
    event("product_added", "a", at=NOW - timedelta(days=1)),
    event("product_added", "b", at=NOW - timedelta(days=8)),
    event("product_removed", "f", at=NOW - timedelta(days=6, hours=23)),
    event("price_changed", "a", at=NOW - timedelta(hours=2), field="price", old="9", new="10"),
    event("price_changed", "a", at=NOW - timedelta(hours=2), field="regular_price", new="12"),
]


def _rows(*inputs: DossierInput, **kwargs: object) -> list[dict[str, object]]:
    pivot = build_pivot(list(inputs), now=NOW, **kwargs)  # type: ignore[arg-type]
    jsonschema.validate(pivot, load_schema("pivot"))
    assert pivot["generated_at"] == "2024-05-02T09:00:00Z"
    return pivot["rows"]


def test_row_stats_use_active_products_in_the_dominant_currency() -> None:
    (row,) = _rows(_input(1, "Alpha", products=PRODUCTS, changes=CHANGES))
    assert row["products_active"] == 5
    assert (row["currency"], row["price_min"], row["price_median"], row["price_max"]) == (
        "EUR",
        "10.00",
        "22.75",
        "30.00",
    )
    assert row["in_stock_share"] == 0.75  # 3 of the 4 with a known availability
    assert (row["last_crawl_status"], row["last_crawled_at"]) == ("ok", "2024-05-02T08:00:00Z")


def test_seven_day_counts_come_from_the_changes() -> None:
    (row,) = _rows(_input(1, "Alpha", products=PRODUCTS, changes=CHANGES))
    assert (row["products_added_7d"], row["products_removed_7d"], row["price_changes_7d"]) == (
        1,
        1,
        1,
    )


def test_seven_day_counts_from_event_counts_win_over_loaded_changes() -> None:
    counts = {1: EventCounts(added=400, removed=3, price_changes=1200)}
    (row,) = _rows(_input(1, "Alpha", changes=CHANGES), event_counts=counts)
    assert (row["products_added_7d"], row["products_removed_7d"], row["price_changes_7d"]) == (
        400,
        3,
        1200,
    )


def test_count_events_matches_the_documented_window() -> None:
    assert count_events(CHANGES, now=NOW) == EventCounts(added=1, removed=1, price_changes=1)


def test_competitor_without_products_or_crawl_has_nulls() -> None:
    (row,) = _rows(_input(1, "Empty", last_crawl=None))
    assert row["products_active"] == 0
    assert row["price_median"] is None and row["currency"] is None
    assert row["in_stock_share"] is None
    assert row["last_crawl_status"] is None and row["last_crawled_at"] is None
    assert (row["posts_30d"], row["comments_30d"], row["videos_30d"], row["mentions_30d"]) == (
        0,
        0,
        0,
        0,
    )
    assert row["top_post"] is None


def _post(slug: str, days: float, **fields: object) -> object:
    published = NOW - timedelta(days=days) if days is not None else None
    return content("post", f"https://a.example/{slug}", published=published, **fields)


def test_content_columns_count_the_30_days_before_generation() -> None:
    day = timedelta(days=1)
    items = [
        _post("fresh", 1, title="Fresh", signals={"comments": 4}),
        _post("edge", 30, signals={"comments": 2}),  # exactly 30 days: counted
        _post("older", 30.01, title="Older hit", signals={"comments": 900}),
        _post("undated", None, title="Undated", signals={"comments": 7}),  # no date: not counted
        _post("future", -1, signals={"comments": 1}),  # after generated_at: not counted
        content("video", "https://v.example/1", published=NOW - 3 * day, signals={"views": 5}),
        content("video", "https://v.example/2", published=NOW - 40 * day),
        content("mention", "https://n.example/1", published=NOW - 29 * day),
        content("mention", "https://n.example/2", published=NOW - 2 * day),
        content("mention", "https://n.example/3"),
    ]
    (row,) = _rows(_input(1, "Alpha", content=items))
    assert (row["posts_30d"], row["comments_30d"], row["videos_30d"], row["mentions_30d"]) == (
        2,
        6,
        1,
        2,
    )
    assert row["top_post"] == "Older hit"  # rank 1 of all posts, not just the recent ones


def test_top_post_without_a_title_is_its_url() -> None:
    (row,) = _rows(_input(1, "Alpha", content=[_post("untitled", 2, signals={"likes": 1})]))
    assert row["top_post"] == "https://a.example/untitled"


def test_rows_put_self_first_then_names() -> None:
    rows = _rows(_input(1, "zeta"), _input(2, "Beta"), _input(3, "Our shop", kind="self"))
    assert [r["competitor"] for r in rows] == ["Our shop", "Beta", "zeta"]


def test_dominant_currency_ties_prefer_known_then_alphabetical() -> None:
    assert dominant_currency(["USD", "EUR", None, None, "EUR", "USD"]) == "EUR"
    assert dominant_currency([None, None, "CHF"]) is None
    assert dominant_currency([]) is None


def test_median_of_odd_count_and_unknown_currency_only() -> None:
    products = [state(k, price=p, currency=None) for k, p in [("a", "3"), ("b", "1"), ("c", "2")]]
    (row,) = _rows(_input(1, "Alpha", products=products))
    assert (row["price_median"], row["currency"]) == ("2.00", None)
