import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  conditionHolds,
  referencedId,
  resolveConditions,
  resource,
  userDataText,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, deployedStacks, packagedService } from './packaged-service';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DeployGuard = require('../../scripts/serverless-deploy-guard.cjs') as new (
  serverless: unknown,
) => { hooks: Record<string, () => void> };

let template: Template;
let liveTemplate: Template;
let outputDir: string;

beforeAll(async () => {
  // The stack policy is the stateful stack's: the database is there.
  outputDir = await packagedService('data-prod');
  template = await deployedStacks();
  liveTemplate = await deployedStacks('prod-live');
}, PACKAGE_TIMEOUT_MS * 2);

const STACK_UNIQUE_SUFFIX = {
  StackSuffix: {
    'Fn::Select': [
      4,
      {
        'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }],
      },
    ],
  },
};

describe('the database of the prod stack, day two', () => {
  test('when packaged, then it runs MySQL 8.4 LTS with Extended Support decided, not defaulted', () => {
    const database = resource(template, 'Database', 'AWS::RDS::DBInstance').Properties ?? {};
    const parameters =
      resource(template, 'DatabaseParameterGroup', 'AWS::RDS::DBParameterGroup').Properties ?? {};

    expect(database.EngineVersion).toBe('8.4');
    expect(database.EngineLifecycleSupport).toBe('open-source-rds-extended-support-disabled');
    expect(parameters.Family).toBe('mysql8.4');
    expect(referencedId(database.DBParameterGroupName)).toBe('DatabaseParameterGroup');
  });

  test('when packaged, then RDS Proxy authenticates clients with MySQL 8.4’s caching_sha2_password', () => {
    const proxy = resource(template, 'DatabaseProxy', 'AWS::RDS::DBProxy').Properties ?? {};

    expect(proxy.Auth).toEqual([
      expect.objectContaining({ ClientPasswordAuthType: 'MYSQL_CACHING_SHA2_PASSWORD' }),
    ]);
  });

  test('when packaged, then the server requires TLS, logs slow queries, runs in UTC, and the origin connects with TLS too', () => {
    const parameters = resource(template, 'DatabaseParameterGroup', 'AWS::RDS::DBParameterGroup')
      .Properties?.Parameters;
    const settings = JSON.stringify(
      resource(template, 'OriginSettingsParameter', 'AWS::SSM::Parameter').Properties?.Value,
    );
    const script = userDataText(
      resource(template, 'OriginLaunchTemplate', 'AWS::EC2::LaunchTemplate').Properties
        ?.LaunchTemplateData.UserData,
    );

    expect(parameters).toEqual(
      expect.objectContaining({
        require_secure_transport: '1',
        slow_query_log: '1',
        time_zone: 'UTC',
      }),
    );
    expect(settings).toContain('DATABASE_TLS=true');
    expect(settings).toContain('NODE_EXTRA_CA_CERTS=/etc/bookstore/rds-ca.pem');
    expect(script).toMatch(
      /curl [^\n]*-o \/etc\/bookstore\/rds-ca\.pem https:\/\/truststore\.pki\.rds\.amazonaws\.com/,
    );
  });

  test('when packaged, then AWS Backup keeps a daily backup in a vault that outlives the stack, copied to a second region when one is given', () => {
    const plan = resource(template, 'BackupPlan', 'AWS::Backup::BackupPlan').Properties?.BackupPlan;
    const [rule] = plan.BackupPlanRule;
    const selection = resource(template, 'BackupSelection', 'AWS::Backup::BackupSelection')
      .Properties?.BackupSelection;
    const vault = resource(template, 'BackupVault', 'AWS::Backup::BackupVault');

    expect(rule.ScheduleExpression).toBe('cron(0 5 * * ? *)');
    expect(rule.Lifecycle.DeleteAfterDays).toBe(35);
    expect(referencedId(rule.TargetBackupVault)).toBe('BackupVault');
    expect(rule.CopyActions['Fn::If'][0]).toBe('HasBackupCopyVault');
    // The packaged prod variant names a vault in a second region.
    expect(conditionHolds(template, 'HasBackupCopyVault')).toBe(true);
    expect(JSON.stringify(selection.Resources)).toContain(':db:${Database}');
    expect(vault.DeletionPolicy).toBe('Retain');
  });

  test('when the stateful stack is deployed, then its stack policy forbids replacing or deleting the database and the covers bucket', async () => {
    const state = JSON.parse(await readFile(join(outputDir, 'serverless-state.json'), 'utf8'));
    const policy = state.service.provider.stackPolicy as Record<string, unknown>[];

    expect(policy).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Deny',
          Principal: '*',
          Action: ['Update:Replace', 'Update:Delete'],
          Resource: ['LogicalResourceId/Database', 'LogicalResourceId/CoversBucket'],
        },
      ]),
    );
    expect(
      resource(template, 'Database', 'AWS::RDS::DBInstance').Properties?.DeletionProtection,
    ).toBe(true);
  });
});

describe('deploys that cannot take the origin down', () => {
  const guard = (
    stage: string,
    originImageTag: string,
    originBootstrap = 'false',
    command = 'deploy',
  ) =>
    new DeployGuard({
      processedInput: { commands: [command] },
      service: { custom: { deployGuard: { stage, originImageTag, originBootstrap } } },
    });

  test('when prod is deployed without an image tag, then the deploy stops with what to pass', () => {
    const hooks = guard('prod', '').hooks;

    expect(() => hooks['before:package:initialize']!()).toThrow(/originImageTag=<tag>/);
  });

  test('when prod is deployed with a tag, or for the first time on purpose, or only packaged, then nothing stops it', () => {
    expect(() => guard('prod', 'abc123').hooks['before:package:initialize']!()).not.toThrow();
    expect(() => guard('prod', '', 'true').hooks['before:package:initialize']!()).not.toThrow();
    expect(() =>
      guard('prod', '', 'false', 'package').hooks['before:package:initialize']!(),
    ).not.toThrow();
    expect(() => guard('dev', '').hooks['before:package:initialize']!()).not.toThrow();
  });

  test('when a tag is deployed, then it is recorded in SSM and images tagged deployed-* are protected from expiry', () => {
    const parameter =
      resource(liveTemplate, 'OriginImageTagParameter', 'AWS::SSM::Parameter').Properties ?? {};
    const repository =
      resource(template, 'OriginRepository', 'AWS::ECR::Repository').Properties ?? {};
    const rules = JSON.parse(repository.LifecyclePolicy.LifecyclePolicyText).rules as {
      rulePriority: number;
      selection: { tagStatus: string; tagPatternList?: string[]; countNumber: number };
    }[];
    const [first] = [...rules].sort((a, b) => a.rulePriority - b.rulePriority);

    expect(resolveConditions(liveTemplate, parameter.Value)).toBe('release-0123456789ab');
    expect(parameter.Name).toBe('/bookstore/prod/origin/image-tag');
    // ECR never lets a lower-priority rule expire an image a higher one selected.
    expect(first?.selection.tagPatternList).toEqual(['deployed-*']);
    expect(first?.selection.countNumber).toBeGreaterThanOrEqual(36500);
  });

  test('when a removed stack is created again, then no retained or recovering name collides', () => {
    const repository = resource(template, 'OriginRepository', 'AWS::ECR::Repository');
    const nameOf = (id: string) =>
      resource(template, id, 'AWS::SecretsManager::Secret').Properties?.Name[
        'Fn::Sub'
      ] as unknown[];

    expect(repository.DeletionPolicy).toBe('Retain');
    expect(repository.Properties?.RepositoryName).toBeUndefined();
    for (const id of [
      'DatabaseSecret',
      'DatabaseAppSecret',
      'JwtSigningKeySecret',
      'CdnOriginSecret',
    ]) {
      expect(nameOf(id)?.[1]).toEqual(STACK_UNIQUE_SUFFIX);
    }
    expect(
      resource(template, 'BackupVault', 'AWS::Backup::BackupVault').Properties?.BackupVaultName[
        'Fn::Sub'
      ][1],
    ).toEqual(STACK_UNIQUE_SUFFIX);
  });
});

describe('observability of the functions and the API', () => {
  test('when packaged, then every function traces with X-Ray and the API access log carries latency and integration errors', () => {
    const stage = resource(template, 'HttpApiStage', 'AWS::ApiGatewayV2::Stage').Properties ?? {};
    const format = stage.AccessLogSettings?.Format as string;

    for (const functionId of [
      'AuthLambdaFunction',
      'CatalogLambdaFunction',
      'NotificationsLambdaFunction',
    ]) {
      expect(
        resource(template, functionId, 'AWS::Lambda::Function').Properties?.TracingConfig,
      ).toEqual({
        Mode: 'Active',
      });
    }
    for (const variable of [
      '$context.responseLatency',
      '$context.integrationLatency',
      '$context.integrationErrorMessage',
      '$context.integration.error',
      '$context.status',
    ]) {
      expect(format).toContain(variable);
    }
    expect(() => JSON.parse(format.replace(/\$context\.[\w.]+/g, 'x')) as unknown).not.toThrow();
  });
});
