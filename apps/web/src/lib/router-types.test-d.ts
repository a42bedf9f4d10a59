// Compile-time checks that the API's outputs keep the shapes the screens rely on.
// Checked by `tsc --noEmit`; nothing runs.
import type { RouterOutputs } from "@caredesk/api";
import { expectTypeOf } from "vitest";

type Me = RouterOutputs["auth"]["me"];
type MemberPage = RouterOutputs["organization"]["members"];
type Member = MemberPage["items"][number];
type Role = "owner" | "admin" | "manager" | "doctor" | "staff" | "patient" | "pharmacist";

// Signed out is a normal answer, not an error.
expectTypeOf<Me>().toEqualTypeOf<NonNullable<Me> | null>();
expectTypeOf<NonNullable<Me>["user"]>().toEqualTypeOf<{
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
}>();
expectTypeOf<NonNullable<Me>["organizations"][number]["role"]>().toEqualTypeOf<Role>();
expectTypeOf<NonNullable<Me>["organizations"][number]>().toHaveProperty("timeZone").toBeString();
expectTypeOf<NonNullable<Me>["user"]>().not.toHaveProperty("passwordHash");

expectTypeOf<MemberPage["nextCursor"]>().toEqualTypeOf<string | null>();
expectTypeOf<Member["role"]>().toEqualTypeOf<Role>();
expectTypeOf<Member["email"]>().toEqualTypeOf<string>();
expectTypeOf<Member["joinedAt"]>().toEqualTypeOf<Date>();
expectTypeOf<Member>().not.toHaveProperty("passwordHash");

type AdminOrganization = RouterOutputs["admin"]["organizations"]["items"][number];
expectTypeOf<AdminOrganization["memberCount"]>().toEqualTypeOf<number>();
type Session = RouterOutputs["auth"]["sessions"][number];
expectTypeOf<Session["current"]>().toEqualTypeOf<boolean>();
expectTypeOf<Session>().not.toHaveProperty("secretHash");
