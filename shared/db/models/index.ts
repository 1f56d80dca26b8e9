import type { Sequelize } from 'sequelize';
import { initBookModel } from './book-model';
import { initDeliveryModel } from './delivery-model';
import { initDeliveryProviderModel } from './delivery-provider-model';
import { initIdempotencyRecordModel } from './idempotency-record-model';
import { initLoginThrottleModel } from './login-throttle-model';
import { initOrderLineModel } from './order-line-model';
import { initOrderModel } from './order-model';
import { initOutboxEventModel } from './outbox-event-model';
import { initPaymentModel } from './payment-model';
import { initRefreshTokenModel } from './refresh-token-model';
import { initUserModel } from './user-model';

export * from './book-model';
export * from './delivery-model';
export * from './delivery-provider-model';
export * from './idempotency-record-model';
export * from './login-throttle-model';
export * from './order-line-model';
export * from './order-model';
export * from './outbox-event-model';
export * from './payment-model';
export * from './refresh-token-model';
export * from './user-model';

/** Each model's initialiser: the model class bound to one connection. */
const INITIALISERS = {
  User: initUserModel,
  Book: initBookModel,
  DeliveryProvider: initDeliveryProviderModel,
  Order: initOrderModel,
  OrderLine: initOrderLineModel,
  Payment: initPaymentModel,
  Delivery: initDeliveryModel,
  OutboxEvent: initOutboxEventModel,
  RefreshToken: initRefreshTokenModel,
  IdempotencyRecord: initIdempotencyRecordModel,
  LoginThrottle: initLoginThrottleModel,
} as const;

/** The models of BookStore on one connection. */
export type Models = {
  [Name in keyof typeof INITIALISERS]: ReturnType<(typeof INITIALISERS)[Name]>;
};

/**
 * The associations each model is the source of, wired when that model is defined (reading a target
 * defines it too), so a query from any model finds every association it can include.
 */
const ASSOCIATIONS: { [Name in keyof Models]?: (models: Models) => void } = {
  Book: ({ Book, User }) => {
    Book.belongsTo(User, { as: 'seller', foreignKey: 'sellerId' });
  },
  Order: ({ Order, User, OrderLine, Payment, Delivery, DeliveryProvider }) => {
    Order.belongsTo(User, { as: 'buyer', foreignKey: 'buyerId' });
    Order.hasMany(OrderLine, { as: 'lines', foreignKey: 'orderId' });
    Order.hasOne(Payment, { as: 'payment', foreignKey: 'orderId' });
    Order.hasOne(Delivery, { as: 'delivery', foreignKey: 'orderId' });
    Order.belongsTo(DeliveryProvider, { as: 'deliveryProvider', foreignKey: 'deliveryProviderId' });
  },
  OrderLine: ({ OrderLine, Book, Order }) => {
    OrderLine.belongsTo(Book, { as: 'book', foreignKey: 'bookId' });
    OrderLine.belongsTo(Order, { as: 'order', foreignKey: 'orderId' });
  },
  Delivery: ({ Delivery, DeliveryProvider }) => {
    Delivery.belongsTo(DeliveryProvider, { as: 'provider', foreignKey: 'providerId' });
  },
  RefreshToken: ({ RefreshToken, User }) => {
    RefreshToken.belongsTo(User, { as: 'user', foreignKey: 'userId' });
  },
};

/**
 * The models of BookStore on a connection, each defined (with its associations) when first read.
 * Defining a Sequelize model costs about a millisecond of a cold start; a Lambda function reads
 * only the few its repositories use (the catalog one of eleven), and the origin all of them.
 */
export function defineModels(sequelize: Sequelize): Models {
  const defined: Partial<Models> = {};
  const models = {} as Models;
  for (const name of Object.keys(INITIALISERS) as (keyof Models)[]) {
    Object.defineProperty(models, name, {
      enumerable: true,
      get() {
        let model = defined[name];
        if (!model) {
          model = INITIALISERS[name](sequelize);
          // Recorded before the associations are wired: a target that points back finds it.
          Object.assign(defined, { [name]: model });
          ASSOCIATIONS[name]?.(models);
        }
        return model;
      },
    });
  }
  return models;
}
