import type { UserRole } from '../../shared/domain/user-roles';
import { ROUTES, type PublicRoute } from '../../shared/routes/route-table';
import { createBook, createUser } from '../support/factories';
import { startLocalStack, type LocalStack } from './local-stack';

/** Every route that reads an access token (DESIGN.md: its answers carry personal data). */
const BEARER_ROUTES = ROUTES.filter((route) => ['bearer', 'admin', 'owner'].includes(route.auth));

let stack: LocalStack;
let bookId: number;

beforeAll(async () => {
  stack = await startLocalStack();
  const seller = await createUser(stack.db);
  bookId = (await createBook(stack.db, seller.id)).id;
});

afterAll(() => stack.close());

/** Calls a route through the edge, with `{id}` naming a real book (an order id that is no one's). */
function call(route: PublicRoute, authorization?: string): Promise<Response> {
  return fetch(`${stack.baseUrl}${route.path.replace('{id}', String(bookId))}`, {
    method: route.method,
    headers: authorization ? { authorization } : {},
  });
}

/** A valid token for the user, signed by the key the route's target trusts. */
function bearerFor(route: PublicRoute, user: { id: number; role: UserRole }): Promise<string> {
  return route.target === 'auth' ? stack.auth.bearerFor(user) : stack.originBearer(user);
}

describe('every bearer route of the route table', () => {
  test('covers the routes with personal answers', () => {
    expect(BEARER_ROUTES.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['GET /api/v1/me/sales', 'GET /api/v1/auth/me', 'GET /api/v1/users']),
    );
  });

  test.each(BEARER_ROUTES.map((route) => [route.method, route.path, route] as const))(
    'when %s %s is called with a valid token, then no cache may keep the answer',
    async (_method, _path, route) => {
      const user = await createUser(stack.db);

      const response = await call(route, await bearerFor(route, user));
      await response.arrayBuffer();

      expect(response.status).not.toBe(401);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    },
  );

  test.each(BEARER_ROUTES.map((route) => [route.method, route.path, route] as const))(
    'when %s %s is called without a token, then 401 with a Bearer challenge',
    async (_method, _path, route) => {
      const response = await call(route);
      await response.arrayBuffer();

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    },
  );

  test.each(
    BEARER_ROUTES.flatMap((route) => [
      [route.method, route.path, 'a forged token', route, 'Bearer not.a.token'] as const,
      [route.method, route.path, 'a malformed header', route, 'Bearer "quoted"'] as const,
    ]),
  )(
    'when %s %s is called with %s, then 401 saying the token is invalid',
    async (_method, _path, _what, route, authorization) => {
      const response = await call(route, authorization);
      await response.arrayBuffer();

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    },
  );

  test('when the token of a deleted account is sent, then 401 saying the token is invalid', async () => {
    const user = await createUser(stack.db);
    const authorization = await stack.originBearer(user);
    await stack.db.models.User.destroy({ where: { id: user.id } });

    const response = await fetch(`${stack.baseUrl}/api/v1/me/books`, {
      headers: { authorization },
    });
    await response.arrayBuffer();

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});
