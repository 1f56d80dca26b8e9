import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../migrator';

/**
 * The order events a consumer has handled, keyed by event id. SQS delivers at least once, so the
 * notifications function claims an event here (insert-if-absent on the primary key) in the same
 * transaction that covers its work: a redelivery, or a parallel delivery, finds the row and stops.
 * The key includes the consumer so that another consumer of the same events keeps its own record.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.createTable('processed_events', {
    event_id: { type: DataTypes.STRING(36), allowNull: false, primaryKey: true },
    consumer: { type: DataTypes.STRING(40), allowNull: false, primaryKey: true },
    processed_at: { type: DataTypes.DATE, allowNull: false },
  });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.dropTable('processed_events');
}
