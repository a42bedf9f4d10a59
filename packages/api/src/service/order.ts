// Pharmacy orders: a patient's order from the portal (or one made from an approved refill), its
// review by the pharmacist, picking (stock moves first-expiry-first-out), hand-over and
// cancelling. Units are reserved when the order is placed (the stock ledger guarantees that two
// orders never get the same last box); each order is billed by an issued invoice, so its money
// flows through the money domain: paid online from the portal, or in cash when handed over.
import { randomUUID } from "node:crypto";
import { renderOrderPlacedNotice, renderOrderStatusMessage } from "@caredesk/notifications";
import { schema, type Database } from "@caredesk/db";
import type {
  OrderApproveInput,
  OrderCancelInput,
  OrderCancelMineInput,
  OrderHandOverInput,
  OrderListInput,
  OrderMineInput,
  OrderPlaceInput,
  OrderRejectInput,
  OrderStatus,
} from "@caredesk/validators";
import { openOrderStatuses, patientCancellableStatuses } from "@caredesk/validators";
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { FieldError, notFound } from "../errors";
import type { OrgScope, PatientScope } from "../scope";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { createIssuedInvoice, invoicePaid, lineMoney, voidIssuedInvoice } from "./invoice";
import { queueNotifications, type NewNotification } from "./outbox";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";
import { recordDeskPayment } from "./payment";
import { practiceToday, releaseOrder, reserveForOrder, takeReserved } from "./stock-ledger";
import { sameTenant } from "./tenant";

const {
  file,
  invoice,
  membership,
  orderAllocation,
  orderCounter,
  orderItem,
  patient,
  pharmacyOrder,
  product,
  stockLot,
} = schema;

type OrderRow = typeof pharmacyOrder.$inferSelect;
type OrderAddress = NonNullable<OrderRow["deliveryAddress"]>;

/** The practice as an order needs it. */
export interface OrderPractice {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  locale?: string | null;
}

/** Who hears that a new order waits: those who review and sell. */
const orderStaffRoles = ["owner", "admin", "manager", "pharmacist"] as const;

// ---------------------------------------------------------------------------------------------
// Views

export interface OrderItemView {
  id: string;
  productId: string;
  name: string;
  prescriptionOnly: boolean;
  quantity: number;
  unitPriceMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Which lots its units are held in or came from (staff only; empty in the portal). */
  allocations: {
    lotId: string;
    batchNumber: string;
    expiresOn: string;
    quantity: number;
    state: "reserved" | "taken" | "released" | "returned";
  }[];
}

export interface OrderSummary {
  id: string;
  number: number;
  status: OrderStatus;
  channel: "online" | "counter" | "refill";
  fulfilment: "pickup" | "delivery";
  paymentChoice: "online" | "cash_on_delivery" | "counter";
  patientId: string | null;
  customerName: string;
  currency: string;
  totalMinor: number;
  prescriptionReview: "not_needed" | "pending" | "approved" | "rejected";
  createdAt: Date;
}

export interface OrderView extends OrderSummary {
  customerPhone: string | null;
  customerEmail: string | null;
  deliveryAddress: OrderAddress | null;
  subtotalMinor: number;
  taxMinor: number;
  items: OrderItemView[];
  customerNote: string | null;
  prescriptionFileId: string | null;
  reviewNote: string | null;
  reviewedAt: Date | null;
  pickedAt: Date | null;
  readyAt: Date | null;
  dispatchedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  refillRequestId: string | null;
  invoiceId: string | null;
  invoiceNumber: number | null;
  invoiceStatus: "draft" | "issued" | "void" | null;
  /** What its invoice's payments keep (paid less refunded). */
  paidMinor: number;
  /** What is still owed on it (zero once paid, rejected or cancelled). */
  outstandingMinor: number;
  /** Paid money kept on an order that was rejected or cancelled: to refund from billing. */
  refundDueMinor: number;
  version: number;
}

const summaryColumns = {
  id: pharmacyOrder.id,
  number: pharmacyOrder.number,
  status: pharmacyOrder.status,
  channel: pharmacyOrder.channel,
  fulfilment: pharmacyOrder.fulfilment,
  paymentChoice: pharmacyOrder.paymentChoice,
  patientId: pharmacyOrder.patientId,
  customerName: pharmacyOrder.customerName,
  currency: pharmacyOrder.currency,
  totalMinor: pharmacyOrder.totalMinor,
  prescriptionReview: pharmacyOrder.prescriptionReview,
  createdAt: pharmacyOrder.createdAt,
};

/** One order with its items, allocations and bill; `patientId` limits it to that patient's. */
export async function getOrder(
  db: Database,
  organizationId: string,
  id: string,
  patientId?: string,
): Promise<OrderView> {
  // The order and its items go out together (one round trip, pipelined on a transaction's
  // connection); the items of an order not found are never looked at.
  const [[row], items] = await Promise.all([
    db
      .select({
        order: pharmacyOrder,
        invoiceNumber: invoice.number,
        invoiceStatus: invoice.status,
      })
      .from(pharmacyOrder)
      .leftJoin(invoice, sameTenant(invoice, pharmacyOrder.organizationId, pharmacyOrder.invoiceId))
      .where(
        and(
          eq(pharmacyOrder.organizationId, organizationId),
          eq(pharmacyOrder.id, id),
          patientId ? eq(pharmacyOrder.patientId, patientId) : undefined,
        ),
      ),
    db
      .select({
        id: orderItem.id,
        productId: orderItem.productId,
        name: orderItem.name,
        prescriptionOnly: orderItem.prescriptionOnly,
        quantity: orderItem.quantity,
        unitPriceMinor: orderItem.unitPriceMinor,
        taxMinor: orderItem.taxMinor,
        totalMinor: orderItem.totalMinor,
      })
      .from(orderItem)
      .where(and(eq(orderItem.organizationId, organizationId), eq(orderItem.orderId, id)))
      .orderBy(asc(orderItem.position)),
  ]);
  if (!row) throw notFound("Order not found");
  const o = row.order;
  const allocations = patientId
    ? []
    : await db
        .select({
          orderItemId: orderAllocation.orderItemId,
          lotId: orderAllocation.lotId,
          batchNumber: stockLot.batchNumber,
          expiresOn: stockLot.expiresOn,
          quantity: orderAllocation.quantity,
          state: orderAllocation.state,
        })
        .from(orderAllocation)
        .innerJoin(
          stockLot,
          sameTenant(stockLot, orderAllocation.organizationId, orderAllocation.lotId),
        )
        .where(
          and(eq(orderAllocation.organizationId, organizationId), eq(orderAllocation.orderId, id)),
        )
        .orderBy(asc(stockLot.expiresOn), asc(stockLot.id));
  const paid = o.invoiceId ? await invoicePaid(db, organizationId, o.invoiceId) : 0;
  const closed = o.status === "rejected" || o.status === "cancelled";
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    channel: o.channel,
    fulfilment: o.fulfilment,
    paymentChoice: o.paymentChoice,
    patientId: o.patientId,
    customerName: o.customerName,
    customerPhone: o.customerPhone,
    customerEmail: o.customerEmail,
    deliveryAddress: o.deliveryAddress ?? null,
    currency: o.currency,
    subtotalMinor: o.subtotalMinor,
    taxMinor: o.taxMinor,
    totalMinor: o.totalMinor,
    prescriptionReview: o.prescriptionReview,
    createdAt: o.createdAt,
    items: items.map((item) => ({
      ...item,
      allocations: allocations
        .filter((a) => a.orderItemId === item.id)
        .map(({ orderItemId: _item, ...a }) => a),
    })),
    customerNote: o.customerNote,
    prescriptionFileId: o.prescriptionFileId,
    reviewNote: o.reviewNote,
    reviewedAt: o.reviewedAt,
    pickedAt: o.pickedAt,
    readyAt: o.readyAt,
    dispatchedAt: o.dispatchedAt,
    completedAt: o.completedAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
    refillRequestId: o.refillRequestId,
    invoiceId: o.invoiceId,
    invoiceNumber: row.invoiceNumber,
    invoiceStatus: row.invoiceStatus,
    paidMinor: paid,
    outstandingMinor:
      !closed && row.invoiceStatus === "issued" ? Math.max(0, o.totalMinor - paid) : 0,
    refundDueMinor: closed ? paid : 0,
    version: o.version,
  };
}

async function listOrders(
  db: Database,
  organizationId: string,
  filter: SQL | undefined,
  input: { cursor?: string | undefined; limit: number },
): Promise<Page<OrderSummary>> {
  const values = decodeCursor(input.cursor);
  const after = values
    ? sql`(${pharmacyOrder.createdAt}, ${pharmacyOrder.id}) <
          (select o2.created_at, o2.id from ${pharmacyOrder} o2
            where o2.organization_id = ${organizationId} and o2.id = ${cursorId(values[0])}::uuid)`
    : undefined;
  const rows = await db
    .select(summaryColumns)
    .from(pharmacyOrder)
    .where(and(eq(pharmacyOrder.organizationId, organizationId), filter, after))
    .orderBy(desc(pharmacyOrder.createdAt), desc(pharmacyOrder.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (last) => [last.id]);
}

/** The staff's queue: newest first, by status, with how many orders each status holds. */
export async function listOrdersForStaff(
  db: Database,
  organizationId: string,
  input: OrderListInput,
): Promise<Page<OrderSummary> & { counts: Record<OrderStatus, number> }> {
  if (input.patientId) {
    const [found] = await db
      .select({ id: patient.id })
      .from(patient)
      .where(and(eq(patient.organizationId, organizationId), eq(patient.id, input.patientId)));
    if (!found) throw new FieldError("NOT_FOUND", { patientId: ["Patient not found"] });
  }
  const page = await listOrders(
    db,
    organizationId,
    and(
      input.status ? eq(pharmacyOrder.status, input.status) : undefined,
      input.patientId ? eq(pharmacyOrder.patientId, input.patientId) : undefined,
    ),
    input,
  );
  const grouped = await db
    .select({ status: pharmacyOrder.status, n: sql<number>`count(*)::int` })
    .from(pharmacyOrder)
    .where(eq(pharmacyOrder.organizationId, organizationId))
    .groupBy(pharmacyOrder.status);
  const counts = Object.fromEntries(
    schema.orderStatus.enumValues.map((s) => [s, grouped.find((g) => g.status === s)?.n ?? 0]),
  ) as Record<OrderStatus, number>;
  return { ...page, counts };
}

/** The portal: the caller's own orders, newest first. */
export function myOrders(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
  input: OrderMineInput,
): Promise<Page<OrderSummary>> {
  return listOrders(ctx.db, ctx.org.id, eq(pharmacyOrder.patientId, ctx.patient.id), input);
}

export function myOrder(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
  id: string,
): Promise<OrderView> {
  return getOrder(ctx.db, ctx.org.id, id, ctx.patient.id);
}

// ---------------------------------------------------------------------------------------------
// Placing

export interface CreateOrderInput {
  org: OrderPractice;
  patientId: string;
  items: readonly { productId: string; quantity: number }[];
  fulfilment: "pickup" | "delivery";
  deliveryAddress?: OrderAddress | null;
  channel: "online" | "refill";
  /** Online orders choose; a refill's order is paid when handed over unless said otherwise. */
  payment?: "online" | "cash_on_delivery";
  refillRequestId?: string | null;
  /** A refill's prescription was approved already: the order may be picked at once. */
  prescriptionReview?: "approved";
  prescriptionFileId?: string | null;
  note?: string | null;
  userId: string | null;
  today: string;
  /** The order's id, when the caller chose it before (idempotency claims). */
  id?: string;
}

/** The practice's next order number, under the counter row's lock (no gaps on rollback). */
export async function nextOrderNumber(tx: Database, organizationId: string): Promise<number> {
  const [row] = await tx
    .insert(orderCounter)
    .values({ organizationId, lastNumber: 1 })
    .onConflictDoUpdate({
      target: orderCounter.organizationId,
      set: { lastNumber: sql`${orderCounter.lastNumber} + 1` },
    })
    .returning({ lastNumber: orderCounter.lastNumber });
  if (!row) throw new Error("order counter returned nothing");
  return row.lastNumber;
}

/**
 * Makes an order inside the caller's transaction: checks its products, prices it from the
 * current prices and tax, numbers it, reserves its units first-expiry-first-out, bills it with
 * an issued invoice and tells the customer and the pharmacy. Used by the portal's checkout and
 * by an approved refill. A shortage is CONFLICT per line ("No longer available").
 */
export async function createOrder(
  tx: Database,
  input: CreateOrderInput,
): Promise<{ id: string; number: number }> {
  const { org } = input;
  const orgId = org.id;
  const seen = new Set<string>();
  input.items.forEach((item, i) => {
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 100) {
      throw new FieldError("BAD_REQUEST", {
        [`items.${i}.quantity`]: ["Order between 1 and 100 of a product"],
      });
    }
    if (seen.has(item.productId)) {
      throw new FieldError("BAD_REQUEST", { [`items.${i}.productId`]: ["Add each product once"] });
    }
    seen.add(item.productId);
  });
  if (input.items.length === 0) {
    throw new FieldError("BAD_REQUEST", { items: ["Add a product to your order"] });
  }
  if (input.fulfilment === "delivery" && !input.deliveryAddress) {
    throw new FieldError("BAD_REQUEST", { deliveryAddress: ["Enter the delivery address"] });
  }
  const [customer] = await tx
    .select({
      firstName: patient.firstName,
      lastName: patient.lastName,
      mobile: patient.mobile,
      email: patient.email,
      userId: patient.userId,
      emailOptIn: patient.emailOptIn,
    })
    .from(patient)
    .where(and(eq(patient.organizationId, orgId), eq(patient.id, input.patientId)));
  if (!customer) throw new FieldError("NOT_FOUND", { patientId: ["Patient not found"] });

  const products = await tx
    .select({
      id: product.id,
      name: product.name,
      strength: product.strength,
      priceMinor: product.priceMinor,
      taxBps: product.taxBps,
      prescriptionOnly: product.prescriptionOnly,
      status: product.status,
    })
    .from(product)
    .where(
      and(
        eq(product.organizationId, orgId),
        inArray(
          product.id,
          input.items.map((i) => i.productId),
        ),
      ),
    );
  const lines = input.items.map((item, i) => {
    const p = products.find((row) => row.id === item.productId);
    if (!p || p.status !== "active") {
      throw new FieldError("NOT_FOUND", {
        [`items.${i}.productId`]: [p ? "This product is no longer sold" : "Product not found"],
      });
    }
    const money = lineMoney(
      { quantity: item.quantity, unitPriceMinor: p.priceMinor, discountMinor: 0 },
      p.taxBps,
    );
    return {
      id: randomUUID(),
      productId: p.id,
      name: p.strength ? `${p.name} ${p.strength}` : p.name,
      prescriptionOnly: p.prescriptionOnly,
      quantity: item.quantity,
      unitPriceMinor: p.priceMinor,
      taxMinor: money.taxMinor,
      totalMinor: money.totalMinor,
    };
  });
  const needsPrescription = lines.some((l) => l.prescriptionOnly);
  const review = input.prescriptionReview ?? (needsPrescription ? "pending" : "not_needed");
  if (review === "pending" && !input.prescriptionFileId) {
    throw new FieldError("BAD_REQUEST", {
      prescriptionFileId: ["Upload your prescription: this order has prescription-only items"],
    });
  }
  if (input.prescriptionFileId) {
    const [upload] = await tx
      .select({ purpose: file.purpose, uploadedBy: file.uploadedBy })
      .from(file)
      .where(and(eq(file.organizationId, orgId), eq(file.id, input.prescriptionFileId)));
    const own =
      upload?.purpose === "prescription" &&
      (input.channel === "refill" || (customer.userId && upload.uploadedBy === customer.userId));
    if (!own) throw new FieldError("NOT_FOUND", { prescriptionFileId: ["File not found"] });
  }

  const number = await nextOrderNumber(tx, orgId);
  const customerName = `${customer.firstName} ${customer.lastName}`.trim();
  const bill = await createIssuedInvoice(tx, org, input.userId, {
    patientId: input.patientId,
    notes: `Order ${number}`,
    lines: lines.map((l) => ({
      description: l.name,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      discountMinor: 0,
      taxMinor: l.taxMinor,
    })),
  });
  const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const tax = lines.reduce((sum, l) => sum + l.taxMinor, 0);
  const id = input.id ?? randomUUID();
  const status: OrderStatus = review === "approved" ? "approved" : "placed";
  // The order and its items go out together: one round trip under the order number's lock.
  const ordered = tx.insert(pharmacyOrder).values({
    id,
    organizationId: orgId,
    number,
    channel: input.channel,
    status,
    fulfilment: input.fulfilment,
    paymentChoice: input.payment ?? "cash_on_delivery",
    patientId: input.patientId,
    customerName,
    customerPhone: customer.mobile,
    customerEmail: customer.email,
    deliveryAddress: input.fulfilment === "delivery" ? (input.deliveryAddress ?? null) : null,
    currency: org.currency,
    subtotalMinor: subtotal,
    taxMinor: tax,
    totalMinor: subtotal + tax,
    invoiceId: bill.id,
    prescriptionReview: review,
    prescriptionFileId: input.prescriptionFileId ?? null,
    ...(review === "approved" ? { reviewedAt: new Date(), reviewedBy: input.userId } : {}),
    refillRequestId: input.refillRequestId ?? null,
    customerNote: input.note ?? null,
    createdBy: input.userId,
  });
  const itemized = tx.insert(orderItem).values(
    lines.map((l, position) => ({
      id: l.id,
      organizationId: orgId,
      orderId: id,
      productId: l.productId,
      name: l.name,
      prescriptionOnly: l.prescriptionOnly,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      taxMinor: l.taxMinor,
      totalMinor: l.totalMinor,
      position,
    })),
  );
  await Promise.all([ordered, itemized]);
  await reserveForOrder(tx, {
    organizationId: orgId,
    orderId: id,
    items: lines.map((l) => ({ orderItemId: l.id, productId: l.productId, quantity: l.quantity })),
    today: input.today,
  });

  const staff = await tx
    .select({ userId: membership.userId })
    .from(membership)
    .where(
      and(eq(membership.organizationId, orgId), inArray(membership.role, [...orderStaffRoles])),
    );
  const notice = renderOrderPlacedNotice({
    orderNumber: number,
    customerName,
    prescriptionNeeded: review === "pending",
  });
  await queueNotifications(tx, [
    ...customerMessages(
      org,
      { id, number, fulfilment: input.fulfilment, patientId: input.patientId },
      customer,
      status,
    ),
    ...staff.map(({ userId }): NewNotification => ({
      organizationId: orgId,
      kind: "order_placed",
      channel: "in_app",
      userId,
      patientId: input.patientId,
      subject: notice.subject,
      bodyText: notice.text,
      payload: { link: `/app/pharmacy/orders/${id}`, orderId: id },
    })),
  ]);
  return { id, number };
}

interface Customer {
  email: string | null;
  userId: string | null;
  emailOptIn: boolean;
}

/** The customer's `order_status` messages: in the portal's inbox and by email. */
function customerMessages(
  org: OrderPractice,
  order: {
    id: string;
    number: number;
    fulfilment: "pickup" | "delivery";
    patientId: string | null;
  },
  customer: Customer,
  status: OrderStatus,
  reason?: string | null,
): NewNotification[] {
  const message = renderOrderStatusMessage({
    lang: org.locale ?? "en",
    practiceName: org.name,
    orderNumber: order.number,
    status,
    fulfilment: order.fulfilment,
    reason: reason ?? null,
  });
  const base = {
    organizationId: org.id,
    kind: "order_status" as const,
    patientId: order.patientId,
    subject: message.subject,
    bodyText: message.text,
    payload: { link: `/portal/orders/${order.id}`, orderId: order.id, status, brand: org.name },
  };
  const out: NewNotification[] = [];
  if (customer.userId) out.push({ ...base, channel: "in_app", userId: customer.userId });
  if (customer.email && customer.emailOptIn) {
    out.push({ ...base, channel: "email", recipient: customer.email });
  }
  return out;
}

/** The portal's checkout: the signed-in patient's order, placed once per idempotency key. */
export async function placeMyOrder(
  ctx: Pick<PatientScope, "db" | "org" | "user" | "patient" | "mutate" | "operation">,
  input: OrderPlaceInput,
): Promise<OrderView> {
  const keyed = idempotentRequest(ctx, ctx.org.id, input.idempotencyKey, input);
  const replay = async () => {
    const earlier = await earlierRecord(ctx.db, keyed);
    if (!earlier) return null;
    const original = await getOrder(ctx.db, ctx.org.id, earlier.id, ctx.patient.id);
    return ctx.mutate((_tx, audit) => {
      audit({
        entityType: "pharmacy_order",
        entityId: original.id,
        patientId: ctx.patient.id,
        after: { replayed: true },
      });
      return Promise.resolve(original);
    });
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await ctx.mutate(async (tx, audit) => {
      const id = randomUUID();
      // First in the transaction: a twin of this request waits here, then fails on the key.
      const claimed = claimKey(tx, keyed, { type: "pharmacy_order", id });
      claimed.catch(() => undefined);
      const place = () =>
        createOrder(tx, {
          id,
          org: ctx.org,
          patientId: ctx.patient.id,
          items: input.items,
          fulfilment: input.fulfilment,
          deliveryAddress: input.deliveryAddress ?? null,
          channel: "online",
          payment: input.payment,
          prescriptionFileId: input.prescriptionFileId ?? null,
          note: input.note ?? null,
          userId: ctx.user.id,
          today: practiceToday(ctx.org.timeZone),
        });
      await place().catch(async (error: unknown) => {
        await claimed;
        throw error;
      });
      await claimed;
      const view = await getOrder(tx, ctx.org.id, id, ctx.patient.id);
      audit({ entityType: "pharmacy_order", entityId: id, patientId: ctx.patient.id, after: view });
      return view;
    });
  } catch (error) {
    // The same request sent twice at once: the twin answers with what the first one placed.
    const original = await replay().catch(() => null);
    if (original) return original;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Moving an order on

type OrderEditor = Pick<OrgScope, "db" | "org" | "user" | "mutate">;

const actionWords: Partial<Record<OrderStatus, string>> = {
  approved: "approved",
  rejected: "rejected",
  picked: "picked",
  ready: "marked ready",
  out_for_delivery: "sent out for delivery",
  collected: "marked collected",
  delivered: "marked delivered",
  cancelled: "cancelled",
};

const statusNames: Record<OrderStatus, string> = {
  placed: "waiting for review",
  approved: "approved",
  picked: "picked",
  ready: "ready for pickup",
  out_for_delivery: "out for delivery",
  delivered: "delivered",
  collected: "collected",
  rejected: "rejected",
  cancelled: "cancelled",
};

type OrderChanges = Partial<typeof pharmacyOrder.$inferInsert>;

interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** Only orders fulfilled this way. */
  fulfilment?: "pickup" | "delivery";
  set?: OrderChanges | ((before: OrderRow) => OrderChanges);
  patientId?: string;
}

/**
 * The guarded move (`where status in (expected)`): a lost race or a wrong state answers CONFLICT
 * saying where the order is; another practice's or patient's order is NOT_FOUND.
 */
async function move(
  tx: Database,
  organizationId: string,
  id: string,
  t: Transition,
): Promise<{ before: OrderRow; after: OrderRow }> {
  const [before] = await tx
    .select()
    .from(pharmacyOrder)
    .where(
      and(
        eq(pharmacyOrder.organizationId, organizationId),
        eq(pharmacyOrder.id, id),
        t.patientId ? eq(pharmacyOrder.patientId, t.patientId) : undefined,
      ),
    )
    .for("update");
  if (!before) throw notFound("Order not found");
  const [after] = await tx
    .update(pharmacyOrder)
    .set({
      ...(typeof t.set === "function" ? t.set(before) : t.set),
      status: t.to,
      version: sql`${pharmacyOrder.version} + 1`,
    })
    .where(
      and(
        eq(pharmacyOrder.organizationId, organizationId),
        eq(pharmacyOrder.id, id),
        inArray(pharmacyOrder.status, [...t.from]),
        t.fulfilment ? eq(pharmacyOrder.fulfilment, t.fulfilment) : undefined,
      ),
    )
    .returning();
  if (!after) {
    const wrongWay = t.fulfilment && before.fulfilment !== t.fulfilment;
    throw new FieldError("CONFLICT", {
      id: [
        wrongWay
          ? `This order is for ${before.fulfilment}: it cannot be ${actionWords[t.to] ?? t.to}`
          : `This order is ${statusNames[before.status]}: it cannot be ${actionWords[t.to] ?? t.to}`,
      ],
    });
  }
  return { before, after };
}

async function tellCustomer(
  tx: Database,
  org: OrderPractice,
  order: OrderRow,
  reason?: string | null,
): Promise<void> {
  if (!order.patientId) return;
  const [customer] = await tx
    .select({ email: patient.email, userId: patient.userId, emailOptIn: patient.emailOptIn })
    .from(patient)
    .where(and(eq(patient.organizationId, org.id), eq(patient.id, order.patientId)));
  if (!customer) return;
  await queueNotifications(tx, customerMessages(org, order, customer, order.status, reason));
}

/** A change of one order: moved, its side effects done, the customer told, audited once. */
function changeOrder(
  ctx: OrderEditor,
  id: string,
  t: Transition,
  effects?: (tx: Database, moved: { before: OrderRow; after: OrderRow }) => Promise<void>,
  reason?: string | null,
): Promise<OrderView> {
  return ctx.mutate(async (tx, audit) => {
    const moved = await move(tx, ctx.org.id, id, t);
    if (effects) await effects(tx, moved);
    await tellCustomer(tx, ctx.org, moved.after, reason);
    const view = await getOrder(tx, ctx.org.id, id);
    audit({
      entityType: "pharmacy_order",
      entityId: id,
      patientId: moved.after.patientId ?? undefined,
      before: moved.before,
      after: view,
    });
    return t.patientId
      ? { ...view, items: view.items.map((i) => ({ ...i, allocations: [] })) }
      : view;
  });
}

/**
 * Closing an order that will not be handed over: reservations released (taken units put back)
 * and its unpaid invoice voided. A paid invoice stays as it is: the order then shows the money
 * to refund (`refundDueMinor`), which staff refund from billing like any other payment.
 */
async function closeOrder(
  tx: Database,
  org: OrderPractice,
  userId: string,
  order: OrderRow,
  reason: string,
): Promise<void> {
  await releaseOrder(tx, { organizationId: org.id, orderId: order.id, userId });
  if (!order.invoiceId) return;
  const [bill] = await tx
    .select({ status: invoice.status })
    .from(invoice)
    .where(and(eq(invoice.organizationId, org.id), eq(invoice.id, order.invoiceId)));
  if (bill?.status !== "issued") return;
  if ((await invoicePaid(tx, org.id, order.invoiceId)) > 0) return;
  await voidIssuedInvoice(tx, org, userId, order.invoiceId, `Order ${order.number}: ${reason}`);
}

export function approveOrder(ctx: OrderEditor, input: OrderApproveInput): Promise<OrderView> {
  return changeOrder(ctx, input.id, {
    from: ["placed"],
    to: "approved",
    set: (before) => ({
      ...(before.prescriptionReview === "pending" ? { prescriptionReview: "approved" } : {}),
      reviewNote: input.note ?? null,
      reviewedBy: ctx.user.id,
      reviewedAt: new Date(),
    }),
  });
}

export function rejectOrder(ctx: OrderEditor, input: OrderRejectInput): Promise<OrderView> {
  return changeOrder(
    ctx,
    input.id,
    {
      from: ["placed"],
      to: "rejected",
      set: (before) => ({
        ...(before.prescriptionReview === "pending" ? { prescriptionReview: "rejected" } : {}),
        reviewNote: input.reason,
        reviewedBy: ctx.user.id,
        reviewedAt: new Date(),
        cancelReason: input.reason,
        cancelledAt: new Date(),
      }),
    },
    (tx, { after }) => closeOrder(tx, ctx.org, ctx.user.id, after, input.reason),
    input.reason,
  );
}

/** Takes the reserved units off the shelf (the lots the order page lists). */
export function pickOrder(ctx: OrderEditor, input: { id: string }): Promise<OrderView> {
  return changeOrder(
    ctx,
    input.id,
    { from: ["approved"], to: "picked", set: { pickedAt: new Date() } },
    (tx) =>
      takeReserved(tx, {
        organizationId: ctx.org.id,
        orderId: input.id,
        userId: ctx.user.id,
        today: practiceToday(ctx.org.timeZone),
      }),
  );
}

export function readyOrder(ctx: OrderEditor, input: { id: string }): Promise<OrderView> {
  return changeOrder(ctx, input.id, {
    from: ["picked"],
    to: "ready",
    fulfilment: "pickup",
    set: { readyAt: new Date() },
  });
}

export function dispatchOrder(ctx: OrderEditor, input: { id: string }): Promise<OrderView> {
  return changeOrder(ctx, input.id, {
    from: ["picked"],
    to: "out_for_delivery",
    fulfilment: "delivery",
    set: { dispatchedAt: new Date() },
  });
}

/** Cash handed over for the order is recorded on its invoice (never more than is owed). */
async function takeCash(
  tx: Database,
  ctx: OrderEditor,
  order: OrderRow,
  cashMinor: number | undefined,
): Promise<void> {
  if (!cashMinor) return;
  if (!order.invoiceId || !order.patientId) {
    throw new FieldError("BAD_REQUEST", { cashReceivedMinor: ["This order has no bill to pay"] });
  }
  const owed = order.totalMinor - (await invoicePaid(tx, ctx.org.id, order.invoiceId));
  if (cashMinor > owed) {
    throw new FieldError("BAD_REQUEST", {
      cashReceivedMinor: [
        owed <= 0 ? "This order is paid already" : "That is more than is owed on this order",
      ],
    });
  }
  await recordDeskPayment(tx, ctx.org, ctx.user.id, {
    patientId: order.patientId,
    amountMinor: cashMinor,
    method: "cash",
    invoiceId: order.invoiceId,
    reference: `Order ${order.number}`,
  });
}

export function collectOrder(ctx: OrderEditor, input: OrderHandOverInput): Promise<OrderView> {
  return changeOrder(
    ctx,
    input.id,
    { from: ["ready"], to: "collected", set: { completedAt: new Date() } },
    (tx, { after }) => takeCash(tx, ctx, after, input.cashReceivedMinor),
  );
}

export function deliverOrder(ctx: OrderEditor, input: OrderHandOverInput): Promise<OrderView> {
  return changeOrder(
    ctx,
    input.id,
    { from: ["out_for_delivery"], to: "delivered", set: { completedAt: new Date() } },
    (tx, { after }) => takeCash(tx, ctx, after, input.cashReceivedMinor),
  );
}

export function cancelOrder(ctx: OrderEditor, input: OrderCancelInput): Promise<OrderView> {
  return changeOrder(
    ctx,
    input.id,
    {
      from: openOrderStatuses,
      to: "cancelled",
      set: { cancelledAt: new Date(), cancelReason: input.reason },
    },
    (tx, { after }) => closeOrder(tx, ctx.org, ctx.user.id, after, input.reason),
    input.reason,
  );
}

/** The portal: the patient cancels their own order before it is picked. */
export function cancelMyOrder(
  ctx: OrderEditor & Pick<PatientScope, "patient">,
  input: OrderCancelMineInput,
): Promise<OrderView> {
  const reason = input.reason ?? "Cancelled by the customer";
  return changeOrder(
    ctx,
    input.id,
    {
      from: patientCancellableStatuses,
      to: "cancelled",
      patientId: ctx.patient.id,
      set: { cancelledAt: new Date(), cancelReason: reason },
    },
    (tx, { after }) => closeOrder(tx, ctx.org, ctx.user.id, after, reason),
    reason,
  );
}
