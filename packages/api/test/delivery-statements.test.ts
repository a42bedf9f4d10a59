// The delivery job's statements built once (delivery-statements.ts) must be the very SQL, with
// the very parameters, Drizzle builds for the same change, so that the fast path and the builders
// (PGlite) do the same.
import { schema } from "@caredesk/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import { newActionToken } from "../src/service/action-token";
import type { StatementClient } from "../src/service/booking-statements";
import {
  claimStatement,
  claimText,
  insertTokensParams,
  insertTokensText,
  settleSentStatement,
  settleSentText,
} from "../src/service/delivery-statements";

/** A client that answers `rows` and keeps what it was sent. */
function recording(rows: unknown[][] = []) {
  const sent: { text: string; params: unknown[] }[] = [];
  const client: StatementClient = {
    unsafe(text: string, params: unknown[]) {
      sent.push({ text, params });
      return Object.assign(Promise.resolve(rows), { values: () => Promise.resolve(rows) });
    },
  };
  return { client, sent };
}

const db = drizzle.mock({ schema, casing: "snake_case" });
const { notification } = schema;
const id = "00000000-0000-4000-8000-000000000001";
const other = "00000000-0000-4000-8000-000000000002";
const at = new Date("2030-01-01T10:00:00Z");

describe("delivery statements built once", () => {
  it("claims notifications as the builder does", () => {
    for (const ids of [[id], [id, other, id]]) {
      const built = db
        .update(notification)
        .set({ status: "sending", attempts: sql`${notification.attempts} + 1` })
        .where(
          and(
            inArray(notification.id, ids),
            inArray(notification.status, ["pending", "sending"]),
            sql`${notification.channel} <> 'in_app'`,
          ),
        )
        .returning()
        .toSQL();
      expect(claimText(ids.length)).toBe(built.sql);
      expect(built.params).toEqual(["sending", ...ids, "pending", "sending"]);
    }
  });

  it("answers claimed rows as Drizzle maps them", async () => {
    // As postgres.js answers under Drizzle: timestamps as text, jsonb parsed.
    const values = [
      id,
      other,
      "appointment_reminder",
      "email",
      "sending",
      null,
      other,
      id,
      "a@example.com",
      { offset: 1440 },
      null,
      null,
      "2030-01-01 10:00:00+00",
      1,
      null,
      null,
      null,
      null,
      null,
      null,
      "2030-01-01 10:00:00+00",
    ];
    const { client, sent } = recording([values]);
    const [row] = await claimStatement(client, [id]);
    expect(sent[0]?.params).toEqual(["sending", id, "pending", "sending"]);
    expect(row).toEqual({
      id,
      organizationId: other,
      kind: "appointment_reminder",
      channel: "email",
      status: "sending",
      userId: null,
      patientId: other,
      appointmentId: id,
      recipient: "a@example.com",
      payload: { offset: 1440 },
      subject: null,
      bodyText: null,
      sendAt: at,
      attempts: 1,
      lastError: null,
      providerMessageId: null,
      dedupeKey: null,
      sentAt: null,
      deliveredAt: null,
      readAt: null,
      createdAt: at,
    });
  });

  it("inserts a batch's link tokens as the builder does, values and all", () => {
    const rows = [
      newActionToken({
        purpose: "appointment_confirm",
        expiresAt: at,
        organizationId: id,
        patientId: other,
        appointmentId: id,
        notificationId: other,
      }).row,
      newActionToken({ purpose: "password_reset", expiresAt: at, userId: id }).row,
      newActionToken({
        purpose: "form_request",
        expiresAt: at,
        organizationId: id,
        invitationId: other,
        formRequestId: id,
      }).row,
    ];
    for (const count of [1, 3]) {
      const built = db.insert(schema.actionToken).values(rows.slice(0, count)).toSQL();
      expect(insertTokensText(count)).toBe(built.sql);
      expect(insertTokensParams(rows.slice(0, count))).toEqual(built.params);
    }
  });

  it("records a sent message as the builder does", async () => {
    const built = db
      .update(notification)
      .set({
        status: "sent",
        sentAt: at,
        providerMessageId: "q1",
        lastError: null,
        subject: "Reminder",
        bodyText: "text",
      })
      .where(and(eq(notification.id, id), eq(notification.status, "sending")))
      .toSQL();
    expect(settleSentText).toBe(built.sql);
    const { client, sent } = recording();
    await settleSentStatement(client, id, {
      subject: "Reminder",
      bodyText: "text",
      providerMessageId: "q1",
      sentAt: at,
    });
    expect(sent).toEqual([{ text: built.sql, params: built.params }]);
  });
});
