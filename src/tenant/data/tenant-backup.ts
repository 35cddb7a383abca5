import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as efs from 'aws-cdk-lib/aws-efs';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { TenantNames } from '../../naming';
import { acknowledgeFinding } from '../../security/acknowledge-findings';

/** How long the tenant's daily backups are kept: the longest RDS allows for automated backups, whatever the tier. */
export const BACKUP_RETENTION = Duration.days(35);

export interface TenantBackupProps {
  readonly names: TenantNames;
  readonly key: kms.IKey;
  readonly database: rds.IDatabaseInstance;
  readonly fileSystem: efs.IFileSystem;
}

/**
 * The tenant's AWS Backup plan: a daily backup of its database and its media file system, kept 35 days in a vault of
 * its own, encrypted with the tenant's key.
 *
 * This adds to the database's automated backups (point-in-time recovery for the tier's retention) a copy AWS Backup
 * manages, restorable after the database is gone, and replaces EFS's automatic backups, which would go to the
 * account's shared default vault. The vault outlives the stack, and its policy refuses to delete recovery points or
 * change their lifecycle before they expire; destroying the tenant's own key is what makes them unreadable at
 * offboarding (crypto-shredding).
 */
export class TenantBackup extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: TenantBackupProps) {
    super(scope, id);
    const { names } = props;

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: names.backupVault,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      blockRecoveryPointDeletion: true,
    });

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: names.backupPlan,
      backupVault: this.vault,
      backupPlanRules: [new backup.BackupPlanRule({
        ruleName: 'Daily',
        // 05:00 UTC, the hour of AWS Backup's own daily rule; within an hour, done within eight.
        scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: BACKUP_RETENTION,
      })],
    });
    // The ARNs are written with the AWS::Partition reference, as aws-cdk-lib writes them without feature flags:
    // under @aws-cdk/core:enablePartitionLiterals (which `cdk init` turns on) the partition becomes a literal, and the
    // selection, which CloudFormation can only replace, would be replaced for an ARN that did not change.
    const stack = Stack.of(this);
    const arn = (service: string, resource: string) => `arn:${Aws.PARTITION}:${service}:${stack.region}:${stack.account}:${resource}`;
    const selection = this.plan.addSelection('DataStores', {
      resources: [
        backup.BackupResource.fromArn(arn('rds', `db:${props.database.instanceIdentifier}`)),
        backup.BackupResource.fromArn(arn('elasticfilesystem', `file-system/${props.fileSystem.fileSystemId}`)),
      ],
      allowRestores: false,
    });
    acknowledgeFinding(selection, ['awsSolutions'], 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWSBackupServiceRolePolicyForBackup is the AWS-managed policy made for the role AWS Backup assumes to back up the selected resources; AWS keeps it current as services change, and the role is assumable by AWS Backup only.');
  }
}
