import { randomBytes } from 'node:crypto';
import type { PaymentMethod } from '../../shared/domain/payment-methods';

export type ChargeResult =
  { approved: true; reference: string } | { approved: false; reason: string };

/**
 * Stands in for a payment provider: approves every charge with a unique reference unless told to
 * decline. The amount and method are passed as a real provider would need them.
 */
export function simulateCharge(charge: {
  method: PaymentMethod;
  amountCents: number;
  decline: boolean;
}): ChargeResult {
  if (charge.decline)
    return {
      approved: false,
      reason: `The ${charge.method.replace('_', ' ')} payment was declined.`,
    };
  return { approved: true, reference: `pay_${randomBytes(16).toString('hex')}` };
}
