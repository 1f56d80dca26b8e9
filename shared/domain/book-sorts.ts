/** The orders in which the catalog can list books; relevance only with a search (q). */
export const BOOK_SORTS = ['relevance', 'newest', 'price_asc', 'price_desc', 'title'] as const;
export type BookSort = (typeof BOOK_SORTS)[number];
