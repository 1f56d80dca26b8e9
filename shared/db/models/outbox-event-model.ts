import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class OutboxEventModel extends Model<
  InferAttributes<OutboxEventModel>,
  InferCreationAttributes<OutboxEventModel>
> {
  declare id: CreationOptional<number>;
  /** Stable id consumers deduplicate on (SQS delivers at least once). */
  declare eventId: string;
  declare type: string;
  declare aggregateType: string;
  declare aggregateId: number;
  /** JSON text: TEXT rather than JSON so both dialects store it the same way. */
  declare payload: string;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare publishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initOutboxEventModel(sequelize: Sequelize): typeof OutboxEventModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends OutboxEventModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      eventId: { type: DataTypes.STRING(36), allowNull: false, unique: true },
      type: { type: DataTypes.STRING(40), allowNull: false },
      aggregateType: { type: DataTypes.STRING(40), allowNull: false },
      aggregateId: { type: DataTypes.INTEGER, allowNull: false },
      payload: { type: DataTypes.TEXT, allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastError: { type: DataTypes.STRING(500), allowNull: true },
      publishedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    {
      sequelize,
      modelName: 'OutboxEvent',
      tableName: 'outbox_events',
      underscored: true,
      updatedAt: false,
    },
  );
}
