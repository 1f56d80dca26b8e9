import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { QueryTypes } from 'sequelize';
import { isDatabaseUnavailable } from '../../shared/db/database-errors';
import type { Database } from '../../shared/db/create-database';
import { TRUSTED_IDLE_MS } from '../../shared/db/kept-connection-checks';
import { openDatabase } from '../../shared/db/open-database';
import { readDatabaseCredentials } from '../../shared/db/secret-credentials';
import { createSecretReader } from '../../shared/secrets/secret-reader';
import { createUser, unique } from '../support/factories';
import {
  startStatementRecorder,
  type StatementRecorder,
} from '../support/mysql-statement-recorder';
import { testConfig, usingMysql } from '../support/test-config';
import { databaseUrlText, testDatabaseUrl } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1234-AbCdEf';

/** DATABASE_URL for this file's test database, with the user and password left for the secret to fill in. */
function databaseUrlWithoutPassword(): string {
  const url = testDatabaseUrl();
  return url.dialect === 'sqlite'
    ? `sqlite:${url.storage}`
    : `mysql://nobody@${url.host}:${url.port}/${url.database}`;
}

/** The server's id of the connection the next query of this database runs on. */
async function connectionId(lambdaDb: Database): Promise<number> {
  const [row] = await lambdaDb.sequelize.query<{ id: number }>('SELECT CONNECTION_ID() AS id', {
    type: QueryTypes.SELECT,
  });
  return Number(row?.id);
}

/**
 * Kills a connection from another process while this one is blocked, as a frozen container is:
 * the server closes the socket, and no code here sees it before the next invocation runs.
 */
function killWhileFrozen(id: number): void {
  const url = testConfig().database.url;
  if (url.dialect !== 'mysql') throw new Error('MariaDB only');
  const kill = `
    const server = require('mysql2').createConnection(JSON.parse(process.argv[1]));
    server.query('KILL CONNECTION ${id}', (error) => {
      server.end();
      if (error) { process.stderr.write(error.message); process.exitCode = 1; }
    });`;
  const target = { host: url.host, port: url.port, user: url.username, password: url.password };
  const result = spawnSync(process.execPath, ['-e', kill, JSON.stringify(target)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`KILL failed: ${result.stderr}`);
}

describe('the database of a Lambda function', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  let lambdaDb: Database;
  let realCredentials: { username: string; password: string };

  beforeAll(() => {
    const url = testConfig().database.url;
    realCredentials =
      url.dialect === 'mysql'
        ? { username: url.username, password: url.password }
        : { username: 'app', password: 'secret' };
    lambdaDb = openDatabase(
      testConfig({ DATABASE_URL: databaseUrlWithoutPassword(), DATABASE_SECRET_ARN: SECRET_ARN }),
      { profile: 'lambda', secrets: createSecretReader({ region: 'us-east-1' }) },
    );
  });
  afterAll(() => lambdaDb.close());

  beforeEach(() => {
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ engine: 'mysql', ...realCredentials }) });
  });

  test('when connections open, then the user and password come from the RDS secret, fetched once', async () => {
    const connection: Record<string, unknown> = { username: 'nobody', password: '' };
    // What Sequelize runs before opening each pooled connection.
    const hooks = lambdaDb.sequelize as unknown as {
      runHooks(name: string, ...args: unknown[]): Promise<void>;
    };

    await hooks.runHooks('beforeConnect', connection);
    await hooks.runHooks('beforeConnect', connection);

    expect(connection).toMatchObject(realCredentials);
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  test('when invocations follow each other, then each one can query', async () => {
    const answers: unknown[] = [];
    for (let invocation = 0; invocation < 3; invocation += 1) {
      answers.push(await lambdaDb.models.User.count());
    }

    expect(answers).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
  });

  // Connection ids and killing a connection need a server: MariaDB runs only.
  if (usingMysql()) {
    test('when invocations follow each other, then the later ones reuse the connection of the first', async () => {
      const first = await connectionId(lambdaDb);
      const second = await connectionId(lambdaDb);
      const third = await connectionId(lambdaDb);

      expect([second, third]).toEqual([first, first]);
    });

    test('when the server closed the connection while the container was frozen, then the next invocation answers on a new one', async () => {
      const before = await connectionId(lambdaDb);

      killWhileFrozen(before);
      const users = await lambdaDb.models.User.count();
      const after = await connectionId(lambdaDb);

      expect(users).toEqual(expect.any(Number));
      expect(after).not.toBe(before);
    });
  }

  test.each([
    ['not JSON', 'password123', /is not JSON/],
    [
      'JSON without a password',
      JSON.stringify({ username: 'app' }),
      /lacks a username and password/,
    ],
  ])(
    'when the secret is %s, then reading it fails with a clear message',
    async (_case, value, message) => {
      const reader = { getSecretString: () => Promise.resolve(value) };

      await expect(readDatabaseCredentials(reader, SECRET_ARN)).rejects.toThrow(message);
    },
  );
});

// Pings are read off the MySQL wire and connections killed on the server: MariaDB runs only.
if (usingMysql())
  describe('when a Lambda database checks its kept connection', () => {
    let recorder: StatementRecorder;
    let lambdaDb: Database;
    // The clock the database reads; each test moves it as if the container sat frozen that long.
    let clock = 0;

    beforeAll(async () => {
      const url = testConfig().database.url;
      if (url.dialect !== 'mysql') throw new Error('MariaDB only');
      recorder = await startStatementRecorder({ host: url.host, port: url.port });
      const throughRecorder = databaseUrlText({ ...url, host: '127.0.0.1', port: recorder.port });
      lambdaDb = openDatabase(testConfig({ DATABASE_URL: throughRecorder }), {
        profile: 'lambda',
        secrets: createSecretReader({ region: 'us-east-1' }),
        now: () => clock,
      });
    });

    afterAll(async () => {
      await lambdaDb.close();
      await recorder.close();
    });

    /** Runs `act` after the kept connection sat unused for `idleMs`; what it sent and which connection answered. */
    async function afterIdle<T>(idleMs: number, act: () => Promise<T>) {
      const connection = await connectionId(lambdaDb);
      clock += idleMs;
      const pings = recorder.pings;
      const result = await act();
      return { result, pings: recorder.pings - pings, connection };
    }

    test('when it sat idle just under the threshold, then the next query goes without a ping, on the same connection', async () => {
      const { result, pings, connection } = await afterIdle(TRUSTED_IDLE_MS - 1, () =>
        connectionId(lambdaDb),
      );

      expect({ pings, sameConnection: result === connection }).toEqual({
        pings: 0,
        sameConnection: true,
      });
    });

    test('when it sat idle longer than the threshold, then it answers a ping before the next query', async () => {
      const { result, pings, connection } = await afterIdle(TRUSTED_IDLE_MS + 1, () =>
        connectionId(lambdaDb),
      );

      expect({ pings, sameConnection: result === connection }).toEqual({
        pings: 1,
        sameConnection: true,
      });
    });

    test('when the server closed it after an idle just under the threshold, then a read runs again on a new connection', async () => {
      const { result, connection } = await afterIdle(TRUSTED_IDLE_MS - 1, async () => {
        killWhileFrozen(await connectionId(lambdaDb));
        return {
          users: await lambdaDb.models.User.count(),
          connection: await connectionId(lambdaDb),
        };
      });

      expect(result.users).toEqual(expect.any(Number));
      expect(result.connection).not.toBe(connection);
    });

    test('when the server closed it after an idle longer than the threshold, then even a write runs, on a new connection', async () => {
      const email = `${unique('frozen')}@example.test`;
      const before = await connectionId(lambdaDb);
      killWhileFrozen(before);
      clock += TRUSTED_IDLE_MS + 1;

      await createUser(lambdaDb, { email });

      expect(await lambdaDb.models.User.count({ where: { email } })).toBe(1);
      expect(await connectionId(lambdaDb)).not.toBe(before);
    });

    test('when the server closed it after an idle just under the threshold, then a write fails as unavailable and is not run again', async () => {
      const email = `${unique('frozen')}@example.test`;
      killWhileFrozen(await connectionId(lambdaDb));
      clock += TRUSTED_IDLE_MS - 1;

      const failure = await createUser(lambdaDb, { email }).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(isDatabaseUnavailable(failure)).toBe(true);
      expect(await lambdaDb.models.User.count({ where: { email } })).toBe(0);
    });
  });
