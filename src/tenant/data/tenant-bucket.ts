import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { TenantNames } from '../../naming';
import { acknowledgeFinding } from '../../security/acknowledge-findings';
import { sendObjectEventsToEventBridge } from '../../security/bucket-events';

/** How long overwritten or deleted objects stay recoverable. */
export const NONCURRENT_VERSION_RETENTION = Duration.days(90);

/** How long an unfinished multipart upload may occupy storage. */
export const INCOMPLETE_UPLOAD_RETENTION = Duration.days(7);

/** How long server access logs are kept: a year covers audits of access to tenant data. */
export const ACCESS_LOG_RETENTION = Duration.days(365);

export interface TenantBucketProps {
  readonly names: TenantNames;
  readonly key: kms.IKey;
  readonly taskRole: iam.IRole;
}

/**
 * The tenant's data bucket `<prefix>-<tenant>-<env>-data` and the bucket receiving its server access logs.
 *
 * Both are retained when the stack is deleted and never emptied automatically. Server access logs cannot be written
 * to a KMS-encrypted bucket, so the log bucket uses S3-managed keys; it holds request metadata, never tenant data.
 */
export class TenantBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: TenantBucketProps) {
    super(scope, id);
    const { names } = props;

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      bucketName: names.accessLogBucket,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      lifecycleRules: [{
        id: 'expire-access-logs',
        expiration: ACCESS_LOG_RETENTION,
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: INCOMPLETE_UPLOAD_RETENTION,
      }],
    });

    this.bucket = new s3.Bucket(this, 'Data', {
      bucketName: names.bucket,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      // One data key per bucket instead of one KMS call per object: cheaper, and fewer KMS requests to throttle.
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      lifecycleRules: [{
        id: 'expire-old-versions-and-uploads',
        noncurrentVersionExpiration: NONCURRENT_VERSION_RETENTION,
        abortIncompleteMultipartUploadAfter: INCOMPLETE_UPLOAD_RETENTION,
      }],
    });

    this.logAccessTo(this.accessLogBucket, `${names.bucket}/`);
    sendObjectEventsToEventBridge(this.bucket);
    sendObjectEventsToEventBridge(this.accessLogBucket);
    this.acknowledgeIntendedFindings();

    this.grantObjectAccess(props.taskRole, props.key);
  }

  /**
   * What the application's storage backend (django-storages) needs, written out instead of `grantReadWrite()` so that
   * no action is a wildcard: list and locate this bucket; read, write and delete its objects, multipart uploads
   * included; and use the key only through S3. No bucket administration, no ACLs (object ownership is enforced).
   */
  private grantObjectAccess(taskRole: iam.IRole, key: kms.IKey): void {
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ListTenantBucket',
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: [this.bucket.bucketArn],
    }));
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadWriteTenantObjects',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [this.bucket.arnForObjects('*')],
    }));
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'UseTenantKeyThroughS3',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.${Stack.of(this).urlSuffix}` } },
    }));
    const bucketLogicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    acknowledgeFinding(taskRole, ['awsSolutions'], `IAM5[Resource::<${bucketLogicalId}.Arn>/*]`, 'S3 names objects by key, so object permissions need a key wildcard; it is confined to this tenant\'s own bucket, and the actions are listed one by one.');
  }

  /**
   * Server access logging with a bucket policy for the S3 logging service, limited to this bucket and account. CDK's
   * `serverAccessLogsBucket` would grant it through a bucket ACL instead unless the app enables a feature flag, and
   * ACLs are disabled on the log bucket.
   */
  private logAccessTo(logBucket: s3.Bucket, prefix: string): void {
    (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: logBucket.bucketName,
      logFilePrefix: prefix,
    };
    logBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowServerAccessLogs',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logBucket.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': this.bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      },
    }));
  }

  private acknowledgeIntendedFindings(): void {
    const replication = 'Cross-region replication needs a second region and a destination bucket the operator chooses for disaster recovery; within the region the bucket is versioned, retained when the stack is deleted and its old versions kept for 90 days.';
    acknowledgeFinding(this.bucket, ['hipaa', 'nist', 'pci'], 'S3BucketReplicationEnabled', replication);
    acknowledgeFinding(this.accessLogBucket, ['hipaa', 'nist', 'pci'], 'S3BucketReplicationEnabled', replication);
    acknowledgeFinding(this.accessLogBucket, ['hipaa', 'nist', 'pci'], 'S3DefaultEncryptionKMS', 'S3 server access logging cannot deliver to a bucket whose default encryption is SSE-KMS, so the log bucket uses S3-managed keys; it holds request metadata, never tenant data, and refuses requests without TLS.');
    acknowledgeFinding(this.accessLogBucket, ['awsSolutions'], 'S1', 'This is the access-log bucket itself; logging its own access would need a further bucket, endlessly.');
    acknowledgeFinding(this.accessLogBucket, ['hipaa', 'nist', 'pci'], 'S3BucketLoggingEnabled', 'This is the access-log bucket itself; logging its own access would need a further bucket, endlessly.');
  }
}
