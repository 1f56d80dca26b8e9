import type { BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, type DemoRole } from '../../shared/db/seeds/demo-accounts';
import { axeViolations } from './axe';
import { screenshot } from './browser';
import { useSystemAndBrowser } from './running-system';
import { signInToStorefront } from './storefront-accounts';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const ADDRESS = {
  name: 'Ana Gómez',
  line1: 'Calle 10 # 43-12',
  city: 'Medellín',
  postalCode: '050021',
  country: 'CO',
};
// Demo data (LOCAL_DEMO_BOOKS=30): the demo seller's first books have stock; Envia (3) is national.
const DEMO_BOOKS = { ordered: [1, 2], carted: 5 };
const ENVIA = 3;

function demo(role: DemoRole) {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.role === role);
  if (!account) throw new Error(`no demo ${role}`);
  return account;
}

/**
 * The last mile of the storefront, as the demo accounts of `npm start` meet it: the checkout's
 * look and its countries, the order page's test mode, My sales, My books, the administrators'
 * orders and header, and what a signed-out visit logs. Each page is checked by its layout (so an
 * unstyled section fails), by axe, and photographed at desktop and phone size.
 */
describe('the storefront, the last mile', () => {
  const suite = useSystemAndBrowser();
  let paidOrder: { id: number; buyerId: number };

  async function newPage(
    options: { viewport?: typeof DESKTOP } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await suite.browser.newContext({
      baseURL: suite.system.baseUrl,
      viewport: options.viewport ?? DESKTOP,
      // axe is injected as a script, which the storefront's CSP rightly refuses.
      bypassCSP: true,
    });
    return { context, page: await context.newPage() };
  }

  async function api(path: string, init: { token?: string; body?: unknown } = {}) {
    const response = await fetch(`${suite.system.baseUrl}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  }

  beforeAll(async () => {
    // A paid two-book order of the demo buyer from the demo seller, for My sales and All orders.
    const { email, password } = demo('buyer');
    const { accessToken } = (await api('/api/v1/auth/login', { body: { email, password } })) as {
      accessToken: string;
    };
    const { order } = (await api('/api/v1/orders', {
      token: accessToken,
      body: {
        items: DEMO_BOOKS.ordered.map((bookId) => ({ bookId, quantity: 1 })),
        shippingAddress: ADDRESS,
        deliveryProviderId: ENVIA,
      },
    })) as { order: { id: number; buyerId: number } };
    await api(`/api/v1/orders/${order.id}/payment`, {
      token: accessToken,
      body: { method: 'credit_card' },
    });
    paidOrder = order;
  });

  test('when a buyer checks out, then the address and delivery cards are laid out, every country can be typed, and the order page reads well', async () => {
    const { context, page } = await newPage();
    await signInToStorefront(page, demo('buyer'));
    await page.goto(`/books/${DEMO_BOOKS.carted}`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByTestId('add-to-cart-status').waitFor();
    await page.goto('/cart');
    await page.getByTestId('shipping-address').waitFor();

    // Every officially assigned country, named in words, filtered as one types.
    const countries = await page
      .getByTestId('country-options')
      .locator('option')
      .evaluateAll((options) => options.map((option) => String(option.getAttribute('value'))));
    expect(countries).toHaveLength(249);
    expect(countries).toEqual(expect.arrayContaining(['Italy', 'Portugal', 'Colombia']));
    const country = page.getByLabel(/^Country/);
    await country.fill('Portugal');
    await page.getByTestId('delivery-option').first().waitFor();
    // Abroad only the international providers deliver.
    const providers = await page.getByTestId('delivery-option').allTextContents();
    expect(providers.map((text) => text.replace(/International.*/, '')).sort()).toEqual([
      'DHL',
      'FedEx',
    ]);
    await page.getByLabel(/^Full name/).fill(ADDRESS.name);
    await page.getByLabel(/^Address/).fill(ADDRESS.line1);
    await page.getByLabel(/^City/).fill(ADDRESS.city);
    await page.getByLabel(/^Postal code/).fill(ADDRESS.postalCode);
    await country.fill('Colombia');
    await page.getByLabel(/Envia/).waitFor();

    await expectCardLayout(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'checkout-desktop');
    await page.setViewportSize(PHONE);
    await expectCardLayout(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'checkout-phone');
    await page.setViewportSize(DESKTOP);

    // A country typed but not picked is a sentence, not an API message.
    await country.fill('Atlantis');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expectText(
      page.locator('[data-testid="field-error"][data-field="shippingAddress.country"]'),
      /Pick a country from the list/,
    );
    expect(await page.locator('main').textContent()).not.toMatch(/Invalid input|expected \w+/);
    await country.fill('Colombia');
    await page.getByLabel(/Envia/).check();
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.getByTestId('payment-form').waitFor();
    await expectText(page.getByTestId('shipping-address'), /Colombia/);
    expect(await page.getByTestId('shipping-address').textContent()).not.toMatch(/\bCO\b/);
    // The "Order placed" toast is up; the test mode box beside its label, reachable under it.
    await expectText(page.getByTestId('page-status'), /placed/);
    const testMode = page.getByLabel(/make the payment provider decline/);
    const [box, label] = await Promise.all([
      boxOf(testMode),
      boxOf(page.locator('label', { hasText: 'make the payment provider decline' })),
    ]);
    expect(label.x).toBeGreaterThanOrEqual(box.x + box.width);
    expect(label.y).toBeLessThan(box.y + box.height);
    await page.setViewportSize(PHONE);
    await page.locator('label', { hasText: 'make the payment provider decline' }).click();
    expect(await testMode.isChecked()).toBe(true);
    expect(await page.getByTestId('page-status').getAttribute('class')).toMatch(/is-faded/);
    await testMode.uncheck();
    await page.getByLabel('Credit card').check();
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByTestId('tracking-number').waitFor();
    expect(await lineCount(page.getByTestId('tracking-number'))).toBe(1);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'order-confirmed-phone');
    await context.close();
  });

  test('when the seller opens My sales, then an order with two books is one entry with its address once', async () => {
    const { context, page } = await newPage();
    await signInToStorefront(page, demo('seller'));
    await page.goto('/my-sales');
    const entry = page.locator(`[data-testid="sale-order"][data-order-id="${paidOrder.id}"]`);
    await entry.waitFor();

    expect(await entry.getByTestId('sale-row').count()).toBe(2);
    expect(await entry.getByTestId('sale-address').count()).toBe(1);
    await expectText(entry.getByTestId('sale-address'), /Ana Gómez.*Medellín.*Colombia/);
    expect(await lineCount(entry.getByTestId('sale-tracking'))).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'my-sales-desktop');
    await page.setViewportSize(PHONE);
    expect(await lineCount(entry.getByTestId('sale-tracking'))).toBe(1);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'my-sales-phone');
    await context.close();
  });

  test('when the seller opens My books, then every row shows its cover thumbnail', async () => {
    const { context, page } = await newPage();
    await signInToStorefront(page, demo('seller'));
    await page.goto('/my-books');
    await page.getByTestId('my-book-row').first().waitFor();

    const rows = page.getByTestId('my-book-row');
    const thumbnails = rows.locator('.row-thumbnail img');
    expect(await thumbnails.count()).toBe(await rows.count());
    const first = await boxOf(thumbnails.first());
    expect(first.width).toBeGreaterThan(40);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'my-books-thumbnails');
    await context.close();
  });

  test('when an administrator opens All orders at 1280 px, then the header is one row and each order says whose it is', async () => {
    const { context: signedOutContext, page: signedOut } = await newPage();
    await signedOut.goto('/');
    const signedOutHeader = await boxOf(signedOut.locator('.header-inner'));
    await signedOutContext.close();
    const { context, page } = await newPage();
    await signInToStorefront(page, demo('admin'));
    await page.getByTestId('nav-admin-orders').click();
    const row = page.locator(`[data-testid="order-row"][data-order-id="${paidOrder.id}"]`);
    await row.waitFor();

    expect((await boxOf(page.locator('.header-inner'))).height).toBe(signedOutHeader.height);
    await expectText(row.getByTestId('order-buyer'), new RegExp(`#${paidOrder.buyerId}\\b`));
    await expectText(row.getByTestId('order-buyer'), /Ana Gómez, Colombia/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-orders-desktop');
    await row.getByTestId('order-buyer').getByRole('link').click();
    await page.waitForURL(new RegExp(`/admin/orders\\?buyerId=${paidOrder.buyerId}$`));
    await row.waitFor();
    await page.setViewportSize(PHONE);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'admin-orders-phone');
    await context.close();
  });

  test('when someone who is signed out loads pages, then no session is asked for and the console stays clean', async () => {
    const { context, page } = await newPage();
    const refreshes: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/auth/refresh')) refreshes.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await page.goto('/');
    await page.getByTestId('book-grid').waitFor();
    await page.goto('/books');
    await page.getByTestId('book-grid').waitFor();
    expect(refreshes).toEqual([]);
    expect(consoleErrors).toEqual([]);

    // Signed in, a reload still restores the session from the refresh cookie.
    await signInToStorefront(page, demo('buyer'));
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    expect(refreshes).toHaveLength(1);
    await context.close();
  });
});

async function boxOf(
  locator: Locator,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not on screen`);
  return box;
}

/** The page fits the viewport's width: nothing (an unbreakable token, say) pushes it sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const root = page.locator('html');
  const [scrollWidth, clientWidth] = await Promise.all([
    root.evaluate((html: { scrollWidth: number }) => html.scrollWidth),
    root.evaluate((html: { clientWidth: number }) => html.clientWidth),
  ]);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** How many line boxes an element's text takes: a token broken across lines takes two. */
async function lineCount(locator: Locator): Promise<number> {
  // Typed by hand: this project type-checks without the DOM's types.
  interface LineBoxes {
    ownerDocument: {
      createRange(): {
        selectNodeContents(node: unknown): void;
        getClientRects(): Iterable<{ top: number }>;
      };
    };
  }
  return locator.first().evaluate((element: LineBoxes) => {
    const range = element.ownerDocument.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  });
}

/**
 * The checkout's two cards are styled: their titles sit inside the border with room around them
 * (an unstyled fieldset puts its legend on the border, an unpadded card its heading against it).
 */
async function expectCardLayout(page: Page): Promise<void> {
  for (const [card, title] of [
    ['shipping-address', 'legend'],
    ['delivery-choice', 'h2'],
  ] as const) {
    const cardBox = await boxOf(page.getByTestId(card));
    const titleBox = await boxOf(page.getByTestId(card).locator(title).first());
    expect(titleBox.x - cardBox.x).toBeGreaterThanOrEqual(12);
    expect(titleBox.y - cardBox.y).toBeGreaterThanOrEqual(12);
    expect(cardBox.x + cardBox.width - (titleBox.x + titleBox.width)).toBeGreaterThanOrEqual(12);
  }
}

/** Waits until the first element of `locator` shows text matching `pattern` (no fixed sleeps). */
async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.first().waitFor();
  try {
    await locator.filter({ hasText: pattern }).first().waitFor({ timeout: 10_000 });
  } catch {
    throw new Error(
      `expected text matching ${pattern}, got "${(await locator.first().textContent()) ?? ''}"`,
    );
  }
}
