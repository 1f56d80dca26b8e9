import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { DatabaseUrl } from '../../shared/config';
import { APPLICATION_PRIVILEGES } from '../../shared/db/application-user';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createLogger } from '../../shared/logging/logger';
import type { SecretReader } from '../../shared/secrets/secret-reader';
import { createMigrationHandler } from '../../handlers/migration/migration-handler';
import {
  createSellerWithBook,
  payOrder,
  placeOrder,
  startOriginTestApp,
} from '../origin/origin-test-app';
import { unique } from '../support/factories';
import { usingMysql } from '../support/test-config';
import { emptyPrivateDatabaseUrl, openTestDatabase } from '../support/test-database';
import { startAuthFunction } from './auth-function';
import { startCatalogFunction } from './catalog-function';

const APP_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app-user';

/** Secrets Manager at the system's edge: the application user's secret, as the step reads it. */
function appUserSecret(value: { username: string; password: string }): SecretReader {
  return {
    getSecretString: (arn) =>
      arn === APP_SECRET_ARN
        ? Promise.resolve(JSON.stringify(value))
        : Promise.reject(new Error(`no secret ${arn} in this test`)),
  };
}

/** CloudFormation's side of a custom resource: the pre-signed URL it waits on for the answer. */
async function startResponseUrl(): Promise<{
  url: string;
  bodies: unknown[];
  close(): Promise<void>;
}> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      bodies.push({ method: req.method, ...(JSON.parse(text) as object) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/response`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The migrate function's handler over a database and what Secrets Manager answers. */
const migrationHandler = (db: Database, secrets: SecretReader) =>
  createMigrationHandler({
    db,
    secrets,
    appUserSecretArn: APP_SECRET_ARN,
    logger: createLogger('silent'),
  });

function customResourceEvent(
  requestType: 'Create' | 'Update' | 'Delete',
  responseUrl: string,
): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:bookstore-prod-migrate',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/bookstore-prod/1',
    RequestId: unique('request'),
    LogicalResourceId: 'DatabaseMigration',
    ResourceType: 'AWS::CloudFormation::CustomResource',
    ResourceProperties: { ServiceToken: 'token' },
    ...(requestType === 'Create'
      ? {}
      : { PhysicalResourceId: 'database-migration-step', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

describe('the migration step as a CloudFormation custom resource', () => {
  let db: Database;
  let responses: Awaited<ReturnType<typeof startResponseUrl>>;

  beforeAll(async () => {
    db = openTestDatabase(2);
    responses = await startResponseUrl();
  });
  afterAll(async () => {
    await responses.close();
    await db.close();
  });

  test('when the stack is deleted, then it answers SUCCESS and leaves the database alone', async () => {
    const secrets: SecretReader = {
      getSecretString: () => Promise.reject(new Error('a deletion must not read any secret')),
    };
    const migrate = migrationHandler(db, secrets);

    await migrate(customResourceEvent('Delete', responses.url));

    expect(responses.bodies.at(-1)).toMatchObject({
      method: 'PUT',
      Status: 'SUCCESS',
      PhysicalResourceId: 'database-migration-step',
      LogicalResourceId: 'DatabaseMigration',
    });
  });

  test('when the step fails, then CloudFormation gets FAILED with the reason (and the deploy rolls back)', async () => {
    const secrets: SecretReader = {
      getSecretString: () => Promise.reject(new Error('AccessDeniedException: not allowed')),
    };
    const migrate = migrationHandler(db, secrets);

    await migrate(customResourceEvent('Update', responses.url));

    expect(responses.bodies.at(-1)).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('AccessDeniedException: not allowed') as unknown,
    });
  });
});

if (usingMysql()) {
  describe('the application database user the migration step creates', () => {
    let ownUrl: Extract<DatabaseUrl, { dialect: 'mysql' }>;
    let appUser: { username: string; password: string };
    let responses: Awaited<ReturnType<typeof startResponseUrl>>;

    /** Runs the step as the privileged user, exactly as the migrate function does on a deploy. */
    async function runStepAsMaster(user: { username: string; password: string }) {
      const master = openAsRoot();
      try {
        await migrationHandler(
          master,
          appUserSecret(user),
        )(customResourceEvent('Update', responses.url));
      } finally {
        await master.close();
      }
      expect(responses.bodies.at(-1)).toMatchObject({ Status: 'SUCCESS' });
    }

    /** A connection as the privileged user (the test's own root), to arrange and clean up. */
    function openAsRoot(): Database {
      return createDatabase({
        url: ownUrl,
        pool: { kind: 'service', max: 2 },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 10000,
      });
    }

    /** A connection as the application user (what the functions and the origin hold). */
    function openAsAppUser(password = appUser.password): Database {
      return createDatabase({
        url: { ...ownUrl, username: appUser.username, password },
        pool: { kind: 'service', max: 10 },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 10000,
      });
    }

    beforeAll(async () => {
      responses = await startResponseUrl();
      const url = await emptyPrivateDatabaseUrl('app_user');
      if (url.dialect !== 'mysql') throw new Error('expected MySQL');
      ownUrl = url;
      // User names are server-wide: one of this run's own.
      appUser = {
        username: `app_${randomBytes(6).toString('hex')}`,
        password: randomBytes(24).toString('base64url'),
      };
      await runStepAsMaster(appUser);
    });

    afterAll(async () => {
      const root = openAsRoot();
      await root.sequelize.query(`DROP USER IF EXISTS '${appUser.username}'@'%'`);
      await root.close();
      await responses.close();
    });

    test('when the app runs as the application user, then register, login, list, place an order and pay all succeed', async () => {
      const appDb = openAsAppUser();
      const auth = await startAuthFunction({ db: appDb });
      const catalog = startCatalogFunction({ db: appDb });
      const origin = await startOriginTestApp({ db: appDb });
      try {
        const account = {
          name: 'Least Privilege',
          email: `${unique('app-user')}@example.test`,
          password: 'a long enough secret',
        };
        const registered = await auth.invoke({
          method: 'POST',
          path: '/api/v1/auth/register',
          body: account,
        });
        const login = await auth.invoke({
          method: 'POST',
          path: '/api/v1/auth/login',
          body: { email: account.email, password: account.password },
        });
        const { book } = await createSellerWithBook(origin, { stock: 3, priceCents: 1200 });
        const listed = await catalog.invoke({
          method: 'GET',
          path: '/api/v1/books',
          query: { sellerId: String(book.sellerId) },
        });
        const buyer = {
          id: registered.json.user.id as number,
          role: 'customer' as const,
        };
        const caller = {
          ...buyer,
          email: account.email,
          name: account.name,
          authorization: await origin.keys.bearer(buyer),
        };
        const order = await placeOrder(origin, caller, [{ bookId: book.id, quantity: 1 }]);
        await payOrder(origin, caller, order.id);

        expect(registered.statusCode).toBe(201);
        expect(login.statusCode).toBe(200);
        expect(listed.statusCode).toBe(200);
        expect(listed.json.items.map((item: { id: number }) => item.id)).toEqual([book.id]);
        const paid = await appDb.models.Order.findByPk(order.id);
        expect(paid?.status).toBe('delivery_assigned');
      } finally {
        await origin.close();
        await catalog.close();
        await auth.close();
        await appDb.close();
      }
    });

    test('when the application user tries DDL or GRANT, then the database refuses every statement', async () => {
      const appDb = openAsAppUser();
      try {
        const attempts = [
          'CREATE TABLE intruder (id INT)',
          'ALTER TABLE books ADD COLUMN intruder INT',
          'DROP TABLE processed_events',
          'TRUNCATE TABLE books',
          'CREATE INDEX intruder ON books (title)',
          `GRANT SELECT ON \`${ownUrl.database}\`.* TO '${appUser.username}'@'%'`,
          `CREATE USER 'intruder_${randomBytes(3).toString('hex')}'@'%'`,
        ];
        const outcomes = await Promise.all(
          attempts.map((sql) =>
            appDb.sequelize.query(sql).then(
              () => `${sql}: allowed`,
              (error: { parent?: { code?: string } }) => `${sql}: ${error.parent?.code ?? 'error'}`,
            ),
          ),
        );

        // Refused for want of a privilege, not for any other reason (a typo would also fail).
        expect(outcomes.filter((outcome) => !/: ER_\w*ACCESS_DENIED\w*$/.test(outcome))).toEqual(
          [],
        );
        const [grants] = await appDb.sequelize.query('SHOW GRANTS');
        const privileges = (grants as Record<string, string>[]).map((row) => Object.values(row)[0]);
        expect(privileges.join('\n')).toContain(
          `GRANT ${APPLICATION_PRIVILEGES.join(', ')} ON \`${ownUrl.database}\`.*`,
        );
      } finally {
        await appDb.close();
      }
    });

    test('when someone granted the user more by hand, then the next run of the step takes it back', async () => {
      const root = openAsRoot();
      await root.sequelize.query(
        `GRANT CREATE, DROP ON \`${ownUrl.database}\`.* TO '${appUser.username}'@'%'`,
      );
      await root.close();

      await runStepAsMaster(appUser);

      const appDb = openAsAppUser();
      try {
        await expect(appDb.sequelize.query('CREATE TABLE intruder (id INT)')).rejects.toMatchObject(
          {
            parent: { code: 'ER_TABLEACCESS_DENIED_ERROR' },
          },
        );
        await expect(appDb.models.DeliveryProvider.count()).resolves.toBe(4);
      } finally {
        await appDb.close();
      }
    });

    test('when the secret holds a new password, then the next run of the step sets it (rotation)', async () => {
      const rotated = { ...appUser, password: randomBytes(24).toString('base64url') };

      await runStepAsMaster(rotated);

      const appDb = openAsAppUser(rotated.password);
      try {
        await expect(appDb.models.Book.count()).resolves.toEqual(expect.any(Number));
      } finally {
        await appDb.close();
        appUser = rotated;
      }
    });
  });
}
