import { createMigrator } from '../db/migrator';
import { openCliDatabase } from './open-cli-database';
import { runCli } from './run-cli';

const USAGE = 'usage: npm run migrate [-- up | down | down --all | status]';

/** Applies (or with `down`, reverts) the schema migrations. */
async function main(): Promise<void> {
  const [command = 'up', flag] = process.argv.slice(2);
  if (!['up', 'down', 'status'].includes(command) || (flag !== undefined && flag !== '--all')) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { db } = openCliDatabase();
  try {
    const migrator = createMigrator(db.sequelize);
    if (command === 'status') {
      const [done, pending] = await Promise.all([migrator.executed(), migrator.pending()]);
      process.stdout.write(
        `applied: ${done.map((m) => m.name).join(', ') || 'none'}\npending: ${pending.map((m) => m.name).join(', ') || 'none'}\n`,
      );
      return;
    }
    const ran =
      command === 'up'
        ? await migrator.up()
        : await migrator.down(flag === '--all' ? { to: 0 } : undefined);
    const verb = command === 'up' ? 'applied' : 'reverted';
    process.stdout.write(
      ran.length
        ? `${verb}: ${ran.map((m) => m.name).join(', ')}\n`
        : `nothing to do: schema is ${command === 'up' ? 'current' : 'empty'}\n`,
    );
  } finally {
    await db.close();
  }
}

runCli(main);
