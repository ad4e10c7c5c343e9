"""Social links in every shop: the shop's own profiles, and share-intent decoys.

Profiles come from catalog.json. Share links point at the same networks but are not the
shop's profiles, so positioning extraction must tell the two apart.
"""

from __future__ import annotations

from urllib.parse import quote

from schedules.demo.web.text import esc

SHARE_URLS = {
    "facebook": "https://www.facebook.com/sharer/sharer.php?u={url}",
    "twitter": "https://twitter.com/intent/tweet?url={url}&text={title}",
    "x": "https://x.com/intent/post?url={url}&text={title}",
    "pinterest": "https://pinterest.com/pin/create/button/?url={url}&description={title}",
    "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url={url}",
    "vk": "https://vk.com/share.php?url={url}&title={title}",
    "telegram": "https://t.me/share/url?url={url}&text={title}",
    "whatsapp": "https://wa.me/?text={title}%20{url}",
    "ok": "https://connect.ok.ru/offer?url={url}",
}
_HOST_NAMES = {"twitter.com": "x", "t.me": "telegram", "ok.ru": "odnoklassniki"}


def network(url: str) -> str:
    """Name the network of a profile URL ('facebook', 'vk', ...) for link text and icons."""
    host = url.split("/")[2].removeprefix("www.").removeprefix("de-de.")
    return _HOST_NAMES.get(host, host.split(".")[0])


def profile_rows(urls: tuple[str, ...]) -> list[dict[str, object]]:
    """Template rows (url, network, label) for the shop's profile links."""
    return [{"url": esc(u), "network": network(u), "label": network(u).capitalize()} for u in urls]


def share_rows(url: str, title: str, networks: tuple[str, ...]) -> list[dict[str, object]]:
    """Template rows (href, network, label) of share-intent links for `url`, in order given."""
    quoted = {"url": quote(url, safe=""), "title": quote(title, safe="")}
    return [
        {"href": esc(SHARE_URLS[n].format(**quoted)), "network": n, "label": n.capitalize()}
        for n in networks
    ]
