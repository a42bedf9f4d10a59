// A signed-in visitor becomes a patient of a practice to order from its shop: a patient record
// from their account (or the practice's record with their email that has no account yet) and a
// `patient` membership. Joining again changes nothing.
import { schema, type Database } from "@caredesk/db";
import type { ShopJoinInput } from "@caredesk/validators";
import { and, eq, isNull, sql } from "drizzle-orm";
import { FieldError, notFound } from "../errors";
import type { RequestScope } from "../scope";
import { normaliseMobile } from "./patient";
import { liveSite, requireFeature } from "./site";

const { membership, patient, user } = schema;

type Joiner = Pick<RequestScope, "db" | "mutate"> & {
  user: { id: string; email: string; name: string };
};

export interface JoinResult {
  organizationId: string;
  patientId: string;
  /** False when the user already was a patient there. */
  joined: boolean;
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  const firstName = parts[0] ?? name;
  const lastName = parts.slice(1).join(" ");
  return { firstName, lastName: lastName || "-" };
}

async function ownPatient(tx: Database, organizationId: string, userId: string) {
  const [row] = await tx
    .select({ id: patient.id })
    .from(patient)
    .where(and(eq(patient.organizationId, organizationId), eq(patient.userId, userId)));
  return row ?? null;
}

export async function joinShop(ctx: Joiner, input: ShopJoinInput): Promise<JoinResult> {
  const site = await liveSite(ctx.db, { slug: input.slug });
  requireFeature(site, "patient_portal");
  const mobile = normaliseMobile(input.mobile, site.country);
  return ctx.mutate(async (tx, audit) => {
    const [member] = await tx
      .select({ role: membership.role })
      .from(membership)
      .where(and(eq(membership.organizationId, site.id), eq(membership.userId, ctx.user.id)))
      .for("update");
    if (member && member.role !== "patient") {
      throw new FieldError("CONFLICT", {
        slug: ["You work at this practice: order with a patient account"],
      });
    }
    let found = await ownPatient(tx, site.id, ctx.user.id);
    const joined = !found || !member;
    if (!found) {
      // The practice may know them already by email, from before they had an account.
      const [known] = await tx
        .select({ id: patient.id })
        .from(patient)
        .where(
          and(
            eq(patient.organizationId, site.id),
            isNull(patient.userId),
            isNull(patient.archivedAt),
            sql`lower(${patient.email}) = lower(${ctx.user.email})`,
          ),
        )
        .limit(1)
        .for("update");
      if (known) {
        // Only the address's proven owner may take the record it names: anyone can sign up with
        // any address, and this record carries someone's history.
        const [account] = await tx
          .select({ verifiedAt: user.emailVerifiedAt })
          .from(user)
          .where(eq(user.id, ctx.user.id));
        if (!account?.verifiedAt) {
          throw new FieldError("CONFLICT", {
            email: [
              "Confirm your email address first (follow the link we sent you), then join again",
            ],
          });
        }
        await tx
          .update(patient)
          .set({ userId: ctx.user.id })
          .where(and(eq(patient.organizationId, site.id), eq(patient.id, known.id)));
        found = known;
      } else {
        const [taken] = await tx
          .select({ id: patient.id })
          .from(patient)
          .where(and(eq(patient.organizationId, site.id), eq(patient.mobile, mobile)));
        if (taken) {
          throw new FieldError("CONFLICT", {
            mobile: [
              "This number is on another patient's record here: call the practice to link it",
            ],
          });
        }
        const [created] = await tx
          .insert(patient)
          .values({
            organizationId: site.id,
            ...splitName(ctx.user.name),
            mobile,
            email: ctx.user.email,
            userId: ctx.user.id,
            consentRecordedAt: new Date(),
            consentSource: "portal",
          })
          .returning({ id: patient.id });
        if (!created) throw new Error("patient insert returned nothing");
        found = created;
      }
    }
    if (!member) {
      await tx
        .insert(membership)
        .values({ organizationId: site.id, userId: ctx.user.id, role: "patient" })
        .onConflictDoNothing();
    }
    if (!found) throw notFound("Patient not found");
    audit({
      organizationId: site.id,
      entityType: "patient",
      entityId: found.id,
      patientId: found.id,
      after: { joined, via: "shop" },
    });
    return { organizationId: site.id, patientId: found.id, joined };
  });
}
