import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ServerResponse } from 'node:http';

/**
 * Writes a Lambda result back as API Gateway does: status, headers, each cookie as its own
 * Set-Cookie header, and the body decoded from base64 when the function encoded it.
 */
export function writeLambdaResult(
  result: APIGatewayProxyStructuredResultV2,
  res: ServerResponse,
): void {
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding')
      continue;
    res.setHeader(name, String(value));
  }
  if (result.cookies && result.cookies.length > 0) res.setHeader('Set-Cookie', result.cookies);
  res.setHeader('Content-Length', body.length);
  res.statusCode = result.statusCode ?? 200;
  res.end(body);
}
