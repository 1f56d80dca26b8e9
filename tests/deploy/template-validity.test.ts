import { PACKAGE_VARIANTS, type PackageVariant } from '../../scripts/lambda-artifacts';
import { specProblems, referenceProblems } from './cloudformation-checks';
import {
  conditionHolds,
  loadTemplate,
  resolveConditions,
  resource,
  type Template,
} from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, packagedService } from './packaged-service';

const templates = {} as Record<PackageVariant, Template>;
const variants = Object.keys(PACKAGE_VARIANTS) as PackageVariant[];

beforeAll(async () => {
  // One after the other: the variants share the run's packaging lock anyway.
  for (const variant of variants)
    templates[variant] = await loadTemplate(await packagedService(variant));
}, PACKAGE_TIMEOUT_MS * 3);

describe.each(variants)('the CloudFormation template of the %s variant', (variant) => {
  test('when checked against CloudFormation’s resource specification, then every type, property and attribute exists', () => {
    // Arrange: the packaged template. Act
    const problems = specProblems(templates[variant]);

    // Assert
    expect(problems).toEqual([]);
  });

  test('when its references are resolved, then every Ref, GetAtt, Sub variable, DependsOn and condition names something', () => {
    const problems = referenceProblems(templates[variant]);

    expect(problems).toEqual([]);
  });
});

describe('the CloudFormation templates of `serverless package --stage prod`', () => {
  test('when both stacks are packaged, then the topology and every function are in them', () => {
    const types = new Set(
      [templates.prod, templates['data-prod']].flatMap((template) =>
        Object.values(template.Resources).map((item) => item.Type),
      ),
    );

    for (const type of [
      'AWS::EC2::VPC',
      'AWS::EC2::NatGateway',
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBProxy',
      'AWS::ECR::Repository',
      'AWS::EC2::LaunchTemplate',
      'AWS::AutoScaling::AutoScalingGroup',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::VpcLink',
      'AWS::CloudFront::Distribution',
      'AWS::WAFv2::WebACL',
      'AWS::SQS::Queue',
      'AWS::S3::Bucket',
      'AWS::CloudWatch::Alarm',
      'AWS::Lambda::Function',
    ]) {
      expect(types).toContain(type);
    }
  });
});

describe('the later-deploy and dev variants', () => {
  test('when prod is packaged with an image tag and a hosted zone, then the origin runs 2 to 6 instances and DNS is managed', () => {
    const template = templates['prod-live'];
    const group = resolveConditions(
      template,
      resource(template, 'OriginAutoScalingGroup', 'AWS::AutoScaling::AutoScalingGroup').Properties,
    ) as Record<string, unknown>;

    expect(conditionHolds(template, 'HasOriginImage')).toBe(true);
    expect(conditionHolds(template, 'HasHostedZone')).toBe(true);
    expect([group.MinSize, group.MaxSize].map(String)).toEqual(['2', '6']);
  });

  test('when dev is packaged, then it shares one NAT gateway and runs one database instance that may be deleted', () => {
    const template = templates['data-dev'];
    const database = resource(template, 'Database', 'AWS::RDS::DBInstance').Properties ?? {};

    expect(conditionHolds(template, 'HasSecondNatGateway')).toBe(false);
    expect(database.DeletionProtection).toBe(false);
    expect(database.MultiAZ).toBe(false);
  });

  test('when prod is packaged, then its database has a standby in a second zone and each zone its NAT gateway', () => {
    const template = templates['data-prod'];
    const database = resource(template, 'Database', 'AWS::RDS::DBInstance').Properties ?? {};

    expect(conditionHolds(template, 'HasSecondNatGateway')).toBe(true);
    expect(database.MultiAZ).toBe(true);
  });
});
