import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** Failed-login counters per account or client, in the database so they hold across Lambda instances. */
export class LoginThrottleModel extends Model<
  InferAttributes<LoginThrottleModel>,
  InferCreationAttributes<LoginThrottleModel>
> {
  declare id: CreationOptional<number>;
  declare throttleKey: string;
  declare failures: number;
  declare windowStartedAt: Date;
  declare lockedUntil: CreationOptional<Date | null>;
  declare updatedAt: CreationOptional<Date>;
}

export function initLoginThrottleModel(sequelize: Sequelize): typeof LoginThrottleModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends LoginThrottleModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      throttleKey: { type: DataTypes.STRING(300), allowNull: false, unique: true },
      failures: { type: DataTypes.INTEGER, allowNull: false },
      windowStartedAt: { type: DataTypes.DATE, allowNull: false },
      lockedUntil: { type: DataTypes.DATE, allowNull: true },
      updatedAt: DataTypes.DATE,
    },
    {
      sequelize,
      modelName: 'LoginThrottle',
      tableName: 'login_throttles',
      underscored: true,
      createdAt: false,
    },
  );
}
