// Idempotency keys (a client's "this is the same request again"), never trusted on their own: a
// key counts only for the organization, the operation and the caller that sent it, and only
// for the very same request. A repeat gets the record the first request made; the same key
// with different parameters is refused (Stripe's rule).
import { createHash } from "node:crypto";
import { schema, statementClientOf, type Database } from "@caredesk/db";
import { and, eq } from "drizzle-orm";
import { FieldError } from "../errors";
import { claimKeyStatement } from "./booking-statements";
import type { RequestScope } from "../scope";

const { idempotencyKey } = schema;

export interface IdempotentRequest {
  organizationId: string;
  operation: string;
  actor: string;
  key: string;
  requestHash: string;
}

/** JSON with sorted keys and ISO dates: equal requests hash equally whatever their key order. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * The key of a request, scoped to its organization, operation and caller. `request` is what
 * the caller asked (its input, the key itself left out): a repeat must ask the same.
 */
export function idempotentRequest(
  scope: Pick<RequestScope, "operation" | "user">,
  organizationId: string,
  key: string,
  request: Record<string, unknown>,
): IdempotentRequest {
  const { idempotencyKey: _key, ...asked } = request;
  return {
    organizationId,
    operation: scope.operation,
    actor: scope.user ? `user:${scope.user.id}` : "visitor",
    key,
    requestHash: createHash("sha256")
      .update(JSON.stringify(canonical(asked)))
      .digest("hex"),
  };
}

/**
 * Records the key with the record the request makes, inside the change's transaction: issued
 * at once (not when awaited), so it reaches PostgreSQL ahead of the change's own statements and
 * a twin request sent at the same moment waits on the key, then fails on it.
 */
export function claimKey(
  tx: Database,
  request: IdempotentRequest,
  entity: { type: string; id: string },
): Promise<unknown> {
  const row = { ...request, entityType: entity.type, entityId: entity.id };
  // On PostgreSQL from text built once (booking-statements.ts); on PGlite by the builder.
  const client = statementClientOf(tx);
  if (client) return claimKeyStatement(client, row);
  return tx.insert(idempotencyKey).values(row).execute();
}

/**
 * The record an earlier request with this key made, or null when the key is new. The same key
 * with a different request is refused: it names another request, not this one.
 */
export async function earlierRecord(
  db: Database,
  request: IdempotentRequest,
): Promise<{ type: string; id: string } | null> {
  const [row] = await db
    .select({
      requestHash: idempotencyKey.requestHash,
      type: idempotencyKey.entityType,
      id: idempotencyKey.entityId,
    })
    .from(idempotencyKey)
    .where(
      and(
        eq(idempotencyKey.organizationId, request.organizationId),
        eq(idempotencyKey.operation, request.operation),
        eq(idempotencyKey.actor, request.actor),
        eq(idempotencyKey.key, request.key),
      ),
    );
  if (!row) return null;
  if (row.requestHash !== request.requestHash) {
    throw new FieldError("CONFLICT", {
      idempotencyKey: ["This request key was already used for a different request"],
    });
  }
  return { type: row.type, id: row.id };
}
