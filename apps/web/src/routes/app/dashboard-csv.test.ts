import { describe, expect, it } from "vitest";
import { majorUnits, toCsv } from "./dashboard-csv";

describe("dashboard CSV", () => {
  it("quotes commas, quotes and line breaks, and ends lines with CRLF", () => {
    expect(toCsv(["Name", "Count"], [['Smith, "Jo"\nJr', 3]])).toBe(
      'Name,Count\r\n"Smith, ""Jo""\nJr",3\r\n',
    );
  });

  it("keeps text a spreadsheet would run as a formula as text", () => {
    expect(toCsv(["Name"], [['=HYPERLINK("x")'], ["@SUM(A1)"], ["+1"]])).toBe(
      'Name\r\n"\'=HYPERLINK(""x"")"\r\n\'@SUM(A1)\r\n\'+1\r\n',
    );
  });

  it("writes numbers as numbers and null as an empty cell", () => {
    expect(toCsv(["A", "B"], [[-5, null]])).toBe("A,B\r\n-5,\r\n");
  });

  it("writes money in major units with the currency's digits", () => {
    expect(majorUnits(123_450, 2)).toBe("1234.50");
    expect(majorUnits(-500, 2)).toBe("-5.00");
    expect(majorUnits(1_500, 0)).toBe("1500");
  });
});
