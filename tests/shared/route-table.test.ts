import { matchRoute, ROUTES, routesFor } from '../../shared/routes/route-table';

describe('the route table', () => {
  test('when a path has a parameter, then the match carries it decoded', () => {
    const match = matchRoute('GET', '/api/v1/books/42');

    expect(match?.route.target).toBe('catalog');
    expect(match?.pathParameters).toEqual({ id: '42' });
  });

  test('when the same path is written to, then the origin answers', () => {
    expect(matchRoute('PATCH', '/api/v1/books/42')?.route.target).toBe('origin');
    expect(matchRoute('POST', '/api/v1/books')?.route.target).toBe('origin');
  });

  test('when a path is not listed, then nothing matches', () => {
    expect(matchRoute('GET', '/api/v1/books/42/extra')).toBeUndefined();
    expect(matchRoute('PUT', '/api/v1/books/42')).toBeUndefined();
  });

  test('when routes are listed per target, then every route belongs to exactly one target', () => {
    const all = [...routesFor('auth'), ...routesFor('catalog'), ...routesFor('origin')];

    expect(all).toHaveLength(ROUTES.length);
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
  });
});
