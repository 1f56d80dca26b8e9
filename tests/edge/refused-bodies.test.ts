import { connect, type Socket } from 'node:net';
import { createBook, createUser } from '../support/factories';
import { startLocalStack, type LocalStack } from './local-stack';

// Over the 5 MB a cover may have: the origin refuses it as soon as it knows.
const TOO_LARGE = Buffer.alloc(6 * 1024 * 1024, 0x42);

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One keep-alive connection driven by hand, so that a test knows every request went over the same
 * connection (an HTTP client library may open another one behind the test's back).
 */
async function openConnection(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = Buffer.alloc(0);
  let closed: Error | undefined;
  let wake = () => {};
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    wake();
  });
  socket.on('error', (error) => (closed = error));
  socket.on('close', () => {
    closed ??= new Error('the server closed the connection');
    wake();
  });

  /** The next whole answer (its length declared, as every answer here has it). */
  async function nextAnswer(): Promise<RawAnswer> {
    for (;;) {
      const end = received.indexOf('\r\n\r\n');
      if (end !== -1) {
        const [statusLine = '', ...lines] = received
          .subarray(0, end)
          .toString('latin1')
          .split('\r\n');
        const headers = Object.fromEntries(
          lines.map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (received.length >= end + 4 + length) {
          const body = received.subarray(end + 4, end + 4 + length).toString('utf8');
          received = received.subarray(end + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers, body };
        }
      }
      if (closed) throw closed;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  return {
    /** Sends a request (a body in one declared length, or in chunks) and reads its answer. */
    async send(
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: { bytes: Buffer; chunked: boolean },
    ): Promise<RawAnswer> {
      const head = Object.entries({
        host: hostname,
        ...headers,
        ...(body
          ? body.chunked
            ? { 'transfer-encoding': 'chunked' }
            : { 'content-length': String(body.bytes.length) }
          : {}),
      }).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`${method} ${path} HTTP/1.1\r\n${head.join('')}\r\n`);
      if (body?.chunked) {
        for (let offset = 0; offset < body.bytes.length; offset += 256 * 1024) {
          const chunk = body.bytes.subarray(offset, offset + 256 * 1024);
          socket.write(`${chunk.length.toString(16)}\r\n`);
          socket.write(chunk);
          socket.write('\r\n');
        }
        socket.write('0\r\n\r\n');
      } else if (body) socket.write(body.bytes);
      return nextAnswer();
    },
    close: () => socket.destroy(),
  };
}

let stack: LocalStack;
let authorization: string;
let bookId: number;

beforeAll(async () => {
  stack = await startLocalStack();
  const seller = await createUser(stack.db);
  authorization = await stack.originBearer(seller);
  bookId = (await createBook(stack.db, seller.id)).id;
});

afterAll(() => stack.close());

describe.each([
  ['through the edge', () => stack.baseUrl],
  ['at the origin itself (the ALB path)', () => stack.origin.baseUrl],
])('a cover upload refused before it is all sent, %s', (_where, baseUrlOf) => {
  let connection: Awaited<ReturnType<typeof openConnection>>;

  beforeEach(async () => {
    connection = await openConnection(baseUrlOf());
  });

  afterEach(() => connection.close());

  const upload = (chunked: boolean, token = authorization) =>
    connection.send(
      'PUT',
      `/api/v1/books/${bookId}/cover`,
      { authorization: token, 'content-type': 'image/png' },
      { bytes: TOO_LARGE, chunked },
    );
  const myBooks = () => connection.send('GET', '/api/v1/me/books', { authorization });

  test.each([
    ['with its length declared', false],
    ['in chunks', true],
  ])(
    'when a 6 MB cover is sent %s, then every try is a 413 and the same connection carries the next request',
    async (_how, chunked) => {
      const tries = [await upload(chunked), await upload(chunked), await upload(chunked)];
      const next = await myBooks();

      for (const answer of tries) {
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body)).toMatchObject({
          type: 'https://bookstore.dev/problems/payload-too-large',
        });
      }
      expect(next.status).toBe(200);
    },
  );

  test('when a 6 MB cover is sent with a bad token, then 401 and the same connection carries the next request', async () => {
    const refused = await upload(false, 'Bearer not.a.token');
    const next = await myBooks();

    expect(refused.status).toBe(401);
    expect(next.status).toBe(200);
  });
});
