// The practice directory's promises at the API: bad input answers BAD_REQUEST on the field
// and writes nothing, mobiles are unique per organization whatever way they are typed, search
// text is only ever text, pages cover every patient once, and a portal patient sees only
// their own record.
import { randomUUID } from "node:crypto";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  addPortalPatient,
  callerFor,
  createOrganization,
  createPatient,
  failureOf,
  importPatients,
  signUp,
  uniqueEmail,
  uploadFile,
  type Caller,
  type TestUser,
} from "@caredesk/api/testing";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
/** An Egyptian clinic: numbers typed without +20 are read as Egyptian. */
let clinic: { id: string };
let owner: TestUser;
let staff: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  owner = await signUp(db, { name: "Olivia Owner" });
  clinic = await createOrganization(db, owner, { name: "Cairo Heart Clinic", country: "EG" });
  staff = await callerFor(db, { token: owner.token, organizationId: clinic.id });
});
afterAll(() => database.drop());

/** A fresh organization (no country) and its owner's caller, for tests that count rows. */
async function freshPractice() {
  const person = await signUp(db);
  const organization = await createOrganization(db, person);
  const caller = await callerFor(db, { token: person.token, organizationId: organization.id });
  return { owner: person, organization, caller };
}

/** How many rows an organization has of everything the directory writes, audit included. */
async function rowCounts(organizationId: string) {
  const tables = {
    patient: schema.patient,
    department: schema.department,
    practitioner: schema.practitioner,
    certificate: schema.practitionerCertificate,
    resource: schema.resource,
    service: schema.service,
    document: schema.document,
    audit: schema.auditLog,
  };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db
      .select({ n: count() })
      .from(table)
      .where(eq(table.organizationId, organizationId));
    out[name] = row?.n ?? 0;
  }
  return out;
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe("bad input answers BAD_REQUEST on the field and writes nothing", () => {
  const patient = { firstName: "Amal", lastName: "Fathy", mobile: "+20 100 000 0001" };
  const service = { name: "Check-up", durationMinutes: 20, priceMinor: 1000, colour: "#2563eb" };

  const cases: { name: string; field: string; call: (c: Caller) => Promise<unknown> }[] = [
    {
      name: "a mobile with letters",
      field: "mobile",
      call: (c) => c.patient.create({ ...patient, mobile: "call me maybe" }),
    },
    {
      name: "a mobile that is no real number",
      field: "mobile",
      call: (c) => c.patient.create({ ...patient, mobile: "+20 123" }),
    },
    {
      name: "a mobile without a country code where the practice has none",
      field: "mobile",
      call: (c) => c.patient.create({ ...patient, mobile: "0100 123 4567" }),
    },
    {
      name: "an email without a domain",
      field: "email",
      call: (c) => c.patient.create({ ...patient, email: "amal@" }),
    },
    {
      name: "a date of birth in the future",
      field: "dateOfBirth",
      call: (c) => c.patient.create({ ...patient, dateOfBirth: tomorrow() }),
    },
    {
      name: "a date of birth that is no date",
      field: "dateOfBirth",
      call: (c) => c.patient.create({ ...patient, dateOfBirth: "1985-13-45" }),
    },
    {
      name: "a date of birth in another format",
      field: "dateOfBirth",
      call: (c) => c.patient.create({ ...patient, dateOfBirth: "23/04/1985" }),
    },
    {
      name: "a colour name instead of a hex colour",
      field: "colour",
      call: (c) => c.service.create({ ...service, colour: "blue" }),
    },
    {
      name: "a hex colour with five digits",
      field: "colour",
      call: (c) => c.service.create({ ...service, colour: "#12345" }),
    },
    {
      name: "a negative price",
      field: "priceMinor",
      call: (c) => c.service.create({ ...service, priceMinor: -1 }),
    },
    {
      name: "a negative duration",
      field: "durationMinutes",
      call: (c) => c.service.create({ ...service, durationMinutes: -30 }),
    },
    {
      name: "a negative buffer",
      field: "bufferAfterMinutes",
      call: (c) => c.service.create({ ...service, bufferAfterMinutes: -5 }),
    },
    {
      name: "a practitioner phone with letters",
      field: "phone",
      call: (c) => c.practitioner.create({ name: "Amira Hassan", phone: "ring reception" }),
    },
    {
      name: "negative years of experience",
      field: "yearsOfExperience",
      call: (c) => c.practitioner.create({ name: "Amira Hassan", yearsOfExperience: -1 }),
    },
    {
      name: "a certificate that expires before it was issued",
      field: "expiresOn",
      call: (c) =>
        c.practitioner.addCertificate({
          practitionerId: randomUUID(),
          name: "Board certification",
          issuedOn: "2024-01-01",
          expiresOn: "2023-01-01",
        }),
    },
  ];

  it.each(cases)("refuses $name on $field", async ({ field, call }) => {
    const { organization, caller } = await freshPractice();
    const before = await rowCounts(organization.id);

    const failure = await failureOf(call(caller));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual([field]);
    expect(await rowCounts(organization.id)).toEqual(before);
  });

  it("refuses an invalid mobile on update and leaves the patient as it was", async () => {
    const existing = await createPatient(staff);

    const failure = await failureOf(staff.patient.update({ id: existing.id, mobile: "+20 12" }));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["mobile"]);
    expect(await staff.patient.byId({ id: existing.id })).toEqual(existing);
  });
});

describe("mobile numbers", () => {
  it("stores a mobile typed the national way in E.164 with the practice's country", async () => {
    const created = await createPatient(staff, { mobile: "0100 200 3004" });
    expect(created.mobile).toBe("+201002003004");
  });

  it("refuses a second patient with the same mobile (CONFLICT on mobile)", async () => {
    await createPatient(staff, { mobile: "+201002003005" });
    const before = await rowCounts(clinic.id);

    const failure = await failureOf(createPatient(staff, { mobile: "+201002003005" }));

    expect(failure.code).toBe("CONFLICT");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["mobile"]);
    expect(await rowCounts(clinic.id)).toEqual(before);
  });

  it("recognises the same mobile typed another way as a duplicate", async () => {
    await createPatient(staff, { mobile: "0100 123 4567" });

    const failure = await failureOf(createPatient(staff, { mobile: "+20 100 123 4567" }));

    expect(failure.code).toBe("CONFLICT");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["mobile"]);
  });

  it("refuses changing a patient's mobile to another patient's (CONFLICT on mobile)", async () => {
    await createPatient(staff, { mobile: "+201002003006" });
    const other = await createPatient(staff);

    const failure = await failureOf(staff.patient.update({ id: other.id, mobile: "01002003006" }));

    expect(failure.code).toBe("CONFLICT");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["mobile"]);
    expect(await staff.patient.byId({ id: other.id })).toEqual(other);
  });

  it("accepts a mobile another organization already has", async () => {
    await createPatient(staff, { mobile: "+201002003007" });
    const { caller } = await freshPractice();

    const created = await createPatient(caller, { mobile: "+201002003007" });

    expect(created.mobile).toBe("+201002003007");
  });
});

describe("patient search", () => {
  let search: (text: string) => Promise<string[]>;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    const { caller } = await freshPractice();
    const people = [
      ["Mohamed", "Ali", "+201005550001"],
      ["Fifty", "Percent%Off", "+201005550002"],
      ["Under", "Score_Name", "+201005550003"],
      ["Liam", "O'Brien", "+201005550004"],
      ["Back", "Slash\\Name", "+201005550005"],
      ["Plain", "Person", "+201005550006"],
    ] as const;
    for (const [firstName, lastName, mobile] of people) {
      const created = await createPatient(caller, { firstName, lastName, mobile });
      names[created.id] = `${firstName} ${lastName}`;
    }
    search = async (text) => {
      const page = await caller.patient.list({ search: text, limit: 100 });
      return page.items.map((p) => `${p.firstName} ${p.lastName}`);
    };
  });

  it.each([
    ["%", "Fifty Percent%Off"],
    ["_", "Under Score_Name"],
    ["'", "Liam O'Brien"],
    ["\\", "Back Slash\\Name"],
    ["O'Brien", "Liam O'Brien"],
  ])("matches %j only literally", async (text, only) => {
    expect(await search(text)).toEqual([only]);
  });

  it("treats SQL as text: finds nothing and drops nothing", async () => {
    const [before] = await db.select({ n: count() }).from(schema.patient);

    expect(await search("'; drop table patient; --")).toEqual([]);

    const [after] = await db.select({ n: count() }).from(schema.patient);
    expect(after?.n).toBe(before?.n);
  });

  it("finds Mohamed when Mohamad is typed", async () => {
    expect(await search("Mohamad")).toContain("Mohamed Ali");
  });

  it("finds a patient by mobile typed with the national leading zero", async () => {
    expect(await search("0100 555 0001")).toEqual(["Mohamed Ali"]);
  });
});

describe("cursor pagination", () => {
  let caller: Caller;
  let all: string[];

  beforeAll(async () => {
    ({ caller } = await freshPractice());
    const people = [
      ["Zeina", "Adel"],
      ["Omar", "Adel"],
      ["omar", "adel"],
      ["Hana", "Mostafa"],
      ["Karim", "Nabil"],
      ["Laila", "Zaki"],
      ["Youssef", "Badr"],
    ];
    all = [];
    for (const [firstName = "", lastName = ""] of people) {
      all.push((await createPatient(caller, { firstName, lastName })).id);
    }
  });

  it.each(["name", "createdAt"] as const)(
    "returns every patient exactly once across pages sorted by %s",
    async (sort) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await caller.patient.list({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...result.items.map((p) => p.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen).toHaveLength(all.length);
      expect([...seen].sort()).toEqual([...all].sort());
    },
  );

  const encode = (values: unknown) => Buffer.from(JSON.stringify(values)).toString("base64url");
  it.each([
    { name: "not base64 JSON", sort: "name", cursor: "!!not-a-cursor!!" },
    { name: "of the wrong shape", sort: "name", cursor: encode({ offset: 10 }) },
    { name: "of the newest-first order", sort: "name", cursor: encode([randomUUID()]) },
    {
      name: "of the name order",
      sort: "createdAt",
      cursor: encode(["adel", "omar", randomUUID()]),
    },
    {
      name: "with SQL for an id",
      sort: "name",
      cursor: encode(["a", "b", "'; drop table patient; --"]),
    },
    {
      name: "with SQL for an id",
      sort: "createdAt",
      cursor: encode(["'; drop table patient; --"]),
    },
    {
      name: "of an older format",
      sort: "createdAt",
      cursor: encode(["2026-01-01T00:00:00Z", randomUUID()]),
    },
  ] as const)("refuses a cursor $name sorted by $sort (BAD_REQUEST)", async ({ sort, cursor }) => {
    const failure = await failureOf(caller.patient.list({ sort, cursor }));
    expect(failure.code).toBe("BAD_REQUEST");
  });

  it("pages newest first without skipping patients created in the same instant", async () => {
    // An import (or the demo seed) inserts many rows at one microsecond-precise instant.
    const { organization, caller: importer } = await freshPractice();
    const imported = await importPatients(db, organization.id, 7);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await importer.patient.list({
        sort: "createdAt",
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...result.items.map((p) => p.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect([...seen].sort()).toEqual([...imported].sort());
  });

  it("refuses a forged search cursor (BAD_REQUEST)", async () => {
    const failure = await failureOf(
      caller.patient.list({ search: "Adel", cursor: encode(["everything"]) }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
  });

  it("refuses a forged document cursor (BAD_REQUEST)", async () => {
    const [patientId = ""] = all;
    const failure = await failureOf(
      caller.document.list({ patientId, cursor: encode(["not a date", "nor an id"]) }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
  });
});

describe("the patient portal", () => {
  it("shows a patient their own record", async () => {
    const mine = await addPortalPatient(db, clinic.id, owner);
    await addPortalPatient(db, clinic.id, owner);
    const portal = await callerFor(db, { token: mine.user.token, organizationId: clinic.id });

    const me = await portal.portal.me();

    expect(me).toMatchObject({ id: mine.patientId, userId: mine.user.id });
  });

  it("lists only the patient's own documents", async () => {
    const mine = await addPortalPatient(db, clinic.id, owner);
    const theirs = await addPortalPatient(db, clinic.id, owner);
    const portal = await callerFor(db, { token: mine.user.token, organizationId: clinic.id });

    const { items } = await portal.portal.documents({});

    expect(items.map((d) => d.id)).toEqual([mine.documentId]);
    expect(items.map((d) => d.id)).not.toContain(theirs.documentId);
  });

  it("lets a patient change their email and address and nothing else", async () => {
    const mine = await addPortalPatient(db, clinic.id, owner);
    const before = await staff.patient.byId({ id: mine.patientId });
    const portal = await callerFor(db, { token: mine.user.token, organizationId: clinic.id });
    // What a hand-crafted request might add: fields the portal form does not offer.
    const sneaky = { firstName: "Someone", mobile: "+201009999999", notes: "VIP", userId: null };

    await portal.portal.updateProfile({ address: "7 Tahrir Square", ...sneaky });

    const after = await staff.patient.byId({ id: mine.patientId });
    expect(after).toEqual({ ...before, address: "7 Tahrir Square" });
  });

  it("refuses to file another patient's upload on one's own record (NOT_FOUND)", async () => {
    const mine = await addPortalPatient(db, clinic.id, owner);
    const theirs = await addPortalPatient(db, clinic.id, owner);
    const portal = await callerFor(db, { token: mine.user.token, organizationId: clinic.id });

    const failure = await failureOf(
      portal.portal.addDocument({
        fileId: theirs.documentFileId,
        kind: "other",
        title: "Mine now",
      }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    const { items } = await portal.portal.documents({});
    expect(items.map((d) => d.fileId)).toEqual([mine.documentFileId]);
  });

  it("answers NOT_FOUND to a patient-role member whose account is linked to no record", async () => {
    const unlinked = await addMember(db, clinic.id, owner, "patient");
    const portal = await callerFor(db, { token: unlinked.token, organizationId: clinic.id });

    const failure = await failureOf(portal.portal.me());

    expect(failure.code).toBe("NOT_FOUND");
  });
});

describe("linking a portal account", () => {
  it("makes the account a patient-role member linked to the record", async () => {
    const person = await signUp(db);
    const record = await createPatient(staff);

    const linked = await staff.patient.linkAccount({ id: record.id, email: person.email });

    expect(linked.userId).toBe(person.id);
    const [membership] = await db
      .select({ role: schema.membership.role })
      .from(schema.membership)
      .where(eq(schema.membership.userId, person.id));
    expect(membership?.role).toBe("patient");
  });

  it("refuses a staff member's email (CONFLICT on email)", async () => {
    const doctor = await addMember(db, clinic.id, owner, "doctor");
    const record = await createPatient(staff);

    const failure = await failureOf(
      staff.patient.linkAccount({ id: record.id, email: doctor.email }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["email"]);
    expect(await staff.patient.byId({ id: record.id })).toEqual(record);
  });

  it("answers an email nobody uses with NOT_FOUND on email", async () => {
    const record = await createPatient(staff);

    const failure = await failureOf(
      staff.patient.linkAccount({ id: record.id, email: uniqueEmail("stranger") }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["email"]);
    expect(await staff.patient.byId({ id: record.id })).toEqual(record);
  });
});

describe("practitioners are bookable resources", () => {
  it("creates the practitioner's resource with them", async () => {
    const created = await staff.practitioner.create({ name: "Amira Hassan", title: "Dr" });

    const resource = await staff.resource.byId({ id: created.resourceId });

    expect(resource).toMatchObject({
      kind: "practitioner",
      practitionerId: created.id,
      name: "Dr Amira Hassan",
      timeZone: "Europe/London",
      active: true,
    });
  });

  it("takes the resource off the calendar when the practitioner is archived", async () => {
    const created = await staff.practitioner.create({ name: "Tarek Fawzy" });

    await staff.practitioner.update({ id: created.id, active: false });

    expect(await staff.resource.byId({ id: created.resourceId })).toMatchObject({ active: false });
    const { items } = await staff.resource.list({ kind: "practitioner", limit: 100 });
    expect(items.map((r) => r.id)).not.toContain(created.resourceId);
  });

  it("does not let a practitioner's resource be edited as a room (NOT_FOUND)", async () => {
    const created = await staff.practitioner.create({ name: "Nour Samir" });

    const failure = await failureOf(
      staff.resource.update({ id: created.resourceId, name: "Broom cupboard" }),
    );

    expect(failure.code).toBe("NOT_FOUND");
  });
});

describe("services", () => {
  const base = { durationMinutes: 30, priceMinor: 45_000, colour: "#DC2626" };

  it("keeps the resources a service requires, as given", async () => {
    const department = await staff.department.create({ name: `Cardiology ${randomUUID()}` });
    const requirements = [
      { kind: "practitioner" as const, departmentId: department.id, category: null },
      { kind: "equipment" as const, departmentId: null, category: "echo machine" },
    ];

    const created = await staff.service.create({ ...base, name: "Echo", requirements });

    expect((await staff.service.byId({ id: created.id })).requirements).toEqual(requirements);
  });

  it("replaces the requirements when an update names them", async () => {
    const created = await staff.service.create({ ...base, name: "Dental cleaning" });
    const requirements = [{ kind: "room" as const, departmentId: null, category: "dental chair" }];

    await staff.service.update({ id: created.id, requirements });

    expect((await staff.service.byId({ id: created.id })).requirements).toEqual(requirements);
  });

  it("stores a colour in lower case", async () => {
    const created = await staff.service.create({ ...base, name: "Stress test" });
    expect(created.colour).toBe("#dc2626");
  });

  it("keeps buffers, notice, horizon and requirements when only the price changes", async () => {
    const created = await staff.service.create({
      ...base,
      name: "MRI",
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 15,
      minNoticeMinutes: 120,
      horizonDays: 30,
      slotIntervalMinutes: 30,
      requirements: [{ kind: "equipment", category: "mri scanner" }],
    });

    const updated = await staff.service.update({ id: created.id, priceMinor: 90_000 });

    expect(updated).toEqual({ ...created, priceMinor: 90_000 });
  });
});

describe("partial updates", () => {
  it("keeps a patient's sex and birth date when only the notes change", async () => {
    const created = await createPatient(staff, { sex: "female", dateOfBirth: "1990-02-03" });

    const updated = await staff.patient.update({ id: created.id, notes: "Prefers mornings" });

    expect(updated).toEqual({ ...created, notes: "Prefers mornings" });
  });

  const nothingChanged: {
    name: string;
    run: () => Promise<{ before: unknown; after: unknown }>;
  }[] = [
    {
      name: "department",
      run: async () => {
        const before = await staff.department.create({ name: `Dermatology ${randomUUID()}` });
        return { before, after: await staff.department.update({ id: before.id }) };
      },
    },
    {
      name: "room",
      run: async () => {
        const before = await staff.resource.create({ kind: "room", name: "Room 9" });
        return { before, after: await staff.resource.update({ id: before.id }) };
      },
    },
    {
      name: "practitioner",
      run: async () => {
        const created = await staff.practitioner.create({ name: "Samir Lotfy" });
        const {
          certificates: _c,
          timeZone: _t,
          ...before
        } = await staff.practitioner.byId({
          id: created.id,
        });
        return { before, after: await staff.practitioner.update({ id: created.id }) };
      },
    },
    {
      name: "patient",
      run: async () => {
        const before = await createPatient(staff);
        return { before, after: await staff.patient.update({ id: before.id }) };
      },
    },
  ];

  it.each(nothingChanged)(
    "answers an update of a $name that changes nothing with it as it was",
    async ({ run }) => {
      const { before, after } = await run();
      expect(after).toEqual(before);
    },
  );
});

describe("documents", () => {
  it("refuses to file a photo as a patient document (NOT_FOUND on the file)", async () => {
    const record = await createPatient(staff);
    const photo = await uploadFile(db, owner, clinic.id, "photo");

    const failure = await failureOf(
      staff.document.create({ patientId: record.id, fileId: photo.id, kind: "id", title: "ID" }),
    );

    expect(failure.code).toBe("NOT_FOUND");
  });
});
