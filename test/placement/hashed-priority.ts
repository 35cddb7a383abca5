import { createHash } from 'crypto';
import { MAX_LISTENER_RULE_PRIORITY, MIN_LISTENER_RULE_PRIORITY } from '../../src/tenant/services/listener-priority';

/**
 * The listener-rule priority earlier versions gave a tenant that did not pin one: a hash of its id over 1..50000.
 * Kept for the tests that show why it was replaced by placement at deployment: ids such as `c10` and `c14` collide,
 * and tenants of separate apps never saw each other's. Tenants deployed with it keep their rule (the placement
 * function adopts it by host name).
 */
export function hashedListenerRulePriority(tenantId: string): number {
  const digest = createHash('sha256').update(tenantId).digest();
  const range = MAX_LISTENER_RULE_PRIORITY - MIN_LISTENER_RULE_PRIORITY + 1;
  return MIN_LISTENER_RULE_PRIORITY + (digest.readUInt32BE(0) % range);
}
