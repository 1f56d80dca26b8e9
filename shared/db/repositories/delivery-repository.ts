import type { Database } from '../create-database';
import type { DeliveryCoverage } from '../models';
import type { Tx } from './unit-of-work';

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

/** Delivery providers (read) and the delivery assigned to a paid order (write). */
export function createDeliveryRepository(db: Database) {
  const { Delivery, DeliveryProvider } = db.models;
  return {
    /** A delivery provider by id, or undefined. */
    async findProvider(providerId: number, tx?: Tx): Promise<DeliveryProviderRecord | undefined> {
      const row = await DeliveryProvider.findByPk(providerId, { transaction: tx ?? null });
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name,
        coverage: row.coverage,
        costCents: row.costCents,
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
