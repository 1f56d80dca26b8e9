import {
  actionsOf,
  allowedStatements,
  policyStatements,
  referencedId,
  type FoundStatement,
  resource,
  walk,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, deployedStacks } from './packaged-service';

let template: Template;

beforeAll(async () => {
  template = await deployedStacks();
}, PACKAGE_TIMEOUT_MS);

/**
 * Actions AWS does not scope to a resource, so `Resource: '*'` is the only form IAM accepts: placing
 * Lambda ENIs in the VPC, ECR's login token, and the SSM agent's channels.
 */
const UNSCOPABLE_ACTIONS = new Set([
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'ecr:GetAuthorizationToken',
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'ec2messages:AcknowledgeMessage',
  'ec2messages:DeleteMessage',
  'ec2messages:FailMessage',
  'ec2messages:GetEndpoint',
  'ec2messages:GetMessages',
  'ec2messages:SendReply',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

/** A Deny of everything over plain HTTP, the only statement allowed a wildcard action. */
function isTransportDeny(statement: FoundStatement['statement']): boolean {
  const condition = JSON.stringify((statement as { Condition?: unknown }).Condition ?? {});
  return statement.Effect === 'Deny' && /"aws:SecureTransport":"?false"?/.test(condition);
}

/** The first text in `text` that matches `pattern` (undefined when none): short failure messages. */
const firstMatch = (text: string, pattern: RegExp) => pattern.exec(text)?.[0];

/** The logical ids of the resources a role may act on with one action. */
function resourcesAllowed(roleId: string, action: string): (string | undefined)[] {
  return allowedStatements(template, roleId)
    .filter((statement) => actionsOf(statement).includes(action))
    .flatMap((statement): unknown[] =>
      Array.isArray(statement.Resource) ? (statement.Resource as unknown[]) : [statement.Resource],
    )
    .map((target) => referencedId(target) ?? JSON.stringify(target));
}

describe('the IAM policies of the prod stack', () => {
  test('when every policy statement is read, then none that allows names a wildcard action', () => {
    const statements = policyStatements(template);
    // A Deny may be broad: serverless's own deployment bucket denies s3:* over plain HTTP.
    const wildcards = statements
      .filter(({ statement }) => !isTransportDeny(statement))
      .flatMap(({ where, statement }) =>
        actionsOf(statement)
          .filter((action) => action.includes('*'))
          .map((action) => `${where}: ${action}`),
      );

    expect(statements.length).toBeGreaterThan(10);
    expect(wildcards).toEqual([]);
    expect(statements.filter(({ statement }) => statement.NotAction !== undefined)).toEqual([]);
  });

  test('when a statement allows any resource, then it is only for actions AWS cannot scope', () => {
    const broad = policyStatements(template)
      .filter(
        ({ statement }) =>
          statement.Effect === 'Allow' && JSON.stringify(statement.Resource ?? '').includes('"*"'),
      )
      .flatMap(({ where, statement }) =>
        actionsOf(statement).map((action) => `${where}: ${action}`),
      )
      .filter((entry) => !UNSCOPABLE_ACTIONS.has(entry.slice(entry.lastIndexOf(' ') + 1)));

    expect(broad).toEqual([]);
  });

  test('when the resource policies are read, then they only deny, but for the CDN reading covers/ of the bucket', () => {
    const resourcePolicies = policyStatements(template).filter(
      ({ where }) => /Policy$/.test(where) && !where.includes('/'),
    );
    // AWS Backup and RDS publish the stateful stack's notices; ALB log delivery writes its logs.
    const serviceGrants = ['NoticesTopicPolicy', 'AccessLogsBucketPolicy'];
    const grants = resourcePolicies.filter(
      ({ statement, where }) => statement.Effect !== 'Deny' && !serviceGrants.includes(where),
    );

    expect(resourcePolicies.length).toBeGreaterThan(0);
    expect(grants).toEqual([
      {
        where: 'CoversBucketReadByCdnPolicy',
        statement: expect.objectContaining({
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: {
            'Fn::Sub': [
              '${CoversBucketArn}/covers/*',
              { CoversBucketArn: { 'Fn::GetAtt': ['CoversBucket', 'Arn'] } },
            ],
          },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Sub':
                  'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}',
              },
            },
          },
        }),
      },
    ]);
  });

  test('when the function roles are compared, then only auth may read the signing key and neither may touch queue or bucket', () => {
    const actionsOfRole = (roleId: string) =>
      allowedStatements(template, roleId).flatMap(actionsOf);

    expect(resourcesAllowed('AuthFunctionRole', 'secretsmanager:GetSecretValue').sort()).toEqual([
      'DatabaseAppSecret',
      'JwtSigningKeySecret',
    ]);
    expect(resourcesAllowed('CatalogFunctionRole', 'secretsmanager:GetSecretValue')).toEqual([
      'DatabaseAppSecret',
    ]);
    for (const roleId of ['AuthFunctionRole', 'CatalogFunctionRole']) {
      expect(actionsOfRole(roleId).filter((action) => /^(sqs|s3):/.test(action))).toEqual([]);
    }
    expect(resourcesAllowed('AuthFunctionRole', 'logs:PutLogEvents')).toEqual(['AuthLogGroup']);
    expect(resourcesAllowed('CatalogFunctionRole', 'logs:PutLogEvents')).toEqual([
      'CatalogLogGroup',
    ]);
  });

  test('when each function is read, then it runs with its own role', () => {
    const roleOf = (functionId: string) =>
      referencedId(resource(template, functionId, 'AWS::Lambda::Function').Properties?.Role);

    expect(roleOf('AuthLambdaFunction')).toBe('AuthFunctionRole');
    expect(roleOf('CatalogLambdaFunction')).toBe('CatalogFunctionRole');
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  test('when the instance role is read, then the origin reads its settings and the application user’s secret but never the signing key', () => {
    expect(resourcesAllowed('OriginInstanceRole', 'secretsmanager:GetSecretValue')).toEqual([
      'DatabaseAppSecret',
    ]);
    expect(resourcesAllowed('OriginInstanceRole', 'sqs:SendMessage')).toEqual(['OrderEventsQueue']);
    expect(resourcesAllowed('OriginInstanceRole', 'ecr:BatchGetImage')).toEqual([
      'OriginRepository',
    ]);
    expect(allowedStatements(template, 'OriginInstanceRole').flatMap(actionsOf)).not.toContain(
      'iam:PassRole',
    );
  });
});

describe('the covers bucket in the prod stack', () => {
  test('when the instance role is read, then the origin may only put and delete objects under covers/', () => {
    const s3Statements = allowedStatements(template, 'OriginInstanceRole').filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('s3:')),
    );

    expect(s3Statements.flatMap(actionsOf).sort()).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(s3Statements.map((statement) => statement.Resource)).toEqual([
      {
        'Fn::Sub': [
          '${CoversBucketArn}/covers/*',
          { CoversBucketArn: { 'Fn::GetAtt': ['CoversBucket', 'Arn'] } },
        ],
      },
    ]);
  });

  test('when the origin settings are read, then COVERS_BUCKET names the covers bucket', () => {
    const settings = JSON.stringify(
      resource(template, 'OriginSettingsParameter', 'AWS::SSM::Parameter').Properties?.Value,
    );

    expect(settings).toContain('COVERS_BUCKET=${CoversBucket}');
  });
});

describe('secret values in the prod template', () => {
  test('when the whole template is searched, then it holds no key, token or password literal', () => {
    const text = JSON.stringify(template);

    expect(firstMatch(text, /-----BEGIN[^"]{0,40}/)).toBeUndefined();
    expect(firstMatch(text, /PRIVATE KEY/)).toBeUndefined();
    expect(firstMatch(text, /AKIA[0-9A-Z]{16}/)).toBeUndefined();
    expect(firstMatch(text, /eyJ[\w-]{10,}\.[\w-]{10,}/)).toBeUndefined();
    // A URL with a literal password; the user data's `mysql://$user:$password@` is filled in on the instance.
    expect(firstMatch(text, /mysql:\/\/[^"/$\s]+:[^"@/$\s]+@/)).toBeUndefined();
  });

  test('when properties named like credentials are read, then each is a reference or generated, not a literal', () => {
    const literalCredentials: string[] = [];
    for (const [id, item] of Object.entries(template.Resources)) {
      for (const node of walk(item.Properties)) {
        if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
        for (const [key, value] of Object.entries(node)) {
          if (!/password|private_?key|^secretstring$/i.test(key)) continue;
          if (typeof value !== 'string') continue;
          if (id === 'JwtSigningKeySecret' && key === 'SecretString') continue;
          // The name of an authentication method (MYSQL_CACHING_SHA2_PASSWORD), not a password.
          if (key === 'ClientPasswordAuthType') continue;
          literalCredentials.push(`${id}.${key}`);
        }
      }
    }

    expect(literalCredentials).toEqual([]);
  });

  test('when the signing key secret is created, then it holds a placeholder the auth function cannot mistake for a key', () => {
    const secret =
      resource(template, 'JwtSigningKeySecret', 'AWS::SecretsManager::Secret').Properties ?? {};

    expect(secret.SecretString).toMatch(/^not-set/);
    expect(secret.SecretString).not.toMatch(/BEGIN|privateKey|"d"/);
  });

  test('when the functions’ environment is read, then no private key or password is passed in it', () => {
    for (const functionId of [
      'AuthLambdaFunction',
      'CatalogLambdaFunction',
      'NotificationsLambdaFunction',
    ]) {
      const variables = Object.keys(
        resource(template, functionId, 'AWS::Lambda::Function').Properties?.Environment
          ?.Variables ?? {},
      );

      expect(variables.filter((name) => /PRIVATE_KEY|PASSWORD/.test(name))).toEqual([]);
    }
  });
});
