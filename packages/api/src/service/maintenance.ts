// Periodic jobs' work: practitioners' certificates about to expire alert the practice's
// admins once, and records that have outlived their purpose are removed. Each run is audited.
import { queryRows, schema, type Database } from "@caredesk/db";
import { and, isNotNull, lt, or, sql } from "drizzle-orm";
import { runAudited } from "../audit";
import { purgeExpiredConversations } from "./assistant";
import { queueNotifications, type NewNotification } from "./outbox";

const DAY_MS = 86_400_000;

interface ExpiringCertificate extends Record<string, unknown> {
  id: string;
  organization_id: string;
  name: string;
  expires_on: string;
  practitioner_name: string;
  org_name: string;
  admins: { id: string; email: string }[];
}

/**
 * Certificates that expire within 30 days (or have expired) alert the practice's owners and
 * admins in the app and by email, once per certificate and expiry date.
 */
export async function alertExpiringCertificates(db: Database, now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + 30 * DAY_MS).toISOString().slice(0, 10);
  const expiring = await queryRows<ExpiringCertificate>(
    db,
    sql`select c.id, c.organization_id, c.name, c.expires_on::text as expires_on,
          p.name as practitioner_name, o.name as org_name,
          (select coalesce(json_agg(json_build_object('id', u.id, 'email', u.email)), '[]')
             from membership m join "user" u on u.id = m.user_id
            where m.organization_id = c.organization_id and m.role in ('owner', 'admin'))
            as admins
        from practitioner_certificate c
        join practitioner p on p.organization_id = c.organization_id and p.id = c.practitioner_id
        join organization o on o.id = c.organization_id
        where c.expires_on is not null and c.expires_on <= ${horizon}::date
          and not exists (select 1 from notification n
                           where n.organization_id = c.organization_id
                             and n.dedupe_key like 'certificate:' || c.id || ':' || c.expires_on || ':%')`,
  );
  let alerted = 0;
  for (const cert of expiring) {
    const subject = `Certificate expiring: ${cert.practitioner_name}`;
    const bodyText = `${cert.practitioner_name}'s certificate "${cert.name}" expires on ${cert.expires_on}. Upload the renewed one on their profile.`;
    const messages: NewNotification[] = cert.admins.flatMap((admin) => [
      {
        organizationId: cert.organization_id,
        kind: "certificate_expiring" as const,
        channel: "in_app" as const,
        userId: admin.id,
        subject,
        bodyText,
        dedupeKey: `certificate:${cert.id}:${cert.expires_on}:app:${admin.id}`,
        payload: { link: "/app/practitioners" },
      },
      {
        organizationId: cert.organization_id,
        kind: "certificate_expiring" as const,
        channel: "email" as const,
        userId: admin.id,
        recipient: admin.email,
        subject,
        bodyText,
        dedupeKey: `certificate:${cert.id}:${cert.expires_on}:email:${admin.id}`,
        payload: { link: "/app/practitioners", brand: cert.org_name },
      },
    ]);
    if (messages.length === 0) continue;
    await runAudited(
      db,
      {
        organizationId: cert.organization_id,
        actorUserId: null,
        ip: null,
        requestId: "job:certificate-alerts",
      },
      "certificate.expiryAlert",
      async (tx, audit) => {
        const ids = await queueNotifications(tx, messages);
        audit({
          entityType: "practitioner_certificate",
          entityId: cert.id,
          after: { alerted: ids.length },
        });
      },
    );
    alerted++;
  }
  return alerted;
}

interface EndingPlan extends Record<string, unknown> {
  organization_id: string;
  org_name: string;
  /** The paid-until date (UTC), YYYY-MM-DD. */
  day: string;
  /** The last day the site stays online, YYYY-MM-DD. */
  grace_end: string;
  stage: "ending" | "ended";
  admins: { id: string; email: string }[];
}

/**
 * Plans that end within a week, or have ended and are in their grace days, remind the
 * practice's owners and admins in the app and by email: once before the end, once after it,
 * for each paid-until date (a renewal moves the date, and the next period gets its own).
 */
export async function remindPlanRenewals(db: Database, now = new Date()): Promise<number> {
  const week = new Date(now.getTime() + 7 * DAY_MS);
  const ending = await queryRows<EndingPlan>(
    db,
    sql`select * from (
          select s.organization_id, o.name as org_name,
            to_char(s.paid_until at time zone 'UTC', 'YYYY-MM-DD') as day,
            to_char((s.paid_until + make_interval(days => s.grace_days)) at time zone 'UTC',
                    'YYYY-MM-DD') as grace_end,
            case when s.paid_until <= ${now.toISOString()}::timestamptz then 'ended' else 'ending' end as stage,
            (select coalesce(json_agg(json_build_object('id', u.id, 'email', u.email)), '[]')
               from membership m join "user" u on u.id = m.user_id
              where m.organization_id = s.organization_id and m.role in ('owner', 'admin'))
              as admins
          from subscription s
          join organization o on o.id = s.organization_id
          where s.paid_until is not null and s.paid_until <= ${week.toISOString()}::timestamptz
            and s.paid_until + make_interval(days => s.grace_days) > ${now.toISOString()}::timestamptz
        ) plan
        where not exists (select 1 from notification n
                           where n.organization_id = plan.organization_id
                             and n.dedupe_key like
                               'plan:' || plan.organization_id || ':' || plan.day || ':' || plan.stage || ':%')`,
  );
  let reminded = 0;
  for (const plan of ending) {
    const { day, stage } = plan;
    const ended = stage === "ended";
    const subject = ended
      ? `Your Caredesk plan has ended: renew to keep ${plan.org_name}'s website online`
      : `Your Caredesk plan ends on ${day}`;
    const bodyText = ended
      ? `The plan of ${plan.org_name} ended on ${day}. Its website stays online until ${plan.grace_end}; renew it under Website → Plan to keep it there.`
      : `The plan of ${plan.org_name} is paid until ${day}. Renew it under Website → Plan so its website and features carry on without a break.`;
    const dedupe = `plan:${plan.organization_id}:${day}:${stage}`;
    const messages: NewNotification[] = plan.admins.flatMap((admin) => [
      {
        organizationId: plan.organization_id,
        kind: "plan_renewal" as const,
        channel: "in_app" as const,
        userId: admin.id,
        subject,
        bodyText,
        dedupeKey: `${dedupe}:app:${admin.id}`,
        payload: { link: "/app/website" },
      },
      {
        organizationId: plan.organization_id,
        kind: "plan_renewal" as const,
        channel: "email" as const,
        userId: admin.id,
        recipient: admin.email,
        subject,
        bodyText,
        dedupeKey: `${dedupe}:email:${admin.id}`,
        payload: { link: "/app/website", brand: plan.org_name },
      },
    ]);
    if (messages.length === 0) continue;
    await runAudited(
      db,
      {
        organizationId: plan.organization_id,
        actorUserId: null,
        ip: null,
        requestId: "job:plan-renewals",
      },
      "plan.renewalReminder",
      async (tx, audit) => {
        const ids = await queueNotifications(tx, messages);
        audit({
          entityType: "subscription",
          entityId: plan.organization_id,
          after: { paidUntil: day, stage, reminded: ids.length },
        });
      },
    );
    reminded++;
  }
  return reminded;
}

/**
 * Removes what has outlived its purpose: idempotency keys after 7 days (clients retry within
 * minutes), sign-in throttles a day after their last failure, link tokens a week after they
 * expired or were used (audited as one system change); and the assistant's conversations past
 * their practice's retention.
 */
export async function purgeExpired(db: Database, now = new Date()) {
  const counts = await purgeKeysAndTokens(db, now);
  // The assistant's conversations past their practice's retention, audited per practice.
  return { ...counts, assistantConversations: await purgeExpiredConversations(db, now) };
}

async function purgeKeysAndTokens(db: Database, now: Date) {
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  return runAudited(
    db,
    { organizationId: null, actorUserId: null, ip: null, requestId: "job:maintenance-purge" },
    "maintenance.purge",
    async (tx, audit) => {
      const keys = await tx
        .delete(schema.idempotencyKey)
        .where(lt(schema.idempotencyKey.createdAt, weekAgo))
        .returning({ key: schema.idempotencyKey.key });
      const throttles = await tx
        .delete(schema.signInThrottle)
        .where(
          and(
            lt(schema.signInThrottle.lastFailureAt, dayAgo),
            or(
              sql`${schema.signInThrottle.blockedUntil} is null`,
              lt(schema.signInThrottle.blockedUntil, now),
            ),
          ),
        )
        .returning({ accountHash: schema.signInThrottle.accountHash });
      const tokens = await tx
        .delete(schema.actionToken)
        .where(
          or(
            lt(schema.actionToken.expiresAt, weekAgo),
            and(isNotNull(schema.actionToken.usedAt), lt(schema.actionToken.usedAt, weekAgo)),
          ),
        )
        .returning({ id: schema.actionToken.id });
      const counts = {
        idempotencyKeys: keys.length,
        signInThrottles: throttles.length,
        linkTokens: tokens.length,
      };
      audit({ entityType: "maintenance", after: counts });
      return counts;
    },
  );
}
