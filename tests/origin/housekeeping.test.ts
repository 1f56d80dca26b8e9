import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import { createIdempotencyRepository } from '../../origin/http/idempotency-repository';
import { createProcessedEventRepository } from '../../origin/housekeeping/processed-event-repository';
import { createOutboxRepository } from '../../origin/outbox/outbox-repository';
import { createLoginThrottleRepository } from '../../shared/db/repositories/login-throttle-repository';
import { createRefreshTokenRepository } from '../../shared/db/repositories/refresh-token-repository';
import {
  IDEMPOTENCY_KEY_RETENTION_MS,
  PROCESSED_EVENT_RETENTION_MS,
  PRUNE_BATCH_ROWS,
  PRUNE_BATCHES_PER_RUN,
  PUBLISHED_EVENT_RETENTION_MS,
  pruneStaleRecords,
  type HousekeepingDependencies,
} from '../../origin/housekeeping/prune-stale-records';
import { createUser, unique } from '../support/factories';
import { openTestDatabase } from '../support/test-database';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const WINDOW_SECONDS = 900;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const later = (ms: number) => new Date(NOW.getTime() + ms);

let db: Database;
let deps: HousekeepingDependencies;
let userId: number;

beforeAll(async () => {
  db = openTestDatabase();
  deps = {
    idempotency: createIdempotencyRepository(db),
    refreshTokens: createRefreshTokenRepository(db),
    loginThrottles: createLoginThrottleRepository(db),
    throttleWindowSeconds: WINDOW_SECONDS,
    outbox: createOutboxRepository(db),
    processedEvents: createProcessedEventRepository(db),
  };
  userId = (await createUser(db)).id;
});

afterAll(() => db.close());

beforeEach(async () => {
  await db.models.IdempotencyRecord.destroy({ where: {} });
  await db.models.RefreshToken.destroy({ where: {} });
  await db.models.LoginThrottle.destroy({ where: {} });
  await db.models.OutboxEvent.destroy({ where: {} });
  await db.sequelize.query('DELETE FROM processed_events');
});

async function idempotencyRecords(createdAt: Date[]): Promise<void> {
  await db.models.IdempotencyRecord.bulkCreate(
    createdAt.map((at) => ({
      userId,
      idempotencyKey: unique('key'),
      requestHash: 'a'.repeat(64),
      createdAt: at,
      updatedAt: at,
    })),
  );
}

/** Order events in the outbox published at the times given (null: not yet); returns their ids. */
async function outboxEvents(
  events: Array<{ publishedAt: Date | null; createdAt?: Date }>,
): Promise<string[]> {
  const rows = events.map(({ publishedAt, createdAt }) => ({
    eventId: randomUUID(),
    type: 'order.paid',
    aggregateType: 'order',
    aggregateId: 1,
    payload: '{}',
    attempts: publishedAt ? 1 : 0,
    publishedAt,
    createdAt: createdAt ?? publishedAt ?? NOW,
  }));
  for (let start = 0; start < rows.length; start += 2000)
    await db.models.OutboxEvent.bulkCreate(rows.slice(start, start + 2000));
  return rows.map((row) => row.eventId);
}

/** Records of events a consumer handled at the times given, in statements of 2,000 rows. */
async function processedEvents(
  handled: Array<{ processedAt: Date; consumer?: string }>,
): Promise<void> {
  const rows = handled.map(({ processedAt, consumer }) => ({
    event_id: randomUUID(),
    consumer: consumer ?? 'notifications',
    processed_at: processedAt,
  }));
  for (let start = 0; start < rows.length; start += 2000)
    await db.sequelize
      .getQueryInterface()
      .bulkInsert('processed_events', rows.slice(start, start + 2000));
}

/** When the records left were made, oldest first. */
async function processedEventTimes(): Promise<number[]> {
  const rows = await db.sequelize.query<{ processed_at: Date | string }>(
    'SELECT processed_at FROM processed_events ORDER BY processed_at',
    { type: QueryTypes.SELECT },
  );
  return rows.map((row) => new Date(row.processed_at).getTime());
}

describe('pruneStaleRecords', () => {
  test('when refresh tokens have expired, then they are deleted and live ones (rotated or not) stay', async () => {
    const family = unique('family').slice(0, 36);
    await db.models.RefreshToken.bulkCreate([
      { userId, familyId: family, tokenHash: unique('h1'), expiresAt: ago(1000) },
      { userId, familyId: family, tokenHash: unique('h2'), expiresAt: ago(86_400_000) },
      {
        userId,
        familyId: unique('f').slice(0, 36),
        tokenHash: unique('h3'),
        expiresAt: later(1000),
        rotatedAt: ago(5000),
      },
      {
        userId,
        familyId: unique('f').slice(0, 36),
        tokenHash: unique('h4'),
        expiresAt: later(60_000),
      },
    ]);

    const pruned = await pruneStaleRecords(deps, NOW);

    expect(pruned.refreshTokens).toBe(2);
    const left = await db.models.RefreshToken.findAll();
    expect(left.every((token) => token.expiresAt.getTime() > NOW.getTime())).toBe(true);
    expect(left).toHaveLength(2);
  });

  test('when a throttle window is over and no lock holds, then the key is deleted; open windows and live locks stay', async () => {
    const windowMs = WINDOW_SECONDS * 1000;
    await db.models.LoginThrottle.bulkCreate([
      {
        throttleKey: 'over',
        failures: 3,
        windowStartedAt: ago(windowMs + 1000),
        lockedUntil: null,
      },
      {
        throttleKey: 'lock-over',
        failures: 5,
        windowStartedAt: ago(windowMs * 3),
        lockedUntil: ago(windowMs),
      },
      { throttleKey: 'open', failures: 2, windowStartedAt: ago(1000), lockedUntil: null },
      {
        throttleKey: 'locked',
        failures: 5,
        windowStartedAt: ago(windowMs + 1000),
        lockedUntil: later(60_000),
      },
    ]);

    const pruned = await pruneStaleRecords(deps, NOW);

    expect(pruned.loginThrottles).toBe(2);
    const left = await db.models.LoginThrottle.findAll({ order: [['throttleKey', 'ASC']] });
    expect(left.map((row) => row.throttleKey)).toEqual(['locked', 'open']);
  });

  test('when there are more stale idempotency records than one batch, then all past retention go and recent ones stay', async () => {
    const old = Array.from({ length: 2500 }, (_, index) =>
      ago(IDEMPOTENCY_KEY_RETENTION_MS + 1000 + index),
    );
    await idempotencyRecords([...old, ago(IDEMPOTENCY_KEY_RETENTION_MS - 60_000), ago(1000)]);

    const pruned = await pruneStaleRecords(deps, NOW);

    expect(pruned.idempotencyRecords).toBe(2500);
    expect(await db.models.IdempotencyRecord.count()).toBe(2);
  });

  test('when published order events are past their retention, then they are deleted; unpublished ones, however old, and recently published ones stay', async () => {
    await outboxEvents(
      Array.from({ length: 1500 }, (_, index) => ({
        publishedAt: ago(PUBLISHED_EVENT_RETENTION_MS + 1000 + index),
      })),
    );
    const kept = await outboxEvents([
      // Not accepted by the queue for weeks: still to be published, never pruned.
      { publishedAt: null, createdAt: ago(PUBLISHED_EVENT_RETENTION_MS * 3) },
      { publishedAt: null },
      { publishedAt: ago(PUBLISHED_EVENT_RETENTION_MS - 60_000) },
      { publishedAt: ago(1000) },
    ]);

    const pruned = await pruneStaleRecords(deps, NOW);

    expect(pruned.publishedEvents).toBe(1500);
    const left = await db.models.OutboxEvent.findAll({ order: [['id', 'ASC']] });
    expect(left.map((event) => event.eventId)).toEqual(kept);
  });

  test('when handled events are past the time SQS could deliver them again, then their records are deleted, whichever consumer, and those within it stay', async () => {
    await processedEvents(
      Array.from({ length: 1200 }, (_, index) => ({
        processedAt: ago(PROCESSED_EVENT_RETENTION_MS + 1000 + index * 1000),
        consumer: index % 2 === 0 ? 'notifications' : 'another-consumer',
      })),
    );
    const withinRetention = [ago(PROCESSED_EVENT_RETENTION_MS - 60_000), ago(1000)];
    await processedEvents(withinRetention.map((processedAt) => ({ processedAt })));

    const pruned = await pruneStaleRecords(deps, NOW);

    expect(pruned.processedEvents).toBe(1200);
    expect(await processedEventTimes()).toEqual(withinRetention.map((at) => at.getTime()));
  });

  test('when a backlog is larger than one run may delete, then a run deletes its batches and no more, and the next run carries on', async () => {
    const mostPerRun = PRUNE_BATCH_ROWS * PRUNE_BATCHES_PER_RUN;
    await processedEvents(
      Array.from({ length: mostPerRun + 500 }, (_, index) => ({
        processedAt: ago(PROCESSED_EVENT_RETENTION_MS + 1000 + index),
      })),
    );

    const first = await pruneStaleRecords(deps, NOW);
    const leftAfterFirst = (await processedEventTimes()).length;
    const second = await pruneStaleRecords(deps, NOW);

    expect(first.processedEvents).toBe(mostPerRun);
    expect(leftAfterFirst).toBe(500);
    expect(second.processedEvents).toBe(500);
    expect(await processedEventTimes()).toEqual([]);
  });

  test('when two replicas prune at once, then every stale row is deleted exactly once between them', async () => {
    await outboxEvents(
      Array.from({ length: 1500 }, (_, index) => ({
        publishedAt: ago(PUBLISHED_EVENT_RETENTION_MS + 1000 + index),
      })),
    );
    await db.models.RefreshToken.bulkCreate(
      Array.from({ length: 1500 }, () => ({
        userId,
        familyId: unique('f').slice(0, 36),
        tokenHash: unique('t'),
        expiresAt: ago(1000),
      })),
    );

    const [first, second] = await Promise.all([
      pruneStaleRecords(deps, NOW),
      pruneStaleRecords(deps, NOW),
    ]);

    expect(first.refreshTokens + second.refreshTokens).toBe(1500);
    expect(await db.models.RefreshToken.count()).toBe(0);
    expect(first.publishedEvents + second.publishedEvents).toBe(1500);
    expect(await db.models.OutboxEvent.count()).toBe(0);
  });
});
