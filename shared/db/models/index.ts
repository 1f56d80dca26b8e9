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

/** Defines every model on a connection and wires their associations. */
export function defineModels(sequelize: Sequelize) {
  const User = initUserModel(sequelize);
  const Book = initBookModel(sequelize);
  const DeliveryProvider = initDeliveryProviderModel(sequelize);
  const Order = initOrderModel(sequelize);
  const OrderLine = initOrderLineModel(sequelize);
  const Payment = initPaymentModel(sequelize);
  const Delivery = initDeliveryModel(sequelize);
  const OutboxEvent = initOutboxEventModel(sequelize);
  const RefreshToken = initRefreshTokenModel(sequelize);
  const IdempotencyRecord = initIdempotencyRecordModel(sequelize);
  const LoginThrottle = initLoginThrottleModel(sequelize);

  Book.belongsTo(User, { as: 'seller', foreignKey: 'sellerId' });
  Order.belongsTo(User, { as: 'buyer', foreignKey: 'buyerId' });
  Order.hasMany(OrderLine, { as: 'lines', foreignKey: 'orderId' });
  OrderLine.belongsTo(Book, { as: 'book', foreignKey: 'bookId' });
  OrderLine.belongsTo(Order, { as: 'order', foreignKey: 'orderId' });
  Order.hasOne(Payment, { as: 'payment', foreignKey: 'orderId' });
  Order.hasOne(Delivery, { as: 'delivery', foreignKey: 'orderId' });
  Delivery.belongsTo(DeliveryProvider, { as: 'provider', foreignKey: 'providerId' });
  Order.belongsTo(DeliveryProvider, { as: 'deliveryProvider', foreignKey: 'deliveryProviderId' });
  RefreshToken.belongsTo(User, { as: 'user', foreignKey: 'userId' });

  return {
    User,
    Book,
    DeliveryProvider,
    Order,
    OrderLine,
    Payment,
    Delivery,
    OutboxEvent,
    RefreshToken,
    IdempotencyRecord,
    LoginThrottle,
  };
}

export type Models = ReturnType<typeof defineModels>;
