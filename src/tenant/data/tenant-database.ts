import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';
import { acknowledgeFinding } from '../../security/acknowledge-findings';
import type { TenantTier } from '../../tiers';

/**
 * PostgreSQL listens on a port other than 5432 so that scans for the well-known port find nothing (cdk-nag
 * AwsSolutions-RDS11). Changing it later interrupts the database, so it is a constant.
 */
export const DATABASE_PORT = 5433;

/** Master user name. RDS replaces the instance if it changes, so it never does. */
export const DATABASE_MASTER_USERNAME = 'mate_admin';

/**
 * The current PostgreSQL major version. Only the major version is pinned: RDS picks the minor version and upgrades
 * it automatically, so the template never lags behind the running database. (cfn-lint flags the bare '17' as no
 * longer orderable; '18' is.)
 */
export const POSTGRES_VERSION = rds.PostgresEngineVersion.VER_18;

/** The PostgreSQL logs exported to CloudWatch Logs. */
export const DATABASE_LOG_TYPES = ['postgresql', 'upgrade'];

/**
 * Characters the master password never contains, at creation and at every rotation (RDS's own default set): they
 * break connection URLs and shell quoting.
 */
export const DATABASE_PASSWORD_EXCLUDE_CHARACTERS = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';

/** How often Secrets Manager rotates the master password. */
export const DATABASE_ROTATION_INTERVAL = Duration.days(30);

export interface TenantDatabaseProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly tier: TenantTier;
  readonly key: kms.IKey;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
  readonly databaseName: string;
  readonly allocatedStorageGiB: number;
}

/**
 * The tenant's PostgreSQL instance in the environment's isolated subnets, with its generated and rotated
 * credentials.
 *
 * Every setting the tier drives (instance class, Multi-AZ, backup retention, deletion protection, storage ceiling)
 * changes in place; settings that would replace the instance (identifier, key, port, user name, subnets) never
 * depend on the tier. The instance is snapshotted whenever CloudFormation deletes or replaces it.
 */
export class TenantDatabase extends Construct {
  public readonly instance: rds.DatabaseInstance;
  public readonly secret: secretsmanager.ISecret;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: TenantDatabaseProps) {
    super(scope, id);
    const { base, names, tier, key } = props;
    const config = tier.config;
    // The secret's resource policy stays on the secret's attachment, under the logical id it has always had, whatever
    // the app's feature flags: under @aws-cdk/aws-secretsmanager:useAttachedSecretResourcePolicyForSecretTargetAttachments
    // (which `cdk init` turns on) it moves to a new resource, and CloudFormation would delete the old policy.
    this.node.setContext(cxapi.SECRETS_MANAGER_TARGET_ATTACHMENT_RESOURCE_POLICY, false);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: base.vpc,
      description: `PostgreSQL of tenant ${names.tenantId}: reachable only from the services of the tenant`,
      allowAllOutbound: false,
    });

    const engine = rds.DatabaseInstanceEngine.postgres({ version: POSTGRES_VERSION });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `PostgreSQL parameters of tenant ${names.tenantId}`,
      // PostgreSQL 15 and later already default to it on RDS; stating it keeps TLS mandatory whatever the default.
      parameters: { 'rds.force_ssl': '1' },
    });

    // RDS writes exported logs into these groups when they exist, so they get the tenant's key and retention
    // without a log-retention Lambda.
    const logGroups = DATABASE_LOG_TYPES.map((logType) => new logs.LogGroup(this, `${logType}Logs`, {
      logGroupName: names.databaseLogGroup(logType),
      encryptionKey: key,
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    }));

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      instanceType: new ec2.InstanceType(config.databaseInstanceClass.replace(/^db\./, '')),
      instanceIdentifier: names.databaseInstanceIdentifier,
      vpc: base.vpc,
      subnetGroup: base.databaseSubnetGroup,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port: DATABASE_PORT,
      parameterGroup,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      databaseName: props.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_MASTER_USERNAME, {
        secretName: names.secret('database'),
        encryptionKey: key,
        excludeCharacters: DATABASE_PASSWORD_EXCLUDE_CHARACTERS,
      }),
      iamAuthentication: true,

      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: config.databaseMaxAllocatedStorageGiB,
      storageEncrypted: true,
      storageEncryptionKey: key,

      multiAz: config.databaseMultiAz,
      backupRetention: Duration.days(config.databaseBackupRetentionDays),
      deleteAutomatedBackups: false,
      copyTagsToSnapshot: true,
      deletionProtection: config.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,

      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      // RDS for PostgreSQL supports Performance Insights on every instance class (unlike MySQL and MariaDB, which
      // lack it on micro and small burstable classes), so every tier gets it; seven days of history are free.
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: DATABASE_LOG_TYPES,
    });
    const cfnInstance = this.instance.node.defaultChild as rds.CfnDBInstance;
    logGroups.forEach((logGroup) => cfnInstance.node.addDependency(logGroup));
    // Deletion and replacement both leave a final snapshot; stated again on the resource so that no default can
    // weaken it.
    cfnInstance.applyRemovalPolicy(RemovalPolicy.SNAPSHOT, { applyToUpdateReplacePolicy: true });

    this.secret = this.instance.secret!;
    // The master password opens every final snapshot, so it outlives the stack like the snapshot does.
    (this.instance.node.findChild('Secret') as rds.DatabaseSecret).applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);

    this.acknowledgeIntendedFindings(tier);

    // Rules name the port itself rather than the instance's endpoint port attribute, so that reviewers and
    // compliance checks see which port is open.
    const databasePort = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(DATABASE_PORT) });
    databasePort.allowDefaultPortFrom(props.serviceSecurityGroup, `Services of tenant ${names.tenantId}`);
    this.addRotation(names, databasePort);
  }

  /**
   * The rotation function runs in the private subnets: it reaches Secrets Manager through the NAT gateway and the
   * database through its own security group, the only source besides the services the database accepts.
   */
  private addRotation(names: TenantNames, databasePort: ec2.Connections): void {
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: this.instance.vpc,
      description: `Rotates the database password of tenant ${names.tenantId}`,
      allowAllOutbound: false,
    });
    rotationSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager API through NAT');
    // What DatabaseInstance.addRotationSingleUser() builds, with the database reached on its literal port.
    new secretsmanager.SecretRotation(this, 'Rotation', {
      application: secretsmanager.SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER,
      secret: this.secret,
      target: { connections: databasePort },
      vpc: this.instance.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: rotationSecurityGroup,
      automaticallyAfter: DATABASE_ROTATION_INTERVAL,
      excludeCharacters: DATABASE_PASSWORD_EXCLUDE_CHARACTERS,
    });
  }

  private acknowledgeIntendedFindings(tier: TenantTier): void {
    const config = tier.config;
    if (!config.databaseMultiAz) {
      const reason = `Tier '${tier.name}' runs a single-AZ database to keep its cost down: RDS replaces a failed instance on its storage, and the data can be restored from automated backups (point-in-time recovery for ${days(config.databaseBackupRetentionDays)}) or from the tenant's daily AWS Backup backups; a tier with databaseMultiAz runs a synchronous standby in a second Availability Zone.`;
      acknowledgeFinding(this.instance, ['awsSolutions'], 'RDS3', reason);
      acknowledgeFinding(this.instance, ['hipaa', 'nist'], 'RDSMultiAZSupport', reason);
    }
    if (!config.deletionProtection) {
      const reason = `Tier '${tier.name}' leaves deletion protection off so that its short-lived tenants can be offboarded without a manual step; CloudFormation still takes a final snapshot whenever it deletes or replaces the database, and automated backups are kept after deletion.`;
      acknowledgeFinding(this.instance, ['awsSolutions'], 'RDS10', reason);
      acknowledgeFinding(this.instance, ['hipaa', 'nist'], 'RDSInstanceDeletionProtectionEnabled', reason);
    }
    acknowledgeFinding(this.instance, ['awsSolutions'], 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]', 'AmazonRDSEnhancedMonitoringRole is the AWS-managed policy made for the enhanced-monitoring role: it only lets the RDS monitoring service write OS metrics to the RDSOSMetrics log group, and AWS keeps it current.');
  }
}

function days(count: number): string {
  return count === 1 ? '1 day' : `${count} days`;
}
