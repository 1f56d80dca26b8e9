import { hashPassword } from '../../shared/auth/password-hashing';
import { buildOpenApiDocument } from '../../shared/api/openapi-document';
import type { Database } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import { DEMO_ACCOUNTS } from '../../shared/db/seeds/demo-accounts';
import { seedDeliveryProviders } from '../../shared/db/seeds/delivery-providers';
import { seedDemoData } from '../../shared/db/seeds/demo-data';
import { emptyPrivateDatabaseUrl, openTestDatabase } from '../support/test-database';
import { startLocalStack, type LocalStack } from './local-stack';

// The document's examples are what a newcomer sends first from /docs: each must work as written
// against the demo data `npm start` seeds into an empty database, and answer the documented status.

interface Parameter {
  name: string;
  in: string;
  example?: unknown;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, unknown>;
}

const document = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };

function operationOf(key: string): Operation {
  const [method = '', path = ''] = key.split(' ');
  const found = document.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`${key} is not in the document`);
  return found;
}

function documentedSuccess(operation: Operation): number | undefined {
  return Object.keys(operation.responses)
    .map(Number)
    .find((status) => status >= 200 && status < 300);
}

/** The operations a client can send as the document fills them in: a body or path example. */
function operationsWithExamples(): string[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(
        ([, operation]) =>
          operation.requestBody?.content['application/json']?.example !== undefined ||
          (operation.parameters ?? []).some((p) => p.in === 'path' && p.example !== undefined),
      )
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}

type Who = 'anyone' | 'buyer' | 'seller';

/** One example request: who sends it, and the id of `{id}` when not the document's own example. */
interface Step {
  key: string;
  as: Who;
  id?: () => number;
}

describe('the examples of the OpenAPI document, against freshly seeded demo data', () => {
  let db: Database;
  let stack: LocalStack;
  const bearers: Partial<Record<Who, string>> = {};
  let refreshCookie = '';
  const placed: number[] = [];

  beforeAll(async () => {
    db = openTestDatabase(10, await emptyPrivateDatabaseUrl('openapi_examples'));
    // What `npm start` does to an empty database (without covers, which the examples do not need).
    await createMigrator(db.sequelize).up();
    await seedDeliveryProviders(db);
    await seedDemoData(db, 20, hashPassword);
    stack = await startLocalStack({ db });
  });
  afterAll(() => stack.close());

  async function send(step: Step): Promise<number> {
    const [method = '', template = ''] = step.key.split(' ');
    const operation = operationOf(step.key);
    const pathExample = operation.parameters?.find((p) => p.in === 'path')?.example;
    const path = template.replace('{id}', String(step.id ? step.id() : pathExample));
    const example = operation.requestBody?.content['application/json']?.example;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const bearer = bearers[step.as];
    if (bearer) headers.authorization = bearer;
    if (refreshCookie) headers.cookie = refreshCookie;
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers,
      ...(example === undefined ? {} : { body: JSON.stringify(example) }),
    });
    const body = (await response.json().catch(() => undefined)) as
      { accessToken?: string; order?: { id: number } } | undefined;
    if (step.key === 'POST /api/v1/auth/login' && body?.accessToken) {
      bearers.buyer = `Bearer ${body.accessToken}`;
      refreshCookie = response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    }
    if (step.key === 'POST /api/v1/orders' && body?.order) placed.push(body.order.id);
    return response.status;
  }

  test('when a client sends every example in turn, then each answers its documented status', async () => {
    const seller = DEMO_ACCOUNTS.find((account) => account.role === 'seller');
    const login = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seller?.email, password: seller?.password }),
    });
    bearers.seller = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
    const lastOrder = () => placed[placed.length - 1] ?? 0;
    // The order a client sends them in: signing in before what needs a session, placing an order
    // before paying it (and another before cancelling it), the seller's changes last.
    const steps: Step[] = [
      { key: 'POST /api/v1/auth/register', as: 'anyone' },
      { key: 'POST /api/v1/auth/login', as: 'anyone' },
      { key: 'POST /api/v1/auth/refresh', as: 'anyone' },
      { key: 'GET /api/v1/books/{id}', as: 'anyone' },
      { key: 'POST /api/v1/orders', as: 'buyer' },
      { key: 'POST /api/v1/orders/{id}/payment', as: 'buyer', id: lastOrder },
      { key: 'POST /api/v1/orders', as: 'buyer' },
      { key: 'POST /api/v1/orders/{id}/cancel', as: 'buyer', id: lastOrder },
      { key: 'POST /api/v1/books', as: 'seller' },
      { key: 'PATCH /api/v1/books/{id}', as: 'seller' },
      { key: 'DELETE /api/v1/books/{id}', as: 'seller' },
      { key: 'POST /api/v1/auth/logout', as: 'anyone' },
    ];
    const answered: Record<string, number> = {};
    const documented: Record<string, number | undefined> = {};
    for (const step of steps) {
      answered[step.key] = await send(step);
      documented[step.key] = documentedSuccess(operationOf(step.key));
    }

    expect(answered).toEqual(documented);
    expect(new Set(steps.map((step) => step.key))).toEqual(new Set(operationsWithExamples()));
  });
});
