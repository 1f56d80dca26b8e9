import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import { useSystemAndBrowser } from './running-system';

const PHONE = { width: 390, height: 844 };

/** The tests' TypeScript has no DOM types: the little of an element this reads. */
type Attributed = { getAttribute(name: string): string | null };

/** One attribute of every element a locator finds; runs in the page, so it names nothing outside. */
function attributeOfAll(nodes: unknown[], name: string): string[] {
  return (nodes as Attributed[]).map((node) => node.getAttribute(name) ?? '');
}

/**
 * The catalog's condition and category filters, on a phone, against the system as `npm start`
 * runs it: books on the first screen, the filter panel folded behind a "Filters" button, filters
 * that narrow the results as the API does and live in the URL.
 */
describe('the catalog filters on a phone, in a real browser', () => {
  const suite = useSystemAndBrowser(30);

  /** A phone-sized page, and the query strings of the catalog requests it sends to the API. */
  async function phonePage(): Promise<{ page: Page; catalogQueries: string[] }> {
    const context = await suite.browser.newContext({
      baseURL: suite.system.baseUrl,
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const catalogQueries: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/books') catalogQueries.push(url.search);
    });
    return { page, catalogQueries };
  }

  /** The ids of the books on screen, once the results (or the empty notice) are there. */
  async function shownBookIds(page: Page): Promise<string[]> {
    await page.locator('[data-testid="book-grid"], [data-testid="books-empty"]').first().waitFor();
    return page.getByTestId('book-card').evaluateAll(attributeOfAll, 'data-book-id');
  }

  /** The ids the API itself answers for a catalog query, the first page as the storefront asks. */
  async function apiBookIds(page: Page, query: Record<string, string>): Promise<string[]> {
    const params = new URLSearchParams({ ...query, sort: 'newest', limit: '12' });
    const answer = await page.request.get(`/api/v1/books?${params.toString()}`);
    const body = (await answer.json()) as { items: { id: number }[] };
    return body.items.map((book) => String(book.id));
  }

  test('when the catalog opens on a phone, then a book is on the first screen and the filters are folded behind a button that works by keyboard', async () => {
    const { page } = await phonePage();

    await page.goto('/books');
    const card = page.getByTestId('book-card').first();
    await card.waitFor();
    const box = await card.boundingBox();
    const toggle = page.getByRole('button', { name: /^Filters/ });
    const panel = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
    await screenshot(page, 'phone-catalog-first-screen');

    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isVisible()).toBe(false);

    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Condition').waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await panel.isVisible()).toBe(true);
    await screenshot(page, 'phone-filters-open');

    await page.getByLabel('Category').focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);

    await page.keyboard.press('Space');
    await panel.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.context().close();
  });

  test('when a phone user filters by condition and category, then the results narrow as the API does, and the URL keeps them through back and forward', async () => {
    const { page } = await phonePage();
    await page.goto('/books');
    const everything = await shownBookIds(page);

    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByLabel('Condition').selectOption('good');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/books\?condition=good$/);
    const good = await shownBookIds(page);
    const conditions = await page
      .getByTestId('book-card-condition')
      .evaluateAll(attributeOfAll, 'data-condition');
    await screenshot(page, 'phone-filtered-by-condition');

    expect(good).toEqual(await apiBookIds(page, { condition: 'good' }));
    expect(good.length).toBeGreaterThan(0);
    expect(good).not.toEqual(everything);
    expect(conditions).toEqual(good.map(() => 'good'));
    expect(await page.getByRole('button', { name: /^Filters/ }).getAttribute('aria-expanded')).toBe(
      'false',
    );

    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByLabel('Category').fill('fiction');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/books\?category=fiction&condition=good$/);
    const goodFiction = await shownBookIds(page);
    await screenshot(page, 'phone-filtered-by-condition-and-category');

    expect(goodFiction).toEqual(await apiBookIds(page, { condition: 'good', category: 'fiction' }));
    expect(goodFiction.length).toBeLessThan(good.length);

    await page.goBack();
    await page.waitForURL(/\/books\?condition=good$/);
    expect(await shownBookIds(page)).toEqual(good);
    expect(await page.getByLabel('Condition').inputValue()).toBe('good');
    expect(await page.getByLabel('Category').inputValue()).toBe('');

    await page.goForward();
    await page.waitForURL(/category=fiction/);
    expect(await shownBookIds(page)).toEqual(goodFiction);
    expect(await page.getByLabel('Category').inputValue()).toBe('fiction');
    await page.context().close();
  });

  test('when a link carries a condition or category the API would refuse, then it is not sent', async () => {
    const { page, catalogQueries } = await phonePage();

    await page.goto('/books?condition=mint');
    await shownBookIds(page);
    expect(await page.getByLabel('Condition').inputValue()).toBe('');

    await page.goto(`/books?category=${'x'.repeat(61)}`);
    const categoryError = page.locator('[data-testid="field-error"][data-field="category"]');
    await categoryError.waitFor();
    await screenshot(page, 'phone-category-too-long');

    expect(await categoryError.textContent()).toMatch(/at most 60 characters/);
    expect(catalogQueries.length).toBe(1);
    expect(catalogQueries.some((search) => /condition|category/.test(search))).toBe(false);
    await page.context().close();
  });

  test('when the filters open, then the category field offers the categories in use, and a book page links its category to the catalog filtered by it', async () => {
    const { page } = await phonePage();
    const categories = (await (await page.request.get('/api/v1/categories')).json()) as {
      items: { category: string; bookCount: number }[];
    };

    await page.goto('/books');
    await page.getByRole('button', { name: /^Filters/ }).click();
    const options = page.locator('[data-testid="category-options"] option');
    await options.first().waitFor({ state: 'attached' });
    const offered = await options.evaluateAll(attributeOfAll, 'value');

    expect(categories.items.length).toBeGreaterThan(0);
    expect(offered).toEqual(categories.items.map((item) => item.category));

    const [book] = (
      (await (await page.request.get('/api/v1/books?limit=1')).json()) as {
        items: { id: number; category: string }[];
      }
    ).items;
    await page.goto(`/books/${book!.id}`);
    await page.getByTestId('book-category').click();
    await page.waitForURL(/\/books\?category=/);
    const shown = await shownBookIds(page);
    await screenshot(page, 'phone-catalog-by-book-category');

    expect(new URL(page.url()).searchParams.get('category')).toBe(book!.category);
    expect(shown).toEqual(await apiBookIds(page, { category: book!.category }));
    expect(await page.getByLabel('Category').inputValue()).toBe(book!.category);
    await page.context().close();
  });
});
