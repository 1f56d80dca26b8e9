import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { openTestDatabase } from '../support/test-database';
import { startOriginTestApp, type OriginTestApp } from './origin-test-app';

let withFiles: OriginTestApp;
let withoutFiles: OriginTestApp;
let ownDb: ReturnType<typeof openTestDatabase>;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'storefront-'));
  writeFileSync(join(directory, 'index.html'), '<!doctype html><title>BookStore</title>');
  writeFileSync(join(directory, 'app.js'), 'export const ready = true;');
  withFiles = await startOriginTestApp({ storefrontDir: directory });
  ownDb = openTestDatabase(2);
  withoutFiles = await startOriginTestApp({
    storefrontDir: join(directory, 'not-built-yet'),
    db: ownDb,
  });
});

afterAll(async () => {
  await withFiles.close();
  await withoutFiles.close();
  await ownDb.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the storefront files', () => {
  test('when the home page or an asset is asked, then the file is served', async () => {
    const home = await request(withFiles.app).get('/');
    const script = await request(withFiles.app).get('/app.js');

    expect(home.status).toBe(200);
    expect(home.text).toContain('<title>BookStore</title>');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  test('when a browser navigates to a page path, then index.html is served for the client-side router', async () => {
    const response = await request(withFiles.app)
      .get('/orders/42')
      .set('accept', 'text/html,application/xhtml+xml');

    expect(response.status).toBe(200);
    expect(response.text).toContain('<title>BookStore</title>');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  test('when an API path or a missing asset is asked, then there is no fallback but a 404 problem', async () => {
    const api = await request(withFiles.app).get('/api/v1/unknown').set('accept', 'text/html');
    const asset = await request(withFiles.app).get('/missing.js').set('accept', '*/*');
    const post = await request(withFiles.app).post('/orders/42').set('accept', 'text/html');

    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(asset.status).toBe(404);
    expect(post.status).toBe(404);
  });

  test('when the storefront files do not exist yet, then pages are a 404 problem rather than an error', async () => {
    const response = await request(withoutFiles.app).get('/').set('accept', 'text/html');

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
