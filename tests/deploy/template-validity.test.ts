import { specProblems, referenceProblems } from './cloudformation-checks';
import { loadTemplate, type Template } from './cloudformation-template';
import { PACKAGE_TIMEOUT_MS, packagedProdService } from './packaged-service';

let template: Template;

beforeAll(async () => {
  template = await loadTemplate(await packagedProdService());
}, PACKAGE_TIMEOUT_MS);

describe('the CloudFormation template of `serverless package --stage prod`', () => {
  test('when checked against CloudFormation’s resource specification, then every type, property and attribute exists', () => {
    // Arrange: the packaged template. Act
    const problems = specProblems(template);

    // Assert
    expect(problems).toEqual([]);
  });

  test('when its references are resolved, then every Ref, GetAtt, Sub variable, DependsOn and condition names something', () => {
    const problems = referenceProblems(template);

    expect(problems).toEqual([]);
  });

  test('when packaged, then the topology and both functions are in it', () => {
    const types = new Set(Object.values(template.Resources).map((resource) => resource.Type));

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
      'AWS::ApiGatewayV2::DomainName',
      'AWS::SQS::Queue',
      'AWS::S3::Bucket',
      'AWS::CloudWatch::Alarm',
      'AWS::Lambda::Function',
    ]) {
      expect(types).toContain(type);
    }
  });
});
