"""URL identity: one canonical form per page, and what counts as the same site."""

from __future__ import annotations

from urllib.parse import urlsplit

from w3lib.url import canonicalize_url


def canonical_url(url: str) -> str:
    """Stable form for deduplication: sorted query, no fragment, normalised escapes."""
    return canonicalize_url(url, keep_fragments=False)


def site_host(url: str) -> str:
    """Host without a leading 'www.' and without the port-less default difference."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def same_site(url: str, homepage: str) -> bool:
    """True when `url` is on the homepage's host (www and non-www alike) or a subdomain of it."""
    host, home = site_host(url), site_host(homepage)
    return bool(host) and (host == home or host.endswith("." + home))
