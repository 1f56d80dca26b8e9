import { randomBytes } from 'node:crypto';

/**
 * A tracking number such as `DHL-7K3M9Q2XWD4T`: the provider's name and 12 random characters from
 * an alphabet of 32 without look-alikes (no 0/O, 1/I), so a byte maps to it without bias; 32^12 values make a collision practically
 * impossible, and the unique column would refuse one anyway.
 */
export function newTrackingNumber(providerName: string): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const prefix =
    providerName
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 12)
      .toUpperCase() || 'BS';
  const bytes = randomBytes(12);
  let suffix = '';
  for (const byte of bytes) suffix += alphabet[byte % alphabet.length];
  return `${prefix}-${suffix}`;
}
