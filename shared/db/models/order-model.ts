import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { OrderStatus } from '../../domain/order-states';

export class OrderModel extends Model<
  InferAttributes<OrderModel>,
  InferCreationAttributes<OrderModel>
> {
  declare id: CreationOptional<number>;
  declare buyerId: number;
  declare status: OrderStatus;
  declare totalCents: number;
  declare currency: CreationOptional<string>;
  declare expiresAt: Date;
  /** 0 and null for orders placed before checkout chose a delivery (migration 0002). */
  declare deliveryCostCents: CreationOptional<number>;
  declare deliveryProviderId: number | null;
  declare shipName: string | null;
  declare shipLine1: string | null;
  declare shipLine2: string | null;
  declare shipCity: string | null;
  declare shipRegion: string | null;
  declare shipPostalCode: string | null;
  declare shipCountry: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initOrderModel(sequelize: Sequelize): typeof OrderModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends OrderModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      buyerId: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(20), allowNull: false },
      totalCents: { type: DataTypes.INTEGER, allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'USD' },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      deliveryCostCents: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      deliveryProviderId: { type: DataTypes.INTEGER, allowNull: true },
      shipName: { type: DataTypes.STRING(100), allowNull: true },
      shipLine1: { type: DataTypes.STRING(200), allowNull: true },
      shipLine2: { type: DataTypes.STRING(200), allowNull: true },
      shipCity: { type: DataTypes.STRING(100), allowNull: true },
      shipRegion: { type: DataTypes.STRING(100), allowNull: true },
      shipPostalCode: { type: DataTypes.STRING(20), allowNull: true },
      shipCountry: { type: DataTypes.STRING(2), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, modelName: 'Order', tableName: 'orders', underscored: true },
  );
}
