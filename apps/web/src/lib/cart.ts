// The shop's cart as the practice's site leaves it for the portal's checkout: in this origin's
// storage (`caredesk.cart.<slug>`, written by the site's cart island), or — from a practice's own
// domain, whose storage this origin cannot read — in the checkout link (`items=<id>:<qty>,…`).

export interface CartLine {
  productId: string;
  quantity: number;
}

/** At most this many lines and units of a line, as an order takes them. */
const maxLines = 50;
const maxQuantity = 100;

export function cartKey(slug: string) {
  return `caredesk.cart.${slug}`;
}

/** The cart the site's island stored, or nothing when it is missing or not a cart. */
export function readCart(slug: string): CartLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(cartKey(slug)) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((line: unknown) => {
      if (!line || typeof line !== "object") return [];
      const { productId, quantity } = line as Record<string, unknown>;
      return typeof productId === "string" &&
        typeof quantity === "number" &&
        Number.isInteger(quantity) &&
        quantity > 0
        ? [{ productId, quantity: Math.min(quantity, maxQuantity) }]
        : [];
    });
  } catch {
    return [];
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The lines of a cart carried in a link (`<productId>:<quantity>,…`): well-formed ids and whole
 * quantities only, each product once, capped as an order is. Anything else is left out — the
 * server prices and checks what remains.
 */
export function cartFromLink(items: string): CartLine[] {
  const lines = new Map<string, number>();
  for (const part of items.split(",")) {
    const [id = "", count = ""] = part.trim().split(":");
    const productId = id.toLowerCase();
    const quantity = Number(count);
    if (!uuid.test(productId) || !/^\d{1,4}$/.test(count) || quantity < 1) continue;
    if (lines.has(productId) || lines.size >= maxLines) continue;
    lines.set(productId, Math.min(quantity, maxQuantity));
  }
  return [...lines].map(([productId, quantity]) => ({ productId, quantity }));
}

/** Keeps a linked cart as this origin's cart of the practice; answers how many lines it had. */
export function writeCartFromLink(slug: string, items: string): number {
  const lines = cartFromLink(items);
  if (lines.length > 0) localStorage.setItem(cartKey(slug), JSON.stringify(lines));
  return lines.length;
}
