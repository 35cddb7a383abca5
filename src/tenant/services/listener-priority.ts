import { createHash } from 'crypto';
import type { IConstruct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';

/** ALB listener rule priorities run from 1 to 50000; the default rule has no number. */
export const MIN_LISTENER_RULE_PRIORITY = 1;
export const MAX_LISTENER_RULE_PRIORITY = 50_000;

/**
 * The default priority of a tenant's listener rule: a hash of its id, spread over every priority ALB accepts.
 *
 * It depends on the tenant id alone, so adding or removing other tenants never moves it, and deploying one tenant
 * never has to wait for another tenant's rule to move out of the way. Host-header rules of different tenants never
 * match the same request, so their order is irrelevant; only uniqueness matters, and `registerListenerRulePriority`
 * checks it at synth.
 */
export function defaultListenerRulePriority(tenantId: string): number {
  const digest = createHash('sha256').update(tenantId).digest();
  const range = MAX_LISTENER_RULE_PRIORITY - MIN_LISTENER_RULE_PRIORITY + 1;
  return MIN_LISTENER_RULE_PRIORITY + (digest.readUInt32BE(0) % range);
}

/** Which tenant holds each priority, per app and environment (one HTTPS listener per environment). */
const prioritiesByApp = new WeakMap<IConstruct, Map<string, Map<number, string>>>();

/** A tenant's claim to a priority on its environment's listener. */
export interface ListenerRulePriorityClaim {
  readonly base: IMateBase;
  readonly tenantId: string;
  readonly priority: number;
  /** Whether `listenerRulePriority` was given, so the error can say which tenant to change. */
  readonly explicit: boolean;
}

/**
 * Records that `tenant` uses `claim.priority` on its environment's listener, or returns the problem when another
 * tenant of the same app already does: the load balancer rejects the second rule at deploy time, long after synth.
 */
export function registerListenerRulePriority(tenant: IConstruct, claim: ListenerRulePriorityClaim): string | undefined {
  const root = tenant.node.root;
  const environments = prioritiesByApp.get(root) ?? new Map<string, Map<number, string>>();
  prioritiesByApp.set(root, environments);
  const environmentKey = `${claim.base.prefix}/${claim.base.environment}`;
  const holders = environments.get(environmentKey) ?? new Map<number, string>();
  environments.set(environmentKey, holders);

  const holder = holders.get(claim.priority);
  if (holder !== undefined) {
    const origin = claim.explicit ? 'listenerRulePriority' : `the priority derived from tenantId '${claim.tenantId}'`;
    return `listenerRulePriority: ${origin} is ${claim.priority}, which tenant '${holder}' already uses on the HTTPS listener of environment '${claim.base.environment}'; set listenerRulePriority of tenant '${claim.tenantId}' to a free number from ${MIN_LISTENER_RULE_PRIORITY} to ${MAX_LISTENER_RULE_PRIORITY}`;
  }
  holders.set(claim.priority, claim.tenantId);
  return undefined;
}
