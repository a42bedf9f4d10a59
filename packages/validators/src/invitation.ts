// Links from account emails (reset a password, confirm an address) and invitations to join a
// practice as a member or as a patient.
import { z } from "zod";
import { Email, Id, Password, PersonName, SingleLine } from "./common";
import { MemberRole } from "./organization";

/**
 * The token a link carries. Any text is let through to the api, which answers every token it
 * cannot use (unknown, expired, used, another purpose, malformed) with the same message.
 */
export const LinkToken = SingleLine(
  200,
  "This link is not complete. Open it again from the email.",
);

export const LinkTokenInput = z.object({ token: LinkToken });
export type LinkTokenInput = z.infer<typeof LinkTokenInput>;

export const RequestPasswordResetInput = z.object({ email: Email });
export type RequestPasswordResetInput = z.infer<typeof RequestPasswordResetInput>;

export const ResetPasswordInput = z.object({ token: LinkToken, password: Password });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;

/** Staff are invited with a role; patients are invited from their record (`patient.invite`). */
export const InvitationRole = MemberRole.exclude(["patient"], "Choose a role");

export const InviteMemberInput = z.object({ email: Email, role: InvitationRole });
export type InviteMemberInput = z.infer<typeof InviteMemberInput>;

export const InvitationIdInput = z.object({ invitationId: Id });

export const PatientInviteInput = z.object({ patientId: Id });

/**
 * Accepting an invitation: a newcomer chooses their name and password; someone who already
 * has an account accepts signed in as it and sends neither.
 */
export const InvitationAcceptInput = z.object({
  token: LinkToken,
  name: PersonName.optional(),
  password: Password.optional(),
});
export type InvitationAcceptInput = z.infer<typeof InvitationAcceptInput>;
