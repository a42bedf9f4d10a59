// Ambulance requests and the live dispatch board. Staff and portal procedures belong to the
// "ambulance" feature (off: NOT_FOUND); the public one checks it on the live site itself.
import {
  AmbulanceCancelInput,
  AmbulanceDispatchInput,
  AmbulancePublicRequestInput,
  AmbulanceRequestMineInput,
  AmbulanceStatsInput,
  AmbulanceStepInput,
  LiveChangesInput,
} from "@caredesk/validators";
import { tracked, type TRPCRouterRecord } from "@trpc/server";
import { on } from "node:events";
import type { AmbulanceEvent } from "../events";
import {
  ambulanceBoard,
  ambulanceStats,
  cancelAmbulance,
  completeAmbulance,
  dispatchAmbulance,
  markAmbulanceArrived,
  markAmbulanceEnRoute,
  myAmbulanceRequests,
  requestAmbulanceAsPatient,
  requestAmbulancePublicly,
} from "../service/ambulance";
import { orgProcedure, patientProcedure, publicProcedure } from "../trpc";

const feature = { feature: "ambulance" } as const;

export const ambulanceRouter = {
  /**
   * A visitor of the hospital's site asks for an ambulance. Answers the request's reference and
   * the practice's phone only.
   */
  request: publicProcedure
    .meta({ public: true, rateLimit: "publicBooking" })
    .input(AmbulancePublicRequestInput)
    .mutation(({ ctx, input }) => requestAmbulancePublicly(ctx, input)),

  /** A portal patient asks for an ambulance; the request is linked to their record. */
  requestMine: patientProcedure
    .meta(feature)
    .input(AmbulanceRequestMineInput)
    .mutation(({ ctx, input }) => requestAmbulanceAsPatient(ctx, input)),

  /** The portal: one's own requests with their status, newest first. */
  mine: patientProcedure.meta(feature).query(({ ctx }) => myAmbulanceRequests(ctx)),

  /** The dispatch board: open requests newest first, and today's closed ones. */
  board: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .query(({ ctx }) => ambulanceBoard(ctx.db, ctx.org)),

  /**
   * Live dispatch board: an event whenever one of the organization's requests changes, as it
   * commits, on any server instance (LISTEN/NOTIFY). Clients refetch the board.
   */
  onBoard: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .input(LiveChangesInput)
    .subscription(async function* ({ ctx, signal }) {
      for await (const [event] of on(ctx.events, `ambulance:${ctx.org.id}`, { signal })) {
        const change = event as AmbulanceEvent & { id: string };
        yield tracked(change.id, {
          type: change.type,
          requestId: change.requestId,
          status: change.status,
        });
      }
    }),

  /** A new request gets a vehicle and its crew. */
  dispatch: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .input(AmbulanceDispatchInput)
    .mutation(({ ctx, input }) => dispatchAmbulance(ctx, input)),

  enRoute: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .input(AmbulanceStepInput)
    .mutation(({ ctx, input }) => markAmbulanceEnRoute(ctx, input)),

  arrived: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .input(AmbulanceStepInput)
    .mutation(({ ctx, input }) => markAmbulanceArrived(ctx, input)),

  complete: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .input(AmbulanceStepInput)
    .mutation(({ ctx, input }) => completeAmbulance(ctx, input)),

  /** Cancels an open request, with the reason the requester is told. */
  cancel: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .input(AmbulanceCancelInput)
    .mutation(({ ctx, input }) => cancelAmbulance(ctx, input)),

  /** Response times (median and 90th percentile) and counts by status over days. */
  stats: orgProcedure("ambulance.dispatch")
    .meta(feature)
    .input(AmbulanceStatsInput)
    .query(({ ctx, input }) => ambulanceStats(ctx.db, ctx.org, input)),
} satisfies TRPCRouterRecord;
