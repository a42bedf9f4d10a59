// A practice's website as its owner manages it: the profile and hours refuse bad input field by
// field and write nothing then; publishing needs a paid plan, a name, an address and a contact;
// a slug that is taken or reserved is refused with a free one suggested; a custom domain serves
// nothing until its DNS TXT record proves it (checked against a DNS server on this machine).
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  callerFor,
  createOrganization,
  failureOf,
  openSite,
  signUp,
  startDnsStandIn,
  testDns,
  type Caller,
  type DnsStandIn,
} from "@caredesk/api/testing";
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { liveSite } from "../src/service/site";
import { siteView } from "../src/service/site-view";
import { validateSessionToken } from "@caredesk/auth";
import { createContextInner } from "../src/context";
import { appRouter } from "../src/root";
import { txtMatches } from "../src/service/site-admin";
import { createCallerFactory } from "../src/trpc";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

const weekday = [{ start: "09:00", end: "17:00" }];
const openWeek = [weekday, weekday, weekday, weekday, weekday, [], []];

/** A practice just created, as a new owner meets the wizard: no plan, nothing published. */
async function freshPractice(slug = `site-${randomBytes(4).toString("hex")}`) {
  const owner = await signUp(db, { name: "Salma Owner" });
  const created = await (
    await callerFor(db, { token: owner.token })
  ).organization.create({
    name: "Corniche Clinic",
    slug,
    kind: "clinic",
    timeZone: "Africa/Cairo",
    currency: "EGP",
    country: "EG",
  });
  const owner$ = await callerFor(db, { token: owner.token, organizationId: created.id });
  return { owner, organization: created, site: owner$ };
}

/** As if the plan had been paid for a month (the plans' own tests cover paying). */
async function payPlan(organizationId: string) {
  await db
    .update(schema.subscription)
    .set({ paidUntil: new Date(Date.now() + 30 * 86_400_000) })
    .where(eq(schema.subscription.organizationId, organizationId));
}

async function siteRow(organizationId: string) {
  const [row] = await db
    .select()
    .from(schema.practiceSite)
    .where(eq(schema.practiceSite.organizationId, organizationId));
  if (!row) throw new Error("no practice_site row");
  return row;
}

async function fillProfile(caller: Caller) {
  await caller.site.updateProfile({
    addressLine: "14 Corniche Street",
    city: "Alexandria",
    phone: "03 4812345",
  });
}

describe("the business profile", () => {
  it("is read back as the wizard needs it, without the domain token's hash", async () => {
    const { site, organization } = await freshPractice();
    const view = await site.site.get();
    expect(view.site.step).toBe("kind");
    expect(view.site.hours).toEqual([[], [], [], [], [], [], []]);
    expect(view.plan.inGoodStanding).toBe(false);
    expect(view.live).toBe(false);
    expect(view.path).toBe(`/p/${organization.slug}`);
    expect(view.missing).toEqual(["plan", "address", "contact"]);
    expect(JSON.stringify(view)).not.toMatch(/domainTokenHash/);
  });

  it("keeps the address, a map pin and a phone in international form", async () => {
    const { site, organization } = await freshPractice();
    await site.site.updateProfile({
      about: "Family medicine by the sea.\nOpen six days a week.",
      addressLine: "14 Corniche Street",
      city: "Alexandria",
      latitude: 31.2001,
      longitude: 29.9187,
      phone: "03 4812345",
      email: "Desk@Corniche.example",
      websiteUrl: "https://corniche.example/",
      social: { facebook: "https://www.facebook.com/corniche", instagram: "" },
    });
    const row = await siteRow(organization.id);
    expect(row).toMatchObject({
      city: "Alexandria",
      latitude: 31.2001,
      longitude: 29.9187,
      phone: "+2034812345",
      email: "desk@corniche.example",
      social: { facebook: "https://www.facebook.com/corniche" },
    });
    // Removing the pin takes both coordinates.
    await site.site.updateProfile({ latitude: null, longitude: null });
    expect(await siteRow(organization.id)).toMatchObject({ latitude: null, longitude: null });
  });

  it.each([
    ["a latitude out of range", { latitude: 91, longitude: 10 }, "latitude"],
    ["a longitude out of range", { latitude: 10, longitude: -181 }, "longitude"],
    ["a latitude without a longitude", { latitude: 30 }, "longitude"],
    ["a longitude without a latitude", { longitude: 30 }, "latitude"],
    ["a website that is not http(s)", { websiteUrl: "javascript:alert(1)" }, "websiteUrl"],
    ["a website without a scheme", { websiteUrl: "corniche.example" }, "websiteUrl"],
    [
      "a social link of another site",
      { social: { instagram: "https://evil.example/x" } },
      "social.instagram",
    ],
    ["a phone of letters", { phone: "call us maybe" }, "phone"],
  ])("refuses %s on that field and writes nothing", async (_, input, field) => {
    const { site, organization } = await freshPractice();
    const before = await siteRow(organization.id);

    const failure = await failureOf(site.site.updateProfile(input));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual([field]);
    expect(await siteRow(organization.id)).toEqual(before);
  });

  it("refuses a phone number that does not exist in the practice's country", async () => {
    const { site, organization } = await freshPractice();
    const before = await siteRow(organization.id);
    const failure = await failureOf(site.site.updateProfile({ phone: "+20 12" }));
    expect(failure).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { phone: [expect.any(String)] },
    });
    expect(await siteRow(organization.id)).toEqual(before);
  });
});

describe("opening hours", () => {
  it("keeps split shifts in order of the day and closed days empty", async () => {
    const { site, organization } = await freshPractice();
    const friday = [
      { start: "15:00", end: "19:00" },
      { start: "09:00", end: "12:30" },
    ];
    await site.site.updateHours({ hours: [weekday, weekday, weekday, weekday, friday, [], []] });
    const { hours } = await siteRow(organization.id);
    expect(hours[4]).toEqual([
      { start: "09:00", end: "12:30" },
      { start: "15:00", end: "19:00" },
    ]);
    expect(hours[6]).toEqual([]);
  });

  it.each([
    [
      "shifts that overlap on Wednesday",
      [
        { start: "09:00", end: "13:00" },
        { start: "12:00", end: "16:00" },
      ],
      2,
    ],
    ["a shift that ends before it starts on Monday", [{ start: "17:00", end: "09:00" }], 0],
    ["a shift that ends as it starts on Sunday", [{ start: "09:00", end: "09:00" }], 6],
  ])("refuses %s, naming the day, and writes nothing", async (_, shifts, day) => {
    const { site, organization } = await freshPractice();
    await site.site.updateHours({ hours: openWeek });
    const before = await siteRow(organization.id);
    const hours = openWeek.map((d, i) => (i === day ? shifts : d));

    const failure = await failureOf(site.site.updateHours({ hours }));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual([`hours.${day}`]);
    expect(await siteRow(organization.id)).toEqual(before);
  });

  it("refuses a fourth shift in a day and a week that is not seven days", async () => {
    const { site } = await freshPractice();
    const four = ["08:00", "10:00", "12:00", "14:00"].map((start, i) => ({
      start,
      end: `${String(9 + 2 * i).padStart(2, "0")}:00`,
    }));
    const tooMany = await failureOf(
      site.site.updateHours({ hours: [four, [], [], [], [], [], []] }),
    );
    expect(tooMany.fieldErrors).toHaveProperty(["hours.0"]);
    const short = await failureOf(site.site.updateHours({ hours: [weekday] }));
    expect(short.fieldErrors).toHaveProperty(["hours"]);
  });
});

describe("the wizard's resume point", () => {
  it("goes on one step at a time and back to any step", async () => {
    const { site } = await freshPractice();
    await site.site.setStep({ step: "features" });
    await site.site.setStep({ step: "plan" });
    const skipped = await failureOf(site.site.setStep({ step: "profile" }));
    expect(skipped).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { step: [expect.any(String)] },
    });
    await site.site.setStep({ step: "kind" });
    expect((await site.site.get()).site.step).toBe("kind");
  });
});

describe("publishing", () => {
  it("without a paid plan is refused, listing the plan with all else missing", async () => {
    const { site, organization } = await freshPractice();
    const failure = await failureOf(site.site.publish());
    expect(failure.code).toBe("PRECONDITION_FAILED");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["plan", "address", "contact"]);
    expect(failure.message).toMatch(/plan/);
    expect((await siteRow(organization.id)).publishedAt).toBeNull();
  });

  it("with a paid plan but no address or contact lists just those", async () => {
    const { site, organization } = await freshPractice();
    await payPlan(organization.id);
    await site.site.updateProfile({ city: "Alexandria" });
    const failure = await failureOf(site.site.publish());
    expect(failure.code).toBe("PRECONDITION_FAILED");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["address", "contact"]);
    expect((await siteRow(organization.id)).publishedAt).toBeNull();
  });

  it("puts the site on the web, and unpublishing takes it off at once", async () => {
    const { site, organization } = await freshPractice();
    await payPlan(organization.id);
    await fillProfile(site);
    await expect(liveSite(db, { slug: organization.slug })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const published = await site.site.publish();

    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(published.step).toBe("done");
    expect((await liveSite(db, { slug: organization.slug })).id).toBe(organization.id);
    expect((await site.site.get()).live).toBe(true);

    const unpublished = await site.site.unpublish();

    expect(unpublished.publishedAt).toBeNull();
    await expect(liveSite(db, { slug: organization.slug })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("is for owners and admins only", async () => {
    const { owner, organization } = await freshPractice();
    const doctor = await addMember(db, organization.id, owner, "doctor");
    const asDoctor = await callerFor(db, { token: doctor.token, organizationId: organization.id });
    expect((await failureOf(asDoctor.site.publish())).code).toBe("FORBIDDEN");
    expect((await failureOf(asDoctor.site.get())).code).toBe("FORBIDDEN");
  });
});

describe("the address on Caredesk", () => {
  it("moves the site to a free slug", async () => {
    const { site, organization } = await freshPractice();
    const slug = `corniche-${randomBytes(3).toString("hex")}`;
    expect(await site.site.changeSlug({ slug })).toEqual({ slug, path: `/p/${slug}` });
    const [row] = await db
      .select({ slug: schema.organization.slug })
      .from(schema.organization)
      .where(eq(schema.organization.id, organization.id));
    expect(row?.slug).toBe(slug);
  });

  it("refuses a slug another practice has, suggesting a free one with the city", async () => {
    const taken = await freshPractice();
    const { site, organization } = await freshPractice();
    await site.site.updateProfile({ city: "Alexandria" });

    const failure = await failureOf(site.site.changeSlug({ slug: taken.organization.slug }));

    expect(failure.code).toBe("CONFLICT");
    const suggestion = `${taken.organization.slug}-alexandria`;
    expect(failure.fieldErrors).toEqual({
      slug: [expect.stringContaining(suggestion)],
      suggestedSlug: [suggestion],
    });
    // The suggestion is free: taking it works.
    await site.site.changeSlug({ slug: suggestion });
    expect((await site.site.get()).path).toBe(`/p/${suggestion}`);
    expect(organization.slug).not.toBe(suggestion);
  });

  it("refuses a reserved slug, suggesting a numbered one", async () => {
    const { site } = await freshPractice();
    const failure = await failureOf(site.site.changeSlug({ slug: "admin" }));
    expect(failure).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { slug: [expect.stringMatching(/reserved/)], suggestedSlug: ["admin-2"] },
    });
  });

  it("refuses a malformed slug on the field", async () => {
    const { site } = await freshPractice();
    const failure = await failureOf(site.site.changeSlug({ slug: "Nile--Clinic!" }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["slug"]);
  });
});

describe("a custom domain", () => {
  async function publishedPractice() {
    const practice = await freshPractice();
    await payPlan(practice.organization.id);
    await fillProfile(practice.site);
    await practice.site.site.publish();
    return practice;
  }

  it("is stored lower-case with only the hash of its token, and is not served unverified", async () => {
    const { site, organization } = await publishedPractice();
    const domain = `WWW.${organization.slug}.example.com`;

    const answer = await site.site.setDomain({ domain });

    const host = domain.toLowerCase();
    expect(answer).toMatchObject({ domain: host, txtName: `_caredesk.${host}` });
    const token = answer.txtValue?.replace("caredesk-verify=", "") ?? "";
    expect(token.length).toBeGreaterThanOrEqual(32);
    const row = await siteRow(organization.id);
    expect(row.customDomain).toBe(host);
    expect(row.domainTokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row.domainVerifiedAt).toBeNull();
    await expect(liveSite(db, { host })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is refused verification while DNS has no record, or another token", async () => {
    const { site, organization } = await publishedPractice();
    const { txtName } = await site.site.setDomain({ domain: `${organization.slug}.example.org` });
    const dns = await testDns();

    const missing = await failureOf(site.site.verifyDomain());
    expect(missing.code).toBe("PRECONDITION_FAILED");
    expect(missing.message).toMatch(/not found yet/);

    dns.publish(txtName ?? "", "caredesk-verify=not-the-token");
    expect((await failureOf(site.site.verifyDomain())).code).toBe("PRECONDITION_FAILED");
    expect((await siteRow(organization.id)).domainVerifiedAt).toBeNull();
    await expect(liveSite(db, { host: `${organization.slug}.example.org` })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("is served once its TXT record is found, and a new domain starts unverified", async () => {
    const { site, organization } = await publishedPractice();
    const host = `clinic.${organization.slug}.example.net`;
    const { txtName, txtValue } = await site.site.setDomain({ domain: host });
    (await testDns()).publish(txtName ?? "", txtValue ?? "");

    const verified = await site.site.verifyDomain();

    expect(verified.domainVerifiedAt).toBeInstanceOf(Date);
    expect((await liveSite(db, { host: host.toUpperCase() })).id).toBe(organization.id);
    expect((await site.site.get()).customUrl).toBe(`https://${host}/`);

    await site.site.setDomain({ domain: `www.${host}` });
    await expect(liveSite(db, { host })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(liveSite(db, { host: `www.${host}` })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("cannot be one another practice already uses", async () => {
    const first = await publishedPractice();
    const second = await freshPractice();
    const host = `${first.organization.slug}.example.com`;
    await first.site.site.setDomain({ domain: host });
    const failure = await failureOf(second.site.site.setDomain({ domain: host }));
    expect(failure).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { domain: [expect.any(String)] },
    });
  });

  it.each(["https://corniche.example", "corniche", "192.168.1.10", "corniche.example/home"])(
    "refuses %s as a domain on the field",
    async (domain) => {
      const { site } = await freshPractice();
      const failure = await failureOf(site.site.setDomain({ domain }));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["domain"]);
    },
  );

  it("is checked through Node's own resolver over the wire, with any DNS server", async () => {
    // A second server, apart from the one every test caller uses: the resolver is injectable.
    const own: DnsStandIn = await startDnsStandIn();
    try {
      const { site, organization, owner } = await publishedPractice();
      const host = `${organization.slug}.example.io`;
      const { txtName, txtValue } = await site.site.setDomain({ domain: host });
      // A long value arrives split into strings of 255 bytes; it is read joined.
      own.publish(txtName ?? "", "v=spf1 -all");
      own.publish(txtName ?? "", txtValue ?? "");
      const records = await own.resolveTxt(txtName ?? "");
      expect(records.map((chunks) => chunks.join(""))).toContain(txtValue);
      const row = await siteRow(organization.id);
      expect(txtMatches(records, row.domainTokenHash ?? "")).toBe(true);
      expect(txtMatches([["caredesk-verify=forged"]], row.domainTokenHash ?? "")).toBe(false);

      const caller = await callerResolvingWith(owner.token, organization.id, own.resolveTxt);
      const verified = await caller.site.verifyDomain();
      expect(verified.domainVerifiedAt).toBeInstanceOf(Date);
    } finally {
      await own.close();
    }
  });
});

describe("the site's pages", () => {
  /** A published practice's site; its questions written straight into the table. */
  async function practiceWithFaq(faqs: { question: string; answer: string; position: number }[]) {
    const owner = await signUp(db, { name: "Fatma Owner" });
    const organization = await createOrganization(db, owner);
    if (faqs.length > 0) {
      await db
        .insert(schema.practiceFaq)
        .values(faqs.map((f) => ({ ...f, organizationId: organization.id })));
    }
    return organization;
  }

  it("show the practice's questions and answers in their order", async () => {
    const practice = await practiceWithFaq([
      { question: "Do you take insurance?", answer: "Most plans.", position: 2 },
      { question: "Is there parking?", answer: "Yes,\nbehind the building.", position: 0 },
      { question: "Can I bring my child?", answer: "Of course.", position: 1 },
    ]);
    const view = await siteView(db, { slug: practice.slug });
    expect(view.faqs.map((f) => [f.question, f.answer])).toEqual([
      ["Is there parking?", "Yes,\nbehind the building."],
      ["Can I bring my child?", "Of course."],
      ["Do you take insurance?", "Most plans."],
    ]);
    expect(Object.keys(view.faqs[0] ?? {}).sort()).toEqual(["answer", "id", "question"]);
  });

  it("never show another practice's questions", async () => {
    const mine = await practiceWithFaq([{ question: "Mine?", answer: "Yes.", position: 0 }]);
    const theirs = await practiceWithFaq([{ question: "Theirs?", answer: "No.", position: 0 }]);
    const view = await siteView(db, { slug: mine.slug });
    expect(view.faqs.map((f) => f.question)).toEqual(["Mine?"]);
    const other = await siteView(db, { slug: theirs.slug });
    expect(other.faqs.map((f) => f.question)).toEqual(["Theirs?"]);
  });

  it("show a new or changed question at once, though the rest of the page is kept a while", async () => {
    const practice = await practiceWithFaq([]);
    expect((await siteView(db, { slug: practice.slug })).faqs).toEqual([]);
    const [row] = await db
      .insert(schema.practiceFaq)
      .values({ organizationId: practice.id, question: "Open on Friday?", answer: "No." })
      .returning({ id: schema.practiceFaq.id });
    expect((await siteView(db, { slug: practice.slug })).faqs).toEqual([
      { id: row?.id, question: "Open on Friday?", answer: "No." },
    ]);
    await db
      .update(schema.practiceFaq)
      .set({ answer: "Yes, 10:00–14:00." })
      .where(eq(schema.practiceFaq.organizationId, practice.id));
    expect((await siteView(db, { slug: practice.slug })).faqs[0]?.answer).toBe("Yes, 10:00–14:00.");
  });

  it("offer the assistant only while the practice has the feature", async () => {
    const practice = await practiceWithFaq([]);
    await openSite(db, practice.id, ["reviews", "patient_portal"]);
    expect((await siteView(db, { slug: practice.slug })).showAssistant).toBe(false);
    await openSite(db, practice.id, ["reviews", "patient_portal", "assistant"]);
    expect((await siteView(db, { slug: practice.slug })).showAssistant).toBe(true);
    await openSite(db, practice.id, ["reviews", "patient_portal"]);
    expect((await siteView(db, { slug: practice.slug })).showAssistant).toBe(false);
  });
});

/** A caller whose context resolves DNS with `resolveTxt` (the host's is the system's). */
async function callerResolvingWith(
  token: string,
  organizationId: string,
  resolveTxt: DnsStandIn["resolveTxt"],
) {
  const auth = await validateSessionToken(db, token);
  return createCallerFactory(appRouter)(
    createContextInner({ db, auth, organizationId, resolveTxt }),
  );
}
