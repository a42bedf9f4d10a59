// The assistant's read-only tools: what either engine may learn about a practice, and nothing
// else. Each is bound to one practice (and, in the portal, one patient) when the conversation
// asks; a model reaches the practice's data only through these.
import type { AssistantAction } from "./assistant-view";

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

export type SlotAction = Extract<AssistantAction, { kind: "slot" }>;

export interface FreeTimes {
  /** What the times are for ("Cardiology consultation with Dr. Salma Idris"). */
  subject: string;
  /** The day searched, "YYYY-MM-DD" in the practice's zone. */
  day: string;
  slots: SlotAction[];
}

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
