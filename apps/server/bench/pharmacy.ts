// The pharmacy: 200 customers order the last 50 boxes of a product at once (spread over three
// lots with different expiries) through the portal's real procedure, and catalogue search as the
// counter types, over 50,000 products. Exactly the available units must be sold, none twice, and
// every unit must come from the soonest-expiring lot that still had one.
import { appRouter, createCallerFactory, createContextInner } from "@caredesk/api";
import { createSession, hashPassword, validateSessionToken } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { quantile, writeResult } from "./lib";
import { catalogue, catalogueSearches, ean13 } from "./pharmacy-catalogue";

const createCaller = createCallerFactory(appRouter);

interface Customer {
  caller: ReturnType<typeof createCaller>;
}

export async function benchPharmacy(
  database: DbHandle,
  options: { products?: number; orders?: number; rounds?: number } = {},
) {
  const products = options.products ?? 50_000;
  const orders = options.orders ?? 200;
  const rounds = options.rounds ?? 10;
  const { db } = database;
  const slug = `bench-pharmacy-${Date.now().toString(36)}`;
  const [org] = await db
    .insert(schema.organization)
    .values({
      slug,
      name: "Bench Pharmacy",
      kind: "pharmacy",
      timeZone: "Europe/London",
      currency: "GBP",
      country: "GB",
      features: ["patient_portal"],
    })
    .returning({ id: schema.organization.id });
  if (!org) throw new Error("no organization");
  const passwordHash = await hashPassword("bench password");
  const emails: string[] = [];
  const newUser = async (name: string) => {
    const email = `${slug}-${emails.length}@caredesk.test`;
    emails.push(email);
    const [user] = await db
      .insert(schema.user)
      .values({ email, name, passwordHash })
      .returning({ id: schema.user.id });
    if (!user) throw new Error("no user");
    return user.id;
  };
  const callerOf = async (userId: string) => {
    const { token } = await createSession(db, userId);
    const auth = await validateSessionToken(db, token);
    return createCaller(createContextInner({ db, auth, organizationId: org.id }));
  };

  try {
    // The catalogue: 50,000 products (pharmacy-catalogue.ts) with valid barcodes, in batches.
    const loadStarted = performance.now();
    const rows = catalogue(products);
    const batch = 2_000;
    for (let start = 0; start < rows.length; start += batch) {
      await db
        .insert(schema.product)
        .values(
          rows.slice(start, start + batch).map((row) => ({ ...row, organizationId: org.id })),
        );
    }
    await db.execute(sql`analyze product`);
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    // Search as the counter types, through the real procedure.
    const pharmacistId = await newUser("Bench Pharmacist");
    await db
      .insert(schema.membership)
      .values({ organizationId: org.id, userId: pharmacistId, role: "pharmacist" });
    const pharmacist = await callerOf(pharmacistId);
    const barcodeQuery = ean13(`50${String(12_345).padStart(10, "0")}`);
    const queries = [...catalogueSearches, barcodeQuery];
    for (const q of queries) await pharmacist.product.list({ q, limit: 25 }); // warm-up
    const searchSamples: number[] = [];
    let hits = 0;
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        const t = performance.now();
        const page = await pharmacist.product.list({ q, limit: 25 });
        searchSamples.push(performance.now() - t);
        hits += page.items.length;
      }
    }

    // The last 50 boxes: three lots expiring at different times.
    const [contested] = await db
      .insert(schema.product)
      .values({
        organizationId: org.id,
        sku: "BP-RACE",
        name: "Contested Paracetamol 500 mg tablets",
        genericName: "paracetamol",
        form: "tablet",
        priceMinor: 349,
      })
      .returning({ id: schema.product.id });
    if (!contested) throw new Error("no product");
    const inDays = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const lots = await db
      .insert(schema.stockLot)
      .values([
        {
          organizationId: org.id,
          productId: contested.id,
          batchNumber: "LATE",
          expiresOn: inDays(300),
          quantity: 15,
        },
        {
          organizationId: org.id,
          productId: contested.id,
          batchNumber: "SOON",
          expiresOn: inDays(40),
          quantity: 20,
        },
        {
          organizationId: org.id,
          productId: contested.id,
          batchNumber: "MID",
          expiresOn: inDays(120),
          quantity: 15,
        },
      ])
      .returning({
        id: schema.stockLot.id,
        expiresOn: schema.stockLot.expiresOn,
        quantity: schema.stockLot.quantity,
      });
    const unitsAvailable = lots.reduce((sum, lot) => sum + lot.quantity, 0);

    // 200 customers of the portal, each with their own record and session.
    const customers: Customer[] = [];
    for (let i = 0; i < orders; i++) {
      const userId = await newUser(`Customer ${i + 1}`);
      await db
        .insert(schema.membership)
        .values({ organizationId: org.id, userId, role: "patient" });
      await db.insert(schema.patient).values({
        organizationId: org.id,
        firstName: "Customer",
        lastName: String(i + 1),
        mobile: `+4477009${String(i).padStart(5, "0")}`,
        userId,
      });
      customers.push({ caller: await callerOf(userId) });
    }

    const orderSamples: number[] = [];
    const outcomes = await Promise.all(
      customers.map(async ({ caller }, i) => {
        const t = performance.now();
        try {
          await caller.order.placeMine({
            idempotencyKey: `${slug}-order-${i}`,
            items: [{ productId: contested.id, quantity: 1 }],
            fulfilment: "pickup",
            payment: "cash_on_delivery",
          });
          return "placed";
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return /no longer available|only \d+ left/i.test(message)
            ? "sold_out"
            : `other: ${message}`;
        } finally {
          orderSamples.push(performance.now() - t);
        }
      }),
    );

    // What the database says was sold, and whether each unit came from the soonest lot left.
    const allocations = await db
      .select({
        number: schema.pharmacyOrder.number,
        lotId: schema.orderAllocation.lotId,
        quantity: schema.orderAllocation.quantity,
      })
      .from(schema.orderAllocation)
      .innerJoin(
        schema.pharmacyOrder,
        and(
          eq(schema.pharmacyOrder.organizationId, schema.orderAllocation.organizationId),
          eq(schema.pharmacyOrder.id, schema.orderAllocation.orderId),
        ),
      )
      .where(
        and(
          eq(schema.orderAllocation.organizationId, org.id),
          eq(schema.orderAllocation.productId, contested.id),
          inArray(schema.orderAllocation.state, ["reserved", "taken"]),
        ),
      )
      .orderBy(asc(schema.pharmacyOrder.number));
    const unitsSold = allocations.reduce((sum, a) => sum + a.quantity, 0);
    const lotRows = await db
      .select({ quantity: schema.stockLot.quantity, reserved: schema.stockLot.reserved })
      .from(schema.stockLot)
      .where(eq(schema.stockLot.productId, contested.id));
    const overReserved = lotRows.reduce(
      (sum, lot) => sum + Math.max(0, lot.reserved - lot.quantity),
      0,
    );
    // Orders took their numbers one after another under a row lock held to commit, so replaying
    // them in number order tells which lots were left when each one reserved.
    const left = new Map(lots.map((lot) => [lot.id, lot.quantity]));
    const byExpiry = [...lots].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
    let fefoViolations = 0;
    for (const allocation of allocations) {
      const soonest = byExpiry.find((lot) => (left.get(lot.id) ?? 0) > 0);
      if (!soonest || soonest.id !== allocation.lotId) fefoViolations++;
      left.set(allocation.lotId, (left.get(allocation.lotId) ?? 0) - allocation.quantity);
    }

    const others = outcomes.filter((o) => o.startsWith("other"));
    if (others.length > 0) console.warn("pharmacy bench: unexpected answers", others.slice(0, 3));
    const result = {
      database: database.kind,
      products,
      orders,
      units_available: unitsAvailable,
      units_sold: unitsSold,
      oversold: Math.max(0, unitsSold - unitsAvailable) + overReserved,
      fefo_violations: fefoViolations,
      order_p50_ms: quantile(orderSamples, 0.5),
      search_p50_ms: quantile(searchSamples, 0.5),
      placed: outcomes.filter((o) => o === "placed").length,
      sold_out_answers: outcomes.filter((o) => o === "sold_out").length,
      other_errors: others.length,
      order_p95_ms: quantile(orderSamples, 0.95),
      search_p95_ms: quantile(searchSamples, 0.95),
      search_mean_results: Number((hits / searchSamples.length).toFixed(1)),
      load_seconds: Number(loadSeconds.toFixed(1)),
    };
    writeResult("pharmacy", result);
    return result;
  } finally {
    await db.delete(schema.organization).where(eq(schema.organization.id, org.id));
    if (emails.length > 0) await db.delete(schema.user).where(inArray(schema.user.email, emails));
  }
}
