// The cart in the visitor's browser: localStorage `caredesk.cart.<slug>` holds JSON
// `[{"productId":"…","quantity":2}]`. Whatever is stored there is checked on the way in (another
// script or an old version may have written it), and every change is written back at once.
import { cartStorageKey, type CartLine } from "./props";

export const maxCartLines = 50;
export const maxQuantity = 99;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The well-formed lines of a stored cart (one per product, quantities 1–99, at most 50). */
export function parseCart(raw: string | null): CartLine[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const lines: CartLine[] = [];
  for (const entry of value as unknown[]) {
    if (!entry || typeof entry !== "object") continue;
    const { productId, quantity } = entry as { productId?: unknown; quantity?: unknown };
    if (typeof productId !== "string" || !uuid.test(productId)) continue;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) continue;
    if (lines.some((l) => l.productId === productId)) continue;
    lines.push({ productId, quantity: Math.min(quantity, maxQuantity) });
    if (lines.length === maxCartLines) break;
  }
  return lines;
}

/** Adds units of a product (a new line at the end); null when the cart cannot take them. */
export function addToCart(
  lines: CartLine[],
  productId: string,
  quantity: number,
): CartLine[] | null {
  const existing = lines.find((l) => l.productId === productId);
  if (existing) {
    return lines.map((l) =>
      l.productId === productId
        ? { productId, quantity: Math.min(maxQuantity, l.quantity + quantity) }
        : l,
    );
  }
  if (lines.length >= maxCartLines) return null;
  return [...lines, { productId, quantity: Math.min(maxQuantity, Math.max(1, quantity)) }];
}

/** Sets a line's quantity (1–99); 0 or less removes it. */
export function setQuantity(lines: CartLine[], productId: string, quantity: number): CartLine[] {
  if (!Number.isFinite(quantity) || quantity < 1) return removeFromCart(lines, productId);
  const q = Math.min(maxQuantity, Math.floor(quantity));
  return lines.map((l) => (l.productId === productId ? { productId, quantity: q } : l));
}

export function removeFromCart(lines: CartLine[], productId: string): CartLine[] {
  return lines.filter((l) => l.productId !== productId);
}

/** The stored cart of a practice (empty where storage is blocked). */
export function loadCart(slug: string): CartLine[] {
  try {
    return parseCart(localStorage.getItem(cartStorageKey(slug)));
  } catch {
    return [];
  }
}

export function saveCart(slug: string, lines: CartLine[]): void {
  try {
    if (lines.length === 0) localStorage.removeItem(cartStorageKey(slug));
    else localStorage.setItem(cartStorageKey(slug), JSON.stringify(lines));
  } catch {
    // storage full or blocked: the cart lasts as long as the page
  }
}
