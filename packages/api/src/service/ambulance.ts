// Ambulance requests (hospitals with the "ambulance" feature): asked for from the public site or
// the portal, run on staff's live dispatch board new → dispatched → en route → arrived →
// completed (or cancelled). Every step is a guarded update that stamps its time, tells the
// requester by SMS (and in the portal when they asked signed in), and announces the change to
// open boards after it commits; response times are reported from the stamps.
import { randomUUID } from "node:crypto";
import { roles, can } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import {
  renderAmbulanceInApp,
  renderAmbulanceRequested,
  renderAmbulanceSms,
  type AmbulanceStep,
} from "@caredesk/notifications";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  startOfLocalDay,
  toEpochMinutes,
} from "@caredesk/scheduling";
import {
  openAmbulanceStatuses,
  type AmbulanceCancelInput,
  type AmbulanceDispatchInput,
  type AmbulancePublicRequestInput,
  type AmbulanceRequestMineInput,
  type AmbulanceStatsInput,
  type AmbulanceStatus,
} from "@caredesk/validators";
import { and, desc, eq, gte, inArray, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { conflict, DomainError, notFound } from "../errors";
import { publishChange } from "../events";
import type { OrgScope, PatientScope, RequestScope } from "../scope";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { queueNotifications, type NewNotification } from "./outbox";
import { normalisePhoneNumber } from "./patient";
import { localDateRange, medianOf, oneDecimal, p90Of } from "./report-range";
import { liveSite, requireFeature } from "./site";

const { ambulanceRequest, membership, patient, practiceSite } = schema;

export interface AmbulanceRequestView {
  id: string;
  /** What the requester is told and staff read out on the phone. */
  reference: string;
  status: AmbulanceStatus;
  requesterName: string;
  contactPhone: string;
  pickupAddress: string | null;
  latitude: number | null;
  longitude: number | null;
  condition: string;
  vehicle: string | null;
  crew: string | null;
  cancelReason: string | null;
  /** Set when a signed-in patient asked from the portal. */
  patientId: string | null;
  createdAt: Date;
  dispatchedAt: Date | null;
  enRouteAt: Date | null;
  arrivedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  version: number;
}

const columns = {
  id: ambulanceRequest.id,
  status: ambulanceRequest.status,
  requesterName: ambulanceRequest.requesterName,
  contactPhone: ambulanceRequest.contactPhone,
  pickupAddress: ambulanceRequest.pickupAddress,
  latitude: ambulanceRequest.latitude,
  longitude: ambulanceRequest.longitude,
  condition: ambulanceRequest.condition,
  vehicle: ambulanceRequest.vehicle,
  crew: ambulanceRequest.crew,
  cancelReason: ambulanceRequest.cancelReason,
  patientId: ambulanceRequest.patientId,
  createdAt: ambulanceRequest.createdAt,
  dispatchedAt: ambulanceRequest.dispatchedAt,
  enRouteAt: ambulanceRequest.enRouteAt,
  arrivedAt: ambulanceRequest.arrivedAt,
  completedAt: ambulanceRequest.completedAt,
  cancelledAt: ambulanceRequest.cancelledAt,
  version: ambulanceRequest.version,
};

type Row = Omit<AmbulanceRequestView, "reference">;

/** The short reference of a request: the first eight hex digits of its id. */
export function ambulanceReference(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

const view = (row: Row): AmbulanceRequestView => ({
  ...row,
  reference: ambulanceReference(row.id),
});

/** The practice as messages name it: its name, language and phone. */
interface Sender {
  id: string;
  name: string;
  locale: string;
}

/** Roles whose members run the dispatch board: they hear of new requests. */
const dispatcherRoles = roles.filter((role) => can(role, "ambulance.dispatch"));

async function practicePhone(tx: Database, organizationId: string): Promise<string | null> {
  const [row] = await tx
    .select({ phone: practiceSite.phone })
    .from(practiceSite)
    .where(eq(practiceSite.organizationId, organizationId));
  return row?.phone ? row.phone : null;
}

/**
 * What the requester hears of a step: an SMS to the contact number, and an in-app message when
 * a portal patient asked. Rendered at delivery from the payload (the SMS) or now (in-app).
 */
async function queueStepMessages(
  tx: Database,
  org: Sender,
  request: Row,
  step: AmbulanceStep,
  phone: string | null,
): Promise<NewNotification[]> {
  const data = {
    lang: org.locale,
    practiceName: org.name,
    reference: ambulanceReference(request.id),
    step,
    vehicle: request.vehicle,
    reason: request.cancelReason,
    practicePhone: phone,
  };
  const messages: NewNotification[] = [
    {
      organizationId: org.id,
      kind: "ambulance_status",
      channel: "sms",
      recipient: request.contactPhone,
      patientId: request.patientId,
      payload: { ambulanceRequestId: request.id, ...data },
    },
  ];
  if (request.patientId) {
    const [owner] = await tx
      .select({ userId: patient.userId })
      .from(patient)
      .where(and(eq(patient.organizationId, org.id), eq(patient.id, request.patientId)));
    if (owner?.userId) {
      const inApp = renderAmbulanceInApp(data);
      messages.push({
        organizationId: org.id,
        kind: "ambulance_status",
        channel: "in_app",
        userId: owner.userId,
        patientId: request.patientId,
        subject: inApp.title,
        bodyText: inApp.body,
        payload: { ambulanceRequestId: request.id, link: "/portal/ambulance" },
      });
    }
  }
  return messages;
}

/** Renders an `ambulance_status` SMS at delivery from what was queued. */
export function renderAmbulanceStatusSms(payload: unknown): string | null {
  if (!payload || typeof payload !== "object") return null;
  const p = payload as Record<string, unknown>;
  const text = (key: string) => (typeof p[key] === "string" ? p[key] : null);
  const step = text("step") as AmbulanceStep | null;
  const reference = text("reference");
  if (!step || !reference) return null;
  return renderAmbulanceSms({
    lang: text("lang") ?? "en",
    practiceName: text("practiceName") ?? "",
    reference,
    step,
    vehicle: text("vehicle"),
    reason: text("reason"),
    practicePhone: text("practicePhone"),
  });
}

function announce(tx: Database, organizationId: string, request: Row): Promise<void> {
  return publishChange(tx, {
    type: "ambulance.changed",
    organizationId,
    requestId: request.id,
    status: request.status,
  });
}

/** The contact number in E.164 with the practice's country; a bad one is a field error. */
function contactNumber(input: string, country: string | null): string {
  return normalisePhoneNumber(input, country, "phone");
}

interface NewRequest {
  org: Sender & { country: string | null };
  details: AmbulanceRequestMineInput;
  contactPhone: string;
  patientId: string | null;
  /** The practice's phone, told to the requester. */
  phone: string | null;
}

/**
 * Writes a request once per idempotency key (a repeat answers with the first one's record),
 * with its messages: staff who dispatch hear of it, the requester gets its reference.
 */
async function createRequest(
  ctx: Pick<RequestScope, "db" | "mutate" | "operation" | "user">,
  input: NewRequest,
): Promise<Row> {
  const { org, details } = input;
  const keyed = idempotentRequest(ctx, org.id, details.idempotencyKey, {
    ...details,
    phone: input.contactPhone,
  });
  const replayed = async (): Promise<Row | null> => {
    const earlier = await earlierRecord(ctx.db, keyed);
    if (!earlier) return null;
    const [row] = await ctx.db
      .select(columns)
      .from(ambulanceRequest)
      .where(and(eq(ambulanceRequest.organizationId, org.id), eq(ambulanceRequest.id, earlier.id)));
    if (!row) throw notFound("Request not found");
    return ctx.mutate((_tx, audit) => {
      audit({
        organizationId: org.id,
        entityType: "ambulance_request",
        entityId: row.id,
        after: { ...row, replayed: true },
      });
      return Promise.resolve(row);
    });
  };
  const earlier = await replayed();
  if (earlier) return earlier;
  const write = () =>
    ctx.mutate(async (tx, audit) => {
      const id = randomUUID();
      const claimed = claimKey(tx, keyed, { type: "ambulance_request", id });
      claimed.catch(() => undefined);
      const insert = async () => {
        const [row] = await tx
          .insert(ambulanceRequest)
          .values({
            id,
            organizationId: org.id,
            patientId: input.patientId,
            requesterName: details.requesterName,
            contactPhone: input.contactPhone,
            pickupAddress: details.pickupAddress ?? null,
            latitude: details.latitude ?? null,
            longitude: details.longitude ?? null,
            condition: details.condition,
          })
          .returning(columns);
        if (!row) throw new Error("insert returned no row");
        return row;
      };
      const row = await insert().catch(async (error: unknown) => {
        await claimed;
        throw error;
      });
      await claimed;
      const dispatchers = await tx
        .select({ userId: membership.userId })
        .from(membership)
        .where(
          and(eq(membership.organizationId, org.id), inArray(membership.role, dispatcherRoles)),
        );
      const where =
        row.pickupAddress ??
        `${row.latitude?.toFixed(5) ?? ""}, ${row.longitude?.toFixed(5) ?? ""}`;
      const staffText = renderAmbulanceRequested(org.locale, {
        requesterName: row.requesterName,
        where,
      });
      const messages: NewNotification[] = dispatchers.map(({ userId }) => ({
        organizationId: org.id,
        kind: "ambulance_requested",
        channel: "in_app",
        userId,
        subject: staffText.title,
        bodyText: staffText.body,
        payload: { ambulanceRequestId: row.id, link: "/app/ambulance" },
      }));
      messages.push(...(await queueStepMessages(tx, org, row, "requested", input.phone)));
      await queueNotifications(tx, messages);
      await announce(tx, org.id, row);
      audit({
        organizationId: org.id,
        entityType: "ambulance_request",
        entityId: row.id,
        ...(row.patientId ? { patientId: row.patientId } : {}),
        after: row,
      });
      return row;
    });
  try {
    return await write();
  } catch (error) {
    // A twin sent at the same moment holds the key: answer with what it made.
    if (error instanceof DomainError) throw error;
    const original = await replayed();
    if (original) return original;
    throw error;
  }
}

/**
 * A visitor of the hospital's site asks for an ambulance. The answer is the request's reference
 * and the practice's phone, nothing else. A site without the feature does not have this form.
 */
export async function requestAmbulancePublicly(
  ctx: Pick<RequestScope, "db" | "mutate" | "operation" | "user">,
  input: AmbulancePublicRequestInput,
): Promise<{ reference: string; practicePhone: string | null }> {
  const site = await liveSite(ctx.db, { slug: input.slug });
  requireFeature(site, "ambulance");
  const contactPhone = contactNumber(input.phone, site.country);
  const { slug: _slug, ...details } = input;
  const phone = site.site.phone ? site.site.phone : null;
  const row = await createRequest(ctx, {
    org: site,
    details,
    contactPhone,
    patientId: null,
    phone,
  });
  return { reference: ambulanceReference(row.id), practicePhone: phone };
}

/** A portal patient asks for an ambulance: the request is linked to their record. */
export async function requestAmbulanceAsPatient(
  ctx: PatientScope,
  input: AmbulanceRequestMineInput,
): Promise<AmbulanceRequestView> {
  const contactPhone = contactNumber(input.phone, ctx.org.country);
  const phone = await practicePhone(ctx.db, ctx.org.id);
  const row = await createRequest(ctx, {
    org: ctx.org,
    details: input,
    contactPhone,
    patientId: ctx.patient.id,
    phone,
  });
  return view(row);
}

/** The portal: the patient's own requests, newest first, with their status. */
export async function myAmbulanceRequests(ctx: PatientScope): Promise<AmbulanceRequestView[]> {
  const rows = await ctx.db
    .select(columns)
    .from(ambulanceRequest)
    .where(
      and(
        eq(ambulanceRequest.organizationId, ctx.org.id),
        eq(ambulanceRequest.patientId, ctx.patient.id),
      ),
    )
    .orderBy(desc(ambulanceRequest.createdAt), desc(ambulanceRequest.id))
    .limit(20);
  return rows.map(view);
}

/** Midnight today in the practice's zone. */
function startOfToday(timeZone: string, now: Date): Date {
  const today = epochMinutesToLocal(toEpochMinutes(now), timeZone).date;
  return fromEpochMinutes(startOfLocalDay(today, timeZone));
}

/** The dispatch board: open requests newest first, and those closed today. */
export async function ambulanceBoard(
  db: Database,
  org: { id: string; timeZone: string },
  now = new Date(),
): Promise<{ open: AmbulanceRequestView[]; closedToday: AmbulanceRequestView[] }> {
  const midnight = startOfToday(org.timeZone, now);
  const [open, closed] = await Promise.all([
    db
      .select(columns)
      .from(ambulanceRequest)
      .where(
        and(
          eq(ambulanceRequest.organizationId, org.id),
          inArray(ambulanceRequest.status, [...openAmbulanceStatuses]),
        ),
      )
      .orderBy(desc(ambulanceRequest.createdAt), desc(ambulanceRequest.id))
      .limit(200),
    db
      .select(columns)
      .from(ambulanceRequest)
      .where(
        and(
          eq(ambulanceRequest.organizationId, org.id),
          or(
            and(
              eq(ambulanceRequest.status, "completed"),
              gte(ambulanceRequest.completedAt, midnight),
            ),
            and(
              eq(ambulanceRequest.status, "cancelled"),
              gte(ambulanceRequest.cancelledAt, midnight),
            ),
          ),
        ),
      )
      .orderBy(desc(ambulanceRequest.updatedAt), desc(ambulanceRequest.id))
      .limit(200),
  ]);
  return { open: open.map(view), closedToday: closed.map(view) };
}

type Step = "dispatch" | "enRoute" | "arrived" | "complete" | "cancel";

/** Each step: the statuses it starts from, where it leads, and the time it stamps. */
const steps: Record<
  Step,
  {
    from: readonly AmbulanceStatus[];
    to: AmbulanceStatus;
    message: AmbulanceStep;
    stamp: "dispatchedAt" | "enRouteAt" | "arrivedAt" | "completedAt" | "cancelledAt";
  }
> = {
  dispatch: { from: ["new"], to: "dispatched", message: "dispatched", stamp: "dispatchedAt" },
  enRoute: { from: ["dispatched"], to: "en_route", message: "en_route", stamp: "enRouteAt" },
  arrived: { from: ["en_route"], to: "arrived", message: "arrived", stamp: "arrivedAt" },
  complete: { from: ["arrived"], to: "completed", message: "completed", stamp: "completedAt" },
  cancel: {
    from: ["new", "dispatched", "en_route", "arrived"],
    to: "cancelled",
    message: "cancelled",
    stamp: "cancelledAt",
  },
};

const statusWords: Record<AmbulanceStatus, string> = {
  new: "new",
  dispatched: "dispatched",
  en_route: "en route",
  arrived: "arrived",
  completed: "completed",
  cancelled: "cancelled",
};

/**
 * Moves a request one step by a guarded update (`where status in (expected)`): a request in
 * another status is CONFLICT, another practice's is NOT_FOUND; nothing is half-written.
 */
function advance(
  ctx: OrgScope,
  id: string,
  step: Step,
  extra: { vehicle?: string; crew?: string; cancelReason?: string } = {},
): Promise<AmbulanceRequestView> {
  const rule = steps[step];
  return ctx.mutate(async (tx, audit) => {
    const [before] = await tx
      .select(columns)
      .from(ambulanceRequest)
      .where(and(eq(ambulanceRequest.organizationId, ctx.org.id), eq(ambulanceRequest.id, id)));
    if (!before) throw notFound("Ambulance request not found");
    const now = new Date();
    const [after] = await tx
      .update(ambulanceRequest)
      .set({
        status: rule.to,
        [rule.stamp]: now,
        ...(step === "dispatch" ? { dispatchedBy: ctx.user.id } : {}),
        ...extra,
        version: sql`${ambulanceRequest.version} + 1`,
        updatedAt: now,
      })
      .where(
        and(
          eq(ambulanceRequest.organizationId, ctx.org.id),
          eq(ambulanceRequest.id, id),
          inArray(ambulanceRequest.status, [...rule.from]),
        ),
      )
      .returning(columns);
    if (!after) {
      const [current] = await tx
        .select({ status: ambulanceRequest.status })
        .from(ambulanceRequest)
        .where(and(eq(ambulanceRequest.organizationId, ctx.org.id), eq(ambulanceRequest.id, id)));
      throw conflict(
        `This request is ${statusWords[current?.status ?? before.status]} now; refresh the board`,
      );
    }
    const phone = await practicePhone(tx, ctx.org.id);
    await queueNotifications(tx, await queueStepMessages(tx, ctx.org, after, rule.message, phone));
    await announce(tx, ctx.org.id, after);
    audit({
      entityType: "ambulance_request",
      entityId: after.id,
      ...(after.patientId ? { patientId: after.patientId } : {}),
      before,
      after,
    });
    return view(after);
  });
}

export const dispatchAmbulance = (ctx: OrgScope, input: AmbulanceDispatchInput) =>
  advance(ctx, input.id, "dispatch", { vehicle: input.vehicle, crew: input.crew });
export const markAmbulanceEnRoute = (ctx: OrgScope, input: { id: string }) =>
  advance(ctx, input.id, "enRoute");
export const markAmbulanceArrived = (ctx: OrgScope, input: { id: string }) =>
  advance(ctx, input.id, "arrived");
export const completeAmbulance = (ctx: OrgScope, input: { id: string }) =>
  advance(ctx, input.id, "complete");
export const cancelAmbulance = (ctx: OrgScope, input: AmbulanceCancelInput) =>
  advance(ctx, input.id, "cancel", { cancelReason: input.reason });

export interface ResponseTimes {
  /** Requests with this step recorded. */
  count: number;
  /** Minutes, one decimal; null without any. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface AmbulanceStats {
  from: string;
  to: string;
  total: number;
  byStatus: Record<AmbulanceStatus, number>;
  /** From the request to a vehicle dispatched. */
  toDispatch: ResponseTimes;
  /** From the request to the ambulance's arrival. */
  toArrival: ResponseTimes;
}

/** Response times and counts of the requests made on the days `from`–`to` (the practice's zone). */
export async function ambulanceStats(
  db: Database,
  org: { id: string; timeZone: string },
  input: AmbulanceStatsInput,
): Promise<AmbulanceStats> {
  const { start, end } = localDateRange(input.from, input.to, org.timeZone);
  const inRange = and(
    eq(ambulanceRequest.organizationId, org.id),
    gte(ambulanceRequest.createdAt, start),
    lt(ambulanceRequest.createdAt, end),
  );
  const waited = (stamp: AnyColumn): SQL =>
    sql`extract(epoch from (${stamp} - ${ambulanceRequest.createdAt})) / 60.0`;
  const [counts, [times]] = await Promise.all([
    db
      .select({ status: ambulanceRequest.status, n: sql<number>`count(*)::int` })
      .from(ambulanceRequest)
      .where(inRange)
      .groupBy(ambulanceRequest.status),
    db
      .select({
        dispatched: sql<number>`count(${ambulanceRequest.dispatchedAt})::int`,
        dispatchMedian: medianOf(waited(ambulanceRequest.dispatchedAt)),
        dispatchP90: p90Of(waited(ambulanceRequest.dispatchedAt)),
        arrived: sql<number>`count(${ambulanceRequest.arrivedAt})::int`,
        arrivalMedian: medianOf(waited(ambulanceRequest.arrivedAt)),
        arrivalP90: p90Of(waited(ambulanceRequest.arrivedAt)),
      })
      .from(ambulanceRequest)
      .where(inRange),
  ]);
  const byStatus = Object.fromEntries(
    (["new", "dispatched", "en_route", "arrived", "completed", "cancelled"] as const).map((s) => [
      s,
      0,
    ]),
  ) as Record<AmbulanceStatus, number>;
  for (const row of counts) byStatus[row.status] = Number(row.n);
  return {
    from: input.from,
    to: input.to,
    total: counts.reduce((sum, row) => sum + Number(row.n), 0),
    byStatus,
    toDispatch: {
      count: Number(times?.dispatched ?? 0),
      medianMinutes: oneDecimal(times?.dispatchMedian),
      p90Minutes: oneDecimal(times?.dispatchP90),
    },
    toArrival: {
      count: Number(times?.arrived ?? 0),
      medianMinutes: oneDecimal(times?.arrivalMedian),
      p90Minutes: oneDecimal(times?.arrivalP90),
    },
  };
}
