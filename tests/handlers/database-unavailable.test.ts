import { createServer, type AddressInfo, type Server } from 'node:net';
import { apiGatewayEvent, invokeHandler, type LambdaHandler } from '../support/api-gateway-event';
import { proxiedTestDatabase, type DatabaseProxy } from '../support/database-proxy';
import { usingMysql } from '../support/test-config';
import { databaseUrlText } from '../support/test-database';
import {
  importExportedHandler,
  type ExportedLambdaHandler,
} from '../support/exported-lambda-handler';

/** The exported catalog handler, configured through the environment as in AWS, on `databaseUrl`. */
async function catalogHandler(databaseUrl: string): Promise<ExportedLambdaHandler> {
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
    DATABASE_STATEMENT_TIMEOUT_MS: '1500',
    CATALOG_CACHE_TTL_MS: '0',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
  });
  // A fresh module per database: the handler builds its database once, at module scope.
  jest.resetModules();
  return importExportedHandler('catalog');
}

const listBooks = (handler: LambdaHandler) =>
  invokeHandler(handler, apiGatewayEvent({ path: '/api/v1/books' }));

describe('a Lambda function whose database accepts connections but never answers', () => {
  const savedEnv = { ...process.env };
  let silent: Server;
  let exported: ExportedLambdaHandler;
  let handler: LambdaHandler;

  beforeAll(async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    exported = await catalogHandler(`mysql://root@127.0.0.1:${port}/bookstore`);
    ({ handler } = exported);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await exported.close();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  test('when the catalog is asked for, then it is a 503 problem with Retry-After', async () => {
    const response = await listBooks(handler);

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.json.type).toMatch(/database-unavailable$/);
  });
});

// Freezing a real server behind a proxy, and thawing it: MariaDB runs only.
if (usingMysql()) {
  describe('a Lambda function whose database stalls and thaws again', () => {
    const savedEnv = { ...process.env };
    let proxy: DatabaseProxy;
    let exported: ExportedLambdaHandler;
    let handler: LambdaHandler;

    beforeAll(async () => {
      const proxied = await proxiedTestDatabase();
      proxy = proxied.proxy;
      exported = await catalogHandler(databaseUrlText(proxied.url));
      ({ handler } = exported);
    });
    afterAll(async () => {
      process.env = savedEnv;
      proxy.thaw();
      await exported.close();
      await proxy.stop();
    });

    test('when it stalls, then invocations answer 503 with Retry-After, and after it thaws they answer 200 again', async () => {
      const before = await listBooks(handler);
      proxy.freeze();

      const during = await Promise.all([listBooks(handler), listBooks(handler)]);
      proxy.thaw();
      let after = await listBooks(handler);
      for (let attempt = 0; attempt < 20 && after.statusCode !== 200; attempt += 1)
        after = await listBooks(handler);

      expect(before.statusCode).toBe(200);
      for (const response of during) {
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toMatch(/^\d+$/);
      }
      expect(after.statusCode).toBe(200);
    });
  });
}
