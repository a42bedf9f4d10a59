// Pharmacy orders: the portal's checkout and tracking, and the staff's order queue (review,
// picking, hand-over, cancelling). Logic in service/order.ts.
import {
  OrderApproveInput,
  OrderByIdInput,
  OrderCancelInput,
  OrderCancelMineInput,
  OrderHandOverInput,
  OrderListInput,
  OrderMineInput,
  OrderPlaceInput,
  OrderRejectInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  approveOrder,
  cancelMyOrder,
  cancelOrder,
  collectOrder,
  deliverOrder,
  dispatchOrder,
  getOrder,
  listOrdersForStaff,
  myOrder,
  myOrders,
  pickOrder,
  placeMyOrder,
  readyOrder,
  rejectOrder,
} from "../service/order";
import { orgProcedure, patientProcedure } from "../trpc";

export const orderRouter = {
  /** The portal: places the signed-in patient's order (once per idempotency key). */
  placeMine: patientProcedure
    .input(OrderPlaceInput)
    .mutation(({ ctx, input }) => placeMyOrder(ctx, input)),

  /** The portal: one's own orders, newest first. */
  mine: patientProcedure.input(OrderMineInput).query(({ ctx, input }) => myOrders(ctx, input)),

  /** The portal: one of one's own orders with its status and bill. */
  mineById: patientProcedure
    .input(OrderByIdInput)
    .query(({ ctx, input }) => myOrder(ctx, input.id)),

  /** The portal: cancels one's own order while it waits for review or picking. */
  cancelMine: patientProcedure
    .input(OrderCancelMineInput)
    .mutation(({ ctx, input }) => cancelMyOrder(ctx, input)),

  /** The order queue: newest first, by status, with counts per status. */
  list: orgProcedure("pharmacy.read")
    .input(OrderListInput)
    .query(({ ctx, input }) => listOrdersForStaff(ctx.db, ctx.org.id, input)),

  /** One order: items, the lots they come from, the prescription, the bill. */
  byId: orgProcedure("pharmacy.read")
    .input(OrderByIdInput)
    .query(({ ctx, input }) => getOrder(ctx.db, ctx.org.id, input.id)),

  /** The pharmacist approves the order (and its prescription). */
  approve: orgProcedure("prescription.review")
    .input(OrderApproveInput)
    .mutation(({ ctx, input }) => approveOrder(ctx, input)),

  /** The pharmacist rejects the order with the reason the customer is told. */
  reject: orgProcedure("prescription.review")
    .input(OrderRejectInput)
    .mutation(({ ctx, input }) => rejectOrder(ctx, input)),

  /** Takes the reserved units off the shelf, earliest expiry first. */
  pick: orgProcedure("pharmacy.sell")
    .input(OrderByIdInput)
    .mutation(({ ctx, input }) => pickOrder(ctx, input)),

  /** A pickup order is ready at the counter. */
  ready: orgProcedure("pharmacy.sell")
    .input(OrderByIdInput)
    .mutation(({ ctx, input }) => readyOrder(ctx, input)),

  /** A delivery order leaves the pharmacy. */
  dispatch: orgProcedure("pharmacy.sell")
    .input(OrderByIdInput)
    .mutation(({ ctx, input }) => dispatchOrder(ctx, input)),

  /** The customer collected it (cash taken, if any, is recorded on its invoice). */
  collect: orgProcedure("pharmacy.sell")
    .input(OrderHandOverInput)
    .mutation(({ ctx, input }) => collectOrder(ctx, input)),

  /** It was delivered (cash taken, if any, is recorded on its invoice). */
  deliver: orgProcedure("pharmacy.sell")
    .input(OrderHandOverInput)
    .mutation(({ ctx, input }) => deliverOrder(ctx, input)),

  /** Cancels an open order with a reason: its units go back, its unpaid bill is voided. */
  cancel: orgProcedure("pharmacy.sell")
    .input(OrderCancelInput)
    .mutation(({ ctx, input }) => cancelOrder(ctx, input)),
} satisfies TRPCRouterRecord;
