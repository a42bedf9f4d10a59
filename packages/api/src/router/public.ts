// The public practice page (/p/:slug): no account needed. The organization comes from the
// slug alone; every id sent with it must belong to that organization or is not found.
import {
  PublicAvailabilityInput,
  PublicBookInput,
  PublicPracticeInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { bookPublicly, publicAvailability, publicPractice } from "../service/public";
import { publicProcedure } from "../trpc";

const visitorProcedure = publicProcedure.meta({ public: true });

export const publicRouter = {
  /** Name, kind, zone, currency, departments, services and doctors of a practice. */
  practice: visitorProcedure
    .input(PublicPracticeInput)
    .query(({ ctx, input }) => publicPractice(ctx.db, input.slug)),

  /** Free start times of a service, for one doctor or any. */
  availability: visitorProcedure
    .input(PublicAvailabilityInput)
    .query(({ ctx, input }) => publicAvailability(ctx.db, input)),

  /**
   * Books as the practice's patient with this mobile (created when new). The answer says only
   * what was booked, never who the patient record is.
   */
  book: visitorProcedure
    .meta({ rateLimit: "publicBooking" })
    .input(PublicBookInput)
    .mutation(({ ctx, input }) => bookPublicly(ctx, input)),
} satisfies TRPCRouterRecord;
