import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../migrator';
import { SEARCH_TEXT_MAX } from '../search-text';

/** "This book counts in its category": it has one and is not deleted. */
const COUNTED = (row: 'NEW' | 'OLD') =>
  `${row}.category_search IS NOT NULL AND ${row}.deleted_at IS NULL`;

const ADD = (row: 'NEW' | 'OLD', conflict: string) =>
  `INSERT INTO category_counts (category_search, category, book_count) VALUES (${row}.category_search, ${row}.category, 1) ${conflict}`;
const SUBTRACT = (row: 'NEW' | 'OLD') =>
  `UPDATE category_counts SET book_count = book_count - 1 WHERE category_search = ${row}.category_search`;

/**
 * The live book count of each category, maintained in the transaction of every book write: GET
 * /api/v1/categories reads a page of this small table by its (book_count) index instead of grouping
 * a million books per request. Triggers keep it, so every write path counts alike (the origin's
 * edits, seeds, a stock change, a restore): a stock change touches neither column and skips them.
 * A category is keyed by its search form (the catalog's filter compares that), and shown as the
 * first book in it spelled it.
 *
 * MySQL with binary logging lets a user without SUPER create triggers only with
 * log_bin_trust_function_creators=1 (set in the RDS parameter group, infra/database.yml). A
 * future migration that rebuilds books on SQLite (Sequelize's changeColumn) must recreate them.
 * A book written in the second between the count and the triggers is missed or counted twice
 * (seconds at a million books): run it at a quiet time.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  await queryInterface.createTable('category_counts', {
    category_search: {
      type: DataTypes.STRING(SEARCH_TEXT_MAX.category),
      allowNull: false,
      primaryKey: true,
    },
    category: { type: DataTypes.STRING(60), allowNull: false },
    book_count: { type: DataTypes.INTEGER, allowNull: false },
  });
  // With the name in it, a page of the list is read from the index alone, so the optimizer takes
  // it over sorting the table even when the table is small.
  await queryInterface.addIndex('category_counts', ['book_count', 'category_search', 'category'], {
    name: 'category_counts_most_books',
  });
  await sequelize.query(
    `INSERT INTO category_counts (category_search, category, book_count) SELECT category_search, MIN(category), COUNT(*) FROM books WHERE category_search IS NOT NULL AND deleted_at IS NULL GROUP BY category_search`,
  );
  const changed =
    sequelize.getDialect() === 'mysql'
      ? 'NOT (OLD.category_search <=> NEW.category_search AND OLD.deleted_at <=> NEW.deleted_at)'
      : '(OLD.category_search IS NOT NEW.category_search OR OLD.deleted_at IS NOT NEW.deleted_at)';
  if (sequelize.getDialect() === 'mysql') {
    const upsert = 'ON DUPLICATE KEY UPDATE book_count = book_count + 1';
    await sequelize.query(
      `CREATE TRIGGER books_category_insert AFTER INSERT ON books FOR EACH ROW IF ${COUNTED('NEW')} THEN ${ADD('NEW', upsert)}; END IF`,
    );
    await sequelize.query(
      `CREATE TRIGGER books_category_update AFTER UPDATE ON books FOR EACH ROW IF ${changed} THEN IF ${COUNTED('OLD')} THEN ${SUBTRACT('OLD')}; END IF; IF ${COUNTED('NEW')} THEN ${ADD('NEW', upsert)}; END IF; END IF`,
    );
    await sequelize.query(
      `CREATE TRIGGER books_category_delete AFTER DELETE ON books FOR EACH ROW IF ${COUNTED('OLD')} THEN ${SUBTRACT('OLD')}; END IF`,
    );
    return;
  }
  const upsert = 'ON CONFLICT (category_search) DO UPDATE SET book_count = book_count + 1';
  await sequelize.query(
    `CREATE TRIGGER books_category_insert AFTER INSERT ON books WHEN ${COUNTED('NEW')} BEGIN ${ADD('NEW', upsert)}; END`,
  );
  // SQLite runs a trigger's statements in order: the old category loses the book, then the new gains it.
  await sequelize.query(
    `CREATE TRIGGER books_category_update AFTER UPDATE OF category_search, deleted_at ON books WHEN ${changed} BEGIN UPDATE category_counts SET book_count = book_count - 1 WHERE ${COUNTED('OLD')} AND category_search = OLD.category_search; INSERT INTO category_counts (category_search, category, book_count) SELECT NEW.category_search, NEW.category, 1 WHERE ${COUNTED('NEW')} ${upsert}; END`,
  );
  await sequelize.query(
    `CREATE TRIGGER books_category_delete AFTER DELETE ON books WHEN ${COUNTED('OLD')} BEGIN ${SUBTRACT('OLD')}; END`,
  );
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  for (const trigger of ['books_category_insert', 'books_category_update', 'books_category_delete'])
    await sequelize.query(`DROP TRIGGER ${trigger}`);
  await queryInterface.dropTable('category_counts');
}
