import { z } from "zod";
import { Email, Password, PersonName } from "./common";

export const SignUpInput = z.object({
  email: Email,
  password: Password,
  name: PersonName,
});
export type SignUpInput = z.infer<typeof SignUpInput>;

// Sign-in does not re-check the password policy: old passwords must still work.
export const SignInInput = z.object({
  email: Email,
  password: z.string().min(1, "Enter your password").max(128, "Use at most 128 characters"),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(128),
    newPassword: Password,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: "Choose a password different from the current one",
    path: ["newPassword"],
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const RevokeSessionInput = z.object({ sessionId: z.string().min(1).max(64) });
