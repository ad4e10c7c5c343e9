"""Feeds to posts, videos and mentions: the saved feeds under content_cases/feeds, then the rules
that cut across them (deduplication across feeds, encodings, hostile bodies, storage payloads)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.extractors.content_dates import parse_date
from crawlers.extractors.feeds import dedupe, parse_feed
from crawlers.items import FeedKind, Mention, PageFailure, Post
from crawlers.items.codec import content_hash, to_payload
from crawlers.page import FetchedPage
from tests.crawlers.extractors.content_cases.cases import case_dirs, load, problems


@pytest.mark.parametrize("case", case_dirs("feeds"), ids=lambda p: p.name)
def test_feed_case(case: Path) -> None:
    page, meta, expected = load(case)
    result = parse_feed(page, FeedKind(meta["kind"]))
    found = problems(result, expected)
    assert not found, f"{case.name}:\n  " + "\n  ".join(found)


def _mentions_feed(items: str) -> FetchedPage:
    body = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
        <title>Trade Weekly search: Lumen</title><link>https://tradeweekly.example/</link>
        {items}</channel></rss>""".encode()
    return FetchedPage(url="https://tradeweekly.example/search/rss?q=lumen", body=body)


def test_mentions_are_deduplicated_across_feeds_by_url_and_title() -> None:
    google = load(case_dirs("feeds")[0].parent / "google_news_search_mentions_en")[0]
    trade = _mentions_feed(
        "<item><title>LUMEN CANDLE CO. OPENS FIRST STORE IN PORTLAND!</title>"
        "<link>https://tradeweekly.example/retail/lumen-portland</link>"
        "<pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate></item>"
        "<item><title>Candle prices rise</title>"
        "<link>https://tradeweekly.example/retail/candle-prices</link></item>"
    )
    everything = [
        *parse_feed(google, FeedKind.MENTIONS).items,
        *parse_feed(trade, FeedKind.MENTIONS).items,
    ]
    kept = dedupe(i for i in everything if isinstance(i, Mention))
    assert [m.title for m in kept] == [
        "Lumen Candle Co. opens first store in Portland",
        "Soy vs paraffin: what candle makers won't tell you",
        "Candle prices rise",
    ]
    assert kept[0].source == "Portland Business Daily"
    assert kept[2].source == "Trade Weekly search: Lumen"


def test_undated_posts_with_one_title_at_two_urls_stay_two() -> None:
    posts = [Post(url="https://a.example/x"), Post(url="https://a.example/y")]
    posts = [Post(url=p.url, title="Weekly news") for p in posts]
    assert dedupe(posts) == posts


def test_a_body_naming_a_local_file_is_never_opened() -> None:
    """feedparser opens a str or bytes argument as a path; a hostile server must not steer it."""
    result = parse_feed(FetchedPage(url="https://evil.example/feed", body=b"/etc/hostname"))
    assert len(result.items) == 1
    assert isinstance(result.items[0], PageFailure)
    assert result.items[0].status == "parse_error"


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00<rss>",
        b"{not xml}",
        b"<?xml version='1.0'?><rss><channel><item>",
        b"\x00" * 64,
    ],
    ids=["utf16-garbage", "json-like", "unclosed", "nul-bytes"],
)
def test_garbage_bodies_give_a_failure_not_an_exception(body: bytes) -> None:
    result = parse_feed(FetchedPage(url="https://shop.example/feed", body=body))
    assert [type(i) for i in result.items] == [PageFailure]
    assert result.links == []


def test_a_valid_feed_without_entries_is_empty_not_a_failure() -> None:
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>New blog</title>
        <link>https://shop.example/blog</link><description>Soon</description></channel></rss>"""
    result = parse_feed(FetchedPage(url="https://shop.example/blog/feed", body=body))
    assert result.items == []
    assert result.next_page is None


def test_windows_1251_declared_in_the_http_header_beats_a_lying_xml_declaration() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Блог</title>'
        "<item><title>Распродажа</title><link>https://x.example.ru/a</link></item>"
        "</channel></rss>"
    )
    page = FetchedPage(
        url="https://x.example.ru/rss",
        body=xml.encode("cp1251"),
        headers={"content-type": "application/rss+xml; charset=windows-1251"},
    )
    [post] = parse_feed(page).items
    assert isinstance(post, Post)
    assert post.title == "Распродажа"


def test_feed_items_encode_to_stable_payloads() -> None:
    page = load(case_dirs("feeds")[0].parent / "wordpress_rss_slash_comments_en")[0]
    post = parse_feed(page).items[0]
    payload = to_payload(post)
    assert payload["published"] == "2024-03-12T08:45:10+00:00"
    assert payload["source"] == "feed"
    assert payload["authors"] == ["Maya Lindqvist"]
    assert content_hash(payload) == content_hash(to_payload(parse_feed(page).items[0]))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Tue, 12 Mar 2024 08:45:10 +0100", None, datetime(2024, 3, 12, 7, 45, 10, tzinfo=UTC)),
        ("2024-03-12T08:45:10.123Z", None, datetime(2024, 3, 12, 8, 45, 10, tzinfo=UTC)),
        ("2024-03-12", None, datetime(2024, 3, 12, tzinfo=UTC)),
        ("Вт, 05 мар 2024 09:30:00 +0300", None, datetime(2024, 3, 5, 6, 30, tzinfo=UTC)),
        ("5. März 2024", "de-DE", datetime(2024, 3, 5, tzinfo=UTC)),
        ("mer., 31 juil. 2024 17:00:00 +0200", "fr", datetime(2024, 7, 31, 15, 0, tzinfo=UTC)),
        ("05.03.2024", "ru", datetime(2024, 3, 5, tzinfo=UTC)),
        ("03/05/2024", "en-US", datetime(2024, 3, 5, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", None, None),
        ("non disponibile", "it", None),
        ("", None, None),
    ],
)
def test_dates_in_machine_and_local_forms(
    text: str, language: str | None, expected: datetime | None
) -> None:
    assert parse_date(text, language) == expected
