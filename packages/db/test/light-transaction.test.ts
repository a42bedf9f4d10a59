// Transactions on postgres.js build their relational helpers (`tx.query`) only when read
// (src/client-transaction.ts): they must still be there, on the transaction's own connection,
// in nested transactions too, and the transaction must still be Drizzle's own kind.
import { eq } from "drizzle-orm";
import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { schema } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(() => database.drop());

const { user } = schema;
const newUser = (name: string) => ({
  email: `light-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`,
  name,
  passwordHash: "x",
});

describe("transactions' relational helpers", () => {
  it("answer inside the transaction, seeing its own uncommitted rows", async () => {
    const row = newUser("LightTx");
    const seen = await database.db.transaction(async (tx) => {
      expect(is(tx, PgTransaction)).toBe(true);
      await tx.insert(user).values(row);
      const found = await tx.query.user.findFirst({ where: eq(user.email, row.email) });
      return found?.name;
    });
    expect(seen).toBe("LightTx");
  });

  it("answer in a nested transaction, and roll back with it", async () => {
    const row = newUser("LightNested");
    await database.db.transaction(async (tx) => {
      await tx
        .transaction(async (nested) => {
          await nested.insert(user).values(row);
          const found = await nested.query.user.findFirst({ where: eq(user.email, row.email) });
          expect(found?.name).toBe("LightNested");
          nested.rollback();
        })
        .catch(() => undefined);
      const after = await tx.query.user.findFirst({ where: eq(user.email, row.email) });
      expect(after).toBeUndefined();
    });
  });

  it.runIf(inject("dbTemplate").kind === "postgres")(
    "keep the schema a transaction's builders and helpers work from",
    async () => {
      await database.db.transaction((tx) => {
        // Not built yet: built by the first read below.
        expect(typeof Object.getOwnPropertyDescriptor(tx, "query")?.get).toBe("function");
        expect(Object.keys(tx._.fullSchema)).toEqual(Object.keys(database.db._.fullSchema));
        expect(tx._.tableNamesMap).toEqual(database.db._.tableNamesMap);
        expect(Object.keys(tx.query)).toEqual(Object.keys(database.db.query));
        return Promise.resolve();
      });
    },
  );
});
