import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { loadConfig, localRunEnvironment } from '../shared/config';
import { runCli } from '../shared/cli/run-cli';
import { StartupError } from '../shared/errors/startup-error';
import { LISTENING_SIGNAL } from '../shared/http/listening-signal';
import { openDatabase } from '../shared/db/open-database';
import { createMigrator } from '../shared/db/migrator';
import { hashPassword } from '../shared/auth/password-hashing';
import { createCoverStorage } from '../shared/covers/create-cover-storage';
import { DEMO_ACCOUNTS } from '../shared/db/seeds/demo-accounts';
import { seedDemoData } from '../shared/db/seeds/demo-data';
import { seedDeliveryProviders } from '../shared/db/seeds/delivery-providers';
import { startMailCatcher } from './mail-catcher';

const READY_TIMEOUT_MS = 60_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Applies migrations, seeds providers, and seeds demo data into an empty catalog. */
async function prepareDatabase(): Promise<void> {
  const config = loadConfig(localRunEnvironment({}));
  const db = openDatabase(config, { profile: 'cli' });
  try {
    const applied = await createMigrator(db.sequelize).up();
    if (applied.length) say(`migrations applied: ${applied.map((m) => m.name).join(', ')}`);
    await seedDeliveryProviders(db);
    if ((await db.models.Book.count()) === 0) {
      const covers = createCoverStorage(config);
      const result = await seedDemoData(db, config.localDemoBooks, hashPassword, covers);
      say(`demo data: ${result.accountsCreated} accounts, ${result.booksCreated} books`);
    }
  } finally {
    await db.close();
  }
}

/**
 * Waits for a child server to say it listens (over IPC). A probe of its URL would not do: when
 * the port is taken, whatever holds it may answer that probe while the child is failing to listen.
 */
function waitUntilListening(name: string, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: StartupError) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onMessage = (message: unknown) => {
      if (message === LISTENING_SIGNAL) settle();
    };
    const onExit = () =>
      settle(new StartupError(`the ${name} stopped before it was ready (its error is above)`));
    const timer = setTimeout(
      () =>
        settle(
          new StartupError(
            `the ${name} did not listen within ${READY_TIMEOUT_MS / 1000} s; stopping`,
          ),
        ),
      READY_TIMEOUT_MS,
    );
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * `npm start`: the whole BookStore on one machine — the origin and the local edge as child
 * processes over one database, stopped together on Ctrl-C.
 */
async function main(): Promise<void> {
  const config = loadConfig(localRunEnvironment({}));
  await prepareDatabase();
  const { port, originPort } = config.http;
  // The origin's outbox relay sends the order e-mails there.
  const mail = await startMailCatcher(config.http.host, config.mailCatcher.uiPort);
  const originUrl = `http://127.0.0.1:${originPort}`;
  const env = localRunEnvironment({
    PORT: String(port),
    ORIGIN_PORT: String(originPort),
    ORIGIN_URL: originUrl,
    JWT_JWKS_URL: config.jwt.jwksUrl ?? `http://127.0.0.1:${port}/.well-known/jwks.json`,
    // Children write to this terminal: lines for a person there, JSON when piped (CI, a file).
    LOG_FORMAT: config.logFormat ?? (process.stdout.isTTY ? 'terminal' : 'json'),
    SMTP_URL: mail.smtpUrl,
  });
  const children: Array<{ name: string; child: ChildProcess }> = [];
  // Children run the way this process runs: compiled JavaScript, or TypeScript through tsx's loader.
  const extension = __filename.endsWith('.ts') ? '.ts' : '.js';
  const start = (name: string, script: string) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, join(__dirname, '..', `${script}${extension}`)],
      // The IPC channel is how a child says it listens (waitUntilListening).
      { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
    );
    children.push({ name, child });
    return child;
  };
  const stopAll = () => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    stopAll();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  try {
    await waitUntilListening('origin', start('origin', 'origin/server'));
    await waitUntilListening('edge', start('edge', 'edge/server'));
  } catch (error) {
    // One of them did not come up: the other must not be left running without its partner, nor
    // still holding its port when this process has ended.
    stopAll();
    await Promise.all(
      children
        .filter(({ child }) => child.exitCode === null && child.signalCode === null)
        .map(({ child }) => once(child, 'exit')),
    );
    throw error;
  }

  say('');
  say(`BookStore is running on http://localhost:${port}`);
  say(`the e-mails it sends: http://localhost:${mail.webPort}`);
  say('demo accounts:');
  for (const account of DEMO_ACCOUNTS)
    say(`  ${account.role.padEnd(8)} ${account.email}  password: ${account.password}`);
  // Again at the end, where the eye lands once the start-up lines have scrolled by.
  say(`Open http://localhost:${port}`);
  say('Press Ctrl-C to stop.');

  const exits = children.map(
    ({ name, child }) =>
      new Promise<string>((resolve) =>
        child.once('exit', (code, signal) =>
          resolve(`the ${name} stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`),
        ),
      ),
  );
  const first = await Promise.race(exits);
  // Ctrl-C stops both; a child that stopped by itself takes the other down, and that needs saying.
  if (!interrupted) {
    const others = children
      .filter(({ child }) => child.exitCode === null && child.signalCode === null)
      .map((c) => c.name);
    say(others.length > 0 ? `${first}; stopping the ${others.join(' and ')}` : first);
  }
  stopAll();
  await Promise.all(exits);
}

runCli(main);
