// The dashboard's preset ranges: whole practice days ending today in the practice's zone.
import { addDays } from "../../lib/zoned";

export const dashboardPresets = ["last7", "last30", "last90", "thisMonth", "custom"] as const;
export type DashboardPreset = (typeof dashboardPresets)[number];

export interface DayRange {
  from: string;
  to: string;
}

/** The days a preset means, ending on `today` (a practice day, YYYY-MM-DD), both included. */
export function presetRange(preset: Exclude<DashboardPreset, "custom">, today: string): DayRange {
  switch (preset) {
    case "last7":
      return { from: addDays(today, -6), to: today };
    case "last30":
      return { from: addDays(today, -29), to: today };
    case "last90":
      return { from: addDays(today, -89), to: today };
    case "thisMonth":
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}
