import { describe, expect, it } from "vitest";
import { OrganizationCreateInput, SignUpInput } from "../src";

const practice = {
  name: "Nile Valley Clinic",
  slug: "nile-valley",
  kind: "clinic",
  timeZone: "Africa/Cairo",
  currency: "egp",
};

describe("organization input", () => {
  it("accepts a real practice and normalises the currency", () => {
    const parsed = OrganizationCreateInput.parse(practice);
    expect(parsed.currency).toBe("EGP");
  });

  it("accepts zones with unusual offsets", () => {
    for (const timeZone of ["Asia/Kathmandu", "Australia/Lord_Howe", "America/New_York", "UTC"]) {
      expect(OrganizationCreateInput.safeParse({ ...practice, timeZone }).success).toBe(true);
    }
  });

  it("refuses unknown time zones, currencies and malformed slugs with field messages", () => {
    const result = OrganizationCreateInput.safeParse({
      ...practice,
      timeZone: "Mars/Olympus",
      currency: "XYZW",
      slug: "Bad Slug!",
    });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["timeZone", "currency", "slug"]));
  });
});

describe("sign-up input", () => {
  it("lower-cases and trims the email", () => {
    const parsed = SignUpInput.parse({
      email: "  Amal@Example.COM ",
      password: "long enough pw",
      name: "Amal",
    });
    expect(parsed.email).toBe("amal@example.com");
  });

  it("refuses short passwords and blank names", () => {
    const result = SignUpInput.safeParse({ email: "a@b.co", password: "short", name: "  " });
    expect(result.error?.issues.map((i) => i.path[0])).toEqual(["password", "name"]);
  });
});
