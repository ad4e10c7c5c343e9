"""The HOMEPAGE extractor: how a competitor presents itself (title, H1, USP, languages, social)."""

from __future__ import annotations

import re

from lxml import etree

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.content_text import language_tag
from crawlers.extractors.document import Document, class_and_id, text_of
from crawlers.extractors.feed_discovery import discover_in
from crawlers.extractors.html_page import html_extraction
from crawlers.extractors.registry import register
from crawlers.extractors.social import social_profiles
from crawlers.items import Positioning
from crawlers.page import FetchedPage

_USP_CLASS = re.compile(r"(?<![a-z])usps?(?![a-z])|unique-selling|benefits?(?![a-z])|value-prop")
_HERO_CLASS = re.compile(
    r"hero|banner|jumbotron|slider|slideshow|carousel|splash|intro|showcase|swiper|"
    r"teaser|(?<![a-z])(?:stage|cover)|keyvisual|key-visual|billboard|spotlight|buehne|bühne|"
    r"bandeau|portada|"
    r"vetrina|vitrine"
)
_NOT_HERO = re.compile(
    r"cookie|consent|gdpr|privacy|newsletter|popup|modal|cart|menu|nav|footer|site-header|branding"
)
_USP_TAGS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "strong"})
_SKIPPED = frozenset({"a", "button", "script", "style", "noscript", "template", "label", "option"})
_MIN_USP, _MAX_USP = 3, 250
_MAX_BOX = 600


@register(PageKind.HOMEPAGE)
class HomepageExtractor:
    """Homepage: title, meta description, first H1, USP line, languages and social profiles.

    The USP line is, in order: the first heading, paragraph or text block inside a hero-like
    container (hero, banner, jumbotron, slider, carousel, stage, cover...; cookie, newsletter
    and menu containers skipped) that differs from the H1; the text right after the H1 when the
    H1 sits in a small box of its own; the first item of a USP/benefits-classed list; the first
    H2 after the H1. Also detects Shopify/WooCommerce and the shop currency, and links the
    site's feeds and blog index pages (see feed_discovery).
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        doc = Document(page, context)
        positioning = Positioning(
            url=page.url,
            title=_title(doc),
            meta_description=doc.meta.get("description") or None,
            h1=text_of(doc.h1) or None,
            usp=usp_line(doc),
            language=language_tag(doc.lang),
            languages=_languages(doc),
            social=social_profiles(doc),
        )
        extraction = html_extraction(doc, [positioning])
        extraction.links += discover_in(doc)[1]
        return extraction


def usp_line(doc: Document) -> str | None:
    """Find the hero/USP promise near the top of the page (see HomepageExtractor)."""
    h1 = text_of(doc.h1)
    usp, hero = _containers(doc)
    for container in hero:
        line = _first_line(container, h1)
        if line:
            return line
    return _line_after_h1(doc, h1) or _first_usp(usp, h1) or _h2_after_h1(doc)


def _first_usp(containers: list[etree._Element], h1: str) -> str | None:
    return next((line for c in containers if (line := _first_line(c, h1))), None)


def _line_after_h1(doc: Document, h1: str) -> str | None:
    """Text right after the H1 when the H1 sits in a small box of its own (an unnamed hero)."""
    parent = doc.h1.getparent() if doc.h1 is not None else None
    if parent is None or parent.tag in ("body", "main", "html") or len(text_of(parent)) > _MAX_BOX:
        return None
    for sibling in doc.h1.itersiblings():
        line = _first_line(sibling, h1) if sibling.tag not in _SKIPPED else None
        if line:
            return line
    return None


def _containers(doc: Document) -> tuple[list[etree._Element], list[etree._Element]]:
    """USP-classed and hero-like containers, in document order, in one pass."""
    usp: list[etree._Element] = []
    hero: list[etree._Element] = []
    for el in doc.root.xpath("//body//*[@class or @id]"):
        marks = class_and_id(el)
        if _NOT_HERO.search(marks) or el.tag in ("script", "style"):
            continue
        if _USP_CLASS.search(marks):
            usp.append(el)
        elif _HERO_CLASS.search(marks):
            hero.append(el)
    return usp, hero


def _first_line(container: etree._Element, h1: str) -> str | None:
    """First heading, paragraph or text-bearing block in the container that is not the H1."""
    for el in container.iter():
        if el.tag in _SKIPPED or not (el.tag in _USP_TAGS or (el.text or "").strip()):
            continue
        text = text_of(el)
        if _MIN_USP <= len(text) <= _MAX_USP and text != h1 and not _only_links(el, text):
            return text
    return None


def _only_links(element: etree._Element, text: str) -> bool:
    """Menu items and buttons: all of the element's text is link text."""
    links = " ".join(text_of(a) for a in element.iter("a"))
    return bool(links) and links == text


def _h2_after_h1(doc: Document) -> str | None:
    start = doc.h1
    candidates = start.xpath("following::h2") if start is not None else doc.root.iter("h2")
    for h2 in candidates:
        text = text_of(h2)
        if _MIN_USP <= len(text) <= _MAX_USP:
            return text
    return None


def _title(doc: Document) -> str | None:
    titles = doc.root.xpath("//head/title") or doc.root.xpath("//title[not(ancestor::svg)]")
    return text_of(titles[0]) or None if titles else None


def _languages(doc: Document) -> tuple[str, ...]:
    tags = {language_tag(doc.lang)}
    for link in doc.root.iter("link"):
        if "alternate" in (link.get("rel") or "").lower().split():
            tags.add(language_tag(link.get("hreflang")))
    return tuple(sorted(t for t in tags if t))
