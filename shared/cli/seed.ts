import { parseArgs } from 'node:util';
import { hashPassword } from '../auth/password-hashing';
import { createCoverStorage } from '../covers/create-cover-storage';
import { assertSchemaCurrent } from '../db/schema-check';
import { DEMO_ACCOUNTS } from '../db/seeds/demo-accounts';
import { seedDemoData } from '../db/seeds/demo-data';
import { seedDeliveryProviders } from '../db/seeds/delivery-providers';
import { openCliDatabase } from './open-cli-database';
import { runCli } from './run-cli';

const USAGE =
  'usage: npm run seed [-- --books N]   (N from 0 to 1000000; without --books only delivery providers)';

/** Seeds the delivery providers and, with --books N, the demo accounts and N demo books. */
async function main(): Promise<void> {
  let books: number | undefined;
  try {
    const { values } = parseArgs({ options: { books: { type: 'string' } }, strict: true });
    if (values.books !== undefined) {
      books = Number(values.books);
      if (!/^\d+$/.test(values.books) || books > 1_000_000)
        throw new Error('--books must be a whole number');
    }
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
