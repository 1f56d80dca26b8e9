/** How worn a second-hand copy is, best first. */
export const BOOK_CONDITIONS = ['new', 'like_new', 'good', 'fair', 'poor'] as const;
export type BookCondition = (typeof BOOK_CONDITIONS)[number];
