import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** The first answer to an Idempotency-Key, kept per user so a retry replays it. */
export class IdempotencyRecordModel extends Model<
  InferAttributes<IdempotencyRecordModel>,
  InferCreationAttributes<IdempotencyRecordModel>
> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare idempotencyKey: string;
  declare requestHash: string;
  declare responseStatus: CreationOptional<number | null>;
  declare responseBody: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initIdempotencyRecordModel(sequelize: Sequelize): typeof IdempotencyRecordModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends IdempotencyRecordModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      idempotencyKey: { type: DataTypes.STRING(255), allowNull: false },
      requestHash: { type: DataTypes.STRING(64), allowNull: false },
      responseStatus: { type: DataTypes.INTEGER, allowNull: true },
      responseBody: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    {
      sequelize,
      modelName: 'IdempotencyRecord',
      tableName: 'idempotency_records',
      underscored: true,
      indexes: [{ unique: true, fields: ['user_id', 'idempotency_key'] }],
    },
  );
}
