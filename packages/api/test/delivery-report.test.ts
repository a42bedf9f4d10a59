// Delivery reports against the notification they are about: applied once, never backwards,
// and applied late when the provider called back before the message id was recorded.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { count, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyEarlyDeliveryReports, recordDeliveryReport } from "../src/service/delivery-report";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

async function sms(status: "sending" | "sent", providerMessageId: string | null) {
  const [row] = await db
    .insert(schema.notification)
    .values({
      kind: "password_reset",
      channel: "sms",
      status,
      recipient: "+201001234567",
      providerMessageId,
    })
    .returning({ id: schema.notification.id });
  if (!row) throw new Error("no notification");
  return row.id;
}

async function statusOf(id: string) {
  const [row] = await db
    .select({ status: schema.notification.status, lastError: schema.notification.lastError })
    .from(schema.notification)
    .where(eq(schema.notification.id, id));
  return row;
}

async function auditRows(action = "notification.deliveryReport") {
  const [row] = await db
    .select({ n: count() })
    .from(schema.auditLog)
    .where(eq(schema.auditLog.action, action));
  return row?.n ?? 0;
}

describe("recordDeliveryReport", () => {
  it("delivers, audits, and treats a repeat as already recorded", async () => {
    const messageId = `SM${randomUUID().replaceAll("-", "")}`;
    const id = await sms("sent", messageId);
    const auditsBefore = await auditRows();

    const first = await recordDeliveryReport(db, {
      provider: "twilio",
      providerMessageId: messageId,
      status: "delivered",
    });
    const repeat = await recordDeliveryReport(db, {
      provider: "twilio",
      providerMessageId: messageId,
      status: "DELIVERED",
    });

    expect(first).toEqual({ recorded: true, notificationId: id, applied: "delivered" });
    expect(repeat.recorded).toBe(false);
    expect((await statusOf(id))?.status).toBe("delivered");
    expect(await auditRows()).toBe(auditsBefore + 1);
  });

  it("stores a report about an unknown message without failing", async () => {
    const result = await recordDeliveryReport(db, {
      provider: "generic",
      providerMessageId: `unknown-${randomUUID()}`,
      status: "failed",
      errorCode: "30005",
    });

    expect(result).toEqual({ recorded: true, notificationId: null, applied: null });
  });
});

describe("applyEarlyDeliveryReports", () => {
  it("applies a report that arrived before the message id was recorded", async () => {
    const messageId = `SM${randomUUID().replaceAll("-", "")}`;
    const id = await sms("sending", null);
    await recordDeliveryReport(db, {
      provider: "twilio",
      providerMessageId: messageId,
      status: "delivered",
    });
    // The delivery job records the provider's answer afterwards.
    await db
      .update(schema.notification)
      .set({ status: "sent", providerMessageId: messageId })
      .where(eq(schema.notification.id, id));

    expect(await applyEarlyDeliveryReports(db, id)).toBe("delivered");
    expect((await statusOf(id))?.status).toBe("delivered");
    const [report] = await db
      .select({ notificationId: schema.deliveryReport.notificationId })
      .from(schema.deliveryReport)
      .where(eq(schema.deliveryReport.providerMessageId, messageId));
    expect(report?.notificationId).toBe(id);
  });

  it("does nothing, and audits nothing, when no report is waiting", async () => {
    const id = await sms("sent", `SM${randomUUID().replaceAll("-", "")}`);
    const auditsBefore = await auditRows();

    expect(await applyEarlyDeliveryReports(db, id)).toBeNull();
    expect((await statusOf(id))?.status).toBe("sent");
    expect(await auditRows()).toBe(auditsBefore);
  });
});
