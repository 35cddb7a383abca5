/**
 * Explicit listener-rule priorities for the tenants whose default priorities collide on one load balancer.
 *
 * A tenant's default priority is a hash of its id, and priorities need only be unique per load balancer's listener.
 * Among hundreds of tenants on one listener a few may collide; MATE then fails at synth naming `listenerRulePriority`,
 * and the user gives the later tenant a free priority. The benchmark does the same up front, so that each measured
 * synth is a clean, successful one. (Tenants `t0001`..`t0250` spread over three load balancers have no collision.)
 */
import { defaultListenerRulePriority, MAX_LISTENER_RULE_PRIORITY, MIN_LISTENER_RULE_PRIORITY } from '../../src/tenant/services/listener-priority';

/** What decides a tenant's rule priority and the listener it must be unique on. */
export interface PlacedTenant {
  readonly tenantId: string;
  readonly loadBalancerIndex: number;
}

/**
 * The explicit priority of every tenant (in `tenants` order) whose default priority an earlier tenant on the same load
 * balancer already holds; each is a number no tenant's default uses, so it cannot collide with a later tenant either.
 */
export function explicitListenerRulePriorities(tenants: readonly PlacedTenant[]): Map<string, number> {
  const defaults = tenants.map((tenant) => ({ ...tenant, priority: defaultListenerRulePriority(tenant.tenantId) }));
  const taken = new Set(defaults.map(({ priority }) => priority));
  const claimedPerListener = new Map<number, Set<number>>();
  const explicit = new Map<string, number>();
  let candidate = MIN_LISTENER_RULE_PRIORITY;
  for (const { tenantId, loadBalancerIndex, priority } of defaults) {
    const claimed = claimedPerListener.get(loadBalancerIndex) ?? new Set<number>();
    claimedPerListener.set(loadBalancerIndex, claimed);
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
