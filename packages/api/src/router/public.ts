// The public practice page (/p/:slug): no account needed. The organization comes from the
// slug alone; every id sent with it must belong to that organization or is not found.
import { findPgError, PG } from "@caredesk/db";
import {
  PublicAvailabilityInput,
  PublicBookInput,
  PublicPracticeInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { FieldError } from "../errors";
import { searchAvailability } from "../service/appointment";
import { bookAppointment } from "../service/booking";
import { findOrCreatePatient, practiceBySlug, publicPractice } from "../service/public";
import { normaliseMobile } from "../service/patient";
import { publicProcedure } from "../trpc";

const visitorProcedure = publicProcedure.meta({ public: true });

export const publicRouter = {
  /** Name, kind, zone, currency, departments, services and doctors of a practice. */
  practice: visitorProcedure
    .input(PublicPracticeInput)
    .query(async ({ ctx, input }) =>
      publicPractice(ctx.db, await practiceBySlug(ctx.db, input.slug)),
    ),

  /** Free start times of a service, for one doctor or any. */
  availability: visitorProcedure.input(PublicAvailabilityInput).query(async ({ ctx, input }) => {
    const org = await practiceBySlug(ctx.db, input.slug);
    return searchAvailability(ctx.db, org, input);
  }),

  /**
   * Books as the practice's patient with this mobile (created when new). The answer says only
   * what was booked, never who the patient record is.
   */
  book: visitorProcedure.input(PublicBookInput).mutation(async ({ ctx, input }) => {
    const org = await practiceBySlug(ctx.db, input.slug);
    ctx.auditScope.organizationId = org.id;
    // A bad number is a form error before any time is checked.
    const mobile = normaliseMobile(input.mobile, org.country);
    const run = () =>
      bookAppointment(
        { db: ctx.db, org, user: null, mutate: ctx.mutate },
        "public.book",
        {
          serviceId: input.serviceId,
          patientId: null,
          start: input.start,
          resourceIds: input.practitionerResourceId ? [input.practitionerResourceId] : [],
          kind: "in_person",
          idempotencyKey: input.idempotencyKey,
          source: "public",
          status: "pending",
        },
        async (tx) => ({ patientId: await findOrCreatePatient(tx, org, { ...input, mobile }) }),
      );
    const booked = await run().catch((error: unknown) => {
      const pg = findPgError(error);
      // Two first bookings with the same new mobile at once: the other created the patient.
      if (pg?.code === PG.uniqueViolation && pg.constraint === "patient_org_mobile_key")
        return run();
      // Whether someone with this number has another appointment is not the visitor's business.
      if (error instanceof FieldError && error.code === "CONFLICT") {
        throw new FieldError("CONFLICT", {
          start: ["That time cannot be booked with these details; please choose another"],
        });
      }
      throw error;
    });
    return {
      reference: booked.id.slice(0, 8).toUpperCase(),
      startsAt: booked.startsAt,
      endsAt: booked.endsAt,
      status: booked.status,
      serviceName: booked.serviceName,
      timeZone: org.timeZone,
    };
  }),
} satisfies TRPCRouterRecord;
