import { describe, expect, it } from "vitest";
import {
  ConditionAddInput,
  foreignSurfaces,
  formatTooth,
  parseTooth,
  permanentArches,
  primaryArches,
  surfacesOf,
  toFdi,
  toothInfo,
  toUniversal,
  TreatmentAddInput,
} from "../src";

const patientId = "7f1c7d3e-3c39-4a4d-9a55-0a3e7c1b2d11";

describe("Universal and FDI", () => {
  it.each([
    ["1", "18"],
    ["8", "11"],
    ["9", "21"],
    ["14", "26"],
    ["16", "28"],
    ["17", "38"],
    ["24", "31"],
    ["25", "41"],
    ["32", "48"],
    ["A", "55"],
    ["E", "51"],
    ["F", "61"],
    ["J", "65"],
    ["K", "75"],
    ["O", "71"],
    ["P", "81"],
    ["T", "85"],
  ])("Universal %s is FDI %s and back", (universal, fdi) => {
    expect(toFdi(universal)).toBe(fdi);
    expect(toUniversal(fdi)).toBe(universal);
  });

  it("round-trips every permanent and primary tooth", () => {
    for (const tooth of [...permanentArches.upper, ...permanentArches.lower]) {
      expect(toUniversal(toFdi(tooth))).toBe(tooth);
    }
    for (const tooth of [...primaryArches.upper, ...primaryArches.lower]) {
      expect(toUniversal(toFdi(tooth))).toBe(tooth);
    }
    expect(new Set([...permanentArches.upper, ...permanentArches.lower]).size).toBe(32);
    expect(new Set([...primaryArches.upper, ...primaryArches.lower]).size).toBe(20);
  });
});

describe("parsing a tooth in the practice's numbering", () => {
  it("reads 14 as different teeth in Universal and FDI", () => {
    expect(parseTooth("14", "universal")).toBe("14");
    expect(parseTooth("14", "fdi")).toBe("5");
    expect(formatTooth("5", "fdi")).toBe("14");
  });

  it.each([
    ["0", "universal"],
    ["33", "universal"],
    ["48", "universal"],
    ["U", "universal"],
    ["10", "fdi"],
    ["19", "fdi"],
    ["49", "fdi"],
    ["56", "fdi"],
    ["91", "fdi"],
    ["1", "fdi"],
    ["A", "fdi"],
  ] as const)("refuses %s in %s", (text, numbering) => {
    expect(parseTooth(text, numbering)).toBeNull();
  });

  it("refuses primary teeth where the practice does not chart them", () => {
    expect(parseTooth("a", "universal")).toBe("A");
    expect(parseTooth("A", "universal", { primary: false })).toBeNull();
    expect(parseTooth("55", "fdi", { primary: false })).toBeNull();
    expect(parseTooth("55", "fdi")).toBe("A");
  });
});

describe("a tooth's surfaces and place", () => {
  it("gives incisors and canines I and F, premolars and molars O and B", () => {
    expect(surfacesOf("8")).toEqual(["M", "I", "D", "F", "L"]);
    expect(surfacesOf("6")).toEqual(["M", "I", "D", "F", "L"]);
    expect(surfacesOf("14")).toEqual(["M", "O", "D", "B", "L"]);
    expect(surfacesOf("5")).toEqual(["M", "O", "D", "B", "L"]);
    expect(surfacesOf("C")).toEqual(["M", "I", "D", "F", "L"]);
    expect(surfacesOf("A")).toEqual(["M", "O", "D", "B", "L"]);
  });

  it("names the surfaces a tooth does not have", () => {
    expect(foreignSurfaces("8", ["M", "O"])).toEqual(["O"]);
    expect(foreignSurfaces("14", ["M", "O", "D"])).toEqual([]);
  });

  it("says the arch, quadrant and kind", () => {
    expect(toothInfo("14")).toMatchObject({ arch: "upper", quadrant: 2, kind: "molar" });
    expect(toothInfo("5")).toMatchObject({ arch: "upper", quadrant: 1, kind: "premolar" });
    expect(toothInfo("27")).toMatchObject({ arch: "lower", quadrant: 4, kind: "canine" });
    expect(toothInfo("K")).toMatchObject({
      arch: "lower",
      quadrant: 3,
      kind: "molar",
      primary: true,
    });
  });
});

describe("chart inputs", () => {
  it("refuses a negative price and a discount above the price with field messages", () => {
    const negative = TreatmentAddInput.safeParse({ patientId, tooth: "14", priceMinor: -1 });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues[0]?.path).toEqual(["priceMinor"]);
    const discount = TreatmentAddInput.safeParse({
      patientId,
      tooth: "14",
      priceMinor: 100,
      discountMinor: 101,
    });
    expect(discount.success).toBe(false);
    expect(discount.error?.issues[0]?.path).toEqual(["discountMinor"]);
  });

  it("refuses unknown and repeated surfaces", () => {
    expect(
      ConditionAddInput.safeParse({ patientId, tooth: "3", condition: "caries", surfaces: ["X"] })
        .success,
    ).toBe(false);
    expect(
      ConditionAddInput.safeParse({
        patientId,
        tooth: "3",
        condition: "caries",
        surfaces: ["M", "M"],
      }).success,
    ).toBe(false);
  });
});
