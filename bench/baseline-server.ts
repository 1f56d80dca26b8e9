import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The baseline of the edge benchmark: a bare node:http server answering the recorded responses
 * (same status, headers and bytes) with no routing, database or framework in between.
 */
interface Recorded {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const [file, port] = process.argv.slice(2);
const recorded = JSON.parse(readFileSync(file ?? '', 'utf8')) as Recorded[];
const byPath = new Map(recorded.map((r) => [r.path, { ...r, bytes: Buffer.from(r.body) }]));

createServer((req, res) => {
  const found = byPath.get(req.url ?? '');
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  if (found.headers.etag && req.headers['if-none-match'] === found.headers.etag) {
    res.writeHead(304, {
      etag: found.headers.etag,
      'cache-control': found.headers['cache-control'] ?? '',
    });
    res.end();
    return;
  }
  res.writeHead(found.status, { ...found.headers, 'content-length': found.bytes.length });
  res.end(found.bytes);
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
