import { parseArgs } from 'node:util';
import { hashPassword } from '../auth/password-hashing';
import { createCoverStorage } from '../covers/create-cover-storage';
import { assertSchemaCurrent } from '../db/schema-check';
import { DEMO_ACCOUNTS } from '../db/seeds/demo-accounts';
import { seedDemoData } from '../db/seeds/demo-data';
import { seedDeliveryProviders } from '../db/seeds/delivery-providers';
import { seedDemoOrders } from '../db/seeds/demo-orders';
import { openCliDatabase } from './open-cli-database';
import { runCli } from './run-cli';

const USAGE =
  'usage: npm run seed [-- --books N [--orders M]]   (N from 0 to 1000000, M from 0 to 1000000; without --books only delivery providers)';

/** A whole number from 0 to 1,000,000 given as an option, or undefined. */
function countOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 1_000_000)
    throw new Error(`--${name} must be a whole number from 0 to 1000000`);
  return Number(value);
}

/**
 * Seeds the delivery providers and, with --books N, the demo accounts and N demo books; with
 * --orders M also M orders of the demo buyer on the demo seller's books (for the scale bench).
 */
async function main(): Promise<void> {
  let books: number | undefined;
  let orders: number | undefined;
  try {
    const { values } = parseArgs({
      options: { books: { type: 'string' }, orders: { type: 'string' } },
      strict: true,
    });
    books = countOption('books', values.books);
    orders = countOption('orders', values.orders);
    if (orders !== undefined && books === undefined)
      throw new Error('--orders needs --books (the books the orders buy)');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { config, db } = openCliDatabase();
  try {
    await assertSchemaCurrent(db.sequelize);
    const providers = await seedDeliveryProviders(db);
    process.stdout.write(`delivery providers: ${providers} created\n`);
    if (books === undefined) return;
    const result = await seedDemoData(db, books, hashPassword, createCoverStorage(config));
    process.stdout.write(
      `demo data: ${result.accountsCreated} accounts and ${result.booksCreated} books created\n`,
    );
    if (orders !== undefined) {
      const created = await seedDemoOrders(db, orders, result.ids);
      process.stdout.write(`demo orders: ${created} created\n`);
    }
    process.stdout.write('demo accounts:\n');
    for (const account of DEMO_ACCOUNTS) {
      process.stdout.write(
        `  ${account.role.padEnd(8)} ${account.email}  password: ${account.password}\n`,
      );
    }
  } finally {
    await db.close();
  }
}

runCli(main);
