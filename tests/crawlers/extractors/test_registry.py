"""Every page kind has an extractor, and a wrong kind fails with the list of valid ones."""

from __future__ import annotations

import pytest

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.registry import EXTRACTORS, extractor_for
from crawlers.page import FetchedPage


@pytest.mark.parametrize("kind", list(PageKind), ids=lambda k: k.value)
def test_every_kind_has_a_registered_extractor(kind: PageKind) -> None:
    extractor = extractor_for(kind)
    assert EXTRACTORS[kind] is type(extractor)
    assert type(extractor).kind is kind
    assert (type(extractor).__doc__ or "").strip(), (
        "an extractor's docstring is its user-facing help"
    )


@pytest.mark.parametrize("kind", list(PageKind), ids=lambda k: k.value)
def test_every_extractor_accepts_any_body_without_raising(kind: PageKind) -> None:
    page = FetchedPage(url="https://shop.example/x?page=1", body=b"\xff\xfe\x00<html><h1>x")
    result = extractor_for(kind.value).extract(
        page, ExtractionContext(homepage="https://shop.example/")
    )
    assert isinstance(result, Extraction)


def test_unknown_kind_names_the_valid_kinds() -> None:
    with pytest.raises(ValueError, match="unknown page kind 'category'") as error:
        extractor_for("category")
    for kind in PageKind:
        assert kind.value in str(error.value)
