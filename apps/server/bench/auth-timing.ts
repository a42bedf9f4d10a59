// Does a sign-in with an unknown email take as long as one with a wrong password?
// (If it were faster, response time would tell an attacker which emails have accounts.)
import { hashPassword } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { eq } from "drizzle-orm";
import { buildServer } from "../src/app";
import { env, quantile, writeResult } from "./lib";

export async function benchAuthTiming(database: DbHandle, rounds = 40) {
  const email = `bench-${Date.now()}@caredesk.test`;
  await database.db
    .insert(schema.user)
    .values({ email, name: "Bench", passwordHash: await hashPassword("the right password") });
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

  // Each attempt as a first guess: the per-account back-off (five failures in a row) is reset,
  // so every one reaches the password check the way an attacker's first guesses would.
  const resetBackoff = () => database.db.delete(schema.signInThrottle);
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < 3; i++) {
    await resetBackoff();
    await signIn(email);
  }
  for (let i = 0; i < rounds; i++) {
    await resetBackoff();
    unknown.push(await signIn(`nobody-${i}@caredesk.test`));
    await resetBackoff();
    wrong.push(await signIn(email));
  }
  await app.close();
  await database.db.delete(schema.user).where(eq(schema.user.email, email));

  const result = {
    database: database.kind,
    rounds,
    unknown_email_p50_ms: quantile(unknown, 0.5),
    unknown_email_p95_ms: quantile(unknown, 0.95),
    wrong_password_p50_ms: quantile(wrong, 0.5),
    wrong_password_p95_ms: quantile(wrong, 0.95),
    p50_ratio: Number((quantile(unknown, 0.5) / quantile(wrong, 0.5)).toFixed(3)),
  };
  writeResult("auth-timing", result);
  return result;
}
