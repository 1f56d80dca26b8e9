import {
  actionsOf,
  allowedStatements,
  referencedId,
  resource,
  resourcesOfType,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, deployedStacks } from './packaged-service';

let template: Template;
let liveTemplate: Template;

beforeAll(async () => {
  template = await deployedStacks();
  liveTemplate = await deployedStacks('prod-live');
}, PACKAGE_TIMEOUT_MS * 2);

const FUNCTION_ID = 'NotificationsLambdaFunction';
const ROLE_ID = 'NotificationsFunctionRole';

const lambdaProperties = (from: Template) =>
  resource(from, FUNCTION_ID, 'AWS::Lambda::Function').Properties ?? {};

describe('the notifications function of the prod stack', () => {
  test('when packaged, then it runs Node.js 24 on arm64 in the private subnets with its own role and the database settings', () => {
    const properties = lambdaProperties(template);

    expect(properties.Runtime).toBe('nodejs24.x');
    expect(properties.Architectures).toEqual(['arm64']);
    expect(properties.Handler).toBe('handlers/notifications.handler');
    expect(referencedId(properties.Role)).toBe(ROLE_ID);
    expect(properties.VpcConfig).toEqual({
      SecurityGroupIds: [{ Ref: 'LambdaSecurityGroup' }],
      SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
    });
    expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(properties.Environment.Variables).toEqual(
      expect.objectContaining({
        NODE_ENV: 'production',
        DATABASE_SECRET_ARN: { Ref: 'DatabaseAppSecret' },
        DATABASE_TLS: 'true',
      }),
    );
  });

  test('when a sender is given at deploy, then the function sends from it; without one it has none (log sink)', () => {
    expect(lambdaProperties(liveTemplate).Environment.Variables.NOTIFICATIONS_FROM_EMAIL).toBe(
      'orders@shop.example.com',
    );
    expect(lambdaProperties(template).Environment.Variables.NOTIFICATIONS_FROM_EMAIL).toBe('');
  });

  test('when its event source is read, then it consumes the order-events queue in batches with partial batch responses', () => {
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) => referencedId(mapping.Properties?.FunctionName) === FUNCTION_ID,
    );

    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toEqual(
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': ['OrderEventsQueue', 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
        ScalingConfig: { MaximumConcurrency: 5 },
        Enabled: true,
      }),
    );
  });

  test('when the queue is read, then its visibility timeout is at least 6 times the function timeout and failures end in the dead-letter queue', () => {
    const queue = resource(template, 'OrderEventsQueue', 'AWS::SQS::Queue').Properties ?? {};
    const timeout = lambdaProperties(template).Timeout as number;

    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['OrderEventsDeadLetterQueue', 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  test('when the alarms are read, then one watches the age of the oldest order event and one the dead letters', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties ?? {},
    );
    const watching = (metric: string, queueId: string) =>
      alarms.filter(
        (alarm) =>
          alarm.MetricName === metric &&
          JSON.stringify(alarm.Dimensions) ===
            JSON.stringify([
              { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } },
            ]),
      );

    expect(watching('ApproximateAgeOfOldestMessage', 'OrderEventsQueue')).toHaveLength(1);
    expect(
      watching('ApproximateNumberOfMessagesVisible', 'OrderEventsDeadLetterQueue'),
    ).toHaveLength(1);
  });

  test('when its role is read, then it may consume only the order-events queue, send only from the configured sender and read only the database secret', () => {
    const statements = allowedStatements(liveTemplate, ROLE_ID);
    const allowing = (action: string) =>
      statements.filter((statement) => actionsOf(statement).includes(action));

    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) {
      expect(allowing(action).map((statement) => statement.Resource)).toEqual([
        { 'Fn::GetAtt': ['OrderEventsQueue', 'Arn'] },
      ]);
    }
    expect(
      statements
        .flatMap(actionsOf)
        .filter((action) => /^(sqs|s3|ses):/.test(action))
        .sort(),
    ).toEqual([
      'ses:SendEmail',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    expect(allowing('ses:SendEmail')).toEqual([
      expect.objectContaining({
        Resource: {
          'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*',
        },
        Condition: { StringEquals: { 'ses:FromAddress': 'orders@shop.example.com' } },
      }),
    ]);
    expect(allowing('secretsmanager:GetSecretValue').map((s) => referencedId(s.Resource))).toEqual([
      'DatabaseAppSecret',
    ]);
    expect(allowing('logs:PutLogEvents').map((s) => referencedId(s.Resource))).toEqual([
      'NotificationsLogGroup',
    ]);
  });
});
