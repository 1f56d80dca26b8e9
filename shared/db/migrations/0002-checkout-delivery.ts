import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../migrator';

const text = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true });

const COLUMNS = [
  'delivery_cost_cents',
  'delivery_provider_id',
  'ship_name',
  'ship_line1',
  'ship_line2',
  'ship_city',
  'ship_region',
  'ship_postal_code',
  'ship_country',
];

/**
 * Checkout v2: an order carries the delivery chosen at checkout (provider and cost, part of the
 * total) and the address it ships to. Orders placed before have none of these: the new columns are
 * nullable (or default to no delivery cost) so they stay readable as they were. New columns only,
 * no constraint changes: SQLite can add a constraint only by rebuilding the table.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.addColumn('orders', 'delivery_cost_cents', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });
  // No foreign key: SQLite cannot drop a referencing column again (down), and the providers are
  // seeded reference data that is never deleted.
  await queryInterface.addColumn('orders', 'delivery_provider_id', {
    type: DataTypes.INTEGER,
    allowNull: true,
  });
  await queryInterface.addColumn('orders', 'ship_name', text(100));
  await queryInterface.addColumn('orders', 'ship_line1', text(200));
  await queryInterface.addColumn('orders', 'ship_line2', text(200));
  await queryInterface.addColumn('orders', 'ship_city', text(100));
  await queryInterface.addColumn('orders', 'ship_region', text(100));
  await queryInterface.addColumn('orders', 'ship_postal_code', text(20));
  await queryInterface.addColumn('orders', 'ship_country', text(2));
  // The unpaid-orders cap counts a buyer's pending orders on every checkout.
  await queryInterface.addIndex('orders', ['buyer_id', 'status'], { name: 'orders_buyer_status' });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.removeIndex('orders', 'orders_buyer_status');
  // Plain DROP COLUMN (SQLite 3.35+, MySQL): Sequelize's SQLite removeColumn rebuilds the table,
  // and dropping orders with foreign keys on would cascade into order_lines.
  for (const column of [...COLUMNS].reverse()) {
    await queryInterface.sequelize.query(`ALTER TABLE orders DROP COLUMN ${column}`);
  }
}
