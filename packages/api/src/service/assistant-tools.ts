// The assistant's read-only tools: what either engine may learn about a practice, and nothing
// else. Each is bound to one practice (and, in the portal, one patient) when the conversation
// asks; a model reaches the practice's data only through these.
import { resolveDay, understand } from "@caredesk/assistant";
import type { Database } from "@caredesk/db";
import type { PatientScope } from "../scope";
import { listPatientAppointments } from "./appointment";
import { freeTimes, localToday, sitePaths } from "./assistant-engine";
import { matchRecords, type Knowledge } from "./assistant-knowledge";
import type { FreeTimes, SlotAction } from "./assistant-view";
import { myInvoices } from "./invoice";
import { formatMinor } from "./money-text";
import { myOrders } from "./order";
import { findShopProducts } from "./shop";

/** One fact the assistant may state, with the page it comes from. */
export interface PracticeFact {
  kind:
    | "profile"
    | "hours"
    | "contact"
    | "department"
    | "doctor"
    | "service"
    | "product"
    | "faq"
    | "feature"
    | "appointment"
    | "invoice"
    | "order";
  title: string;
  text: string;
  /** The citation: `/p/<slug>/…` on the site, `/portal/…` for the patient's own records. */
  href: string;
}

export type { FreeTimes, SlotAction } from "./assistant-view";

export interface ToolProblem {
  /** Why the tool could not answer, in words a model can pass on. */
  problem: string;
}

export interface AssistantTools {
  /** Facts of the practice matching a query: doctors, services and prices, hours, FAQ, products. */
  searchPractice(query: string): Promise<PracticeFact[]>;
  /** Free start times of a service (name or id), optionally with one doctor, on a day. */
  findFreeTimes(input: {
    service?: string | undefined;
    doctor?: string | undefined;
    date?: string | undefined;
  }): Promise<FreeTimes | ToolProblem>;
  /**
   * A booking the visitor can confirm: the link that opens the booking flow with it chosen.
   * It never books.
   */
  draftBooking(input: {
    serviceId: string;
    practitionerResourceId?: string | null | undefined;
    start: string;
  }): Promise<SlotAction | ToolProblem>;
  /** The portal's signed-in patient's own upcoming appointments, open invoices or orders. */
  myRecords?(what: "appointments" | "invoices" | "orders"): Promise<PracticeFact[]>;
}

// ---------------------------------------------------------------------------------------------
// The tools, bound to one practice (and one portal patient).

export interface ToolScope {
  db: Database;
  knowledge: Knowledge;
  channel: "site" | "portal";
  /** The portal patient; null on the site (no `myRecords` then). */
  patient: PatientScope | null;
  now: Date;
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The practice's read-only tools: every answer comes from its published data. */
export function practiceTools(scope: ToolScope): AssistantTools {
  const k = scope.knowledge;
  const paths = sitePaths(k.org.slug);
  const today = () => localToday(scope.now, k.org.timeZone);
  const read = (text: string) => understand(text, { today: today() });
  const doctorName = (d: { title: string | null; name: string }) =>
    d.title ? `${d.title} ${d.name}` : d.name;

  async function searchPractice(query: string): Promise<PracticeFact[]> {
    const u = read(query);
    const m = await matchRecords(scope.db, k.org.id, u, 0.5);
    const facts: PracticeFact[] = [];
    const s = k.site;
    const wants = new Set(u.intents);
    if (wants.has("hours") || wants.size === 0) {
      facts.push({
        kind: "hours",
        title: "Opening hours (Monday first)",
        text: s.hours
          .map(
            (shifts, i) =>
              `${weekdays[i]}: ${shifts.map((x) => `${x.start}-${x.end}`).join(", ") || "closed"}`,
          )
          .join("; "),
        href: paths.section("hours"),
      });
    }
    if (wants.has("location") || wants.has("contact") || wants.size === 0) {
      facts.push({
        kind: "contact",
        title: "Address and contact",
        text: [s.addressLine, s.city, s.region, s.postalCode, s.phone, s.email]
          .filter(Boolean)
          .join(", "),
        href: paths.section("contact"),
      });
    }
    for (const x of m.departments.slice(0, 3)) {
      const d = k.departments.find((y) => y.id === x.id);
      if (!d) continue;
      const doctors = k.doctors.filter((y) => y.departmentId === d.id).map(doctorName);
      facts.push({
        kind: "department",
        title: d.name,
        text: `Doctors: ${doctors.join(", ") || "none listed"}`,
        href: paths.section("departments"),
      });
    }
    for (const x of m.doctors.slice(0, 5)) {
      const d = k.doctors.find((y) => y.id === x.id);
      if (!d) continue;
      facts.push({
        kind: "doctor",
        title: doctorName(d),
        text: [
          d.specialization,
          k.departments.find((y) => y.id === d.departmentId)?.name,
          d.yearsOfExperience !== null ? `${d.yearsOfExperience} years of experience` : null,
          `doctor id for bookings: ${d.resourceId}`,
        ]
          .filter(Boolean)
          .join("; "),
        href: paths.doctor(d.id),
      });
    }
    for (const x of m.services.slice(0, 5)) {
      const sv = k.services.find((y) => y.id === x.id);
      if (!sv) continue;
      facts.push({
        kind: "service",
        title: sv.name,
        text: `${formatMinor(sv.priceMinor, k.org.currency)}, ${sv.durationMinutes} minutes; service id for bookings: ${sv.id}`,
        href: paths.section("services"),
      });
    }
    for (const x of m.faqs.slice(0, 3)) {
      const f = k.faqs.find((y) => y.id === x.id);
      if (!f || Math.max(x.whole, x.word) < 0.3) continue;
      facts.push({ kind: "faq", title: f.question, text: f.answer, href: paths.faq(f.id) });
    }
    if (k.products.length > 0 && u.terms.length > 0) {
      const page = await findShopProducts(
        scope.db,
        { id: k.org.id, currency: k.org.currency, timeZone: k.org.timeZone },
        { q: u.terms.join(" ").slice(0, 100), limit: 5 },
        scope.now,
      );
      for (const p of page.items) {
        facts.push({
          kind: "product",
          title: [p.name, p.strength].filter(Boolean).join(" "),
          text: `${formatMinor(p.priceMinor, p.currency)}; ${p.availability.replace(/_/g, " ")}${
            p.prescriptionOnly ? "; prescription only" : ""
          }`,
          href: paths.product(p.id),
        });
      }
    }
    return facts;
  }

  function serviceNamed(name: string | undefined) {
    if (!name) return null;
    return (
      k.services.find((s) => s.id === name) ??
      k.services.find((s) => s.name.toLowerCase() === name.trim().toLowerCase()) ??
      k.services.find((s) => s.name.toLowerCase().includes(name.trim().toLowerCase())) ??
      null
    );
  }
  function doctorNamed(name: string | undefined) {
    if (!name) return null;
    const n = name.trim().toLowerCase();
    return (
      k.doctors.find((d) => d.resourceId === name || d.id === name) ??
      k.doctors.find((d) => doctorName(d).toLowerCase() === n || d.name.toLowerCase() === n) ??
      k.doctors.find(
        (d) => n.length >= 3 && d.name.toLowerCase().includes(n.replace(/^(dr\.?|prof\.?)\s*/, "")),
      ) ??
      null
    );
  }

  async function findFreeTimes(input: {
    service?: string | undefined;
    doctor?: string | undefined;
    date?: string | undefined;
  }): Promise<FreeTimes | ToolProblem> {
    const doctor = doctorNamed(input.doctor);
    if (input.doctor && !doctor) return { problem: "No such doctor at this practice" };
    const service =
      serviceNamed(input.service) ??
      (doctor?.slotServiceId ? k.services.find((s) => s.id === doctor.slotServiceId) : null) ??
      null;
    if (!service) return { problem: "Say which service (one of the practice's services)" };
    const date = input.date
      ? isoDay.test(input.date)
        ? input.date
        : resolveDay(input.date, today())
      : null;
    if (input.date && !date) return { problem: "Give the day as YYYY-MM-DD or a weekday" };
    const found = await freeTimes(scope, {
      serviceId: service.id,
      practitionerResourceId: doctor?.resourceId ?? null,
      day: date,
    });
    return {
      subject: doctor ? `${service.name} — ${doctorName(doctor)}` : service.name,
      day: found.day,
      slots: found.slots,
    };
  }

  async function draftBooking(input: {
    serviceId: string;
    practitionerResourceId?: string | null | undefined;
    start: string;
  }): Promise<SlotAction | ToolProblem> {
    const service = k.services.find((s) => s.id === input.serviceId);
    if (!service) return { problem: "No such service at this practice" };
    const doctor = input.practitionerResourceId
      ? k.doctors.find((d) => d.resourceId === input.practitionerResourceId)
      : null;
    if (input.practitionerResourceId && !doctor)
      return { problem: "No such doctor at this practice" };
    const start = new Date(input.start);
    if (Number.isNaN(start.getTime())) return { problem: "Give the start as an ISO date-time" };
    const found = await freeTimes(scope, {
      serviceId: service.id,
      practitionerResourceId: doctor?.resourceId ?? null,
      day: localToday(start, k.org.timeZone),
      limit: 500,
    });
    const slot = found.slots.find((s) => s.start.getTime() === start.getTime());
    return slot ?? { problem: "That time is not free; find free times first" };
  }

  const tools: AssistantTools = { searchPractice, findFreeTimes, draftBooking };
  const patient = scope.patient;
  if (patient) {
    tools.myRecords = async (what) => {
      const facts: PracticeFact[] = [];
      if (what === "appointments") {
        const rows = await listPatientAppointments(
          patient.db,
          patient.org.id,
          patient.patient.id,
          scope.now,
        );
        for (const a of rows
          .filter((r) => r.startsAt >= scope.now && ["pending", "confirmed"].includes(r.status))
          .slice(0, 5)) {
          facts.push({
            kind: "appointment",
            title: a.serviceName,
            text: `${a.startsAt.toISOString()} (${k.org.timeZone}); ${a.status}`,
            href: "/portal",
          });
        }
      } else if (what === "invoices") {
        const page = await myInvoices(patient, { limit: 10 });
        for (const i of page.items.filter((x) => x.status === "issued").slice(0, 5)) {
          facts.push({
            kind: "invoice",
            title: `Invoice ${i.number ?? ""}`,
            text: `${formatMinor(i.totalMinor, i.currency)}; due ${i.dueOn ?? "-"}`,
            href: "/portal/payments",
          });
        }
      } else {
        const page = await myOrders(patient, { limit: 5 });
        for (const o of page.items) {
          facts.push({
            kind: "order",
            title: `Order ${o.number}`,
            text: `${o.status}; ${formatMinor(o.totalMinor, o.currency)}`,
            href: "/portal/orders",
          });
        }
      }
      return facts;
    };
  }
  return tools;
}

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
