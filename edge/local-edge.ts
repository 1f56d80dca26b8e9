import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream';
import {
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { AppError } from '../shared/errors/app-error';
import {
  internalProblem,
  toProblem,
  PROBLEM_CONTENT_TYPE,
  type Problem,
} from '../shared/errors/problem';
import type { Logger } from '../shared/logging/logger';
import {
  isDecodablePath,
  matchRoute,
  type RouteMatch,
  type RouteTarget,
} from '../shared/routes/route-table';
import { lambdaContext } from '../shared/lambda/lambda-context';
import { toHttpApiEvent } from './http-api-event';
import { writeLambdaResult } from './lambda-result';

export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalEdgeOptions {
  /** The exported handlers of the Lambda functions, invoked as API Gateway would. */
  functions: Record<Exclude<RouteTarget, 'origin'>, LambdaHandler>;
  /** Base URL of the origin, e.g. http://127.0.0.1:3001. */
  originUrl: string;
  logger: Logger;
  /** API Gateway's payload limit for HTTP APIs (10 MB). */
  maxBodyBytes?: number;
}

const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;
/** Headers that describe one connection (RFC 9110 §7.6.1), never forwarded by a proxy. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
/** Forwarding headers only the edge may set: a client's own would let it choose its address. */
const CLIENT_FORWARDING = /^(x-forwarded-.*|x-real-ip|forwarded)$/;

/** Headers a proxy must drop: hop-by-hop ones, Proxy-*, and those the Connection header names. */
function connectionHeaders(headers: IncomingHttpHeaders): Set<string> {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return new Set([...HOP_BY_HOP, ...named]);
}

function forwardable(
  headers: IncomingHttpHeaders,
  drop: (name: string) => boolean,
): IncomingHttpHeaders {
  const excluded = connectionHeaders(headers);
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => {
      const key = name.toLowerCase();
      return !excluded.has(key) && !key.startsWith('proxy-') && !drop(key);
    }),
  );
}

function sendProblem(res: ServerResponse, problem: Problem): void {
  const body = JSON.stringify(problem);
  res.writeHead(problem.status, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers the edge itself cut short (its origin died mid-answer): the client did not hang up. */
const cutByEdge = new WeakSet<ServerResponse>();

function cutAnswer(res: ServerResponse): void {
  cutByEdge.add(res);
  res.destroy();
}

/** Answers a request that failed inside the edge: a 500 problem if nothing was sent yet. */
function failRequest(res: ServerResponse, error: unknown, logger: Logger): void {
  logger.error({ err: error }, 'edge request failed');
  if (res.headersSent) return cutAnswer(res);
  sendProblem(res, internalProblem());
}

/** A request body as read for a function: its bytes, or why there are none. */
type ReadBody = Buffer | 'too-large' | 'client-gone';

function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve('too-large');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    // The client closed the connection mid-body: nothing to invoke, nobody to answer.
    req.on('error', () => resolve('client-gone'));
  });
}

/**
 * Logs, once and at info, a client that closes its connection before its answer was sent: that is
 * the client's choice (a slow upload given up, a closed tab), not a failure of the edge or the
 * origin. Returns whether it happened, for the request's other handlers to stay quiet about it.
 */
function watchForHangUp(req: IncomingMessage, res: ServerResponse, logger: Logger): () => boolean {
  let gone = false;
  res.once('close', () => {
    if (res.writableFinished || cutByEdge.has(res)) return;
    gone = true;
    const path = (req.url ?? '/').split('?')[0];
    logger.info({ method: req.method, path }, 'client closed the connection before its answer');
  });
  return () => gone;
}

/**
 * What is left of a body the origin refused before it was all sent (a 413 on a cover too large)
 * is read and dropped, not forwarded: the client's connection then carries its next request. A
 * client that goes on sending past this much is cut off.
 */
const MAX_DISCARDED_BODY = 10 * 1024 * 1024;

function discardRestOfBody(req: IncomingMessage, upstream: ClientRequest): void {
  req.unpipe(upstream);
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARDED_BODY) req.socket.destroy();
  });
  req.resume();
}

function proxyToOrigin(
  req: IncomingMessage,
  res: ServerResponse,
  originUrl: URL,
  logger: Logger,
  clientGone: () => boolean,
): void {
  // The origin's answer has started: from then on the request's side of the exchange no longer
  // matters (an origin that refused the body may stop reading it and close).
  let answered = false;
  const upstream = httpRequest(
    {
      protocol: originUrl.protocol,
      hostname: originUrl.hostname,
      port: originUrl.port,
      method: req.method,
      path: req.url,
      headers: {
        ...forwardable(req.headers, (name) => CLIENT_FORWARDING.test(name)),
        'x-forwarded-for': req.socket.remoteAddress ?? '',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': req.headers.host ?? '',
      },
    },
    (answer) => {
      answered = true;
      // An answer before the whole body was sent refuses it: the rest is not sent.
      const early = !req.complete;
      if (early) discardRestOfBody(req, upstream);
      try {
        res.writeHead(
          answer.statusCode ?? 502,
          forwardable(answer.headers, () => false),
        );
      } catch (error) {
        answer.resume();
        return failRequest(res, error, logger);
      }
      // The origin may die mid-answer: the client's connection is cut, the edge lives on. Known
      // before the pipeline, whose listeners come after this one, destroys the client's answer.
      answer.once('close', () => {
        if (!answer.complete) cutByEdge.add(res);
      });
      pipeline(answer, res, (error) => {
        // A request whose body was cut short can never complete: its origin connection goes.
        if (early) upstream.destroy();
        if (error && !clientGone()) logger.warn({ err: error }, 'origin answer interrupted');
      });
    },
  );
  upstream.on('error', (error) => {
    // Dropped by the edge because the client left, or the origin stopped reading a body it had
    // already answered: neither is the origin failing.
    if (clientGone() || answered) return;
    logger.warn({ err: error }, 'origin unreachable');
    if (res.headersSent) return cutAnswer(res);
    sendProblem(
      res,
      toProblem(
        new AppError(
          'origin-unavailable',
          503,
          'The service is starting or unavailable. Please retry shortly.',
        ),
      ),
    );
  });
  // A client that goes away, mid-body or while the origin works, abandons the origin request too:
  // an answer piped to its closed connection would throw out of the edge.
  req.on('error', () => upstream.destroy());
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

async function invokeFunction(
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch,
  options: LocalEdgeOptions,
): Promise<void> {
  const target = match.route.target as Exclude<RouteTarget, 'origin'>;
  const requestId = randomUUID();
  const body = await readBody(req, options.maxBodyBytes ?? API_GATEWAY_MAX_BODY);
  if (body === 'client-gone') return;
  if (body === 'too-large') {
    return sendProblem(
      res,
      toProblem(new AppError('payload-too-large', 413, 'The request body is too large.')),
    );
  }
  const event = toHttpApiEvent(
    {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      requestId,
    },
    match.route,
    match.pathParameters,
  );
  try {
    const result = await options.functions[target](event, lambdaContext(target, requestId));
    writeLambdaResult(result, res);
  } catch (error) {
    options.logger.error({ err: error, target, requestId }, 'lambda invocation failed');
    if (!res.headersSent) sendProblem(res, internalProblem());
  }
}

/**
 * The local stand-in for API Gateway: routes listed for a Lambda function are answered by invoking
 * its real exported handler with a payload 2.0 event; everything else is proxied to the origin. A
 * path that cannot be decoded is a 400 here, as at the gateway, and nothing a request does can
 * escape as an exception: it is logged and answered with a 500 problem.
 */
export function createLocalEdge(options: LocalEdgeOptions): Server {
  const originUrl = new URL(options.originUrl);
  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    clientGone: () => boolean,
  ): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!isDecodablePath(path)) {
      return sendProblem(
        res,
        toProblem(
          new AppError('malformed-path', 400, 'The path is not valid percent-encoded UTF-8.'),
        ),
      );
    }
    const match = matchRoute(req.method ?? 'GET', path);
    if (!match || match.route.target === 'origin')
      return proxyToOrigin(req, res, originUrl, options.logger, clientGone);
    await invokeFunction(req, res, match, options);
  };
  return createServer((req, res) => {
    const clientGone = watchForHangUp(req, res, options.logger);
    handle(req, res, clientGone).catch((error: unknown) => failRequest(res, error, options.logger));
  });
}
