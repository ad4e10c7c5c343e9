"""The spider on scripted blogs: feeds, blog indexes, post pages and post sitemaps crawled,
broken or missing parts recorded without harming the catalog crawl."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest

from crawlers.config import parse_config
from schedules.runner import RunReport, run_once
from storage.records import ContentKind, ContentState
from storage.repository import Repository
from tests.crawlers.spiders.site import ScriptedSite, product_page, serve

pytestmark = pytest.mark.crawl

RSS = "application/rss+xml; charset=utf-8"
FEED_HEAD = '<link rel="alternate" type="application/rss+xml" title="Blog" href="/feed/">'


def crawl(
    tmp_path: Path, site: ScriptedSite, extra: str = ""
) -> tuple[RunReport, dict[ContentKind, dict[str, ContentState]]]:
    text = f"""
database: sqlite:///{tmp_path / "rw.db"}
exports: {{dir: {tmp_path / "exports"}, formats: [json]}}
crawl: {{retries: 0, timeout_s: 5}}
competitors:
  - name: Scripted
    homepage: {site.base_url}
{extra}
"""
    config = parse_config(text, source=tmp_path / "rivalwatch.yaml")
    report = run_once(config, trigger="test")
    repository = Repository.from_url(config.database)
    competitor = repository.competitor_by_name("Scripted")
    assert competitor is not None
    found: dict[ContentKind, dict[str, ContentState]] = {kind: {} for kind in ContentKind}
    for (kind, _key), state in repository.content_states(competitor.id).items():
        found[kind][state.url.removeprefix(site.base_url.rstrip("/"))] = state
    return report, found


def rss(*items: str, title: str = "Scripted blog") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:slash="http://purl.org/rss/1.0/modules/slash/">'
        f"<channel><title>{title}</title><link>/</link>{''.join(items)}</channel></rss>"
    ).encode()


def item(path: str, title: str, date: str | None, comments: int | None = None) -> str:
    parts = [f"<title>{title}</title>", f"<link>{{base}}{path.lstrip('/')}</link>"]
    parts += [f"<pubDate>{date}</pubDate>"] if date else []
    parts += [f"<slash:comments>{comments}</slash:comments>"] if comments is not None else []
    return f"<item>{''.join(parts)}</item>"


def post_page(title: str, day: str, comments: int) -> str:
    words = " ".join(["Walking boots need care after every muddy trail."] * 30)
    listed = "".join(f"<li class='comment'>Reader {n} liked it.</li>" for n in range(comments))
    return (
        f"<html lang='en'><head><title>{title} | Scripted</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
        f"<time datetime='{day}T09:00:00+02:00'>{day}</time><p>{words}</p></article>"
        f"<section id='comments'><h2>{comments} Comments</h2><ol>{listed}</ol></section>"
        "</body></html>"
    )


def blog_site() -> ScriptedSite:
    """Homepage with a declared feed and a blog link; a feed with a duplicated entry, an entry
    without a date and a post whose page is gone; a blog index whose page 2 repeats page 1;
    a post sitemap listing an older post; one product."""
    site = ScriptedSite()
    site.html(
        "/",
        "<html lang='en'><head><title>Scripted</title>" + FEED_HEAD + "</head><body>"
        "<h1>Scripted outdoor</h1><nav><a href='/blog/'>Blog</a>"
        "<a href='/product/tent'>Tent</a></nav></body></html>",
    )
    site.html("/product/tent", product_page("Tent", "199.00"))
    site.fallback = lambda path: _feed_with_base(site.base_url, path)
    site.html("/2026/03/first-steps/", post_page("First steps", "2026-03-02", 3))
    site.html("/2026/03/second-wind/", post_page("Second wind", "2026-03-05", 0))
    site.html("/2026/02/indexed-only/", post_page("Indexed only", "2026-02-20", 1))
    site.html("/2025/11/from-the-archive/", post_page("From the archive", "2025-11-11", 2))
    index = (
        "<html><body><main>"
        "<article class='post'><h2><a href='/2026/03/second-wind/'>Second wind</a></h2></article>"
        "<article class='post'><h2><a href='/2026/02/indexed-only/'>Indexed only</a></h2></article>"
        "</main><a rel='next' class='next' href='/blog/page/2/'>Older posts</a></body></html>"
    )
    site.html("/blog/", index)
    site.html("/blog/page/2/", index.replace("/blog/page/2/", "/blog/page/3/"))
    site.html("/blog/page/3/", index)
    site.raw("/robots.txt", b"User-agent: *\nSitemap: /post-sitemap.xml\n", "text/plain")
    return site


FEED_ITEMS = (
    item("/2026/03/second-wind/", "Second wind", "Thu, 05 Mar 2026 08:30:00 +0100", 0),
    item("/2026/03/first-steps/", "First steps", "Mon, 02 Mar 2026 07:15:00 +0000", 3),
    item("/2026/03/first-steps/", "First steps", "Mon, 02 Mar 2026 07:15:00 +0000", 3),
    item("/2026/03/gone/", "Gone", "Sun, 01 Mar 2026 10:00:00 +0000", 5),
    item("/2026/01/undated/", "Undated", None),
)


def _feed_with_base(base: str, path: str) -> tuple[int, str, bytes] | None:
    """Feeds and sitemaps name absolute URLs: filled in with the port the server got."""
    if path == "/feed/":
        return 200, RSS, rss(*FEED_ITEMS).replace(b"{base}", base.encode())
    if path == "/post-sitemap.xml":
        loc = urljoin(base, "/2025/11/from-the-archive/")
        body = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{loc}</loc></url></urlset>"
        )
        return 200, "application/xml", body.encode()
    return None


def test_a_blog_is_found_from_the_homepage_and_read_from_feed_index_pages_and_sitemap(
    tmp_path: Path,
) -> None:
    site = blog_site()
    with serve(site):
        report, found = crawl(tmp_path, site)

    posts = found[ContentKind.POST]
    assert set(posts) == {
        "/2026/03/second-wind/",
        "/2026/03/first-steps/",
        "/2026/03/gone/",
        "/2026/01/undated/",
        "/2026/02/indexed-only/",
        "/2025/11/from-the-archive/",
    }
    first = posts["/2026/03/first-steps/"]
    assert first.title == "First steps"  # the feed's title, not the page's "| Scripted"
    assert first.published == datetime(2026, 3, 2, 7, 15, tzinfo=UTC)
    assert first.signals == {"comments": 3}
    assert first.payload["source"] == "merged" and first.payload["word_count"] > 200
    assert posts["/2026/03/second-wind/"].published == datetime(2026, 3, 5, 7, 30, tzinfo=UTC)
    assert posts["/2026/03/gone/"].payload["source"] == "feed"  # its page answered 404
    assert posts["/2026/03/gone/"].signals == {"comments": 5}
    assert posts["/2026/02/indexed-only/"].signals == {"comments": 1}
    assert posts["/2025/11/from-the-archive/"].payload["source"] == "page"
    assert report.sites["Scripted"].status == "ok"  # a lost post page is no partial catalog
    assert report.sites["Scripted"].products == 1
    assert site.requested.count("/feed/") == 1
    assert "/blog/page/3/" not in site.requested  # page 2 listed nothing new


def test_max_posts_caps_the_post_pages_read_and_keeps_the_feed_entries(tmp_path: Path) -> None:
    site = blog_site()
    with serve(site):
        _report, found = crawl(tmp_path, site, "    blog: {max_posts: 1}")

    pages = [p for p in site.requested if p.startswith("/20")]
    assert len(pages) == 1
    sources = sorted(state.payload["source"] for state in found[ContentKind.POST].values())
    assert sources.count("merged") == 1 and "feed" in sources


def test_discovery_off_reads_only_the_configured_feeds(tmp_path: Path) -> None:
    site = blog_site()
    news = rss(item("/n/1", "News one", "Mon, 02 Mar 2026 07:15:00 +0000"))
    with serve(site):
        site.raw("/news.rss", news.replace(b"{base}", site.base_url.encode()), RSS)
        _report, found = crawl(
            tmp_path, site, f"    blog: {{discover: false, feeds: ['{site.base_url}news.rss']}}"
        )

    assert "/feed/" not in site.requested and "/post-sitemap.xml" in site.requested
    assert list(found[ContentKind.POST]) == ["/n/1"]  # the catalog crawl reads no posts


def test_video_and_mention_feeds_are_read_and_a_broken_one_is_only_a_failure(
    tmp_path: Path,
) -> None:
    site = ScriptedSite()
    site.html("/", "<html><body><h1>Plain shop</h1><a href='/p'>P</a></body></html>")
    site.html("/p", product_page("Stove", "49.90"))
    videos = (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:media="http://search.yahoo.com/mrss/"><title>Channel</title>'
        "<entry><title>Pitching a tent</title><link rel='alternate' href='https://video.example/w/1'/>"
        "<published>2026-03-01T10:00:00+00:00</published><media:group><media:community>"
        "<media:statistics views='1234'/></media:community></media:group></entry></feed>"
    )
    site.raw("/videos.xml", videos.encode(), "application/atom+xml")
    mention = (
        "<item><title>Scripted opens a store – Gazette</title>"
        "<link>https://gazette.example/scripted-opens</link>"
        "<pubDate>Tue, 03 Mar 2026 12:00:00 +0000</pubDate></item>"
    )
    # Declared utf-8, written in windows-1252: the en dash is byte 0x96.
    site.raw("/mentions.rss", rss(mention).replace("–".encode(), b"\x96"), RSS)
    site.raw("/broken.rss", b"<rss><channel><item><title>cut off", RSS)
    with serve(site):
        extra = (
            f"    videos: ['{site.base_url}videos.xml']\n"
            f"    mentions: ['{site.base_url}mentions.rss', '{site.base_url}broken.rss']"
        )
        report, found = crawl(tmp_path, site, extra)

    [video] = found[ContentKind.VIDEO].values()
    assert (video.title, video.signals) == ("Pitching a tent", {"views": 1234})
    [mention_state] = found[ContentKind.MENTION].values()
    assert mention_state.title == "Scripted opens a store – Gazette"  # 0x96 read as a dash
    assert report.sites["Scripted"].status == "ok"
    assert report.sites["Scripted"].products == 1
