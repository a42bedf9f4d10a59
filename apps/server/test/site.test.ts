// The practices' public sites over plain HTTP (no JavaScript): what a visitor and a search engine
// read on the home and doctor pages, Arabic pages, which sites are served at all (published,
// plan paid or within its grace), sitemaps and robots.txt, compression, resized images, custom
// domains, and hostile addresses that must never fail the server.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import {
  addMember,
  addPortalPatient,
  callerFor,
  completedVisit,
  createOrganization,
  createPatient,
  nextWeekdayAt,
  signUp,
  type TestUser,
} from "@caredesk/api/testing";
import { schema, type Database, type SiteWeek } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";
import { LocalStorage } from "../src/files/storage";
import { appOrigin, listeningPort, memberHeaders, queryInput, sessionCookieName } from "./server";

let database: TestDatabase;
let db: Database;
let app: FastifyInstance;
let filesDir: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  filesDir = await mkdtemp(join(tmpdir(), "caredesk-site-"));
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
  });
  app = await buildServer({ env, database, logger: false, storage: new LocalStorage(filesDir) });
});
afterAll(async () => {
  await app.close();
  await database.drop();
  await rm(filesDir, { recursive: true, force: true });
});

/** Monday split shift, Tuesday to Thursday days, Friday and Sunday closed, Saturday mornings. */
const hours: SiteWeek = [
  [
    { start: "09:00", end: "13:00" },
    { start: "16:00", end: "20:00" },
  ],
  [{ start: "09:00", end: "17:00" }],
  [{ start: "09:00", end: "17:00" }],
  [{ start: "09:00", end: "17:00" }],
  [],
  [{ start: "10:00", end: "14:00" }],
  [],
];

async function uploadImage(owner: TestUser, organizationId: string, purpose: "photo" | "logo") {
  const png = await sharp({
    create: { width: 800, height: 800, channels: 3, background: { r: 20, g: 120, b: 90 } },
  })
    .png()
    .toBuffer();
  const boundary = "----caredesksite";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${purpose}.png"\r\nContent-Type: image/png\r\n\r\n`;
  const response = await app.inject({
    method: "POST",
    url: `/files/${organizationId}?purpose=${purpose}`,
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      origin: appOrigin,
      cookie: `${sessionCookieName}=${owner.token}`,
    },
    payload: Buffer.concat([Buffer.from(head), png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

/** A live practice with a profile, a doctor with a photo, a paid and a free service. */
async function createSite(name = "Nile Valley Clinic") {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner, { name, country: "EG" });
  const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
  const department = await staff.department.create({ name: "Cardiology" });
  const photoFileId = await uploadImage(owner, organization.id, "photo");
  const logoFileId = await uploadImage(owner, organization.id, "logo");
  await staff.organization.setLogo({ fileId: logoFileId });
  const doctor = await staff.practitioner.create({
    name: "Amira Hassan",
    title: "Dr",
    specialization: "Cardiology",
    departmentId: department.id,
    photoFileId,
    yearsOfExperience: 12,
  });
  await staff.schedule.setWeek({
    resourceId: doctor.resourceId,
    rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
  });
  const paid = await staff.service.create({
    name: "Consultation",
    durationMinutes: 30,
    priceMinor: 50_000,
    colour: "#2563eb",
  });
  const free = await staff.service.create({
    name: "Blood pressure check",
    durationMinutes: 10,
    priceMinor: 0,
    colour: "#16a34a",
  });
  await db
    .update(schema.practiceSite)
    .set({
      about: "A family clinic by the river.",
      addressLine: "12 Corniche Street",
      city: "Cairo",
      postalCode: "11511",
      latitude: 30.0444,
      longitude: 31.2357,
      phone: "+20 2 1234 5678",
      email: "desk@nile.example",
      hours,
    })
    .where(eq(schema.practiceSite.organizationId, organization.id));
  return { owner, organization, staff, doctor, paid, free, photoFileId, logoFileId };
}

type Site = Awaited<ReturnType<typeof createSite>>;

async function publishReview(site: Site, rating: number) {
  const patient = await createPatient(site.staff);
  const visit = await completedVisit(site.staff, {
    serviceId: site.paid.id,
    patientId: patient.id,
    start: nextWeekdayAt(rating % 2 ? "10:00" : "11:00", 13),
  });
  await db.insert(schema.review).values({
    organizationId: site.organization.id,
    appointmentId: visit.id,
    patientId: patient.id,
    practitionerId: site.doctor.id,
    rating,
    body: `Rated ${rating}: kind and thorough.`,
    authorName: "Mona S.",
    status: "published",
    publishedAt: new Date(),
  });
}

function jsonLdOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html);
  if (!match?.[1]) throw new Error("no JSON-LD on the page");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

const setSubscription = (organizationId: string, paidUntil: Date, graceDays: number) =>
  db
    .update(schema.subscription)
    .set({ paidUntil, graceDays })
    .where(eq(schema.subscription.organizationId, organizationId));

const dayMs = 86_400_000;

describe("a review written in the portal", () => {
  it("shows on the doctor's page only once a moderator published it", async () => {
    const site = await createSite("Delta Heart Clinic");
    const doctorPage = async () => {
      const response = await app.inject({
        url: `/p/${site.organization.slug}/doctors/${site.doctor.id}`,
      });
      expect(response.statusCode).toBe(200);
      return { html: response.body, jsonLd: jsonLdOf(response.body) };
    };
    expect((await doctorPage()).jsonLd).not.toHaveProperty("aggregateRating");

    // Her visit with the doctor took place; she reviews it from the portal.
    const patient = await addPortalPatient(db, site.organization.id, site.owner);
    await completedVisit(site.staff, {
      serviceId: site.paid.id,
      patientId: patient.patientId,
      start: nextWeekdayAt("09:30", 15),
    });
    const portal = await callerFor(db, {
      token: patient.user.token,
      organizationId: site.organization.id,
    });
    const [visit] = (await portal.review.reviewable()).visits;
    if (!visit) throw new Error("the completed visit is not reviewable");
    const review = await portal.review.create({
      appointmentId: visit.appointmentId,
      rating: 4,
      body: "Dr Hassan explained everything calmly and the wait was short.",
    });
    expect(review.status).toBe("pending");

    // Waiting for moderation: visitors see nothing of it.
    const pending = await doctorPage();
    expect(pending.jsonLd).not.toHaveProperty("aggregateRating");
    expect(pending.html).not.toContain("explained everything calmly");

    await site.staff.review.publish({ id: review.id });
    const published = await doctorPage();
    expect(published.jsonLd).toMatchObject({
      "@type": "Physician",
      aggregateRating: { ratingValue: 4, reviewCount: 1 },
    });
    expect(published.html).toContain("explained everything calmly");
  });
});

describe("a practice's home page", () => {
  let site: Site;
  beforeAll(async () => {
    site = await createSite();
    await publishReview(site, 5);
    await publishReview(site, 4);
  });

  it("is HTML a visitor reads without JavaScript: name, address, hours, doctors", async () => {
    const response = await app.inject({ url: `/p/${site.organization.slug}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.headers["cache-control"]).toBe("no-cache");
    const html = response.body;
    expect(html).toContain("<title>Nile Valley Clinic</title>");
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("12 Corniche Street");
    expect(html).toContain("Dr Amira Hassan");
    expect(html).toContain("12 years of experience");
    expect(html).toContain(`href="/p/${site.organization.slug}/doctors/${site.doctor.id}"`);
    // Monday's split shift and the closed days.
    expect(html).toMatch(
      /Monday<\/th><td><span>9:00\sAM – 1:00\sPM<\/span><span><br\/>4:00\sPM – 8:00\sPM/,
    );
    expect(html).toMatch(/Friday<\/th><td><span>Closed/);
    expect(html).toContain('href="tel:+20212345678"');
    expect(html).toContain("https://www.openstreetmap.org/export/embed.html");
    expect(html).toContain('<meta property="og:image"');
    expect(html).toContain(
      `<link rel="canonical" href="${appOrigin}/p/${site.organization.slug}">`,
    );
    // A free service says so; a priced one is in the practice's currency.
    expect(html).toContain('<span class="price">Free</span>');
    expect(html).not.toMatch(/[£$]0\.00|EGP\s?0\.00/);
    expect(html).toContain('<span class="price">£500.00</span>');
    // The booking island's place, and without JavaScript the portal's booking.
    expect(html).toContain('data-island="booking"');
    expect(html).toContain(`/portal/book?org=${site.organization.slug}`);
  });

  it("describes the practice in JSON-LD as it is stored", async () => {
    const html = (await app.inject({ url: `/p/${site.organization.slug}` })).body;
    const ld = jsonLdOf(html);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "MedicalClinic",
      name: "Nile Valley Clinic",
      url: `${appOrigin}/p/${site.organization.slug}`,
      telephone: "+20 2 1234 5678",
      address: {
        "@type": "PostalAddress",
        streetAddress: "12 Corniche Street",
        addressLocality: "Cairo",
        postalCode: "11511",
        addressCountry: "EG",
      },
      geo: { "@type": "GeoCoordinates", latitude: 30.0444, longitude: 31.2357 },
      aggregateRating: { "@type": "AggregateRating", ratingValue: 4.5, reviewCount: 2 },
    });
    const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const stored = hours.flatMap((shifts, day) =>
      shifts.map((s) => ({
        "@type": "OpeningHoursSpecification",
        dayOfWeek: `https://schema.org/${days[day]}`,
        opens: s.start,
        closes: s.end,
      })),
    );
    expect(ld.openingHoursSpecification).toEqual(stored);
    expect(ld.employee).toEqual([
      expect.objectContaining({
        "@type": "Physician",
        name: "Dr Amira Hassan",
        medicalSpecialty: "Cardiology",
        url: `${appOrigin}/p/${site.organization.slug}/doctors/${site.doctor.id}`,
      }),
    ]);
    expect(html).toContain("What patients say");
  });

  it("is Arabic, right to left, with ?lang=ar", async () => {
    const response = await app.inject({ url: `/p/${site.organization.slug}?lang=ar` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="ar" dir="rtl">');
    expect(response.body).toContain("مواعيد العمل");
    expect(response.body).toContain("مجانًا");
    expect(response.body).toContain('href="?lang=en"');
    // The choice is remembered (the portal reads the same cookie): the next page is Arabic too.
    expect(response.headers["set-cookie"]).toMatch(/^lang=ar; Path=\/;/);
    const next = await app.inject({
      url: `/p/${site.organization.slug}/doctors/${site.doctor.id}`,
      headers: { cookie: "lang=ar" },
    });
    expect(next.body).toContain('<html lang="ar" dir="rtl">');
    expect(next.headers["set-cookie"]).toBeUndefined();
    const english = await app.inject({ url: `/p/${site.organization.slug}` });
    expect(english.body).toContain('<html lang="en" dir="ltr">');
  });

  it("shows a doctor's own page with a Physician in JSON-LD", async () => {
    const url = `/p/${site.organization.slug}/doctors/${site.doctor.id}`;
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<title>Dr Amira Hassan – Nile Valley Clinic</title>");
    expect(jsonLdOf(response.body)).toMatchObject({
      "@type": "Physician",
      name: "Dr Amira Hassan",
      aggregateRating: { ratingValue: 4.5, reviewCount: 2 },
    });
    expect(response.body).toContain(
      `&quot;preselect&quot;:{&quot;practitionerResourceId&quot;:&quot;${site.doctor.resourceId}&quot;}`,
    );
    const other = await app.inject({
      url: `/p/${site.organization.slug}/doctors/00000000-0000-4000-8000-000000000000`,
    });
    expect(other.statusCode).toBe(404);
  });

  it("answers a revalidation with its ETag by 304", async () => {
    const first = await app.inject({ url: `/p/${site.organization.slug}` });
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await app.inject({
      url: `/p/${site.organization.slug}`,
      headers: { "if-none-match": String(etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it("is compressed with brotli or gzip when the client accepts them", async () => {
    const url = `/p/${site.organization.slug}`;
    const plain = await app.inject({ url });
    const br = await app.inject({ url, headers: { "accept-encoding": "br, gzip" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gzip = await app.inject({ url, headers: { "accept-encoding": "gzip" } });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
  });

  it("serves its logo and doctor's photo resized to WebP, and nothing else", async () => {
    const base = `/p/${site.organization.slug}/img`;
    const photo = await app.inject({
      url: `${base}/${site.photoFileId}?w=160`,
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers["content-type"]).toBe("image/webp");
    // Images are compressed already: sent as they are.
    expect(photo.headers["content-encoding"]).toBeUndefined();
    expect(photo.headers["cache-control"]).toMatch(/public, max-age=\d+/);
    const meta = await sharp(photo.rawPayload).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 160 });
    const logo = await app.inject({ url: `${base}/${site.logoFileId}?w=320` });
    expect(logo.statusCode).toBe(200);
    expect((await sharp(logo.rawPayload).metadata()).width).toBe(320);
    // Other widths, other files (the practice's own documents too), other practices' files.
    for (const url of [
      `${base}/${site.photoFileId}?w=100`,
      `${base}/${site.photoFileId}?w=5000`,
      `${base}/${site.photoFileId}`,
      `${base}/00000000-0000-4000-8000-000000000000?w=160`,
      `${base}/not-an-id?w=160`,
    ]) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
    const otherPractice = await createSite("Other Clinic");
    const foreign = await app.inject({
      url: `/p/${otherPractice.organization.slug}/img/${site.photoFileId}?w=160`,
    });
    expect(foreign.statusCode).toBe(404);
    // The original photo's download, asked for compressed, is the stored bytes as they are.
    const original = await app.inject({
      url: `/files/public/${site.organization.slug}/${site.photoFileId}`,
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(original.statusCode).toBe(200);
    expect(original.headers["content-encoding"]).toBeUndefined();
    expect((await sharp(original.rawPayload).metadata()).format).toBe("png");
  });
});

describe("which sites are served", () => {
  it("has no reviews section or rating when the reviews feature is off", async () => {
    const site = await createSite("Quiet Clinic");
    await publishReview(site, 5);
    await db
      .update(schema.organization)
      .set({ features: ["patient_portal"] })
      .where(eq(schema.organization.id, site.organization.id));
    const html = (await app.inject({ url: `/p/${site.organization.slug}` })).body;
    expect(html).not.toContain("What patients say");
    expect(html).not.toContain('id="reviews"');
    expect(jsonLdOf(html)).not.toHaveProperty("aggregateRating");
  });

  it("has no aggregateRating when nothing is published", async () => {
    const site = await createSite("New Clinic");
    const html = (await app.inject({ url: `/p/${site.organization.slug}` })).body;
    expect(jsonLdOf(html)).not.toHaveProperty("aggregateRating");
  });

  it("is not found when unpublished, lapsed past its grace or unknown; up within the grace", async () => {
    const site = await createSite("Lapsing Clinic");
    const url = `/p/${site.organization.slug}`;
    expect((await app.inject({ url })).statusCode).toBe(200);

    await setSubscription(site.organization.id, new Date(Date.now() - 2 * dayMs), 7);
    expect((await app.inject({ url })).statusCode).toBe(200);

    await setSubscription(site.organization.id, new Date(Date.now() - 10 * dayMs), 7);
    const lapsed = await app.inject({ url });
    expect(lapsed.statusCode).toBe(404);
    expect(lapsed.headers["content-type"]).toMatch(/^text\/html/);
    expect(lapsed.body).toContain("Page not found");
    expect(lapsed.body).not.toContain("Lapsing Clinic");

    await setSubscription(site.organization.id, new Date(Date.now() + 30 * dayMs), 7);
    await db
      .update(schema.practiceSite)
      .set({ publishedAt: null })
      .where(eq(schema.practiceSite.organizationId, site.organization.id));
    expect((await app.inject({ url })).statusCode).toBe(404);
    expect((await app.inject({ url: `${url}/sitemap.xml` })).statusCode).toBe(404);
    expect((await app.inject({ url: "/p/no-such-practice" })).statusCode).toBe(404);
  });

  it("is shown to its owner as a preview before it is live, and to nobody else", async () => {
    const site = await createSite("Preview Clinic");
    await db
      .update(schema.practiceSite)
      .set({ publishedAt: null })
      .where(eq(schema.practiceSite.organizationId, site.organization.id));
    const url = `/p/${site.organization.slug}?preview`;
    const asOwner = { cookie: `${sessionCookieName}=${site.owner.token}` };
    const preview = await app.inject({ url, headers: asOwner });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("<title>Preview Clinic</title>");
    expect(preview.body).toContain("Preview: only you see this.");
    expect(preview.body).toContain('<meta name="robots" content="noindex">');
    expect(preview.headers["cache-control"]).toBe("private, no-store");
    // Its logo loads for the owner, resized like a live site's.
    const logo = await app.inject({
      url: `/p/${site.organization.slug}/img/${site.logoFileId}?w=160`,
      headers: asOwner,
    });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers["cache-control"]).toBe("private, no-store");

    // A visitor, a member who may not manage the site, or another practice's owner: not found.
    const outsider = await signUp(db, { name: "Other Owner" });
    await createOrganization(db, outsider);
    const receptionist = await addMember(db, site.organization.id, site.owner, "staff");
    for (const headers of [
      {},
      { cookie: `${sessionCookieName}=${outsider.token}` },
      { cookie: `${sessionCookieName}=${receptionist.token}` },
    ]) {
      expect((await app.inject({ url, headers })).statusCode).toBe(404);
      const image = await app.inject({
        url: `/p/${site.organization.slug}/img/${site.logoFileId}?w=160`,
        headers,
      });
      expect(image.statusCode).toBe(404);
    }
  });

  it("lists live sites only in the sitemaps and robots.txt", async () => {
    const live = await createSite("Listed Clinic");
    const hidden = await createSite("Hidden Clinic");
    await db
      .update(schema.practiceSite)
      .set({ publishedAt: null })
      .where(eq(schema.practiceSite.organizationId, hidden.organization.id));

    const index = await app.inject({ url: "/sitemap.xml" });
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toMatch(/^application\/xml/);
    expect(index.body).toContain(`<loc>${appOrigin}/p/${live.organization.slug}/sitemap.xml</loc>`);
    expect(index.body).not.toContain(hidden.organization.slug);

    const own = await app.inject({ url: `/p/${live.organization.slug}/sitemap.xml` });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(`<loc>${appOrigin}/p/${live.organization.slug}</loc>`);
    expect(own.body).toContain(
      `<loc>${appOrigin}/p/${live.organization.slug}/doctors/${live.doctor.id}</loc>`,
    );
    expect(own.body).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>/);

    const robots = await app.inject({ url: "/robots.txt" });
    expect(robots.statusCode).toBe(200);
    expect(robots.body).toContain("User-agent: *\nAllow: /");
    expect(robots.body).toContain(`Sitemap: ${appOrigin}/p/${live.organization.slug}/sitemap.xml`);
    expect(robots.body).not.toContain(hidden.organization.slug);
  });

  it("serves a verified custom domain's pages at its root, and not an unverified one", async () => {
    const site = await createSite("Domain Clinic");
    const domain = `${site.organization.slug}.clinic.example`;
    await db
      .update(schema.practiceSite)
      .set({ customDomain: domain })
      .where(eq(schema.practiceSite.organizationId, site.organization.id));
    const unverified = await app.inject({ url: "/", headers: { host: domain } });
    expect(unverified.body).not.toContain("Domain Clinic");

    await db
      .update(schema.practiceSite)
      .set({ domainVerifiedAt: new Date() })
      .where(eq(schema.practiceSite.organizationId, site.organization.id));
    const home = await app.inject({ url: "/", headers: { host: domain } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("<title>Domain Clinic</title>");
    expect(home.body).toContain(`<link rel="canonical" href="https://${domain}">`);
    expect(home.body).toContain(`href="/doctors/${site.doctor.id}"`);
    const doctor = await app.inject({
      url: `/doctors/${site.doctor.id}`,
      headers: { host: domain },
    });
    expect(doctor.statusCode).toBe(200);
    expect(doctor.body).toContain("Dr Amira Hassan");
    const robots = await app.inject({ url: "/robots.txt", headers: { host: domain } });
    expect(robots.body).toContain(`Sitemap: https://${domain}/sitemap.xml`);
    // The booking island there calls the public procedures on the same host: no CSRF refusal
    // (the input is incomplete, so the answer is a field error, not a booking).
    const call = (host: string, cookie?: string) =>
      app.inject({
        method: "POST",
        url: "/trpc/public.book",
        headers: {
          host,
          origin: `https://${host}`,
          "content-type": "application/json",
          ...(cookie ? { cookie } : {}),
        },
        payload: JSON.stringify({ json: { slug: site.organization.slug } }),
      });
    expect((await call(domain)).statusCode).toBe(400);
    // Not from a verified practice domain, or carrying a session: refused as before.
    expect((await call("elsewhere.example")).statusCode).toBe(403);
    expect((await call(domain, `${sessionCookieName}=${site.owner.token}`)).statusCode).toBe(403);
    // The slug address names the custom domain as canonical.
    const bySlug = await app.inject({ url: `/p/${site.organization.slug}` });
    expect(bySlug.body).toContain(`<link rel="canonical" href="https://${domain}">`);
  });
});

describe("bad addresses", () => {
  it("never fail the server", async () => {
    const site = await createSite("Sturdy Clinic");
    const slug = site.organization.slug;
    const urls = [
      "/p/%00",
      "/p/%E0%A4%A",
      "/p/..%2f..%2fetc%2fpasswd",
      `/p/${"a".repeat(5000)}`,
      "/p/<script>alert(1)</script>",
      `/p/${slug}/doctors/%27%20or%201=1--`,
      `/p/${slug}/doctors/${"9".repeat(300)}`,
      `/p/${slug}/unknown/deeper`,
      `/p/${slug}?lang=<script>`,
      `/p/${slug}?lang[]=ar&lang=ar`,
      `/p/${slug}/img/%ff?w=abc`,
      `/p/${slug}/img/${site.photoFileId}?w[]=160`,
      "/p/UPPER-Case",
      "/doctors/not-an-id",
    ];
    for (const url of urls) {
      const response = await app.inject({ url, headers: { host: "evil.example" } });
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.body, url).not.toContain("<script>alert(1)</script>");
    }
    const hostile = await app.inject({ url: "/", headers: { host: "<script>.example" } });
    expect(hostile.statusCode).toBeLessThan(500);
  });
});

describe("in production, beside the web app", () => {
  it("wins its paths, and the apps' own files are compressed too", async () => {
    const site = await createSite("Production Clinic");
    const webDist = await mkdtemp(join(tmpdir(), "caredesk-web-"));
    const adminDist = await mkdtemp(join(tmpdir(), "caredesk-admin-"));
    await mkdir(join(webDist, "assets"));
    const script = `console.log(${JSON.stringify("caredesk ".repeat(400))});`;
    await writeFile(join(webDist, "index.html"), "<!doctype html><title>Caredesk app</title>");
    await writeFile(join(webDist, "assets", "app-abc123.js"), script);
    await writeFile(join(adminDist, "index.html"), "<!doctype html><title>Admin</title>");
    const env = loadEnv({
      NODE_ENV: "test",
      APP_ORIGIN: appOrigin,
      SEED_DEMO: "false",
      LOG_LEVEL: "silent",
    });
    const production = await buildServer({
      env: { ...env, NODE_ENV: "production", WEB_DIST: webDist, ADMIN_DIST: adminDist },
      database,
      logger: false,
      storage: new LocalStorage(filesDir),
    });
    try {
      const accept = { "accept-encoding": "br, gzip" };
      const js = await production.inject({ url: "/assets/app-abc123.js", headers: accept });
      expect(js.statusCode).toBe(200);
      expect(js.headers["content-encoding"]).toBe("br");
      expect(brotliDecompressSync(js.rawPayload).toString()).toBe(script);
      const page = await production.inject({ url: `/p/${site.organization.slug}` });
      expect(page.body).toContain("<title>Production Clinic</title>");
      const missing = await production.inject({ url: `/p/${site.organization.slug}/nothing` });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain("Page not found");
      const app = await production.inject({ url: "/app/calendar" });
      expect(app.body).toContain("<title>Caredesk app</title>");
    } finally {
      await production.close();
      await rm(webDist, { recursive: true, force: true });
      await rm(adminDist, { recursive: true, force: true });
    }
  });
});

describe("compression elsewhere", () => {
  it("leaves live event streams uncompressed", async () => {
    const owner = await signUp(db, { name: "Stream Owner" });
    const organization = await createOrganization(db, owner);
    const url = `http://127.0.0.1:${await listeningPort(app)}/trpc/notification.onInbox?${queryInput(undefined)}`;
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: {
        ...memberHeaders(owner.token, organization.id),
        accept: "text/event-stream",
        "accept-encoding": "br, gzip",
      },
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("content-encoding")).toBeNull();
    controller.abort();
  });
});
