// Patient search as a receptionist types, over 100,000 patients of one organization,
// through the real procedure (membership + permission check + ranked trigram search), beside
// its raw twin: for each term, the very statements the procedure sent PostgreSQL (read from
// postgres.js's own query log, with their parameters), replayed through the same pool as named
// prepared statements, without tRPC, zod or Drizzle's builders. The two run alternately
// (`alternate`), so drift on a shared machine hits both.
import { appRouter, createCallerFactory, createContextInner } from "@caredesk/api";
import { createSession, hashPassword, validateSessionToken } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { eq, sql } from "drizzle-orm";
import type postgres from "postgres";
import { alternate, quantile, timeEach, writeResult } from "./lib";

export const firstNames = [
  "Mohamed",
  "Ahmed",
  "Fatma",
  "Nour",
  "Mariam",
  "Omar",
  "Aarav",
  "Priya",
  "Oliver",
  "Amelia",
  "Youssef",
  "Salma",
  "Rohan",
  "Isla",
  "Khaled",
  "Meera",
  "George",
  "Hana",
  "Arjun",
  "Grace",
];
export const lastNames = [
  "Hassan",
  "Ibrahim",
  "Mahmoud",
  "El-Sayed",
  "Sharma",
  "Patel",
  "Iyer",
  "Reddy",
  "Smith",
  "Jones",
  "Taylor",
  "Farouk",
  "Nair",
  "Gupta",
  "Wilson",
  "Mansour",
  "Kamal",
  "Menon",
  "Walker",
  "Evans",
  "Abdelrahman",
  "Krishnan",
  "Thompson",
  "Saleh",
];

/** What receptionists type: name prefixes, phone fragments, partial words, misspellings. */
export const searchTerms = [
  "hassan",
  "Mohamed Ibr",
  "patel",
  "Mohamad",
  "sharm",
  "priya iyer",
  "0100004",
  "1000123",
  "walker",
  "el-sa",
  "nour kamal",
  "amelia smith",
  "gupt",
  "+20100099",
  "oliver@",
  "mansour",
  "Aarav Reddy",
  "krish",
  "Thompsen",
  "fatma mah",
];

/** A PostgreSQL array literal bound as one parameter (the names contain no commas or quotes). */
export const pgArray = (values: string[]) => `{${values.join(",")}}`;

/** One statement as postgres.js sent it: its text and its parameters. */
export interface Statement {
  text: string;
  parameters: unknown[];
}

/** The statements `run` sends, in order, from postgres.js's debug hook (the pool's query log). */
export async function statementsOf(pool: postgres.Sql, run: () => Promise<unknown>) {
  const options = pool.options as { debug?: unknown };
  const seen: Statement[] = [];
  options.debug = (_connection: number, text: string, parameters: unknown[]) =>
    seen.push({ text: text.trim(), parameters: [...parameters] });
  try {
    await run();
  } finally {
    options.debug = undefined;
  }
  return seen;
}

/** Replays statements through the pool as the product sends them (named, prepared); rows out. */
export async function replay(pool: postgres.Sql, statements: Statement[]): Promise<number> {
  let rows = 0;
  for (const { text, parameters } of statements) {
    rows = (await pool.unsafe(text, parameters as never[], { prepare: true }).values()).length;
  }
  return rows;
}

export async function benchPatientSearch(database: DbHandle, patients = 100_000, rounds = 10) {
  const slug = `bench-${Date.now().toString(36)}`;
  const [org] = await database.db
    .insert(schema.organization)
    .values({
      slug,
      name: "Bench Clinic",
      kind: "clinic",
      timeZone: "Africa/Cairo",
      currency: "EGP",
      country: "EG",
    })
    .returning({ id: schema.organization.id });
  if (!org) throw new Error("no organization");
  try {
    const started = performance.now();
    await database.db.execute(sql`
      insert into patient (organization_id, first_name, last_name, mobile, email, date_of_birth, sex)
      select ${org.id}::uuid,
             (${pgArray(firstNames)}::text[])[1 + (i * 7) % ${firstNames.length}],
             (${pgArray(lastNames)}::text[])[1 + (i * 13) % ${lastNames.length}],
             '+2010' || lpad(i::text, 8, '0'),
             case when i % 3 = 0 then null
                  else lower((${pgArray(firstNames)}::text[])[1 + (i * 7) % ${firstNames.length}]) || '.' || i || '@example.com' end,
             date '1940-01-01' + (i % 29000),
             case when i % 2 = 0 then 'female'::patient_sex else 'male'::patient_sex end
      from generate_series(1, ${patients}) as i`);
    await database.db.execute(sql`analyze patient`);
    const loadSeconds = (performance.now() - started) / 1000;

    const [reception] = await database.db
      .insert(schema.user)
      .values({
        email: `${slug}@caredesk.test`,
        name: "Reception",
        passwordHash: await hashPassword("bench password"),
      })
      .returning({ id: schema.user.id });
    if (!reception) throw new Error("no user");
    await database.db
      .insert(schema.membership)
      .values({ organizationId: org.id, userId: reception.id, role: "staff" });
    const { token } = await createSession(database.db, reception.id);
    const auth = await validateSessionToken(database.db, token);
    const caller = createCallerFactory(appRouter)(
      createContextInner({ db: database.db, auth, organizationId: org.id }),
    );

    const pool = database.sql;
    if (!pool)
      throw new Error("patient search needs PostgreSQL (DATABASE_URL): its twin is raw SQL");
    const search = (term: string) => caller.patient.list({ search: term, limit: 25 });
    // Warm-up (JIT, each connection's named statements), then each term's statements, logged.
    for (const term of searchTerms) await search(term);
    const twins: Statement[][] = [];
    for (const term of searchTerms) twins.push(await statementsOf(pool, () => search(term)));
    for (const statements of twins) await replay(pool, statements);

    let hits = 0;
    const productSamples: number[] = [];
    const rawSamples: number[] = [];
    const productPass = async () => {
      const samples: number[] = [];
      for (const term of searchTerms) {
        const t = performance.now();
        const page = await search(term);
        samples.push(performance.now() - t);
        hits += page.items.length;
      }
      productSamples.push(...samples);
      return quantile(samples, 0.5);
    };
    const rawPass = async () => {
      const samples: number[] = [];
      for (const statements of twins) {
        samples.push(...(await timeEach(() => replay(pool, statements), 1)));
      }
      rawSamples.push(...samples);
      return quantile(samples, 0.5);
    };
    const sideBySide = await alternate("time", rounds, productPass, rawPass);
    const result = {
      database: database.kind,
      patients,
      queries: productSamples.length,
      p50_ms: quantile(productSamples, 0.5),
      p95_ms: quantile(productSamples, 0.95),
      raw_p50_ms: quantile(rawSamples, 0.5),
      raw_p95_ms: quantile(rawSamples, 0.95),
      ratio: Number((quantile(rawSamples, 0.5) / quantile(productSamples, 0.5)).toFixed(3)),
      ratio_of_pass_medians: sideBySide.ratio,
      statements_per_search: Number(
        (twins.reduce((n, t) => n + t.length, 0) / twins.length).toFixed(2),
      ),
      passes: sideBySide.rounds,
      mean_results: Number((hits / productSamples.length).toFixed(1)),
      load_seconds: Number(loadSeconds.toFixed(1)),
    };
    writeResult("patient-search", result);
    return result;
  } finally {
    await database.db.delete(schema.organization).where(eq(schema.organization.id, org.id));
    await database.db.delete(schema.user).where(eq(schema.user.email, `${slug}@caredesk.test`));
  }
}
