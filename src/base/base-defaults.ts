import * as logs from 'aws-cdk-lib/aws-logs';

/** Defaults shared by `MateBaseInfra` and its imports, which must agree with each other. */
export const BASE_DEFAULTS = {
  applicationPort: 8000,
  maxAzs: 2,
  natGateways: 1,
  vpcCidr: '10.0.0.0/16',
  loadBalancers: 1,
  wafRateLimit: 2000,
  maxImageCount: 100,
  untaggedImageExpiryDays: 7,
  accessLogRetentionDays: 365,
  logRetention: logs.RetentionDays.ONE_YEAR,
} as const;

/** Environments meant to be torn down, whose load balancer is not protected from deletion by default. */
export const DISPOSABLE_ENVIRONMENTS: readonly string[] = ['dev', 'test', 'sandbox'];
