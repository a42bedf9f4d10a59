// Organizations and their members. Every query here is scoped by an organization id
// that came from the session's membership, never from the client's input alone.
import {
  canManageRole,
  organizationProfileColumns,
  type OrganizationProfile,
  type Role,
} from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type {
  MemberAddInput,
  OrganizationCreateInput,
  OrganizationLogoInput,
  OrganizationUpdateInput,
} from "@caredesk/validators";
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import { auditChange, auditRemoval } from "../audit";
import { DomainError, FieldError, forbidden, notFound } from "../errors";
import type { OrgScope, RequestScope } from "../scope";
import { assertFilePurpose } from "./file";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";

type Editor = Pick<OrgScope, "org" | "user" | "mutate">;
const { organization, membership, user } = schema;

export const organizationColumns = {
  ...organizationProfileColumns,
  createdAt: organization.createdAt,
  logoFileId: organization.logoFileId,
  toothNumbering: organization.toothNumbering,
  chartPrimaryTeeth: organization.chartPrimaryTeeth,
};

export type Organization = OrganizationProfile & {
  createdAt: Date;
  /** The practice's logo, a file of purpose "logo"; null: none. */
  logoFileId: string | null;
  toothNumbering: "universal" | "fdi";
  chartPrimaryTeeth: boolean;
};

/** How and when the practice messages patients (the settings screen). */
export const organizationSettingsColumns = {
  ...organizationColumns,
  reminderOffsets: organization.reminderOffsets,
  quietHoursStart: organization.quietHoursStart,
  quietHoursEnd: organization.quietHoursEnd,
  senderName: organization.senderName,
  channels: organization.channels,
};

export type OrganizationSettings = Organization & {
  reminderOffsets: number[];
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  senderName: string | null;
  channels: string[];
};

/** The active organization with its messaging settings. */
export async function getOrganizationSettings(
  db: Database,
  organizationId: string,
): Promise<OrganizationSettings> {
  const [row] = await db
    .select(organizationSettingsColumns)
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!row) throw notFound("Organization not found");
  return row;
}

export async function listMyOrganizations(db: Database, userId: string) {
  return db
    .select({
      ...organizationColumns,
      role: membership.role,
      // A suspended practice's apps show a notice with the reason instead of the workspace.
      suspendedAt: organization.suspendedAt,
      suspensionReason: organization.suspensionReason,
    })
    .from(membership)
    .innerJoin(organization, eq(organization.id, membership.organizationId))
    .where(eq(membership.userId, userId))
    .orderBy(asc(organization.name));
}

export async function getOrganizationForMember(
  db: Database,
  userId: string,
  organizationId: string,
) {
  const [row] = await db
    .select({ ...organizationColumns, role: membership.role })
    .from(membership)
    .innerJoin(organization, eq(organization.id, membership.organizationId))
    .where(and(eq(membership.organizationId, organizationId), eq(membership.userId, userId)));
  if (!row) throw notFound("Organization not found");
  return row;
}

/** A new organization with the caller as its owner. */
export function createOrganization(
  ctx: Pick<RequestScope, "mutate"> & { user: { id: string } },
  input: OrganizationCreateInput,
): Promise<Organization> {
  return ctx.mutate(async (tx, audit) => {
    const [created] = await tx.insert(organization).values(input).returning(organizationColumns);
    if (!created) throw new Error("organization insert returned nothing");
    await tx.insert(membership).values({
      organizationId: created.id,
      userId: ctx.user.id,
      role: "owner",
    });
    audit({
      organizationId: created.id,
      entityType: "organization",
      entityId: created.id,
      after: created,
    });
    return created;
  });
}

export function updateOrganization(
  ctx: Editor,
  input: OrganizationUpdateInput,
): Promise<OrganizationSettings> {
  const organizationId = ctx.org.id;
  return auditChange(ctx.mutate, "organization", async (tx) => {
    if (input.id !== organizationId) throw notFound("Organization not found");
    const [before] = await tx
      .select(organizationSettingsColumns)
      .from(organization)
      .where(eq(organization.id, organizationId))
      .for("update");
    if (!before) throw notFound("Organization not found");
    const { id: _id, channels, reminderOffsets, ...rest } = input;
    const changes = {
      ...rest,
      // In-app messages are always on; offsets are kept nearest-last, as reminders go out.
      ...(channels ? { channels: [...new Set([...channels, "in_app"])] } : {}),
      ...(reminderOffsets ? { reminderOffsets: [...reminderOffsets].sort((a, b) => b - a) } : {}),
    };
    const [after] = await tx
      .update(organization)
      .set(changes)
      .where(eq(organization.id, organizationId))
      .returning(organizationSettingsColumns);
    if (!after) throw notFound("Organization not found");
    return { before, after };
  });
}

/**
 * Sets the practice's logo to an uploaded file of purpose "logo" (an image of this
 * organization), or removes it (null). Any other file is not found.
 */
export function setOrganizationLogo(
  ctx: Editor,
  input: OrganizationLogoInput,
): Promise<OrganizationSettings> {
  const organizationId = ctx.org.id;
  return auditChange(ctx.mutate, "organization", async (tx) => {
    await assertFilePurpose(tx, organizationId, input.fileId, "logo", "fileId");
    const [before] = await tx
      .select(organizationSettingsColumns)
      .from(organization)
      .where(eq(organization.id, organizationId))
      .for("update");
    if (!before) throw notFound("Organization not found");
    const [after] = await tx
      .update(organization)
      .set({ logoFileId: input.fileId })
      .where(eq(organization.id, organizationId))
      .returning(organizationSettingsColumns);
    if (!after) throw notFound("Organization not found");
    return { before, after };
  });
}

const memberColumns = {
  id: membership.id,
  role: membership.role,
  userId: user.id,
  name: user.name,
  email: user.email,
  joinedAt: membership.createdAt,
};

export type Member = {
  id: string;
  role: Role;
  userId: string;
  name: string;
  email: string;
  joinedAt: Date;
};

export async function listMembers(
  db: Database,
  organizationId: string,
  input: { cursor?: string | undefined; limit: number },
): Promise<Page<Member>> {
  const cursor = decodeCursor(input.cursor);
  const sortName = sql<string>`lower(${user.name})`;
  const after =
    cursor && typeof cursor[0] === "string" && typeof cursor[1] === "string"
      ? or(
          gt(sortName, cursor[0]),
          and(eq(sortName, cursor[0]), gt(membership.id, cursorId(cursor[1]))),
        )
      : undefined;
  const rows = await db
    .select(memberColumns)
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(eq(membership.organizationId, organizationId), after))
    .orderBy(asc(sortName), asc(membership.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (m) => [m.name.toLowerCase(), m.id]);
}

async function memberInOrg(tx: Database, organizationId: string, membershipId: string) {
  const [row] = await tx
    .select(memberColumns)
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(eq(membership.id, membershipId), eq(membership.organizationId, organizationId)))
    .for("update", { of: membership });
  if (!row) throw notFound("Member not found");
  return row;
}

/**
 * Serializes member changes within one organization and returns the actor's role as it is
 * now. Without the lock, two owners demoting each other at once both count two owners and
 * both succeed; reading the role under the lock means a member demoted a moment ago cannot
 * finish a change with the role they no longer have.
 */
async function lockMembers(
  tx: Database,
  organizationId: string,
  actorUserId: string,
): Promise<Role> {
  await tx
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.id, organizationId))
    .for("no key update");
  const [actor] = await tx
    .select({ role: membership.role })
    .from(membership)
    .where(and(eq(membership.organizationId, organizationId), eq(membership.userId, actorUserId)));
  if (!actor) throw notFound("Organization not found");
  return actor.role;
}

async function ownerCount(tx: Database, organizationId: string): Promise<number> {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(membership)
    .where(and(eq(membership.organizationId, organizationId), eq(membership.role, "owner")));
  return row?.count ?? 0;
}

function forbidRole(): DomainError {
  return forbidden("Only an owner can grant or change the owner role");
}

export function addMember(ctx: Editor, input: MemberAddInput): Promise<Member> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const actorRole = await lockMembers(tx, organizationId, ctx.user.id);
    if (!canManageRole(actorRole, input.role)) throw forbidRole();
    const [account] = await tx
      .select({ id: user.id })
      .from(user)
      .where(eq(sql`lower(${user.email})`, input.email));
    if (!account) {
      throw new FieldError("NOT_FOUND", {
        email: ["No Caredesk account uses this email yet. Ask them to sign up first."],
      });
    }
    const [created] = await tx
      .insert(membership)
      .values({ organizationId, userId: account.id, role: input.role })
      .returning({ id: membership.id });
    if (!created) throw new Error("membership insert returned nothing");
    const member = await memberInOrg(tx, organizationId, created.id);
    audit({ entityType: "membership", entityId: member.id, after: member });
    return member;
  });
}

export function changeMemberRole(
  ctx: Editor,
  input: { membershipId: string; role: Role },
): Promise<Member> {
  const organizationId = ctx.org.id;
  return auditChange(ctx.mutate, "membership", async (tx) => {
    const actorRole = await lockMembers(tx, organizationId, ctx.user.id);
    const before = await memberInOrg(tx, organizationId, input.membershipId);
    if (!canManageRole(actorRole, before.role) || !canManageRole(actorRole, input.role)) {
      throw forbidRole();
    }
    if (
      before.role === "owner" &&
      input.role !== "owner" &&
      (await ownerCount(tx, organizationId)) <= 1
    ) {
      throw new FieldError("PRECONDITION_FAILED", {
        role: ["An organization needs at least one owner. Make someone else owner first."],
      });
    }
    await tx
      .update(membership)
      .set({ role: input.role })
      .where(eq(membership.id, input.membershipId));
    return { before, after: { ...before, role: input.role } };
  });
}

export function removeMember(ctx: Editor, membershipId: string) {
  const organizationId = ctx.org.id;
  return auditRemoval(ctx.mutate, "membership", async (tx) => {
    const actorRole = await lockMembers(tx, organizationId, ctx.user.id);
    const before = await memberInOrg(tx, organizationId, membershipId);
    if (!canManageRole(actorRole, before.role)) throw forbidRole();
    if (before.role === "owner" && (await ownerCount(tx, organizationId)) <= 1) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        "An organization needs at least one owner. Make someone else owner first.",
      );
    }
    await tx.delete(membership).where(eq(membership.id, membershipId));
    return before;
  });
}
