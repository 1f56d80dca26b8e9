import { UniqueConstraintError } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import type { PaymentMethod } from '../../shared/domain/payment-methods';
import type { Tx } from '../../shared/db/repositories/unit-of-work';

export interface NewPayment {
  orderId: number;
  method: PaymentMethod;
  amountCents: number;
  currency: string;
  reference: string;
}

/** Captured payments; the unique order id makes a second capture of one order fail in the database. */
export function createPaymentRepository(db: Database) {
  const { Payment } = db.models;
  return {
    /** Records a captured payment; false when the order already has one (the database refused it). */
    async insertCaptured(tx: Tx, payment: NewPayment): Promise<boolean> {
      try {
        await Payment.create(
          {
            orderId: payment.orderId,
            method: payment.method,
            amountCents: payment.amountCents,
            currency: payment.currency,
            status: 'captured',
            reference: payment.reference,
          },
          { transaction: tx },
        );
        return true;
      } catch (error) {
        if (error instanceof UniqueConstraintError) return false;
        throw error;
      }
    },
  };
}

export type PaymentRepository = ReturnType<typeof createPaymentRepository>;
