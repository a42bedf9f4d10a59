// The pharmacy's reports: what the shelf is worth at cost, what is at or below its reorder
// level, lots expiring within 30/60/90 days, and sales (sell and dispense movements priced by
// their order's items) by day and by product.
import { queryRows, schema } from "@caredesk/db";
import type { PharmacyReportRange } from "@caredesk/validators";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { OrgScope } from "../scope";
import { lowStockCondition } from "./product";
import { expiryHorizons } from "./stock";
import { practiceToday } from "./stock-ledger";

const { product, stockLot } = schema;

type Reader = Pick<OrgScope, "db" | "org">;

const DAY_MS = 86_400_000;
const addDays = (day: string, days: number) =>
  new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);

/** The shelf today: its value at cost, low stock, and lots expiring within 90 days. */
export async function stockSummary(ctx: Reader) {
  const today = practiceToday(ctx.org.timeZone);
  const [totals] = await ctx.db
    .select({
      valueMinor: sql<string>`coalesce(sum(${stockLot.quantity}::bigint * ${stockLot.unitCostMinor}), 0)`,
      units: sql<string>`coalesce(sum(${stockLot.quantity}), 0)`,
      lots: sql<number>`count(*)::int`,
      expiredUnits: sql<string>`coalesce(sum(${stockLot.quantity}) filter (where ${stockLot.expiresOn} <= ${today}), 0)`,
    })
    .from(stockLot)
    .where(and(eq(stockLot.organizationId, ctx.org.id), gt(stockLot.quantity, 0)));
  const belowReorder = await ctx.db
    .select({
      id: product.id,
      name: product.name,
      sku: product.sku,
      onHand: product.onHand,
      reorderLevel: product.reorderLevel,
    })
    .from(product)
    .where(
      and(eq(product.organizationId, ctx.org.id), eq(product.status, "active"), lowStockCondition),
    )
    .orderBy(sql`${product.onHand} - ${product.reorderLevel}`, asc(product.name))
    .limit(200);
  const longest = expiryHorizons[expiryHorizons.length - 1] ?? 90;
  const expiring = await ctx.db
    .select({
      lotId: stockLot.id,
      productId: stockLot.productId,
      productName: product.name,
      batchNumber: stockLot.batchNumber,
      expiresOn: stockLot.expiresOn,
      quantity: stockLot.quantity,
      valueMinor: sql<string>`${stockLot.quantity}::bigint * ${stockLot.unitCostMinor}`,
    })
    .from(stockLot)
    .innerJoin(
      product,
      and(eq(product.organizationId, stockLot.organizationId), eq(product.id, stockLot.productId)),
    )
    .where(
      and(
        eq(stockLot.organizationId, ctx.org.id),
        gt(stockLot.quantity, 0),
        sql`${stockLot.expiresOn} > ${today}::date`,
        sql`${stockLot.expiresOn} <= ${addDays(today, longest)}::date`,
      ),
    )
    .orderBy(asc(stockLot.expiresOn), asc(product.name))
    .limit(500);
  const lots = expiring.map((lot) => {
    const days = Math.round((Date.parse(lot.expiresOn) - Date.parse(today)) / DAY_MS);
    return {
      ...lot,
      valueMinor: Number(lot.valueMinor),
      daysLeft: days,
      /** The shortest horizon it falls within. */
      horizon: expiryHorizons.find((h) => days <= h) ?? longest,
    };
  });
  return {
    currency: ctx.org.currency,
    today,
    stockValueMinor: Number(totals?.valueMinor ?? 0),
    unitsOnHand: Number(totals?.units ?? 0),
    lots: totals?.lots ?? 0,
    expiredUnitsOnShelf: Number(totals?.expiredUnits ?? 0),
    belowReorder,
    expiring: lots,
    expiringCounts: Object.fromEntries(
      expiryHorizons.map((h) => [h, lots.filter((lot) => lot.daysLeft <= h).length]),
    ) as Record<(typeof expiryHorizons)[number], number>,
  };
}

interface SalesRow extends Record<string, unknown> {
  day: string;
  product_id: string;
  product_name: string;
  units: string;
  revenue: string;
}

/**
 * Sales over a range of days in the practice's calendar: units sold or dispensed (returns
 * deducted) and their value at the order's unit prices, by day (every day of the range) and the
 * top products.
 */
export async function salesReport(ctx: Reader, input: PharmacyReportRange) {
  const zone = ctx.org.timeZone;
  const rows = await queryRows<SalesRow>(
    ctx.db,
    sql`select to_char((m.created_at at time zone ${zone})::date, 'YYYY-MM-DD') as day,
               m.product_id, p.name as product_name,
               sum(-m.quantity)::bigint as units,
               sum(-m.quantity * coalesce((
                 select oi.unit_price_minor from order_item oi
                  where oi.organization_id = m.organization_id and oi.order_id = m.order_id
                    and oi.product_id = m.product_id
                  order by oi.position limit 1), 0))::bigint as revenue
          from stock_movement m
          join product p on p.organization_id = m.organization_id and p.id = m.product_id
         where m.organization_id = ${ctx.org.id}
           and m.kind in ('sell', 'dispense', 'return') and m.order_id is not null
           and m.created_at >= (${input.from}::date::timestamp at time zone ${zone})
           and m.created_at < ((${input.to}::date + 1)::timestamp at time zone ${zone})
         group by 1, 2, 3`,
  );
  const byDay = new Map<string, { day: string; units: number; revenueMinor: number }>();
  for (let day = input.from; day <= input.to; day = addDays(day, 1)) {
    byDay.set(day, { day, units: 0, revenueMinor: 0 });
  }
  const byProduct = new Map<
    string,
    { productId: string; name: string; units: number; revenueMinor: number }
  >();
  for (const row of rows) {
    const units = Number(row.units);
    const revenue = Number(row.revenue);
    const day = byDay.get(row.day);
    if (day) {
      day.units += units;
      day.revenueMinor += revenue;
    }
    const item = byProduct.get(row.product_id) ?? {
      productId: row.product_id,
      name: row.product_name,
      units: 0,
      revenueMinor: 0,
    };
    item.units += units;
    item.revenueMinor += revenue;
    byProduct.set(row.product_id, item);
  }
  const days = [...byDay.values()];
  return {
    currency: ctx.org.currency,
    from: input.from,
    to: input.to,
    totalUnits: days.reduce((sum, d) => sum + d.units, 0),
    totalRevenueMinor: days.reduce((sum, d) => sum + d.revenueMinor, 0),
    byDay: days,
    topProducts: [...byProduct.values()]
      .sort((a, b) => b.revenueMinor - a.revenueMinor || b.units - a.units)
      .slice(0, 10),
  };
}
