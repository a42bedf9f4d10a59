// Platform-operator views across all organizations (the admin app). Read-only for now.
import { schema, type Database } from "@caredesk/db";
import { and, desc, ilike, or, sql } from "drizzle-orm";
import { decodeCursor, likePattern, olderThanCursor, toPage } from "./pagination";
import { organizationColumns } from "./organization";

const { organization, membership, user } = schema;

interface ListInput {
  search?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function adminListOrganizations(db: Database, input: ListInput) {
  const cursor = decodeCursor(input.cursor);
  const search = input.search ? likePattern(input.search) : null;
  const rows = await db
    .select({
      ...organizationColumns,
      memberCount: sql<number>`(select count(*)::int from ${membership} where ${membership}.organization_id = ${organization}.id)`,
    })
    .from(organization)
    .where(
      and(
        search ? or(ilike(organization.name, search), ilike(organization.slug, search)) : undefined,
        olderThanCursor(cursor, organization, organization.createdAt, organization.id),
      ),
    )
    .orderBy(desc(organization.createdAt), desc(organization.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.id]);
}

export async function adminListUsers(db: Database, input: ListInput) {
  const cursor = decodeCursor(input.cursor);
  const search = input.search ? likePattern(input.search) : null;
  const rows = await db
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      isPlatformAdmin: user.isPlatformAdmin,
      createdAt: user.createdAt,
      organizationCount: sql<number>`(select count(*)::int from ${membership} where ${membership}.user_id = ${user}.id)`,
    })
    .from(user)
    .where(
      and(
        search ? or(ilike(user.email, search), ilike(user.name, search)) : undefined,
        olderThanCursor(cursor, user, user.createdAt, user.id),
      ),
    )
    .orderBy(desc(user.createdAt), desc(user.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.id]);
}
