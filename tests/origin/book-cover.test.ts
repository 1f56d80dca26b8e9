import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { sweepReleasedCovers } from '../../origin/housekeeping/sweep-released-covers';
import { createCoverObjectRepository } from '../../origin/covers/cover-object-repository';
import { CATALOG_CACHE_LIFETIME_MS } from '../../shared/domain/catalog-cache-lifetime';
import { jpegWithGps, pngBomb, pngOf } from '../support/cover-images';
import {
  createCaller,
  createSellerWithBook,
  startOriginTestApp,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

const COVER_URL = /^\/covers\/([0-9a-f]{64})\.webp$/;

const putCover = (authorization: string, bookId: number | string, body: Buffer, type: string) =>
  request(harness.app)
    .put(`/api/v1/books/${bookId}/cover`)
    .set('authorization', authorization)
    .set('content-type', type)
    .send(body);

const deleteCover = (authorization: string, bookId: number) =>
  request(harness.app).delete(`/api/v1/books/${bookId}/cover`).set('authorization', authorization);

/** The key in a cover URL the API returned. */
function keyOf(url: unknown): string {
  const match = COVER_URL.exec(String(url));
  if (!match?.[1]) throw new Error(`not a cover URL: ${String(url)}`);
  return match[1];
}

const storedFile = (key: string) => join(harness.coversDir, `${key}.webp`);

/** Runs the housekeeping sweep of released covers as it would run `ms` from now. */
const sweepAfter = (ms: number) =>
  sweepReleasedCovers(
    { coverObjects: createCoverObjectRepository(harness.db), covers: harness.ctx.covers },
    new Date(Date.now() + ms),
  );

/** Sends a request with raw control over the body, answering with the status and body text. */
function rawRequest(
  path: string,
  headers: Record<string, string>,
  send: (req: ReturnType<typeof httpRequest>) => void,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${harness.baseUrl}${path}`, { method: 'PUT', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    send(req);
  });
}

describe('PUT /api/v1/books/{id}/cover', () => {
  test('when the seller uploads a JPEG, then the book has a large and a thumbnail WebP cover', async () => {
    const { seller, book } = await createSellerWithBook(harness);

    const response = await putCover(
      seller.authorization,
      book.id,
      await jpegWithGps(),
      'image/jpeg',
    );

    expect(response.status).toBe(200);
    expect(response.body.book).toMatchObject({
      id: book.id,
      coverUrl: expect.stringMatching(COVER_URL),
      thumbnailUrl: expect.stringMatching(COVER_URL),
    });
    const large = await sharp(
      readFileSync(storedFile(keyOf(response.body.book.coverUrl))),
    ).metadata();
    const thumbnail = await sharp(
      readFileSync(storedFile(keyOf(response.body.book.thumbnailUrl))),
    ).metadata();
    expect([large.format, large.width, large.height]).toEqual(['webp', 600, 900]);
    expect([thumbnail.format, thumbnail.width, thumbnail.height]).toEqual(['webp', 200, 300]);
  });

  test('when the upload carries EXIF with a GPS position, then the stored renditions carry no metadata', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const response = await putCover(seller.authorization, book.id, original, 'image/jpeg');

    for (const url of [response.body.book.coverUrl, response.body.book.thumbnailUrl]) {
      const stored = readFileSync(storedFile(keyOf(url)));
      const metadata = await sharp(stored).metadata();
      expect([metadata.exif, metadata.xmp, metadata.icc]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(stored.includes(Buffer.from('PhoneCo'))).toBe(false);
    }
  });

  test('when a cover is stored, then its key is the SHA-256 of its bytes and the same picture gets the same keys', async () => {
    const first = await createSellerWithBook(harness);
    const second = await createSellerWithBook(harness);
    const png = await pngOf('#225588');

    const a = await putCover(first.seller.authorization, first.book.id, png, 'image/png');
    const b = await putCover(second.seller.authorization, second.book.id, png, 'image/png');

    const key = keyOf(a.body.book.coverUrl);
    expect(
      createHash('sha256')
        .update(readFileSync(storedFile(key)))
        .digest('hex'),
    ).toBe(key);
    expect(b.body.book.coverUrl).toBe(a.body.book.coverUrl);
    expect(b.body.book.thumbnailUrl).toBe(a.body.book.thumbnailUrl);
  });

  test('when the seller replaces a cover, then the old renditions stay while catalog caches may name them and go after', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const before = await putCover(
      seller.authorization,
      book.id,
      await pngOf('#aa2200'),
      'image/png',
    );

    const after = await putCover(
      seller.authorization,
      book.id,
      await pngOf('#00aa22'),
      'image/png',
    );

    expect(after.status).toBe(200);
    expect(after.body.book.coverUrl).not.toBe(before.body.book.coverUrl);
    const old = [before.body.book.coverUrl, before.body.book.thumbnailUrl].map(keyOf);
    await sweepAfter(CATALOG_CACHE_LIFETIME_MS - 5000);
    expect(old.map((key) => existsSync(storedFile(key)))).toEqual([true, true]);
    await sweepAfter(CATALOG_CACHE_LIFETIME_MS + 1000);
    expect(old.map((key) => existsSync(storedFile(key)))).toEqual([false, false]);
    expect(existsSync(storedFile(keyOf(after.body.book.coverUrl)))).toBe(true);
  });

  test('when a replaced picture is still the cover of another book, then its objects stay', async () => {
    const mine = await createSellerWithBook(harness);
    const theirs = await createSellerWithBook(harness);
    const shared = await pngOf('#777700');
    const original = await putCover(mine.seller.authorization, mine.book.id, shared, 'image/png');
    await putCover(theirs.seller.authorization, theirs.book.id, shared, 'image/png');

    await putCover(mine.seller.authorization, mine.book.id, await pngOf('#007777'), 'image/png');
    await sweepAfter(CATALOG_CACHE_LIFETIME_MS + 1000);

    expect(existsSync(storedFile(keyOf(original.body.book.coverUrl)))).toBe(true);
    expect(existsSync(storedFile(keyOf(original.body.book.thumbnailUrl)))).toBe(true);
  });

  test('when a text file is sent as image/png, then it is a 415 problem and nothing is stored', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const files = readdirSync(harness.coversDir).length;

    const response = await putCover(
      seller.authorization,
      book.id,
      Buffer.from('Chapter one.\nIt was a dark and stormy night.\n'),
      'image/png',
    );

    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toMatch(/not a JPEG, PNG or WebP image/);
    expect(readdirSync(harness.coversDir)).toHaveLength(files);
  });

  test.each([
    ['an SVG', 'image/png', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'],
    ['a JSON body', 'application/json', '{"cover":"x"}'],
    ['plain text', 'text/plain', 'hello'],
  ])('when %s is sent, then it is a 415', async (_name, type, body) => {
    const { seller, book } = await createSellerWithBook(harness);

    const response = await putCover(seller.authorization, book.id, Buffer.from(body), type);

    expect(response.status).toBe(415);
  });

  test('when a decompression bomb (a tiny PNG declaring 20000 × 20000 pixels) is sent, then it is a 400 and the book keeps no cover', async () => {
    const { seller, book } = await createSellerWithBook(harness);

    const response = await putCover(
      seller.authorization,
      book.id,
      pngBomb(20000, 20000),
      'image/png',
    );

    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/too many pixels/);
    expect((await harness.db.models.Book.findByPk(book.id))?.coverKey).toBeNull();
  });

  test('when the image is truncated, then it is a 400', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const jpeg = await jpegWithGps();

    const response = await putCover(
      seller.authorization,
      book.id,
      jpeg.subarray(0, 1500),
      'image/jpeg',
    );

    expect(response.status).toBe(400);
  });

  test('when the body is empty, then it is a 400', async () => {
    const { seller, book } = await createSellerWithBook(harness);

    const response = await putCover(seller.authorization, book.id, Buffer.alloc(0), 'image/png');

    expect(response.status).toBe(400);
  });

  test('when the declared length is over 5 MB, then it is a 413 before any of the body is sent', async () => {
    const { seller, book } = await createSellerWithBook(harness);

    // The client sends only the headers and waits: the answer cannot depend on reading the body.
    const response = await rawRequest(
      `/api/v1/books/${book.id}/cover`,
      {
        authorization: seller.authorization,
        'content-type': 'image/jpeg',
        'content-length': String(5 * 1024 * 1024 + 1),
      },
      (req) => req.flushHeaders(),
    );

    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ status: 413 });
  });

  test('when a body without a length passes 5 MB, then it is a 413', async () => {
    const { seller, book } = await createSellerWithBook(harness);

    const response = await rawRequest(
      `/api/v1/books/${book.id}/cover`,
      {
        authorization: seller.authorization,
        'content-type': 'image/png',
        'transfer-encoding': 'chunked',
      },
      (req) => req.end(Buffer.alloc(5 * 1024 * 1024 + 1)),
    );

    expect(response.status).toBe(413);
  });

  test("when someone uploads to another seller's book, then it is a 403 and the book keeps its cover", async () => {
    const { book } = await createSellerWithBook(harness);
    const stranger = await createCaller(harness);

    const response = await putCover(
      stranger.authorization,
      book.id,
      await pngOf('#123456'),
      'image/png',
    );

    expect(response.status).toBe(403);
    expect((await harness.db.models.Book.findByPk(book.id))?.coverKey).toBeNull();
  });

  test('when the book does not exist or was deleted, then it is a 404', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    await harness.db.models.Book.destroy({ where: { id: book.id } });
    const png = await pngOf('#654321');

    const deleted = await putCover(seller.authorization, book.id, png, 'image/png');
    const missing = await putCover(seller.authorization, 2_000_000_000, png, 'image/png');

    expect([deleted.status, missing.status]).toEqual([404, 404]);
  });

  test('when the path or query is not what the route takes, then it is a 400 naming the parameter', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const png = await pngOf('#222222');

    const badId = await putCover(seller.authorization, 'abc', png, 'image/png');
    const unknownQuery = await request(harness.app)
      .put(`/api/v1/books/${book.id}/cover?size=large`)
      .set('authorization', seller.authorization)
      .set('content-type', 'image/png')
      .send(png);

    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ path: 'id' })]);
    expect(unknownQuery.status).toBe(400);
    expect(unknownQuery.body.errors).toEqual([expect.objectContaining({ path: 'size' })]);
    expect((await harness.db.models.Book.findByPk(book.id))?.coverKey).toBeNull();
  });

  test('when no access token is sent, then it is a 401', async () => {
    const { book } = await createSellerWithBook(harness);

    const response = await request(harness.app)
      .put(`/api/v1/books/${book.id}/cover`)
      .set('content-type', 'image/png')
      .send(await pngOf('#111111'));

    expect(response.status).toBe(401);
  });
});

describe('DELETE /api/v1/books/{id}/cover', () => {
  test('when the seller removes the cover, then the book has none and its objects go after the catalog cache lifetime', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const put = await putCover(seller.authorization, book.id, await pngOf('#440044'), 'image/png');

    const response = await deleteCover(seller.authorization, book.id);

    expect(response.status).toBe(204);
    const after = await request(harness.app)
      .get('/api/v1/me/books')
      .set('authorization', seller.authorization);
    expect(after.body.items[0]).toMatchObject({ id: book.id, coverUrl: null, thumbnailUrl: null });
    expect(existsSync(storedFile(keyOf(put.body.book.coverUrl)))).toBe(true);
    await sweepAfter(CATALOG_CACHE_LIFETIME_MS + 1000);
    expect(existsSync(storedFile(keyOf(put.body.book.coverUrl)))).toBe(false);
    expect(existsSync(storedFile(keyOf(put.body.book.thumbnailUrl)))).toBe(false);
  });

  test("when someone removes another seller's cover, then it is a 403 and the cover stays", async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const put = await putCover(seller.authorization, book.id, await pngOf('#004400'), 'image/png');
    const stranger = await createCaller(harness);

    const response = await deleteCover(stranger.authorization, book.id);

    expect(response.status).toBe(403);
    await sweepAfter(CATALOG_CACHE_LIFETIME_MS + 1000);
    expect(existsSync(storedFile(keyOf(put.body.book.coverUrl)))).toBe(true);
  });
});

describe('GET /covers/{key}.webp (local storage)', () => {
  test('when a stored cover is requested, then it is image/webp cached as immutable for a year', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const put = await putCover(seller.authorization, book.id, await pngOf('#335577'), 'image/png');

    const response = await request(harness.app).get(put.body.book.thumbnailUrl).buffer(true);

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/webp');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await sharp(response.body as Buffer).metadata()).width).toBe(200);
  });

  test('when an unknown cover is requested, then it is a 404 problem', async () => {
    const response = await request(harness.app).get(`/covers/${'0'.repeat(64)}.webp`);

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
