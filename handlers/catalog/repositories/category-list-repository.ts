import { QueryTypes } from 'sequelize';
import type { Database } from '../../../shared/db/create-database';
import { withStatementCeiling } from '../../../shared/db/statement-ceiling';
import type { CategoryJson } from '../../../shared/api/response-schemas';

/**
 * The categories with most books, from the counts the books' triggers keep (migration 0012). With
 * `statementLimitMs`, the database server stops the statement after that long (statement-ceiling.ts).
 */
export function createCategoryListRepository(db: Database, statementLimitMs?: number) {
  return {
    /** Up to `limit` categories with live books, most books first (then by name, so stable). */
    async mostBooks(limit: number): Promise<CategoryJson[]> {
      // Reads the category_counts_most_books index backwards and stops after `limit` rows.
      const rows = await db.sequelize.query<{ category: string; bookCount: number }>(
        withStatementCeiling(
          `SELECT category, book_count AS bookCount FROM category_counts WHERE book_count > 0 ORDER BY book_count DESC, category_search DESC LIMIT ${Number(limit)}`,
          db.dialect,
          statementLimitMs,
        ),
        { type: QueryTypes.SELECT },
      );
      return rows.map((row) => ({ category: row.category, bookCount: Number(row.bookCount) }));
    },
  };
}

export type CategoryListRepository = ReturnType<typeof createCategoryListRepository>;
