/** A page of a list kept in id order: its items, the id to continue after, and whether more follow. */
export interface IdPage<T> {
  items: T[];
  lastId: number | undefined;
  hasMore: boolean;
}

/** The same page with each item turned into another shape (a record into its wire JSON). */
export function mapIdPage<T, U>(page: IdPage<T>, toItem: (item: T) => U): IdPage<U> {
  return { items: page.items.map(toItem), lastId: page.lastId, hasMore: page.hasMore };
}
