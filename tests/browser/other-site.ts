import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A catalog consumer's own site, as the browser meets it: a page on another origin whose script
 * calls the API with fetch, as any site would, and writes what each step saw into the page. A
 * step that CORS refuses fails there (fetch rejects, or a header reads as null).
 */
const CONSUMER_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>A bookshop widget on another site</title></head>
  <body>
    <h1>Books from BookStore</h1>
    <pre data-testid="result"></pre>
    <script type="module">
      const params = new URLSearchParams(location.search);
      const api = params.get('api');
      const account = {
        name: params.get('name'),
        email: params.get('email'),
        password: params.get('password'),
      };
      const report = {};
      async function step(name, call) {
        try {
          report[name] = await call();
        } catch (error) {
          report[name] = { error: String(error) };
        }
      }
      const json = { 'Content-Type': 'application/json' };
      let token = '';

      await step('catalog', async () => {
        const answer = await fetch(api + '/api/v1/books?limit=5');
        const body = await answer.json();
        return { status: answer.status, books: body.items.length, etag: answer.headers.get('ETag') };
      });
      await step('register', async () => {
        const answer = await fetch(api + '/api/v1/auth/register', {
          method: 'POST',
          headers: json,
          body: JSON.stringify(account),
        });
        return { status: answer.status };
      });
      await step('login', async () => {
        const answer = await fetch(api + '/api/v1/auth/login', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: account.email, password: account.password }),
        });
        const body = await answer.json();
        token = body.accessToken;
        return { status: answer.status, tokenType: body.tokenType };
      });
      const bearer = () => ({ Authorization: 'Bearer ' + token });
      await step('me', async () => {
        const answer = await fetch(api + '/api/v1/auth/me', { headers: bearer() });
        const body = await answer.json();
        return { status: answer.status, email: body.user.email };
      });
      await step('myBooks', async () => {
        const answer = await fetch(api + '/api/v1/me/books', { headers: bearer() });
        const body = await answer.json();
        return { status: answer.status, books: body.items.length };
      });

      const result = document.querySelector('[data-testid="result"]');
      result.textContent = JSON.stringify(report);
      result.dataset.done = '';
    </script>
  </body>
</html>`;

export interface OtherSite {
  /** The consumer page's URL, told which API to call and which account to create. */
  pageUrl(params: Record<string, string>): string;
  close(): Promise<void>;
}

/** Serves the consumer page on 127.0.0.1 at a port of its own: another origin than the system's. */
export async function startOtherSite(): Promise<OtherSite> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(CONSUMER_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: (params) => `http://127.0.0.1:${port}/?${new URLSearchParams(params).toString()}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
