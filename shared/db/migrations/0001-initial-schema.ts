import { DataTypes, type QueryInterface } from 'sequelize';
import type { MigrationContext } from '../migrator';

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const money = { type: DataTypes.INTEGER, allowNull: false };
const currency = { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'USD' };
const createdAt = { type: DataTypes.DATE, allowNull: false };
const updatedAt = { type: DataTypes.DATE, allowNull: false };
const references = (table: string, onDelete: 'CASCADE' | 'RESTRICT' = 'RESTRICT') => ({
  references: { model: table, key: 'id' },
  onUpdate: 'CASCADE',
  onDelete,
});

/** Adds a CHECK constraint; both MariaDB/MySQL 8 and SQLite enforce them. */
async function addCheck(
  queryInterface: QueryInterface,
  table: string,
  name: string,
  expression: string,
) {
  await queryInterface.addConstraint(table, {
    type: 'check',
    name,
    fields: [],
    where: queryInterface.sequelize.literal(expression),
  });
}

export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.createTable('users', {
    id,
    name: { type: DataTypes.STRING(100), allowNull: false },
    email: { type: DataTypes.STRING(254), allowNull: false, unique: true },
    password_hash: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'customer' },
    created_at: createdAt,
    updated_at: updatedAt,
  });
  // Emails are stored normalised; with the unique index this rejects a second account that differs
  // only in case, even when a writer bypasses the application (SQLite compares case-sensitively).
  await addCheck(queryInterface, 'users', 'users_email_normalised', 'email = lower(trim(email))');
  await addCheck(queryInterface, 'users', 'users_role_known', "role IN ('customer', 'admin')");

  await queryInterface.createTable('books', {
    id,
    seller_id: { type: DataTypes.INTEGER, allowNull: false, ...references('users') },
    title: { type: DataTypes.STRING(200), allowNull: false },
    author: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false },
    isbn: { type: DataTypes.STRING(13), allowNull: true },
    condition: { type: DataTypes.STRING(20), allowNull: false },
    category: { type: DataTypes.STRING(60), allowNull: true },
    price_cents: money,
    currency,
    stock: { type: DataTypes.INTEGER, allowNull: false },
    cover_key: { type: DataTypes.STRING(255), allowNull: true },
    created_at: createdAt,
    updated_at: updatedAt,
    deleted_at: { type: DataTypes.DATE, allowNull: true },
  });
  await addCheck(queryInterface, 'books', 'books_stock_non_negative', 'stock >= 0');
  await addCheck(queryInterface, 'books', 'books_price_non_negative', 'price_cents >= 0');
  await addCheck(
    queryInterface,
    'books',
    'books_condition_known',
    "`condition` IN ('new', 'like_new', 'good', 'fair', 'poor')",
  );
  // The catalog lists live books newest first, by price or by title, optionally per seller.
  await queryInterface.addIndex('books', ['deleted_at', 'created_at', 'id'], {
    name: 'books_live_newest',
  });
  await queryInterface.addIndex('books', ['deleted_at', 'price_cents', 'id'], {
    name: 'books_live_price',
  });
  await queryInterface.addIndex('books', ['deleted_at', 'title', 'id'], {
    name: 'books_live_title',
  });
  await queryInterface.addIndex('books', ['seller_id', 'deleted_at', 'created_at'], {
    name: 'books_seller',
  });
  await queryInterface.addIndex('books', ['author'], { name: 'books_author' });

  await queryInterface.createTable('delivery_providers', {
    id,
    name: { type: DataTypes.STRING(60), allowNull: false, unique: true },
    coverage: { type: DataTypes.STRING(20), allowNull: false },
    cost_cents: money,
    currency,
    created_at: createdAt,
    updated_at: updatedAt,
  });
  await addCheck(
    queryInterface,
    'delivery_providers',
    'delivery_providers_cost_non_negative',
    'cost_cents >= 0',
  );

  await queryInterface.createTable('orders', {
    id,
    buyer_id: { type: DataTypes.INTEGER, allowNull: false, ...references('users') },
    status: { type: DataTypes.STRING(20), allowNull: false },
    total_cents: money,
    currency,
    expires_at: { type: DataTypes.DATE, allowNull: false },
    created_at: createdAt,
    updated_at: updatedAt,
  });
  await addCheck(
    queryInterface,
    'orders',
    'orders_status_known',
    "status IN ('pending_payment', 'paid', 'delivery_assigned', 'cancelled', 'expired')",
  );
  await addCheck(queryInterface, 'orders', 'orders_total_non_negative', 'total_cents >= 0');
  await queryInterface.addIndex('orders', ['buyer_id', 'id'], { name: 'orders_buyer' });
  await queryInterface.addIndex('orders', ['status', 'expires_at'], { name: 'orders_expiry' });

  await queryInterface.createTable('order_lines', {
    id,
    order_id: { type: DataTypes.INTEGER, allowNull: false, ...references('orders', 'CASCADE') },
    book_id: { type: DataTypes.INTEGER, allowNull: false, ...references('books') },
    title: { type: DataTypes.STRING(200), allowNull: false },
    author: { type: DataTypes.STRING(200), allowNull: false },
    unit_price_cents: money,
    quantity: { type: DataTypes.INTEGER, allowNull: false },
  });
  await addCheck(queryInterface, 'order_lines', 'order_lines_quantity_positive', 'quantity > 0');
  await queryInterface.addIndex('order_lines', ['order_id', 'book_id'], {
    name: 'order_lines_one_per_book',
    unique: true,
  });
  await queryInterface.addIndex('order_lines', ['book_id'], { name: 'order_lines_book' });

  await queryInterface.createTable('payments', {
    id,
    // Unique: exactly one captured payment per order, whatever the application does.
    order_id: { type: DataTypes.INTEGER, allowNull: false, unique: true, ...references('orders') },
    method: { type: DataTypes.STRING(20), allowNull: false },
    amount_cents: money,
    currency,
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'captured' },
    reference: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    created_at: createdAt,
  });
  await addCheck(
    queryInterface,
    'payments',
    'payments_method_known',
    "method IN ('credit_card', 'paypal', 'bank_transfer')",
  );
  await addCheck(queryInterface, 'payments', 'payments_amount_non_negative', 'amount_cents >= 0');

  await queryInterface.createTable('deliveries', {
    id,
    order_id: { type: DataTypes.INTEGER, allowNull: false, unique: true, ...references('orders') },
    provider_id: { type: DataTypes.INTEGER, allowNull: false, ...references('delivery_providers') },
    cost_cents: money,
    currency,
    tracking_number: { type: DataTypes.STRING(40), allowNull: false, unique: true },
    created_at: createdAt,
  });

  await queryInterface.createTable('outbox_events', {
    id,
    event_id: { type: DataTypes.STRING(36), allowNull: false, unique: true },
    type: { type: DataTypes.STRING(40), allowNull: false },
    aggregate_type: { type: DataTypes.STRING(40), allowNull: false },
    aggregate_id: { type: DataTypes.INTEGER, allowNull: false },
    payload: { type: DataTypes.TEXT, allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.STRING(500), allowNull: true },
    published_at: { type: DataTypes.DATE, allowNull: true },
    created_at: createdAt,
  });
  await queryInterface.addIndex('outbox_events', ['published_at', 'id'], {
    name: 'outbox_events_unpublished',
  });

  await queryInterface.createTable('refresh_tokens', {
    id,
    user_id: { type: DataTypes.INTEGER, allowNull: false, ...references('users', 'CASCADE') },
    family_id: { type: DataTypes.STRING(36), allowNull: false },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    expires_at: { type: DataTypes.DATE, allowNull: false },
    rotated_at: { type: DataTypes.DATE, allowNull: true },
    revoked_at: { type: DataTypes.DATE, allowNull: true },
    created_at: createdAt,
  });
  await queryInterface.addIndex('refresh_tokens', ['family_id'], { name: 'refresh_tokens_family' });
  await queryInterface.addIndex('refresh_tokens', ['expires_at'], {
    name: 'refresh_tokens_expiry',
  });

  await queryInterface.createTable('idempotency_records', {
    id,
    user_id: { type: DataTypes.INTEGER, allowNull: false, ...references('users', 'CASCADE') },
    idempotency_key: { type: DataTypes.STRING(255), allowNull: false },
    request_hash: { type: DataTypes.STRING(64), allowNull: false },
    response_status: { type: DataTypes.INTEGER, allowNull: true },
    response_body: { type: DataTypes.TEXT, allowNull: true },
    created_at: createdAt,
    updated_at: updatedAt,
  });
  await queryInterface.addIndex('idempotency_records', ['user_id', 'idempotency_key'], {
    name: 'idempotency_records_user_key',
    unique: true,
  });
  await queryInterface.addIndex('idempotency_records', ['created_at'], {
    name: 'idempotency_records_age',
  });

  await queryInterface.createTable('login_throttles', {
    id,
    throttle_key: { type: DataTypes.STRING(300), allowNull: false, unique: true },
    failures: { type: DataTypes.INTEGER, allowNull: false },
    window_started_at: { type: DataTypes.DATE, allowNull: false },
    locked_until: { type: DataTypes.DATE, allowNull: true },
    updated_at: updatedAt,
  });
  await queryInterface.addIndex('login_throttles', ['window_started_at'], {
    name: 'login_throttles_window',
  });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  for (const table of [
    'login_throttles',
    'idempotency_records',
    'refresh_tokens',
    'outbox_events',
    'deliveries',
    'payments',
    'order_lines',
    'orders',
    'delivery_providers',
    'books',
    'users',
  ]) {
    await queryInterface.dropTable(table);
  }
}
