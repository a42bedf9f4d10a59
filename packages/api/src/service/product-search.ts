// Catalogue search, shared by the counter (`product.list`) and the public shop (`shop.products`).
// Staged, each stage a query an index answers in a few milliseconds at 50,000 products, stopping
// as soon as the page is full:
//   1. a scanned barcode (8–14 digits; a 12-digit UPC-A is also read as its EAN-13), exactly;
//   2. names starting with the query, in name order (btree on lower(name) collate "C": a range
//      scan that stops after the page — a range, not `like 'q%'`, so a generic plan of the
//      prepared statement still uses it);
//   3. every word of the query somewhere in name, generic name, barcode or SKU (trigram GIN index
//      on `search_text`), products whose name holds the words (at a word's start best) first;
//   4. only when nothing above matched (a typo): word similarity `q <% search_text` (same GIN
//      index, also in a generic plan), those whose name is most like the query first.
// When even that finds nothing, the last word is dropped and the stages run again ("ventolin
// inhaler" finds the Ventolins when none is called an inhaler). A scanned code is never fuzzy.
// Matches form one ranked list of at most `searchCap` products, paged by offset within it.
import { schema, type Database } from "@caredesk/db";
import { and, inArray, not, sql, type SQL } from "drizzle-orm";
import { likePattern } from "./pagination";

const { product } = schema;

/** The most matches a search ranks; pages stop there (nobody reads the 201st best match). */
export const searchCap = 200;

/** Words of a query that are matched (more add nothing but plan shapes). */
const maxWords = 6;

/** Trigram search needs a word of 3 characters; shorter queries match name prefixes only. */
const minTrigramWord = 3;

const nameKey = sql`(lower(${product.name}) collate "C")`;

/** The barcodes a scanned code may stand for: EAN-13 as stored; UPC-A and GTIN-14 padded/trimmed. */
function barcodesOf(q: string): string[] {
  if (!/^\d{8,14}$/.test(q)) return [];
  if (q.length === 12) return [q, `0${q}`];
  if (q.length === 14 && q.startsWith("0")) return [q, q.slice(1)];
  return [q];
}

/** Names starting with `q`: the index range [q, q + the highest code point). */
function namePrefix(q: string): SQL {
  return sql`(${nameKey} >= ${q} and ${nameKey} < ${`${q}\u{10FFFF}`})`;
}

export interface SearchPage {
  /** Product ids of the page, best match first. */
  ids: string[];
  hasMore: boolean;
}

/**
 * One page of the products of `where` (which must name the organization) matching `q` (trimmed,
 * lower case, non-empty), ranked by the stages above.
 */
export async function searchProductIds(
  db: Database,
  where: SQL | undefined,
  q: string,
  page: { offset: number; limit: number },
): Promise<SearchPage> {
  const need = Math.min(page.offset + page.limit + 1, searchCap);
  if (page.offset >= need) return { ids: [], hasMore: false };
  const found: string[] = [];
  const collect = async (query: Promise<{ id: string }[]>) => {
    for (const row of await query) found.push(row.id);
  };
  // One array parameter, so the statement's text (and its prepared plan) does not vary.
  const notListed = () =>
    found.length > 0 ? sql`${product.id} <> all(${`{${found.join(",")}}`}::uuid[])` : undefined;

  const barcodes = barcodesOf(q);
  if (barcodes.length > 0) {
    await collect(
      db
        .select({ id: product.id })
        .from(product)
        .where(and(where, inArray(product.barcode, barcodes)))
        .limit(1),
    );
  }

  // "ventolin inhaler" when no Ventolin is called an inhaler: the Ventolins, rather than nothing.
  const allWords = q.split(/\s+/).slice(0, maxWords);
  for (let n = allWords.length; n > 0 && found.length === 0; n--) {
    const words = allWords.slice(0, n);
    const text = words.join(" ");
    await collect(namePrefixStage(db, and(where, notListed()), text, need - found.length));

    if (found.length < need && words.some((word) => word.length >= minTrigramWord)) {
      // Products whose name holds the words (at the start of a word best) before those where
      // only the generic name, barcode or SKU does.
      const rank = words.map((word) => {
        const name = sql`lower(${product.name})`;
        return sql`2 * (strpos(' ' || ${name}, ${` ${word}`}) > 0)::int + (strpos(${name}, ${word}) > 0)::int`;
      });
      await collect(
        db
          .select({ id: product.id })
          .from(product)
          .where(
            and(
              where,
              ...words.map((word) => sql`${product.searchText} like ${likePattern(word)}`),
              not(namePrefix(text)),
              notListed(),
            ),
          )
          .orderBy(sql`${sql.join(rank, sql` + `)} desc`, nameKey, product.id)
          .limit(need - found.length),
      );
    }

    // A typo: the products whose text holds something like it (a scanned code is never a typo),
    // those whose name is most like it first.
    if (found.length === 0 && text.length >= minTrigramWord && !/^[\d\s]+$/.test(text)) {
      await collect(
        db
          .select({ id: product.id })
          .from(product)
          .where(and(where, sql`${text}::text <% ${product.searchText}`))
          .orderBy(
            sql`word_similarity(${text}::text, lower(${product.name})) desc`,
            nameKey,
            product.id,
          )
          .limit(need),
      );
    }
  }

  return {
    ids: found.slice(page.offset, page.offset + page.limit),
    hasMore: found.length > page.offset + page.limit,
  };
}

/**
 * Stage 2, on its own for the plan test: names starting with `q` in name order, `limit` of them,
 * read off the index range — a generic plan of the prepared statement uses it too.
 */
export function namePrefixStage(db: Database, where: SQL | undefined, q: string, limit: number) {
  return db
    .select({ id: product.id })
    .from(product)
    .where(and(where, namePrefix(q)))
    .orderBy(nameKey, product.id)
    .limit(limit);
}

/** Rows in the order of `ids` (a page fetched by id after ranking). */
export function inOrderOf<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

/** The condition selecting the page's rows. */
export const productIdIn = (ids: string[]) =>
  ids.length > 0 ? inArray(product.id, ids) : sql`false`;
