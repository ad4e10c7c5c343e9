"""Stock states, from schema.org values or shop wording in many languages, to `Availability`."""

from __future__ import annotations

import re
from functools import lru_cache

from crawlers.items import Availability

# Machine values seen in feeds and APIs, keyed by their letters only (case and separators dropped).
_CODES: dict[str, Availability] = {
    **{a.value.lower(): a for a in Availability},
    "available": Availability.IN_STOCK,
    "availablefororder": Availability.IN_STOCK,
    "oos": Availability.OUT_OF_STOCK,
    "outofstock": Availability.OUT_OF_STOCK,
    "soldout": Availability.SOLD_OUT,
    "unavailable": Availability.OUT_OF_STOCK,
    "notavailable": Availability.OUT_OF_STOCK,
    "preorder": Availability.PRE_ORDER,
    "backorder": Availability.BACK_ORDER,
    "onbackorder": Availability.BACK_ORDER,
    "availableonbackorder": Availability.BACK_ORDER,
    "instock": Availability.IN_STOCK,
    "true": Availability.IN_STOCK,
    "false": Availability.OUT_OF_STOCK,
}

_CACHED_TEXT = 200
_IN = Availability.IN_STOCK
_OUT = Availability.OUT_OF_STOCK
_PRE = Availability.PRE_ORDER
_BACK = Availability.BACK_ORDER
_LIMITED = Availability.LIMITED_AVAILABILITY
_GONE = Availability.DISCONTINUED

# Visible wording. The longest matching phrase wins, so "nicht vorrätig" beats "vorrätig".
_PHRASES: dict[Availability, tuple[str, ...]] = {
    _IN: (
        # en, de, fr, es, ru, it, pl, nl, pt, sv/da/no, cs, uk
        "in stock",
        "available",
        "available now",
        "ready to ship",
        "ships today",
        "auf lager",
        "lieferbar",
        "sofort lieferbar",
        "vorrätig",
        "verfügbar",
        "an lager",
        "en stock",
        "disponible",
        "en magasin",
        "disponible en stock",
        "en existencia",
        "hay existencias",
        "disponible para envío",
        "в наличии",
        "есть в наличии",
        "в наявності",
        "є в наявності",
        "имеется",
        "disponibile",
        "in magazzino",
        "dostępny",
        "dostępne",
        "w magazynie",
        "na stanie",
        "op voorraad",
        "leverbaar",
        "em estoque",
        "disponível",
        "em stock",
        "i lager",
        "på lager",
        "skladem",
        "på lager nu",
    ),
    _OUT: (
        "out of stock",
        "not available",
        "unavailable",
        "currently unavailable",
        "no longer in stock",
        "temporarily out of stock",
        "nicht auf lager",
        "nicht vorrätig",
        "nicht lieferbar",
        "nicht verfügbar",
        "derzeit nicht verfügbar",
        "momentan nicht verfügbar",
        "rupture de stock",
        "en rupture",
        "indisponible",
        "épuisé",
        "épuisée",
        "hors stock",
        "agotado",
        "agotada",
        "sin stock",
        "no disponible",
        "sin existencias",
        "нет в наличии",
        "отсутствует",
        "нет на складе",
        "немає в наявності",
        "закінчився",
        "esaurito",
        "non disponibile",
        "niedostępny",
        "brak w magazynie",
        "brak towaru",
        "niet op voorraad",
        "uitverkocht",
        # "Sold out" badges mean out of stock: the same product reads OutOfStock in shop APIs.
        "sold out",
        "ausverkauft",
        "распродано",
        "wyprzedane",
        "slutsåld",
        "niet leverbaar",
        "esgotado",
        "indisponível",
        "sem estoque",
        "slut i lager",
        "ikke på lager",
        "udsolgt",
        "utsolgt",
        "vyprodáno",
        "není skladem",
    ),
    _PRE: (
        "pre-order",
        "preorder",
        "pre order",
        "vorbestellen",
        "vorbestellung",
        "vorbestellbar",
        "précommande",
        "pré-commande",
        "précommander",
        "reservar",
        "preventa",
        "pre-venta",
        "предзаказ",
        "предварительный заказ",
        "передзамовлення",
        "preordine",
        "prenota",
        "przedsprzedaż",
        "pre-orderen",
        "voorbestellen",
        "pré-venda",
        "förbeställ",
        "forudbestil",
        "forhåndsbestill",
        "předobjednávka",
        "coming soon",
        "demnächst verfügbar",
        "bientôt disponible",
        "próximamente",
        "скоро в продаже",
    ),
    _BACK: (
        "backorder",
        "back-order",
        "back order",
        "on backorder",
        "available on backorder",
        "под заказ",
        "на заказ",
        "під замовлення",
        "auf bestellung",
        "nachbestellt",
        "sur commande",
        "bajo pedido",
        "su ordinazione",
        "na zamówienie",
        "op bestelling",
        "sob encomenda",
        "beställningsvara",
        "na objednávku",
    ),
    _LIMITED: (
        "limited stock",
        "low stock",
        "only a few left",
        "few left",
        "nur noch wenige",
        "geringer bestand",
        "stock limité",
        "quelques articles",
        "pocas unidades",
        "últimas unidades",
        "заканчивается",
        "ultimi pezzi",
        "ostatnie sztuki",
        "beperkte voorraad",
    ),
    _GONE: (
        "discontinued",
        "no longer available",
        "nicht mehr lieferbar",
        "nicht mehr erhältlich",
        "plus disponible",
        "descatalogado",
        "снят с производства",
        "снято с продажи",
        "fuori produzione",
        "wycofany",
        "uit assortiment",
    ),
}


# A lead time in weeks or months turns "available" into "on back order".
_LONG_LEAD_TIME = re.compile(
    r"\d\s*(?:[-–]|bis|to|à|a|до)?\s*\d*\s*(?:weeks?|wochen|semaines?|semanas?|settimane|"
    r"weken|tygodni\w*|veckor|uger|uker|týdn\w*|недел\w*|тиж\w*|months?|monate[n]?|mois|"
    r"meses|mesi|maanden|miesi\w*|месяц\w*)(?!\w)"
)


def normalise_availability(value: object) -> Availability | None:
    """Map a schema.org URL or code ('https://schema.org/InStock', 'in_stock', 'oos')."""
    if isinstance(value, bool):
        return _IN if value else _OUT
    if not isinstance(value, str) or not value.strip():
        return None
    tail = value.strip().rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    key = re.sub(r"[^a-z]", "", tail.lower())
    found = _CODES.get(key)
    return found if found is not None else availability_from_text(value)


def availability_from_text(text: str | None) -> Availability | None:
    """Read the stock state from visible wording ('Auf Lager', 'Нет в наличии'), else None."""
    if not text or len(text) > 2000:
        return None
    return _cached_reading(text) if len(text) <= _CACHED_TEXT else _reading(text)


@lru_cache(maxsize=8192)  # stock labels and button texts repeat on every page of a site
def _cached_reading(text: str) -> Availability | None:
    return _reading(text)


def _reading(text: str) -> Availability | None:
    folded = " ".join(text.casefold().split())
    best: tuple[int, Availability] | None = None
    for match in _pattern().finditer(folded):
        state = _phrase_states()[match.group(0)]
        if best is None or len(match.group(0)) > best[0]:
            best = (len(match.group(0)), state)
    if best and best[1] is _IN and _LONG_LEAD_TIME.search(folded):
        return _BACK  # "Lieferbar in 2-3 Wochen": orderable, but not from stock
    return best[1] if best else None


@lru_cache(maxsize=1)
def _phrase_states() -> dict[str, Availability]:
    return {phrase: state for state, phrases in _PHRASES.items() for phrase in phrases}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    phrases = sorted(_phrase_states(), key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
