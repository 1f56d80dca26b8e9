import { servesCountry } from '../../../shared/domain/delivery-coverage';
import type { CatalogContext } from '../catalog-context';
import type { DeliveryProviderJson } from '../../../shared/api/response-schemas';

/** The delivery providers a buyer can choose from: those that deliver to `country`, or all. */
export async function listDeliveryProviders(
  ctx: CatalogContext,
  country: string | undefined,
): Promise<DeliveryProviderJson[]> {
  const providers = await ctx.deliveryProviders.listAll();
  if (country === undefined) return providers;
  return providers.filter((provider) => servesCountry(provider.coverage, country, ctx.shopCountry));
}
