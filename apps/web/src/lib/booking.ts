// Booking attempts: each one the user starts carries its own idempotency key, so a retried
// request books once. (A refusal's alternatives are read with `alternativesOf`.)

/** A fresh key per booking attempt the user starts (a dialog opening, an alternative chosen). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
