import Ajv2020 from 'ajv/dist/2020';
import { buildOpenApiDocument } from '../../shared/api/openapi-document';
import { DEMO_ACCOUNTS } from '../../shared/db/seeds/demo-accounts';
import { ROUTES } from '../../shared/routes/route-table';

interface Operation {
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}

const document = buildOpenApiDocument() as {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; responses: Record<string, unknown> };
};

function operation(method: string, path: string): Operation {
  const found = document.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`${method} ${path} is not in the document`);
  return found;
}

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 served from the same origin', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/' }]);
  });

  test.each(ROUTES.map((route) => [route.method, route.path] as const))(
    'describes %s %s from the route table',
    (method, path) => {
      expect(document.paths[path]?.[method.toLowerCase()]).toBeDefined();
    },
  );

  test('describes nothing the route table does not list', () => {
    const listed = new Set(ROUTES.map((route) => `${route.method} ${route.path}`));
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.filter((key) => !listed.has(key))).toEqual([]);
  });

  test('every schema in it is valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    const schemas: unknown[] = [];
    for (const methods of Object.values(document.paths)) {
      for (const op of Object.values(methods)) {
        op.parameters?.forEach((parameter) => schemas.push(parameter.schema));
        Object.values(op.requestBody?.content ?? {}).forEach((media) => schemas.push(media.schema));
      }
    }
    expect(schemas.length).toBeGreaterThan(10);
    for (const schema of schemas) expect(ajv.validateSchema(schema as object)).toBe(true);
  });

  test('every referenced problem response exists', () => {
    for (const methods of Object.values(document.paths)) {
      for (const op of Object.values(methods)) {
        for (const response of Object.values(op.responses)) {
          const ref = (response as { $ref?: string }).$ref;
          if (ref) expect(document.components.responses[ref.split('/').pop() ?? '']).toBeDefined();
        }
      }
    }
  });

  test('the catalog filters are query parameters generated from the validating schema', () => {
    const names = operation('GET', '/api/v1/books').parameters?.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['q', 'author', 'sellerId', 'condition', 'category', 'sort', 'limit']),
    );
    const condition = operation('GET', '/api/v1/books').parameters?.find(
      (p) => p.name === 'condition',
    );
    expect(condition?.schema.enum).toEqual(expect.arrayContaining(['new', 'good']));
  });

  test('its description tells a newcomer how to get a token with a demo account', () => {
    const { description } = (document as unknown as { info: { description: string } }).info;

    for (const account of DEMO_ACCOUNTS) {
      expect(description).toContain(`\`${account.email}\` / \`${account.password}\``);
    }
    expect(description).toMatch(/POST \/api\/v1\/auth\/login/);
    expect(description).toMatch(/Copy `accessToken`/);
    expect(description).toMatch(/Press \*\*Authorize\*\*/);
  });

  test('numbers in queries and paths are integers with the range the server accepts', () => {
    const parameters = Object.values(document.paths)
      .flatMap((methods) => Object.values(methods))
      .flatMap((op) => op.parameters ?? []);
    const numeric = parameters.filter((p) => p.schema.type === 'integer');
    // A number written as a string with a digits pattern is what a generated client cannot send.
    expect(parameters.filter((p) => typeof p.schema.pattern === 'string')).toEqual([]);
    expect(new Set(numeric.map((p) => p.name))).toEqual(
      new Set(['id', 'limit', 'sellerId', 'buyerId', 'minPriceCents', 'maxPriceCents']),
    );
    const books = operation('GET', '/api/v1/books').parameters ?? [];
    expect(books.find((p) => p.name === 'limit')?.schema).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
    expect(books.find((p) => p.name === 'minPriceCents')?.schema).toEqual({
      type: 'integer',
      minimum: 0,
      maximum: 2_147_483_647,
    });
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const op of Object.values(methods)) {
        const id = op.parameters?.find((p) => p.in === 'path');
        if (path.includes('{id}')) {
          expect(id?.schema).toEqual({ type: 'integer', minimum: 1, maximum: 2_147_483_647 });
        }
      }
    }
  });

  test('path ids, request bodies and their problem statuses are described', () => {
    const patch = operation('PATCH', '/api/v1/books/{id}');
    expect(patch.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
    );
    const register = operation('POST', '/api/v1/auth/register');
    const body = register.requestBody?.content['application/json']?.schema as {
      required: string[];
    };
    expect(body.required).toEqual(expect.arrayContaining(['name', 'email', 'password']));
    expect(Object.keys(register.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    expect(Object.keys(patch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404']),
    );
  });

  test('bearer and refresh-cookie security are declared and used', () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'bearerAuth',
      'refreshCookie',
    ]);
    expect(operation('GET', '/api/v1/auth/me').security).toEqual([{ bearerAuth: [] }]);
    expect(operation('POST', '/api/v1/auth/refresh').security).toEqual([{ refreshCookie: [] }]);
    expect(operation('GET', '/api/v1/books').security).toBeUndefined();
  });

  test('every bearer route answers 401 with a documented WWW-Authenticate challenge', () => {
    const bearerRoutes = ROUTES.filter((route) =>
      ['bearer', 'admin', 'owner'].includes(route.auth),
    );
    for (const route of bearerRoutes) {
      expect(operation(route.method, route.path).responses['401']).toEqual({
        $ref: '#/components/responses/Problem401',
      });
    }
    const problem401 = document.components.responses.Problem401 as {
      headers?: Record<string, { required: boolean; example: string }>;
    };
    expect(problem401.headers?.['WWW-Authenticate']).toMatchObject({
      required: true,
      example: 'Bearer error="invalid_token"',
    });
  });
});
