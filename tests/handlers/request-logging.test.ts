import { apiGatewayEvent, fakeLambdaContext, invokeHandler } from '../support/api-gateway-event';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { captureLogs } from './log-capture';
import { expectProblem } from './problem-assertions';

describe('logs and unexpected failures of a function', () => {
  const logs = captureLogs();
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction({ logger: logs.logger });
  });

  beforeEach(() => {
    logs.lines.length = 0;
  });

  test('when an invocation is answered, then every log line carries the Lambda request id, which is also sent back', async () => {
    const context = fakeLambdaContext('lambda-request-0001');

    const response = await invokeHandler(
      catalog.handler,
      apiGatewayEvent({ path: '/api/v1/books?limit=1' }),
      context,
    );

    expect(response.headers['x-request-id']).toBe('lambda-request-0001');
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.map((line) => line.requestId)).toEqual(
      logs.lines.map(() => 'lambda-request-0001'),
    );
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: 'request finished', status: 200, path: '/api/v1/books' }),
    );
  });

  test('when something unexpected breaks (the database is gone), then the client gets a fixed 500 problem and the log the details', async () => {
    await catalog.close();
    const context = fakeLambdaContext('lambda-request-0002');

    const response = await invokeHandler(
      catalog.handler,
      apiGatewayEvent({ path: '/api/v1/books/1' }),
      context,
      { outsideContract: 'a deliberate fault: the 500 a bug would cause' },
    );

    expectProblem(response, 500, 'internal-error');
    expect(response.json.detail).toBe('Something went wrong on our side. Please try again.');
    expect(response.body).not.toMatch(/ConnectionManager|getConnection|at /);
    const failure = logs.lines.find((line) => line.level === 50);
    expect(failure).toMatchObject({
      requestId: 'lambda-request-0002',
      msg: 'unexpected error',
      err: expect.objectContaining({
        message: expect.stringMatching(/closed/) as unknown,
      }) as unknown,
    });
  });
});
