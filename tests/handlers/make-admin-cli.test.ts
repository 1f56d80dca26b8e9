import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Database } from '../../shared/db/create-database';
import { createUser, unique } from '../support/factories';
import { openTestDatabase } from '../support/test-database';
import { parseDatabaseUrl } from '../../shared/config';
import { freshDatabaseUrl } from './database-url';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('npm run make-admin', () => {
  const databaseUrl = freshDatabaseUrl();
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase(2, parseDatabaseUrl(databaseUrl));
  });
  afterAll(() => db.close());

  const makeAdmin = (...args: string[]) => {
    const result = spawnSync(TSX, [join(ROOT, 'shared', 'cli', 'make-admin.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const roleOf = async (id: number) => (await db.models.User.findByPk(id))?.role;

  test('when given the email of an account, then that account becomes an administrator', async () => {
    const user = await createUser(db);

    const result = makeAdmin(`  ${user.email.toUpperCase()} `);

    expect(result).toMatchObject({
      status: 0,
      stdout: `${user.email} (user ${user.id}) is now an administrator\n`,
    });
    expect(await roleOf(user.id)).toBe('admin');
  });

  test('when --revoke is given, then the administrator becomes a customer again', async () => {
    const user = await createUser(db, { role: 'admin' });

    const result = makeAdmin(user.email, '--revoke');

    expect(result.status).toBe(0);
    expect(await roleOf(user.id)).toBe('customer');
  });

  test('when no account has the email, then it says so and exits 1 without changing anything', async () => {
    const adminsBefore = await db.models.User.count({ where: { role: 'admin' } });

    const result = makeAdmin(`${unique('nobody')}@example.test`);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no account is registered with/);
    expect(await db.models.User.count({ where: { role: 'admin' } })).toBe(adminsBefore);
  });

  test.each([
    [[]],
    [['not-an-email']],
    [['a@example.test', 'b@example.test']],
    [['--admin', 'a@example.test']],
  ])('when the arguments are %j, then it prints the usage and exits 2', (args) => {
    const result = makeAdmin(...args);

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run make-admin -- <email>/);
  });
});
