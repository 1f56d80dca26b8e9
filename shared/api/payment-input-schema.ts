import { z } from 'zod';
import { PAYMENT_METHODS } from '../domain/payment-methods';

/** The test value that makes the simulated payment provider decline (documented in the README). */
export const DECLINE_TEST_VALUE = 'decline';

/**
 * POST /api/v1/orders/{id}/payment. The amount is never sent: it is the order's total. `simulate:
 * "decline"` asks the simulated provider to decline, to try the declined path end to end.
 */
export const payOrderSchema = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  simulate: z.literal(DECLINE_TEST_VALUE).optional(),
});
export type PayOrderInput = z.infer<typeof payOrderSchema>;
