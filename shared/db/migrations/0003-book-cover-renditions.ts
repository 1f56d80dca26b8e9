import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../migrator';

/**
 * A cover is two WebP renditions under content-hashed keys: `cover_key` (from 0001) holds the large
 * one, `thumbnail_key` the small one. Identical pictures share objects, so before an object is
 * removed the store asks whether any other book still uses its key: both columns are indexed.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.addColumn('books', 'thumbnail_key', {
    type: DataTypes.STRING(64),
    allowNull: true,
  });
  await queryInterface.addIndex('books', ['cover_key'], { name: 'books_cover_key' });
  await queryInterface.addIndex('books', ['thumbnail_key'], { name: 'books_thumbnail_key' });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.removeIndex('books', 'books_thumbnail_key');
  await queryInterface.removeIndex('books', 'books_cover_key');
  // Plain ALTER TABLE on both databases: Sequelize's SQLite removeColumn rebuilds the whole table.
  await queryInterface.sequelize.query('ALTER TABLE books DROP COLUMN thumbnail_key');
}
