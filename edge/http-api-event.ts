import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { PublicRoute } from '../shared/routes/route-table';

/** One HTTP request as the edge received it, before API Gateway's reshaping. */
export interface IncomingHttpRequest {
  method: string;
  /** Path and query string, as on the request line. */
  url: string;
  /** Header names and values; repeated headers as arrays. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sourceIp: string;
  requestId?: string;
}

const TEXT_TYPES = /^(application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i;

function joinHeader(value: string | string[]): string {
  return Array.isArray(value) ? value.join(',') : value;
}

function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const key of new Set(search.keys())) parameters[key] = search.getAll(key).join(',');
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/**
 * Builds the event API Gateway's HTTP API (payload format 2.0) hands a Lambda function: lower-case
 * headers with repeated values comma-joined, cookies moved out of the Cookie header into `cookies`,
 * repeated query parameters comma-joined, and a base64 body unless it is uncompressed text.
 */
export function toHttpApiEvent(
  request: IncomingHttpRequest,
  route: PublicRoute,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = request.url.split(/\?(.*)/s, 2);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      cookies = joinHeader(value).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[key] = joinHeader(value);
  }
  const hasBody = request.body.length > 0;
  // A compressed body is bytes whatever its media type: as text it would be corrupted.
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '') && encoding === 'identity';
  const now = new Date();
  // A HEAD request reaches the GET route's function under its own route key, as in serverless.yml.
  const method = request.method.toUpperCase();
  const routeKey = `${method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    queryStringParameters: queryParameters(new URLSearchParams(rawQueryString)),
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId ?? randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: hasBody ? request.body.toString(isText ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: hasBody && !isText,
  };
}

/** A Lambda context like the runtime's, for invoking a handler outside AWS. */
export function lambdaContext(
  functionName: string,
  requestId: string,
  timeoutMs = 10_000,
): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
