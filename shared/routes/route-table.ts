/** Which deployable answers a public route: one of the two Lambda functions or the container origin. */
export type RouteTarget = 'auth' | 'catalog' | 'origin';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route; enforced by the target, listed here so docs and tests read one source. */
export type RouteAuth = 'none' | 'refresh-cookie' | 'bearer' | 'admin' | 'owner';

export interface PublicRoute {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` marks a path parameter. */
  path: string;
  target: RouteTarget;
  auth: RouteAuth;
}

/**
 * Every public API route of BookStore and where it runs (DESIGN.md, "One route table").
 * serverless.yml's httpApi events, the local edge and the tests are all checked against this list;
 * anything not listed (storefront pages, assets, health checks) falls through to the origin.
 */
export const ROUTES: readonly PublicRoute[] = [
  { method: 'POST', path: '/api/v1/auth/register', target: 'auth', auth: 'none' },
  { method: 'POST', path: '/api/v1/auth/login', target: 'auth', auth: 'none' },
  { method: 'POST', path: '/api/v1/auth/refresh', target: 'auth', auth: 'refresh-cookie' },
  { method: 'POST', path: '/api/v1/auth/logout', target: 'auth', auth: 'refresh-cookie' },
  { method: 'GET', path: '/api/v1/auth/me', target: 'auth', auth: 'bearer' },
  { method: 'GET', path: '/api/v1/users', target: 'auth', auth: 'admin' },
  { method: 'GET', path: '/.well-known/jwks.json', target: 'auth', auth: 'none' },
  { method: 'GET', path: '/api/v1/books', target: 'catalog', auth: 'none' },
  { method: 'GET', path: '/api/v1/books/{id}', target: 'catalog', auth: 'none' },
  { method: 'GET', path: '/api/v1/categories', target: 'catalog', auth: 'none' },
  { method: 'GET', path: '/api/v1/delivery-providers', target: 'catalog', auth: 'none' },
  { method: 'GET', path: '/api/v1/openapi.json', target: 'catalog', auth: 'none' },
  { method: 'POST', path: '/api/v1/books', target: 'origin', auth: 'bearer' },
  { method: 'PATCH', path: '/api/v1/books/{id}', target: 'origin', auth: 'owner' },
  { method: 'DELETE', path: '/api/v1/books/{id}', target: 'origin', auth: 'owner' },
  { method: 'PUT', path: '/api/v1/books/{id}/cover', target: 'origin', auth: 'owner' },
  { method: 'DELETE', path: '/api/v1/books/{id}/cover', target: 'origin', auth: 'owner' },
  { method: 'GET', path: '/api/v1/me/books', target: 'origin', auth: 'bearer' },
  { method: 'GET', path: '/api/v1/me/sales', target: 'origin', auth: 'bearer' },
  { method: 'POST', path: '/api/v1/orders', target: 'origin', auth: 'bearer' },
  { method: 'GET', path: '/api/v1/orders', target: 'origin', auth: 'owner' },
  { method: 'GET', path: '/api/v1/orders/{id}', target: 'origin', auth: 'owner' },
  { method: 'POST', path: '/api/v1/orders/{id}/cancel', target: 'origin', auth: 'owner' },
  { method: 'POST', path: '/api/v1/orders/{id}/payment', target: 'origin', auth: 'owner' },
  // Retired (410): delivery is chosen at checkout. Listed so that it still answers that.
  { method: 'POST', path: '/api/v1/orders/{id}/delivery', target: 'origin', auth: 'none' },
  { method: 'GET', path: '/healthz', target: 'origin', auth: 'none' },
  { method: 'GET', path: '/readyz', target: 'origin', auth: 'none' },
];

/** The methods a route answers: every GET route also answers HEAD (same headers, no body). */
export function methodsOf(route: PublicRoute): string[] {
  return route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
}

/** The routes one target answers. */
export function routesFor(target: RouteTarget): PublicRoute[] {
  return ROUTES.filter((route) => route.target === target);
}

interface CompiledRoute {
  route: PublicRoute;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
});

export interface RouteMatch {
  route: PublicRoute;
  pathParameters: Record<string, string>;
}

/** A percent-encoded path segment decoded, or undefined when it is not valid percent-encoded UTF-8. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    // URIError: a stray '%', a truncated escape, or bytes that are not UTF-8 (a lone surrogate).
    return undefined;
  }
}

/** Whether every segment of a request path is valid percent-encoded UTF-8, so it can be decoded. */
export function isDecodablePath(path: string): boolean {
  return path.split('/').every((segment) => decodeSegment(segment) !== undefined);
}

/**
 * Finds the listed route for a request, as API Gateway would: an exact method and path match, HEAD
 * finding the GET route. Returns undefined for anything unlisted, which the edge sends to the
 * origin, and for a path whose parameter cannot be decoded: it names no resource.
 */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const { route, pattern, names } of compiled) {
    if (!methodsOf(route).includes(method.toUpperCase())) continue;
    const found = pattern.exec(path);
    if (!found) continue;
    const pathParameters: Record<string, string> = {};
    for (const [index, name] of names.entries()) {
      const value = decodeSegment(found[index + 1] ?? '');
      if (value === undefined) return undefined;
      pathParameters[name] = value;
    }
    return { route, pathParameters };
  }
  return undefined;
}

/** The methods the route table answers on a path (HEAD with every GET); empty for other paths. */
export function methodsAt(path: string): string[] {
  const methods = new Set<string>();
  for (const route of ROUTES) {
    if (matchRoute(route.method, path)?.route === route)
      methodsOf(route).forEach((m) => methods.add(m));
  }
  return [...methods];
}
