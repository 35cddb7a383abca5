import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { MateBaseInfra } from '../../src/base';
import { certificateIn, createBase, logicalIdOf } from '../fixtures';

describe('MateBaseInfra', () => {
  test('names the ECS cluster <prefix>-<environment> with enhanced Container Insights and Fargate capacity providers', () => {
    const { template } = createBase();

    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'mate-dev',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
    });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
    });
  });

  test('follows the prefix in every name', () => {
    const { template, base } = createBase({ prefix: 'acme', environment: 'prod' });

    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'acme-prod' });
    template.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'acme-prod' });
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { DBSubnetGroupName: 'acme-prod-database' });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { CacheSubnetGroupName: 'acme-prod-cache' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Name: 'acme-prod' });
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Name: 'acme-prod' });
    expect(base.prefix).toBe('acme');
    expect(base.parameterPath).toBe('/acme/prod/');
  });

  test('configures ECS Exec with the environment key and an encrypted log group', () => {
    const { template, base, stack } = createBase();
    const keyId = logicalIdOf(template, 'AWS::KMS::Key');
    const execLogGroupId = stack.resolve(base.executeCommandLogGroup.logGroupName).Ref;
    expect(template.findResources('AWS::Logs::LogGroup')[execLogGroupId].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });

    template.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: { Ref: execLogGroupId } },
        },
      },
    });
  });

  test('encrypts every log group with the environment key, keeps them a year and retains them', () => {
    const { template } = createBase();
    const keyId = logicalIdOf(template, 'AWS::KMS::Key');
    const logGroups = template.findResources('AWS::Logs::LogGroup');

    expect(Object.keys(logGroups)).toHaveLength(4); // flow logs, ECS Exec, WAF, tenant placement
    for (const logGroup of Object.values(logGroups)) {
      expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(logGroup.Properties.RetentionInDays).toBe(365);
      expect(logGroup.DeletionPolicy).toBe('RetainExceptOnCreate');
    }
  });

  test('uses logRetention for every log group', () => {
    const { template } = createBase({ logRetention: 3653 });

    const retentions = Object.values(template.findResources('AWS::Logs::LogGroup')).map((group) => group.Properties.RetentionInDays);
    expect(retentions).toEqual([3653, 3653, 3653, 3653]);
  });

  test('encrypts the alarm topic with the environment key and refuses plain-text publishing', () => {
    const { template } = createBase();
    const keyId = logicalIdOf(template, 'AWS::KMS::Key');
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');

    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('lets the CloudWatch alarms of this account and Region publish to the alarm topic, and no other account\'s', () => {
    const { template } = createBase();
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');

    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowCloudWatchAlarmsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: topicId },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] } },
          },
        }]),
      },
    });
  });

  test('subscribes every alarmEmails address to the alarm topic', () => {
    const { template } = createBase({ alarmEmails: ['ops@example.com', 'oncall@example.com'] });

    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('creates an ECR repository that scans on push, has immutable tags, is KMS-encrypted and is retained', () => {
    const { template } = createBase();
    const keyId = logicalIdOf(template, 'AWS::KMS::Key');

    template.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        RepositoryName: 'mate-dev',
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      },
    });
  });

  test.each([
    [undefined, 100],
    [25, 25],
  ])('expires untagged images after 7 days and keeps the last maxImageCount (%p) images', (maxImageCount, kept) => {
    const { template } = createBase({ maxImageCount });
    const repository = Object.values(template.findResources('AWS::ECR::Repository'))[0];
    const policy = JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText);

    expect(policy.rules).toEqual([
      expect.objectContaining({ rulePriority: 1, selection: expect.objectContaining({ tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 7, countUnit: 'days' }), action: { type: 'expire' } }),
      expect.objectContaining({ rulePriority: 2, selection: expect.objectContaining({ tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: kept }), action: { type: 'expire' } }),
    ]);
  });

  test('creates the DB and cache subnet groups once, in the isolated subnets', () => {
    const { template, base } = createBase();
    const isolatedSubnetIds = Object.keys(template.findResources('AWS::EC2::Subnet', {
      Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]) },
    })).map((id) => ({ Ref: id }));

    expect(isolatedSubnetIds).toHaveLength(2);
    template.resourceCountIs('AWS::RDS::DBSubnetGroup', 1);
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { DBSubnetGroupName: 'mate-dev-database', SubnetIds: isolatedSubnetIds });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { CacheSubnetGroupName: 'mate-dev-cache', SubnetIds: isolatedSubnetIds });
    expect(Stack.of(base).resolve(base.cacheSubnetGroupName)).toEqual({ Ref: logicalIdOf(template, 'AWS::ElastiCache::SubnetGroup') });
  });

  test('outputs AlbDnsName and what operators need, exporting none of them', () => {
    const { template } = createBase();
    const loadBalancerId = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');

    template.hasOutput('AlbDnsName', { Value: { 'Fn::GetAtt': [loadBalancerId, 'DNSName'] } });
    template.hasOutput('ClusterName', { Value: { Ref: logicalIdOf(template, 'AWS::ECS::Cluster') } });
    template.hasOutput('HttpsListenerArn', { Value: { Ref: logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::Listener', { Port: 443 }) } });
    template.hasOutput('RepositoryUri', { Value: Match.anyValue() });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: logicalIdOf(template, 'AWS::SNS::Topic') } });
    template.hasOutput('ParameterPath', { Value: '/mate/dev/' });
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(
      ['AlarmTopicArn', 'AlbDnsName', 'ClusterName', 'HttpsListenerArn', 'ParameterPath', 'RepositoryUri']);
    expect(Object.values(template.toJSON().Outputs).filter((output: any) => output.Export !== undefined)).toEqual([]);
  });

  test('fails at synthesis when the stack has an output of its own with one of the base\'s output ids', () => {
    expect(() => createBase({}, {}, true, (_, stack) => new CfnOutput(stack, 'AlbDnsName', { value: 'elsewhere' })))
      .toThrow(/section 'Outputs' already contains 'AlbDnsName'/);
  });

  test('exposes the IMateBase values a tenant needs', () => {
    const { base, stack } = createBase({ applicationPort: 9000, maxAzs: 3 }, { env: { account: '123456789012', region: 'eu-west-1' } });

    expect(base.environment).toBe('dev');
    expect(base.domainName).toBe('mate.example.com');
    expect(base.applicationPort).toBe(9000);
    expect(base.availabilityZoneCount).toBe(3);
    expect(base.vpc.privateSubnets).toHaveLength(3);
    expect(stack.resolve(base.cluster.clusterName)).toEqual({ Ref: expect.stringMatching(/^BaseCluster/) });
  });

  test('tags every resource with its environment', () => {
    const { template } = createBase();

    template.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'mate:environment', Value: 'dev' }]) });
    template.hasResourceProperties('AWS::ECS::Cluster', { Tags: Match.arrayWith([{ Key: 'mate:environment', Value: 'dev' }]) });
    template.allResourcesProperties('AWS::ElasticLoadBalancingV2::Listener', { Tags: Match.absent() });
  });

  test('fails when a stack already holds a MateBaseInfra', () => {
    const { stack } = createBase();

    expect(() => new MateBaseInfra(stack, 'Second', { environment: 'prod', domainName: 'mate.example.com', certificate: certificateIn(new Stack()) }))
      .toThrow(/stack BaseStack already holds a MateBaseInfra; put each environment in a stack of its own/);
  });
});
