import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { QueryTypes } from 'sequelize';
import {
  createLambdaDatabase,
  readDatabaseCredentials,
  type LambdaDatabase,
} from '../../shared/db/lambda-database';
import { createSecretReader } from '../../shared/secrets/secret-reader';
import { testConfig, usingMysql } from '../support/test-config';
import { testDatabaseUrl } from '../support/test-database';

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
async function connectionId(lambdaDb: LambdaDatabase): Promise<number> {
  const [row] = await lambdaDb.db.sequelize.query<{ id: number }>('SELECT CONNECTION_ID() AS id', {
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
  let lambdaDb: LambdaDatabase;
  let realCredentials: { username: string; password: string };

  beforeAll(() => {
    const url = testConfig().database.url;
    realCredentials =
      url.dialect === 'mysql'
        ? { username: url.username, password: url.password }
        : { username: 'app', password: 'secret' };
    lambdaDb = createLambdaDatabase(
      testConfig({ DATABASE_URL: databaseUrlWithoutPassword(), DATABASE_SECRET_ARN: SECRET_ARN }),
      createSecretReader({ region: 'us-east-1' }),
    );
  });
  afterAll(() => lambdaDb.db.close());

  beforeEach(() => {
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ engine: 'mysql', ...realCredentials }) });
  });

  test('when connections open, then the user and password come from the RDS secret, fetched once', async () => {
    const connection: Record<string, unknown> = { username: 'nobody', password: '' };
    // What Sequelize runs before opening each pooled connection.
    const hooks = lambdaDb.db.sequelize as unknown as {
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
      lambdaDb.beginInvocation();
      answers.push(await lambdaDb.db.models.User.count());
    }

    expect(answers).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
  });

  // Connection ids and killing a connection need a server: MariaDB runs only.
  if (usingMysql()) {
    test('when invocations follow each other, then the later ones reuse the connection of the first', async () => {
      lambdaDb.beginInvocation();
      const first = await connectionId(lambdaDb);
      lambdaDb.beginInvocation();
      const second = await connectionId(lambdaDb);
      lambdaDb.beginInvocation();
      const third = await connectionId(lambdaDb);

      expect([second, third]).toEqual([first, first]);
    });

    test('when the server closed the connection while the container was frozen, then the next invocation answers on a new one', async () => {
      lambdaDb.beginInvocation();
      const before = await connectionId(lambdaDb);

      killWhileFrozen(before);
      lambdaDb.beginInvocation();
      const users = await lambdaDb.db.models.User.count();
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
