import {
  apiGatewayEvent,
  fakeLambdaContext,
  invokeHandler,
  type LambdaHandler,
} from '../support/api-gateway-event';
import { parseDatabaseUrl } from '../../shared/config';
import { createBook, createUser } from '../support/factories';
import { openTestDatabase } from '../support/test-database';
import { freshDatabaseUrl } from './database-url';
import {
  importExportedHandler,
  type ExportedLambdaHandler,
} from '../support/exported-lambda-handler';

// The exported handler of handlers/catalog.ts, configured through the environment as in AWS.
describe('the exported catalog Lambda handler', () => {
  const savedEnv = { ...process.env };
  let exported: ExportedLambdaHandler;
  let handler: LambdaHandler;
  let sellerId: number;
  let bookId: number;

  beforeAll(async () => {
    const databaseUrl = freshDatabaseUrl();
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
    });
    exported = await importExportedHandler('catalog');
    ({ handler } = exported);
    const db = openTestDatabase(2, parseDatabaseUrl(databaseUrl));
    try {
      sellerId = (await createUser(db, { name: 'Catalog Seller' })).id;
      bookId = (
        await createBook(db, sellerId, {
          title: 'La casa de los espíritus',
          author: 'Isabel Allende',
          category: 'fiction',
          priceCents: 2500,
          stock: 1,
        })
      ).id;
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    process.env = savedEnv;
    await exported.close();
  });

  test('when the list and the detail are asked for in turn, then each invocation answers', async () => {
    const answers = [];
    for (let round = 0; round < 3; round += 1) {
      answers.push(
        await invokeHandler(
          handler,
          apiGatewayEvent({ path: '/api/v1/books', query: { sellerId: String(sellerId) } }),
        ),
      );
      answers.push(
        await invokeHandler(handler, apiGatewayEvent({ path: `/api/v1/books/${bookId}` })),
      );
    }

    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers[0]?.json.items).toEqual([
      expect.objectContaining({ id: bookId, sellerName: 'Catalog Seller' }),
    ]);
    expect(answers[1]?.json.book).toMatchObject({ id: bookId, title: 'La casa de los espíritus' });
  });

  test('when invocations overlap, then each is answered', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        invokeHandler(
          handler,
          apiGatewayEvent({ path: index % 2 ? `/api/v1/books/${bookId}` : '/api/v1/books' }),
        ),
      ),
    );

    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  test('when an invocation has a Lambda request id, then the answer carries it', async () => {
    const response = await invokeHandler(
      handler,
      apiGatewayEvent({ path: '/api/v1/books/abc' }),
      fakeLambdaContext('aws-request-7'),
    );

    expect(response.statusCode).toBe(400);
    expect(response.headers['x-request-id']).toBe('aws-request-7');
  });
});
