import type { Database } from '../create-database';
import type { DeliveryCoverage } from '../../domain/delivery-coverage';

/** The delivery providers of the original shop, with their coverage and cost. */
export const DELIVERY_PROVIDERS: ReadonlyArray<{
  name: string;
  coverage: DeliveryCoverage;
  costCents: number;
}> = [
  { name: 'DHL', coverage: 'international', costCents: 5000 },
  { name: 'FedEx', coverage: 'international', costCents: 4500 },
  { name: 'Envia', coverage: 'national', costCents: 2000 },
  { name: 'Servientrega', coverage: 'national', costCents: 1500 },
];

/** Inserts the delivery providers that are missing; running it again changes nothing. */
export async function seedDeliveryProviders(db: Database): Promise<number> {
  let created = 0;
  for (const provider of DELIVERY_PROVIDERS) {
    const [, wasCreated] = await db.models.DeliveryProvider.findOrCreate({
      where: { name: provider.name },
      defaults: { ...provider, currency: 'USD' },
    });
    if (wasCreated) created += 1;
  }
  return created;
}
