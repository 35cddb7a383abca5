import type { IConstruct } from 'constructs';
import { MIN_LISTENER_RULE_PRIORITY, MAX_PINNED_LISTENER_RULE_PRIORITY } from './listener-priority';
import { TENANTS_PER_LOAD_BALANCER } from '../../base/load-balancer-quotas';
import type { IMateBase } from '../../base/mate-base';
import { EnvironmentNames } from '../../naming';
import { AppRegistry } from '../../private/app-registry';

/** A tenant's claim to a place on one load balancer of its environment. */
export interface ListenerPlacementClaim {
  readonly base: IMateBase;
  readonly tenantId: string;
  readonly loadBalancerIndex: number;
  /** The tenant's `listenerRulePriority`: only tenants that pin it are placed at synthesis. */
  readonly priority: number;
}

/**
 * Places `tenant` on load balancer `claim.loadBalancerIndex` with a rule of `claim.priority`, or returns what stops
 * it: the load balancer already holds as many tenants as it can take, or another tenant of the app holds the
 * priority on that listener. Both would otherwise fail only at deployment, after the tenant's data stores exist.
 *
 * Tenants defined in other apps are not seen; their conflicts still fail at deployment.
 */
export function placeOnListener(tenant: IConstruct, claim: ListenerPlacementClaim): string[] {
  // Which tenant holds each priority on each listener of the app. Every tenant holds exactly one rule and one target
  // group on its load balancer, so the number of holders is also the load balancer's count of tenant target groups.
  const listeners = AppRegistry.of(tenant).listenerRules;
  const { base, tenantId, loadBalancerIndex } = claim;
  const keyOf = (index: number) => `${base.prefix}/${base.environment}/${index}`;
  const holdersOf = (index: number) => listeners.get(keyOf(index)) ?? new Map<number, string>();
  const holders = holdersOf(loadBalancerIndex);
  const loadBalancerName = new EnvironmentNames(base.prefix, base.environment).loadBalancer(loadBalancerIndex);

  const problems: string[] = [];
  if (holders.size >= TENANTS_PER_LOAD_BALANCER) {
    const withRoom = base.loadBalancers
      .map((_, index) => ({ index, free: TENANTS_PER_LOAD_BALANCER - holdersOf(index).size }))
      .filter(({ free }) => free > 0);
    const fix = withRoom.length > 0
      ? `set loadBalancerIndex of tenant '${tenantId}' to a load balancer with room (${withRoom.map(({ index, free }) => `${index}: ${free} free`).join(', ')})`
      : `raise loadBalancers of environment '${base.environment}' (now ${base.loadBalancers.length}) and set loadBalancerIndex of tenant '${tenantId}' to the new load balancer, ${base.loadBalancers.length}`;
    problems.push(`loadBalancerIndex: load balancer ${loadBalancerIndex} ('${loadBalancerName}') of environment '${base.environment}' already serves ${holders.size} tenants, the most one takes (an Application Load Balancer holds at most ${TENANTS_PER_LOAD_BALANCER} target groups); ${fix}`);
  }
  const holder = holders.get(claim.priority);
  if (holder !== undefined) {
    problems.push(`listenerRulePriority: listenerRulePriority is ${claim.priority}, which tenant '${holder}' already uses on the HTTPS listener of load balancer '${loadBalancerName}' (environment '${base.environment}'); set listenerRulePriority of tenant '${tenantId}' to a free number from ${MIN_LISTENER_RULE_PRIORITY} to ${MAX_PINNED_LISTENER_RULE_PRIORITY}`);
  }
  if (problems.length === 0) {
    holders.set(claim.priority, tenantId);
    listeners.set(keyOf(loadBalancerIndex), holders);
  }
  return problems;
}
