"""Video and news feeds as the big platforms write them: YouTube channel Atom, Google News RSS.

YouTube: Atom with yt:videoId, media:group and media:community, whose media:starRating
count/average and media:statistics views carry the audience figures; the latest 15
videos. Google News: RSS 2.0 whose items link straight to articles on other sites, titles
end in " - Source", a <source url> names the publisher and dates are in GMT.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from datetime import datetime

from schedules.demo.web.feeds import rfc822
from schedules.demo.web.media_data import Channel, NewsEntry, NewsSearch, Video
from schedules.demo.web.text import esc

YOUTUBE_FEED_SIZE = 15
"""YouTube channel feeds list the 15 latest uploads."""
_GOOGLE_COPYRIGHT = (
    "Copyright © 2025 Google. All rights reserved. This XML feed is made available solely "
    "for the purpose of rendering Google News results within a personal feed reader for "
    "personal, non-commercial use. Any other use of the feed is expressly prohibited."
)


def youtube_atom(channel: Channel, self_url: str) -> str:
    """A channel's feed (/feeds/videos.xml?channel_id=...)."""
    entries = "".join(_video(channel, v) for v in channel.videos[:YOUTUBE_FEED_SIZE])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
        'xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">\n'
        f' <link rel="self" href="{esc(self_url)}"/>\n'
        f" <id>yt:channel:{channel.id}</id>\n"
        f" <yt:channelId>{channel.id}</yt:channelId>\n"
        f" <title>{esc(channel.title)}</title>\n"
        f' <link rel="alternate" href="{channel.url}"/>\n'
        f" <author>\n  <name>{esc(channel.title)}</name>\n  <uri>{channel.url}</uri>\n </author>\n"
        f" <published>{channel.created.isoformat()}</published>\n"
        f"{entries}</feed>\n"
    )


def _video(channel: Channel, video: Video) -> str:
    return (
        " <entry>\n"
        f"  <id>yt:video:{video.id}</id>\n"
        f"  <yt:videoId>{video.id}</yt:videoId>\n"
        f"  <yt:channelId>{channel.id}</yt:channelId>\n"
        f"  <title>{esc(video.title)}</title>\n"
        f'  <link rel="alternate" href="{video.url}"/>\n'
        f"  <author>\n   <name>{esc(channel.title)}</name>\n   <uri>{channel.url}</uri>\n"
        "  </author>\n"
        f"  <published>{video.published.isoformat()}</published>\n"
        f"  <updated>{video.updated.isoformat()}</updated>\n"
        "  <media:group>\n"
        f"   <media:title>{esc(video.title)}</media:title>\n"
        f'   <media:content url="https://www.youtube.com/v/{video.id}?version=3" '
        'type="application/x-shockwave-flash" width="640" height="390"/>\n'
        f'   <media:thumbnail url="https://i2.ytimg.com/vi/{video.id}/hqdefault.jpg" '
        'width="480" height="360"/>\n'
        f"   <media:description>{esc(video.title)}</media:description>\n"
        "   <media:community>\n"
        f'    <media:starRating count="{video.likes}" average="{video.average}" '
        'min="1" max="5"/>\n'
        f'    <media:statistics views="{video.views}"/>\n'
        "   </media:community>\n"
        "  </media:group>\n"
        " </entry>\n"
    )


def google_news_rss(
    search: NewsSearch,
    feed: int,
    *,
    home: str,
    updated: datetime,
    entries: Iterable[NewsEntry],
) -> str:
    """One news-search feed (/rss/search?q=...&hl=..&gl=..&ceid=..) listing `entries`."""
    items = "".join(_news_item(entry) for entry in entries)
    title = f"{search.queries[feed]} - {search.service}"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<rss xmlns:media="http://search.yahoo.com/mrss/" version="2.0"><channel>'
        "<generator>NFE/5.0</generator>"
        f"<title>{esc(title)}</title><link>{esc(home)}</link>"
        f"<language>{search.hl}</language><webMaster>news-webmaster@google.com</webMaster>"
        f"<copyright>{_GOOGLE_COPYRIGHT}</copyright>"
        f"<lastBuildDate>{rfc822(updated, gmt=True)}</lastBuildDate>"
        f"<description>{esc(search.service)}</description>"
        f"{items}</channel></rss>"
    )


def _news_item(entry: NewsEntry) -> str:
    guid = base64.urlsafe_b64encode(hashlib.sha256(entry.url.encode()).digest()[:30]).decode()
    description = (
        f'<a href="{esc(entry.url)}" target="_blank">{esc(entry.headline)}</a>'
        f'&nbsp;&nbsp;<font color="#6f6f6f">{esc(entry.source)}</font>'
    )
    return (
        f"<item><title>{esc(entry.headline)} - {esc(entry.source)}</title>"
        f"<link>{esc(entry.url)}</link>"
        f'<guid isPermaLink="false">CBMi{guid}</guid>'
        f"<pubDate>{rfc822(entry.published, gmt=True)}</pubDate>"
        f"<description>{esc(description)}</description>"
        f'<source url="{esc(entry.source_url)}">{esc(entry.source)}</source></item>'
    )
