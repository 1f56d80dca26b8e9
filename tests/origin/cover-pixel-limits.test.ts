import request from 'supertest';
import { completePng, pngBomb, pngOf } from '../support/cover-images';
import { heldCoverRendering } from '../support/held-cover-rendering';
import { createSellerWithBook, startOriginTestApp, type OriginTestApp } from './origin-test-app';

/**
 * Each side of a cover at most 10,000 px and at most 40 megapixels in all, read from the header
 * before any pixel is decoded (a 39,000,000 × 1 PNG, under the area cap, took an origin to 9.7 GB).
 */

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

async function putCover(body: Buffer) {
  const { seller, book } = await createSellerWithBook(harness);
  const response = await request(harness.app)
    .put(`/api/v1/books/${book.id}/cover`)
    .set('authorization', seller.authorization)
    .set('content-type', 'image/png')
    .send(body);
  const stored = await harness.db.models.Book.findByPk(book.id);
  return { response, coverKey: stored?.coverKey };
}

describe('PUT /api/v1/books/{id}/cover with too many pixels', () => {
  test('when a complete PNG has a side over 10,000 px but under 40 megapixels, then it is a 400 image-too-large', async () => {
    const { response, coverKey } = await putCover(completePng({ width: 10_001, height: 3000 }));

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      type: expect.stringMatching(/image-too-large$/),
      detail: expect.stringMatching(/10,000 on a side/),
    });
    expect(coverKey).toBeNull();
  });

  test.each([
    ['39,000,000 × 1, 16-bit RGBA', pngBomb(39_000_000, 1, { bitDepth: 16, colour: 'rgba' })],
    ['10,000,000 × 1 grey', pngBomb(10_000_000, 1)],
    ['1 × 39,000,000 grey', pngBomb(1, 39_000_000)],
    ['10,000 × 10,000 (100 megapixels)', pngBomb(10_000, 10_000)],
  ])(
    'when a PNG header claims %s while every render slot and the queue are taken, then it is refused with a 400 at once, undecoded',
    async (_name, bomb) => {
      const busy = heldCoverRendering({ active: 1, waiting: 1, maxWaitMs: 60_000 });
      const app = await startOriginTestApp({ coverRendering: busy.rendering });
      try {
        const png = await pngOf('#445566');
        const { seller, book } = await createSellerWithBook(app);
        const holding = [1, 2].map(() =>
          request(app.app)
            .put(`/api/v1/books/${book.id}/cover`)
            .set('authorization', seller.authorization)
            .set('content-type', 'image/png')
            .send(png)
            .then((r) => r),
        );
        await busy.whenAdmitted(2);

        const response = await request(app.app)
          .put(`/api/v1/books/${book.id}/cover`)
          .set('authorization', seller.authorization)
          .set('content-type', 'image/png')
          .send(bomb);

        // A decode would have needed a slot: with none free, only a header check answers 400.
        expect(response.status).toBe(400);
        expect(response.body.type).toMatch(/image-too-large$/);
        busy.release();
        expect((await Promise.all(holding)).map((r) => r.status)).toEqual([200, 200]);
      } finally {
        busy.release();
        await app.close();
      }
    },
  );

  test('when pixel bombs arrive, then the resident memory of the process stays where it was (within 150 MB)', async () => {
    const bombs = [
      pngBomb(39_000_000, 1, { bitDepth: 16, colour: 'rgba' }),
      pngBomb(1, 39_000_000, { bitDepth: 16, colour: 'rgba' }),
      pngBomb(10_000_000, 1),
    ];
    const before = process.memoryUsage.rss();

    const statuses = [];
    for (const bomb of bombs) statuses.push((await putCover(bomb)).response.status);

    expect(statuses).toEqual([400, 400, 400]);
    expect(process.memoryUsage.rss() - before).toBeLessThan(150 * 1024 * 1024);
  });
});
