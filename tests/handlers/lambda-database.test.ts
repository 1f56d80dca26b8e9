import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createLambdaDatabase,
  readDatabaseCredentials,
  type LambdaDatabase,
} from '../../shared/db/lambda-database';
import { createSecretReader } from '../../shared/secrets/secret-reader';
import { testConfig } from '../support/test-config';
import { testDatabaseUrl } from '../support/test-database';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1234-AbCdEf';

/** DATABASE_URL for this file's test database, with the user and password left for the secret to fill in. */
function databaseUrlWithoutPassword(): string {
  const url = testDatabaseUrl();
  return url.dialect === 'sqlite'
    ? `sqlite:${url.storage}`
    : `mysql://nobody@${url.host}:${url.port}/${url.database}`;
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

  test('when invocations end and begin again, then the next one can still query', async () => {
    const answers: unknown[] = [];
    for (let invocation = 0; invocation < 3; invocation += 1) {
      await lambdaDb.beginInvocation();
      answers.push(await lambdaDb.db.models.User.count());
      await lambdaDb.endInvocation();
    }

    expect(answers).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
  });

  test('when invocations overlap in one process, then ending one does not cut the other off', async () => {
    await lambdaDb.beginInvocation();
    await lambdaDb.beginInvocation();
    await lambdaDb.endInvocation();

    const stillWorks = await lambdaDb.db.models.User.count();
    await lambdaDb.endInvocation();

    expect(stillWorks).toEqual(expect.any(Number));
  });

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
