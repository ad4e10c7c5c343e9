"""URL rules for crawling shops: canonical form, same-site, traps and utility pages, URL kinds."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w*|gclid|gbraid|wbraid|dclid|fbclid|yclid|ysclid|msclkid|mc_cid|mc_eid|_ga|_gl|ref|"
    r"igshid|_hsenc|_hsmi|srsltid|spm|trk|_pos|_sid|_ss|_psq|_fid)$",
    re.IGNORECASE,
)
_SESSION = re.compile(
    r"^(jsessionid|phpsessid|sid|sessionid|session_id|aspsessionid\w*|cfid|cftoken)$", re.I
)
_CACHE_SIZE = 65536
_PATH_SAFE = "/;:@&=+$,!~*'()%-._"  # keeps existing %-escapes, encodes spaces and non-ASCII
_HEX32 = re.compile(r"^[0-9a-f]{32}$", re.IGNORECASE)
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)

# Whitespace-separated word lists read better than one-word-per-line literals here.
_FILE_EXTENSIONS = frozenset(
    """jpg jpeg png gif webp avif svg bmp ico tif tiff heic pdf doc docx xls xlsx ppt pptx odt
    ods csv txt rtf zip rar 7z gz tgz bz2 xz tar dmg exe msi apk iso mp3 wav ogg flac aac m4a mp4
    m4v mov avi wmv mkv webm flv css js mjs json xml rss atom woff woff2 ttf otf eot map""".split()  # noqa: SIM905
)
_UTILITY_SEGMENTS = frozenset(
    """cart carts basket checkout kasse warenkorb panier carrito carrello koszyk korzina kosik
    korsina winkelwagen varukorg varukorgen kundvagn kassa kassan kurv handlekurv ostoskori sepet
    cesta onepage multishipping
    account my-account myaccount customer login logout signin sign-in signout sign-out register
    signup sign-up registration password lostpassword reset-password auth personal
    mon-compte connexion inscription commande mein-konto konto anmelden registrieren mi-cuenta
    minha-conta moje-konto mijn-account il-mio-account lk lichnyy-kabinet cabinet
    wishlist wish-list wunschliste favorites favourites merkzettel liste-de-souhaits
    compare comparison vergleich comparer comparar sravnenie product_compare
    search suche recherche buscar busqueda cerca szukaj poisk zoeken sok catalogsearch
    add-to-cart addtocart add_to_cart sendfriend feed feeds rss atom print
    wp-admin wp-login.php xmlrpc.php cdn-cgi""".split()  # noqa: SIM905
)
_UTILITY_PARAMS = re.compile(
    r"^(add-to-cart|add_to_cart|add_to_wishlist|add_to_compare|remove_item|action|"
    r"sort|sort_by|sortby|sorting|orderby|order|order_by|dir|direction|"
    r"filters?|filter[._\[][^=]*|f|facet\w*|min_price|max_price|price|rating_filter|"
    r"product_list_\w+|view|mode|limit|per_page|perpage|show|display|"
    r"q|query|search|search_query|searchterm|keyword|keywords|text|"
    r"feed|format|print|replytocom|share|currency|lang|language|"
    r"date|day|month|year|week|calendar|ical|tribe-bar-date|eventdisplay)$",
    re.IGNORECASE,
)
_DATE_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/(0?[1-9]|[12]\d|3[01]))?(/|$)")
_CALENDAR_PATH = re.compile(
    r"/(calendar|kalender|calendrier|calendario|kalendarz|events?/\d{4})", re.I
)
_PAGINATION_PARAMS = re.compile(
    r"^(page|p|pg|pag|paged|pagina|seite|strana|stranica|strona|sayfa|side|sida|sivu|oldal|"
    r"pagenumber|page_number|"
    r"pagen_\d+|start|offset)$",
    re.IGNORECASE,
)
_PAGINATION_PATH = re.compile(
    r"/(page|seite|pagina|strana|p|stranica|sida)[/-]?\d+/?$|/page\d+/?$", re.IGNORECASE
)
_PRODUCT_PATH = re.compile(
    r"/(products?|p|item|items|dp|produkt|produkte|artikel|produit|produits|producto|productos|"
    r"prodotto|prodotti|produto|produtos|tovar|tovary|goods|good|pd|sku|artikl|"
    r"ware|catalog/product)/[^/]+|-p-\d+|/\d+\.html?$|/\d+-[^/]+\.html?$|[-_]p?\d{4,}\.html?$|"
    r"product_id=\d+|"
    r"route=product/product",
    re.IGNORECASE,
)
_CATEGORY_PATH = re.compile(
    r"/(category|categories|collections?|c|catalog|catalogue|shop|store|kategorie|kategorien|"
    r"categorie|categoria|categorias|kategoria|katalog|kategori|rubrique|departments?|"
    r"product-category|brands?|marken|marques|marcas|sale|angebote)(/|$)|"
    r"route=product/category|path=\d",
    re.IGNORECASE,
)


@lru_cache(maxsize=_CACHE_SIZE)  # menus and footers repeat on every page of a site
def canonicalise(url: str) -> str | None:
    """One form per page: http(s) only, no fragment, tracking or session params, sorted query."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    netloc = _netloc(scheme, parts)
    if netloc is None:
        return None
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _kept(k, v))
    path = quote(_PATH_SESSION.sub("", parts.path) or "/", safe=_PATH_SAFE)
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def same_site(url: str, homepage: str) -> bool:
    """Tell whether `url` is on the homepage's host, allowing www. and non-www."""
    return _bare_host(url) == _bare_host(homepage) != ""


def related_site(url: str, homepage: str) -> bool:
    """The homepage's site or one of its subdomains (blog.shop.example)."""
    if same_site(url, homepage):
        return True
    host = (urlsplit(url).hostname or "").lower()
    home = (urlsplit(homepage).hostname or "").lower().removeprefix("www.")
    return bool(home) and host.endswith("." + home)


@lru_cache(maxsize=_CACHE_SIZE)
def is_excluded(url: str) -> bool:
    """Files, utility pages (cart, login, search...), facet/sort variants and calendar traps."""
    parts = urlsplit(url)
    path = parts.path.lower()
    segments = [s for s in path.split("/") if s]
    if segments and segments[-1].rsplit(".", 1)[-1] in _FILE_EXTENSIONS and "." in segments[-1]:
        return True
    if any(_utility_segment(s) for s in segments):
        return True
    if _DATE_PATH.search(path) or _CALENDAR_PATH.search(path):
        return True
    return any(_utility_param(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True))


@lru_cache(maxsize=_CACHE_SIZE)
def is_pagination(url: str) -> bool:
    """Tell whether `url` is a page of a series (?page=2, ?p=2, /page/2/, ?PAGEN_1=2...)."""
    parts = urlsplit(url)
    if _PAGINATION_PATH.search(parts.path):
        return True
    return any(is_pagination_param(k, v) for k, v in parse_qsl(parts.query))


def is_pagination_param(name: str, value: str) -> bool:
    """Tell whether a query parameter numbers a page of a series (`page=2`, `p=3`, `seite=2`)."""
    return value.isdigit() and _PAGINATION_PARAMS.match(name) is not None


@lru_cache(maxsize=_CACHE_SIZE)
def looks_like_product(url: str) -> bool:
    """URL shapes shops use for product pages (/product/x, /p/123, -p-123, /123.html...)."""
    parts = urlsplit(url)
    return bool(_PRODUCT_PATH.search(f"{parts.path}?{parts.query}"))


@lru_cache(maxsize=_CACHE_SIZE)
def looks_like_category(url: str) -> bool:
    """URL shapes of category and collection pages."""
    parts = urlsplit(url)
    return bool(_CATEGORY_PATH.search(f"{parts.path}?{parts.query}"))


def with_query(url: str, **params: str) -> str:
    """`url` with query parameters set (or replaced)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query.extend(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_param(url: str, name: str) -> str | None:
    """Return the first value of query parameter `name`, None when absent."""
    return next((v for k, v in parse_qsl(urlsplit(url).query) if k == name), None)


def _kept(name: str, value: str) -> bool:
    if _TRACKING.match(name) or _SESSION.match(name):
        return False
    return not (name == "s" and _HEX32.match(value))


def _netloc(scheme: str, parts: object) -> str | None:
    try:
        host = parts.hostname.encode("idna").decode("ascii")  # type: ignore[attr-defined]
        port = parts.port  # type: ignore[attr-defined]
    except (UnicodeError, ValueError):
        return None
    default = {"http": 80, "https": 443}[scheme]
    return host if port in (None, default) else f"{host}:{port}"


@lru_cache(maxsize=_CACHE_SIZE)
def _bare_host(url: str) -> str:
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _utility_segment(segment: str) -> bool:
    stem = (
        segment.rsplit(".", 1)[0]
        if segment.endswith((".html", ".htm", ".php", ".aspx"))
        else segment
    )
    return stem in _UTILITY_SEGMENTS or segment in _UTILITY_SEGMENTS


def _utility_param(name: str, value: str) -> bool:
    if name == "route" or name.endswith("route"):
        return any(_utility_segment(s) for s in value.lower().split("/"))
    if name == "s":
        return not _HEX32.match(value)
    return bool(_UTILITY_PARAMS.match(name))
