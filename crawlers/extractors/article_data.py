"""The structured-data node of the article a page is about (schema.org Article, BlogPosting...).

Read from the page's JSON-LD, microdata and RDFa as `Document.structured` already parsed them;
on a post page the main article is the node naming the page's URL, else the first one with a
headline and a date (publishers often add WebPage, Organization and BreadcrumbList nodes too).
"""

from __future__ import annotations

from typing import Any

from crawlers.extractors.document import Document
from crawlers.extractors.structured import Node, as_list, first, short_name, types_of
from crawlers.extractors.urls import canonicalise

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "BlogPosting",
        "NewsArticle",
        "TechArticle",
        "Report",
        "ScholarlyArticle",
        "SocialMediaPosting",
        "LiveBlogPosting",
        "DiscussionForumPosting",
        "OpinionNewsArticle",
        "AnalysisNewsArticle",
        "ReportageNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AdvertiserContentArticle",
    }
)


def main_article(doc: Document, page_urls: set[str]) -> Node | None:
    """The article node about the page (its URL among `page_urls`), else the likeliest one."""
    articles = [n for n in doc.structured.all_nodes() if types_of(n) & ARTICLE_TYPES]
    for node in articles:
        if _node_urls(node) & page_urls:
            return node
    dated = [n for n in articles if text_value(n, "headline", "name") and n.get("datePublished")]
    return (dated or articles or [None])[0]


def text_value(node: Node | None, *names: str) -> str | None:
    """The first non-empty text among `names` ({'@value': ...} and lists unwrapped)."""
    if node is None:
        return None
    for name in names:
        value = first(node.get(name))
        if isinstance(value, dict):
            value = value.get("@value") or value.get("name")
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None


def author_names(node: Node | None) -> tuple[str, ...]:
    """Names of the node's authors (Person or Organization nodes, or plain names)."""
    if node is None:
        return ()
    names = []
    for author in as_list(node.get("author")) + as_list(node.get("creator")):
        name = text_value(author, "name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip() and not _is_url(name):
            names.append(" ".join(name.split()))
    return tuple(dict.fromkeys(names))


def interaction_counts(node: Node | None) -> dict[str, Any]:
    """The userInteractionCount by action ('Comment', 'Like', 'Share', 'Watch', 'View'...)."""
    counts: dict[str, Any] = {}
    if node is None:
        return counts
    for counter in as_list(node.get("interactionStatistic")):
        if not isinstance(counter, dict):
            continue
        action = first(counter.get("interactionType"))
        if isinstance(action, dict):
            action = next(iter(sorted(types_of(action))), None)
        if isinstance(action, str) and action:
            name = short_name(action).removesuffix("Action")
            counts.setdefault(name, counter.get("userInteractionCount"))
    return counts


def _node_urls(node: Node) -> set[str]:
    values = [node.get("url"), node.get("@id"), node.get("mainEntityOfPage")]
    raw = []
    for value in values:
        for item in as_list(value):
            raw.append(item.get("@id") or item.get("url") if isinstance(item, dict) else item)
    return {c for r in raw if isinstance(r, str) and (c := canonicalise(r.split("#")[0]))}


def _is_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://", "//"))
