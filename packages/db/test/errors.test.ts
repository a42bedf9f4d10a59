// How database failures are told apart: a query PostgreSQL refused (a 4xx for the caller, with
// the constraint that says why) versus a database that cannot be reached (try again later).
// Every error here comes from a real server or a real failed connection.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createDb,
  findPgError,
  isConnectionError,
  PG,
  queryRows,
  schema,
  type DbHandle,
} from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(() => database.drop());

function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => {
      throw new Error("expected the database to refuse");
    },
    (error: unknown) => error,
  );
}

function organization(slug: string) {
  return {
    slug,
    name: `Clinic ${slug}`,
    kind: "clinic" as const,
    timeZone: "UTC",
    currency: "EGP",
  };
}

describe("a refused query", () => {
  it("names its SQLSTATE and constraint, and is not a connection problem", async () => {
    const [clinic] = await database.db
      .insert(schema.organization)
      .values(organization("errors-clinic"))
      .returning({ id: schema.organization.id });
    const duplicate = await rejection(
      database.db.insert(schema.organization).values(organization("errors-clinic")),
    );
    const info = findPgError(duplicate);
    expect(info?.code).toBe(PG.uniqueViolation);
    expect(info?.constraint).toMatch(/slug/);
    expect(info?.detail).toContain("errors-clinic");
    expect(isConnectionError(duplicate)).toBe(false);

    const orphan = await rejection(
      database.db.insert(schema.membership).values({
        organizationId: clinic?.id ?? "",
        userId: "00000000-0000-4000-8000-000000000000",
        role: "doctor",
      }),
    );
    expect(findPgError(orphan)?.code).toBe(PG.foreignKeyViolation);
    expect(isConnectionError(orphan)).toBe(false);

    const notAUuid = await rejection(
      database.db.select().from(schema.user).where(eq(schema.user.id, "not-a-uuid")),
    );
    expect(findPgError(notAUuid)?.code).toBe(PG.invalidTextRepresentation);
  });

  it("is not mistaken for a database error when it is something else", () => {
    expect(findPgError(new Error("plain"))).toBeUndefined();
    expect(findPgError({ code: "ENOENT" })).toBeUndefined();
    expect(findPgError("23505")).toBeUndefined();
    expect(findPgError(undefined)).toBeUndefined();
    expect(isConnectionError(new Error("plain"))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});

describe("a database that cannot be reached", () => {
  it("is a connection error when nothing listens at the address", async () => {
    // Port 1 on the loopback: refused at once, never a real server.
    const handle = await createDb({
      databaseUrl: "postgres://postgres@127.0.0.1:1/caredesk",
      max: 1,
      connectTimeoutSeconds: 5,
    });
    try {
      const error = await rejection(queryRows(handle.db, sql`select 1`));
      expect(isConnectionError(error)).toBe(true);
      expect(findPgError(error)).toBeUndefined();
    } finally {
      await handle.close();
    }
  });

  it("is a connection error when any of the addresses tried refused", () => {
    // A host name with several addresses fails with an AggregateError of each attempt.
    const refused = Object.assign(new Error("connect ECONNREFUSED ::1:5432"), {
      code: "ECONNREFUSED",
    });
    expect(isConnectionError(new AggregateError([new Error("other"), refused]))).toBe(true);
    expect(isConnectionError(new AggregateError([new Error("other")]))).toBe(false);
  });

  it.runIf(inject("dbTemplate").kind === "postgres")(
    "is a connection error when the server ends the session",
    async () => {
      const url = database.url ?? "";
      const victim = await createDb({ databaseUrl: url, max: 1 });
      try {
        const [row] = await queryRows<{ pid: number }>(
          victim.db,
          sql`select pg_backend_pid() as pid`,
        );
        await queryRows(database.db, sql`select pg_terminate_backend(${row?.pid ?? 0})`);
        const error = await rejection(queryRows(victim.db, sql`select 1`));
        expect(isConnectionError(error)).toBe(true);
      } finally {
        await victim.close();
      }
    },
  );
});

describe("the embedded database", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "caredesk-embedded-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps its data in its directory across restarts", async () => {
    const dataDir = join(dir, `data-${randomBytes(4).toString("hex")}`);
    let handle: DbHandle = await createDb({ dataDir });
    try {
      expect(handle.kind).toBe("pglite");
      await handle.migrate();
      await handle.db.insert(schema.organization).values(organization("embedded-clinic"));
    } finally {
      await handle.close();
    }
    handle = await createDb({ dataDir });
    try {
      // Migrating again finds nothing to do and keeps the data.
      await handle.migrate();
      const rows = await queryRows<{ slug: string }>(
        handle.db,
        sql`select slug from organization where slug = 'embedded-clinic'`,
      );
      expect(rows).toEqual([{ slug: "embedded-clinic" }]);
    } finally {
      await handle.close();
    }
    // Two start-ups and a full migration of PGlite: slower than the other tests here.
  }, 120_000);
});
