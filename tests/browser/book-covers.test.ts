import type { Locator, Page } from 'playwright-core';
import { jpegWithGps } from '../support/cover-images';
import { screenshot } from './browser';
import { useSystemAndBrowser } from './running-system';
import { registerInStorefront } from './storefront-accounts';

/**
 * Covers in the storefront, against the system as `npm start` runs it: the demo books show their
 * generated covers, a seller's wrong file is refused with a clear message, and an uploaded picture
 * appears on the catalog card, the book page and the cart.
 */
describe('book covers, in a real browser', () => {
  const suite = useSystemAndBrowser(12);
  const run = Date.now().toString(36);
  const seller = {
    name: 'Carla Cover',
    email: `cover-seller-${run}@example.test`,
    password: 'cover-seller-password-1',
  };
  const title = `The Covered Book ${run}`;

  async function newPage(): Promise<Page> {
    const context = await suite.browser.newContext({
      baseURL: suite.system.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    return context.newPage();
  }

  /** Waits until an <img> has loaded, then answers its natural width (0 for a broken image). */
  async function loadedWidth(image: Locator): Promise<number> {
    await image.waitFor();
    // The tests' TypeScript has no DOM types: describe the little of <img> this reads.
    type ImageNode = {
      complete: boolean;
      naturalWidth: number;
      addEventListener(type: string, listener: () => void): void;
    };
    await image.evaluate((node) => {
      const img = node as unknown as ImageNode;
      return img.complete
        ? undefined
        : new Promise<void>((resolve) => {
            img.addEventListener('load', resolve);
            img.addEventListener('error', resolve);
          });
    });
    return image.evaluate((node) => (node as unknown as ImageNode).naturalWidth);
  }

  test('when the catalog opens, then the demo books show their generated covers as lazy thumbnails', async () => {
    const page = await newPage();

    await page.goto('/books');
    const image = page.getByTestId('book-card').first().getByTestId('cover-image');

    expect(await loadedWidth(image)).toBe(200);
    expect(await image.getAttribute('src')).toMatch(/^\/covers\/[0-9a-f]{64}\.webp$/);
    expect(await image.getAttribute('loading')).toBe('lazy');
    expect([await image.getAttribute('width'), await image.getAttribute('height')]).toEqual([
      '200',
      '300',
    ]);
    expect(await image.getAttribute('alt')).toMatch(/^Cover of /);
    await screenshot(page, 'catalog-with-demo-covers');
    await page.context().close();
  });

  test('when a seller picks a renamed text file, then the form says it is not a picture; a real photo is listed with its cover', async () => {
    const page = await newPage();
    await registerInStorefront(page, seller);

    await page.goto('/my-books/new');
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Author').fill('Paula Pictures');
    await page.getByLabel('Description').fill('Dust jacket intact.');
    await page.getByLabel('Price (USD)').fill('9.90');
    await page.getByLabel('Copies in stock').fill('3');
    await page.getByTestId('cover-input').setInputFiles({
      name: 'cover.png',
      mimeType: 'image/png',
      buffer: Buffer.from('Chapter one. It was a dark and stormy night.\n'),
    });
    await page.getByRole('button', { name: 'List book' }).click();
    const coverError = page.locator('[data-testid="field-error"][data-field="cover"]');
    await coverError.waitFor();
    expect(await coverError.textContent()).toMatch(/not a JPEG, PNG or WebP picture/);
    expect(page.url()).toMatch(/\/my-books\/new$/);
    await screenshot(page, 'error-cover-not-a-picture');

    await page.getByTestId('cover-input').setInputFiles({
      name: 'cover.jpg',
      mimeType: 'image/jpeg',
      buffer: await jpegWithGps('#2f6f4e'),
    });
    await page.getByTestId('cover-preview').waitFor();
    await screenshot(page, 'seller-cover-preview');
    await page.getByRole('button', { name: 'List book' }).click();
    await page.getByTestId('my-book-row').filter({ hasText: title }).waitFor();

    await page.goto(`/books?${new URLSearchParams({ q: title }).toString()}`);
    const card = page.getByTestId('book-card').filter({ hasText: title });
    expect(await loadedWidth(card.getByTestId('cover-image'))).toBe(200);
    await screenshot(page, 'catalog-card-with-uploaded-cover');

    await card.getByTestId('book-link').click();
    const large = page.getByTestId('book-detail').getByTestId('cover-image');
    expect(await loadedWidth(large)).toBe(600);
    expect(await large.getAttribute('alt')).toBe(`Cover of ${title}`);
    await screenshot(page, 'book-page-with-large-cover');
    await page.context().close();
  }, 90_000);

  test('when a book with a cover is in the cart, then its line shows the thumbnail', async () => {
    const page = await newPage();
    await page.goto('/books');
    const card = page.getByTestId('book-card').first();
    await card.getByRole('button', { name: /^Add to cart/ }).click();

    await page.goto('/cart');
    const thumbnail = page.getByTestId('cart-line').first().getByTestId('cover-image');

    expect(await loadedWidth(thumbnail)).toBe(200);
    await screenshot(page, 'cart-with-cover-thumbnail');
    await page.context().close();
  });
});
