import type { Database } from '../../../shared/db/create-database';
import type { DeliveryProviderJson } from '../../../shared/api/response-schemas';

/** Reads the seeded delivery providers (only the catalog lists them, so this lives beside its use case). */
export function createDeliveryProviderListRepository(db: Database) {
  const { DeliveryProvider } = db.models;
  return {
    /** Every provider, cheapest first (then by name, so the order is stable). */
    async listAll(): Promise<DeliveryProviderJson[]> {
      const rows = await DeliveryProvider.findAll({
        order: [
          ['costCents', 'ASC'],
          ['name', 'ASC'],
        ],
      });
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
