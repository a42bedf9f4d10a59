// What the api answers, for the procedures it also serves as REST operations (/api/v1): tRPC
// checks every answer against these at run time, and the OpenAPI document describes them.
// They hold what the database returns (Dates, stored text), not what a client may send, so
// the input primitives of common.ts do not apply here (eslint.config.js exempts this file).
import { z } from "zod";
import { appointmentKinds, appointmentSources, appointmentStatuses } from "./appointment";
import { memberRoles, organizationKinds } from "./organization";
import { documentKinds, patientSexes } from "./patient";
import { resourceKinds } from "./structure";
import { mobilePlatforms } from "./device";

// ---------------------------------------------------------------------------------------------
// Primitives of answers

/** An instant (a Date in the api); JSON carries it as an ISO 8601 date-time in UTC. */
export const Timestamp = z.date().meta({ override: { type: "string", format: "date-time" } });

/** A calendar day as PostgreSQL's `date` returns it, `YYYY-MM-DD`. */
const Day = z.iso.date();

const RecordId = z.uuid();

const nullableText = z.string().nullable();

/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor` for the next page. */
function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Null on the last page" }),
  });
}

export const OkOutput = z.object({ ok: z.literal(true) }).meta({ id: "Ok" });

// ---------------------------------------------------------------------------------------------
// Accounts

export const UserOutput = z
  .object({
    id: RecordId,
    email: z.string(),
    name: z.string(),
    isPlatformAdmin: z.boolean(),
  })
  .meta({ id: "User" });

/** Every feature a practice can have on (the database's practice_feature enum). */
export const practiceFeatureNames = [
  "reviews",
  "patient_portal",
  "assistant",
  "ambulance",
  "prescription_refill",
] as const;

export const MyOrganizationOutput = z
  .object({
    id: RecordId,
    slug: z.string(),
    name: z.string(),
    kind: z.enum(organizationKinds),
    timeZone: z.string().meta({ description: "IANA time zone, e.g. Africa/Cairo" }),
    currency: z.string().meta({ description: "ISO 4217 code; prices are in its minor unit" }),
    country: nullableText,
    locale: z.string().meta({
      description: "BCP 47 tag dates, times and money are written with, e.g. ar-EG",
    }),
    createdAt: Timestamp,
    logoFileId: RecordId.nullable().meta({
      description: "The practice's logo: GET /files/{organizationId}/{logoFileId}",
    }),
    toothNumbering: z.enum(["universal", "fdi"]),
    chartPrimaryTeeth: z.boolean(),
    role: z.enum(memberRoles).meta({ description: "The signed-in user's role there" }),
    features: z
      .array(z.enum(practiceFeatureNames))
      .meta({ description: "The practice's features switched on; the others answer 404" }),
    suspendedAt: Timestamp.nullable().meta({
      description:
        "Set while a platform operator has the practice suspended: its procedures answer 412",
    }),
    suspensionReason: nullableText.meta({ description: "Why the practice is suspended" }),
  })
  .meta({ id: "MyOrganization" });

export const MeOutput = z
  .object({ user: UserOutput, organizations: z.array(MyOrganizationOutput) })
  .nullable()
  .meta({ id: "Me", description: "Null when the request carries no valid session" });

export const TokenOutput = z
  .object({
    token: z.string().meta({
      description: "Send as `Authorization: Bearer <token>`. Shown once; store it securely.",
    }),
    tokenType: z.literal("Bearer"),
    expiresAt: Timestamp.meta({
      description: "Moves forward while the token is used (sliding expiry)",
    }),
    user: UserOutput,
  })
  .meta({ id: "Token" });

// ---------------------------------------------------------------------------------------------
// What can be booked, and when

export const CatalogOutput = z
  .object({
    timeZone: z.string(),
    currency: z.string(),
    services: z.array(
      z.object({
        id: RecordId,
        name: z.string(),
        durationMinutes: z.number().int(),
        priceMinor: z.number().int(),
        colour: z.string(),
      }),
    ),
    practitioners: z.array(
      z.object({
        resourceId: RecordId.meta({
          description: "Pass as practitionerResourceId or in resourceIds",
        }),
        name: z.string(),
        title: nullableText,
        specialization: nullableText,
        photoFileId: RecordId.nullable(),
      }),
    ),
  })
  .meta({ id: "Catalog" });

export const SlotOutput = z
  .object({
    start: Timestamp,
    end: Timestamp,
    resourceIds: z.array(RecordId).meta({ description: "What the slot would occupy" }),
  })
  .meta({ id: "Slot" });

export const AvailabilityOutput = z
  .object({
    timeZone: z.string(),
    service: z.object({ id: RecordId, name: z.string(), durationMinutes: z.number().int() }),
    slots: z.array(SlotOutput),
  })
  .meta({ id: "Availability" });

export const ServiceOutput = z
  .object({
    id: RecordId,
    name: z.string(),
    description: nullableText,
    durationMinutes: z.number().int(),
    priceMinor: z.number().int(),
    colour: z.string(),
    bufferBeforeMinutes: z.number().int(),
    bufferAfterMinutes: z.number().int(),
    minNoticeMinutes: z.number().int(),
    horizonDays: z.number().int(),
    slotIntervalMinutes: z.number().int(),
    departmentId: RecordId.nullable(),
    active: z.boolean(),
    createdAt: Timestamp,
    requirements: z.array(
      z.object({
        kind: z.enum(resourceKinds),
        departmentId: RecordId.nullable(),
        category: nullableText,
      }),
    ),
  })
  .meta({ id: "Service" });

export const ServicePageOutput = page(ServiceOutput).meta({ id: "ServicePage" });

export const PractitionerOutput = z
  .object({
    id: RecordId,
    name: z.string(),
    title: nullableText,
    specialization: nullableText,
    departmentId: RecordId.nullable(),
    userId: RecordId.nullable(),
    email: nullableText,
    phone: nullableText,
    yearsOfExperience: z.number().int().nullable(),
    bio: nullableText,
    photoFileId: RecordId.nullable(),
    active: z.boolean(),
    createdAt: Timestamp,
    resourceId: RecordId.meta({ description: "The practitioner's bookable resource" }),
  })
  .meta({ id: "Practitioner" });

export const PractitionerPageOutput = page(PractitionerOutput).meta({ id: "PractitionerPage" });

// ---------------------------------------------------------------------------------------------
// Appointments

const appointmentFields = {
  id: RecordId,
  patientId: RecordId.nullable().meta({ description: "Null only while a slot is held" }),
  serviceId: RecordId,
  startsAt: Timestamp,
  endsAt: Timestamp,
  status: z.enum(appointmentStatuses),
  kind: z.enum(appointmentKinds),
  source: z.enum(appointmentSources),
  notes: nullableText,
  cancellationReason: nullableText,
  version: z
    .number()
    .int()
    .meta({ description: "Send it back to reschedule or cancel; a stale one answers 409" }),
  holdExpiresAt: Timestamp.nullable(),
  patientConfirmedAt: Timestamp.nullable().meta({
    description: "When the patient confirmed they will come (a reminder's link)",
  }),
  createdAt: Timestamp,
  serviceName: z.string(),
  colour: z.string(),
};

export const AppointmentOutput = z
  .object({
    ...appointmentFields,
    patientName: nullableText,
    resources: z.array(z.object({ id: RecordId, name: z.string(), kind: z.enum(resourceKinds) })),
  })
  .meta({ id: "Appointment" });

export const CalendarAppointmentOutput = z
  .object({
    ...appointmentFields,
    patientName: nullableText,
    resourceIds: z.array(RecordId),
  })
  .meta({ id: "CalendarAppointment" });

export const OwnAppointmentOutput = z
  .object(appointmentFields)
  .meta({ id: "OwnAppointment", description: "One of the signed-in patient's appointments" });

// ---------------------------------------------------------------------------------------------
// Patients and their documents

export const PatientOutput = z
  .object({
    id: RecordId,
    firstName: z.string(),
    lastName: z.string(),
    mobile: z.string().meta({ description: "E.164" }),
    email: nullableText,
    dateOfBirth: Day.nullable(),
    sex: z.enum(patientSexes),
    address: nullableText,
    notes: nullableText,
    userId: RecordId.nullable().meta({ description: "The linked portal account, if any" }),
    archivedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "Patient" });

export const PatientPageOutput = page(PatientOutput).meta({ id: "PatientPage" });

export const DocumentOutput = z
  .object({
    id: RecordId,
    patientId: RecordId,
    fileId: RecordId.meta({ description: "Download it at GET /files/{organizationId}/{fileId}" }),
    kind: z.enum(documentKinds),
    title: z.string(),
    documentDate: Day.nullable(),
    createdAt: Timestamp,
    mimeType: z.string(),
    sizeBytes: z.number().int(),
    fileName: z.string(),
    fileStatus: z.enum(["available", "quarantined", "infected"]).meta({
      description:
        "`available`: downloadable; `quarantined`: being checked for malware (not downloadable " +
        "yet); `infected`: malware was found and the file was deleted",
    }),
  })
  .meta({ id: "Document" });

export const DocumentPageOutput = page(DocumentOutput).meta({ id: "DocumentPage" });

// ---------------------------------------------------------------------------------------------
// The practice assistant

const AssistantCitationOutput = z.object({
  label: z.string(),
  href: z.string().meta({
    description: "`/p/<slug>…` (a page or section of the practice's site) or `/portal…`",
  }),
});

const AssistantActionOutput = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("slot"),
      label: z.string(),
      start: Timestamp,
      serviceId: RecordId,
      practitionerResourceId: RecordId.nullable(),
      href: z.string(),
    }),
    z.object({ kind: z.literal("call"), label: z.string(), href: z.string() }),
    z.object({ kind: z.literal("handover"), label: z.string() }),
    z.object({ kind: z.literal("link"), label: z.string(), href: z.string() }),
  ])
  .meta({
    id: "AssistantAction",
    description:
      "What the patient can do next: book a free time (`slot`: book it with `POST /v1/me/appointments`), call, hand over to a person, open a link",
  });

export const AssistantMessageOutput = z
  .object({
    id: RecordId,
    role: z.enum(["visitor", "assistant"]),
    text: z.string().meta({ description: "Plain text with line breaks; never HTML" }),
    citations: z.array(AssistantCitationOutput),
    actions: z.array(AssistantActionOutput),
    emergency: z.boolean().meta({ description: "Answered as an emergency: show it first" }),
    createdAt: Timestamp,
  })
  .meta({ id: "AssistantMessage" });

export const AssistantConversationOutput = z
  .object({
    id: RecordId,
    status: z.enum(["open", "handed_over", "resolved"]),
    locale: z.enum(["en", "ar"]),
    messages: z.array(AssistantMessageOutput),
  })
  .meta({ id: "AssistantConversation" });

export const AssistantAnswerOutput = z
  .object({
    conversationId: RecordId,
    token: z
      .string()
      .nullable()
      .meta({ description: "A site visitor's new conversation token; null for patients" }),
    reply: AssistantMessageOutput,
  })
  .meta({ id: "AssistantAnswer" });

export const AssistantDeletedOutput = z
  .object({ deleted: z.literal(true) })
  .meta({ id: "AssistantDeleted" });

// ---------------------------------------------------------------------------------------------
// Mobile devices (push through FCM)

/** A registered device; its FCM token is never answered (it lets anyone message the phone). */
export const MobileDeviceOutput = z
  .object({
    id: RecordId,
    platform: z.enum(mobilePlatforms),
    appVersion: nullableText,
    deviceName: nullableText,
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
  })
  .meta({ id: "MobileDevice" });

// ---------------------------------------------------------------------------------------------
// Errors

/** The codes a REST error can carry (DESIGN.md, "API conventions", plus the transport's own). */
export const restErrorCodes = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "TOO_MANY_REQUESTS",
  "INTERNAL_SERVER_ERROR",
  "SERVICE_UNAVAILABLE",
] as const;

/** Every error of /api/v1, whatever refused the request. */
export const RestErrorOutput = z
  .object({
    code: z.enum(restErrorCodes),
    message: z.string().meta({ description: "For people; do not parse it" }),
    fieldErrors: z.record(z.string(), z.array(z.string())).optional().meta({
      description:
        "Messages by input field (dotted path, `_form` for the whole input), e.g. on BAD_REQUEST",
    }),
    alternatives: z
      // Not `SlotOutput` itself: this schema is also read as input (a component of its own),
      // and one schema in both roles would be listed twice.
      .array(z.object({ start: Timestamp, end: Timestamp, resourceIds: z.array(RecordId) }))
      .optional()
      .meta({ description: "Free slots to offer instead, when a booking cannot have its time" }),
    retryAfterSeconds: z
      .number()
      .int()
      .optional()
      .meta({ description: "TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE: also the Retry-After header" }),
  })
  .meta({ id: "Error" });
export type RestError = z.infer<typeof RestErrorOutput>;
