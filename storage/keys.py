"""Derived identifiers: slugs for competitor names, fixed-size hashes for long keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii

KEY_HASH_LENGTH = 32
"""Hex digits of a key hash (128 bits): collisions are not a practical concern."""


def key_hash(key: str) -> str:
    """Digest an entity key to a fixed size, for unique indexes.

    Keys are URLs of any length; PostgreSQL refuses btree entries past ~2.7 kB, so unique
    and lookup indexes use this digest while the key itself is kept in full beside it.
    """
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:KEY_HASH_LENGTH]


def slugify(name: str) -> str:
    """Make an ASCII, lower-case, dash-separated slug ('Café Müller' → 'cafe-muller').

    Transliterated (anyascii), so 'ТайгаСнаб' becomes 'taygasnab' rather than nothing.
    """
    ascii_name = anyascii(unicodedata.normalize("NFC", name))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "competitor"


def unique_slug(name: str, taken: set[str]) -> str:
    """Return `slugify(name)`, with a numeric suffix when another competitor has it."""
    base = slugify(name)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
