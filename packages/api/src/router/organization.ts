import {
  MemberAddInput,
  MemberChangeRoleInput,
  MemberRemoveInput,
  OrganizationByIdInput,
  OrganizationCreateInput,
  OrganizationUpdateInput,
  Pagination,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  addMember,
  changeMemberRole,
  createOrganization,
  getOrganizationForMember,
  listMembers,
  listMyOrganizations,
  removeMember,
  updateOrganization,
} from "../service/organization";
import { authedProcedure, orgProcedure } from "../trpc";

export const organizationRouter = {
  create: authedProcedure.input(OrganizationCreateInput).mutation(({ ctx, input }) =>
    ctx.mutate("organization.create", async (tx, audit) => {
      const created = await createOrganization(tx, ctx.user.id, input);
      ctx.auditScope.organizationId = created.id;
      audit({ entityType: "organization", entityId: created.id, after: created });
      return created;
    }),
  ),

  listMine: authedProcedure.query(({ ctx }) => listMyOrganizations(ctx.db, ctx.user.id)),

  byId: authedProcedure
    .input(OrganizationByIdInput)
    .query(({ ctx, input }) => getOrganizationForMember(ctx.db, ctx.user.id, input.id)),

  update: orgProcedure("organization.update")
    .input(OrganizationUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("organization.update", async (tx, audit) => {
        const { before, after } = await updateOrganization(tx, ctx.org.id, input);
        audit({ entityType: "organization", entityId: after.id, before, after });
        return after;
      }),
    ),

  members: orgProcedure("member.read")
    .input(Pagination)
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.org.id, input)),

  addMember: orgProcedure("member.manage")
    .input(MemberAddInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("organization.addMember", async (tx, audit) => {
        const member = await addMember(tx, ctx.org.id, ctx.user.id, input);
        audit({ entityType: "membership", entityId: member.id, after: member });
        return member;
      }),
    ),

  changeRole: orgProcedure("member.manage")
    .input(MemberChangeRoleInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("organization.changeRole", async (tx, audit) => {
        const { before, after } = await changeMemberRole(
          tx,
          ctx.org.id,
          ctx.user.id,
          input.membershipId,
          input.role,
        );
        audit({ entityType: "membership", entityId: after.id, before, after });
        return after;
      }),
    ),

  removeMember: orgProcedure("member.manage")
    .input(MemberRemoveInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("organization.removeMember", async (tx, audit) => {
        const before = await removeMember(tx, ctx.org.id, ctx.user.id, input.membershipId);
        audit({ entityType: "membership", entityId: before.id, before });
        return { ok: true as const };
      }),
    ),
} satisfies TRPCRouterRecord;
