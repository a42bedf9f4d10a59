// What the assistant knows of a practice: exactly what its public site shows (the cached site
// view: profile, hours, departments, doctors, services and prices, FAQ), plus retrieval in
// PostgreSQL that finds which of those a message names — trigram similarity for names
// (departments, doctors, specialties, services), full-text and trigram for the FAQ.
import type { Understanding } from "@caredesk/assistant";
import { schema, type Database } from "@caredesk/db";
import { sql } from "drizzle-orm";
import { liveSite } from "./site";
import { siteView, type SiteView } from "./site-view";

const { department, practitioner, practiceFaq, service } = schema;

/** The practice as the assistant may speak of it. */
export type Knowledge = SiteView;

/**
 * The practice's published data for a question asked on its site: not live → NOT_FOUND.
 * In the portal, a practice whose site is not published still answers from the same data.
 */
export async function knowledgeOf(
  db: Database,
  address: { slug: string },
  now: Date,
  options: { portal?: boolean } = {},
): Promise<Knowledge> {
  if (!options.portal) return siteView(db, address, now);
  try {
    return await siteView(db, address, now);
  } catch {
    // Not published: the portal still has the practice's own data (read fresh, not cached).
    await liveSite(db, address, now, { evenIfNotLive: true });
    return siteView(db, address, now, { preview: true });
  }
}

/** How strongly a message names one record (0–1). */
export interface Match {
  id: string;
  /** The record's whole name within the message. */
  whole: number;
  /** Its best significant word within the message ("cardiology" of "Cardiology consultation"). */
  word: number;
  /** Doctors: their specialization within the message. */
  topic: number;
}

export interface Matches {
  departments: Match[];
  doctors: Match[];
  services: Match[];
  faqs: Match[];
}

/** Words too common in names to identify anything on their own. */
const weakWords = [
  "general",
  "consultation",
  "clinic",
  "review",
  "visit",
  "care",
  "and",
  "the",
  "of",
  "for",
  "with",
  "dr",
  "prof",
  "follow",
  "up",
  "second",
  "opinion",
];

/** The text retrieval matches names against: the normalised message and its expanded terms. */
export function matchText(u: Understanding): string {
  return `${u.text} ${u.terms.join(" ")}`.slice(0, 2000);
}

/** The message's content words a FAQ entry is matched on (letters and digits, 3 or more). */
function faqTerms(u: Understanding): string[] {
  const words = u.terms.flatMap((t) => t.split(/[^\p{L}\p{N}]+/u));
  return [...new Set(words.filter((t) => t.length >= 3))].slice(0, 16);
}

/**
 * Which departments, doctors, services and FAQ entries of the practice a message names, in one
 * query, strongest first; only records scoring at least `floor`.
 */
export async function matchRecords(
  db: Database,
  orgId: string,
  u: Understanding,
  floor = 0.45,
): Promise<Matches> {
  const text = matchText(u);
  const terms = faqTerms(u);
  // Words in Latin script and in Arabic script are counted apart: a FAQ written in English is
  // matched by the English equivalents of an Arabic question, not diluted by its Arabic words.
  const scripts = [terms.filter((t) => /[a-z]/i.test(t)), terms.filter((t) => !/[a-z]/i.test(t))];
  const shareOf = (column: unknown, group: string[]) =>
    sql`(select count(*) from unnest(array[${sql.join(
      group.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]) as t
          where to_tsvector('english', ${column}) @@ plainto_tsquery('english', t)
             or to_tsvector('simple', ${column}) @@ plainto_tsquery('simple', t))::real / ${group.length}`;
  const share = (column: unknown) => {
    const groups = scripts.filter((g) => g.length > 0);
    if (groups.length === 0) return sql`0::real`;
    return sql`greatest(${sql.join(
      groups.map((g) => shareOf(column, g)),
      sql`, `,
    )})`;
  };
  const weak = sql`array[${sql.join(
    weakWords.map((w) => sql`${w}`),
    sql`, `,
  )}]::text[]`;
  const bestWord = (column: unknown) => sql`coalesce((
      select max(word_similarity(w, ${text}))
      from unnest(regexp_split_to_array(lower(${column}), '[^[:alnum:]]+')) as w
      where length(w) >= 3 and not (w = any(${weak}))
    ), 0)`;
  const result: unknown = await db.execute(sql`
    select 'department' as kind, d.id, word_similarity(lower(d.name), ${text}) as whole,
           ${bestWord(sql`d.name`)} as word, 0::real as topic
      from ${department} d
     where d.organization_id = ${orgId} and d.active
    union all
    select 'doctor', p.id, word_similarity(lower(p.name), ${text}),
           ${bestWord(sql`p.name`)},
           greatest(word_similarity(lower(coalesce(p.specialization, '')), ${text}),
                    ${bestWord(sql`coalesce(p.specialization, '')`)})
      from ${practitioner} p
     where p.organization_id = ${orgId} and p.active
    union all
    select 'service', s.id, word_similarity(lower(s.name), ${text}), ${bestWord(sql`s.name`)}, 0
      from ${service} s
     where s.organization_id = ${orgId} and s.active
    union all
    select 'faq', f.id,
           -- Of the message's words: the share in the question, and in the question or answer,
           -- by English stems or as written (any language).
           ${share(sql`f.question`)},
           ${share(sql`f.question || ' ' || f.answer`)},
           0
      from ${practiceFaq} f
     where f.organization_id = ${orgId}
  `);
  // postgres.js answers the rows, PGlite `{ rows }`.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    kind: "department" | "doctor" | "service" | "faq";
    id: string;
    whole: number;
    word: number;
    topic: number;
  }[];
  const out: Matches = { departments: [], doctors: [], services: [], faqs: [] };
  for (const r of rows) {
    const m: Match = {
      id: r.id,
      whole: Number(r.whole),
      word: Number(r.word),
      topic: Number(r.topic),
    };
    if (Math.max(m.whole, m.word, m.topic) < (r.kind === "faq" ? 0.3 : floor)) continue;
    const list =
      r.kind === "department"
        ? out.departments
        : r.kind === "doctor"
          ? out.doctors
          : r.kind === "service"
            ? out.services
            : out.faqs;
    list.push(m);
  }
  const strength = (m: Match) => Math.max(m.whole, m.word * 0.95, m.topic * 0.9);
  for (const list of Object.values(out) as Match[][]) {
    list.sort((a, b) => strength(b) - strength(a) || a.id.localeCompare(b.id));
  }
  return out;
}

/** The best matches: the strongest and any within `margin` of it. */
export function strongest(list: Match[], score: (m: Match) => number, min: number, margin = 0.05) {
  const scored = list.map((m) => ({ m, s: score(m) })).filter((x) => x.s >= min);
  if (scored.length === 0) return [];
  const top = Math.max(...scored.map((x) => x.s));
  return scored
    .filter((x) => x.s >= top - margin)
    .sort((a, b) => b.s - a.s)
    .map((x) => x.m);
}
