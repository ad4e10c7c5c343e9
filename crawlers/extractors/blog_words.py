"""How sites name their blog or news section, in many languages, and which links point at it."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from crawlers.extractors.urls import canonicalise, is_excluded

# Whitespace-separated word lists read better than one-word-per-line literals here.
_WORDS = """blog blogs news newsroom journal articles magazine stories insights
    aktuelles neuigkeiten magazin ratgeber beiträge nachrichten
    actualités actus nouvelles blogue noticias novedades artículos revista actualidad
    notizie novità articoli nieuws artikelen aktualności wiadomości artykuły poradnik
    notícias novidades artigos новости блог статьи журнал публикации новини статті
    nyheter blogg artiklar magasin nyheder artikler uutiset blogi artikkelit novinky aktuality
    články haberler makaleler hírek cikkek știri noutăți articole
    ブログ ニュース お知らせ 新闻 博客 资讯 新聞 블로그 뉴스""".split()  # noqa: SIM905
_SLUG_WORDS = """blog blogs news newsroom journal articles magazine magazin stories insights
    aktuelles neuigkeiten ratgeber beitraege nachrichten actualites actualite actus nouvelles blogue
    noticias novedades articulos actualidad revista notizie novita articoli nieuws artikelen
    aktualnosci wiadomosci artykuly poradnik artigos novidades novosti stati statyi zhurnal
    nyheter blogg artiklar nyheder artikler uutiset blogi artikkelit novinky aktuality clanky
    haberler makaleler hirek cikkek stiri articole noutati""".split()  # noqa: SIM905
_SLUGS = frozenset(_SLUG_WORDS) | {w for w in _WORDS if not w.isascii()}
_NOT_BLOG = frozenset(
    {"newsletter", "newsletters", "subscribe", "signup", "sign", "abonnieren", "suscribirse"}
)
_TEXT = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, _WORDS)) + r")(?!\w)", re.IGNORECASE)
_TOKEN = re.compile(r"[\W_]+")
_MAX_TEXT, _MAX_WORDS, _MAX_DEPTH, _MAX_SLUG_TOKENS = 40, 5, 3, 3


def blog_index_url(url: str, text: str) -> str | None:
    """The canonical URL when a link with `text` to `url` leads to a blog or news section."""
    canonical = canonicalise(url)
    if canonical is None or is_excluded(canonical):
        return None
    segments = [unquote(s).lower() for s in urlsplit(canonical).path.split("/") if s]
    if len(segments) > _MAX_DEPTH or _says_not_blog(text, segments):
        return None
    if _is_section_path(segments) or _names_blog(text):
        return canonical
    return None


def _names_blog(text: str) -> bool:
    text = text.strip()
    return len(text) <= _MAX_TEXT and len(text.split()) <= _MAX_WORDS and bool(_TEXT.search(text))


def _is_section_path(segments: list[str]) -> bool:
    """/blog, /de/news/, /latest-news and Shopify's /blogs/<handle>; not /blog/a-post."""
    if not segments:
        return False
    if len(segments) >= 2 and segments[-2] == "blogs":
        return True
    if any(_has_slug(s) for s in segments[:-1]):
        return False  # inside the section: a post or a category of it
    tokens = _tokens(segments[-1])
    return len(tokens) <= _MAX_SLUG_TOKENS and _has_slug(segments[-1])


def _has_slug(segment: str) -> bool:
    return any(token in _SLUGS for token in _tokens(segment))


def _says_not_blog(text: str, segments: list[str]) -> bool:
    tokens = {*_tokens(text.lower()), *(t for s in segments for t in _tokens(s))}
    return bool(tokens & _NOT_BLOG)


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.split(text) if t]
