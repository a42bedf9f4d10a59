// The practice dashboard's range: practice days (in its own zone), at most a year, optionally
// one doctor's figures only.
import { z } from "zod";
import { Id, LocalDate } from "./common";

/** The longest range the dashboard answers for: a year and a day (a leap year's 366 days). */
export const dashboardMaxDays = 366;

export const DashboardSummaryInput = z
  .object({
    from: LocalDate,
    to: LocalDate,
    /** Only this doctor's appointments, utilisation and revenue. */
    practitionerId: Id.optional(),
  })
  .refine((input) => input.from <= input.to, {
    message: "Start on or before the end",
    path: ["to"],
  })
  .refine(
    (input) => (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000 + 1 <= dashboardMaxDays,
    { message: `Ask for at most ${dashboardMaxDays} days`, path: ["to"] },
  );
export type DashboardSummaryInput = z.infer<typeof DashboardSummaryInput>;
