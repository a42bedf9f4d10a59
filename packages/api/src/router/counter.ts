import {
  ByIdInput,
  CounterSalesInput,
  CounterSellInput,
  CounterVoidInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  getCounterSale,
  listCounterSales,
  sellAtCounter,
  voidCounterSale,
} from "../service/counter";
import { orgProcedure } from "../trpc";

export const counterRouter = {
  /**
   * A walk-in sale: priced by the server, its units taken first-expiry-first-out, its money
   * posted for the day; a repeat with the same idempotency key answers with the same sale.
   */
  sell: orgProcedure("pharmacy.sell")
    .input(CounterSellInput)
    .mutation(({ ctx, input }) => sellAtCounter(ctx, input)),

  /** Counter sales, newest first; one practice day's when asked. */
  sales: orgProcedure("pharmacy.sell")
    .input(CounterSalesInput)
    .query(({ ctx, input }) => listCounterSales(ctx.db, ctx.org, input)),

  /** One sale with its lines and the lots their units came from. */
  sale: orgProcedure("pharmacy.sell")
    .input(ByIdInput)
    .query(({ ctx, input }) => getCounterSale(ctx.db, ctx.org, input.id)),

  /** Same day only: the units go back on their lots and the sale's money is reversed. */
  void: orgProcedure("pharmacy.sell")
    .input(CounterVoidInput)
    .mutation(({ ctx, input }) => voidCounterSale(ctx, input)),
} satisfies TRPCRouterRecord;
