// The shop's pure parts: the cart as stored in the browser (whatever another script left there),
// the checkout link, the cart's words in both languages, and prices as schema.org writes them.
import { describe, expect, it } from "vitest";
import { decimalPrice } from "../src";
import { cartMessagesAr, cartMessagesEn, cartTranslator } from "../src/islands/cart-messages";
import { addToCart, parseCart, removeFromCart, setQuantity } from "../src/islands/cart-store";
import { cartStorageKey, checkoutHref } from "../src/islands/props";

const a = "0b6f2a56-1f0e-4c53-9a4e-7d2f5d0c9a11";
const b = "5c1e7b9a-2d3f-4a6b-8c9d-0e1f2a3b4c5d";

describe("the stored cart", () => {
  it("is kept under the practice's own key as [{productId, quantity}]", () => {
    expect(cartStorageKey("demo-pharmacy")).toBe("caredesk.cart.demo-pharmacy");
    const stored = JSON.stringify([{ productId: a, quantity: 2 }]);
    expect(parseCart(stored)).toEqual([{ productId: a, quantity: 2 }]);
  });

  it("keeps only well-formed lines, once per product, 1–99 each", () => {
    const stored = JSON.stringify([
      { productId: a, quantity: 2 },
      { productId: a, quantity: 5 },
      { productId: "not-an-id", quantity: 1 },
      { productId: b, quantity: 0 },
      { productId: b, quantity: 1.5 },
      { productId: b, quantity: 500 },
      "junk",
      null,
    ]);
    expect(parseCart(stored)).toEqual([
      { productId: a, quantity: 2 },
      { productId: b, quantity: 99 },
    ]);
    expect(parseCart("{")).toEqual([]);
    expect(parseCart('{"productId":"x"}')).toEqual([]);
    expect(parseCart(null)).toEqual([]);
  });

  it("adds to a line, sets and removes quantities", () => {
    let lines = addToCart([], a, 2) ?? [];
    lines = addToCart(lines, a, 3) ?? [];
    lines = addToCart(lines, b, 1) ?? [];
    expect(lines).toEqual([
      { productId: a, quantity: 5 },
      { productId: b, quantity: 1 },
    ]);
    expect(addToCart(lines, a, 200)?.[0]?.quantity).toBe(99);
    expect(setQuantity(lines, b, 0)).toEqual([{ productId: a, quantity: 5 }]);
    expect(removeFromCart(lines, a)).toEqual([{ productId: b, quantity: 1 }]);
  });
});

describe("checkout", () => {
  const props = { checkoutUrl: "https://caredesk.app/portal/checkout?practice=demo-pharmacy" };
  it("links to the portal's checkout, which reads the same storage", () => {
    expect(checkoutHref({ ...props, carryItems: false }, [{ productId: a, quantity: 2 }])).toBe(
      props.checkoutUrl,
    );
  });
  it("carries the cart from a practice's own domain, whose storage the portal cannot read", () => {
    expect(
      checkoutHref({ ...props, carryItems: true }, [
        { productId: a, quantity: 2 },
        { productId: b, quantity: 1 },
      ]),
    ).toBe(`${props.checkoutUrl}&items=${encodeURIComponent(`${a}:2,${b}:1`)}`);
  });
});

describe("the cart's words", () => {
  it("has every English key in Arabic, placeholders filled", () => {
    expect(Object.keys(cartMessagesAr).sort()).toEqual(Object.keys(cartMessagesEn).sort());
    expect(cartTranslator("en", undefined)("cart.open", { count: 3 })).toBe("View cart (3)");
    expect(cartTranslator("ar", undefined)("cart.checkout")).toBe("إتمام الطلب");
  });
});

describe("schema.org prices", () => {
  it("are decimal strings in the currency's own decimals", () => {
    expect(decimalPrice(420, "GBP")).toBe("4.20");
    expect(decimalPrice(5, "EGP")).toBe("0.05");
    expect(decimalPrice(4500, "JPY")).toBe("4500");
    expect(decimalPrice(1234, "KWD")).toBe("1.234");
  });
});
