import type { CoverStorage } from '../../covers/cover-storage';
import type { Database } from '../create-database';
import { generateBooks } from './book-generator';
import { DEMO_ACCOUNTS, type DemoRole } from './demo-accounts';
import { createDemoCoverMaker } from './demo-covers';

const INSERT_CHUNK = 500;

/**
 * Creates the demo accounts (when missing) and tops the demo seller's catalog up to `books` books.
 * With a cover storage the new books get demo covers with their title on them, drawn per title
 * and stored once (their keys are content hashes). Running it again with the same count changes nothing.
 */
export async function seedDemoData(
  db: Database,
  books: number,
  hashPassword: (password: string) => Promise<string>,
  coverStorage?: CoverStorage,
): Promise<{
  accountsCreated: number;
  booksCreated: number;
  ids: { buyerId: number; sellerId: number };
}> {
  let accountsCreated = 0;
  const ids = new Map<DemoRole, number>();
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.models.User.findOne({ where: { email: account.email } });
    if (existing) {
      ids.set(account.role, existing.id);
      continue;
    }
    const user = await db.models.User.create({
      name: account.name,
      email: account.email,
      passwordHash: await hashPassword(account.password),
      role: account.role === 'admin' ? 'admin' : 'customer',
    });
    ids.set(account.role, user.id);
    accountsCreated += 1;
  }
  const sellerId = ids.get('seller') as number;
  const existingBooks = await db.models.Book.count({ where: { sellerId }, paranoid: false });
  const missing = generateBooks(books).slice(existingBooks);
  const coversOf = coverStorage ? createDemoCoverMaker(coverStorage) : undefined;
  for (let start = 0; start < missing.length; start += INSERT_CHUNK) {
    const books = missing.slice(start, start + INSERT_CHUNK);
    const covers = coversOf ? await coversOf(books) : [];
    const chunk = books.map((book, offset) => ({
      ...book,
      ...covers[offset],
      sellerId,
      currency: 'USD',
    }));
    await db.models.Book.bulkCreate(chunk);
  }
  return {
    accountsCreated,
    booksCreated: missing.length,
    ids: { buyerId: ids.get('buyer') as number, sellerId },
  };
}
