import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { TEST_DATA_DIR } from '../support/test-paths';
import { startOriginTestApp, type OriginTestApp } from './origin-test-app';

/**
 * Renders, token checks, the SQLite driver and DNS share libuv's thread pool. While it runs nothing
 * (four slow renders filled it in issue 22, and every authenticated request took 41 s), /readyz must
 * say so, and /healthz must not (the process is alive; restarting it would not help). The pool is
 * filled by opening a named pipe for reading: each open holds a pool thread until a writer opens
 * it, which the test does when it chooses.
 */

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

/** More blocked opens than any pool size the tests run with; the rest wait in libuv's queue. */
const BLOCKERS = 64;

test('when every thread of the pool is taken, then /readyz is a 503 thread-pool-busy while /healthz stays 200, and it is ready again once the pool runs', async () => {
  const fifo = join(mkdtempSync(join(TEST_DATA_DIR, 'pool-')), 'pool');
  execFileSync('mkfifo', [fifo]);
  const readers: Array<Promise<FileHandle>> = Array.from({ length: BLOCKERS }, () =>
    open(fifo, 'r'),
  );
  let writer: number | undefined;
  try {
    const starved = await request(harness.app).get('/readyz');
    const alive = await request(harness.app).get('/healthz');
    // Opening the writing end lets every blocked reader through, then the queued ones at once.
    writer = openSync(fifo, 'w');
    await Promise.all((await Promise.all(readers)).map((handle) => handle.close()));
    const recovered = await request(harness.app).get('/readyz');

    expect(starved.status).toBe(503);
    expect(starved.body.type).toMatch(/thread-pool-busy$/);
    expect(starved.headers['retry-after']).toBe('1');
    expect(alive.status).toBe(200);
    expect(recovered.status).toBe(200);
  } finally {
    writer ??= openSync(fifo, 'w');
    await Promise.allSettled(readers.map(async (reader) => (await reader).close()));
    closeSync(writer);
  }
});
