import {
  actionsOf,
  allowedStatements,
  policyStatements,
  referencedId,
  resource,
  resourcesOfType,
  userDataText,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, deployedStacks } from './packaged-service';

let template: Template;

beforeAll(async () => {
  template = await deployedStacks();
}, PACKAGE_TIMEOUT_MS);

/** Every secret of the stack, each with the roles whose policies allow reading its value. */
function readersBySecret(): Record<string, string[]> {
  const readers: Record<string, string[]> = {};
  for (const [secretId] of resourcesOfType(template, 'AWS::SecretsManager::Secret')) {
    readers[secretId] = [];
  }
  for (const [roleId] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const statement of allowedStatements(template, roleId)) {
      const actions = actionsOf(statement);
      if (!actions.some((action) => action === 'secretsmanager:GetSecretValue')) continue;
      const targets = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const target of targets) {
        const secretId = referencedId(target) ?? JSON.stringify(target);
        (readers[secretId] ??= []).push(roleId);
      }
    }
  }
  for (const roles of Object.values(readers)) roles.sort();
  return readers;
}

describe('database identities in the prod stack', () => {
  test('when the policies are read, then only the migration step’s role may read the master secret, the rest hold the application user’s, and each other secret has one reader', () => {
    expect(readersBySecret()).toEqual({
      DatabaseSecret: ['MigrateFunctionRole'],
      DatabaseAppSecret: [
        'AuthFunctionRole',
        'CatalogFunctionRole',
        'DatabaseProxyRole',
        'MigrateFunctionRole',
        'NotificationsFunctionRole',
        'OriginInstanceRole',
      ],
      JwtSigningKeySecret: ['AuthFunctionRole'],
      CdnOriginSecret: ['CdnGuardFunctionRole'],
    });
    // No statement anywhere (a resource policy, a wildcard) reaches the master secret otherwise.
    const mentions = policyStatements(template).filter(({ statement }) =>
      JSON.stringify(statement.Resource ?? '').includes('"DatabaseSecret"'),
    );
    expect(mentions.map(({ where }) => where)).toEqual([
      expect.stringMatching(/^MigrateFunctionRole/),
    ]);
  });

  test('when the application user’s secret is read, then it is generated apart from the master’s, for its own user name', () => {
    const app = resource(template, 'DatabaseAppSecret', 'AWS::SecretsManager::Secret').Properties;
    const master = resource(template, 'DatabaseSecret', 'AWS::SecretsManager::Secret').Properties;
    // The application user's template also names the master secret (the rotation's clone user).
    const userOf = (generated: { SecretStringTemplate: string | { 'Fn::Sub': string } }) => {
      const text = generated.SecretStringTemplate;
      return (JSON.parse(typeof text === 'string' ? text : text['Fn::Sub']) as { username: string })
        .username;
    };

    expect(app?.GenerateSecretString.GenerateStringKey).toBe('password');
    expect(app?.GenerateSecretString.ExcludePunctuation).toBe(true);
    expect(userOf(app?.GenerateSecretString)).toBe('bookstore_app');
    expect(userOf(master?.GenerateSecretString)).toBe('bookstore_admin');
  });

  test('when packaged, then the migrate function runs the privileged step with the master secret, straight to the database over TLS', () => {
    const migrate = resource(template, 'MigrateLambdaFunction', 'AWS::Lambda::Function').Properties;
    const variables = migrate?.Environment?.Variables;

    expect(referencedId(migrate?.Role)).toBe('MigrateFunctionRole');
    expect(migrate?.VpcConfig.SecurityGroupIds).toEqual([{ Ref: 'MigrateSecurityGroup' }]);
    expect(variables.DATABASE_SECRET_ARN).toEqual({ Ref: 'DatabaseSecret' });
    expect(variables.DATABASE_APP_USER_SECRET_ARN).toEqual({ Ref: 'DatabaseAppSecret' });
    expect(JSON.stringify(variables.DATABASE_URL)).toContain(
      '{"Fn::GetAtt":["Database","Endpoint.Address"]}',
    );
    expect(variables.DATABASE_TLS).toBe('true');
    expect(variables.NODE_EXTRA_CA_CERTS).toBe('/var/runtime/ca-cert.pem');
  });

  test('when deployed, then the step runs as a custom resource on every deploy, before the origin group and the other functions', () => {
    const step = template.Resources.DatabaseMigration;
    const dependsOn = (id: string) => [template.Resources[id]?.DependsOn ?? []].flat();

    expect(step?.Type).toBe('AWS::CloudFormation::CustomResource');
    expect(step?.Properties?.ServiceToken).toEqual({
      'Fn::GetAtt': ['MigrateLambdaFunction', 'Arn'],
    });
    // A value unique to each packaging: CloudFormation sends an Update, so the step runs.
    expect(String(step?.Properties?.DeployRun)).toMatch(/^\w{6,}/);
    for (const id of [
      'OriginAutoScalingGroup',
      'AuthLambdaFunction',
      'CatalogLambdaFunction',
      'NotificationsLambdaFunction',
    ]) {
      expect(dependsOn(id)).toContain('DatabaseMigration');
    }
  });

  test('when an origin instance starts, then the origin reads the application user’s secret and runs no migration', () => {
    const script = userDataText(
      resource(template, 'OriginLaunchTemplate', 'AWS::EC2::LaunchTemplate').Properties
        ?.LaunchTemplateData.UserData,
    );
    const [settings, variables] = resource(
      template,
      'OriginSettingsParameter',
      'AWS::SSM::Parameter',
    ).Properties?.Value['Fn::Sub'] as [string, Record<string, unknown>];

    expect(settings).toContain('DATABASE_SECRET_ARN=${DatabaseAppSecret}');
    expect(variables.DatabaseAppSecret).toEqual({ Ref: 'DatabaseAppSecret' });
    expect(settings).not.toMatch(/DATABASE_URL=mysql:\/\/[^@\n]*@/);
    expect(script).not.toContain('${DatabaseSecret}');
    expect(script).not.toMatch(/migrate|seed\.js/);
  });
});
