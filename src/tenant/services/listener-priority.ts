import { TENANTS_PER_LOAD_BALANCER } from '../../base/load-balancer-quotas';

/** ALB listener rule priorities run from 1 to 50000; the default rule has no number. */
export const MIN_LISTENER_RULE_PRIORITY = 1;
export const MAX_LISTENER_RULE_PRIORITY = 50_000;

/**
 * The highest priority a tenant may pin: the environment's placement function hands out the top
 * TENANTS_PER_LOAD_BALANCER (49901 to 50000), and tenants of other apps are not seen at synth, so a pin there could
 * take a priority the function already gave another tenant, and fail at deployment.
 */
export const MAX_PINNED_LISTENER_RULE_PRIORITY = MAX_LISTENER_RULE_PRIORITY - TENANTS_PER_LOAD_BALANCER;
