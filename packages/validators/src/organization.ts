import { z } from "zod";
import {
  CountryCode,
  CurrencyCode,
  Cursor,
  Email,
  Id,
  PageLimit,
  SearchText,
  SingleLine,
  Slug,
  TimeZone,
} from "./common";

export const organizationKinds = ["hospital", "clinic", "dental", "pharmacy"] as const;
export const OrganizationKind = z.enum(organizationKinds, "Choose a kind of practice");

export const memberRoles = ["owner", "admin", "manager", "doctor", "staff", "patient"] as const;
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
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
