import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
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
import { matchRoute, type RouteTarget } from '../shared/routes/route-table';
import { lambdaContext, toHttpApiEvent } from './http-api-event';
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
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

function sendProblem(res: ServerResponse, problem: Problem): void {
  const body = JSON.stringify(problem);
  res.writeHead(problem.status, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function proxyToOrigin(
  req: IncomingMessage,
  res: ServerResponse,
  originUrl: URL,
  logger: Logger,
): void {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
  const upstream = httpRequest(
    {
      protocol: originUrl.protocol,
      hostname: originUrl.hostname,
      port: originUrl.port,
      method: req.method,
      path: req.url,
      headers: {
        ...headers,
        'x-forwarded-for': req.socket.remoteAddress ?? '',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': req.headers.host ?? '',
      },
    },
    (answer) => {
      const responseHeaders = Object.fromEntries(
        Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
      );
      res.writeHead(answer.statusCode ?? 502, responseHeaders);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    logger.warn({ err: error }, 'origin unreachable');
    if (res.headersSent) return void res.destroy();
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
  req.pipe(upstream);
}

/**
 * The local stand-in for API Gateway: routes listed for a Lambda function are answered by invoking
 * its real exported handler with a payload 2.0 event; everything else is proxied to the origin.
 */
export function createLocalEdge(options: LocalEdgeOptions): Server {
  const originUrl = new URL(options.originUrl);
  const maxBody = options.maxBodyBytes ?? API_GATEWAY_MAX_BODY;
  return createServer((req, res) => {
    const url = req.url ?? '/';
    const match = matchRoute(req.method ?? 'GET', url.split('?')[0] ?? '/');
    if (!match || match.route.target === 'origin')
      return proxyToOrigin(req, res, originUrl, options.logger);
    const target = match.route.target;
    const requestId = randomUUID();
    void (async () => {
      try {
        const body = await readBody(req, maxBody);
        if (!body) {
          return sendProblem(
            res,
            toProblem(new AppError('payload-too-large', 413, 'The request body is too large.')),
          );
        }
        const event = toHttpApiEvent(
          {
            method: req.method ?? 'GET',
            url,
            headers: req.headers,
            body,
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            requestId,
          },
          match.route,
          match.pathParameters,
        );
        const result = await options.functions[target](event, lambdaContext(target, requestId));
        writeLambdaResult(result, res);
      } catch (error) {
        options.logger.error({ err: error, target, requestId }, 'lambda invocation failed');
        if (!res.headersSent) sendProblem(res, internalProblem());
      }
    })();
  });
}
