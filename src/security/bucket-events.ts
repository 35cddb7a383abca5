import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Sends the bucket's object events (created, deleted, restored, ...) to EventBridge, so that operators can alert on or
 * audit changes to objects without the bucket knowing about any consumer (AWS Control Tower control CT.S3.PR.4).
 * Set on the CloudFormation resource itself: aws-cdk-lib's `eventBridgeEnabled` would deploy a Lambda-backed custom
 * resource for what CloudFormation supports natively.
 */
export function sendObjectEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
    eventBridgeConfiguration: { eventBridgeEnabled: true },
  };
}
