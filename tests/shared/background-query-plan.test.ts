import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import { statementFingerprint } from '../../shared/db/statement-fingerprint';
import { createDiskCoverStorage } from '../../shared/covers/disk-cover-storage';
import { CATALOG_CACHE_LIFETIME_MS } from '../../shared/domain/catalog-cache-lifetime';
import { createLoginThrottleRepository } from '../../shared/db/repositories/login-throttle-repository';
import { createRefreshTokenRepository } from '../../shared/db/repositories/refresh-token-repository';
import { createLogger } from '../../shared/logging/logger';
import { createOriginContext, type OriginContext } from '../../origin/origin-context';
import { expireOverdueOrders } from '../../origin/orders/expire-overdue-orders';
import type { EventSink } from '../../origin/outbox/event-sink';
import { createOutboxRelay } from '../../origin/outbox/outbox-relay';
import {
  IDEMPOTENCY_KEY_RETENTION_MS,
  PROCESSED_EVENT_RETENTION_MS,
  PUBLISHED_EVENT_RETENTION_MS,
  pruneStaleRecords,
} from '../../origin/housekeeping/prune-stale-records';
import { createProcessedEventRepository } from '../../origin/housekeeping/processed-event-repository';
import { sweepReleasedCovers } from '../../origin/housekeeping/sweep-released-covers';
import { createCoverObjectRepository } from '../../origin/covers/cover-object-repository';
import { testConfig } from '../support/test-config';
import { emptyPrivateDatabaseUrl } from '../support/test-database';
import { TEST_DATA_DIR } from '../support/test-paths';
import { loggedStatement, planOfStatement, sortsRows } from '../support/query-plans';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

/** Rows of each table that grows which no job may touch now: what a scan would read past. */
const NOT_DUE = 20_000;
/** More than one batch of each job, so every job goes round its loop. */
const BACKLOG = { overdueOrders: 120, unpublishedEvents: 30, staleRecords: 2500, covers: 50 };
/** The most rows one statement of a job may read or change: a backlog goes in batches. */
const MOST_ROWS_PER_STATEMENT = 1000;
const THROTTLE_WINDOW_SECONDS = 900;
const FINAL_STATUSES = ['paid', 'delivery_assigned', 'cancelled', 'expired'] as const;
/** The primary key of a table, whatever the database calls it in a plan. */
const PRIMARY = 'PRIMARY';

/** Each statement a job must send, as describeStatement names it, and the index it must read. */
type ExpectedStatements = ReadonlyArray<
  readonly [statement: string, index: string | readonly string[]]
>;

/** A statement as a job sent it, with the values of its placeholders. */
interface SentStatement {
  sql: string;
  bind?: unknown[];
}

/** What the test holds of one statement of a job. */
interface StatementReview {
  statement: string;
  plan: string[];
  /** Reads a whole table or a whole index (MySQL type ALL or index, SQLite SCAN). */
  scans: boolean;
  /** Sorts rows (a filesort, a temporary table or B-tree). */
  sorts: boolean;
  /** Reads the index expected for it. */
  readsIndex: boolean;
  /** Carries a LIMIT of at most MOST_ROWS_PER_STATEMENT, or names its rows by key. */
  bounded: boolean;
}

/**
 * The query plans of the periodic jobs (the expiry sweeper, the outbox relay, housekeeping) on a
 * database of this file's own, with 20,000 rows in each table they work on that are not due and a
 * backlog that is: every statement a job sends reads an index on the key it filters by, sorts
 * nothing, and reads or changes a bounded number of rows, so a backlog of a million rows is worked
 * off in small statements and transactions instead of a scan of the table on every run.
 */
describe('query plans of the background jobs on 20,000 rows per table and a backlog', () => {
  let db: Database;
  let ctx: OriginContext;
  const sent: SentStatement[] = [];
  const ids = { seller: 0, buyer: 0, nextOrder: 1 };
  let serial = 0;

  beforeAll(async () => {
    db = createDatabase({
      url: await emptyPrivateDatabaseUrl('background_plan'),
      pool: { kind: 'service', max: 2 },
      connectTimeoutMs: 5000,
      acquireTimeoutMs: 10000,
      // Sequelize hands its logger the query's options too: their `bind` holds the values an
      // UPDATE sends apart from its text, which its EXPLAIN needs.
      logSql: (line: string, query?: { bind?: unknown }) =>
        sent.push({
          sql: loggedStatement(line),
          ...(Array.isArray(query?.bind) ? { bind: query.bind as unknown[] } : {}),
        }),
    });
    await createMigrator(db.sequelize).up();
    ctx = createOriginContext(
      db,
      testConfig(),
      createDiskCoverStorage(join(TEST_DATA_DIR, randomUUID())),
      () => NOW,
    );
    await seedRowsNotDue();
    if (db.dialect === 'mysql')
      await db.sequelize.query(
        'ANALYZE TABLE orders, order_lines, books, outbox_events, idempotency_records, refresh_tokens, login_throttles, cover_objects, processed_events',
      );
    else await db.sequelize.query('ANALYZE');
  }, 120_000);

  afterAll(() => db.close());

  /** A content-hash-like key, unique per kind and number. */
  const keyOf = (kind: string, n: number) =>
    createHash('sha256').update(`${kind}-${n}`).digest('hex');

  /** Inserts `count` rows in statements of 2,000 (one statement per row would take minutes). */
  async function insertRows(
    table: string,
    count: number,
    row: (n: number) => Record<string, unknown>,
  ): Promise<void> {
    const queryInterface = db.sequelize.getQueryInterface();
    for (let start = 0; start < count; start += 2000) {
      const size = Math.min(2000, count - start);
      await queryInterface.bulkInsert(
        table,
        Array.from({ length: size }, (_, index) => row(start + index)),
      );
    }
  }

  /**
   * A shop's history, none of it due: paid, cancelled and expired orders long past their payment
   * time and unpaid ones still within it, events published within their retention, idempotency
   * records under a day old, live refresh tokens, throttle windows still open, events the
   * notifications function handled within their retention, and cover renditions in use, removed,
   * or released too recently to go.
   */
  async function seedRowsNotDue(): Promise<void> {
    const user = (name: string) =>
      db.models.User.create({ name, email: `${name}@background-plan.test`, passwordHash: 'x' });
    ids.seller = (await user('seller')).id;
    ids.buyer = (await user('buyer')).id;
    await insertRows('books', NOT_DUE, (n) => ({
      seller_id: ids.seller,
      title: `Book ${n}`,
      author: 'Author',
      description: '',
      condition: 'good',
      price_cents: 100,
      stock: 5,
      cover_key: n % 2 === 0 ? keyOf('cover', n) : null,
      thumbnail_key: n % 2 === 0 ? keyOf('thumbnail', n) : null,
      created_at: at(-DAY),
      updated_at: at(-DAY),
    }));
    await insertRows('cover_objects', NOT_DUE, (n) => {
      const used = n % 4 < 2;
      return {
        object_key: used
          ? keyOf(n % 4 === 0 ? 'cover' : 'thumbnail', n - (n % 4))
          : keyOf('old', n),
        // Released within the catalog caches' lifetime: not yet to go.
        released_at: n % 4 === 3 ? at(-CATALOG_CACHE_LIFETIME_MS / 2) : null,
        removed_at: n % 4 === 2 ? at(-30 * DAY) : null,
      };
    });
    await insertOrders(NOT_DUE, (n) =>
      n % 10 === 0
        ? { status: 'pending_payment', expires_at: at(30 * MINUTE) }
        : { status: FINAL_STATUSES[n % 4] ?? 'paid', expires_at: at(-30 * DAY + n * SECOND) },
    );
    await insertRows('outbox_events', NOT_DUE, (n) => ({
      event_id: randomUUID(),
      type: 'order.paid',
      aggregate_type: 'order',
      aggregate_id: n + 1,
      payload: '{}',
      attempts: 1,
      published_at: at(-DAY + n * SECOND),
      created_at: at(-DAY + n * SECOND),
    }));
    await insertRows('idempotency_records', NOT_DUE, (n) => ({
      user_id: ids.buyer,
      idempotency_key: `key-${n}`,
      request_hash: 'a'.repeat(64),
      response_status: 201,
      response_body: '{}',
      created_at: at(-n * 4 * SECOND),
      updated_at: at(-n * 4 * SECOND),
    }));
    await insertRows('refresh_tokens', NOT_DUE, (n) => ({
      user_id: ids.buyer,
      family_id: randomUUID(),
      token_hash: keyOf('token', n),
      expires_at: at(30 * DAY - n * SECOND),
      created_at: at(-n * SECOND),
    }));
    await insertRows('login_throttles', NOT_DUE, (n) => ({
      throttle_key: `login:${n}`,
      failures: 1,
      window_started_at: at(-(n % THROTTLE_WINDOW_SECONDS) * SECOND),
      locked_until: null,
      updated_at: at(-(n % THROTTLE_WINDOW_SECONDS) * SECOND),
    }));
    await insertRows('processed_events', NOT_DUE, (n) => ({
      event_id: randomUUID(),
      consumer: 'notifications',
      processed_at: at(-n * MINUTE),
    }));
  }

  /** Inserts orders of the buyer, one line each; returns their ids. */
  async function insertOrders(
    count: number,
    state: (n: number) => { status: string; expires_at: Date },
  ): Promise<number[]> {
    const first = ids.nextOrder;
    ids.nextOrder += count;
    await insertRows('orders', count, (n) => ({
      id: first + n,
      buyer_id: ids.buyer,
      ...state(n),
      total_cents: 100,
      currency: 'USD',
      created_at: at(-31 * DAY),
      updated_at: at(-31 * DAY),
    }));
    await insertRows('order_lines', count, (n) => ({
      order_id: first + n,
      book_id: ((first + n) % NOT_DUE) + 1,
      seller_id: ids.seller,
      title: 't',
      author: 'a',
      unit_price_cents: 100,
      quantity: 1,
    }));
    return Array.from({ length: count }, (_, n) => first + n);
  }

  /** Runs a job and returns one of each statement it sent that reads or changes rows, in order. */
  async function statementsOf(job: () => Promise<unknown>): Promise<SentStatement[]> {
    sent.length = 0;
    await job();
    const byShape = new Map<string, SentStatement>();
    // Transaction control, and INSERT ... VALUES, read no rows.
    for (const statement of sent.filter(({ sql }) => /^(SELECT|UPDATE|DELETE)\b/.test(sql))) {
      const shape = statementFingerprint(statement.sql, db.dialect).replace(
        /\((?:\?|\$\d+)(?:, (?:\?|\$\d+))*\)/g,
        '(?)',
      );
      if (!byShape.has(shape)) byShape.set(shape, statement);
    }
    return [...byShape.values()];
  }

  /**
   * A statement as a reader of the expected list knows it: what it does to which table, the
   * columns it sets and the columns it filters by (`DELETE refresh_tokens WHERE expires_at`).
   */
  function describeStatement(sql: string): string {
    const text = statementFingerprint(sql, db.dialect).replaceAll('`', '');
    const verb = /^\w+/.exec(text)?.[0] ?? '';
    const table = /(?:FROM|UPDATE)\s+(\w+)/.exec(text)?.[1] ?? '';
    const columnsBefore = (part: string) => [
      ...new Set(
        [...part.matchAll(/(?:\w+\.)?(\w+)\s*(?:<=|>=|<|>|=|\bIN\b|\bIS\b)/g)]
          .map((match) => match[1] ?? '')
          .filter((column) => column !== 'rowid'),
      ),
    ];
    const where = text.search(/\bWHERE\b/);
    const set = verb === 'UPDATE' ? /\bSET\b(.*?)\bWHERE\b/.exec(text)?.[1] : undefined;
    return [
      `${verb} ${table}`,
      ...(set === undefined ? [] : [`SET ${columnsBefore(set).join(', ')}`]),
      `WHERE ${columnsBefore(where === -1 ? '' : text.slice(where)).join(', ')}`,
    ].join(' ');
  }

  /** Whether a step of a plan reads `index` of `table` (PRIMARY: the table's primary key). */
  async function readerOf(table: string, index: string): Promise<RegExp> {
    if (index !== PRIMARY) return new RegExp(`(key=|INDEX )${index}\\b`);
    if (db.dialect === 'mysql') return /key=PRIMARY\b/;
    // SQLite: the rowid for an INTEGER PRIMARY KEY, else the index it built for the key.
    const [key] = await db.sequelize.query<{ name: string }>(
      "SELECT name FROM pragma_index_list(:table) WHERE origin = 'pk'",
      { type: QueryTypes.SELECT, replacements: { table } },
    );
    return key ? new RegExp(`INDEX ${key.name}\\b`) : /USING INTEGER PRIMARY KEY/;
  }

  /** Whether a statement reads or changes at most MOST_ROWS_PER_STATEMENT rows. */
  function isBounded(sql: string): boolean {
    const limit = /\bLIMIT (\d+)\b/.exec(sql);
    if (limit) return Number(limit[1]) <= MOST_ROWS_PER_STATEMENT;
    // An order's lines are few: checkout caps them.
    return /\bWHERE (?:`?\w+`?\.)?`?(?:id|object_key|order_id)`? (?:= |IN \()/.test(sql);
  }

  /**
   * Each statement's plan, judged against the indexes `expected` names for it (a statement over two
   * indexes must read both), in the order of the statements' descriptions.
   */
  async function reviewStatements(
    statements: SentStatement[],
    expected: ExpectedStatements,
  ): Promise<StatementReview[]> {
    const indexesOf = new Map<string, readonly string[]>(
      expected.map(([statement, index]) => [
        statement,
        typeof index === 'string' ? [index] : index,
      ]),
    );
    const reviews = await Promise.all(
      statements.map(async ({ sql, bind }) => {
        const statement = describeStatement(sql);
        const plan = await planOfStatement(db, sql, bind);
        const table = statement.split(' ')[1] ?? '';
        const readers = await Promise.all(
          (indexesOf.get(statement) ?? []).map((index) => readerOf(table, index)),
        );
        return {
          statement,
          plan,
          // MySQL's rows of a union's or derived table's result (<union1,2>) read no table.
          scans: plan.some((step) =>
            db.dialect === 'mysql'
              ? /^[^<\s]\S* type=(ALL|index)\b/.test(step)
              : /^SCAN (?!CONSTANT ROW)/.test(step),
          ),
          sorts: sortsRows(plan),
          readsIndex:
            readers.length > 0 && readers.every((reader) => plan.some((step) => reader.test(step))),
          bounded: isBounded(sql),
        };
      }),
    );
    return reviews.sort((a, b) => a.statement.localeCompare(b.statement));
  }

  /** The review every statement must get: the expected statements, each reading its indexes. */
  const passing = (reviews: StatementReview[], expected: ExpectedStatements): StatementReview[] =>
    expected
      .map(([statement]) => statement)
      .sort((a, b) => a.localeCompare(b))
      .map((statement) => ({
        statement,
        plan: reviews.find((review) => review.statement === statement)?.plan ?? [],
        scans: false,
        sorts: false,
        readsIndex: true,
        bounded: true,
      }));

  test('when the expiry sweeper works off overdue orders, then each of its statements reads an index and a bounded number of rows', async () => {
    const overdue = await insertOrders(BACKLOG.overdueOrders, (n) => ({
      status: 'pending_payment',
      expires_at: at(-MINUTE - n * SECOND),
    }));

    const statements = await statementsOf(() => expireOverdueOrders(ctx, NOW));

    // The plans are read on the orders as the sweeper found them.
    await db.models.Order.update({ status: 'pending_payment' }, { where: { id: overdue } });
    const expected = [
      ['SELECT orders WHERE status, expires_at', 'orders_expiry'],
      ['SELECT order_lines WHERE order_id', 'order_lines_one_per_book'],
      ['UPDATE orders SET status, updated_at WHERE id, status, expires_at', PRIMARY],
      ['UPDATE books SET stock, updated_at WHERE id', PRIMARY],
    ] as const;
    const reviews = await reviewStatements(statements, expected);
    expect(reviews).toEqual(passing(reviews, expected));
  });

  test('when the outbox relay publishes a backlog and one event fails, then each of its statements reads an index and a bounded number of rows', async () => {
    const first = Number(await db.models.OutboxEvent.max('id')) + 1;
    await insertRows('outbox_events', BACKLOG.unpublishedEvents, (n) => ({
      id: first + n,
      event_id: randomUUID(),
      type: 'order.placed',
      aggregate_type: 'order',
      aggregate_id: n + 1,
      payload: '{}',
      attempts: 0,
      published_at: null,
      created_at: at(-n * SECOND),
    }));
    const unpublished = Array.from({ length: BACKLOG.unpublishedEvents }, (_, n) => first + n);
    const failing = unpublished.at(-1);
    // The queue: it takes every event but the backlog's last one.
    const sink: EventSink = {
      name: 'test-queue',
      publish: (events) =>
        Promise.resolve({
          published: events.map((event) => event.id).filter((id) => id !== failing),
          failed: events
            .filter((event) => event.id === failing)
            .map((event) => ({ id: event.id, error: 'refused' })),
        }),
    };
    const relay = createOutboxRelay({
      db,
      outbox: ctx.outbox,
      sink,
      logger: createLogger('silent'),
      now: () => NOW,
    });

    const statements = await statementsOf(() => relay.relayPending());

    // The plans are read on the events as the relay found them.
    await db.models.OutboxEvent.update({ publishedAt: null }, { where: { id: unpublished } });
    const expected = [
      ['SELECT outbox_events WHERE published_at', 'outbox_events_unpublished'],
      ['UPDATE outbox_events SET published_at, attempts, last_error WHERE id', PRIMARY],
      ['UPDATE outbox_events SET attempts, last_error WHERE id', PRIMARY],
    ] as const;
    const reviews = await reviewStatements(statements, expected);
    expect(reviews).toEqual(passing(reviews, expected));
  });

  test('when housekeeping prunes a backlog of stale records, then each delete reads an index and removes a bounded batch', async () => {
    const insertStaleRecords = async () => {
      const batch = (serial += 1);
      await insertRows('idempotency_records', BACKLOG.staleRecords, (n) => ({
        user_id: ids.buyer,
        idempotency_key: `stale-${batch}-${n}`,
        request_hash: 'a'.repeat(64),
        response_status: 201,
        response_body: '{}',
        created_at: at(-IDEMPOTENCY_KEY_RETENTION_MS - n * SECOND),
        updated_at: at(-IDEMPOTENCY_KEY_RETENTION_MS - n * SECOND),
      }));
      await insertRows('refresh_tokens', BACKLOG.staleRecords, (n) => ({
        user_id: ids.buyer,
        family_id: randomUUID(),
        token_hash: keyOf(`expired-${batch}`, n),
        expires_at: at(-SECOND - n * SECOND),
        created_at: at(-30 * DAY),
      }));
      await insertRows('login_throttles', BACKLOG.staleRecords, (n) => ({
        throttle_key: `stale:${batch}:${n}`,
        failures: 5,
        window_started_at: at(-DAY - n * SECOND),
        locked_until: n % 2 === 0 ? null : at(-DAY + THROTTLE_WINDOW_SECONDS * SECOND),
        updated_at: at(-DAY),
      }));
      await insertRows('outbox_events', BACKLOG.staleRecords, (n) => ({
        event_id: randomUUID(),
        type: 'order.paid',
        aggregate_type: 'order',
        aggregate_id: n + 1,
        payload: '{}',
        attempts: 1,
        published_at: at(-PUBLISHED_EVENT_RETENTION_MS - n * SECOND),
        created_at: at(-PUBLISHED_EVENT_RETENTION_MS - n * SECOND - MINUTE),
      }));
      await insertRows('processed_events', BACKLOG.staleRecords, (n) => ({
        event_id: randomUUID(),
        consumer: 'notifications',
        processed_at: at(-PROCESSED_EVENT_RETENTION_MS - n * SECOND),
      }));
    };
    await insertStaleRecords();
    const deps = {
      idempotency: ctx.idempotency,
      refreshTokens: createRefreshTokenRepository(db),
      loginThrottles: createLoginThrottleRepository(db),
      throttleWindowSeconds: THROTTLE_WINDOW_SECONDS,
      outbox: ctx.outbox,
      processedEvents: createProcessedEventRepository(db),
    };

    const statements = await statementsOf(() => pruneStaleRecords(deps, NOW));

    // The plans are read with a backlog waiting, as the first of the job's deletes found it.
    await insertStaleRecords();
    const expected = [
      ['DELETE idempotency_records WHERE created_at', 'idempotency_records_age'],
      ['DELETE refresh_tokens WHERE expires_at', 'refresh_tokens_expiry'],
      ['DELETE login_throttles WHERE locked_until, window_started_at', 'login_throttles_window'],
      // The index the relay claims by: unpublished events (null) sort before any time, out of range.
      ['DELETE outbox_events WHERE published_at', 'outbox_events_unpublished'],
      ['DELETE processed_events WHERE processed_at', 'processed_events_age'],
    ] as const;
    const reviews = await reviewStatements(statements, expected);
    expect(reviews).toEqual(passing(reviews, expected));
  });

  test('when housekeeping sweeps released covers, then each of its statements reads an index and a bounded number of rows', async () => {
    const batch = (serial += 1);
    const released = Array.from({ length: BACKLOG.covers }, (_, n) =>
      keyOf(`released-${batch}`, n),
    );
    // One released key that a book shows all the same (a write that bypassed the locks): kept.
    const shown = keyOf(`shown-${batch}`, 0);
    await insertRows('books', 1, () => ({
      seller_id: ids.seller,
      title: 'Shown',
      author: 'Author',
      description: '',
      condition: 'good',
      price_cents: 100,
      stock: 1,
      cover_key: shown,
      created_at: at(-DAY),
      updated_at: at(-DAY),
    }));
    const releasedAt = at(-CATALOG_CACHE_LIFETIME_MS - DAY);
    await insertRows('cover_objects', released.length + 1, (n) => ({
      object_key: released[n] ?? shown,
      released_at: releasedAt,
      removed_at: null,
    }));
    const sweep = {
      coverObjects: createCoverObjectRepository(db),
      covers: ctx.covers,
    };

    const statements = await statementsOf(() => sweepReleasedCovers(sweep, NOW));

    // The plans are read on the keys as the sweep found them.
    await db.sequelize.query(
      'UPDATE cover_objects SET released_at = ?, removed_at = NULL WHERE object_key IN (?)',
      { replacements: [releasedAt, [...released, shown]] },
    );
    const expected = [
      ['SELECT cover_objects WHERE released_at', 'cover_objects_released_at'],
      ['SELECT cover_objects WHERE object_key, released_at', PRIMARY],
      ['SELECT books WHERE cover_key, thumbnail_key', ['books_cover_key', 'books_thumbnail_key']],
      ['UPDATE cover_objects SET released_at WHERE object_key', PRIMARY],
      ['UPDATE cover_objects SET released_at, removed_at WHERE object_key', PRIMARY],
    ] as const;
    const reviews = await reviewStatements(statements, expected);
    expect(reviews).toEqual(passing(reviews, expected));
  });
});
