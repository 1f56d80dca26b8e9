import type { CatalogContext } from '../catalog-context';
import type { DeliveryProviderJson } from '../repositories/delivery-provider-list-repository';

/** Every delivery provider a buyer can choose from. */
export function listDeliveryProviders(ctx: CatalogContext): Promise<DeliveryProviderJson[]> {
  return ctx.deliveryProviders.listAll();
}
