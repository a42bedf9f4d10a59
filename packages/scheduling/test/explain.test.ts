import { describe, expect, it } from "vitest";
import { SchedulingInputError, type StartExplanation, explainStart, findSlots } from "../src";
import { LONDON, NEW_YORK, at, calendar, daily, local, query } from "./helpers";

const zone = LONDON;
const t = (time: string, date = "2026-07-15") => at(date, time, zone);
const window = { from: t("00:00"), to: t("00:00", "2026-07-16") };
/** A doctor whose hours start at 09:10: a 30-minute grid of 09:10, 09:40, 10:10… */
const doctor = (extra: Parameters<typeof calendar>[3] = {}) =>
  calendar("dr", zone, daily("09:10", "12:00"), extra);

/** The explanation with slots shown as local start times, for readable assertions. */
function explained(explanation: StartExplanation, timeZone = zone) {
  if (explanation.kind === "offGrid") {
    return { kind: "offGrid", nearest: explanation.nearest.map((s) => local(s.start, timeZone)) };
  }
  if (explanation.kind === "ok")
    return { kind: "ok", start: local(explanation.slot.start, timeZone) };
  return explanation;
}

describe("explainStart", () => {
  it("ok: a start the search offers, with the slot it would book", () => {
    const q = query([[doctor()]], window);
    const result = explainStart(q, t("09:40"));
    expect(result).toEqual({
      kind: "ok",
      slot: { start: t("09:40"), end: t("10:10"), resourceIds: ["dr"] },
    });
    expect(findSlots({ ...q, from: t("09:40"), to: t("09:41") })).toEqual([
      result.kind === "ok" ? result.slot : null,
    ]);
  });

  it("past, notice and horizon, in that order", () => {
    const now = t("09:00");
    const q = query([[doctor()]], window, { now, minNoticeMinutes: 60, horizonDays: 1 });
    // 08:50 is both past and within the notice: past wins.
    expect(explainStart(q, t("08:50"))).toEqual({ kind: "past" });
    expect(explainStart(q, t("09:40"))).toEqual({ kind: "notice" });
    expect(explainStart(q, t("10:10")).kind).toBe("ok");
    expect(explainStart(q, t("09:00", "2026-07-16"))).toEqual({ kind: "horizon" });
    // A horizon of 0 days closes everything from now on.
    expect(explainStart({ ...q, horizonDays: 0 }, t("10:10"))).toEqual({ kind: "horizon" });
  });

  it("outsideHours: before the hours, over their end, or on a closed day", () => {
    const q = query([[doctor()]], window);
    expect(explainStart(q, t("08:00"))).toEqual({ kind: "outsideHours" });
    // 11:40 is on the grid, but a 30-minute visit would run past 12:00.
    expect(explainStart(q, t("11:40"))).toEqual({ kind: "outsideHours" });
    const closed = doctor({ exceptions: [{ from: "2026-07-15", to: "2026-07-15", closed: true }] });
    expect(explainStart(query([[closed]], window), t("09:40"))).toEqual({ kind: "outsideHours" });
  });

  it("outsideHours when the doctor works but the room they need does not", () => {
    const room = calendar("room", zone, daily("10:00", "12:00"));
    const q = query([[doctor()], [room]], window);
    expect(explainStart(q, t("09:40"))).toEqual({ kind: "outsideHours" });
    expect(explainStart(q, t("10:10")).kind).toBe("ok");
  });

  it("offGrid: inside the hours between grid times, with the nearest free starts", () => {
    const q = query([[doctor()]], window);
    // 09:25 is 15 minutes from 09:10 and from 09:40: the earlier comes first on a tie.
    expect(explained(explainStart(q, t("09:25")))).toEqual({
      kind: "offGrid",
      nearest: ["2026-07-15 09:10", "2026-07-15 09:40", "2026-07-15 10:10"],
    });
    // The old midnight grid's 09:30 is not bookable any more.
    expect(explainStart(q, t("09:30")).kind).toBe("offGrid");
  });

  it("offGrid: the nearest starts are free ones, skipping taken grid times", () => {
    const busy = [{ start: t("09:40"), end: t("10:10") }];
    const q = query([[doctor({ busy })]], window);
    expect(explained(explainStart(q, t("09:50")))).toEqual({
      kind: "offGrid",
      nearest: ["2026-07-15 10:10", "2026-07-15 09:10", "2026-07-15 10:40"],
    });
  });

  it("offGrid: at most two on either side, within a day, and never before the notice", () => {
    const q = query([[doctor()]], window, { now: t("09:00") });
    // Before 11:25: 11:10 and 10:40, not 10:10 as a third; after it, 11:40 would run past
    // 12:00, so the next free start is tomorrow's 09:10.
    expect(explained(explainStart(q, t("11:25")))).toEqual({
      kind: "offGrid",
      nearest: ["2026-07-15 11:10", "2026-07-15 10:40", "2026-07-16 09:10"],
    });
    // With 15 minutes' notice 09:15 may be booked but 09:10, nearer, may not.
    expect(explained(explainStart({ ...q, minNoticeMinutes: 15 }, t("09:15")))).toEqual({
      kind: "offGrid",
      nearest: ["2026-07-15 09:40", "2026-07-15 10:10"],
    });
  });

  it("offGrid: a start between whole minutes is never on the grid", () => {
    const q = query([[doctor()]], window);
    const result = explainStart(q, t("09:40") + 0.5);
    expect(explained(result)).toEqual({
      kind: "offGrid",
      nearest: ["2026-07-15 09:40", "2026-07-15 10:10", "2026-07-15 09:10"],
    });
  });

  it("offGrid on a spring-forward day: nearest by real time across the skipped hour", () => {
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT. Hours 01:10–05:00 give 01:10, 01:40,
    // 03:10, 03:40, 04:10 (02:10 and 02:40 do not exist). 03:00 is 10 minutes before 03:10 and
    // 20 real minutes after 01:40.
    const dr = calendar("dr", NEW_YORK, daily("01:10", "05:00"));
    const q = query([[dr]], {
      from: at("2026-03-08", "00:00", NEW_YORK),
      to: at("2026-03-09", "00:00", NEW_YORK),
    });
    expect(explained(explainStart(q, at("2026-03-08", "03:00", NEW_YORK)), NEW_YORK)).toEqual({
      kind: "offGrid",
      nearest: ["2026-03-08 03:10", "2026-03-08 01:40", "2026-03-08 03:40"],
    });
    expect(explainStart(q, at("2026-03-08", "03:10", NEW_YORK)).kind).toBe("ok");
  });

  it("taken: on the grid and inside the hours, but booked (buffers included)", () => {
    const q = query([[doctor({ busy: [{ start: t("10:12"), end: t("10:30") }] })]], window);
    expect(explainStart(q, t("10:10"))).toEqual({ kind: "taken" });
    // 09:40–10:10 is clear of the booking, unless a 5-minute buffer after it reaches 10:12.
    expect(explainStart(q, t("09:40")).kind).toBe("ok");
    expect(explainStart({ ...q, bufferAfterMinutes: 5 }, t("09:40"))).toEqual({ kind: "taken" });
  });

  it("taken when the doctor is free but every room is booked", () => {
    const room = calendar("room", zone, daily("09:00", "12:00"), {
      busy: [{ start: t("09:00"), end: t("12:00") }],
    });
    expect(explainStart(query([[doctor()], [room]], window), t("09:40"))).toEqual({
      kind: "taken",
    });
  });

  it("with any doctor, a start on one doctor's grid is not off grid even if another is free", () => {
    const a = calendar("dr-a", zone, daily("09:00", "12:00"));
    const b = calendar("dr-b", zone, daily("09:10", "12:00"), {
      busy: [{ start: t("09:10"), end: t("09:40") }],
    });
    const q = query([[a, b]], window);
    // 09:10 is dr-b's grid time (taken); dr-a is free then but their grid is 09:00, 09:30…
    expect(explainStart(q, t("09:10"))).toEqual({ kind: "taken" });
    expect(explainStart(q, t("09:30"))).toEqual({
      kind: "ok",
      slot: { start: t("09:30"), end: t("10:00"), resourceIds: ["dr-a"] },
    });
    expect(explainStart(q, t("09:20")).kind).toBe("offGrid");
  });

  it("ignores the query's window and limit", () => {
    const q = query([[doctor()]], { from: t("11:00"), to: t("11:01") }, { limit: 0 });
    expect(explainStart(q, t("09:40")).kind).toBe("ok");
  });

  it("rejects a malformed start or query", () => {
    const q = query([[doctor()]], window);
    expect(() => explainStart(q, Number.NaN)).toThrow(SchedulingInputError);
    expect(() => explainStart({ ...q, durationMinutes: 0 }, t("09:40"))).toThrow(
      SchedulingInputError,
    );
  });
});
