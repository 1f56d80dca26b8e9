import express from 'express';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import serverless from 'serverless-http';
import { gzipSync } from 'node:zlib';
import { toHttpApiEvent } from '../../edge/http-api-event';
import { createLocalEdge, type LambdaHandler } from '../../edge/local-edge';
import { createLogger } from '../../shared/logging/logger';

/** A Lambda function built the way ours are (express + serverless-http) that echoes what it got. */
function echoFunction(): LambdaHandler {
  const app = express();
  app.use(express.json());
  app.all('/{*rest}', (req, res) => {
    const event = (req as unknown as { apiGateway?: { event: unknown } }).apiGateway?.event;
    res.cookie('first', 'one', { httpOnly: true, path: '/api/v1/auth' });
    res.cookie('second', 'two', { sameSite: 'strict' });
    res.status(200).json({
      method: req.method,
      path: req.path,
      query: req.query,
      body: req.body as unknown,
      cookie: req.headers.cookie,
      event,
    });
  });
  return serverless(app, {
    request: (req: object, event: unknown) => Object.assign(req, { apiGateway: { event } }),
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe('the local edge', () => {
  let origin: Server;
  let edge: Server;
  let baseUrl: string;
  const originRequests: string[] = [];

  beforeAll(async () => {
    origin = createServer((req, res) => {
      originRequests.push(`${req.method} ${req.url}`);
      res.writeHead(201, { 'Content-Type': 'text/plain', 'X-From': 'origin' });
      req.pipe(res);
    });
    const originUrl = await listen(origin);
    edge = createLocalEdge({
      functions: { auth: echoFunction(), catalog: echoFunction() },
      originUrl,
      logger: createLogger('silent'),
      maxBodyBytes: 1024,
    });
    baseUrl = await listen(edge);
  });

  afterAll(async () => {
    await new Promise((resolve) => edge.close(resolve));
    await new Promise((resolve) => origin.close(resolve));
  });

  test('when a catalog route is requested, then the function gets an HTTP API 2.0 event with path parameters and query', async () => {
    const response = await fetch(`${baseUrl}/api/v1/books/42?sort=title&tag=a&tag=b`, {
      headers: { Cookie: 'a=1; b=2' },
    });
    const body = (await response.json()) as any;

    expect(response.status).toBe(200);
    expect(body.event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/v1/books/{id}',
      rawPath: '/api/v1/books/42',
      rawQueryString: 'sort=title&tag=a&tag=b',
      pathParameters: { id: '42' },
      queryStringParameters: { sort: 'title', tag: 'a,b' },
      cookies: ['a=1', 'b=2'],
      requestContext: { http: { method: 'GET', path: '/api/v1/books/42' }, stage: '$default' },
    });
    expect(body.cookie).toBe('a=1; b=2');
  });

  test('when a function sets several cookies, then each arrives as its own Set-Cookie header', async () => {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.c' }),
    });
    const body = (await response.json()) as any;

    expect(body).toMatchObject({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email: 'a@b.c' },
    });
    expect(response.headers.getSetCookie()).toEqual([
      'first=one; Path=/api/v1/auth; HttpOnly',
      'second=two; Path=/; SameSite=Strict',
    ]);
  });

  test('when a body is binary, then the function gets it base64-encoded and intact', async () => {
    const bytes = Buffer.from([0, 255, 1, 254]);

    const response = await fetch(`${baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    const body = (await response.json()) as any;

    expect(body.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(body.event.body, 'base64')).toEqual(bytes);
  });

  test('when a function answers text beyond ASCII, then it arrives as UTF-8 with its length in bytes', async () => {
    const response = await fetch(`${baseUrl}/api/v1/books?q=${encodeURIComponent('Tomás 📚')}`);
    const bytes = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect((JSON.parse(bytes.toString('utf8')) as { query: unknown }).query).toEqual({
      q: 'Tomás 📚',
    });
  });

  test('when a body is over the gateway limit, then 413 and the function is not invoked', async () => {
    const response = await fetch(`${baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(2000) }),
    });

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  test('when a route is not a Lambda route, then it is proxied to the origin unchanged', async () => {
    const response = await fetch(`${baseUrl}/api/v1/orders?limit=5`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"items":[]}',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-from')).toBe('origin');
    expect(await response.text()).toBe('{"items":[]}');
    expect(originRequests).toContain('POST /api/v1/orders?limit=5');
  });

  test('when the method of a Lambda path is not listed, then the origin answers, as API Gateway would route it', async () => {
    await fetch(`${baseUrl}/api/v1/books/7`, { method: 'DELETE' });

    expect(originRequests).toContain('DELETE /api/v1/books/7');
  });
});

describe('the local edge without an origin', () => {
  test('when the origin is down, then 503 problem', async () => {
    const edge = createLocalEdge({
      functions: { auth: echoFunction(), catalog: echoFunction() },
      originUrl: 'http://127.0.0.1:1',
      logger: createLogger('silent'),
    });
    const baseUrl = await listen(edge);

    const response = await fetch(`${baseUrl}/`);

    expect(response.status).toBe(503);
    await new Promise((resolve) => edge.close(resolve));
  });
});

describe('the local edge as a proxy', () => {
  let origin: Server;
  let edge: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // Answers with the headers it received.
    origin = createServer((req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        Connection: 'close, X-Origin-Hop',
        'X-Origin-Hop': 'secret',
      });
      res.end(JSON.stringify(req.headers));
    });
    edge = createLocalEdge({
      functions: {
        auth: () => Promise.reject(new Error('the function broke')),
        catalog: echoFunction(),
      },
      originUrl: await listen(origin),
      logger: createLogger('silent'),
    });
    baseUrl = await listen(edge);
  });

  afterAll(async () => {
    edge.closeAllConnections();
    await new Promise((resolve) => edge.close(resolve));
    await new Promise((resolve) => origin.close(resolve));
  });

  test('when a client sends hop-by-hop and forwarding headers, then the origin gets none of them, only the edge’s own X-Forwarded-*', async () => {
    // Raw HTTP: fetch refuses to send most of these headers.
    const { answerHeaders, received } = await new Promise<{
      answerHeaders: Record<string, unknown>;
      received: Record<string, string>;
    }>((resolve, reject) => {
      const sent = httpRequest(`${baseUrl}/api/v1/orders`, {
        headers: {
          Connection: 'X-Secret-Hop',
          'X-Secret-Hop': 'dropped',
          'Keep-Alive': 'timeout=5',
          TE: 'trailers',
          Upgrade: 'websocket',
          'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
          'X-Real-IP': '203.0.113.9',
          Forwarded: 'for=203.0.113.9',
          'X-Forwarded-For': '203.0.113.9',
          'X-Forwarded-Host': 'evil.example',
          'X-Forwarded-Proto': 'https',
          'X-Forwarded-Port': '443',
          Authorization: 'Bearer kept',
        },
      });
      sent.on('response', (answer) => {
        let text = '';
        answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
        answer.on('end', () =>
          resolve({ answerHeaders: answer.headers, received: JSON.parse(text) as never }),
        );
      });
      sent.on('error', reject);
      sent.end();
    });

    for (const name of [
      'x-secret-hop',
      'keep-alive',
      'te',
      'upgrade',
      'proxy-authorization',
      'x-real-ip',
      'forwarded',
      'x-forwarded-port',
    ])
      expect(received[name]).toBeUndefined();
    expect(received['x-forwarded-for']).toBe('127.0.0.1');
    expect(received['x-forwarded-host']).toBe(new URL(baseUrl).host);
    expect(received['x-forwarded-proto']).toBe('http');
    expect(received.authorization).toBe('Bearer kept');
    expect(answerHeaders['x-origin-hop']).toBeUndefined();
  });

  test('when a compressed JSON body is turned into an event, then it travels base64-encoded and intact', () => {
    const compressed = gzipSync('{"a":1}');

    const event = toHttpApiEvent(
      {
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: compressed,
        sourceIp: '127.0.0.1',
      },
      { method: 'POST', path: '/api/v1/auth/login', target: 'auth', auth: 'none' },
      {},
    );

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(compressed);
  });

  test('when a function fails, then 500 problem, and the edge goes on answering', async () => {
    const failed = await fetch(`${baseUrl}/api/v1/auth/me`);
    const next = await fetch(`${baseUrl}/api/v1/books`);

    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toBe('application/problem+json');
    expect(next.status).toBe(200);
  });

  test('when a path cannot be decoded, then 400 problem, and the edge goes on answering', async () => {
    const bad = await fetch(`${baseUrl}/api/v1/books/%ED%A0%80`);
    const next = await fetch(`${baseUrl}/api/v1/books`);

    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { type: string }).type).toMatch(/malformed-path$/);
    expect(next.status).toBe(200);
  });
});

describe('the local edge when a client leaves before the origin answers', () => {
  let origin: Server;
  let edge: Server;
  let baseUrl: string;
  let received: () => void;
  let abandoned: () => void;

  beforeAll(async () => {
    // Holds each request: answers only once the edge has dropped it.
    origin = createServer((req, res) => {
      res.on('close', () => abandoned());
      received();
      req.resume();
    });
    edge = createLocalEdge({
      functions: { auth: echoFunction(), catalog: echoFunction() },
      originUrl: await listen(origin),
      logger: createLogger('silent'),
    });
    baseUrl = await listen(edge);
  });

  afterAll(async () => {
    edge.closeAllConnections();
    await new Promise((resolve) => edge.close(resolve));
    origin.closeAllConnections();
    await new Promise((resolve) => origin.close(resolve));
  });

  test('when the client disconnects, then the origin request is abandoned and the edge goes on answering', async () => {
    const atOrigin = new Promise<void>((resolve) => (received = resolve));
    const originDropped = new Promise<void>((resolve) => (abandoned = resolve));
    const url = new URL(baseUrl);
    const leaving = httpRequest({
      host: url.hostname,
      port: url.port,
      path: '/slow',
      agent: false,
    });
    leaving.on('error', () => undefined);
    leaving.end();

    await atOrigin;
    leaving.destroy();
    await originDropped;

    expect((await fetch(`${baseUrl}/api/v1/books`)).status).toBe(200);
  });
});
