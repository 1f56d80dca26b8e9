import type { DeliveryCoverage } from '../db/models/delivery-provider-model';

/**
 * Whether a provider of `coverage` ships to `country`: national providers only within the shop's
 * own country, international ones anywhere. The catalog's list and the checkout both ask this.
 */
export function servesCountry(
  coverage: DeliveryCoverage,
  country: string,
  shopCountry: string,
): boolean {
  return coverage === 'international' || country === shopCountry;
}
