/**
 * The tenants both benchmark apps build: ids, tiers and load balancer placement, so the two apps are compared on
 * the same mix.
 */

import { TENANTS_PER_LOAD_BALANCER } from '../../src/base/load-balancer-quotas';

/** The tier names, cycled by tenant index: every app of at least three tenants has each tier. */
export const TIER_NAMES = ['trial', 'standard', 'enterprise'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** One tenant of a benchmark app. */
export interface ScaleTenant {
  /** 0-based position of the tenant in the app. */
  readonly index: number;
  /** `t0001`, `t0002`, ... */
  readonly tenantId: string;
  readonly tierName: TierName;
  /** Which of the environment's load balancers serves the tenant. */
  readonly loadBalancerIndex: number;
}

/** How many load balancers an environment of `tenantCount` tenants needs. */
export function loadBalancerCount(tenantCount: number): number {
  return Math.max(1, Math.ceil(tenantCount / TENANTS_PER_LOAD_BALANCER));
}

/** The `tenantCount` tenants of a benchmark app, spread round-robin over its load balancers. */
export function scaleTenants(tenantCount: number): ScaleTenant[] {
  const loadBalancers = loadBalancerCount(tenantCount);
  return Array.from({ length: tenantCount }, (_, index) => ({
    index,
    tenantId: `t${String(index + 1).padStart(4, '0')}`,
    tierName: TIER_NAMES[index % TIER_NAMES.length],
    loadBalancerIndex: index % loadBalancers,
  }));
}
