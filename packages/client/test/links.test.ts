import type { AppRouter } from "@caredesk/api";
import { createTRPCUntypedClient } from "@trpc/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiLinks } from "../src/links";
import { apiClient, fakeApi } from "./fake-api";

afterEach(() => vi.unstubAllGlobals());

const organizationId = "5b0e8c1d-3f4a-4b6c-9d2e-7a8b9c0d1e2f";

describe("apiLinks", () => {
  it("batches the calls made together, sign-in included", async () => {
    const { requests } = fakeApi();
    const client = apiClient();

    await Promise.all([
      client.auth.signIn.mutate({ email: "a@caredesk.test", password: "correct horse" }),
      client.auth.signOut.mutate(),
    ]);

    expect(requests).toHaveLength(1);
    expect(requests[0]?.batched).toBe(true);
    expect(requests[0]?.paths).toEqual(["auth.signIn", "auth.signOut"]);
  });

  it("sends FormData on a request of its own, as it is", async () => {
    const { requests } = fakeApi();
    // No procedure takes a file yet: the link decides by the input, whatever the name.
    const client = createTRPCUntypedClient<AppRouter>({ links: apiLinks() });
    const form = new FormData();
    form.set("title", "Referral");

    await Promise.all([client.mutation("document.upload", form), client.query("auth.me")]);

    const upload = requests.find((r) => r.paths.includes("document.upload"));
    expect(upload?.batched).toBe(false);
    expect(upload?.body).toBe(form);
    expect(requests.find((r) => r.paths.includes("auth.me"))?.batched).toBe(true);
  });

  it("sends the active organization with each call, and none when there is none", async () => {
    const { requests } = fakeApi();
    let active: string | null = organizationId;
    const client = apiClient({ organizationId: () => active });

    await client.auth.me.query();
    active = null;
    await client.auth.me.query();
    await apiClient().auth.me.query();

    expect(requests.map((r) => r.headers.get("x-organization-id"))).toEqual([
      organizationId,
      null,
      null,
    ]);
  });

  it("opens subscriptions as server-sent events carrying the organization", () => {
    const opened: string[] = [];
    class FakeEventSource extends EventTarget {
      readyState = 0;
      constructor(url: string) {
        super();
        opened.push(url);
      }
      close() {}
    }
    vi.stubGlobal("EventSource", FakeEventSource);
    const client = createTRPCUntypedClient<AppRouter>({
      links: apiLinks({ organizationId: () => organizationId }),
    });

    const subscription = client.subscription("appointment.onChange", undefined, {});

    return vi.waitFor(() => {
      const [url] = opened;
      expect(url).toBeDefined();
      const params = new URL(String(url), "http://caredesk.test").searchParams;
      expect(JSON.parse(params.get("connectionParams") ?? "null")).toEqual({ organizationId });
      subscription.unsubscribe();
    });
  });
});
