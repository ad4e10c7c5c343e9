"""Counters written as words ('12 comments', 'Просмотров: 1 234', '1,2K vues') in many languages.

A counter is a number next to a counting word, either order ('3 Kommentare', 'Comments (3)'),
with thousands groups ('1 234', '1.234', '1,234') and abbreviations ('1.2k', '1,2 тыс.').
'No comments' and its translations say zero.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

COMMENTS, VIEWS, SHARES, LIKES = "comments", "views", "shares", "likes"

_WORDS = {
    COMMENTS: r"comments?|responses?|replies|reply|thoughts?|kommentare?|kommentaren|"
    r"kommentarer|commentaires?|comentarios?|comentários?|commenti|commento|reacties|reactie|"
    r"komentarzy|komentarze|komentarz|комментари(?:ев|я|й|и)|коментар(?:ів|і|ія)?|"
    r"kommentit|kommenttia?|komentáře|komentářů|komentář|yorum(?:lar)?|hozzászólás|"
    r"コメント|评论|評論|댓글|"
    # WordPress's translated comments titles: '14 Gedanken zu „…“', '3 svar till ”…”'
    r"gedanken|réflexions?|respuestas?|pensieri|gedachten|svar|myśli|мысл(?:и|ей)|ответ(?:а|ов)?",
    VIEWS: r"views?|reads|aufrufe|ansichten|mal gelesen|vues|lectures|visualizaciones|vistas|"
    r"lecturas|visite|visualizzazioni|letture|weergaven|keer bekeken|wyświetle(?:ń|nia|nie)|"
    r"odsłon|просмотр(?:ов|а)?|перегляд(?:ів|и)?|visningar|visninger|näyttökertaa|zobrazení|"
    r"görüntülenme|megtekintés|閲覧|浏览|조회",
    SHARES: r"shares?|mal geteilt|geteilt|partages|compartid[oa]s?|condivisioni|gedeeld|"
    r"udostępnie(?:ń|nia)|поделил(?:ись|ся)|репост(?:ов|а)?|delningar",
    LIKES: r"likes?|claps?|gefällt mir|j'aime|me gusta|mi piace|vind-ik-leuks|polubie(?:ń|nia)|"
    r"лайк(?:ов|а|и)?|нравится|gillar",
}
_NUMBER = (
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"\s*(?P<mult>k|тыс\.?|tsd\.?|mil|mln|млн|mio\.?|m)?"
)
# 'One comment', 'Ein Kommentar', 'Un commentaire': only at the start of a text, where they
# count; inside one they are articles ('Publier un commentaire', 'Deja un comentario').
_ONE = r"(?P<one>one|ein|eine|un|une|uno|una|один|одна|jeden|één|en|ett|yksi)"
_MULTIPLIERS = {"k": 1000, "тыс": 1000, "tsd": 1000, "mil": 1000}
_MILLIONS = frozenset({"m", "mln", "млн", "mio"})
_ZERO = re.compile(
    r"(?<!\w)(no comments|no responses|leave a comment|be the first to comment|"
    r"deja un comentario|laisser un commentaire|lascia un commento|"
    r"(?:noch )?keine kommentare|aucun commentaire|pas de commentaires?|sin comentarios|"
    r"nessun commento|geen reacties|brak komentarzy|нет комментариев|комментариев нет|"
    r"inga kommentarer|ingen kommentarer|ei kommentteja)(?!\w)",
    re.IGNORECASE,
)
_PATTERNS = [
    (
        kind,
        re.compile(rf"(?<![\w.,]){_NUMBER}\s*(?:{words})(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w)(?:{words})\s*[:(\[]?\s*{_NUMBER}(?![\w.,]?\d)", re.IGNORECASE),
        re.compile(rf"^\W*{_ONE}\s+(?:{words})(?!\w)", re.IGNORECASE),
    )
    for kind, words in _WORDS.items()
]


def counters_in(text: str) -> dict[str, int]:
    """Counts by kind that `text` states ('3 Comments · 1.2k views' → comments 3, views 1200)."""
    found: dict[str, int] = {}
    for kind, number_first, word_first, one_first in _PATTERNS:
        if one_first.search(text):
            found[kind] = 1
        elif match := number_first.search(text) or word_first.search(text):
            count = parse_count(match["num"], match["mult"])
            if count is not None:
                found[kind] = count
    if COMMENTS not in found and _ZERO.search(text):
        found[COMMENTS] = 0
    return found


def parse_count(number: str, multiplier: str | None = None) -> int | None:
    """'1 234' → 1234, '1.234' → 1234, '1.2' with 'k' → 1200; None when unreadable."""
    number = number.strip().lower()
    scale = _scale(multiplier)
    digits = re.sub(r"[ \u00a0\u202f'’]", "", number)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits) and scale == 1:
        digits = re.sub(r"[.,]", "", digits)  # thousands groups, not decimals
    try:
        value = Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None
    return int(value * scale)


def _scale(multiplier: str | None) -> int:
    key = (multiplier or "").strip().lower().rstrip(".")
    if key in _MILLIONS:
        return 1_000_000
    return _MULTIPLIERS.get(key, 1)
