// Inputs of the pharmacy's online orders: a patient's checkout from the portal, the staff's order
// queue (review, picking, hand-over, cancelling) and joining a practice to order from it.
import { z } from "zod";
import {
  Cursor,
  Id,
  IdempotencyKey,
  MultiLine,
  OptionalMultiLine,
  OptionalSingleLine,
  PageLimit,
  Pagination,
  Phone,
  SingleLine,
  Slug,
} from "./common";
import { MoneyMinor } from "./dental";

export const orderStatuses = [
  "placed",
  "approved",
  "picked",
  "ready",
  "out_for_delivery",
  "delivered",
  "collected",
  "rejected",
  "cancelled",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** States an order can still be cancelled from (by staff). */
export const openOrderStatuses = [
  "placed",
  "approved",
  "picked",
  "ready",
  "out_for_delivery",
] as const;
/** States a patient may cancel their own order in (before anything was taken off the shelf). */
export const patientCancellableStatuses = ["placed", "approved"] as const;

export const orderFulfilments = ["pickup", "delivery"] as const;
export type OrderFulfilment = (typeof orderFulfilments)[number];

/** How the customer pays an online order: the invoice's online checkout, or cash on delivery. */
export const orderPaymentChoices = ["online", "cash_on_delivery"] as const;
export type OrderPaymentChoice = (typeof orderPaymentChoices)[number];

export const maxOrderQuantity = 100;
export const maxOrderLines = 50;

export const OrderItemInput = z.object({
  productId: Id,
  quantity: z
    .number("Enter a quantity")
    .int("Enter a whole number")
    .min(1, "Order at least one")
    .max(maxOrderQuantity, `At most ${maxOrderQuantity} of one product`),
});
export type OrderItemInput = z.infer<typeof OrderItemInput>;

/** Each product once. */
export const OrderItems = z
  .array(OrderItemInput)
  .min(1, "Add a product to your order")
  .max(maxOrderLines, `At most ${maxOrderLines} products in one order`)
  .refine(
    (items) => new Set(items.map((i) => i.productId)).size === items.length,
    "Add each product once",
  );

export const OrderAddressInput = z.object({
  line1: SingleLine(200, "Enter the street and number"),
  line2: OptionalSingleLine(200),
  city: SingleLine(100, "Enter the town or city"),
  postalCode: OptionalSingleLine(20),
  notes: OptionalSingleLine(300),
});
export type OrderAddressInput = z.infer<typeof OrderAddressInput>;

/** The portal's checkout: what to order, how to get it and how to pay. */
export const OrderPlaceInput = z
  .object({
    idempotencyKey: IdempotencyKey,
    items: OrderItems,
    fulfilment: z.enum(orderFulfilments, "Choose pickup or delivery"),
    deliveryAddress: OrderAddressInput.nullish(),
    payment: z.enum(orderPaymentChoices, "Choose how to pay"),
    /** An uploaded prescription (purpose `prescription`), needed for prescription-only items. */
    prescriptionFileId: Id.nullish(),
    note: OptionalMultiLine(1000),
  })
  .superRefine((input, issue) => {
    if (input.fulfilment === "delivery" && !input.deliveryAddress) {
      issue.addIssue({
        code: "custom",
        path: ["deliveryAddress"],
        message: "Enter the delivery address",
      });
    }
  });
export type OrderPlaceInput = z.infer<typeof OrderPlaceInput>;

export const OrderListInput = z.object({
  status: z.enum(orderStatuses, "Choose a status").optional(),
  patientId: Id.optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type OrderListInput = z.infer<typeof OrderListInput>;

export const OrderMineInput = Pagination;
export type OrderMineInput = z.infer<typeof OrderMineInput>;

export const OrderByIdInput = z.object({ id: Id });
export type OrderByIdInput = z.infer<typeof OrderByIdInput>;

export const OrderApproveInput = z.object({
  id: Id,
  note: OptionalMultiLine(1000),
});
export type OrderApproveInput = z.infer<typeof OrderApproveInput>;

const Reason = MultiLine(1000, "Say why");

export const OrderRejectInput = z.object({ id: Id, reason: Reason });
export type OrderRejectInput = z.infer<typeof OrderRejectInput>;

export const OrderCancelInput = z.object({ id: Id, reason: Reason });
export type OrderCancelInput = z.infer<typeof OrderCancelInput>;

export const OrderCancelMineInput = z.object({ id: Id, reason: OptionalMultiLine(1000) });
export type OrderCancelMineInput = z.infer<typeof OrderCancelMineInput>;

/** Handing an order over: cash taken for a cash-on-delivery order is recorded on its invoice. */
export const OrderHandOverInput = z.object({
  id: Id,
  cashReceivedMinor: MoneyMinor("the cash received").optional(),
});
export type OrderHandOverInput = z.infer<typeof OrderHandOverInput>;

/** A signed-in visitor becomes a patient of the practice to order from it. */
export const ShopJoinInput = z.object({
  slug: Slug,
  mobile: Phone,
});
export type ShopJoinInput = z.infer<typeof ShopJoinInput>;
