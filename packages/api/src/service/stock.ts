// The pharmacy's stock: goods received in lots, adjustments with a reason, stock counts with
// their variances, the movements history, and the daily job that writes off expired lots and
// alerts the practice about low stock and lots expiring soon. Every change of a lot's quantity
// goes through the stock core (`moveStock`), which writes its movement with it.
import { queryRows, schema, type Database } from "@caredesk/db";
import { stockAlertText, type StockAlert } from "@caredesk/notifications";
import type {
  StockAdjustInput,
  StockCountOpenInput,
  StockCountSetInput,
  StockCountsInput,
  StockLotsInput,
  StockMovementsInput,
  StockReceiveInput,
} from "@caredesk/validators";
import type { z } from "zod";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { runAudited } from "../audit";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { decodeCursor, olderThanCursor, toPage, type Page } from "./pagination";
import { queueNotifications, type NewNotification } from "./outbox";
import { lotColumns } from "./product";
import { moveStock, practiceToday } from "./stock-ledger";

const { product, stockLot, stockMovement, stockReceipt, stockCount, stockCountLine, user } = schema;

type Reader = Pick<OrgScope, "db" | "org">;
type Actor = Pick<OrgScope, "org" | "mutate" | "user">;

async function checkProduct(db: Database, organizationId: string, productId: string | undefined) {
  if (!productId) return;
  const [row] = await db
    .select({ id: product.id })
    .from(product)
    .where(and(eq(product.organizationId, organizationId), eq(product.id, productId)));
  if (!row) throw new FieldError("NOT_FOUND", { productId: ["Product not found"] });
}

async function checkLot(db: Database, organizationId: string, lotId: string | undefined) {
  if (!lotId) return;
  const [row] = await db
    .select({ id: stockLot.id })
    .from(stockLot)
    .where(and(eq(stockLot.organizationId, organizationId), eq(stockLot.id, lotId)));
  if (!row) throw new FieldError("NOT_FOUND", { lotId: ["Lot not found"] });
}

// ---------------------------------------------------------------------------------------------
// Receiving and adjusting

/**
 * Goods received from a supplier: the receipt and its lots. A batch the product already has
 * adds to that lot when its expiry matches (a different expiry is a mistake, said on the field);
 * new stock must not have expired in the practice's calendar.
 */
export function receiveStock(ctx: Actor, input: z.output<typeof StockReceiveInput>) {
  const today = practiceToday(ctx.org.timeZone);
  const errors: Record<string, string[]> = {};
  if (input.receivedOn > today) errors.receivedOn = ["The delivery date is in the future"];
  input.lots.forEach((lot, i) => {
    if (lot.expiresOn < today) errors[`lots.${i}.expiresOn`] = ["This expiry date has passed"];
    else if (lot.expiresOn === today) {
      errors[`lots.${i}.expiresOn`] = ["This stock expires today and could not be sold"];
    }
  });
  if (Object.keys(errors).length > 0) throw new FieldError("BAD_REQUEST", errors);

  return ctx.mutate(async (tx, audit) => {
    const [receipt] = await tx
      .insert(stockReceipt)
      .values({
        organizationId: ctx.org.id,
        supplier: input.supplier,
        reference: input.reference ?? null,
        receivedOn: input.receivedOn,
        createdBy: ctx.user.id,
      })
      .returning();
    if (!receipt) throw new Error("stock receipt insert returned nothing");
    const lots: { lotId: string; productId: string; batchNumber: string; quantity: number }[] = [];
    for (const [i, line] of input.lots.entries()) {
      const [item] = await tx
        .select({ id: product.id })
        .from(product)
        .where(and(eq(product.organizationId, ctx.org.id), eq(product.id, line.productId)));
      if (!item)
        throw new FieldError("NOT_FOUND", { [`lots.${i}.productId`]: ["Product not found"] });
      const [existing] = await tx
        .select({ id: stockLot.id, expiresOn: stockLot.expiresOn })
        .from(stockLot)
        .where(
          and(
            eq(stockLot.organizationId, ctx.org.id),
            eq(stockLot.productId, line.productId),
            eq(stockLot.batchNumber, line.batchNumber),
          ),
        )
        .for("update");
      if (existing && existing.expiresOn !== line.expiresOn) {
        throw new FieldError("BAD_REQUEST", {
          [`lots.${i}.expiresOn`]: [
            `Batch ${line.batchNumber} of this product expires on ${existing.expiresOn}`,
          ],
        });
      }
      let lotId = existing?.id;
      if (!lotId) {
        const [created] = await tx
          .insert(stockLot)
          .values({
            organizationId: ctx.org.id,
            productId: line.productId,
            batchNumber: line.batchNumber,
            expiresOn: line.expiresOn,
            unitCostMinor: line.unitCostMinor,
            receiptId: receipt.id,
          })
          .returning({ id: stockLot.id });
        if (!created) throw new Error("stock lot insert returned nothing");
        lotId = created.id;
      }
      await moveStock(tx, {
        organizationId: ctx.org.id,
        lotId,
        kind: "receive",
        quantity: line.quantity,
        receiptId: receipt.id,
        userId: ctx.user.id,
      });
      lots.push({
        lotId,
        productId: line.productId,
        batchNumber: line.batchNumber,
        quantity: line.quantity,
      });
    }
    audit({ entityType: "stock_receipt", entityId: receipt.id, after: { ...receipt, lots } });
    return { ...receipt, lots };
  });
}

/** A correction of one lot with its reason; it never takes a lot below zero or its holds. */
export function adjustStock(ctx: Actor, input: StockAdjustInput) {
  return ctx.mutate(async (tx, audit) => {
    await checkLot(tx, ctx.org.id, input.lotId);
    const moved = await moveStock(tx, {
      organizationId: ctx.org.id,
      lotId: input.lotId,
      kind: "adjust",
      quantity: input.quantity,
      reason: input.reason,
      userId: ctx.user.id,
    });
    audit({
      entityType: "stock_lot",
      entityId: input.lotId,
      after: { change: input.quantity, reason: input.reason, quantity: moved.quantity },
    });
    return { lotId: input.lotId, productId: moved.productId, quantity: moved.quantity };
  });
}

/** A product's lots, soonest expiry first; empty lots only when asked. */
export async function listLots(ctx: Reader, input: z.output<typeof StockLotsInput>) {
  await checkProduct(ctx.db, ctx.org.id, input.productId);
  const today = practiceToday(ctx.org.timeZone);
  const rows = await ctx.db
    .select(lotColumns)
    .from(stockLot)
    .where(
      and(
        eq(stockLot.organizationId, ctx.org.id),
        eq(stockLot.productId, input.productId),
        input.includeEmpty ? undefined : gt(stockLot.quantity, 0),
      ),
    )
    .orderBy(asc(stockLot.expiresOn), asc(stockLot.id));
  return rows.map((lot) => ({
    ...lot,
    available: lot.expiresOn > today ? lot.quantity - lot.reserved : 0,
    expired: lot.expiresOn <= today,
  }));
}

export interface MovementView {
  id: string;
  productId: string;
  productName: string;
  lotId: string;
  batchNumber: string;
  kind: (typeof schema.stockMovementKind.enumValues)[number];
  quantity: number;
  reason: string | null;
  orderId: string | null;
  receiptId: string | null;
  countId: string | null;
  createdByName: string | null;
  createdAt: Date;
}

/** The movements history, newest first, of the practice, a product or a lot, by kind. */
export async function listMovements(
  ctx: Reader,
  input: z.output<typeof StockMovementsInput>,
): Promise<Page<MovementView>> {
  await checkProduct(ctx.db, ctx.org.id, input.productId);
  await checkLot(ctx.db, ctx.org.id, input.lotId);
  const rows = await ctx.db
    .select({
      id: stockMovement.id,
      productId: stockMovement.productId,
      productName: product.name,
      lotId: stockMovement.lotId,
      batchNumber: stockLot.batchNumber,
      kind: stockMovement.kind,
      quantity: stockMovement.quantity,
      reason: stockMovement.reason,
      orderId: stockMovement.orderId,
      receiptId: stockMovement.receiptId,
      countId: stockMovement.countId,
      createdByName: user.name,
      createdAt: stockMovement.createdAt,
    })
    .from(stockMovement)
    .innerJoin(
      product,
      and(
        eq(product.organizationId, stockMovement.organizationId),
        eq(product.id, stockMovement.productId),
      ),
    )
    .innerJoin(
      stockLot,
      and(
        eq(stockLot.organizationId, stockMovement.organizationId),
        eq(stockLot.id, stockMovement.lotId),
      ),
    )
    .leftJoin(user, eq(user.id, stockMovement.createdBy))
    .where(
      and(
        eq(stockMovement.organizationId, ctx.org.id),
        input.productId ? eq(stockMovement.productId, input.productId) : undefined,
        input.lotId ? eq(stockMovement.lotId, input.lotId) : undefined,
        input.kind ? eq(stockMovement.kind, input.kind) : undefined,
        olderThanCursor(
          decodeCursor(input.cursor),
          stockMovement,
          stockMovement.createdAt,
          stockMovement.id,
        ),
      ),
    )
    .orderBy(desc(stockMovement.createdAt), desc(stockMovement.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => [row.id]);
}

// ---------------------------------------------------------------------------------------------
// Stock counts

/** Opens a count: a line for every lot on the shelf (or of one category), as the shelf is now. */
export function openCount(ctx: Actor, input: z.output<typeof StockCountOpenInput>) {
  return ctx.mutate(async (tx, audit) => {
    const lots = await tx
      .select({ id: stockLot.id, productId: stockLot.productId, quantity: stockLot.quantity })
      .from(stockLot)
      .innerJoin(
        product,
        and(
          eq(product.organizationId, stockLot.organizationId),
          eq(product.id, stockLot.productId),
        ),
      )
      .where(
        and(
          eq(stockLot.organizationId, ctx.org.id),
          gt(stockLot.quantity, 0),
          input.category ? eq(product.category, input.category) : undefined,
        ),
      )
      .orderBy(asc(product.name), asc(stockLot.expiresOn));
    if (lots.length === 0) {
      throw new FieldError("PRECONDITION_FAILED", {
        [input.category ? "category" : "note"]: ["There is no stock on the shelf to count"],
      });
    }
    const [count] = await tx
      .insert(stockCount)
      .values({ organizationId: ctx.org.id, note: input.note ?? null, startedBy: ctx.user.id })
      .returning();
    if (!count) throw new Error("stock count insert returned nothing");
    await tx.insert(stockCountLine).values(
      lots.map((lot) => ({
        organizationId: ctx.org.id,
        countId: count.id,
        productId: lot.productId,
        lotId: lot.id,
        expected: lot.quantity,
      })),
    );
    audit({
      entityType: "stock_count",
      entityId: count.id,
      after: { ...count, category: input.category ?? null, lines: lots.length },
    });
    return { ...count, lines: lots.length };
  });
}

/** Records what was counted on one line of an open count. */
export function setCountLine(ctx: Actor, input: z.output<typeof StockCountSetInput>) {
  return ctx.mutate(async (tx, audit) => {
    const [line] = await tx
      .select({
        id: stockCountLine.id,
        countId: stockCountLine.countId,
        counted: stockCountLine.counted,
        status: stockCount.status,
      })
      .from(stockCountLine)
      .innerJoin(
        stockCount,
        and(
          eq(stockCount.organizationId, stockCountLine.organizationId),
          eq(stockCount.id, stockCountLine.countId),
        ),
      )
      .where(
        and(eq(stockCountLine.organizationId, ctx.org.id), eq(stockCountLine.id, input.lineId)),
      )
      .for("update", { of: stockCount });
    if (!line) throw new FieldError("NOT_FOUND", { lineId: ["Count line not found"] });
    if (line.status !== "open") throw conflict("This count is no longer open");
    const [after] = await tx
      .update(stockCountLine)
      .set({ counted: input.counted })
      .where(and(eq(stockCountLine.organizationId, ctx.org.id), eq(stockCountLine.id, line.id)))
      .returning({ id: stockCountLine.id, counted: stockCountLine.counted });
    audit({
      entityType: "stock_count_line",
      entityId: line.id,
      before: { counted: line.counted },
      after: { counted: input.counted, countId: line.countId },
    });
    return after;
  });
}

/** Moves an open count to `to`, or says why it cannot (not found, no longer open). */
async function closeCount(
  tx: Database,
  organizationId: string,
  id: string,
  to: "posted" | "cancelled",
  userId: string,
) {
  const [closed] = await tx
    .update(stockCount)
    .set(to === "posted" ? { status: to, postedBy: userId, postedAt: new Date() } : { status: to })
    .where(
      and(
        eq(stockCount.organizationId, organizationId),
        eq(stockCount.id, id),
        eq(stockCount.status, "open"),
      ),
    )
    .returning();
  if (closed) return closed;
  const [found] = await tx
    .select({ status: stockCount.status })
    .from(stockCount)
    .where(and(eq(stockCount.organizationId, organizationId), eq(stockCount.id, id)));
  if (!found) throw notFound("Stock count not found");
  throw conflict(`This count was already ${found.status}`);
}

/**
 * Posts a count: each counted line whose count differs from what the shelf held when the count
 * opened becomes a `count` movement of the difference. Lines left blank change nothing.
 */
export function postCount(ctx: Actor, id: string) {
  return ctx.mutate(async (tx, audit) => {
    const count = await closeCount(tx, ctx.org.id, id, "posted", ctx.user.id);
    const lines = await tx
      .select({
        id: stockCountLine.id,
        lotId: stockCountLine.lotId,
        expected: stockCountLine.expected,
        counted: stockCountLine.counted,
      })
      .from(stockCountLine)
      .where(and(eq(stockCountLine.organizationId, ctx.org.id), eq(stockCountLine.countId, id)))
      .orderBy(asc(stockCountLine.lotId));
    const variances: { lineId: string; lotId: string; variance: number }[] = [];
    for (const line of lines) {
      if (line.counted === null) continue;
      const variance = line.counted - line.expected;
      if (variance === 0) continue;
      await moveStock(tx, {
        organizationId: ctx.org.id,
        lotId: line.lotId,
        kind: "count",
        quantity: variance,
        reason: "Stock count",
        countId: id,
        userId: ctx.user.id,
      });
      variances.push({ lineId: line.id, lotId: line.lotId, variance });
    }
    audit({
      entityType: "stock_count",
      entityId: id,
      before: { status: "open" },
      after: { status: count.status, variances },
    });
    return { ...count, variances };
  });
}

export function cancelCount(ctx: Actor, id: string) {
  return ctx.mutate(async (tx, audit) => {
    const count = await closeCount(tx, ctx.org.id, id, "cancelled", ctx.user.id);
    audit({
      entityType: "stock_count",
      entityId: id,
      before: { status: "open" },
      after: { status: count.status },
    });
    return count;
  });
}

const countColumns = {
  id: stockCount.id,
  status: stockCount.status,
  note: stockCount.note,
  startedBy: stockCount.startedBy,
  postedAt: stockCount.postedAt,
  createdAt: stockCount.createdAt,
  lines: sql<number>`(select count(*)::int from ${stockCountLine} l where l.organization_id = ${stockCount.organizationId} and l.count_id = ${stockCount.id})`,
  counted: sql<number>`(select count(*)::int from ${stockCountLine} l where l.organization_id = ${stockCount.organizationId} and l.count_id = ${stockCount.id} and l.counted is not null)`,
};

/** Stock counts, newest first. */
export async function listCounts(ctx: Reader, input: z.output<typeof StockCountsInput>) {
  const rows = await ctx.db
    .select(countColumns)
    .from(stockCount)
    .where(
      and(
        eq(stockCount.organizationId, ctx.org.id),
        input.status ? eq(stockCount.status, input.status) : undefined,
        olderThanCursor(
          decodeCursor(input.cursor),
          stockCount,
          stockCount.createdAt,
          stockCount.id,
        ),
      ),
    )
    .orderBy(desc(stockCount.createdAt), desc(stockCount.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (row) => [row.id]);
}

/** One count with its lines: expected, counted and the variance of each. */
export async function getCount(ctx: Reader, id: string) {
  const [count] = await ctx.db
    .select(countColumns)
    .from(stockCount)
    .where(and(eq(stockCount.organizationId, ctx.org.id), eq(stockCount.id, id)));
  if (!count) throw notFound("Stock count not found");
  const lines = await ctx.db
    .select({
      id: stockCountLine.id,
      productId: stockCountLine.productId,
      productName: product.name,
      sku: product.sku,
      lotId: stockCountLine.lotId,
      batchNumber: stockLot.batchNumber,
      expiresOn: stockLot.expiresOn,
      expected: stockCountLine.expected,
      counted: stockCountLine.counted,
    })
    .from(stockCountLine)
    .innerJoin(
      product,
      and(
        eq(product.organizationId, stockCountLine.organizationId),
        eq(product.id, stockCountLine.productId),
      ),
    )
    .innerJoin(
      stockLot,
      and(
        eq(stockLot.organizationId, stockCountLine.organizationId),
        eq(stockLot.id, stockCountLine.lotId),
      ),
    )
    .where(and(eq(stockCountLine.organizationId, ctx.org.id), eq(stockCountLine.countId, id)))
    .orderBy(asc(product.name), asc(stockLot.expiresOn), asc(stockCountLine.id));
  return {
    ...count,
    lines: lines.map((line) => ({
      ...line,
      variance: line.counted === null ? null : line.counted - line.expected,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The daily job: expired lots written off, low stock and expiring lots announced

/** The horizons (days) a lot's expiry is announced at, each once. */
export const expiryHorizons = [30, 60, 90] as const;

interface PracticeZone extends Record<string, unknown> {
  id: string;
  time_zone: string;
}

interface ExpiredLot extends Record<string, unknown> {
  id: string;
  free: number;
}

/** Who is told about the shelf: owners, admins, managers and pharmacists. */
const stockRoles = sql`('owner', 'admin', 'manager', 'pharmacist')`;

/**
 * Writes off every lot that has expired in its practice's calendar (expires_on ≤ today) with
 * units not held by orders: an `expire` movement of those units, and the lot marked expired.
 * Held units stay until their order is picked (the stock core moves them) or cancelled.
 */
export async function expireLots(db: Database, now = new Date()): Promise<number> {
  const practices = await queryRows<PracticeZone>(
    db,
    sql`select distinct o.id, o.time_zone from organization o
         join stock_lot l on l.organization_id = o.id
        where l.quantity > l.reserved
          and l.expires_on <= (${now.toISOString()}::timestamptz at time zone o.time_zone)::date`,
  );
  let written = 0;
  for (const practice of practices) {
    const today = practiceToday(practice.time_zone, now);
    const lots = await queryRows<ExpiredLot>(
      db,
      sql`select id, quantity - reserved as free from stock_lot
           where organization_id = ${practice.id} and expires_on <= ${today}::date
             and quantity > reserved
           order by expires_on, id`,
    );
    if (lots.length === 0) continue;
    await runAudited(
      db,
      { organizationId: practice.id, actorUserId: null, ip: null, requestId: "job:stock-daily" },
      "stock.expireLots",
      async (tx, audit) => {
        const done: { lotId: string; quantity: number }[] = [];
        for (const lot of lots) {
          // Read again under the lot's lock: an order may have reserved or taken units since.
          const [fresh] = await tx
            .select({ quantity: stockLot.quantity, reserved: stockLot.reserved })
            .from(stockLot)
            .where(and(eq(stockLot.organizationId, practice.id), eq(stockLot.id, lot.id)))
            .for("update");
          const free = fresh ? fresh.quantity - fresh.reserved : 0;
          if (free <= 0) continue;
          await moveStock(tx, {
            organizationId: practice.id,
            lotId: lot.id,
            kind: "expire",
            quantity: -free,
            reason: "Expired",
            userId: null,
          });
          await tx
            .update(stockLot)
            .set({ expiredAt: now })
            .where(and(eq(stockLot.organizationId, practice.id), eq(stockLot.id, lot.id)));
          done.push({ lotId: lot.id, quantity: free });
        }
        audit({ entityType: "organization", entityId: practice.id, after: { expired: done } });
        written += done.length;
      },
    );
  }
  return written;
}

interface AlertRow extends Record<string, unknown> {
  organization_id: string;
  kind: "low" | "expiring";
  product_id: string;
  product_name: string;
  lot_id: string | null;
  batch_number: string | null;
  expires_on: string | null;
  horizon: number | null;
  on_hand: number;
  reorder_level: number;
  quantity: number | null;
  recipients: string[];
  episode: string | null;
}

/**
 * A product's latest delivery: a low-stock alert is announced once until the product is
 * received again (then, should it fall low again, once more).
 */
const lastReceipt = sql.raw(`coalesce((select m.id::text from stock_movement m
   where m.organization_id = p.organization_id and m.product_id = p.id and m.kind = 'receive'
   order by m.created_at desc, m.id desc limit 1), 'none')`);

/**
 * Queues in-app `stock_alert` messages to the practice's owners, admins, managers and
 * pharmacists: products at or below their reorder level (once per product until it is
 * received again — the key names its latest delivery), and lots
 * expiring within 30, 60 and 90 days, each lot announced once per horizon.
 */
export async function alertStock(db: Database, now = new Date()): Promise<number> {
  const practices = await queryRows<PracticeZone>(
    db,
    sql`select o.id, o.time_zone from organization o
         where exists (select 1 from product p where p.organization_id = o.id)`,
  );
  let alerted = 0;
  for (const practice of practices) {
    const today = practiceToday(practice.time_zone, now);
    const rows = await queryRows<AlertRow>(
      db,
      sql`with staff as (
            select coalesce(array_agg(m.user_id::text), '{}') as ids from membership m
             where m.organization_id = ${practice.id} and m.role in ${stockRoles}
          )
          select p.organization_id, 'low' as kind, p.id as product_id, p.name as product_name,
                 null::uuid as lot_id, null as batch_number, null as expires_on, null::int as horizon,
                 p.on_hand, p.reorder_level, null::int as quantity, (select ids from staff) as recipients,
                 ${lastReceipt} as episode
            from product p
           where p.organization_id = ${practice.id} and p.status = 'active'
             and p.reorder_level > 0 and p.on_hand <= p.reorder_level
             and not exists (select 1 from notification n
                              where n.organization_id = p.organization_id
                                and n.dedupe_key like 'stock:low:' || p.id || ':' || ${lastReceipt} || ':%')
          union all
          select l.organization_id, 'expiring', p.id, p.name, l.id, l.batch_number,
                 l.expires_on::text, h.days, p.on_hand, p.reorder_level, l.quantity,
                 (select ids from staff), null
            from stock_lot l
            join product p on p.organization_id = l.organization_id and p.id = l.product_id
            cross join lateral (
              select min(d) as days from unnest(array[30, 60, 90]) d
               where l.expires_on <= ${today}::date + d
            ) h
           where l.organization_id = ${practice.id} and l.quantity > 0
             and l.expires_on > ${today}::date and h.days is not null
             and not exists (select 1 from notification n
                              where n.organization_id = l.organization_id
                                and n.dedupe_key like 'stock:expiry:' || l.id || ':' || h.days || ':%')`,
    );
    const messages: NewNotification[] = [];
    for (const row of rows) {
      const alert: StockAlert =
        row.kind === "low"
          ? {
              kind: "low",
              productName: row.product_name,
              onHand: Number(row.on_hand),
              reorderLevel: Number(row.reorder_level),
            }
          : {
              kind: "expiring",
              productName: row.product_name,
              batchNumber: row.batch_number ?? "",
              expiresOn: row.expires_on ?? "",
              quantity: Number(row.quantity ?? 0),
              days: Number(row.horizon ?? 0),
            };
      const { subject, bodyText } = stockAlertText(alert);
      const key =
        row.kind === "low"
          ? `stock:low:${row.product_id}:${row.episode ?? "none"}`
          : `stock:expiry:${row.lot_id}:${row.horizon}`;
      for (const userId of row.recipients) {
        messages.push({
          organizationId: practice.id,
          kind: "stock_alert",
          channel: "in_app",
          userId,
          subject,
          bodyText,
          dedupeKey: `${key}:${userId}`,
          payload: { link: `/app/pharmacy/products/${row.product_id}` },
        });
      }
    }
    if (messages.length === 0) continue;
    await runAudited(
      db,
      { organizationId: practice.id, actorUserId: null, ip: null, requestId: "job:stock-daily" },
      "stock.alerts",
      async (tx, audit) => {
        const ids = await queueNotifications(tx, messages);
        audit({
          entityType: "organization",
          entityId: practice.id,
          after: { alerts: rows.length, messages: ids.length },
        });
      },
    );
    alerted += rows.length;
  }
  return alerted;
}

/** The daily stock job: write off what expired, then announce what is low or expiring. */
export async function dailyStock(db: Database, now = new Date()) {
  const expired = await expireLots(db, now);
  const alerted = await alertStock(db, now);
  return { expired, alerted };
}
