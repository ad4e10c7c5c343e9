"""Tell an empty JavaScript app shell (it needs a browser) from a page plain HTTP can read.

Single-page-app shops answer every URL with the same few KB: an empty mount point
(`<div id="root">`, `<app-root>`, `#__next`...), script bundles, and at most a loading or
"enable JavaScript" message. A page is a shell when its visible text, such messages set
aside in any language, is nearly empty (beside an empty mount point: no more than a static
header), it loads scripts, and it carries nothing an extractor could use: no product links,
product structured data, prices, or products in an embedded state payload (`__NEXT_DATA__`,
`window.__INITIAL_STATE__`...). A mount point holding server-rendered content means SSR.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from lxml import etree

from crawlers.extractors.base import ExtractionContext, PageKind
from crawlers.extractors.document import Document, text_of
from crawlers.extractors.heuristics import price_text_elements
from crawlers.extractors.json_records import product_records, starts_like_json
from crawlers.extractors.links import extract_links
from crawlers.extractors.structured import types_of
from crawlers.page import FetchedPage

_NEARLY_EMPTY = 60
"""Letters and digits a shell may show without a mount point: a loading line in any language."""
_CHROME = 200
"""Letters and digits beside an empty mount point: a static header, a cookie line."""
_MOUNT_TEXT = 60
"""Letters and digits inside a mount point that alone make it server-rendered."""
_PLACEHOLDER_TEXT = 200
_ELLIPSIS_TEXT = 40

_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template or ancestor::svg or ancestor::head)]"
)
_STRUCTURE = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::a[@href] or self::li or self::td]"
    "[normalize-space()][not(ancestor::noscript or ancestor::template)]"
)
_MOUNT_IDS = frozenset({"__next", "__nuxt", "___gatsby", "gatsby-focus-wrapper", "svelte"})
_MOUNT_IDS |= {"sapper", "q-app", "application", "ember-app"}
# Ids apps mount on: 'root', 'app', 'shop-root', 'react-app', 'app-container', 'storefront-app'.
_MOUNT_ID = re.compile(
    r"(?:[a-z0-9]+[-_])*(?:root|app|spa|mount)(?:[-_](?:root|container|wrapper|mount))?", re.I
)
_MOUNT_TAGS = ("app-root", "cx-storefront", "app", "ion-app")
_MOUNT_ATTRIBUTES = ("data-reactroot", "ng-version", "ng-app", "data-ng-app", "data-v-app")
_MOUNT_ATTRIBUTES += ("data-server-rendered", "data-sveltekit-hydrate")
_MOUNT_CANDIDATES = etree.XPath(
    "//body//*[@id or "
    + " or ".join([f"self::{t}" for t in _MOUNT_TAGS] + [f"@{a}" for a in _MOUNT_ATTRIBUTES])
    + "]"
)
_LOADING = re.compile(
    "|".join(
        (
            r"loading|please wait|one moment|just a moment|initiali[sz]ing|wird geladen|lädt",
            r"bitte warten|einen moment|chargement|veuillez patienter|un instant|cargando",
            r"espere|un momento|carregando|a carregar|aguarde|caricamento|attendere|attendi",
            r"bezig met laden|even geduld|laden\s*(?:\.\.\.|…)|ładowanie|wczytywanie",
            r"proszę czekać|načítání|načítám|čekejte|laddar|vänta|indlæser|vent venligst",
            r"laster|vennligst vent|ladataan|odota|загрузка|загружается|подождите",
            r"ид[её]т загрузка|завантаження|зачекайте|yükleniyor|lütfen bekleyin|φόρτωση",
            r"περιμένετε|betöltés|se încarcă|se incarca|טוען|جار[ي]? التحميل|กำลังโหลด",
            r"đang tải|memuat|読み込み中|読み込んでいます|読込中|ロード中|ローディング",
            r"お待ちください|加载中|載入中|正在加载|请稍候|請稍候|载入中|로딩|불러오는 중|잠시만",
        )
    ),
    re.IGNORECASE,
)
_ELLIPSIS_END = re.compile(r"(?:\.\s?\.\s?\.|…)\s*$")
_SCRIPT_TYPES = frozenset(
    {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
)
_DYNAMIC_IMPORT = re.compile(r"\bimport\s*\(")
_TRACKERS = re.compile(
    r"googletagmanager|google-analytics|gtag/js|googleadservices|googlesyndication|doubleclick"
    r"|facebook\.net|hotjar|clarity\.ms|cookiebot|cookielaw|onetrust|usercentrics|consensu"
    r"|cookieyes|iubenda|segment\.(?:com|io)|plausible|matomo|piwik|newrelic|nr-data|sentry"
    r"|bugsnag|intercom|zdassets|hs-scripts|hubspot|tiktok|pinimg|snapchat|bat\.bing"
    r"|mc\.yandex|klaviyo|trustpilot|recaptcha|hcaptcha|cloudflareinsights|cdn-cgi|tawk\.to"
    r"|criteo|adroll|taboola|outbrain",
    re.IGNORECASE,
)
_FRAMEWORKS = (
    ((b"/_next/", b"__NEXT_DATA__", b"self.__next_f"), "Next.js"),
    ((b"/_nuxt/", b"__NUXT__", b"__NUXT_DATA__"), "Nuxt"),
    ((b"ng-version", b"<app-root", b"<cx-storefront"), "Angular"),
    ((b"__sveltekit", b"/_app/immutable/"), "SvelteKit"),
    ((b"___gatsby",), "Gatsby"),
    ((b"/config/environment", b"ember-cli"), "Ember"),
    ((b"@shopify/hydrogen", b"hydrogen"), "Shopify Hydrogen"),
    ((b"__remixContext",), "Remix"),
    ((b"flutter.js", b"flutter_bootstrap.js", b"main.dart.js"), "Flutter"),
    ((b"blazor.webassembly.js", b"_framework/blazor"), "Blazor"),
    ((b"data-reactroot", b"react-dom", b"/static/js/main."), "React"),
    ((b"data-v-app", b"vue.runtime", b"vue.global"), "Vue"),
    ((b"id=q-app", b'id="q-app"'), "Quasar"),
    ((b"/@vite/client", b'type="module"'), "ES-module bundles"),
)
_PRODUCT_TYPES = frozenset({"Product", "ProductGroup", "IndividualProduct", "ProductModel"})
_STATE_ASSIGNMENT = re.compile(
    r"^\s*(?:(?:window|self|globalThis)\s*\.\s*|(?:var|let|const)\s+)?"
    r"(?:\[\s*[\"'])?([\w$]+)(?:[\"']\s*\])?\s*=\s*(?=[\[{(])"
)
_STATE_NAME = re.compile(r"^__\w+__$|state|data|props|store|apollo|preloaded|initial", re.I)
_STATE_IDS = ("__NEXT_DATA__", "__NUXT_DATA__", "__NUXT__")
_PRICE_KEY = re.compile(r"[\"']?\w*(?:price|Price|PRICE)\w*[\"']?\s*:")
_NAME_KEY = re.compile(r"[\"']?(?:name|title|productName)[\"']?\s*:")


@dataclass(frozen=True, slots=True, kw_only=True)
class AppShell:
    """The verdict on one plain HTTP page: whether it must be rendered in a browser."""

    is_shell: bool
    """True when the page shows nothing until its JavaScript runs."""
    reasons: tuple[str, ...]
    """What decided, in plain words ('empty mount point #root', '4 script bundles')."""


def app_shell(page: FetchedPage) -> AppShell:
    """Tell whether `page` is an empty JavaScript app shell that needs a browser."""
    parts = urlsplit(page.url)
    doc = Document(page, ExtractionContext(homepage=f"{parts.scheme}://{parts.netloc}/"))
    body = doc.root.find("body")
    body = body if body is not None else doc.root
    chars, placeholder = _content(body)
    size = f"{_size(len(page.body))} of HTML, {chars} characters of visible text"
    bundles = _bundles(doc)
    if not bundles:
        return AppShell(is_shell=False, reasons=(size, "no script bundles: nothing would render"))
    filled, empty = _mounts(body)
    if filled:
        return AppShell(is_shell=False, reasons=(size, f"server-rendered content in {filled[0]}"))
    if chars > (_CHROME if empty else _NEARLY_EMPTY):
        return AppShell(is_shell=False, reasons=(size, "the page has visible content"))
    evidence = _evidence(doc)
    if evidence:
        return AppShell(is_shell=False, reasons=(size, *evidence))
    reasons = [size, *(f"empty mount point {label}" for label in empty)]
    if placeholder and chars == 0:
        reasons.append(f"visible text is only a loading message: {placeholder!r}")
    reasons.append(f"{bundles} script bundle{'s' if bundles > 1 else ''}")
    reasons.extend(_hints(doc))
    return AppShell(is_shell=True, reasons=tuple(reasons))


def is_json_response(content_type: str, body_start: bytes) -> bool:
    """Tell whether a response is a JSON document worth keeping (cheap: type and first bytes).

    A declared JSON type needs a body opening an object or array (not an HTML error page);
    an undeclared or generic type (text/plain, text/html, octet-stream) counts when the body
    opens like JSON. Images, fonts, CSS and line-delimited JSON never count.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    if media.startswith(("image/", "audio/", "video/", "font/")) or media == "text/css":
        return False
    if any(marker in media for marker in ("ndjson", "jsonl", "json-seq", "jsonlines")):
        return False
    if not body_start.strip():
        return media.endswith(("/json", "+json")) or media in ("text/json", "text/x-json")
    return starts_like_json(body_start)


def _content(element: etree._Element) -> tuple[int, str | None]:
    """Letters and digits of visible text, loading/JavaScript messages left out; the first one."""
    chars, placeholder = 0, None
    for raw in _VISIBLE_TEXT(element):  # type: ignore[union-attr]
        piece = " ".join(str(raw).split())
        if not piece:
            continue
        if _is_placeholder(piece):
            placeholder = placeholder or piece
        else:
            chars += sum(ch.isalnum() for ch in piece)
    return chars, placeholder


def _is_placeholder(piece: str) -> bool:
    if len(piece) > _PLACEHOLDER_TEXT:
        return False
    if _LOADING.search(piece) or "javascript" in piece.casefold():
        return True
    return len(piece) <= _ELLIPSIS_TEXT and _ELLIPSIS_END.search(piece) is not None


def _size(length: int) -> str:
    return f"{length} bytes" if length < 1024 else f"{round(length / 1024)} KB"


def _bundles(doc: Document) -> int:
    """Scripts that would build the page: external (trackers aside), module and import() ones."""
    sources: set[str] = set()
    inline = 0
    for script in doc.root.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind not in _SCRIPT_TYPES:
            continue  # JSON, JSON-LD, templates
        src = (script.get("src") or "").strip()
        if src:
            sources.update([src] if not _TRACKERS.search(src) else [])
        elif kind == "module" or _DYNAMIC_IMPORT.search(script.text or ""):
            inline += 1
    for link in doc.root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        preload = "preload" in rel and (link.get("as") or "").lower() == "script"
        if ("modulepreload" in rel or preload) and link.get("href"):
            sources.add(link.get("href", "").strip())
    return len(sources) + inline


def _mounts(body: etree._Element) -> tuple[list[str], list[str]]:
    """Labels of the outermost framework mount points: (server-rendered, empty)."""
    found = [el for el in _MOUNT_CANDIDATES(body) if _label(el)]  # type: ignore[union-attr]
    outermost = [el for el in found if not any(a in found for a in el.iterancestors())]  # type: ignore[union-attr]
    filled: list[str] = []
    empty: list[str] = []
    for element in outermost:
        (filled if _rendered(element) else empty).append(_label(element) or "")
    return filled, empty


def _rendered(element: etree._Element) -> bool:
    chars, _placeholder = _content(element)
    if chars == 0:
        return False
    if chars > _MOUNT_TEXT:
        return True
    return any(not _is_placeholder(text_of(el)) for el in _STRUCTURE(element))  # type: ignore[union-attr]


def _label(element: etree._Element) -> str | None:
    """How a mount point is named in reasons ('#root', '<app-root>'), None for other elements."""
    ident = (element.get("id") or "").strip()
    if ident in _MOUNT_IDS or _MOUNT_ID.fullmatch(ident):
        return f"#{ident}"
    if element.tag in _MOUNT_TAGS:
        return f"<{element.tag}>"
    return next((f"[{a}]" for a in _MOUNT_ATTRIBUTES if element.get(a) is not None), None)


def _evidence(doc: Document) -> list[str]:
    """What plain extraction can use: product data, product links, prices, payload products."""
    found: list[str] = []
    nodes = [n for n in doc.structured.all_nodes() if types_of(n) & _PRODUCT_TYPES]
    if nodes:
        found.append(f"{len(nodes)} product{'s' if len(nodes) > 1 else ''} in structured data")
    og = doc.structured.opengraph
    if og.get("og:type", "").lower() == "product" or og.get("product:price:amount"):
        found.append("OpenGraph product tags")
    links = [link for link in extract_links(doc) if link.kind == PageKind.PRODUCT]
    if links:
        found.append(f"{len(links)} product links")
    prices = [el for el in price_text_elements(doc) if not _hidden(el)]
    if prices:
        found.append(f"{len(prices)} prices in the text")
    found.extend(f"the {name} payload holds {count} products" for name, count in _payloads(doc))
    return found


def _hidden(element: etree._Element) -> bool:
    return any(a.tag in ("noscript", "template", "script") for a in element.iterancestors())


def _payloads(doc: Document) -> list[tuple[str, int]]:
    """Embedded state payloads holding products: (payload name, products)."""
    found = []
    for script in doc.root.iter("script"):
        name, text = _payload(script)
        count = _payload_products(text) if name else 0
        if count:
            found.append((name, count))
    return found


def _payload(script: etree._Element) -> tuple[str, str]:
    """(name, JSON-ish text) of a state script (`__NEXT_DATA__`, `window.X = {...}`), else ''."""
    text = script.text or ""
    kind = (script.get("type") or "").strip().lower()
    ident = script.get("id") or ""
    if ident in _STATE_IDS or kind == "application/json":
        return ident or "JSON script", text
    assignment = _STATE_ASSIGNMENT.match(text) if kind in _SCRIPT_TYPES else None
    if assignment and _STATE_NAME.search(assignment.group(1)):
        return f"window.{assignment.group(1)}", text[assignment.end() :]
    return "", ""


def _payload_products(text: str) -> int:
    """Products in a payload: records when it is JSON, else a guess from its price keys."""
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        return 0
    try:
        decoder = json.JSONDecoder(parse_float=Decimal)
        data, _end = decoder.raw_decode(text, start)
    except ValueError:
        data = None  # a JavaScript literal (Nuxt 2 wraps its state in a function call)
    if isinstance(data, dict) or (isinstance(data, list) and not _flat(data)):
        return len(product_records(data))
    prices = len(_PRICE_KEY.findall(text))
    return prices if prices >= 2 and _NAME_KEY.search(text) else 0


def _flat(data: list[object]) -> bool:
    """A devalue-style payload (Nuxt 3): objects point at other array slots by index."""
    return len(data) > 2 and all(not isinstance(v, dict | list) or _indexes(v) for v in data[:20])


def _indexes(value: dict[object, object] | list[object]) -> bool:
    values = value.values() if isinstance(value, dict) else value[1:]
    return all(isinstance(v, int) for v in values)


def _hints(doc: Document) -> list[str]:
    """Human hints: the framework the page is built with, a noscript asking for JavaScript."""
    hints = [name for markers, name in _FRAMEWORKS if doc.contains(*markers)][:1]
    found = [f"built with {hints[0]}"] if hints else []
    for noscript in doc.root.iter("noscript"):
        text = " ".join("".join(noscript.itertext()).split()).casefold()
        if "javascript" in text or re.search(r"\bjs\b", text):
            found.append("noscript asks for JavaScript")
            break
    return found
