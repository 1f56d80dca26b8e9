import { DataTypes, QueryTypes } from 'sequelize';
import type { MigrationContext } from '../migrator';

// Lines updated per statement: each batch is a short transaction of its own, so a backfill of
// half a million lines never holds many row locks or a long undo history at once.
const BACKFILL_BATCH = 2000;

/**
 * The seller of each order line, stored on the line, with an index (seller_id, id): a seller's
 * sales page reads that index newest first and stops after a page, instead of joining every book
 * of the seller to every line of those books and sorting them (503 after 5 s for a seller with
 * 500,000 sales). An origin of the previous release still running during the rollout writes lines
 * without a seller; after the rollout, `UPDATE order_lines SET seller_id = (SELECT seller_id FROM
 * books WHERE books.id = order_lines.book_id) WHERE seller_id IS NULL` (the index finds them) fills
 * them in.
 *
 * The orders get (status, id), so the admin's list filtered by status reads an index in page order
 * too (a buyer's has orders_buyer_status of 0002: InnoDB and SQLite end each index with the id),
 * and the books (seller_id, deleted_at, id) for a seller's own list (/me/books, newest id first):
 * books_seller ends with created_at, so that page sorted the seller's whole catalogue.
 *
 * On MySQL the column is added instantly (nullable, at the end) and the indexes are built online
 * (InnoDB's default for a secondary index: reads and writes go on).
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  await queryInterface.addColumn('order_lines', 'seller_id', {
    type: DataTypes.INTEGER,
    allowNull: true,
  });
  let lastId = 0;
  for (;;) {
    const [last] = await sequelize.query<{ id: number }>(
      'SELECT id FROM order_lines WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?',
      { replacements: [lastId, BACKFILL_BATCH - 1], type: QueryTypes.SELECT },
    );
    const upTo = last?.id ?? Number.MAX_SAFE_INTEGER;
    await sequelize.query(
      'UPDATE order_lines SET seller_id = (SELECT books.seller_id FROM books WHERE books.id = order_lines.book_id) WHERE id > ? AND id <= ?',
      { replacements: [lastId, upTo] },
    );
    if (!last) break;
    lastId = last.id;
  }
  await queryInterface.addIndex('order_lines', ['seller_id', 'id'], { name: 'order_lines_seller' });
  await queryInterface.addIndex('orders', ['status', 'id'], { name: 'orders_status' });
  await queryInterface.addIndex('books', ['seller_id', 'deleted_at', 'id'], {
    name: 'books_seller_live',
  });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.removeIndex('books', 'books_seller_live');
  await queryInterface.removeIndex('orders', 'orders_status');
  await queryInterface.removeIndex('order_lines', 'order_lines_seller');
  await queryInterface.removeColumn('order_lines', 'seller_id');
}
