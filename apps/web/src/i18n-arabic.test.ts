// The Arabic patient never sees English by accident: every message key the patient portal,
// its booking flow, the sign-in / sign-up / account screens, the public booking page, the
// patient's links and the shared components they render can show has an Arabic translation.
// Staff-workspace keys may stay English (they fall back).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { createI18n, formatTag, locales, type MessageKey } from "@caredesk/ui";
import { describe, expect, it } from "vitest";
import { formatMoney } from "./lib/money";

const web = dirname(fileURLToPath(import.meta.url));
const repo = join(web, "../../..");
const en: Record<string, unknown> = locales.en.messages;
const ar: Record<string, unknown> = locales.ar.messages;

/** Whole groups a patient reads, whichever screen uses them. */
const patientPrefixes = [
  "portal.",
  "portalBook.",
  "portalPayments.",
  "portalInvoices.",
  "portalPlans.",
  "portalReviews.",
  "pay.",
  "booking.",
  "auth.",
  "invitation.",
  "public.",
  "link.",
  "unsubscribe.",
  "forms.link.",
  "ui.",
  "common.",
  "notFound.",
  "duration.",
  "notifications.",
  "push.",
  "appointment.status.",
  "consultations.status.",
  "consultation.field.",
  "documents.kind.",
  "ledger.balance",
  "ledger.aging",
  "language.",
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const src = join(web);
/** The screens a patient uses; what they import from components/ and lib/ is followed. */
const patientScreens = [
  ...files(join(src, "routes/portal")),
  join(src, "routes/signin.tsx"),
  join(src, "routes/signup.tsx"),
  ...files(join(src, "routes/account")),
  ...files(join(src, "routes/links")),
  // The signed consultation the portal shows the patient (records.tsx renders it).
  join(src, "routes/app/patients/consultation-view.tsx"),
  ...files(join(repo, "packages/client/src")),
  ...files(join(repo, "packages/ui/src/components")),
];

/** The screens and every module they import, except the staff workspace's (routes/app). */
function patientFiles(): string[] {
  const seen = new Set<string>();
  const queue = [...patientScreens];
  while (queue.length > 0) {
    const file = queue.pop();
    if (!file || seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
      const target = normalize(join(dirname(file), spec ?? ""));
      if (/routes[/\\]app|[/\\]i18n([/\\]|$)/.test(target)) continue;
      const found = [".tsx", ".ts", "/index.tsx", "/index.ts", ""]
        .map((ending) => target + ending)
        .find((path) => existsSync(path) && statSync(path).isFile());
      if (found) queue.push(found);
    }
  }
  return [...seen];
}

function keysPatientsSee(): Map<string, string> {
  const keys = new Map<string, string>();
  const prefixes = new Set(patientPrefixes);
  for (const file of patientFiles()) {
    const text = readFileSync(file, "utf8");
    for (const [, key] of text.matchAll(/["'`]([a-zA-Z][\w.-]*)["'`]/g)) {
      if (key && Object.hasOwn(en, key)) keys.set(key, file);
    }
    // t(`appointment.status.${status}`): every key of that group can show.
    for (const [, prefix] of text.matchAll(/`([a-zA-Z][\w.]*\.)\$\{/g)) {
      if (prefix) prefixes.add(prefix);
    }
  }
  for (const key of Object.keys(en)) {
    const prefix = [...prefixes].find((p) => key.startsWith(p));
    if (prefix && !keys.has(key)) keys.set(key, `prefix ${prefix}`);
  }
  return keys;
}

describe("the Arabic catalogue", () => {
  it("translates every key a patient can see", () => {
    const keys = keysPatientsSee();
    // The scan found the portal, not nothing.
    expect(keys.size).toBeGreaterThan(400);
    const missing = [...keys].filter(([key]) => !Object.hasOwn(ar, key));
    expect(missing.map(([key, where]) => `${key} (${where.replace(repo, "")})`)).toEqual([]);
  });

  it("leaves no Arabic message empty or identical to the English sentence", () => {
    const sameAsEnglish = Object.entries(ar).filter(([key, message]) => {
      if (typeof message !== "string") return false;
      // Brand and product names stay as they are.
      if (["app.name", "pay.provider.razorpay", "consultation.print.rx"].includes(key))
        return false;
      // Only placeholders and punctuation ("{name} · {date}"): nothing to translate.
      if (!/\p{L}/u.test(message.replace(/\{\w+\}/g, ""))) return false;
      return message.trim() === "" || message === en[key];
    });
    expect(sameAsEnglish).toEqual([]);
  });

  it("writes a staff-only message in English rather than a key", () => {
    const staffKey = (Object.keys(en) as MessageKey[]).find(
      (key) => key.startsWith("admin.") && typeof en[key] === "string" && !Object.hasOwn(ar, key),
    );
    expect(staffKey).toBeDefined();
    if (staffKey) expect(createI18n("ar").t(staffKey)).toBe(createI18n("en").t(staffKey));
  });
});

describe("money in Arabic", () => {
  it("an Egyptian practice writes Egyptian pounds with Arabic-Indic digits", () => {
    const text = formatMoney(123450, "EGP", formatTag("ar", "ar-EG"));
    expect(text).toContain("١٬٢٣٤٫٥٠");
    expect(text).toContain("ج.م.");
  });

  it("a British practice in Arabic writes pounds with Latin digits", () => {
    const text = formatMoney(123450, "GBP", formatTag("ar", "en-GB"));
    expect(text).toContain("1,234.50");
    expect(text).not.toMatch(/[\u0660-\u0669]/);
  });

  it("a currency without minor digits stays whole (JPY)", () => {
    expect(formatMoney(1500, "JPY", formatTag("ar", "ar-EG"))).toContain("١٬٥٠٠");
  });

  it("the count in a plural message follows the practice's digits", () => {
    expect(createI18n("ar", "ar-EG").t("portalBook.free", { count: 4 })).toBe("٤ مواعيد متاحة");
    expect(createI18n("ar", "en-GB").t("portalBook.free", { count: 4 })).toBe("4 مواعيد متاحة");
  });
});
