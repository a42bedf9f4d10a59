// A bench practice built straight in the database (fast): resources with weekly hours,
// a service, patients, an owner with a session. Removed afterwards with its organization.
import { createSession, hashPassword } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { eq, sql } from "drizzle-orm";

export interface BenchPractice {
  organizationId: string;
  ownerToken: string;
  /** The owner's token for a device, sent as `Authorization: Bearer` (REST). */
  ownerBearerToken: string;
  serviceId: string;
  resourceIds: string[];
  patientIds: string[];
  timeZone: string;
  cleanup: () => Promise<void>;
}

export async function createBenchPractice(
  handle: DbHandle,
  options: { resources: number; patients: number; timeZone?: string },
): Promise<BenchPractice> {
  const { db } = handle;
  const timeZone = options.timeZone ?? "Europe/London";
  const slug = `bench-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const [org] = await db
    .insert(schema.organization)
    .values({
      slug,
      name: "Bench Clinic",
      kind: "clinic",
      timeZone,
      currency: "GBP",
      country: "GB",
    })
    .returning({ id: schema.organization.id });
  if (!org) throw new Error("no organization");
  const [owner] = await db
    .insert(schema.user)
    .values({
      email: `${slug}@caredesk.test`,
      name: "Bench Owner",
      passwordHash: await hashPassword("bench password"),
    })
    .returning({ id: schema.user.id });
  if (!owner) throw new Error("no owner");
  await db
    .insert(schema.membership)
    .values({ organizationId: org.id, userId: owner.id, role: "owner" });
  const { token } = await createSession(db, owner.id);
  const bearer = await createSession(db, owner.id, { kind: "bearer", name: "Bench device" });

  const resources = await db
    .insert(schema.resource)
    .values(
      Array.from({ length: options.resources }, (_, i) => ({
        organizationId: org.id,
        kind: "room" as const,
        name: `Bench room ${String(i + 1).padStart(2, "0")}`,
        category: "bench",
        timeZone,
      })),
    )
    .returning({ id: schema.resource.id });
  // Open 07:00–21:00 every day: the bench measures the engine and the database, not closures.
  await db.insert(schema.scheduleRule).values(
    resources.flatMap((r) =>
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        organizationId: org.id,
        resourceId: r.id,
        weekday,
        startTime: "07:00",
        endTime: "21:00",
      })),
    ),
  );
  const [service] = await db
    .insert(schema.service)
    .values({
      organizationId: org.id,
      name: "Bench consultation",
      durationMinutes: 20,
      priceMinor: 1000,
      colour: "#2563eb",
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 60,
      slotIntervalMinutes: 10,
    })
    .returning({ id: schema.service.id });
  if (!service) throw new Error("no service");
  await db
    .insert(schema.serviceRequirement)
    .values({ organizationId: org.id, serviceId: service.id, kind: "room", category: "bench" });

  await db.execute(sql`
    insert into patient (organization_id, first_name, last_name, mobile)
    select ${org.id}::uuid, 'Bench', 'Patient ' || i, '+4474' || lpad(i::text, 8, '0')
    from generate_series(1, ${options.patients}) as i`);
  const patients = await db
    .select({ id: schema.patient.id })
    .from(schema.patient)
    .where(eq(schema.patient.organizationId, org.id));

  return {
    organizationId: org.id,
    ownerToken: token,
    ownerBearerToken: bearer.token,
    serviceId: service.id,
    resourceIds: resources.map((r) => r.id),
    patientIds: patients.map((p) => p.id),
    timeZone,
    cleanup: async () => {
      await db.delete(schema.organization).where(eq(schema.organization.id, org.id));
      await db.delete(schema.user).where(eq(schema.user.id, owner.id));
    },
  };
}
