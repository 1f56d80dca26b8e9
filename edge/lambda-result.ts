import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ServerResponse } from 'node:http';

/**
 * Writes a Lambda result back as API Gateway does: status, headers, each cookie as its own
 * Set-Cookie header, and the body decoded from base64 when the function encoded it. The answer to
 * a HEAD keeps the function's Content-Length: the length the GET body would have.
 */
export function writeLambdaResult(
  result: APIGatewayProxyStructuredResultV2,
  res: ServerResponse,
): void {
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  const head = res.req.method === 'HEAD';
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding' || (lower === 'content-length' && !head)) continue;
    res.setHeader(name, String(value));
  }
  if (result.cookies && result.cookies.length > 0) res.setHeader('Set-Cookie', result.cookies);
  if (!head) res.setHeader('Content-Length', body.length);
  res.statusCode = result.statusCode ?? 200;
  res.end(body);
}
