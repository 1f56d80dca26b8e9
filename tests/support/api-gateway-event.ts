import { randomUUID } from 'node:crypto';
import { lambdaContext } from '../../shared/lambda/lambda-context';
import { assertConformsToContract } from './api-contract';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

/** A Lambda function as serverless-http exports it. */
export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface EventOptions {
  method?: string;
  /** The path, optionally with a query string ("/api/v1/books?limit=5"). */
  path: string;
  /** Query parameters added to those in the path; a repeated name gets an array. */
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with content-type application/json unless headers say otherwise); a string as is. */
  body?: unknown;
  cookies?: string[];
  sourceIp?: string;
  /** What the HTTP API's Lambda authorizer returned as context (requestContext.authorizer.lambda). */
  authorizerContext?: Record<string, unknown>;
  /**
   * Why this answer is not held against the OpenAPI document: only for a deliberate fault or a
   * request the gateway never forwards to this function. Leave out otherwise.
   */
  outsideContract?: string;
}

/** An API Gateway HTTP API (payload format 2.0) event, shaped the way the gateway delivers it. */
export function apiGatewayEvent(options: EventOptions): APIGatewayProxyEventV2 {
  const method = (options.method ?? 'GET').toUpperCase();
  const [rawPath = '/', pathQuery = ''] = options.path.split('?', 2);
  const params = new URLSearchParams(pathQuery);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  const headers: Record<string, string> = { host: 'api.bookstore.test', 'user-agent': 'jest' };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (typeof options.body !== 'string') headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  // API Gateway hands header names over in lower case.
  for (const [name, value] of Object.entries(options.headers ?? {}))
    headers[name.toLowerCase()] = value;
  const queryStringParameters: Record<string, string> = {};
  for (const name of new Set(params.keys()))
    queryStringParameters[name] = params.getAll(name).join(',');
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: params.toString(),
    headers,
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(params.size > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'testapi',
      domainName: 'api.bookstore.test',
      domainPrefix: 'api',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '198.51.100.7',
        userAgent: 'jest',
      },
      ...(options.authorizerContext ? { authorizer: { lambda: options.authorizerContext } } : {}),
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body !== undefined ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}

/** A Lambda context with a fresh request id, as the runtime passes one to each invocation. */
export function fakeLambdaContext(awsRequestId: string = randomUUID()): Context {
  return lambdaContext('bookstore-test', awsRequestId);
}

export interface LambdaResponse {
  statusCode: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  cookies: string[];
  body: string;
  /** The parsed body for JSON answers (including problem+json), else undefined. */
  json: any;
  awsRequestId: string;
}

/**
 * Invokes a handler with an event and a fake context, and returns what API Gateway would answer with;
 * an answer that does not match the OpenAPI document fails the test (api-contract.ts).
 */
export async function invokeHandler(
  handler: LambdaHandler,
  event: APIGatewayProxyEventV2,
  context: Context = fakeLambdaContext(),
  options: { outsideContract?: string } = {},
): Promise<LambdaResponse> {
  const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const body = typeof result.body === 'string' ? result.body : '';
  const isJson = /^application\/(problem\+)?json/.test(headers['content-type'] ?? '');
  if (options.outsideContract === undefined)
    assertConformsToContract({
      method: event.requestContext.http.method,
      path: event.rawPath,
      status: result.statusCode ?? 200,
      contentType: headers['content-type'],
      body: result.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
    });
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    cookies: result.cookies ?? [],
    body,
    json: isJson && body ? JSON.parse(body) : undefined,
    awsRequestId: context.awsRequestId,
  };
}
