import { describe, expect, it } from "vitest";
import { detectRedFlag } from "../src/red-flags";
import { ordinaryQuestions, redFlagCorpus } from "../src/corpus";

describe("the red-flag corpus", () => {
  it("has at least 30 English and 30 Arabic emergencies and 40 ordinary questions", () => {
    expect(redFlagCorpus.filter((c) => c.lang === "en").length).toBeGreaterThanOrEqual(30);
    expect(redFlagCorpus.filter((c) => c.lang === "ar").length).toBeGreaterThanOrEqual(30);
    expect(ordinaryQuestions.length).toBeGreaterThanOrEqual(40);
  });
});

describe("detectRedFlag", () => {
  it.each(redFlagCorpus.map((c) => [c.text, c.flag] as const))("catches %s as %s", (text, flag) => {
    expect(detectRedFlag(text)).toBe(flag);
  });

  it.each(ordinaryQuestions.map((q) => q.text))(
    "does not flag the ordinary question %s",
    (text) => {
      expect(detectRedFlag(text)).toBeNull();
    },
  );

  it("ignores case, missing apostrophes and who it happens to", () => {
    expect(detectRedFlag("MY DAD CANT BREATHE")).toBe("breathing");
    expect(detectRedFlag("my child can’t breathe")).toBe("breathing");
    expect(detectRedFlag("our neighbour's son is having a seizure")).toBe("seizure");
  });

  it("still flags a negated emergency: a false alarm is better than a miss", () => {
    expect(detectRedFlag("it's not chest pain exactly, more pressure in my chest")).toBe(
      "chest_pain",
    );
  });

  it("reads Arabic with diacritics, tatweel and any alef", () => {
    expect(detectRedFlag("أَلَمٌ في الصَّدْر")).toBe("chest_pain");
    expect(detectRedFlag("مش قــــادر أتنفس")).toBe("breathing");
    expect(detectRedFlag("إغماء ومش بيفوق")).toBe("unconscious");
  });

  it("does not take the same word for breath or an ordinary allergy question for shock", () => {
    expect(detectRedFlag("عندي حساسية من نفس الدواء")).toBeNull();
    expect(detectRedFlag("do you sell allergy tablets?")).toBeNull();
  });
});
