import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class DeliveryModel extends Model<
  InferAttributes<DeliveryModel>,
  InferCreationAttributes<DeliveryModel>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare providerId: number;
  declare costCents: number;
  declare currency: CreationOptional<string>;
  declare trackingNumber: string;
  declare createdAt: CreationOptional<Date>;
}

export function initDeliveryModel(sequelize: Sequelize): typeof DeliveryModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends DeliveryModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      orderId: { type: DataTypes.INTEGER, allowNull: false, unique: true },
      providerId: { type: DataTypes.INTEGER, allowNull: false },
      costCents: { type: DataTypes.INTEGER, allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'USD' },
      trackingNumber: { type: DataTypes.STRING(40), allowNull: false, unique: true },
      createdAt: DataTypes.DATE,
    },
    {
      sequelize,
      modelName: 'Delivery',
      tableName: 'deliveries',
      underscored: true,
      updatedAt: false,
    },
  );
}
