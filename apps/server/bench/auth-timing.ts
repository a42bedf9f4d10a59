// Benchmark: does a sign-in with an unknown email take as long as one with a wrong password?
// (If it were faster, response time would tell an attacker which emails have accounts.)
// Writes bench/results/auth-timing.json at the repository root.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { hashPassword } from "@caredesk/auth";
import { createDb, schema } from "@caredesk/db";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";

const rounds = 40;
const env = loadEnv({ ...process.env, NODE_ENV: "test", SEED_DEMO: "false", AUTH_RATE_LIMIT_MAX: "100000" });
const database = await createDb({ databaseUrl: env.DATABASE_URL });
await database.migrate();
const email = `bench-${Date.now()}@caredesk.test`;
await database.db.insert(schema.user).values({ email, name: "Bench", passwordHash: await hashPassword("the right password") });
const app = await buildServer({ env, database, logger: false });

async function signIn(address: string): Promise<number> {
  const started = performance.now();
  const res = await app.inject({
    method: "POST",
    url: "/trpc/auth.signIn",
    headers: { origin: env.appOrigin, "content-type": "application/json" },
    payload: { json: { email: address, password: "a wrong password" } },
  });
  if (res.statusCode !== 401) throw new Error(`expected 401, got ${res.statusCode}`);
  return performance.now() - started;
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
};

const unknown: number[] = [];
const wrong: number[] = [];
for (let i = 0; i < 3; i++) await signIn(email); // warm-up
for (let i = 0; i < rounds; i++) {
  unknown.push(await signIn(`nobody-${i}@caredesk.test`));
  wrong.push(await signIn(email));
}
const result = {
  database: database.kind,
  rounds,
  unknown_email_p50_ms: quantile(unknown, 0.5),
  unknown_email_p95_ms: quantile(unknown, 0.95),
  wrong_password_p50_ms: quantile(wrong, 0.5),
  wrong_password_p95_ms: quantile(wrong, 0.95),
};
const ratio = Number((result.unknown_email_p50_ms / result.wrong_password_p50_ms).toFixed(3));
const out = resolve(import.meta.dirname, "../../../bench/results");
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, "auth-timing.json"), JSON.stringify({ ...result, p50_ratio: ratio }, null, 2) + "\n");
console.log(`auth-timing (${database.kind}):`);
console.table({
  "unknown email": { p50_ms: result.unknown_email_p50_ms, p95_ms: result.unknown_email_p95_ms },
  "wrong password": { p50_ms: result.wrong_password_p50_ms, p95_ms: result.wrong_password_p95_ms },
});
console.log(`p50 ratio unknown/wrong = ${ratio} (1.0 means indistinguishable)`);
await app.close();
await database.close();
