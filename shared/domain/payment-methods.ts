/** The ways a buyer can pay (simulated). */
export const PAYMENT_METHODS = ['credit_card', 'paypal', 'bank_transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
