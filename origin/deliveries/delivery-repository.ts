import { QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import type { DeliveryCoverage } from '../../shared/domain/delivery-coverage';
import type { Tx } from '../../shared/db/repositories/unit-of-work';

export interface DeliveryProviderRecord {
  id: number;
  name: string;
  coverage: DeliveryCoverage;
  costCents: number;
  currency: string;
}

export interface NewDelivery {
  orderId: number;
  providerId: number;
  costCents: number;
  currency: string;
  trackingNumber: string;
}

const FIND_PROVIDER_SQL =
  'SELECT id, name, coverage, cost_cents, currency FROM delivery_providers WHERE id = ?';

interface ProviderRow {
  id: number;
  name: string;
  coverage: DeliveryCoverage;
  cost_cents: number;
  currency: string;
}

/** Delivery providers (read) and the delivery assigned to a paid order (write). */
export function createDeliveryRepository(db: Database) {
  const { Delivery } = db.models;
  return {
    /** A delivery provider by id, or undefined. */
    async findProvider(providerId: number, tx?: Tx): Promise<DeliveryProviderRecord | undefined> {
      // Written out: every checkout reads its provider, and the model's findByPk costs more CPU.
      const row = await db.sequelize.query<ProviderRow>(FIND_PROVIDER_SQL, {
        type: QueryTypes.SELECT,
        plain: true,
        transaction: tx ?? null,
        replacements: [providerId],
      });
      if (!row) return undefined;
      return {
        id: Number(row.id),
        name: row.name,
        coverage: row.coverage,
        costCents: Number(row.cost_cents),
        currency: row.currency,
      };
    },

    /** Records the delivery of an order; the unique order id allows one per order. */
    async insert(tx: Tx, delivery: NewDelivery): Promise<void> {
      await Delivery.create(
        {
          orderId: delivery.orderId,
          providerId: delivery.providerId,
          costCents: delivery.costCents,
          currency: delivery.currency,
          trackingNumber: delivery.trackingNumber,
        },
        { transaction: tx },
      );
    },
  };
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
