// Notifications: the outbox every message leaves through, the one-purpose link tokens its
// messages carry, member and patient invitations, devices subscribed to web push, mobile devices
// registered for push through Firebase Cloud Messaging, the local
// mailbox that stands in for SMTP when none is configured, and providers' delivery reports.
//
// A notification row is written by `ctx.mutate` in the transaction of the change that causes
// it, together with the job that will deliver it, so nothing leaves before the commit and
// nothing committed is forgotten. Its id is the delivery's idempotency key (the email's
// Message-ID, the SMS provider's idempotency token).
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { constraints } from "../constraints";
import { id } from "./_columns";
import { memberRole, organization, user } from "./identity";
import { patient } from "./patient";

export const notificationChannel = pgEnum("notification_channel", [
  "email",
  "sms",
  "push",
  "in_app",
  /** The Caredesk mobile app, through Firebase Cloud Messaging (recipient: mobile_device id). */
  "mobile",
]);

export const notificationKind = pgEnum("notification_kind", [
  "appointment_booked",
  "appointment_confirmed",
  "appointment_rescheduled",
  "appointment_cancelled",
  "appointment_declined",
  "appointment_reminder",
  "booking_request",
  "certificate_expiring",
  "password_reset",
  "email_verification",
  "account_exists",
  "member_invitation",
  "patient_invitation",
  "form_request",
  /** The practice's plan ends soon (or has ended and its site is in its grace days). */
  "plan_renewal",
  /** Pharmacy: an order's status changed (to the customer); a new order to review (staff). */
  "order_status",
  "order_placed",
  /** A patient asked for a refill (staff); the practice decided it (patient). */
  "refill_requested",
  "refill_decided",
  /** An ambulance was asked for (staff); its status changed (the requester). */
  "ambulance_requested",
  "ambulance_status",
  /** Stock at or below its reorder level, or a lot expiring within 30/60/90 days (staff). */
  "stock_alert",
  /** A visitor asked the assistant for a person (front desk). */
  "assistant_handover",
]);

/**
 * pending: waiting for its time or its worker; sending: a worker has it; sent: the provider
 * accepted it; delivered: the provider reported it reached the device; failed: refused or out
 * of retries (retryable by staff); cancelled: no longer wanted (a moved or cancelled
 * appointment, an unsubscribed patient).
 */
export const notificationStatus = pgEnum("notification_status", [
  "pending",
  "sending",
  "sent",
  "delivered",
  "failed",
  "cancelled",
]);

export const notification = pgTable(
  "notification",
  {
    id: id(),
    /** Null for account messages that belong to no practice (password reset, verification). */
    organizationId: uuid().references(() => organization.id, { onDelete: "cascade" }),
    kind: notificationKind().notNull(),
    channel: notificationChannel().notNull(),
    status: notificationStatus().notNull().default("pending"),
    /** The account it is for (staff, or a patient with a portal account); in-app needs one. */
    userId: uuid().references(() => user.id, { onDelete: "cascade" }),
    patientId: uuid(),
    appointmentId: uuid(),
    /** Email address, E.164 number, push subscription id or mobile device id; null for in-app. */
    recipient: text(),
    /** What the message is rendered from when it is sent (ids, the reminder's offset…). */
    payload: jsonb().notNull().default({}),
    /** What went out, with every link token replaced by "[link]": shown on the patient page. */
    subject: text(),
    bodyText: text(),
    sendAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** The provider's id for the message (SMTP's queue id, Twilio's SID). */
    providerMessageId: text(),
    /** A rule's key that makes a message one of a kind (a certificate's 30-day alert). */
    dedupeKey: text(),
    sentAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notification_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    index("notification_org_appointment_idx").on(t.organizationId, t.appointmentId),
    index("notification_user_inbox_idx")
      .on(t.userId, t.createdAt)
      .where(sql`${t.channel} = 'in_app'`),
    index("notification_org_status_idx").on(t.organizationId, t.status, t.createdAt),
    uniqueIndex(constraints.notificationDedupe).on(t.organizationId, t.dedupeKey),
    foreignKey({
      name: constraints.notificationPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }).onDelete("cascade"),
  ],
);

/** What a link token may do; a token is accepted only for the purpose it was issued for. */
export const actionTokenPurpose = pgEnum("action_token_purpose", [
  "appointment_confirm",
  "appointment_cancel",
  "password_reset",
  "email_verification",
  "member_invitation",
  "patient_invitation",
  "unsubscribe",
  "form_request",
]);

/**
 * A link token in a message: random, stored as SHA-256 only, one purpose, single use (but
 * unsubscribe), expiring. Minted by the worker when it renders the message.
 */
export const actionToken = pgTable(
  "action_token",
  {
    id: id(),
    tokenHash: text().notNull(),
    purpose: actionTokenPurpose().notNull(),
    organizationId: uuid().references(() => organization.id, { onDelete: "cascade" }),
    userId: uuid().references(() => user.id, { onDelete: "cascade" }),
    patientId: uuid(),
    appointmentId: uuid(),
    invitationId: uuid(),
    notificationId: uuid(),
    formRequestId: uuid(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("action_token_hash_key").on(t.tokenHash),
    index().on(t.userId, t.purpose),
    index().on(t.expiresAt),
  ],
);

export const invitationStatus = pgEnum("invitation_status", [
  "pending",
  "accepted",
  "revoked",
  "expired",
]);

/**
 * An invitation to join a practice: as a member with a role, or (patientId set) as the patient
 * whose record the new portal account is linked to.
 */
export const invitation = pgTable(
  "invitation",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: memberRole().notNull(),
    patientId: uuid(),
    invitedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    status: invitationStatus().notNull().default("pending"),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedUserId: uuid().references(() => user.id, { onDelete: "set null" }),
    acceptedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.organizationId, t.status, t.createdAt),
    uniqueIndex(constraints.invitationPending)
      .on(t.organizationId, sql`lower(${t.email})`)
      .where(sql`${t.status} = 'pending'`),
    foreignKey({
      name: constraints.invitationPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }).onDelete("cascade"),
    check("invitation_patient_role", sql`(${t.patientId} is null) = (${t.role} <> 'patient')`),
  ],
);

/** A browser or device that accepts web push for a user (one row per endpoint). */
export const pushSubscription = pgTable(
  "push_subscription",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    endpoint: text().notNull(),
    p256dh: text().notNull(),
    auth: text().notNull(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("push_subscription_endpoint_key").on(t.endpoint), index().on(t.userId)],
);

export const mobilePlatform = pgEnum("mobile_platform", ["ios", "android"]);

/**
 * A phone or tablet running the Caredesk mobile app, registered for push by a signed-in user:
 * one row per FCM registration token. The token is sent to FCM as it is, so it is stored as it
 * is (it lets anyone with our service account message the device: never logged or shown). A
 * token registered again by another account (another sign-in on the same phone) moves to it.
 */
export const mobileDevice = pgTable(
  "mobile_device",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    token: text().notNull(),
    platform: mobilePlatform().notNull(),
    appVersion: text(),
    deviceName: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mobile_device_token_key").on(t.token), index().on(t.userId)],
);

/**
 * The local mailbox: where email goes when no SMTP server is configured (the embedded
 * default), so operators can read in the admin app every message the product sends.
 */
export const mailboxMessage = pgTable(
  "mailbox_message",
  {
    id: id(),
    notificationId: uuid().notNull(),
    messageId: text().notNull(),
    from: text().notNull(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    headers: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The message's idempotency key: a delivery retried after a crash is stored once.
    uniqueIndex("mailbox_message_message_id_key").on(t.messageId),
    index().on(t.createdAt),
  ],
);

/** A provider's verified report about a message (SMS delivery status callbacks). */
export const deliveryReport = pgTable(
  "delivery_report",
  {
    id: id(),
    notificationId: uuid().references(() => notification.id, { onDelete: "cascade" }),
    provider: text().notNull(),
    providerMessageId: text().notNull(),
    status: text().notNull(),
    errorCode: text(),
    delivered: boolean().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.providerMessageId)],
);
