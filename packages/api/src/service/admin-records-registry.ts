// What the record browser may change, table by table: each editable table is mapped to the
// product's own update schema and update function, so an operator's edit is validated and
// applied exactly as the practice's own form would be (its rules, triggers and audit entry).
// Tables without a product schema are read-only. Bulk actions are the safe, reversible switches
// the product itself offers (archive and restore, publish and hide).
import type { Database } from "@caredesk/db";
import { schema } from "@caredesk/db";
import {
  DepartmentUpdateInput,
  OrganizationUpdateInput,
  PlanPriceSetInput,
  PractitionerUpdateInput,
  ProductUpdateInput,
  ResourceUpdateInput,
  ServiceUpdateInput,
  type RecordBulkAction,
} from "@caredesk/validators";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { OrgScope } from "../scope";
import { updateDepartment } from "./department";
import { updateOrganization } from "./organization";
import { setPlanPrice } from "./plan";
import { updatePractitioner } from "./practitioner";
import { updateProduct } from "./product";
import { updateResource } from "./resource";
import { updateService } from "./service";

/** Who edits: the operator, acting inside the row's organization (null for platform rows). */
export type EditScope = Pick<OrgScope, "user" | "mutate"> & { org: OrgScope["org"] | null };

export interface EditEntry {
  /** The product's update schema; its fields that are columns are what the editor offers. */
  schema: z.ZodObject;
  /** The product's input for this row: its key, and the changed values. */
  input(row: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown>;
  /** Applies the parsed input through the product's own service. */
  apply(scope: EditScope, input: unknown): Promise<unknown>;
  /** The id its audit entries give the row, when it is not the primary key's value. */
  entityId?(row: Record<string, unknown>): string;
}

function inOrg(scope: EditScope): Pick<OrgScope, "user" | "mutate" | "org"> {
  if (!scope.org) throw new Error("an organization's record was edited without its organization");
  return { user: scope.user, mutate: scope.mutate, org: scope.org };
}

const byId = (row: Record<string, unknown>, values: Record<string, unknown>) => ({
  ...values,
  id: row.id,
});

/** An organization's own row, keyed by its id and changed by the product's update function. */
function ownRecord<S extends z.ZodObject>(
  schema: S,
  update: (scope: Pick<OrgScope, "user" | "mutate" | "org">, input: z.infer<S>) => Promise<unknown>,
): EditEntry {
  return {
    schema,
    input: byId,
    apply: (scope, input) => update(inOrg(scope), input as z.infer<S>),
  };
}

export const editableTables: Partial<Record<string, EditEntry>> = {
  service: ownRecord(ServiceUpdateInput, updateService),
  department: ownRecord(DepartmentUpdateInput, updateDepartment),
  practitioner: ownRecord(PractitionerUpdateInput, updatePractitioner),
  resource: ownRecord(ResourceUpdateInput, updateResource),
  product: ownRecord(ProductUpdateInput, updateProduct),
  organization: ownRecord(OrganizationUpdateInput, updateOrganization),
  plan_price: {
    schema: PlanPriceSetInput,
    // The catalogue's entry is set whole: its key, what is there now, and the changes.
    input: (row, values) => ({
      item: row.item,
      interval: row.interval,
      currency: row.currency,
      amountMinor: row.amountMinor,
      active: row.active,
      ...values,
    }),
    apply: (scope, input) => setPlanPrice(scope, input as PlanPriceSetInput),
    entityId: (row) => `${String(row.currency)}:${String(row.interval)}:${String(row.item)}`,
  },
};

/** The keys the edit form offers for a table: its product schema's fields that are columns. */
export function editableKeys(entry: EditEntry, columns: string[]): string[] {
  const fields = Object.keys(entry.schema.shape);
  return columns.filter((key) => fields.includes(key) && key !== "id");
}

/** The key fields of a row's product input, which the editor never changes. */
export const lockedKeys: Partial<Record<string, string[]>> = {
  plan_price: ["item", "interval", "currency"],
};

type BulkWrite = (tx: Database, ids: string[]) => Promise<{ id: string }[]>;

const { service, department, resource, review, product } = schema;

function activeSwitch(
  table: typeof service | typeof department | typeof resource,
  active: boolean,
): BulkWrite {
  return (tx, ids) =>
    tx
      .update(table)
      .set({ active, updatedAt: new Date() })
      .where(inArray(table.id, ids))
      .returning({ id: table.id });
}

/** Bulk actions by table: each one guarded update of every chosen row, in one transaction. */
export const bulkActions: Partial<Record<string, Partial<Record<RecordBulkAction, BulkWrite>>>> = {
  service: { deactivate: activeSwitch(service, false), activate: activeSwitch(service, true) },
  department: {
    deactivate: activeSwitch(department, false),
    activate: activeSwitch(department, true),
  },
  resource: { deactivate: activeSwitch(resource, false), activate: activeSwitch(resource, true) },
  review: {
    publish: (tx, ids) => {
      const now = new Date();
      return tx
        .update(review)
        .set({
          status: "published",
          publishedAt: now,
          moderatedAt: now,
          moderationReason: null,
          updatedAt: now,
        })
        .where(inArray(review.id, ids))
        .returning({ id: review.id });
    },
    hide: (tx, ids) => {
      const now = new Date();
      return tx
        .update(review)
        .set({
          status: "hidden",
          moderationReason: "Hidden by the Caredesk team",
          moderatedAt: now,
          updatedAt: now,
        })
        .where(inArray(review.id, ids))
        .returning({ id: review.id });
    },
  },
  product: {
    archive: (tx, ids) =>
      tx
        .update(product)
        .set({ status: "archived", version: sql`${product.version} + 1`, updatedAt: new Date() })
        .where(and(inArray(product.id, ids), eq(product.status, "active")))
        .returning({ id: product.id }),
    restore: (tx, ids) =>
      tx
        .update(product)
        .set({ status: "active", version: sql`${product.version} + 1`, updatedAt: new Date() })
        .where(and(inArray(product.id, ids), eq(product.status, "archived")))
        .returning({ id: product.id }),
  },
};
