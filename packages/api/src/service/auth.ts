// Accounts: sign-up, sign-in, password change. Secrets never leave this module.
import {
  burnPasswordCheck,
  createSession,
  hashPassword,
  invalidateUserSessions,
  verifyPassword,
} from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type { ChangePasswordInput, SignInInput, SignUpInput } from "@caredesk/validators";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { FieldError } from "../errors";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
}

const publicUserColumns = {
  id: schema.user.id,
  email: schema.user.email,
  name: schema.user.name,
  isPlatformAdmin: schema.user.isPlatformAdmin,
};

export async function findUserByEmail(db: Database, email: string) {
  const [row] = await db
    .select({ ...publicUserColumns, passwordHash: schema.user.passwordHash })
    .from(schema.user)
    .where(eq(sql`lower(${schema.user.email})`, email.toLowerCase()));
  return row;
}

export async function createUser(
  tx: Database,
  input: SignUpInput,
  passwordHash: string,
): Promise<PublicUser> {
  const [created] = await tx
    .insert(schema.user)
    .values({ email: input.email, name: input.name, passwordHash })
    .returning(publicUserColumns);
  if (!created) throw new Error("user insert returned nothing");
  return created;
}

export const invalidCredentials = () =>
  new TRPCError({ code: "UNAUTHORIZED", message: "Email or password is incorrect" });

/**
 * Checks credentials. Unknown email and wrong password take the same path through argon2
 * and fail with the same error, so neither the answer nor its timing tells them apart.
 */
export async function checkCredentials(db: Database, input: SignInInput): Promise<PublicUser> {
  const found = await findUserByEmail(db, input.email);
  if (!found) {
    await burnPasswordCheck(input.password);
    throw invalidCredentials();
  }
  const { passwordHash, ...user } = found;
  if (!(await verifyPassword(passwordHash, input.password))) throw invalidCredentials();
  return user;
}

export async function openSession(
  tx: Database,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
) {
  return createSession(tx, userId, {
    ip: meta.ip ?? undefined,
    userAgent: meta.userAgent ?? undefined,
  });
}

/** Verifies the current password and returns the hash of the new one. */
export async function checkPasswordChange(
  db: Database,
  userId: string,
  input: ChangePasswordInput,
): Promise<string> {
  const [row] = await db
    .select({ passwordHash: schema.user.passwordHash })
    .from(schema.user)
    .where(eq(schema.user.id, userId));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new FieldError("BAD_REQUEST", { currentPassword: ["Current password is incorrect"] });
  }
  return hashPassword(input.newPassword);
}

/** Stores a new password hash and revokes every session of the user. */
export async function replacePassword(tx: Database, userId: string, passwordHash: string) {
  await tx.update(schema.user).set({ passwordHash }).where(eq(schema.user.id, userId));
  await invalidateUserSessions(tx, userId);
}

export { hashPassword };
