import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';

/** Where the containers see the tenant's media files (Django's `MEDIA_ROOT`). */
export const MEDIA_PATH = '/app/media';

/**
 * The POSIX identity every file operation through the access point runs as, whatever user the container runs as,
 * so files written by Django and by Celery are readable by both.
 */
export const MEDIA_POSIX_ID = '1000';

export interface TenantFileSystemProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly key: kms.IKey;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
  readonly taskRole: iam.IRole;
}

/**
 * The tenant's EFS file system for the application's media files, in the environment's isolated subnets, and the
 * access point through which the containers mount it.
 *
 * Its policy admits only TLS connections through the access point, by IAM principals allowed to (the tenant's task
 * role); anonymous NFS clients are refused because the policy allows them nothing. The file system is backed up
 * daily by the tenant's AWS Backup plan and retained when the stack is deleted.
 */
export class TenantFileSystem extends Construct {
  public readonly fileSystem: efs.FileSystem;
  public readonly accessPoint: efs.AccessPoint;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly mediaPath: string = MEDIA_PATH;

  constructor(scope: Construct, id: string, props: TenantFileSystemProps) {
    super(scope, id);
    const { base, names } = props;
    // The mount targets keep the logical ids they have always had, whatever the app's feature flags: under
    // @aws-cdk/aws-efs:mountTargetOrderInsensitiveLogicalId (which `cdk init` turns on) they get new ones, and
    // CloudFormation would then create mount targets in subnets that already have one and fail.
    this.node.setContext(cxapi.EFS_MOUNTTARGET_ORDERINSENSITIVE_LOGICAL_ID, false);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: base.vpc,
      description: `EFS of tenant ${names.tenantId}: reachable only from the services of the tenant`,
      allowAllOutbound: false,
    });

    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: base.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroup: this.securityGroup,
      fileSystemName: names.fileSystem,
      encrypted: true,
      kmsKey: props.key,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      // Media files are written once and read rarely after their first weeks; infrequent access costs about a
      // twelfth, and a file moves back on its first read.
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      // The policy below grants nothing to anonymous clients, which is what refuses them. Left to its default, this
      // flag would add an allow for every principal instead.
      allowAnonymousAccess: true,
    });
    // The tenant's own backup plan (TenantBackup) backs it up daily; EFS's automatic backups would add a second copy
    // in the account's shared default vault. Stated, not left out: an update that only drops the property would leave
    // automatic backups of an existing file system on.
    (this.fileSystem.node.defaultChild as efs.CfnFileSystem).backupPolicy = { status: 'DISABLED' };
    this.fileSystem.connections.allowDefaultPortFrom(props.serviceSecurityGroup, `Services of tenant ${names.tenantId}`);

    this.accessPoint = this.fileSystem.addAccessPoint('AccessPoint', {
      path: `/${names.tenantId}/media`,
      posixUser: { uid: MEDIA_POSIX_ID, gid: MEDIA_POSIX_ID },
      createAcl: { ownerUid: MEDIA_POSIX_ID, ownerGid: MEDIA_POSIX_ID, permissions: '750' },
    });

    this.restrictToTlsThroughAccessPoint();
    this.grantMount(props.taskRole);
  }

  private restrictToTlsThroughAccessPoint(): void {
    // In a file system policy `*` is the file system itself; its ARN would make the file system depend on itself.
    const thisFileSystem = ['*'];
    const clientActions = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'];
    this.fileSystem.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyWithoutTls',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: clientActions,
      resources: thisFileSystem,
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    this.fileSystem.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyOutsideAccessPoint',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: clientActions,
      resources: thisFileSystem,
      // Naming the access point here would make the file system depend on its own access point; the file system has
      // only this one, so refusing mounts without any access point is the same rule.
      conditions: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } },
    }));
  }

  /** Mount and write through this tenant's access point; never root access, never another access point. */
  private grantMount(taskRole: iam.IRole): void {
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resources: [this.fileSystem.fileSystemArn],
      conditions: {
        StringEquals: { 'elasticfilesystem:AccessPointArn': this.accessPoint.accessPointArn },
        Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      },
    }));
  }
}
