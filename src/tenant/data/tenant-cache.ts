import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';
import { acknowledgeFinding } from '../../security/acknowledge-findings';
import type { TenantTier } from '../../tiers';

/**
 * Valkey is the open-source continuation of Redis OSS that ElastiCache now develops first and prices lower; Django's
 * cache and Celery speak to it exactly as to Redis.
 */
export const CACHE_ENGINE = 'valkey';

/** The Valkey major.minor version; ElastiCache applies patch releases itself. */
export const CACHE_ENGINE_VERSION = '8.2';

/**
 * The cache listens on a port other than 6379 so that scans for the well-known port find nothing (cdk-nag
 * AwsSolutions-AEC5). CloudFormation replaces a replication group whose port changes, so it is a constant.
 */
export const CACHE_PORT = 6380;

/** The snapshot retention, in days, from which the HIPAA and NIST packs accept a cache's backups. */
const CACHE_SNAPSHOT_RETENTION_CHECKED_DAYS = 15;

/** JSON key of the AUTH token in its secret. */
export const CACHE_AUTH_TOKEN_JSON_KEY = 'authToken';

/** The logs the cache delivers to CloudWatch Logs. */
export const CACHE_LOG_TYPES = ['slow-log', 'engine-log'];

export interface TenantCacheProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly tier: TenantTier;
  readonly key: kms.IKey;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
}

/**
 * The tenant's Valkey replication group (cluster mode disabled) in the environment's isolated subnets: TLS only,
 * encrypted at rest with the tenant's key, AUTH token from Secrets Manager.
 *
 * Everything the tier drives (node type, number of replicas, automatic failover, Multi-AZ, snapshot retention) is
 * updated in place by CloudFormation; what would replace the group (id, port, key, engine, subnet group) never
 * depends on the tier. A final snapshot is taken whenever CloudFormation deletes or replaces the group, so queued
 * Celery tasks and cached sessions can be restored.
 */
export class TenantCache extends Construct {
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  public readonly authSecret: secretsmanager.ISecret;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly host: string;
  public readonly port: string;

  constructor(scope: Construct, id: string, props: TenantCacheProps) {
    super(scope, id);
    const { base, names, tier, key } = props;
    const config = tier.config;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: base.vpc,
      description: `Valkey of tenant ${names.tenantId}: reachable only from the services of the tenant`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(props.serviceSecurityGroup, ec2.Port.tcp(CACHE_PORT), `Services of tenant ${names.tenantId}`);

    this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
      secretName: names.secret('cache-auth-token'),
      description: `Valkey AUTH token of tenant ${names.tenantId} (${names.stem})`,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: CACHE_AUTH_TOKEN_JSON_KEY,
        // ElastiCache accepts 16 to 128 printable characters without '/', '"' or '@'; letters and digits also keep
        // the token safe inside a redis:// URL.
        passwordLength: 64,
        excludePunctuation: true,
      },
    });

    const logDeliveryConfigurations = CACHE_LOG_TYPES.map((logType) => {
      const logGroup = new logs.LogGroup(this, `${logType}Logs`, {
        logGroupName: names.cacheLogGroup(logType),
        encryptionKey: key,
        retention: config.logRetention,
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      return {
        logType,
        logFormat: 'json',
        destinationType: 'cloudwatch-logs',
        destinationDetails: { cloudWatchLogsDetails: { logGroup: logGroup.logGroupName } },
      };
    });

    const highlyAvailable = config.cacheAutomaticFailover && config.cacheReplicas > 0;
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: names.cacheReplicationGroupId,
      replicationGroupDescription: `Cache and Celery broker of tenant ${names.tenantId} (${names.stem})`,
      engine: CACHE_ENGINE,
      engineVersion: CACHE_ENGINE_VERSION,
      autoMinorVersionUpgrade: true,
      cacheNodeType: config.cacheNodeType,
      numCacheClusters: 1 + config.cacheReplicas,
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      cacheSubnetGroupName: base.cacheSubnetGroupName,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: CACHE_PORT,
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      // A {{resolve:secretsmanager:...}} reference: CloudFormation reads the token at deploy time, so the template
      // never holds it.
      authToken: this.authSecret.secretValueFromJson(CACHE_AUTH_TOKEN_JSON_KEY).unsafeUnwrap(),
      snapshotRetentionLimit: config.cacheSnapshotRetentionDays,
      logDeliveryConfigurations,
    });
    this.replicationGroup.applyRemovalPolicy(RemovalPolicy.SNAPSHOT, { applyToUpdateReplacePolicy: true });

    this.acknowledgeIntendedFindings(tier, highlyAvailable);

    this.host = this.replicationGroup.attrPrimaryEndPointAddress;
    this.port = this.replicationGroup.attrPrimaryEndPointPort;
  }

  private acknowledgeIntendedFindings(tier: TenantTier, highlyAvailable: boolean): void {
    if (!highlyAvailable) {
      acknowledgeFinding(this.replicationGroup, ['awsSolutions'], 'AEC4', `Tier '${tier.name}' runs the cache on a single node to keep its cost down; a lost node loses only cached values and queued Celery tasks, which the application recreates, and a tier with cacheAutomaticFailover adds a replica in another Availability Zone.`);
    }
    if (tier.config.cacheSnapshotRetentionDays < CACHE_SNAPSHOT_RETENTION_CHECKED_DAYS) {
      acknowledgeFinding(this.replicationGroup, ['hipaa', 'nist'], 'ElastiCacheRedisClusterAutomaticBackup', `The cache holds cached values and the Celery queue, not records: the database is the system of record. Tier '${tier.name}' ${tier.config.cacheSnapshotRetentionDays === 0 ? 'takes no daily snapshots' : `keeps daily snapshots ${tier.config.cacheSnapshotRetentionDays} days`} (the packs ask for ${CACHE_SNAPSHOT_RETENTION_CHECKED_DAYS} days), and a final snapshot is taken whenever the cache is deleted or replaced.`);
    }
    acknowledgeFinding(this.authSecret, ['awsSolutions'], 'SMG4', 'Changing the AUTH token of a running replication group is a two-step ElastiCache operation (ROTATE, then SET once every client uses the new token) that the tenant\'s services must be redeployed for; it is an operator procedure, not a scheduled Lambda rotation. The token is generated by Secrets Manager, encrypted with the tenant key and readable only by the tenant\'s services.');
    acknowledgeFinding(this.authSecret, ['hipaa', 'nist'], 'SecretsManagerRotationEnabled', 'Changing the AUTH token of a running replication group is a two-step ElastiCache operation (ROTATE, then SET once every client uses the new token) that the tenant\'s services must be redeployed for; it is an operator procedure, not a scheduled Lambda rotation.');
  }
}
