import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem, invalidPaths } from './problem-assertions';

describe('query validation of GET /api/v1/books', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  test.each([
    ['an unknown parameter', 'page=2', ['page']],
    ['a misspelt filter', 'minPrice=100', ['minPrice']],
    ['a non-numeric sellerId', 'sellerId=abc', ['sellerId']],
    ['a sellerId of zero', 'sellerId=0', ['sellerId']],
    ['a sellerId beyond the id range', 'sellerId=99999999999', ['sellerId']],
    ['a negative price', 'minPriceCents=-1', ['minPriceCents']],
    ['a price with decimals', 'maxPriceCents=12.50', ['maxPriceCents']],
    ['a minimum above the maximum', 'minPriceCents=500&maxPriceCents=100', ['minPriceCents']],
    ['inStock that is not true or false', 'inStock=yes', ['inStock']],
    ['an unknown sort', 'sort=popular', ['sort']],
    ['an empty q', 'q=', ['q']],
    ['an absurdly long q', `q=${'x'.repeat(1000)}`, ['q']],
    ['an absurdly long author', `author=${'x'.repeat(1000)}`, ['author']],
    ['a repeated parameter', 'sort=title&sort=newest', ['sort']],
    ['a nested parameter', 'q[$ne]=x', ['q[$ne]']],
  ])('when the query has %s, then it is a 400 naming it', async (_case, query, paths) => {
    const response = await catalog.invoke({ path: `/api/v1/books?${query}` });

    expectProblem(response, 400, 'invalid-input');
    expect(invalidPaths(response)).toEqual(paths);
    expect(response.headers['cache-control']).toBeUndefined();
  });
});
