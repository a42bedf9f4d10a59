// What operators act on, stocked with the practice: a failed job to retry and a suspended
// practice to restore, so the generated isolation, audit and fuzz tests can reach the admin
// procedures' real work. Filled in by `createStockedPractice` (testing.ts).
import { jobQueues, queryRows } from "@caredesk/db";
import { sql } from "drizzle-orm";
import type { PharmacyStockingContext, PracticeIds } from "../testing";
import { createOrganization, signUp } from "../testing";

export interface AdminIds {
  /** A job of the stock sweep's queue that failed (pg-boss state "failed"). */
  failedJob: string;
  /** Another practice, suspended by an operator. */
  suspendedOrganization: string;
}

export async function stockAdmin(context: PharmacyStockingContext): Promise<AdminIds> {
  const [failed] = await queryRows<{ id: string }>(
    context.db,
    sql`insert into pgboss.job (name, state, output)
        values (${jobQueues.stockDaily.name}, 'failed', '{"message":"stocked failure"}'::jsonb)
        returning id::text as "id"`,
  );
  if (!failed) throw new Error("the failed job was not stocked");
  const owner = await signUp(context.db, { name: "Suspended Owner" });
  const suspended = await createOrganization(context.db, owner, { name: "Closed Clinic" });
  await context.db.execute(
    sql`update organization set suspended_at = now(), suspension_reason = 'Stocked suspension'
         where id = ${suspended.id}`,
  );
  return { failedJob: failed.id, suspendedOrganization: suspended.id };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const adminRecordOverrides: Record<string, keyof PracticeIds> = {
  "admin.retryJob id": "failedJob",
  "admin.moderateReview reviewId": "review",
  "admin.restoreOrganization organizationId": "suspendedOrganization",
};
