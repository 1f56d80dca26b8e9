import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalEdge } from '../../edge/local-edge';
import { CORS_PREFLIGHT_HEADERS, CORS_RESPONSE_HEADERS } from '../../shared/http/cors';
import { createLogger } from '../../shared/logging/logger';
import { ROUTES } from '../../shared/routes/route-table';
import { createBook } from '../support/factories';
import { startAuthFunction, type AuthFunction } from '../handlers/auth-function';
import { startCatalogFunction, type CatalogFunction } from '../handlers/catalog-function';
import {
  createCaller,
  placeOrder,
  startOriginTestApp,
  type OriginTestApp,
} from '../origin/origin-test-app';

/** Headers that differ between any two answers, whatever the method. */
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive', 'x-request-id']);

function comparableHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => !PER_ANSWER.has(name)));
}

/**
 * CORS and HEAD as an API consumer meets them through the local edge (the stand-in for API
 * Gateway), in front of the real auth and catalog functions and the real origin.
 */
describe('CORS and HEAD through the local edge', () => {
  let auth: AuthFunction;
  let catalog: CatalogFunction;
  let origin: OriginTestApp;
  let edge: Server;
  let baseUrl: string;
  const bearers = { auth: '', origin: '' };
  let bookId: number;
  let orderId: number;

  beforeAll(async () => {
    auth = await startAuthFunction();
    catalog = startCatalogFunction({ db: auth.db });
    origin = await startOriginTestApp({ db: auth.db });
    edge = createLocalEdge({
      functions: { auth: auth.handler as never, catalog: catalog.handler as never },
      originUrl: origin.baseUrl,
      logger: createLogger('silent'),
    });
    await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`;
    const admin = await createCaller(origin, 'admin');
    bearers.origin = admin.authorization;
    bearers.auth = await auth.bearerFor({ id: admin.id, role: 'admin' });
    bookId = (await createBook(auth.db, admin.id)).id;
    orderId = (await placeOrder(origin, await createCaller(origin), [{ bookId, quantity: 1 }])).id;
  });

  afterAll(async () => {
    await new Promise((resolve) => edge.close(resolve));
    await origin.close();
    await auth.close();
  });

  const concrete = (path: string) =>
    path.replace('/books/{id}', `/books/${bookId}`).replace('/orders/{id}', `/orders/${orderId}`);
  const apiRoutes = ROUTES.filter(
    (route) => route.path.startsWith('/api/') || route.path.startsWith('/.well-known/'),
  );

  test.each(apiRoutes.map((route) => [route.method, route.path] as const))(
    'when a browser preflights %s %s from another origin, then it is a 204 allowing it without credentials',
    async (method, path) => {
      const response = await fetch(`${baseUrl}${concrete(path)}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://reader.example',
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });

      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(comparableHeaders(response)).toEqual(
        expect.objectContaining(lowerKeys(CORS_PREFLIGHT_HEADERS)),
      );
      expect(response.headers.get('access-control-allow-methods')).toContain(method);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    },
  );

  test.each([
    ['the catalog', 'GET', '/api/v1/books', 200],
    ['the catalog, refusing a parameter', 'GET', '/api/v1/books?page=2', 400],
    ['auth, without a token', 'GET', '/api/v1/auth/me', 401],
    ['auth, a bad login', 'POST', '/api/v1/auth/login', 400],
    ['the origin, without a token', 'GET', '/api/v1/orders', 401],
    ['the origin, an unknown API route', 'GET', '/api/v1/nothing-here', 404],
    ['the key set', 'GET', '/.well-known/jwks.json', 200],
  ])(
    'when %s answers a cross-origin request, then any origin may read it and its ETag, Location and Retry-After',
    async (_case, method, path, status) => {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { origin: 'https://reader.example', 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });

      expect(response.status).toBe(status);
      expect(comparableHeaders(response)).toEqual(
        expect.objectContaining(lowerKeys(CORS_RESPONSE_HEADERS)),
      );
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    },
  );

  test('when a storefront page is requested, then it carries no CORS headers (only the API is shared)', async () => {
    const response = await fetch(`${baseUrl}/healthz`, {
      headers: { origin: 'https://reader.example' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test.each(
    ROUTES.filter((route) => route.method === 'GET').map(
      (route) => [route.path, route.target] as const,
    ),
  )(
    'when HEAD %s is asked (%s), then it has the headers of the GET and no body',
    async (path, target) => {
      const authorization = target === 'auth' ? bearers.auth : bearers.origin;
      const url = `${baseUrl}${concrete(path)}`;

      const get = await fetch(url, { headers: { authorization } });
      const getBody = await get.arrayBuffer();
      const head = await fetch(url, { method: 'HEAD', headers: { authorization } });
      const headBody = await head.arrayBuffer();

      expect(head.status).toBe(get.status);
      expect(get.status).toBeLessThan(300);
      expect(comparableHeaders(head)).toEqual(comparableHeaders(get));
      expect(headBody.byteLength).toBe(0);
      expect(Number(head.headers.get('content-length'))).toBe(getBody.byteLength);
    },
  );
});

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
