import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  FUNCTION_NAMES,
  LAMBDA_NODE_FLAGS,
  artifactPath,
  extractArtifact,
  handlerModulePath,
  invokePackagedHandler,
  listZipEntries,
  recreateSeededDatabase,
} from '../../scripts/lambda-artifacts';
import { createMysqlDatabase, dropMysqlDatabase } from '../../scripts/mysql-database';
import { parseDatabaseUrl } from '../../shared/config';
import { createDatabase } from '../../shared/db/create-database';
import { apiGatewayEvent } from '../support/api-gateway-event';
import { PACKAGE_TIMEOUT_MS, packagedProdService, removeScratch } from './packaged-service';

/**
 * The artifact tests' own MariaDB databases (the bundles have no SQLite driver), named after the
 * process, so that two suites running at once on one server never share one.
 */
const DATABASE = `bookstore_artifact_${process.pid}`;
const MIGRATE_DATABASE = `bookstore_artifact_migrate_${process.pid}`;

const mysqlUrlOf = (database: string) => {
  const url = parseDatabaseUrl(`mysql://root@127.0.0.1:3306/${database}`);
  if (url?.dialect !== 'mysql') throw new Error('expected a MySQL URL');
  return url;
};

let databaseUrl: string;
let outputDir: string;
let scratch: string;
const handlerFiles = {} as Record<(typeof FUNCTION_NAMES)[number], string>;

/** What a deployed function gets, less AWS: the key and database come straight from the environment here. */
function functionEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    JWT_ISSUER: 'https://shop.example.com',
    JWT_AUDIENCE: 'bookstore-api',
    ...extra,
  };
}

/** The bundle the loader `handlers/<name>.js` compiles (scripts/lambda-code-cache.cjs). */
const bundleFileOf = (name: (typeof FUNCTION_NAMES)[number]) =>
  handlerFiles[name].replace(/\.js$/, '.bundle.js');

const run = promisify(execFile);

const asResult = (value: unknown) => value as APIGatewayProxyStructuredResultV2 & { body: string };

beforeAll(async () => {
  outputDir = await packagedProdService();
  scratch = await mkdtemp(join(tmpdir(), 'bookstore-artifacts-'));
  for (const name of FUNCTION_NAMES) {
    handlerFiles[name] = extractArtifact(artifactPath(outputDir, name), name, join(scratch, name));
  }
  databaseUrl = await recreateSeededDatabase(DATABASE);
}, PACKAGE_TIMEOUT_MS);

afterAll(async () => {
  await removeScratch(scratch);
  await dropMysqlDatabase(mysqlUrlOf(DATABASE));
  await dropMysqlDatabase(mysqlUrlOf(MIGRATE_DATABASE));
});

describe('the packaged Lambda artifacts', () => {
  test('when each zip is listed, then it holds only its loader, its bundle and a V8 code cache of it: no node_modules, no native addon', () => {
    for (const name of FUNCTION_NAMES) {
      const loader = handlerModulePath(name);
      expect(listZipEntries(artifactPath(outputDir, name)).sort()).toEqual([
        loader.replace(/\.js$/, '.bundle.js'),
        loader.replace(/\.js$/, '.bundle.v8cache'),
        loader,
      ]);
    }
  });

  test('when each bundle is compiled by the packaging node under the Lambda runtime flags, then V8 accepts its shipped code cache', async () => {
    for (const name of FUNCTION_NAMES) {
      const bundle = bundleFileOf(name);
      const check = `
        const fs = require('node:fs'); const vm = require('node:vm'); const { wrap } = require('node:module');
        const [bundle, cache] = process.argv.slice(1);
        const script = new vm.Script(wrap(fs.readFileSync(bundle, 'utf8')), {
          filename: bundle, cachedData: fs.readFileSync(cache),
          importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
        });
        process.stdout.write(String(script.cachedDataRejected));`;

      const { stdout } = await run(process.execPath, [
        ...LAMBDA_NODE_FLAGS,
        '-e',
        check,
        bundle,
        bundle.replace(/\.js$/, '.v8cache'),
      ]);

      expect(`${name}: rejected ${stdout}`).toBe(`${name}: rejected false`);
    }
  });

  test("when the code cache is missing or not V8's, then the function still starts and answers", async () => {
    for (const [index, damage] of (['remove', 'garble'] as const).entries()) {
      const dir = join(scratch, `catalog-without-cache-${String(index)}`);
      const handlerFile = extractArtifact(artifactPath(outputDir, 'catalog'), 'catalog', dir);
      const cache = join(dir, 'handlers', 'catalog.bundle.v8cache');
      if (damage === 'remove') await rm(cache);
      else await writeFile(cache, Buffer.alloc(4096, 7));

      const { results } = await invokePackagedHandler({
        handlerFile,
        events: [apiGatewayEvent({ method: 'GET', path: '/api/v1/delivery-providers' })],
        env: functionEnvironment(),
      });

      expect(`${damage}: ${String(asResult(results[0]).statusCode)}`).toBe(`${damage}: 200`);
    }
  });

  test('when the bundles are read, then no SQLite driver and no other unused database driver is loaded by them', async () => {
    for (const name of FUNCTION_NAMES) {
      const bundle = await readFile(bundleFileOf(name), 'utf8');

      for (const driver of [
        'sqlite3',
        'pg',
        'tedious',
        'oracledb',
        'ibm_db',
        'mariadb',
        'snowflake-sdk',
      ]) {
        expect(bundle.includes(`require("${driver}")`) ? driver : undefined).toBeUndefined();
      }
      expect(bundle.includes('node_sqlite3') ? 'node_sqlite3' : undefined).toBeUndefined();
    }
  });

  test('when the bundles are read, then neither the image library nor the S3 client is in them (only the origin stores covers)', async () => {
    for (const name of FUNCTION_NAMES) {
      const bundle = await readFile(bundleFileOf(name), 'utf8');

      for (const module of ['sharp', '@img/', 'PutObjectCommand']) {
        expect(bundle.includes(module) ? `${name}: ${module}` : undefined).toBeUndefined();
      }
    }
  });

  test('when the bundles are read, then they are plain ASCII, so Node holds each as one-byte text', async () => {
    for (const name of FUNCTION_NAMES) {
      const bundle = await readFile(bundleFileOf(name), 'utf8');

      const at = bundle.search(/[\u0080-\uffff]/);
      expect(at === -1 ? undefined : bundle.slice(Math.max(0, at - 40), at + 10)).toBeUndefined();
    }
  });

  test('when the bundles are read, then zod carries only its English messages', async () => {
    for (const name of FUNCTION_NAMES) {
      const bundle = await readFile(bundleFileOf(name), 'utf8');

      // A phrase of zod's German messages ("Ungültige Eingabe"), escaped as esbuild writes it.
      expect(bundle.includes('Ung\\xFCltige Eingabe')).toBe(false);
      expect(bundle.includes('Invalid input')).toBe(true);
    }
  });

  test('when the auth artifact is started in a fresh node process, then it publishes the public half of the configured key', async () => {
    // Arrange
    const { privateKey } = generateKeyPairSync('ed25519');
    const env = functionEnvironment({
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });

    // Act
    const { results } = await invokePackagedHandler({
      handlerFile: handlerFiles.auth,
      events: [apiGatewayEvent({ method: 'GET', path: '/.well-known/jwks.json' })],
      env,
    });

    // Assert
    const response = asResult(results[0]);
    expect(response.statusCode).toBe(200);
    const jwks = JSON.parse(response.body) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' }),
    ]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  test('when the auth artifact registers and then logs in a user on MariaDB, then both answer, the second from a warm container', async () => {
    // Arrange
    const { privateKey } = generateKeyPairSync('ed25519');
    const env = functionEnvironment({
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const email = `artifact-${randomUUID()}@example.com`;
    const password = 'correct horse battery staple';

    // Act
    const { results } = await invokePackagedHandler({
      handlerFile: handlerFiles.auth,
      events: [
        apiGatewayEvent({
          method: 'POST',
          path: '/api/v1/auth/register',
          body: { name: 'Artifact Reader', email, password },
        }),
        apiGatewayEvent({ method: 'POST', path: '/api/v1/auth/login', body: { email, password } }),
      ],
      env,
    });

    // Assert
    const [registered, loggedIn] = results.map(asResult);
    expect(registered?.statusCode).toBe(201);
    expect(loggedIn?.statusCode).toBe(200);
    const login = JSON.parse(loggedIn?.body ?? '{}') as { tokenType: string; accessToken: string };
    expect(login.tokenType).toBe('Bearer');
    const header = JSON.parse(
      Buffer.from(login.accessToken.split('.')[0] ?? '', 'base64url').toString(),
    ) as { alg: string };
    expect(header.alg).toBe('EdDSA');
  });

  test('when a body declares a charset whose conversion tables were left out of the bundle, then the answer is 415, not a crash', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const env = functionEnvironment({
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });

    const { results } = await invokePackagedHandler({
      handlerFile: handlerFiles.auth,
      events: [
        apiGatewayEvent({
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json; charset=shift_jis' },
          body: JSON.stringify({ email: 'someone@example.com', password: 'whatever-it-is' }),
        }),
      ],
      env,
    });

    expect(asResult(results[0]).statusCode).toBe(415);
  });

  test('when the catalog artifact is started in a fresh node process, then it lists the seeded delivery providers, then books, then serves the OpenAPI document it loads on first request', async () => {
    // Arrange: the providers come from the seed run in beforeAll.

    // Act
    const { results } = await invokePackagedHandler({
      handlerFile: handlerFiles.catalog,
      events: [
        apiGatewayEvent({ method: 'GET', path: '/api/v1/delivery-providers' }),
        apiGatewayEvent({ method: 'GET', path: '/api/v1/books', query: { limit: '5' } }),
        apiGatewayEvent({ method: 'GET', path: '/api/v1/openapi.json' }),
      ],
      env: functionEnvironment(),
    });

    // Assert
    const [providers, books, openApi] = results.map(asResult);
    expect(providers?.statusCode).toBe(200);
    const names = (JSON.parse(providers?.body ?? '{}') as { items: { name: string }[] }).items.map(
      (item) => item.name,
    );
    expect(names).toEqual(expect.arrayContaining(['DHL', 'FedEx']));
    expect(books?.statusCode).toBe(200);
    expect(JSON.parse(books?.body ?? '{}')).toEqual(
      expect.objectContaining({ items: expect.any(Array) }),
    );
    expect(openApi?.statusCode).toBe(200);
    expect(JSON.parse(openApi?.body ?? '{}')).toEqual(
      expect.objectContaining({
        openapi: expect.stringMatching(/^3\.1\./),
        paths: expect.objectContaining({ '/api/v1/books': expect.any(Object) }),
      }),
    );
  });

  test('when the notifications artifact is started in a fresh node process, then it reports only the message it could not handle', async () => {
    // Arrange: an event of another type (no e-mail), a garbled body and an order that does not exist.
    const record = (body: string) => ({
      messageId: randomUUID(),
      receiptHandle: 'handle',
      body,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:bookstore-prod-order-events',
      awsRegion: 'us-east-1',
    });
    const event = (type: string, aggregateId: number) =>
      JSON.stringify({
        eventId: randomUUID(),
        type,
        aggregateType: 'order',
        aggregateId,
        occurredAt: new Date().toISOString(),
        data: { orderId: aggregateId },
      });
    const placed = record(event('order.placed', 1));
    const garbled = record('not json');
    const missingOrder = record(event('order.paid', 2_000_000_000));

    // Act
    const { results, output } = await invokePackagedHandler({
      handlerFile: handlerFiles.notifications,
      events: [{ Records: [placed, garbled, missingOrder] }],
      env: functionEnvironment(),
    });

    // Assert
    expect(results).toEqual([
      {
        batchItemFailures: [
          { itemIdentifier: garbled.messageId },
          { itemIdentifier: missingOrder.messageId },
        ],
      },
    ]);
    expect(output).toContain(`order 2000000000 does not exist`);
  });

  test('when the migrate artifact runs in a fresh node process on an empty MariaDB database, then it migrates, seeds and creates the application user from its secret', async () => {
    // Arrange: an empty database, and Secrets Manager answered by a local endpoint (the SDK's
    // service-specific endpoint variable) with the application user's secret.
    const databaseUrl = `mysql://root@127.0.0.1:3306/${MIGRATE_DATABASE}`;
    const url = mysqlUrlOf(MIGRATE_DATABASE);
    await createMysqlDatabase(url, { fresh: true });
    const appUser = {
      username: `app_${randomBytes(5).toString('hex')}`,
      password: randomBytes(24).toString('base64url'),
    };
    const asked: string[] = [];
    const secretsManager = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        asked.push(`${String(req.headers['x-amz-target'])} ${body}`);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(
          JSON.stringify({ ARN: 'app-secret', Name: 'app', SecretString: JSON.stringify(appUser) }),
        );
      });
    });
    await new Promise<void>((resolve) => secretsManager.listen(0, '127.0.0.1', resolve));
    const { port } = secretsManager.address() as AddressInfo;

    try {
      // Act
      const { results } = await invokePackagedHandler({
        handlerFile: handlerFiles.migrate,
        events: [{}],
        env: {
          ...functionEnvironment({ DATABASE_URL: databaseUrl }),
          DATABASE_APP_USER_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
        },
      });

      // Assert
      expect(results[0]).toEqual({
        applied: expect.arrayContaining(['0001-initial-schema']) as unknown,
        deliveryProvidersCreated: 4,
        applicationUser: appUser.username,
      });
      expect(asked).toEqual([expect.stringContaining('secretsmanager.GetSecretValue')]);
      const asApp = createDatabase({
        url: { ...url, username: appUser.username, password: appUser.password },
        pool: { kind: 'service', max: 1 },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 5000,
      });
      try {
        await expect(asApp.models.DeliveryProvider.count()).resolves.toBe(4);
      } finally {
        await asApp.close();
      }
    } finally {
      secretsManager.close();
      const root = createDatabase({
        url,
        pool: { kind: 'service', max: 1 },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 5000,
      });
      await root.sequelize.query(`DROP USER IF EXISTS '${appUser.username}'@'%'`);
      await root.close();
    }
  });
});
