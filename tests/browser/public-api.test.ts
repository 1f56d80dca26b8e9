import type { Page } from 'playwright-core';
import { ROUTES } from '../../shared/routes/route-table';
import { axeViolations } from './axe';
import { screenshot } from './browser';
import { startOtherSite, type OtherSite } from './other-site';
import { useSystemAndBrowser } from './running-system';

/**
 * The axe rules that still fail on /docs, all in Swagger UI's own markup (swagger-ui-dist 5.35.0):
 * recorded so that a new failure, in this project's markup or in the renderer's after an upgrade,
 * fails the test, and one fixed upstream shows here as a rule to strike off.
 */
const SWAGGER_UI_AXE_RULES = [
  // Each operation's summary is a button that holds the copy-path and expand buttons.
  'nested-interactive',
  // Swagger UI's own <main> holds the operations only: the document's information and the servers
  // picker above it are outside every landmark.
  'region',
];

/**
 * The public API as its consumers meet it, against the system as `npm start` runs it: people read
 * the reference at /docs, rendered offline from the OpenAPI document; a site on another origin
 * reads the catalog and calls an authorised route with a bearer token.
 */
describe('the public API, in a real browser', () => {
  const suite = useSystemAndBrowser(12);
  let otherSite: OtherSite;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    otherSite = await startOtherSite();
  });

  afterAll(async () => {
    await otherSite?.close();
  });

  /** A fresh page that records every request leaving the system's origin and every CSP refusal. */
  async function watchedPage(): Promise<{ page: Page; elsewhere: string[]; refused: string[] }> {
    const context = await suite.browser.newContext({
      baseURL: suite.system.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const elsewhere: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== suite.system.baseUrl) elsewhere.push(request.url());
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    return { page, elsewhere, refused };
  }

  test('when /docs opens, then the reference shows every catalog route from this origin alone, and it can call them', async () => {
    const { page, elsewhere, refused } = await watchedPage();

    await page.goto('/docs');
    const booksRoute = page.locator('.opblock-get', {
      has: page.locator('[data-path="/api/v1/books"]'),
    });
    await booksRoute.waitFor();
    const shown = await page
      .locator('.opblock-summary')
      .evaluateAll((summaries) =>
        summaries.map(
          (summary) =>
            `${summary.querySelector('.opblock-summary-method')?.textContent} ${summary.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      );
    await screenshot(page, 'docs-reference');

    const catalogRoutes = ROUTES.filter((route) => route.target === 'catalog');
    expect(catalogRoutes.length).toBeGreaterThan(3);
    expect(shown).toEqual(
      expect.arrayContaining(catalogRoutes.map((route) => `${route.method} ${route.path}`)),
    );
    // Swagger UI lists what it could not read or does not support about the document here.
    expect(await page.locator('.errors-wrapper').count()).toBe(0);

    // "Try it out" calls the API from the page: its policy allows this origin's API and no other.
    await booksRoute.locator('.opblock-summary').click();
    await booksRoute.getByRole('button', { name: 'Try it out' }).click();
    await booksRoute.getByRole('button', { name: 'Execute' }).click();
    const status = booksRoute.locator('.live-responses-table .response .response-col_status');
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');
    await screenshot(page, 'docs-try-it-out');

    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    await page.context().close();
  });

  test("when /docs is checked with axe, then nothing fails in this project's markup, and what fails in Swagger UI's is the known list", async () => {
    // axe is injected as a script, which the page's CSP rightly refuses.
    const context = await suite.browser.newContext({
      baseURL: suite.system.baseUrl,
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto('/docs');
    await page.locator('[data-path="/api/v1/books"]').first().waitFor();

    const violations = await axeViolations(page);
    const inRenderer = async (target: string) =>
      (await page.locator(`.swagger-ui ${target}`).count()) > 0 ||
      (await page.locator(`.swagger-ui${target}`).count()) > 0;
    const ours: string[] = [];
    for (const violation of violations) {
      for (const target of violation.targets) {
        if (!(await inRenderer(target))) ours.push(`${violation.id}: ${target}`);
      }
    }

    expect(ours).toEqual([]);
    expect(violations.map((violation) => violation.id).sort()).toEqual(SWAGGER_UI_AXE_RULES);
    await context.close();
  });

  test('when a shopper follows the footer link, then the API reference opens', async () => {
    const { page } = await watchedPage();

    await page.goto('/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL(/\/docs$/);
    await page.locator('[data-path="/api/v1/books"]').first().waitFor();

    expect(await page.title()).toBe('BookStore API reference');
    await page.context().close();
  });

  test('when a page on another origin reads the catalog and signs in, then CORS lets it read the books, the ETag and the authorised answers', async () => {
    const { page } = await watchedPage();
    const account = {
      name: 'Cora Cross-Origin',
      email: `cross-origin-${run}@example.test`,
      password: 'cross-origin-password-1',
    };

    await page.goto(otherSite.pageUrl({ api: suite.system.baseUrl, ...account }));
    const result = page.getByTestId('result');
    await result.waitFor({ state: 'attached' });
    await page.locator('[data-testid="result"][data-done]').waitFor({ state: 'attached' });
    const report = JSON.parse((await result.textContent()) ?? '{}');
    await screenshot(page, 'cross-origin-consumer');

    expect(new URL(page.url()).origin).not.toBe(suite.system.baseUrl);
    expect(report).toEqual({
      catalog: { status: 200, books: expect.any(Number), etag: expect.stringMatching(/^(W\/)?"/) },
      register: { status: 201 },
      login: { status: 200, tokenType: 'Bearer' },
      me: { status: 200, email: account.email },
      myBooks: { status: 200, books: 0 },
    });
    expect(report.catalog.books).toBeGreaterThan(0);
    await page.context().close();
  });
});
