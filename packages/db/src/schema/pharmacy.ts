// Pharmacy: the product catalogue, stock by lot and expiry with every change a movement, stock
// counts, orders (online, at the counter, from refills) whose units are reserved first-expiry-
// first-out, prescription refills, and hospitals' ambulance requests.
//
// Right by construction: a lot's quantity never goes below zero and its reservations never
// exceed it (CHECK constraints, whatever code or SQL tries), so two customers can never buy the
// same last box; a product's on-hand is the sum of its lots, kept with each movement in one
// transaction.
import { sql, type SQL } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { constraints } from "../constraints";
import { id, timestamps } from "./_columns";
import { prescription, consultation } from "./clinical";
import { file } from "./file";
import { organization, user } from "./identity";
import { invoice } from "./money";
import { patient } from "./patient";

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

export const productForm = pgEnum("product_form", [
  "tablet",
  "capsule",
  "syrup",
  "suspension",
  "solution",
  "drops",
  "cream",
  "ointment",
  "gel",
  "injection",
  "inhaler",
  "spray",
  "patch",
  "suppository",
  "powder",
  "device",
  "other",
]);

export const productStatus = pgEnum("product_status", ["active", "archived"]);

/**
 * What a pharmacy sells. `onHand` is the sum of its lots' quantities, kept by a trigger on
 * stock_lot in the same statement as every change of a lot (migration 0015); what can be sold
 * is on-hand less reservations, in lots that
 * have not expired. `searchText` (generated) is what fuzzy search matches.
 */
export const product = pgTable(
  "product",
  {
    id: id(),
    organizationId: orgId(),
    sku: text().notNull(),
    /** EAN-13, check digit validated. */
    barcode: text(),
    name: text().notNull(),
    genericName: text(),
    form: productForm().notNull().default("other"),
    strength: text(),
    category: text(),
    description: text(),
    imageFileId: uuid(),
    priceMinor: bigint({ mode: "number" }).notNull(),
    /** Tax rate in basis points (2000 = 20%), added to the price. */
    taxBps: integer().notNull().default(0),
    prescriptionOnly: boolean().notNull().default(false),
    controlled: boolean().notNull().default(false),
    /** At or below this on-hand the product is "low" (alerts, reports). */
    reorderLevel: integer().notNull().default(0),
    status: productStatus().notNull().default("active"),
    onHand: integer().notNull().default(0),
    searchText: text().generatedAlwaysAs(
      (): SQL =>
        sql`lower(${product.name} || ' ' || coalesce(${product.genericName}, '') || ' ' || coalesce(${product.barcode}, '') || ' ' || ${product.sku})`,
    ),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique("product_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.productSku).on(t.organizationId, t.sku),
    uniqueIndex(constraints.productBarcode)
      .on(t.organizationId, t.barcode)
      .where(sql`${t.barcode} is not null`),
    index("product_org_status_name_idx").on(t.organizationId, t.status, t.name),
    // Search by the start of a name (what the counter types first), in name order: `lower(name)
    // collate "C" like 'q%' order by lower(name) collate "C"` walks this index and stops early.
    index("product_org_name_prefix_idx").on(t.organizationId, sql`(lower(${t.name}) collate "C")`),
    index("product_search_trgm_idx")
      .using("gin", t.organizationId, t.searchText.op("gin_trgm_ops"))
      // Catalogue writes are rare and search is hot: entries go straight into the index rather
      // than a pending list that every search would scan until the next vacuum.
      .with({ fastupdate: false }),
    foreignKey({
      name: "product_image_fk",
      columns: [t.organizationId, t.imageFileId],
      foreignColumns: [file.organizationId, file.id],
    }),
    check("product_price", sql`${t.priceMinor} >= 0`),
    check("product_tax", sql`${t.taxBps} between 0 and 10000`),
    check("product_reorder_level", sql`${t.reorderLevel} >= 0`),
    check(constraints.productOnHand, sql`${t.onHand} >= 0`),
  ],
);

/** Goods received from a supplier in one delivery: the lots it brought point to it. */
export const stockReceipt = pgTable(
  "stock_receipt",
  {
    id: id(),
    organizationId: orgId(),
    supplier: text().notNull(),
    /** The supplier's delivery note or invoice number. */
    reference: text(),
    receivedOn: date({ mode: "string" }).notNull(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("stock_receipt_org_id_key").on(t.organizationId, t.id),
    index("stock_receipt_org_day_idx").on(t.organizationId, t.receivedOn),
  ],
);

/**
 * One batch of a product with one expiry. `quantity` is on the shelf; `reserved` of it belongs
 * to orders not yet picked. Both are guarded by the database: quantity ≥ 0 and
 * 0 ≤ reserved ≤ quantity.
 */
export const stockLot = pgTable(
  "stock_lot",
  {
    id: id(),
    organizationId: orgId(),
    productId: uuid().notNull(),
    batchNumber: text().notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    quantity: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    /** Cost of one unit from the supplier (stock value). */
    unitCostMinor: bigint({ mode: "number" }).notNull().default(0),
    receiptId: uuid(),
    /** When the expiry job wrote it off. */
    expiredAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique("stock_lot_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.stockLotBatch).on(t.organizationId, t.productId, t.batchNumber),
    // First-expiry-first-out: a product's lots with something free, soonest expiry first.
    index("stock_lot_fefo_idx")
      .on(t.organizationId, t.productId, t.expiresOn, t.id)
      .where(sql`${t.quantity} > 0`),
    index("stock_lot_org_expiry_idx")
      .on(t.organizationId, t.expiresOn)
      .where(sql`${t.quantity} > 0`),
    foreignKey({
      name: constraints.stockLotProduct,
      columns: [t.organizationId, t.productId],
      foreignColumns: [product.organizationId, product.id],
    }),
    foreignKey({
      name: "stock_lot_receipt_fk",
      columns: [t.organizationId, t.receiptId],
      foreignColumns: [stockReceipt.organizationId, stockReceipt.id],
    }),
    check(constraints.stockLotQuantity, sql`${t.quantity} >= 0`),
    check(constraints.stockLotReserved, sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.quantity}`),
    check("stock_lot_cost", sql`${t.unitCostMinor} >= 0`),
  ],
);

export const stockMovementKind = pgEnum("stock_movement_kind", [
  "receive",
  "sell",
  "dispense",
  "adjust",
  "return",
  "expire",
  "count",
]);

/**
 * Every change of a lot's quantity, signed (+ in, − out); written in the same transaction as
 * the change and never updated. An adjustment carries its reason.
 */
export const stockMovement = pgTable(
  "stock_movement",
  {
    id: id(),
    organizationId: orgId(),
    productId: uuid().notNull(),
    lotId: uuid().notNull(),
    kind: stockMovementKind().notNull(),
    quantity: integer().notNull(),
    reason: text(),
    orderId: uuid(),
    receiptId: uuid(),
    countId: uuid(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("stock_movement_org_product_idx").on(t.organizationId, t.productId, t.createdAt),
    index("stock_movement_org_created_idx").on(t.organizationId, t.createdAt),
    index("stock_movement_org_order_idx")
      .on(t.organizationId, t.orderId)
      .where(sql`${t.orderId} is not null`),
    foreignKey({
      name: "stock_movement_lot_fk",
      columns: [t.organizationId, t.lotId],
      foreignColumns: [stockLot.organizationId, stockLot.id],
    }),
    foreignKey({
      name: "stock_movement_product_fk",
      columns: [t.organizationId, t.productId],
      foreignColumns: [product.organizationId, product.id],
    }),
    check("stock_movement_nonzero", sql`${t.quantity} <> 0`),
    check(
      "stock_movement_reason",
      sql`${t.kind} not in ('adjust', 'count') or ${t.reason} is not null`,
    ),
  ],
);

export const stockCountStatus = pgEnum("stock_count_status", ["open", "posted", "cancelled"]);

/**
 * A stock count: the lots expected on the shelf when it opened, what was counted, and — once
 * posted — a `count` movement for each variance.
 */
export const stockCount = pgTable(
  "stock_count",
  {
    id: id(),
    organizationId: orgId(),
    status: stockCountStatus().notNull().default("open"),
    note: text(),
    startedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    postedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    postedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique("stock_count_org_id_key").on(t.organizationId, t.id),
    index("stock_count_org_created_idx").on(t.organizationId, t.createdAt),
  ],
);

export const stockCountLine = pgTable(
  "stock_count_line",
  {
    id: id(),
    organizationId: orgId(),
    countId: uuid().notNull(),
    productId: uuid().notNull(),
    lotId: uuid().notNull(),
    /** The lot's quantity when the count opened. */
    expected: integer().notNull(),
    counted: integer(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("stock_count_line_lot_key").on(t.organizationId, t.countId, t.lotId),
    foreignKey({
      name: "stock_count_line_count_fk",
      columns: [t.organizationId, t.countId],
      foreignColumns: [stockCount.organizationId, stockCount.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "stock_count_line_lot_fk",
      columns: [t.organizationId, t.lotId],
      foreignColumns: [stockLot.organizationId, stockLot.id],
    }),
    check("stock_count_line_counted", sql`${t.counted} is null or ${t.counted} >= 0`),
  ],
);

export const orderChannel = pgEnum("order_channel", ["online", "counter", "refill"]);

/**
 * placed: waiting for the pharmacist (and a prescription's review); approved: may be picked;
 * picked: taken off the shelf (stock moved); ready: waiting for pickup; out_for_delivery;
 * delivered / collected: done; rejected (a prescription refused, with a reason); cancelled.
 */
export const orderStatus = pgEnum("order_status", [
  "placed",
  "approved",
  "picked",
  "ready",
  "out_for_delivery",
  "delivered",
  "collected",
  "rejected",
  "cancelled",
]);

export const orderFulfilment = pgEnum("order_fulfilment", ["pickup", "delivery"]);

/** online: paid through the invoice's checkout; cash_on_delivery; counter: paid at the till. */
export const orderPayment = pgEnum("order_payment", ["online", "cash_on_delivery", "counter"]);

export const prescriptionReview = pgEnum("prescription_review", [
  "not_needed",
  "pending",
  "approved",
  "rejected",
]);

/** Sequential order numbers per practice, taken under a row lock. */
export const orderCounter = pgTable("order_counter", {
  organizationId: uuid()
    .primaryKey()
    .references(() => organization.id, { onDelete: "cascade" }),
  lastNumber: integer().notNull().default(0),
});

export interface OrderAddress {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode?: string | null;
  notes?: string | null;
}

/**
 * A sale: online from the public site or portal, at the counter, or made from an approved
 * refill. Its units are reserved first-expiry-first-out when it is placed (order_allocation), so
 * what it shows as available was really available; picking moves the stock.
 */
export const pharmacyOrder = pgTable(
  "pharmacy_order",
  {
    id: id(),
    organizationId: orgId(),
    number: integer().notNull(),
    channel: orderChannel().notNull(),
    status: orderStatus().notNull(),
    fulfilment: orderFulfilment().notNull().default("pickup"),
    paymentChoice: orderPayment().notNull(),
    /** Walk-in counter sales may have no patient. */
    patientId: uuid(),
    customerName: text().notNull(),
    /** E.164. */
    customerPhone: text(),
    customerEmail: text(),
    deliveryAddress: jsonb().$type<OrderAddress>(),
    currency: text().notNull(),
    subtotalMinor: bigint({ mode: "number" }).notNull(),
    discountMinor: bigint({ mode: "number" }).notNull().default(0),
    taxMinor: bigint({ mode: "number" }).notNull().default(0),
    totalMinor: bigint({ mode: "number" }).notNull(),
    /** Online and cash-on-delivery orders are billed by an invoice (the money domain). */
    invoiceId: uuid(),
    /** Counter sales: how it was paid, what was handed over, the change. */
    counterMethod: text(),
    tenderedMinor: bigint({ mode: "number" }),
    prescriptionReview: prescriptionReview().notNull().default("not_needed"),
    prescriptionFileId: uuid(),
    reviewNote: text(),
    reviewedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    refillRequestId: uuid(),
    customerNote: text(),
    pickedAt: timestamp({ withTimezone: true }),
    readyAt: timestamp({ withTimezone: true }),
    dispatchedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    /** The caller's idempotency key for placing it (scoped to the practice and the channel). */
    idempotencyKey: text(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique("pharmacy_order_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.orderNumber).on(t.organizationId, t.number),
    uniqueIndex(constraints.orderIdempotency)
      .on(t.organizationId, t.channel, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index("pharmacy_order_org_status_idx").on(t.organizationId, t.status, t.createdAt),
    index("pharmacy_order_org_created_idx").on(t.organizationId, t.createdAt, t.id),
    index("pharmacy_order_org_patient_idx")
      .on(t.organizationId, t.patientId, t.createdAt)
      .where(sql`${t.patientId} is not null`),
    foreignKey({
      name: constraints.orderPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: "pharmacy_order_invoice_fk",
      columns: [t.organizationId, t.invoiceId],
      foreignColumns: [invoice.organizationId, invoice.id],
    }),
    foreignKey({
      name: "pharmacy_order_prescription_file_fk",
      columns: [t.organizationId, t.prescriptionFileId],
      foreignColumns: [file.organizationId, file.id],
    }),
    check("pharmacy_order_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "pharmacy_order_totals",
      sql`${t.subtotalMinor} >= 0 and ${t.discountMinor} >= 0 and ${t.taxMinor} >= 0
        and ${t.discountMinor} <= ${t.subtotalMinor}
        and ${t.totalMinor} = ${t.subtotalMinor} - ${t.discountMinor} + ${t.taxMinor}`,
    ),
    check(
      "pharmacy_order_delivery_address",
      sql`${t.fulfilment} = 'pickup' or ${t.deliveryAddress} is not null`,
    ),
  ],
);

export const orderItem = pgTable(
  "order_item",
  {
    id: id(),
    organizationId: orgId(),
    orderId: uuid().notNull(),
    productId: uuid().notNull(),
    /** The product's name and flags when it was ordered. */
    name: text().notNull(),
    prescriptionOnly: boolean().notNull().default(false),
    quantity: integer().notNull(),
    unitPriceMinor: bigint({ mode: "number" }).notNull(),
    discountMinor: bigint({ mode: "number" }).notNull().default(0),
    taxMinor: bigint({ mode: "number" }).notNull().default(0),
    totalMinor: bigint({ mode: "number" }).notNull(),
    position: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    unique("order_item_org_id_key").on(t.organizationId, t.id),
    index("order_item_org_order_idx").on(t.organizationId, t.orderId, t.position),
    index("order_item_org_product_idx").on(t.organizationId, t.productId),
    foreignKey({
      name: "order_item_order_fk",
      columns: [t.organizationId, t.orderId],
      foreignColumns: [pharmacyOrder.organizationId, pharmacyOrder.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.orderItemProduct,
      columns: [t.organizationId, t.productId],
      foreignColumns: [product.organizationId, product.id],
    }),
    check(
      "order_item_money",
      sql`${t.quantity} between 1 and 10000 and ${t.unitPriceMinor} >= 0 and ${t.discountMinor} >= 0
        and ${t.taxMinor} >= 0 and ${t.discountMinor} <= ${t.quantity} * ${t.unitPriceMinor}
        and ${t.totalMinor} = ${t.quantity} * ${t.unitPriceMinor} - ${t.discountMinor} + ${t.taxMinor}`,
    ),
  ],
);

export const allocationState = pgEnum("allocation_state", [
  /** Held in the lot (`reserved`), still on the shelf. */
  "reserved",
  /** Picked: taken off the lot (a sell or dispense movement). */
  "taken",
  /** A reservation given back (cancelled before picking). */
  "released",
  /** Taken and brought back (cancelled after picking): a return movement. */
  "returned",
]);

/** Which lots an order item's units come from, chosen first-expiry-first-out. */
export const orderAllocation = pgTable(
  "order_allocation",
  {
    id: id(),
    organizationId: orgId(),
    orderId: uuid().notNull(),
    orderItemId: uuid().notNull(),
    productId: uuid().notNull(),
    lotId: uuid().notNull(),
    quantity: integer().notNull(),
    state: allocationState().notNull().default("reserved"),
    ...timestamps(),
  },
  (t) => [
    index("order_allocation_org_order_idx").on(t.organizationId, t.orderId),
    index("order_allocation_org_lot_idx")
      .on(t.organizationId, t.lotId)
      .where(sql`${t.state} = 'reserved'`),
    foreignKey({
      name: "order_allocation_order_fk",
      columns: [t.organizationId, t.orderId],
      foreignColumns: [pharmacyOrder.organizationId, pharmacyOrder.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "order_allocation_item_fk",
      columns: [t.organizationId, t.orderItemId],
      foreignColumns: [orderItem.organizationId, orderItem.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "order_allocation_lot_fk",
      columns: [t.organizationId, t.lotId],
      foreignColumns: [stockLot.organizationId, stockLot.id],
    }),
    check("order_allocation_quantity", sql`${t.quantity} > 0`),
  ],
);

export const refillStatus = pgEnum("refill_status", [
  "requested",
  "approved",
  "declined",
  "cancelled",
]);

/**
 * A patient asks for a prescription again: one from their consultations, or an uploaded one.
 * A doctor or pharmacist approves (it becomes an order, or a pickup at the practice) or declines
 * with a note.
 */
export const refillRequest = pgTable(
  "refill_request",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    prescriptionId: uuid(),
    consultationId: uuid(),
    uploadFileId: uuid(),
    /** What the patient wrote (which medicine, how much is left). */
    note: text(),
    status: refillStatus().notNull().default("requested"),
    fulfilment: orderFulfilment(),
    /** Where to deliver, when the patient chose delivery (an approved order goes there). */
    deliveryAddress: jsonb().$type<OrderAddress>(),
    decisionNote: text(),
    decidedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    decidedAt: timestamp({ withTimezone: true }),
    orderId: uuid(),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique("refill_request_org_id_key").on(t.organizationId, t.id),
    index("refill_request_org_status_idx").on(t.organizationId, t.status, t.createdAt),
    index("refill_request_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    foreignKey({
      name: constraints.refillPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: "refill_request_prescription_fk",
      columns: [t.organizationId, t.prescriptionId],
      foreignColumns: [prescription.organizationId, prescription.id],
    }),
    foreignKey({
      name: "refill_request_consultation_fk",
      columns: [t.organizationId, t.consultationId],
      foreignColumns: [consultation.organizationId, consultation.id],
    }),
    foreignKey({
      name: "refill_request_upload_fk",
      columns: [t.organizationId, t.uploadFileId],
      foreignColumns: [file.organizationId, file.id],
    }),
    foreignKey({
      name: "refill_request_order_fk",
      columns: [t.organizationId, t.orderId],
      foreignColumns: [pharmacyOrder.organizationId, pharmacyOrder.id],
    }),
    check(
      "refill_request_source",
      sql`${t.prescriptionId} is not null or ${t.uploadFileId} is not null`,
    ),
    check(
      "refill_request_delivery_address",
      sql`${t.fulfilment} is distinct from 'delivery' or ${t.deliveryAddress} is not null`,
    ),
  ],
);

export const ambulanceStatus = pgEnum("ambulance_status", [
  "new",
  "dispatched",
  "en_route",
  "arrived",
  "completed",
  "cancelled",
]);

/**
 * A request for an ambulance (hospitals with the feature), from the public site or the portal.
 * Each step's time is kept, so response times can be reported.
 */
export const ambulanceRequest = pgTable(
  "ambulance_request",
  {
    id: id(),
    organizationId: orgId(),
    /** Set when a signed-in patient asked from the portal. */
    patientId: uuid(),
    requesterName: text().notNull(),
    /** E.164: the dispatcher calls it back; status messages go to it. */
    contactPhone: text().notNull(),
    pickupAddress: text(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    condition: text().notNull(),
    status: ambulanceStatus().notNull().default("new"),
    vehicle: text(),
    crew: text(),
    cancelReason: text(),
    dispatchedAt: timestamp({ withTimezone: true }),
    enRouteAt: timestamp({ withTimezone: true }),
    arrivedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    dispatchedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique("ambulance_request_org_id_key").on(t.organizationId, t.id),
    index("ambulance_request_org_status_idx").on(t.organizationId, t.status, t.createdAt),
    index("ambulance_request_org_created_idx").on(t.organizationId, t.createdAt),
    foreignKey({
      name: "ambulance_request_patient_fk",
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    check(
      "ambulance_request_location",
      sql`${t.pickupAddress} is not null or (${t.latitude} is not null and ${t.longitude} is not null)`,
    ),
    check(
      "ambulance_request_coordinates",
      sql`(${t.latitude} is null or ${t.latitude} between -90 and 90)
        and (${t.longitude} is null or ${t.longitude} between -180 and 180)`,
    ),
  ],
);
