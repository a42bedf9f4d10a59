// The signed-in user's mobile devices registered for push (FCM), on /trpc and, for the mobile
// app with a bearer token, on /api/v1/me/devices.
import {
  DeviceRegisterInput,
  DeviceUnregisterInput,
  MobileDeviceOutput,
  OkOutput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { listDevices, registerDevice, unregisterDevice } from "../service/device";
import { authedProcedure } from "../trpc";

export const deviceRouter = {
  /** Registers this device's FCM token: reminders then reach the app on it. */
  register: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/me/devices",
        tags: ["account"],
        summary: "Register this device for push notifications (its FCM token)",
        description:
          "Send the token the Firebase SDK gives the app, again whenever it changes. A token already registered (by this or another account) moves to the signed-in account. Devices FCM reports as unregistered are removed.",
      },
    })
    .input(DeviceRegisterInput)
    .output(MobileDeviceOutput)
    .mutation(({ ctx, input }) => registerDevice(ctx, input)),

  /** The signed-in user's registered devices. */
  list: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/me/devices",
        tags: ["account"],
        summary: "The devices registered for push notifications",
      },
    })
    .output(z.array(MobileDeviceOutput))
    .query(({ ctx }) => listDevices(ctx)),

  /** Stops push to one of the user's devices (sign-out in the app calls it). */
  unregister: authedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/v1/me/devices/{id}",
        tags: ["account"],
        summary: "Stop push notifications to a device",
        description: "Another account's device answers NOT_FOUND.",
      },
    })
    .input(DeviceUnregisterInput)
    .output(OkOutput)
    .mutation(({ ctx, input }) => unregisterDevice(ctx, input)),
} satisfies TRPCRouterRecord;
