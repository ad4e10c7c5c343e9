"""The media host: video-channel and news-search feeds about the competitors, on loopback.

It stands in for YouTube (/feeds/videos.xml?channel_id=...) and Google News
(/rss/search?q=...&hl=..&gl=..&ceid=..). It is not a competitor: the web serves it beside
the shops and the generated config only points `videos:` and `mentions:` at it. With
faults on, one news feed lists the same entry twice.
"""

from __future__ import annotations

import re
from datetime import UTC
from urllib.parse import urlencode

from schedules.demo.web.content import content_data, demo_morning
from schedules.demo.web.expected import ExpectedMention, ExpectedVideo
from schedules.demo.web.media_data import Channel, NewsSearch, channel_for, news_for
from schedules.demo.web.media_feeds import google_news_rss, youtube_atom
from schedules.demo.web.site import Handler, Host, Request, Response, html

NAME = "Media host"
DUPLICATE_ENTRY = "feed_duplicate_entry"
"""Fault name: a news feed lists one entry twice."""
DUPLICATE_IN = ("alpha", 0)
"""(competitor key, feed index) of the feed with the duplicated entry."""
ROBOTS = "User-agent: *\nDisallow: /search\nDisallow: /results\n"


class MediaHost(Host):
    """Serves every competitor's channel feed and news-search feeds."""

    server_header = "ESF"

    @property
    def name(self) -> str:
        return NAME

    @property
    def key(self) -> str:
        return "media"

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/", self.home),
            (r"/feeds/videos\.xml", self.videos),
            (r"/rss/search", self.news),
        ]

    def robots_txt(self) -> str:
        return ROBOTS

    def fault_urls(self) -> dict[str, str]:
        key, feed = DUPLICATE_IN
        return {DUPLICATE_ENTRY: self.mention_urls(key)[feed]} if self.state.faults else {}

    # --- what the config and the ground truth ask ---------------------------------------

    def feeds_for(self, site_key: str) -> dict[str, list[str]]:
        """The `videos:` and `mentions:` config values of one competitor (empty lists
        when it has none).
        """
        channel = channel_for(site_key, 0)
        videos = [self.channel_url(channel)] if channel else []
        return {"videos": videos, "mentions": self.mention_urls(site_key)}

    def channel_url(self, channel: Channel) -> str:
        return self.url(f"/feeds/videos.xml?channel_id={channel.id}")

    def mention_urls(self, site_key: str) -> list[str]:
        search = news_for(site_key, 0)
        if search is None:
            return []
        return [self.url("/rss/search?" + _query(search, q)) for q in search.queries]

    def expected_videos(self, site_key: str) -> list[ExpectedVideo]:
        """Ground truth of the competitor's channel today, newest first."""
        channel = channel_for(site_key, self.state.day)
        if channel is None:
            return []
        return [
            ExpectedVideo(
                url=v.url,
                title=v.title,
                published=v.published,
                views=v.views,
                rating=v.average if v.likes else None,
                rating_count=v.likes,
                channel=channel.title,
            )
            for v in channel.videos
        ]

    def expected_mentions(self, site_key: str) -> list[ExpectedMention]:
        """Ground truth of today's stories naming the competitor, one per story, newest first."""
        search = news_for(site_key, self.state.day)
        if search is None:
            return []
        mentions = [
            ExpectedMention(
                url=story[0].url,
                urls=tuple(dict.fromkeys(e.url for e in story)),
                title=story[0].headline,
                published=story[0].published,
                source=story[0].source,
            )
            for story in search.stories
        ]
        return sorted(mentions, key=lambda m: m.published, reverse=True)

    # --- pages ------------------------------------------------------------------------

    def home(self, request: Request, match: re.Match[str]) -> Response:
        return html("<!doctype html><title>Media</title><h1>Video and news feeds</h1>")

    def videos(self, request: Request, match: re.Match[str]) -> Response:
        wanted = request.query.get("channel_id")
        for key in content_data()["channels"]:
            channel = channel_for(key, self.state.day)
            if channel and channel.id == wanted:
                body = youtube_atom(channel, self.channel_url(channel)).encode()
                return Response(body=body, content_type="text/xml; charset=UTF-8")
        return self.not_found()

    def news(self, request: Request, match: re.Match[str]) -> Response:
        """One news-search feed, found by its query and language."""
        query = request.query.get("q", "")
        for key in content_data()["mentions"]:
            search = news_for(key, self.state.day)
            if search and query in search.queries and request.query.get("hl") == search.hl:
                return self._news_feed(key, search, search.queries.index(query))
        return self.not_found()

    def _news_feed(self, key: str, search: NewsSearch, feed: int) -> Response:
        entries = search.entries(feed)
        if self.state.faults and (key, feed) == DUPLICATE_IN and entries:
            entries.insert(1, entries[0])
        body = google_news_rss(
            search,
            feed,
            home=self.url("/search?" + _query(search, search.queries[feed])),
            updated=demo_morning(self.state.day, UTC),
            entries=entries,
        )
        return Response(body=body.encode(), content_type="application/rss+xml; charset=utf-8")


def _query(search: NewsSearch, query: str) -> str:
    return urlencode({"q": query, "hl": search.hl, "gl": search.gl, "ceid": search.ceid})
