import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';
import type { Construct } from 'constructs';
import { acknowledgeFindings, COMPLIANCE_PACKS, ruleIds } from '../security/acknowledge-findings';
import { sendObjectEventsToEventBridge } from '../security/bucket-events';

/**
 * The bucket of the load balancer's access logs: S3-managed encryption (the only encryption ALB log delivery
 * supports), TLS only, versioned, retained, and emptied of logs older than `retention`.
 */
export function createAccessLogBucket(scope: Construct, id: string, retention: Duration): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    lifecycleRules: [{
      id: 'ExpireAccessLogs',
      expiration: retention,
      noncurrentVersionExpiration: Duration.days(30),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  sendObjectEventsToEventBridge(bucket);
  acknowledgeFindings(bucket, ruleIds(COMPLIANCE_PACKS, 'S3DefaultEncryptionKMS'),
    'Elastic Load Balancing delivers access logs only to buckets encrypted with S3-managed keys (SSE-S3); a KMS key would stop log delivery.');
  acknowledgeFindings(bucket, [...ruleIds(COMPLIANCE_PACKS, 'S3BucketLoggingEnabled'), ...ruleIds(['awsSolutions'], 'S1')],
    'This bucket is itself the destination of the load balancer\'s access logs; logging access to it would need another log bucket, and that one another.');
  acknowledgeFindings(bucket, ruleIds(COMPLIANCE_PACKS, 'S3BucketReplicationEnabled'),
    'Access logs are versioned and retained in the environment\'s Region; replicating them to another Region is a disaster-recovery decision of the operator, not of the platform.');
  return bucket;
}

/**
 * Sends the load balancer's access logs to `bucket`.
 *
 * CDK's `logAccessLogs` needs the stack's region to name the Elastic Load Balancing account that writes the logs.
 * In a stack without an explicit region the same bucket policy is written with that account looked up from a
 * CloudFormation mapping at deployment, so environment-agnostic stacks work in every Region that has such an account
 * (all Regions opened before August 2022); newer Regions deliver as the log-delivery service principal, which is
 * granted too.
 */
export function logAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket);
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', '');
  const logObjects = bucket.arnForObjects(`AWSLogs/${stack.account}/*`);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(`arn:${stack.partition}:iam::${stack.regionalFact(FactName.ELBV2_ACCOUNT)}:root`)],
    resources: [logObjects],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    resources: [logObjects],
  }));
  // The load balancer checks that it may write when the attribute is set, so the policy must exist first.
  const policy = bucket.policy;
  if (policy) {
    loadBalancer.node.addDependency(policy);
  }
}
