// The delivery job's statements as fixed SQL text, built once instead of by Drizzle's builders
// for every batch and every message: the claim, the batch's link tokens and the "sent" record
// (and the appointments' view, whose text delivery.ts and the bench's raw twin share).
// Under the reminder bench (reminder-delivery.ts) Drizzle rebuilding them was the largest cost
// the delivery itself adds to rendering and sending (drizzle-orm ~12% of the worker's CPU: the
// token insert alone, 150 rows of 10 values a batch, ~6%). On PostgreSQL they go straight to
// postgres.js (the pool, or the transaction's pipelining connection), values encoded and
// returned rows decoded by the schema's own columns, refusals wrapped as Drizzle wraps them, as
// booking-statements.ts does; on PGlite the builders stay. `delivery-statements.test.ts` checks
// each text and its parameters against what Drizzle builds for the same change.
import {
  decodeRows,
  encode,
  issueRows,
  issueStatement,
  schema,
  type StatementClient,
} from "@caredesk/db";
import { getTableColumns, type Column } from "drizzle-orm";

const { notification, actionToken } = schema;

type NotificationRow = typeof notification.$inferSelect;

const placeholders = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");

/** Texts by list length, kept for lengths up to this (a worker's batch size is far below). */
const keptLengths = 512;

function cachedText(cache: Map<number, string>, count: number, build: (n: number) => string) {
  let text = cache.get(count);
  if (!text) {
    text = build(count);
    if (count <= keptLengths) cache.set(count, text);
  }
  return text;
}

/**
 * The appointments a batch's messages are about (delivery.ts `appointmentViews`), up to the
 * list of ids: the job adds them as Drizzle renders a list, `($1, $2, …)`.
 */
export const appointmentViewsSelect = `select a.id, a.organization_id, a.status, a.starts_at, s.name as service_name, o.name as org_name, o.sender_name,
          o.slug, o.logo_file_id, o.locale, o.time_zone, p.first_name, p.last_name,
          (select r.name from appointment_resource ar
             join resource r on r.organization_id = ar.organization_id and r.id = ar.resource_id
            where ar.organization_id = a.organization_id and ar.appointment_id = a.id
              and r.kind = 'practitioner' limit 1) as practitioner_name
        from appointment a
        join service s on s.organization_id = a.organization_id and s.id = a.service_id
        join patient p on p.organization_id = a.organization_id and p.id = a.patient_id
        join organization o on o.id = a.organization_id
        where a.id in `;

/** `appointmentViewsSelect` with its list of `count` ids, as the job sends it. */
export function appointmentViewsText(count: number): string {
  return `${appointmentViewsSelect}(${placeholders(1, count)})`;
}

/** Every column of `notification`, in the table's order, as `.returning()` lists them. */
const notificationColumns = Object.entries(getTableColumns(notification)) as [
  keyof NotificationRow,
  Column,
][];

/** `notificationColumns` by their names in the database (checked against the builder's text). */
const returnedColumnsText = `"id", "organization_id", "kind", "channel", "status", "user_id", "patient_id", "appointment_id", "recipient", "payload", "subject", "body_text", "send_at", "attempts", "last_error", "provider_message_id", "dedupe_key", "sent_at", "delivered_at", "read_at", "created_at"`;

const claimTexts = new Map<number, string>();
export function claimText(count: number): string {
  return cachedText(
    claimTexts,
    count,
    (n) =>
      `update "notification" set "status" = $1, "attempts" = "notification"."attempts" + 1 where ("notification"."id" in (${placeholders(2, n)}) and "notification"."status" in ($${n + 2}, $${n + 3}) and "notification"."channel" <> 'in_app') returning ${returnedColumnsText}`,
  );
}

/** The claim (delivery.ts `claim`): the rows taken for this attempt, decoded as Drizzle does. */
export async function claimStatement(
  client: StatementClient,
  ids: readonly string[],
): Promise<NotificationRow[]> {
  const text = claimText(ids.length);
  const params = [
    encode(notification.status, "sending"),
    ...ids.map((id) => encode(notification.id, id)),
    encode(notification.status, "pending"),
    encode(notification.status, "sending"),
  ];
  return decodeRows<NotificationRow>(await issueRows(client, text, params), notificationColumns);
}

/** The columns a minted token sets (action-token.ts `newActionToken`), in the table's order. */
const tokenColumns = [
  actionToken.tokenHash,
  actionToken.purpose,
  actionToken.organizationId,
  actionToken.userId,
  actionToken.patientId,
  actionToken.appointmentId,
  actionToken.invitationId,
  actionToken.notificationId,
  actionToken.formRequestId,
  actionToken.expiresAt,
] as const;

type TokenRow = typeof actionToken.$inferInsert;
const tokenKeys = [
  "tokenHash",
  "purpose",
  "organizationId",
  "userId",
  "patientId",
  "appointmentId",
  "invitationId",
  "notificationId",
  "formRequestId",
  "expiresAt",
] as const satisfies readonly (keyof TokenRow)[];

const tokenTexts = new Map<number, string>();
export function insertTokensText(count: number): string {
  return cachedText(
    tokenTexts,
    count,
    (n) =>
      `insert into "action_token" ("id", "token_hash", "purpose", "organization_id", "user_id", "patient_id", "appointment_id", "invitation_id", "notification_id", "form_request_id", "expires_at", "used_at", "created_at") values ${Array.from(
        { length: n },
        (_, i) =>
          `(default, ${placeholders(1 + i * tokenColumns.length, tokenColumns.length)}, default, default)`,
      ).join(", ")}`,
  );
}

/** The parameters of `insertTokensText(rows.length)` for these rows. */
export function insertTokensParams(rows: readonly TokenRow[]): unknown[] {
  const params: unknown[] = [];
  for (const row of rows) {
    tokenKeys.forEach((key, i) => params.push(encode(tokenColumns[i] as Column, row[key])));
  }
  return params;
}

/**
 * The batch's link tokens in one statement. Only rows with every column `newActionToken` sets
 * (each may be null): the text has no `default` for any of them.
 */
export function insertTokensStatement(
  client: StatementClient,
  rows: readonly TokenRow[],
): Promise<unknown> {
  return issueStatement(client, insertTokensText(rows.length), insertTokensParams(rows));
}

export const settleSentText = `update "notification" set "status" = $1, "subject" = $2, "body_text" = $3, "last_error" = $4, "provider_message_id" = $5, "sent_at" = $6 where ("notification"."id" = $7 and "notification"."status" = $8)`;

/** A message the provider took (delivery.ts `send`): recorded "sent" if still "sending". */
export function settleSentStatement(
  client: StatementClient,
  id: string,
  values: {
    subject: string | null;
    bodyText: string;
    providerMessageId: string | null;
    sentAt: Date;
  },
): Promise<unknown> {
  return issueStatement(client, settleSentText, [
    encode(notification.status, "sent"),
    encode(notification.subject, values.subject),
    encode(notification.bodyText, values.bodyText),
    null,
    encode(notification.providerMessageId, values.providerMessageId),
    encode(notification.sentAt, values.sentAt),
    encode(notification.id, id),
    encode(notification.status, "sending"),
  ]);
}
