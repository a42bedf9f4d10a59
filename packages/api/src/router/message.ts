// A practice's own messages after they were queued (the patient page lists them).
import { MessageRetryInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { retryMessage } from "../service/message";
import { orgProcedure } from "../trpc";

export const messageRouter = {
  /** Sends one of the practice's failed messages again; another practice's is not found. */
  retry: orgProcedure("patient.write")
    .input(MessageRetryInput)
    .mutation(({ ctx, input }) => retryMessage(ctx, input, ctx.org.id)),
} satisfies TRPCRouterRecord;
