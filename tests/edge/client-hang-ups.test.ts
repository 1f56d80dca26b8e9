import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createLocalEdge } from '../../edge/local-edge';
import { createLogger } from '../../shared/logging/logger';
import { createUser } from '../support/factories';
import { startLocalStack, type LocalStack } from './local-stack';

const HANG_UP = 'client closed the connection before its answer';

let stack: LocalStack;
const lines: Array<{ level: string; msg: string; service?: string }> = [];

beforeAll(async () => {
  const logger = createLogger(
    'info',
    {},
    {
      destination: {
        write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]),
      },
    },
  );
  stack = await startLocalStack({ logger });
});

afterAll(() => stack.close());

/** Resolves when the next request reaching `server` has ended, answered or not. */
function nextRequestEnds(server: Server): Promise<void> {
  return new Promise((resolve) =>
    server.once('request', (_req: IncomingMessage, res: ServerResponse) =>
      res.once('close', resolve),
    ),
  );
}

/** Resolves when the next request reaching `server` has arrived (its head). */
function nextRequestArrives(server: Server): Promise<void> {
  return new Promise((resolve) => server.once('request', () => resolve()));
}

describe.each([
  ['an origin route', '/api/v1/orders', true],
  ['a Lambda route', '/api/v1/auth/login', false],
])('a client that gives up on a slow body to %s', (_kind, path, proxied) => {
  test('when it closes the connection mid-body, then the hang-up is logged once at info, and no error or warning', async () => {
    const from = lines.length;
    const { hostname, port } = new URL(stack.baseUrl);
    const arrived = nextRequestArrives(proxied ? stack.origin.server : stack.edge);
    const ended = Promise.all([
      nextRequestEnds(stack.edge),
      ...(proxied ? [nextRequestEnds(stack.origin.server)] : []),
    ]);
    const client = connect(Number(port), hostname);
    client.on('error', () => undefined);
    // Signed in, so that the origin waits for the body rather than refusing it at once.
    const authorization = await stack.originBearer(await createUser(stack.db));
    client.write(
      `POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: ${authorization}\r\n` +
        `content-type: application/json\r\ncontent-length: 100000\r\n\r\n{"items": [`,
    );

    await arrived;
    client.destroy();
    await ended;
    // One whole request through both afterwards: whatever the hang-up set off has run by then.
    expect((await fetch(`${stack.baseUrl}/api/v1/delivery-providers`)).status).toBe(200);

    const logged = lines.slice(from);
    expect(logged.filter((line) => ['warn', 'error', 'fatal'].includes(line.level))).toEqual([]);
    expect(logged.filter((line) => line.msg === HANG_UP)).toEqual(
      Array(proxied ? 2 : 1).fill(expect.objectContaining({ level: 'info' })),
    );
  });
});

describe('an origin that dies mid-answer', () => {
  test('when it does, then the edge warns that the answer was interrupted and takes it for no hang-up', async () => {
    // Sends the head and part of the body, then drops the connection.
    const origin = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
      res.write('part of it', () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const edgeLines: Array<{ level: string; msg: string }> = [];
    let warned = () => {};
    const interrupted = new Promise<void>((resolve) => (warned = resolve));
    const edge = createLocalEdge({
      functions: {
        auth: () => Promise.reject(new Error('unused')),
        catalog: () => Promise.reject(new Error('unused')),
      },
      originUrl: `http://127.0.0.1:${(origin.address() as AddressInfo).port}`,
      logger: createLogger(
        'info',
        {},
        {
          destination: {
            write: (line: string) => {
              edgeLines.push(JSON.parse(line) as { level: string; msg: string });
              if (line.includes('"level":"warn"')) warned();
            },
          },
        },
      ),
    });
    await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(edge.address() as AddressInfo).port}/page`);
      await expect(answer.text()).rejects.toThrow();
      await interrupted;

      expect(edgeLines.map((line) => [line.level, line.msg])).toEqual([
        ['warn', 'origin answer interrupted'],
      ]);
    } finally {
      edge.closeAllConnections();
      await new Promise((resolve) => edge.close(resolve));
      await new Promise((resolve) => origin.close(resolve));
    }
  });
});
