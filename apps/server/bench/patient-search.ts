// Patient search as a receptionist types, over 100,000 patients of one organization,
// through the real procedure (membership + permission check + ranked trigram search).
import { appRouter, createCallerFactory, createContextInner } from "@caredesk/api";
import { createSession, hashPassword, validateSessionToken } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { eq, sql } from "drizzle-orm";
import { quantile, writeResult } from "./lib";

const firstNames = [
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
const lastNames = [
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

const queries = [
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
const pgArray = (values: string[]) => `{${values.join(",")}}`;

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

    for (const search of queries) await caller.patient.list({ search, limit: 25 }); // warm-up
    const samples: number[] = [];
    let hits = 0;
    for (let r = 0; r < rounds; r++) {
      for (const search of queries) {
        const t = performance.now();
        const page = await caller.patient.list({ search, limit: 25 });
        samples.push(performance.now() - t);
        hits += page.items.length;
      }
    }
    const result = {
      database: database.kind,
      patients,
      queries: samples.length,
      p50_ms: quantile(samples, 0.5),
      p95_ms: quantile(samples, 0.95),
      mean_results: Number((hits / samples.length).toFixed(1)),
      load_seconds: Number(loadSeconds.toFixed(1)),
    };
    writeResult("patient-search", result);
    return result;
  } finally {
    await database.db.delete(schema.organization).where(eq(schema.organization.id, org.id));
    await database.db.delete(schema.user).where(eq(schema.user.email, `${slug}@caredesk.test`));
  }
}
