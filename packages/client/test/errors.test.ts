import { afterEach, describe, expect, it, vi } from "vitest";
import {
  alternativesOf,
  errorCode,
  errorMessage,
  fieldErrorOf,
  fieldErrorsOf,
  isApiError,
} from "../src/errors";
import { applyServerErrors } from "../src/forms";
import { apiClient, failureOf, refusal } from "./fake-api";

afterEach(() => vi.unstubAllGlobals());

const slot = {
  start: new Date("2030-03-04T09:00:00Z"),
  end: new Date("2030-03-04T09:30:00Z"),
  resourceIds: ["9a4c0d7e-2b1f-4c3e-8d5a-6f7e8d9c0b1a"],
};

describe("reading the API's errors", () => {
  it("offers a lost slot's alternatives as dates", async () => {
    const error = await refusal({
      code: "CONFLICT",
      httpStatus: 409,
      message: "That time was just taken",
      data: { alternatives: [slot] },
    });

    expect(errorCode(error)).toBe("CONFLICT");
    expect(errorMessage(error, "fallback")).toBe("That time was just taken");
    const [first] = alternativesOf(error) ?? [];
    expect(first?.start).toBeInstanceOf(Date);
    expect(first).toEqual(slot);
  });

  it("has no alternatives for a conflict that is not about a slot", async () => {
    const failure = await refusal({ code: "CONFLICT", httpStatus: 409, message: "Email taken" });
    expect(alternativesOf(failure)).toBeNull();
    expect(fieldErrorOf(failure, "start")).toBeNull();
  });

  it("offers a start between two slot times the nearest ones, with the server's reason", async () => {
    const reason = "Appointments start every 30 minutes; the nearest free time is 09:00";
    const failure = await refusal({
      code: "BAD_REQUEST",
      httpStatus: 400,
      message: reason,
      data: { alternatives: [slot], fieldErrors: { start: [reason] } },
    });

    expect(errorCode(failure)).toBe("BAD_REQUEST");
    expect(alternativesOf(failure)).toEqual([slot]);
    expect(fieldErrorOf(failure, "start")).toBe(reason);
  });

  it("reads each field's messages", async () => {
    const error = await refusal({
      code: "BAD_REQUEST",
      httpStatus: 400,
      message: "Please correct the highlighted fields",
      data: { fieldErrors: { start: ["Outside working hours", "Too soon"], email: [] } },
    });

    expect(fieldErrorOf(error, "start")).toBe("Outside working hours Too soon");
    expect(fieldErrorOf(error, "email")).toBeNull();
    expect(fieldErrorOf(error, "name")).toBeNull();
    expect(Object.keys(fieldErrorsOf(error) ?? {})).toEqual(["start", "email"]);
  });

  it("falls back to the app's wording when the server never answered", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const error = await failureOf(apiClient().auth.me.query());

    expect(isApiError(error)).toBe(true);
    expect(errorCode(error)).toBeNull();
    expect(errorMessage(error, "Check your connection")).toBe("Check your connection");
    expect(fieldErrorOf(error, "start")).toBeNull();
  });

  it("knows nothing of errors that are not the API's", () => {
    const error = new Error("boom");
    expect(isApiError(error)).toBe(false);
    expect(errorCode(error)).toBeNull();
    expect(errorMessage(error, "fallback")).toBe("fallback");
    expect(alternativesOf(null)).toBeNull();
  });
});

describe("applyServerErrors", () => {
  const invalid = (fieldErrors: Record<string, string[]> | null) => ({
    code: "BAD_REQUEST",
    httpStatus: 400,
    message: "Please correct the highlighted fields",
    data: { fieldErrors },
  });

  it("puts field errors on their fields, focusing the first", async () => {
    const setError = vi.fn();
    const error = await refusal(invalid({ email: ["Taken"], priceMinor: ["Too high"] }));

    const left = applyServerErrors(error, setError, ["email", "price"], "fallback", {
      priceMinor: "price",
    });

    expect(left).toBeNull();
    expect(setError.mock.calls).toEqual([
      ["email", { type: "server", message: "Taken" }, { shouldFocus: true }],
      ["price", { type: "server", message: "Too high" }, { shouldFocus: false }],
    ]);
  });

  it("returns what no field can show, and the message when there are no field errors", async () => {
    const setError = vi.fn();
    const formOnly = await refusal(invalid({ _form: ["Pick a slot"] }));
    expect(applyServerErrors(formOnly, setError, ["email"], "x")).toBe("Pick a slot");
    const noFields = await refusal(invalid(null));
    expect(applyServerErrors(noFields, setError, ["email"], "x")).toBe(
      "Please correct the highlighted fields",
    );
    expect(setError).not.toHaveBeenCalled();
  });
});
