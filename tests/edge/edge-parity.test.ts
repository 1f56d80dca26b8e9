import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../../shared/config';
import { createLogger } from '../../shared/logging/logger';
import { seedDeliveryProviders } from '../../shared/db/seeds/delivery-providers';
import { createLocalEdge } from '../../edge/local-edge';
import {
  apiGatewayEvent,
  invokeHandler,
  type LambdaHandler,
  type EventOptions,
} from '../support/api-gateway-event';
import { createBook, createUser } from '../support/factories';
import { openTestDatabase } from '../support/test-database';
import { freshDatabaseUrl } from '../handlers/database-url';
import {
  importExportedHandler,
  type ExportedLambdaHandler,
} from '../support/exported-lambda-handler';

/**
 * What works through the local edge works through API Gateway: a sample of requests answered by
 * the edge (over HTTP) and by invoking the exported handlers directly with gateway-shaped events
 * must give the same status, media type, caching headers and body.
 */
describe('the local edge answers as a direct handler invocation does', () => {
  const savedEnv = { ...process.env };
  let exported: ExportedLambdaHandler[];
  let functions: { auth: LambdaHandler; catalog: LambdaHandler };
  let edge: Server;
  let baseUrl: string;
  let bookId: number;

  beforeAll(async () => {
    const databaseUrl = freshDatabaseUrl();
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      JWT_LOCAL_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bookstore-parity-')), 'key.json'),
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'silent',
    });
    const db = openTestDatabase(2, parseDatabaseUrl(databaseUrl));
    try {
      await seedDeliveryProviders(db);
      const seller = await createUser(db, { name: 'Parity Seller' });
      bookId = (
        await createBook(db, seller.id, { title: 'Pedro Páramo', author: 'Juan Rulfo', stock: 3 })
      ).id;
    } finally {
      await db.close();
    }
    const auth = await importExportedHandler('auth');
    const catalog = await importExportedHandler('catalog');
    exported = [auth, catalog];
    functions = { auth: auth.handler, catalog: catalog.handler };
    edge = createLocalEdge({
      functions: functions as never,
      originUrl: 'http://127.0.0.1:9',
      logger: createLogger('silent'),
    });
    await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    process.env = savedEnv;
    await new Promise((resolve) => edge.close(resolve));
    await Promise.all(exported.map((function_) => function_.close()));
  });

  const samples: Array<[string, 'auth' | 'catalog', () => EventOptions]> = [
    ['the first catalog page', 'catalog', () => ({ path: '/api/v1/books?limit=2&sort=title' })],
    ['a book', 'catalog', () => ({ path: `/api/v1/books/${bookId}` })],
    ['a book by a non-numeric id', 'catalog', () => ({ path: '/api/v1/books/abc' })],
    ['a book that does not exist', 'catalog', () => ({ path: '/api/v1/books/99999999' })],
    ['a page size out of range', 'catalog', () => ({ path: '/api/v1/books?limit=0' })],
    ['the delivery providers', 'catalog', () => ({ path: '/api/v1/delivery-providers' })],
    ['the signing keys', 'auth', () => ({ path: '/.well-known/jwks.json' })],
    ['me without a token', 'auth', () => ({ path: '/api/v1/auth/me' })],
    [
      'a login with missing fields',
      'auth',
      () => ({ method: 'POST', path: '/api/v1/auth/login', body: { email: 'x@example.test' } }),
    ],
    [
      'a registration that is not JSON',
      'auth',
      () => ({
        method: 'POST',
        path: '/api/v1/auth/register',
        body: 'name=x',
        headers: { 'content-type': 'text/plain' },
      }),
    ],
    [
      'a refresh without a cookie',
      'auth',
      () => ({ method: 'POST', path: '/api/v1/auth/refresh' }),
    ],
  ];

  test.each(samples)(
    'when asking for %s, then the edge and the handler agree',
    async (_name, target, options) => {
      const request = options();

      const direct = await invokeHandler(functions[target], apiGatewayEvent(request));
      const viaEdge = await fetch(`${baseUrl}${request.path}`, {
        method: request.method ?? 'GET',
        headers:
          request.headers ??
          (request.body === undefined ? {} : { 'content-type': 'application/json' }),
        body:
          request.body === undefined
            ? undefined
            : typeof request.body === 'string'
              ? request.body
              : JSON.stringify(request.body),
      });
      const edgeBody = await viaEdge.text();

      expect(viaEdge.status).toBe(direct.statusCode);
      expect(viaEdge.headers.get('content-type')).toBe(direct.headers['content-type']);
      expect(viaEdge.headers.get('cache-control')).toBe(direct.headers['cache-control'] ?? null);
      expect(viaEdge.headers.get('etag')).toBe(direct.headers.etag ?? null);
      expect(edgeBody).toBe(direct.body);
    },
  );
});
