import {
  LiveChangesInput,
  NotificationInboxInput,
  NotificationMarkReadInput,
} from "@caredesk/validators";
import { tracked, type TRPCRouterRecord } from "@trpc/server";
import { on } from "node:events";
import type { InboxEvent } from "../events";
import { countUnread, listInbox, markAllRead, markRead } from "../service/notification";
import { authedProcedure } from "../trpc";

export const notificationRouter = {
  /** The signed-in user's in-app messages, newest first. */
  inbox: authedProcedure
    .input(NotificationInboxInput)
    .query(({ ctx, input }) => listInbox(ctx.db, ctx.user.id, input)),

  unreadCount: authedProcedure.query(({ ctx }) => countUnread(ctx.db, ctx.user.id)),

  markRead: authedProcedure
    .input(NotificationMarkReadInput)
    .mutation(({ ctx, input }) => markRead(ctx, input.id)),

  markAllRead: authedProcedure.mutation(({ ctx }) => markAllRead(ctx)),

  /**
   * Live notification centre: an event whenever the user's inbox changes (a new message, one
   * read on another device), on any server instance. Clients refetch the count and list.
   */
  onInbox: authedProcedure.input(LiveChangesInput).subscription(async function* ({ ctx, signal }) {
    for await (const [event] of on(ctx.events, `user:${ctx.user.id}`, { signal })) {
      const change = event as InboxEvent & { id: string };
      yield tracked(change.id, { type: change.type });
    }
  }),
} satisfies TRPCRouterRecord;
