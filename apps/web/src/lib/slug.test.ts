import { describe, expect, it } from "vitest";
import { suggestSlug } from "./slug";

describe("the suggested web address of a practice", () => {
  it("keeps letters and digits, drops accents and joins words with single dashes", () => {
    expect(suggestSlug("Café Nour — Dental & Smile 2")).toBe("cafe-nour-dental-smile-2");
  });

  it("never starts or ends with a dash and stays within 48 characters", () => {
    const slug = suggestSlug(`  ${"Very Long Practice Name ".repeat(5)}  `);
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
