import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { DeliveryCoverage } from '../../domain/delivery-coverage';

export class DeliveryProviderModel extends Model<
  InferAttributes<DeliveryProviderModel>,
  InferCreationAttributes<DeliveryProviderModel>
> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare coverage: DeliveryCoverage;
  declare costCents: number;
  declare currency: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initDeliveryProviderModel(sequelize: Sequelize): typeof DeliveryProviderModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends DeliveryProviderModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      name: { type: DataTypes.STRING(60), allowNull: false, unique: true },
      coverage: { type: DataTypes.STRING(20), allowNull: false },
      costCents: { type: DataTypes.INTEGER, allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'USD' },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    {
      sequelize,
      modelName: 'DeliveryProvider',
      tableName: 'delivery_providers',
      underscored: true,
    },
  );
}
