import { Match } from 'aws-cdk-lib/assertions';
import type { TenantTier } from '../../../src/tiers';
import { createTenant, onlyResource, PRESET_TIERS, logicalIdsOf, tenantKeyArn } from '../../fixtures';

describe('tenant cache', () => {
  test.each(PRESET_TIERS)('sizes the %s cache, its replicas, failover and snapshots from the tier', (_name, tier: TenantTier) => {
    const { template } = createTenant({ tier });
    const config = tier.config;
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheNodeType: config.cacheNodeType,
      NumCacheClusters: 1 + config.cacheReplicas,
      AutomaticFailoverEnabled: config.cacheAutomaticFailover,
      MultiAZEnabled: config.cacheAutomaticFailover,
      SnapshotRetentionLimit: config.cacheSnapshotRetentionDays,
    });
  });

  test('gives Enterprise a replica in another Availability Zone with automatic failover', () => {
    const { template } = createTenant({ tier: PRESET_TIERS[2][1] });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
  });

  test.each(PRESET_TIERS)('snapshots the %s cache when it is deleted or replaced', (_name, tier: TenantTier) => {
    const { template } = createTenant({ tier });
    const { resource } = onlyResource(template, 'AWS::ElastiCache::ReplicationGroup');
    expect(resource.DeletionPolicy).toBe('Snapshot');
    expect(resource.UpdateReplacePolicy).toBe('Snapshot');
  });

  test('runs Valkey with TLS required, encrypted at rest with the tenant key, on a non-default port', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ReplicationGroupId: 'mate-demo-dev',
      Engine: 'valkey',
      EngineVersion: '8.2',
      Port: 6380,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      KmsKeyId: tenantKeyArn(template),
      AutoMinorVersionUpgrade: true,
      CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('cachesubnetgroupname') },
    });
  });

  test('takes its AUTH token from a generated, KMS-encrypted secret by dynamic reference', () => {
    const { template } = createTenant();
    const [secretId] = logicalIdsOf(template, 'AWS::SecretsManager::Secret', { Name: 'mate/dev/demo/cache-auth-token' });
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: 'mate/dev/demo/cache-auth-token',
        KmsKeyId: tenantKeyArn(template),
        GenerateSecretString: { SecretStringTemplate: '{}', GenerateStringKey: 'authToken', PasswordLength: 64, ExcludePunctuation: true },
      },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:authToken::}}']] },
    });
  });

  test.each(PRESET_TIERS)('delivers %s slow and engine logs to encrypted log groups kept as long as the tier says', (_name, tier: TenantTier) => {
    const { template } = createTenant({ tier });
    const configurations = onlyResource(template, 'AWS::ElastiCache::ReplicationGroup').resource.Properties.LogDeliveryConfigurations;
    expect(configurations.map((configuration: any) => configuration.LogType)).toEqual(['slow-log', 'engine-log']);
    for (const configuration of configurations) {
      expect(configuration).toMatchObject({ DestinationType: 'cloudwatch-logs', LogFormat: 'json' });
      const logGroupId = configuration.DestinationDetails.CloudWatchLogsDetails.LogGroup.Ref;
      expect(template.toJSON().Resources[logGroupId].Properties).toMatchObject({
        LogGroupName: `/aws/vendedlogs/elasticache/mate-demo-dev/${configuration.LogType}`,
        KmsKeyId: tenantKeyArn(template),
        RetentionInDays: tier.config.logRetention,
      });
    }
  });

  test('accepts connections only from the services of the tenant, on the cache port', () => {
    const { template } = createTenant();
    const cacheGroup = onlyResource(template, 'AWS::ElastiCache::ReplicationGroup').resource.Properties.SecurityGroupIds[0];
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify(cacheGroup));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 6380,
      ToPort: 6380,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^TenantServiceSecurityGroup/), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Valkey of tenant demo'),
      SecurityGroupIngress: Match.absent(),
    });
  });
});
