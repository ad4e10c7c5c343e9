"""Post pages to posts (content_cases/posts), counters in many languages, and merging what a
feed and the page say about one post."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.extractors.count_words import counters_in
from crawlers.extractors.feeds import parse_feed
from crawlers.extractors.post_merge import merge_posts
from crawlers.extractors.post_page import extract_post
from crawlers.items import FeedKind, PageFailure, Post, PostSource
from crawlers.page import FetchedPage
from tests.crawlers.extractors.content_cases.cases import ROOT, case_dirs, load, problems

GROUPS = ("feeds", "discovery", "posts", "indexes")


@pytest.mark.parametrize("case", case_dirs("posts"), ids=lambda p: p.name)
def test_post_page_case(case: Path) -> None:
    page, _meta, expected = load(case)
    found = problems(extract_post(page), expected)
    assert not found, f"{case.name}:\n  " + "\n  ".join(found)


def test_the_cases_cover_enough_pages_and_languages() -> None:
    cases = [case for group in GROUPS for case in case_dirs(group)]
    assert len(cases) >= 25
    languages = {case.name.rsplit("_", 1)[-1] for case in cases}
    assert {"en", "de", "fr", "es", "it", "nl", "pl", "ru", "sv"} <= languages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 Comments", {"comments": 3}),
        ("One thought on “How we roast”", {"comments": 1}),
        ("14 Gedanken zu „Hochbeet anlegen“", {"comments": 14}),
        ("Kommentare: 12", {"comments": 12}),
        ("12 commentaires", {"comments": 12}),
        ("Un commentaire", {"comments": 1}),
        ("Publier un commentaire", {}),
        ("12 comentarios", {"comments": 12}),
        ("Sin comentarios", {"comments": 0}),
        ("12 commenti", {"comments": 12}),
        ("12 reacties", {"comments": 12}),
        ("5 komentarzy", {"comments": 5}),
        ("Комментарии (4)", {"comments": 4}),
        ("12 kommentarer", {"comments": 12}),
        ("1.2k views", {"views": 1200}),
        ("1 234 просмотров", {"views": 1234}),
        ("1,2 тыс. просмотров", {"views": 1200}),
        ("Aufrufe: 1.482", {"views": 1482}),
        ("Views: 1,234,567", {"views": 1234567}),
        ("Udostępnień: 27", {"shares": 27}),
        ("3 Comments · 1.2K views · 40 shares", {"comments": 3, "views": 1200, "shares": 40}),
        ("4 min read", {}),
    ],
)
def test_counters_written_as_words(text: str, expected: dict[str, int]) -> None:
    assert counters_in(text) == expected


def _feed_post(case: str) -> Post:
    page = load(ROOT / "feeds" / case)[0]
    post = parse_feed(page).items[0]
    assert isinstance(post, Post)
    return post


def _page_post(case: str) -> Post:
    page = load(ROOT / "posts" / case)[0]
    post = extract_post(page).items[0]
    assert isinstance(post, Post)
    return post


def test_feed_and_page_merge_into_one_post() -> None:
    feed = _feed_post("wordpress_rss_slash_comments_en")
    page = _page_post("wordpress_comments_link_en")
    merged = merge_posts(feed, replace(page, comments=5))
    assert (
        merged.url == "https://northside-coffee.example/2024/03/how-we-roast-single-origin-beans/"
    )
    assert merged.title == "How we roast our single-origin beans"
    assert merged.published == datetime(2024, 3, 12, 8, 45, 10, tzinfo=UTC)
    assert merged.modified == datetime(2024, 3, 14, 16, 2, 33, tzinfo=UTC)  # only the page has it
    assert merged.word_count == 162  # the page's full text, not the feed's excerpt (36)
    assert merged.comments == 5  # the larger count
    assert merged.source is PostSource.MERGED
    assert merged.feed_url == "https://northside-coffee.example/feed/"


def test_the_feeds_exact_time_wins_over_the_pages_day_of_the_same_date() -> None:
    feed = Post(url="https://a.example/p", published=datetime(2024, 3, 12, 22, 5, tzinfo=UTC))
    page = Post(url="https://a.example/p", published=datetime(2024, 3, 12, tzinfo=UTC))
    assert merge_posts(feed, page).published == datetime(2024, 3, 12, 22, 5, tzinfo=UTC)


def test_when_feed_and_page_disagree_on_the_day_the_earlier_date_wins() -> None:
    """An Atom entry without <published> states its update date instead."""
    feed = Post(url="https://a.example/p", published=datetime(2024, 5, 2, 9, 0, tzinfo=UTC))
    page = Post(
        url="https://a.example/p",
        published=datetime(2024, 3, 12, 8, 0, tzinfo=UTC),
        modified=datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
    )
    merged = merge_posts(feed, page)
    assert merged.published == datetime(2024, 3, 12, 8, 0, tzinfo=UTC)
    assert merged.modified == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)


def test_a_comments_feed_count_merges_as_a_lower_bound() -> None:
    page = load(ROOT / "feeds" / "wordpress_post_comments_feed_en")[0]
    [counted] = parse_feed(page, FeedKind.COMMENTS).items
    assert isinstance(counted, Post)
    post = Post(url=counted.url, title="How we roast our single-origin beans", comments=2)
    assert merge_posts(counted, post).comments == 3


def test_garbage_bodies_give_a_failure_not_an_exception() -> None:
    page = FetchedPage(url="https://shop.example/blog/x", body=b"\xff\xfe\x00<html><h1>x")
    items = extract_post(page).items
    assert len(items) == 1
    assert isinstance(items[0], Post | PageFailure)


def test_a_second_extraction_gives_the_same_result() -> None:
    for case in case_dirs("posts"):
        page = load(case)[0]
        assert extract_post(page) == extract_post(page), case.name
