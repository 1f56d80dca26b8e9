import { z } from 'zod';
import { idPathParams, noQuery, PAGE_LIMIT, wholeNumberParams } from '../http/request-inputs';
import { ROUTES, type PublicRoute, type RouteAuth } from '../routes/route-table';
import { loginBody, REFRESH_COOKIE, registerBody, userListQuery } from './auth-schemas';
import { createBookSchema, myBooksQuerySchema, updateBookSchema } from './book-input-schemas';
import { deliveryProvidersQuery, listBooksQuery } from './catalog-schemas';
import { emptyBodySchema, listOrdersQuerySchema, placeOrderSchema } from './order-input-schemas';
import { payOrderSchema } from './payment-input-schema';
import {
  DEMO_BOOK_ID,
  PROBLEM_EXAMPLE,
  REQUEST_EXAMPLES,
  RESPONSE_EXAMPLES,
} from './openapi-examples';
import {
  bookAnswerSchema,
  bookPageSchema,
  catalogBookAnswerSchema,
  catalogBookPageSchema,
  categoryListSchema,
  deliveryProviderListSchema,
  healthAnswerSchema,
  jwksSchema,
  openApiDocumentSchema,
  orderAnswerSchema,
  orderPageSchema,
  readyAnswerSchema,
  responseSchemas,
  salePageSchema,
  sessionAnswerSchema,
  userAnswerSchema,
  userPageSchema,
} from './response-schemas';
import { mySalesQuerySchema } from './sales-input-schema';
import { DEMO_ACCOUNTS, type DemoRole } from '../db/seeds/demo-accounts';

export type JsonObject = Record<string, unknown>;

/** How one route of the route table is described beyond what the table already says. */
interface OperationSpec {
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body is optional (actions that take nothing, or an empty object). */
  bodyOptional?: boolean;
  /** A raw (non-JSON) body, such as a cover image. */
  rawBody?: string[];
  /** The success answer: its body's schema (from response-schemas.ts), or none. */
  success: { status: number; description: string; body?: z.ZodType };
  /** Problem statuses beyond those every route of its kind can answer. */
  problems?: number[];
  idempotent?: boolean;
}

const OPERATIONS: Record<string, OperationSpec> = {
  'POST /api/v1/auth/register': {
    summary: 'Create an account and start a session',
    body: registerBody,
    success: {
      status: 201,
      description: 'The new user (sign in next to get a session)',
      body: userAnswerSchema,
    },
    problems: [409, 429],
  },
  'POST /api/v1/auth/login': {
    summary: 'Sign in',
    body: loginBody,
    success: {
      status: 200,
      description: 'The user and an access token; sets the refresh cookie',
      body: sessionAnswerSchema,
    },
    problems: [401, 429],
  },
  'POST /api/v1/auth/refresh': {
    summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)',
    body: emptyBodySchema,
    bodyOptional: true,
    success: {
      status: 200,
      description: 'The user and a new access token; the refresh cookie rotates',
      body: sessionAnswerSchema,
    },
  },
  'POST /api/v1/auth/logout': {
    summary: 'End the session of the refresh cookie',
    body: emptyBodySchema,
    bodyOptional: true,
    success: {
      status: 204,
      description: 'Signed out; the refresh cookie is cleared',
    },
  },
  'GET /api/v1/auth/me': {
    summary: 'The signed-in user',
    success: { status: 200, description: 'The user', body: userAnswerSchema },
  },
  'GET /api/v1/users': {
    summary: 'A page of users (administrators)',
    query: userListQuery,
    success: { status: 200, description: 'A page of users', body: userPageSchema },
  },
  'GET /.well-known/jwks.json': {
    summary: 'The public keys that verify access tokens',
    success: { status: 200, description: 'A JSON Web Key Set', body: jwksSchema },
  },
  'GET /api/v1/books': {
    summary: 'List and search the catalog',
    query: listBooksQuery,
    success: { status: 200, description: 'A page of books', body: catalogBookPageSchema },
  },
  'GET /api/v1/books/{id}': {
    summary: 'One book',
    query: noQuery,
    success: { status: 200, description: 'The book', body: catalogBookAnswerSchema },
  },
  'GET /api/v1/categories': {
    summary: 'The categories in use with their live book counts, most books first',
    query: noQuery,
    success: { status: 200, description: 'The categories', body: categoryListSchema },
  },
  'GET /api/v1/delivery-providers': {
    summary: 'Delivery providers, optionally only those delivering to a country',
    query: deliveryProvidersQuery,
    success: {
      status: 200,
      description: 'The delivery providers',
      body: deliveryProviderListSchema,
    },
  },
  'GET /api/v1/openapi.json': {
    summary: 'This document',
    success: {
      status: 200,
      description: 'The OpenAPI 3.1 document of the API',
      body: openApiDocumentSchema,
    },
  },
  'POST /api/v1/books': {
    summary: 'List a book for sale (the seller is the caller)',
    body: createBookSchema,
    success: {
      status: 201,
      description: 'The new book; Location names it',
      body: bookAnswerSchema,
    },
  },
  'PATCH /api/v1/books/{id}': {
    summary: 'Change some fields of your book',
    body: updateBookSchema,
    success: { status: 200, description: 'The changed book', body: bookAnswerSchema },
  },
  'DELETE /api/v1/books/{id}': {
    summary: 'Withdraw your book',
    success: { status: 204, description: 'Withdrawn' },
    problems: [409],
  },
  'PUT /api/v1/books/{id}/cover': {
    summary:
      'Upload the cover image of your book (at most 5 MB, 10,000 px a side, 40 megapixels; 503 with Retry-After while the render queue is full)',
    rawBody: ['image/jpeg', 'image/png', 'image/webp'],
    success: {
      status: 200,
      description: 'The book with its new cover',
      body: bookAnswerSchema,
    },
    problems: [413, 415],
  },
  'DELETE /api/v1/books/{id}/cover': {
    summary: 'Remove the cover image of your book',
    success: { status: 204, description: 'Removed' },
  },
  'GET /api/v1/me/books': {
    summary: 'A page of your books',
    query: myBooksQuerySchema,
    success: { status: 200, description: 'A page of your books', body: bookPageSchema },
  },
  'GET /api/v1/me/sales': {
    summary: 'A page of your sales',
    query: mySalesQuerySchema,
    success: { status: 200, description: 'A page of sales', body: salePageSchema },
  },
  'POST /api/v1/orders': {
    summary: 'Place an order (reserves stock until paid or expired)',
    body: placeOrderSchema,
    success: {
      status: 201,
      description: 'The new order; Location names it',
      body: orderAnswerSchema,
    },
    problems: [403, 404, 409, 422],
    idempotent: true,
  },
  'GET /api/v1/orders': {
    summary: 'A page of your orders (administrators: scope=all)',
    query: listOrdersQuerySchema,
    success: { status: 200, description: 'A page of orders', body: orderPageSchema },
  },
  'GET /api/v1/orders/{id}': {
    summary: 'One of your orders',
    query: noQuery,
    success: { status: 200, description: 'The order', body: orderAnswerSchema },
  },
  'POST /api/v1/orders/{id}/cancel': {
    summary: 'Cancel your unpaid order (releases its stock)',
    body: emptyBodySchema,
    bodyOptional: true,
    success: { status: 200, description: 'The cancelled order', body: orderAnswerSchema },
    problems: [409],
  },
  'POST /api/v1/orders/{id}/payment': {
    summary: 'Pay your order (simulated provider)',
    body: payOrderSchema,
    success: {
      status: 201,
      description: 'The paid order, its payment and its booked delivery',
      body: orderAnswerSchema,
    },
    problems: [402, 409],
    idempotent: true,
  },
  'POST /api/v1/orders/{id}/delivery': {
    summary: 'Retired: delivery is chosen when placing the order',
    success: { status: 410, description: 'Gone' },
  },
  'GET /healthz': {
    summary: 'Liveness of the origin',
    success: { status: 200, description: 'The process is up', body: healthAnswerSchema },
  },
  'GET /readyz': {
    summary:
      'Readiness of the origin (not draining, its cover render queue not full, its thread pool and database answer)',
    success: { status: 200, description: 'Ready', body: readyAnswerSchema },
    problems: [503],
  },
};

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Malformed or invalid input (errors names each field)',
  401: 'No or bad credentials',
  402: 'The payment was declined',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  410: 'Gone',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable (such as not enough stock)',
  429: 'Too many attempts; see Retry-After',
  503: 'Temporarily unavailable; see Retry-After',
};

// RFC 6750's challenge on every 401: a client learns the scheme, and whether its token was refused.
const BEARER_CHALLENGE = {
  description:
    '`Bearer`; `Bearer error="invalid_token"` when the access token sent is invalid, expired, or its account is gone (get a new one by refreshing or signing in).',
  required: true,
  schema: { type: 'string' },
  example: 'Bearer error="invalid_token"',
};

// A route's own schema converted for reading, not validating: transforms and refinements are code
// that JSON Schema cannot express, so it describes what the client may send.
function inputSchema(schema: z.ZodType): JsonObject {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const range = wholeNumberParams.get(zodSchema);
      if (!range) return;
      for (const keyword of Object.keys(jsonSchema)) delete jsonSchema[keyword];
      Object.assign(jsonSchema, { type: 'integer', ...range });
    },
  }) as JsonObject;
  delete json.$schema;
  return json;
}

function parametersOf(route: PublicRoute, spec: OperationSpec): JsonObject[] {
  const parameters: JsonObject[] = [];
  if (route.path.includes('{id}')) {
    const id = (inputSchema(idPathParams).properties as JsonObject).id;
    // A book that `npm start`'s demo data has, so "Try it out" works as filled in; an order's id
    // is the one placing it answered, and a cover upload needs an image no example can hold.
    const example = route.path === '/api/v1/books/{id}' ? { example: DEMO_BOOK_ID } : {};
    parameters.push({ name: 'id', in: 'path', required: true, schema: id, ...example });
  }
  if (spec.query) {
    const query = inputSchema(spec.query);
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as JsonObject)) {
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  if (spec.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Repeating a request with the same key answers the first result again.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return parameters;
}

function requestBodyOf(key: string, spec: OperationSpec): JsonObject | undefined {
  if (spec.rawBody) {
    const content = Object.fromEntries(
      spec.rawBody.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
    );
    return { required: true, content };
  }
  if (!spec.body) return undefined;
  return {
    required: !spec.bodyOptional,
    content: {
      'application/json': {
        schema: inputSchema(spec.body),
        ...(REQUEST_EXAMPLES[key] === undefined ? {} : { example: REQUEST_EXAMPLES[key] }),
      },
    },
  };
}

const SECURITY: Record<RouteAuth, JsonObject[] | undefined> = {
  none: undefined,
  'refresh-cookie': [{ refreshCookie: [] }],
  bearer: [{ bearerAuth: [] }],
  admin: [{ bearerAuth: [] }],
  owner: [{ bearerAuth: [] }],
};

// The problems a route can answer: its own, plus those that follow from its inputs and its auth.
// Every route validates its query (unknown parameters are a 400), and every JSON body can be too
// large or not JSON.
function problemStatusesOf(route: PublicRoute, spec: OperationSpec): number[] {
  const statuses = new Set([400, ...(spec.problems ?? [])]);
  if (spec.body) [413, 415].forEach((status) => statuses.add(status));
  if (route.auth !== 'none') statuses.add(401);
  if (route.auth === 'admin' || route.auth === 'owner') statuses.add(403);
  if (route.path.includes('{id}')) statuses.add(404);
  if (route.target !== 'origin' || route.path.startsWith('/api/')) statuses.add(503);
  if (spec.success.status === 410) statuses.delete(410);
  return [...statuses].sort((a, b) => a - b);
}

// Public GETs carry an ETag (express adds one): a client that sends it back may get a bodiless 304.
function notModifiedOf(route: PublicRoute): JsonObject | undefined {
  if (route.method !== 'GET' || route.auth !== 'none') return undefined;
  return { '304': { description: 'Not modified since the ETag sent in If-None-Match' } };
}

function successOf(key: string, spec: OperationSpec): JsonObject {
  const { status, description, body } = spec.success;
  if (status === 410) return { '410': { $ref: '#/components/responses/Problem410' } };
  if (!body) return { [String(status)]: { description } };
  const example = RESPONSE_EXAMPLES[key];
  const media = {
    schema: { $ref: `#/components/schemas/${componentNameOf(body)}` },
    ...(example === undefined ? {} : { example }),
  };
  return { [String(status)]: { description, content: { 'application/json': media } } };
}

function componentNameOf(schema: z.ZodType): string {
  const name = responseSchemas.get(schema)?.id;
  if (!name) throw new Error('A success body schema must be registered in responseSchemas');
  return name;
}

const AUTH_NOTES: Record<RouteAuth, string> = {
  none: 'Public: no credentials.',
  'refresh-cookie': 'Reads the HttpOnly refresh cookie set by login (same site only).',
  bearer: 'Needs an access token: `Authorization: Bearer <token>`.',
  admin: 'Needs an access token of an administrator (checked against the current role).',
  owner: 'Needs an access token; only the owner of the resource may call it (404 for others).',
};

function operationOf(route: PublicRoute): JsonObject {
  const key = `${route.method} ${route.path}`;
  const spec = OPERATIONS[key];
  if (!spec) throw new Error(`The OpenAPI document has no description of ${key}`);
  const responses: JsonObject = { ...successOf(key, spec), ...notModifiedOf(route) };
  for (const status of problemStatusesOf(route, spec)) {
    responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  }
  const parameters = parametersOf(route, spec);
  const requestBody = requestBodyOf(key, spec);
  const security = SECURITY[route.auth];
  return {
    operationId: operationIdOf(route),
    summary: spec.summary,
    description: AUTH_NOTES[route.auth],
    tags: [tagOf(route)],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(security ? { security } : {}),
    responses,
  };
}

// A stable, readable id from the method and path: GET /api/v1/books/{id} → getBooksById.
function operationIdOf(route: PublicRoute): string {
  const words = route.path
    .replace(/^\/(api\/v1|\.well-known)\//, '/')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((word) => (word === '{id}' ? 'ById' : word[0]?.toUpperCase() + word.slice(1)));
  return route.method.toLowerCase() + words.join('');
}

function tagOf(route: PublicRoute): string {
  if (route.target === 'auth') return 'Accounts';
  if (route.target === 'catalog') return 'Catalog';
  if (route.path.startsWith('/api/v1/orders')) return 'Orders';
  if (route.path.startsWith('/api/')) return 'Selling';
  return 'Operations';
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

// The success bodies, each a named component that others refer to ($ref), as JSON Schema of what
// the code sends (io: output: the types after the transforms, closed objects).
function responseComponents(): Record<string, JsonObject> {
  const { schemas } = z.toJSONSchema(responseSchemas, {
    io: 'output',
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonObject> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

const demo = (role: DemoRole) => {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.role === role);
  if (!account) throw new Error(`There is no demo ${role}`);
  return `${role} \`${account.email}\` / \`${account.password}\``;
};

// Markdown that /docs renders above the routes: what a newcomer needs before the first call, and
// the typed-client program that tests/shared/typed-client.test.ts type-checks.
const DESCRIPTION = `A second-hand book marketplace. JSON in and out; money in integer cents; lists are \
\`{ items, nextCursor }\` pages of ${PAGE_LIMIT.default} (limit ${PAGE_LIMIT.min}–${PAGE_LIMIT.max}); \
errors are \`application/problem+json\`.

## Get a token

The routes with a padlock need an access token. On a local \`npm start\`:

1. Open **POST /api/v1/auth/login**, press **Try it out**, then **Execute**: its example signs \
in the demo ${demo('buyer')}. The demo ${demo('seller')} and the demo ${demo('admin')} work the same way.
2. Copy \`accessToken\` from the answer (without the quotes).
3. Press **Authorize** at the top of this page, paste it under *bearerAuth*, and press **Authorize**. \
It lasts \`expiresIn\` seconds; log in again for a new one.

## Use the API from TypeScript

Generate types from this document and call it through openapi-fetch; the compiler then checks \
paths, parameters, bodies and answers (the README has a longer program: order, pay, sales).

\`\`\`sh
npx openapi-typescript@7.13.0 http://localhost:3000/api/v1/openapi.json -o bookstore-api.d.ts
\`\`\`

\`\`\`ts
import createClient from 'openapi-fetch';
import type { paths } from './bookstore-api';

const api = createClient<paths>({ baseUrl: 'http://localhost:3000' });
const list = await api.GET('/api/v1/books', { params: { query: { q: 'voyage', limit: 5 } } });
for (const book of list.data?.items ?? []) console.log(book.id, book.title, book.priceCents);
const login = await api.POST('/api/v1/auth/login', {
  body: { email: 'buyer@bookstore.local', password: 'buyer-demo-password' },
});
const me = await api.GET('/api/v1/auth/me', {
  headers: { Authorization: \`Bearer \${login.data?.accessToken}\` },
});
console.log(me.data?.user.name);
\`\`\`
`;

/**
 * The OpenAPI 3.1 document of every route in the route table, built from the zod schemas that
 * validate each route's input, so the description cannot drift from what the code accepts.
 */
export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route) };
  }
  const problemResponses = Object.fromEntries(
    Object.entries(PROBLEM_TITLES).map(([status, description]) => [
      `Problem${status}`,
      {
        description,
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/Problem' },
            ...(status === '400' ? { example: PROBLEM_EXAMPLE } : {}),
          },
        },
        ...(status === '401' ? { headers: { 'WWW-Authenticate': BEARER_CHALLENGE } } : {}),
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    // OpenAPI 3.1's own dialect (JSON Schema 2020-12 with its vocabulary): the one renderers support.
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'BookStore API',
      version: '1.0.0',
      description: DESCRIPTION,
      contact: { name: 'BookStore maintainers' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: ['Catalog', 'Accounts', 'Selling', 'Orders', 'Operations'].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: REFRESH_COOKIE },
      },
      schemas: {
        Problem: problemSchema,
        ...responseComponents(),
      },
      responses: problemResponses,
    },
  };
}
