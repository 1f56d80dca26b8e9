import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class OrderLineModel extends Model<
  InferAttributes<OrderLineModel>,
  InferCreationAttributes<OrderLineModel>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare bookId: number;
  /** The book's seller when ordered: a seller's sales read the (seller_id, id) index. */
  declare sellerId: number | null;
  /** Title and author as they were when ordered, so history survives later edits. */
  declare title: string;
  declare author: string;
  declare unitPriceCents: number;
  declare quantity: number;
}

export function initOrderLineModel(sequelize: Sequelize): typeof OrderLineModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends OrderLineModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      orderId: { type: DataTypes.INTEGER, allowNull: false },
      bookId: { type: DataTypes.INTEGER, allowNull: false },
      // Null only for a line an origin of the release before 0011 wrote (see migration 0011).
      sellerId: { type: DataTypes.INTEGER, allowNull: true },
      title: { type: DataTypes.STRING(200), allowNull: false },
      author: { type: DataTypes.STRING(200), allowNull: false },
      unitPriceCents: { type: DataTypes.INTEGER, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
    },
    {
      sequelize,
      modelName: 'OrderLine',
      tableName: 'order_lines',
      underscored: true,
      timestamps: false,
    },
  );
}
