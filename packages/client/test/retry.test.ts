import { afterEach, describe, expect, it, vi } from "vitest";
import { shouldRetry } from "../src/retry";
import { apiClient, failureOf, fakeApi } from "./fake-api";

afterEach(() => vi.unstubAllGlobals());

async function failureWith(code: string, httpStatus: number) {
  fakeApi(() => ({ error: { code, httpStatus, message: code } }));
  return failureOf(apiClient().auth.me.query());
}

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
    expect(shouldRetry(0, await failureWith(code, status))).toBe(false);
  });

  it("asks twice more after a server failure", async () => {
    const error = await failureWith("INTERNAL_SERVER_ERROR", 500);
    expect([0, 1, 2].map((count) => shouldRetry(count, error))).toEqual([true, true, false]);
  });

  it("asks again when the server never answered", () => {
    expect(shouldRetry(0, new TypeError("Failed to fetch"))).toBe(true);
  });
});
