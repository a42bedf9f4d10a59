// The job queue for operators: pg-boss's own table (schema "pgboss"), read with plain SQL, and a
// failed job retried the way pg-boss's `retry` does it (back to "retry", one more attempt).
import { jobSchema, queryRows, type Database } from "@caredesk/db";
import type { AdminJobsInput, AdminRetryJobInput } from "@caredesk/validators";
import { sql } from "drizzle-orm";
import { conflict, notFound } from "../errors";
import type { RequestScope } from "../scope";
import { cursorId, decodeCursor, toPage } from "./pagination";

const job = sql`${sql.identifier(jobSchema)}.job`;

export interface AdminJob {
  id: string;
  queue: string;
  state: string;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** The failure's message, when the job failed (never its data: that may name a record). */
  error: string | null;
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  return typeof value === "string" ? new Date(value) : null;
}

/** Jobs newest first, by queue and state, with counts per queue and state. */
export async function adminListJobs(db: Database, input: AdminJobsInput) {
  const cursor = decodeCursor(input.cursor);
  const anchor = cursor ? cursorId(cursor.length === 1 ? cursor[0] : undefined) : null;
  const rows = await queryRows<{
    id: string;
    queue: string;
    state: string;
    retryCount: number;
    retryLimit: number;
    createdOn: unknown;
    startedOn: unknown;
    completedOn: unknown;
    error: string | null;
  }>(
    db,
    sql`select id::text as "id", name as "queue", state::text as "state",
               retry_count as "retryCount", retry_limit as "retryLimit",
               created_on as "createdOn", started_on as "startedOn", completed_on as "completedOn",
               case when state = 'failed' then left(output->>'message', 500) end as "error"
          from ${job}
         where true
           ${input.queue ? sql`and name = ${input.queue}` : sql``}
           ${input.state ? sql`and state::text = ${input.state}` : sql``}
           ${
             anchor
               ? sql`and (created_on, id) < ((select created_on from ${job} where id = ${anchor}::uuid), ${anchor}::uuid)`
               : sql``
           }
         order by created_on desc, id desc
         limit ${input.limit + 1}`,
  );
  const jobs: AdminJob[] = rows.map((r) => ({
    ...r,
    retryCount: Number(r.retryCount),
    retryLimit: Number(r.retryLimit),
    createdOn: toDate(r.createdOn) ?? new Date(0),
    startedOn: toDate(r.startedOn),
    completedOn: toDate(r.completedOn),
  }));
  const page = toPage(jobs, input.limit, (r) => [r.id]);
  const counts = await queryRows<{ queue: string; state: string; count: number }>(
    db,
    sql`select name as "queue", state::text as "state", count(*)::int as "count"
          from ${job} group by name, state order by name, state`,
  );
  return { ...page, counts: counts.map((c) => ({ ...c, count: Number(c.count) })) };
}

/**
 * Sends a failed job back to its queue (pg-boss's `retry`: state "retry" and one more attempt
 * allowed), by a guarded update: NOT_FOUND for an unknown id, CONFLICT unless it failed.
 */
export function retryJob(ctx: Pick<RequestScope, "mutate">, input: AdminRetryJobInput) {
  return ctx.mutate(async (tx, audit) => {
    const [found] = await queryRows<{ id: string; queue: string; state: string }>(
      tx,
      sql`select id::text as "id", name as "queue", state::text as "state"
            from ${job} where id = ${input.id}::uuid`,
    );
    if (!found) throw notFound("Job not found");
    const [retried] = await queryRows<{ id: string; state: string; retryLimit: number }>(
      tx,
      sql`update ${job} set state = 'retry', retry_limit = retry_limit + 1,
                 start_after = now()
           where id = ${input.id}::uuid and name = ${found.queue} and state = 'failed'
       returning id::text as "id", state::text as "state", retry_limit as "retryLimit"`,
    );
    if (!retried) throw conflict("Only a failed job can be retried");
    audit({
      entityType: "job",
      entityId: input.id,
      before: { queue: found.queue, state: found.state },
      after: { queue: found.queue, state: retried.state },
    });
    return { id: retried.id, queue: found.queue, state: retried.state };
  });
}
