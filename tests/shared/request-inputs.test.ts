import request from 'supertest';
import {
  decodeCursor,
  decodeIdCursor,
  encodeCursor,
  encodeIdCursor,
  idPathParams,
  INTEGER_MAX,
  noQuery,
  pageParams,
  querySchema,
} from '../../shared/http/request-inputs';
import { parseInput } from '../../shared/http/parse-input';
import { z } from 'zod';
import { createCaller, startOriginTestApp, type OriginTestApp } from '../origin/origin-test-app';
import { startAuthFunction, type AuthFunction } from '../handlers/auth-function';
import { startCatalogFunction, type CatalogFunction } from '../handlers/catalog-function';
import { invalidPaths } from '../handlers/problem-assertions';

function fieldErrorsOf(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    return (error as { errors: Array<{ path: string; message: string }> }).errors;
  }
  throw new Error('expected the input to be refused');
}

describe('the shared input kit', () => {
  test('when an id path parameter is a positive whole number within INTEGER, then it is that number', () => {
    expect(parseInput(idPathParams, { id: '42' })).toEqual({ id: 42 });
    expect(parseInput(idPathParams, { id: String(INTEGER_MAX) })).toEqual({ id: INTEGER_MAX });
  });

  test.each(['0', '-1', '1.5', '1e3', ' 1', '01', String(INTEGER_MAX + 1), 'abc', ''])(
    'when an id path parameter is %j, then it is a 400 naming id',
    (id) => {
      expect(fieldErrorsOf(() => parseInput(idPathParams, { id }))).toEqual([
        { path: 'id', message: 'must be a positive whole number' },
      ]);
    },
  );

  test('when limit is absent, then it is 20; when outside 1–100, then it is a 400 naming limit', () => {
    const list = querySchema(pageParams);

    expect(parseInput(list, {})).toEqual({ limit: 20 });
    expect(parseInput(list, { limit: '100' })).toEqual({ limit: 100 });
    for (const limit of ['0', '101', 'ten', ['1', '2']]) {
      expect(fieldErrorsOf(() => parseInput(list, { limit })).map((e) => e.path)).toEqual([
        'limit',
      ]);
    }
  });

  test('when a query has a parameter the route does not list, then it is a 400 naming it', () => {
    expect(fieldErrorsOf(() => parseInput(noQuery, { page: '2' }))).toEqual([
      { path: 'page', message: 'is not an accepted field' },
    ]);
  });

  test('when a cursor is encoded, then decoding it with its schema gives the position back', () => {
    const position = z.strictObject({ title: z.string(), id: z.int() });

    expect(decodeCursor(position, encodeCursor({ title: 'Ñandú', id: 7 }))).toEqual({
      title: 'Ñandú',
      id: 7,
    });
    expect(decodeIdCursor(encodeIdCursor(9) ?? undefined)).toBe(9);
    expect(encodeIdCursor(undefined)).toBeNull();
    expect(decodeIdCursor(undefined)).toBeUndefined();
  });

  test.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['of another shape', encodeCursor({ afterId: 3 })],
    ['an id beyond INTEGER', encodeCursor({ lastId: INTEGER_MAX + 1 })],
    ['with extra fields', encodeCursor({ lastId: 3, role: 'admin' })],
  ])('when a cursor is %s, then it is a 400 on cursor', (_case, cursor) => {
    expect(fieldErrorsOf(() => decodeIdCursor(cursor))).toEqual([
      { path: 'cursor', message: 'is not a cursor from a previous page of this list' },
    ]);
  });
});

describe('one policy for unknown query parameters in all three apps', () => {
  let origin: OriginTestApp;
  let auth: AuthFunction;
  let catalog: CatalogFunction;

  beforeAll(async () => {
    origin = await startOriginTestApp();
    auth = await startAuthFunction();
    catalog = startCatalogFunction();
  });
  afterAll(async () => {
    await origin.close();
    await auth.close();
    await catalog.close();
  });

  test.each([
    ['get', '/api/v1/orders?page=2'],
    ['get', '/api/v1/me/books?page=2'],
    ['get', '/api/v1/orders/1?page=2'],
    ['post', '/api/v1/orders?page=2'],
    ['post', '/api/v1/orders/1/cancel?page=2'],
    ['delete', '/api/v1/books/1?page=2'],
  ] as const)('when the origin gets %s %s, then it is a 400 naming page', async (method, path) => {
    const caller = await createCaller(origin);

    const agent = request(origin.app);
    const response = await agent[method](path).set('authorization', caller.authorization);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'page', message: 'is not an accepted field' }]);
  });

  test.each([
    ['POST', '/api/v1/auth/login?page=2'],
    ['POST', '/api/v1/auth/register?page=2'],
    ['GET', '/.well-known/jwks.json?page=2'],
  ])('when the auth function gets %s %s, then it is a 400 naming page', async (method, path) => {
    const response = await auth.invoke({ method, path, body: {} });

    expect(response.statusCode).toBe(400);
    expect(invalidPaths(response)).toContain('page');
  });

  test.each([
    '/api/v1/books?page=2',
    '/api/v1/books/1?page=2',
    '/api/v1/delivery-providers?page=2',
  ])('when the catalog function gets GET %s, then it is a 400 naming page', async (path) => {
    const response = await catalog.invoke({ path });

    expect(response.statusCode).toBe(400);
    expect(invalidPaths(response)).toEqual(['page']);
  });
});
