// Servers and workers started together all run `migrate` on one database: an advisory lock
// takes them one at a time, so none fails on another's half-made schema. Needs a PostgreSQL
// server to create an empty database on (as CI has).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "../src/client";
import { jobQueues } from "../src/jobs";

const template = inject("dbTemplate");

describe.runIf(template.kind === "postgres")("migrate", () => {
  it("three processes migrating one empty database at once all succeed", async () => {
    const admin = postgres(template.url ?? "", { max: 1, onnotice: () => {} });
    const name = `caredesk_race_${randomBytes(4).toString("hex")}`;
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(template.url ?? "");
    url.pathname = `/${name}`;
    const handles = await Promise.all(
      [1, 2, 3].map(() => createDb({ databaseUrl: url.toString(), max: 3 })),
    );
    try {
      const results = await Promise.allSettled(handles.map((h) => h.migrate()));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      // Each step ran once: the queues exist once each.
      const check = postgres(url.toString(), { max: 1 });
      const queues = await check`select name from pgboss.queue order by name`;
      await check.end();
      expect(queues.length).toBe(Object.keys(jobQueues).length);
    } finally {
      for (const h of handles) await h.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
