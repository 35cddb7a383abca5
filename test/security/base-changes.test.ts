import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { changesAnything, dataLosses, deployment } from './replacement-safety';
import type { MateBaseInfraProps } from '../../src/base';

/** Every base prop a user is likely to change once tenants run on the environment, and a change of it. */
const BASE_CHANGES: Array<[string, Partial<MateBaseInfraProps>]> = [
  ['alarmEmails', { alarmEmails: ['oncall@example.com', 'platform@example.com'] }],
  ['wafRateLimit', { wafRateLimit: 5000 }],
  ['maxImageCount', { maxImageCount: 50 }],
  ['logRetention', { logRetention: logs.RetentionDays.TWO_YEARS }],
  ['accessLogRetention', { accessLogRetention: Duration.days(400) }],
  ['sslPolicy', { sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }],
  ['loadBalancerDeletionProtection', { loadBalancerDeletionProtection: true }],
  ['natGateways', { natGateways: 2 }],
  ['dashboard', { dashboard: false }],
];

describe('changing the environment while tenants run on it', () => {
  const before = deployment();

  test.each(BASE_CHANGES)('(%s) replaces or removes no key, bucket or tenant data store', (_change, change) => {
    const after = deployment(change);
    expect(changesAnything(before, after)).toBe(true);
    expect(dataLosses(before, after)).toEqual([]);
  });
});
