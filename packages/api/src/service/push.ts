// Devices that accept web push for the signed-in user: one row per browser endpoint.
import { schema } from "@caredesk/db";
import type { PushSubscribeInput, PushUnsubscribeInput } from "@caredesk/validators";
import { and, eq } from "drizzle-orm";
import type { OwnUserScope } from "./notification";

const { pushSubscription } = schema;

/**
 * Subscribes this browser for the signed-in user. An endpoint belongs to one browser profile,
 * so a repeat (new keys after the browser rotated them, or another account signing in on the
 * same browser) takes the row over rather than adding a second one.
 */
export async function subscribePush(ctx: OwnUserScope, input: PushSubscribeInput) {
  const userAgent = ctx.userAgent?.slice(0, 300) ?? null;
  return ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .insert(pushSubscription)
      .values({
        userId: ctx.user.id,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent,
      })
      .onConflictDoUpdate({
        target: pushSubscription.endpoint,
        set: {
          userId: ctx.user.id,
          p256dh: input.keys.p256dh,
          auth: input.keys.auth,
          userAgent,
        },
      })
      .returning({ id: pushSubscription.id });
    // The endpoint is a capability (whoever has it can push to the device): not in the trail.
    audit({ entityType: "push_subscription", entityId: row?.id });
    return { ok: true as const };
  });
}

/** Stops push to this browser for the signed-in user; an unknown endpoint is already stopped. */
export async function unsubscribePush(ctx: OwnUserScope, input: PushUnsubscribeInput) {
  return ctx.mutate(async (tx, audit) => {
    const removed = await tx
      .delete(pushSubscription)
      .where(
        and(
          eq(pushSubscription.userId, ctx.user.id),
          eq(pushSubscription.endpoint, input.endpoint),
        ),
      )
      .returning({ id: pushSubscription.id });
    audit({ entityType: "push_subscription", entityId: removed[0]?.id });
    return { ok: true as const };
  });
}
