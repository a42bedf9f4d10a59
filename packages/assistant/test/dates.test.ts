import { describe, expect, it } from "vitest";
import { resolveDay } from "../src";

const MONDAY = "2026-11-30";
const SATURDAY = "2026-12-05";
const NEW_YEARS_EVE = "2026-12-31";

describe("resolveDay: relative days", () => {
  it.each([
    ["today", MONDAY],
    ["tonight?", MONDAY],
    ["tomorrow", "2026-12-01"],
    ["Tomorrow morning", "2026-12-01"],
    ["the day after tomorrow", "2026-12-02"],
    ["in 3 days", "2026-12-03"],
    ["next week", "2026-12-07"],
    ["this weekend", "2026-12-05"],
    ["next weekend", "2026-12-12"],
  ])("reads %s on Monday 30 November as %s", (text, day) => {
    expect(resolveDay(text, MONDAY)).toBe(day);
  });

  it("rolls over the end of the month and the year", () => {
    expect(resolveDay("tomorrow", MONDAY)).toBe("2026-12-01");
    expect(resolveDay("tomorrow", NEW_YEARS_EVE)).toBe("2027-01-01");
    expect(resolveDay("day after tomorrow", NEW_YEARS_EVE)).toBe("2027-01-02");
    expect(resolveDay("tomorrow", "2028-02-28")).toBe("2028-02-29");
  });

  it("reads this weekend on a Saturday as today", () => {
    expect(resolveDay("this weekend", SATURDAY)).toBe(SATURDAY);
  });
});

describe("resolveDay: weekdays", () => {
  it.each([
    ["Tuesday", "2026-12-01"],
    ["on tue", "2026-12-01"],
    ["appointment on Wednesday?", "2026-12-02"],
    ["thurs", "2026-12-03"],
    ["friday", "2026-12-04"],
    ["on sat", "2026-12-05"],
    ["Sunday", "2026-12-06"],
    ["next Tuesday", "2026-12-01"],
    ["Tuesday next week", "2026-12-08"],
  ])("reads %s on a Monday as %s", (text, day) => {
    expect(resolveDay(text, MONDAY)).toBe(day);
  });

  it("reads the weekday named today as today, and next as a week later", () => {
    expect(resolveDay("Monday", MONDAY)).toBe(MONDAY);
    expect(resolveDay("next Monday", MONDAY)).toBe("2026-12-07");
  });

  it("wraps past the end of the week", () => {
    expect(resolveDay("Friday", SATURDAY)).toBe("2026-12-11");
    expect(resolveDay("Monday", "2026-12-29")).toBe("2027-01-04");
  });

  it("does not take ordinary words for weekdays", () => {
    expect(resolveDay("is the sun bad for my skin", MONDAY)).toBeNull();
    expect(resolveDay("I sat down and my back hurts", MONDAY)).toBeNull();
    expect(resolveDay("we'd like to book", MONDAY)).toBeNull();
    expect(resolveDay("on wed", MONDAY)).toBe("2026-12-02");
  });
});

describe("resolveDay: explicit dates", () => {
  it.each([
    ["8 December", "2026-12-08"],
    ["on the 8th of December", "2026-12-08"],
    ["Dec 8", "2026-12-08"],
    ["December 8th, 2027", "2027-12-08"],
    ["8/12", "2026-12-08"],
    ["8/12/2026", "2026-12-08"],
    ["2026-12-08", "2026-12-08"],
    ["the 3rd", "2026-12-03"],
  ])("reads %s as %s", (text, day) => {
    expect(resolveDay(text, MONDAY)).toBe(day);
  });

  it("takes a day and month already past as next year's", () => {
    expect(resolveDay("5 January", MONDAY)).toBe("2027-01-05");
    expect(resolveDay("1/11", MONDAY)).toBe("2027-11-01");
    expect(resolveDay("30 November", MONDAY)).toBe(MONDAY);
  });

  it("refuses dates that do not exist", () => {
    expect(resolveDay("31 February", MONDAY)).toBeNull();
    expect(resolveDay("2026-13-01", MONDAY)).toBeNull();
  });

  it("does not read 24/7 as a date", () => {
    expect(resolveDay("are you open 24/7?", MONDAY)).toBeNull();
  });
});

describe("resolveDay: Arabic", () => {
  it.each([
    ["اليوم", MONDAY],
    ["النهاردة", MONDAY],
    ["بكرة", "2026-12-01"],
    ["بكره الصبح", "2026-12-01"],
    ["غداً", "2026-12-01"],
    ["بعد بكرة", "2026-12-02"],
    ["بعد غد", "2026-12-02"],
    ["الأحد", "2026-12-06"],
    ["يوم الاحد", "2026-12-06"],
    ["يوم احد", "2026-12-06"],
    ["الإثنين", MONDAY],
    ["الاتنين الجاي", "2026-12-07"],
    ["يوم الثلاثاء", "2026-12-01"],
    ["التلات", "2026-12-01"],
    ["الأربعاء", "2026-12-02"],
    ["الخميس", "2026-12-03"],
    ["يوم الجمعة", "2026-12-04"],
    ["السبت", "2026-12-05"],
    ["الأسبوع الجاي", "2026-12-07"],
    ["الخميس الأسبوع الجاي", "2026-12-10"],
    ["٨ ديسمبر", "2026-12-08"],
    ["8 ديسمبر", "2026-12-08"],
    ["١٥ يناير", "2027-01-15"],
    ["٨/١٢", "2026-12-08"],
  ])("reads %s on a Monday as %s", (text, day) => {
    expect(resolveDay(text, MONDAY)).toBe(day);
  });
});

describe("resolveDay: nothing to resolve", () => {
  it("answers null without a day", () => {
    expect(resolveDay("where are you?", MONDAY)).toBeNull();
    expect(resolveDay("فين العيادة؟", MONDAY)).toBeNull();
  });

  it("answers null for a today that is not a date", () => {
    expect(resolveDay("tomorrow", "30/11/2026")).toBeNull();
    expect(resolveDay("tomorrow", "2026-02-30")).toBeNull();
  });
});
