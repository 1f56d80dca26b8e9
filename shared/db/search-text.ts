/**
 * The lengths of the search columns: NFKD can expand a character into several (a ligature, "㎏"),
 * so they are wider than the text they are made from; anything beyond is cut, never refused.
 */
export const SEARCH_TEXT_MAX = { title: 800, author: 800, category: 240 } as const;

/**
 * Text as the catalog compares it: compatibility-decomposed, without accents, in lower case, so that
 * "tomas" finds "Tomás" and "VARGAS" finds "Vargas" on every database. The books' search columns
 * hold this form of their title, author and category, and every query is put in this form too.
 */
export function searchTextOf(text: string): string {
  return writeOutLetters(text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
}

/**
 * Letters NFKD leaves whole that MySQL's collation (utf8mb4_unicode_ci) equates with two others,
 * inside its full-text index too: written out, so that "strasse" finds "Straße" on SQLite as well.
 * Stored search columns that held them are rewritten by migration 0010. Spelt as code points:
 * the Lambda bundles must stay ASCII, so V8 holds each as one-byte text.
 */
export const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  [String.fromCharCode(0xdf)]: 'ss',
  [String.fromCharCode(0x153)]: 'oe',
};

function writeOutLetters(text: string): string {
  return text.replace(/[\u00df\u0153]/g, (letter) => FOLDED_LETTERS[letter] ?? letter);
}

/**
 * The shortest word the full-text indexes look up. InnoDB indexes no word shorter than its
 * read-only server setting innodb_ft_min_token_size (3 by default, on RDS too), so shorter words of
 * a query are matched another way (see book-catalog-repository.ts) on every database alike.
 */
export const INDEXED_WORD_MIN = 3;

/**
 * The words of a text as the catalog search sees them: its search form split at anything that is
 * not a letter, a digit or an underscore, so "O'Brien" is "o" and "brien" and "Jean-Paul" is "jean"
 * and "paul", as InnoDB's full-text parser splits the stored text (FTS5 is told the same).
 */
export function searchWordsOf(text: string): string[] {
  return searchTextOf(text).match(/[\p{L}\p{N}_]+/gu) ?? [];
}
