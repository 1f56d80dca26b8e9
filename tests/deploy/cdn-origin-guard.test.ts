import { referencedId, resource, resourcesOfType, type Template } from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, deployedStacks } from './packaged-service';

let template: Template;

beforeAll(async () => {
  template = await deployedStacks();
}, PACKAGE_TIMEOUT_MS);

describe('the execute-api endpoint of the prod stack, behind the CDN', () => {
  test('when the routes are read, then every one of them, the origin’s $default included, is authorised by the cdn-guard', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route');
    const unguarded = routes
      .filter(
        ([, route]) =>
          route.Properties?.AuthorizationType !== 'CUSTOM' ||
          referencedId(route.Properties?.AuthorizerId) !== 'HttpApiAuthorizerCdnGuard',
      )
      .map(([id, route]) => `${id} (${route.Properties?.RouteKey})`);

    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map(([id]) => id)).toContain('OriginDefaultRoute');
    expect(unguarded).toEqual([]);
  });

  test('when the authorizer is read, then API Gateway asks the guard only for requests with the origin header and caches its simple answer', () => {
    const authorizer =
      resource(template, 'HttpApiAuthorizerCdnGuard', 'AWS::ApiGatewayV2::Authorizer').Properties ??
      {};

    expect(authorizer.AuthorizerType).toBe('REQUEST');
    expect(authorizer.IdentitySource).toEqual(['$request.header.X-Origin-Verify']);
    expect(authorizer.EnableSimpleResponses).toBe(true);
    expect(authorizer.AuthorizerPayloadFormatVersion).toBe('2.0');
    expect(authorizer.AuthorizerResultTtlInSeconds).toBeGreaterThan(0);
    expect(JSON.stringify(authorizer.AuthorizerUri)).toContain('"CdnGuardLambdaFunction","Arn"');
  });

  test('when the distribution is read, then CloudFront sends the secret header from Secrets Manager to the API, and the guard reads that secret', () => {
    const config = resource(template, 'Distribution', 'AWS::CloudFront::Distribution').Properties
      ?.DistributionConfig;
    const api = (config.Origins as { Id: string; OriginCustomHeaders?: unknown }[]).find(
      (origin) => origin.Id === 'api',
    );
    const guard = resource(template, 'CdnGuardLambdaFunction', 'AWS::Lambda::Function').Properties;

    expect(api?.OriginCustomHeaders).toEqual([
      {
        HeaderName: 'X-Origin-Verify',
        HeaderValue: {
          'Fn::Sub': '{{resolve:secretsmanager:${CdnOriginSecret}:SecretString:value}}',
        },
      },
    ]);
    expect(
      resource(template, 'CdnOriginSecret', 'AWS::SecretsManager::Secret').Properties
        ?.GenerateSecretString,
    ).toEqual(expect.objectContaining({ GenerateStringKey: 'value', PasswordLength: 64 }));
    expect(guard?.Environment.Variables.CDN_ORIGIN_SECRET_ARN).toEqual({ Ref: 'CdnOriginSecret' });
    expect(referencedId(guard?.Role)).toBe('CdnGuardFunctionRole');
  });

  test('when the auth routes are reached through CloudFront, then the viewer’s address is forwarded for the throttles', () => {
    const config = resource(template, 'Distribution', 'AWS::CloudFront::Distribution').Properties
      ?.DistributionConfig;

    // Managed policy AllViewerExceptHostHeader: every viewer header and CloudFront's own headers,
    // CloudFront-Viewer-Address among them; the login and register routes use the default behaviour.
    expect(config.DefaultCacheBehavior.OriginRequestPolicyId).toBe(
      'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    );
  });
});
