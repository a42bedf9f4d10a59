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
});
