import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export const BOOK_CONDITIONS = ['new', 'like_new', 'good', 'fair', 'poor'] as const;
export type BookCondition = (typeof BOOK_CONDITIONS)[number];

export class BookModel extends Model<
  InferAttributes<BookModel>,
  InferCreationAttributes<BookModel>
> {
  declare id: CreationOptional<number>;
  declare sellerId: number;
  declare title: string;
  declare author: string;
  declare description: string;
  declare isbn: string | null;
  declare condition: BookCondition;
  declare category: string | null;
  declare priceCents: number;
  declare currency: CreationOptional<string>;
  declare stock: number;
  /** Content hash of the large cover rendition; null without a cover. */
  declare coverKey: CreationOptional<string | null>;
  /** Content hash of the thumbnail rendition; set and cleared together with coverKey. */
  declare thumbnailKey: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;
}

export function initBookModel(sequelize: Sequelize): typeof BookModel {
  // A subclass per connection: Model.init binds statics to the class, so initialising the shared
  // class twice would silently move every earlier Database onto the newest connection.
  return class extends BookModel {}.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      sellerId: { type: DataTypes.INTEGER, allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      author: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      isbn: { type: DataTypes.STRING(13), allowNull: true },
      condition: { type: DataTypes.STRING(20), allowNull: false },
      category: { type: DataTypes.STRING(60), allowNull: true },
      priceCents: { type: DataTypes.INTEGER, allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'USD' },
      stock: { type: DataTypes.INTEGER, allowNull: false },
      coverKey: { type: DataTypes.STRING(255), allowNull: true },
      thumbnailKey: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
      deletedAt: DataTypes.DATE,
    },
    // paranoid: a deleted book leaves the catalog but stays for the orders that reference it.
    { sequelize, modelName: 'Book', tableName: 'books', underscored: true, paranoid: true },
  );
}
