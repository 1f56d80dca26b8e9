import { mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { CoverStorage } from '../../shared/covers/cover-storage';
import { createDiskCoverStorage } from '../../shared/covers/disk-cover-storage';
import type { TokenVerifier } from '../../shared/auth/token-verifier';
import type { Database } from '../../shared/db/create-database';
import type { UserRole } from '../../shared/domain/user-roles';
import { seedDeliveryProviders } from '../../shared/db/seeds/delivery-providers';
import { createLogger, type Logger } from '../../shared/logging/logger';
import { createOriginApp } from '../../origin/app';
import type { OrderJson } from '../../origin/orders/order-json';
import { createReadiness, type Readiness } from '../../origin/health/readiness';
import type { CoverRendering } from '../../origin/covers/cover-rendering';
import { createOriginContext, type OriginContext } from '../../origin/origin-context';
import { createTestKeys, type TestKeys } from '../support/access-tokens';
import { assertConformsToContract } from '../support/api-contract';
import { createBook, createUser, type BookFixture, type UserFixture } from '../support/factories';
import { testConfig } from '../support/test-config';
import { openTestDatabase } from '../support/test-database';
import { TEST_DATA_DIR } from '../support/test-paths';

export interface OriginTestApp {
  db: Database;
  app: Express;
  keys: TestKeys;
  readiness: Readiness;
  /** The use cases' context over the same database, for arranging and inspecting state. */
  ctx: OriginContext;
  /** The folder this app stores and serves covers from (its own, empty at start). */
  coversDir: string;
  /** Base URL of the app listening on an ephemeral port, for concurrent requests. */
  baseUrl: string;
  /** The server listening at baseUrl, for tests that watch its requests arrive. */
  server: Server;
  /** Ids of the seeded delivery providers by name (DHL, FedEx, Envia, Servientrega). */
  providers: Record<string, number>;
  close(): Promise<void>;
}

/**
 * The real origin app in-process over the test database (SQLite copy or MariaDB), listening on an
 * ephemeral port, with real token verification against a test key pair.
 */
export async function startOriginTestApp(
  options: {
    now?: () => Date;
    poolMax?: number;
    storefrontDir?: string;
    db?: Database;
    /** False for a database that cannot answer (the tests of an unavailable database). */
    seedProviders?: boolean;
    /** Where the app logs (by default nowhere, at the tests' LOG_LEVEL). */
    logger?: Logger;
    /** Accept the tokens of another issuer's key (the auth function's, in a whole stack). */
    verifier?: TokenVerifier;
    /** Where covers go instead of the app's own folder (an S3 adapter over a mocked client). */
    coverStorage?: CoverStorage;
    /** Cover rendering of the test's own (a renderer it holds, smaller queues). */
    coverRendering?: CoverRendering;
  } = {},
): Promise<OriginTestApp> {
  const db = options.db ?? openTestDatabase(options.poolMax ?? 20);
  // Reference data every checkout needs, as `npm run seed` provides it (idempotent).
  if (options.seedProviders !== false) await seedDeliveryProviders(db);
  const providers = Object.fromEntries(
    options.seedProviders === false
      ? []
      : (await db.models.DeliveryProvider.findAll()).map((row) => [row.name, row.id]),
  );
  const keys = await createTestKeys();
  mkdirSync(TEST_DATA_DIR, { recursive: true });
  const coversDir = mkdtempSync(join(TEST_DATA_DIR, 'covers-'));
  const config = testConfig({
    COVERS_DIR: coversDir,
    ...(options.storefrontDir ? { STOREFRONT_DIR: options.storefrontDir } : {}),
  });
  const coverStorage = options.coverStorage ?? createDiskCoverStorage(coversDir);
  const readiness = createReadiness();
  const ctx = createOriginContext(db, config, coverStorage, options.now);
  const app = createOriginApp({
    config,
    ctx,
    logger: options.logger ?? createLogger(config.logLevel),
    verifier: options.verifier ?? keys.verifier,
    readiness,
    ...(options.coverRendering ? { coverRendering: options.coverRendering } : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    db,
    app,
    keys,
    readiness,
    ctx,
    coversDir,
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    providers,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // A database passed in belongs to the caller, who closes it.
      if (!options.db) await db.close();
    },
  };
}

/** A user with a bearer header ready to send. */
export interface Caller extends UserFixture {
  authorization: string;
}

/** Creates a user and signs an access token for them. */
export async function createCaller(
  harness: OriginTestApp,
  role: UserRole = 'customer',
): Promise<Caller> {
  const user = await createUser(harness.db, { role });
  return { ...user, authorization: await harness.keys.bearer(user) };
}

/** Creates a seller with one book on sale. */
export async function createSellerWithBook(
  harness: OriginTestApp,
  book: { stock?: number; priceCents?: number } = {},
): Promise<{ seller: Caller; book: BookFixture }> {
  const seller = await createCaller(harness);
  return { seller, book: await createBook(harness.db, seller.id, book) };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Sends a JSON request to the listening app; used where requests must really run concurrently. Its
 * answer is held against the OpenAPI document like every supertest answer.
 */
export async function sendJson(
  harness: OriginTestApp,
  method: string,
  path: string,
  options: { authorization?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.authorization ? { authorization: options.authorization } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  assertConformsToContract({
    method,
    path: new URL(path, harness.baseUrl).pathname,
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body: text,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** Current stock of a book, deleted or not. */
export async function stockOf(db: Database, bookId: number): Promise<number> {
  const book = await db.models.Book.findByPk(bookId, { paranoid: false });
  if (!book) throw new Error(`no book ${bookId}`);
  return book.stock;
}

/** The outbox events written for one order, oldest first. */
export async function eventsOf(
  db: Database,
  orderId: number,
): Promise<Array<{ type: string; eventId: string; payload: unknown }>> {
  const rows = await db.models.OutboxEvent.findAll({
    where: { aggregateId: orderId },
    order: [['id', 'ASC']],
  });
  return rows.map((row) => ({
    type: row.type,
    eventId: row.eventId,
    payload: JSON.parse(row.payload) as unknown,
  }));
}

/** A shipping address in the shop's country (CO), where every provider delivers. */
export const ADDRESS_IN_CO = {
  name: 'Ana Gómez',
  line1: 'Calle 10 # 43-12',
  city: 'Medellín',
  region: 'Antioquia',
  postalCode: '050021',
  country: 'CO',
} as const;

/** A checkout body: the items, shipped to ADDRESS_IN_CO by Servientrega unless told otherwise. */
export function checkoutBody(
  harness: OriginTestApp,
  items: unknown[],
  overrides: { shippingAddress?: Record<string, unknown>; deliveryProviderId?: number } = {},
) {
  return {
    items,
    shippingAddress: overrides.shippingAddress ?? ADDRESS_IN_CO,
    deliveryProviderId: overrides.deliveryProviderId ?? providerId(harness, 'Servientrega'),
  };
}

/** The id of a seeded delivery provider. */
export function providerId(harness: OriginTestApp, name: string): number {
  const id = harness.providers[name];
  if (id === undefined) throw new Error(`no delivery provider named ${name}`);
  return id;
}

/** Places an order through the API and returns its JSON. */
export async function placeOrder(
  harness: OriginTestApp,
  buyer: Caller,
  items: Array<{ bookId: number; quantity: number }>,
): Promise<OrderJson> {
  const response = await sendJson(harness, 'POST', '/api/v1/orders', {
    authorization: buyer.authorization,
    body: checkoutBody(harness, items),
  });
  if (response.status !== 201)
    throw new Error(`placing an order failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.order as OrderJson;
}

/** Pays an order through the API. */
export async function payOrder(
  harness: OriginTestApp,
  buyer: Caller,
  orderId: number,
): Promise<void> {
  const response = await sendJson(harness, 'POST', `/api/v1/orders/${orderId}/payment`, {
    authorization: buyer.authorization,
    body: { method: 'paypal' },
  });
  if (response.status !== 201)
    throw new Error(`paying failed: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Cancels an order as its buyer (an arrange step: anything but success fails the test). */
export async function cancelOrder(
  harness: OriginTestApp,
  buyer: Caller,
  orderId: number,
): Promise<void> {
  const response = await sendJson(harness, 'POST', `/api/v1/orders/${orderId}/cancel`, {
    authorization: buyer.authorization,
  });
  if (response.status !== 200)
    throw new Error(`cancelling failed: ${response.status} ${JSON.stringify(response.body)}`);
}
