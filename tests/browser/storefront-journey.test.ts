import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from './browser';
import { useSystemAndBrowser } from './running-system';
import {
  registerInStorefront,
  signInToStorefront,
  submitRegisterForm,
  submitSignInForm,
} from './storefront-accounts';

/**
 * The storefront end to end, against the system as `npm start` runs it: a seller lists a book, a
 * buyer finds it, buys two copies with another book, pays and picks delivery, and the seller sees
 * the stock drop; plus the errors a person meets on the way.
 */
describe('the storefront, in a real browser', () => {
  const suite = useSystemAndBrowser();
  const run = Date.now().toString(36);
  const seller = {
    name: 'Sofía Seller',
    email: `seller-${run}@example.test`,
    password: 'seller-password-1',
  };
  const buyer = {
    name: 'Bruno Buyer',
    email: `buyer-${run}@example.test`,
    password: 'buyer-password-1',
  };
  const title = `The Journey Test ${run}`;

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await suite.browser.newContext({
      baseURL: suite.system.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    return { context, page };
  }

  test('when a seller lists a book and a buyer orders, pays and picks delivery, then both see the result', async () => {
    const { context: sellerContext, page: sellerPage } = await newPage();
    await registerInStorefront(sellerPage, seller);
    await screenshot(sellerPage, 'seller-registered');

    await sellerPage.goto('/my-books/new');
    await sellerPage.getByLabel('Title').fill(title);
    await sellerPage.getByLabel('Author').fill('Ana Tester');
    await sellerPage.getByLabel('Description').fill('A first edition with a few pencil notes.');
    await sellerPage.getByLabel('Condition').selectOption('good');
    await sellerPage.getByLabel('Price (USD)').fill('12.50');
    await sellerPage.getByLabel('Copies in stock').fill('5');
    await sellerPage.getByRole('button', { name: 'List book' }).click();
    const sellerRow = sellerPage.getByTestId('my-book-row').filter({ hasText: title });
    await sellerRow.waitFor();
    await expectText(sellerRow.getByTestId('my-book-stock'), /5/);
    await screenshot(sellerPage, 'seller-listed-book');

    const { context: buyerContext, page } = await newPage();
    await registerInStorefront(page, buyer);
    await page.goto('/books');
    await page.getByLabel('Search by title or author').fill(title);
    await page.getByRole('button', { name: 'Search' }).click();
    const card = page.getByTestId('book-card').filter({ hasText: title });
    await card.waitFor();
    await screenshot(page, 'buyer-found-book');

    await card.getByTestId('book-link').click();
    await page.getByTestId('book-detail').waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.getByTestId('add-to-cart-status').waitFor();
    await screenshot(page, 'buyer-added-two-copies');

    await page.goto('/books?sort=price_asc');
    const otherCard = page
      .getByTestId('book-card')
      .filter({ hasNotText: title })
      .filter({ has: page.getByRole('button', { name: /^Add to cart/ }) })
      .first();
    await otherCard.getByRole('button', { name: /^Add to cart/ }).click();
    await expectText(page.getByTestId('cart-count'), /3/);

    await page.goto('/cart');
    await page.getByTestId('cart-line').first().waitFor();
    expect(await page.getByTestId('cart-line').count()).toBe(2);
    await fillShippingAddress(page);
    // Colombia is the shop's country: national and international providers both deliver there.
    await page.getByLabel(/Servientrega/).check();
    await expectText(page.getByTestId('cart-delivery'), /Servientrega · \$15\.00/);
    const subtotalText = (await page.getByTestId('cart-subtotal').textContent()) ?? '';
    const subtotalCents = Math.round(Number(subtotalText.replace(/[^\d.]/g, '')) * 100);
    await expectText(
      page.getByTestId('cart-total'),
      new RegExp(`\\$${((subtotalCents + 1500) / 100).toFixed(2).replace('.', '\\.')}`),
    );
    await screenshot(page, 'buyer-cart');
    await page.getByRole('button', { name: 'Place order' }).click();
    const status = page.getByTestId('order-status').first();
    await waitForStatus(page, 'pending_payment');
    const orderId = /\/orders\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1];
    await expectText(page.getByTestId('order-delivery-cost'), /\$15\.00/);
    await expectText(page.getByTestId('shipping-address'), /Calle 10 # 43-12/);
    const totalText = (await page.getByTestId('order-total').first().textContent()) ?? '';
    await screenshot(page, 'buyer-order-summary');

    // The documented test mode: the payment provider declines and nothing is charged.
    await page.getByLabel('Credit card').check();
    await page.getByLabel(/make the payment provider decline/).check();
    await page.getByRole('button', { name: /^Pay / }).click();
    await expectText(page.getByTestId('form-alert'), /declined/);
    expect(await status.getAttribute('data-status')).toBe('pending_payment');
    await screenshot(page, 'buyer-payment-declined');

    await page.getByLabel(/make the payment provider decline/).uncheck();
    expect(await page.getByRole('button', { name: /^Pay / }).textContent()).toContain(totalText);
    await page.getByRole('button', { name: /^Pay / }).click();
    await waitForStatus(page, 'delivery_assigned');
    await expectText(page.getByTestId('tracking-number'), /^SERVIENTREGA-\w{12}$/);
    await expectText(
      page.getByTestId('payment-summary'),
      new RegExp(totalText.replace('$', '\\$')),
    );
    await screenshot(page, 'buyer-delivery-confirmed');

    await page.getByTestId('nav-orders').click();
    const row = page.getByTestId('order-row').first();
    await row.waitFor();
    expect(await row.getByTestId('order-status').getAttribute('data-status')).toBe(
      'delivery_assigned',
    );
    await screenshot(page, 'buyer-my-orders');

    await sellerPage.goto('/my-books');
    await expectText(
      sellerPage.getByTestId('my-book-row').filter({ hasText: title }).getByTestId('my-book-stock'),
      /3/,
    );
    await screenshot(sellerPage, 'seller-sees-stock-drop');

    // The seller's sales: the paid order's line with where to ship it and its tracking number.
    await sellerPage.getByTestId('nav-my-sales').click();
    const sale = sellerPage.getByTestId('sale-row').filter({ hasText: title });
    await sale.waitFor();
    expect(await sale.getAttribute('data-order-id')).toBe(orderId);
    await expectText(sale.getByTestId('sale-quantity'), /2 × \$12\.50/);
    // The order's status, times, address and tracking are said once for all its lines.
    const saleOrder = sellerPage.getByTestId('sale-order').filter({ has: sale });
    expect(await saleOrder.getByTestId('order-status').getAttribute('data-status')).toBe(
      'delivery_assigned',
    );
    await expectText(saleOrder.getByTestId('sale-times'), /paid/);
    await expectText(
      saleOrder.getByTestId('sale-address'),
      /Ana Gómez.*Calle 10 # 43-12.*Medellín.*Colombia/,
    );
    await expectText(saleOrder.getByTestId('sale-tracking'), /^SERVIENTREGA-\w{12}$/);
    await screenshot(sellerPage, 'seller-sees-sale-with-address');

    // The administrator sees every buyer's orders, and filters them by status.
    const { context: adminContext, page: adminPage } = await newPage();
    await signInToStorefront(adminPage, {
      email: 'admin@bookstore.local',
      password: 'admin-demo-password',
    });
    await adminPage.getByTestId('nav-admin-orders').click();
    await adminPage.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).waitFor();
    await adminPage.getByLabel('Status').selectOption('pending_payment');
    await adminPage.getByRole('button', { name: 'Filter' }).click();
    await adminPage.waitForURL(/\/admin\/orders\?status=pending_payment$/);
    await adminPage
      .locator('[data-testid="orders"], [data-testid="orders-empty"]')
      .first()
      .waitFor();
    expect(
      await adminPage.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).count(),
    ).toBe(0);
    await adminPage.getByLabel('Status').selectOption('delivery_assigned');
    await adminPage.getByRole('button', { name: 'Filter' }).click();
    await adminPage.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).waitFor();
    await screenshot(adminPage, 'admin-sees-all-orders');

    await Promise.all([sellerContext.close(), buyerContext.close(), adminContext.close()]);
  }, 120_000);

  test('when someone registers with a taken email, then the email field says so', async () => {
    const { context, page } = await newPage();
    await submitRegisterForm(page, {
      name: 'Second Seller',
      email: seller.email.toUpperCase(),
      password: 'another-password',
    });

    const error = page.locator('[data-testid="field-error"][data-field="email"]');
    await error.waitFor();
    await screenshot(page, 'error-email-taken');
    await context.close();
  }, 60_000);

  test('when someone signs in with a wrong password, then the form says the credentials are wrong', async () => {
    const { context, page } = await newPage();
    await submitSignInForm(page, { email: seller.email, password: 'not-the-password' });

    await expectText(page.getByTestId('form-alert'), /email or password/i);
    await screenshot(page, 'error-wrong-password');
    await context.close();
  }, 60_000);

  test('when a buyer wants more copies than are left, then the cart line says how many are left', async () => {
    const { context, page } = await newPage();
    await signInToStorefront(page, buyer);
    await page.goto('/books');
    await page.getByLabel('Search by title or author').fill(title);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByTestId('book-card')
      .filter({ hasText: title })
      .getByRole('button', { name: /^Add to cart/ })
      .click();
    await page.goto('/cart');
    const line = page.getByTestId('cart-line').filter({ hasText: title });
    await line.waitFor();
    // The cart page has fetched the current stock (3 left after the journey) once the network is idle.
    await page.waitForLoadState('networkidle');

    const quantity = page.getByLabel(`Quantity of ${title}`);
    await quantity.fill('4');
    await quantity.press('Tab');
    await expectText(line.getByTestId('field-error'), /Only 3 available/);
    expect(await quantity.inputValue()).toBe('3');
    await screenshot(page, 'error-more-than-stock-in-cart');

    // Meanwhile the seller sells two copies elsewhere: the stock drops under the cart's quantity.
    const bookId = Number(await line.getAttribute('data-book-id'));
    await setStockAsSeller(bookId, 1);
    await fillShippingAddress(page);
    await page.getByLabel(/DHL/).check();
    await page.getByRole('button', { name: 'Place order' }).click();

    await expectText(line.getByTestId('field-error'), /Only 1 left in stock/);
    await expectText(page.getByTestId('form-alert'), /\S/);
    await screenshot(page, 'error-stock-dropped-at-checkout');
    await context.close();
  }, 60_000);

  async function setStockAsSeller(bookId: number, stock: number): Promise<void> {
    const login = await fetch(`${suite.system.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seller.email, password: seller.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const update = await fetch(`${suite.system.baseUrl}/api/v1/books/${bookId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ stock }),
    });
    expect(update.status).toBe(200);
  }
});

/** Fills the cart's shipping address (Colombia) and waits for the providers that deliver there. */
async function fillShippingAddress(page: import('playwright-core').Page): Promise<void> {
  await page.getByLabel(/^Full name/).fill('Ana Gómez');
  await page.getByLabel(/^Address/).fill('Calle 10 # 43-12');
  await page.getByLabel(/^City/).fill('Medellín');
  await page.getByLabel(/^Postal code/).fill('050021');
  await page.getByLabel(/^Country/).fill('Colombia');
  await page.getByTestId('delivery-option').first().waitFor();
}

/** Waits until the first element of `locator` shows text matching `pattern` (no fixed sleeps). */
async function expectText(
  locator: import('playwright-core').Locator,
  pattern: RegExp,
): Promise<void> {
  await locator.first().waitFor();
  try {
    await locator.filter({ hasText: pattern }).first().waitFor({ timeout: 10_000 });
  } catch {
    throw new Error(
      `expected text matching ${pattern}, got "${(await locator.first().textContent()) ?? ''}"`,
    );
  }
}

/** Waits until an order-status badge on the page carries `status`. */
async function waitForStatus(page: import('playwright-core').Page, status: string): Promise<void> {
  const badge = page.getByTestId('order-status');
  try {
    await page
      .locator(`[data-testid="order-status"][data-status="${status}"]`)
      .first()
      .waitFor({ timeout: 15_000 });
  } catch {
    const current =
      (await badge.count()) > 0 ? await badge.first().getAttribute('data-status') : null;
    throw new Error(`expected order status ${status}, got ${current}`);
  }
}
