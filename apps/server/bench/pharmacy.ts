// The pharmacy: 200 customers order the last 50 boxes of a product at once (spread over three
// lots with different expiries) through the portal's real procedure, and catalogue search as the
// counter types, over 50,000 products. Exactly the available units must be sold, none twice, and
// every unit must come from the soonest-expiring lot that still had one.
//
// Then one order's cost beside its raw twin (`rawOrder` below: the same statements through
// postgres.js), alternated: 8 customers at a time order one unit each of a well-stocked product,
// orders per second: `order_per_s`, `raw_per_s` and `ratio` (product / raw).
import { appRouter, createCallerFactory, createContextInner } from "@caredesk/api";
import { createSession, hashPassword, validateSessionToken } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { createHash, randomUUID } from "node:crypto";
import type postgres from "postgres";
import { alternate, quantile, writeResult } from "./lib";
import { profiled } from "./profile-window";
import { catalogue, catalogueSearches, ean13 } from "./pharmacy-catalogue";

const createCaller = createCallerFactory(appRouter);

interface Customer {
  caller: ReturnType<typeof createCaller>;
  userId: string;
}

export async function benchPharmacy(
  database: DbHandle,
  options: {
    products?: number;
    orders?: number;
    rounds?: number;
    flowOrders?: number;
    flowRounds?: number;
  } = {},
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
      customers.push({ caller: await callerOf(userId), userId });
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

    // One order against its raw twin: a product in stock for every order of every round.
    const [flowing] = await db
      .insert(schema.product)
      .values({
        organizationId: org.id,
        sku: "BP-FLOW",
        name: "Bench Ibuprofen 200 mg tablets",
        genericName: "ibuprofen",
        form: "tablet",
        priceMinor: 249,
      })
      .returning({ id: schema.product.id });
    if (!flowing) throw new Error("no product");
    await db.insert(schema.stockLot).values([
      {
        organizationId: org.id,
        productId: flowing.id,
        batchNumber: "FLOW-SOON",
        expiresOn: inDays(90),
        quantity: 1_000_000,
      },
      {
        organizationId: org.id,
        productId: flowing.id,
        batchNumber: "FLOW-LATE",
        expiresOn: inDays(400),
        quantity: 1_000_000,
      },
    ]);
    const sqlClient = database.sql;
    if (!sqlClient) throw new Error("pharmacy: the raw twin needs PostgreSQL (DATABASE_URL)");
    const flowOrders = options.flowOrders ?? 200;
    let flowSeq = 0;
    const ordersPerSecond = (place: (customer: Customer, key: string) => Promise<unknown>) => {
      return async () => {
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < flowOrders) {
              const customer = customers[next++ % customers.length] as Customer;
              await place(customer, `${slug}-flow-${flowSeq++}`);
            }
          }),
        );
        return Math.round(flowOrders / ((performance.now() - started) / 1000));
      };
    };
    const productOrder = ordersPerSecond((customer, idempotencyKey) =>
      customer.caller.order.placeMine({
        idempotencyKey,
        items: [{ productId: flowing.id, quantity: 1 }],
        fulfilment: "pickup",
        payment: "cash_on_delivery",
      }),
    );
    const rawTwin = ordersPerSecond((customer, key) =>
      rawOrder(sqlClient, org.id, customer.userId, flowing.id, key, "Europe/London"),
    );
    await productOrder(); // warm-up both
    await rawTwin();
    const side = await alternate(
      "rate",
      options.flowRounds ?? 6,
      profiled("pharmacy-order", productOrder),
      profiled("pharmacy-order-raw", rawTwin),
    );
    console.log(
      `pharmacy: order vs raw twin (orders/s) by round: ${side.rounds.map((r) => `${r.product}/${r.raw}`).join(", ")}`,
    );

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
      order_per_s: side.product,
      raw_per_s: side.raw,
      ratio: side.ratio,
    };
    writeResult("pharmacy", result);
    return result;
  } finally {
    await db.delete(schema.organization).where(eq(schema.organization.id, org.id));
    if (emails.length > 0) await db.delete(schema.user).where(inArray(schema.user.email, emails));
  }
}

/**
 * One portal order's raw twin: the statements `order.placeMine` sends for an in-stock product
 * with pickup and cash (captured from the product: the caller's patient, the idempotency check,
 * then one transaction with the key, the customer, the products, the order number, the issued
 * invoice with its journal entry and ledger row, the order and its item, the product lock and
 * the lots first-expiry-first-out with their reservations, the staff to tell, the notification
 * rows and their pg_notify, the order read back and the audit row), issued through the same
 * postgres.js pool with tagged templates, BEGIN pipelined as the product pipelines it. It leaves
 * out tRPC, zod, Drizzle and the audit helpers; it computes the request hash, totals and the
 * view the audit row holds as the product does.
 */
async function rawOrder(
  sql: postgres.Sql,
  orgId: string,
  userId: string,
  productId: string,
  key: string,
  timeZone: string,
): Promise<string> {
  const [me] =
    await sql`select "id", "first_name", "last_name", "mobile", "email", "date_of_birth", "sex", "address", "notes", "user_id", "archived_at", "created_at" from "patient" where ("patient"."organization_id" = ${orgId} and "patient"."user_id" = ${userId})`;
  if (!me) throw new Error("raw order: no patient");
  const patientId = me.id as string;
  const actor = `user:${userId}`;
  const asked = {
    fulfilment: "pickup",
    items: [{ productId, quantity: 1 }],
    payment: "cash_on_delivery",
  };
  const requestHash = createHash("sha256").update(JSON.stringify(asked)).digest("hex");
  const [earlier] =
    await sql`select "request_hash", "entity_type", "entity_id" from "idempotency_key" where ("idempotency_key"."organization_id" = ${orgId} and "idempotency_key"."operation" = ${"order.placeMine"} and "idempotency_key"."actor" = ${actor} and "idempotency_key"."key" = ${key})`;
  if (earlier) throw new Error("raw order: a replay");
  const id = randomUUID();
  const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
  const conn = await sql.reserve();
  try {
    void conn`begin`.execute();
    const claimed =
      conn`insert into "idempotency_key" ("organization_id", "operation", "actor", "key", "request_hash", "entity_type", "entity_id", "created_at") values (${orgId}, ${"order.placeMine"}, ${actor}, ${key}, ${requestHash}, ${"pharmacy_order"}, ${id}, default)`.execute();
    const [customer] =
      await conn`select "first_name", "last_name", "mobile", "email", "user_id", "email_opt_in" from "patient" where ("patient"."organization_id" = ${orgId} and "patient"."id" = ${patientId})`;
    const products =
      await conn`select "id", "name", "strength", "price_minor", "tax_bps", "prescription_only", "status" from "product" where ("product"."organization_id" = ${orgId} and "product"."id" in (${productId}))`;
    const product = products[0];
    if (!customer || !product || product.status !== "active")
      throw new Error("raw order: no product");
    const price = Number(product.price_minor);
    const tax = Math.round((price * Number(product.tax_bps)) / 10_000);
    const total = price + tax;
    const name = product.strength
      ? `${product.name as string} ${product.strength as string}`
      : (product.name as string);
    const [counter] =
      await conn`insert into "order_counter" ("organization_id", "last_number") values (${orgId}, ${1}) on conflict ("organization_id") do update set "last_number" = "order_counter"."last_number" + 1 returning "last_number"`;
    const number = Number(counter?.last_number);
    const [invoice] =
      await conn`insert into "invoice" ("id", "organization_id", "patient_id", "number", "status", "currency", "subtotal_minor", "discount_minor", "tax_minor", "total_minor", "appointment_id", "notes", "issued_at", "due_on", "voided_at", "void_reason", "created_by", "version", "created_at", "updated_at") values (default, ${orgId}, ${patientId}, default, default, ${"GBP"}, default, default, default, default, default, ${`Order ${number}`}, default, default, default, default, ${userId}, default, default, default) returning "id"`;
    const invoiceId = invoice?.id as string;
    await conn`insert into "invoice_line" ("id", "organization_id", "invoice_id", "position", "description", "quantity", "unit_price_minor", "discount_minor", "tax_minor", "total_minor", "service_id", "treatment_id", "created_at", "updated_at") values (default, ${orgId}, ${invoiceId}, ${0}, ${name}, ${1}, ${price}, ${0}, ${tax}, ${total}, default, default, default, default)`;
    await conn`update "invoice" set "subtotal_minor" = ${price}, "discount_minor" = ${0}, "tax_minor" = ${tax}, "total_minor" = ${total}, "updated_at" = ${new Date().toISOString()} where ("invoice"."organization_id" = ${orgId} and "invoice"."id" = ${invoiceId})`;
    await conn`select "id", "organization_id", "patient_id", "number", "status", "currency", "subtotal_minor", "discount_minor", "tax_minor", "total_minor", "appointment_id", "notes", "issued_at", "due_on", "voided_at", "void_reason", "created_by", "version", "created_at", "updated_at" from "invoice" where ("invoice"."organization_id" = ${orgId} and "invoice"."id" = ${invoiceId}) for update`;
    await conn`select "id", "position", "description", "quantity", "unit_price_minor", "discount_minor", "tax_minor", "total_minor", "service_id", "treatment_id" from "invoice_line" where ("invoice_line"."organization_id" = ${orgId} and "invoice_line"."invoice_id" = ${invoiceId}) order by "invoice_line"."position" asc`;
    const [invoiceCounter] =
      await conn`insert into "invoice_counter" ("organization_id", "last_number") values (${orgId}, ${1}) on conflict ("organization_id") do update set "last_number" = "invoice_counter"."last_number" + 1 returning "last_number"`;
    const invoiceNumber = Number(invoiceCounter?.last_number);
    const now = new Date();
    await conn`update "invoice" set "number" = ${invoiceNumber}, "status" = ${"issued"}, "issued_at" = ${now.toISOString()}, "version" = "invoice"."version" + 1, "updated_at" = ${now.toISOString()} where ("invoice"."organization_id" = ${orgId} and "invoice"."id" = ${invoiceId})`;
    const entryId = randomUUID();
    await conn`insert into "journal_entry" ("id", "organization_id", "kind", "memo", "payment_id", "refund_id", "invoice_id", "escrow_id", "payout_id", "order_id", "reverses_entry_id", "effective_on", "created_by", "posted_at") values (${entryId}, ${orgId}, ${"charge"}, ${`Invoice ${invoiceNumber}`}, ${null}, ${null}, ${invoiceId}, ${null}, ${null}, ${null}, ${null}, ${today}, ${userId}, default)`;
    await conn`insert into "journal_posting" ("id", "organization_id", "entry_id", "account", "amount_minor", "currency", "patient_id", "practitioner_id", "method") values (default, ${orgId}, ${entryId}, ${"receivable"}, ${total}, ${"GBP"}, ${patientId}, ${null}, ${null}), (default, ${orgId}, ${entryId}, ${"revenue"}, ${-total}, ${"GBP"}, ${null}, ${null}, ${null})`;
    await conn`insert into "ledger_entry" ("id", "organization_id", "patient_id", "kind", "amount_minor", "currency", "method", "treatment_id", "reverses_entry_id", "description", "reference", "journal_entry_id", "payment_id", "refund_id", "effective_on", "created_by", "created_at") values (${randomUUID()}, ${orgId}, ${patientId}, ${"charge"}, ${total}, ${"GBP"}, ${null}, ${null}, ${null}, ${`Invoice ${invoiceNumber}`}, ${String(invoiceNumber)}, ${entryId}, ${null}, ${null}, ${today}, ${userId}, default)`;
    const customerName = `${customer.first_name as string} ${customer.last_name as string}`;
    await conn`insert into "pharmacy_order" ("id", "organization_id", "number", "channel", "status", "fulfilment", "payment_choice", "patient_id", "customer_name", "customer_phone", "customer_email", "delivery_address", "currency", "subtotal_minor", "discount_minor", "tax_minor", "total_minor", "invoice_id", "counter_method", "tendered_minor", "prescription_review", "prescription_file_id", "review_note", "reviewed_by", "reviewed_at", "refill_request_id", "customer_note", "picked_at", "ready_at", "dispatched_at", "completed_at", "cancelled_at", "cancel_reason", "idempotency_key", "created_by", "version", "created_at", "updated_at") values (${id}, ${orgId}, ${number}, ${"online"}, ${"placed"}, ${"pickup"}, ${"cash_on_delivery"}, ${patientId}, ${customerName}, ${customer.mobile as string}, ${(customer.email as string | null) ?? null}, ${null}, ${"GBP"}, ${price}, default, ${tax}, ${total}, ${invoiceId}, default, default, ${"not_needed"}, ${null}, default, default, default, ${null}, ${null}, default, default, default, default, default, default, default, ${userId}, default, default, default)`;
    const itemId = randomUUID();
    await conn`insert into "order_item" ("id", "organization_id", "order_id", "product_id", "name", "prescription_only", "quantity", "unit_price_minor", "discount_minor", "tax_minor", "total_minor", "position", "created_at", "updated_at") values (${itemId}, ${orgId}, ${id}, ${productId}, ${name}, ${Boolean(product.prescription_only)}, ${1}, ${price}, default, ${tax}, ${total}, ${0}, default, default)`;
    await conn`select "id" from "product" where ("product"."organization_id" = ${orgId} and "product"."id" in (${productId})) order by "product"."id" asc for no key update`;
    const lots =
      await conn`select "id", "quantity", "reserved" from "stock_lot" where ("stock_lot"."organization_id" = ${orgId} and "stock_lot"."product_id" = ${productId} and "stock_lot"."quantity" > ${0} and "stock_lot"."expires_on" > ${today}) order by "stock_lot"."expires_on" asc, "stock_lot"."id" asc for update`;
    let wanted = 1;
    for (const lot of lots) {
      if (wanted === 0) break;
      const take = Math.min(wanted, Number(lot.quantity) - Number(lot.reserved));
      if (take <= 0) continue;
      await conn`update "stock_lot" set "reserved" = "stock_lot"."reserved" + ${take}, "updated_at" = ${new Date().toISOString()} where ("stock_lot"."organization_id" = ${orgId} and "stock_lot"."id" = ${lot.id as string})`;
      await conn`insert into "order_allocation" ("id", "organization_id", "order_id", "order_item_id", "product_id", "lot_id", "quantity", "state", "created_at", "updated_at") values (default, ${orgId}, ${id}, ${itemId}, ${productId}, ${lot.id as string}, ${take}, default, default, default)`;
      wanted -= take;
    }
    if (wanted > 0) throw new Error("raw order: out of stock");
    const staff =
      await conn`select "user_id" from "membership" where ("membership"."organization_id" = ${orgId} and "membership"."role" in (${"owner"}, ${"admin"}, ${"manager"}, ${"pharmacist"}))`;
    // Drizzle has the pool take timestamps as text (it serialises them itself): so here too.
    const sendAt = new Date().toISOString();
    const messages = [
      {
        organization_id: orgId,
        kind: "order_status",
        channel: "in_app",
        status: "sent",
        user_id: userId,
        patient_id: patientId,
        appointment_id: null,
        recipient: null,
        payload: JSON.stringify({
          link: `/portal/orders/${id}`,
          orderId: id,
          status: "placed",
          brand: "Bench Pharmacy",
        }),
        subject: `Your order ${number} is received and waiting for the pharmacist`,
        body_text: `Your order ${number} at Bench Pharmacy is received and waiting for the pharmacist. We will let you know at every step.`,
        send_at: sendAt,
        dedupe_key: null,
        sent_at: sendAt,
      },
      ...staff.map((s) => ({
        organization_id: orgId,
        kind: "order_placed",
        channel: "in_app",
        status: "sent",
        user_id: s.user_id as string,
        patient_id: patientId,
        appointment_id: null,
        recipient: null,
        payload: JSON.stringify({ link: `/app/pharmacy/orders/${id}`, orderId: id }),
        subject: `New order ${number}`,
        body_text: `${customerName} placed order ${number}. Review it in the order queue.`,
        send_at: sendAt,
        dedupe_key: null,
        sent_at: sendAt,
      })),
    ];
    const notified =
      await conn`insert into "notification" ${sql(messages)} on conflict do nothing returning "id", "channel", "user_id", "send_at"`;
    for (const n of notified) {
      await conn`select pg_notify(${"caredesk_changes"}, ${JSON.stringify({ type: "inbox.changed", userId: n.user_id as string })})`;
    }
    const [order] =
      await conn`select "pharmacy_order"."id", "pharmacy_order"."organization_id", "pharmacy_order"."number", "pharmacy_order"."channel", "pharmacy_order"."status", "pharmacy_order"."fulfilment", "pharmacy_order"."payment_choice", "pharmacy_order"."patient_id", "pharmacy_order"."customer_name", "pharmacy_order"."customer_phone", "pharmacy_order"."customer_email", "pharmacy_order"."delivery_address", "pharmacy_order"."currency", "pharmacy_order"."subtotal_minor", "pharmacy_order"."discount_minor", "pharmacy_order"."tax_minor", "pharmacy_order"."total_minor", "pharmacy_order"."invoice_id", "pharmacy_order"."counter_method", "pharmacy_order"."tendered_minor", "pharmacy_order"."prescription_review", "pharmacy_order"."prescription_file_id", "pharmacy_order"."review_note", "pharmacy_order"."reviewed_by", "pharmacy_order"."reviewed_at", "pharmacy_order"."refill_request_id", "pharmacy_order"."customer_note", "pharmacy_order"."picked_at", "pharmacy_order"."ready_at", "pharmacy_order"."dispatched_at", "pharmacy_order"."completed_at", "pharmacy_order"."cancelled_at", "pharmacy_order"."cancel_reason", "pharmacy_order"."idempotency_key", "pharmacy_order"."created_by", "pharmacy_order"."version", "pharmacy_order"."created_at", "pharmacy_order"."updated_at", "invoice"."number", "invoice"."status" from "pharmacy_order" left join "invoice" on ("invoice"."organization_id" = "pharmacy_order"."organization_id" and "invoice"."id" = "pharmacy_order"."invoice_id") where ("pharmacy_order"."organization_id" = ${orgId} and "pharmacy_order"."id" = ${id} and "pharmacy_order"."patient_id" = ${patientId})`.values();
    const items =
      await conn`select "id", "product_id", "name", "prescription_only", "quantity", "unit_price_minor", "tax_minor", "total_minor" from "order_item" where ("order_item"."organization_id" = ${orgId} and "order_item"."order_id" = ${id}) order by "order_item"."position" asc`;
    const paid =
      await conn`select "invoice_id", coalesce(sum("amount_minor" - "refunded_minor"), 0) from "payment" where ("payment"."organization_id" = ${orgId} and "payment"."invoice_id" in (${invoiceId}) and "payment"."status" in (${"succeeded"}, ${"partially_refunded"}, ${"refunded"})) group by "payment"."invoice_id"`;
    const paidMinor = Number(paid[0]?.coalesce ?? 0);
    const view = {
      id,
      number: order?.[2] as number,
      status: order?.[4] as string,
      channel: order?.[3] as string,
      fulfilment: order?.[5] as string,
      paymentChoice: order?.[6] as string,
      patientId,
      customerName: order?.[8] as string,
      customerPhone: order?.[9] as string,
      customerEmail: order?.[10] as string | null,
      deliveryAddress: order?.[11] as string | null,
      currency: order?.[12] as string,
      subtotalMinor: order?.[13] as number,
      taxMinor: order?.[15] as number,
      totalMinor: order?.[16] as number,
      prescriptionReview: order?.[20] as string,
      createdAt: new Date(order?.[36] as string),
      items: items.map((i) => ({
        id: i.id as string,
        productId: i.product_id as string,
        name: i.name as string,
        prescriptionOnly: i.prescription_only as boolean,
        quantity: i.quantity as number,
        unitPriceMinor: i.unit_price_minor as number,
        taxMinor: i.tax_minor as number,
        totalMinor: i.total_minor as number,
        allocations: [],
      })),
      customerNote: null,
      prescriptionFileId: null,
      reviewNote: null,
      reviewedAt: null,
      pickedAt: null,
      readyAt: null,
      dispatchedAt: null,
      completedAt: null,
      cancelledAt: null,
      cancelReason: null,
      refillRequestId: null,
      invoiceId,
      invoiceNumber: order?.[38] as number,
      invoiceStatus: order?.[39] as string,
      paidMinor,
      outstandingMinor: total - paidMinor,
      refundDueMinor: 0,
      version: order?.[35] as number,
    };
    await conn`insert into "audit_log" ("id", "organization_id", "actor_user_id", "action", "entity_type", "entity_id", "patient_id", "before", "after", "ip", "request_id", "created_at") values (default, ${orgId}, ${userId}, ${"order.placeMine"}, ${"pharmacy_order"}, ${id}, ${patientId}, ${null}, ${JSON.stringify(view)}, ${null}, ${randomUUID()}, default)`;
    await claimed;
    await conn`commit`;
    return id;
  } catch (error) {
    await conn`rollback`.catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
}
