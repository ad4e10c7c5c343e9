"""How much attention a post page shows it got: comments, views, shares and likes.

Per counter, the first source that states it wins:
1. the article's structured data (commentCount, interactionStatistic: CommentAction,
   WatchAction/ViewAction, ShareAction, LikeAction userInteractionCount);
2. visible counters tied to the main article ('3 Comments', 'Просмотров: 1 234'), read inside
   the article first, then in the rest of the main content (where the comments section sits);
   sidebars, widgets, related/recent-post teasers, navigation and the site header and footer
   are skipped, so a 'recent posts' widget's '12 comments' is never taken;
3. comments only: the comments listed on the page (WordPress li.comment, nested replies too),
   then a 'No comments' text or an open comment form with nothing listed, which both say 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawlers.extractors.article_data import interaction_counts
from crawlers.extractors.article_zone import around_article, main_scope
from crawlers.extractors.count_words import COMMENTS, LIKES, SHARES, VIEWS, counters_in, parse_count
from crawlers.extractors.document import Document, marks_matcher
from crawlers.extractors.structured import Node, first

_INTERACTIONS = {
    "Comment": COMMENTS,
    "Watch": VIEWS,
    "View": VIEWS,
    "Read": VIEWS,
    "Share": SHARES,
    "Like": LIKES,
}
_SKIPPED_ZONE = marks_matcher(
    re.compile(
        r"sidebar|widget|related|recent|popular|trending|most-read|read-next|more-(posts|stories|"
        r"articles)|recommend|teaser|carousel|breadcrumb|post-navigation|nav-links|navigation|"
        r"navbar|(?<![a-z])menu|pagination|site-header|site-footer|masthead|colophon|"
        r"(?<![\w-])(header|footer)(?![\w-])|newsletter|cookie"
    )
)
_SKIPPED_IN_ARTICLE = marks_matcher(
    re.compile(r"related|recommend|read-next|more-(posts|stories|articles)|teaser|carousel|widget")
)
"""Inside the article its own header and footer hold the counters: only teasers are skipped."""
_ONE_COMMENT = marks_matcher(
    re.compile(r"(?<![\w-])(comment|pingback|trackback)(?![\w-])|comment-(body|content|text)")
)
_COUNTER_CLASS = re.compile(
    r"(comment|view|share|like)s?[-_]?(count|counter|num|number|total)|"
    r"(count|num|total)[-_]?(comment|view|share|like)s?|post-views|pageviews"
)
_COUNTER_KINDS = {"comment": COMMENTS, "view": VIEWS, "share": SHARES, "like": LIKES}
_BARE_NUMBER = re.compile(r"^\D{0,3}(\d[\d \u00a0\u202f.,]*)\s*([kK]|тыс\.?)?\D{0,3}$")
_COMMENT_ID = re.compile(r"^(?:comment|li-comment|c)-?\d+$")
_COMMENT_FORM = re.compile(r"(?<![\w-])(respond|commentform|comment-form|comment-respond)(?![\w-])")
_MAX_TEXT = 200
_SKIPPED_TAGS = frozenset({"aside", "nav", "script", "style", "noscript", "template", "form"})
_SITE_PARTS = frozenset({"header", "footer"})
_TAXONOMY_CLASSES = ("category-", "tag-", "post_tag-", "topic-")


@dataclass(frozen=True, slots=True)
class Popularity:
    """The counters a post page states; None for those it does not."""

    comments: int | None = None
    views: int | None = None
    shares: int | None = None
    likes: int | None = None


def read_popularity(doc: Document, article: Node | None, body: etree._Element | None) -> Popularity:
    """The page's counters (see the module docstring); `body` is the article's element."""
    found = _structured(article)
    for kind, count in _visible(doc, body).items():
        found.setdefault(kind, count)
    if not found.get(COMMENTS):  # none, or a 'No comments' that the list may contradict
        listed = _listed_comments(doc, around_article(body))
        if listed or COMMENTS not in found:
            found[COMMENTS] = listed
    return Popularity(**{k: v for k, v in found.items() if v is not None})


def _structured(article: Node | None) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    if article is None:
        return found
    count = _number(first(article.get("commentCount")))
    if count is not None:
        found[COMMENTS] = count
    for action, value in interaction_counts(article).items():
        kind = _INTERACTIONS.get(action)
        if kind and (count := _number(value)) is not None:
            found.setdefault(kind, count)
    return found


def _visible(doc: Document, body: etree._Element | None) -> dict[str, int]:
    """Counters written on the page: inside the article first, then the main content."""
    found: dict[str, int] = {}
    scope = main_scope(doc, body)
    zones = [body, scope] if body is not None and body is not scope else [scope]
    protected = around_article(body)
    for zone in zones:
        for element in _readable(doc, zone, protected, inside=zone is body):
            for kind, count in _counters(doc, element).items():
                if kind not in found or (count and not found[kind]):  # a number beats 'none'
                    found[kind] = count
    return found


def _counters(doc: Document, element: etree._Element) -> dict[str, int]:
    text = doc.short_text(element, _MAX_TEXT)
    if not text:
        return {}
    found = counters_in(text) if any(c.isalpha() for c in text) else {}
    match = _COUNTER_CLASS.search(doc.marks(element))
    if match and (bare := _BARE_NUMBER.match(text)):
        kind = next(_COUNTER_KINDS[w] for w in _COUNTER_KINDS if w in match.group(0))
        count = parse_count(bare.group(1).strip(), bare.group(2))
        if count is not None:
            found.setdefault(kind, count)
    return found


def _readable(
    doc: Document, zone: etree._Element, protected: frozenset[etree._Element], *, inside: bool
) -> list[etree._Element]:
    """Elements of `zone` whose whole subtree is readable, innermost first, in page order.

    A container holding a skipped part (a comment, a widget) is not read as a whole: its text
    would mix the comment's words into the article's counters.
    """
    kept: list[etree._Element] = []
    clean: dict[etree._Element, bool] = {}
    stack: list[tuple[etree._Element, bool]] = [(zone, False)]
    while stack:
        element, children_done = stack.pop()
        if children_done:
            clean[element] = all(clean.get(c, True) for c in element)
            if clean[element]:
                kept.append(element)
        elif isinstance(element.tag, str):
            if element not in protected and _skipped(doc, element, zone, inside=inside):
                clean[element] = False
                continue
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
    return kept


def _skipped(doc: Document, element: etree._Element, zone: etree._Element, *, inside: bool) -> bool:
    if element is zone:
        return False
    if element.tag in _SKIPPED_TAGS or _ONE_COMMENT(doc.marks(element)):
        return True
    if inside:
        return _SKIPPED_IN_ARTICLE(_own_marks(doc, element))
    if element.tag in _SITE_PARTS and not _inside_article(element):
        return True
    return _SKIPPED_ZONE(_own_marks(doc, element))


def _own_marks(doc: Document, element: etree._Element) -> str:
    """Marks without the taxonomy classes CMSs add to posts ('category-popular', 'tag-recent')."""
    marks = doc.marks(element)
    if "category-" not in marks and "tag-" not in marks:
        return marks
    return " ".join(t for t in marks.split() if not t.startswith(_TAXONOMY_CLASSES))


def _inside_article(element: etree._Element) -> bool:
    return any(a.tag == "article" for a in element.iterancestors())


def _listed_comments(doc: Document, protected: frozenset[etree._Element]) -> int | None:
    """Comments listed on the page, replies included; 0 with an empty open form; else None."""
    seen = [e for e in doc.marked if _is_listed_comment(doc, e, protected)]
    if seen:
        return len(seen)
    if any(_COMMENT_FORM.search(marks) for marks in doc.marked.values()):
        return 0
    return None


def _is_listed_comment(
    doc: Document, element: etree._Element, protected: frozenset[etree._Element]
) -> bool:
    if element.tag not in ("li", "article", "div") or not _COMMENT_ID.match(element.get("id", "")):
        return False
    tokens = (element.get("class") or "").lower().split()
    if not ({"comment", "pingback", "trackback"} & set(tokens)) and element.tag != "li":
        return False
    ancestors = (a for a in element.iterancestors() if a not in protected and a.tag != "body")
    return not any(_SKIPPED_ZONE(_own_marks(doc, a)) for a in ancestors)


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value >= 0 else None
    if isinstance(value, str) and value.strip():
        return parse_count(value.strip())
    if isinstance(value, dict):
        return _number(value.get("@value"))
    return None
