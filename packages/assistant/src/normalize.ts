// Text normalisation for matching: lower case, Arabic letters unified, diacritics, tatweel and
// apostrophes removed, Arabic-Indic digits made ASCII; tokens and stop words (en + ar).

const ARABIC_DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]/g;
const TATWEEL = /\u0640/g;
const ARABIC_LETTER = /[\u0600-\u06ff]/;

/**
 * Folds Arabic letter variants only (أ إ آ ٱ → ا, ى → ي, ة → ه, Persian/Urdu forms to Arabic,
 * diacritics and tatweel removed). Leaves everything else as it is, so it is also safe on the
 * source of a regular expression.
 */
export function foldArabic(text: string): string {
  return text
    .replace(ARABIC_DIACRITICS, "")
    .replace(TATWEEL, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/ی/g, "ي")
    .replace(/ک/g, "ك")
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * The message as matched against: lower case, Arabic folded, apostrophes dropped ("can't" →
 * "cant", so a missing apostrophe reads the same), Arabic punctuation made ASCII, spaces
 * collapsed.
 */
export function normalize(text: string): string {
  return foldArabic(text.normalize("NFKC"))
    .toLowerCase()
    .replace(/['’‘`´]/g, "")
    .replace(/،/g, ",")
    .replace(/؛/g, ";")
    .replace(/؟/g, "?")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether the text contains Arabic script. */
export function hasArabic(text: string): boolean {
  return ARABIC_LETTER.test(text);
}

/** The words of already-normalised text (letters and digits; "x-ray" stays one word). */
export function tokenize(normalized: string): string[] {
  return normalized.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * An Arabic word without its attached conjunction, preposition and article ("والقلب",
 * "بالقلب", "للقلب" → "قلب"); other words unchanged. Never strips a word below three letters.
 */
export function stripArabicPrefixes(word: string): string {
  if (!hasArabic(word)) return word;
  let w = word;
  for (const prefix of ["وبال", "وال", "بال", "فال", "كال", "لل", "ال"]) {
    if (w.startsWith(prefix) && w.length - prefix.length >= 3) {
      return w.slice(prefix.length);
    }
  }
  if (w.startsWith("و") && w.length >= 5) w = w.slice(1);
  return w;
}

const EN_STOP_WORDS = `
  a an the i im ive id me my mine we us our you youre your yours he him his she her they them
  their it its this that these those is are was were be been being am do does did have has had
  to for of in on at by with from about into and or but if so as than then can could would
  will shall should may might must please pls plz what whats which who whom how any anyone
  some there theres here get got want wanna need like would just also too very really much
  many not no yes ok okay all one someone something up out off again still know tell let see
  go come give make thing things kind sort possible maybe dont doesnt cant wont isnt arent
`
  .trim()
  .split(/\s+/);

const AR_STOP_WORDS = `
  في فى ف من على علي ع عن الى الي لي ليا لى هل انا انت انتي انتو انتم احنا نحن هو هي هم ده دي
  دا دول هذا هذه هاد هادا ذلك تلك ايه اي ايش شو وش عايز عاوز عايزه عاوزه ابغي ابغا ابي اريد
  بدي حابب لو يا مع و او ام ما ممكن فيه فيها كان كانت دلوقتي الحين لكم لكو ليكم عند كده كدا بس
  مش مو لا لم لن ان انه انها اللي الذي التي يعني طيب حضرتك حضرتكم سمحت فضلك بعد قبل كل بتاع
  بتاعت بتاعة بتاعه بتاعي ازاي كيف امتي متي ليه لماذا عشان علشان لان الله شاء جزيلا برضه كمان
  ايضا جدا اوي قوي حد
  لديكم لديك لدي يوجد هناك اعرف نعرف
`
  .trim()
  .split(/\s+/);

/** Words that carry no content for retrieval, English and Arabic (already normalised). */
export const STOP_WORDS: ReadonlySet<string> = new Set([...EN_STOP_WORDS, ...AR_STOP_WORDS]);
