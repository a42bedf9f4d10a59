import { z } from "zod";
import { CurrencyCode, Email, Id, SearchText, TimeZone } from "./common";

export const organizationKinds = ["hospital", "clinic", "dental", "pharmacy"] as const;
export const OrganizationKind = z.enum(organizationKinds, "Choose a kind of practice");

export const memberRoles = ["owner", "admin", "manager", "doctor", "staff", "patient"] as const;
export const MemberRole = z.enum(memberRoles, "Choose a role");

export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(48, "Use at most 48 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes");

export const OrganizationCreateInput = z.object({
  name: z.string().trim().min(2, "Enter the practice name").max(120, "Use at most 120 characters"),
  slug: Slug,
  kind: OrganizationKind,
  timeZone: TimeZone,
  currency: CurrencyCode,
  /** Default region for phone numbers typed without a country code. */
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Use a two-letter country code")
    .nullish(),
});
export type OrganizationCreateInput = z.infer<typeof OrganizationCreateInput>;

export const OrganizationUpdateInput = OrganizationCreateInput.omit({ slug: true, kind: true })
  .partial()
  .extend({ id: Id });
export type OrganizationUpdateInput = z.infer<typeof OrganizationUpdateInput>;

export const OrganizationByIdInput = z.object({ id: Id });

export const MemberAddInput = z.object({ email: Email, role: MemberRole });
export type MemberAddInput = z.infer<typeof MemberAddInput>;

export const MemberChangeRoleInput = z.object({ membershipId: Id, role: MemberRole });
export const MemberRemoveInput = z.object({ membershipId: Id });

export const AdminSearchInput = z.object({
  search: SearchText.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
