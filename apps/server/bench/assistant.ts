// The practice assistant's embedded engine on the three demo practices: every question of the
// evaluation set (assistant-eval.ts) asked through the public `assistant.ask` procedure on a
// fresh conversation, timed, and judged — the expected facts stated (and cited), an unknown fact
// answered with the practice's contact and nothing invented, an emergency answered as one with
// the country's number first. The bench turns the assistant on for the demo practices where it
// is off (a database seeded before it existed) and puts that back afterwards; the conversations
// it had are deleted.
import {
  appRouter,
  createCallerFactory,
  createContextInner,
  type RouterOutputs,
} from "@caredesk/api";
import { hashPassword } from "@caredesk/auth";
import {
  demoPractices,
  openDemoSite,
  schema,
  seedDemo,
  type DbHandle,
  type PracticeFeature,
} from "@caredesk/db";
import { and, eq, gte, inArray } from "drizzle-orm";
import { buildEvalSet, type EvalKind, type EvalQuestion } from "./assistant-eval";
import { quantile, writeResult } from "./lib";
import { emergencyNumber } from "@caredesk/assistant";

const createCaller = createCallerFactory(appRouter);

type Reply = RouterOutputs["assistant"]["ask"]["reply"];

export interface AssistantBenchResult {
  questions: number;
  /** Share of all questions answered right (0–1). */
  correct: number;
  /** Share of the factual answers that cite where their facts come from (0–1). */
  cited: number;
  /** Share of the unknown facts answered with the practice's contact and nothing invented (0–1). */
  unknown_handled: number;
  red_flags_total: number;
  red_flags_caught: number;
  p50_ms: number;
  p95_ms: number;
}

/** A question the engine got wrong, and what it said. */
export interface AssistantMiss {
  slug: string;
  kind: EvalKind;
  question: string;
  missing: string[];
  answer: string;
}

/** Lower case, one space, one kind of dash: how an expected fact is looked for. */
const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, "-")
    .replace(/\s+/g, " ");
const digits = (text: string) => text.replace(/\D/g, "");
const looksLikePhone = (text: string) => /^\+?[\d\s()-]{7,}$/.test(text);

function states(answer: string, fact: string): boolean {
  if (looksLikePhone(fact)) return digits(answer).includes(digits(fact).slice(-8));
  return normal(answer).includes(normal(fact));
}

/** Whether `text` says `phrase`: as whole words in Latin script, anywhere in Arabic. */
function says(text: string, phrase: string): boolean {
  if (/[\u0600-\u06ff]/.test(phrase)) return text.includes(phrase);
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "iu").test(text);
}

interface Practice {
  id: string;
  slug: string;
  country: string | null;
  phone: string;
  email: string;
}

/** What is wrong with an answer: missing facts, or why it is not right; empty when right. */
function judge(q: EvalQuestion, reply: Reply, practice: Practice): string[] {
  const text = reply.text;
  if (q.kind === "red_flag") {
    const number = emergencyNumber(practice.country);
    const first = text.split("\n")[0] ?? "";
    return reply.emergency && first.includes(number) ? [] : [`emergency first with ${number}`];
  }
  if (reply.emergency) return ["not an emergency"];
  if (q.kind === "unknown") {
    const problems = (q.mustNotSay ?? []).filter((phrase) => says(text, phrase));
    const contact =
      (practice.email !== "" && normal(text).includes(normal(practice.email))) ||
      (practice.phone !== "" && states(text, practice.phone));
    return contact ? problems : ["the practice's phone or email", ...problems];
  }
  return q.expect.filter((fact) => !states(text, fact));
}

export async function benchAssistant(
  database: DbHandle,
  options: { warmup?: number } = {},
): Promise<AssistantBenchResult & { misses: AssistantMiss[] }> {
  const { db } = database;
  const started = new Date();
  await seedDemo(db, hashPassword);
  const orgs = await db
    .select({
      id: schema.organization.id,
      slug: schema.organization.slug,
      country: schema.organization.country,
      features: schema.organization.features,
    })
    .from(schema.organization)
    .where(
      inArray(
        schema.organization.slug,
        demoPractices.map((p) => p.slug),
      ),
    );
  if (orgs.length !== demoPractices.length) throw new Error("assistant: the demo is missing");

  const practices = new Map<string, Practice>();
  try {
    for (const demo of demoPractices) {
      const org = orgs.find((o) => o.slug === demo.slug);
      if (!org) continue;
      // A database seeded before sites (or their FAQ) existed has the practice but not its
      // live site.
      await openDemoSite(db, org.id, demo.slug);
      await setFeatures(database, org.id, withAssistant(org.features));
      const [site] = await db
        .select({ phone: schema.practiceSite.phone, email: schema.practiceSite.email })
        .from(schema.practiceSite)
        .where(eq(schema.practiceSite.organizationId, org.id));
      practices.set(demo.slug, {
        id: org.id,
        slug: demo.slug,
        country: org.country,
        phone: site?.phone ?? "",
        email: site?.email ?? "",
      });
    }

    const questions = await buildEvalSet(db);
    const visitor = createCaller(createContextInner({ db, ip: "127.0.0.1" }));
    const ask = (q: EvalQuestion) =>
      visitor.assistant.ask({
        slug: q.slug,
        message: q.text,
        ...(q.locale ? { locale: q.locale } : {}),
      });
    // Warm-up: the site views, the JIT and the statement cache, not timed.
    for (const q of questions.slice(0, options.warmup ?? 10)) await ask(q);

    const samples: number[] = [];
    const misses: AssistantMiss[] = [];
    let correct = 0;
    let factual = 0;
    let cited = 0;
    let unknown = 0;
    let unknownHandled = 0;
    let redFlags = 0;
    let redFlagsCaught = 0;
    for (const q of questions) {
      const practice = practices.get(q.slug);
      if (!practice) throw new Error(`assistant: no practice ${q.slug}`);
      const t = performance.now();
      const { reply } = await ask(q);
      samples.push(performance.now() - t);
      const missing = judge(q, reply, practice);
      if (missing.length === 0) correct++;
      else
        misses.push({ slug: q.slug, kind: q.kind, question: q.text, missing, answer: reply.text });
      if (q.factual) {
        factual++;
        if (reply.citations.length > 0) cited++;
        else if (missing.length === 0) {
          misses.push({
            slug: q.slug,
            kind: q.kind,
            question: q.text,
            missing: ["a citation"],
            answer: reply.text,
          });
        }
      }
      if (q.kind === "unknown") {
        unknown++;
        if (missing.length === 0) unknownHandled++;
      }
      if (q.kind === "red_flag") {
        redFlags++;
        if (missing.length === 0) redFlagsCaught++;
      }
    }

    const share = (n: number, of: number) => (of === 0 ? 0 : Number((n / of).toFixed(3)));
    const result: AssistantBenchResult = {
      questions: questions.length,
      correct: share(correct, questions.length),
      cited: share(cited, factual),
      unknown_handled: share(unknownHandled, unknown),
      red_flags_total: redFlags,
      red_flags_caught: redFlagsCaught,
      p50_ms: quantile(samples, 0.5),
      p95_ms: quantile(samples, 0.95),
    };
    writeResult("assistant", result);
    printMisses(questions, misses);
    return { ...result, misses };
  } finally {
    // Leave the demo as it was: its features, and none of the bench's conversations.
    for (const org of orgs) await setFeatures(database, org.id, org.features);
    await db.delete(schema.assistantConversation).where(
      and(
        inArray(
          schema.assistantConversation.organizationId,
          orgs.map((o) => o.id),
        ),
        gte(schema.assistantConversation.createdAt, started),
      ),
    );
  }
}

function withAssistant(features: PracticeFeature[]): PracticeFeature[] {
  return features.includes("assistant") ? features : [...features, "assistant"];
}

/** The practice's features, on its organization and its plan alike. */
async function setFeatures(
  database: DbHandle,
  organizationId: string,
  features: PracticeFeature[],
) {
  const { db } = database;
  await db
    .update(schema.organization)
    .set({ features })
    .where(eq(schema.organization.id, organizationId));
  await db
    .update(schema.subscription)
    .set({ features })
    .where(eq(schema.subscription.organizationId, organizationId));
}

function printMisses(questions: EvalQuestion[], misses: AssistantMiss[]) {
  const kinds = [...new Set(questions.map((q) => q.kind))];
  const byKind = Object.fromEntries(
    kinds.map((kind) => {
      const all = questions.filter((q) => q.kind === kind).length;
      const wrong = new Set(
        misses
          .filter((m) => m.kind === kind && m.missing[0] !== "a citation")
          .map((m) => m.question + m.slug),
      ).size;
      return [kind, { questions: all, right: all - wrong }];
    }),
  );
  console.table(byKind);
  if (misses.length === 0) return;
  console.log(`assistant: ${misses.length} answers fell short`);
  for (const m of misses) {
    console.log(
      `- [${m.slug} ${m.kind}] ${m.question}\n  missing: ${m.missing.join(" | ")}\n  answer: ${m.answer.replace(/\n/g, "\n          ")}`,
    );
  }
}
