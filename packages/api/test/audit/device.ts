// Audit scenarios of mobile devices registered for push (FCM): registering and unregistering,
// each one audit row naming the user, and never the device's token.
import { randomBytes } from "node:crypto";
import { callerFor, signUp } from "@caredesk/api/testing";
import type { AuditKit, Scenario } from "./kit";

const fcmToken = () =>
  `${randomBytes(16).toString("base64url")}:APA91b${randomBytes(96).toString("base64url")}`;

export function deviceScenarios(kit: AuditKit): Record<string, Scenario> {
  return {
    "device.register": async (run) => {
      const person = await signUp(kit.db());
      const token = fcmToken();
      kit.remember(person.token, token);
      await (await run.as(person)).device.register({ token, platform: "android" });
      return { actorUserId: person.id, organizationId: null };
    },

    "device.unregister": async (run) => {
      const person = await signUp(kit.db());
      const token = fcmToken();
      kit.remember(person.token, token);
      const app = await callerFor(kit.db(), { token: person.token });
      const device = await app.device.register({ token, platform: "ios" });
      await (await run.as(person)).device.unregister({ id: device.id });
      return { actorUserId: person.id, organizationId: null };
    },
  };
}
