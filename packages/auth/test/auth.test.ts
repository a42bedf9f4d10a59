import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import {
  can,
  canManageRole,
  generateSecureRandomString,
  hashPassword,
  hashSecret,
  isCsrfSafe,
  permissions,
  roles,
  verifyPassword,
} from "../src";

describe("passwords", () => {
  it("stores argon2id with the OWASP parameters and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
  });

  it("treats a corrupt stored hash as a failed check, not a crash", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});

describe("session secrets", () => {
  it("generates 24-character tokens from the unambiguous alphabet, never repeating", () => {
    const seen = new Set(Array.from({ length: 1000 }, generateSecureRandomString));
    expect(seen.size).toBe(1000);
    for (const token of seen) expect(token).toMatch(/^[a-km-z2-9]{24}$/);
  });

  it("hashes a secret to its SHA-256 hex digest", () => {
    const expected = encodeHexLowerCase(sha256(new TextEncoder().encode("abc")));
    expect(hashSecret("abc")).toBe(expected);
    expect(hashSecret("abc")).not.toContain("abc");
  });
});

describe("permissions", () => {
  it("gives owners and admins every action and patients only what they need", () => {
    expect(permissions.owner.length).toBeGreaterThan(1);
    expect(can("admin", "member.manage")).toBe(true);
    expect(can("patient", "member.read")).toBe(false);
    expect(can("staff", "member.manage")).toBe(false);
  });

  it("lets only an owner grant, change or remove the owner role", () => {
    expect(canManageRole("owner", "owner")).toBe(true);
    expect(canManageRole("admin", "owner")).toBe(false);
    expect(canManageRole("admin", "doctor")).toBe(true);
    for (const role of roles) expect(canManageRole("manager", role)).toBe(false);
  });
});

describe("CSRF guard", () => {
  const allowed = new Set(["http://localhost:3000"]);

  it("lets reads through without an origin", () => {
    expect(isCsrfSafe({ method: "GET" }, allowed)).toBe(true);
  });

  it("requires an allowed Origin or same-origin fetch metadata on writes", () => {
    expect(isCsrfSafe({ method: "POST", origin: "http://localhost:3000" }, allowed)).toBe(true);
    expect(isCsrfSafe({ method: "POST", origin: "https://evil.example" }, allowed)).toBe(false);
    expect(isCsrfSafe({ method: "POST" }, allowed)).toBe(false);
    expect(isCsrfSafe({ method: "POST", secFetchSite: "same-origin" }, allowed)).toBe(true);
    expect(isCsrfSafe({ method: "POST", secFetchSite: "cross-site" }, allowed)).toBe(false);
  });

  it("lets a bearer request through without an Origin, but never a cookie one", () => {
    const write = { method: "POST", origin: "https://evil.example" };
    expect(isCsrfSafe({ ...write, credential: "bearer" }, allowed)).toBe(true);
    expect(isCsrfSafe({ ...write, credential: "cookie", opensSessions: false }, allowed)).toBe(
      false,
    );
  });

  it("lets a request without credentials through only where no session can be opened", () => {
    const write = { method: "POST", credential: null };
    expect(isCsrfSafe({ ...write, opensSessions: false }, allowed)).toBe(true);
    expect(isCsrfSafe({ ...write, opensSessions: true }, allowed)).toBe(false);
  });

  it("does not let a same-origin header excuse a foreign Origin", () => {
    const request = { method: "POST", origin: "https://evil.example", secFetchSite: "same-origin" };
    expect(isCsrfSafe(request, allowed)).toBe(false);
  });
});
