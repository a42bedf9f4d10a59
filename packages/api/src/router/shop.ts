// The pharmacy's shop on its public site (/p/:slug/products): no account needed. The practice
// comes from the slug alone; a product id of another practice, or archived, is not found.
import {
  ShopJoinInput,
  ShopProductInput,
  ShopProductsInput,
  ShopQuoteInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { shopProduct, shopProducts, shopQuote } from "../service/shop";
import { joinShop } from "../service/shop-join";
import { authedProcedure, publicProcedure } from "../trpc";

const shopperProcedure = publicProcedure.meta({ public: true, rateLimit: "publicShop" });

export const shopRouter = {
  /** A page of the live site's active products (fuzzy search, category), with availability. */
  products: shopperProcedure
    .input(ShopProductsInput)
    .query(({ ctx, input }) => shopProducts(ctx.db, input)),

  /** One active product of the live site, with availability in words. */
  product: shopperProcedure
    .input(ShopProductInput)
    .query(({ ctx, input }) => shopProduct(ctx.db, input)),

  /** A cart priced now: unit prices incl. tax, line totals, availability, prescription flags. */
  quote: shopperProcedure.input(ShopQuoteInput).query(({ ctx, input }) => shopQuote(ctx.db, input)),

  /** A signed-in visitor becomes a patient of the practice to order (joining again is a no-op). */
  join: authedProcedure.input(ShopJoinInput).mutation(({ ctx, input }) => joinShop(ctx, input)),
} satisfies TRPCRouterRecord;
