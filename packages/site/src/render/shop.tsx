/** @jsxRuntime automatic */
/** @jsxImportSource react */
// A pharmacy's shop on its public site, rendered on the server: the products list (a GET search
// form, a category filter, pages), a product's page, and the home page's few products. Readable
// without JavaScript; the cart island (islands/cart.tsx) shows the "Add to cart" controls and the
// cart itself once its script runs.
import type { ReactNode } from "react";
import type { CartIslandProps } from "../islands/props";
import type { Messages } from "../messages/en";
import type { ProductAvailability, ProductListing, SiteData, SiteProductData } from "../types";
import { fill, formatPrice, type SiteLang } from "./format";
import { imagePath, productPath, productsPath, type SiteUrls } from "./urls";

export interface ShopCtx {
  data: SiteData;
  m: Messages;
  lang: SiteLang;
  tag: string;
  urls: SiteUrls;
  appOrigin: string;
  onCustomDomain: boolean;
}

/** The price of a product as the shop writes it (never "Free": a product at 0 costs nothing). */
export function productPrice(ctx: Pick<ShopCtx, "m" | "tag">, item: SiteProductData): string {
  return formatPrice(item.priceMinor, item.currency, ctx.tag, ctx.m);
}

export function availabilityWords(m: Messages, availability: ProductAvailability): string {
  return availability === "in_stock"
    ? m.products.inStock
    : availability === "low"
      ? m.products.low
      : m.products.outOfStock;
}

/** "Tablet · 500 mg" */
export function formAndStrength(m: Messages, item: SiteProductData): string {
  const form = item.form === "other" ? null : m.productForm[item.form];
  return [form, item.strength].filter(Boolean).join(" · ");
}

/** The same, with the strength kept in its own direction ("20 mg" inside an Arabic line). */
function FormAndStrength({ m, item }: { m: Messages; item: SiteProductData }) {
  const form = item.form === "other" ? null : m.productForm[item.form];
  return (
    <>
      {form}
      {form && item.strength && " · "}
      {item.strength && <bdi>{item.strength}</bdi>}
    </>
  );
}

/** The shop's pages' address on the host serving this request. */
export function productsHref(
  urls: SiteUrls,
  query: { q?: string; category?: string | null; page?: number } = {},
): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.category) params.set("category", query.category);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return `${urls.basePath}${productsPath}${search ? `?${search}` : ""}`;
}

function ShopSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="wrap">
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </section>
  );
}

function Badges({ ctx, item }: { ctx: ShopCtx; item: SiteProductData }) {
  const { m } = ctx;
  return (
    <p className="badges">
      <span className={`badge stock-${item.availability}`}>
        {availabilityWords(m, item.availability)}
      </span>
      {item.prescriptionOnly && <span className="badge rx">{m.products.prescription}</span>}
    </p>
  );
}

function ProductImage({
  ctx,
  item,
  size,
  lazy,
}: {
  ctx: ShopCtx;
  item: SiteProductData;
  size: number;
  lazy: boolean;
}) {
  const { data, m } = ctx;
  const image = item.imageFileId;
  if (!image) {
    return (
      <span className="pimg ph" aria-hidden="true">
        {item.name.trim().charAt(0).toUpperCase()}
      </span>
    );
  }
  const src = (w: number) => imagePath(data.org.slug, image, w);
  return (
    <img
      className="pimg"
      src={src(size > 200 ? 640 : 320)}
      srcSet={`${src(160)} 160w, ${src(320)} 320w, ${src(640)} 640w`}
      sizes={`(min-width: 48rem) ${size}px, 100vw`}
      alt={fill(m.products.image, { name: item.name })}
      width={size}
      height={size}
      {...(lazy ? { loading: "lazy" as const } : {})}
      decoding="async"
    />
  );
}

/** "Add to cart": shown by the cart island (hidden without JavaScript, which could not use it). */
function AddToCart({
  ctx,
  item,
  withQuantity,
}: {
  ctx: ShopCtx;
  item: SiteProductData;
  withQuantity: boolean;
}) {
  const { m } = ctx;
  const soldOut = item.availability === "out_of_stock";
  const quantityId = `qty-${item.id}`;
  return (
    <div className="add" data-cart-only="" hidden>
      {withQuantity && !soldOut && (
        <label className="qty" htmlFor={quantityId}>
          {m.products.quantity}
          <input
            id={quantityId}
            type="number"
            min={1}
            max={99}
            defaultValue={1}
            inputMode="numeric"
          />
        </label>
      )}
      <button
        type="button"
        className="cta"
        data-cart-add={item.id}
        data-cart-name={item.name}
        {...(withQuantity ? { "data-cart-quantity": quantityId } : {})}
        disabled={soldOut}
      >
        {soldOut ? m.products.outOfStock : m.products.addToCart}
      </button>
    </div>
  );
}

function ProductCard({
  ctx,
  item,
  withAdd,
}: {
  ctx: ShopCtx;
  item: SiteProductData;
  withAdd: boolean;
}) {
  const { m, urls } = ctx;
  const detail = formAndStrength(m, item);
  return (
    <li className="card product">
      <ProductImage ctx={ctx} item={item} size={320} lazy />
      <h3>
        <a href={`${urls.basePath}${productPath(item.id)}`}>
          <bdi>{item.name}</bdi>
        </a>
      </h3>
      {item.genericName && (
        <p className="muted">
          <bdi>{item.genericName}</bdi>
        </p>
      )}
      {detail && (
        <p className="muted">
          <FormAndStrength m={m} item={item} />
        </p>
      )}
      <p className="price">{productPrice(ctx, item)}</p>
      <Badges ctx={ctx} item={item} />
      {withAdd && <AddToCart ctx={ctx} item={item} withQuantity={false} />}
    </li>
  );
}

/** Where the cart is shown (by its island) on the shop's pages. */
export function cartIslandProps(ctx: ShopCtx): CartIslandProps {
  const { data } = ctx;
  const checkoutUrl = `${ctx.appOrigin.replace(/\/$/, "")}/portal/checkout?practice=${encodeURIComponent(data.org.slug)}`;
  return {
    slug: data.org.slug,
    lang: ctx.lang,
    currency: data.org.currency,
    formatTag: ctx.tag,
    checkoutUrl,
    carryItems: ctx.onCustomDomain,
  };
}

function CartIsland({ ctx }: { ctx: ShopCtx }) {
  const { m } = ctx;
  return (
    <aside
      className="cart"
      aria-label={m.products.cart}
      data-island="cart"
      data-props={JSON.stringify(cartIslandProps(ctx))}
    >
      <noscript>
        <p>{m.products.noScript}</p>
      </noscript>
    </aside>
  );
}

function SearchForm({ ctx, listing }: { ctx: ShopCtx; listing: ProductListing }) {
  const { m, urls } = ctx;
  return (
    <form className="search" role="search" method="get" action={`${urls.basePath}${productsPath}`}>
      <label htmlFor="q">
        {m.products.search}
        <input
          id="q"
          type="search"
          name="q"
          defaultValue={listing.q}
          placeholder={m.products.searchPlaceholder}
          maxLength={100}
          autoComplete="off"
        />
      </label>
      {listing.categories.length > 0 && (
        <label htmlFor="category">
          {m.products.category}
          <select id="category" name="category" defaultValue={listing.category ?? ""}>
            <option value="">{m.products.allCategories}</option>
            {listing.categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" className="cta">
        {m.products.submit}
      </button>
    </form>
  );
}

/** The products list: search, category, a page of cards, previous and next. */
export function ProductsMain({ ctx, listing }: { ctx: ShopCtx; listing: ProductListing }) {
  const { m, urls } = ctx;
  const filtered = listing.q !== "" || listing.category !== null;
  const link = (page: number) =>
    productsHref(urls, { q: listing.q, category: listing.category, page });
  return (
    <>
      <section className="hero shop-hero" aria-labelledby="products-title">
        <div className="wrap">
          <div>
            <p className="kind">{ctx.data.org.name}</p>
            <h1 id="products-title">{m.products.title}</h1>
          </div>
          <SearchForm ctx={ctx} listing={listing} />
        </div>
      </section>
      <section id="products" aria-labelledby="results-title">
        <div className="wrap">
          <h2 id="results-title" className={listing.q ? undefined : "sr"}>
            {listing.q ? fill(m.products.results, { q: listing.q }) : m.products.title}
          </h2>
          {listing.items.length === 0 ? (
            <p role="status">{filtered ? m.products.none : m.products.empty}</p>
          ) : (
            <ul className="grid products">
              {listing.items.map((item) => (
                <ProductCard key={item.id} ctx={ctx} item={item} withAdd />
              ))}
            </ul>
          )}
          {(listing.page > 1 || listing.hasMore) && (
            <nav className="pager" aria-label={fill(m.products.page, { page: listing.page })}>
              {listing.page > 1 && (
                <a className="tap" rel="prev" href={link(listing.page - 1)}>
                  {m.products.previous}
                </a>
              )}
              <span className="muted">{fill(m.products.page, { page: listing.page })}</span>
              {listing.hasMore && (
                <a className="tap" rel="next" href={link(listing.page + 1)}>
                  {m.products.next}
                </a>
              )}
            </nav>
          )}
        </div>
      </section>
      <ShopSection id="cart" title={m.products.cart}>
        <CartIsland ctx={ctx} />
      </ShopSection>
    </>
  );
}

/** One product: details, price with tax, availability, the prescription badge, add to cart. */
export function ProductMain({ ctx, item }: { ctx: ShopCtx; item: SiteProductData }) {
  const { m, urls } = ctx;
  const detail = formAndStrength(m, item);
  return (
    <>
      <section className="hero" aria-labelledby="product-name">
        <div className="wrap product-page">
          <ProductImage ctx={ctx} item={item} size={320} lazy={false} />
          <div>
            <p className="kind">
              <a href={productsHref(urls, { category: item.category })}>
                {item.category ?? m.products.all}
              </a>
            </p>
            <h1 id="product-name">
              <bdi>{item.name}</bdi>
            </h1>
            {item.genericName && (
              <p>
                <bdi>{item.genericName}</bdi>
              </p>
            )}
            {detail && (
              <p>
                <FormAndStrength m={m} item={item} />
              </p>
            )}
            <p className="price big">{productPrice(ctx, item)}</p>
            <p className="muted">{m.products.priceIncludesTax}</p>
            <Badges ctx={ctx} item={item} />
            {item.prescriptionOnly && <p className="rx-note">{m.products.prescriptionNote}</p>}
            <AddToCart ctx={ctx} item={item} withQuantity />
            <noscript>
              <p>{m.products.noScript}</p>
            </noscript>
          </div>
        </div>
      </section>
      {(item.description || item.genericName || detail) && (
        <ShopSection id="details" title={m.products.details}>
          <dl>
            {item.genericName && (
              <>
                <dt>{m.products.generic}</dt>
                <dd>
                  <bdi>{item.genericName}</bdi>
                </dd>
              </>
            )}
            {detail && (
              <>
                <dt>{m.products.formAndStrength}</dt>
                <dd>
                  <FormAndStrength m={m} item={item} />
                </dd>
              </>
            )}
          </dl>
          {item.description && <p dir="auto">{item.description}</p>}
        </ShopSection>
      )}
      <ShopSection id="cart" title={m.products.cart}>
        <CartIsland ctx={ctx} />
      </ShopSection>
      <p className="wrap">
        <a className="tap" href={productsHref(urls)}>
          {m.products.all}
        </a>
      </p>
    </>
  );
}

/** The home page's few products and a link to all of them. */
export function ProductsSection({ ctx }: { ctx: ShopCtx }) {
  const { data, m, urls } = ctx;
  const items = data.products ?? [];
  if (items.length === 0) return null;
  return (
    <ShopSection id="products" title={m.sections.products}>
      <ul className="grid products">
        {items.map((item) => (
          <ProductCard key={item.id} ctx={ctx} item={item} withAdd={false} />
        ))}
      </ul>
      <p>
        <a className="cta alt" href={productsHref(urls)}>
          {m.products.seeAll}
        </a>
      </p>
    </ShopSection>
  );
}
