"""build_digest: what one competitor's message says, how it is capped, and when it is quiet."""

from __future__ import annotations

import re
from dataclasses import replace

from apprise.conversion import markdown_to_html

from pipeline.notifications import build_digest
from pipeline.notifications.health import CrawlHealth, HealthNotice
from storage.records import ChangeEventRecord, ProductState, SiteStatus
from tests.pipeline.builders import T1, competitor, event, state
from tests.pipeline.builders import url_of as _url

ACME = competitor(name="Acme")
AT = T1


def _price(key: str, old: str, new: str, field: str = "price") -> ChangeEventRecord:
    return event("price_changed", key, field=field, old=old, new=new)


def _about(entity: str, kind: str, **fields: str | None) -> ChangeEventRecord:
    """An event about the site or its positioning rather than a product."""
    return replace(event(kind, **fields), entity=entity, key=entity, url=None)  # type: ignore[arg-type]


def _state(key: str, name: str, price: str, currency: str = "EUR") -> ProductState:
    return state(key, name=name, price=price, currency=currency)


def test_counts_come_first_then_the_biggest_price_moves() -> None:
    events = [
        _price("kettle", "20.00", "19.00"),
        _price("mug", "10.00", "15.00"),
        _price("mug", "12.00", "18.00", field="regular_price"),
        _price("tray", "8.00", "6.00"),
        event("product_added", "pot", new="Tea Pot"),
        event("availability_changed", "cup", field="availability", old="InStock", new="OutOfStock"),
    ]
    products = {
        s.key: s for s in [_state("kettle", "Kettle", "19.00"), _state("mug", "Mug", "15.00")]
    }
    products |= {_url("pot"): _state("pot", "Tea Pot", "29.90", "USD")}
    digest = build_digest(ACME, events, run_id=9, products=products)
    assert digest is not None
    assert digest.title == (
        "rivalwatch: Acme: 3 price changes (2 down, 1 up), 1 new product, 1 availability change"
    )
    assert digest.kinds == ("price_changed", "product_added", "availability_changed")
    lines = digest.body.splitlines()
    assert lines[:6] == [
        "**Acme** · run 9",
        "",
        "- **3** price changes (2 down, 1 up)",
        "- **1** new product",
        "- **1** availability change",
        "",
    ]
    prices = [line for line in lines if line.startswith("- [") and "→" in line][:3]
    assert prices == [
        f"- [Mug]({_url('mug')}): 10.00 EUR → 15.00 EUR (+50.0%); "
        "regular price 12.00 EUR → 18.00 EUR",
        f"- [{_url('tray')}]({_url('tray')}): 8.00 → 6.00 (-25.0%)",  # no stored state
        f"- [Kettle]({_url('kettle')}): 20.00 EUR → 19.00 EUR (-5.0%)",
    ]
    assert f"- [Tea Pot]({_url('pot')}), 29.90 USD" in lines
    assert any(line.endswith(": in stock → out of stock") for line in lines)


def test_a_run_with_thousands_of_changes_stays_readable() -> None:
    events = [_price(f"p{i}", "100.00", f"{100 + i % 97}.00") for i in range(1, 5001)]
    events += [event("product_added", f"new{i}", new=f"New {i}") for i in range(300)]
    digest = build_digest(ACME, events, run_id=9, per_section=10, max_lines=15)
    assert digest is not None
    assert "- **5000** price changes (0 down, 4949 up)" in digest.body
    assert "- … and 4990 more" in digest.body
    assert "- … and 295 more" in digest.body  # the 15-line budget left 5 for new products
    assert "(+96.0%)" in digest.body  # the biggest moves are the ones shown
    assert len(digest.body) < 4000


def test_only_the_targets_kinds_and_nothing_when_nothing_is_left() -> None:
    events = [_price("kettle", "20.00", "19.00"), event("product_added", "pot", new="Pot")]
    digest = build_digest(ACME, events, run_id=9, kinds={"product_added"})
    assert digest is not None
    assert digest.kinds == ("product_added",)
    assert "Kettle" not in digest.body and "20.00" not in digest.body
    assert build_digest(ACME, events, run_id=9, kinds={"product_removed"}) is None
    assert build_digest(ACME, [], run_id=9) is None


def test_crawled_text_cannot_format_link_or_inject() -> None:
    hostile = (
        "**FREE** [win](javascript:alert(1)) <script>alert(1)</script>\n# Heading `code` "
        "\u202eevil" + "x" * 5000
    )
    events = [
        event("product_added", "a", new=hostile),
        replace(event("product_removed", "b", old="Gone"), url="javascript:alert(2)"),
        replace(event("product_returned", "c", new="Back"), url=_url("c) [x](https://evil")),
        _about("positioning", "positioning_changed", field="h1", old="A", new=hostile),
        _price("z", "0.00000000000000000001", "10000000000"),  # beyond Decimal's precision
    ]
    digest = build_digest(competitor(name="<b>Acme</b>\nInc"), events, run_id=9)
    assert digest is not None
    html = markdown_to_html(digest.body)
    assert "<script" not in html and "<b>" not in html and "<strong>FREE" not in html
    assert re.findall(r'href="([^"]*)"', html) == [  # only real web URLs, kept whole
        _url("z"),
        _url("a"),
        _url("c%29%20%5Bx%5D%28https://evil"),
    ]
    assert "<h1" not in html and "<code" not in html
    assert "0.00000000000000000001 → 10000000000\n" in digest.body  # no percentage
    assert "\u202e" not in digest.body and "\n# " not in digest.body
    assert max(len(line) for line in digest.body.splitlines()) < 800
    assert "\n" not in digest.title and "<b>Acme</b> Inc" in digest.title


def test_positioning_site_and_unknown_kinds_read_as_sentences() -> None:
    events = [
        _about("site", "site_partial", field="status", old="ok", new="partial: 3 pages failed"),
        _about("positioning", "positioning_changed", field="title", old="Cheap", new="Premium"),
        event("review_added", "kettle", field="rating", new="5"),
    ]
    digest = build_digest(ACME, events, run_id=9)
    assert digest is not None
    assert digest.kinds == ("site_partial", "positioning_changed", "review_added")
    assert "- ok → partial: 3 pages failed" in digest.body
    assert "- Page title: “Cheap” → “Premium”" in digest.body
    assert f"- [{_url('kettle')}]({_url('kettle')}) rating: (none) → “5”" in digest.body
    assert "**Review added**" in digest.body


def test_a_health_notice_heads_the_message_only_for_targets_that_listen() -> None:
    crawl = CrawlHealth(run_id=9, status=SiteStatus.DOWN, finished_at=AT, has_products=False)
    notice = HealthNotice(recovered=False, streak=(crawl,), current=crawl)
    digest = build_digest(ACME, [], run_id=9, health=notice, kinds={"site_unhealthy"})
    assert digest is not None
    assert digest.title == "rivalwatch: Acme: site down or empty for 1 run"
    assert "- run 9, 2024-05-02 08:00 UTC: down" in digest.body
    assert build_digest(ACME, [], run_id=9, health=notice, kinds={"price_changed"}) is None
