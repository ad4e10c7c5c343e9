// Storefront of the demo single-page-app shop: plain ES2020, no framework, no build step.
// The server answers every page with the same empty shell; this script reads the route,
// fetches the data from its API (the shell's data-api, e.g. /api/v1) and renders it, and
// follows links with pushState.

const PER_PAGE = 12;
const FEATURED = 8;
const STOCK = {
  IN_STOCK: ["in", "I lager"],
  OUT_OF_STOCK: ["out", "Slut i lager"],
  BACKORDER: ["backorder", "Beställningsvara – leverans inom 2–3 veckor"],
  PREORDER: ["preorder", "Förbeställning"],
};

const app = document.getElementById("app");
const API = app.dataset.api || "/api/v1";
let shopData = null;
let navigation = 0;

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

function money(price) {
  const amount = Number(price.amount);
  const digits = Number.isInteger(amount) ? 0 : 2;
  return new Intl.NumberFormat(shopData.shop.locale, {
    style: "currency",
    currency: price.currency,
    minimumFractionDigits: digits,
  }).format(amount);
}

function setHead(title, description) {
  document.title = title;
  let meta = document.querySelector('meta[name="description"]');
  if (!meta) {
    meta = h("meta", { name: "description" });
    document.head.append(meta);
  }
  meta.setAttribute("content", description);
}

function priceBlock(product) {
  const was = product.compareAtPrice;
  return h(
    "p",
    { class: was ? "price price--sale" : "price" },
    h("span", { class: "price__now" }, money(product.price)),
    was && [" ", h("span", { class: "price__was" }, "Ord. pris ", h("s", {}, money(was)))],
  );
}

function stock(product) {
  const [modifier, text] = STOCK[product.availability] ?? STOCK.OUT_OF_STOCK;
  return h("p", { class: `stock stock--${modifier}` }, text);
}

function card(product) {
  return h(
    "li",
    { class: "product-card", "data-id": product.id },
    h(
      "a",
      { class: "product-card__link", href: product.url },
      h("img", { src: product.image, alt: "", width: 240, height: 240, loading: "lazy" }),
      h("span", { class: "product-card__brand" }, product.brand.name),
      h("span", { class: "product-card__title" }, product.title),
    ),
    priceBlock(product),
    stock(product),
  );
}

function grid(products) {
  return h("ul", { class: "product-grid" }, products.map(card));
}

async function homePage() {
  setHead(shopData.seo.title, shopData.seo.description);
  const featured = await api(`${API}/catalog?page=1&per_page=${FEATURED}`);
  return [
    h(
      "section",
      { class: "hero" },
      h("h1", {}, shopData.headline),
      h("p", { class: "hero__tagline" }, shopData.tagline),
      h("a", { class: "button", href: "/sortiment" }, "Se hela sortimentet"),
    ),
    h("section", { class: "featured" }, h("h2", {}, "Populärt just nu"), grid(featured.items)),
    h(
      "section",
      { class: "category-links" },
      h("h2", {}, "Kategorier"),
      h("ul", {}, shopData.categories.map((c) => h("li", {}, h("a", { href: c.url }, c.name)))),
    ),
  ];
}

async function catalogPage(category) {
  const title = category ? category.name : "Hela sortimentet";
  setHead(`${title} | ${shopData.shop.name}`, shopData.seo.description);
  const filter = category ? `&category=${encodeURIComponent(category.slug)}` : "";
  const query = (page) => `${API}/catalog?page=${page}&per_page=${PER_PAGE}${filter}`;
  const first = await api(query(1));
  const list = grid(first.items);
  const section = h(
    "section",
    { class: "catalog" },
    h("h1", {}, title),
    h("p", { class: "catalog__count" }, `${first.total} produkter`),
    list,
  );
  if (first.page < first.pages) section.append(loadMore(list, query, first));
  return section;
}

function loadMore(list, query, first) {
  let { page, pages } = first;
  const button = h("button", { class: "load-more", type: "button" }, "Visa fler");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const next = await api(query(page + 1));
      list.append(...next.items.map(card));
      ({ page, pages } = next);
    } catch (error) {
      console.error(error);
    }
    if (page >= pages) button.remove();
    else button.disabled = false;
  });
  return button;
}

async function productPage(slug) {
  const product = await api(`${API}/products/${encodeURIComponent(slug)}`);
  if (!product) return notFound();
  setHead(`${product.title} | ${shopData.shop.name}`, product.description);
  const orderable = product.availability !== "OUT_OF_STOCK";
  return h(
    "article",
    { class: "product" },
    h(
      "nav",
      { class: "breadcrumbs", "aria-label": "Brödsmulor" },
      h("a", { href: "/" }, "Hem"),
      " › ",
      h("a", { href: `/kategori/${product.category.slug}` }, product.category.name),
    ),
    h("img", { class: "product__image", src: product.image, alt: product.title, width: 480, height: 480 }),
    h(
      "div",
      { class: "product__info" },
      h("p", { class: "product__brand" }, product.brand.name),
      h("h1", { class: "product__title" }, product.title),
      priceBlock(product),
      stock(product),
      h("p", { class: "product__sku" }, `Art.nr: ${product.sku}`),
      h("button", { class: "add-to-cart", type: "button", disabled: !orderable }, orderable ? "Lägg i varukorgen" : "Tillfälligt slut"),
      h("p", { class: "product__description" }, product.description),
    ),
  );
}

function aboutPage() {
  setHead(`Om oss | ${shopData.shop.name}`, shopData.seo.description);
  return h(
    "section",
    { class: "about" },
    h("h1", {}, "Om oss"),
    h("p", {}, `${shopData.shop.name} startade 2014 i Östersund. Vi testar allt vi säljer på fjället.`),
  );
}

function notFound() {
  document.title = `Sidan hittades inte | ${shopData.shop.name}`;
  return h(
    "section",
    { class: "not-found" },
    h("h1", {}, "Sidan hittades inte"),
    h("p", {}, h("a", { href: "/" }, "Till startsidan")),
  );
}

function route(path) {
  if (path === "/") return homePage();
  if (/^\/sortiment\/?$/.test(path)) return catalogPage(null);
  if (/^\/om-oss\/?$/.test(path)) return aboutPage();
  const category = path.match(/^\/kategori\/([\w-]+)\/?$/);
  if (category) {
    const found = shopData.categories.find((c) => c.slug === category[1]);
    return found ? catalogPage(found) : notFound();
  }
  const product = path.match(/^\/p\/([\w-]+)\/?$/);
  return product ? productPage(product[1]) : notFound();
}

function frame() {
  const shop = shopData.shop;
  const menu = [
    h("li", {}, h("a", { href: "/sortiment" }, "Sortiment")),
    shopData.categories.map((c) => h("li", {}, h("a", { href: c.url }, c.name))),
    h("li", {}, h("a", { href: "/om-oss" }, "Om oss")),
  ];
  const social = shop.social.map((url) => {
    const network = new URL(url).hostname.replace(/^www\./, "").split(".")[0];
    return h("li", {}, h("a", { href: url, rel: "me noopener", target: "_blank" }, network));
  });
  app.replaceChildren(
    h(
      "header",
      { class: "site-header" },
      h("a", { class: "site-header__logo", href: "/" }, shop.name),
      h("nav", { class: "site-nav", "aria-label": "Huvudmeny" }, h("ul", {}, menu)),
    ),
    h("main", { id: "main" }),
    h(
      "footer",
      { class: "site-footer" },
      h("ul", { class: "site-footer__social" }, social),
      h("p", {}, `© 2025 ${shop.name} AB`),
    ),
  );
}

async function render() {
  const current = ++navigation;
  try {
    if (!shopData) {
      shopData = await api(`${API}/home`);
      frame();
    }
    const main = document.getElementById("main");
    main.replaceChildren(h("p", { class: "loading", "aria-busy": "true" }, "Laddar…"));
    const content = await route(location.pathname);
    if (current === navigation) main.replaceChildren(...[content].flat());
  } catch (error) {
    console.error(error);
    if (current === navigation) {
      app.replaceChildren(h("p", { class: "error" }, "Något gick fel. Försök igen om en stund."));
      shopData = null;
    }
  }
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (link.target && link.target !== "_self") return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  if (url.href !== location.href) history.pushState(null, "", url.href);
  window.scrollTo(0, 0);
  render();
});
window.addEventListener("popstate", render);
render();
