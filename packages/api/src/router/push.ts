import { PushSubscribeInput, PushUnsubscribeInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { subscribePush, unsubscribePush } from "../service/push";
import { authedProcedure, publicProcedure } from "../trpc";

export const pushRouter = {
  /** The VAPID public key browsers subscribe with; null when web push is not configured. */
  publicKey: publicProcedure
    .meta({ public: true })
    .query(({ ctx }) => ({ publicKey: ctx.vapidPublicKey })),

  /** Enables web push on this browser for the signed-in user. */
  subscribe: authedProcedure
    .input(PushSubscribeInput)
    .mutation(({ ctx, input }) => subscribePush(ctx, input)),

  /** Stops web push on this browser. */
  unsubscribe: authedProcedure
    .input(PushUnsubscribeInput)
    .mutation(({ ctx, input }) => unsubscribePush(ctx, input)),
} satisfies TRPCRouterRecord;
