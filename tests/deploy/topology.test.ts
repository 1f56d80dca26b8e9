import { PROCESSED_EVENT_RETENTION_MS } from '../../origin/housekeeping/prune-stale-records';
import { BUSINESS_METRICS } from '../../shared/logging/business-metrics';
import {
  actionsOf,
  allowedStatements,
  conditionHolds,
  referencedId,
  resolveConditions,
  resource,
  resourcesOfType,
  userDataText,
  type Template,
} from './cloudformation-template';
import { runtimeRefusal } from './lambda-runtime-deprecations';
import { PACKAGE_TIMEOUT_MS, deployedStacks } from './packaged-service';

let template: Template;

beforeAll(async () => {
  template = await deployedStacks();
}, PACKAGE_TIMEOUT_MS);

/** Ingress rules of a security group, inline or as separate resources, with the source they allow. */
function ingressRules(groupId: string) {
  const inline = (resource(template, groupId, 'AWS::EC2::SecurityGroup').Properties
    ?.SecurityGroupIngress ?? []) as Record<string, unknown>[];
  const separate = resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress')
    .map(([, rule]) => rule.Properties ?? {})
    .filter((rule) => referencedId(rule.GroupId) === groupId);
  return [...inline, ...separate].map((rule) => ({
    from: referencedId(rule.SourceSecurityGroupId) ?? (rule.CidrIp as string | undefined),
    port: rule.FromPort as number,
    toPort: rule.ToPort as number,
  }));
}

/**
 * The metrics a dashboard body (`Fn::Sub` of its JSON) shows, as "Namespace/Name/dim=value,...",
 * with CloudWatch's "." shorthand (same as the row above) resolved.
 */
function dashboardMetrics(body: unknown): Set<string> {
  const [text] = (body as { 'Fn::Sub': [string, unknown] })['Fn::Sub'];
  const { widgets } = JSON.parse(text) as { widgets: { properties: { metrics?: unknown[][] } }[] };
  const shown = new Set<string>();
  for (const widget of widgets) {
    let previous: string[] = [];
    for (const row of widget.properties.metrics ?? []) {
      const fields = row.filter((item): item is string => typeof item === 'string');
      const resolved = fields.map((item, index) => (item === '.' ? (previous[index] ?? '') : item));
      previous = resolved;
      const [namespace, name, ...dimensions] = resolved;
      const pairs = [];
      for (let index = 0; index < dimensions.length; index += 2)
        pairs.push(`${dimensions[index]}=${dimensions[index + 1]}`);
      shown.add(`${namespace}/${name}/${pairs.join(',')}`);
    }
  }
  return shown;
}

describe('the network of the prod stack', () => {
  test('when packaged, then the VPC has a public and a private subnet in each of two availability zones', () => {
    const subnets = resourcesOfType(template, 'AWS::EC2::Subnet');
    const zoneOf = (id: string) =>
      JSON.stringify(resource(template, id, 'AWS::EC2::Subnet').Properties?.AvailabilityZone);

    expect(subnets.map(([id]) => id).sort()).toEqual([
      'PrivateSubnetA',
      'PrivateSubnetB',
      'PublicSubnetA',
      'PublicSubnetB',
    ]);
    expect(zoneOf('PrivateSubnetA')).toBe(zoneOf('PublicSubnetA'));
    expect(zoneOf('PrivateSubnetB')).toBe(zoneOf('PublicSubnetB'));
    expect(zoneOf('PrivateSubnetA')).not.toBe(zoneOf('PrivateSubnetB'));
    for (const [, subnet] of subnets) expect(subnet.Properties?.MapPublicIpOnLaunch).not.toBe(true);
  });

  test('when packaged for prod, then each private subnet leaves through its own zone’s NAT gateway', () => {
    const routeB = resolveConditions(
      template,
      resource(template, 'PrivateDefaultRouteB', 'AWS::EC2::Route').Properties,
    );
    const routeA = resource(template, 'PrivateDefaultRouteA', 'AWS::EC2::Route').Properties;

    expect(conditionHolds(template, 'HasSecondNatGateway')).toBe(true);
    expect(referencedId(routeA?.NatGatewayId)).toBe('NatGatewayA');
    expect(referencedId((routeB as Record<string, unknown>).NatGatewayId)).toBe('NatGatewayB');
    expect(resource(template, 'NatGatewayB', 'AWS::EC2::NatGateway').Properties?.SubnetId).toEqual({
      Ref: 'PublicSubnetB',
    });
  });

  test('when its security groups are read, then nothing is open to the internet and each tier admits only the tier before it', () => {
    const allIngress = [
      ...resourcesOfType(template, 'AWS::EC2::SecurityGroup').flatMap(([id]) => ingressRules(id)),
    ];

    expect(allIngress.filter((rule) => rule.from === '0.0.0.0/0' || rule.from === '::/0')).toEqual(
      [],
    );
    expect(ingressRules('DatabaseSecurityGroup')).toEqual(
      expect.arrayContaining([
        { from: 'DatabaseProxySecurityGroup', port: 3306, toPort: 3306 },
        { from: 'OriginSecurityGroup', port: 3306, toPort: 3306 },
        { from: 'MigrateSecurityGroup', port: 3306, toPort: 3306 },
        { from: 'RotationSecurityGroup', port: 3306, toPort: 3306 },
      ]),
    );
    expect(ingressRules('DatabaseSecurityGroup')).toHaveLength(4);
    expect(ingressRules('DatabaseProxySecurityGroup')).toEqual([
      { from: 'LambdaSecurityGroup', port: 3306, toPort: 3306 },
    ]);
    expect(ingressRules('OriginSecurityGroup')).toEqual([
      { from: 'AlbSecurityGroup', port: 8080, toPort: 8080 },
    ]);
    expect(
      ingressRules('AlbSecurityGroup').every((rule) => rule.from === 'VpcLinkSecurityGroup'),
    ).toBe(true);
    expect(ingressRules('LambdaSecurityGroup')).toEqual([]);
    expect(ingressRules('MigrateSecurityGroup')).toEqual([]);
  });
});

describe('the database of the prod stack', () => {
  test('when packaged for prod, then RDS MySQL 8 is Multi-AZ, encrypted, private, backed up and protected from deletion', () => {
    const database = resource(template, 'Database', 'AWS::RDS::DBInstance');
    const properties = database.Properties ?? {};

    expect(properties.Engine).toBe('mysql');
    expect(String(properties.EngineVersion)).toMatch(/^8\./);
    expect(properties.MultiAZ).toBe(true);
    expect(properties.StorageEncrypted).toBe(true);
    expect(properties.PubliclyAccessible).toBe(false);
    expect(properties.BackupRetentionPeriod).toBeGreaterThanOrEqual(7);
    expect(properties.DeletionProtection).toBe(true);
    expect(database.DeletionPolicy).toBe('Snapshot');
    expect(
      resource(template, 'DatabaseSubnetGroup', 'AWS::RDS::DBSubnetGroup').Properties?.SubnetIds,
    ).toEqual([{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }]);
  });

  test('when packaged, then the database credentials are generated into Secrets Manager and only referenced', () => {
    const secret =
      resource(template, 'DatabaseSecret', 'AWS::SecretsManager::Secret').Properties ?? {};
    const database = resource(template, 'Database', 'AWS::RDS::DBInstance').Properties ?? {};

    expect(secret.GenerateSecretString?.GenerateStringKey).toBe('password');
    expect(secret.SecretString).toBeUndefined();
    expect(database.MasterUserPassword).toEqual({
      'Fn::Sub': '{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}',
    });
  });

  test('when packaged, then RDS Proxy fronts the database over TLS with the application user’s secret, and the functions connect to it with it', () => {
    const proxy = resource(template, 'DatabaseProxy', 'AWS::RDS::DBProxy').Properties ?? {};
    const targets =
      resource(template, 'DatabaseProxyTargetGroup', 'AWS::RDS::DBProxyTargetGroup').Properties ??
      {};

    expect(proxy.EngineFamily).toBe('MYSQL');
    expect(proxy.RequireTLS).toBe(true);
    expect(proxy.Auth).toEqual([
      expect.objectContaining({ SecretArn: { Ref: 'DatabaseAppSecret' } }),
    ]);
    expect(proxy.VpcSubnetIds).toEqual([{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }]);
    expect(targets.DBInstanceIdentifiers).toEqual([{ Ref: 'Database' }]);
    for (const functionId of [
      'AuthLambdaFunction',
      'CatalogLambdaFunction',
      'NotificationsLambdaFunction',
    ]) {
      const variables = resource(template, functionId, 'AWS::Lambda::Function').Properties
        ?.Environment?.Variables;
      expect(variables.DATABASE_URL).toEqual({
        'Fn::Sub': [
          'mysql://${ProxyEndpoint}:3306/bookstore',
          { ProxyEndpoint: { 'Fn::GetAtt': ['DatabaseProxy', 'Endpoint'] } },
        ],
      });
      expect(variables.DATABASE_SECRET_ARN).toEqual({ Ref: 'DatabaseAppSecret' });
    }
  });
});

describe('the Lambda functions of the prod stack', () => {
  test('when packaged, then every function runs Node.js 24 on arm64, a runtime AWS still accepts today', () => {
    const today = new Date().toISOString().slice(0, 10);
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');

    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const [functionId, lambda] of functions) {
      const properties = lambda.Properties ?? {};
      expect({ functionId, runtime: properties.Runtime }).toEqual({
        functionId,
        runtime: 'nodejs24.x',
      });
      expect({ functionId, architectures: properties.Architectures }).toEqual({
        functionId,
        architectures: ['arm64'],
      });
      expect(runtimeRefusal(properties.Runtime as string, today)).toBeUndefined();
    }
  });

  test('when a runtime is on the deprecation list, then it is refused from its deprecation day', () => {
    expect(runtimeRefusal('nodejs20.x', '2026-04-29')).toBeUndefined();
    expect(runtimeRefusal('nodejs20.x', '2026-04-30')).toMatch(/deprecated by AWS on 2026-04-30/);
    expect(runtimeRefusal('nodejs99.x', '2026-04-30')).toMatch(/not a Node.js runtime/);
  });

  test('when packaged, then every function runs in the private subnets, with the pool bounded by their timeout', () => {
    for (const functionId of [
      'AuthLambdaFunction',
      'CatalogLambdaFunction',
      'NotificationsLambdaFunction',
    ]) {
      const properties = resource(template, functionId, 'AWS::Lambda::Function').Properties ?? {};

      expect(properties.VpcConfig).toEqual({
        SecurityGroupIds: [{ Ref: 'LambdaSecurityGroup' }],
        SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
      });
      expect(properties.Environment.Variables.NODE_ENV).toBe('production');
    }
  });
});

describe('the origin of the prod stack', () => {
  test('when packaged, then an ECR repository holds the origin image, scanned on push and with immutable tags', () => {
    const repository =
      resource(template, 'OriginRepository', 'AWS::ECR::Repository').Properties ?? {};

    expect(repository.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
    expect(repository.ImageTagMutability).toBe('IMMUTABLE');
  });

  test('when the launch template is read, then its user data runs the image with settings from SSM, leaves the database credentials to the origin, and holds no secret', () => {
    const data = resource(template, 'OriginLaunchTemplate', 'AWS::EC2::LaunchTemplate').Properties
      ?.LaunchTemplateData;
    const script = userDataText(data.UserData);

    expect(data.MetadataOptions.HttpTokens).toBe('required');
    expect(script).toContain('aws ssm get-parameter');
    // The origin reads them itself (DATABASE_SECRET_ARN), so a rotation reaches it while it runs.
    expect(script).not.toContain('secretsmanager');
    expect(script).toContain('docker run');
    expect(script).not.toMatch(/\{\{resolve:/);
    expect(script).not.toMatch(/-----BEGIN/);
  });

  test('when packaged with an image tag, then the Auto Scaling Group spans both zones, 2 to 6 instances', () => {
    const group = resource(
      template,
      'OriginAutoScalingGroup',
      'AWS::AutoScaling::AutoScalingGroup',
    );
    const properties = group.Properties ?? {};
    // CloudFormation takes the sizes as numbers or numeric strings alike.
    const withImage = (value: unknown) =>
      (value as { 'Fn::If': [string, unknown, unknown] })['Fn::If'].map(String);

    expect(withImage(properties.MinSize)).toEqual(['HasOriginImage', '2', '0']);
    expect(withImage(properties.MaxSize)).toEqual(['HasOriginImage', '6', '0']);
    expect(properties.VPCZoneIdentifier).toEqual([
      { Ref: 'PrivateSubnetA' },
      { Ref: 'PrivateSubnetB' },
    ]);
    expect(properties.TargetGroupARNs).toEqual([{ Ref: 'OriginTargetGroup' }]);
    expect(group.UpdatePolicy?.AutoScalingRollingUpdate).toEqual(
      expect.objectContaining({ MaxBatchSize: 1, WaitOnResourceSignals: true }),
    );
  });

  test('when the database fails over, then readiness only takes instances out of routing and liveness alone decides replacement', () => {
    const group =
      resource(template, 'OriginAutoScalingGroup', 'AWS::AutoScaling::AutoScalingGroup')
        .Properties ?? {};
    const targets =
      resource(template, 'OriginTargetGroup', 'AWS::ElasticLoadBalancingV2::TargetGroup')
        .Properties ?? {};
    const script = userDataText(
      resource(template, 'OriginLaunchTemplate', 'AWS::EC2::LaunchTemplate').Properties
        ?.LaunchTemplateData.UserData,
    );
    const reportsLiveness = allowedStatements(template, 'OriginInstanceRole').filter((statement) =>
      actionsOf(statement).includes('autoscaling:SetInstanceHealth'),
    );

    // The ALB's target health (/readyz follows the database) must not terminate instances.
    expect(targets.HealthCheckPath).toBe('/readyz');
    expect(group.HealthCheckType).toBe('EC2');
    // The watchdog asks /healthz and reports a dead process to its own group.
    expect(script).toMatch(/curl [^\n]*\/healthz/);
    expect(script).toContain('aws autoscaling set-instance-health');
    expect(script).not.toMatch(/curl [^\n]*\/readyz[^\n]*\n[^\n]*set-instance-health/);
    expect(script).toContain('systemctl enable --now bookstore-origin bookstore-origin-liveness');
    expect(reportsLiveness).toHaveLength(1);
    expect(JSON.stringify(reportsLiveness[0]?.Resource)).toContain(
      `autoScalingGroupName/${group.AutoScalingGroupName}`,
    );
  });

  test('when packaged before any image was pushed, then the group is held at zero instances', () => {
    const properties = resolveConditions(
      template,
      resource(template, 'OriginAutoScalingGroup', 'AWS::AutoScaling::AutoScalingGroup').Properties,
    ) as Record<string, unknown>;

    expect(conditionHolds(template, 'HasOriginImage')).toBe(false);
    expect([properties.MinSize, properties.MaxSize].map(String)).toEqual(['0', '0']);
  });

  test('when packaged, then target-tracking policies scale the group on CPU and on requests per instance', () => {
    const policies = resourcesOfType(template, 'AWS::AutoScaling::ScalingPolicy').map(
      ([, policy]) => policy.Properties ?? {},
    );
    const metrics = policies.map((policy) =>
      String(
        policy.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType,
      ),
    );

    expect(policies.every((policy) => policy.PolicyType === 'TargetTrackingScaling')).toBe(true);
    expect(
      policies.every(
        (policy) => referencedId(policy.AutoScalingGroupName) === 'OriginAutoScalingGroup',
      ),
    ).toBe(true);
    expect(metrics.sort()).toEqual(['ALBRequestCountPerTarget', 'ASGAverageCPUUtilization']);
  });

  test('when packaged, then the internal ALB health-checks /readyz, redirects HTTP to HTTPS and drains longer than the origin', () => {
    const alb =
      resource(template, 'Alb', 'AWS::ElasticLoadBalancingV2::LoadBalancer').Properties ?? {};
    const targets =
      resource(template, 'OriginTargetGroup', 'AWS::ElasticLoadBalancingV2::TargetGroup')
        .Properties ?? {};
    const https =
      resource(template, 'AlbHttpsListener', 'AWS::ElasticLoadBalancingV2::Listener').Properties ??
      {};
    const http =
      resource(template, 'AlbHttpListener', 'AWS::ElasticLoadBalancingV2::Listener').Properties ??
      {};
    const delay = (targets.TargetGroupAttributes as { Key: string; Value: string }[]).find(
      (attribute) => attribute.Key === 'deregistration_delay.timeout_seconds',
    );
    const originDrainDeadlineSeconds = 25;

    expect(alb.Scheme).toBe('internal');
    expect(targets.HealthCheckPath).toBe('/readyz');
    expect(targets.Matcher).toEqual({ HttpCode: '200' });
    expect(Number(delay?.Value)).toBeGreaterThan(originDrainDeadlineSeconds);
    expect(Number(delay?.Value)).toBeLessThanOrEqual(60);
    expect(https.Protocol).toBe('HTTPS');
    expect(https.Certificates).toHaveLength(1);
    expect(https.DefaultActions).toEqual([
      { Type: 'forward', TargetGroupArn: { Ref: 'OriginTargetGroup' } },
    ]);
    expect(http.Port).toBe(80);
    expect(http.DefaultActions).toEqual([
      expect.objectContaining({
        Type: 'redirect',
        RedirectConfig: expect.objectContaining({
          Protocol: 'HTTPS',
          Port: '443',
          StatusCode: 'HTTP_301',
        }),
      }),
    ]);
  });

  test('when packaged without a certificate ARN, then an ACM certificate for the domain is requested with DNS validation', () => {
    const certificate = resource(template, 'Certificate', 'AWS::CertificateManager::Certificate');

    expect(conditionHolds(template, 'CreateCertificate')).toBe(true);
    expect(certificate.Properties?.DomainName).toBe('shop.example.com');
    expect(certificate.Properties?.ValidationMethod).toBe('DNS');
  });
});

describe('the events and files of the prod stack', () => {
  test('when packaged, then the order-events queue redrives to an encrypted dead-letter queue', () => {
    const queue = resource(template, 'OrderEventsQueue', 'AWS::SQS::Queue').Properties ?? {};
    const deadLetters =
      resource(template, 'OrderEventsDeadLetterQueue', 'AWS::SQS::Queue').Properties ?? {};

    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['OrderEventsDeadLetterQueue', 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(deadLetters.SqsManagedSseEnabled).toBe(true);
    expect(deadLetters.MessageRetentionPeriod).toBe(1209600);
  });

  test('when packaged, then the record of a handled order event outlives every copy SQS could still deliver: its time in the dead-letter queue and, redriven, on the queue again', () => {
    const retentionMs = (logicalId: string) =>
      (resource(template, logicalId, 'AWS::SQS::Queue').Properties
        ?.MessageRetentionPeriod as number) * 1000;

    // A standard queue's dead letter expires by its first enqueue time; a redrive enqueues it anew.
    expect(PROCESSED_EVENT_RETENTION_MS).toBeGreaterThan(
      retentionMs('OrderEventsDeadLetterQueue') + retentionMs('OrderEventsQueue'),
    );
  });

  test('when packaged, then the covers bucket is private, encrypted, public access blocked and kept on teardown', () => {
    const bucket = resource(template, 'CoversBucket', 'AWS::S3::Bucket');
    const properties = bucket.Properties ?? {};

    expect(properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toBe('AES256');
    expect(properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
    expect(properties.AccessControl).toBeUndefined();
    expect(properties.WebsiteConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe('Retain');
  });
});

describe('the alarms of the prod stack', () => {
  const alarmMetrics = () =>
    resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([id, alarm]) => {
      const properties = alarm.Properties ?? {};
      const stats = (properties.Metrics ?? []) as {
        MetricStat?: { Metric: { Namespace: string; MetricName: string } };
      }[];
      const names = [
        ...(properties.MetricName ? [`${properties.Namespace}/${properties.MetricName}`] : []),
        ...stats.flatMap((metric) =>
          metric.MetricStat
            ? [`${metric.MetricStat.Metric.Namespace}/${metric.MetricStat.Metric.MetricName}`]
            : [],
        ),
      ];
      return { id, names, actions: properties.AlarmActions as unknown[] };
    });

  test('when packaged, then 5xx at the API and the ALB, unhealthy hosts, the dead-letter queue and the database raise alarms', () => {
    const watched = alarmMetrics().flatMap((alarm) => alarm.names);

    for (const metric of [
      'AWS/ApiGateway/5xx',
      'AWS/ApplicationELB/HTTPCode_Target_5XX_Count',
      'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count',
      'AWS/ApplicationELB/UnHealthyHostCount',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/RDS/CPUUtilization',
      'AWS/RDS/DatabaseConnections',
    ]) {
      expect(watched).toContain(metric);
    }
    const dlqAlarm =
      resource(template, 'OrderEventsDeadLetterAlarm', 'AWS::CloudWatch::Alarm').Properties ?? {};
    expect(dlqAlarm.Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': ['OrderEventsDeadLetterQueue', 'QueueName'] } },
    ]);
  });

  test('when packaged, then each function’s errors, throttles and p99 duration, the origin’s healthy hosts and p99 latency, the queue’s age and the database’s memory, credits and proxy borrow latency raise alarms', () => {
    const watched = alarmMetrics().flatMap((alarm) => alarm.names);
    const dimensionsOf = (metric: string) =>
      resourcesOfType(template, 'AWS::CloudWatch::Alarm')
        .map(([, alarm]) => alarm.Properties ?? {})
        .filter((properties) => `${properties.Namespace}/${properties.MetricName}` === metric)
        .map((properties) => JSON.stringify(properties.Dimensions));

    for (const metric of [
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'AWS/Lambda/Duration',
      'AWS/ApplicationELB/HealthyHostCount',
      'AWS/ApplicationELB/TargetResponseTime',
      'AWS/SQS/ApproximateAgeOfOldestMessage',
      'AWS/RDS/FreeableMemory',
      'AWS/RDS/CPUCreditBalance',
      'AWS/RDS/DatabaseConnectionsBorrowLatency',
    ]) {
      expect(watched).toContain(metric);
    }
    for (const functionId of [
      'AuthLambdaFunction',
      'CatalogLambdaFunction',
      'NotificationsLambdaFunction',
      'CdnGuardLambdaFunction',
    ]) {
      for (const metric of ['Errors', 'Throttles', 'Duration']) {
        expect(dimensionsOf(`AWS/Lambda/${metric}`)).toContain(
          JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]),
        );
      }
    }
    const healthy =
      resource(template, 'OriginHealthyHostsAlarm', 'AWS::CloudWatch::Alarm').Properties ?? {};
    expect(healthy.ComparisonOperator).toBe('LessThanThreshold');
    expect(
      (healthy.Threshold as { 'Fn::If': unknown[] })['Fn::If'].map((value) => String(value)),
    ).toEqual(['HasOriginImage', '2', '0']);
  });

  test('when packaged, then the order events’ dead letters are watched for depth and for age before they expire', () => {
    const watching = (metric: string) =>
      resourcesOfType(template, 'AWS::CloudWatch::Alarm')
        .map(([, alarm]) => alarm.Properties ?? {})
        .filter(
          (properties) =>
            properties.MetricName === metric &&
            JSON.stringify(properties.Dimensions).includes('OrderEventsDeadLetterQueue'),
        );
    const retention = resource(template, 'OrderEventsDeadLetterQueue', 'AWS::SQS::Queue').Properties
      ?.MessageRetentionPeriod as number;

    expect(watching('ApproximateNumberOfMessagesVisible')).toHaveLength(1);
    const [age] = watching('ApproximateAgeOfOldestMessage');
    expect(age?.Threshold).toBeLessThan(retention);
  });

  test('when packaged, then the dashboard shows every business metric the code writes, under the service that writes it, and every function', () => {
    const [[, dashboard] = []] = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
    const shown = dashboardMetrics(dashboard?.Properties?.DashboardBody);
    const writers: Record<string, string> = {
      OrdersPlaced: 'origin',
      PaymentsDeclined: 'origin',
      CheckoutLatency: 'origin',
      Registrations: 'auth',
      RegistrationsThrottled: 'auth',
      LoginsSucceeded: 'auth',
      LoginsFailed: 'auth',
      LoginsThrottled: 'auth',
      NotificationsSent: 'notifications',
      NotificationsFailed: 'notifications',
    };

    expect(Object.keys(writers).sort()).toEqual([...BUSINESS_METRICS].sort());
    expect(
      Object.entries(writers).filter(
        ([metric, service]) => !shown.has(`BookStore/${metric}/service=${service}`),
      ),
    ).toEqual([]);
    for (const functionId of [
      'AuthLambdaFunction',
      'CatalogLambdaFunction',
      'NotificationsLambdaFunction',
      'CdnGuardLambdaFunction',
    ]) {
      for (const metric of ['Errors', 'Throttles', 'Duration']) {
        expect(shown).toContain(`AWS/Lambda/${metric}/FunctionName=\${${functionId}}`);
      }
    }
  });

  test('when packaged, then one dashboard shows every tier and the business metrics', () => {
    const [[, dashboard] = []] = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);

    for (const metric of [
      'OrdersPlaced',
      'PaymentsDeclined',
      'CheckoutLatency',
      'HealthyHostCount',
      'ApproximateAgeOfOldestMessage',
      'DatabaseConnectionsBorrowLatency',
    ]) {
      expect(body).toContain(metric);
    }
  });

  test('when an alarm fires, then it notifies the alarm topic', () => {
    for (const alarm of alarmMetrics()) expect(alarm.actions).toEqual([{ Ref: 'AlarmTopic' }]);
  });
});
