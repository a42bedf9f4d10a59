import { z } from "zod";
import {
  CountryCode,
  CurrencyCode,
  Cursor,
  Email,
  Id,
  LocaleTag,
  OptionalSingleLine,
  PageLimit,
  SearchText,
  SingleLine,
  Slug,
  TimeZone,
} from "./common";

export const organizationKinds = ["hospital", "clinic", "dental", "pharmacy"] as const;
export const OrganizationKind = z.enum(organizationKinds, "Choose a kind of practice");

/** In the database's order (pharmacist came with the pharmacy). */
export const memberRoles = [
  "owner",
  "admin",
  "manager",
  "doctor",
  "staff",
  "patient",
  "pharmacist",
] as const;
export const MemberRole = z.enum(memberRoles, "Choose a role");

export const OrganizationCreateInput = z.object({
  name: SingleLine(120).min(2, "Enter the practice name"),
  slug: Slug,
  kind: OrganizationKind,
  timeZone: TimeZone,
  currency: CurrencyCode,
  /** Default region for phone numbers typed without a country code. */
  country: CountryCode.nullish(),
});
export type OrganizationCreateInput = z.infer<typeof OrganizationCreateInput>;

/** `mobile`: the Caredesk app through FCM; a practice turns it on with `push`. */
export const notificationChannels = ["email", "sms", "push", "in_app", "mobile"] as const;
export const NotificationChannel = z.enum(notificationChannels, "Choose a channel");

/** A reminder's offset before the start, in minutes: 15 minutes to 7 days. */
export const ReminderOffset = z
  .number("Enter minutes")
  .int("Use whole minutes")
  .min(15, "Send reminders at least 15 minutes ahead")
  .max(10_080, "Send reminders at most 7 days ahead");

/** A wall-clock minute of the local day (0 = midnight, 1439 = 23:59). */
const MinuteOfDay = z
  .number("Enter a time")
  .int("Use whole minutes")
  .min(0, "Use a time of day")
  .max(1439, "Use a time of day");

/** How the practice writes dates and money and when and how it messages patients. */
/** Universal (1–32, A–T) or FDI (11–48, 51–85), as the organization's column allows. */
const chartNumberings = ["universal", "fdi"] as const;

const practiceSettings = z.object({
  locale: LocaleTag,
  reminderOffsets: z
    .array(ReminderOffset, "Choose reminder times")
    .max(4, "Send at most 4 reminders")
    .refine((offsets) => new Set(offsets).size === offsets.length, "Use each reminder time once"),
  /** Reminders are not sent from `quietHoursStart` to `quietHoursEnd`; null: at any hour. */
  quietHoursStart: MinuteOfDay.nullable(),
  quietHoursEnd: MinuteOfDay.nullable(),
  /** The name patients see as the sender; blank: the practice's name. */
  senderName: OptionalSingleLine(120),
  /** In-app messages are always on; it is added when left out. */
  channels: z
    .array(NotificationChannel, "Choose channels")
    .max(notificationChannels.length, "Choose each channel once")
    .refine((channels) => new Set(channels).size === channels.length, "Choose each channel once"),
  /** How the dental chart writes teeth. */
  toothNumbering: z.enum(chartNumberings, "Choose Universal or FDI numbering"),
  /** Whether the chart shows primary (deciduous) teeth too. */
  chartPrimaryTeeth: z.boolean("Choose yes or no"),
});

export const OrganizationUpdateInput = OrganizationCreateInput.omit({ slug: true, kind: true })
  .extend(practiceSettings.shape)
  .partial()
  .extend({ id: Id })
  .refine(
    (input) =>
      input.quietHoursStart === undefined ||
      input.quietHoursEnd === undefined ||
      (input.quietHoursStart === null) === (input.quietHoursEnd === null),
    { message: "Give both ends of the quiet hours, or neither", path: ["quietHoursEnd"] },
  )
  .refine(
    (input) =>
      input.quietHoursStart == null ||
      input.quietHoursEnd == null ||
      input.quietHoursStart !== input.quietHoursEnd,
    { message: "Quiet hours must end at another time than they start", path: ["quietHoursEnd"] },
  );
export type OrganizationUpdateInput = z.infer<typeof OrganizationUpdateInput>;

/** Sets the practice's logo (a file uploaded with purpose "logo"), or removes it (null). */
export const OrganizationLogoInput = z.object({ fileId: Id.nullable() });
export type OrganizationLogoInput = z.infer<typeof OrganizationLogoInput>;

export const OrganizationByIdInput = z.object({ id: Id });

export const MemberAddInput = z.object({ email: Email, role: MemberRole });
export type MemberAddInput = z.infer<typeof MemberAddInput>;

export const MemberChangeRoleInput = z.object({ membershipId: Id, role: MemberRole });
export const MemberRemoveInput = z.object({ membershipId: Id });

export const AdminSearchInput = z.object({
  search: SearchText.optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
