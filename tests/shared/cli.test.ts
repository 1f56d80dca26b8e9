import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_DATA_DIR } from '../support/test-paths';
import { unique } from '../support/factories';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function runCli(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(TSX, [join(ROOT, 'shared', 'cli', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the migrate and seed commands', () => {
  test('when DATABASE_URL is malformed, then one line names it and the exit code is non-zero', () => {
    const result = runCli('migrate.ts', [], { DATABASE_URL: 'postgres://nope' });

    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/DATABASE_URL/);
  });

  test('when the database is unreachable, then one line says so without a stack trace', () => {
    const result = runCli('migrate.ts', [], { DATABASE_URL: 'mysql://root@127.0.0.1:1/bookstore' });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Cannot connect to the database/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('when seeding before migrating, then it says to run npm run migrate', () => {
    const url = `sqlite:${join(TEST_DATA_DIR, `${unique('cli')}.sqlite`)}`;

    const result = runCli('seed.ts', [], { DATABASE_URL: url });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/npm run migrate/);
  });

  test('when migrating and seeding twice, then the second runs change nothing', () => {
    const url = `sqlite:${join(TEST_DATA_DIR, `${unique('cli')}.sqlite`)}`;

    const firstMigrate = runCli('migrate.ts', [], { DATABASE_URL: url });
    const secondMigrate = runCli('migrate.ts', [], { DATABASE_URL: url });
    const firstSeed = runCli('seed.ts', [], { DATABASE_URL: url });
    const secondSeed = runCli('seed.ts', [], { DATABASE_URL: url });

    expect(firstMigrate.stdout).toMatch(/applied: 0001-initial-schema/);
    expect(secondMigrate.stdout).toMatch(/nothing to do/);
    expect(firstSeed.stdout).toMatch(/delivery providers: 4 created/);
    expect(secondSeed.stdout).toMatch(/delivery providers: 0 created/);
  });

  test('when --books is not a number, then the usage is printed and the exit code is 2', () => {
    const result = runCli('seed.ts', ['--books', 'many'], { DATABASE_URL: 'sqlite:unused.sqlite' });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run seed/);
  });
});
