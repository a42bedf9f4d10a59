import { afterEach, describe, expect, it, vi } from "vitest";
import { retryDelay, shouldRetry } from "../src/retry";
import { refusal } from "./fake-api";

afterEach(() => vi.unstubAllGlobals());

describe("shouldRetry", () => {
  it.each([
    ["BAD_REQUEST", 400],
    ["UNAUTHORIZED", 401],
    ["FORBIDDEN", 403],
    ["NOT_FOUND", 404],
    ["CONFLICT", 409],
    ["PRECONDITION_FAILED", 412],
    ["TOO_MANY_REQUESTS", 429],
  ])("never asks again after %s", async (code, status) => {
    expect(shouldRetry(0, await refusal({ code, httpStatus: status, message: code }))).toBe(false);
  });

  it("asks twice more after a server failure", async () => {
    const error = await refusal({
      code: "INTERNAL_SERVER_ERROR",
      httpStatus: 500,
      message: "INTERNAL_SERVER_ERROR",
    });
    expect([0, 1, 2].map((count) => shouldRetry(count, error))).toEqual([true, true, false]);
  });

  it("asks again when the server never answered", () => {
    expect(shouldRetry(0, new TypeError("Failed to fetch"))).toBe(true);
  });
});

describe("retryDelay", () => {
  it("waits as long as an unavailable server asked (Retry-After)", async () => {
    const error = await refusal({
      code: "SERVICE_UNAVAILABLE",
      httpStatus: 503,
      message: "Caredesk cannot reach its database right now.",
      data: { retryAfterSeconds: 5 },
    });

    expect(shouldRetry(0, error)).toBe(true);
    expect(retryDelay(0, error)).toBe(5000);
    expect(retryDelay(1, error)).toBe(5000);
  });

  it("doubles from one second when the server did not say, up to 30 seconds", () => {
    const offline = new TypeError("Failed to fetch");
    expect([0, 1, 2, 6].map((count) => retryDelay(count, offline))).toEqual([
      1000, 2000, 4000, 30_000,
    ]);
  });
});
