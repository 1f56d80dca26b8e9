import { ROUTES } from '../../shared/routes/route-table';
import {
  resolveConditions,
  conditionHolds,
  referencedId,
  resource,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, deployedStacks } from './packaged-service';

let template: Template;

beforeAll(async () => {
  template = await deployedStacks();
}, PACKAGE_TIMEOUT_MS);

/** Managed CloudFront policies the distribution names by id. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

interface Behavior {
  PathPattern?: string;
  TargetOriginId: string;
  ViewerProtocolPolicy: string;
  AllowedMethods: string[];
  CachedMethods: string[];
  CachePolicyId: unknown;
  OriginRequestPolicyId?: unknown;
}

const distribution = () =>
  resource(template, 'Distribution', 'AWS::CloudFront::Distribution').Properties
    ?.DistributionConfig as Record<string, any>;

/** CloudFront's path patterns: `*` any characters, `?` one; matched case-sensitively. */
const matches = (pattern: string, path: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(path);

/** The behaviour CloudFront picks for a path: the first matching pattern, else the default. */
function behaviorFor(path: string): Behavior {
  const config = distribution();
  const listed = (config.CacheBehaviors as Behavior[]).find((behavior) =>
    matches(behavior.PathPattern!, path),
  );
  return listed ?? (config.DefaultCacheBehavior as Behavior);
}

/** A concrete path of a route-table path (`{id}` → 7). */
const samplePath = (path: string) => path.replace(/\{[^}]+\}/g, '7');

/** The cache policy's config when the distribution defines it, or the managed id. */
function cachePolicy(behavior: Behavior): Record<string, any> | string {
  const id = referencedId(behavior.CachePolicyId);
  if (!id) return behavior.CachePolicyId as string;
  return resource(template, id, 'AWS::CloudFront::CachePolicy').Properties
    ?.CachePolicyConfig as Record<string, any>;
}

describe('the CDN of the prod stack', () => {
  test('when a public catalog GET of the route table arrives, then it is cached by its Cache-Control with the whole query string in the key', () => {
    const catalogGets = ROUTES.filter(
      (route) => route.method === 'GET' && route.target === 'catalog' && route.auth === 'none',
    );

    expect(catalogGets.length).toBeGreaterThan(0);
    for (const route of [...catalogGets, { path: '/api/v1/openapi.json' }]) {
      const behavior = behaviorFor(samplePath(route.path));
      const policy = cachePolicy(behavior) as Record<string, any>;
      const key = policy.ParametersInCacheKeyAndForwardedToOrigin;

      expect({ path: route.path, origin: behavior.TargetOriginId }).toEqual({
        path: route.path,
        origin: 'api',
      });
      expect(behavior.CachedMethods).toEqual(['GET', 'HEAD']);
      // TTLs from the origin: nothing is cached without a Cache-Control that allows it.
      expect(policy.DefaultTTL).toBe(0);
      expect(policy.MaxTTL).toBeGreaterThan(0);
      expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
      // A signed-in request never shares an entry with an anonymous one.
      expect(key.HeadersConfig.Headers).toContain('Authorization');
      expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
    }
  });

  test('when an authorised or writing route of the route table arrives, then it reaches the API with Authorization and is never cached', () => {
    const passThrough = ROUTES.filter((route) => route.method !== 'GET' || route.auth !== 'none');

    expect(passThrough.length).toBeGreaterThan(10);
    for (const route of passThrough) {
      const behavior = behaviorFor(samplePath(route.path));
      const where = `${route.method} ${route.path}`;
      const policy = cachePolicy(behavior);

      expect({ where, origin: behavior.TargetOriginId }).toEqual({ where, origin: 'api' });
      expect({ where, allowed: behavior.AllowedMethods }).toEqual({
        where,
        allowed: expect.arrayContaining([route.method]),
      });
      if (typeof policy === 'string') {
        // Not cached at all; every viewer header but Host (Authorization, cookies) forwarded.
        expect({ where, policy }).toEqual({ where, policy: CACHING_DISABLED });
        expect(behavior.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST);
      } else {
        // A write on a catalog path: never a cached method, and Authorization reaches the API.
        expect({ where, cached: behavior.CachedMethods.includes(route.method) }).toEqual({
          where,
          cached: false,
        });
        expect(policy.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers).toContain(
          'Authorization',
        );
      }
    }
  });

  test('when the API reference or its renderer is asked, then the API answers it (from the origin), compressed, cached only as its Cache-Control allows, with nothing of the viewer in the key', () => {
    for (const path of ['/docs', '/docs/', '/docs/renderer/swagger-ui-bundle.js']) {
      const behavior = behaviorFor(path);
      const policy = cachePolicy(behavior) as Record<string, any>;
      const key = policy.ParametersInCacheKeyAndForwardedToOrigin;

      expect({ path, origin: behavior.TargetOriginId }).toEqual({ path, origin: 'api' });
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      expect((behavior as Behavior & { Compress: boolean }).Compress).toBe(true);
      expect(policy.DefaultTTL).toBe(0);
      expect(key.EnableAcceptEncodingBrotli).toBe(true);
      expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
      expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
      expect(behavior.OriginRequestPolicyId).toBeUndefined();
    }
    // A storefront page still passes through uncached.
    expect(behaviorFor('/books/42').CachePolicyId).toBe(CACHING_DISABLED);
  });

  test('when a viewer connects, then only HTTPS with TLS 1.2+ on the public host name is served, and the API origin is reached over HTTPS', () => {
    const config = distribution();
    const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors] as Behavior[];
    const api = (config.Origins as Record<string, any>[]).find((origin) => origin.Id === 'api');

    expect(behaviors.map((behavior) => behavior.ViewerProtocolPolicy)).toEqual(
      behaviors.map(() => 'https-only'),
    );
    expect(config.Aliases).toEqual(['shop.example.com']);
    expect(config.ViewerCertificate.SslSupportMethod).toBe('sni-only');
    expect(config.ViewerCertificate.MinimumProtocolVersion).toBe('TLSv1.2_2021');
    expect(api?.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(api?.DomainName).toEqual({
      'Fn::Sub': '${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}',
    });
  });

  test('when /covers/* is asked, then the private bucket answers through origin access control', () => {
    const config = distribution();
    const behavior = behaviorFor('/covers/3f9a.webp');
    const covers = (config.Origins as Record<string, any>[]).find(
      (origin) => origin.Id === behavior.TargetOriginId,
    );
    const control = resource(
      template,
      'CoversOriginAccessControl',
      'AWS::CloudFront::OriginAccessControl',
    ).Properties?.OriginAccessControlConfig;
    const bucket = resource(template, 'CoversBucket', 'AWS::S3::Bucket').Properties ?? {};

    expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(covers?.DomainName).toEqual({ 'Fn::GetAtt': ['CoversBucket', 'RegionalDomainName'] });
    expect(referencedId(covers?.OriginAccessControlId)).toBe('CoversOriginAccessControl');
    expect(control).toEqual(
      expect.objectContaining({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    );
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  test('when the WAF is read, then the distribution has the managed common rules and per-address limits on the credential routes', () => {
    const acl = resource(template, 'CdnWebAcl', 'AWS::WAFv2::WebACL').Properties ?? {};
    const rules = acl.Rules as Record<string, any>[];
    const credential = rules.find(
      (rule) =>
        rule.Statement.RateBasedStatement?.ScopeDownStatement?.ByteMatchStatement?.SearchString ===
        '/api/v1/auth/',
    );
    const common = rules.find(
      (rule) => rule.Statement.ManagedRuleGroupStatement?.Name === 'AWSManagedRulesCommonRuleSet',
    );

    expect(resolveConditions(template, distribution().WebACLId)).toEqual({
      'Fn::GetAtt': ['CdnWebAcl', 'Arn'],
    });
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(credential?.Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
    expect(credential?.Action.Block.CustomResponse.ResponseCode).toBe(429);
    expect(common?.OverrideAction).toEqual({ None: {} });
    expect(new Set(rules.map((rule) => rule.Priority as number)).size).toBe(rules.length);
  });

  test('when a hosted zone is given, then the public host name is an alias of the distribution', () => {
    const record = resource(template, 'CdnRecordIpv4', 'AWS::Route53::RecordSet');

    expect(record.Condition).toBe('HasHostedZone');
    expect(conditionHolds(template, 'HasHostedZone')).toBe(false);
    expect(record.Properties?.AliasTarget.DNSName).toEqual({
      'Fn::GetAtt': ['Distribution', 'DomainName'],
    });
  });
});
