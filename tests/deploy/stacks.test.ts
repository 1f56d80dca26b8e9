import { PACKAGE_VARIANTS, type PackageVariant } from '../../scripts/lambda-artifacts';
import {
  exportsOf,
  importsOf,
  loadTemplate,
  resolveConditions,
  resource,
  resourcesOfType,
  userDataText,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, packagedService } from './packaged-service';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DeployGuard = require('../../scripts/serverless-deploy-guard.cjs') as {
  STAGE_NAME: RegExp;
  new (serverless: unknown): { hooks: Record<string, () => void> };
};

const templates = {} as Record<PackageVariant, Template>;
const CODE_VARIANTS = ['prod', 'prod-live', 'dev', 'prod-eu'] as const;
const dataOf = (variant: (typeof CODE_VARIANTS)[number]): PackageVariant =>
  PACKAGE_VARIANTS[variant].stage === 'prod' ? 'data-prod' : 'data-dev';

beforeAll(async () => {
  for (const variant of Object.keys(PACKAGE_VARIANTS) as PackageVariant[])
    templates[variant] = await loadTemplate(await packagedService(variant));
}, PACKAGE_TIMEOUT_MS * 3);

/** Resource types that hold data or the network it lives in: never in the code stack. */
const STATEFUL_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBProxy',
  'AWS::RDS::DBSubnetGroup',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::NatGateway',
  'AWS::EC2::SecurityGroup',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
];

describe('the two stacks', () => {
  test.each(CODE_VARIANTS)(
    'when the %s code stack is packaged, then it holds no database, network, secret with data or bucket but serverless’s own',
    (variant) => {
      const code = templates[variant];
      const buckets = resourcesOfType(code, 'AWS::S3::Bucket').map(([id]) => id);

      expect(
        Object.entries(code.Resources)
          .filter(([, item]) => STATEFUL_TYPES.includes(item.Type))
          .map(([id]) => id),
      ).toEqual(['CdnOriginSecret']);
      expect(buckets).toEqual(['ServerlessDeploymentBucket']);
    },
  );

  test.each(CODE_VARIANTS)(
    'when the %s code stack is packaged, then everything it imports is exported by the stateful stack of its stage',
    (variant) => {
      const exported = exportsOf(templates[dataOf(variant)]);
      const imported = importsOf(templates[variant]);

      expect(imported.length).toBeGreaterThan(10);
      expect(imported.filter((name) => !exported.has(name))).toEqual([]);
      expect(
        imported.every((name) =>
          name.startsWith(`bookstore-data-${PACKAGE_VARIANTS[variant].stage}:`),
        ),
      ).toBe(true);
    },
  );

  test('when the stateful stack is packaged, then it holds the network, the database and proxy, the buckets with data, the signing key and the backups', () => {
    const data = templates['data-prod'];

    for (const [id, type] of [
      ['Vpc', 'AWS::EC2::VPC'],
      ['Database', 'AWS::RDS::DBInstance'],
      ['DatabaseProxy', 'AWS::RDS::DBProxy'],
      ['CoversBucket', 'AWS::S3::Bucket'],
      ['AccessLogsBucket', 'AWS::S3::Bucket'],
      ['JwtSigningKeySecret', 'AWS::SecretsManager::Secret'],
      ['BackupPlan', 'AWS::Backup::BackupPlan'],
    ] as const) {
      expect(resource(data, id, type)).toBeDefined();
    }
    expect(resourcesOfType(data, 'AWS::Lambda::Function')).toEqual([]);
  });
});

describe('function roles', () => {
  // The longest stage name the deploy guard accepts, and the longest AWS region names.
  const LONGEST_STAGE = 16;
  const LONGEST_REGION = 'ap-southeast-5'.length;

  test.each(CODE_VARIANTS)(
    'when the %s code stack is packaged, then every function role has a RoleName within IAM’s 64 characters for any allowed stage and region',
    (variant) => {
      const { stage, region = 'us-east-1' } = PACKAGE_VARIANTS[variant] as {
        stage: string;
        region?: string;
      };
      const code = templates[variant];
      const roles = resourcesOfType(code, 'AWS::Lambda::Function').map(
        ([, fn]) => (fn.Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0],
      );

      expect(roles).toHaveLength(5);
      for (const roleId of roles) {
        const name = resource(code, roleId, 'AWS::IAM::Role').Properties?.RoleName as string;
        expect(name).toMatch(new RegExp(`^bookstore-${stage}-${region}-[a-z-]+$`));
        const longest = name.length - stage.length - region.length + LONGEST_STAGE + LONGEST_REGION;
        expect(longest).toBeLessThanOrEqual(64);
      }
    },
  );

  test('when a stage name is too long or not lower-case, then both stacks refuse it before anything is packaged', () => {
    const guard = (stage: string) =>
      new DeployGuard({
        processedInput: { commands: ['package'] },
        service: { custom: { deployGuard: { stage } } },
      }).hooks['before:package:initialize']!;

    expect(() => guard('a'.repeat(17))()).toThrow(/at most 16 characters/);
    expect(() => guard('Prod')()).toThrow(/lower-case/);
    expect(() => guard('a'.repeat(16))()).not.toThrow();
    expect(DeployGuard.STAGE_NAME.test('staging-2')).toBe(true);
  });
});

describe('the stateful stack', () => {
  test('when packaged, then the application user’s secret rotates on a schedule with alternating users, through AWS’s hosted function', () => {
    const data = templates['data-prod'];
    const rotation = resource(
      data,
      'DatabaseAppSecretRotation',
      'AWS::SecretsManager::RotationSchedule',
    ).Properties;

    expect((data as { Transform?: unknown }).Transform).toEqual(['AWS::SecretsManager-2020-07-23']);
    expect(rotation?.SecretId).toEqual({ Ref: 'DatabaseAppSecret' });
    expect(rotation?.HostedRotationLambda.RotationType).toBe('MySQLMultiUser');
    expect(rotation?.HostedRotationLambda.MasterSecretArn).toEqual({ Ref: 'DatabaseSecret' });
    expect(rotation?.RotationRules.ScheduleExpression).toBe('rate(30 days)');
    expect(
      resource(data, 'DatabaseAppSecret', 'AWS::SecretsManager::Secret').Properties
        ?.GenerateSecretString.SecretStringTemplate,
    ).toEqual({
      'Fn::Sub':
        '{"username":"bookstore_app","dbname":"bookstore","masterarn":"${DatabaseSecret}"}',
    });
  });

  test('when packaged, then Secrets Manager has an interface endpoint and S3 a gateway endpoint in the VPC', () => {
    const endpoints = resourcesOfType(templates['data-prod'], 'AWS::EC2::VPCEndpoint').map(
      ([, endpoint]): unknown[] => [
        endpoint.Properties?.VpcEndpointType,
        endpoint.Properties?.ServiceName,
      ],
    );

    expect(endpoints).toEqual(
      expect.arrayContaining([
        ['Interface', { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.secretsmanager' }],
        ['Gateway', { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }],
      ]),
    );
  });

  test('when a backup job fails or an RDS event happens, then the notices topic hears of it', () => {
    const data = templates['data-prod'];
    const vault = resource(data, 'BackupVault', 'AWS::Backup::BackupVault').Properties;
    const events = resource(
      data,
      'DatabaseEventSubscription',
      'AWS::RDS::EventSubscription',
    ).Properties;

    expect(vault?.Notifications.SNSTopicArn).toEqual({ Ref: 'NoticesTopic' });
    expect(vault?.Notifications.BackupVaultEvents).toEqual(
      expect.arrayContaining(['BACKUP_JOB_FAILED', 'COPY_JOB_FAILED']),
    );
    expect(events?.SnsTopicArn).toEqual({ Ref: 'NoticesTopic' });
    expect(events?.SourceIds).toEqual([{ Ref: 'Database' }]);
  });
});

describe('the code stack', () => {
  test('when packaged, then cdnGuard runs outside the VPC and the database functions inside it', () => {
    const code = templates.prod;
    const vpcConfig = (id: string) =>
      resource(code, id, 'AWS::Lambda::Function').Properties?.VpcConfig as unknown;

    expect(vpcConfig('CdnGuardLambdaFunction')).toBeUndefined();
    for (const id of ['AuthLambdaFunction', 'CatalogLambdaFunction', 'MigrateLambdaFunction'])
      expect(vpcConfig(id)).toBeDefined();
  });

  test('when packaged, then pinned proxy sessions, SES reputation and every function’s throttles raise alarms', () => {
    const alarms = resourcesOfType(templates.prod, 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties?.MetricName as string,
    );

    expect(alarms).toEqual(
      expect.arrayContaining([
        'DatabaseConnectionsCurrentlySessionPinned',
        'Reputation.BounceRate',
        'Reputation.ComplaintRate',
      ]),
    );
    expect(alarms.filter((metric) => metric === 'Throttles')).toHaveLength(4);
  });

  test('when packaged, then the ALB, CloudFront and the WAF write access logs', () => {
    const code = templates.prod;
    const attributes = resource(code, 'Alb', 'AWS::ElasticLoadBalancingV2::LoadBalancer').Properties
      ?.LoadBalancerAttributes as { Key: string; Value: unknown }[];
    const distribution = resource(code, 'Distribution', 'AWS::CloudFront::Distribution').Properties
      ?.DistributionConfig;

    expect(attributes).toEqual(
      expect.arrayContaining([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        {
          Key: 'access_logs.s3.bucket',
          Value: { 'Fn::ImportValue': 'bookstore-data-prod:AccessLogsBucket' },
        },
      ]),
    );
    expect(distribution.Logging.Prefix).toBe('cdn/');
    expect(
      resource(code, 'CdnWebAclLogging', 'AWS::WAFv2::LoggingConfiguration').Properties
        ?.ResourceArn,
    ).toEqual({ 'Fn::GetAtt': ['CdnWebAcl', 'Arn'] });
  });

  test('when an origin instance’s boot fails or its container never runs, then the instance asks its group to replace it', () => {
    const script = userDataText(
      resource(templates.prod, 'OriginLaunchTemplate', 'AWS::EC2::LaunchTemplate').Properties
        ?.LaunchTemplateData.UserData,
    );
    const watchdog = script.slice(script.indexOf('bookstore-origin-liveness <<'));

    // The boot: any failing step (set -e) reports the instance at once, grace period or not.
    expect(script).toMatch(/set -euo pipefail\n[\s\S]*trap report_unhealthy ERR\ndnf install/);
    expect(script).toContain('--health-status Unhealthy --no-should-respect-grace-period');
    // The watchdog counts a container that is not running too, only for longer.
    expect(watchdog).not.toMatch(/is-active bookstore-origin\)" != active \]; then failures=0/);
    expect(watchdog).toMatch(
      /if \[ "\$\(systemctl is-active bookstore-origin\)" != active \]; then limit=60; fi/,
    );
  });

  test('when packaged for a second region with a us-east-1 web ACL and certificate, then the CDN uses them and creates no web ACL', () => {
    const code = templates['prod-eu'];
    const { params } = PACKAGE_VARIANTS['prod-eu'];
    const config = resolveConditions(
      code,
      resource(code, 'Distribution', 'AWS::CloudFront::Distribution').Properties
        ?.DistributionConfig,
    ) as { WebACLId: unknown; ViewerCertificate: { AcmCertificateArn: unknown } };

    expect(code.Resources.CdnWebAcl?.Condition).toBe('CreateCdnWebAcl');
    expect(config.WebACLId).toBe(params.cdnWebAclArn);
    expect(config.ViewerCertificate.AcmCertificateArn).toBe(params.cdnCertificateArn);
    expect(resource(code, 'AuthFunctionRole', 'AWS::IAM::Role').Properties?.RoleName).toBe(
      'bookstore-prod-eu-west-1-auth',
    );
  });
});
