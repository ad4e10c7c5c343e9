"""Named diff cases as data: previous -> current -> expected events (and upserted states)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from pipeline.diff import diff_positioning, diff_products
from storage.records import ProductState, SiteStatus, SnapshotRecord
from tests.pipeline.builders import T0, T1, snapshot, state, url_of

EUR = {"currency": "EUR", "availability": "InStock"}
A = {"name": "Alpha", "sku": "A-1", "price": "19.90", **EUR}
B = {"name": "Beta", "sku": "B-1", "price": "5.00", **EUR}

# An expected event: (kind, product key, field, old, new).
Event = tuple[str, str, str | None, str | None, str | None]


@dataclass(frozen=True)
class ProductCase:
    name: str
    before: list[ProductState]
    observed: list[SnapshotRecord]
    expected: list[Event]
    states: dict[str, str]
    """Expected upserted states: product key -> status."""
    site: SiteStatus = SiteStatus.OK
    unresolved: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)


PRODUCT_CASES = [
    ProductCase(
        name="new product is added",
        before=[],
        observed=[snapshot("a", **A)],
        expected=[("product_added", "a", None, None, "Alpha")],
        states={"a": "active"},
    ),
    ProductCase(
        name="unchanged product only refreshes last_seen",
        before=[state("a", **A)],
        observed=[snapshot("a", **A)],
        expected=[],
        states={"a": "active"},
    ),
    ProductCase(
        name="price 19.90 vs 19.9 unchanged",
        before=[state("a", **A)],
        observed=[snapshot("a", **{**A, "price": "19.9"})],
        expected=[],
        states={"a": "active"},
    ),
    ProductCase(
        name="price dropped",
        before=[state("a", **A)],
        observed=[snapshot("a", **{**A, "price": "17.50"})],
        expected=[("price_changed", "a", "price", "19.90", "17.50")],
        states={"a": "active"},
    ),
    ProductCase(
        name="sale started (regular_price appears)",
        before=[state("a", **A)],
        observed=[snapshot("a", **{**A, "price": "14.90", "regular_price": "19.90"})],
        expected=[
            ("price_changed", "a", "price", "19.90", "14.90"),
            ("price_changed", "a", "regular_price", None, "19.90"),
        ],
        states={"a": "active"},
    ),
    ProductCase(
        name="currency changed",
        before=[state("a", **A)],
        observed=[snapshot("a", **{**A, "currency": "CHF"})],
        expected=[("price_changed", "a", "currency", "EUR", "CHF")],
        states={"a": "active"},
    ),
    ProductCase(
        name="went out of stock",
        before=[state("a", **A)],
        observed=[snapshot("a", **{**A, "availability": "OutOfStock"})],
        expected=[("availability_changed", "a", "availability", "InStock", "OutOfStock")],
        states={"a": "active"},
    ),
    ProductCase(
        name="site down",
        before=[state("a", **A), state("b", **B)],
        observed=[],
        site=SiteStatus.DOWN,
        expected=[],
        states={},
    ),
    ProductCase(
        name="site partial",
        before=[state("a", **A), state("b", **B)],
        observed=[snapshot("a", **A)],
        site=SiteStatus.PARTIAL,
        expected=[],
        states={"a": "active"},
    ),
    ProductCase(
        name="product really removed",
        before=[state("a", **A), state("b", **B)],
        observed=[snapshot("a", **A)],
        expected=[("product_removed", "b", None, "Beta", None)],
        states={"a": "active", "b": "removed"},
    ),
    ProductCase(
        name="product gone 404 during a partial crawl",
        before=[state("a", **A), state("b", **B)],
        observed=[],
        site=SiteStatus.PARTIAL,
        gone={url_of("b")},
        expected=[("product_removed", "b", None, "Beta", None)],
        states={"b": "removed"},
    ),
    ProductCase(
        name="404 on a down site removes nothing",
        before=[state("b", **B)],
        observed=[],
        site=SiteStatus.DOWN,
        gone={url_of("b")},
        expected=[],
        states={},
    ),
    ProductCase(
        name="product page failed (unresolved)",
        before=[state("a", **A), state("b", **B)],
        observed=[snapshot("a", **A)],
        unresolved={url_of("b")},
        expected=[],
        states={"a": "active"},
    ),
    ProductCase(
        name="failed snapshot passed as observed counts as unresolved",
        before=[state("b", **B)],
        observed=[snapshot("b", fetch_status="http_error")],
        expected=[],
        states={},
    ),
    ProductCase(
        name="product returns",
        before=[state("b", status="removed", **B)],
        observed=[snapshot("b", **B)],
        expected=[("product_returned", "b", None, None, "Beta")],
        states={"b": "active"},
    ),
    ProductCase(
        name="product returns at a new price",
        before=[state("b", status="removed", **B)],
        observed=[snapshot("b", **{**B, "price": "6.00"})],
        expected=[
            ("product_returned", "b", None, None, "Beta"),
            ("price_changed", "b", "price", "5.00", "6.00"),
        ],
        states={"b": "active"},
    ),
    ProductCase(
        name="removed product stays quiet",
        before=[state("b", status="removed", **B)],
        observed=[],
        expected=[],
        states={},
    ),
    ProductCase(
        name="observation beats a 404 on another url",
        before=[state("a", **A)],
        observed=[snapshot("a", **A)],
        gone={url_of("a")},
        expected=[],
        states={"a": "active"},
    ),
    ProductCase(
        name="not modified counts as seen unchanged",
        before=[state("a", **A)],
        observed=[snapshot("a", fetch_status="not_modified")],
        expected=[],
        states={"a": "active"},
    ),
    ProductCase(
        name="duplicate observations: the most complete wins",
        before=[],
        observed=[
            snapshot("a", url=url_of("a") + "?ref=list", name="Alpha"),
            snapshot("a", **A),
        ],
        expected=[("product_added", "a", None, None, "Alpha")],
        states={"a": "active"},
    ),
]


def _run(case: ProductCase, observed: list[SnapshotRecord]) -> Any:
    return diff_products(
        competitor_id=1,
        run_id=2,
        detected_at=T1,
        before={s.key: s for s in case.before},
        observed=observed,
        site_status=case.site,
        unresolved=case.unresolved,
        gone=case.gone,
    )


@pytest.mark.parametrize("case", PRODUCT_CASES, ids=lambda c: c.name)
def test_product_diff(case: ProductCase) -> None:
    result = _run(case, case.observed)
    got = [(e.kind, e.key, e.field, e.old, e.new) for e in result.events]
    expected = [(k, url_of(key), f, o, n) for k, key, f, o, n in case.expected]
    assert got == expected
    assert {s.key: str(s.status) for s in result.states} == {
        url_of(k): v for k, v in case.states.items()
    }
    assert all(
        e.detected_at == T1 and e.run_id == 2 and e.entity == "product" for e in result.events
    )


@pytest.mark.parametrize("case", PRODUCT_CASES, ids=lambda c: c.name)
def test_product_diff_ignores_observation_order(case: ProductCase) -> None:
    forward = _run(case, case.observed)
    backward = _run(case, case.observed[::-1])
    assert forward == backward


def test_seen_products_get_fresh_last_seen_and_keep_first_seen() -> None:
    before = state("a", **A)
    result = diff_products(
        competitor_id=1,
        run_id=2,
        detected_at=T1,
        before={before.key: before},
        observed=[snapshot("a", **{**A, "price": "9.90"})],
        site_status=SiteStatus.OK,
        unresolved=set(),
        gone=set(),
    )
    (after,) = result.states
    assert after.last_seen == T1
    assert after.first_seen == before.first_seen
    assert str(after.price) == "9.90"


def test_removed_product_keeps_its_last_seen() -> None:
    before = state("b", **B)
    result = diff_products(
        competitor_id=1,
        run_id=2,
        detected_at=T1,
        before={before.key: before},
        observed=[],
        site_status=SiteStatus.OK,
        unresolved=set(),
        gone=set(),
    )
    assert [(s.status, s.last_seen) for s in result.states] == [("removed", T0)]


def test_duplicate_observations_keep_the_complete_price() -> None:
    partial = snapshot("a", url=url_of("a") + "?ref=list", name="Alpha")
    result = diff_products(
        competitor_id=1,
        run_id=2,
        detected_at=T1,
        before={},
        observed=[snapshot("a", **A), partial],
        site_status=SiteStatus.OK,
        unresolved=set(),
        gone=set(),
    )
    (merged,) = result.states
    assert (str(merged.price), merged.url) == ("19.90", url_of("a"))


@dataclass(frozen=True)
class PositioningCase:
    name: str
    history: list[dict[str, Any] | None]
    """Previous payloads, OLDEST first (reversed before the call, which wants newest first)."""
    current: dict[str, Any] | None
    expected: list[tuple[str, str | None, str | None]]
    """(field, old, new) per event."""


def _home(**fields: Any) -> dict[str, Any]:
    return {"url": "https://c1.example/", "languages": [], "social": [], **fields}


POSITIONING_CASES = [
    PositioningCase(
        name="positioning h1 changed",
        history=[_home(h1="Best tools"), _home(h1="Best tools")],
        current=_home(h1="Best tools since 1990"),
        expected=[("h1", "Best tools", "Best tools since 1990")],
    ),
    PositioningCase(
        name="site down",
        history=[_home(h1="Best tools")],
        current=None,
        expected=[],
    ),
    PositioningCase(
        name="first observation reports nothing",
        history=[],
        current=_home(h1="Best tools"),
        expected=[],
    ),
    PositioningCase(
        name="flapping banner",
        history=[_home(usp="Free shipping"), _home(usp="-20% on drills")] * 2,
        current=_home(usp="Free shipping"),
        expected=[],
    ),
    PositioningCase(
        name="first rotation back is still reported",
        history=[_home(usp="Free shipping"), _home(usp="-20% on drills")],
        current=_home(usp="Free shipping"),
        expected=[("usp", "-20% on drills", "Free shipping")],
    ),
    PositioningCase(
        name="a new value after a rotation is reported",
        history=[_home(usp="Free shipping"), _home(usp="-20% on drills")] * 2,
        current=_home(usp="Summer sale"),
        expected=[("usp", "-20% on drills", "Summer sale")],
    ),
    PositioningCase(
        name="a transition older than the window is reported again",
        history=[_home(usp="B"), _home(usp="A"), *[_home(usp="C")] * 4, _home(usp="B")],
        current=_home(usp="A"),
        expected=[("usp", "B", "A")],
    ),
    PositioningCase(
        name="languages compare as sets and render sorted",
        history=[_home(languages=["en", "de"])],
        current=_home(languages=["de", "EN", "fr"]),
        expected=[("languages", "de, en", "de, en, fr")],
    ),
    PositioningCase(
        name="reordered social links are no change",
        history=[_home(social=["https://x.example/a", "https://y.example/a"])],
        current=_home(social=["https://y.example/a", "https://x.example/a"]),
        expected=[],
    ),
    PositioningCase(
        name="whitespace and missing vs empty are no change",
        history=[_home(title="Tools  & more\n", meta_description=None)],
        current=_home(title="Tools & more", meta_description="  "),
        expected=[],
    ),
    PositioningCase(
        name="several fields change at once",
        history=[_home(title="Old", h1="Hi", language="de")],
        current=_home(title="New", h1="Hi", language="en", meta_description="Shop"),
        expected=[
            ("title", "Old", "New"),
            ("meta_description", None, "Shop"),
            ("language", "de", "en"),
        ],
    ),
]


@pytest.mark.parametrize("case", POSITIONING_CASES, ids=lambda c: c.name)
def test_positioning_diff(case: PositioningCase) -> None:
    events = diff_positioning(
        competitor_id=1,
        run_id=2,
        detected_at=T1,
        history=case.history[::-1],
        current=case.current,
    )
    assert [(e.field, e.old, e.new) for e in events] == case.expected
    assert all(e.kind == "positioning_changed" and e.entity == "positioning" for e in events)
