import { AppError, notFound } from '../../shared/errors/app-error';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../shared/http/error-handler';
import type { OrderStatus } from '../../shared/domain/order-states';

const VERB_OF: Record<OrderStatus, string> = {
  pending_payment: 'reopened',
  paid: 'paid',
  delivery_assigned: 'given a delivery',
  cancelled: 'cancelled',
  expired: 'expired',
};

/** The named refusals of the order use cases, each with its status. */
export const orderErrors = {
  orderNotFound: () => notFound('Order'),
  bookNotFound: (line: number, bookId: number) =>
    new AppError('book-not-found', 404, `Book ${bookId} (line ${line + 1}) is not for sale.`, {
      errors: [{ path: `items.${line}.bookId`, message: 'is not a book for sale' }],
    }),
  outOfStock: (line: number, bookId: number) =>
    new AppError(
      'out-of-stock',
      409,
      `Not enough copies of book ${bookId} (line ${line + 1}) are in stock.`,
      {
        errors: [{ path: `items.${line}.quantity`, message: 'is more than the copies in stock' }],
      },
    ),
  ownBook: (line: number, bookId: number) =>
    new AppError(
      'own-book',
      403,
      `Book ${bookId} (line ${line + 1}) is yours: sellers cannot buy their own books.`,
      {
        errors: [{ path: `items.${line}.bookId`, message: 'is your own book' }],
      },
    ),
  totalTooLarge: () =>
    new AppError(
      'order-total-too-large',
      400,
      'The order total is too large; split it into smaller orders.',
      {
        errors: [{ path: 'items', message: 'add up to more than one order may cost' }],
      },
    ),
  wrongState: (to: OrderStatus, status: OrderStatus | undefined) =>
    new AppError(
      'order-state-conflict',
      409,
      status
        ? `This order is ${status.replace('_', ' ')} and cannot be ${VERB_OF[to]}.`
        : `This order changed meanwhile and cannot be ${VERB_OF[to]} any more.`,
    ),
  tooManyPending: (max: number) =>
    new AppError(
      'too-many-unpaid-orders',
      409,
      `You already have ${max} unpaid orders; pay or cancel one before placing another.`,
    ),
  providerNotServing: (providerId: number, country: string) =>
    new AppError(
      'delivery-provider-unavailable',
      400,
      `Delivery provider ${providerId} does not deliver to ${country}.`,
      {
        errors: [
          { path: 'deliveryProviderId', message: `is not a provider that delivers to ${country}` },
        ],
      },
    ),
  /**
   * The database stopped answering once the checkout's COMMIT was sent: the order may exist. With
   * an Idempotency-Key a retry is safe (it answers the order if there is one, or places it once);
   * without one, a retry could place a second order, so the client is told to look first.
   */
  outcomeUnknown: (keySent: boolean, cause: unknown) =>
    new AppError(
      'order-outcome-unknown',
      503,
      'The database stopped answering while your order was being saved, so it may have been placed. ' +
        (keySent
          ? 'Retry with the same Idempotency-Key: you get that order if it was placed, and it is never placed twice.'
          : 'Check your orders (GET /api/v1/orders) before ordering again, and send an Idempotency-Key to make retries safe.'),
      { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, cause },
    ),
  paymentExpired: () =>
    new AppError(
      'order-expired',
      409,
      'The time to pay for this order has run out; its books were released.',
    ),
};
