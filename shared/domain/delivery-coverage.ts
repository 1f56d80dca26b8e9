/** How far a delivery provider ships: only within the shop's country, or anywhere. */
export const DELIVERY_COVERAGES = ['international', 'national'] as const;
export type DeliveryCoverage = (typeof DELIVERY_COVERAGES)[number];

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
