// The cart island of a pharmacy's shop pages: "Add to cart" on the page's products, the cart
// with quantities, remove, total and the prescription note, kept in localStorage. Prices and
// availability are never trusted from the page or the storage: every change asks the server
// (`shop.quote`) for the current ones, and "Checkout" asks once more before it hands over to the
// portal's checkout.
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent as ReactMouseEvent,
} from "react";
import { ApiError, query } from "./api";
import { cartTranslator } from "./cart-messages";
import { addToCart, loadCart, removeFromCart, saveCart, setQuantity } from "./cart-store";
import { cartStorageKey, checkoutHref, type CartIslandProps, type CartLine } from "./props";
import { formatMoney } from "./time";

interface QuoteLine {
  productId: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
  prescriptionOnly: boolean;
  availability: "in_stock" | "low" | "out_of_stock";
  enough: boolean;
}

interface Quote {
  currency: string;
  lines: QuoteLine[];
  totalMinor: number;
  prescriptionNeeded: boolean;
  allAvailable: boolean;
}

/** The last answer, for the cart it was asked for (`key`); another key means "checking". */
interface Answer {
  key: string;
  status: "done" | "error";
  quote: Quote | null;
}

const keyOf = (lines: CartLine[], reload: number) =>
  `${reload}|${lines.map((l) => `${l.productId}:${l.quantity}`).join(",")}`;

const sameLines = (a: CartLine[], b: CartLine[]) =>
  a.length === b.length &&
  a.every((l, i) => l.productId === b[i]?.productId && l.quantity === b[i]?.quantity);

/** Product ids the server no longer sells (NOT_FOUND on `items.<i>.productId`). */
function unknownProducts(error: unknown, lines: CartLine[]): string[] {
  if (!(error instanceof ApiError) || error.code !== "NOT_FOUND") return [];
  return Object.keys(error.fieldErrors).flatMap((field) => {
    const match = /^items\.(\d+)\.productId$/.exec(field);
    const line = match ? lines[Number(match[1])] : undefined;
    return line ? [line.productId] : [];
  });
}

export function CartIsland({ props }: { props: CartIslandProps }) {
  const t = useMemo(() => cartTranslator(props.lang, props.messages), [props.lang, props.messages]);
  const money = useCallback(
    (minor: number, currency = props.currency) => formatMoney(minor, currency, props.formatTag),
    [props.currency, props.formatTag],
  );
  const [lines, setLines] = useState<CartLine[]>(() => loadCart(props.slug));
  const [answer, setAnswer] = useState<Answer>({ key: "", status: "done", quote: null });
  const [checking, setChecking] = useState(false);
  const [notice, setNotice] = useState("");
  const [reload, setReload] = useState(0);
  const linesRef = useRef(lines);
  useEffect(() => {
    linesRef.current = lines;
  }, [lines]);

  const change = useCallback(
    (next: CartLine[]) => {
      linesRef.current = next;
      setLines(next);
      saveCart(props.slug, next);
    },
    [props.slug],
  );

  /** Prices the cart now; products no longer sold are dropped from it (and said so). */
  const quote = useCallback(
    async (asked: CartLine[]): Promise<Quote | null> => {
      for (let attempt = 0; attempt < 3 && asked.length > 0; attempt++) {
        try {
          return await query<Quote>("shop.quote", { slug: props.slug, items: asked });
        } catch (error) {
          const gone = unknownProducts(error, asked);
          if (gone.length === 0) throw error;
          asked = asked.filter((l) => !gone.includes(l.productId));
          change(asked);
          setNotice(t("cart.removed", { count: gone.length }));
        }
      }
      return null;
    },
    [props.slug, change, t],
  );

  // Every change of the cart is priced again (the last answer stays shown meanwhile).
  const key = keyOf(lines, reload);
  useEffect(() => {
    if (lines.length === 0) return;
    let current = true;
    const timer = setTimeout(() => {
      quote(lines).then(
        (quoted) => {
          if (current) setAnswer({ key, status: "done", quote: quoted });
        },
        () => {
          if (current) setAnswer((last) => ({ key, status: "error", quote: last.quote }));
        },
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, lines, quote]);

  // Another tab changed the cart.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== cartStorageKey(props.slug)) return;
      const next = loadCart(props.slug);
      if (!sameLines(next, linesRef.current)) setLines(next);
    };
    addEventListener("storage", onStorage);
    return () => removeEventListener("storage", onStorage);
  }, [props.slug]);

  // The page's "Add to cart" controls: shown now that they work.
  useEffect(() => {
    for (const el of document.querySelectorAll<HTMLElement>("[data-cart-only]")) el.hidden = false;
    const onClick = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      const button = target?.closest<HTMLButtonElement>("button[data-cart-add]");
      if (!button || button.disabled) return;
      const productId = button.dataset.cartAdd ?? "";
      const quantityInput = button.dataset.cartQuantity
        ? document.getElementById(button.dataset.cartQuantity)
        : null;
      const asked =
        quantityInput instanceof HTMLInputElement ? Math.floor(Number(quantityInput.value)) : 1;
      const quantity = Number.isFinite(asked) && asked >= 1 ? Math.min(asked, 99) : 1;
      const next = addToCart(linesRef.current, productId, quantity);
      if (!next) {
        setNotice(t("cart.full"));
        return;
      }
      change(next);
      const name = button.dataset.cartName;
      setNotice(name ? t("cart.added", { name }) : t("cart.addedGeneric"));
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [change, t]);

  const loading = checking || answer.key !== key;
  const shown = answer.quote;
  const byId = new Map(shown?.lines.map((l) => [l.productId, l]) ?? []);
  const count = lines.reduce((sum, l) => sum + l.quantity, 0);
  const ready =
    !loading &&
    answer.status === "done" &&
    shown !== null &&
    shown.allAvailable &&
    sameLinesAsQuote(lines, shown);

  // Priced once more at the moment of checkout: stock may have gone since the last look.
  const checkout = async (event: ReactMouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (!ready) return;
    setChecking(true);
    const asked = linesRef.current;
    try {
      const fresh = await quote(asked);
      const now = linesRef.current;
      setAnswer({ key: keyOf(now, reload), status: "done", quote: fresh });
      if (fresh?.allAvailable && sameLinesAsQuote(now, fresh)) {
        location.assign(checkoutHref(props, now));
      } else if (fresh) {
        setNotice(t("cart.fixFirst"));
      }
    } catch {
      setAnswer((last) => ({
        key: keyOf(linesRef.current, reload),
        status: "error",
        quote: last.quote,
      }));
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="cd-cart">
      <p className="cd-cart-notice" role="status" aria-live="polite">
        {notice}
      </p>
      {lines.length > 0 && (
        <a className="cd-cart-fab" href="#cart">
          {t("cart.open", { count })}
        </a>
      )}
      {lines.length === 0 ? (
        <p>{t("cart.empty")}</p>
      ) : (
        <>
          <p className="cd-cart-muted">
            {count === 1 ? t("cart.itemsOne") : t("cart.items", { count })}
          </p>
          <ul className="cd-cart-lines">
            {lines.map((line) => {
              const q = byId.get(line.productId);
              const name = q?.name ?? "…";
              return (
                <li key={line.productId} className="cd-cart-line">
                  <div className="cd-cart-name">
                    <strong>
                      <bdi>{name}</bdi>
                    </strong>
                    {q && (
                      <span className="cd-cart-muted">
                        {money(q.unitPriceMinor, shown?.currency)}
                      </span>
                    )}
                    {q?.prescriptionOnly && (
                      <span className="cd-cart-badge">{t("cart.prescription")}</span>
                    )}
                    {q && q.availability === "out_of_stock" && (
                      <span className="cd-cart-warn">{t("cart.outOfStock")}</span>
                    )}
                    {q && q.availability !== "out_of_stock" && !q.enough && (
                      <span className="cd-cart-warn">{t("cart.notEnough")}</span>
                    )}
                  </div>
                  <div className="cd-cart-qty">
                    <button
                      type="button"
                      aria-label={t("cart.decrease", { name })}
                      onClick={() => change(setQuantity(lines, line.productId, line.quantity - 1))}
                    >
                      −
                    </button>
                    <input
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={99}
                      value={line.quantity}
                      aria-label={t("cart.quantity", { name })}
                      onChange={(e) => {
                        const value = Math.floor(Number(e.target.value));
                        if (Number.isFinite(value) && value >= 1) {
                          change(setQuantity(lines, line.productId, value));
                        }
                      }}
                    />
                    <button
                      type="button"
                      aria-label={t("cart.increase", { name })}
                      disabled={line.quantity >= 99}
                      onClick={() => change(setQuantity(lines, line.productId, line.quantity + 1))}
                    >
                      +
                    </button>
                  </div>
                  <span className="cd-cart-sum">
                    {q && q.quantity === line.quantity
                      ? money(q.lineTotalMinor, shown?.currency)
                      : ""}
                  </span>
                  <button
                    type="button"
                    className="cd-cart-remove"
                    aria-label={t("cart.remove", { name })}
                    onClick={() => change(removeFromCart(lines, line.productId))}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
          {loading && <p className="cd-cart-muted">{t("cart.checking")}</p>}
          {!loading && answer.status === "error" && (
            <p className="cd-cart-error" role="alert">
              {t("cart.error")}{" "}
              <button type="button" onClick={() => setReload((n) => n + 1)}>
                {t("cart.retry")}
              </button>
            </p>
          )}
          {shown && (
            <p className="cd-cart-total">
              <span>{t("cart.total")}</span>
              <strong>{money(shown.totalMinor, shown.currency)}</strong>
            </p>
          )}
          <p className="cd-cart-muted">{t("cart.taxIncluded")}</p>
          {shown?.prescriptionNeeded && <p className="cd-cart-rx">{t("cart.prescriptionNote")}</p>}
          {shown && !shown.allAvailable && <p className="cd-cart-warn">{t("cart.fixFirst")}</p>}
          <a
            className="cd-cart-checkout"
            href={ready ? checkoutHref(props, lines) : undefined}
            aria-disabled={!ready}
            role="link"
            onClick={(e) => void checkout(e)}
          >
            {t("cart.checkout")}
          </a>
        </>
      )}
    </div>
  );
}

/** Whether a quote answers exactly these lines (quantities included). */
function sameLinesAsQuote(lines: CartLine[], quote: Quote): boolean {
  return (
    lines.length === quote.lines.length &&
    lines.every(
      (l, i) =>
        quote.lines[i]?.productId === l.productId && quote.lines[i]?.quantity === l.quantity,
    )
  );
}

/** The cart's CSS (logical properties only, so Arabic pages mirror); main.ts adds it once. */
export const cartCss = `
.cd-cart{display:flex;flex-direction:column;gap:.75rem;min-width:0}
.cd-cart p{margin:0}
.cd-cart-notice:empty{display:none}
.cd-cart-notice{padding:.5rem .75rem;border-radius:.5rem;background:#f0fdf4;color:#14532d;border-inline-start:4px solid #15803d}
.cd-cart-muted{color:var(--muted,#475569);font-size:.9rem}
.cd-cart-lines{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.5rem}
.cd-cart-line{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.5rem 1rem;align-items:center;padding-block:.5rem;border-block-end:1px solid var(--line,#e2e8f0)}
@media (min-width:40rem){.cd-cart-line{grid-template-columns:minmax(0,1fr) auto 6rem auto}}
.cd-cart-name{display:flex;flex-direction:column;gap:.125rem;min-width:0;overflow-wrap:anywhere}
.cd-cart-badge{align-self:flex-start;font-size:.8rem;font-weight:700;padding:.1rem .5rem;border-radius:999px;background:#fef3c7;color:#78350f}
.cd-cart-warn{color:#b91c1c;font-weight:600;font-size:.9rem}
.cd-cart-qty{display:inline-flex;align-items:center;gap:.25rem}
.cd-cart-qty button,.cd-cart-remove,.cd-cart-error button{min-inline-size:44px;min-block-size:44px;border:1px solid #94a3b8;border-radius:.5rem;background:#fff;color:#0f172a;font:inherit;font-weight:700;cursor:pointer}
.cd-cart-qty button:disabled{color:#64748b;cursor:not-allowed}
.cd-cart-qty input{inline-size:3.5rem;min-block-size:44px;text-align:center;border:1px solid #64748b;border-radius:.5rem;font:inherit}
.cd-cart-sum{font-weight:700;text-align:end;font-variant-numeric:tabular-nums}
.cd-cart-total{display:flex;justify-content:space-between;font-size:1.125rem}
.cd-cart-rx{padding:.5rem .75rem;border-radius:.5rem;background:#fffbeb;color:#78350f;border-inline-start:4px solid #b45309}
.cd-cart-error{color:#7f1d1d}
.cd-cart-checkout{display:inline-flex;align-items:center;justify-content:center;min-block-size:48px;padding:.75rem 1.25rem;border-radius:var(--radius,.5rem);background:var(--link,#0f766e);color:#fff;font-weight:700;text-decoration:none;cursor:pointer}
.cd-cart-checkout[aria-disabled=true]{opacity:.55;cursor:not-allowed}
.cd-cart-fab{position:fixed;inset-block-end:1rem;inset-inline-end:1rem;z-index:5;display:inline-flex;align-items:center;min-block-size:48px;padding-inline:1rem;border-radius:999px;background:var(--link,#0f766e);color:#fff;font-weight:700;text-decoration:none;box-shadow:0 2px 8px rgb(0 0 0/.25)}
.cd-cart a:focus-visible,.cd-cart button:focus-visible,.cd-cart input:focus-visible{outline:3px solid var(--focus,#f59e0b);outline-offset:2px}
`;
