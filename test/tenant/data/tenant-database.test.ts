import { Match } from 'aws-cdk-lib/assertions';
import type { TenantTier } from '../../../src/tiers';
import { createTenant, onlyResource, PRESET_TIERS, tenantKeyArn } from '../../fixtures';

describe('tenant database', () => {
  test.each(PRESET_TIERS)('sizes and protects the %s database from its tier', (_name, tier: TenantTier) => {
    const { template } = createTenant({ tier });
    const config = tier.config;
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: config.databaseInstanceClass,
      MultiAZ: config.databaseMultiAz,
      BackupRetentionPeriod: config.databaseBackupRetentionDays,
      DeletionProtection: config.deletionProtection,
      MaxAllocatedStorage: config.databaseMaxAllocatedStorageGiB,
      AllocatedStorage: '20',
    });
  });

  test.each(PRESET_TIERS)('snapshots the %s database when it is deleted or replaced', (_name, tier: TenantTier) => {
    const { template } = createTenant({ tier });
    const { resource } = onlyResource(template, 'AWS::RDS::DBInstance');
    expect(resource.DeletionPolicy).toBe('Snapshot');
    expect(resource.UpdateReplacePolicy).toBe('Snapshot');
  });

  test('runs PostgreSQL 18 with automatic minor upgrades, on a non-default port, never publicly', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '18',
      AutoMinorVersionUpgrade: true,
      AllowMajorVersionUpgrade: false,
      Port: '5433',
      PubliclyAccessible: false,
      DBInstanceIdentifier: 'mate-demo-dev',
      DBName: 'mate',
      CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    });
  });

  test('places the database in the environment\'s isolated DB subnet group', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBSubnetGroupName: { Ref: Match.stringLikeRegexp('databasesubnetgroupname') },
    });
  });

  test('encrypts gp3 storage and Performance Insights with the tenant key', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      StorageType: 'gp3',
      StorageEncrypted: true,
      KmsKeyId: tenantKeyArn(template),
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: tenantKeyArn(template),
      PerformanceInsightsRetentionPeriod: 7,
    });
  });

  test('exports PostgreSQL logs to encrypted log groups that expire with the tier', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      MonitoringInterval: 60,
      EnableIAMDatabaseAuthentication: true,
      CopyTagsToSnapshot: true,
      DeleteAutomatedBackups: false,
    });
    for (const logType of ['postgresql', 'upgrade']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/rds/instance/mate-demo-dev/${logType}`,
        KmsKeyId: tenantKeyArn(template),
        RetentionInDays: 30,
      });
    }
  });

  test('requires TLS through its parameter group', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres18',
      Parameters: { 'rds.force_ssl': '1' },
    });
  });

  test('starts with the given storage', () => {
    const { template } = createTenant({ databaseAllocatedStorageGiB: 40, databaseName: 'shop' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { AllocatedStorage: '40', DBName: 'shop' });
  });

  test('generates KMS-encrypted master credentials that outlive the stack', () => {
    const { template } = createTenant();
    const secretId = Object.keys(template.findResources('AWS::SecretsManager::Secret', {
      Properties: { Name: 'mate/dev/demo/database' },
    }))[0];
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: 'mate/dev/demo/database',
        KmsKeyId: tenantKeyArn(template),
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', SecretStringTemplate: '{"username":"mate_admin"}' }),
      },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      MasterUsername: 'mate_admin',
      MasterUserPassword: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:password::}}']] },
    });
  });

  test('rotates the master password every 30 days from the private subnets', () => {
    const { template } = createTenant();
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    const rotation = onlyResource(template, 'AWS::Serverless::Application').resource;
    expect(JSON.stringify(rotation.Properties.Parameters.vpcSubnetIds)).toContain('privatesubnetids');
    expect(JSON.stringify(rotation.Properties.Parameters.kmsKeyArn)).toContain(onlyResource(template, 'AWS::KMS::Key').id);
  });

  test('accepts connections only from the services and the rotation function of the tenant', () => {
    const { template } = createTenant();
    const databaseGroup = onlyResource(template, 'AWS::RDS::DBInstance').resource.Properties.VPCSecurityGroups[0];
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify(databaseGroup));
    const sources = ingress.map((rule) => rule.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort();
    expect(sources).toEqual([expect.stringMatching(/^TenantDataDatabaseRotationSecurityGroup/), expect.stringMatching(/^TenantServiceSecurityGroup/)]);
    ingress.forEach((rule) => expect(rule.Properties.CidrIp).toBeUndefined());
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^PostgreSQL of tenant demo'),
      SecurityGroupIngress: Match.absent(),
    });
  });
});
