import {
  InvitationIdInput,
  InviteMemberInput,
  MemberAddInput,
  MemberChangeRoleInput,
  MemberRemoveInput,
  OrganizationByIdInput,
  OrganizationCreateInput,
  OrganizationLogoInput,
  OrganizationUpdateInput,
  Pagination,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  addMember,
  changeMemberRole,
  createOrganization,
  getOrganizationForMember,
  getOrganizationSettings,
  listMembers,
  listMyOrganizations,
  removeMember,
  setOrganizationLogo,
  updateOrganization,
} from "../service/organization";
import {
  inviteMember,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "../service/invitation";
import { authedProcedure, orgProcedure } from "../trpc";

export const organizationRouter = {
  create: authedProcedure
    .input(OrganizationCreateInput)
    .mutation(({ ctx, input }) => createOrganization(ctx, input)),

  listMine: authedProcedure.query(({ ctx }) => listMyOrganizations(ctx.db, ctx.user.id)),

  byId: authedProcedure
    .input(OrganizationByIdInput)
    .query(({ ctx, input }) => getOrganizationForMember(ctx.db, ctx.user.id, input.id)),

  /** The active organization with how and when it messages patients (the settings screen). */
  settings: orgProcedure("organization.read")
    // Still answers while the practice is suspended: the apps show its name with the notice.
    .meta({ whileSuspended: true })
    .query(({ ctx }) => getOrganizationSettings(ctx.db, ctx.org.id)),

  update: orgProcedure("organization.update")
    .input(OrganizationUpdateInput)
    .mutation(({ ctx, input }) => updateOrganization(ctx, input)),

  /** Sets the logo to a file uploaded with `POST /files/:org?purpose=logo`, or removes it (null). */
  setLogo: orgProcedure("organization.update")
    .input(OrganizationLogoInput)
    .mutation(({ ctx, input }) => setOrganizationLogo(ctx, input)),

  members: orgProcedure("member.read")
    .input(Pagination)
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.org.id, input)),

  addMember: orgProcedure("member.manage")
    .input(MemberAddInput)
    .mutation(({ ctx, input }) => addMember(ctx, input)),

  changeRole: orgProcedure("member.manage")
    .input(MemberChangeRoleInput)
    .mutation(({ ctx, input }) => changeMemberRole(ctx, input)),

  removeMember: orgProcedure("member.manage")
    .input(MemberRemoveInput)
    .mutation(({ ctx, input }) => removeMember(ctx, input.membershipId)),

  /** Invites a colleague by email with a role; the link works for 7 days. */
  invite: orgProcedure("member.manage")
    .meta({ rateLimit: "credentials" })
    .input(InviteMemberInput)
    .mutation(({ ctx, input }) => inviteMember(ctx, input)),

  /** Member invitations still pending and those of the last 30 days, newest first. */
  invitations: orgProcedure("member.read").query(({ ctx }) => listInvitations(ctx.db, ctx.org.id)),

  revokeInvitation: orgProcedure("member.manage")
    .input(InvitationIdInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx, input.invitationId)),

  /** Sends a pending invitation again for another 7 days; the earlier link stops working. */
  resendInvitation: orgProcedure("member.manage")
    .meta({ rateLimit: "credentials" })
    .input(InvitationIdInput)
    .mutation(({ ctx, input }) => resendInvitation(ctx, input.invitationId)),
} satisfies TRPCRouterRecord;
