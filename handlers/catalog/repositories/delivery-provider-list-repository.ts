import { QueryTypes } from 'sequelize';
import type { Database } from '../../../shared/db/create-database';
import { withStatementCeiling } from '../../../shared/db/statement-ceiling';
import type { DeliveryProviderJson } from '../../../shared/api/response-schemas';

/**
 * Reads the seeded delivery providers (only the catalog lists them, so this lives beside its use
 * case). One hand-written statement rather than DeliveryProvider.findAll, so that it carries the
 * server-side cost ceiling (`statementLimitMs`, statement-ceiling.ts) as the catalog's other reads do.
 */
export function createDeliveryProviderListRepository(db: Database, statementLimitMs?: number) {
  return {
    /** Every provider, cheapest first (then by name, so the order is stable). */
    async listAll(): Promise<DeliveryProviderJson[]> {
      const rows = await db.sequelize.query<DeliveryProviderJson>(
        withStatementCeiling(
          'SELECT id, name, coverage, cost_cents AS costCents, currency FROM delivery_providers ORDER BY cost_cents ASC, name ASC',
          db.dialect,
          statementLimitMs,
        ),
        { type: QueryTypes.SELECT },
      );
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        coverage: row.coverage,
        costCents: row.costCents,
        currency: row.currency,
      }));
    },
  };
}

export type DeliveryProviderListRepository = ReturnType<
  typeof createDeliveryProviderListRepository
>;
