import type { Sequelize } from 'sequelize';
import { pendingMigrations } from './migrator';

/** Raised at start-up when the database schema is older than the code. */
export class SchemaOutdatedError extends Error {
  override name = 'SchemaOutdatedError';
}

/** Fails start-up with an actionable message when migrations are pending. */
export async function assertSchemaCurrent(sequelize: Sequelize): Promise<void> {
  const pending = await pendingMigrations(sequelize);
  if (pending.length > 0) {
    throw new SchemaOutdatedError(
      `The database schema is not up to date (pending: ${pending.join(', ')}). Run "npm run migrate" first.`,
    );
  }
}
