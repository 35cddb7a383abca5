import { createHash } from 'crypto';

/**
 * The account, Region and partition every synthesized template is resolved in. Environment-agnostic stacks (the
 * demo's) and stacks with an explicit env (the two-tenant app's) resolve to the same values, so the ARNs of one stack
 * agree with those another stack builds from pseudo parameters.
 */
export const EXAMPLE = {
  account: '123456789012',
  region: 'us-east-1',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
} as const;

/** A stable hexadecimal string derived from `seed`, for ids AWS would generate (fs-..., sg-..., key ids). */
export function exampleHex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** `arn:aws:<service>:<region>:<account>:<resource>`, with an empty Region or account where `service` has none. */
export function exampleArn(service: string, resource: string,
  { region = EXAMPLE.region as string, account = EXAMPLE.account as string } = {}): string {
  return `arn:${EXAMPLE.partition}:${service}:${region}:${account}:${resource}`;
}
