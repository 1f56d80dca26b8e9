import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { encodeCursor } from '../../shared/http/request-inputs';
import { ROUTES } from '../../shared/routes/route-table';
import { apiGatewayEvent, invokeHandler } from '../support/api-gateway-event';
import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction } from '../handlers/catalog-function';
import { startLocalStack, type LocalStack } from './local-stack';

/**
 * Requests found to crash the edge or answer 500 (issue 9, defects 1–3 and 12), sent through the
 * local edge to the real apps: each gets a 4xx problem, and the edge still answers afterwards.
 */
let stack: LocalStack;
let bearers: { auth: string; origin: string };

beforeAll(async () => {
  stack = await startLocalStack();
  const admin = await createUser(stack.db, { role: 'admin' });
  bearers = {
    auth: await stack.auth.bearerFor(admin),
    origin: await stack.originBearer(admin),
  };
});

afterAll(async () => {
  await stack.close();
});

interface Sent {
  status: number;
  contentType: string | null;
  cacheControl: string | null;
  body: any;
}

async function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; baseUrl?: string } = {},
): Promise<Sent> {
  const target = ROUTES.find((route) => route.method === method && matches(route.path, path));
  const response = await fetch(`${options.baseUrl ?? stack.baseUrl}${path}`, {
    method,
    headers: {
      authorization: target?.target === 'auth' ? bearers.auth : bearers.origin,
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  return {
    status: response.status,
    contentType,
    cacheControl: response.headers.get('cache-control'),
    body: contentType?.includes('json') && text ? JSON.parse(text) : text,
  };
}

function matches(routePath: string, path: string): boolean {
  const pattern = routePath.replace(/\{\w+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path.split('?')[0] ?? '');
}

async function expectHealthy(): Promise<void> {
  expect((await send('GET', '/healthz')).status).toBe(200);
}

const BAD_SEGMENTS = ['%', '%E0%A4%A', '%ED%A0%80', '%zz'];
const ROUTES_WITH_ID = ROUTES.filter((route) => route.path.includes('{id}'));

describe('a path that is not valid percent-encoded UTF-8', () => {
  test.each(
    ROUTES_WITH_ID.flatMap((route) =>
      BAD_SEGMENTS.map((segment) => [route.method, route.path.replace('{id}', segment)] as const),
    ),
  )('when %s %s reaches the edge, then 400 problem and the edge lives on', async (method, path) => {
    const response = await send(method, path);

    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toMatch(/malformed-path$/);
    await expectHealthy();
  });

  test.each([
    ['DELETE', '/api/v1/orders/%'],
    ['PATCH', '/api/v1/orders/%'],
    ['POST', '/api/v1/orders/%'],
    ['POST', '/api/v1/books/%'],
    ['PATCH', '/api/v1/books/%ED%A0%80'],
    ['POST', '/api/v1/orders/%E0%A4%A/payment'],
  ])('when %s %s reaches the origin directly, then 400 problem, not 500', async (method, path) => {
    const response = await send(method, path, { baseUrl: stack.origin.baseUrl });

    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
  });

  test('when the catalog function is invoked with one, then 400 problem, not 500', async () => {
    const catalog = startCatalogFunction({ db: stack.db });

    const response = await invokeHandler(
      catalog.handler,
      apiGatewayEvent({ path: '/api/v1/books/%' }),
    );

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('a body whose Content-Encoding does not match it', () => {
  const BODY_ROUTES = ROUTES.filter((route) => route.method === 'POST' || route.method === 'PATCH');

  test.each(
    BODY_ROUTES.flatMap((route) =>
      ['gzip', 'br', 'deflate'].map(
        (encoding) => [route.method, route.path.replace('{id}', '1'), encoding] as const,
      ),
    ),
  )('when %s %s gets a corrupt %s body, then 400 problem', async (method, path, encoding) => {
    const response = await send(method, path, {
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body: Buffer.from('this was never compressed'),
    });

    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    await expectHealthy();
  });

  test('when a Lambda route gets a valid gzip JSON body through the edge, then it is read intact', async () => {
    const email = `${unique('gzip')}@example.test`.toLowerCase();

    const response = await send('POST', '/api/v1/auth/register', {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ name: 'Gzip Reader', email, password: 'long enough pw' })),
    });

    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email });
  });

  test('when an origin route gets a valid gzip JSON body, then it is read intact', async () => {
    const response = await send('POST', '/api/v1/books', {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(
        JSON.stringify({
          title: 'Compressed',
          author: 'Zip',
          condition: 'good',
          priceCents: 100,
          stock: 1,
        }),
      ),
    });

    expect(response.status).toBe(201);
  });
});

describe('NUL bytes and control characters in text', () => {
  test.each([
    ['q=%00', 'q'],
    ['q=a%00b', 'q'],
    ['author=%00', 'author'],
    ['q=tab%09bed', 'q'],
    ['author=%7F', 'author'],
  ])('when the catalog is searched with %s, then 400 naming %s', async (query, field) => {
    const response = await send('GET', `/api/v1/books?${query}`);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: field, message: 'must not contain control characters' },
    ]);
  });

  test.each([
    ['title', { title: '!\u0000poison' }],
    ['author', { author: 'A\u0007uthor' }],
    ['description', { description: 'fine\nbut\u0000not' }],
    ['category', { category: '\u001b[31m' }],
  ])(
    'when a book is listed with a control character in its %s, then 400 naming it',
    async (field, change) => {
      const response = await send('POST', '/api/v1/books', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'A title',
          author: 'An author',
          condition: 'good',
          priceCents: 100,
          stock: 1,
          ...change,
        }),
      });

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { path: field, message: 'must not contain control characters' },
      ]);
    },
  );

  test('when a title holds half a surrogate pair, then 400 naming it', async () => {
    const response = await send('POST', '/api/v1/books', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'half \ud800 pair',
        author: 'An author',
        condition: 'good',
        priceCents: 100,
        stock: 1,
      }),
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'title', message: 'must be valid Unicode text (no unpaired surrogates)' },
    ]);
  });

  test('when a description has line breaks and tabs, then they are kept', async () => {
    const response = await send('POST', '/api/v1/books', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Lines',
        author: 'Breaks',
        description: 'first line\n\tsecond line',
        condition: 'good',
        priceCents: 100,
        stock: 1,
      }),
    });

    expect(response.status).toBe(201);
    expect(response.body.book.description).toBe('first line\n\tsecond line');
  });

  test('when someone registers with a NUL in their name, then 400 naming name', async () => {
    const response = await send('POST', '/api/v1/auth/register', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Null\u0000Name',
        email: `${unique('nul')}@example.test`,
        password: 'long enough pw',
      }),
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'name', message: 'must not contain control characters' },
    ]);
  });

  test('when a stored title holds a NUL, then following the sort=title cursor past it still works', async () => {
    const seller = await createUser(stack.db);
    await createBook(stack.db, seller.id, { title: '!\u0000poison' });
    await createBook(stack.db, seller.id, { title: 'Zed' });

    const first = await send('GET', `/api/v1/books?sort=title&limit=1&sellerId=${seller.id}`);
    const second = await send(
      'GET',
      `/api/v1/books?sort=title&limit=1&sellerId=${seller.id}&cursor=${first.body.nextCursor}`,
    );

    expect(first.status).toBe(200);
    expect(first.body.items.map((book: { title: string }) => book.title)).toEqual([
      '!\u0000poison',
    ]);
    expect(second.status).toBe(200);
    expect(second.body.items.map((book: { title: string }) => book.title)).toEqual(['Zed']);
  });

  test.each([
    ['a NUL title', { sort: 'title', title: '\u0000', id: 1 }],
    ['a quote and NUL title', { sort: 'title', title: "'\u0000'--", id: 1 }],
  ])(
    'when a forged cursor carries %s, then the answer is a page, not a 500',
    async (_name, position) => {
      const response = await send(
        'GET',
        `/api/v1/books?sort=title&cursor=${encodeCursor(position)}`,
      );

      expect(response.status).toBe(200);
    },
  );
});

describe('personal answers', () => {
  test.each([['/api/v1/orders'], ['/api/v1/me/books'], ['/api/v1/orders/1']])(
    'when GET %s is answered, then Cache-Control: private, no-store',
    async (path) => {
      const response = await send('GET', path);

      expect(response.cacheControl).toBe('private, no-store');
    },
  );
});

describe('a body the origin does not read', () => {
  /** fetch cannot send a GET with a body, so this request goes out through node:http. */
  function sendGetWithBody(path: string, body: Buffer): Promise<{ status: number; text: string }> {
    const url = new URL(path, stack.baseUrl);
    return new Promise((resolve, reject) => {
      const sent = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: 'GET',
          path: url.pathname,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () =>
            resolve({ status: answer.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          answer.on('error', reject);
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  }

  test('when a GET to an unlisted path carries a 23 KB body, then the origin 404 reaches the client and the edge lives on', async () => {
    const response = await sendGetWithBody('/no-such-page', Buffer.alloc(23_000, 'x'));

    expect(response.status).toBe(404);
    await expectHealthy();
  });
});
