// The pharmacy's stock: goods received, adjustments, lots, movements and stock counts. Reads
// need `pharmacy.read`; every change `pharmacy.manage`.
import {
  StockAdjustInput,
  StockCountByIdInput,
  StockCountOpenInput,
  StockCountSetInput,
  StockCountsInput,
  StockLotsInput,
  StockMovementsInput,
  StockReceiveInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  adjustStock,
  cancelCount,
  getCount,
  listCounts,
  listLots,
  listMovements,
  openCount,
  postCount,
  receiveStock,
  setCountLine,
} from "../service/stock";
import { orgProcedure } from "../trpc";

export const stockRouter = {
  /** Goods received from a supplier: a receipt and its lots. */
  receive: orgProcedure("pharmacy.manage")
    .input(StockReceiveInput)
    .mutation(({ ctx, input }) => receiveStock(ctx, input)),

  /** A signed correction of one lot, with its reason. */
  adjust: orgProcedure("pharmacy.manage")
    .input(StockAdjustInput)
    .mutation(({ ctx, input }) => adjustStock(ctx, input)),

  lots: orgProcedure("pharmacy.read")
    .input(StockLotsInput)
    .query(({ ctx, input }) => listLots(ctx, input)),

  /** Every change of stock, newest first. */
  movements: orgProcedure("pharmacy.read")
    .input(StockMovementsInput)
    .query(({ ctx, input }) => listMovements(ctx, input)),

  /** Opens a stock count of every lot on the shelf, or of one category's. */
  countOpen: orgProcedure("pharmacy.manage")
    .input(StockCountOpenInput)
    .mutation(({ ctx, input }) => openCount(ctx, input)),

  countSet: orgProcedure("pharmacy.manage")
    .input(StockCountSetInput)
    .mutation(({ ctx, input }) => setCountLine(ctx, input)),

  /** Posts the variances as `count` movements; only an open count. */
  countPost: orgProcedure("pharmacy.manage")
    .input(StockCountByIdInput)
    .mutation(({ ctx, input }) => postCount(ctx, input.id)),

  countCancel: orgProcedure("pharmacy.manage")
    .input(StockCountByIdInput)
    .mutation(({ ctx, input }) => cancelCount(ctx, input.id)),

  counts: orgProcedure("pharmacy.read")
    .input(StockCountsInput)
    .query(({ ctx, input }) => listCounts(ctx, input)),

  count: orgProcedure("pharmacy.read")
    .input(StockCountByIdInput)
    .query(({ ctx, input }) => getCount(ctx, input.id)),
} satisfies TRPCRouterRecord;
