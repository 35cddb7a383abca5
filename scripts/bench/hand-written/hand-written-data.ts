/**
 * A hand-written tenant's data stores: PostgreSQL with a rotated generated secret, a Valkey replication group with
 * an AUTH secret, an S3 bucket with its access-log bucket, EFS with an access point, and a daily backup plan.
 */
import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { HandWrittenBaseStack } from './hand-written-base-stack';
import type { HandWrittenTier } from './hand-written-tiers';

export interface HandWrittenDataProps {
  readonly base: HandWrittenBaseStack;
  readonly stem: string;
  readonly tier: HandWrittenTier;
  readonly serviceSecurityGroup: ec2.SecurityGroup;
}

export class HandWrittenData extends Construct {
  public readonly key: kms.Key;
  public readonly database: rds.DatabaseInstance;
  public readonly cache: elasticache.CfnReplicationGroup;
  public readonly cacheAuthSecret: secretsmanager.Secret;
  public readonly bucket: s3.Bucket;
  public readonly fileSystem: efs.FileSystem;
  public readonly accessPoint: efs.AccessPoint;
  public readonly djangoSecretKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: HandWrittenDataProps) {
    super(scope, id);
    const { base, stem, tier, serviceSecurityGroup } = props;

    this.key = new kms.Key(this, 'Key', { alias: stem, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });

    const databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', { vpc: base.vpc, allowAllOutbound: false });
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_18 });
    this.database = new rds.DatabaseInstance(this, 'Database', {
      engine,
      instanceIdentifier: stem,
      instanceType: new ec2.InstanceType(tier.databaseInstanceClass),
      vpc: base.vpc,
      subnetGroup: base.databaseSubnetGroup,
      securityGroups: [databaseSecurityGroup],
      port: 5433,
      parameterGroup: new rds.ParameterGroup(this, 'DatabaseParameters', { engine, parameters: { 'rds.force_ssl': '1' } }),
      credentials: rds.Credentials.fromGeneratedSecret('mate_admin', { secretName: `${stem}/database`, encryptionKey: this.key }),
      databaseName: 'mate',
      storageType: rds.StorageType.GP3,
      allocatedStorage: 20,
      maxAllocatedStorage: 200,
      storageEncryptionKey: this.key,
      multiAz: tier.multiAz,
      backupRetention: Duration.days(tier.backupRetentionDays),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      cloudwatchLogsRetention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    this.database.connections.allowDefaultPortFrom(serviceSecurityGroup, 'Services');
    this.database.addRotationSingleUser({ automaticallyAfter: Duration.days(30) });

    const cacheSecurityGroup = new ec2.SecurityGroup(this, 'CacheSecurityGroup', { vpc: base.vpc, allowAllOutbound: false });
    cacheSecurityGroup.addIngressRule(serviceSecurityGroup, ec2.Port.tcp(6380), 'Services');
    this.cacheAuthSecret = new secretsmanager.Secret(this, 'CacheAuthToken', {
      secretName: `${stem}/cache-auth-token`,
      encryptionKey: this.key,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'authToken', passwordLength: 64, excludePunctuation: true },
    });
    const cacheLogs = ['slow-log', 'engine-log'].map((logType) => ({
      logType,
      logFormat: 'json',
      destinationType: 'cloudwatch-logs',
      destinationDetails: {
        cloudWatchLogsDetails: {
          logGroup: new logs.LogGroup(this, `Cache${logType}`, { encryptionKey: this.key, retention: logs.RetentionDays.ONE_MONTH }).logGroupName,
        },
      },
    }));
    this.cache = new elasticache.CfnReplicationGroup(this, 'Cache', {
      replicationGroupId: stem,
      replicationGroupDescription: `Cache of ${stem}`,
      engine: 'valkey',
      engineVersion: '8.2',
      cacheNodeType: tier.cacheNodeType,
      numCacheClusters: 1 + tier.cacheReplicas,
      automaticFailoverEnabled: tier.cacheReplicas > 0,
      multiAzEnabled: tier.cacheReplicas > 0,
      port: 6380,
      cacheSubnetGroupName: base.cacheSubnetGroup.ref,
      securityGroupIds: [cacheSecurityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: this.key.keyId,
      transitEncryptionEnabled: true,
      authToken: SecretValue.secretsManager(this.cacheAuthSecret.secretArn, { jsonField: 'authToken' }).unsafeUnwrap(),
      snapshotRetentionLimit: tier.backupRetentionDays,
      logDeliveryConfigurations: cacheLogs,
    });
    this.cache.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      bucketName: `${stem}-access-logs`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Data', {
      bucketName: `${stem}-data`,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${stem}-data/`,
      eventBridgeEnabled: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });

    this.fileSystem = new efs.FileSystem(this, 'Media', {
      vpc: base.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      fileSystemName: stem,
      kmsKey: this.key,
      throughputMode: efs.ThroughputMode.ELASTIC,
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      enableAutomaticBackups: false,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.fileSystem.connections.allowDefaultPortFrom(serviceSecurityGroup, 'Services');
    this.accessPoint = this.fileSystem.addAccessPoint('AccessPoint', {
      path: '/media',
      posixUser: { uid: '1000', gid: '1000' },
      createAcl: { ownerUid: '1000', ownerGid: '1000', permissions: '750' },
    });

    this.djangoSecretKey = new secretsmanager.Secret(this, 'DjangoSecretKey', {
      secretName: `${stem}/django-secret-key`,
      encryptionKey: this.key,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'secretKey', passwordLength: 64 },
    });

    const vault = new backup.BackupVault(this, 'BackupVault', { backupVaultName: stem, encryptionKey: this.key, removalPolicy: RemovalPolicy.RETAIN });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [new backup.BackupPlanRule({
        scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
        deleteAfter: Duration.days(35),
      })],
    });
    plan.addSelection('DataStores', {
      resources: [backup.BackupResource.fromRdsDatabaseInstance(this.database), backup.BackupResource.fromEfsFileSystem(this.fileSystem)],
    });
  }
}
