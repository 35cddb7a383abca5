/**
 * Values every test fixture shares. The fixtures of each area (test/base, test/tenant, ...) build their apps from
 * these, so that an environment means the same thing in every test.
 */

/** The certificate of the environments the tests build (imported by ARN: no lookup, no validation records). */
export const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** Account and Region of stacks that name them. */
export const TEST_ENV = { account: '123456789012', region: 'us-east-1' };

/** The application image of test tenants. */
export const IMAGE = 'public.ecr.aws/sociant/mate:1.0.0';
