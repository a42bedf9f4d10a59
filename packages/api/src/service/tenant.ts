// Joins within one organization: every child row references its parent by the composite
// (organization_id, id) key, and joins say so, so a join can never cross tenants.
import { and, eq, type AnyColumn } from "drizzle-orm";

export const sameTenant = (
  parent: { organizationId: AnyColumn; id: AnyColumn },
  childOrganization: AnyColumn,
  childReference: AnyColumn,
) => and(eq(parent.organizationId, childOrganization), eq(parent.id, childReference));
