// Questionnaires (medical-history forms) a practice builds. What patients see is a published
// version: immutable, with the SHA-256 of its canonical content, so a signed submission can
// always show exactly what was asked. Editing publishes the next version in one transaction.
import { schema, type Database } from "@caredesk/db";
import type {
  Question,
  QuestionnaireCreateInput,
  QuestionnaireUpdateInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";
import { decodeCursor, encodeCursor, type Page } from "./pagination";

const { questionnaire, questionnaireVersion } = schema;

/** JSON with object keys sorted and undefined left out: the same content, the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export interface QuestionnaireContent {
  title: string;
  description: string | null;
  questions: Question[];
}

/** SHA-256 (hex) of the canonical JSON of {title, description, questions}. */
export function contentHashOf(content: QuestionnaireContent): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        title: content.title,
        description: content.description ?? null,
        questions: content.questions,
      }),
    )
    .digest("hex");
}

const summaryColumns = {
  id: questionnaire.id,
  title: questionnaire.title,
  description: questionnaire.description,
  currentVersion: questionnaire.currentVersion,
  archivedAt: questionnaire.archivedAt,
  createdAt: questionnaire.createdAt,
  updatedAt: questionnaire.updatedAt,
};

export type QuestionnaireSummary = {
  id: string;
  title: string;
  description: string | null;
  currentVersion: number;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export interface QuestionnaireVersionView {
  id: string;
  version: number;
  title: string;
  description: string | null;
  questions: Question[];
  contentHash: string;
  publishedAt: Date;
}

const versionColumns = {
  id: questionnaireVersion.id,
  version: questionnaireVersion.version,
  title: questionnaireVersion.title,
  description: questionnaireVersion.description,
  questions: questionnaireVersion.questions,
  contentHash: questionnaireVersion.contentHash,
  publishedAt: questionnaireVersion.publishedAt,
};

function asVersion(row: {
  id: string;
  version: number;
  title: string;
  description: string | null;
  questions: unknown;
  contentHash: string;
  publishedAt: Date;
}): QuestionnaireVersionView {
  return { ...row, questions: row.questions as Question[] };
}

/** The practice's forms by title (archived ones when asked). */
export async function listQuestionnaires(
  db: Database,
  organizationId: string,
  input: { includeArchived: boolean; cursor?: string | undefined; limit: number },
): Promise<Page<QuestionnaireSummary>> {
  const values = decodeCursor(input.cursor);
  const offset = values && typeof values[0] === "number" ? values[0] : 0;
  const rows = await db
    .select(summaryColumns)
    .from(questionnaire)
    .where(
      and(
        eq(questionnaire.organizationId, organizationId),
        input.includeArchived ? undefined : isNull(questionnaire.archivedAt),
      ),
    )
    .orderBy(sql`lower(${questionnaire.title})`, asc(questionnaire.id))
    .limit(input.limit + 1)
    .offset(offset);
  return {
    items: rows.slice(0, input.limit),
    nextCursor: rows.length > input.limit ? encodeCursor([offset + input.limit]) : null,
  };
}

async function summaryOf(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select(summaryColumns)
    .from(questionnaire)
    .where(and(eq(questionnaire.organizationId, organizationId), eq(questionnaire.id, id)));
  if (!row) throw notFound("Form not found");
  return row;
}

/** A published version by its id, in the organization. */
export async function getQuestionnaireVersion(
  db: Database,
  organizationId: string,
  versionId: string,
): Promise<QuestionnaireVersionView & { questionnaireId: string }> {
  const [row] = await db
    .select({ ...versionColumns, questionnaireId: questionnaireVersion.questionnaireId })
    .from(questionnaireVersion)
    .where(
      and(
        eq(questionnaireVersion.organizationId, organizationId),
        eq(questionnaireVersion.id, versionId),
      ),
    );
  if (!row) throw notFound("Form not found");
  return { ...asVersion(row), questionnaireId: row.questionnaireId };
}

/** The newest published version of a form. */
export async function currentVersionOf(
  db: Database,
  organizationId: string,
  questionnaireId: string,
): Promise<QuestionnaireVersionView> {
  const [row] = await db
    .select(versionColumns)
    .from(questionnaireVersion)
    .where(
      and(
        eq(questionnaireVersion.organizationId, organizationId),
        eq(questionnaireVersion.questionnaireId, questionnaireId),
      ),
    )
    .orderBy(desc(questionnaireVersion.version))
    .limit(1);
  if (!row) throw notFound("Form not found");
  return asVersion(row);
}

/** A form with its current version (questions) and every version published, newest first. */
export async function getQuestionnaire(db: Database, organizationId: string, id: string) {
  const summary = await summaryOf(db, organizationId, id);
  const versions = await db
    .select(versionColumns)
    .from(questionnaireVersion)
    .where(
      and(
        eq(questionnaireVersion.organizationId, organizationId),
        eq(questionnaireVersion.questionnaireId, id),
      ),
    )
    .orderBy(desc(questionnaireVersion.version));
  const all = versions.map(asVersion);
  const current = all[0];
  if (!current) throw notFound("Form not found");
  return {
    ...summary,
    current,
    history: all.map(({ id, version, title, contentHash, publishedAt }) => ({
      id,
      version,
      title,
      contentHash,
      publishedAt,
    })),
  };
}

async function publish(
  tx: Database,
  ctx: Pick<OrgScope, "org" | "user">,
  questionnaireId: string,
  version: number,
  content: QuestionnaireContent,
) {
  const [row] = await tx
    .insert(questionnaireVersion)
    .values({
      organizationId: ctx.org.id,
      questionnaireId,
      version,
      title: content.title,
      description: content.description,
      questions: content.questions,
      contentHash: contentHashOf(content),
      publishedBy: ctx.user.id,
    })
    .returning(versionColumns);
  if (!row) throw new Error("questionnaire version insert returned nothing");
  return asVersion(row);
}

/** Creates a form and publishes its version 1. */
export function createQuestionnaire(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  input: QuestionnaireCreateInput,
) {
  const content = { ...input, description: input.description ?? null };
  return ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .insert(questionnaire)
      .values({
        organizationId: ctx.org.id,
        title: content.title,
        description: content.description,
        currentVersion: 1,
        createdBy: ctx.user.id,
      })
      .returning({ id: questionnaire.id });
    if (!row) throw new Error("questionnaire insert returned nothing");
    const version = await publish(tx, ctx, row.id, 1, content);
    const created = await getQuestionnaire(tx, ctx.org.id, row.id);
    audit({
      entityType: "questionnaire",
      entityId: row.id,
      after: { title: content.title, version: 1, contentHash: version.contentHash },
    });
    return created;
  });
}

/**
 * Publishes version N+1 when the content changed; the same content publishes nothing. The
 * form row is locked first, so two editors cannot both publish the same number.
 */
export function updateQuestionnaire(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  input: QuestionnaireUpdateInput,
) {
  const content = {
    title: input.title,
    description: input.description ?? null,
    questions: input.questions,
  };
  return ctx.mutate(async (tx, audit) => {
    const [locked] = await tx
      .select({ id: questionnaire.id, archivedAt: questionnaire.archivedAt })
      .from(questionnaire)
      .where(and(eq(questionnaire.organizationId, ctx.org.id), eq(questionnaire.id, input.id)))
      .for("update");
    if (!locked) throw notFound("Form not found");
    const current = await currentVersionOf(tx, ctx.org.id, input.id);
    const hash = contentHashOf(content);
    if (hash !== current.contentHash) {
      const version = current.version + 1;
      await publish(tx, ctx, input.id, version, content);
      await tx
        .update(questionnaire)
        .set({
          title: content.title,
          description: content.description,
          currentVersion: version,
          updatedAt: new Date(),
        })
        .where(and(eq(questionnaire.organizationId, ctx.org.id), eq(questionnaire.id, input.id)));
    }
    const after = await getQuestionnaire(tx, ctx.org.id, input.id);
    audit({
      entityType: "questionnaire",
      entityId: input.id,
      before: { version: current.version, contentHash: current.contentHash },
      after: { version: after.current.version, contentHash: after.current.contentHash },
    });
    return after;
  });
}

/** Takes a form off the list of forms to send; its versions and submissions stay. */
export function archiveQuestionnaire(ctx: Pick<OrgScope, "org" | "mutate">, id: string) {
  return ctx.mutate(async (tx, audit) => {
    const before = await summaryOf(tx, ctx.org.id, id);
    await tx
      .update(questionnaire)
      .set({ archivedAt: before.archivedAt ?? new Date() })
      .where(and(eq(questionnaire.organizationId, ctx.org.id), eq(questionnaire.id, id)));
    audit({ entityType: "questionnaire", entityId: id, before: { archivedAt: before.archivedAt } });
    return { ok: true as const };
  });
}
