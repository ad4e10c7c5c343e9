"""Sitemap XML as shops publish it: plain url sets, indexes, and gzip-compressed files."""

from __future__ import annotations

import gzip
from collections.abc import Iterable

from schedules.demo.web.text import esc

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(entries: Iterable[tuple[str, str]], *, images: dict[str, str] | None = None) -> str:
    """Build a <urlset> of (loc, lastmod) pairs; `images` maps a loc to its image URL."""
    images = images or {}
    image_ns = ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' if images else ""
    rows = [f"<urlset {_NS}{image_ns}>"]
    for loc, lastmod in entries:
        image = images.get(loc)
        extra = f"<image:image><image:loc>{esc(image)}</image:loc></image:image>" if image else ""
        rows.append(
            f"  <url><loc>{esc(loc)}</loc><lastmod>{lastmod}</lastmod>"
            f"<changefreq>daily</changefreq>{extra}</url>"
        )
    rows.append("</urlset>\n")
    return _HEAD + "\n".join(rows)


def index(entries: Iterable[tuple[str, str]]) -> str:
    """Build a <sitemapindex> of (loc, lastmod) pairs."""
    rows = [f"<sitemapindex {_NS}>"]
    rows += [
        f"  <sitemap><loc>{esc(loc)}</loc><lastmod>{mod}</lastmod></sitemap>"
        for loc, mod in entries
    ]
    rows.append("</sitemapindex>\n")
    return _HEAD + "\n".join(rows)


def gzipped(xml_text: str) -> bytes:
    """Compress a sitemap into .xml.gz bytes (fixed mtime: same content, same bytes)."""
    return gzip.compress(xml_text.encode(), mtime=0)
