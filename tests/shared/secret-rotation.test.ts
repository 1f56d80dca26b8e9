import { randomBytes } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { openDatabase } from '../../shared/db/open-database';
import { useSecretCredentials } from '../../shared/db/secret-credentials';
import { createSecretReader, SECRET_TTL_MS } from '../../shared/secrets/secret-reader';
import { testConfig, usingMysql } from '../support/test-config';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bookstore/test/app-AbCdEf';

/** A clock the test moves by hand. */
function manualClock() {
  let nowMs = 1_000_000;
  return {
    now: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

const secretsManager = mockClient(SecretsManagerClient);

beforeEach(() => {
  secretsManager.reset();
});

/** Secrets Manager answering with `current()` at the time of each call. */
function secretsManagerAnswers(current: () => string) {
  secretsManager.on(GetSecretValueCommand).callsFake(() => ({ SecretString: current() }));
}

describe('the secret reader', () => {
  test('when a secret is read again within its time-to-live, then it comes from memory; after it, the rotated value is fetched', async () => {
    // Arrange
    const clock = manualClock();
    let value = 'before rotation';
    secretsManagerAnswers(() => value);
    const reader = createSecretReader({
      region: 'us-east-1',
      client: new SecretsManagerClient({ region: 'us-east-1' }),
      now: clock.now,
    });

    // Act
    const first = await reader.getSecretString(SECRET_ARN);
    value = 'after rotation';
    clock.advance(SECRET_TTL_MS - 1);
    const withinTtl = await reader.getSecretString(SECRET_ARN);
    clock.advance(1);
    const afterTtl = await reader.getSecretString(SECRET_ARN);

    // Assert
    expect([first, withinTtl, afterTtl]).toEqual([
      'before rotation',
      'before rotation',
      'after rotation',
    ]);
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  test('when a secret is forgotten, then the next read fetches it even within the time-to-live', async () => {
    let value = 'old';
    secretsManagerAnswers(() => value);
    const reader = createSecretReader({
      region: 'us-east-1',
      client: new SecretsManagerClient({ region: 'us-east-1' }),
      now: manualClock().now,
    });

    await reader.getSecretString(SECRET_ARN);
    value = 'new';
    reader.forget?.(SECRET_ARN);

    expect(await reader.getSecretString(SECRET_ARN)).toBe('new');
  });

  test('when a fetch fails, then it is not kept and the next read tries again', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: 'value' });
    const reader = createSecretReader({
      region: 'us-east-1',
      client: new SecretsManagerClient({ region: 'us-east-1' }),
      now: manualClock().now,
    });

    await expect(reader.getSecretString(SECRET_ARN)).rejects.toThrow('throttled');
    expect(await reader.getSecretString(SECRET_ARN)).toBe('value');
  });
});

/**
 * A real rotation on MariaDB: a user of this file's own whose password changes on the server and
 * in the (mocked) secret, as the rotation function does, while a warm function's database and a
 * running origin's database keep serving. Existing connections stay authenticated after a password
 * change; a new one must use the new password.
 */
if (usingMysql())
  describe('a rotated database password', () => {
    const { url } = testConfig().database;
    if (url.dialect !== 'mysql') throw new Error('MariaDB only');
    const username = `bookstore_i26_rot_${randomBytes(3).toString('hex')}`;
    const account = `'${username}'@'%'`;
    let password = randomBytes(12).toString('hex');
    let admin: Database;

    const rotate = async () => {
      password = randomBytes(12).toString('hex');
      await admin.sequelize.query(`ALTER USER ${account} IDENTIFIED BY '${password}'`);
    };
    const secretValue = () => JSON.stringify({ engine: 'mysql', username, password });
    /** Closes every pooled connection, as RDS Proxy or an idle time-out would. */
    const dropConnections = async (db: Database) => {
      const pool = db.sequelize.connectionManager as unknown as {
        pool: { destroyAllNow(): Promise<void> };
      };
      await pool.pool.destroyAllNow();
    };
    const answers = async (db: Database) => {
      const [rows] = await db.sequelize.query('SELECT CURRENT_USER() AS user');
      return (rows as { user: string }[])[0]?.user;
    };

    beforeAll(async () => {
      admin = createDatabase({
        url,
        pool: { kind: 'service', max: 1 },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 5000,
      });
      await admin.sequelize.query(`CREATE USER ${account} IDENTIFIED BY '${password}'`);
      await admin.sequelize.query(`GRANT SELECT ON \`${url.database}\`.* TO ${account}`);
    });

    afterAll(async () => {
      await admin.sequelize.query(`DROP USER IF EXISTS ${account}`);
      await admin.close();
    });

    // The user and password are the secret's to fill in.
    const withoutUser = `mysql://nobody@${url.host}:${url.port}/${url.database}`;
    const clock = manualClock();
    const reader = () =>
      createSecretReader({
        region: 'us-east-1',
        client: new SecretsManagerClient({ region: 'us-east-1' }),
        now: clock.now,
      });

    test('when a warm function opens a connection after a rotation, then it is refused once, re-reads the secret and connects with the new password', async () => {
      // Arrange: a warm function whose reader holds the current password.
      secretsManagerAnswers(secretValue);
      const db = openDatabase(
        testConfig({ DATABASE_URL: withoutUser, DATABASE_SECRET_ARN: SECRET_ARN }),
        { profile: 'lambda', secrets: reader(), now: clock.now },
      );
      try {
        expect(await answers(db)).toMatch(new RegExp(`^${username}@`));

        // Act: the password rotates and the function's connections are closed meanwhile.
        await rotate();
        await dropConnections(db);
        const afterRotation = await answers(db);

        // Assert: served without a restart; the secret was read once more, on the refusal.
        expect(afterRotation).toMatch(new RegExp(`^${username}@`));
        expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
      } finally {
        await db.close();
      }
    });

    test('when a running origin opens a connection after a rotation and the time-to-live, then it connects with the new password at the first try', async () => {
      // Arrange: the origin's database as origin/server.ts builds it.
      secretsManagerAnswers(secretValue);
      const db = createDatabase({
        url: { ...url, username: 'nobody', password: '' },
        pool: { kind: 'service', max: 2 },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 5000,
      });
      useSecretCredentials(db, reader(), SECRET_ARN);
      try {
        expect(await answers(db)).toMatch(new RegExp(`^${username}@`));

        // Act
        await rotate();
        clock.advance(SECRET_TTL_MS);
        await dropConnections(db);
        const afterRotation = await answers(db);

        // Assert: one fetch at start, one after the time-to-live, no refusal in between.
        expect(afterRotation).toMatch(new RegExp(`^${username}@`));
        expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
      } finally {
        await db.close();
      }
    });
  });
