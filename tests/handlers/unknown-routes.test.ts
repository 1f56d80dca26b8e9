import { startAuthFunction, type AuthFunction } from './auth-function';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem } from './problem-assertions';

describe('routes and methods neither function answers', () => {
  let auth: AuthFunction;
  let catalog: CatalogFunction;

  beforeAll(async () => {
    auth = await startAuthFunction();
    catalog = startCatalogFunction({ db: auth.db });
  });
  afterAll(() => auth.close());

  test.each([
    ['auth', '/api/v1/auth/whoami'],
    ['auth', '/api/v1/users/1'],
    ['catalog', '/api/v1/books/1/reviews'],
    ['catalog', '/api/v1/nothing-here'],
  ] as const)(
    'when the %s function gets GET %s, then it is a 404 problem',
    async (target, path) => {
      const fn = target === 'auth' ? auth : catalog;

      const response = await fn.invoke({ path });

      expectProblem(response, 404, 'route-not-found');
    },
  );

  test.each([
    ['auth', 'GET', '/api/v1/auth/login', 'POST'],
    ['auth', 'DELETE', '/api/v1/auth/me', 'GET, HEAD'],
    ['auth', 'POST', '/.well-known/jwks.json', 'GET, HEAD'],
    ['catalog', 'PUT', '/api/v1/delivery-providers', 'GET, HEAD'],
  ] as const)(
    'when the %s function gets %s %s, then it is a 405 naming the allowed methods',
    async (target, method, path, allow) => {
      const fn = target === 'auth' ? auth : catalog;

      const response = await fn.invoke({ method, path, body: method === 'GET' ? undefined : {} });

      expectProblem(response, 405, 'method-not-allowed');
      expect(response.headers.allow).toBe(allow);
    },
  );

  test('when a route belongs to the origin, then the catalog function does not serve it', async () => {
    const response = await catalog.invoke({
      method: 'DELETE',
      path: '/api/v1/books/1',
      outsideContract: 'the gateway sends this route to the origin, never to the catalog function',
    });

    expect(response.statusCode).toBe(405);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
