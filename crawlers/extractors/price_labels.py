"""The words shops write beside a price to say what it is: was/list, now/sale, or not the price.

Struck-through list and recommended prices are often marked by text alone ("UVP 59,95 €",
"Was £60 Now £45", "79,90 € au lieu de 99,90 €", "старая цена 1 290 ₽"). `label_role` reads
the text just before a price (and the qualifier right after it) in many languages.
"""

from __future__ import annotations

import re
from functools import lru_cache

REGULAR = "regular"
"""Role of a list, recommended or former price."""
SALE = "sale"
"""Role of a price labelled as the current one."""
IGNORED = "ignored"
"""Role of an amount that is no selling price (savings, instalments, lowest-30-days price)."""

_LABEL_REACH = 30
"""A label further than this many characters before the price labels something else."""

# Word lists read better whitespace-free per language; each alternative is a phrase.
_REGULAR_WORDS = (
    # English
    r"was|rrp|msrp|srp|list\s+price|compare\s+at|compare-at|regular\s+price|reg\.?|"
    r"original\s+price|originally|orig\.?|retail\s+price|retail|previous\s+price|old\s+price|"
    r"before|instead\s+of|"
    # German
    r"uvp|unverbindliche\s+preisempfehlung|statt|anstatt|anstelle\s+von|vorher|bisher|früher|"
    r"war|ursprünglich|originalpreis|normalpreis|streichpreis|listenpreis|alter\s+preis|"
    r"regulärer\s+preis|empf\.\s*vk|"
    # French
    r"avant|au\s+lieu\s+de|ancien\s+prix|prix\s+initial|prix\s+barré|prix\s+de\s+référence|"
    r"prix\s+conseillé|prix\s+public\s+conseillé|ppc|prix\s+habituel|prix\s+normal|"
    # Spanish, Portuguese, Italian
    r"antes|precio\s+anterior|precio\s+original|precio\s+habitual|precio\s+de\s+lista|"
    r"precio\s+normal|precio\s+recomendado|en\s+lugar\s+de|preço\s+original|preço\s+anterior|"
    r"prima|invece\s+di|anziché|prezzo\s+di\s+listino|prezzo\s+consigliato|prezzo\s+originale|"
    r"prezzo\s+pieno|prezzo\s+precedente|"
    # Dutch, Scandinavian, Finnish
    r"van|adviesprijs|oude\s+prijs|normale\s+prijs|ord\.?\s+pris|ordinarie\s+pris|"
    r"tidigare|förr|før|normalpris|vejl\.?\s+pris|veil\.?\s+pris|norm\.|ovh\.?|"
    # Polish, Czech, Russian, Ukrainian, Turkish
    r"przed|stara\s+cena|cena\s+regularna|cena\s+katalogowa|poprzednia\s+cena|zamiast|"
    r"původní\s+cena|běžná\s+cena|было|старая\s+цена|обычная\s+цена|цена\s+без\s+скидки|вместо|"
    r"було|стара\s+ціна|замість|eski\s+fiyat|piyasa\s+fiyatı"
)
_SALE_WORDS = (
    r"now|sale\s+price|our\s+price|your\s+price|special\s+price|offer\s+price|"
    r"jetzt|nur|sonderpreis|angebotspreis|aktionspreis|"
    r"maintenant|prix\s+promo|prix\s+soldé|ahora|por|ora|adesso|voor|nu|nyt|nå|teraz|"
    r"сейчас|новая\s+цена|цена\s+со\s+скидкой|нова\s+ціна|şimdi"
)
_IGNORED_WORDS = (
    r"save|you\s+save|saving|sparen|sie\s+sparen|ersparnis|économisez|économie|ahorra|ahorras|"
    r"ahorro|risparmi|risparmia|risparmio|economize|экономия|выгода|oszczędzasz|oszczędność|"
    r"bespaar|spara|spar|"
    r"shipping|delivery|versand|versandkosten|livraison|envío|spedizione|доставка|dostawa|"
    r"verzending|frakt|"
    r"pfand|deposit|consigne|"
    r"grundpreis|unit\s+price|prix\s+unitaire|precio\s+unitario|prezzo\s+unitario|"
    r"cena\s+jednostkowa|цена\s+за\s+единицу"
)
# Omnibus "lowest price of the last 30 days" and instalment offers ("3 payments of £15"):
# wording that only ever leads its amount, so it counts anywhere before it.
_ALWAYS_IGNORED_WORDS = (
    r"lowest\s+(?:total\s+)?price\s+(?:in|of|over|during|within|before|from|the|last|\d)|"
    r"(?:niedrigste[rn]?|günstigste[rn]?)\s+(?:gesamt)?preis\s+(?:der|in|vor|innerhalb|seit|\d)|"
    r"tiefstpreis\s+(?:der|in|vor|\d)|prix\s+le\s+plus\s+bas\s+(?:des|sur|avant|au|\d)|"
    r"precio\s+más\s+bajo\s+(?:de|en|antes)|prezzo\s+più\s+basso\s+(?:degli|negli|nei|prima|\d)|"
    r"laagste\s+prijs\s+(?:van|in|de|\d)|najniższa\s+cena|nejnižší\s+cena|"
    r"самая\s+низкая\s+цена\s+за|минимальная\s+цена\s+за|найнижча\s+ціна|"
    r"payments?\s+of|instal+ments?\s+of|mensualités\s+de|cuotas\s+de|rate\s+da|raty\s+od|"
    r"ratenzahlung|finanzierung|рассрочка"
)
# A per-month or per-unit qualifier right after an amount ('12,50 € mtl.', '£4.99/kg').
_PER_UNIT_AFTER = re.compile(
    r"^\s*(?:(?:/\s*|(?:per|pro|par|je|al|a|в|za|за)\s+)"
    r"(?:mo|month|monat|mois|mes|mese|mês|maand|månad|miesiąc|месяц|мес|"
    r"kg|g|l|ml|m|m2|m²|100\s*g|100\s*ml|1\s*kg|1\s*l)|"
    r"monthly|monatlich|mtl|mensuel|miesięcznie|ежемесячно)(?!\w)",
    re.IGNORECASE,
)
# A minus glued to the amount is a discount ('-10 €'); a spaced one ends a range ('10 € - 20 €').
_MINUS = re.compile(r"\s[-−]$")
_LABELS = re.compile(
    rf"(?<!\w)(?:(?P<regular>{_REGULAR_WORDS})|(?P<sale>{_SALE_WORDS})|"
    rf"(?P<ignored>{_IGNORED_WORDS}))(?!\w)",
    re.IGNORECASE,
)
_ALWAYS_IGNORED = re.compile(rf"(?<!\w)(?:{_ALWAYS_IGNORED_WORDS})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=8192)  # label texts repeat across a site's pages
def label_role(before: str, after: str = "") -> str | None:
    """`REGULAR`, `SALE`, `IGNORED` or None for the price between `before` and `after`.

    `before` is the text since the previous price, `after` the text up to the next one. The
    nearest label before the price decides; lowest-price and instalment wording anywhere
    before it, a minus sign glued to it, and a per-month or per-unit qualifier right after
    it make it `IGNORED`.
    """
    if _ALWAYS_IGNORED.search(before) or _PER_UNIT_AFTER.match(after) or _MINUS.search(before):
        return IGNORED
    matches = list(_LABELS.finditer(before))
    last = matches[-1] if matches else None  # the nearest label counts
    if last is None or len(before) - last.end() > _LABEL_REACH:
        return None
    return last.lastgroup
