// Mobile devices that accept push (through Firebase Cloud Messaging) for the signed-in user: one
// row per FCM registration token. The token is never answered, logged or written to the trail.
import { schema, type Database } from "@caredesk/db";
import type { DeviceRegisterInput, DeviceUnregisterInput } from "@caredesk/validators";
import { and, desc, eq, sql } from "drizzle-orm";
import { notFound } from "../errors";
import type { OwnUserScope } from "./notification";

const { mobileDevice } = schema;

/** A device as its owner sees it (never its token). */
const deviceColumns = {
  id: mobileDevice.id,
  platform: mobileDevice.platform,
  appVersion: mobileDevice.appVersion,
  deviceName: mobileDevice.deviceName,
  createdAt: mobileDevice.createdAt,
  lastSeenAt: mobileDevice.lastSeenAt,
};

export type MobileDeviceView = {
  id: string;
  platform: "ios" | "android";
  appVersion: string | null;
  deviceName: string | null;
  createdAt: Date;
  lastSeenAt: Date;
};

/**
 * Registers this device's FCM token for the signed-in user. A token belongs to one app install,
 * so a repeat (the app starting again, or another account signing in on the same phone) takes
 * the row over rather than adding a second one: the phone gets the newest account's messages.
 */
export async function registerDevice(
  ctx: OwnUserScope,
  input: DeviceRegisterInput,
): Promise<MobileDeviceView> {
  return ctx.mutate(async (tx, audit) => {
    const details = {
      userId: ctx.user.id,
      platform: input.platform,
      appVersion: input.appVersion ?? null,
      deviceName: input.deviceName ?? null,
    };
    const [row] = await tx
      .insert(mobileDevice)
      .values({ ...details, token: input.token })
      .onConflictDoUpdate({
        target: mobileDevice.token,
        set: { ...details, lastSeenAt: sql`now()` },
      })
      .returning(deviceColumns);
    if (!row) throw new Error("the device row was not written");
    audit({ entityType: "mobile_device", entityId: row.id });
    return row;
  });
}

/** The signed-in user's registered devices, most recently seen first. */
export async function listDevices(
  ctx: Pick<OwnUserScope, "db" | "user">,
): Promise<MobileDeviceView[]> {
  return ctx.db
    .select(deviceColumns)
    .from(mobileDevice)
    .where(eq(mobileDevice.userId, ctx.user.id))
    .orderBy(desc(mobileDevice.lastSeenAt), desc(mobileDevice.id));
}

/** Stops push to one of the user's devices; another user's device is not found. */
export async function unregisterDevice(ctx: OwnUserScope, input: DeviceUnregisterInput) {
  return ctx.mutate(async (tx, audit) => {
    const [removed] = await tx
      .delete(mobileDevice)
      .where(and(eq(mobileDevice.id, input.id), eq(mobileDevice.userId, ctx.user.id)))
      .returning({ id: mobileDevice.id });
    if (!removed) throw notFound("Device not found");
    audit({ entityType: "mobile_device", entityId: removed.id });
    return { ok: true as const };
  });
}

/** The tokens of the user's devices, for the delivery job (by device id). */
export async function deviceToken(db: Database, deviceId: string): Promise<string | null> {
  const [row] = await db
    .select({ token: mobileDevice.token })
    .from(mobileDevice)
    .where(eq(mobileDevice.id, deviceId));
  return row?.token ?? null;
}
