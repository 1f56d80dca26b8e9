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
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
