// Splitting money never loses or invents a minor unit, whatever the amount and the weights: the
// properties escrow release (doctor's share and fee) and refunds taken back in the same shares
// rely on. Checked against exact rational arithmetic in BigInt, not floats.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, feeOf } from "../src/allocation";

/** Amounts up to what feeOf promises to handle exactly (below 9e11 minor units). */
const amount = fc.integer({ min: 0, max: 900_000_000_000 });
const basisPoints = fc.integer({ min: 0, max: 10_000 });
const weights = fc
  .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 })
  .filter((ws) => ws.some((w) => w > 0));

describe("allocate", () => {
  it("gives shares that always sum to the whole", () => {
    fc.assert(
      fc.property(fc.integer({ min: -900_000_000_000, max: 900_000_000_000 }), weights, (a, ws) => {
        const shares = allocate(a, ws);
        expect(shares).toHaveLength(ws.length);
        expect(shares.every(Number.isSafeInteger)).toBe(true);
        expect(shares.reduce((x, y) => x + y, 0)).toBe(a);
      }),
    );
  });

  it("keeps each share within one minor unit of its exact proportion", () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const shares = allocate(a, ws);
        const total = BigInt(ws.reduce((x, y) => x + y, 0));
        ws.forEach((w, i) => {
          // |share − a·w/total| < 1  ⇔  |share·total − a·w| < total
          const gap = BigInt(shares[i] ?? 0) * total - BigInt(a) * BigInt(w);
          expect(gap < 0n ? -gap : gap).toBeLessThan(total);
        });
      }),
    );
  });

  it("gives nothing to a zero weight and never a negative share of a positive amount", () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const shares = allocate(a, ws);
        ws.forEach((w, i) => {
          if (w === 0) expect(shares[i]).toBe(0);
          expect(shares[i]).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });
});

describe("feeOf", () => {
  it("splits an amount into a fee and a rest that sum to it exactly", () => {
    fc.assert(
      fc.property(amount, basisPoints, (a, bps) => {
        const { fee, rest } = feeOf(a, bps);
        expect(Number.isSafeInteger(fee) && Number.isSafeInteger(rest)).toBe(true);
        expect(fee + rest).toBe(a);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(rest).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("charges the exact percentage rounded half up, within half a minor unit", () => {
    fc.assert(
      fc.property(amount, basisPoints, (a, bps) => {
        const { fee } = feeOf(a, bps);
        // Twice the gap to the exact fee a·bps/10000, in units of 1/10000: at most 10000 (½ unit).
        const gap = BigInt(fee) * 20_000n - BigInt(a) * BigInt(bps) * 2n;
        expect(gap <= 10_000n && gap > -10_000n).toBe(true);
      }),
    );
  });

  it("agrees with allocate on the doctor's and the platform's shares within one unit", () => {
    fc.assert(
      fc.property(amount, basisPoints, (a, bps) => {
        const { fee, rest } = feeOf(a, bps);
        const [doctor = 0, platform = 0] = allocate(a, [10_000 - bps, bps]);
        expect(Math.abs(platform - fee)).toBeLessThanOrEqual(1);
        expect(Math.abs(doctor - rest)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
