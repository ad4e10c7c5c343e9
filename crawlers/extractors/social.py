"""Links to a shop's own social network profiles, without share buttons and single posts."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawlers.extractors.document import Document

_NETWORKS = (
    "facebook.com",
    "fb.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "youtube.com",
    "tiktok.com",
    "vk.com",
    "vkontakte.ru",
    "t.me",
    "telegram.me",
    "pinterest.com",
    "ok.ru",
    "threads.net",
    "threads.com",
    "xing.com",
    "snapchat.com",
    "tumblr.com",
    "dzen.ru",
    "rutube.ru",
    "mastodon.social",
    "bsky.app",
    "whatsapp.com",
)
_PINTEREST = re.compile(r"^pinterest\.[a-z.]{2,6}$")
# Share intents, widgets and single posts: not the shop's profile.
_NOT_PROFILE = re.compile(
    r"^/(sharer|share|sharearticle|sharing|intent|dialog|plugins|tr|pin/create|"
    r"share\.php|watch|embed|shorts|p|reel|reels|status|hashtag|search|explore|login|"
    r"home|legal|privacy|policies|help|about|terms|send|offer|dialog|oauth)(/|$|\.)|/status/",
    re.IGNORECASE,
)
# Language and mobile subdomains (de-de.facebook.com, m.vk.com); others are services, not profiles.
_SUBDOMAIN = re.compile(r"^(?:www|m|mobile|web|[a-z]{2}(?:-[a-z]{2})?)\.")


def social_profiles(doc: Document) -> tuple[str, ...]:
    """Sorted unique profile URLs as linked (query and fragment dropped)."""
    found = {p for a in doc.root.iter("a") if (p := profile_url(a.get("href")))}
    return tuple(sorted(found))


def profile_url(href: str | None) -> str | None:
    """Return the profile URL `href` points at, None for share intents, posts and other sites."""
    if not href:
        return None
    try:
        parts = urlsplit(href.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    scheme = parts.scheme.lower() or "https"
    if scheme not in ("http", "https") or not _is_network(host):
        return None
    path = parts.path
    if not path.strip("/") or _NOT_PROFILE.search(path):
        return None
    query = f"?{parts.query}" if path.endswith("profile.php") and parts.query else ""
    return f"{scheme}://{host}{path}{query}"


def _is_network(host: str) -> bool:
    for candidate in (host, _SUBDOMAIN.sub("", host, count=1)):
        if candidate in _NETWORKS or _PINTEREST.match(candidate):
            return True
    return False
