import fc from 'fast-check';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { ROUTES, type PublicRoute } from '../../shared/routes/route-table';
import { jpegWithGps, pngBomb, pngOf, type PngShape } from '../support/cover-images';
import { createBook, createUser } from '../support/factories';
import { startLocalStack, type LocalStack } from './local-stack';

/**
 * A bounded fuzz of the whole service through the local edge: for every route of the route table,
 * malformed paths, queries, headers and bodies. Whatever arrives, the answer is never a 5xx and the
 * service still answers /healthz afterwards. The seed is fixed so every run sends the same requests;
 * a failure prints the request that found it, which then becomes a regression test of its own.
 */
const SEED = 20261130;
const RUNS = 350;

let stack: LocalStack;
let port: number;
const bearers: Record<'auth' | 'origin', string> = { auth: '', origin: '' };
let bookId: number;

beforeAll(async () => {
  stack = await startLocalStack();
  port = Number(new URL(stack.baseUrl).port);
  const admin = await createUser(stack.db, { role: 'admin' });
  bearers.auth = await stack.auth.bearerFor(admin);
  bearers.origin = await stack.originBearer(admin);
  bookId = (await createBook(stack.db, admin.id, { stock: 100_000 })).id;
}, 60_000);

afterAll(async () => {
  await stack.close();
});

interface FuzzRequest {
  method: string;
  path: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
}

/**
 * Sends the request (no URL normalisation) on a connection of its own and returns the status.
 * Content-Length is set by hand: node:http sends a GET, DELETE, OPTIONS or TRACE body unframed, which
 * any server then reads as a second, garbage request.
 */
function send(request: FuzzRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.path,
        headers: request.body
          ? { ...request.headers, 'content-length': request.body.length }
          : request.headers,
        agent: false,
      },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode ?? 0));
        answer.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(request.body);
  });
}

const route = fc.constantFrom(...ROUTES);

/** Path segments that have broken parsers: bad escapes, surrogates, NUL, dots, huge and odd ids. */
const idSegment = fc.oneof(
  fc.constantFrom(
    '%',
    '%%',
    '%E0%A4%A',
    '%ED%A0%80',
    '%ED%B0%80',
    '%C0%AF',
    '%FF',
    '%00',
    '%zz',
    '%2F',
    '%5C',
    '..',
    '.',
    '%2e%2e',
    '0',
    '-1',
    '1e3',
    '1.5',
    '0x10',
    '00001',
    '2147483648',
    '99999999999999999999999',
    'NaN',
    'Infinity',
    'null',
    'undefined',
    '__proto__',
    'constructor',
  ),
  fc.constantFrom('1', String(2 ** 31 - 1)),
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
  fc.stringMatching(/^[A-Za-z0-9%._~!$&'()*+,;=:@-]{1,40}$/),
);

function pathOf(target: PublicRoute, segment: string, extraSegment: boolean): string {
  if (target.path.includes('{id}')) return target.path.replace('{id}', segment);
  return extraSegment ? `${target.path}/${segment}` : target.path;
}

/** Query parameters: duplicates, array and object syntax, control characters, huge numbers. */
const queryKey = fc.constantFrom(
  'q',
  'author',
  'sort',
  'limit',
  'cursor',
  'sellerId',
  'minPriceCents',
  'maxPriceCents',
  'inStock',
  'buyerId',
  'limit[]',
  'q[a]',
  'q[]',
  '__proto__',
  'constructor[prototype]',
  '',
  '%00',
  '%',
  'sort%5B%5D',
);
const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    '%00',
    'a%00b',
    '%01%02',
    '%7F',
    '%C2%85',
    '%ED%A0%80',
    '%',
    '%zz',
    '1e309',
    '-1',
    '99999999999999999999',
    '0',
    '1',
    '100',
    '101',
    'true',
    'false',
    'title',
    'newest',
    'NaN',
    'eyJzb3J0IjoidGl0bGUiLCJ0aXRsZSI6IlxcdTAwMDAiLCJpZCI6MX0',
    '%27%20OR%201%3D1--',
  ),
  fc.stringMatching(/^[A-Za-z0-9%._~-]{0,60}$/),
);
const queryString = fc
  .array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/problem+json',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json;;;',
  '*/*',
  'json',
  '',
);
const contentEncoding = fc.constantFrom(
  undefined,
  'gzip',
  'br',
  'deflate',
  'identity',
  'x-bogus',
  'gzip, br',
  'GZIP',
  '',
);
const authorization = fc.constantFrom('valid', 'none', 'Bearer garbage', 'Bearer ', 'Basic Zm9v');
const extraHeaders = fc.constantFrom<OutgoingHttpHeaders>(
  {},
  { 'x-pad': 'a'.repeat(20_000) },
  { 'idempotency-key': 'k'.repeat(300) },
  { 'idempotency-key': 'fuzz key with spaces' },
  { 'if-none-match': '"'.repeat(100) },
  { 'cache-control': 'no-cache, max-age=-1' },
  { cookie: 'refresh_token=%; refresh_token=x' },
  { connection: 'x-secret', 'x-secret': '1' },
  { 'x-forwarded-for': 'not-an-address, ::1', forwarded: 'for="[::1' },
  { 'x-request-id': '../../etc/passwd' },
  { accept: 'text/html' },
);

/** A JSON body a route might take, with its field names and wrong values. */
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e',
    -1,
    0,
    1.5,
    2 ** 31,
    2 ** 53 + 1,
    1e308,
    '1',
    '',
    null,
    true,
    [],
    {},
    'x'.repeat(10_000),
    'paypal',
    'card',
    'decline',
    'good',
  ),
);
const fieldName = fc.constantFrom(
  'items',
  'bookId',
  'quantity',
  'title',
  'author',
  'description',
  'isbn',
  'condition',
  'category',
  'priceCents',
  'stock',
  'sellerId',
  'email',
  'password',
  'name',
  'method',
  'simulate',
  'providerId',
  '__proto__',
  'constructor',
);
const bodyObject = fc
  .dictionary(fieldName, fieldValue, { maxKeys: 6 })
  .map((value) => ('items' in value ? value : { ...value, items: [{ bookId, quantity: 1 }] }));

type Body = { kind: 'json' | 'raw'; bytes: Buffer } | undefined;
const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant(undefined),
  bodyObject.map((value) => ({ kind: 'json' as const, bytes: Buffer.from(JSON.stringify(value)) })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({
    kind: 'json' as const,
    bytes: Buffer.from(JSON.stringify(value) ?? 'null'),
  })),
  fc
    .constantFrom(
      '{',
      '{"a":',
      'nul',
      '\u0000',
      '{"a":1}garbage',
      '[]]',
      '"\\ud800"',
      '{"a":"\\u0000"}',
    )
    .map((text) => ({ kind: 'raw' as const, bytes: Buffer.from(text) })),
  fc.nat({ max: 20_000 }).map((depth) => ({
    kind: 'raw' as const,
    bytes: Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`),
  })),
  fc
    .uint8Array({ maxLength: 200 })
    .map((bytes) => ({ kind: 'raw' as const, bytes: Buffer.from(bytes) })),
);

/** Compresses a JSON body as its Content-Encoding says, half the time; otherwise sends it as is. */
function encoded(
  content: Body,
  encoding: string | undefined,
  compress: boolean,
): Buffer | undefined {
  if (!content) return undefined;
  if (!compress || content.kind !== 'json') return content.bytes;
  if (encoding === 'gzip') return gzipSync(content.bytes);
  if (encoding === 'br') return brotliCompressSync(content.bytes);
  return content.bytes;
}

const fuzzRequest = fc
  .record({
    target: route,
    segment: idSegment,
    extraSegment: fc.boolean(),
    query: queryString,
    type: contentType,
    encoding: contentEncoding,
    compress: fc.boolean(),
    auth: authorization,
    extra: extraHeaders,
    content: body,
    method: fc.constantFrom(
      'listed',
      'listed',
      'listed',
      'PUT',
      'HEAD',
      'OPTIONS',
      'TRACE',
      'PATCH',
    ),
  })
  .map((draw): FuzzRequest => {
    const headers: OutgoingHttpHeaders = { ...draw.extra };
    if (draw.type !== undefined) headers['content-type'] = draw.type;
    if (draw.encoding !== undefined) headers['content-encoding'] = draw.encoding;
    if (draw.auth === 'valid')
      headers.authorization = bearers[draw.target.target === 'auth' ? 'auth' : 'origin'];
    else if (draw.auth !== 'none') headers.authorization = draw.auth;
    const method = draw.method === 'listed' ? draw.target.method : draw.method;
    const request: FuzzRequest = {
      method,
      path: `${pathOf(draw.target, draw.segment, draw.extraSegment)}${draw.query}`,
      headers,
      body: method === 'HEAD' ? undefined : encoded(draw.content, draw.encoding, draw.compress),
    };
    return Object.assign(request, { [fc.toStringMethod]: () => replayable(request) });
  });

/** A failing request as a reader can replay it: long values cut, the body in hex. */
function replayable(request: FuzzRequest): string {
  const cut = (text: string) =>
    text.length > 120 ? `${text.slice(0, 120)}…(${text.length})` : text;
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${cut(String(v))}`);
  const body = request.body ? cut(request.body.toString('hex')) : '(none)';
  return `${request.method} ${cut(request.path)} [${headers.join('; ')}] body(hex)=${body}`;
}

async function answersHealthz(): Promise<boolean> {
  return (await send({ method: 'GET', path: '/healthz', headers: {} })) === 200;
}

describe('the service under fuzzed requests', () => {
  test('when any route gets malformed paths, queries, headers and bodies, then no answer is a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (request) => (await send(request)) < 500),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );

    expect(await answersHealthz()).toBe(true);
  }, 120_000);
});

/**
 * Cover uploads, the surface of issue 22: random bytes, truncated and bit-flipped images, and PNG
 * headers claiming extreme sizes, under each image type. Sent one at a time, so the render queue
 * never fills (a full queue's 503 is documented, not a failure) and any 5xx is a bug.
 */
const UPLOAD_RUNS = 60;

const HUGE_HEADERS: Array<[number, number, Partial<PngShape>]> = [
  [39_000_000, 1, { bitDepth: 16, colour: 'rgba' }],
  [10_000_000, 1, {}],
  [1, 39_000_000, {}],
  [1, 39_000_000, { bitDepth: 16, colour: 'rgba' }],
  [10_001, 1, {}],
  [10_000, 4_001, {}],
  [65_535, 65_535, { colour: 'rgba' }],
  [2 ** 31 - 1, 1, {}],
  [0, 0, {}],
];

describe('cover uploads under fuzzing', () => {
  test('when random bytes, truncated, damaged and huge-header images are uploaded, then no answer is a 5xx', async () => {
    const images = [
      await jpegWithGps(),
      await pngOf('#4a7a2a'),
      await sharp({ create: { width: 300, height: 450, channels: 4, background: '#123456' } })
        .webp()
        .toBuffer(),
    ];
    const image = fc.constantFrom(...images);
    const upload = fc.oneof(
      fc.uint8Array({ maxLength: 4000 }).map((bytes) => Buffer.from(bytes)),
      fc
        .tuple(image, fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([bytes, cut]) => bytes.subarray(0, Math.floor(bytes.length * cut))),
      fc
        .tuple(
          image,
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        )
        .map(([bytes, flips]) => {
          const damaged = Buffer.from(bytes);
          for (const [at, value] of flips) damaged[at % damaged.length] = value;
          return damaged;
        }),
      fc
        .constantFrom(...HUGE_HEADERS)
        .map(([width, height, shape]) => pngBomb(width, height, shape)),
      image,
    );
    const type = fc.constantFrom('image/png', 'image/jpeg', 'image/webp');

    await fc.assert(
      fc.asyncProperty(upload, type, async (body, contentType) => {
        const status = await send({
          method: 'PUT',
          path: `/api/v1/books/${bookId}/cover`,
          headers: { authorization: bearers.origin, 'content-type': contentType },
          body,
        });
        return status < 500;
      }),
      { seed: SEED, numRuns: UPLOAD_RUNS, endOnFailure: true },
    );

    expect(await answersHealthz()).toBe(true);
  }, 120_000);
});
