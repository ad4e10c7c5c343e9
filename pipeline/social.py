"""Name the social network a profile URL belongs to: the one host -> network map.

Networks are named by their usual short name (`facebook`, `x`, `telegram`); a host the
map does not know is named by its main label (`xing.com` -> `xing`, `pinterest.de` ->
`pinterest`), so the map only lists hosts whose name differs from that.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ALIASES = {
    "fb.com": "facebook",
    "fb.me": "facebook",
    "twitter.com": "x",
    "t.co": "x",
    "youtu.be": "youtube",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "vkontakte.ru": "vk",
    "ok.ru": "odnoklassniki",
    "bsky.app": "bluesky",
    "wa.me": "whatsapp",
    "lnkd.in": "linkedin",
}
"""Hosts (and their subdomains) whose network is not their main label."""
_SUBDOMAIN = re.compile(r"^(?:www|m|mobile|web|[a-z]{2}(?:-[a-z]{2})?)\.(?=[^.]+\.)")
"""Language and mobile subdomains (de-de.facebook.com, m.vk.com), which name no network."""


def network(url: str) -> str | None:
    """The network of profile `url` (`https://www.instagram.com/acme` -> `instagram`)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    labels = host.split(".")
    for start in range(len(labels) - 1):
        alias = ALIASES.get(".".join(labels[start:]))
        if alias:
            return alias
    return _SUBDOMAIN.sub("", host, count=1).split(".")[0]
