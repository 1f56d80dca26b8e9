import type { APIGatewayProxyEventV2 } from 'aws-lambda';
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

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  let found = false;
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    parameters[key] = Object.hasOwn(parameters, key) ? `${parameters[key]},${value}` : value;
    found = true;
  }
  return found ? parameters : undefined;
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
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const name in request.headers) {
    const value = request.headers[name];
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
    queryStringParameters: queryParameters(rawQueryString),
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
