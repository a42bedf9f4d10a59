// Transactions as the app uses them (drizzle's `db.transaction`). On PostgreSQL they run on
// the pipelined client (`src/postgres-client.ts`): BEGIN is not waited for, statements go out
// together, and a failure anywhere must still leave nothing behind.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, findPgError, PG, queryRows, schema, type DbHandle } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(() => database.drop());

const { user } = schema;
let counter = 0;
const newUser = (name = "Nadia") => ({
  email: `tx-${Date.now()}-${counter++}@example.com`,
  name,
  passwordHash: "x",
});

async function usersNamed(name: string) {
  const rows = await database.db.select({ id: user.id }).from(user).where(eq(user.name, name));
  return rows.length;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe("transactions", () => {
  it("keep every write of a transaction that commits, and return its result", async () => {
    const result = await database.db.transaction(async (tx) => {
      await tx.insert(user).values(newUser("Committed"));
      await tx.insert(user).values(newUser("Committed"));
      return "done";
    });
    expect(result).toBe("done");
    expect(await usersNamed("Committed")).toBe(2);
  });

  it("keep nothing when a statement fails, and report that statement's error", async () => {
    const taken = newUser("Duplicate");
    await database.db.insert(user).values(taken);
    const error = await rejection(
      database.db.transaction(async (tx) => {
        await tx.insert(user).values(newUser("RolledBack"));
        await tx.insert(user).values({ ...taken, name: "RolledBack" });
      }),
    );
    expect(findPgError(error)?.code).toBe(PG.uniqueViolation);
    expect(await usersNamed("RolledBack")).toBe(0);
  });

  it("keep nothing when a statement the change did not wait for fails", async () => {
    const taken = newUser("Duplicate2");
    await database.db.insert(user).values(taken);
    let pending: Promise<unknown> = Promise.resolve();
    const error = await rejection(
      database.db.transaction(async (tx) => {
        await tx.insert(user).values(newUser("NotAwaited"));
        // Issued and left running, as runAudited does with the audit row.
        pending = tx
          .insert(user)
          .values({ ...taken, name: "NotAwaited" })
          .execute();
        pending.catch(() => undefined);
        return "looked fine";
      }),
    );
    expect(error).not.toBeNull();
    expect(findPgError(await rejection(pending))?.code).toBe(PG.uniqueViolation);
    // PostgreSQL's pipelined client reports the failed statement itself (PGlite reports the
    // transaction as aborted).
    if (database.kind === "postgres") expect(findPgError(error)?.code).toBe(PG.uniqueViolation);
    expect(await usersNamed("NotAwaited")).toBe(0);
  });

  it("keep nothing when the change itself throws", async () => {
    const error = await rejection(
      database.db.transaction(async (tx) => {
        await tx.insert(user).values(newUser("Thrown"));
        throw new Error("changed my mind");
      }),
    );
    expect((error as Error).message).toBe("changed my mind");
    expect(await usersNamed("Thrown")).toBe(0);
  });

  it("roll back a failed nested transaction alone and keep the outer one", async () => {
    const taken = newUser("Duplicate3");
    await database.db.insert(user).values(taken);
    await database.db.transaction(async (tx) => {
      await tx.insert(user).values(newUser("Outer"));
      const inner = await rejection(
        tx.transaction(async (nested) => {
          await nested.insert(user).values(newUser("Inner"));
          await nested.insert(user).values({ ...taken, name: "Inner" });
        }),
      );
      expect(findPgError(inner)?.code).toBe(PG.uniqueViolation);
      await tx.insert(user).values(newUser("Outer"));
    });
    expect(await usersNamed("Outer")).toBe(2);
    expect(await usersNamed("Inner")).toBe(0);
  });

  // How a failure the change did not wait for is reported is the pipelined client's own.
  it.runIf(inject("dbTemplate").kind === "postgres")(
    "report what failed the transaction, not a failure a nested transaction undid",
    async () => {
      const taken = newUser("Duplicate4");
      await database.db.insert(user).values(taken);
      let pending: Promise<unknown> = Promise.resolve();
      const error = await rejection(
        database.db.transaction(async (tx) => {
          await rejection(
            tx.transaction((nested) => nested.insert(user).values({ ...taken, name: "Again" })),
          );
          pending = tx.execute(sql`select 1 / 0`);
          pending.catch(() => undefined);
        }),
      );
      expect(findPgError(await rejection(pending))?.code).toBe("22012"); // division by zero
      // The transaction reports that, not the unique violation the savepoint undid.
      expect(findPgError(error)?.code).toBe("22012");
    },
  );

  it("give their connection back, failed or not (more transactions than connections)", async () => {
    const handle = database.url ? await createDb({ databaseUrl: database.url, max: 2 }) : database;
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          rejection(
            handle.db.transaction(async (tx) => {
              await tx.execute(sql`select 1`);
              if (i % 2 === 0) throw new Error("fail");
              await tx.execute(sql`select 1 / 0`);
            }),
          ),
        ),
      );
      expect(outcomes.every((o) => o !== null)).toBe(true);
      const [row] = await queryRows<{ n: number }>(handle.db, sql`select 7 as n`);
      expect(Number(row?.n)).toBe(7);
    } finally {
      if (handle !== database) await handle.close();
    }
  });

  // Only PostgreSQL has connections to lose.
  it.runIf(inject("dbTemplate").kind === "postgres")(
    "fail, without taking the process down, when the connection is lost mid-way",
    async () => {
      const handle: DbHandle = await createDb({ databaseUrl: database.url, max: 1 });
      // The one connection is opened again, and the very next query gets its own answer: not
      // the lost backend's last error, nor a stale result in front of its own (postgres.js
      // 3.4.9 did both until patches/postgres@3.4.9.patch, porsager/postgres#1215).
      const answersAgain = async () => {
        const [first] = await queryRows<{ n: number }>(handle.db, sql`select 7 as n`);
        const [second] = await queryRows<{ m: number }>(handle.db, sql`select 8 as m`);
        return [Number(first?.n), Number(second?.m)];
      };
      try {
        const error = await rejection(
          handle.db.transaction(async (tx) => {
            await tx.insert(user).values(newUser("Lost"));
            await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
          }),
        );
        expect(error).not.toBeNull();
        expect(await usersNamed("Lost")).toBe(0);
        expect(await answersAgain()).toEqual([7, 8]);

        // The same inside a nested transaction: no savepoint rollback is written to it.
        const nested = await rejection(
          handle.db.transaction((tx) =>
            tx.transaction(async (inner) => {
              await inner.insert(user).values(newUser("LostNested"));
              await inner.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
            }),
          ),
        );
        expect(nested).not.toBeNull();
        expect(await usersNamed("LostNested")).toBe(0);
        expect(await answersAgain()).toEqual([7, 8]);
      } finally {
        await handle.close();
      }
    },
  );
});
