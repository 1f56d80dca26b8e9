import type { Logger } from '../../shared/logging/logger';
import { ensureApplicationUser } from '../../shared/db/application-user';
import type { Database } from '../../shared/db/create-database';
import { readDatabaseCredentials } from '../../shared/db/secret-credentials';
import { createMigrator } from '../../shared/db/migrator';
import { seedDeliveryProviders } from '../../shared/db/seeds/delivery-providers';
import type { SecretReader } from '../../shared/secrets/secret-reader';

/** What one run of the migration step did. */
export interface MigrationStepResult {
  applied: string[];
  deliveryProvidersCreated: number;
  applicationUser: string;
}

export interface MigrationStepDeps {
  /** The database opened as the master user (the only one allowed to change the schema). */
  db: Database;
  secrets: SecretReader;
  /** The secret of the application user that the functions and the origin connect as. */
  appUserSecretArn: string;
  logger: Logger;
}

/**
 * The privileged step of a deploy, run as the master user before any new code serves requests:
 * applies pending migrations, seeds the delivery providers, and creates or updates the
 * application user (its password from its own secret, its privileges DML on the schema only).
 * Every part is idempotent, so running it on every deploy changes nothing when nothing changed.
 */
export async function runMigrationStep(deps: MigrationStepDeps): Promise<MigrationStepResult> {
  const applied = await createMigrator(deps.db.sequelize).up();
  const deliveryProvidersCreated = await seedDeliveryProviders(deps.db);
  const appUser = await readDatabaseCredentials(deps.secrets, deps.appUserSecretArn);
  await ensureApplicationUser(deps.db.sequelize, appUser);
  const result = {
    applied: applied.map((migration) => migration.name),
    deliveryProvidersCreated,
    applicationUser: appUser.username,
  };
  deps.logger.info(result, 'migration step done');
  return result;
}
