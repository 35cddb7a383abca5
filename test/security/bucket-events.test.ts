import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createTenant } from '../fixtures';

describe('buckets', () => {
  const { base: environment, template } = createTenant();
  const base = Template.fromStack(Stack.of(environment));

  test.each([
    ['the environment', base, 1],
    ['a tenant', template, 2],
  ])('of %s send their object events to EventBridge natively, without a notification Lambda', (_name, checked, buckets) => {
    const all = Object.values(checked.findResources('AWS::S3::Bucket'));
    expect(all).toHaveLength(buckets);
    for (const bucket of all) {
      expect(bucket.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    }
    checked.resourceCountIs('Custom::S3BucketNotifications', 0);
  });
});
