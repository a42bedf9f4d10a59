// Delivering one notification (the "notification-deliver" job): claim it, render it from what
// is true now (an appointment moved or cancelled since is not reminded), mint the link tokens
// it carries, hand it to its channel, and record the answer.
//
// The claim and the tokens commit before anything is sent; the record commits after. A worker
// that dies between the two leaves the row "sending": the retry sends it again under the same
// idempotency key (the notification id), which the provider uses to keep one copy, and the row
// itself is one row whatever happens, so our records never show a message twice.
import {
  DeliveryError,
  renderAppointmentEmail,
  renderAppointmentPush,
  renderAppointmentSms,
  renderEmail,
  renderFormRequestEmail,
  renderFormRequestSms,
  type AppointmentMessageKind,
  type Channels,
  type OutgoingMessage,
  type RenderedEmail,
} from "@caredesk/notifications";
import { queryRows, schema, statementClientOf, type Database } from "@caredesk/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { renderAmbulanceStatusSms } from "./ambulance";
import { runAudited } from "../audit";
import { applyEarlyDeliveryReports } from "./delivery-report";
import {
  appointmentViewsSelect,
  claimStatement,
  insertTokensStatement,
  settleSentStatement,
} from "./delivery-statements";
import { newActionToken, type ActionTokenPurpose, type ActionTokenSpec } from "./action-token";
import { deviceToken } from "./device";
import { practiceLogoUrl } from "./logo";
import type { NotificationKind } from "./outbox";

const { mobileDevice, notification, pushSubscription } = schema;

export interface DeliveryDeps {
  db: Database;
  channels: Channels;
  /** Where links in messages lead (the web app's public origin). */
  appOrigin: string;
  /** Renders account messages (password reset, invitations…). */
  renderAccountEmail?: AccountRenderer;
  /** Told each message's outcome on its channel (the host's metrics); nothing else. */
  observeDelivery?: (channel: string, result: DeliveryOutcome["result"]) => void;
}

export type AccountKind =
  | "password_reset"
  | "email_verification"
  | "account_exists"
  | "member_invitation"
  | "patient_invitation";

export type AccountRenderer = (
  kind: AccountKind,
  data: {
    lang: string;
    brand: { name: string; logoUrl?: string | null };
    recipientName: string | null;
    link: string;
    organizationName?: string;
    role?: string;
    inviterName?: string;
    expiresAt?: Date;
  },
) => RenderedEmail;

export type DeliveryOutcome =
  | { result: "sent"; providerMessageId: string | null }
  | { result: "skipped"; reason: string }
  | { result: "failed"; error: string }
  | { result: "retry"; error: string };

type Row = typeof notification.$inferSelect;

const appointmentKinds = new Set<NotificationKind>([
  "appointment_booked",
  "appointment_confirmed",
  "appointment_rescheduled",
  "appointment_cancelled",
  "appointment_declined",
  "appointment_reminder",
  "booking_request",
]);

const accountLinks: Record<
  AccountKind,
  { purpose: ActionTokenPurpose; path: string; hours: number }
> = {
  password_reset: { purpose: "password_reset", path: "/reset-password", hours: 1 },
  account_exists: { purpose: "password_reset", path: "/reset-password", hours: 1 },
  email_verification: { purpose: "email_verification", path: "/verify-email", hours: 24 },
  member_invitation: { purpose: "member_invitation", path: "/invitation", hours: 24 * 7 },
  patient_invitation: { purpose: "patient_invitation", path: "/invitation", hours: 24 * 7 },
};

const YEAR_MS = 365 * 86_400_000;

interface Rendered {
  message: OutgoingMessage;
  /** The raw tokens in the message, replaced by "[link]" in what is stored. */
  secrets: string[];
}

/** Takes the notifications for this attempt; those not returned have nothing (left) to send. */
async function claim(tx: Database, ids: readonly string[]): Promise<Row[]> {
  // On PostgreSQL, the same statement from its text built once (delivery-statements.ts).
  const client = statementClientOf(tx);
  if (client) return claimStatement(client, ids);
  return tx
    .update(notification)
    .set({ status: "sending", attempts: sql`${notification.attempts} + 1` })
    .where(
      and(
        inArray(notification.id, [...ids]),
        inArray(notification.status, ["pending", "sending"]),
        sql`${notification.channel} <> 'in_app'`,
      ),
    )
    .returning();
}

/** Collects the link tokens a batch's messages carry, to store them in one statement. */
class TokenMint {
  readonly rows: (typeof schema.actionToken.$inferInsert)[] = [];
  mint(spec: ActionTokenSpec, secrets: string[]): string {
    const { token, row } = newActionToken(spec);
    this.rows.push(row);
    secrets.push(token);
    return token;
  }
}

/** One appointment as the delivery job reads it (its view statement's row). */
export interface AppointmentView extends Record<string, unknown> {
  id: string;
  organization_id: string;
  status: string;
  starts_at: Date | string;
  service_name: string;
  org_name: string;
  sender_name: string | null;
  slug: string;
  logo_file_id: string | null;
  locale: string;
  time_zone: string;
  first_name: string;
  last_name: string;
  practitioner_name: string | null;
}

const viewsSelect = sql.raw(appointmentViewsSelect);

/** The appointments a batch's messages are about, keyed by id: one query. */
async function appointmentViews(tx: Database, rows: readonly Row[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.appointmentId ? [r.appointmentId] : [])))];
  if (ids.length === 0) return new Map<string, AppointmentView>();
  const found = await queryRows<AppointmentView>(tx, sql`${viewsSelect}${ids}`);
  // Keyed by organization too: a message only ever shows its own practice's appointment.
  return new Map(found.map((v) => [`${v.organization_id}:${v.id}`, v]));
}

function link(origin: string, path: string, token: string): string {
  return `${origin}${path}?token=${token}`;
}

/**
 * What an appointment message shows, as every channel's template takes it: the practice's
 * brand, the appointment and its links. The reminder bench's raw twin renders with it too.
 */
export function appointmentMessageData(
  appOrigin: string,
  view: Pick<
    AppointmentView,
    | "locale"
    | "time_zone"
    | "sender_name"
    | "org_name"
    | "slug"
    | "logo_file_id"
    | "first_name"
    | "service_name"
    | "practitioner_name"
  >,
  startsAt: Date,
  payload: { previousStartsAt?: string; reason?: string; pending?: boolean },
  links: { confirm?: string; cancel?: string; unsubscribe?: string },
) {
  return {
    lang: view.locale,
    timeZone: view.time_zone,
    brand: {
      name: view.sender_name ?? view.org_name,
      logoUrl: practiceLogoUrl(appOrigin, { slug: view.slug, logoFileId: view.logo_file_id }),
    },
    patientName: view.first_name,
    serviceName: view.service_name,
    practitionerName: view.practitioner_name,
    startsAt,
    previousStartsAt: payload.previousStartsAt ? new Date(payload.previousStartsAt) : null,
    reason: payload.reason ?? null,
    pending: payload.pending ?? false,
    links,
  };
}

/** Renders an appointment message for its channel, minting its links. Null: not to be sent. */
function renderAppointment(
  deps: DeliveryDeps,
  row: Row,
  view: AppointmentView | undefined,
  tokens: TokenMint,
  now: Date,
): Rendered | { skip: string } {
  if (!view) return { skip: "the appointment is gone" };
  const startsAt = new Date(view.starts_at);
  const kind = row.kind as AppointmentMessageKind;
  const payload = row.payload as {
    previousStartsAt?: string;
    reason?: string;
    pending?: boolean;
    startsAt?: string;
  };
  const active = view.status === "pending" || view.status === "confirmed";
  if (kind === "appointment_reminder") {
    if (!active) return { skip: `the appointment is ${view.status}` };
    if (startsAt <= now) return { skip: "the appointment has started" };
    if (payload.startsAt && new Date(payload.startsAt).getTime() !== startsAt.getTime()) {
      return { skip: "the appointment has moved" };
    }
  }
  const secrets: string[] = [];
  const mint = (purpose: ActionTokenPurpose, expiresAt: Date) =>
    tokens.mint(
      {
        purpose,
        expiresAt,
        organizationId: row.organizationId,
        patientId: row.patientId,
        appointmentId: row.appointmentId,
        notificationId: row.id,
      },
      secrets,
    );
  const links: { confirm?: string; cancel?: string; unsubscribe?: string } = {};
  if (active && startsAt > now) {
    if (kind === "appointment_reminder" && !view.status.startsWith("pending")) {
      links.confirm = link(
        deps.appOrigin,
        "/appointment-link",
        mint("appointment_confirm", startsAt),
      );
    }
    if (kind !== "appointment_cancelled" && kind !== "appointment_declined") {
      links.cancel = link(
        deps.appOrigin,
        "/appointment-link",
        mint("appointment_cancel", startsAt),
      );
    }
  }
  if (row.channel === "email" && row.patientId) {
    links.unsubscribe = link(
      deps.appOrigin,
      "/unsubscribe",
      mint("unsubscribe", new Date(now.getTime() + YEAR_MS)),
    );
  }
  const data = appointmentMessageData(deps.appOrigin, view, startsAt, payload, links);
  const base = { id: row.id, to: row.recipient ?? "", fromName: data.brand.name };
  if (row.channel === "email") {
    const email = renderAppointmentEmail(kind, data);
    return {
      secrets,
      message: {
        ...base,
        ...email,
        headers: links.unsubscribe
          ? {
              "List-Unsubscribe": `<${links.unsubscribe}>`,
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
          : {},
      },
    };
  }
  if (row.channel === "sms") {
    const text = renderAppointmentSms(kind, data);
    return { secrets, message: { ...base, subject: "", text } };
  }
  const push = renderAppointmentPush(kind, data);
  return {
    secrets,
    message: { ...base, subject: push.title, text: push.body, url: `${deps.appOrigin}/portal` },
  };
}

interface AccountView extends Record<string, unknown> {
  name: string;
  email: string;
}

async function renderAccount(
  tx: Database,
  deps: DeliveryDeps,
  row: Row,
  tokens: TokenMint,
  now: Date,
): Promise<Rendered | { skip: string }> {
  const kind = row.kind as AccountKind;
  const spec = accountLinks[kind];
  if (!deps.renderAccountEmail) return { skip: "account messages are not set up" };
  if (row.channel !== "email" || !row.recipient) return { skip: "account messages are email only" };
  const payload = row.payload as {
    recipientName?: string;
    organizationName?: string;
    role?: string;
    inviterName?: string;
    invitationId?: string;
  };
  let expiresAt = new Date(now.getTime() + spec.hours * 3_600_000);
  if (payload.invitationId) {
    const [invitation] = await tx
      .select({ status: schema.invitation.status, expiresAt: schema.invitation.expiresAt })
      .from(schema.invitation)
      .where(eq(schema.invitation.id, payload.invitationId));
    if (!invitation || invitation.status !== "pending" || invitation.expiresAt <= now) {
      return { skip: "the invitation is no longer open" };
    }
    expiresAt = invitation.expiresAt;
  }
  let recipientName = payload.recipientName ?? null;
  if (row.userId && !recipientName) {
    const [user] = await queryRows<AccountView>(
      tx,
      sql`select name, email from "user" where id = ${row.userId}`,
    );
    recipientName = user?.name ?? null;
  }
  const secrets: string[] = [];
  const token = tokens.mint(
    {
      purpose: spec.purpose,
      expiresAt,
      organizationId: row.organizationId,
      userId: row.userId,
      patientId: row.patientId,
      invitationId: payload.invitationId ?? null,
      notificationId: row.id,
    },
    secrets,
  );
  // A practice's invitation speaks the practice's language; account messages, English.
  const [practice] = row.organizationId
    ? await tx
        .select({
          locale: schema.organization.locale,
          slug: schema.organization.slug,
          logoFileId: schema.organization.logoFileId,
        })
        .from(schema.organization)
        .where(eq(schema.organization.id, row.organizationId))
    : [];
  const email = deps.renderAccountEmail(kind, {
    lang: practice?.locale ?? "en",
    brand: {
      name: payload.organizationName ?? "Caredesk",
      logoUrl: practice ? practiceLogoUrl(deps.appOrigin, practice) : null,
    },
    recipientName,
    link: link(deps.appOrigin, spec.path, token),
    ...(payload.organizationName ? { organizationName: payload.organizationName } : {}),
    ...(payload.role ? { role: payload.role } : {}),
    ...(payload.inviterName ? { inviterName: payload.inviterName } : {}),
    expiresAt,
  });
  return {
    secrets,
    message: {
      id: row.id,
      to: row.recipient,
      fromName: payload.organizationName ?? "Caredesk",
      ...email,
    },
  };
}

/**
 * A form sent to a patient: its link is minted now, for the request, expiring with it. A request
 * submitted, withdrawn, locked or expired since is not sent.
 */
async function renderFormRequest(
  tx: Database,
  deps: DeliveryDeps,
  row: Row,
  tokens: TokenMint,
  now: Date,
): Promise<Rendered | { skip: string }> {
  const formRequestId = (row.payload as { formRequestId?: string }).formRequestId;
  if (!row.organizationId || !formRequestId || !row.recipient) return { skip: "nothing to send" };
  const [view] = await tx
    .select({
      expiresAt: schema.formRequest.expiresAt,
      submittedAt: schema.formRequest.submittedAt,
      revokedAt: schema.formRequest.revokedAt,
      lockedAt: schema.formRequest.lockedAt,
      patientId: schema.formRequest.patientId,
      title: schema.questionnaireVersion.title,
      firstName: schema.patient.firstName,
      orgName: schema.organization.name,
      slug: schema.organization.slug,
      logoFileId: schema.organization.logoFileId,
      senderName: schema.organization.senderName,
      locale: schema.organization.locale,
    })
    .from(schema.formRequest)
    .innerJoin(
      schema.questionnaireVersion,
      and(
        eq(schema.questionnaireVersion.organizationId, schema.formRequest.organizationId),
        eq(schema.questionnaireVersion.id, schema.formRequest.questionnaireVersionId),
      ),
    )
    .innerJoin(
      schema.patient,
      and(
        eq(schema.patient.organizationId, schema.formRequest.organizationId),
        eq(schema.patient.id, schema.formRequest.patientId),
      ),
    )
    .innerJoin(schema.organization, eq(schema.organization.id, schema.formRequest.organizationId))
    .where(
      and(
        eq(schema.formRequest.organizationId, row.organizationId),
        eq(schema.formRequest.id, formRequestId),
      ),
    );
  if (!view) return { skip: "the form request is gone" };
  if (view.submittedAt || view.revokedAt || view.lockedAt || view.expiresAt <= now) {
    return { skip: "the form request is no longer open" };
  }
  const secrets: string[] = [];
  const token = tokens.mint(
    {
      purpose: "form_request",
      expiresAt: view.expiresAt,
      organizationId: row.organizationId,
      patientId: view.patientId,
      notificationId: row.id,
      formRequestId,
    },
    secrets,
  );
  const data = {
    lang: view.locale,
    brand: {
      name: view.senderName ?? view.orgName,
      logoUrl: practiceLogoUrl(deps.appOrigin, view),
    },
    patientName: view.firstName,
    formTitle: view.title,
    link: link(deps.appOrigin, "/form", token),
    expiresAt: view.expiresAt,
  };
  const base = { id: row.id, to: row.recipient, fromName: data.brand.name };
  if (row.channel === "email") {
    return { secrets, message: { ...base, ...renderFormRequestEmail(data) } };
  }
  if (row.channel === "sms") {
    return { secrets, message: { ...base, subject: "", text: renderFormRequestSms(data) } };
  }
  return { skip: "forms are sent by email or SMS" };
}

/** An ambulance request's step, told to the requester's contact number. */
function renderAmbulanceStatus(row: Row): Rendered | { skip: string } {
  const text = renderAmbulanceStatusSms(row.payload);
  if (row.channel !== "sms" || !row.recipient || !text) return { skip: "not an SMS" };
  const payload = row.payload as { practiceName?: string };
  return {
    secrets: [],
    message: {
      id: row.id,
      to: row.recipient,
      fromName: payload.practiceName ?? "",
      subject: "",
      text,
    },
  };
}

/** Messages that are neither about an appointment nor an account (certificate alerts). */
function renderNotice(deps: DeliveryDeps, row: Row): Rendered | { skip: string } {
  if (row.channel !== "email" || !row.recipient) return { skip: "not an email" };
  const payload = row.payload as { title?: string; text?: string; link?: string; brand?: string };
  const email = renderEmail({
    brand: { name: payload.brand ?? "Caredesk" },
    lang: "en",
    title: row.subject ?? payload.title ?? "Notice",
    paragraphs: [row.bodyText ?? payload.text ?? ""],
    ...(payload.link ? { action: { label: "Open", url: `${deps.appOrigin}${payload.link}` } } : {}),
    // A patient hears from their practice as its patient; staff because of their role in it.
    footer: [
      row.patientId
        ? `You receive this because you are a patient of ${payload.brand ?? "this practice"}.`
        : "You receive this because of your role in the practice.",
    ],
  });
  return {
    secrets: [],
    message: { id: row.id, to: row.recipient, fromName: payload.brand ?? "Caredesk", ...email },
  };
}

async function render(
  tx: Database,
  deps: DeliveryDeps,
  row: Row,
  views: Map<string, AppointmentView>,
  tokens: TokenMint,
  now: Date,
): Promise<Rendered | { skip: string }> {
  const rendered = appointmentKinds.has(row.kind)
    ? renderAppointment(
        deps,
        row,
        views.get(`${row.organizationId}:${row.appointmentId}`),
        tokens,
        now,
      )
    : row.kind in accountLinks
      ? await renderAccount(tx, deps, row, tokens, now)
      : row.kind === "form_request"
        ? await renderFormRequest(tx, deps, row, tokens, now)
        : row.kind === "ambulance_status"
          ? renderAmbulanceStatus(row)
          : renderNotice(deps, row);
  if ("skip" in rendered) return rendered;
  if (row.channel === "mobile") {
    // The mobile app gets it through FCM, at the token the device registered.
    const token = await deviceToken(tx, row.recipient ?? "");
    if (!token) return { skip: "the device is no longer registered" };
    rendered.message.to = token;
    return rendered;
  }
  if (row.channel !== "push") return rendered;
  // Push goes to the subscription the recipient names: its endpoint and keys.
  const [subscription] = await tx
    .select()
    .from(pushSubscription)
    .where(eq(pushSubscription.id, row.recipient ?? ""));
  if (!subscription) return { skip: "the device is no longer subscribed" };
  rendered.message.to = JSON.stringify({
    endpoint: subscription.endpoint,
    keys: { p256dh: subscription.p256dh, auth: subscription.auth },
  });
  return rendered;
}

/** FCM said the device's token is unregistered (the app was removed): the device goes too. */
async function removeGoneDevice(db: Database, row: Row, deviceId: string): Promise<void> {
  const origin = {
    organizationId: row.organizationId,
    actorUserId: null,
    ip: null,
    requestId: null,
  };
  await runAudited(db, origin, "notification.deviceGone", async (tx, audit) => {
    const [removed] = await tx
      .delete(mobileDevice)
      .where(eq(mobileDevice.id, deviceId))
      .returning({ id: mobileDevice.id, userId: mobileDevice.userId });
    audit({
      entityType: "mobile_device",
      entityId: removed?.id ?? deviceId,
      ...(removed ? { before: { userId: removed.userId } } : {}),
    });
  });
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[link]"), text);
}

async function settle(
  db: Database,
  id: string,
  values: Partial<typeof notification.$inferInsert>,
): Promise<void> {
  await db
    .update(notification)
    .set(values)
    .where(and(eq(notification.id, id), eq(notification.status, "sending")));
}

/**
 * Delivers a batch of notifications (one job each): claimed, rendered and their link tokens
 * stored in one transaction, then sent concurrently, each recorded as soon as its provider
 * answers. Never throws for a provider's answer: a temporary failure answers "retry" (the job
 * is retried with back-off) unless it was the last attempt, when it becomes "failed" like a
 * permanent one. Failed messages stay visible and can be retried by staff.
 */
export async function deliverNotifications(
  deps: DeliveryDeps,
  jobs: readonly { notificationId: string; finalAttempt: boolean }[],
  now = new Date(),
): Promise<Map<string, DeliveryOutcome>> {
  const outcomes = new Map<string, DeliveryOutcome>();
  const prepared = await deps.db.transaction(async (tx) => {
    const rows = await claim(
      tx,
      jobs.map((j) => j.notificationId),
    );
    const views = await appointmentViews(tx, rows);
    const tokens = new TokenMint();
    const ready: { row: Row; rendered: Rendered }[] = [];
    for (const row of rows) {
      const rendered = await render(tx, deps, row, views, tokens, now);
      if ("skip" in rendered) {
        await tx
          .update(notification)
          .set({ status: "cancelled", lastError: rendered.skip })
          .where(eq(notification.id, row.id));
        outcomes.set(row.id, { result: "skipped", reason: rendered.skip });
        deps.observeDelivery?.(row.channel, "skipped");
      } else {
        ready.push({ row, rendered });
      }
    }
    if (tokens.rows.length > 0) {
      const client = statementClientOf(tx);
      if (client) await insertTokensStatement(client, tokens.rows);
      else await tx.insert(schema.actionToken).values(tokens.rows);
    }
    return ready;
  });
  for (const job of jobs) {
    if (
      !outcomes.has(job.notificationId) &&
      !prepared.some((p) => p.row.id === job.notificationId)
    ) {
      outcomes.set(job.notificationId, { result: "skipped", reason: "nothing to send" });
    }
  }
  const final = new Map(jobs.map((j) => [j.notificationId, j.finalAttempt]));
  await Promise.all(
    prepared.map(async ({ row, rendered }) => {
      const outcome = await send(deps, row, rendered, final.get(row.id) ?? false);
      outcomes.set(row.id, outcome);
      deps.observeDelivery?.(row.channel, outcome.result);
    }),
  );
  return outcomes;
}

/** Delivers one notification (see `deliverNotifications`). */
export async function deliverNotification(
  deps: DeliveryDeps,
  id: string,
  options: { finalAttempt: boolean; now?: Date },
): Promise<DeliveryOutcome> {
  const outcomes = await deliverNotifications(
    deps,
    [{ notificationId: id, finalAttempt: options.finalAttempt }],
    options.now,
  );
  return outcomes.get(id) ?? { result: "skipped", reason: "nothing to send" };
}

async function send(
  deps: DeliveryDeps,
  row: Row,
  rendered: Rendered,
  finalAttempt: boolean,
): Promise<DeliveryOutcome> {
  const id = row.id;
  const channel = row.channel === "in_app" ? undefined : deps.channels[row.channel];
  const record = {
    subject: rendered.message.subject || null,
    bodyText: redact(rendered.message.text, rendered.secrets),
  };
  if (!channel) {
    const error = `No ${row.channel} provider is configured`;
    await settle(deps.db, id, { status: "failed", lastError: error, ...record });
    return { result: "failed", error };
  }
  try {
    const sent = await channel.send(rendered.message);
    const client = statementClientOf(deps.db);
    if (client) {
      await settleSentStatement(client, id, {
        ...record,
        providerMessageId: sent.providerMessageId,
        sentAt: new Date(),
      });
    } else {
      await settle(deps.db, id, {
        status: "sent",
        sentAt: new Date(),
        providerMessageId: sent.providerMessageId,
        lastError: null,
        ...record,
      });
    }
    // An SMS provider may report delivery before we stored its message id: apply it now.
    if (row.channel === "sms" && sent.providerMessageId) {
      await applyEarlyDeliveryReports(deps.db, id);
    }
    return { result: "sent", providerMessageId: sent.providerMessageId };
  } catch (error) {
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(error instanceof Error ? error.message : String(error), {
            permanent: false,
            cause: error,
          });
    if (failure.gone && row.channel === "push" && row.recipient) {
      await deps.db.delete(pushSubscription).where(eq(pushSubscription.id, row.recipient));
    }
    if (failure.gone && row.channel === "mobile" && row.recipient) {
      await removeGoneDevice(deps.db, row, row.recipient);
    }
    const message = failure.message.slice(0, 500);
    if (failure.permanent || finalAttempt) {
      await settle(deps.db, id, { status: "failed", lastError: message, ...record });
      return { result: "failed", error: message };
    }
    await settle(deps.db, id, { status: "pending", lastError: message });
    return { result: "retry", error: message };
  }
}
