import { startCatalogFunction, type CatalogFunction } from './catalog-function';

describe('GET /api/v1/openapi.json', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  test('when asked, then it answers the OpenAPI 3.1 document, cacheable for five minutes', async () => {
    const response = await catalog.invoke({ path: '/api/v1/openapi.json' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const document = JSON.parse(response.body) as { openapi: string; paths: object };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/v1/books');
  });

  test('when asked with HEAD, then it answers the same headers without a body', async () => {
    const response = await catalog.invoke({ method: 'HEAD', path: '/api/v1/openapi.json' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.body).toBe('');
  });

  test('when sent an unknown query parameter, then it is a 400 naming it', async () => {
    const response = await catalog.invoke({ path: '/api/v1/openapi.json?format=yaml' });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('format');
  });
});
