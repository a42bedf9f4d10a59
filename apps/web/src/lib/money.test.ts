import { describe, expect, it } from "vitest";
import { currencyDigits, formatMoney, inputToMinor, minorToInput } from "./money";

describe("prices typed by staff", () => {
  it("become integer minor units with the currency's own number of decimals", () => {
    expect(inputToMinor("120.50", "EGP")).toBe(12050);
    expect(inputToMinor("1,200.5", "INR")).toBe(120050);
    expect(inputToMinor("1500", "JPY")).toBe(1500);
    expect(inputToMinor("2.125", "KWD")).toBe(2125);
  });

  it("never pass through floating point (0.1 + 0.2 problems)", () => {
    expect(inputToMinor("0.29", "GBP")).toBe(29);
    expect(inputToMinor("1.15", "EUR")).toBe(115);
  });

  it("are refused when they are not a price or have too many decimals", () => {
    expect(inputToMinor("12.345", "GBP")).toBeNull();
    expect(inputToMinor("-5", "GBP")).toBeNull();
    expect(inputToMinor("ten", "GBP")).toBeNull();
    expect(inputToMinor("1.5", "JPY")).toBeNull();
  });

  it("round-trip back to the text a person would edit", () => {
    for (const [minor, currency] of [
      [12050, "EGP"],
      [5, "GBP"],
      [1500, "JPY"],
      [2125, "KWD"],
    ] as const) {
      expect(inputToMinor(minorToInput(minor, currency), currency)).toBe(minor);
    }
  });
});

describe("prices shown", () => {
  it("use the currency's decimals and symbol", () => {
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("KWD")).toBe(3);
    expect(formatMoney(12050, "GBP", "en-GB")).toBe("£120.50");
    expect(formatMoney(1500, "JPY", "en-GB")).toBe("JP¥1,500");
  });
});
