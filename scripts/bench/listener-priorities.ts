/**
 * Explicit listener-rule priorities for the tenants whose default priorities collide.
 *
 * A tenant's default priority is a hash of its id, so among hundreds of tenants a few collide (t0001..t0250 has
 * three pairs). MATE then fails at synth naming `listenerRulePriority`, and the user gives the later tenant a free
 * priority. The benchmark does the same up front, so that each measured synth is a clean, successful one.
 */
import { defaultListenerRulePriority, MAX_LISTENER_RULE_PRIORITY, MIN_LISTENER_RULE_PRIORITY } from '../../src/tenant/services/listener-priority';

/**
 * The explicit priority of every tenant (in `tenantIds` order) whose default priority an earlier tenant already
 * holds; each is a number no tenant's default uses, so it cannot collide with a later tenant either.
 */
export function explicitListenerRulePriorities(tenantIds: readonly string[]): Map<string, number> {
  const defaults = tenantIds.map((tenantId) => ({ tenantId, priority: defaultListenerRulePriority(tenantId) }));
  const taken = new Set(defaults.map(({ priority }) => priority));
  const claimed = new Set<number>();
  const explicit = new Map<string, number>();
  let candidate = MIN_LISTENER_RULE_PRIORITY;
  for (const { tenantId, priority } of defaults) {
    if (!claimed.has(priority)) {
      claimed.add(priority);
      continue;
    }
    while (taken.has(candidate) || claimed.has(candidate)) {
      candidate++;
    }
    if (candidate > MAX_LISTENER_RULE_PRIORITY) {
      throw new Error(`no free listener rule priority left for tenant '${tenantId}'`);
    }
    claimed.add(candidate);
    explicit.set(tenantId, candidate);
  }
  return explicit;
}
