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
  // A text body goes to the socket as the string it is: no Buffer is made of it on the way.
  const body =
    result.body === undefined
      ? ''
      : result.isBase64Encoded
        ? Buffer.from(result.body, 'base64')
        : result.body;
  const head = res.req.method === 'HEAD';
  // One flat list of name/value pairs, handed to writeHead in one go.
  const headers: string[] = [];
  for (const name in result.headers) {
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding' || (lower === 'content-length' && !head)) continue;
    headers.push(name, String(result.headers[name]));
  }
  for (const cookie of result.cookies ?? []) headers.push('Set-Cookie', cookie);
  if (!head) {
    const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    headers.push('Content-Length', String(length));
  }
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}
