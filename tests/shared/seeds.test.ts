import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createDiskCoverStorage } from '../../shared/covers/disk-cover-storage';
import type { Database } from '../../shared/db/create-database';
import { isbn13WithCheckDigit, generateBooks } from '../../shared/db/seeds/book-generator';
import {
  DELIVERY_PROVIDERS,
  seedDeliveryProviders,
} from '../../shared/db/seeds/delivery-providers';
import { DEMO_ACCOUNTS } from '../../shared/db/seeds/demo-accounts';
import { demoCoverSvg } from '../../shared/db/seeds/demo-covers';
import { seedDemoData } from '../../shared/db/seeds/demo-data';
import { seedDemoOrders } from '../../shared/db/seeds/demo-orders';
import { openTestDatabase } from '../support/test-database';

const fakeHash = (password: string) => Promise.resolve(`test$${password.length}`);

describe('seeds', () => {
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase();
  });

  afterAll(() => db.close());

  test('when delivery providers are seeded twice, then the four providers exist once with their costs', async () => {
    await seedDeliveryProviders(db);

    const second = await seedDeliveryProviders(db);

    expect(second).toBe(0);
    const rows = await db.models.DeliveryProvider.findAll({
      where: { name: DELIVERY_PROVIDERS.map((p) => p.name) },
    });
    expect(rows.map((r) => [r.name, r.coverage, r.costCents]).sort()).toEqual([
      ['DHL', 'international', 5000],
      ['Envia', 'national', 2000],
      ['FedEx', 'international', 4500],
      ['Servientrega', 'national', 1500],
    ]);
  });

  test('when demo data is seeded twice, then accounts and books are created only once', async () => {
    const first = await seedDemoData(db, 25, fakeHash);

    const second = await seedDemoData(db, 25, fakeHash);

    expect(first).toMatchObject({ accountsCreated: DEMO_ACCOUNTS.length, booksCreated: 25 });
    expect(second).toMatchObject({ accountsCreated: 0, booksCreated: 0 });
    const admin = await db.models.User.findOne({ where: { email: 'admin@bookstore.local' } });
    expect(admin?.role).toBe('admin');
  });

  test('when demo orders are seeded twice, then the buyer has that many, in several states, with the payment and delivery of each paid one, and the seller sells them', async () => {
    const { ids } = await seedDemoData(db, 25, fakeHash);
    await seedDeliveryProviders(db);

    const first = await seedDemoOrders(db, 40, ids);
    const second = await seedDemoOrders(db, 40, ids);

    const orders = await db.models.Order.findAll({ where: { buyerId: ids.buyerId } });
    const paid = orders.filter((order) => order.status === 'delivery_assigned');
    const lines = await db.models.OrderLine.count({ where: { sellerId: ids.sellerId } });
    expect({ first, second, orders: orders.length }).toEqual({ first: 40, second: 0, orders: 40 });
    expect(new Set(orders.map((order) => order.status)).size).toBeGreaterThan(1);
    expect(await db.models.Payment.count({ where: { orderId: paid.map((o) => o.id) } })).toBe(
      paid.length,
    );
    expect(await db.models.Delivery.count({ where: { orderId: paid.map((o) => o.id) } })).toBe(
      paid.length,
    );
    expect(lines).toBeGreaterThanOrEqual(40);
  });

  test('when books are generated, then they are the same every time and carry valid ISBN-13s', () => {
    const books = generateBooks(50, 7);

    expect(generateBooks(50, 7)).toEqual(books);
    for (const book of books) {
      expect(isbn13WithCheckDigit(book.isbn.slice(0, 12))).toBe(book.isbn);
      expect(Number.isInteger(book.priceCents)).toBe(true);
    }
  });

  test('when demo data is seeded with a cover storage, then each title gets its own demo cover, stored there', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'bookstore-demo-covers-'));
    try {
      const seller = await db.models.User.findOne({ where: { email: DEMO_ACCOUNTS[0]?.email } });
      const before = seller ? await db.models.Book.count({ where: { sellerId: seller.id } }) : 0;

      const result = await seedDemoData(
        db,
        before + 20,
        fakeHash,
        createDiskCoverStorage(directory),
      );

      const sellerId = (await db.models.User.findOne({ where: { email: DEMO_ACCOUNTS[0]?.email } }))
        ?.id;
      const created = await db.models.Book.findAll({
        where: { sellerId },
        order: [['id', 'DESC']],
        limit: result.booksCreated,
      });
      const keys = new Set(created.flatMap((book) => [book.coverKey, book.thumbnailKey]));
      const titles = new Set(created.map((book) => book.title));
      expect(result.booksCreated).toBe(20);
      expect(keys.has(null)).toBe(false);
      // Two renditions per title: books of the same title share it, no others do.
      expect(titles.size).toBeGreaterThan(15);
      expect(keys.size).toBe(2 * titles.size);
      expect(readdirSync(directory)).toHaveLength(2 * titles.size);
      for (const key of keys) expect(existsSync(join(directory, `${key}.webp`))).toBe(true);
      const large = await sharp(join(directory, `${created[0]?.coverKey}.webp`)).metadata();
      expect([large.format, large.width]).toEqual(['webp', 600]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('when a demo cover is drawn, then its title and author are set on it, and the grid varies', () => {
    const books = generateBooks(24);

    const covers = books.map((book) => demoCoverSvg(book));

    covers.forEach((svg, index) => {
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
      const book = books[index]!;
      expect(texts.slice(0, -1).join(' ')).toBe(book.title);
      expect(texts.at(-1)).toBe(book.author.toUpperCase());
    });
    const backgrounds = new Set(covers.map((svg) => /stop-color="([^"]+)"/.exec(svg)?.[1]));
    expect(backgrounds.size).toBeGreaterThanOrEqual(10);
    expect(demoCoverSvg({ title: 'Salt & Pepper', author: '<A>' })).toMatch(
      /Salt &amp; Pepper.*&lt;A&gt;/s,
    );
  });
});
