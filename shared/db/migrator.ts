import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import * as initialSchema from './migrations/0001-initial-schema';
import * as checkoutDelivery from './migrations/0002-checkout-delivery';
import * as bookCoverRenditions from './migrations/0003-book-cover-renditions';
import * as bookSearchColumns from './migrations/0005-book-search-columns';
import * as processedEvents from './migrations/0008-processed-events';
import * as coverObjects from './migrations/0009-cover-objects';
import * as bookFullTextSearch from './migrations/0010-book-full-text-search';
import * as pageOrderIndexes from './migrations/0011-page-order-indexes';
import * as categoryCounts from './migrations/0012-category-counts';
import * as bookTitleSearch from './migrations/0013-book-title-search';
import * as processedEventsAge from './migrations/0014-processed-events-age';

export interface MigrationContext {
  context: QueryInterface;
}

/**
 * The migrations, in order. Listed here rather than globbed so that a bundled Lambda or container
 * image carries exactly these and the order never depends on the file system.
 */
const MIGRATIONS = [
  { name: '0001-initial-schema', ...initialSchema },
  { name: '0002-checkout-delivery', ...checkoutDelivery },
  { name: '0003-book-cover-renditions', ...bookCoverRenditions },
  { name: '0005-book-search-columns', ...bookSearchColumns },
  { name: '0008-processed-events', ...processedEvents },
  { name: '0009-cover-objects', ...coverObjects },
  { name: '0010-book-full-text-search', ...bookFullTextSearch },
  { name: '0011-page-order-indexes', ...pageOrderIndexes },
  { name: '0012-category-counts', ...categoryCounts },
  { name: '0013-book-title-search', ...bookTitleSearch },
  { name: '0014-processed-events-age', ...processedEventsAge },
];

/** Builds the migrator over the `schema_migrations` table of a connection. */
export function createMigrator(sequelize: Sequelize) {
  return new Umzug({
    migrations: MIGRATIONS.map(({ name, up, down }) => ({
      name,
      up: ({ context }: { context: QueryInterface }) => up({ context }),
      down: ({ context }: { context: QueryInterface }) => down({ context }),
    })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(sequelize: Sequelize): Promise<string[]> {
  const pending = await createMigrator(sequelize).pending();
  return pending.map((migration) => migration.name);
}
