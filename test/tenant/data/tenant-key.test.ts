import { Match } from 'aws-cdk-lib/assertions';
import { createTenant, onlyResource, collect } from '../../fixtures';

/** The key ARNs the tenant's data stores and secrets are encrypted with. */
function storeKeys(template: ReturnType<typeof createTenant>['template']): unknown[] {
  const resources = template.toJSON().Resources as { [id: string]: any };
  const keyed: Array<[string, string]> = [
    ['AWS::RDS::DBInstance', 'KmsKeyId'],
    ['AWS::RDS::DBInstance', 'PerformanceInsightsKMSKeyId'],
    ['AWS::ElastiCache::ReplicationGroup', 'KmsKeyId'],
    ['AWS::EFS::FileSystem', 'KmsKeyId'],
    ['AWS::SecretsManager::Secret', 'KmsKeyId'],
  ];
  const keys = keyed.flatMap(([type, property]) => Object.values(resources)
    .filter((resource) => resource.Type === type)
    .map((resource) => resource.Properties[property]));
  const bucket = Object.values(resources).find((resource) => resource.Properties?.BucketName === 'mate-demo-dev-data');
  keys.push(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID);
  return keys;
}

describe('tenant key', () => {
  test('is the tenant\'s own by default: rotating, retained, deletable only after 30 days, aliased', () => {
    const { template } = createTenant();
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/mate-demo-dev',
      TargetKeyId: { 'Fn::GetAtt': [onlyResource(template, 'AWS::KMS::Key').id, 'Arn'] },
    });
  });

  test('encrypts every data store and secret of the tenant', () => {
    const { template } = createTenant();
    const keyArn = { 'Fn::GetAtt': [onlyResource(template, 'AWS::KMS::Key').id, 'Arn'] };
    const keys = storeKeys(template);
    expect(keys.length).toBeGreaterThanOrEqual(8);
    keys.forEach((key) => expect(key).toEqual(keyArn));
  });

  test('lets CloudWatch Logs use it only for the log groups of this tenant', () => {
    const { template } = createTenant();
    const statement = onlyResource(template, 'AWS::KMS::Key').resource.Properties.KeyPolicy.Statement
      .find((candidate: any) => candidate.Sid === 'AllowTenantLogGroups');
    expect(statement.Principal).toEqual({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } });
    expect(statement.Action).not.toContain('kms:*');
    const patterns = JSON.stringify(statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']);
    expect(patterns).toContain(':log-group:/ecs/mate-demo-dev/*');
    expect(patterns).toContain(':log-group:/aws/rds/instance/mate-demo-dev/*');
    expect(patterns).toContain(':log-group:/aws/vendedlogs/elasticache/mate-demo-dev/*');
  });

  test('is the environment\'s key when dedicatedKey is false', () => {
    const { template } = createTenant({ dedicatedKey: false });
    template.resourceCountIs('AWS::KMS::Key', 0);
    const keys = storeKeys(template);
    keys.forEach((key) => expect(key).toEqual({ Ref: expect.stringMatching(/^SsmParameterValuematedevkeyarn/) }));
    expect(collect(template.toJSON(), (node) => node === 'alias/mate-demo-dev')).toEqual([]);
  });
});
