import { CORS_POLICY } from '../../shared/http/cors';
import { methodsOf, ROUTES, type RouteTarget } from '../../shared/routes/route-table';
import {
  referencedId,
  resource,
  resourcesOfType,
  routeIntegrationId,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, deployedStacks } from './packaged-service';

let template: Template;

beforeAll(async () => {
  template = await deployedStacks();
}, PACKAGE_TIMEOUT_MS);

const FUNCTION_OF: Record<Exclude<RouteTarget, 'origin'>, string> = {
  auth: 'AuthLambdaFunction',
  catalog: 'CatalogLambdaFunction',
};

/** What a route key of the HTTP API reaches: a Lambda function's logical id, or "origin" for the ALB. */
function targetsByRouteKey(): Map<string, string> {
  const targets = new Map<string, string>();
  for (const [id, route] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const integrationId = routeIntegrationId(route.Properties?.Target);
    if (!integrationId) throw new Error(`Route ${id} has no integration target`);
    const integration =
      resource(template, integrationId, 'AWS::ApiGatewayV2::Integration').Properties ?? {};
    const reached =
      integration.IntegrationType === 'AWS_PROXY'
        ? referencedId(integration.IntegrationUri)
        : integration.ConnectionType === 'VPC_LINK' &&
            referencedId(integration.IntegrationUri) === 'AlbHttpsListener'
          ? 'origin'
          : `unexpected integration ${integrationId}`;
    targets.set(route.Properties?.RouteKey as string, reached ?? `no target for ${id}`);
  }
  return targets;
}

/**
 * Where API Gateway sends a request of the route table: the route with exactly this method and
 * path, else `ANY` on the path, else `$default`. The template has no greedy or ANY routes (asserted
 * below), so exact keys and $default are the whole story.
 */
function reachedBy(method: string, path: string): string | undefined {
  const targets = targetsByRouteKey();
  return targets.get(`${method} ${path}`) ?? targets.get(`ANY ${path}`) ?? targets.get('$default');
}

describe('the HTTP API routes of the prod stack', () => {
  test('when the route table is replayed against the API, then every Lambda route reaches its function and every origin route the ALB', () => {
    const reached = ROUTES.map((route) => ({
      route: `${route.method} ${route.path}`,
      target: reachedBy(route.method, route.path),
    }));

    expect(reached).toEqual(
      ROUTES.map((route) => ({
        route: `${route.method} ${route.path}`,
        target: route.target === 'origin' ? 'origin' : FUNCTION_OF[route.target],
      })),
    );
  });

  test('when its routes are listed, then they are exactly the Lambda routes of the route table (GET also as HEAD) plus $default', () => {
    const keys = [...targetsByRouteKey().keys()].sort();
    const lambdaKeys = ROUTES.filter((route) => route.target !== 'origin').flatMap((route) =>
      methodsOf(route).map((method) => `${method} ${route.path}`),
    );

    expect(keys).toEqual(['$default', ...lambdaKeys].sort());
    expect(keys.filter((key) => key.startsWith('ANY ') || key.includes('+}'))).toEqual([]);
  });

  test('when an unlisted path arrives (a storefront page, the API reference), then $default proxies it to the internal ALB over the VPC link with TLS', () => {
    const integration =
      resource(template, 'OriginIntegration', 'AWS::ApiGatewayV2::Integration').Properties ?? {};

    expect(reachedBy('GET', '/books/42')).toBe('origin');
    expect(reachedBy('GET', '/docs')).toBe('origin');
    expect(reachedBy('GET', '/docs/renderer/swagger-ui-bundle.js')).toBe('origin');
    expect(integration.IntegrationType).toBe('HTTP_PROXY');
    expect(integration.IntegrationMethod).toBe('ANY');
    expect(integration.ConnectionId).toEqual({ Ref: 'OriginVpcLink' });
    expect(integration.TlsConfig).toEqual({ ServerNameToVerify: 'shop.example.com' });
  });

  test('when packaged for prod, then the API throttles every route and the credential routes harder', () => {
    const stage = resource(template, 'HttpApiStage', 'AWS::ApiGatewayV2::Stage').Properties ?? {};
    const defaults = stage.DefaultRouteSettings;
    const login = stage.RouteSettings['POST /api/v1/auth/login'];

    expect(defaults.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(defaults.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(login.ThrottlingRateLimit).toBeLessThan(defaults.ThrottlingRateLimit);
    expect(stage.RouteSettings['POST /api/v1/auth/register']).toBeDefined();
  });

  test('when packaged for prod, then the API’s CORS is exactly the policy the apps apply locally: any origin, no credentials', () => {
    const cors = resource(template, 'HttpApi', 'AWS::ApiGatewayV2::Api').Properties
      ?.CorsConfiguration;

    // API Gateway's default for an absent AllowCredentials is false.
    expect({ ...cors, AllowCredentials: cors.AllowCredentials ?? false }).toEqual({
      AllowOrigins: CORS_POLICY.allowedOrigins,
      AllowMethods: CORS_POLICY.allowedMethods,
      AllowHeaders: CORS_POLICY.allowedHeaders,
      ExposeHeaders: CORS_POLICY.exposedResponseHeaders,
      AllowCredentials: CORS_POLICY.allowCredentials,
      MaxAge: CORS_POLICY.maxAgeSeconds,
    });
  });
});
