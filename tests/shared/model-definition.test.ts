import { createDeliveryProviderListRepository } from '../../handlers/catalog/repositories/delivery-provider-list-repository';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createBookCatalogRepository } from '../../handlers/catalog/repositories/book-catalog-repository';
import { createCategoryListRepository } from '../../handlers/catalog/repositories/category-list-repository';

// Models are defined on a connection when first read, so a Lambda function's cold start defines
// only those its repositories use; every association must still be there for any model read first.
describe('model definition', () => {
  let db: Database;

  beforeEach(() => {
    // Nothing here queries: an in-memory SQLite connection is never even opened.
    db = createDatabase({
      url: { dialect: 'sqlite', storage: ':memory:' },
      pool: { kind: 'service', max: 1 },
      connectTimeoutMs: 1000,
      acquireTimeoutMs: 1000,
    });
  });

  afterEach(async () => {
    await db.close();
  });

  it("when the catalog function's repositories are created, then no model is defined", () => {
    // Act
    createBookCatalogRepository(db);
    createCategoryListRepository(db);
    createDeliveryProviderListRepository(db);

    // Assert: the catalog reads with SQL of its own (each statement carries its cost ceiling).
    expect(Object.keys(db.sequelize.models)).toEqual([]);
  });

  it('when an order line is the first model read, then it and the order reach every model they include', () => {
    // Act
    const { OrderLine } = db.models;

    // Assert
    expect(Object.keys(OrderLine.associations).sort()).toEqual(['book', 'order']);
    expect(Object.keys(db.models.Order.associations).sort()).toEqual([
      'buyer',
      'delivery',
      'deliveryProvider',
      'lines',
      'payment',
    ]);
    expect(Object.keys(db.models.Delivery.associations)).toEqual(['provider']);
    expect(Object.keys(db.models.Book.associations)).toEqual(['seller']);
    expect(db.models.OrderLine).toBe(OrderLine);
  });

  it('when every model is read, then all eleven are defined once on the connection', () => {
    // Act
    const models = Object.values(db.models);

    // Assert
    expect(models).toHaveLength(11);
    expect(Object.keys(db.sequelize.models)).toHaveLength(11);
    expect(Object.keys(db.models.RefreshToken.associations)).toEqual(['user']);
  });
});
