import request from 'supertest';
import { startOriginTestApp, type OriginTestApp } from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

describe('health checks and HTTP basics', () => {
  test('when /healthz is asked, then the process answers ok without credentials', async () => {
    const response = await request(harness.app).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  test('when /readyz is asked and the database answers, then it is ready', async () => {
    const response = await request(harness.app).get('/readyz');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready' });
  });

  test('when any response is sent, then it carries security headers and a request id', async () => {
    const generated = await request(harness.app).get('/healthz');
    const forwarded = await request(harness.app)
      .get('/healthz')
      .set('x-request-id', 'alb-trace-123');

    expect(generated.headers['x-content-type-options']).toBe('nosniff');
    expect(generated.headers['content-security-policy']).toContain("default-src 'self'");
    expect(generated.headers['strict-transport-security']).toBeDefined();
    expect(generated.headers['x-powered-by']).toBeUndefined();
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(forwarded.headers['x-request-id']).toBe('alb-trace-123');
  });

  test('when an unknown API path is asked, then it is a 404 problem', async () => {
    const response = await request(harness.app)
      .get('/api/v1/nothing-here')
      .set('accept', 'text/html');

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('when the process is draining, then /readyz fails with 503 and responses close their connection', async () => {
    const draining = await startOriginTestApp({ db: harness.db });
    draining.readiness.startDraining();

    const ready = await request(draining.app).get('/readyz');
    const alive = await request(draining.app).get('/healthz');
    await draining.close();

    expect(ready.status).toBe(503);
    expect(ready.body.type).toMatch(/draining$/);
    expect(ready.headers['retry-after']).toBe('1');
    expect(alive.status).toBe(200);
    expect(alive.headers.connection).toBe('close');
  });
});
