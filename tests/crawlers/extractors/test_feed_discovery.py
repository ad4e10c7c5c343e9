"""Where posts are listed: feeds and blog indexes found on homepages (content_cases/discovery),
the posts and further pages of blog indexes (content_cases/indexes), post sitemaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.extractors.blog_index import index_links
from crawlers.extractors.feed_discovery import discover_feeds, is_post_sitemap
from crawlers.page import FetchedPage
from tests.crawlers.extractors.content_cases.cases import case_dirs, load, problems


@pytest.mark.parametrize("case", case_dirs("discovery"), ids=lambda p: p.name)
def test_discovery_case(case: Path) -> None:
    page, _meta, expected = load(case)
    found = problems(discover_feeds(page), expected)
    assert not found, f"{case.name}:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("case", case_dirs("indexes"), ids=lambda p: p.name)
def test_blog_index_case(case: Path) -> None:
    page, _meta, expected = load(case)
    found = problems(index_links(page), expected)
    assert not found, f"{case.name}:\n  " + "\n  ".join(found)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://shop.example/post-sitemap.xml", True),
        ("https://shop.example/post-sitemap2.xml", True),
        ("https://shop.example/wp-sitemap-posts-post-1.xml", True),
        ("https://shop.example/wp-sitemap-posts-page-1.xml", False),
        ("https://shop.example/wp-sitemap-posts-product-1.xml", False),
        ("https://shop.example/sitemap_blogs_1.xml", True),
        ("https://blog.example/sitemap-posts.xml", True),
        ("https://shop.example/news-sitemap.xml", True),
        ("https://shop.example/sitemap_products_1.xml?from=1&to=99", False),
        ("https://shop.example/page-sitemap.xml", False),
    ],
)
def test_post_sitemaps_are_told_by_name(url: str, expected: bool) -> None:
    assert is_post_sitemap(url) is expected


def test_a_page_linking_a_blog_on_an_unknown_platform_gets_the_usual_feed_paths() -> None:
    body = b"<html><body><nav><a href='/journal/'>Journal</a></nav><h1>Hi</h1></body></html>"
    result = discover_feeds(FetchedPage(url="https://tiny.example/", body=body))
    assert result.items == []
    assert [link.url for link in result.links][:3] == [
        "https://tiny.example/feed",
        "https://tiny.example/rss",
        "https://tiny.example/feed.xml",
    ]
    assert {link.kind for link in result.links} == {"feed_candidate", "blog_index"}


def test_a_shop_without_a_blog_link_or_blog_platform_gets_no_guesses() -> None:
    page = FetchedPage(url="https://tiny.example/", body=b"<html><body><h1>Hi</h1></body></html>")
    assert discover_feeds(page).links == []


@pytest.mark.parametrize("extract", [discover_feeds, index_links], ids=["discovery", "index"])
def test_garbage_bodies_do_not_raise(extract: object) -> None:
    page = FetchedPage(url="https://shop.example/x?page=1", body=b"\xff\xfe\x00<html><h1>x")
    result = extract(page)  # type: ignore[operator]
    assert all(link.url.startswith("https://shop.example/") for link in result.links)


def test_a_second_run_gives_the_same_result() -> None:
    """URL and class-name caches shared across pages must not change results."""
    for case in case_dirs("discovery") + case_dirs("indexes"):
        page, _meta, _expected = load(case)
        extract = discover_feeds if case.parent.name == "discovery" else index_links
        assert extract(page) == extract(page), case.name
