"""The one place page kinds are mapped to extractors."""

from __future__ import annotations

from collections.abc import Callable

from crawlers.extractors.base import Extractor, PageKind

EXTRACTORS: dict[PageKind, type[Extractor]] = {}


def register(kind: PageKind) -> Callable[[type[Extractor]], type[Extractor]]:
    """Class decorator: make `cls` the extractor for `kind`."""

    def decorate(cls: type[Extractor]) -> type[Extractor]:
        if kind in EXTRACTORS:
            raise ValueError(f"{kind} already has extractor {EXTRACTORS[kind].__name__}")
        cls.kind = kind
        EXTRACTORS[kind] = cls
        return cls

    return decorate


def extractor_for(kind: PageKind | str) -> Extractor:
    """An extractor instance for `kind`; a clear error lists the valid kinds."""
    _load_all()
    try:
        return EXTRACTORS[PageKind(kind)]()
    except ValueError:
        valid = ", ".join(k.value for k in PageKind)
        raise ValueError(f"unknown page kind {kind!r}; valid kinds: {valid}") from None


def _load_all() -> None:
    """Import the extractor modules so their decorators run."""
    # Each import registers its extractor through @register.
    import crawlers.extractors.content
    import crawlers.extractors.data_api
    import crawlers.extractors.homepage
    import crawlers.extractors.listing
    import crawlers.extractors.product
    import crawlers.extractors.shopify_api
    import crawlers.extractors.woocommerce_api  # noqa: F401
