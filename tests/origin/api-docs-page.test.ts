import request from 'supertest';
import { startOriginTestApp, type OriginTestApp } from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  // The repository's own storefront folder (web/), with the docs page in it.
  harness = await startOriginTestApp({ storefrontDir: 'web' });
});

afterAll(async () => {
  await harness.close();
});

/** A CSP header as directive name → its sources. */
function directives(header: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('the API reference page at /docs', () => {
  test('when /docs is asked, then the page is served fresh under its own policy: this origin only, no inline or evaluated script', async () => {
    const page = await request(harness.app).get('/docs').set('accept', 'text/html');
    const withSlash = await request(harness.app).get('/docs/').set('accept', 'text/html');
    const policy = directives(page.headers['content-security-policy']);

    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>BookStore API reference</title>');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(withSlash.status).toBe(200);
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe|https:|\*/);
  });

  test('when the page loads its renderer and script, then they come from this origin', async () => {
    const renderer = await request(harness.app).get('/docs/renderer/swagger-ui-bundle.js');
    const styles = await request(harness.app).get('/docs/renderer/swagger-ui.css');
    const script = await request(harness.app).get('/docs/docs-page.js');

    expect(renderer.status).toBe(200);
    expect(renderer.headers['content-type']).toMatch(/javascript/);
    expect(styles.status).toBe(200);
    expect(styles.headers['content-type']).toMatch(/^text\/css/);
    expect(script.status).toBe(200);
    expect(script.text).toContain("url: '/api/v1/openapi.json'");
  });

  test("when another file of the renderer's package or a missing path under /docs is asked, then it is a 404 problem, not the storefront", async () => {
    // swagger-ui-dist's own page and initializer load a demo document from the internet.
    for (const path of [
      '/docs/renderer/index.html',
      '/docs/renderer/swagger-initializer.js',
      '/docs/renderer/package.json',
      '/docs/missing',
    ]) {
      const response = await request(harness.app).get(path).set('accept', 'text/html');

      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  test('when a storefront page is asked, then it keeps the storefront policy, not the reference page one', async () => {
    const response = await request(harness.app).get('/books').set('accept', 'text/html');

    expect(response.status).toBe(200);
    expect(directives(response.headers['content-security-policy'])['default-src']).toEqual([
      "'self'",
    ]);
  });
});
