// Mobile push through the real firebase-admin SDK, against the local stand-in of FCM's HTTP v1
// API and Google's token endpoint (reached through the SDK's `httpAgent`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFcmChannel, DeliveryError, type Channel, type OutgoingMessage } from "../src";
import { startFcmStandIn, type FcmStandIn } from "../src/testing/fcm";

let fcm: FcmStandIn;
let channel: Channel;

beforeAll(async () => {
  fcm = await startFcmStandIn();
  const created = createFcmChannel({
    serviceAccountJson: JSON.stringify({
      type: "service_account",
      project_id: fcm.serviceAccount.projectId,
      client_email: fcm.serviceAccount.clientEmail,
      private_key: fcm.serviceAccount.privateKey,
    }),
    httpAgent: fcm.agent,
  });
  if (!created) throw new Error("expected a channel");
  channel = created;
});
afterAll(async () => {
  await channel.close?.();
  await fcm.close();
});

function message(to: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    id: "6f1c2a4e-8b1d-4c3e-9a7f-0d2b5e8c1a90",
    to,
    fromName: "Cedar Clinic",
    subject: "Reminder: Check-up tomorrow",
    text: "Your check-up is tomorrow at 09:00.",
    url: "https://caredesk.test/portal",
    ...overrides,
  };
}

describe("the FCM channel", () => {
  it("sends the title, text, link and message id to the device's token", async () => {
    const sent = await channel.send(message("device-token-1"));
    const [received] = fcm.messages().filter((m) => m.token === "device-token-1");
    expect(received).toMatchObject({
      notification: {
        title: "Reminder: Check-up tomorrow",
        body: "Your check-up is tomorrow at 09:00.",
      },
      data: {
        url: "https://caredesk.test/portal",
        notificationId: "6f1c2a4e-8b1d-4c3e-9a7f-0d2b5e8c1a90",
      },
    });
    expect(sent.providerMessageId).toBe(received?.name);
    // The SDK signed in with the service account's key: the stand-in verified its assertion.
    expect(fcm.tokensIssued()).toBeGreaterThan(0);
    expect(fcm.refusals()).toEqual([]);
  });

  it("says an unregistered token is gone, for good", async () => {
    fcm.unregister("device-token-gone");
    const failure = await channel.send(message("device-token-gone")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ permanent: true, gone: true });
    // The token never appears in what is recorded.
    expect((failure as Error).message).not.toContain("device-token-gone");
  });

  it("retries when FCM fails on its side", async () => {
    fcm.failNext(1, 500);
    const failure = await channel.send(message("device-token-2")).catch((e: unknown) => e);
    expect(failure).toMatchObject({ permanent: false, gone: false });
    await channel.send(message("device-token-2"));
    expect(fcm.messages().some((m) => m.token === "device-token-2")).toBe(true);
  });

  it("is not offered without a service account, and refuses half of one", () => {
    expect(createFcmChannel({})).toBeNull();
    expect(() => createFcmChannel({ projectId: "p", clientEmail: "a@p.test" })).toThrow(
      /FCM_PRIVATE_KEY/,
    );
  });
});
