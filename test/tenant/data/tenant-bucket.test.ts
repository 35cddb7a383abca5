import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { createTenant, onlyResource, logicalIdsOf, tenantKeyArn } from '../../fixtures';

describe('tenant bucket', () => {
  test('is named mate-<tenant>-<env>-data and encrypted with the tenant key and a bucket key', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'mate-demo-dev-data',
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: tenantKeyArn(template) },
          BucketKeyEnabled: true,
        }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('expires old versions and abandoned multipart uploads', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'mate-demo-dev-data',
      LifecycleConfiguration: {
        Rules: [Match.objectLike({
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        })],
      },
    });
  });

  test('is retained when the stack is deleted, as is its access-log bucket', () => {
    const { template } = createTenant();
    for (const name of ['mate-demo-dev-data', 'mate-demo-dev-access-logs']) {
      template.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({ BucketName: name }),
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
    }
    expect(JSON.stringify(template.toJSON())).not.toContain('AutoDeleteObjects');
  });

  test.each(['mate-demo-dev-data', 'mate-demo-dev-access-logs'])('refuses requests to %s without TLS 1.2', (bucketName) => {
    const { template } = createTenant();
    const [bucketId] = logicalIdsOf(template, 'AWS::S3::Bucket', { BucketName: bucketName });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('logs server access to its own log bucket, which only the S3 logging service for this bucket may write', () => {
    const { template } = createTenant();
    const [dataId] = logicalIdsOf(template, 'AWS::S3::Bucket', { BucketName: 'mate-demo-dev-data' });
    const [logsId] = logicalIdsOf(template, 'AWS::S3::Bucket', { BucketName: 'mate-demo-dev-access-logs' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'mate-demo-dev-data',
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'mate-demo-dev-data/' },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'mate-demo-dev-access-logs',
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      AccessControl: Match.absent(),
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowServerAccessLogs',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logsId, 'Arn'] }, '/mate-demo-dev-data/*']] },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [dataId, 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        }]),
      },
    });
  });

  test('lets the task role read, write and delete objects of this bucket only, naming every action', () => {
    const { template, stack, tenant } = createTenant();
    const [dataId] = logicalIdsOf(template, 'AWS::S3::Bucket', { BucketName: 'mate-demo-dev-data' });
    const taskRoleId = stack.getLogicalId(tenant.taskRole.node.defaultChild as CfnElement);
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(taskRoleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const s3Statements = statements.filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('s3:')));
    expect(s3Statements).toEqual([
      {
        Sid: 'ListTenantBucket',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:GetBucketLocation'],
        Resource: { 'Fn::GetAtt': [dataId, 'Arn'] },
      },
      {
        Sid: 'ReadWriteTenantObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [dataId, 'Arn'] }, '/*']] },
      },
    ]);
    expect(statements).toContainEqual({
      Sid: 'UseTenantKeyThroughS3',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::GetAtt': [onlyResource(template, 'AWS::KMS::Key').id, 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } } },
    });
  });
});
