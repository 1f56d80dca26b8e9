/** The orders in which the catalog can list books. */
export const BOOK_SORTS = ['newest', 'price_asc', 'price_desc', 'title'] as const;
export type BookSort = (typeof BOOK_SORTS)[number];
