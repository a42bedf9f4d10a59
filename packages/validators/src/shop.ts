// The pharmacy's shop on its public site: what a visitor without an account may ask — its
// products (searched, by category, a page at a time) and a quote for a cart before checkout.
import { z } from "zod";
import { Cursor, Id, SearchText, SingleLine, Slug } from "./common";

/** A product category as the practice names it (matched exactly). */
export const ShopCategory = SingleLine(80, { tooLong: "Category is too long" });

export const ShopProductsInput = z.object({
  slug: Slug,
  /** Fuzzy: name, generic name or barcode. */
  q: SearchText.optional(),
  category: ShopCategory.optional(),
  cursor: Cursor.optional(),
  limit: z
    .number("Enter a number")
    .int("Use a whole number")
    .min(1, "Ask for at least one")
    .max(48, "Ask for at most 48")
    .default(24),
});
export type ShopProductsInput = z.input<typeof ShopProductsInput>;

export const ShopProductInput = z.object({ slug: Slug, productId: Id });

/** How many of one product a cart may hold. */
export const CartQuantity = z
  .number("Enter a quantity")
  .int("Use a whole number")
  .min(1, "Order at least one")
  .max(99, "Order at most 99");

export const CartItem = z.object({ productId: Id, quantity: CartQuantity });
export type CartItem = z.infer<typeof CartItem>;

export const ShopQuoteInput = z.object({
  slug: Slug,
  items: z
    .array(CartItem, "Add a product")
    .min(1, "Add a product")
    .max(50, "A cart holds at most 50 products")
    .refine(
      (items) => new Set(items.map((i) => i.productId)).size === items.length,
      "Each product once",
    ),
});
export type ShopQuoteInput = z.input<typeof ShopQuoteInput>;
