// The questions and answers a practice writes (parking, insurance, cancellation policy): shown
// on its public site and the assistant's source for anything the directory does not say.
import { schema } from "@caredesk/db";
import type { FaqInput } from "@caredesk/validators";
import { and, asc, eq, sql } from "drizzle-orm";
import { auditChange, auditCreate, auditRemoval } from "../audit";
import { DomainError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import type { FaqView } from "./assistant-view";
import { assistantLimits } from "@caredesk/validators";

const { practiceFaq } = schema;

const columns = {
  id: practiceFaq.id,
  question: practiceFaq.question,
  answer: practiceFaq.answer,
  position: practiceFaq.position,
  updatedAt: practiceFaq.updatedAt,
};

const ofOrg = (orgId: string, id: string) =>
  and(eq(practiceFaq.organizationId, orgId), eq(practiceFaq.id, id));

export function listFaqs(ctx: Pick<OrgScope, "db" | "org">): Promise<FaqView[]> {
  return ctx.db
    .select(columns)
    .from(practiceFaq)
    .where(eq(practiceFaq.organizationId, ctx.org.id))
    .orderBy(asc(practiceFaq.position), asc(practiceFaq.createdAt), asc(practiceFaq.id));
}

export function createFaq(ctx: OrgScope, input: FaqInput): Promise<FaqView> {
  return auditCreate(ctx.mutate, "practice_faq", async (tx) => {
    // Serialises additions per practice, so the limit and the next position hold.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`faq:${ctx.org.id}`}, 0))`,
    );
    const [count] = await tx
      .select({
        n: sql<number>`count(*)::int`,
        last: sql<number>`coalesce(max(${practiceFaq.position}), -1)::int`,
      })
      .from(practiceFaq)
      .where(eq(practiceFaq.organizationId, ctx.org.id));
    if ((count?.n ?? 0) >= assistantLimits.faqs) {
      throw new DomainError(
        "CONFLICT",
        `A practice can have at most ${assistantLimits.faqs} questions`,
      );
    }
    const [row] = await tx
      .insert(practiceFaq)
      .values({
        organizationId: ctx.org.id,
        question: input.question,
        answer: input.answer,
        position: (count?.last ?? -1) + 1,
      })
      .returning(columns);
    if (!row) throw new Error("insert returned no row");
    return row;
  });
}

export function updateFaq(ctx: OrgScope, input: FaqInput & { id: string }): Promise<FaqView> {
  return auditChange(ctx.mutate, "practice_faq", async (tx) => {
    const [before] = await tx
      .select(columns)
      .from(practiceFaq)
      .where(ofOrg(ctx.org.id, input.id))
      .for("update");
    if (!before) throw notFound("Question not found");
    const [after] = await tx
      .update(practiceFaq)
      .set({ question: input.question, answer: input.answer, updatedAt: new Date() })
      .where(ofOrg(ctx.org.id, input.id))
      .returning(columns);
    if (!after) throw notFound("Question not found");
    return { before, after };
  });
}

export function removeFaq(ctx: OrgScope, id: string) {
  return auditRemoval(ctx.mutate, "practice_faq", async (tx) => {
    const [row] = await tx.delete(practiceFaq).where(ofOrg(ctx.org.id, id)).returning(columns);
    if (!row) throw notFound("Question not found");
    return row;
  });
}

/** Swaps a question with its neighbour above or below; answers the list in its new order. */
export async function moveFaq(
  ctx: OrgScope,
  input: { id: string; direction: "up" | "down" },
): Promise<FaqView[]> {
  await ctx.mutate(async (tx, audit) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`faq:${ctx.org.id}`}, 0))`,
    );
    const list = await tx
      .select(columns)
      .from(practiceFaq)
      .where(eq(practiceFaq.organizationId, ctx.org.id))
      .orderBy(asc(practiceFaq.position), asc(practiceFaq.createdAt), asc(practiceFaq.id));
    const at = list.findIndex((f) => f.id === input.id);
    if (at < 0) throw notFound("Question not found");
    const to = input.direction === "up" ? at - 1 : at + 1;
    const order = list.map((f) => f.id);
    if (to >= 0 && to < list.length) order.splice(to, 0, ...order.splice(at, 1));
    // Positions become 0…n-1 in the new order.
    for (const [position, id] of order.entries()) {
      if (list.find((f) => f.id === id)?.position !== position) {
        await tx.update(practiceFaq).set({ position }).where(ofOrg(ctx.org.id, id));
      }
    }
    audit({
      entityType: "practice_faq",
      entityId: input.id,
      before: { position: at },
      after: { position: Math.min(Math.max(to, 0), list.length - 1) },
    });
  });
  return listFaqs(ctx);
}
