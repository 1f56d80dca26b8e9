import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../shared/config';
import { MAX_COVER_BYTES } from '../shared/covers/cover-renditions';
import type { Database } from '../shared/db/create-database';
import { pngBomb } from '../tests/support/cover-images';
import { freshBenchDatabase } from './bench-database';
import { recordFigures } from './bench-results';
import { benchEnvironment, benchTokens } from './bench-settings';
import { startOrigin, stopOrigin, usageOf } from './origin-process';
import { percentile } from './percentile';

/**
 * Issue 22's upload budget: eight hostile cover uploads at once must leave the origin under 400 MB
 * of resident memory and its other authenticated requests under 500 ms (p95 and p99). The origin
 * runs in a process of its own as the container runs it (bench/origin-process.ts), over MariaDB;
 * UPLOADERS sellers upload without pause for SECONDS, each a 6,000 × 6,600 progressive JPEG (the
 * costliest picture the limits let through: about 3 s of CPU and 120 MB to decode) or, one upload
 * in four, a PNG header claiming 39,000,000 × 1 16-bit RGBA; meanwhile READERS signed-in users list
 * their books (a token check and a query) without pause. The same readers run first alone, for
 * comparison. Asserts nothing; prints and records the figures.
 *
 *   npm run bench:covers        (UPLOADERS=8 READERS=8 SECONDS=20 npm run bench:covers)
 *
 * Database: COVERS_BENCH_DATABASE_URL, default mysql://root@127.0.0.1:3306/bookstore_covers_bench
 * (dropped, created and migrated at the start of every run).
 */

const UPLOADERS = Number(process.env.UPLOADERS ?? 8);
const READERS = Number(process.env.READERS ?? 8);
const SECONDS = Number(process.env.SECONDS ?? 20);
const QUIET_SECONDS = 5;
const POOL_MAX = 10;
const DATABASE_URL =
  process.env.COVERS_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bookstore_covers_bench';

function freshDatabase(): Promise<Database> {
  return freshBenchDatabase(DATABASE_URL, POOL_MAX);
}

/**
 * A 6,000 × 6,600 progressive JPEG of photo-like noise under the 5 MB limit: progressive JPEGs are
 * decoded whole (no streaming), so this is the most memory an accepted upload can take.
 */
async function heaviestAcceptedJpeg(): Promise<Buffer> {
  const [width, height] = [250, 275];
  const jpeg = await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .resize(6000, 6600)
    .jpeg({ progressive: true, quality: 75 })
    .toBuffer();
  if (jpeg.length > MAX_COVER_BYTES) throw new Error(`the bench JPEG is ${jpeg.length} bytes`);
  return jpeg;
}

const until = (seconds: number) => performance.now() + seconds * 1000;

async function readLoop(base: string, authorization: string, end: number, into: number[]) {
  while (performance.now() < end) {
    const sent = performance.now();
    const response = await fetch(`${base}/api/v1/me/books`, { headers: { authorization } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/me/books answered ${response.status}`);
    into.push(performance.now() - sent);
  }
}

async function main(): Promise<void> {
  const db = await freshDatabase();
  const coversDir = mkdtempSync(join(tmpdir(), 'bookstore-covers-bench-'));
  const env = benchEnvironment({ LOG_LEVEL: 'silent', DATABASE_URL, COVERS_DIR: coversDir });
  const config = loadConfig(env);
  const { signer, jwks } = await benchTokens(config);
  const jpeg = await heaviestAcceptedJpeg();
  const bomb = pngBomb(39_000_000, 1, { bitDepth: 16, colour: 'rgba' });
  const { child, base } = await startOrigin(undefined, {
    databaseUrl: DATABASE_URL,
    poolMax: POOL_MAX,
    jwks,
    env,
  });

  const users = await db.models.User.bulkCreate(
    Array.from({ length: UPLOADERS + READERS }, (_, index) => ({
      name: `Bench user ${index}`,
      email: `user-${index}@covers-bench.local`,
      passwordHash: 'x',
    })),
  );
  const bearer = async (userId: number) =>
    `Bearer ${(await signer.sign({ userId, role: 'customer' })).accessToken}`;
  const sellers = await Promise.all(
    users.slice(0, UPLOADERS).map(async (user) => ({
      authorization: await bearer(user.id),
      bookId: (
        await db.models.Book.create({
          sellerId: user.id,
          title: 'A book with a heavy cover',
          author: 'Bench Author',
          description: '',
          condition: 'good',
          priceCents: 1000,
          stock: 1,
        })
      ).id,
    })),
  );
  const readers = await Promise.all(users.slice(UPLOADERS).map((user) => bearer(user.id)));

  // Warm-up: connections, JIT, the token key's import, sharp's first load.
  await readLoop(base, readers[0]!, until(1), []);
  const quiet: number[] = [];
  await Promise.all(readers.map((reader) => readLoop(base, reader, until(QUIET_SECONDS), quiet)));

  const statuses = new Map<number, number>();
  const loaded: number[] = [];
  const end = until(SECONDS);
  await Promise.all([
    ...sellers.map(async ({ authorization, bookId }, seller) => {
      // Staggered, so that bombs arrive from the start, while the queue is full of JPEGs.
      for (let upload = seller; performance.now() < end; upload += 1) {
        const hostile =
          upload % 4 === 3 ? { body: bomb, type: 'image/png' } : { body: jpeg, type: 'image/jpeg' };
        const response = await fetch(`${base}/api/v1/books/${bookId}/cover`, {
          method: 'PUT',
          headers: { authorization, 'content-type': hostile.type },
          body: hostile.body,
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
    ...readers.map((reader) => readLoop(base, reader, end, loaded)),
  ]);
  const { maxRssBytes, memory } = await usageOf(child);
  await stopOrigin(child);
  await db.close();
  rmSync(coversDir, { recursive: true, force: true });

  quiet.sort((a, b) => a - b);
  loaded.sort((a, b) => a - b);
  const ms = (value: number) => Math.round(value * 10) / 10;
  const figures = {
    quietP95: ms(percentile(quiet, 95)),
    quietP99: ms(percentile(quiet, 99)),
    loadedP95: ms(percentile(loaded, 95)),
    loadedP99: ms(percentile(loaded, 99)),
    peakRssMb: Math.round(maxRssBytes / 2 ** 20),
  };
  const answers = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ');
  process.stdout.write(
    `\nCover uploads against the origin (MariaDB, pool ${POOL_MAX}): ${UPLOADERS} sellers uploading without pause ` +
      `for ${SECONDS} s (a ${(jpeg.length / 2 ** 20).toFixed(1)} MB 6000 × 6600 progressive JPEG, one in four a ` +
      `39,000,000 × 1 PNG header), ${READERS} readers of /me/books\n\n` +
      `uploads answered: ${answers}\n` +
      `/me/books alone:        ${quiet.length} requests, p95 ${figures.quietP95} ms, p99 ${figures.quietP99} ms\n` +
      `/me/books with uploads: ${loaded.length} requests, p95 ${figures.loadedP95} ms, p99 ${figures.loadedP99} ms\n` +
      `origin peak RSS ${figures.peakRssMb} MB; at the end ${Math.round(memory.rss / 2 ** 20)} MB\n`,
  );
  recordFigures('covers', [
    { figure: 'authenticated request p95, alone', value: figures.quietP95, unit: ' ms' },
    {
      figure: `authenticated request p95, ${UPLOADERS} hostile uploads at once`,
      value: figures.loadedP95,
      unit: ' ms',
      target: { below: 500 },
    },
    {
      figure: `authenticated request p99, ${UPLOADERS} hostile uploads at once`,
      value: figures.loadedP99,
      unit: ' ms',
      target: { below: 500 },
    },
    {
      figure: `peak RSS of the origin, ${UPLOADERS} hostile uploads at once`,
      value: figures.peakRssMb,
      unit: ' MB',
      target: { below: 400 },
    },
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
