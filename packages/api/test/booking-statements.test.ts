// The booking's statements built once (booking-statements.ts) must be the very SQL Drizzle
// builds for the same change, so that the fast path and the builders (PGlite) do the same.
import { schema } from "@caredesk/db";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import { appointmentColumns } from "../src/service/appointment";
import {
  auditText,
  claimKeyText,
  insertAppointmentText,
  insertResourcesText,
  lockText,
  notifyText,
} from "../src/service/booking-statements";

const db = drizzle.mock({ schema, casing: "snake_case" });
const dialect = new PgDialect({ casing: "snake_case" });
const id = "00000000-0000-4000-8000-000000000001";
const at = new Date("2030-01-01T10:00:00Z");

describe("booking statements built once", () => {
  it("claims an idempotency key as the builder does", () => {
    const built = db
      .insert(schema.idempotencyKey)
      .values({
        organizationId: id,
        operation: "appointment.book",
        actor: "visitor",
        key: "k",
        requestHash: "h",
        entityType: "appointment",
        entityId: id,
      })
      .toSQL();
    expect(claimKeyText).toBe(built.sql);
  });

  it("inserts the appointment and answers its columns as the builder does", () => {
    const built = db
      .insert(schema.appointment)
      .values({
        id,
        organizationId: id,
        patientId: null,
        serviceId: id,
        startsAt: at,
        endsAt: at,
        status: "confirmed",
        kind: "in_person",
        source: "staff",
        notes: null,
        holdExpiresAt: null,
        createdBy: null,
      })
      .returning(appointmentColumns)
      .toSQL();
    expect(insertAppointmentText).toBe(built.sql);
  });

  it("inserts one or several resource rows as the builder does", () => {
    for (const count of [1, 3]) {
      const built = db
        .insert(schema.appointmentResource)
        .values(
          Array.from({ length: count }, () => ({
            organizationId: id,
            appointmentId: id,
            resourceId: id,
            during: { start: at, end: at },
            status: "confirmed" as const,
          })),
        )
        .toSQL();
      expect(insertResourcesText(count)).toBe(built.sql);
    }
  });

  it("writes the audit row as the builder does", () => {
    const built = db
      .insert(schema.auditLog)
      .values({
        organizationId: id,
        actorUserId: null,
        action: "appointment.book",
        entityType: null,
        entityId: null,
        patientId: null,
        before: null,
        after: null,
        ip: null,
        requestId: null,
      })
      .toSQL();
    expect(auditText).toBe(built.sql);
  });

  it("locks and announces with the texts the templates make", () => {
    expect(lockText).toBe(
      dialect.sqlToQuery(
        sql`select pg_advisory_xact_lock(hashtextextended(id, 0)) from unnest(${"{}"}::text[]) as r(id)`,
      ).sql,
    );
    expect(notifyText).toBe(dialect.sqlToQuery(sql`select pg_notify(${"c"}, ${"p"})`).sql);
  });
});
