import { createHash } from 'crypto';

/** ALB listener rule priorities run from 1 to 50000; the default rule has no number. */
export const MIN_LISTENER_RULE_PRIORITY = 1;
export const MAX_LISTENER_RULE_PRIORITY = 50_000;

/**
 * The default priority of a tenant's listener rule: a hash of its id, spread over every priority ALB accepts.
 *
 * It depends on the tenant id alone, so adding or removing other tenants never moves it, and deploying one tenant
 * never has to wait for another tenant's rule to move out of the way. Host-header rules of different tenants never
 * match the same request, so their order is irrelevant; only uniqueness matters, and `placeOnListener` checks it at
 * synth.
 */
export function defaultListenerRulePriority(tenantId: string): number {
  const digest = createHash('sha256').update(tenantId).digest();
  const range = MAX_LISTENER_RULE_PRIORITY - MIN_LISTENER_RULE_PRIORITY + 1;
  return MIN_LISTENER_RULE_PRIORITY + (digest.readUInt32BE(0) % range);
}
