import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ServerResponse } from 'node:http';

/**
 * A result's body as it goes to the socket. ASCII text (every catalog answer) stays the string it
 * is and is written as latin1, the very same bytes, which Node encodes into a 16 KB stack buffer;
 * written as UTF-8 it would be sized at three bytes a character and, from about 5 KB of text, get
 * a heap buffer of that size on every answer. Other text becomes its UTF-8 bytes.
 */
function bodyBytes(result: APIGatewayProxyStructuredResultV2): string | Buffer {
  if (result.body === undefined) return '';
  if (result.isBase64Encoded) return Buffer.from(result.body, 'base64');
  const length = Buffer.byteLength(result.body, 'utf8');
  return length === result.body.length ? result.body : Buffer.from(result.body, 'utf8');
}

/**
 * Writes a Lambda result back as API Gateway does: status, headers, each cookie as its own
 * Set-Cookie header, and the body decoded from base64 when the function encoded it. The answer to
 * a HEAD keeps the function's Content-Length: the length the GET body would have.
 */
export function writeLambdaResult(
  result: APIGatewayProxyStructuredResultV2,
  res: ServerResponse,
): void {
  const body = bodyBytes(result);
  const head = res.req.method === 'HEAD';
  // One flat list of name/value pairs, handed to writeHead in one go.
  const headers: string[] = [];
  for (const name in result.headers) {
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding' || (lower === 'content-length' && !head)) continue;
    headers.push(name, String(result.headers[name]));
  }
  for (const cookie of result.cookies ?? []) headers.push('Set-Cookie', cookie);
  // A string body here is ASCII: its length is its byte count.
  if (!head) headers.push('Content-Length', String(body.length));
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body, 'latin1');
}
