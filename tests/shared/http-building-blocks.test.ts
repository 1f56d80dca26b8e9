import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { ConnectionRefusedError, DatabaseError } from 'sequelize';
import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error';
import { errorHandler } from '../../shared/http/error-handler';
import { jsonBodyParser } from '../../shared/http/json-body';
import { notFoundHandler } from '../../shared/http/not-found';
import { parseInput } from '../../shared/http/parse-input';
import { requestContext } from '../../shared/http/request-context';
import { HELMET_OPTIONS, securityHeaders } from '../../shared/http/security-headers';
import { createLogger } from '../../shared/logging/logger';

const echoSchema = z.strictObject({
  name: z.string().min(1).max(10),
  quantity: z.number().int().positive(),
});

function buildApp() {
  const app = express();
  app.use(requestContext(createLogger('silent')));
  app.use(jsonBodyParser('1kb'));
  app.post('/api/v1/echo', (req, res) => {
    res.status(201).json(parseInput(echoSchema, req.body));
  });
  app.get('/api/v1/conflict', () => {
    throw new AppError('out-of-stock', 409, 'Only 1 copy left.');
  });
  app.get('/api/v1/database-down', () => {
    throw new ConnectionRefusedError(new Error('connect ECONNREFUSED 127.0.0.1:3306'));
  });
  app.get('/api/v1/bug', () => {
    throw new Error('secret internal detail');
  });
  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}

describe('the HTTP building blocks every app shares', () => {
  const app = buildApp();

  test('when the body is valid JSON, then the route gets it parsed', async () => {
    const response = await request(app).post('/api/v1/echo').send({ name: 'Ada', quantity: 2 });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ name: 'Ada', quantity: 2 });
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  test('when the body is malformed JSON, then 400 malformed-json', async () => {
    const response = await request(app)
      .post('/api/v1/echo')
      .set('Content-Type', 'application/json')
      .send('{"name": ');

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toMatch(/malformed-json$/);
  });

  test('when the body is not JSON, then 415', async () => {
    const response = await request(app)
      .post('/api/v1/echo')
      .set('Content-Type', 'text/plain')
      .send('name=Ada');

    expect(response.status).toBe(415);
    expect(response.body.title).toBe('Unsupported Media Type');
  });

  test('when the body is larger than the limit, then 413', async () => {
    const response = await request(app)
      .post('/api/v1/echo')
      .send({ name: 'x'.repeat(2048), quantity: 1 });

    expect(response.status).toBe(413);
  });

  test('when fields are wrong, missing or extra, then 400 names each of them', async () => {
    const response = await request(app).post('/api/v1/echo').send({ name: '', admin: true });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'admin',
      'name',
      'quantity',
    ]);
  });

  test('when a use case throws an application error, then its status and detail are the problem', async () => {
    const response = await request(app).get('/api/v1/conflict');

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'Only 1 copy left.',
    });
  });

  test('when the database refuses connections, then 503 with Retry-After', async () => {
    const response = await request(app).get('/api/v1/database-down');

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body.type).toMatch(/database-unavailable$/);
  });

  test('when something unexpected fails, then 500 without internal details', async () => {
    const response = await request(app).get('/api/v1/bug');

    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret internal detail');
  });

  test('when a listed path is called with another method, then 405 with Allow', async () => {
    const response = await request(app).put('/api/v1/books/1').send({});

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, PATCH, DELETE');
  });

  test('when a path is unknown, then 404 problem', async () => {
    const response = await request(app).get('/api/v1/nothing-here');

    expect(response.status).toBe(404);
    expect(response.body.type).toMatch(/route-not-found$/);
  });

  test('when an answer is sent, then it carries the very headers helmet itself would set', async () => {
    const withHeaders = (middleware: express.RequestHandler) =>
      express()
        .use(middleware)
        .get('/api/v1/page', (_req, res) => {
          res.json({ ok: true });
        });
    const headersOf = async (middleware: express.RequestHandler) => {
      const { headers } = await request(withHeaders(middleware)).get('/api/v1/page');
      return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date'));
    };

    const ours = await headersOf(securityHeaders());
    const helmets = await headersOf(helmet(HELMET_OPTIONS));

    expect(ours).toEqual(helmets);
    expect(ours['content-security-policy']).toContain("default-src 'self'");
    expect(ours['cross-origin-resource-policy']).toBe('same-site');
    expect(ours['x-powered-by']).toBeUndefined();
  });
});

/**
 * What the database server answers when it stops a statement at the cost ceiling
 * (shared/db/statement-ceiling.ts), as mysql2 hands it over: MySQL's ER_QUERY_TIMEOUT, which mysql2
 * names, and MariaDB's ER_STATEMENT_TIMEOUT, which it knows only by number.
 */
const CEILING_REFUSALS = [
  [
    'MySQL (3024)',
    { code: 'ER_QUERY_TIMEOUT', errno: 3024, sqlState: 'HY000' },
    'Query execution was interrupted, maximum statement execution time exceeded',
  ],
  [
    'MariaDB (1969)',
    { errno: 1969, sqlState: '70100' },
    'Query execution was interrupted (max_statement_time exceeded)',
  ],
  [
    // Observed on MariaDB 10.11 for a full-text search stopped by max_statement_time; mysql2
    // names 188 after MySQL's meaning of it.
    'MariaDB inside a full-text search (188)',
    { code: 'HA_ERR_FTS_EXCEED_RESULT_CACHE_LIMIT', errno: 188, sqlState: 'HY000' },
    'Unknown error 188',
  ],
] as const;

const stoppedAtCeiling = (driverFields: object, message: string) =>
  new DatabaseError(
    Object.assign(new Error(message), driverFields, {
      sql: "/*M! SET STATEMENT max_statement_time=0.5 FOR */ SELECT /*+ MAX_EXECUTION_TIME(500) */ b.id FROM books AS b WHERE b.title_search = 'secret title'",
    }),
  );

describe('a statement the database server stopped at its cost ceiling', () => {
  test.each(CEILING_REFUSALS)(
    'when %s stops it, then the answer is the 503 with Retry-After of an unavailable database, and the log says the ceiling stopped it',
    async (_server, driverFields, message) => {
      const logged: string[] = [];
      const app = express()
        .use(
          requestContext(
            createLogger('info', {}, { destination: { write: (line) => logged.push(line) } }),
          ),
        )
        .get('/api/v1/books', () => {
          throw stoppedAtCeiling(driverFields, message);
        })
        .get('/api/v1/database-down', () => {
          throw new ConnectionRefusedError(new Error('connect ECONNREFUSED 127.0.0.1:3306'));
        })
        .use(errorHandler());

      const stopped = await request(app).get('/api/v1/books');
      const down = await request(app).get('/api/v1/database-down');

      expect({
        status: stopped.status,
        retryAfter: stopped.headers['retry-after'],
        contentType: stopped.headers['content-type'],
        body: { ...stopped.body, instance: undefined },
      }).toEqual({
        status: down.status,
        retryAfter: down.headers['retry-after'],
        contentType: down.headers['content-type'],
        body: { ...down.body, instance: undefined },
      });
      expect(stopped.status).toBe(503);
      const warning = JSON.parse(logged[0] ?? '{}') as Record<string, any>;
      expect(warning).toMatchObject({
        msg: expect.stringMatching(/cost ceiling/) as unknown,
        err: {
          code: expect.stringMatching(
            /^(ER_(QUERY|STATEMENT)_TIMEOUT|HA_ERR_FTS_EXCEED_RESULT_CACHE_LIMIT)$/,
          ) as unknown,
        },
      });
      expect(logged.join('\n')).not.toContain('secret title');
    },
  );
});
