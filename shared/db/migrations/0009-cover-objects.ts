import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../migrator';

/**
 * One row per stored cover rendition (its content-hashed key), the lock and the state that let
 * books share renditions without ever pointing at a removed one. Every change of a book's cover
 * locks the rows of the keys it sets and drops (shared/db/repositories/cover-objects.ts), and the
 * housekeeping sweep removes an object only under its row's lock:
 * - `released_at`: when the last book stopped using the key; the sweep removes the object once the
 *   catalog's caches can no longer hold an answer naming it. Null while a book uses it.
 * - `removed_at`: when the sweep removed the object; an upload of the same picture stores it again.
 * Rows are created on first use, so keys stored before this migration need no backfill.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.createTable('cover_objects', {
    object_key: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
    released_at: { type: DataTypes.DATE, allowNull: true },
    removed_at: { type: DataTypes.DATE, allowNull: true },
  });
  // The sweep reads the oldest released keys first; removed and used keys are null, out of range.
  await queryInterface.addIndex('cover_objects', ['released_at'], {
    name: 'cover_objects_released_at',
  });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.dropTable('cover_objects');
}
