import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { PaymentMethod } from '../../domain/payment-methods';

/** A captured payment; the unique order id makes a second capture impossible at the database. */
export class PaymentModel extends Model<
  InferAttributes<PaymentModel>,
  InferCreationAttributes<PaymentModel>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare method: PaymentMethod;
  declare amountCents: number;
  declare currency: CreationOptional<string>;
  declare status: CreationOptional<'captured'>;
  declare reference: string;
  declare createdAt: CreationOptional<Date>;
}

export function initPaymentModel(sequelize: Sequelize): typeof PaymentModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends PaymentModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      orderId: { type: DataTypes.INTEGER, allowNull: false, unique: true },
      method: { type: DataTypes.STRING(20), allowNull: false },
      amountCents: { type: DataTypes.INTEGER, allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'USD' },
      status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'captured' },
      reference: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, modelName: 'Payment', tableName: 'payments', underscored: true, updatedAt: false },
  );
}
