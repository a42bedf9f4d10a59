// A phone or tablet running the Caredesk mobile app, registered for push through Firebase
// Cloud Messaging by the signed-in user (REST: /api/v1/me/devices).
import { z } from "zod";
import { Code, Id, OptionalSingleLine } from "./common";

export const mobilePlatforms = ["ios", "android"] as const;
export const MobilePlatform = z.enum(mobilePlatforms, "Choose ios or android");

/**
 * An FCM registration token as the Firebase SDKs hand it to the app: URL-safe base64 with a
 * colon between its parts, about 150–200 characters (FCM promises no length: up to 4 KB).
 */
export const FcmToken = Code(
  /^[A-Za-z0-9_-]+(?::[A-Za-z0-9_-]+)*$/,
  "Not an FCM registration token",
  4096,
).min(32, "Not an FCM registration token");

export const DeviceRegisterInput = z.object({
  token: FcmToken,
  platform: MobilePlatform,
  /** The app's version, shown in the account's device list. */
  appVersion: OptionalSingleLine(40),
  /** What the person calls the device ("Sara's iPhone"). */
  deviceName: OptionalSingleLine(120),
});
export type DeviceRegisterInput = z.infer<typeof DeviceRegisterInput>;

export const DeviceUnregisterInput = z.object({ id: Id });
export type DeviceUnregisterInput = z.infer<typeof DeviceUnregisterInput>;
