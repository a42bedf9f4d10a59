import { z } from "zod";
import { Email, Password, PasswordAttempt, PersonName, SessionId, SingleLine } from "./common";

export const SignUpInput = z.object({
  email: Email,
  password: Password,
  name: PersonName,
});
export type SignUpInput = z.infer<typeof SignUpInput>;

// Sign-in does not re-check the password policy: old passwords must still work.
export const SignInInput = z.object({
  email: Email,
  password: PasswordAttempt(),
});
export type SignInInput = z.infer<typeof SignInInput>;

/** A device signs in for a bearer token (`POST /api/v1/auth/token`), named for its owner's list. */
export const TokenIssueInput = SignInInput.extend({
  deviceName: SingleLine(80, "Name this device, e.g. “Mona’s phone”"),
});
export type TokenIssueInput = z.infer<typeof TokenIssueInput>;

export const ChangePasswordInput = z
  .object({
    currentPassword: PasswordAttempt("Enter your current password"),
    newPassword: Password,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: "Choose a password different from the current one",
    path: ["newPassword"],
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const RevokeSessionInput = z.object({ sessionId: SessionId });
