import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
  type UpdateOptions,
} from 'sequelize';
import type { BookCondition } from '../../domain/book-conditions';
import { SEARCH_TEXT_MAX, searchTextOf } from '../search-text';

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
  /** Search forms of title, author and category (search-text.ts), kept in step on every write. */
  declare titleSearch: CreationOptional<string>;
  declare authorSearch: CreationOptional<string>;
  declare categorySearch: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;
}

type SearchedField = 'title' | 'author' | 'category';
const SEARCH_COLUMNS = {
  title: 'titleSearch',
  author: 'authorSearch',
  category: 'categorySearch',
} as const satisfies Record<SearchedField, keyof BookModel>;

/** The search columns that go with the searched fields among `values`. */
function searchColumnsOf(values: Partial<Record<string, unknown>>): Record<string, string | null> {
  const columns: Record<string, string | null> = {};
  for (const field of Object.keys(SEARCH_COLUMNS) as SearchedField[]) {
    const value = values[field];
    if (typeof value === 'string') {
      columns[SEARCH_COLUMNS[field]] = searchTextOf(value).slice(0, SEARCH_TEXT_MAX[field]);
    } else if (value === null) {
      columns[SEARCH_COLUMNS[field]] = null;
    }
  }
  return columns;
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
      titleSearch: {
        type: DataTypes.STRING(SEARCH_TEXT_MAX.title),
        allowNull: false,
        defaultValue: '',
      },
      authorSearch: {
        type: DataTypes.STRING(SEARCH_TEXT_MAX.author),
        allowNull: false,
        defaultValue: '',
      },
      categorySearch: { type: DataTypes.STRING(SEARCH_TEXT_MAX.category), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
      deletedAt: DataTypes.DATE,
    },
    // paranoid: a deleted book leaves the catalog but stays for the orders that reference it.
    {
      sequelize,
      modelName: 'Book',
      tableName: 'books',
      underscored: true,
      paranoid: true,
      // The search columns follow title, author and category on every write path: create and save,
      // bulk inserts (seeds) and the one-statement updates of seller edits.
      hooks: {
        beforeSave(book) {
          book.set(searchColumnsOf(book.get()));
        },
        beforeBulkCreate(books) {
          for (const book of books) book.set(searchColumnsOf(book.get()));
        },
        beforeBulkUpdate(
          options: UpdateOptions<InferAttributes<BookModel>> & { attributes?: object },
        ) {
          const columns = searchColumnsOf({ ...options.attributes });
          Object.assign(options.attributes ?? {}, columns);
          if (Array.isArray(options.fields))
            options.fields.push(...(Object.keys(columns) as never[]));
        },
      },
    },
  );
}
