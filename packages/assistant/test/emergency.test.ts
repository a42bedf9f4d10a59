import { describe, expect, it } from "vitest";
import { emergencyNumber } from "../src";

describe("emergencyNumber", () => {
  it.each([
    ["EG", "123"],
    ["SA", "997"],
    ["AE", "998"],
    ["GB", "999"],
    ["IE", "112"],
    ["US", "911"],
    ["CA", "911"],
    ["IN", "112"],
    ["PK", "1122"],
    ["JO", "911"],
    ["KW", "112"],
    ["QA", "999"],
    ["OM", "9999"],
    ["MA", "15"],
    ["TN", "190"],
    ["DZ", "14"],
    ["LB", "140"],
    ["DE", "112"],
    ["FR", "112"],
    ["AU", "000"],
    ["NZ", "111"],
    ["ZA", "10177"],
    ["KE", "999"],
    ["TR", "112"],
  ])("gives %s the number %s", (country, number) => {
    expect(emergencyNumber(country)).toBe(number);
  });

  it("reads the country code in any case", () => {
    expect(emergencyNumber("eg")).toBe("123");
    expect(emergencyNumber(" gb ")).toBe("999");
  });

  it("falls back to 112 for an unknown or missing country", () => {
    expect(emergencyNumber(null)).toBe("112");
    expect(emergencyNumber("")).toBe("112");
    expect(emergencyNumber("XX")).toBe("112");
  });
});
