import { DataTypes, QueryTypes } from 'sequelize';
import type { MigrationContext } from '../migrator';
import { SEARCH_TEXT_MAX, searchTextOf } from '../search-text';

const BACKFILL_BATCH = 500;

/**
 * Catalog search that ignores case and accents on SQLite and MySQL alike: SQLite has no collation
 * that folds accents, so each book carries the search form of its title, author and category (see
 * search-text.ts), written by the Book model on every write and backfilled here for existing rows.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  await queryInterface.addColumn('books', 'title_search', {
    type: DataTypes.STRING(SEARCH_TEXT_MAX.title),
    allowNull: false,
    defaultValue: '',
  });
  await queryInterface.addColumn('books', 'author_search', {
    type: DataTypes.STRING(SEARCH_TEXT_MAX.author),
    allowNull: false,
    defaultValue: '',
  });
  await queryInterface.addColumn('books', 'category_search', {
    type: DataTypes.STRING(SEARCH_TEXT_MAX.category),
    allowNull: true,
  });

  // Keyset batches over every row, deleted ones too (a restored book must be findable).
  let lastId = 0;
  for (;;) {
    const rows = await sequelize.query<{
      id: number;
      title: string;
      author: string;
      category: string | null;
    }>('SELECT id, title, author, category FROM books WHERE id > ? ORDER BY id LIMIT ?', {
      replacements: [lastId, BACKFILL_BATCH],
      type: QueryTypes.SELECT,
    });
    for (const row of rows) {
      await sequelize.query(
        'UPDATE books SET title_search = ?, author_search = ?, category_search = ? WHERE id = ?',
        {
          replacements: [
            searchTextOf(row.title).slice(0, SEARCH_TEXT_MAX.title),
            searchTextOf(row.author).slice(0, SEARCH_TEXT_MAX.author),
            row.category === null
              ? null
              : searchTextOf(row.category).slice(0, SEARCH_TEXT_MAX.category),
            row.id,
          ],
        },
      );
    }
    const last = rows.at(-1);
    if (!last) break;
    lastId = last.id;
  }

  // The category filter is an equality, so the newest-first page of one category reads the index
  // in order instead of filtering the whole live list.
  await queryInterface.addIndex('books', ['deleted_at', 'category_search', 'created_at', 'id'], {
    name: 'books_live_category',
  });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.removeIndex('books', 'books_live_category');
  await queryInterface.removeColumn('books', 'category_search');
  await queryInterface.removeColumn('books', 'author_search');
  await queryInterface.removeColumn('books', 'title_search');
}
