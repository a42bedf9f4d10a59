import { describe, expect, it } from "vitest";
import { STOP_WORDS, normalize, stripArabicPrefixes, tokenize } from "../src/normalize";

describe("normalize", () => {
  it("lower-cases, drops apostrophes and collapses spaces", () => {
    expect(normalize("  I CAN’T   Breathe ")).toBe("i cant breathe");
    expect(normalize("Don't")).toBe("dont");
  });

  it("removes Arabic diacritics and tatweel", () => {
    expect(normalize("مَوْعِدٌ")).toBe("موعد");
    expect(normalize("الأطبــــاء")).toBe("الاطباء");
  });

  it("unifies alef forms, alef maqsura and teh marbuta", () => {
    expect(normalize("أحمد إبراهيم آمال")).toBe("احمد ابراهيم امال");
    expect(normalize("مستشفى")).toBe("مستشفي");
    expect(normalize("عيادة")).toBe("عياده");
  });

  it("turns Arabic-Indic and Persian digits into ASCII", () => {
    expect(normalize("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(normalize("۱۲")).toBe("12");
  });

  it("makes Arabic punctuation ASCII", () => {
    expect(normalize("فين؟ بكرة، لو سمحت")).toBe("فين? بكره, لو سمحت");
  });
});

describe("tokenize", () => {
  it("splits on anything but letters and digits, keeping hyphenated words", () => {
    expect(tokenize(normalize("X-ray price? 8/12, please!"))).toEqual([
      "x-ray",
      "price",
      "8",
      "12",
      "please",
    ]);
    expect(tokenize(normalize("عندكم دكتور قلب؟"))).toEqual(["عندكم", "دكتور", "قلب"]);
  });
});

describe("stripArabicPrefixes", () => {
  it.each([
    ["القلب", "قلب"],
    ["بالقلب", "قلب"],
    ["للقلب", "قلب"],
    ["والاسنان", "اسنان"],
    ["وتنظيف", "تنظيف"],
    ["قلب", "قلب"],
    ["ولد", "ولد"],
    ["heart", "heart"],
  ])("reads %s as %s", (word, bare) => {
    expect(stripArabicPrefixes(word)).toBe(bare);
  });
});

describe("STOP_WORDS", () => {
  it("holds English and Arabic function words, not content", () => {
    for (const word of ["the", "is", "my", "في", "من", "هل", "عايز"])
      expect(STOP_WORDS.has(word)).toBe(true);
    for (const word of ["heart", "panadol", "قلب", "اسنان"])
      expect(STOP_WORDS.has(word)).toBe(false);
  });
});
