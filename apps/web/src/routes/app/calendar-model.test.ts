import { describe, expect, it } from "vitest";
import { fromLocal } from "../../lib/zoned";
import { type Appointment, buildCells, patientConfirmedAt } from "./calendar-model";

const zone = "Europe/Berlin";
const date = "2026-03-10";
const at = (minutes: number) => fromLocal(date, minutes, zone);
const hours = [
  { start: 9 * 60, end: 13 * 60 },
  { start: 14 * 60, end: 17 * 60 },
];

function appointment(startMinute: number, endMinute: number): Appointment {
  return {
    id: `a-${startMinute}`,
    startsAt: at(startMinute),
    endsAt: at(endMinute),
    status: "confirmed",
    patientName: "Layla Nasser",
    serviceName: "Consultation",
    colour: "#0d9488",
    resourceIds: ["r1"],
  } as unknown as Appointment;
}

function cells(options: Partial<Parameters<typeof buildCells>[0]> = {}) {
  const list = buildCells({
    date,
    timeZone: zone,
    startMinute: 7 * 60,
    endMinute: 20 * 60,
    working: hours,
    appointments: [],
    now: at(0).getTime(),
    noticeMinutes: 0,
    canWrite: true,
    ...options,
  });
  return (minute: number) => list.find((c) => c.minute === minute)?.state;
}

describe("calendar cells", () => {
  it("offer times inside working hours and nothing outside them", () => {
    const state = cells();
    expect(state(9 * 60)).toBe("free");
    expect(state(16 * 60 + 45)).toBe("free");
    expect(state(8 * 60 + 45)).toBe("closed");
    expect(state(13 * 60 + 15)).toBe("closed");
    expect(state(17 * 60)).toBe("closed");
  });

  it("do not offer times inside the notice window, nor past ones", () => {
    const state = cells({ now: at(10 * 60 + 5).getTime(), noticeMinutes: 60 });
    expect(state(10 * 60)).toBe("past");
    expect(state(10 * 60 + 15)).toBe("notice");
    expect(state(11 * 60)).toBe("notice");
    expect(state(11 * 60 + 15)).toBe("free");
  });

  it("mark where an appointment starts and the cells it runs through", () => {
    const state = cells({ appointments: [appointment(10 * 60, 10 * 60 + 45)] });
    expect(state(10 * 60)).toBe("appointment");
    expect(state(10 * 60 + 15)).toBe("busy");
    expect(state(10 * 60 + 30)).toBe("busy");
    expect(state(10 * 60 + 45)).toBe("free");
  });

  it("show open hours without offering them to someone who cannot book", () => {
    expect(cells({ canWrite: false })(9 * 60)).toBe("open");
  });

  it("offer nothing until the working hours are known", () => {
    expect(cells({ working: null })(9 * 60)).toBe("loading");
  });
});

describe("patient confirmation", () => {
  it("is read when the API sends it and absent otherwise", () => {
    const when = new Date("2026-03-09T08:00:00Z");
    expect(patientConfirmedAt({ patientConfirmedAt: when })).toEqual(when);
    expect(patientConfirmedAt({ patientConfirmedAt: null })).toBeNull();
    expect(patientConfirmedAt({})).toBeNull();
  });
});
