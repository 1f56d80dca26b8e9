import request from 'supertest';
import { RENDER_SLOT_LIMITS } from '../../origin/covers/render-slots';
import { pngOf } from '../support/cover-images';
import { heldCoverRendering, type HeldCoverRendering } from '../support/held-cover-rendering';
import { createSellerWithBook, startOriginTestApp, type OriginTestApp } from './origin-test-app';

/**
 * Rendering is bounded per process: a few renders at once, a short queue, then 503 with
 * Retry-After; /readyz says unready while the queue is full. Renders are held by the test (no
 * timing): the slots fill exactly when the test says.
 */

let harness: OriginTestApp;
let held: HeldCoverRendering;

const putCover = async (harnessApp: OriginTestApp, body: Buffer) => {
  const { seller, book } = await createSellerWithBook(harnessApp);
  return request(harnessApp.app)
    .put(`/api/v1/books/${book.id}/cover`)
    .set('authorization', seller.authorization)
    .set('content-type', 'image/png')
    .send(body);
};

describe('cover uploads beyond the render slots', () => {
  beforeAll(async () => {
    held = heldCoverRendering({ ...RENDER_SLOT_LIMITS, maxWaitMs: 60_000 });
    harness = await startOriginTestApp({ coverRendering: held.rendering });
  });

  afterAll(async () => {
    held.release();
    await harness.close();
  });

  test('when the slots and the queue hold eight uploads, then a ninth gets a 503 with Retry-After, /readyz is unready, and the eight succeed once rendered', async () => {
    expect(RENDER_SLOT_LIMITS.active + RENDER_SLOT_LIMITS.waiting).toBe(8);
    const png = await pngOf('#336699');
    const eight = Array.from({ length: 8 }, () => putCover(harness, png).then((r) => r));
    await held.whenAdmitted(8);

    const ninth = await putCover(harness, png);
    const readyWhileFull = await request(harness.app).get('/readyz');
    held.release();
    const answered = await Promise.all(eight);
    const readyAfter = await request(harness.app).get('/readyz');

    expect(ninth.status).toBe(503);
    expect(ninth.headers['retry-after']).toBe('5');
    expect(ninth.body).toMatchObject({ type: expect.stringMatching(/cover-renderer-busy$/) });
    expect(readyWhileFull.status).toBe(503);
    expect(readyWhileFull.headers['retry-after']).toBeDefined();
    expect(answered.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(readyAfter.status).toBe(200);
  });
});

describe('an upload that waits for a slot too long', () => {
  test('when the render ahead does not finish within the wait, then the waiting upload gets a 503 with Retry-After', async () => {
    const slow = heldCoverRendering({ active: 1, waiting: 1, maxWaitMs: 50 });
    const app = await startOriginTestApp({ coverRendering: slow.rendering });
    try {
      const png = await pngOf('#996633');
      const first = putCover(app, png).then((r) => r);
      await slow.whenAdmitted(1);

      const second = await putCover(app, png);
      slow.release();

      expect(second.status).toBe(503);
      expect(second.headers['retry-after']).toBe('5');
      expect((await first).status).toBe(200);
    } finally {
      slow.release();
      await app.close();
    }
  });
});
