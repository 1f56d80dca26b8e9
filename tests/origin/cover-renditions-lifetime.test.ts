import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import { sweepReleasedCovers } from '../../origin/housekeeping/sweep-released-covers';
import { createS3CoverStorage } from '../../shared/covers/s3-cover-storage';
import { createCoverObjectRepository } from '../../origin/covers/cover-object-repository';
import { CATALOG_CACHE_LIFETIME_MS } from '../../shared/domain/catalog-cache-lifetime';
import { pngOf } from '../support/cover-images';
import {
  createSellerWithBook,
  sendJson,
  startOriginTestApp,
  type Caller,
  type OriginTestApp,
} from './origin-test-app';

/**
 * Renditions are shared between books by content hash. No change of covers may leave a book
 * pointing at a removed rendition, and a rendition no book uses any more stays until no cached
 * catalog answer can name it (CATALOG_CACHE_LIFETIME_MS), then the housekeeping sweep removes it,
 * on disk and in S3.
 */

const AFTER_CACHES = CATALOG_CACHE_LIFETIME_MS + 1000;
const ROUNDS = 50;

const keyOf = (url: unknown) => String(url).replace(/^\/covers\/([0-9a-f]{64})\.webp$/, '$1');

function putCover(harness: OriginTestApp, seller: Caller, bookId: number, body: Buffer) {
  return request(harness.baseUrl)
    .put(`/api/v1/books/${bookId}/cover`)
    .set('authorization', seller.authorization)
    .set('content-type', 'image/png')
    .send(body)
    .then((response) => response);
}

function sweepAfter(harness: OriginTestApp, ms: number) {
  return sweepReleasedCovers(
    { coverObjects: createCoverObjectRepository(harness.db), covers: harness.ctx.covers },
    new Date(Date.now() + ms),
  );
}

describe('covers on disk', () => {
  let harness: OriginTestApp;

  beforeAll(async () => {
    harness = await startOriginTestApp();
  });

  afterAll(async () => {
    await harness.close();
  });

  const stored = (key: string) => existsSync(join(harness.coversDir, `${key}.webp`));

  test(`when book P's cover X is replaced by Y while book Q gets X, in parallel, ${ROUNDS} times, then after the sweep no book points at a missing rendition`, async () => {
    const books: number[] = [];
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const { seller, book: p } = await createSellerWithBook(harness);
      const { seller: other, book: q } = await createSellerWithBook(harness);
      const x = await pngOf(`#${(0x100000 + round * 2).toString(16)}`, 40, 60);
      const y = await pngOf(`#${(0x100001 + round * 2).toString(16)}`, 40, 60);
      expect((await putCover(harness, seller, p.id, x)).status).toBe(200);

      const answers = await Promise.all([
        putCover(harness, seller, p.id, y),
        putCover(harness, other, q.id, x),
      ]);

      statuses.push(...answers.map((answer) => answer.status));
      books.push(p.id, q.id);
    }
    await sweepAfter(harness, AFTER_CACHES);

    expect(statuses).toEqual(Array(2 * ROUNDS).fill(200));
    const rows = await harness.db.models.Book.findAll({ where: { id: books } });
    const missing = rows.flatMap((row) =>
      [row.coverKey, row.thumbnailKey]
        .filter((key): key is string => key !== null && !stored(key))
        .map((key) => `book ${row.id}: ${key}`),
    );
    expect(missing).toEqual([]);
    expect(rows.every((row) => row.coverKey !== null)).toBe(true);
  }, 60_000);

  test('when a book with a cover is deleted, then its renditions stay while caches may name them and go after', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const put = await putCover(harness, seller, book.id, await pngOf('#5a1f6b', 40, 60));
    const keys = [put.body.book.coverUrl, put.body.book.thumbnailUrl].map(keyOf);

    const deleted = await sendJson(harness, 'DELETE', `/api/v1/books/${book.id}`, {
      authorization: seller.authorization,
    });
    await sweepAfter(harness, CATALOG_CACHE_LIFETIME_MS - 5000);
    const duringCaches = keys.map(stored);
    await sweepAfter(harness, AFTER_CACHES);

    expect(deleted.status).toBe(204);
    expect(duringCaches).toEqual([true, true]);
    expect(keys.map(stored)).toEqual([false, false]);
  });

  test('when a picture whose renditions were swept is uploaded again, then they are stored again', async () => {
    const first = await createSellerWithBook(harness);
    const second = await createSellerWithBook(harness);
    const picture = await pngOf('#0b6e4f', 40, 60);
    const put = await putCover(harness, first.seller, first.book.id, picture);
    await request(harness.app)
      .delete(`/api/v1/books/${first.book.id}/cover`)
      .set('authorization', first.seller.authorization);
    await sweepAfter(harness, AFTER_CACHES);
    const key = keyOf(put.body.book.coverUrl);
    const afterSweep = stored(key);

    const again = await putCover(harness, second.seller, second.book.id, picture);

    expect(afterSweep).toBe(false);
    expect(keyOf(again.body.book.coverUrl)).toBe(key);
    expect(stored(key)).toBe(true);
  });
  test('when books were pointed at a released picture without the locks (as the demo seed does), then changing one of their covers works and the picture stays for the others', async () => {
    const first = await createSellerWithBook(harness);
    const picture = await pngOf('#6b4f1f', 40, 60);
    const put = await putCover(harness, first.seller, first.book.id, picture);
    await request(harness.app)
      .delete(`/api/v1/books/${first.book.id}/cover`)
      .set('authorization', first.seller.authorization);
    const key = keyOf(put.body.book.coverUrl);
    const seeded = [await createSellerWithBook(harness), await createSellerWithBook(harness)];
    await harness.db.models.Book.update(
      { coverKey: key, thumbnailKey: key },
      { where: { id: seeded.map(({ book }) => book.id) } },
    );

    const changed = await putCover(
      harness,
      seeded[0]!.seller,
      seeded[0]!.book.id,
      await pngOf('#1f6b4f', 40, 60),
    );
    await sweepAfter(harness, AFTER_CACHES);

    expect(changed.status).toBe(200);
    expect(stored(key)).toBe(true);
  });
});

describe('covers in S3', () => {
  const s3 = mockClient(S3Client);
  let harness: OriginTestApp;

  beforeAll(async () => {
    harness = await startOriginTestApp({
      coverStorage: createS3CoverStorage(new S3Client({ region: 'us-east-1' }), 'covers-bucket'),
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  /** The deletions sent for these keys (on MariaDB the sweep also meets other files' keys). */
  const deletionsOf = (keys: string[]) =>
    s3
      .commandCalls(DeleteObjectCommand)
      .map((call) => String(call.args[0].input.Key))
      .filter((key) => keys.some((k) => key === `covers/${k}.webp`))
      .sort();

  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
  });

  test('when a cover is replaced, then its old objects are deleted from the bucket only after the catalog cache lifetime, once', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const before = await putCover(harness, seller, book.id, await pngOf('#a83232'));
    await putCover(harness, seller, book.id, await pngOf('#32a852'));
    const old = [before.body.book.coverUrl, before.body.book.thumbnailUrl].map(keyOf);

    await sweepAfter(harness, CATALOG_CACHE_LIFETIME_MS - 5000);
    const duringCaches = deletionsOf(old);
    await sweepAfter(harness, AFTER_CACHES);
    await sweepAfter(harness, AFTER_CACHES);

    expect(duringCaches).toEqual([]);
    expect(deletionsOf(old)).toEqual(old.map((key) => `covers/${key}.webp`).sort());
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: 'covers-bucket' });
  });

  test('when S3 refuses a deletion, then the sweep reports the key and deletes it on a later run', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const put = await putCover(harness, seller, book.id, await pngOf('#3246a8'));
    await request(harness.app)
      .delete(`/api/v1/books/${book.id}/cover`)
      .set('authorization', seller.authorization);
    s3.on(DeleteObjectCommand).rejects(new Error('SlowDown'));

    const failing = await sweepAfter(harness, AFTER_CACHES);
    s3.on(DeleteObjectCommand).resolves({});
    const later = await sweepAfter(harness, AFTER_CACHES);

    const keys = [put.body.book.coverUrl, put.body.book.thumbnailUrl].map(keyOf).sort();
    expect(failing.failed.filter((key) => keys.includes(key)).sort()).toEqual(keys);
    expect(later.failed).toEqual([]);
    expect(deletionsOf(keys)).toHaveLength(4);
  });
});
