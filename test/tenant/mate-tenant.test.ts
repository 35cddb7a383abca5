import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { MateBaseInfra } from '../../src/base';
import { MateTenant } from '../../src/tenant';
import type { TenantTier } from '../../src/tiers';
import { addTenant, CERTIFICATE_ARN, createApp, createTenant, PRESET_TIERS, tenantProps } from '../fixtures';

const TAGGED_DATA_TYPES: Array<[string, string]> = [
  ['AWS::RDS::DBInstance', 'Tags'],
  ['AWS::ElastiCache::ReplicationGroup', 'Tags'],
  ['AWS::S3::Bucket', 'Tags'],
  ['AWS::EFS::FileSystem', 'FileSystemTags'],
  ['AWS::KMS::Key', 'Tags'],
  ['AWS::SecretsManager::Secret', 'Tags'],
];

describe('MateTenant', () => {
  test.each(PRESET_TIERS)('tags every %s data resource with tenant, tier and environment', (tierName, tier: TenantTier) => {
    const { template } = createTenant({ tier });
    for (const [type, tagProperty] of TAGGED_DATA_TYPES) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(resource.Properties[tagProperty]).toEqual(expect.arrayContaining([
          { Key: 'mate:tenant', Value: 'demo' },
          { Key: 'mate:tier', Value: tierName },
          { Key: 'mate:environment', Value: 'dev' },
        ]));
      }
    }
  });

  test('exposes its data resources', () => {
    const { tenant, stack } = createTenant();
    expect(Stack.of(tenant.database)).toBe(stack);
    expect(tenant.databaseName).toBe('mate');
    expect(tenant.mediaPath).toBe('/app/media');
    expect(stack.resolve(tenant.bucket.bucketName)).toEqual({ Ref: expect.stringMatching(/^TenantDataStorageData/) });
    expect(stack.resolve(tenant.cacheHost)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TenantDataCacheReplicationGroup/), 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(tenant.cachePort)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TenantDataCacheReplicationGroup/), 'PrimaryEndPoint.Port'] });
    expect(stack.resolve(tenant.key.keyArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TenantDataKey/), 'Arn'] });
    expect(stack.resolve(tenant.fileSystem.fileSystemId)).toEqual({ Ref: expect.stringMatching(/^TenantDataMediaFileSystem/) });
    expect(stack.resolve(tenant.accessPoint.accessPointId)).toEqual({ Ref: expect.stringMatching(/^TenantDataMediaFileSystemAccessPoint/) });
    expect(tenant.cacheReplicationGroup.replicationGroupId).toBe('mate-demo-dev');
    for (const secret of [tenant.databaseSecret, tenant.cacheAuthSecret, tenant.djangoSecretKey]) {
      expect(Stack.of(secret)).toBe(stack);
    }
  });

  test.each(['Demo', 'demo_1', '-demo', 'demo-', 'de--mo', '1demo'])('fails when the tenant id %s is not a lower-case DNS label', (tenantId) => {
    const { app, base } = createApp();
    const stack = new Stack(app, 'Tenant');
    expect(() => new MateTenant(stack, 'Tenant', tenantProps(base, tenantId))).toThrow(
      `Invalid MateTenant '${tenantId}':\n  - tenantId '${tenantId}' must be a lower-case DNS label`,
    );
  });

  test('fails when the tenant id is too long for the names it ends up in', () => {
    const tenantId = 'a'.repeat(25);
    expect(() => createTenant({}, tenantId)).toThrow(/the target group name 'mate-a{25}-dev' is 34 characters; AWS allows 32\. Shorten tenantId .* by at least 2 characters/);
    expect(() => createTenant({}, tenantId)).toThrow("with prefix 'mate' and environment 'dev', tenantId may be at most 23 characters");
  });

  test('fails with one error that lists the data side\'s and the services\' problems together', () => {
    const attempt = () => createTenant({ databaseAllocatedStorageGiB: 10, healthCheckPath: 'health' });
    expect(attempt).toThrow(/databaseAllocatedStorageGiB[\s\S]*healthCheckPath 'health'/);
  });

  test('fails when one environment gets the same tenant twice', () => {
    const environment = createApp();
    const { app, base } = environment;
    addTenant(environment, 'demo');
    const other = new Stack(app, 'Other');
    expect(() => new MateTenant(other, 'Tenant', tenantProps(base, 'demo'))).toThrow(
      "Invalid MateTenant 'demo':\n  - tenantId 'demo' is already used in environment 'dev' by MateTenant-demo-dev/Tenant; give each tenant of an environment its own tenantId",
    );
  });

  test('accepts the same tenant id in two environments', () => {
    const environment = createApp();
    const { app } = environment;
    addTenant(environment, 'demo');
    const stagingStack = new Stack(app, 'MateBase-staging');
    const staging = new MateBaseInfra(stagingStack, 'Base', {
      environment: 'staging',
      domainName: 'staging.mate.example.com',
      certificate: acm.Certificate.fromCertificateArn(stagingStack, 'Certificate', CERTIFICATE_ARN),
    });
    const stack = new Stack(app, 'MateTenant-demo-staging');
    expect(() => new MateTenant(stack, 'Tenant', tenantProps(staging, 'demo'))).not.toThrow();
  });

  test('keeps its key out of the environment when dedicatedKey is false', () => {
    const { template } = createTenant({ dedicatedKey: false });
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::RDS::DBInstance', { KmsKeyId: { Ref: Match.stringLikeRegexp('keyarn') } });
  });
});
