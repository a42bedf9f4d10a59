import { z } from "zod";
import { Id, LocalDate, LocalTime, OptionalSingleLine } from "./common";

const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const WeeklyRuleInput = z
  .object({
    weekday: z.number().int().min(1, "Choose a day").max(7, "Choose a day"),
    start: LocalTime,
    end: LocalTime,
    validFrom: LocalDate.nullish(),
    validTo: LocalDate.nullish(),
  })
  .refine((r) => toMinutes(r.start) < toMinutes(r.end), {
    message: "The end must be after the start",
    path: ["end"],
  })
  .refine((r) => !r.validFrom || !r.validTo || r.validFrom <= r.validTo, {
    message: "The end date must be after the start date",
    path: ["validTo"],
  });

export const ScheduleSetWeekInput = z
  .object({
    resourceId: Id,
    rules: z.array(WeeklyRuleInput).max(70, "At most 70 intervals a week"),
  })
  .superRefine((input, ctx) => {
    // Two intervals of one day that overlap are a typo, not a schedule.
    input.rules.forEach((a, i) => {
      input.rules.forEach((b, j) => {
        if (j <= i || a.weekday !== b.weekday) return;
        const validOverlap =
          (a.validFrom ?? "0000") <= (b.validTo ?? "9999") &&
          (b.validFrom ?? "0000") <= (a.validTo ?? "9999");
        if (
          validOverlap &&
          toMinutes(a.start) < toMinutes(b.end) &&
          toMinutes(b.start) < toMinutes(a.end)
        ) {
          ctx.addIssue({
            code: "custom",
            message: "These hours overlap another interval that day",
            path: ["rules", j, "start"],
          });
        }
      });
    });
  });

export const ScheduleExceptionAddInput = z
  .object({
    /** Null: the whole organization (a public holiday). */
    resourceId: Id.nullable(),
    startsOn: LocalDate,
    endsOn: LocalDate,
    closed: z.boolean(),
    intervals: z
      .array(
        z
          .object({ start: LocalTime, end: LocalTime })
          .refine((i) => toMinutes(i.start) < toMinutes(i.end), {
            message: "The end must be after the start",
            path: ["end"],
          }),
      )
      .max(10)
      .default([]),
    reason: OptionalSingleLine(200),
  })
  .refine((e) => e.startsOn <= e.endsOn, {
    message: "The last day must be on or after the first",
    path: ["endsOn"],
  })
  .refine((e) => e.closed || e.intervals.length > 0, {
    message: "Give the replacement hours, or mark the days closed",
    path: ["intervals"],
  });
export type ScheduleExceptionAddInput = z.infer<typeof ScheduleExceptionAddInput>;

export const ScheduleForResourceInput = z.object({ resourceId: Id });
export const ScheduleExceptionRemoveInput = z.object({ id: Id });
