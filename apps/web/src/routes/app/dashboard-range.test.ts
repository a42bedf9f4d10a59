import { describe, expect, it } from "vitest";
import { presetRange } from "./dashboard-range";

describe("dashboard presets", () => {
  it("count today as the last of the days", () => {
    expect(presetRange("last7", "2026-03-31")).toEqual({ from: "2026-03-25", to: "2026-03-31" });
    expect(presetRange("last30", "2026-03-31")).toEqual({ from: "2026-03-02", to: "2026-03-31" });
  });

  it("cross month and year ends by the calendar", () => {
    expect(presetRange("last90", "2026-01-15")).toEqual({ from: "2025-10-18", to: "2026-01-15" });
    // 2024 is a leap year: 29 days of February.
    expect(presetRange("last30", "2024-03-01")).toEqual({ from: "2024-02-01", to: "2024-03-01" });
  });

  it("start this month on its first day, which may be today", () => {
    expect(presetRange("thisMonth", "2026-11-30")).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(presetRange("thisMonth", "2026-11-01")).toEqual({
      from: "2026-11-01",
      to: "2026-11-01",
    });
  });
});
