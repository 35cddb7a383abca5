import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { createBase, logicalIdOf } from '../fixtures';

describe('the access log bucket', () => {
  test('is S3-managed encrypted, versioned, private, retained and TLS only', () => {
    const { template } = createBase();
    const bucketId = logicalIdOf(template, 'AWS::S3::Bucket');

    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
    expect(Object.values(template.findResources('AWS::S3::Bucket'))[0].Properties.AutoDeleteObjects).toBeUndefined();
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test.each([
    [undefined, 365],
    [Duration.days(90), 90],
  ])('expires logs after accessLogRetention (%p) days', (accessLogRetention, days) => {
    const { template } = createBase({ accessLogRetention });

    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({
          Id: 'ExpireAccessLogs',
          Status: 'Enabled',
          ExpirationInDays: days,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        })],
      },
    });
  });

  test('receives the access logs of the load balancer', () => {
    const { template } = createBase();
    const bucketId = logicalIdOf(template, 'AWS::S3::Bucket');

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: bucketId } },
      ]),
    });
  });

  test('in a stack with a region, lets that region\'s Elastic Load Balancing account write the logs', () => {
    const { template } = createBase({}, { env: { account: '123456789012', region: 'us-east-1' } });

    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Action: 's3:PutObject',
          Principal: { AWS: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':iam::127311923021:root')])] }) },
        })]),
      },
    });
  });

  test('in a stack without a region, looks the Elastic Load Balancing account up at deployment and grants the log-delivery service', () => {
    const { template } = createBase();
    const bucketPolicyId = logicalIdOf(template, 'AWS::S3::BucketPolicy');
    const statements = template.findResources('AWS::S3::BucketPolicy')[bucketPolicyId].Properties.PolicyDocument.Statement;
    const writers = statements.filter((statement: any) => statement.Action === 's3:PutObject');

    expect(template.toJSON().Mappings.Elbv2AccountMap['us-east-1']).toEqual({ value: '127311923021' });
    expect(writers).toEqual([
      expect.objectContaining({
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { 'Fn::FindInMap': ['Elbv2AccountMap', { Ref: 'AWS::Region' }, 'value'] }, ':root']] } },
        Resource: expect.anything(),
      }),
      expect.objectContaining({ Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' } }),
    ]);
    template.hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', { DependsOn: Match.arrayWith([bucketPolicyId]) });
  });
});
