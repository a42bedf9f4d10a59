// Splitting money without losing or inventing a minor unit: shares always sum to the whole.

/**
 * A fee of `basisPoints` (1/100 of a percent) on `amountMinor`, rounded half up to the minor
 * unit, never more than the amount. The rest is `amountMinor - fee`, exactly.
 */
export function feeOf(amountMinor: number, basisPoints: number): { fee: number; rest: number } {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError("amount must be a non-negative integer of minor units");
  }
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError("basis points must be an integer from 0 to 10000");
  }
  // Integer arithmetic: amount × bps fits a double exactly for any amount below 9e11.
  const fee = Math.min(amountMinor, Math.floor((amountMinor * basisPoints + 5_000) / 10_000));
  return { fee, rest: amountMinor - fee };
}

/**
 * Splits `amountMinor` in proportion to `weights` by the largest-remainder method: every share is
 * an integer, shares sum to the amount exactly, and each is within one minor unit of its exact
 * proportion. Ties go to the earlier weight.
 */
export function allocate(amountMinor: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError("amount must be an integer");
  if (weights.length === 0) throw new RangeError("nothing to allocate to");
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError("weights must be non-negative integers");
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError("weights must not all be zero");
  const sign = amountMinor < 0 ? -1 : 1;
  const whole = Math.abs(amountMinor);
  const exact = weights.map((w) => {
    const product = BigInt(whole) * BigInt(w);
    const floor = product / BigInt(total);
    return { floor: Number(floor), remainder: Number(product - floor * BigInt(total)) };
  });
  let left = whole - exact.reduce((a, e) => a + e.floor, 0);
  const order = exact
    .map((e, i) => ({ i, remainder: e.remainder }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  const shares = exact.map((e) => e.floor);
  for (const { i } of order) {
    if (left === 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left -= 1;
  }
  return shares.map((s) => s * sign);
}
