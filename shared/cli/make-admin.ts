import { parseArgs } from 'node:util';
import { z } from 'zod';
import { assertSchemaCurrent } from '../db/schema-check';
import { createUserRepository } from '../db/repositories/user-repository';
import { openCliDatabase } from './open-cli-database';
import { runCli } from './run-cli';

const USAGE = `usage: npm run make-admin -- <email> [--revoke]

Makes the registered account with this email an administrator (who may list all users), or with
--revoke a customer again. Uses DATABASE_URL like every other command. The change reaches the
user's access token at their next sign-in or token refresh (access tokens live ACCESS_TOKEN_TTL_SECONDS).`;

const email = z.string().trim().toLowerCase().pipe(z.email());

/** Grants (or with --revoke, withdraws) the admin role of an existing account. */
async function main(): Promise<void> {
  let target: string;
  let revoke: boolean;
  try {
    const { values, positionals } = parseArgs({
      options: {
        revoke: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const parsed = email.safeParse(positionals[0]);
    if (positionals.length !== 1 || !parsed.success)
      throw new Error('give exactly one valid email address');
    target = parsed.data;
    revoke = values.revoke;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { db } = openCliDatabase();
  try {
    await assertSchemaCurrent(db.sequelize);
    const user = await createUserRepository(db).setRoleByEmail(
      target,
      revoke ? 'customer' : 'admin',
    );
    if (!user) {
      process.stderr.write(`error: no account is registered with ${target}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `${user.email} (user ${user.id}) is now ${revoke ? 'a customer' : 'an administrator'}\n`,
    );
  } finally {
    await db.close();
  }
}

runCli(main);
