import type { Config } from '../shared/config';
import type { CoverStorage } from '../shared/covers/cover-storage';
import type { Database } from '../shared/db/create-database';
import { createBookInventoryRepository } from './inventory/book-inventory-repository';
import { createDeliveryRepository } from './deliveries/delivery-repository';
import { createIdempotencyRepository } from './http/idempotency-repository';
import { createOrderRepository } from './orders/order-repository';
import { createOutboxRepository } from './outbox/outbox-repository';
import { createPaymentRepository } from './payments/payment-repository';
import { createUserRepository } from '../shared/db/repositories/user-repository';
import { createSalesRepository } from './sales/sales-repository';

/** What the origin's use cases work with: the database, its repositories, the clock and settings. */
export interface OriginContext {
  db: Database;
  books: ReturnType<typeof createBookInventoryRepository>;
  orders: ReturnType<typeof createOrderRepository>;
  payments: ReturnType<typeof createPaymentRepository>;
  deliveries: ReturnType<typeof createDeliveryRepository>;
  outbox: ReturnType<typeof createOutboxRepository>;
  idempotency: ReturnType<typeof createIdempotencyRepository>;
  sales: ReturnType<typeof createSalesRepository>;
  users: ReturnType<typeof createUserRepository>;
  /** Where cover images are stored (S3 in AWS, a folder locally). */
  covers: CoverStorage;
  /** The current time; tests move it to make orders overdue without waiting. */
  now: () => Date;
  paymentTimeoutSeconds: number;
  /** Unpaid orders one buyer may hold at once (MAX_PENDING_ORDERS_PER_BUYER). */
  maxPendingOrdersPerBuyer: number;
  /** The shop's country: national delivery providers ship only within it (SHOP_COUNTRY). */
  shopCountry: string;
}

export function createOriginContext(
  db: Database,
  config: Pick<Config, 'orders' | 'shopCountry'>,
  covers: CoverStorage,
  now: () => Date = () => new Date(),
): OriginContext {
  return {
    db,
    books: createBookInventoryRepository(db),
    orders: createOrderRepository(db),
    payments: createPaymentRepository(db),
    deliveries: createDeliveryRepository(db),
    outbox: createOutboxRepository(db),
    idempotency: createIdempotencyRepository(db),
    sales: createSalesRepository(db),
    users: createUserRepository(db),
    covers,
    now,
    paymentTimeoutSeconds: config.orders.paymentTimeoutSeconds,
    maxPendingOrdersPerBuyer: config.orders.maxPendingPerBuyer,
    shopCountry: config.shopCountry,
  };
}
