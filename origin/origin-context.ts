import type { Config } from '../shared/config';
import type { CoverStorage } from '../shared/covers/cover-storage';
import type { Database } from '../shared/db/create-database';
import {
  createUserRepository,
  type UserRepository,
} from '../shared/db/repositories/user-repository';
import {
  createDeliveryRepository,
  type DeliveryRepository,
} from './deliveries/delivery-repository';
import {
  createIdempotencyRepository,
  type IdempotencyRepository,
} from './http/idempotency-repository';
import {
  createBookInventoryRepository,
  type BookInventoryRepository,
} from './inventory/book-inventory-repository';
import { createOrderRepository, type OrderRepository } from './orders/order-repository';
import { createOutboxRepository, type OutboxRepository } from './outbox/outbox-repository';
import { createPaymentRepository, type PaymentRepository } from './payments/payment-repository';
import { createSalesRepository, type SalesRepository } from './sales/sales-repository';

/** What the origin's use cases work with: the database, its repositories, the clock and settings. */
export interface OriginContext {
  db: Database;
  books: BookInventoryRepository;
  orders: OrderRepository;
  payments: PaymentRepository;
  deliveries: DeliveryRepository;
  outbox: OutboxRepository;
  idempotency: IdempotencyRepository;
  sales: SalesRepository;
  users: UserRepository;
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

/** The origin's context over one database: built once per process (origin/server.ts) or test. */
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
