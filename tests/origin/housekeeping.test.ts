import type { Database } from '../../shared/db/create-database';
import { createIdempotencyRepository } from '../../origin/http/idempotency-repository';
import { createLoginThrottleRepository } from '../../shared/db/repositories/login-throttle-repository';
import { createRefreshTokenRepository } from '../../shared/db/repositories/refresh-token-repository';
import {
  IDEMPOTENCY_KEY_RETENTION_MS,
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
  };
  userId = (await createUser(db)).id;
});

afterAll(() => db.close());

beforeEach(async () => {
  await db.models.IdempotencyRecord.destroy({ where: {} });
  await db.models.RefreshToken.destroy({ where: {} });
  await db.models.LoginThrottle.destroy({ where: {} });
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

  test('when two replicas prune at once, then every stale row is deleted exactly once between them', async () => {
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
  });
});
